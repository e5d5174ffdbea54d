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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from awscalc.numbers import grouped, money, money_rate, round_cents
from awscalc.snow import SECONDS_PER_DAY, Catalog, Device, Fee

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


@dataclass(frozen=True)
class Request:
    """What to plan: ``size`` in bytes, rates in bytes/s, ``deadline_days`` in days."""

    size: Decimal
    direction: str = IMPORT
    region: str = "us-east-1"
    bandwidths: tuple[Decimal, ...] = ()
    utilization: Decimal = Decimal("0.8")
    deadline_days: Decimal | None = None
    copy_rate: Decimal | None = None  # per workstation; None: each device's catalog rate
    workstations: int = 1
    include_retired: bool = False


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


@dataclass(frozen=True)
class Option:
    """One way to move the data: a network link or a number of Snow devices."""

    kind: str  # "network" or "device"
    key: str
    name: str
    status: str  # "network", "current", "existing-customers-only", "retired"
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
        """False when some fee is not published, so :attr:`cost` is a lower bound."""
        return all(p.amount is not None for p in self.parts)

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
        parts.append(CostPart(label, amount, formula, rate.verified))
        remaining -= chunk
        month += 1
    return parts


def network_option(request: Request, bandwidth: Decimal, dto_rate: Any) -> Option:
    """The option of sending the data over a link of ``bandwidth`` bytes/s."""
    effective = bandwidth * request.utilization
    total = days(network_seconds(request.size, bandwidth, request.utilization))
    if request.direction == EXPORT:
        parts = tuple(export_network_parts(request.size, effective, dto_rate))
    else:
        parts = (CostPart("Data transfer in", Decimal("0.00"), "data in to AWS is free"),)
    return Option(
        kind="network", key=f"network-{rate_text(bandwidth).replace(' ', '')}",
        name=f"Network {rate_text(bandwidth)}", status="network", devices=None,
        phases=(Phase("Transfer", total),), total_days=total, parts=parts,
        meets_deadline=_meets(total, request.deadline_days), rate=effective,
    )


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
        note = fee.figure.note or "not published"
        return CostPart(label, None, f"not published ({note})", fee.figure.verified)
    return CostPart(label, round_cents(amount), formula, fee.figure.verified)


def device_option(request: Request, device: Device, catalog: Catalog) -> Option:
    """The option of shipping the data on devices of one type."""
    phases, total, copy_rate, count = device_timeline(request, device)
    copy_days = next(p.days for p in phases if p.name == "On-site copy")
    onsite = int(copy_days.to_integral_value(rounding=ROUND_CEILING))
    parts = [_job_fee_part(request, device, count)]
    parts.append(_extra_days_part(device, count, onsite))
    if request.direction == EXPORT:
        parts.append(_export_part(request, catalog))
    notes = []
    if copy_rate < (request.copy_rate or device.copy_rate) * request.workstations:
        notes.append(f"copy limited by {count} device(s) at {data_rate_text(device.max_rate)}")
    return Option(
        kind="device", key=device.key, name=device.name, status=device.status, devices=count,
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
    if included is None:
        return CostPart("Extra on-site days", None, "included days not published", False)
    extra = max(0, onsite - included)
    if extra == 0:
        return CostPart("Extra on-site days", Decimal("0.00"),
                        f"{onsite} on-site day(s) within the {included} included")
    fee = device.extra_day_fee
    if fee.amount is None:
        part = _fee_part("Extra on-site days", fee, None, "")
        return CostPart(part.label, None, f"{extra} day(s) × {count} device(s) × "
                        f"{part.formula}", part.verified)
    amount = fee.amount * extra * count
    formula = (f"({onsite} − {included} included) days × {count} device(s) × "
               f"{money(fee.amount)} = {money(amount)}")
    return _fee_part("Extra on-site days", fee, amount, formula)


def _export_part(request: Request, catalog: Catalog) -> CostPart:
    fee = catalog.export_rates.get(request.region)
    if fee is None or fee.amount is None:
        return CostPart("Export from S3", None,
                        f"not published for {request.region}", False)
    gigabytes = request.size / BYTES_PER_GB
    amount = gigabytes * fee.amount
    return _fee_part("Export from S3", fee, amount,
                     f"{grouped(gigabytes)} GB × {money_rate(fee.amount)} = "
                     f"{money(round_cents(amount))}")


def _meets(total: Decimal, deadline: Decimal | None) -> bool | None:
    return None if deadline is None else total <= deadline


def visible_devices(request: Request, catalog: Catalog) -> list[Device]:
    """The devices the plan considers: retired ones only with ``include_retired``."""
    return [d for d in catalog.devices if request.include_retired or not d.retired]


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
         dto_source: dict[str, str] | None = None) -> Plan:
    """Plan the transfer: every option, the recommendations, break-evens and caveats.

    ``dto_rate`` is the ``data-transfer``/``internet-out`` rate of the request's region,
    required for exports and ignored for imports; ``dto_source`` describes its rate card
    (title, source, retrieved, path) for the report's provenance.
    """
    if request.direction == EXPORT and dto_rate is None:
        raise ValueError("an export plan needs the data-transfer-out rate")
    network = [network_option(request, b, dto_rate) for b in request.bandwidths]
    devices = visible_devices(request, catalog)
    snow = [device_option(request, d, catalog) for d in devices]
    options = network + snow
    complete = [o for o in options if o.cost_complete]
    in_deadline = [o for o in complete if o.meets_deadline]
    return Plan(
        request=request, options=tuple(options),
        fastest=_pick(options, by_cost=False),
        cheapest=_pick(complete, by_cost=True),
        cheapest_in_deadline=_pick(in_deadline, by_cost=True)
        if request.deadline_days is not None else None,
        break_even=tuple(break_even(request, devices, b) for b in request.bandwidths),
        assumptions=tuple(_assumptions(request, devices)),
        warnings=tuple(_warnings(request, catalog, snow, devices)),
        notes=tuple(_notes(request, network)),
        sources=tuple(_sources(request, catalog, dto_source)),
    )


def _assumptions(request: Request, devices: list[Device]) -> list[str]:
    lines = [
        "Data sizes are binary (1 GB = 2^30 bytes, 1 TB = 1,024 GB); bit rates are decimal "
        "(1 Gbps = 10^9 bit/s); 1 day = 86,400 s.",
        f"Network: {grouped(request.utilization * 100, 2)} % of each link's bandwidth is "
        "available for the whole transfer; the link's own cost is not included.",
    ]
    if request.direction == EXPORT:
        lines.append("Export over the network: internet data-transfer-out tiers, applied per "
                     "730-hour month; the 100 GB/month free allowance is not applied.")
    else:
        lines.append("Import: data transfer into AWS is free.")
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


def _warnings(request: Request, catalog: Catalog, snow: list[Option],
              devices: list[Device]) -> list[str]:
    warnings = []
    for option in snow:
        missing = [p.label for p in option.parts if p.amount is None]
        if missing:
            missing = [label[0].lower() + label[1:] for label in missing]
            warnings.append(f"{option.name}: {', '.join(missing)} not published by "
                            "AWS; left out of its cost (shown as a lower bound)")
    if snow and request.region != catalog.fee_region:
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
