"""EMR, SWF and Managed Service for Apache Flink outside their hand-priced regions, from
iann0036/aws-price-watcher @ d65c44f0c (MIT; 3P-PL, unverified): raw/swf.json,
raw/kinesisanalytics.json and the author's flattening processed/elasticmapreduce.json,
written into the cards by pricing/tools/pricewatcher_analytics.py.

The figures below are typed from the feeds by hand, the estimates are computed by hand,
and the generator's rules (every row checked against the card's own figures including
us-east-1, a 0 is missing, hand entries win) are tested on small feeds; with the mirror
present, a re-run on the cited files must reproduce the shipped cards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from awscalc.ratecards import RateBook

from . import regional
from .conftest import REPO, SHIPPED_PRICING, load_tool
from .pricewatcher import COMMIT, assert_is_the_feeds, mirrored, needs_mirror

FILES = ("raw/swf.json", "raw/kinesisanalytics.json", "processed/elasticmapreduce.json")

FEED_FIGURES = {
    # (card, key, region): the figure typed from the feed (all per single unit)
    ("emr", "emr-r5.4xlarge", "eu-west-1"): "0.252",   # 'Instance-instancetype-r5.4xlarge'
    ("emr", "emr-r5.4xlarge", "ap-southeast-2"): "0.252",
    ("emr", "emr-r5.4xlarge", "sa-east-1"): "0.252",
    ("swf", "workflow-executions", "eu-west-1"): "0.000113",     # InitiatedWorkflows
    ("swf", "tasks", "eu-west-1"): "0.00002825",                 # InitiatedActions
    ("swf", "open-workflow-days", "ap-southeast-2"): "0.0000057",
    ("swf", "retained-workflow-days", "ap-southeast-2"): "0.0000057",
    ("swf", "workflow-executions", "sa-east-1"): "0.00015",
    ("swf", "tasks", "sa-east-1"): "0.0000375",
    ("swf", "open-workflow-days", "sa-east-1"): "0.0000075",
    ("swf", "retained-workflow-days", "sa-east-1"): "0.0000075",
    ("flink", "kpu-hours", "eu-west-1"): "0.12",     # '... KPU for Java applications'
    ("flink", "running-storage", "eu-west-1"): "0.11",
    ("flink", "backups", "eu-west-1"): "0.023",
    ("flink", "kpu-hours", "ap-southeast-2"): "0.138",
    ("flink", "running-storage", "ap-southeast-2"): "0.12",
    ("flink", "backups", "ap-southeast-2"): "0.025",
    ("flink", "kpu-hours", "sa-east-1"): "0.22",
    ("flink", "backups", "sa-east-1"): "0.041",
    ("flink", "kpu-hours", "ap-northeast-3"): "0.142",   # no plain 'KPU' row there
}


@pytest.mark.parametrize(("card", "key", "region"), sorted(FEED_FIGURES))
def test_regional_rates_are_the_feeds(shipped_book: RateBook, card: str, key: str,
                                      region: str) -> None:
    assert_is_the_feeds(shipped_book.rate(card, key, region), FEED_FIGURES[(card, key, region)])


def test_the_emr_note_says_the_figure_is_the_authors_flattening(shipped_book: RateBook) -> None:
    note = shipped_book.rate("emr", "emr-r5.4xlarge", "sa-east-1").note
    assert "processed/elasticmapreduce.json" in note and "flattening" in note


def test_hand_entries_win_over_the_feed(shipped_book: RateBook) -> None:
    # Flink eu-west-2 comes from Infracost's golden, SWF us-east-1 from recall: kept
    assert shipped_book.rate("flink", "kpu-hours", "eu-west-2").verified
    assert "recall" in shipped_book.rate("swf", "tasks", "us-east-1").note


def test_emr_serverless_and_eks_are_not_taken_from_this_feed(shipped_book: RateBook) -> None:
    # the flattening has no Serverless metric: PerfKitBenchmarker's figure stays
    assert "PerfKitBenchmarker" in shipped_book.rate("emr", "serverless-vcpu-x86", "sa-east-1").note
    card = (SHIPPED_PRICING / "emr.yaml").read_text()
    eks = card[card.index("  eks-vcpu:"):]
    assert "# pricewatcher" not in eks


def test_an_emr_cluster_by_hand_in_eu_west_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "eu-west-1", (
        "  c: {service: emr, hours: 100 h, instance_groups: {master: {instance_type:"
        " r5.4xlarge}, core: {instance_type: r5.4xlarge, count: 3}}}\n")))
    # (100 h + 3 × 100 h) × $0.252 = $100.80 (the EC2 part is the children's lines)
    emr = [item for item in data["line_items"] if item["usage_key"] == "emr-r5.4xlarge"]
    assert [item["cost"] for item in emr] == [100.80]


def test_a_swf_workflow_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "sa-east-1", (
        "  w: {service: swf, executions: 20000, tasks_per_execution: 8, open_for: 36 h,"
        " retention: 7 days}\n")))
    # 20,000 × $0.00015 = $3.00; 160,000 tasks × $0.0000375 = $6.00; one open day each
    # after the first 24 h: 20,000 × $0.0000075 = $0.15; 7 retained days each:
    # 140,000 × $0.0000075 = $1.05 (free tier off)
    assert regional.items(data) == {"workflow-executions": 3.00, "tasks": 6.00,
                                    "open-workflow-days": 0.15,
                                    "retained-workflow-days": 1.05}


def test_a_flink_application_by_hand_in_ap_southeast_2(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "ap-southeast-2", (
        "  f: {service: flink, kpus: 2, backups: 20 GB}\n")))
    # (2 + 1 orchestration) KPUs × 730 h × $0.138 = $302.22; 2 × 50 GB running storage
    # × $0.12 = $12.00; 20 GB backups × $0.025 = $0.50
    assert regional.items(data) == {"kpu-hours": 302.22, "running-storage": 12.00,
                                    "backups": 0.50}


def test_the_spark_cluster_example_prices_in_sa_east_1(cli) -> None:
    result = cli("estimate", str(REPO / "examples" / "spark-cluster.yaml"), "--region",
                 "sa-east-1", "--format", "json")
    assert result.code == 0, result.err
    costs = {item["usage_key"]: item["cost"] for item in json.loads(result.out)["line_items"]
             if item["usage_key"] in ("emr-r5.4xlarge", "workflow-executions")}
    # (200 h + 2 × 200 h + 6 × 120 h) × $0.252 = $332.64;
    # (90,000 − 1,000 free) × $0.00015 = $13.35
    assert costs == {"emr-r5.4xlarge": 332.64, "workflow-executions": 13.35}


# -- the generator's rules, on small files ---------------------------------------------

SWF_CARD = """\
service: swf
title: Amazon SWF
source: https://aws.amazon.com/swf/pricing/
retrieved: "2026-12-01"
currency: USD
rates:
  workflow-executions:
    description: Executions
    unit: execution
    regions:
      us-east-1: {rate: "0.0001", verified: false}
      us-gov-west-1: {rate: "0.00012"}
  tasks:
    description: Tasks
    unit: task
    regions:
      us-east-1: {rate: "0.000025"}
  open-workflow-days:
    description: Open days
    unit: workflow-day
    regions:
      us-east-1: {rate: "0.000005"}
  retained-workflow-days:
    description: Retained days
    unit: workflow-day
    regions:
      us-east-1: {rate: "0.000005"}
      eu-west-1: {rate: "0.0000099"}
"""

EMR_CARD = """\
service: emr
title: Amazon EMR
source: https://aws.amazon.com/emr/pricing/
retrieved: "2026-12-01"
currency: USD
rates:
  emr-m5.xlarge:
    description: EMR charge per m5.xlarge instance-hour
    unit: instance-hour
    verified: false
    regions:
      us-east-1: {rate: "0.048"}
  serverless-vcpu-x86:
    description: EMR Serverless vCPU-hours
    unit: vCPU-hour
    regions:
      us-east-1: {rate: "0.052624"}
"""

US, GOV, IRELAND, SYDNEY = ("US East (N. Virginia)", "AWS GovCloud (US)", "EU (Ireland)",
                            "Asia Pacific (Sydney)")


def _swf_feed(regions: dict[str, dict[str, str]]) -> dict:
    """An SWF feed: display name → row → price (plus a hash duplicate per row)."""
    return {"manifest": {"hawkFilePublicationDate": "2025-03-18T16:00:53Z"},
            "regions": {name: {row: {"price": price, "rateCode": "X.Y.Z",
                                     "RegionlessRateCode": "h"} for row, price in rows.items()}
                        for name, rows in regions.items()}}


def _swf_rows(executions: str, tasks: str, days: str) -> dict[str, str]:
    return {"InitiatedWorkflows": executions, "InitiatedActions": tasks,
            "OpenWorkflowDays": days, "ClosedRetainedWorkflowDays": days}


@pytest.fixture
def generator():
    """The generator module."""
    return load_tool("pricewatcher_analytics")


def _run(generator, tmp_path: Path, card: str, text: str, path: str,
         data: dict) -> tuple[int, str]:
    """Run the generator on one card of a scratch pricing root; exit code and card."""
    (tmp_path / "aws").mkdir(exist_ok=True)
    target = tmp_path / "aws" / f"{card}.yaml"
    if not target.exists():
        target.write_text(text)
    (tmp_path / "files" / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "files" / path).write_text(json.dumps(data))
    code = generator.main([str(tmp_path / "files"), "--card", card, "--commit", COMMIT,
                           "--date", "2025-05-24", "--root", str(tmp_path)])
    return code, target.read_text()


def _marked(card: str) -> list[str]:
    return [line for line in card.splitlines() if line.endswith("  # pricewatcher")]


def test_swf_rows_fill_the_missing_regions_and_keep_hand_entries(generator,
                                                                 tmp_path: Path) -> None:
    feed = _swf_feed({US: _swf_rows("0.0001000000", "0.0000250000", "0.0000050000"),
                      GOV: _swf_rows("0.0001200000", "0.0000300000", "0.0000060000"),
                      IRELAND: _swf_rows("0.0001130000", "0.0000282500", "0.0000099000"),
                      SYDNEY: _swf_rows("0.0001140000", "0.0000000000", "0.0000057000")})
    code, card = _run(generator, tmp_path, "swf", SWF_CARD, "raw/swf.json", feed)
    assert code == 0
    lines = _marked(card)
    # Ireland: 3 keys (its retained days are the card's own); Sydney: 3 (tasks is 0 =
    # missing); GovCloud is a check region only, never written
    assert len(lines) == 6 and not any("us-gov-west-1" in line for line in lines)
    assert lines[0].startswith('      ap-southeast-2: {rate: "0.000114", verified: false,')
    assert "row 'InitiatedWorkflows'" in lines[0] and "published 2025-03-18" in lines[0]
    assert 'eu-west-1: {rate: "0.0000099"}' in card
    # a second run replaces its own lines only
    assert _run(generator, tmp_path, "swf", SWF_CARD, "raw/swf.json", feed) == (0, card)


def test_a_row_that_disagrees_with_a_hand_entry_stops_the_run(generator, tmp_path: Path,
                                                             capsys) -> None:
    # GovCloud (the verified figure) differs: nothing is written
    feed = _swf_feed({US: _swf_rows("0.0001000000", "0.0000250000", "0.0000050000"),
                      GOV: _swf_rows("0.0001300000", "0.0000300000", "0.0000060000"),
                      SYDNEY: _swf_rows("0.0001140000", "0.0000285000", "0.0000057000")})
    code, card = _run(generator, tmp_path, "swf", SWF_CARD, "raw/swf.json", feed)
    assert code == 1 and card == SWF_CARD
    assert ("swf workflow-executions us-gov-west-1: card 0.00012, feed 0.00013"
            in capsys.readouterr().err)


def test_a_row_without_a_us_east_1_figure_stops_the_run(generator, tmp_path: Path,
                                                       capsys) -> None:
    feed = _swf_feed({GOV: _swf_rows("0.0001200000", "0.0000300000", "0.0000060000"),
                      SYDNEY: _swf_rows("0.0001140000", "0.0000285000", "0.0000057000")})
    code, card = _run(generator, tmp_path, "swf", SWF_CARD, "raw/swf.json", feed)
    assert code == 1 and card == SWF_CARD
    assert "swf tasks: no us-east-1 figure" in capsys.readouterr().err


def test_emr_reads_the_flattening_for_the_cards_own_instance_types(generator,
                                                                   tmp_path: Path) -> None:
    flattened = {
        "Instance-instancetype-m5.xlarge": {US: "0.0480000000", SYDNEY: "0.0600000000",
                                            IRELAND: "0.0000000000"},
        "Instance-instancetype-r5.4xlarge": {US: "0.2520000000", SYDNEY: "0.2520000000"},
        "EMR Containers EC2 CPUHours": {US: "0.0101150000", SYDNEY: "0.0101150000"},
    }
    code, card = _run(generator, tmp_path, "emr", EMR_CARD,
                      "processed/elasticmapreduce.json", flattened)
    assert code == 0
    # only the card's key, only Sydney (Ireland's 0 is missing); no key is added
    lines = _marked(card)
    assert len(lines) == 1 and lines[0].startswith(
        '      ap-southeast-2: {rate: "0.06", verified: false,')
    assert "r5.4xlarge" not in card and "publication date is unknown" in lines[0]


@needs_mirror
def test_the_flattening_agrees_with_the_verbatim_feeds_it_was_made_from() -> None:
    # The EMR figures come from processed/; where both exist, processed/ is raw/'s rows
    for name in ("swf", "kinesisanalytics"):
        raw, flat = (json.loads(mirrored(f"{kind}/{name}.json")) for kind in ("raw", "processed"))
        for metric, by_region in flat.items():
            for region, value in by_region.items():
                assert raw["regions"][region][metric]["price"] == value, (name, metric)




@needs_mirror
def test_a_rerun_on_the_cited_files_checks_and_reproduces_the_shipped_cards(
        generator, tmp_path: Path, capsys) -> None:
    for path in FILES:
        (tmp_path / "files" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "files" / path).write_bytes(mirrored(path))
    shutil.copytree(REPO / "pricing" / "aws", tmp_path / "aws",
                    ignore=shutil.ignore_patterns("*.sqlite", "catalog"))
    assert generator.main([str(tmp_path / "files"), "--commit", COMMIT, "--date",
                           "2025-05-24", "--root", str(tmp_path)]) == 0
    for card in generator.SOURCES:
        shipped = (REPO / "pricing" / "aws" / f"{card}.yaml").read_text()
        assert (tmp_path / "aws" / f"{card}.yaml").read_text() == shipped, card
    # the mapping check ran against the cards' verified figures where there are any
    out = capsys.readouterr().out
    assert "swf tasks ← 'InitiatedActions': checked in us-east-1 (unverified), " \
           "us-gov-west-1 (verified)" in out
    assert "flink kpu-hours ← 'Kinesis Processing Unit KPU for Java applications': " \
           "checked in us-east-1 (unverified), eu-west-2 (verified)" in out
    assert "emr emr-r5.4xlarge ← 'Instance-instancetype-r5.4xlarge': checked in " \
           "us-east-1 (unverified)" in out
