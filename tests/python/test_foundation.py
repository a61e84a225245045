"""The Python binding's foundation: loading, version, errors, command line."""
import os
import subprocess
import sys

import pytest

import yigongti
from yigongti import errors

EXPECTED = os.environ.get("YGT_EXPECTED_VERSION", "0.2.0")


def test_version_matches_build():
    assert yigongti.version() == EXPECTED
    major, minor, patch = yigongti.version_info()
    assert yigongti.version_number() == major * 10000 + minor * 100 + patch
    assert "%d.%d.%d" % (major, minor, patch) == EXPECTED


def test_error_names_and_descriptions():
    assert yigongti.error_name(-1) == "YGT_ENOMEM"
    assert yigongti.error_name(-5) == "YGT_EVALIDATE"
    assert yigongti.error_name(99) == "YGT_EUNKNOWN"
    assert yigongti.strerror(-3) == "input/output error"


def test_every_code_has_its_own_exception_class():
    for code in range(-1, -15, -1):
        exc = yigongti.last_error(code)
        assert type(exc) is not yigongti.YgtError
        assert type(exc).code == code
        assert exc.name == yigongti.error_name(code)


def test_check_raises_with_c_message():
    set_alloc = errors.fn("ygt_set_allocator", errors.ctypes.c_int,
                          *[errors.ctypes.c_void_p] * 4)
    # Only one of the three functions: the C library refuses with EINVAL.
    with pytest.raises(yigongti.InvalidArgumentError) as info:
        yigongti.check(set_alloc(1, None, None, None))
    assert info.value.code == -2
    assert info.value.name == "YGT_EINVAL"
    assert "all three" in info.value.message
    assert isinstance(info.value, ValueError)


def test_check_passes_success_through():
    assert yigongti.check(0) == 0
    assert yigongti.check(5) == 5


def test_clear_error():
    yigongti.clear_error()
    exc = yigongti.last_error()
    assert exc.code == 0 and exc.message == "success"


def test_reset_allocator_and_blocks():
    yigongti.reset_allocator()
    assert yigongti.allocated_blocks() == 0


def test_bundle_paths_stay_in_the_bundle(tmp_path):
    (tmp_path / "model.json").write_text('{"format": "yigongti.model", "tables": {"institutions": "/etc/passwd"}}')
    assert yigongti.outside_paths() is False
    with pytest.raises(yigongti.ValidationError) as exc:
        yigongti.Model.load(str(tmp_path))
    assert exc.value.field == "tables.institutions" and "leaves the bundle's directory" in exc.value.message
    assert yigongti.set_outside_paths(True) is False
    try:
        with pytest.raises(yigongti.ParseError):  # followed now: /etc/passwd is no institution table
            yigongti.Model.load(str(tmp_path))
    finally:
        assert yigongti.set_outside_paths(False) is True


def test_fifo_and_directory_are_not_files(tmp_path):
    os.mkfifo(tmp_path / "model.json")
    with pytest.raises(yigongti.YgtIOError, match="not a regular file"):
        yigongti.Model.load(str(tmp_path))


def test_command_line_version():
    out = subprocess.run([sys.executable, "-m", "yigongti", "--version"],
                         check=True, capture_output=True, text=True).stdout
    assert out.strip() == "libyigongti " + EXPECTED


def test_command_line_without_command_prints_help():
    run = subprocess.run([sys.executable, "-m", "yigongti"],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "usage" in run.stdout


def test_library_path_from_environment(tmp_path):
    env = dict(os.environ, YIGONGTI_LIBRARY=str(tmp_path / "missing.so"))
    run = subprocess.run([sys.executable, "-c", "import yigongti"],
                         capture_output=True, text=True, env=env)
    assert run.returncode != 0
    assert "YIGONGTI_LIBRARY" in run.stderr


def test_every_module_is_installed():
    """bindings/python/meson.build lists the package's modules one by one: a module left out is missing from
    `meson install` and the wheel (scheme_export.py was, until the settle trace)."""
    from pathlib import Path
    pkg = Path(yigongti.__file__).resolve().parent
    listed = (pkg.parent / "meson.build").read_text(encoding="utf-8")
    missing = [p.name for p in sorted(pkg.glob("*.py")) if "'yigongti/%s'" % p.name not in listed]
    assert not missing, "not in bindings/python/meson.build: %s" % missing
