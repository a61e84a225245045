"""The community model (``include/yigongti/model.h``): institutions,
communities, grids and family-doctor teams.

>>> m = Model.load("examples/data/ninghai")
>>> c = m.community_of("NH-T03")            # codes or indices
>>> m.community(c).name
'宁海县第一综合医共体'
>>> [i.code for i in m.institutions() if i.tier == "county"]

Institutions, communities, grids and teams are numbered by dense indices
(0 .. count-1) exactly as in C; enumeration values are their file names
("county", "tcm_hospital", "3A", ...).  Queries whose C answer is "none"
(no parent, no comprehensive community) return ``None``.
"""
import ctypes
from collections import Counter, namedtuple

from ._lib import Handle, fn, names
from .errors import check

_P = ctypes.c_void_p
_I32 = ctypes.c_int32
_I32P = ctypes.POINTER(ctypes.c_int32)
_SZP = ctypes.POINTER(ctypes.c_size_t)
_S = ctypes.c_char_p
_INT = ctypes.c_int
_I64 = ctypes.c_int64
_ENOTFOUND = -6


def _b(text):
    return None if text is None else str(text).encode("utf-8")


def _s(raw):
    return None if raw is None else raw.decode("utf-8")


class Enum:
    """One enumeration of model.h through its C name functions: ``name``,
    ``label`` (Chinese), ``value`` (parses a name or label) and ``names``."""

    def __init__(self, prefix):
        self._name = fn(prefix + "_name", _S, _INT)
        self._label = fn(prefix + "_label", _S, _INT)
        self._from = fn(prefix + "_from_name", _INT, ctypes.POINTER(_INT), _S)

    def name(self, value):
        return _s(self._name(value))

    def label(self, value):
        return _s(self._label(self.value(value)))

    def value(self, name):
        """The number of a name or label (an int is passed through);
        raises ``NotFoundError`` for unknown names."""
        if isinstance(name, int):
            return name
        out = _INT()
        check(self._from(ctypes.byref(out), _b(name)))
        return out.value

    def names(self):
        """Every file name, in value order."""
        return names(self._name)


TIERS = Enum("ygt_tier")
KINDS = Enum("ygt_institution_kind")
LEVELS = Enum("ygt_hospital_level")
DESIGNATIONS = Enum("ygt_designation")
COMMUNITY_KINDS = Enum("ygt_community_kind")
ROLES = Enum("ygt_member_role")
INSURANCES = Enum("ygt_insurance")
_is_comprehensive = fn("ygt_community_kind_is_comprehensive", _INT, _INT)


def is_comprehensive(kind):
    """Whether a community kind is of the comprehensive class (comprehensive,
    urban group, 1+N): an institution is lead or member of at most one."""
    return bool(check(_is_comprehensive(COMMUNITY_KINDS.value(kind))))


def designation_mask(names):
    """Bit mask of designation names (``1 << value`` each)."""
    mask = 0
    for name in names:
        mask |= 1 << DESIGNATIONS.value(name)
    return mask


def designation_names(mask):
    return tuple(n for v, n in enumerate(DESIGNATIONS.names()) if mask & (1 << v))


Institution = namedtuple("Institution", "index code name tier kind level beds designations parent")
Community = namedtuple("Community", "index code name kind lead")
Grid = namedtuple("Grid", "index code name community township population employee_insured resident_insured")
Team = namedtuple("Team", "index code name institution signed")

_builder_new = fn("ygt_model_builder_new", _INT, ctypes.POINTER(_P))
_builder_free = fn("ygt_model_builder_free", None, _P)
_set_locality = fn("ygt_model_builder_set_locality", _INT, _P, _S, _S)
_add_institution = fn("ygt_model_builder_add_institution", _INT, _P, _S, _S, _INT, _INT, _INT, _I64,
                      ctypes.c_uint32, _S)
_add_community = fn("ygt_model_builder_add_community", _INT, _P, _S, _S, _INT)
_add_member = fn("ygt_model_builder_add_member", _INT, _P, _S, _S, _INT)
_add_grid = fn("ygt_model_builder_add_grid", _INT, _P, _S, _S, _S, _S, _I64, _I64, _I64)
_add_team = fn("ygt_model_builder_add_team", _INT, _P, _S, _S, _S, _I64)
_build = fn("ygt_model_build", _INT, ctypes.POINTER(_P), _P)
_load = fn("ygt_model_load", _INT, ctypes.POINTER(_P), _S)
_free = fn("ygt_model_free", None, _P)
_locality_code = fn("ygt_model_locality_code", _S, _P)
_locality_name = fn("ygt_model_locality_name", _S, _P)

_inst_count = fn("ygt_model_institution_count", ctypes.c_size_t, _P)
_inst_find = fn("ygt_model_institution_find", _I32, _P, _S)
_inst_code = fn("ygt_model_institution_code", _S, _P, _I32)
_inst_name = fn("ygt_model_institution_name", _S, _P, _I32)
_inst_tier = fn("ygt_model_institution_tier", _INT, _P, _I32)
_inst_kind = fn("ygt_model_institution_kind", _INT, _P, _I32)
_inst_level = fn("ygt_model_institution_level", _INT, _P, _I32)
_inst_beds = fn("ygt_model_institution_beds", _I64, _P, _I32)
_inst_designations = fn("ygt_model_institution_designations", _INT, _P, _I32)
_inst_parent = fn("ygt_model_institution_parent", _I32, _P, _I32)
_township_of = fn("ygt_model_township_of", _I32, _P, _I32)
_community_of = fn("ygt_model_community_of", _I32, _P, _I32)
_inst_communities = fn("ygt_model_institution_communities", _INT, _I32P, ctypes.c_size_t, _SZP, _P, _I32)
_centres = fn("ygt_model_centres", _INT, _I32P, ctypes.c_size_t, _SZP, _P, _INT, _I32, _INT)

_comm_count = fn("ygt_model_community_count", ctypes.c_size_t, _P)
_comm_find = fn("ygt_model_community_find", _I32, _P, _S)
_comm_code = fn("ygt_model_community_code", _S, _P, _I32)
_comm_name = fn("ygt_model_community_name", _S, _P, _I32)
_comm_kind = fn("ygt_model_community_kind", _INT, _P, _I32)
_comm_lead = fn("ygt_model_community_lead", _I32, _P, _I32)
_comm_members = fn("ygt_model_community_members", _INT, _I32P, ctypes.c_size_t, _SZP, _P, _I32, _INT, _INT)
_member_role = fn("ygt_model_member_role", _INT, _P, _I32, _I32)
_comm_grids = fn("ygt_model_community_grids", _INT, _I32P, ctypes.c_size_t, _SZP, _P, _I32)

_grid_count = fn("ygt_model_grid_count", ctypes.c_size_t, _P)
_grid_find = fn("ygt_model_grid_find", _I32, _P, _S)
_grid_code = fn("ygt_model_grid_code", _S, _P, _I32)
_grid_name = fn("ygt_model_grid_name", _S, _P, _I32)
_grid_population = fn("ygt_model_grid_population", _I64, _P, _I32)
_grid_insured = fn("ygt_model_grid_insured", _I64, _P, _I32, _INT)
_grid_community = fn("ygt_model_grid_community", _I32, _P, _I32)
_grid_township = fn("ygt_model_grid_township", _I32, _P, _I32)
_grid_institutions = fn("ygt_model_grid_institutions", _INT, _I32P, ctypes.c_size_t, _SZP, _P, _I32, _INT)

_team_count = fn("ygt_model_team_count", ctypes.c_size_t, _P)
_team_find = fn("ygt_model_team_find", _I32, _P, _S)
_team_code = fn("ygt_model_team_code", _S, _P, _I32)
_team_name = fn("ygt_model_team_name", _S, _P, _I32)
_team_institution = fn("ygt_model_team_institution", _I32, _P, _I32)
_team_signed = fn("ygt_model_team_signed", _I64, _P, _I32)


def _optional(value):
    """An index, or None for the C library's "none" (YGT_ENOTFOUND)."""
    return None if value == _ENOTFOUND else check(value)


def _filter(enum, value):
    return -1 if value is None else enum.value(value)


class ModelBuilder(Handle):
    """Records to validate into a :class:`Model` with :meth:`build`.  Enum
    arguments take file names ("county"), Chinese labels or numbers."""

    _free = _builder_free

    def __init__(self):
        out = _P()
        check(_builder_new(ctypes.byref(out)))
        super().__init__(out.value)

    def set_locality(self, code="", name=""):
        check(_set_locality(self, _b(code), _b(name)))
        return self

    def add_institution(self, code, name, tier, kind, level="unrated", beds=0, designations=(), parent=None):
        mask = designations if isinstance(designations, int) else designation_mask(designations)
        check(_add_institution(self, _b(code), _b(name), TIERS.value(tier), KINDS.value(kind),
                               LEVELS.value(level), beds, mask, _b(parent)))
        return self

    def add_community(self, code, name, kind):
        check(_add_community(self, _b(code), _b(name), COMMUNITY_KINDS.value(kind)))
        return self

    def add_member(self, community, institution, role="member"):
        check(_add_member(self, _b(community), _b(institution), ROLES.value(role)))
        return self

    def add_grid(self, code, name, community, population, employee_insured=0, resident_insured=0, township=None):
        check(_add_grid(self, _b(code), _b(name), _b(community), _b(township), population,
                        employee_insured, resident_insured))
        return self

    def add_team(self, code, institution, signed, name=""):
        check(_add_team(self, _b(code), _b(name), _b(institution), signed))
        return self

    def build(self):
        """Validate everything and return a new :class:`Model` (the builder stays usable)."""
        out = _P()
        check(_build(ctypes.byref(out), self))
        return Model(out.value)


class Model(Handle):
    """An immutable, validated community model.  Close it (or use ``with``)
    to free the C object at once."""

    _free = _free

    @classmethod
    def load(cls, path):
        """Load a bundle directory or its model.json (doc/formats/model.md)."""
        out = _P()
        check(_load(ctypes.byref(out), _b(path)))
        return cls(out.value)

    @classmethod
    def build(cls, builder):
        return builder.build()

    @property
    def locality_code(self):
        return _s(_locality_code(self))

    @property
    def locality_name(self):
        return _s(_locality_name(self))

    # ---- indices and codes ------------------------------------------------
    def _index(self, find, value):
        return check(find(self, _b(value))) if isinstance(value, str) else value

    def _inst(self, value):
        return self._index(_inst_find, value)

    def _comm(self, value):
        return self._index(_comm_find, value)

    def _grid(self, value):
        return self._index(_grid_find, value)

    def _list(self, func, *args):
        n = ctypes.c_size_t()
        check(func(None, 0, ctypes.byref(n), self, *args))
        out = (_I32 * n.value)()
        check(func(out, n.value, ctypes.byref(n), self, *args))
        return list(out)

    def find_institution(self, code):
        """Index of an institution code, or None."""
        return _optional(_inst_find(self, _b(code)))

    def find_community(self, code):
        return _optional(_comm_find(self, _b(code)))

    def find_grid(self, code):
        return _optional(_grid_find(self, _b(code)))

    def find_team(self, code):
        return _optional(_team_find(self, _b(code)))

    # ---- institutions -----------------------------------------------------
    def institution_count(self):
        return _inst_count(self)

    def institution(self, i):
        """An :class:`Institution` by index or code."""
        i = self._inst(i)
        code = _s(_inst_code(self, i))
        if code is None:
            raise IndexError("institution index %r out of range" % (i,))
        return Institution(i, code, _s(_inst_name(self, i)), TIERS.name(_inst_tier(self, i)),
                           KINDS.name(_inst_kind(self, i)), LEVELS.name(_inst_level(self, i)),
                           check(_inst_beds(self, i)), designation_names(check(_inst_designations(self, i))),
                           _optional(_inst_parent(self, i)))

    def institutions(self):
        for i in range(self.institution_count()):
            yield self.institution(i)

    def parent(self, institution):
        return _optional(_inst_parent(self, self._inst(institution)))

    def township_of(self, institution):
        """The township-tier institution responsible (itself, or a village clinic's centre)."""
        return _optional(_township_of(self, self._inst(institution)))

    def community_of(self, institution):
        """The comprehensive-class community the institution is lead or member of, or None."""
        return _optional(_community_of(self, self._inst(institution)))

    def institution_communities(self, institution):
        """Every community the institution takes part in, with any role."""
        return self._list(_inst_communities, self._inst(institution))

    def centres(self, designation, community=None, ranked=False):
        """Institutions with a designation (optionally in one community);
        ranked: nearest tier first, then highest level."""
        c = -1 if community is None else self._comm(community)
        return self._list(_centres, DESIGNATIONS.value(designation), c, 1 if ranked else 0)

    # ---- communities ------------------------------------------------------
    def community_count(self):
        return _comm_count(self)

    def community(self, c):
        c = self._comm(c)
        code = _s(_comm_code(self, c))
        if code is None:
            raise IndexError("community index %r out of range" % (c,))
        return Community(c, code, _s(_comm_name(self, c)), COMMUNITY_KINDS.name(_comm_kind(self, c)),
                         check(_comm_lead(self, c)))

    def communities(self):
        for c in range(self.community_count()):
            yield self.community(c)

    def lead(self, community):
        return check(_comm_lead(self, self._comm(community)))

    def members(self, community, tier=None, role=None):
        """Institution indices of a community, optionally of one tier and role."""
        return self._list(_comm_members, self._comm(community), _filter(TIERS, tier), _filter(ROLES, role))

    def member_role(self, community, institution):
        """Role name of an institution in a community, or None."""
        role = _optional(_member_role(self, self._comm(community), self._inst(institution)))
        return None if role is None else ROLES.name(role)

    def community_grids(self, community):
        return self._list(_comm_grids, self._comm(community))

    # ---- grids ------------------------------------------------------------
    def grid_count(self):
        return _grid_count(self)

    def grid(self, g):
        g = self._grid(g)
        code = _s(_grid_code(self, g))
        if code is None:
            raise IndexError("grid index %r out of range" % (g,))
        return Grid(g, code, _s(_grid_name(self, g)), check(_grid_community(self, g)),
                    _optional(_grid_township(self, g)), check(_grid_population(self, g)),
                    check(_grid_insured(self, g, INSURANCES.value("employee"))),
                    check(_grid_insured(self, g, INSURANCES.value("resident"))))

    def grids(self):
        for g in range(self.grid_count()):
            yield self.grid(g)

    def grid_insured(self, grid, insurance):
        return check(_grid_insured(self, self._grid(grid), INSURANCES.value(insurance)))

    def grid_institutions(self, grid, tier=None):
        """Institutions serving a grid (see ``ygt_model_grid_institutions``)."""
        return self._list(_grid_institutions, self._grid(grid), _filter(TIERS, tier))

    # ---- teams ------------------------------------------------------------
    def team_count(self):
        return _team_count(self)

    def team(self, t):
        t = self._index(_team_find, t)
        code = _s(_team_code(self, t))
        if code is None:
            raise IndexError("team index %r out of range" % (t,))
        return Team(t, code, _s(_team_name(self, t)), check(_team_institution(self, t)),
                    check(_team_signed(self, t)))

    def teams(self):
        for t in range(self.team_count()):
            yield self.team(t)

    # ---- summary ----------------------------------------------------------
    def summary(self):
        """Counts per tier and per community, as printed by ``model check``."""
        tiers = Counter(i.tier for i in self.institutions())
        comms = []
        for c in self.communities():
            members = [self.institution(i).tier for i in self.members(c.index)]
            grids = self.community_grids(c.index)
            comms.append({"code": c.code, "name": c.name, "kind": c.kind,
                          "lead": self.institution(c.lead).code, "institutions": len(members),
                          "tiers": dict(Counter(members)), "grids": len(grids),
                          "population": sum(self.grid(g).population for g in grids)})
        return {"locality": self.locality_name, "code": self.locality_code,
                "institutions": self.institution_count(), "communities": self.community_count(),
                "grids": self.grid_count(), "teams": self.team_count(),
                "tiers": {t: tiers[t] for t in TIERS.names() if tiers[t]}, "by_community": comms}


# ---- command line: python3 -m yigongti model check PATH -----------------

def _print_summary(s):
    print("%s (%s): %d institutions, %d communities, %d grids, %d teams" % (
        s["locality"] or "model", s["code"] or "-", s["institutions"], s["communities"], s["grids"], s["teams"]))
    print("institutions by tier: " + ", ".join("%s %d" % kv for kv in s["tiers"].items()))
    for c in s["by_community"]:
        tiers = ", ".join("%s %d" % (t, c["tiers"][t]) for t in TIERS.names() if t in c["tiers"])
        print("  %s %s [%s] lead %s: %d institutions (%s), %d grids, population %d" % (
            c["code"], c["name"], c["kind"], c["lead"], c["institutions"], tiers, c["grids"], c["population"]))


def _check(args):
    with Model.load(args.path) as model:
        _print_summary(model.summary())
    print("ok")
    return 0


def _register(subparsers):
    parser = subparsers.add_parser("model", help="community models (institutions, communities, grids)")
    sub = parser.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    check_parser = sub.add_parser("check", help="validate a model bundle and print a summary")
    check_parser.add_argument("path", help="bundle directory or its model.json")
    check_parser.set_defaults(func=_check)


def _register_cli():
    from . import cli  # imported late: cli needs the package's version()
    cli.subcommand(_register)


_register_cli()
