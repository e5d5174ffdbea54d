"""The transfer planner: how long, and what it costs, to move SIZE into or out of AWS.

Pure functions, no I/O: :func:`plan` takes a :class:`Request`, the loaded Snow device
:class:`~awscalc.snow.Catalog` and (for exports) the internet data-transfer-out
:class:`~awscalc.ratecards.Rate`, and returns a :class:`Plan` of dataclasses.

Network, per bandwidth::

    seconds = size_bytes / (bandwidth_bytes_per_s × utilization)

100 TiB over 1 Gbps at 80 %: 109,951,162,777,600 / (125,000,000 × 0.8) = 1,099,511.6 s
= 12.73 days (10.18 days at 100 %). Importing is free (data in is not charged); exporting
is priced with the internet data-transfer-out tiers, which restart every (730-hour) month,
so a transfer that spans months is priced month by month.

Snow, per device type::

    devices       = ceil(size / usable capacity)
    on-site copy  = size / min(copy rate × workstations, max device rate × devices)
    AWS ingest    = the fullest device's load / ingest rate (devices in parallel)
    import total  = order & delivery + on-site copy + return shipping + AWS ingest
    export total  = AWS loading + delivery + on-site copy (return shipping is off the path)
    cost          = job fee × devices + extra on-site days × fee × devices (+ export per GB)

On-site days are whole days (the copy rounded up); days beyond the included ones are
billed per device. A fee the catalog does not publish is reported as such and left out of
the total, and the option is marked incomplete — it is never guessed.

The other ways, per bandwidth where they use the link::

    DataSync        seconds = size / min(bandwidth × utilization, one task's limit)
                    cost    = size in GB × the task mode's per-GB fee (+ per execution)
    Direct Connect  seconds as the network; cost = port-hours (the transfer's hours,
                    rounded up) × the port's hourly fee (+ export GB × the DX out rate)
    Terminal        copy at the ports' speed; reserved hours = the copy rounded up to the
                    reservation unit, in reservations of at most 6 h with 1 h between;
                    timeline = travel + reservations (+ travel back for exports)

The line (``link_costs``: dollars per 730-hour month by bandwidth) is charged pro rata of
the transfer's duration; without a figure the option says the line is *not included*.
With ``objects``, every option adds the S3 requests into (PUT) or out of (GET) the storage
class and, for exports, the class's retrieval fees, at the S3 card's rates.

Every cost part carries its provenance: ``published`` (an AWS page or the AWS Price List
says it), ``third-party``, ``price-list-copy``, ``recall``, ``assumption``, ``user``,
``not published`` (no figure: out of the total) or ``not included`` (the user's line).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from awscalc.numbers import grouped, money, money_rate, round_cents
from awscalc.snow import (
    SECONDS_PER_DAY,
    Catalog,
    DataSync,
    Device,
    DirectConnect,
    Fee,
    Terminal,
)

BYTES_PER_GB = Decimal(2**30)
BYTES_PER_TB = Decimal(2**40)
MONTH_SECONDS = Decimal(730 * 3600)
IMPORT, EXPORT = "import", "export"
# Break-even search bounds: 1 GB to 1 EB (2^60 bytes).
_SEARCH_LOW, _SEARCH_HIGH = Decimal(2**30), Decimal(2**60)

# The planner's range, for the command line and specs alike: up to 1 EB, links and copies
# of at least 1 kbps (125 bytes/s) used at least 1 %, and exports (priced month by month)
# of at most 100 years. Beyond it the arithmetic runs out of memory or precision.
MAX_SIZE = Decimal(2**60)
LOWEST = {"bandwidth": (Decimal(125), "1 kbps"), "copy_rate": (Decimal(125), "1 kbps"),
          "utilization": (Decimal("0.01"), "1%")}
MAX_EXPORT_SECONDS = Decimal(100 * 8766 * 3600)


def limit_problem(what: str, value: Decimal) -> tuple[str, str] | None:
    """Why ``value`` of ``what`` (``size``, ``bandwidth``, ``copy_rate``, ``utilization``)
    is outside the planner's range, as ``(problem, hint)``; None when it is inside."""
    if what == "size" and value > MAX_SIZE:
        return "is more than 1,024 PB", "awscalc plans transfers of up to 1 EB"
    low, text = LOWEST.get(what, (Decimal(0), ""))
    if value < low:
        return f"is less than {text}", "the planner's range starts there"
    return None


def export_too_long(request: Request, rate: Decimal) -> bool:
    """Whether exporting ``request`` over ``rate`` takes more than 100 years."""
    return (request.direction == EXPORT
            and request.size / (rate * request.utilization) > MAX_EXPORT_SECONDS)


STORAGE_CLASSES = ("standard", "intelligent-tiering", "standard-ia", "onezone-ia",
                   "glacier-ir", "glacier", "deep-archive")
# Export: the per-GB retrieval fee of a class, and its restore requests (archived classes
# must be restored first; the Standard retrieval tier is assumed).
RETRIEVAL_KEYS = {
    "standard-ia": ("retrieval-standard-ia", None),
    "onezone-ia": ("retrieval-onezone-ia", None),
    "glacier-ir": ("retrieval-glacier-ir", None),
    "glacier": ("retrieval-glacier-standard", "retrieval-requests-glacier-standard"),
    "deep-archive": ("retrieval-deep-archive-standard",
                     "retrieval-requests-deep-archive-standard"),
}
NEW, EXISTING = "new", "existing"
DATASYNC_MODES = ("basic", "enhanced")
NOT_INCLUDED = "not included"
NOT_PUBLISHED = "not published"


@dataclass(frozen=True)
class S3Rates:
    """The S3 card's rates a plan with objects needs (None: not asked for)."""

    put: Any = None
    get: Any = None
    retrieval: Any = None
    restore: Any = None


def s3_rates(book: Any, region: str, storage_class: str, direction: str) -> S3Rates:
    """Look up, in the rate book's S3 card, the request (and, for exports, retrieval)
    rates of ``storage_class``; a missing one is a :class:`PricingError` (exit 4)."""
    if direction == IMPORT:
        return S3Rates(put=book.rate("s3", f"requests-{storage_class}-put", region))
    retrieval, restore = RETRIEVAL_KEYS.get(storage_class, (None, None))
    return S3Rates(
        get=book.rate("s3", f"requests-{storage_class}-get", region),
        retrieval=book.rate("s3", retrieval, region) if retrieval else None,
        restore=book.rate("s3", restore, region) if restore else None)


@dataclass(frozen=True)
class Request:
    """What to plan: ``size`` in bytes, rates in bytes/s, ``deadline_days`` in days.

    ``link_costs`` pairs a bandwidth (bytes/s) with its line's dollars per month;
    ``objects`` (None: not asked) adds the S3 requests of ``storage_class``.
    """

    size: Decimal
    direction: str = IMPORT
    region: str = "us-east-1"
    bandwidths: tuple[Decimal, ...] = ()
    utilization: Decimal = Decimal("0.8")
    deadline_days: Decimal | None = None
    copy_rate: Decimal | None = None  # per workstation; None: each device's catalog rate
    workstations: int = 1
    include_retired: bool = False
    customer: str = NEW
    link_costs: tuple[tuple[Decimal, Decimal], ...] = ()
    objects: int | None = None
    storage_class: str = "standard"
    datasync_mode: str = "basic"
    travel_days: Decimal | None = None

    def link_cost(self, bandwidth: Decimal) -> Decimal | None:
        """Dollars per month of the line of ``bandwidth`` bytes/s (None: not given)."""
        return next((cost for rate, cost in self.link_costs if rate == bandwidth), None)


@dataclass(frozen=True)
class Phase:
    """One step of an option's timeline."""

    name: str
    days: Decimal


@dataclass(frozen=True)
class CostPart:
    """One component of an option's cost; ``amount`` None means not published."""

    label: str
    amount: Decimal | None
    formula: str
    verified: bool = True
    provenance: str = "published"


@dataclass(frozen=True)
class Option:
    """One way to move the data: a network link or a number of Snow devices."""

    kind: str  # "network", "direct-connect", "datasync", "terminal" or "device"
    key: str
    name: str
    status: str  # "network", "current", "existing-customers-only", "retired"
    status_since: str | None
    devices: int | None
    phases: tuple[Phase, ...]
    total_days: Decimal
    parts: tuple[CostPart, ...]
    meets_deadline: bool | None
    rate: Decimal  # the effective transfer rate, bytes/s (network or on-site copy)
    notes: tuple[str, ...] = ()

    @property
    def cost(self) -> Decimal:
        """Sum of the published, rounded cost parts."""
        return sum((p.amount for p in self.parts if p.amount is not None), Decimal("0.00"))

    @property
    def cost_complete(self) -> bool:
        """False when some fee is not published, so :attr:`cost` is a lower bound (the
        user's line left out is not a missing AWS fee: see :attr:`line_excluded`)."""
        return all(p.amount is not None or p.provenance == NOT_INCLUDED for p in self.parts)

    @property
    def line_excluded(self) -> bool:
        """True when the line's own cost is not included (no ``--link-cost`` for it)."""
        return any(p.provenance == NOT_INCLUDED for p in self.parts)

    @property
    def verified(self) -> bool:
        """False when some contributing figure is third-party, recall or an assumption."""
        return all(p.verified for p in self.parts)


@dataclass(frozen=True)
class BreakEven:
    """The smallest size at which the fastest Snow device beats one network bandwidth."""

    bandwidth: Decimal  # bytes/s
    size: Decimal | None  # bytes; None: the network wins up to the search limit
    device: str | None


@dataclass(frozen=True)
class Plan:
    """Everything the transfer command reports."""

    request: Request
    options: tuple[Option, ...]
    fastest: Option | None
    cheapest: Option | None
    cheapest_in_deadline: Option | None
    break_even: tuple[BreakEven, ...]
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    sources: tuple[dict[str, str], ...] = field(default_factory=tuple)
    hidden: tuple[str, ...] = field(default_factory=tuple)


def days(seconds: Decimal) -> Decimal:
    """Seconds to days."""
    return seconds / SECONDS_PER_DAY


def rate_text(bytes_per_second: Decimal) -> str:
    """A bit rate for people: ``125000000`` bytes/s → ``1 Gbps``."""
    bits = bytes_per_second * 8
    for size, unit in ((10**12, "Tbps"), (10**9, "Gbps"), (10**6, "Mbps"), (10**3, "kbps")):
        if bits >= size:
            return f"{grouped(bits / size, 2)} {unit}"
    return f"{grouped(bits, 2)} bps"


def size_text(size: Decimal) -> str:
    """A data size for people, in awscalc's binary units: ``2^40`` → ``1 TB``."""
    for power, unit in ((50, "PB"), (40, "TB"), (30, "GB"), (20, "MB"), (10, "KB")):
        if size >= 2**power:
            return f"{grouped(size / Decimal(2**power), 2)} {unit}"
    return f"{grouped(size)} bytes"


def data_rate_text(bytes_per_second: Decimal) -> str:
    """A copy rate in binary MB/s (``262144000`` → ``250 MB/s``), or bits for big rates."""
    megabytes = bytes_per_second / Decimal(2**20)
    if megabytes >= 100_000:
        return rate_text(bytes_per_second)
    return f"{grouped(megabytes, 2)} MB/s"


def network_seconds(size: Decimal, bandwidth: Decimal, utilization: Decimal) -> Decimal:
    """Seconds to send ``size`` bytes at ``bandwidth`` bytes/s used at ``utilization``."""
    return size / (bandwidth * utilization)


def devices_needed(size: Decimal, capacity: Decimal) -> int:
    """How many devices of ``capacity`` usable bytes hold ``size`` bytes (at least one)."""
    return max(1, int((size / capacity).to_integral_value(rounding=ROUND_CEILING)))


def device_loads(size: Decimal, capacity: Decimal) -> list[Decimal]:
    """The bytes on each device when devices are filled one after another."""
    count = devices_needed(size, capacity)
    return [capacity] * (count - 1) + [size - capacity * (count - 1)]


def _rate_provenance(rate: Any) -> str:
    return "published" if rate.verified else "third-party"


def export_network_parts(size: Decimal, bytes_per_second: Decimal, rate: Any
                         ) -> list[CostPart]:
    """Data-transfer-out cost of sending ``size`` bytes, one part per 730-hour month.

    AWS applies its volume tiers to each month's total, so the months are priced
    separately (no free tier: the 100 GB/month allowance is assumed used elsewhere).
    """
    per_month = bytes_per_second * MONTH_SECONDS
    parts: list[CostPart] = []
    remaining, month = size, 1
    while remaining > 0:
        chunk = min(remaining, per_month)
        gigabytes = chunk / BYTES_PER_GB
        charges = rate.split(gigabytes)
        amount = round_cents(sum((c.quantity * c.rate for c in charges), Decimal(0)))
        formula = " + ".join(f"{grouped(c.quantity)} GB × {money_rate(c.rate)}"
                             for c in charges) + f" = {money(amount)}"
        label = "Data transfer out" if size <= per_month else f"Data transfer out, month {month}"
        parts.append(CostPart(label, amount, formula, rate.verified, _rate_provenance(rate)))
        remaining -= chunk
        month += 1
    return parts


def link_part(request: Request, bandwidth: Decimal, seconds: Decimal) -> CostPart:
    """The line's own cost, pro rata of ``seconds`` in 730-hour months; without a
    ``--link-cost`` for ``bandwidth`` it is *not included* (never $0.00)."""
    label = f"Line {rate_text(bandwidth)} (your carrier)"
    monthly = request.link_cost(bandwidth)
    if monthly is None:
        example = rate_text(bandwidth).replace(" ", "")
        return CostPart(label, None, f"not included: give --link-cost {example}=AMOUNT/month",
                        True, NOT_INCLUDED)
    amount = round_cents(monthly * seconds / MONTH_SECONDS)
    formula = (f"{money(monthly)}/month × {grouped(days(seconds), 2)} d / "
               f"{grouped(days(MONTH_SECONDS), 4)} d = {money(amount)}")
    return CostPart(label, amount, formula, True, "user")


def _per_unit_amount(rate: Any, quantity: Decimal, unit: str = "") -> tuple[Decimal, str]:
    charges = rate.split(quantity)
    amount = round_cents(sum((c.quantity * c.rate for c in charges), Decimal(0)) / rate.per)
    per = "" if rate.per == 1 else f" per {grouped(rate.per)}"
    text = " + ".join(f"{grouped(c.quantity)}{unit} × {money_rate(c.rate)}{per}"
                      for c in charges)
    return amount, f"{text} = {money(amount)}"


def request_parts(request: Request, s3: S3Rates | None) -> list[CostPart]:
    """The S3 requests of ``request.objects`` into (PUT) or out of (GET) the storage
    class, and for exports its retrieval and restore fees (one request per object)."""
    if request.objects is None or s3 is None:
        return []
    objects = Decimal(request.objects)
    parts = []
    where = request.storage_class
    if request.direction == IMPORT and s3.put is not None:
        amount, formula = _per_unit_amount(s3.put, objects)
        parts.append(CostPart(f"S3 PUT requests ({where})", amount, formula, s3.put.verified,
                              _rate_provenance(s3.put)))
    if request.direction == EXPORT and s3.get is not None:
        amount, formula = _per_unit_amount(s3.get, objects)
        parts.append(CostPart(f"S3 GET requests ({where})", amount, formula, s3.get.verified,
                              _rate_provenance(s3.get)))
    if request.direction == EXPORT and s3.restore is not None:
        amount, formula = _per_unit_amount(s3.restore, objects)
        parts.append(CostPart(f"S3 restore requests ({where}, Standard tier)", amount, formula,
                              s3.restore.verified, _rate_provenance(s3.restore)))
    if request.direction == EXPORT and s3.retrieval is not None:
        amount, formula = _per_unit_amount(s3.retrieval, request.size / BYTES_PER_GB, " GB")
        parts.append(CostPart(f"S3 retrieval ({where})", amount, formula,
                              s3.retrieval.verified, _rate_provenance(s3.retrieval)))
    return parts


def _free_in() -> CostPart:
    return CostPart("Data transfer in", Decimal("0.00"), "data in to AWS is free")


def network_option(request: Request, bandwidth: Decimal, dto_rate: Any,
                   s3: S3Rates | None = None) -> Option:
    """The option of sending the data over an internet link of ``bandwidth`` bytes/s."""
    effective = bandwidth * request.utilization
    seconds = network_seconds(request.size, bandwidth, request.utilization)
    total = days(seconds)
    if request.direction == EXPORT:
        parts = export_network_parts(request.size, effective, dto_rate)
    else:
        parts = [_free_in()]
    parts += [*request_parts(request, s3), link_part(request, bandwidth, seconds)]
    return Option(
        kind="network", key=f"network-{rate_text(bandwidth).replace(' ', '')}",
        name=f"Network {rate_text(bandwidth)}", status="network", status_since=None,
        devices=None, phases=(Phase("Transfer", total),), total_days=total, parts=tuple(parts),
        meets_deadline=_meets(total, request.deadline_days), rate=effective,
    )


def _money_part(label: str, fee: Fee, quantity: Decimal, what: str) -> CostPart:
    """``quantity`` (of ``what``) × a flat fee, or *not published* when it has no figure."""
    if fee.amount is None:
        note = fee.figure.note or NOT_PUBLISHED
        return CostPart(label, None, f"{grouped(quantity)} {what} × not published ({note})",
                        fee.figure.verified, NOT_PUBLISHED)
    amount = round_cents(quantity * fee.amount)
    return CostPart(label, amount, f"{grouped(quantity)} {what} × {money_rate(fee.amount)} = "
                    f"{money(amount)}", fee.figure.verified, fee.figure.provenance)


def direct_connect_option(request: Request, bandwidth: Decimal, dx: DirectConnect,
                          s3: S3Rates | None = None) -> Option | None:
    """The option of a Direct Connect port of ``bandwidth`` for the transfer's hours (None
    when no port has exactly that capacity)."""
    port = dx.port(bandwidth)
    if port is None:
        return None
    seconds = network_seconds(request.size, bandwidth, request.utilization)
    total = days(seconds)
    hours = max(1, int((seconds / 3600).to_integral_value(rounding=ROUND_CEILING)))
    parts = [_money_part(f"Port-hours ({rate_text(bandwidth)} {port.kind})", port.hourly,
                         Decimal(hours), "port-hour(s)")]
    if request.direction == EXPORT:
        fee = dx.out_rates.get(request.region)
        gigabytes = request.size / BYTES_PER_GB
        if fee is None:
            parts.append(CostPart("Data transfer out (Direct Connect)", None,
                                  f"not published for {request.region}", False, NOT_PUBLISHED))
        else:
            parts.append(_money_part("Data transfer out (Direct Connect)", fee, gigabytes, "GB"))
    else:
        parts.append(_free_in())
    parts += [*request_parts(request, s3), link_part(request, bandwidth, seconds)]
    return Option(
        kind="direct-connect", key=f"direct-connect-{rate_text(bandwidth).replace(' ', '')}",
        name=f"Direct Connect {rate_text(bandwidth)} ({port.kind})", status="current",
        status_since=None, devices=None, phases=(Phase("Transfer", total),), total_days=total,
        parts=tuple(parts), meets_deadline=_meets(total, request.deadline_days),
        rate=bandwidth * request.utilization)


def datasync_option(request: Request, bandwidth: Decimal, datasync: DataSync, dto_rate: Any,
                    s3: S3Rates | None = None) -> Option:
    """The option of a DataSync task over an internet link of ``bandwidth`` bytes/s: never
    faster than one task's limit."""
    effective = min(bandwidth * request.utilization, datasync.max_task_rate)
    seconds = request.size / effective
    total = days(seconds)
    mode = datasync.modes.get(request.datasync_mode)
    gigabytes = request.size / BYTES_PER_GB
    notes = []
    if mode is None:
        parts = [CostPart(f"DataSync ({request.datasync_mode} mode)", None,
                          "this mode is not in the catalog", False, NOT_PUBLISHED)]
    else:
        parts = [_money_part(f"DataSync copied ({mode.name} mode)", mode.per_gb, gigabytes,
                             "GB")]
        executions = 1
        if request.objects is not None:
            per_task = datasync.max_objects_per_task
            executions = max(1, -(-request.objects // per_task))
            if executions > 1:
                notes.append(f"{grouped(Decimal(request.objects))} objects: {executions} task "
                             f"executions of at most {grouped(Decimal(per_task))} objects")
        if mode.per_execution is not None:
            parts.append(_money_part(f"DataSync task executions ({mode.name} mode)",
                                     mode.per_execution, Decimal(executions), "execution(s)"))
    if effective < bandwidth * request.utilization:
        notes.append(f"limited to one DataSync task's {rate_text(datasync.max_task_rate)}")
    if request.direction == EXPORT:
        parts += export_network_parts(request.size, effective, dto_rate)
    else:
        parts.append(_free_in())
    parts += [*request_parts(request, s3), link_part(request, bandwidth, seconds)]
    return Option(
        kind="datasync", key=f"datasync-{rate_text(bandwidth).replace(' ', '')}",
        name=f"DataSync {rate_text(bandwidth)}", status="current", status_since=None,
        devices=None, phases=(Phase("Transfer", total),), total_days=total, parts=tuple(parts),
        meets_deadline=_meets(total, request.deadline_days), rate=effective,
        notes=tuple(notes))


def terminal_reservations(copy_seconds: Decimal, terminal: Terminal) -> tuple[int, int, Decimal]:
    """``(reserved units, reservations, seconds on site)`` for an on-site copy of
    ``copy_seconds``: the copy rounded up to whole reservation units, in reservations of at
    most the longest allowed, with the least gap between consecutive ones."""
    units = max(1, int((copy_seconds / terminal.reservation_unit)
                       .to_integral_value(rounding=ROUND_CEILING)))
    per_reservation = int(terminal.max_reservation // terminal.reservation_unit)
    reservations = -(-units // per_reservation)
    onsite = units * terminal.reservation_unit + (reservations - 1) * terminal.reservation_gap
    return units, reservations, onsite


def terminal_option(request: Request, terminal: Terminal, s3: S3Rates | None = None) -> Option:
    """The option of carrying your own storage to a Data Transfer Terminal."""
    ports_rate = terminal.port_rate * terminal.ports
    rate = ports_rate
    if request.copy_rate is not None:
        rate = min(ports_rate, request.copy_rate * request.workstations)
    ports = max(1, int((rate / terminal.port_rate).to_integral_value(rounding=ROUND_CEILING)))
    copy_seconds = request.size / rate
    units, reservations, onsite = terminal_reservations(copy_seconds, terminal)
    travel = request.travel_days if request.travel_days is not None else terminal.travel_days
    phases = [Phase("Travel to terminal", travel), Phase("Terminal reservations", days(onsite))]
    if request.direction == EXPORT:
        phases.append(Phase("Travel back", travel))
    total = sum((p.days for p in phases), Decimal(0))
    hours = units * terminal.reservation_unit / 3600
    parts = [_money_part(f"Port-hours ({ports} port(s))", terminal.port_hour_fee,
                         hours * ports, "port-hour(s)")]
    if request.direction == EXPORT:
        parts.append(_money_part("Data copied out at the terminal", terminal.export_per_gb,
                                 request.size / BYTES_PER_GB, "GB"))
    else:
        parts.append(_free_in())
    parts += request_parts(request, s3)
    notes = [f"{grouped(hours)} h reserved in {reservations} reservation(s) of at most "
             f"{grouped(terminal.max_reservation / 3600)} h; copy at {rate_text(rate)}"]
    if terminal.status_note:
        notes.append(terminal.status_note)
    return Option(
        kind="terminal", key="data-transfer-terminal", name=terminal.name,
        status=terminal.status, status_since=None, devices=None, phases=tuple(phases),
        total_days=total, parts=tuple(parts),
        meets_deadline=_meets(total, request.deadline_days), rate=rate, notes=tuple(notes))


def device_timeline(request: Request, device: Device) -> tuple[tuple[Phase, ...], Decimal,
                                                                 Decimal, int]:
    """``(phases, total days, on-site copy rate, device count)`` for one device type."""
    count = devices_needed(request.size, device.capacity)
    per_workstation = request.copy_rate if request.copy_rate is not None else device.copy_rate
    copy_rate = min(per_workstation * request.workstations, device.max_rate * count)
    copy = days(request.size / copy_rate)
    fullest = max(device_loads(request.size, device.capacity))
    ingest = days(fullest / device.ingest_rate)
    if request.direction == EXPORT:
        phases = (Phase("AWS loading", ingest), Phase("Order & delivery", device.order_days),
                  Phase("On-site copy", copy))
    else:
        phases = (Phase("Order & delivery", device.order_days), Phase("On-site copy", copy),
                  Phase("Return shipping", device.return_days), Phase("AWS ingest", ingest))
    total = sum((p.days for p in phases), Decimal(0))
    return phases, total, copy_rate, count


def _fee_part(label: str, fee: Fee, amount: Decimal | None, formula: str) -> CostPart:
    if amount is None:
        note = fee.figure.note or NOT_PUBLISHED
        return CostPart(label, None, f"not published ({note})", fee.figure.verified,
                        NOT_PUBLISHED)
    return CostPart(label, round_cents(amount), formula, fee.figure.verified,
                    fee.figure.provenance)


def device_option(request: Request, device: Device, catalog: Catalog,
                  s3: S3Rates | None = None) -> Option:
    """The option of shipping the data on devices of one type."""
    phases, total, copy_rate, count = device_timeline(request, device)
    copy_days = next(p.days for p in phases if p.name == "On-site copy")
    onsite = int(copy_days.to_integral_value(rounding=ROUND_CEILING))
    parts = [_job_fee_part(request, device, count)]
    parts.append(_extra_days_part(device, count, onsite))
    if request.direction == EXPORT:
        parts.append(_export_part(request, catalog))
    parts += request_parts(request, s3)
    notes = []
    if copy_rate < (request.copy_rate or device.copy_rate) * request.workstations:
        notes.append(f"copy limited by {count} device(s) at {data_rate_text(device.max_rate)}")
    return Option(
        kind="device", key=device.key, name=device.name, status=device.status,
        status_since=device.status_since, devices=count,
        phases=phases, total_days=total, parts=tuple(parts),
        meets_deadline=_meets(total, request.deadline_days), rate=copy_rate, notes=tuple(notes),
    )


def _job_fee_part(request: Request, device: Device, count: int) -> CostPart:
    fee = device.job_fee
    if not fee.published:
        return _fee_part("Job fee", fee, None, "")
    fees = [fee.for_load(load) for load in device_loads(request.size, device.capacity)]
    if any(f is None for f in fees):
        return _fee_part("Job fee", fee, None, "")
    groups: dict[Decimal, int] = {}
    for each in fees:
        groups[each] = groups.get(each, 0) + 1  # type: ignore[index]
    amount = sum((f for f in fees if f is not None), Decimal(0))
    formula = " + ".join(f"{n} × {money(f)}" for f, n in groups.items()) + f" = {money(amount)}"
    return _fee_part("Job fee", fee, amount, formula)


def _extra_days_part(device: Device, count: int, onsite: int) -> CostPart:
    included = device.included_days
    figure = dict(device.figures)["included_days"]
    if included is None:
        return CostPart("Extra on-site days", None, "included days not published", False,
                        NOT_PUBLISHED)
    extra = max(0, onsite - included)
    if extra == 0:
        return CostPart("Extra on-site days", Decimal("0.00"),
                        f"{onsite} on-site day(s) within the {included} included",
                        figure.verified, figure.provenance)
    fee = device.extra_day_fee
    if fee.amount is None:
        part = _fee_part("Extra on-site days", fee, None, "")
        return CostPart(part.label, None, f"{extra} day(s) × {count} device(s) × "
                        f"{part.formula}", part.verified, NOT_PUBLISHED)
    amount = fee.amount * extra * count
    formula = (f"({onsite} − {included} included) days × {count} device(s) × "
               f"{money(fee.amount)} = {money(amount)}")
    return _fee_part("Extra on-site days", fee, amount, formula)


def _export_part(request: Request, catalog: Catalog) -> CostPart:
    fee = catalog.export_rates.get(request.region)
    if fee is None or fee.amount is None:
        return CostPart("Export from S3", None,
                        f"not published for {request.region}", False, NOT_PUBLISHED)
    gigabytes = request.size / BYTES_PER_GB
    amount = gigabytes * fee.amount
    return _fee_part("Export from S3", fee, amount,
                     f"{grouped(gigabytes)} GB × {money_rate(fee.amount)} = "
                     f"{money(round_cents(amount))}")


def _meets(total: Decimal, deadline: Decimal | None) -> bool | None:
    return None if deadline is None else total <= deadline


def offered(request: Request, device: Device) -> bool:
    """Whether the plan shows ``device``: retired ones only with ``include_retired``,
    those AWS keeps for existing customers only for an existing customer."""
    if device.retired:
        return request.include_retired
    return device.status != "existing-customers-only" or request.customer == EXISTING


def visible_devices(request: Request, catalog: Catalog) -> list[Device]:
    """The devices the plan considers (see :func:`offered`)."""
    return [d for d in catalog.devices if offered(request, d)]


def break_even(request: Request, devices: list[Device], bandwidth: Decimal) -> BreakEven:
    """Smallest size (by bisection, to 1 GB) at which some device is faster than the link."""
    if not devices:
        return BreakEven(bandwidth, None, None)

    def winner(size: Decimal) -> Device | None:
        trial = Request(size=size, direction=request.direction, copy_rate=request.copy_rate,
                        workstations=request.workstations)
        network = days(network_seconds(size, bandwidth, request.utilization))
        timed = [(device_timeline(trial, d)[1], d) for d in devices]
        best_days, best = min(timed, key=lambda pair: pair[0])
        return best if best_days < network else None

    if winner(_SEARCH_HIGH) is None:
        return BreakEven(bandwidth, None, None)
    low, high = _SEARCH_LOW, _SEARCH_HIGH
    if winner(low) is not None:
        high = low
    while high - low > BYTES_PER_GB:
        middle = ((low + high) / 2).to_integral_value()
        if winner(middle) is None:
            low = middle
        else:
            high = middle
    size = (high / BYTES_PER_GB).to_integral_value(rounding=ROUND_CEILING) * BYTES_PER_GB
    found = winner(size) or winner(_SEARCH_HIGH)
    return BreakEven(bandwidth, size, found.name if found else None)


def _pick(options: list[Option], by_cost: bool) -> Option | None:
    if not options:
        return None
    if by_cost:
        return min(options, key=lambda o: (o.cost, o.total_days))
    return min(options, key=lambda o: (o.total_days, o.cost))


def plan(request: Request, catalog: Catalog, dto_rate: Any = None,
         dto_source: dict[str, str] | None = None, s3: S3Rates | None = None,
         s3_source: dict[str, str] | None = None) -> Plan:
    """Plan the transfer: every option, the recommendations, break-evens and caveats.

    ``dto_rate`` is the ``data-transfer``/``internet-out`` rate of the request's region,
    required for exports and ignored for imports; ``dto_source`` describes its rate card
    (title, source, retrieved, path) for the report's provenance; ``s3`` holds the S3
    request and retrieval rates when ``request.objects`` is given (see :func:`s3_rates`),
    ``s3_source`` their card's provenance.
    """
    if request.direction == EXPORT and dto_rate is None:
        raise ValueError("an export plan needs the data-transfer-out rate")
    network = [network_option(request, b, dto_rate, s3) for b in request.bandwidths]
    other: list[Option] = []
    if catalog.direct_connect is not None:
        found = [direct_connect_option(request, b, catalog.direct_connect, s3)
                 for b in request.bandwidths]
        other += [o for o in found if o is not None]
    if catalog.datasync is not None:
        other += [datasync_option(request, b, catalog.datasync, dto_rate, s3)
                  for b in request.bandwidths]
    if catalog.terminal is not None:
        other.append(terminal_option(request, catalog.terminal, s3))
    devices = visible_devices(request, catalog)
    snow = [device_option(request, d, catalog, s3) for d in devices]
    options = network + other + snow
    complete = [o for o in options if o.cost_complete]
    in_deadline = [o for o in complete if o.meets_deadline]
    hidden = [d for d in catalog.devices if not offered(request, d)]
    return Plan(
        request=request, options=tuple(options),
        fastest=_pick(options, by_cost=False),
        cheapest=_pick(complete, by_cost=True),
        cheapest_in_deadline=_pick(in_deadline, by_cost=True)
        if request.deadline_days is not None else None,
        break_even=tuple(break_even(request, devices, b) for b in request.bandwidths)
        if devices else (),
        assumptions=tuple(_assumptions(request, devices, catalog)),
        warnings=tuple(_warnings(request, catalog, options, devices)),
        notes=tuple(_notes(request, network)),
        sources=tuple(_sources(request, catalog, dto_source)
                      + ([dict(s3_source)] if s3 is not None and s3_source else [])),
        hidden=tuple(_hidden(request, hidden)),
    )


def _hidden(request: Request, hidden: list[Device]) -> list[str]:
    lines = []
    existing = [d for d in hidden if d.status == "existing-customers-only"]
    if existing:
        since = sorted({d.status_since for d in existing if d.status_since})
        when = f" since {since[0]}" if since else ""
        lines.append(f"Not offered to new customers{when}: "
                     f"{', '.join(d.name for d in existing)} (--existing-customer shows them)")
    retired = [d for d in hidden if d.retired]
    if retired:
        lines.append(f"Retired: {', '.join(d.name for d in retired)} "
                     "(--include-retired shows them)")
    return lines


def _assumptions(request: Request, devices: list[Device], catalog: Catalog) -> list[str]:
    lines = [
        "Data sizes are binary (1 GB = 2^30 bytes, 1 TB = 1,024 GB); bit rates are decimal "
        "(1 Gbps = 10^9 bit/s); 1 day = 86,400 s.",
        f"Network: {grouped(request.utilization * 100, 2)} % of each link's bandwidth is "
        "available for the whole transfer.",
    ]
    given = [b for b in request.bandwidths if request.link_cost(b) is not None]
    missing = [b for b in request.bandwidths if request.link_cost(b) is None]
    if given:
        lines.append("The line's cost (--link-cost) is charged pro rata of the transfer's "
                     f"days in 730-hour months for {', '.join(rate_text(b) for b in given)}.")
    if missing:
        lines.append("The line's own cost is not included for "
                     f"{', '.join(rate_text(b) for b in missing)} "
                     "(give --link-cost RATE=AMOUNT/month).")
    if request.direction == EXPORT:
        lines.append("Export over the network: internet data-transfer-out tiers, applied per "
                     "730-hour month; the 100 GB/month free allowance is not applied.")
    else:
        lines.append("Import: data transfer into AWS is free.")
    if request.objects is not None:
        what = ("one PUT per object (multipart uploads make more)" if request.direction == IMPORT
                else "one GET per object; archived classes restored at the Standard tier")
        lines.append(f"S3 requests: {grouped(Decimal(request.objects))} objects into "
                     f"{request.storage_class}, {what}, at the S3 card's rates.")
    if catalog.datasync is not None and request.bandwidths:
        mode = catalog.datasync.modes.get(request.datasync_mode)
        lines.append(f"DataSync: one task in {request.datasync_mode} mode"
                     f"{' (' + mode.note + ')' if mode else ''}; at most "
                     f"{rate_text(catalog.datasync.max_task_rate)}, over the internet link.")
    if catalog.direct_connect is not None and request.bandwidths:
        lines.append("Direct Connect: a port of the link's capacity (dedicated where AWS "
                     "offers one, else hosted) billed only for the transfer's hours, rounded "
                     "up; the cross-connect and carrier circuit are the line's cost.")
    if catalog.terminal is not None:
        travel = (request.travel_days if request.travel_days is not None
                  else catalog.terminal.travel_days)
        lines.append(f"Data Transfer Terminal: your own storage, already loaded; "
                     f"{grouped(travel, 2)} d of travel each way (--travel-days); copy at "
                     f"{rate_text(catalog.terminal.port_rate * catalog.terminal.ports)} "
                     "(or --copy-rate × --workstations); reservations in whole hours.")
    if devices:
        rate = (f"{data_rate_text(request.copy_rate)} per workstation (--copy-rate)"
                if request.copy_rate is not None else "each device's catalog copy rate")
        lines.append(
            f"Snow on-site copy: {rate} × {request.workstations} workstation(s), never faster "
            "than the devices' top rate; all devices arrive together and are copied in "
            "parallel; on-site days are the copy rounded up to whole days.")
        shipping = sorted({(d.order_days, d.return_days) for d in devices})
        text = ", ".join(f"{grouped(o, 2)} d to arrive + {grouped(r, 2)} d to return"
                         for o, r in shipping)
        lines.append(f"Snow shipping: {text} (catalog; shipping days are not billed). "
                     "AWS ingest: the fullest device at its catalog ingest rate.")
        lines.append("Snow capacities are read in awscalc's binary units (TB = 2^40 bytes).")
    return lines


def _warnings(request: Request, catalog: Catalog, options: list[Option],
              devices: list[Device]) -> list[str]:
    warnings = []
    for option in options:
        missing = [p.label for p in option.parts if p.provenance == NOT_PUBLISHED]
        if missing:
            missing = [label if any(c.isupper() for c in label.split()[0][1:])
                       else label[0].lower() + label[1:] for label in missing]
            warnings.append(f"{option.name}: {', '.join(missing)} not published by "
                            "AWS; left out of its cost (shown as a lower bound)")
    if catalog.terminal is not None and catalog.terminal.status_note:
        warnings.append(f"{catalog.terminal.name}: {catalog.terminal.status_note}")
    if devices and request.region != catalog.fee_region:
        warnings.append(f"Snow fees are {catalog.fee_region} figures; AWS's fees vary by "
                        f"region ({request.region} may differ)")
    for device in devices:
        if device.status == "existing-customers-only":
            since = f" since {device.status_since}" if device.status_since else ""
            warnings.append(f"{device.name}: offered to existing customers only{since}")
    return warnings


def _notes(request: Request, network: list[Option]) -> list[str]:
    one_gig = [o for o in network if o.name == "Network 1 Gbps"]
    if one_gig and request.size >= 10 * BYTES_PER_TB:
        option = one_gig[0]
        return [f"Over 1 Gbps at {grouped(request.utilization * 100, 2)} % this takes "
                f"{grouped(option.total_days, 2)} days. The often-quoted \"100 TB takes more "
                "than 100 days over a 1 Gbps connection\" is off by ten: 100 TB needs about "
                "10.2 days at full line rate; 100 days is what ~100 Mbps gives."]
    return []


def _sources(request: Request, catalog: Catalog, dto_source: dict[str, str] | None
             ) -> list[dict[str, str]]:
    sources = [{"title": catalog.title, "source": catalog.source,
                "retrieved": catalog.retrieved, "path": str(catalog.path)}]
    if dto_source is not None and request.direction == EXPORT:
        sources.append(dict(dto_source))
    return sources
