#!/usr/bin/env python3
"""A plain-Python CHS-DRG 1.1 grouper: the yardstick of the ``drg group`` benchmark (bench_python_drg.py).

It reads a rule pack's TSV files and a case file in labelled_cases.tsv's layout with the standard library
only, groups every case as the pack's README describes (validation, MDCs in check order with fall-through,
ADRGs in try order, DRG split rules, CC/MCC with exclusion tables; no code maps, no QY check, which 1.1
switches off) and writes what ``python3 -m yigongti drg group`` writes: case_id, mdc, adrg, drg, drg_name,
status.  The benchmark checks that both outputs are the same file before it compares their times.

    python3 plain_grouper.py PACK_DIR CASES.tsv OUT.tsv

Written the way a careful analyst would write it: sets and dicts for every list, each rule compiled once
into a Python closure, the CC/MCC flags computed once per case.
"""
import re
import sys

NA = None
_TOKEN = re.compile(r"\(|\)|,|[A-Za-z_]+\[\d\]|[A-Za-z_]+(?:<=|>=|==|!=|<|>)-?\d+|[A-Za-z_][A-Za-z_0-9]*|-?\d+")
_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
_COMPARE = re.compile(r"([A-Z_]+)(<=|>=|==|!=|<|>)(-?\d+)$")


def read_tsv(path):
    """The rows of a TSV file as dicts keyed by the header."""
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


class Case:
    __slots__ = ("case_id", "sex", "age", "days", "weight", "los", "leaving", "dept", "pdx", "sdx", "procs",
                 "anydx", "mcc", "cc", "sites")


def _int(text):
    return int(text) if text.strip() else NA


def read_cases(path):
    cases = []
    for row in read_tsv(path):
        c = Case()
        c.case_id, c.dept = row["case_id"], row.get("dept", "")
        c.sex, c.age, c.days = _int(row["sex"]), _int(row["age_years"]), _int(row.get("age_days", ""))
        c.weight, c.los = _int(row.get("birth_weight_g", "")), _int(row.get("los_days", ""))
        c.leaving = _int(row.get("leaving_type", ""))
        c.pdx = row["pdx"].strip() or None
        c.sdx = [s for s in row.get("sdx", "").split("|") if s]
        c.procs = [p for p in [row.get("pproc", "")] + row.get("other_procs", "").split("|") if p]
        cases.append(c)
    return cases


class Pack:
    """The rule tables, with every rule compiled to a closure over its sets."""

    def __init__(self, directory):
        d = directory.rstrip("/") + "/"
        self.dx_known = {r["dx_code"] for r in read_tsv(d + "dx_codes.tsv")}
        self.ss_valid = {r["proc_code"] for r in read_tsv(d + "ss_valid.tsv")}
        self.cce = {r["pdx_code"]: r["exclusion_table"] for r in read_tsv(d + "cce.tsv")}
        self.mcc = {r["code"]: r["exclusion_table"] for r in read_tsv(d + "mcc.tsv")}
        self.cc = {r["code"]: r["exclusion_table"] for r in read_tsv(d + "cc.tsv")}
        mdc_dx, self.sites = {}, {}
        for r in read_tsv(d + "mdc_dx.tsv"):
            mdc_dx.setdefault(r["mdc"], set()).add(r["dx_code"])
            if r["trauma_site"]:
                self.sites[r["dx_code"]] = r["trauma_site"]
        codes = {}
        for r in read_tsv(d + "adrg_codes.tsv"):
            key = r["role"].upper() + ("[%s]" % r["tag"] if r["tag"] else "")
            sets = codes.setdefault(r["adrg"], {})
            sets.setdefault(key, set()).add(r["code"])
            if r["tag"]:
                sets.setdefault(r["role"].upper(), set()).add(r["code"])
        drgs = {}
        for r in read_tsv(d + "drg.tsv"):
            drgs.setdefault(r["adrg"], []).append((int(r["try_order"]), r["drg"], r["name"], self.compile(r["rule"], {})))
        adrgs = {}
        for r in read_tsv(d + "adrg.tsv"):
            rule = self.compile(r["entry_condition"], codes.get(r["adrg"], {}))
            adrgs.setdefault(r["mdc"], []).append((int(r["try_order"]), r["adrg"], rule,
                                                   [x[1:] for x in sorted(drgs[r["adrg"]])]))
        self.mdcs = []
        for r in sorted(read_tsv(d + "mdc.tsv"), key=lambda r: int(r["check_order"])):
            rule = self.compile(r["entry_condition"], {"MDC": mdc_dx.get(r["mdc"], set())})
            self.mdcs.append((r["mdc"], rule, [x[1:] for x in sorted(adrgs.get(r["mdc"], []))]))

    # ---- the expression language (README, "Expression language") ----

    def compile(self, text, sets):
        tokens = _TOKEN.findall(text)
        pos = [0]

        def peek():
            return tokens[pos[0]] if pos[0] < len(tokens) else None

        def take():
            pos[0] += 1
            return tokens[pos[0] - 1]

        def expr():
            parts = [conj()]
            while peek() == "or":
                take()
                parts.append(conj())
            return parts[0] if len(parts) == 1 else (lambda c: any(p(c) for p in parts))

        def conj():
            parts = [unary()]
            while peek() == "and":
                take()
                parts.append(unary())
            return parts[0] if len(parts) == 1 else (lambda c: all(p(c) for p in parts))

        def unary():
            if peek() == "not":
                take()
                inner = unary()
                return lambda c: not inner(c)
            if peek() == "(":
                take()
                inner = expr()
                take()  # ")"
                return inner
            return atom()

        def atom():
            word = take()
            if peek() == "in":
                take()
                if peek() == "(":
                    take()
                    values = set()
                    while peek() != ")":
                        tok = take()
                        if tok != ",":
                            values.add(int(tok))
                    take()
                    return self._inlist(word, values)
                return self._member(word, take(), sets)
            return self._flag(word)

        return expr()

    def _set(self, name, sets):
        if name == "SS_VALID":
            return self.ss_valid
        return sets.get(name, set())

    def _member(self, selector, name, sets):
        s = self._set(name, sets)
        if selector == "pdx":
            return lambda c: c.pdx in s
        if selector == "anydx":
            return lambda c: any(x in s for x in c.anydx)
        if selector == "sdx":
            return lambda c: any(x in s for x in c.sdx)
        if selector == "proc1":
            return lambda c: bool(c.procs) and c.procs[0] in s
        if selector == "anyproc":
            return lambda c: any(x in s for x in c.procs)
        if selector == "dept":
            return lambda c: c.dept in s
        raise ValueError("unknown selector %s" % selector)

    @staticmethod
    def _var(name):
        return {"AGE": "age", "AGE_DAYS": "days", "WEIGHT": "weight", "LOS": "los", "SEX": "sex",
                "LEAVING": "leaving", "SITES": "sites"}[name]

    def _inlist(self, name, values):
        var = self._var(name)
        return lambda c: getattr(c, var) in values

    def _flag(self, word):
        flags = {"TRUE": lambda c: True, "FALSE": lambda c: False, "MCC": lambda c: c.mcc, "CC": lambda c: c.cc,
                 "HAS_PROC": lambda c: bool(c.procs), "HAS_SDX": lambda c: bool(c.sdx)}
        if word in flags:
            return flags[word]
        name, op, value = _COMPARE.match(word).groups()
        var, test, value = self._var(name), _OPS[op], int(value)
        return lambda c: getattr(c, var) is not NA and test(getattr(c, var), value)  # missing: always false

    # ---- grouping ----

    def _prepare(self, c):
        c.anydx = [c.pdx] + c.sdx
        table = self.cce.get(c.pdx)
        c.mcc = any(s in self.mcc and self.mcc[s] != table for s in c.sdx)
        c.cc = any(s in self.cc and self.cc[s] != table for s in c.sdx)
        c.sites = len({self.sites[d] for d in c.anydx if d in self.sites})

    @staticmethod
    def validate(c):
        if c.sex not in (1, 2):
            return "INVALID_SEX"
        if c.age is NA:
            return "MISSING_AGE"
        if c.age < 0 or (c.days is not NA and c.days < 0):
            return "INVALID_AGE"
        if c.age == 0 and c.days is NA:
            return "MISSING_AGE_DAYS"
        if c.weight is not NA and c.weight < 0:
            return "INVALID_WEIGHT"
        if c.age == 0 and c.days <= 28 and c.weight is NA:
            return "MISSING_WEIGHT"
        if c.pdx is None:
            return "MISSING_PDX"
        return None

    def group(self, c):
        """(mdc, adrg, drg, drg_name, status) of a case."""
        failed = self.validate(c)
        if failed:
            return "0000", "00", "0000", "", failed
        self._prepare(c)
        entered = False
        for mdc, entry, adrgs in self.mdcs:
            if not entry(c):
                continue
            entered = True
            for adrg, rule, drgs in adrgs:
                if rule(c):
                    for drg, name, split in drgs:
                        if split(c):
                            return mdc, adrg, drg, name, "OK"
                    return mdc, adrg, "0000", "", "NO_DRG"
        status = "UNKNOWN_PDX" if c.pdx not in self.dx_known else "NO_ADRG" if entered else "NO_MDC"
        return "0000", "00", "0000", "", status


def main(argv):
    pack_dir, cases_path, out_path = argv[1:4]
    pack = Pack(pack_dir)
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("case_id\tmdc\tadrg\tdrg\tdrg_name\tstatus\n")
        for c in read_cases(cases_path):
            out.write("\t".join((c.case_id,) + pack.group(c)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
