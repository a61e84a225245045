"""Every public C function is declared by the Python binding or listed C only
for it in doc/bindings-c-only.tsv (tests/check-bindings.py has the rules)."""
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import yigongti
from yigongti import _lib

ROOT = Path(__file__).resolve().parents[2]


def _checker():
    spec = importlib.util.spec_from_file_location("check_bindings", ROOT / "tests" / "check-bindings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _declared():
    """The C functions the package declares once every module is imported."""
    for module in pkgutil.iter_modules(yigongti.__path__):
        if module.name != "__main__":  # runs the command line
            importlib.import_module("yigongti." + module.name)
    return set(_lib.declared)


def test_every_public_function_is_bound_or_listed_c_only():
    check = _checker()
    public = check.exported(ROOT / "src" / "libyigongti.sym")
    listed = check.c_only(ROOT / "doc" / "bindings-c-only.tsv", "python")
    found = check.problems("python", public, _declared(), listed)
    assert not found, "\n".join(found)


def test_the_check_names_an_unbound_function():
    check = _checker()
    found = check.problems("python", {"ygt_a", "ygt_b", "ygt_c", "ygt_scheme_result_x"}, {"ygt_a", "ygt_c"},
                           {"ygt_c": "why", "ygt_d": "gone"})
    assert found == ["ygt_b: not bound in python and not listed C only",
                     "ygt_scheme_result_x: not bound in python and not listed C only",
                     "ygt_d: listed C only for python but not in the symbol map",
                     "ygt_c: listed C only for python but bound there"]


def test_name_tables_are_read_from_c():
    """The name lists once copied in Python now come from the C name functions."""
    import ctypes
    from yigongti import budget, county, dip, score
    tier_label = _lib.fn("ygt_tier_label", ctypes.c_char_p, ctypes.c_int)
    assert _lib.names(tier_label) == ["村级", "乡镇级", "县级", "市级", "省级", "省外"]  # model.h, UTF-8
    assert county.SETTINGS == score.SETTINGS == ["outpatient", "inpatient", "day_surgery"]
    assert county.PHASES == ["acute", "stable_chronic", "recovery", "post_operative"]
    assert budget.INSURANCES == ["employee", "resident"]
    field_name = _lib.fn("ygt_settle_field_name", ctypes.c_char_p, ctypes.c_int)
    assert dip.FIELDS[0] == "cases" and dip.FIELDS[-1] == "budget_fund" and field_name(len(dip.FIELDS)) is None
