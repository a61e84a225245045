"""The binding's version is the library's: read from the project() call of the
checkout's meson.build (pip builds in place), or from PKG-INFO in an sdist."""
import re
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent


def version():
    meson = HERE.parents[1] / "meson.build"
    if meson.exists():
        found = re.search(r"project\([^)]*?version\s*:\s*'([^']+)'", meson.read_text(), re.S)
        if found:
            return found.group(1)
    pkg_info = HERE / "PKG-INFO"
    if pkg_info.exists():
        found = re.search(r"^Version: (.+)$", pkg_info.read_text(), re.M)
        if found:
            return found.group(1)
    raise SystemExit("yigongti: no version: build from a checkout (meson.build) or an sdist (PKG-INFO)")


setup(version=version())
