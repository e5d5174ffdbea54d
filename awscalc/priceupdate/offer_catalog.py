"""The generic ``pricing update`` catalog builder: offer rows → catalog rows (+ card rates).

EC2 has a builder of its own (:mod:`.ec2`); the database offers (AmazonRDS for ``rds``
and ``aurora``, AmazonElastiCache, AmazonRedshift, AWSDatabaseMigrationSvc) share this
one engine and differ only by an :class:`OfferSpec`, their rule table
(:mod:`.databases`). For each selected region's offer file (JSON or CSV, streamed as in
:mod:`.ec2`: products first, then the terms, never the whole file in memory):

1. **Location** (``../shared/pricing-facts-wave2.md`` F.1): ``locationType`` exactly
   ``AWS Region`` (Outposts, Local and Wavelength Zones are other location types) and,
   where the row has it, ``regionCode`` equal to the file's region; RDS Custom rows
   (``deploymentModel`` ``Custom``) are left out.
2. **Usage type**: its billing-region prefix must be one of the file's region's
   (:data:`REGION_PREFIXES`: ``EU-`` or ``EUW1-`` for eu-west-1, none or ``USE1-`` for
   us-east-1); what follows is matched exactly (a full match) by the spec's rules, never
   as a substring, so ``RDS:Mirror-GP2-Storage`` is not ``RDS:GP2-Storage`` and
   ``USE1-MIA1-…`` (a Local Zone) is not a us-east-1 row.
3. **The spec** classifies the product: a catalog row (key and dimensions, with or
   without Reserved terms), a card rate (key of the service's hand-written card), or
   nothing (counted under its reason).
4. **Terms**: OnDemand ``JRTCKXETXF`` with one 0–Inf dimension in an expected unit;
   Reserved (where the spec takes them) with ``LeaseContractLength`` 1yr / 3yr,
   ``OfferingClass`` standard (or none) and ``PurchaseOption`` No / Partial / All Upfront:
   its ``Hrs`` dimension is the recurring rate (purchase option
   ``reserved:<term>:<payment>``), its ``Quantity`` dimension the upfront fee.

Two rows giving the same rate key with different prices are *ambiguous*: both are
dropped and reported (a missing rate is an exit-4 error at estimate time; a guessed one
would be silent). The catalog is written with :func:`awscalc.catalog.write_catalog`;
``pricing update`` then merges every other region of the current catalog into it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from awscalc.catalog import CatalogKey, CatalogRate, CatalogSource, write_catalog
from awscalc.errors import PricingError
from awscalc.priceupdate import stream
from awscalc.priceupdate.ec2 import (
    LEASES,
    ON_DEMAND_TERM,
    PAYMENTS,
    REGION_TYPE,
    Provenance,
    RegionReport,
    _fetch_offer,
    _price,
    _read_csv,
    _read_json,
    _region_urls,
    _source,
    _Staging,
)
from awscalc.priceupdate.mappings import REGION_PREFIXES

HOURS = frozenset({"Hrs"})
STANDARD_CLASSES = frozenset({"standard", ""})
CARD_PREFIX = "card:"

# CSV column → JSON attribute name, for every attribute a spec reads (both spellings
# where AWS's CSV headers and the Price List API's attribute names differ).
CSV_ATTRIBUTES = {
    "Product Family": "productFamily", "Location": "location",
    "Location Type": "locationType", "Region Code": "regionCode",
    "Instance Type": "instanceType", "usageType": "usagetype", "operation": "operation",
    "Database Engine": "databaseEngine", "Database Edition": "databaseEdition",
    "License Model": "licenseModel", "Deployment Option": "deploymentOption",
    "Deployment Model": "deploymentModel", "Volume Type": "volumeType",
    "Group": "group", "Group Description": "groupDescription",
    "Cache Engine": "cacheEngine", "Cache_Engine": "cacheEngine",
    "Availability Zone": "availabilityZone", "Availability_Zone": "availabilityZone",
    "Storage Media": "storageMedia",
}
CSV_REQUIRED = ("SKU", "OfferTermCode", "TermType", "StartingRange", "EndingRange", "Unit",
                "PricePerUnit", "Product Family", "Location Type", "usageType")


@dataclass(frozen=True)
class Row:
    """A catalog row a product prices: ``key`` with ``dims`` (the purchase option is
    appended when ``purchase_option`` is set), and its Reserved terms when ``reserved``."""

    key: str
    dims: tuple[str, ...]
    units: frozenset[str] = HOURS
    purchase_option: bool = True
    reserved: bool = False
    upfront_key: str = "reserved-upfront"


@dataclass(frozen=True)
class CardRule:
    """A usage type (without its region prefix) that prices a key of the service's
    hand-written card: the offer's unit must be one of ``units``; the card rate is the
    offer price × ``scale`` (``IOs`` per request → card per million: 1,000,000).
    ``attributes`` must match exactly; ``family`` too unless empty."""

    key: str
    family: str
    units: frozenset[str]
    attributes: tuple[tuple[str, str], ...] = ()
    scale: Decimal = Decimal(1)
    confirmed: str = ""  # the real offer row that confirms it, if any


@dataclass(frozen=True)
class CardRate:
    """A card rate a product prices (see :class:`CardRule`)."""

    key: str
    units: frozenset[str]
    scale: Decimal


Selected = Row | CardRate
# (attributes, productFamily, usage type without prefix) → a selection, or a skip reason
Classifier = Callable[[dict[str, str], str, str], "Selected | str | None"]


@dataclass(frozen=True)
class OfferSpec:
    """What one service takes from its offer."""

    service: str
    title: str
    offer_code: str
    keys: tuple[CatalogKey, ...]
    classify: Classifier
    card_rules: dict[str, CardRule] = field(default_factory=dict)
    card_patterns: tuple[tuple[re.Pattern[str], CardRule], ...] = ()
    unconfirmed: dict[str, str] = field(default_factory=dict)
    # Applied to the staged rates before writing (e.g. derived rows); may add sources.
    finish: Callable[[list[CatalogRate], list[CatalogSource], str], list[CatalogRate]] | None = None


@dataclass
class CatalogBuild:
    """The result of :func:`build_catalog`: the catalog at ``dest`` and the card rates
    (``cards[card][key][region] = {"rate": text}``) for ``pricing update`` to write."""

    service: str
    dest: Path
    count: int
    regions: dict[str, RegionReport]
    ambiguous: list[str]
    cards: dict[str, dict[str, dict[str, dict[str, Any]]]]
    unconfirmed: dict[str, str]
    sources: list[CatalogSource]
    offer_code: str = ""
    ebs: dict[str, Any] = field(default_factory=dict)  # EC2's only; empty here


class _Region:
    """Selection and term handling for one region's offer file."""

    def __init__(self, spec: OfferSpec, region: str, source: int, staging: _Staging,
                 report: RegionReport) -> None:
        if region not in REGION_PREFIXES:
            raise PricingError(f"service '{spec.service}': awscalc does not know the "
                               f"usage-type prefix of region '{region}'",
                               f"known: {', '.join(sorted(REGION_PREFIXES))}")
        self.spec = spec
        self.region = region
        self.prefixes = REGION_PREFIXES[region]
        self.source = source
        self.staging = staging
        self.report = report
        self.products: dict[str, Selected] = {}

    def select(self, attributes: dict[str, str], family: str) -> Selected | None:
        """What a product prices, or None (counted under the reason)."""
        if attributes.get("locationType") != REGION_TYPE:
            return self._skip("not an AWS Region (Outposts, Local or Wavelength Zone)")
        code = attributes.get("regionCode")
        if code and code != self.region:
            return self._skip("another region's product (a Local Zone's or a copy)")
        if attributes.get("deploymentModel") == "Custom":
            return self._skip("RDS Custom (deploymentModel Custom)")
        usagetype = attributes.get("usagetype", "")
        found: Selected | str | None = None
        for prefix in self.prefixes:
            if not usagetype.startswith(prefix):
                continue
            found = self._classify(attributes, family, usagetype[len(prefix):])
            if found is not None:
                break
        if found is None:
            return self._skip("other usage type (or another region's prefix)")
        if isinstance(found, str):
            return self._skip(found)
        return found

    def _classify(self, attributes: dict[str, str], family: str,
                  usage: str) -> Selected | str | None:
        rule = self.spec.card_rules.get(usage)
        if rule is None:
            rule = next((r for pattern, r in self.spec.card_patterns
                         if pattern.fullmatch(usage)), None)
        if rule is not None:
            if rule.family and family != rule.family:
                return f"{usage}: product family other than {rule.family}"
            for name, value in rule.attributes:
                if attributes.get(name, "") != value:
                    return f"{usage}: {name} other than {value!r}"
            return CardRate(rule.key, rule.units, rule.scale)
        return self.spec.classify(attributes, family, usage)

    def _skip(self, reason: str) -> None:
        self.report.skipped[reason] += 1
        return None

    def dimension(self, product: Selected, term_type: str, term_code: str,
                  term_attributes: dict[str, str], unit: str, price: str, begin: str,
                  end: str, where: str) -> None:
        """Turn one price dimension of a selected product into a rate (or skip it)."""
        if term_type == "OnDemand":
            if term_code != ON_DEMAND_TERM:
                self._skip("OnDemand term other than JRTCKXETXF")
            elif begin not in ("0", "") or end not in ("Inf", ""):
                self._skip("tiered OnDemand dimension (not imported)")
            elif unit not in product.units:
                self._skip(f"OnDemand dimension in unit {unit!r}, not "
                           f"{' / '.join(sorted(product.units))}")
            elif isinstance(product, CardRate):
                value = Decimal(_price(price, where)) * product.scale
                self._stage(CARD_PREFIX + product.key, (), format(value.normalize(), "f"))
            else:
                self._stage(product.key, self._dims(product, "on_demand"),
                            _price(price, where))
            return
        if term_type != "Reserved":
            return
        if not isinstance(product, Row) or not product.reserved:
            self._skip("Reserved term of a product priced On-Demand only")
            return
        lease = LEASES.get(term_attributes.get("LeaseContractLength", ""))
        offering = term_attributes.get("OfferingClass", "")
        payment = PAYMENTS.get(term_attributes.get("PurchaseOption", ""))
        if lease is None or offering not in STANDARD_CLASSES or payment is None:
            self._skip("Reserved term with other attributes")
            return
        option = f"reserved:{lease}:{payment}"
        if unit == "Hrs":
            self._stage(product.key, self._dims(product, option), _price(price, where))
        elif unit == "Quantity":
            if payment == "no_upfront":
                self._skip("upfront fee of a No Upfront term")
            else:
                self._stage(product.upfront_key, self._dims(product, option),
                            _price(price, where))
        else:
            self._skip("Reserved dimension in another unit")

    @staticmethod
    def _dims(row: Row, option: str) -> tuple[str, ...]:
        return (*row.dims, option) if row.purchase_option else row.dims

    def _stage(self, key: str, dims: tuple[str, ...], price: str) -> None:
        self.staging.add(key, self.region, dims, price, self.source)


# -- reading ------------------------------------------------------------------------------

# -- building -----------------------------------------------------------------------------

def build_catalog(spec: OfferSpec, files: dict[str, Path], dest: Path,
                  provenance: Provenance) -> CatalogBuild:
    """Build ``spec.service``'s catalog at ``dest`` from per-region offer files
    (``files``: region code → ``.json`` or ``.csv`` file). ``dest`` is written
    atomically; a malformed file is a :class:`PricingError` naming it, nothing written."""
    sources = [CatalogSource(
        source=provenance.source, retrieved=provenance.retrieved[:10], verified=True,
        note=f"AWS Price List Bulk API: {spec.offer_code} per-region files, read by "
             "'awscalc pricing update'")]
    staging = _Staging(dest.with_name(f".{dest.name}.staging-{os.getpid()}"))
    reports: dict[str, RegionReport] = {}
    cards: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        for region_code in sorted(files):
            path = files[region_code]
            report = reports[region_code] = RegionReport()
            region = _Region(spec, region_code, len(sources), staging, report)
            if stream.file_format(path) == "json":
                header = _read_json(path, region, spec.offer_code)  # type: ignore[arg-type]
            else:
                header = _read_csv(path, region, spec.offer_code,  # type: ignore[arg-type]
                                   CSV_ATTRIBUTES)
            sources.append(_source(path, header, spec.offer_code, provenance))
            region.products.clear()
        ambiguous = staging.ambiguous()
        rows: list[CatalogRate] = []
        for rate in staging.rates():
            if rate.key.startswith(CARD_PREFIX):
                cards.setdefault(rate.key[len(CARD_PREFIX):], {})[rate.region] = {
                    "rate": format(rate.rate, "f")}
            else:
                rows.append(rate)
        if spec.finish is not None:
            rows = spec.finish(rows, sources, provenance.retrieved[:10])
        try:
            count = write_catalog(dest, service=spec.service, title=spec.title,
                                  sources=sources, keys=spec.keys, rates=iter(rows))
        except ValueError as exc:
            raise PricingError(f"{dest.name}: {str(exc)[:200]}") from exc
        for region_code, key, number in staging.counts():
            reports[region_code].rates[key] = number
    finally:
        with contextlib.suppress(sqlite3.Error):
            staging.close()
    return CatalogBuild(service=spec.service, dest=dest, count=count, regions=reports,
                        ambiguous=ambiguous, cards={spec.service: cards} if cards else {},
                        unconfirmed=dict(spec.unconfirmed), sources=sources,
                        offer_code=spec.offer_code)


def update_catalog(spec: OfferSpec, source: Any, offers_index: dict[str, Any],
                   regions: list[str], dest: Path, retrieved: str) -> CatalogBuild:
    """Fetch the selected regions' ``spec.offer_code`` files from ``source`` (an
    :class:`awscalc.priceupdate.fetch.Source`, or a ``--source`` folder laid out like
    the Bulk API) and build ``dest``. Only those regions' files are fetched."""
    entry = offers_index.get(spec.offer_code)
    if not isinstance(entry, dict) or not isinstance(entry.get("currentRegionIndexUrl"), str):
        raise PricingError(f"the Price List index has no {spec.offer_code} region index")
    if not regions:
        raise PricingError(f"service '{spec.service}': choose the regions to fetch with "
                           f"--region (each {spec.offer_code} region file is large)")
    for region in regions:
        if region not in REGION_PREFIXES:
            raise PricingError(f"service '{spec.service}': awscalc does not know the "
                               f"usage-type prefix of region '{region}'",
                               f"known: {', '.join(sorted(REGION_PREFIXES))}")
    paths = _region_urls(source, entry["currentRegionIndexUrl"], spec.offer_code)
    files: dict[str, Path] = {}
    urls: dict[Path, str] = {}
    for region in regions:
        if region not in paths:
            raise PricingError(f"service '{spec.service}': the {spec.offer_code} region "
                               f"index has no region '{region}'")
        raw = _fetch_offer(source, paths[region])
        files[region] = raw.file
        urls[raw.file] = source.canonical_url(raw.path)
    provenance = Provenance(
        retrieved=retrieved, urls=urls,
        source=f"https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{spec.offer_code}/")
    return build_catalog(spec, files, dest, provenance)
