#!/bin/sh
# Installs the build into a staging directory and builds an outside program
# with nothing but `pkg-config --cflags --libs yigongti`, then runs it.
# usage: check-install.sh BUILD_DIR CONSUMER_SOURCE EXPECTED_VERSION
set -eu
build=$1 src=$2 want=$3
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT

meson install -C "$build" --destdir "$stage" --no-rebuild --quiet >/dev/null
pc=$(find "$stage" -name yigongti.pc | head -n 1)
[ -n "$pc" ] || { echo "yigongti.pc was not installed"; exit 1; }
for f in yigongti.h yigongti/error.h yigongti/version.h; do
  [ -n "$(find "$stage" -path "*/include/$f")" ] || { echo "header $f was not installed"; exit 1; }
done

export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$stage"
[ "$(pkg-config --modversion yigongti)" = "$want" ] || { echo "pkg-config reports the wrong version"; exit 1; }
libdir=$(pkg-config --variable=libdir yigongti)
case $libdir in "$stage"*) ;; *) libdir=$stage$libdir ;; esac  # pkgconf applies the sysroot, pkg-config does not
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -Wall -Werror -o "$stage/consumer" "$src" $(pkg-config --cflags --libs yigongti)
out=$(LD_LIBRARY_PATH="$libdir" "$stage/consumer")
echo "$out"
[ "$out" = "consumer linked libyigongti $want" ] || { echo "unexpected output"; exit 1; }
