"""Tentative Price List rules (``mappings.tentative``): a selection no real offer file has
confirmed takes AWS's price only when it selects exactly one product in the expected
unit — shipped ``verified: false`` — and otherwise leaves the shipped rate carried over
with the reason, without stopping the update."""

from __future__ import annotations

from typing import Any

import pytest

from awscalc.errors import PricingError
from awscalc.priceupdate.build import build_card
from awscalc.priceupdate.fetch import RawFile
from awscalc.priceupdate.mappings import Rule, ServiceMapping, tentative
from awscalc.priceupdate.offers import Offer

REQUESTS = frozenset({"Requests"})
SHIPPED: dict[str, Any] = {
    "service": "sqs", "title": "Amazon SQS", "source": "https://aws.amazon.com/sqs/pricing/",
    "retrieved": "2026-11-01", "currency": "USD",
    "rates": {
        "requests-standard": {
            "description": "Standard queue requests", "unit": "request", "per": 1000000,
            "regions": {"us-east-1": {"rate": "0.40"}, "eu-west-1": {"rate": "0.40"}}},
    },
}


def _product(sku: str, usagetype: str, location: str, usd: str, unit: str = "Requests",
             **attributes: str) -> tuple[dict[str, Any], dict[str, Any]]:
    product = {"sku": sku, "productFamily": "API Request",
               "attributes": {"usagetype": usagetype, "location": location, **attributes}}
    term = {f"{sku}.T": {"priceDimensions": {f"{sku}.T.R": {
        "beginRange": "0", "endRange": "Inf", "unit": unit, "pricePerUnit": {"USD": usd}}}}}
    return product, term


def _offer(*products: tuple[dict[str, Any], dict[str, Any]]) -> Offer:
    document = {"offerCode": "AWSQueueService", "version": "20261101000000",
                "publicationDate": "2026-11-01T00:00:00Z",
                "products": {p["sku"]: p for p, _ in products},
                "terms": {"OnDemand": {p["sku"]: t for p, t in products}}}
    raw = RawFile(path="/offers/v1.0/aws/AWSQueueService/20261101000000/x/index.json",
                  url="mirror/x.json", data=b"{}", sha256="", retrieved="")
    return Offer.parse(raw, document, "AWSQueueService")


def _mapping(rule: Rule) -> ServiceMapping:
    return ServiceMapping(service="sqs", offers=("AWSQueueService",),
                          rules={"requests-standard": rule})


RULE = tentative("Requests-RBP", REQUESTS, ("queueType", "Standard"))
US = "US East (N. Virginia)"
EU = "EU (Ireland)"


def _build(rule: Rule, us: Offer, eu: Offer) -> Any:
    return build_card(_mapping(rule), SHIPPED, {"us-east-1": us, "eu-west-1": eu},
                      ["us-east-1", "eu-west-1"], "2026-11-30T00:00:00Z", {})


def test_one_match_is_taken_but_shipped_unverified_with_its_selection() -> None:
    us = _offer(_product("A", "Requests-RBP", US, "0.0000003", queueType="Standard"),
                _product("B", "Requests-FIFO-RBP", US, "0.0000005", queueType="FIFO"))
    eu = _offer(_product("C", "EU-Requests-RBP", EU, "0.0000004", queueType="Standard"))
    build = _build(RULE, us, eu)
    regions = build.data["rates"]["requests-standard"]["regions"]
    assert regions["us-east-1"]["rate"] == "0.30"  # 0.0000003 per request × 1,000,000
    assert regions["eu-west-1"]["rate"] == "0.40"
    for value in regions.values():
        assert value["verified"] is False
        assert "usagetype=Requests-RBP, queueType=Standard" in value["note"]
        assert "no real offer file had confirmed" in value["note"]
    assert sorted(build.updated) == [("requests-standard", "eu-west-1"),
                                     ("requests-standard", "us-east-1")]
    assert not build.unmatched


@pytest.mark.parametrize(("eu_products", "why"), [
    ([], "no product matches"),
    ([_product("C", "EU-Requests-RBP", EU, "0.0000004", queueType="Standard"),
      _product("D", "EUW1-Requests-RBP", EU, "0.0000009", queueType="Standard")],
     "2 products match"),
    ([_product("C", "EU-Requests-RBP", EU, "0.0000004", unit="GB", queueType="Standard")],
     "priced per GB"),
    ([_product("C", "EU-Requests-RBP", EU, "0.0000004", queueType="FIFO")],
     "no product matches"),
], ids=["none", "several", "other-unit", "other-attribute"])
def test_no_usable_match_carries_the_shipped_rate_and_says_why(
        eu_products: list[Any], why: str) -> None:
    us = _offer(_product("A", "Requests-RBP", US, "0.0000003", queueType="Standard"))
    eu = _offer(*eu_products) if eu_products else _offer(
        _product("Z", "EU-Other", EU, "1"))
    build = _build(RULE, us, eu)
    regions = build.data["rates"]["requests-standard"]["regions"]
    assert regions["us-east-1"]["rate"] == "0.30"
    assert regions["eu-west-1"]["rate"] == "0.40"  # the shipped rate, as it was
    note = regions["eu-west-1"]["note"]
    assert note.startswith("carried over from the shipped card (the unconfirmed Price List "
                           "rule usagetype=Requests-RBP, queueType=Standard selected nothing")
    assert why in note
    assert ("requests-standard", "eu-west-1") in build.carried_regions
    assert "verified" not in regions["eu-west-1"]


def test_a_confirmed_rule_still_stops_the_update() -> None:
    confirmed = Rule("Requests-RBP", REQUESTS, (("queueType", "Standard"),))
    us = _offer(_product("A", "Requests-RBP", US, "0.0000003", queueType="Standard"))
    eu = _offer(_product("Z", "EU-Other", EU, "1"))
    with pytest.raises(PricingError, match="key 'requests-standard', region 'eu-west-1'"):
        _build(confirmed, us, eu)


ALSO = tentative("Requests-RBP", REQUESTS, ("queueType", "Standard"),
                 also=("Requests-Tier1",))


def test_another_name_of_the_product_is_taken_where_the_region_uses_it() -> None:
    us = _offer(_product("A", "Requests-RBP", US, "0.0000003", queueType="Standard"))
    eu = _offer(_product("C", "EU-Requests-Tier1", EU, "0.0000005", queueType="Standard"),
                _product("D", "EU-Requests-Tier2", EU, "0.0000009", queueType="Standard"))
    regions = _build(ALSO, us, eu).data["rates"]["requests-standard"]["regions"]
    assert (regions["us-east-1"]["rate"], regions["eu-west-1"]["rate"]) == ("0.30", "0.50")
    assert "usagetype=Requests-RBP|Requests-Tier1" in regions["eu-west-1"]["note"]


def test_both_names_in_one_region_are_ambiguous() -> None:
    us = _offer(_product("A", "Requests-RBP", US, "0.0000003", queueType="Standard"),
                _product("B", "Requests-Tier1", US, "0.0000007", queueType="Standard"))
    eu = _offer(_product("C", "EU-Requests-Tier1", EU, "0.0000005", queueType="Standard"))
    build = _build(ALSO, us, eu)
    regions = build.data["rates"]["requests-standard"]["regions"]
    assert regions["us-east-1"]["rate"] == "0.40"  # shipped, carried
    assert "2 products match" in regions["us-east-1"]["note"]
    assert regions["eu-west-1"]["rate"] == "0.50"


def test_only_the_region_s_own_billing_prefix_is_a_prefix() -> None:
    # an eu-west-1 row with another region's prefix, or a variant's ("IA-"), is not the
    # product; eu-west-1's own "EU-" and "EUW1-" are
    for decoy in ("APN1-Requests-RBP", "IA-Requests-RBP", "XYZ9-Requests-RBP"):
        eu = _offer(_product("C", decoy, EU, "0.0000009", queueType="Standard"))
        us = _offer(_product("A", "Requests-RBP", US, "0.0000003", queueType="Standard"))
        regions = _build(RULE, us, eu).data["rates"]["requests-standard"]["regions"]
        assert regions["eu-west-1"]["rate"] == "0.40", decoy  # shipped, carried
    for own in ("EU-Requests-RBP", "EUW1-Requests-RBP"):
        eu = _offer(_product("C", own, EU, "0.0000009", queueType="Standard"))
        regions = _build(RULE, us, eu).data["rates"]["requests-standard"]["regions"]
        assert regions["eu-west-1"]["rate"] == "0.90", own
