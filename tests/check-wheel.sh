#!/bin/sh
# pip, as a user runs it, in fresh virtual environments (Debian: python3-venv,
# python3-mesonpy, patchelf), from a copy of the source outside the checkout:
#  1. `pip install .`: meson-python builds a wheel that carries the library;
#     the installed package loads that copy and says the project's version;
#  2. `pip install bindings/python`: the binding alone, versioned from
#     meson.build; without a library its import error says how to fix it.
# usage: check-wheel.sh SOURCE_DIR PYTHON EXPECTED_VERSION
set -eu
src=$1 python=$2 want=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$python" -c 'import mesonpy' 2>/dev/null || { echo "SKIP: python3-mesonpy is not installed"; exit 77; }
command -v patchelf >/dev/null || { echo "SKIP: patchelf is not installed"; exit 77; }

copy=$tmp/src-copy
mkdir "$copy"
tar -C "$src" --exclude='./build*' --exclude='./.mesonpy*' --exclude='./.git' --exclude='*.egg-info' \
  -cf - . | tar -xf - -C "$copy"
cd "$tmp"
unset YIGONGTI_LIBRARY LD_LIBRARY_PATH PYTHONPATH

"$python" -m venv --system-site-packages "$tmp/wheel-env"
"$tmp/wheel-env/bin/pip" install -q --no-build-isolation --no-index "$copy" || fail "pip install ."
out=$("$tmp/wheel-env/bin/python" -c 'import yigongti, yigongti._lib as l; print(yigongti.version(), l.lib._name)')
echo "wheel: $out"
case $out in "$want $tmp/wheel-env/"*) ;; *) fail "the wheel did not load its own library $want" ;; esac
[ "$("$tmp/wheel-env/bin/yigongti" --version)" = "libyigongti $want" ] || fail "the yigongti script"
"$tmp/wheel-env/bin/pip" show yigongti | grep -qx "Version: $want" || fail "the wheel's version is not $want"

"$python" -m venv --system-site-packages "$tmp/binding-env"
"$tmp/binding-env/bin/pip" install -q --no-build-isolation --no-index "$copy/bindings/python" ||
  fail "pip install bindings/python"
"$tmp/binding-env/bin/pip" show yigongti | grep -qx "Version: $want" || fail "the binding's version is not $want"
if err=$("$tmp/binding-env/bin/python" -c 'import yigongti' 2>&1); then
  echo "note: the system has a libyigongti; the binding found it"
else
  echo "$err" | grep -q "To fix: install it" || fail "the import error does not say how to fix it: $err"
fi
echo "pip install . and pip install bindings/python work; both are version $want"
