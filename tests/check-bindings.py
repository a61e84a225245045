"""Every public C function (each name of src/libyigongti.sym) is bound in a
binding or listed C only for it in doc/bindings-c-only.tsv, so that a new
function cannot be forgotten by the bindings.  The Lua side: the function is
named in the code (not the comments) of bindings/lua/*.c.  The Python side
(tests/python/test_bindings_cover.py) imports this file and passes the names
the package declared through ``_lib.fn``.

usage: check-bindings.py lua SYMBOL_MAP C_ONLY_TSV LUA_SOURCE_DIR"""
import re
import sys
from pathlib import Path

BINDINGS = ("python", "lua")


def exported(sym_path):
    """Every function name of the linker version script."""
    return set(re.findall(r"^\s+(ygt_\w+);", Path(sym_path).read_text(encoding="utf-8"), re.M))


def c_only(tsv_path, binding):
    """{function: reason} of the rows of the C-only list for one binding;
    raises ValueError naming the line of a malformed row."""
    rows = {}
    lines = Path(tsv_path).read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "function\tbinding\treason":
        raise ValueError("%s:1: header must be function<TAB>binding<TAB>reason" % tsv_path)
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != 3 or cells[1] not in BINDINGS + ("both",) or not cells[2].strip():
            raise ValueError("%s:%d: want function, python|lua|both and a reason" % (tsv_path, number))
        if cells[1] in (binding, "both"):
            rows[cells[0]] = cells[2]
    return rows


def lua_named(src_dir):
    """Every ygt_ word in the code of the Lua binding's C files, comments left out."""
    names = set()
    for path in Path(src_dir).glob("*.c"):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", " ", path.read_text(encoding="utf-8"), flags=re.S)
        names.update(re.findall(r"\bygt_\w+", code))
    return names


def problems(binding, public, named, listed):
    """Messages for each public function neither bound nor listed, and each
    listed one that is unknown or bound after all (the list must not go stale)."""
    out = ["%s: not bound in %s and not listed C only" % (f, binding)
           for f in sorted(public - named - set(listed))]
    out += ["%s: listed C only for %s but not in the symbol map" % (f, binding) for f in sorted(set(listed) - public)]
    out += ["%s: listed C only for %s but bound there" % (f, binding) for f in sorted(set(listed) & named)]
    return out


def main(binding, sym_path, tsv_path, src_dir):
    if binding != "lua":
        print("only the Lua binding is checked from here (Python: tests/python/test_bindings_cover.py)")
        return 2
    found = problems(binding, exported(sym_path), lua_named(src_dir), c_only(tsv_path, binding))
    for line in found:
        print(line)
    print("%d public functions, %d problems" % (len(exported(sym_path)), len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
