"""Scenario files of ``python3 -m yigongti simulate`` (doc/formats/scenarios.md).

A scenario file names the runs to compare on one bundle: each scenario is the
bundle's documents (scheme.json, budget.json, referral.json) with a patch
applied, plus county generator options.  This module reads and checks the
file and builds the patched documents; it adds no rules: the patched JSON goes
to the C parsers, which check it.

>>> sf = ScenarioFile.load("examples/scenarios/ninghai-reforms.json")
>>> [s.name for s in sf.scenarios]
>>> merge_patch({"a": {"b": 1, "c": 2}}, {"a": {"c": None, "d": 3}})
{'a': {'b': 1, 'd': 3}}
"""
import copy
import json
import os

from ._paths import leaves, why_not_readable
from .tables import closest_name

FORMAT = "yigongti-scenarios/1"
TOP_KEYS = ("format", "note", "seed", "scale", "casemix", "indicators", "scenarios")
SCENARIO_KEYS = ("name", "note", "scheme", "scheme_patch", "budget_patch", "referral_patch", "county")
# Arrays and objects nest at most this deep in a file the binding reads itself
# (doc/limits.md): patches are merged recursively, and Python's recursion
# limit must not be what refuses a file.
MAX_DEPTH = 64
# The C library's cap on a JSON text (src/json_read.c), for the files read here.
MAX_BYTES = 1 << 20
# Set once for the whole file (top level), so every scenario meets the same residents.
SHARED_OPTIONS = ("seed", "population_scale")
_UNSET = object()


class ScenarioError(ValueError):
    """A scenario file that does not follow doc/formats/scenarios.md; the
    message names the file and the JSON path (``scenarios[2].county.x``)."""

    def __init__(self, source, path, message):
        super().__init__("%s: %s: %s" % (source, path, message) if path else "%s: %s" % (source, message))
        self.source, self.path = source, path


def _join(path, key):
    if isinstance(key, int):
        return "%s[%d]" % (path, key)
    return "%s.%s" % (path, key) if path else key


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def too_deep(doc, limit=MAX_DEPTH):
    """The JSON path of the first array or object nested deeper than ``limit``
    levels, else None.  Iterative: the check itself cannot recurse too deep."""
    stack = [(doc, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return path
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((v, _join(path, k), depth + 1) for k, v in items)
    return None


def read_json(path):
    """A JSON document; a missing or malformed file, one over MAX_BYTES or one
    nested deeper than MAX_DEPTH levels is a :class:`ScenarioError` naming it."""
    why = why_not_readable(path)
    if why:
        raise ScenarioError(os.fspath(path), "", why)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise ScenarioError(os.fspath(path), "", exc.strerror or str(exc)) from None
    if size > MAX_BYTES:
        raise ScenarioError(os.fspath(path), "", "file of %d bytes is larger than the limit of %d bytes"
                            % (size, MAX_BYTES))
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as exc:
        raise ScenarioError(os.fspath(path), "", exc.strerror or str(exc)) from None
    except ValueError as exc:
        raise ScenarioError(os.fspath(path), "", "not JSON: %s" % exc) from None
    except RecursionError:  # Python's parser gives up on deep nesting before our check can
        raise ScenarioError(os.fspath(path), "", "nested deeper than %d levels" % MAX_DEPTH) from None
    deep = too_deep(doc)
    if deep is not None:
        raise ScenarioError(os.fspath(path), deep, "nested deeper than %d levels" % MAX_DEPTH)
    return doc


# ---- merge patch -----------------------------------------------------------------


def _array_patch(target, patch, where, fail):
    """An object patch over an array: keys are element indices or "*" (every element).

    "*" is applied first and the indexed patches over it, wherever "*" stands:
    a JSON object has no order, so ``{"0": {...}, "*": {...}}`` and
    ``{"*": {...}, "0": {...}}`` patch alike."""
    out = list(target)
    for key, value in sorted(patch.items(), key=lambda kv: kv[0] != "*"):
        if key == "*":
            picks = range(len(out))
        elif key.isascii() and key.isdigit() and int(key) < len(out):  # not "²" or "٣": ASCII digits only
            picks = [int(key)]
        else:
            fail(_join(where, key), "not an element of the array (indices 0..%d or \"*\")" % (len(out) - 1))
        for k in picks:
            out[k] = _merge(out[k], value, "%s[%d]" % (where, k), fail)
    return out


def _merge(target, patch, where, fail):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if isinstance(target, list):
        return _array_patch(target, patch, where, fail)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merge(out.get(key), value, _join(where, key), fail)
    return out


def merge_patch(target, patch, where="", fail=None):
    """RFC 7386 merge patch (objects merge, ``null`` deletes a key, other values
    replace) plus element patches of arrays: ``{"budgets": {"*": {"growth": 0.05}}}``
    changes every element, ``{"0": ...}`` the first.  ``fail(path, message)``
    reports an index that is not there (default: raise ValueError)."""
    def default_fail(path, message):
        raise ValueError("%s: %s" % (path, message))
    return _merge(target, patch, where, fail or default_fail)


# ---- the file --------------------------------------------------------------------


class Scenario:
    """One scenario as written in the file (patches not yet applied)."""

    def __init__(self, index, doc):
        self.index = index
        self.name = doc["name"]
        self.note = doc.get("note", "")
        self.scheme = doc.get("scheme", _UNSET)
        self.scheme_patch = doc.get("scheme_patch")
        self.budget_patch = doc.get("budget_patch")
        self.referral_patch = doc.get("referral_patch")
        self.county = dict(doc.get("county") or {})

    @property
    def where(self):
        return "scenarios[%d]" % self.index

    @property
    def scheme_given(self):
        return self.scheme is not _UNSET


class ScenarioFile:
    """A checked scenario file: ``seed``, ``scale``, ``casemix``,
    ``indicators`` (paths resolved against the file, None when not given) and
    the :class:`Scenario` list."""

    def __init__(self, path, doc, option_names):
        self.path = os.fspath(path)
        self._check_top(doc)
        self.seed = doc.get("seed", 1)
        self.scale = doc.get("scale", 1.0)
        self.note = doc.get("note", "")
        self.casemix = self._inside(doc, "casemix")
        self.indicators = self._inside(doc, "indicators")
        self.scenarios = []
        for i, s in enumerate(doc["scenarios"]):
            self._check_scenario(i, s, option_names)
            self.scenarios.append(Scenario(i, s))

    @classmethod
    def load(cls, path, option_names=None):
        """Read and check a scenario file.  ``option_names``: the county
        options a scenario may set (default: yigongti.county's)."""
        if option_names is None:
            from .county import option_defaults
            option_names = option_defaults()
        return cls(path, read_json(path), option_names)

    def fail(self, path, message):
        raise ScenarioError(self.path, path, message)

    def _inside(self, doc, key):
        """The file named at key, resolved against this file's directory; the
        C library's rule for bundle paths (doc/limits.md, "Files and paths")."""
        rel = doc.get(key)
        if rel is None:
            return None
        if not isinstance(rel, str) or not rel:
            self.fail(key, "must be a path")
        if leaves(rel):
            self.fail(key, "path '%s' leaves the scenario file's directory (absolute or '..'; "
                      "see yigongti.set_outside_paths())" % rel)
        return os.path.join(os.path.dirname(self.path), rel)

    def _keys(self, doc, allowed, where):
        if not isinstance(doc, dict):
            self.fail(where, "must be an object")
        for key in doc:
            if key not in allowed:
                near = closest_name(key, allowed)  # the C library's rule, as every reader's hint
                self.fail(_join(where, key), "unknown key (did you mean `%s`?)" % near if near
                          else "unknown key (known: %s)" % ", ".join(allowed))

    def _check_top(self, doc):
        self._keys(doc, TOP_KEYS, "")
        if doc.get("format") != FORMAT:
            self.fail("format", "must be %r" % FORMAT)
        seed = doc.get("seed", 1)
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2 ** 64 - 1:
            self.fail("seed", "must be an integer 0 .. 2^64 - 2")
        scale = doc.get("scale", 1.0)
        if not _is_number(scale) or not 0 < scale <= 100:
            self.fail("scale", "must be a number in (0, 100]")
        for key in ("casemix", "indicators", "note"):
            if key in doc and not isinstance(doc[key], str):
                self.fail(key, "must be a string")
        if not isinstance(doc.get("scenarios"), list) or not doc["scenarios"]:
            self.fail("scenarios", "must be a non-empty array")

    def _check_scenario(self, i, s, option_names):
        where = "scenarios[%d]" % i
        self._keys(s, SCENARIO_KEYS, where)
        name = s.get("name")
        if not isinstance(name, str) or not name.strip():
            self.fail(_join(where, "name"), "must be a non-empty string")
        if any(other.name == name for other in self.scenarios):
            self.fail(_join(where, "name"), "%r is used twice" % name)
        if "scheme" in s and s["scheme"] is not None and not isinstance(s["scheme"], (str, dict)):
            self.fail(_join(where, "scheme"), "must be null, a file name or a scheme object")
        for key in ("scheme_patch", "budget_patch", "referral_patch", "county"):
            if key in s and not isinstance(s[key], dict):
                self.fail(_join(where, key), "must be an object")
        if "scheme" in s and s["scheme"] is None and "scheme_patch" in s:
            self.fail(_join(where, "scheme_patch"), "cannot patch: scheme is null (fee for service)")
        self._check_county(_join(where, "county"), s.get("county") or {}, option_names)

    def _check_county(self, where, county, option_names):
        for key, value in county.items():
            path = _join(where, key)
            if key in SHARED_OPTIONS:
                self.fail(path, "set once for the file (top-level \"seed\" / \"scale\")")
            if key not in option_names:
                self.fail(path, "unknown county option (known: %s)"
                          % ", ".join(k for k in option_names if k not in SHARED_OPTIONS))
            default = option_names[key]
            if isinstance(default, list):
                if not isinstance(value, list) or len(value) != len(default) or not all(map(_is_number, value)):
                    self.fail(path, "must be an array of %d numbers" % len(default))
            elif not _is_number(value) or (isinstance(default, int) and not isinstance(value, int)):
                self.fail(path, "must be %s" % ("an integer" if isinstance(default, int) else "a number"))
            self._check_option(path, key, value)

    def _check_option(self, path, key, value):
        """What the C options structure cannot hold (an integer out of its
        field's range, one too large for a double) fails here, naming the
        path, not when the county is generated."""
        from .county import options
        try:
            options(**{key: value})
        except (ValueError, TypeError) as exc:
            self.fail(path, str(exc))

    def patched(self, scenario, key, base):
        """``base`` with the scenario's ``key`` patch applied (a new document);
        a bad element index raises :class:`ScenarioError`."""
        patch = getattr(scenario, key)
        if patch is None:
            return base
        return merge_patch(base, patch, _join(scenario.where, key), self.fail)
