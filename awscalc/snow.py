"""The transfer catalog (Snow Family devices and the other ways): finding, loading, validating.

The catalog (``pricing/aws/catalog/snow.yaml``, schema ``snow.schema.json``) is not a rate
card: it describes devices — usable capacity, copy and ingest rates, shipping days,
included on-site days, fees and availability — and the other ways to move data: AWS
DataSync (per-GB fee by task mode, the throughput of one task), AWS Data Transfer Terminal
(ports, reservation hours, travel) and AWS Direct Connect (port-hours by capacity, data
transfer out by region). Every figure carries its source, date, ``verified`` flag and, when
unverified, its ``trust`` (third-party, price-list-copy, recall or assumption). A fee
whose value is ``null`` is *not published*: the planner shows
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
SCHEMA = "snow.schema.json"
SECONDS_PER_DAY = Decimal(86400)
STATUSES = ("current", "existing-customers-only", "retired")


@dataclass(frozen=True)
class Figure:
    """Where one catalog figure comes from."""

    source: str
    date: str
    verified: bool
    note: str | None = None
    trust: str | None = None  # for unverified figures: third-party, recall, assumption…

    @property
    def provenance(self) -> str:
        """How a report labels a figure with a value: ``published`` only when an AWS page
        (or the AWS Price List) says it, else its trust (``third-party`` by default)."""
        return "published" if self.verified else (self.trust or "third-party")


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
    datasync: DataSync | None = None
    terminal: Terminal | None = None
    direct_connect: DirectConnect | None = None


@dataclass(frozen=True)
class DataSyncMode:
    """One DataSync task mode's fees (``per_execution`` None: the mode has no such fee)."""

    name: str
    per_gb: Fee
    per_execution: Fee | None
    note: str


@dataclass(frozen=True)
class DataSync:
    """AWS DataSync: fees by task mode and the limits of one task."""

    name: str
    source: str
    max_task_rate: Decimal  # bytes/s
    max_objects_per_task: int
    modes: dict[str, DataSyncMode]
    figures: tuple[tuple[str, Figure], ...]


@dataclass(frozen=True)
class Terminal:
    """AWS Data Transfer Terminal: ports, reservation rules, travel and fees."""

    name: str
    status: str
    status_note: str | None
    port_rate: Decimal  # bytes/s per port
    ports: int
    reservation_unit: Decimal  # seconds
    max_reservation: Decimal  # seconds
    reservation_gap: Decimal  # seconds
    travel_days: Decimal
    port_hour_fee: Fee
    export_per_gb: Fee
    figures: tuple[tuple[str, Figure], ...]


@dataclass(frozen=True)
class DxPort:
    """One Direct Connect port capacity and its hourly fee."""

    capacity: Decimal  # bytes/s
    kind: str  # dedicated or hosted
    hourly: Fee


@dataclass(frozen=True)
class DirectConnect:
    """AWS Direct Connect: port-hours by capacity, data transfer out by region."""

    name: str
    ports: tuple[DxPort, ...]
    out_rates: dict[str, Fee]

    def port(self, capacity: Decimal) -> DxPort | None:
        """The port of exactly ``capacity`` bytes/s, dedicated before hosted."""
        found = [p for p in self.ports if p.capacity == capacity]
        return min(found, key=lambda p: p.kind != "dedicated") if found else None


def catalog_path(pricing_dir: Path) -> Path:
    """Where the device catalog of a pricing directory lives."""
    return pricing_dir / CATALOG_DIR / CATALOG_FILE


@functools.cache
def load_catalog(path: Path) -> Catalog:
    """Load and validate the catalog at ``path``; a :class:`PricingError` names file and key."""
    from awscalc.cardcache import keep, read_kept
    from awscalc.ratecards import load_validated_yaml
    from awscalc.yamlfile import format_path

    if not path.is_file():
        raise PricingError(f"no Snow device catalog (looked for {path})",
                           "pass --pricing with a directory that has catalog/snow.yaml")
    entry_key, data = read_kept(path, SCHEMA)
    document = None
    if data is None:
        document = load_validated_yaml(path, SCHEMA, "device catalog")
        data = document.data

    def fail(where: tuple[str | int, ...], message: str) -> PricingError:
        line = document.line_of(where) if document is not None else "?"
        return PricingError(f"{path}:{line}: {format_path(where)}: "
                            f"invalid device catalog: {message}")

    devices = tuple(_device(key, entry, fail) for key, entry in data["devices"].items())
    export = data.get("export_transfer") or {"description": "", "regions": {}}
    rates = {region: _fee(entry, ("export_transfer", "regions", region), fail)
             for region, entry in export["regions"].items()}
    if document is not None and entry_key is not None:  # every check passed: no parse next run
        keep(entry_key, data)
    return Catalog(path=path, title=data["title"], source=data["source"],
                   retrieved=str(data["retrieved"]), currency=data["currency"],
                   fee_region=data["fee_region"], devices=devices, export_rates=rates,
                   export_description=export["description"],
                   datasync=_datasync(data["datasync"], fail) if "datasync" in data else None,
                   terminal=_terminal(data["terminal"], fail) if "terminal" in data else None,
                   direct_connect=_direct_connect(data["direct_connect"], fail)
                   if "direct_connect" in data else None)


def _figure(entry: dict[str, Any]) -> Figure:
    return Figure(source=entry["source"], date=str(entry.get("date", "")),
                  verified=entry["verified"], note=entry.get("note"), trust=entry.get("trust"))


def _datasync(entry: dict[str, Any], fail: Any) -> DataSync:
    from awscalc.units import Kind

    where: tuple[str | int, ...] = ("datasync",)
    modes = {}
    for name, mode in entry["modes"].items():
        at = (*where, "modes", name)
        modes[name] = DataSyncMode(
            name=name, per_gb=_fee(mode["per_gb"], (*at, "per_gb"), fail),
            per_execution=_fee(mode["per_execution"], (*at, "per_execution"), fail)
            if "per_execution" in mode else None, note=mode["note"])
    objects = entry["max_objects_per_task"]["value"]
    if not objects:
        raise fail((*where, "max_objects_per_task", "value"), "must be a number above zero")
    return DataSync(
        name=entry["name"], source=entry["source"],
        max_task_rate=_quantity(entry["max_task_rate"], Kind.BITRATE,
                                (*where, "max_task_rate", "value"), fail),
        max_objects_per_task=objects, modes=modes,
        figures=tuple((n, _figure(entry[n])) for n in ("max_task_rate", "max_objects_per_task")))


def _terminal(entry: dict[str, Any], fail: Any) -> Terminal:
    from awscalc.units import Kind

    where: tuple[str | int, ...] = ("terminal",)

    def quantity(name: str, kind: Any) -> Decimal:
        return _quantity(entry[name], kind, (*where, name, "value"), fail)

    ports = entry["ports"]["value"]
    if not ports:
        raise fail((*where, "ports", "value"), "must be a number above zero")
    unit, longest = quantity("reservation_unit", Kind.DURATION), quantity("max_reservation",
                                                                          Kind.DURATION)
    if unit <= 0 or longest < unit:
        raise fail((*where, "max_reservation", "value"),
                   "must be at least one reservation unit (and the unit above zero)")
    names = ("availability", "port_rate", "ports", "reservation_unit", "max_reservation",
             "reservation_gap", "travel", "port_hour_fee", "export_per_gb")
    return Terminal(
        name=entry["name"], status=entry["availability"]["status"],
        status_note=entry["availability"].get("note"),
        port_rate=quantity("port_rate", Kind.BITRATE), ports=ports,
        reservation_unit=unit, max_reservation=longest,
        reservation_gap=quantity("reservation_gap", Kind.DURATION),
        travel_days=quantity("travel", Kind.DURATION) / SECONDS_PER_DAY,
        port_hour_fee=_fee(entry["port_hour_fee"], (*where, "port_hour_fee"), fail),
        export_per_gb=_fee(entry["export_per_gb"], (*where, "export_per_gb"), fail),
        figures=tuple((n, _figure(entry[n])) for n in names))


def _direct_connect(entry: dict[str, Any], fail: Any) -> DirectConnect:
    from awscalc.units import Kind

    ports = []
    for index, port in enumerate(entry["ports"]):
        at: tuple[str | int, ...] = ("direct_connect", "ports", index)
        ports.append(DxPort(
            capacity=_quantity({"value": port["capacity"]}, Kind.BITRATE, (*at, "capacity"),
                               fail),
            kind=port["type"], hourly=_fee(port["hourly"], (*at, "hourly"), fail)))
    out = entry["data_transfer_out"]["regions"]
    return DirectConnect(
        name=entry["name"], ports=tuple(ports),
        out_rates={region: _fee(fee, ("direct_connect", "data_transfer_out", "regions", region),
                                fail) for region, fee in out.items()})


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
