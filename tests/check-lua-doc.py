"""Every function and method the Lua module registers (the {"name", fn} entries
of bindings/lua/*.c, and the <prefix>_name, _label and _from_name functions of
the ygt_lua_enum rows {"prefix", name, label|NULL, from|NULL}) is named in doc/lua.md, so the reference cannot fall
behind the binding.  usage: check-lua-doc.py LUA_SOURCE_DIR DOC"""
import re
import sys
from pathlib import Path


ENUM_ROW = re.compile(r'\{"([a-z_0-9]+)",\s*ygt_\w+_name,\s*(NULL|ygt_\w+),\s*(NULL|ygt_\w+)\}')


def enum_functions(prefix, label, parse):
    """The functions ygt_lua_register_enums (lua_enums.c) makes of one row."""
    return [prefix + "_name"] + [prefix + "_label"] * (label != "NULL" and parse != "NULL") + \
        [prefix + "_from_name"] * (parse != "NULL")


def registered(src_dir):
    names = set()
    for path in Path(src_dir).glob("*.c"):
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r'\{"([a-z_0-9]+)",\s*[a-z_]+\}', text))
        for row in ENUM_ROW.findall(text):
            names.update(enum_functions(*row))
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
