"""The scenario-file fuzz harness (tests/fuzz/fuzz_scenarios.py) runs a
short campaign: 300 mutated scenario files, each read, checked and prepared
on the Ninghai bundle, raise nothing but ScenarioError or the C library's
errors.  Long campaigns: python3 tests/fuzz/fuzz_scenarios.py --runs N."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

import fuzz_scenarios  # noqa: E402


def test_short_campaign_finds_nothing():
    done, lines, found, prepared = fuzz_scenarios.campaign(300, 7, str(ROOT / "examples" / "data" / "ninghai"),
                                                           None, quiet=True)
    assert done == 300
    assert prepared > 100  # every input that loads is prepared by default
    assert lines > 100  # the inputs reach the checks, the patches and the C parsers
    assert not found, "\n".join(tb for _, _, tb in found[:3])


def test_mutations_reach_odd_inputs():
    """The mutator makes the inputs the findings came from: deep nesting, odd
    array indices, integers no double holds."""
    import random
    rng = random.Random(1)
    docs = fuzz_scenarios.seeds()
    texts = [fuzz_scenarios.one_input(rng, docs) for _ in range(400)]
    assert any(b"[[[[[[[[" in t or b'{"a": {"a": {"a":' in t for t in texts)
    assert any("²".encode() in t for t in texts)
    assert any(b"1" + b"0" * 300 in t for t in texts)
