"""Every function and method the Lua module registers (the {"name", fn} entries
of bindings/lua/*.c) is named in doc/lua.md, so the reference cannot fall
behind the binding.  usage: check-lua-doc.py LUA_SOURCE_DIR DOC"""
import re
import sys
from pathlib import Path


def registered(src_dir):
    names = set()
    for path in Path(src_dir).glob("*.c"):
        names.update(re.findall(r'\{"([a-z_0-9]+)",\s*[a-z_]+\}', path.read_text(encoding="utf-8")))
    return names


def documented(doc):
    text = re.sub(r"```.*?```", "", Path(doc).read_text(encoding="utf-8"), flags=re.S)  # code blocks
    spans = re.findall(r"`([^`]+)`", text)
    return {name for span in spans for name in re.findall(r"[a-z_0-9]+", span)}


def main(src_dir, doc):
    missing = sorted(registered(src_dir) - documented(doc))
    for name in missing:
        print("not in %s: %s" % (doc, name))
    print("%d registered names, %d missing from the reference" % (len(registered(src_dir)), len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
