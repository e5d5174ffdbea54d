"""awscalc pricing list: coverage per service (regions, rates, unverified) in every
format, 'what can I price here offline?' with --region, and every AWS commercial region
code accepted by --region with a did-you-mean (issue 19)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from awscalc.coverage import Coverage, coverage, summary
from awscalc.ratecards import RateBook

FROZEN = str(Path(__file__).parent / "data" / "pricing")

# AWS commercial regions (aws partition), as of 2026: every one must be accepted.
COMMERCIAL = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
              "ca-west-1", "mx-central-1", "sa-east-1", "eu-west-1", "eu-west-2",
              "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
              "eu-south-2", "il-central-1", "me-south-1", "me-central-1", "af-south-1",
              "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
              "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
              "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1"]


def test_data_transfer_counts_rates_and_unverified(frozen_book: RateBook) -> None:
    found = {c.service: c for c in coverage(frozen_book)}["data-transfer"]
    card = frozen_book.card("data-transfer")
    expected = sum(len(entry["regions"]) for entry in card.rates.values())
    assert (found.kind, found.rates, found.unverified) == ("card", expected, 0)
    assert "eu-west-1" in found.regions and "me-south-1" in found.regions


def test_a_region_shows_what_can_be_priced_there(frozen_book: RateBook) -> None:
    found = {c.service: c for c in coverage(frozen_book, "eu-west-1")}
    transfer = found["data-transfer"]
    # internet-out, inter-region-out and cross-az have eu-west-1 rates; the US East pair
    # rate, NAT gateways and interface endpoints do not
    assert (transfer.keys_covered, transfer.keys, transfer.status) == (3, 8, "partial")
    assert transfer.rates == 3
    assert found["cloudfront"].status == "full"  # priced by CloudFront's own zones
    assert found["s3"].status == "none"  # no S3 rate is copied from us-east-1


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_every_format_lists_rates_and_unverified(cli, fmt: str) -> None:
    result = cli("pricing", "list", "--pricing", FROZEN, "--format", fmt)
    assert result.code == 0, result.err
    if fmt == "json":
        records = {r["service"]: r for r in json.loads(result.out)}
        assert records["data-transfer"]["unverified"] == 0
        assert records["s3"]["unverified"] > 0  # S3's unverified wave-1 rates
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.out)))
        assert {"rates", "unverified", "regions"} <= set(rows[0])
    else:
        assert "Unverified" in result.out and "Rates" in result.out


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_region_view_in_every_format(cli, fmt: str) -> None:
    result = cli("pricing", "list", "--pricing", FROZEN, "--region", "eu-west-1",
                 "--format", fmt)
    assert result.code == 0, result.err
    if fmt == "json":
        records = {r["service"]: r for r in json.loads(result.out)}
        assert records["data-transfer"]["coverage"] == "partial"
        assert records["data-transfer"]["region"] == "eu-west-1"
    else:
        assert "partial" in result.out


@pytest.mark.parametrize("region", COMMERCIAL)
def test_every_commercial_region_is_accepted(cli, region: str) -> None:
    result = cli("pricing", "list", "--pricing", FROZEN, "--region", region,
                 "--format", "json")
    assert result.code == 0, result.err


def test_a_mistyped_region_gets_a_did_you_mean(cli) -> None:
    result = cli("pricing", "list", "--region", "eu-wset-1")
    assert result.code == 2
    assert "unknown region 'eu-wset-1'" in result.err and "did you mean 'eu-west-1'?" in result.err


def test_a_missing_region_names_the_update_command(cli, tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("resources: {f: {service: lambda, requests: 1M, duration: 100 ms, "
                    "memory: 128 MB}}\n", encoding="utf-8")
    result = cli("estimate", str(spec), "--region", "ap-southeast-4", "--pricing", FROZEN)
    assert result.code == 4
    assert "run 'awscalc pricing update --service lambda --region ap-southeast-4'" in result.err


EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))


@pytest.mark.parametrize("region", ["eu-west-1", "ap-southeast-2", "sa-east-1"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_in_other_regions_prices_or_names_the_update(
        cli, example: Path, region: str) -> None:
    # Rates are never copied from another region: an example either prices in the region
    # or stops with exit 4 naming what fetches the missing rate — or with exit 3 at a
    # feature AWS does not offer in the region.
    result = cli("estimate", str(example), "--region", region, "--format", "json")
    if result.code == 3:
        assert f"is not offered in {region} " in result.err, result.err
        return
    assert result.code in (0, 4), result.err
    if result.code == 4:
        line = result.err.strip()
        assert "\n" not in line and region in line
        assert ("awscalc pricing update" in line or "does not fetch it" in line
                or "cannot build" in line), line


def _counts(service: str, kind: str, covered: int, keys: int) -> Coverage:
    return Coverage(service, service, kind, (), covered, 0, keys, covered, "", "", "", "",
                    "sa-east-1")


def test_the_region_summary_names_each_service_once_from_card_and_catalog() -> None:
    found = [_counts("rds", "card", 0, 13), _counts("rds", "catalog", 1, 1),
             _counts("ec2", "card", 2, 2), _counts("ec2", "catalog", 2, 2),
             _counts("dms", "card", 0, 3), _counts("dms", "catalog", 0, 1)]
    # rds: its card has no sa-east-1 rate but its catalog does, so partly, not both
    assert summary(found, "sa-east-1") == "full: ec2; partial: rds; none: dms"


def test_the_region_summary_and_json_say_what_aws_does_not_sell_there(cli) -> None:
    # Stockholm: no Kinesis Video Streams (AWS's KVS region list), Redshift with
    # concurrency scaling; Cape Town: Redshift without it.
    found = [replace(_counts("kinesis_video", "card", 0, 7),
                     not_offered=("Kinesis Video Streams",)),
             replace(_counts("aurora", "card", 6, 8), not_offered=("Backtrack",))]
    assert summary(found, "eu-north-1") == (
        "full: —; partial: aurora; none: kinesis_video; not sold here, per AWS's docs: "
        "aurora (Backtrack), kinesis_video (Kinesis Video Streams)")
    # Hong Kong: AWS's page lists Backtrack as not offered, but its feed prices it there
    # and so does the shipped card: an estimate prices it, so the list does not say so
    stockholm = {c.service: c.not_offered for c in coverage(RateBook(
        Path(__file__).parent.parent / "pricing" / "aws", "shipped"), "ap-east-1")}
    assert stockholm["aurora"] == () and stockholm["redshift"] == ("Concurrency scaling",)
    result = cli("pricing", "list", "--pricing", FROZEN, "--region", "af-south-1",
                 "-f", "json")
    records = {(r["service"], r["kind"]): r for r in json.loads(result.out)}
    assert records[("redshift", "card")]["not_offered"] == ["Concurrency scaling"]
    assert records[("s3", "card")]["not_offered"] == []
    result = cli("pricing", "list", "--pricing", FROZEN, "--region", "me-south-1",
                 "-f", "csv")
    rows = {(r["service"], r["kind"]): r for r in csv.DictReader(io.StringIO(result.out))}
    assert rows[("redshift", "card")]["not_offered"] == ("Concurrency scaling; "
                                                         "Redshift Serverless")
    assert rows[("s3", "card")]["not_offered"] == ""


def test_the_region_title_reads_as_a_question(cli) -> None:
    result = cli("pricing", "list", "--pricing", FROZEN, "--region", "eu-west-1")
    assert result.code == 0, result.err
    assert "What the rate cards (" in result.out and "can price in eu-west-1" in result.out
