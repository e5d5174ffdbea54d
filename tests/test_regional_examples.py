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


# --- every example in all 21 target regions -------------------------------------------
TARGET_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
    "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-east-1", "me-south-1", "af-south-1")
# The pairs that do not price, and why: exit 3 where AWS's documentation says the service
# or feature is not sold there (not_offered), exit 4 where no offline source gives a rate.
# Every other pair prices. `python tools/example_regions.py` prints the same matrix.
NOT_PRICED = {
    # Redshift concurrency scaling is not offered (AWS's concurrency-scaling Regions page)
    **{("analytics-warehouse", r): 3 for r in ("eu-south-1", "ap-northeast-3", "ap-east-1",
                                                "me-south-1", "af-south-1")},
    # Aurora Backtrack is not offered (AWS knowledge-center page; no rate in the feed)
    **{("aurora-cluster", r): 3 for r in ("sa-east-1", "eu-south-1", "af-south-1")},
    # Neptune is not offered in Milan (Neptune user guide, Regions)
    ("graph-db", "eu-south-1"): 3,
    # the example's replica region is us-west-1: the table's own region there
    ("sessions-store", "us-west-1"): 3,
    # Kinesis Video Streams is not offered (KVS developer guide, Region availability)…
    **{("video-analytics", r): 3 for r in ("us-west-1", "eu-north-1", "eu-south-1",
                                            "ap-northeast-3")},
    # …and is offered in Bahrain, where no source gives its rates
    ("video-analytics", "me-south-1"): 4,
    # DMS sells no t3 class in Bahrain (AWS's DMS feed: c5, c6i, r5, r6i only)
    ("database-migration", "me-south-1"): 4,
    # Storage Gateway: the 20 TB gateway passes Tokyo's/Seoul's known first-tier bound
    **{("hybrid-backup", r): 4 for r in ("ap-northeast-1", "ap-northeast-2")},
    # Redshift Serverless: not offered in Bahrain (General Reference endpoints table);
    # offered, with no rate found, in the other three
    ("saas-backend", "me-south-1"): 3,
    **{("saas-backend", r): 4 for r in ("eu-south-1", "ap-northeast-3", "af-south-1")},
    # EMR Serverless: offered (endpoints page), no rate found
    **{("spark-cluster", r): 4 for r in ("eu-south-1", "ap-northeast-3", "ap-east-1",
                                          "me-south-1", "af-south-1")},
    # EBS io2: offered in all regions (EBS user guide), in neither EBS feed here
    **{("web-fleet", r): 4 for r in ("sa-east-1", "eu-west-3", "eu-south-1",
                                      "ap-northeast-3", "af-south-1")},
}


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_in_every_target_region(example: str) -> None:
    """Each pair prices, or stops with the documented exit code and one line — never a
    traceback (anything but an AwscalcError would be one)."""
    from awscalc.errors import AwscalcError
    from awscalc.estimate import estimate
    from awscalc.ratecards import RateBook
    from awscalc.spec import load_spec

    found = {}
    for region in TARGET_REGIONS:
        try:
            result = estimate(load_spec(str(REPO / "examples" / f"{example}.yaml"),
                                        region=region),
                              RateBook(REPO / "pricing" / "aws", "shipped"))
        except AwscalcError as error:
            found[(example, region)] = int(error.exit_code)
        else:
            assert result.monthly_total + result.one_time_total > 0, region
    assert found == {pair: code for pair, code in NOT_PRICED.items() if pair[0] == example}


def test_the_not_priced_list_names_real_examples_and_regions() -> None:
    assert {name for name, _ in NOT_PRICED} <= set(EXAMPLES)
    assert {region for _, region in NOT_PRICED} <= set(TARGET_REGIONS)
