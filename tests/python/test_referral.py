"""Referral routing from Python: rules, one decision, episodes, numpy batch,
errors and the ``route`` command line."""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import yigongti
from yigongti import referral

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
SHARED = Path(os.environ.get("YGT_SHARED_DATA", "../shared/data"))
ICD10 = SHARED / "icd" / "icd10_yibao_v2.0.tsv"
TIERS = ["village", "township", "county", "city", "province", "out_of_area"]


def small_rules_json(**override):
    rows = []
    for tier, ded, ratio in zip(TIERS, ["100", "300", "600", "1000", "1200", "1500"], [.9, .9, .8, .65, .55, .45]):
        for ins in ("employee", "resident"):
            rows.append({"tier": tier, "insurance": ins, "setting": "inpatient", "deductible": ded, "ratio": ratio})
    doc = {"format": "yigongti-referral", "version": 1,
           "catalogues": [{"tier": "township", "setting": "inpatient", "codes": "J18*"}],
           "reimbursement": rows}
    doc.update(override)
    return json.dumps(doc)


@pytest.fixture
def small():
    dx = yigongti.Codes()
    for code in ("J18.900", "I63.900", "C71.900"):
        dx.add(code)
    model = yigongti.Model.load(DATA / "ninghai")
    yield model, dx
    model.close()
    dx.close()


@pytest.fixture
def ninghai():
    if not ICD10.exists():
        pytest.skip("missing shared data: %s" % ICD10)
    dx = yigongti.Codes.load(ICD10)
    model = yigongti.Model.load(DATA / "ninghai")
    rules = yigongti.ReferralRules.load(model, dx, DATA / "ninghai")
    yield rules
    rules.close()
    model.close()
    dx.close()


def test_names():
    assert referral.ROUTES.names() == ["treat_here", "refer_up", "refer_down", "refer_out", "emergency"]
    assert referral.STATES.names() == ["none", "requested", "accepted", "rejected", "in-progress", "completed",
                                       "cancelled", "expired"]
    assert referral.SETTINGS.value("day_surgery") == 2
    assert referral.CONTINUITIES.names() == ["reset", "top_up", "waive"]
    assert referral.RULE_KINDS.name(3) == "emergency"
    assert referral.transition_allowed("requested", "accepted")
    assert not referral.transition_allowed("completed", "requested")
    with pytest.raises(yigongti.NotFoundError):
        referral.PHASES.value("resting")


def test_parse_and_decide_small(small):
    model, dx = small
    with yigongti.ReferralRules.parse(model, dx, small_rules_json(), source="small.json") as rules:
        assert rules.slip_valid_days == 30
        ids = [r[0] for r in rules.rules()]
        assert "catalogues[0]" in ids and "out_of_county" in ids
        d = rules.decide("NH-T01", "J18.900", setting="inpatient", cost_fen=130000)
        assert d.route == "treat_here"
        assert (d.deductible_fen, d.fund_fen, d.patient_fen) == (30000, 90000, 40000)
        assert d.trace[0] == "catalogues[0]"
        d = rules.decide("NH-T01", "I63.900", setting="inpatient")
        assert d.route == "refer_up" and d.destination_codes[0] == "NH-H01" and d.tier == "county"


def test_errors(small):
    model, dx = small
    with pytest.raises(yigongti.ParseError) as info:
        yigongti.ReferralRules.parse(model, dx, small_rules_json(colour=1), source="bad.json")
    assert info.value.field == "colour" and info.value.source == "bad.json"
    bad = small_rules_json(catalogues=[{"tier": "township", "setting": "inpatient", "codes": "Z88*"}])
    with pytest.raises(yigongti.ValidationError) as info:
        yigongti.ReferralRules.parse(model, dx, bad, source="bad.json")
    assert "names no known code" in info.value.message
    assert info.value.field == "catalogues[0].codes"
    bad = small_rules_json(out_of_county={"slip_issuers": ["NOPE"]})
    with pytest.raises(yigongti.NotFoundError):
        yigongti.ReferralRules.parse(model, dx, bad)
    with yigongti.ReferralRules.parse(model, dx, small_rules_json()) as rules:
        with pytest.raises(yigongti.NotFoundError):
            rules.decide("NH-T01", "Q99.999")
        with pytest.raises(yigongti.InvalidArgumentError):
            rules.decide("NH-T01", "J18.900", acuity=9)
    assert yigongti.allocated_blocks() > 0  # model and dictionary still open


def test_ninghai_decisions(ninghai):
    d = ninghai.decide("NH-H01", "I10.x00", grid="NH-G01")
    assert d.route == "refer_down" and d.destination_codes[0] == "NH-T01"
    assert "first_contact" in d.trace
    d = ninghai.decide("NH-V1301", "I63.900", grid="NH-G13", acuity=1, setting="inpatient")
    assert d.route == "emergency" and d.destination_codes[0] == "NH-H01" and d.state == "accepted"
    assert "NH-EM-STROKE" in d.trace
    d = ninghai.decide("NH-T05", "C71.900", direction="out", setting="inpatient")
    assert d.route == "refer_out" and d.state == "rejected" and abs(d.ratio - 0.45) < 1e-9
    d = ninghai.decide("NH-R01", "C71.900", setting="inpatient", slip_issuer="NH-H01", slip_day=10, today=45)
    assert d.state == "expired" and "penalty" in d.trace


def test_episode_continuity(ninghai):
    with yigongti.Episode() as ep:
        d = ninghai.decide("NH-T01", "J18.900", grid="NH-G01", setting="inpatient", episode=ep)
        assert d.route == "treat_here" and d.deductible_fen == 10000
        ep.record(ninghai, d)
        d = ninghai.decide("NH-T01", "I63.900", grid="NH-G01", setting="inpatient", episode=ep)
        assert d.route == "refer_up" and d.continuity == "top_up" and d.deductible_fen == 10000
        ep.record(ninghai, d)
        assert ep.paid_fen == 20000 and ep.institution == ninghai.model.find_institution("NH-H01")
        d = ninghai.decide("NH-H01", "I63.900", grid="NH-G01", setting="inpatient", phase="recovery", episode=ep)
        assert d.route == "refer_down" and d.continuity == "waive" and d.deductible_fen == 0
        ep.record(ninghai, d)
        assert ep.steps == 3 and ep.state == "requested"
        ep.set_state("accepted")
        with pytest.raises(yigongti.StateError):
            ep.set_state("requested")


def test_batch_matches_single(ninghai):
    np = pytest.importorskip("numpy")
    dx = ninghai.codes
    insts = [ninghai.model.find_institution(c) for c in ("NH-H01", "NH-V1301", "NH-T05", "NH-R01")]
    codes = [dx.id(c) for c in ("I10.x00", "I63.900", "C71.900", "C71.900")]
    out = ninghai.decide_batch(institution=np.array(insts), diagnosis=np.array(codes),
                               grid=np.array([0, 12, -1, -1]), acuity=np.array([0, 1, 0, 0]),
                               setting=np.array([0, 1, 1, 1]), direction=np.array([0, 0, 3, 0]),
                               cost_fen=np.array([0, 100000, 500000, 500000], dtype=np.int64))
    assert list(out["status"]) == [0, 0, 0, 0]
    singles = [ninghai.decide(insts[0], codes[0], grid=0),
               ninghai.decide(insts[1], codes[1], grid=12, acuity=1, setting="inpatient", cost_fen=100000),
               ninghai.decide(insts[2], codes[2], setting="inpatient", direction="out", cost_fen=500000),
               ninghai.decide(insts[3], codes[3], setting="inpatient", cost_fen=500000)]
    for i, d in enumerate(singles):
        assert referral.ROUTES.name(int(out["route"][i])) == d.route
        assert int(out["fund_fen"][i]) == d.fund_fen
        assert float(out["ratio"][i]) == d.ratio
        assert int(out["destination"][i]) == (d.destinations[0] if d.destinations else -1)
    bad = ninghai.decide_batch(institution=np.array([9999]), diagnosis=np.array([0]))
    assert int(bad["status"][0]) == yigongti.InvalidArgumentError.code


def test_route_command(tmp_path):
    if not ICD10.exists():
        pytest.skip("missing shared data: %s" % ICD10)
    requests = tmp_path / "requests.csv"
    requests.write_text(
        "id,institution,diagnosis,grid,acuity,setting,direction,cost_fen\n"
        "1,NH-H01,I10.x00,NH-G01,0,outpatient,decide,20000\n"
        "2,NH-V1301,I63.900,NH-G13,1,inpatient,decide,3000000\n"
        "3,NH-T05,C71.900,,0,inpatient,out,500000\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    env = dict(os.environ)
    run = subprocess.run([sys.executable, "-m", "yigongti", "route", "--bundle", str(DATA / "ninghai"),
                          "--requests", str(requests), "--out", str(out), "--icd", str(ICD10)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert [r["route"] for r in rows] == ["refer_down", "emergency", "refer_out"]
    assert rows[0]["destination"] == "NH-T01" and rows[1]["destination"] == "NH-H01"
    assert rows[2]["state"] == "rejected" and rows[2]["ratio"] == "0.45"
    assert rows[1]["priority"] == "examination;admission"


def test_route_command_is_strict(tmp_path):
    """An unknown column is an error unless kept; a bad value names the file's line and field."""
    if not ICD10.exists():
        pytest.skip("shared data not present")
    requests = tmp_path / "requests.csv"
    out = tmp_path / "out.csv"

    def route(text, *extra):
        requests.write_text(text, encoding="utf-8")
        return subprocess.run([sys.executable, "-m", "yigongti", "route", "--bundle", str(DATA / "ninghai"),
                               "--requests", str(requests), "--out", str(out), "--icd", str(ICD10), *extra],
                              capture_output=True, text=True)

    run = route("id,institution,diagnosis,insurace,ward\n1,NH-H01,I10.x00,resident,3\n")
    assert run.returncode == 1
    assert "requests.csv:1:4: insurace: unknown column (did you mean `insurance`?)" in run.stderr
    run = route("id,institution,diagnosis,ward\n1,NH-H01,I10.x00,3\n")
    assert run.returncode == 1 and "ward: unknown column" in run.stderr
    run = route("id,institution,diagnosis,ward\n1,NH-H01,I10.x00,3\n", "--keep", "ward")
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (rows[0]["id"], rows[0]["ward"]) == ("1", "3")
    run = route("# two requests\nid,institution,diagnosis\n1,NH-H01,I10.x00\n2,NH-X01,I10.x00\n")
    assert run.returncode == 1
    assert "requests.csv:4:2: institution: unknown institution 'NH-X01'" in run.stderr
