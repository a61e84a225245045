"""Prints the directory `meson install` puts the Python package in: the entry of
this interpreter's sys.path that lies in the prefix (Debian's python3 reads
/usr/local/lib/python3.X/dist-packages, not the lib/python3/dist-packages that
meson's python module names for /usr/local), else meson's choice.
usage: sitedir.py PREFIX MESON_DIR"""
import os
import sys

prefix, meson_dir = (os.path.normpath(a) for a in sys.argv[1:3])
inside = [os.path.normpath(p) for p in sys.path
          if p.endswith(("site-packages", "dist-packages"))
          and os.path.normpath(p).startswith(prefix + os.sep)]
if meson_dir in inside or not inside:
    print(meson_dir)
else:  # the shortest path below the prefix: /usr/lib/... rather than /usr/local/lib/...
    print(min(inside, key=lambda p: len(os.path.relpath(p, prefix))))
