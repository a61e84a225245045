#!/bin/sh
# Installs the build into a staging prefix and uses it from outside the
# checkout with nothing but the prefix's standard paths: the Python package
# (PYTHONPATH = its site directory) and the Lua module (LUA_CPATH = its
# directory) must each find the staged library by themselves, and share/ must
# hold the examples, the documentation and the man page.
# With SOURCE_DIR, a fresh build of it is configured with --prefix=<temporary
# directory> and installed there for real (minutes: the library is compiled
# again) instead of staging BUILD_DIR with --destdir.
# usage: check-install-bindings.sh BUILD_DIR PYTHON LUA EXPECTED_VERSION [SOURCE_DIR]
set -eu
build=$1 python=$2 lua=$3 want=$4 source=${5:-}
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

if [ -n "$source" ]; then
  meson setup "$stage/build" "$source" --prefix="$stage/prefix" -Dtests=false -Ddocs=disabled \
    -Dpython="$python" >/dev/null
  meson compile -C "$stage/build" >/dev/null
  meson install -C "$stage/build" --quiet >/dev/null
  rm -rf "$stage/build"   # nothing of the build tree may be left to fall back on
else
  meson install -C "$build" --destdir "$stage" --no-rebuild --quiet >/dev/null
fi
init=$(find "$stage" -path '*-packages/yigongti/__init__.py' | head -n 1)
[ -n "$init" ] || fail "the Python package was not installed"
site=$(dirname "$(dirname "$init")")
share=$(find "$stage" -type d -path '*/share/yigongti/examples' | head -n 1)
[ -n "$share" ] || fail "share/yigongti/examples was not installed"
[ -n "$(find "$stage" -path '*/man1/yigongti.1')" ] || fail "the man page was not installed"
[ -n "$(find "$stage" -path '*/share/doc/yigongti/CHANGELOG.md')" ] || fail "CHANGELOG.md was not installed"

cd "$stage"   # outside the checkout: no build/ tree to fall back on
unset YIGONGTI_LIBRARY LD_LIBRARY_PATH LUA_CPATH LUA_PATH PYTHONPATH
out=$(PYTHONPATH=$site "$python" -c 'import yigongti, yigongti._lib as l; print(yigongti.version(), l.lib._name)')
echo "python: $out"
case $out in "$want $stage"/*) ;; *) fail "python did not load $want from the staged prefix" ;; esac
PYTHONPATH=$site "$python" -m yigongti model check "$share/data/zhuhai" >/dev/null ||
  fail "python3 -m yigongti model check on the installed examples"

if [ "$lua" != none ]; then
  mod=$(find "$stage" -path '*/lua/5.4/yigongti.so' | head -n 1)
  [ -n "$mod" ] || fail "the Lua module was not installed"
  out=$(LUA_CPATH="$(dirname "$mod")/?.so" "$lua" -e 'print(require("yigongti").version())')
  echo "lua: $out"
  [ "$out" = "$want" ] || fail "lua did not load $want from the staged prefix"
fi
echo "installed and used from $stage: library, Python package, Lua module, share/"
