"""Turning matched Price List prices into a rate card, starting from the shipped card.

The shipped card gives everything the Price List does not: descriptions, awscalc units,
``per`` (AWS prices one request, the card 1,000 or 1,000,000) and free-tier pools. For
each mapped key and selected region the price tiers are replaced by AWS's; keys and
regions that are not updated are carried over from the shipped card and marked so, so
the new card is complete.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from awscalc import __version__
from awscalc.errors import PricingError
from awscalc.priceupdate import DEFAULT_BASE_URL
from awscalc.priceupdate.fetch import Source
from awscalc.priceupdate.mappings import ServiceMapping, select
from awscalc.priceupdate.offers import Offer, PriceTier

CARRIED_KEY = "carried over from the shipped card (not in the AWS Price List)"
CARRIED_REGION = "carried over from the shipped card (region not updated)"


def price_text(value: Decimal) -> str:
    """A price as the card writes it: exact, plain notation, dollars with at least cents.

    >>> price_text(Decimal("0.0000004000") * 1000000), price_text(Decimal("0E-10"))
    ('0.40', '0.00')
    >>> price_text(Decimal("0.0000166667")), price_text(Decimal("50"))
    ('0.0000166667', '50.00')
    """
    value = value.normalize()
    if value.as_tuple().exponent > -2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


def _bound(value: Decimal) -> int | float:
    # AWS's ranges are whole numbers in every sample; YAML/JSON-schema want a number.
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class CardBuild:
    """A rebuilt card and what went into it."""

    service: str
    data: dict[str, Any]
    offers: list[Offer]
    updated: list[tuple[str, str]] = field(default_factory=list)
    carried_keys: list[str] = field(default_factory=list)
    carried_regions: list[tuple[str, str]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)
    # (key, region) → why a tentative rule selected nothing there (its rate is carried).
    unmatched: dict[tuple[str, str], str] = field(default_factory=dict)


def to_regional(tiers: list[PriceTier], per: int, entry: dict[str, Any], where: str
                ) -> tuple[dict[str, Any], Decimal | None]:
    """The card's regional value for AWS's ``tiers``, and a free allowance if any.

    A zero-priced first tier (Route 53's first 50 health checks, 2016's first GB of data
    transfer) becomes the entry's free tier when the shipped card models one; otherwise
    it stays a tier at rate 0. Bounds stay absolute, counted from zero, as in the cards.
    """
    free: Decimal | None = None
    if "free_tier" in entry and len(tiers) > 1 and tiers[0].usd == 0:
        free = tiers[0].end
        tiers = tiers[1:]
    if len(tiers) == 1:
        return {"rate": price_text(tiers[0].usd * per)}, free
    ladder: list[dict[str, Any]] = []
    for tier in tiers:
        item: dict[str, Any] = {}
        if tier.end is not None:
            item["up_to"] = _bound(tier.end)
        item["rate"] = price_text(tier.usd * per)
        ladder.append(item)
    if not ladder:  # pragma: no cover - tiers always end with an Inf tier
        raise PricingError(f"{where}: no price tiers")
    return {"tiers": ladder}, free


def from_price_list(regional: Any) -> bool:
    """Whether a card's regional value was written from the Price List by an update."""
    return isinstance(regional, dict) and str(regional.get("source", "")).startswith(
        DEFAULT_BASE_URL + "/")


def earlier_values(previous: dict[str, Any] | None, shipped: dict[str, Any]
                   ) -> dict[str, dict[str, Any]]:
    """Key → region → value of an earlier update's card that can be kept as it is.

    Only values read from the Price List, and only for keys whose unit and ``per`` are
    still the shipped card's (a newer awscalc may have changed them).
    """
    kept: dict[str, dict[str, Any]] = {}
    if not previous or not isinstance(previous.get("rates"), dict):
        return kept
    for key, entry in shipped["rates"].items():
        old = previous["rates"].get(key)
        if not isinstance(old, dict) or (old.get("unit"), old.get("per", 1)) != (
                entry["unit"], entry.get("per", 1)):
            continue
        regions = {region: value for region, value in old.get("regions", {}).items()
                   if from_price_list(value)}
        if regions:
            kept[key] = regions
    return kept


def build_card(mapping: ServiceMapping, shipped: dict[str, Any],
               offers: dict[str, Offer], selected: list[str], retrieved_at: str,
               index: dict[str, str], previous: dict[str, Any] | None = None) -> CardBuild:
    """Rebuild ``shipped`` (the shipped card's data) with prices from ``offers``.

    ``offers`` maps an AWS region (or "global") to its offer file; ``selected`` are the
    card regions to update. Regions not selected keep the value of ``previous`` (the
    card of the active updated set) where it came from the Price List, else the shipped
    one. Raises :class:`PricingError` naming the key on any mismatch.
    """
    earlier = earlier_values(previous, shipped)
    service = mapping.service
    data = copy.deepcopy(shipped)
    rates: dict[str, Any] = data["rates"]
    used: dict[str, Offer] = {}
    build = CardBuild(service=service, data=data, offers=[])
    new_values: dict[str, dict[str, dict[str, Any]]] = {}
    for key, rule in mapping.rules.items():
        if key not in rates:
            raise PricingError(f"service '{service}': the shipped card has no key '{key}' "
                               "to update (awscalc's mapping is out of date)")
        if rule.same_as:
            continue
        entry = rates[key]
        per = int(entry.get("per", 1))
        values: dict[str, dict[str, Any]] = {}
        for region in mapping.regions_of_rule(rule, selected):
            offer = offers[rule.read_region or region]
            where = f"service '{service}', key '{key}', region '{region}'"
            try:
                tiers = _selected(offer, service, key, rule, region, mapping, where)
            except PricingError as error:
                if rule.confirmed:
                    raise
                build.unmatched[(key, region)] = (
                    f"the unconfirmed Price List rule {rule.describe()} selected nothing "
                    f"usable: {error.message}")
                continue
            regional, free = to_regional(tiers, per, entry, where)
            if not rule.confirmed:
                regional["verified"] = False
                regional["note"] = (f"{offer.code} price selected by {rule.describe()}, a "
                                    "rule no real offer file had confirmed when this awscalc "
                                    "was written")
            if free is not None:
                entry["free_tier"]["quantity"] = _bound(free)
                entry["free_tier"]["note"] = (
                    f"the first {_bound(free)} are priced at $0 in the AWS Price List "
                    f"({offer.code} {offer.version})")
            regional["source"] = Source.canonical_url(offer.raw.path)
            values[region] = regional
            used[offer.raw.url] = offer
        new_values[key] = values
    for key, rule in mapping.rules.items():
        if rule.same_as:
            values = {region: dict(value) for region, value in new_values[rule.same_as].items()}
            same_per = int(rates[rule.same_as].get("per", 1))
            if int(rates[key].get("per", 1)) != same_per:
                raise PricingError(f"service '{service}': key '{key}' and '{rule.same_as}' "
                                   "have different 'per'")
            for value in values.values():
                value["note"] = f"billed at the '{rule.same_as}' rate"
            new_values[key] = values
    for key, entry in rates.items():
        if key in new_values:
            _apply(entry, new_values[key], build, key, earlier.get(key, {}))
        else:
            reason = mapping.carried.get(key, "no Price List mapping in this awscalc version")
            note = CARRIED_KEY if reason.startswith("not in") else (
                f"carried over from the shipped card ({reason})")
            entry["note"] = f"{note}; {entry['note']}" if entry.get("note") else note
            build.carried_keys.append(key)
    build.offers = list(used.values())
    first = build.offers[0] if build.offers else None
    data["source"] = Source.canonical_url(first.raw.path) if first else data["source"]
    data["retrieved"] = retrieved_at[:10]
    data["provenance"] = {
        "written_by": f"awscalc {__version__} pricing update",
        "retrieved_at": retrieved_at,
        "index": index,
        "offers": [offer.provenance() for offer in build.offers],
        "regions_updated": sorted({region for _, region in build.updated}),
        "keys_carried_over": build.carried_keys,
    }
    return build


def _selected(offer: Offer, service: str, key: str, rule: Any, region: str,
              mapping: ServiceMapping, where: str) -> list[PriceTier]:
    """The price tiers of the one product ``rule`` selects, in one of the rule's units."""
    product = select(offer, service, key, rule, region, mapping)
    tiers = offer.tiers(product.sku, where)
    units = {t.unit for t in tiers}
    if not units <= rule.units:
        raise PricingError(f"{where}: SKU {product.sku} is priced per "
                           f"{', '.join(sorted(units))}; expected "
                           f"{' or '.join(sorted(rule.units))}")
    return tiers


def _apply(entry: dict[str, Any], values: dict[str, dict[str, Any]], build: CardBuild,
           key: str, earlier: dict[str, dict[str, Any]]) -> None:
    """Put the updated regional values into ``entry``; keep an earlier update's values
    for the other regions, or mark the shipped ones carried over."""
    shipped_meta = {name: entry.pop(name) for name in ("verified", "note", "source")
                    if name in entry}
    regions: dict[str, Any] = entry["regions"]
    for region in earlier:
        regions.setdefault(region, earlier[region])
    for region, regional in list(regions.items()):
        if region in values:
            continue
        if region in earlier:
            regions[region] = earlier[region]
            build.kept.append((key, region))
            continue
        carried = dict(regional)
        for name in ("verified", "source"):
            if name in shipped_meta and name not in carried:
                carried[name] = shipped_meta[name]
        old_note = carried.get("note") or shipped_meta.get("note")
        why = build.unmatched.get((key, region))
        head = f"carried over from the shipped card ({why})" if why else CARRIED_REGION
        carried["note"] = f"{head}; {old_note}" if old_note else head
        regions[region] = carried
        build.carried_regions.append((key, region))
    for region, regional in values.items():
        regions[region] = regional
        build.updated.append((key, region))
