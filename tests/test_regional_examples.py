"""Every shipped example estimated in three regions other than us-east-1 (issue #19) with
the shipped rate cards: the pairs listed in PRICED must price; a pair in NOT_OFFERED stops
with exit 3 at the feature AWS does not offer there; every other pair must stop with the
documented exit 4 and a one-line error naming the missing rate — never a
traceback, never a borrowed rate. When a source for a region is added, move the pair into
PRICED. One non-US example has goldens (tests/golden/regional/, priced with the shipped
cards: regenerate them with AWSCALC_UPDATE_GOLDEN=1 after an intended rate change)."""

from __future__ import annotations

import json
import os

import pytest

from .conftest import REPO

REGIONS = ("eu-west-1", "ap-southeast-2", "sa-east-1")
EXAMPLES = sorted(path.stem for path in (REPO / "examples").glob("*.yaml"))
# Examples that stop with exit 4 in at least one of REGIONS (the pairs that do price
# are listed in PRICED): no citable offline source gives the rate named in the comment.
STILL_MISSING = {
    "aurora-cluster",      # sa-east-1: AWS offers no Aurora Backtrack there (NOT_OFFERED)
    "web-fleet",           # sa-east-1: EBS io2 (in neither EBS feed for São Paulo)
}
PRICED = {
    ("web-fleet", "eu-west-1"),
    ("web-fleet", "ap-southeast-2"),
    ("aurora-cluster", "eu-west-1"),
    ("aurora-cluster", "ap-southeast-2"),
    *((name, region) for name in EXAMPLES if name not in STILL_MISSING for region in REGIONS),
}
# Pairs whose example asks for a feature AWS does not offer in the region: a spec error
# (exit 3) at that key, not a missing price.
NOT_OFFERED = {
    ("aurora-cluster", "sa-east-1"): "backtrack: Backtrack is not offered in sa-east-1",
}
FORMATS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}
GOLDEN = ("static-website", "eu-west-1")


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_in_each_region(cli, example: str, region: str) -> None:
    result = cli("estimate", f"{REPO}/examples/{example}.yaml", "--region", region,
                 "-f", "json")
    if (example, region) in PRICED:
        assert result.code == 0, result.err
        assert json.loads(result.out)["totals"]["monthly"] > 0
    elif (example, region) in NOT_OFFERED:
        assert result.code == 3, result.err
        (line,) = result.err.splitlines()
        assert NOT_OFFERED[(example, region)] in line
    else:
        assert result.code == 4, result.err
        (line,) = result.err.splitlines()
        assert line.startswith("awscalc: error: ") and "no price for" in line
        assert "Traceback" not in result.err


def test_the_priced_list_names_real_examples() -> None:
    assert {name for name, _ in PRICED} <= set(EXAMPLES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_non_us_example_matches_its_golden(cli, fmt: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    name, region = GOLDEN
    result = cli("estimate", f"examples/{name}.yaml", "--region", region, "-f", fmt,
                 "--explain")
    assert result.code == 0, result.err
    text = result.out.replace(str(REPO), "{repo}")  # the JSON names each card's path
    golden = REPO / "tests" / "golden" / "regional" / f"{name}.{region}.{FORMATS[fmt]}"
    if os.environ.get("AWSCALC_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden {golden.name}; run with AWSCALC_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")
