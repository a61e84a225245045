"""DIP 3.0 from the official workbook 《按病种分值（DIP）付费3.0版分组方案》 and the
``dip3 import`` command (doc/formats/dip3-workbook.md).

>>> import_workbook("按病种分值（DIP）付费3.0版分组方案.xlsx", "dip3")   # catalogue.tsv, scores.tsv, provenance.tsv
>>> cat = dip.Catalog.load(dx, proc, "dip3/catalogue.tsv", scores="dip3/scores.tsv")  # once the scores are filled

The workbook has no scores: ``scores.tsv`` is a template (one row per group,
``rw`` and ``std_cost`` empty) that the locality fills.  Reading the .xlsx
needs openpyxl (Debian: python3-openpyxl).
"""
import datetime
import hashlib
import os
import re
import tempfile

from .drg3 import _numbered_rows

# Sheets by title without the numbering ("一、") → whether the workbook must have it.
SHEETS = {"先期分组": True, "并项规则下的核心病种": True, "基础核心病种": True, "烧伤辅助分型": False,
          "肿瘤辅助分型": False, "结核辅助分型": False, "耐药结核诊断": False, "不纳入分组的主要诊断": True,
          "不纳入分组的主要手术操作": True, "基层病种": True}
CATALOGUE_COLUMNS = ("kind", "group", "name", "dx", "procs", "pproc", "cond", "not_procs", "with_dx", "parent",
                     "grassroots")
SCORE_COLUMNS = ("group", "name", "rw", "std_cost", "std_cost_1", "std_cost_2", "std_cost_3")
# Columns of each sheet, as the workbook heads them, and what they become.
COLUMNS = {
    "先期分组": {"序号": None, "分组编码": "group", "分组名称": "name", "主要诊断编码": "dx", "手术操作编码": "procs",
             "排除手术操作编码": "not_procs", "呼吸机使用时间（小时）": "vent_hours", "新生儿日龄（天）": "age_days",
             "出生体重（克）": "birth_weight_g", "说明": None},
    "并项规则下的核心病种": {"序号": None, "病种编码": "group", "病种名称": "name", "主要诊断编码": "dx",
                   "主要手术操作编码": "pproc", "相关手术操作编码": "procs"},
    "基础核心病种": {"序号": None, "病种编码": "group", "病种名称": "name", "主要诊断编码": "dx", "手术操作编码": "procs"},
    "辅助分型": {"序号": None, "分型编码": "group", "分型名称": "name", "所属病种编码": "parent",
             "伴随诊断编码": "with_dx", "手术操作编码": "procs"},
    "代码表": {"序号": None, "编码": "code", "名称": "name"},
    "基层病种": {"序号": None, "病种编码": "group", "病种名称": "name"},
}
_CODE_LIST = re.compile(r"\s*[、,，;；]\s*|\s+或\s*|\s*或\s+|或")
_BAND = re.compile(r"^\s*(\d+)\s*[-－~～至]\s*(\d+)\s*$")
_BOUND = re.compile(r"^\s*(>=|<=|≥|≤|>|<|＞|＜|=)\s*(\d+)\s*$")
_OPS = {"≥": ">=", "≤": "<=", "＞": ">", "＜": "<"}


class WorkbookError(ValueError):
    """A sheet, column or cell of the workbook that the import cannot read; the
    message names the workbook, the sheet, the row and the column."""


def _title(name):
    """A sheet's title without its numbering: "一、先期分组" → "先期分组"."""
    return name.split("、", 1)[1] if "、" in name else name


def _rows(book, sheet, layout, where):
    """The sheet's rows as dicts of the layout's keys, with their place in the workbook."""
    rows = _numbered_rows(book[sheet])
    header = next(rows, (0, []))[1]
    cols = COLUMNS[layout]
    for h in header:
        if h not in cols:
            raise WorkbookError("%s: sheet %s: unknown column '%s' (known: %s)" % (where, sheet, h, ", ".join(cols)))
    for n, cells in rows:
        row = {cols[h]: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if cols[h]}
        row["_at"] = "%s: sheet %s, row %d" % (where, sheet, n)
        yield row


def code_list(text):
    """"51.2300、51.2200或51.2201" → "51.2300, 51.2200, 51.2201" (a code-set specification)."""
    return ", ".join(c for c in _CODE_LIST.split(text) if c)


def combination(text):
    """Elements joined by '+', each a list of alternatives: "39.6500或39.6500x001+99.0400"."""
    return " + ".join(code_list(part) for part in text.split("+") if part.strip())


def category(text):
    """A merge-rule core's principal diagnosis is a category: "A40" → "A40*" (each of a list)."""
    return ", ".join(c if c.endswith("*") else c + "*" for c in code_list(text).split(", ") if c)


def _condition(field, text, at):
    """A pre-group's condition cell: "≥96", "<29", "1000-1499" → cond terms."""
    band, bound = _BAND.match(text), _BOUND.match(text)
    if band:
        return ["%s>=%s" % (field, band.group(1)), "%s<=%s" % (field, band.group(2))]
    if bound:
        return ["%s%s%s" % (field, _OPS.get(bound.group(1), bound.group(1)), bound.group(2))]
    raise WorkbookError("%s, column %s: '%s' is not a bound (≥96, <29) or a band (1000-1499)" % (at, field, text))


def _pregroup(row):
    cond = []
    for field in ("vent_hours", "age_days", "birth_weight_g"):
        if row.get(field):
            cond += _condition(field, row[field], row["_at"])
    return {"kind": "pregroup", "group": row["group"], "name": row.get("name", ""), "dx": code_list(row.get("dx", "")),
            "procs": combination(row.get("procs", "")), "not_procs": code_list(row.get("not_procs", "")),
            "cond": "; ".join(cond)}


def _merge_core(row):
    return {"kind": "core", "group": row["group"], "name": row.get("name", ""), "dx": category(row["dx"]),
            "pproc": code_list(row.get("pproc", "")), "procs": code_list(row.get("procs", ""))}


def _basic_core(row):
    return {"kind": "core", "group": row["group"], "name": row.get("name", ""), "dx": code_list(row["dx"]),
            "procs": combination(row.get("procs", ""))}


def _subdivision(row, lists):
    with_dx = row.get("with_dx", "")
    with_dx = lists.get(with_dx, code_list(with_dx))  # a cell may name a code list sheet (耐药结核诊断)
    return {"kind": "subdivision", "group": row["group"], "name": row.get("name", ""), "parent": row["parent"],
            "with_dx": with_dx, "procs": combination(row.get("procs", ""))}


def _sheet_names(book, where):
    """Title → sheet name; required sheets must be there."""
    names = {_title(s): s for s in book.sheetnames}
    missing = [t for t, need in SHEETS.items() if need and t not in names]
    if missing:
        raise WorkbookError("%s: no sheet %s (sheets: %s)" % (where, ", ".join(missing), ", ".join(book.sheetnames)))
    return names


def _code_list_sheet(book, names, title, where):
    return code_list("、".join(r["code"] for r in _rows(book, names[title], "代码表", where))) if title in names else ""


def read_workbook(path):
    """The workbook's rows as catalogue rows (dicts of CATALOGUE_COLUMNS)."""
    import openpyxl  # Debian: python3-openpyxl
    where = os.path.basename(str(path))
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        names = _sheet_names(book, where)
        lists = {"耐药结核诊断": _code_list_sheet(book, names, "耐药结核诊断", where)}
        out = [_pregroup(r) for r in _rows(book, names["先期分组"], "先期分组", where)]
        for title, fn in (("不纳入分组的主要诊断", "not_grouped_dx"), ("不纳入分组的主要手术操作", "not_grouped_proc")):
            key = "dx" if fn == "not_grouped_dx" else "procs"
            out += [{"kind": fn, "name": r.get("name", ""), key: r["code"]}
                    for r in _rows(book, names[title], "代码表", where)]
        out += [_merge_core(r) for r in _rows(book, names["并项规则下的核心病种"], "并项规则下的核心病种", where)]
        out += [_basic_core(r) for r in _rows(book, names["基础核心病种"], "基础核心病种", where)]
        for title in ("烧伤辅助分型", "肿瘤辅助分型", "结核辅助分型"):
            if title in names:
                out += [_subdivision(r, lists) for r in _rows(book, names[title], "辅助分型", where)]
        _flag_grassroots(out, _rows(book, names["基层病种"], "基层病种", where))
    finally:
        book.close()
    return out


def _flag_grassroots(rows, grassroots):
    by_code = {r["group"]: r for r in rows if r.get("group")}
    for g in grassroots:
        if g["group"] not in by_code:
            raise WorkbookError("%s: 病种编码 '%s' is not a group of the workbook" % (g["_at"], g["group"]))
        by_code[g["group"]]["grassroots"] = "1"


def _write(path, columns, rows, comment):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(comment)
        out.write("\t".join(columns) + "\n")
        for r in rows:
            out.write("\t".join(r.get(c, "") for c in columns) + "\n")


def import_workbook(workbook, out_dir, dx=None, proc=None, tool="yigongti dip3 import"):
    """Write catalogue.tsv, a score template scores.tsv and provenance.tsv (workbook
    name, SHA-256) into out_dir; returns the number of groups.  With dictionaries
    dx and proc, the catalogue is loaded once to check it (with placeholder scores)."""
    with open(workbook, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    rows = read_workbook(workbook)
    groups = [r for r in rows if r.get("group")]
    base = os.path.basename(str(workbook))
    comment = "# %s sha256 %s, %s %s\n" % (base, digest, datetime.date.today().isoformat(), tool)
    os.makedirs(out_dir, exist_ok=True)
    _write(os.path.join(out_dir, "catalogue.tsv"), CATALOGUE_COLUMNS, rows, comment)
    _write(os.path.join(out_dir, "scores.tsv"), SCORE_COLUMNS, groups, comment + "# fill rw and std_cost (yuan)\n")
    with open(os.path.join(out_dir, "provenance.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("key\tvalue\nname\t%s\nworkbook\t%s\nsha256\t%s\nimported\t%s %s\n"
                  % (os.path.splitext(base)[0], base, digest, datetime.date.today().isoformat(), tool))
    if dx is not None and proc is not None:
        check_structure(dx, proc, os.path.join(out_dir, "catalogue.tsv"), groups)
    return len(groups)


def check_structure(dx, proc, catalogue, groups):
    """Load the catalogue with a placeholder score of 1 for every group: every
    code, parent and condition is checked; the scores are not."""
    from .dip import Catalog
    with tempfile.TemporaryDirectory() as tmp:
        scores = os.path.join(tmp, "scores.tsv")
        _write(scores, ("group", "rw", "std_cost"), [dict(g, rw="1", std_cost="1") for g in groups], "")
        Catalog.load(dx, proc, catalogue, scores=scores).close()


def _cmd_import(args):
    from .codes import Codes
    dx = Codes.load(args.dx, kind="diagnosis") if args.dx else None
    proc = Codes.load(args.proc, kind="procedure") if args.proc else None
    n = import_workbook(args.workbook, args.out, dx, proc)
    print("%d groups written to %s/catalogue.tsv%s; fill %s/scores.tsv"
          % (n, args.out, " (loaded and checked)" if dx and proc else "", args.out))
    return 0


def register(subparsers):
    """Add ``dip3 import`` to the command line."""
    dip3 = subparsers.add_parser("dip3", help="DIP 3.0 from the official workbook")
    sub = dip3.add_subparsers(dest="dip3_command", metavar="ACTION")
    imp = sub.add_parser("import", help="the workbook's sheets as a catalogue, a score template and its SHA-256")
    imp.add_argument("workbook", help="按病种分值（DIP）付费3.0版分组方案.xlsx")
    imp.add_argument("--out", required=True, help="directory to write catalogue.tsv, scores.tsv, provenance.tsv")
    imp.add_argument("--dx", help="ICD-10 dictionary to check the catalogue against (with --proc)")
    imp.add_argument("--proc", help="ICD-9-CM-3 dictionary to check the catalogue against")
    imp.set_defaults(func=_cmd_import)


def _register_cli():
    from . import cli  # imported late: cli needs the package's version()
    cli.subcommand(register)


_register_cli()
