"""Parsing AWS Price List offer files: products, OnDemand terms and their price tiers.

An offer file is ``{formatVersion, disclaimer, offerCode, version, publicationDate,
products: {sku: {sku, productFamily, attributes}}, terms: {OnDemand: {sku: {term: {...,
priceDimensions: {rateCode: {beginRange, endRange, unit, pricePerUnit: {USD}}}}}}}}``.
Everything in it is a string, prices included; they are read with ``Decimal`` as written.
See ``../shared/fixtures/aws-price-list/FORMAT.md`` for the real files' quirks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from awscalc.errors import PricingError
from awscalc.priceupdate.fetch import RawFile, one_line

# Bounded, so that no price or range can overflow the arithmetic of a rate card: up to
# $999,999,999 with 16 decimals per unit; ranges up to 15 digits with 10 decimals.
_PRICE = re.compile(r"[0-9]{1,9}(\.[0-9]{1,16})?")
_RANGE = re.compile(r"[0-9]{1,15}(\.[0-9]{1,10})?")
_SKU = re.compile(r"[\x21-\x7e]{1,64}")
_TEXT = re.compile(r"[\x20-\x7e]{1,64}")  # version, publicationDate: printable ASCII


def _shown(value: Any) -> str:
    """A short, one-line, ASCII rendering of an offer-file value for an error message."""
    if isinstance(value, str):
        return one_line(ascii(value), 50)
    return "a " + type(value).__name__  # never the repr of a (maybe huge) structure


@dataclass(frozen=True)
class Product:
    """One offer-file product (SKU) and its attributes (all strings)."""

    sku: str
    family: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class PriceTier:
    """One price dimension: ``usd`` per ``unit`` from ``begin`` up to ``end`` (None: Inf)."""

    begin: Decimal
    end: Decimal | None
    unit: str
    usd: Decimal


@dataclass
class Offer:
    """A parsed offer file, with where it came from."""

    raw: RawFile
    code: str
    version: str
    publication_date: str
    products: dict[str, Product]
    on_demand: dict[str, Any]

    @classmethod
    def parse(cls, raw: RawFile, document: dict[str, Any], expected_code: str) -> Offer:
        """Check the offer file's shape and index its products; errors name the URL."""
        where = raw.url
        code = document.get("offerCode")
        if code != expected_code:
            raise PricingError(f"{where}: not the {expected_code} offer file "
                               f"(offerCode {_shown(code)})")
        for field in ("version", "publicationDate"):
            if not isinstance(document.get(field), str):
                raise PricingError(f"{where}: offer file without a '{field}'")
            if not _TEXT.fullmatch(document[field]):
                raise PricingError(f"{where}: offer file with a malformed '{field}' "
                                   f"{_shown(document[field])}")
        products = document.get("products")
        terms = document.get("terms")
        if not isinstance(products, dict) or not isinstance(terms, dict):
            raise PricingError(f"{where}: offer file without 'products' and 'terms'")
        on_demand = terms.get("OnDemand")
        if not isinstance(on_demand, dict):
            raise PricingError(f"{where}: offer file without OnDemand terms")
        parsed: dict[str, Product] = {}
        for sku, product in products.items():
            if not _SKU.fullmatch(sku):
                raise PricingError(f"{where}: malformed SKU {_shown(sku)}")
            attributes = product.get("attributes") if isinstance(product, dict) else None
            if not isinstance(attributes, dict):
                raise PricingError(f"{where}: product {sku} has no attributes")
            # productFamily can be missing (FORMAT.md §2.5): select on attributes instead.
            family = product.get("productFamily")
            # Attribute values are strings (FORMAT.md §2.6); a structure is never one to
            # match on, and its str() could be huge or too deep.
            parsed[sku] = Product(sku=sku, family=family if isinstance(family, str) else "",
                                  attributes={k: v if isinstance(v, str) else str(v)
                                              for k, v in attributes.items()
                                              if isinstance(v, (str, int, Decimal))})
        return cls(raw=raw, code=code, version=document["version"],
                   publication_date=document["publicationDate"], products=parsed,
                   on_demand=on_demand)

    def provenance(self) -> dict[str, str]:
        """What a rate card records about this file."""
        return {
            "offer_code": self.code,
            "version": self.version,
            "publication_date": self.publication_date,
            "url": self.raw.url,
            "sha256": self.raw.sha256,
            "retrieved": self.raw.retrieved,
        }

    def tiers(self, sku: str, what: str) -> list[PriceTier]:
        """The OnDemand price tiers of ``sku``, lowest first; ``what`` names the usage key.

        Exactly one OnDemand term is expected. Its dimensions come in no particular
        order (S3 2016 lists 51200-512000 first), so they are sorted by ``beginRange``
        and must then cover 0 to Inf without gaps or overlaps.
        """
        terms = self.on_demand.get(sku)
        if not isinstance(terms, dict) or not terms:
            raise PricingError(f"{what}: SKU {sku} has no OnDemand price in {self.raw.url}")
        if len(terms) != 1:
            raise PricingError(f"{what}: SKU {sku} has {len(terms)} OnDemand terms in "
                               f"{self.raw.url}; expected one")
        term = next(iter(terms.values()))
        dimensions = term.get("priceDimensions") if isinstance(term, dict) else None
        if not isinstance(dimensions, dict) or not dimensions:
            raise PricingError(f"{what}: SKU {sku} has no price dimensions in {self.raw.url}")
        tiers = sorted((self._tier(sku, what, d) for d in dimensions.values()),
                       key=lambda t: t.begin)
        expected = Decimal(0)
        for index, tier in enumerate(tiers):
            last = index == len(tiers) - 1
            if tier.begin != expected or (tier.end is None) != last:
                raise PricingError(f"{what}: SKU {sku}'s price tiers do not run from 0 to Inf "
                                   f"without gaps in {self.raw.url}")
            if tier.end is not None:
                if tier.end <= tier.begin:
                    raise PricingError(f"{what}: SKU {sku} has an empty price tier")
                expected = tier.end
        return tiers

    def _tier(self, sku: str, what: str, dimension: Any) -> PriceTier:
        if not isinstance(dimension, dict):
            raise PricingError(f"{what}: SKU {sku}: malformed price dimension")
        begin = dimension.get("beginRange", "")
        end = dimension.get("endRange", "")
        usd = dimension.get("pricePerUnit", {}).get("USD") if isinstance(
            dimension.get("pricePerUnit"), dict) else None
        unit = dimension.get("unit", "")
        # Reserved "Upfront Fee" dimensions have no ranges; an OnDemand one must have them.
        if not (isinstance(begin, str) and _RANGE.fullmatch(begin) and isinstance(end, str)
                and (end == "Inf" or _RANGE.fullmatch(end))):
            raise PricingError(f"{what}: SKU {sku}: price dimension without a valid "
                               f"beginRange/endRange ({_shown(begin)}, {_shown(end)})")
        if not isinstance(usd, str) or not _PRICE.fullmatch(usd):
            raise PricingError(f"{what}: SKU {sku}: price {_shown(usd)} is not a USD amount "
                               "(at most 9 digits, and 16 decimals)")
        if not isinstance(unit, str):
            raise PricingError(f"{what}: SKU {sku}: price dimension with a unit that is "
                               f"{_shown(unit)}")
        try:
            return PriceTier(begin=Decimal(begin), end=None if end == "Inf" else Decimal(end),
                             unit=unit, usd=Decimal(usd))
        except InvalidOperation as exc:  # pragma: no cover - the patterns above prevent it
            raise PricingError(f"{what}: SKU {sku}: unreadable price dimension") from exc
