"""Unverified-rate warnings: one per shared provenance, with every key's note reachable.

A regional estimate drew 15 unverified rates from two third-party copies of AWS feeds and
printed one five-line warning per key (75 lines); keys whose notes share a provenance now
make one warning, and the JSON line items carry each unverified rate's own note.
"""

from __future__ import annotations

import json

import pytest
import yaml

from awscalc.model import UnverifiedRate
from awscalc.unverified import unverified_warnings

from .conftest import REPO

FEED = ("AWS's pricing-page feed (https://b0.p.awsstatic.com/x/kinesis.json, published "
        "2025-03-11) as committed in iann0036/aws-price-watcher raw/kinesis.json @ d65c44f0c "
        "(commit of 2025-05-24; MIT; label 3P-PL); not re-checked against the current page")
HERE = ("sa-east-1",)


def rate(name: str, note: str | None, regions: tuple[str, ...] = HERE) -> UnverifiedRate:
    return UnverifiedRate(name, regions, (note,) if note else ())


def test_notes_that_differ_only_in_their_row_make_one_warning() -> None:
    rates = [rate("kinesis/shard-hours", f"row 'Provisioned shard hour per ShardHour' of {FEED}"),
             rate("kinesis/put-payload-units",
                  f"row 'Payload Units per PutRequest' × 1,000,000 (the feed prices one unit) "
                  f"of {FEED}"),
             rate("firehose/ingestion",
                  f"rows 'Per GB of data ingested first 500TB', 'Per GB of data ingested Next "
                  f"3PB' (one per tier; bounds as in the card's reference entry) of {FEED}")]
    (warning,) = unverified_warnings(rates)
    assert warning == (
        "unverified rates (sa-east-1) contributed to this estimate: "
        "kinesis/shard-hours (row 'Provisioned shard hour per ShardHour'), "
        "kinesis/put-payload-units (row 'Payload Units per PutRequest' × 1,000,000 (the feed "
        "prices one unit)), "
        # " of " inside a quoted row name or in parentheses does not split the note
        "firehose/ingestion (rows 'Per GB of data ingested first 500TB', 'Per GB of data "
        "ingested Next 3PB' (one per tier; bounds as in the card's reference entry)) "
        f"— from {FEED}")


def test_a_row_name_with_of_in_it_stays_whole() -> None:
    # both names end "… of data retrieved per GB'": a split there would share more text
    rates = [rate("kinesis/efo-data", f"row 'Enhanced fan out GB of data retrieved per GB' "
                                      f"(the card's unit (GB)) of {FEED}"),
             rate("kinesis/other", f"row 'Other GB of data retrieved per GB' "
                                   f"(the card's unit (GB)) of {FEED}")]
    (warning,) = unverified_warnings(rates)
    assert warning.endswith(
        "kinesis/efo-data (row 'Enhanced fan out GB of data retrieved per GB' (the card's unit "
        "(GB))), kinesis/other (row 'Other GB of data retrieved per GB' (the card's unit (GB))) "
        f"— from {FEED}")


def test_notes_that_share_nothing_keep_their_own_warnings_as_before() -> None:
    rates = [rate("s3/storage-standard", "AWS Price List AmazonS3 eu-west-1, row EU-Timed"),
             rate("cloudfront/functions", "only in Infracost's golden, 2024-12-23",
                  ("global",)),
             rate("swf/tasks", None)]
    assert unverified_warnings(rates) == [
        "unverified rate s3/storage-standard (sa-east-1) contributed to this estimate: "
        "AWS Price List AmazonS3 eu-west-1, row EU-Timed",
        "unverified rate cloudfront/functions (global) contributed to this estimate: "
        "only in Infracost's golden, 2024-12-23",
        "unverified rate swf/tasks (sa-east-1) contributed to this estimate"]


def test_groups_keep_the_order_of_their_first_key() -> None:
    rates = [rate("a/one", "recall"), rate("k/x", f"row 'X' of {FEED}"),
             rate("b/two", "third party summary"), rate("k/y", f"row 'Y' of {FEED}")]
    found = unverified_warnings(rates)
    assert [w.split(" contributed")[0] for w in found] == [
        "unverified rate a/one (sa-east-1)", "unverified rates (sa-east-1)",
        "unverified rate b/two (sa-east-1)"]
    assert found[1].endswith(f"k/x (row 'X'), k/y (row 'Y') — from {FEED}")


def test_keys_in_different_regions_each_name_theirs() -> None:
    rates = [rate("k/x", f"row 'X' of {FEED}", ("eu-west-1", "sa-east-1")),
             rate("k/y", f"row 'Y' of {FEED}", ("sa-east-1",))]
    (warning,) = unverified_warnings(rates)
    assert warning == ("unverified rates contributed to this estimate: k/x in eu-west-1, "
                       "sa-east-1 (row 'X'), k/y in sa-east-1 (row 'Y') — from " + FEED)


def test_identical_notes_are_one_warning_listing_the_keys() -> None:
    note = "third party (FactualMinds, June 2026); no AWS source seen for us-east-1"
    (warning,) = unverified_warnings([rate("efs/elastic-read", note),
                                      rate("efs/elastic-write", note)])
    assert warning == ("unverified rates (sa-east-1) contributed to this estimate: "
                       f"efs/elastic-read, efs/elastic-write — {note}")


def test_a_short_shared_ending_is_not_taken_for_a_provenance() -> None:
    rates = [rate("ecs/vcpu", "row EU-Fargate-vCPU-Hours in ligoj's fixtures: old"),
             rate("ecs/memory", "row EU-Fargate-GB-Hours in ligoj's fixtures: old")]
    assert [w.startswith("unverified rate ecs/") for w in unverified_warnings(rates)] == [
        True, True]


def test_the_feed_that_saves_most_text_wins_over_a_shorter_shared_tail() -> None:
    # the kinesis and firehose notes also share "Amazon's feed …" after their feed's name
    tail = "Amazon's feed as committed in a third party's repository, not re-checked"
    kinesis = f"kinesis rows of {'K' * 200}: {tail}"
    firehose = f"firehose rows of {'F' * 200}: {tail}"
    rates = [rate("kinesis/a", f"row 'A' of {kinesis}"), rate("kinesis/b", f"row 'B' of {kinesis}"),
             rate("firehose/c", f"row 'C' of {firehose}"),
             rate("firehose/d", f"row 'D' of {firehose}")]
    found = unverified_warnings(rates)
    assert [w.endswith(f"— from {kinesis}") for w in found] == [True, False]
    assert found[1].endswith(f"— from {firehose}")


@pytest.fixture
def clickstream(cli):
    """``awscalc estimate examples/clickstream.yaml --region sa-east-1 FORMAT``."""
    def run(fmt: str) -> str:
        result = cli("estimate", str(REPO / "examples" / "clickstream.yaml"),
                     "--region", "sa-east-1", "-f", fmt)
        assert result.code == 0, result.err
        return result.out
    return run


def _card_entries(service: str) -> dict[str, dict]:
    card = yaml.safe_load((REPO / "pricing" / "aws" / f"{service}.yaml").read_text())
    return {key: entry["regions"]["sa-east-1"] for key, entry in card["rates"].items()
            if "sa-east-1" in entry["regions"]}


def test_a_regional_table_prints_one_warning_per_feed(clickstream) -> None:
    lines = clickstream("table").splitlines()
    warnings = [line for line in lines if line.startswith("warning:")]
    start = lines.index(warnings[0])
    end = next(i for i, line in enumerate(lines) if line.startswith("* not a verified"))
    # 15 warnings in 75 lines before (one per key); measured 23 lines since, at 100 columns
    assert len(warnings) == 2
    assert end - start <= 26
    text = " ".join(lines[start:end])
    keys = {f"{item['service']}/{item['usage_key']}"
            for item in json.loads(clickstream("json"))["line_items"] if not item["verified"]}
    assert len(keys) == 15
    assert all(text.count(f"{key} (row") == 1 for key in keys)


def test_json_carries_each_unverified_keys_note_and_source(clickstream) -> None:
    document = json.loads(clickstream("json"))
    unverified = [item for item in document["line_items"] if not item["verified"]]
    cards = {service: _card_entries(service) for service in ("kinesis", "firehose")}
    for item in unverified:
        entry = cards[item["service"]][item["usage_key"]]
        assert item["rate_note"] == entry["note"]
        assert item["rate_source"] == entry["source"]
    assert all("rate_note" not in item for item in document["line_items"] if item["verified"])
    # the grouped warnings name every unverified key once
    named = " ".join(document["warnings"])
    for item in unverified:
        assert named.count(f"{item['service']}/{item['usage_key']} (") == 1


def test_a_diff_lists_a_key_unverified_on_both_sides_once(cli) -> None:
    spec = str(REPO / "examples" / "clickstream.yaml")
    result = cli("diff", spec, spec, "--set-before", "region=eu-west-1",
                 "--set-after", "region=sa-east-1", "-f", "json")
    assert result.code == 0, result.err
    warnings = json.loads(result.out)["warnings"]
    assert len(warnings) == 2  # one per feed, not one per key and side (30)
    assert all(w.startswith("unverified rates (eu-west-1, sa-east-1) contributed")
               for w in warnings)
    assert sum(w.count("kinesis/shard-hours (") for w in warnings) == 1
