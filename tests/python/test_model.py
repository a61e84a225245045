"""The community model from Python: bundles, builder, errors, command line."""
import ctypes
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import model as ygt_model

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


@pytest.fixture
def ninghai():
    m = yigongti.Model.load(DATA / "ninghai")
    yield m
    m.close()


def test_enumerations_round_trip():
    assert ygt_model.TIERS.names() == ["village", "township", "county", "city", "province", "out_of_area"]
    assert ygt_model.LEVELS.value("三级甲等") == ygt_model.LEVELS.value("3A") == 7
    assert ygt_model.LEVELS.label("2B") == "二级乙等"
    assert ygt_model.KINDS.label("tcm_hospital") == "中医医院"
    assert ygt_model.DESIGNATIONS.names()[:5] == ["chest_pain", "stroke", "trauma", "critical_maternal",
                                                  "critical_child"]
    assert ygt_model.COMMUNITY_KINDS.label("one_plus_n") == "1+N医疗集团"
    assert ygt_model.ROLES.names() == ["lead", "member", "linked"]
    assert ygt_model.INSURANCES.label("employee") == "职工医保"
    assert ygt_model.TIERS.label("county") == "县级"
    assert ygt_model.is_comprehensive("urban_group")
    assert not ygt_model.is_comprehensive("specialty_alliance")
    assert ygt_model.designation_mask(["chest_pain", "lab"]) == 0b100001
    with pytest.raises(yigongti.NotFoundError) as info:
        ygt_model.TIERS.value("town")
    assert "unknown tier 'town'" in info.value.message


def test_load_and_iterate(ninghai):
    assert ninghai.locality_name == "宁海县" and ninghai.locality_code == "330226"
    insts = list(ninghai.institutions())
    assert len(insts) == ninghai.institution_count() == 78
    first = insts[0]
    assert first == ninghai.institution("NH-H01")
    assert (first.index, first.name, first.tier, first.kind, first.level) == (
        0, "宁海县第一医院", "county", "general_hospital", "3B")
    assert "stroke" in first.designations and first.parent is None and first.beds == 1000
    chayuan = ninghai.institution("NH-T03")
    assert chayuan.parent == ninghai.find_institution("NH-T02")
    assert ninghai.find_institution("nope") is None
    assert [c.code for c in ninghai.communities()] == ["NH-C1", "NH-C2", "NH-S1", "NH-S2"]
    assert ninghai.community("NH-S2").kind == "specialty"
    assert ninghai.find_community("NH-C2") == 1 and ninghai.find_community("x") is None


def test_membership_queries(ninghai):
    c1 = ninghai.find_community("NH-C1")
    assert ninghai.lead("NH-C1") == ninghai.community(c1).lead == 0
    towns = ninghai.members("NH-C1", tier="township")
    assert len(towns) == 13  # + 跃龙街道社区卫生服务中心
    assert len(ninghai.members(c1, role="lead")) == 1
    assert ninghai.community_of("NH-V0301") == c1
    assert ninghai.community_of("NH-H03") is None
    assert ninghai.township_of("NH-V0301") == ninghai.find_institution("NH-T03")
    assert ninghai.township_of("NH-H01") is None
    assert ninghai.parent("NH-T04") == ninghai.find_institution("NH-T02")
    assert ninghai.institution_communities("NH-T13") == [1, 2, 3]
    assert ninghai.member_role("NH-S1", "NH-T13") == "linked"
    assert ninghai.member_role("NH-C2", "NH-T01") is None
    with pytest.raises(yigongti.NotFoundError):
        ninghai.community_of("NO-SUCH")
    with pytest.raises(yigongti.InvalidArgumentError):
        ninghai.members(99)


def test_grids_teams_and_centres(ninghai):
    grid = ninghai.grid("NH-G03")
    assert (grid.name, grid.population, grid.employee_insured, grid.resident_insured) == ("茶院乡", 12000, 3600, 7680)
    assert grid.township == ninghai.find_institution("NH-T03")
    assert ninghai.grid("NH-G16").township == ninghai.find_institution("NH-T16")
    assert ninghai.grid_insured("NH-G03", "resident") == 7680
    codes = [ninghai.institution(i).code for i in ninghai.grid_institutions("NH-G03")]
    assert codes == ["NH-H01", "NH-T03", "NH-V0301", "NH-V0302"]
    assert len(ninghai.grid_institutions("NH-G02", tier="township")) == 3
    assert sum(g.population for g in ninghai.grids()) == 600000
    assert len(ninghai.community_grids("NH-C2")) == 5 and ninghai.find_grid("NH-G01") == 0
    teams = list(ninghai.teams())
    assert len(teams) == ninghai.team_count() == 22
    assert ninghai.team("NH-F01-1").institution == ninghai.find_institution("NH-T01")
    assert ninghai.find_team("nope") is None
    ranked = [ninghai.institution(i).code for i in ninghai.centres("stroke", ranked=True)]
    assert ranked == ["NH-H01", "NH-R01", "NH-R02", "NH-R03"]
    assert [ninghai.institution(i).code for i in ninghai.centres("critical_maternal")] == ["NH-H04"]
    assert ninghai.centres("chest_pain", community="NH-C2") == [ninghai.find_institution("NH-H02")]


@pytest.mark.parametrize("locality,communities,population", [
    ("ninghai", 4, 600000), ("zhuhai", 6, 2410000), ("chunan", 3, 449000), ("linxiang", 1, 500000)])
def test_every_bundle_loads(locality, communities, population):
    with yigongti.Model.load(DATA / locality / "model.json") as m:
        assert m.community_count() == communities
        assert sum(g.population for g in m.grids()) == population
        for g in m.grids():  # every grid is served by one comprehensive-class community
            assert ygt_model.is_comprehensive(m.community(g.community).kind)
    assert yigongti.allocated_blocks() == 0


def test_builder():
    with yigongti.ModelBuilder() as b:
        b.set_locality("1", "县")
        b.add_institution("H", "县医院", "county", "general_hospital", "二级甲等", 300, ["stroke"])
        b.add_institution("T", "卫生院", "township", "township")
        b.add_institution("V", "村卫生室", "village", "村卫生室", parent="T")
        b.add_community("C", "医共体", "comprehensive")
        b.add_member("C", "H", "lead").add_member("C", "T").add_member("C", "V")
        b.add_grid("G", "镇", "C", 1000, 300, 600, township="T")
        b.add_team("F", "V", 120, name="团队")
        m = yigongti.Model.build(b)
        assert m.locality_name == "县"
        assert m.institution("H").level == "2A"
        assert m.grid_institutions("G") == [0, 1, 2]
        assert m.team(0) == ygt_model.Team(0, "F", "团队", 2, 120)
        b.add_member("C", "T", "lead")
        with pytest.raises(yigongti.ExistsError, match="listed twice"):
            b.build()
        m.close()
    with pytest.raises(ctypes.ArgumentError, match="closed"):  # ctypes wraps the handle's ValueError
        m.institution_count()
    with yigongti.ModelBuilder() as b:
        with pytest.raises(yigongti.ValidationError, match="not allowed at tier"):
            b.add_institution("X", "x", "village", "general_hospital")
        with pytest.raises(yigongti.RangeError):
            b.add_institution("X", "x", "county", "general_hospital", beds=-1)
        b.add_community("S", "专科", "specialty")
        with pytest.raises(yigongti.RangeError, match="above the maximum of 2000000000 persons"):
            b.add_grid("G", "镇", "S", 3_700_000_000_000_000_000, 0, 0)  # would overflow a budget's per-capita base
        with pytest.raises(yigongti.RangeError, match="signed 4611686018427387904 is above"):
            b.add_team("F", "X", 2**62)
        with pytest.raises(yigongti.ValidationError, match="has no lead"):
            b.build()
    assert yigongti.allocated_blocks() == 0


def test_errors_name_file_line_and_field(tmp_path):
    (tmp_path / "model.json").write_text(
        '{"tables": {"institutions": "i.tsv"}, "communities": []}', encoding="utf-8")
    (tmp_path / "i.tsv").write_text("code\tname\ttier\tkind\nH\t县医院\tcounty\tgeneral_hospital\n"
                                    "H\t重复\tcounty\tgeneral_hospital\n", encoding="utf-8")
    with pytest.raises(yigongti.ExistsError) as info:
        yigongti.Model.load(tmp_path)
    err = info.value
    assert err.source.endswith("i.tsv") and err.line == 3 and err.field == "code"
    assert "institution 'H' is defined twice" in err.message
    (tmp_path / "model.json").write_text('{"tables": {"institutions": "i.tsv"}, "communities": [{"code": 1}]}')
    with pytest.raises(yigongti.ParseError) as info:
        yigongti.Model.load(tmp_path / "model.json")
    assert info.value.field == "communities[0].code"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "yigongti", "model", "check", *args],
                          capture_output=True, text=True)


def test_command_line_check_summary():
    run = run_cli(str(DATA / "zhuhai"))
    assert run.returncode == 0, run.stderr
    assert "珠海市 (440400): 72 institutions, 6 communities, 18 grids, 88 teams" in run.stdout
    assert "ZH-G1 珠海市人民医院医疗集团 [urban_group] lead ZH-H01" in run.stdout
    assert run.stdout.strip().endswith("ok")


def test_command_line_check_error(tmp_path):
    (tmp_path / "model.json").write_text(
        '{"tables": {"institutions": "i.tsv"}, "communities": []}', encoding="utf-8")
    (tmp_path / "i.tsv").write_text("code\tname\ttier\tkind\nH\t县医院\tshire\tgeneral_hospital\n", encoding="utf-8")
    run = run_cli(str(tmp_path))
    assert run.returncode == 1
    assert "i.tsv:2:3: tier: unknown tier 'shire'" in run.stderr
    assert "YGT_EPARSE" in run.stderr
