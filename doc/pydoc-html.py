"""Writes the Python API reference: pydoc's HTML page of the yigongti package
and of each of its modules, from their docstrings, into OUT_DIR (index.html
first).  Run by `meson compile -C build doc` with the built library.
usage: pydoc-html.py PACKAGE_PARENT_DIR OUT_DIR"""
import importlib
import os
import pkgutil
import pydoc
import shutil
import sys


def page(name):
    module = importlib.import_module(name)
    return pydoc.html.page(pydoc.describe(module), pydoc.html.document(module, name))


def main(parent, out):
    sys.path.insert(0, parent)
    import yigongti
    os.makedirs(out, exist_ok=True)
    names = ["yigongti"] + sorted("yigongti." + m.name for m in pkgutil.iter_modules(yigongti.__path__)
                                  if m.name not in ("__main__", "_install"))
    for name in names:
        with open(os.path.join(out, name + ".html"), "w", encoding="utf-8") as f:
            f.write(page(name))
    shutil.copyfile(os.path.join(out, "yigongti.html"), os.path.join(out, "index.html"))  # modules link back to yigongti.html
    print("%d pages in %s" % (len(names), out))


if __name__ == "__main__":
    main(*sys.argv[1:3])
