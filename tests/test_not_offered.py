"""Where AWS says it does not sell a service or a feature (a service's ``not_offered``
declaration): asking for it there is a spec error at the key that asks, citing AWS's
page — unless the pricing directory has the rate after all (AWS launched there since, and
``pricing update`` or a hand-added rate brought it in), which is then priced as usual.
The hostile corpus holds the one-line errors (kinesis_video, neptune and redshift)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.services import declarations, schema_fragment
from awscalc.spec import parse_spec

from .conftest import FROZEN_PRICING, SHIPPED_PRICING

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")

KVS = "region: {region}\nresources:\n  cams:\n    service: kinesis_video\n    ingested: 100 GB\n"


def test_every_declaration_names_real_keys_and_regions() -> None:
    declared = [(d, absent) for d in declarations().values() for absent in d.not_offered]
    assert {d.name for d, _ in declared} >= {"aurora", "kinesis_video", "neptune", "redshift"}
    for service, absent in declared:
        assert set(absent.keys) <= set(service.meters) | set(service.catalog)
        assert absent.spec_key == ("service",) or (
            absent.spec_key[0] in schema_fragment(service.name)["properties"])
        assert absent.source.startswith(("https://docs.aws.amazon.com/", "https://repost.aws/"))
        assert absent.regions and all(name for name in absent.regions.values())


def test_a_region_aws_does_not_serve_is_a_spec_error_at_the_service() -> None:
    with pytest.raises(SpecError) as caught:
        estimate(parse_spec(KVS.format(region="ap-northeast-3"), "kvs.yaml"), SHIPPED)
    assert caught.value.message.startswith(
        "kvs.yaml:4: $.resources.cams.service: Kinesis Video Streams is not offered in "
        "ap-northeast-3 (Asia Pacific (Osaka); ")
    assert caught.value.hint == "choose a region the page lists"


def test_a_served_region_without_a_rate_stays_a_missing_price() -> None:
    # AWS lists Bahrain for KVS; no source gives its rates.
    with pytest.raises(PricingError, match="no price for service 'kinesis_video', region "
                       "'me-south-1'"):
        estimate(parse_spec(KVS.format(region="me-south-1"), "kvs.yaml"), SHIPPED)


def test_a_rate_in_the_pricing_directory_wins(tmp_path: Path) -> None:
    # A hand-added Stockholm rate (as if AWS had launched there): priced, no spec error.
    pricing = tmp_path / "pricing"
    shutil.copytree(FROZEN_PRICING, pricing)
    card = pricing / "kinesis_video.yaml"
    text = card.read_text(encoding="utf-8")
    us_east = '      us-east-1: {rate: "0.0085"}\n'
    assert us_east in text
    card.write_text(text.replace(us_east, us_east + '      eu-north-1: {rate: "0.02"}\n', 1),
                    encoding="utf-8")
    result = estimate(parse_spec(KVS.format(region="eu-north-1"), "kvs.yaml"),
                      RateBook(pricing, "test"))
    # 100 GB × $0.02 (the hand-added rate) = $2.00
    assert [item.cost for item in result.line_items] == [Decimal("2.00")]


def test_only_the_feature_aws_does_not_offer_is_refused() -> None:
    # Redshift RA3 is sold in Cape Town; its concurrency scaling is not.
    base = ("region: af-south-1\nresources:\n  w:\n    service: redshift\n"
            "    node_type: ra3.4xlarge\n")
    assert estimate(parse_spec(base, "w.yaml"), SHIPPED).line_items
    with pytest.raises(SpecError) as caught:
        estimate(parse_spec(base + "    concurrency_scaling: {hours: 10 h}\n", "w.yaml"),
                 SHIPPED)
    assert caught.value.message.startswith(
        "w.yaml:6: $.resources.w.concurrency_scaling: Concurrency scaling is not offered in "
        "af-south-1 (Africa (Cape Town); "
        "https://docs.aws.amazon.com/redshift/latest/dg/concurrency-scaling-regions.html")
    assert caught.value.hint == "remove concurrency_scaling or choose a region the page lists"


def test_a_declaration_may_say_what_to_do_instead() -> None:
    base = ("region: me-south-1\nresources:\n  w:\n    service: redshift\n"
            "    serverless: {base_rpus: 8, hours: 10 h}\n")
    with pytest.raises(SpecError) as caught:
        estimate(parse_spec(base, "w.yaml"), SHIPPED)
    assert "Redshift Serverless is not offered in me-south-1" in caught.value.message
    assert caught.value.hint == ("price a provisioned cluster (node_type) instead, or choose "
                                 "a region the page lists")
