"""The Snow Family device catalog: finding, loading and validating it.

The catalog (``pricing/aws/catalog/snow.yaml``, schema ``snow.schema.json``) is not a rate
card: it describes devices — usable capacity, copy and ingest rates, shipping days,
included on-site days, fees and availability — and every figure carries its source, date
and ``verified`` flag. A fee whose value is ``null`` is *not published*: the planner shows
it as such and leaves it out of totals; nothing here invents a number.

This module does the I/O; :mod:`awscalc.transfer` plans with the loaded :class:`Catalog`.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from awscalc.errors import PricingError

CATALOG_DIR = "catalog"
CATALOG_FILE = "snow.yaml"
SECONDS_PER_DAY = Decimal(86400)
STATUSES = ("current", "existing-customers-only", "retired")


@dataclass(frozen=True)
class Figure:
    """Where one catalog figure comes from."""

    source: str
    date: str
    verified: bool
    note: str | None = None


@dataclass(frozen=True)
class FeeTier:
    """A job fee that applies while the data loaded on one device is at most ``up_to``."""

    up_to: Decimal | None  # bytes; None: no limit
    fee: Decimal


@dataclass(frozen=True)
class Fee:
    """A fee in dollars: flat (``amount``), tiered by load (``tiers``), or not published."""

    amount: Decimal | None
    tiers: tuple[FeeTier, ...]
    figure: Figure

    @property
    def published(self) -> bool:
        """Whether the catalog has a number for this fee at all."""
        return self.amount is not None or bool(self.tiers)

    def for_load(self, load: Decimal) -> Decimal | None:
        """The fee for one device carrying ``load`` bytes (None: not published)."""
        if self.amount is not None:
            return self.amount
        for tier in self.tiers:
            if tier.up_to is None or load <= tier.up_to:
                return tier.fee
        return None


@dataclass(frozen=True)
class Device:
    """One Snow device type, its figures converted to bytes, bytes/s and days."""

    key: str
    name: str
    status: str
    status_since: str | None
    status_note: str | None
    capacity: Decimal  # usable bytes
    copy_rate: Decimal  # bytes/s per workstation
    max_rate: Decimal  # bytes/s per device
    order_days: Decimal
    return_days: Decimal
    ingest_rate: Decimal  # bytes/s per device, AWS side
    included_days: int | None
    job_fee: Fee
    extra_day_fee: Fee
    figures: tuple[tuple[str, Figure], ...]

    @property
    def retired(self) -> bool:
        """True when the device can no longer be ordered or used."""
        return self.status == "retired"

    @property
    def unverified(self) -> tuple[str, ...]:
        """Names of the figures whose only source is a third party, recall or assumption."""
        return tuple(name for name, figure in self.figures if not figure.verified)


@dataclass(frozen=True)
class Catalog:
    """The loaded device catalog."""

    path: Path
    title: str
    source: str
    retrieved: str
    currency: str
    fee_region: str
    devices: tuple[Device, ...]
    export_rates: dict[str, Fee]
    export_description: str


def catalog_path(pricing_dir: Path) -> Path:
    """Where the device catalog of a pricing directory lives."""
    return pricing_dir / CATALOG_DIR / CATALOG_FILE


@functools.cache
def load_catalog(path: Path) -> Catalog:
    """Load and validate the catalog at ``path``; a :class:`PricingError` names file and key."""
    from awscalc.ratecards import load_validated_yaml
    from awscalc.yamlfile import format_path

    if not path.is_file():
        raise PricingError(f"no Snow device catalog (looked for {path})",
                           "pass --pricing with a directory that has catalog/snow.yaml")
    document = load_validated_yaml(path, "snow.schema.json", "device catalog")
    data = document.data

    def fail(where: tuple[str | int, ...], message: str) -> PricingError:
        return PricingError(f"{path}:{document.line_of(where)}: {format_path(where)}: "
                            f"invalid device catalog: {message}")

    devices = tuple(_device(key, entry, fail) for key, entry in data["devices"].items())
    export = data.get("export_transfer") or {"description": "", "regions": {}}
    rates = {region: _fee(entry, ("export_transfer", "regions", region), fail)
             for region, entry in export["regions"].items()}
    return Catalog(path=path, title=data["title"], source=data["source"],
                   retrieved=str(data["retrieved"]), currency=data["currency"],
                   fee_region=data["fee_region"], devices=devices, export_rates=rates,
                   export_description=export["description"])


def _figure(entry: dict[str, Any]) -> Figure:
    return Figure(source=entry["source"], date=str(entry.get("date", "")),
                  verified=entry["verified"], note=entry.get("note"))


def _quantity(entry: dict[str, Any], kind: Any, where: tuple[str | int, ...], fail: Any
              ) -> Decimal:
    from awscalc.units import QuantityError, parse_quantity

    try:
        value = parse_quantity(entry["value"], kind)
    except QuantityError as exc:
        raise fail(where, str(exc)) from exc
    if value <= 0 and kind.name != "DURATION":
        raise fail(where, f"'{entry['value']}' must be more than zero")
    return value


def _fee(entry: dict[str, Any], where: tuple[str | int, ...], fail: Any) -> Fee:
    from awscalc.units import Kind

    tiers = []
    for index, tier in enumerate(entry.get("tiers", [])):
        bound = None
        if "up_to" in tier:
            bound = _quantity({"value": tier["up_to"]}, Kind.DATA,
                              (*where, "tiers", index, "up_to"), fail)
        tiers.append(FeeTier(bound, Decimal(tier["fee"])))
    if tiers and (tiers[-1].up_to is not None or any(t.up_to is None for t in tiers[:-1])):
        raise fail((*where, "tiers"), "only the last tier must omit 'up_to'")
    bounds = [t.up_to for t in tiers[:-1]]
    if any(b <= a for a, b in itertools.pairwise(bounds)):  # type: ignore[operator]
        raise fail((*where, "tiers"), "'up_to' must increase from tier to tier")
    amount = entry.get("value")
    return Fee(None if amount is None else Decimal(amount), tuple(tiers), _figure(entry))


def _device(key: str, entry: dict[str, Any], fail: Any) -> Device:
    from awscalc.units import Kind

    where: tuple[str | int, ...] = ("devices", key)

    def quantity(name: str, kind: Any) -> Decimal:
        return _quantity(entry[name], kind, (*where, name, "value"), fail)

    names = ("usable_capacity", "copy_rate", "max_rate", "order_and_delivery",
             "return_shipping", "ingest_rate", "included_days", "job_fee", "extra_day_fee")
    availability = entry["availability"]
    return Device(
        key=key, name=entry["name"], status=availability["status"],
        status_since=availability.get("since"), status_note=availability.get("note"),
        capacity=quantity("usable_capacity", Kind.DATA),
        copy_rate=quantity("copy_rate", Kind.BITRATE),
        max_rate=quantity("max_rate", Kind.BITRATE),
        order_days=quantity("order_and_delivery", Kind.DURATION) / SECONDS_PER_DAY,
        return_days=quantity("return_shipping", Kind.DURATION) / SECONDS_PER_DAY,
        ingest_rate=quantity("ingest_rate", Kind.BITRATE),
        included_days=entry["included_days"]["value"],
        job_fee=_fee(entry["job_fee"], (*where, "job_fee"), fail),
        extra_day_fee=_fee(entry["extra_day_fee"], (*where, "extra_day_fee"), fail),
        figures=tuple((name, _figure(entry[name])) for name in ("availability", *names)),
    )
