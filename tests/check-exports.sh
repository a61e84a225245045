#!/bin/sh
# The shared library exports exactly the names of the version script, every
# one of them ygt_-prefixed, and carries the SONAME of the ABI policy.
# usage: check-exports.sh LIBRARY VERSION_SCRIPT EXPECTED_SONAME
set -eu
lib=$1 map=$2 soname=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '$2 != "A" {print $3}' | sed 's/@.*//' | sort -u > "$tmp/exported"
sed 's:/\*.*\*/::' "$map" | grep -oE '^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*;' \
  | tr -d ' \t;' | grep -v '^local$' | sort -u > "$tmp/script"

status=0
if ! diff -u "$tmp/script" "$tmp/exported" > "$tmp/diff"; then
  echo "exported symbols differ from $map (- script, + library):"; cat "$tmp/diff"; status=1
fi
if grep -v '^ygt_' "$tmp/exported"; then
  echo "the names above are exported without the ygt_ prefix"; status=1
fi
actual=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$actual" != "$soname" ]; then
  echo "SONAME is '$actual', the ABI policy in meson.build says '$soname'"; status=1
fi
nodes=$(readelf --dyn-syms "$lib" | grep -c '@@YGT_0\.1' || true)
if [ "$nodes" -lt 1 ]; then echo "no symbol carries the version node YGT_0.1"; status=1; fi
[ $status -eq 0 ] && echo "ok: $(wc -l < "$tmp/exported") symbols, SONAME $actual"
exit $status
