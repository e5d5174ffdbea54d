"""Month-by-month projection: what months 1…N cost, not an average month times twelve.

``awscalc estimate arch.yaml --months 36`` rates every month on its own usage:

- **Growth**: ``growth: 5%/month`` on a resource (or at the top of the spec, for every
  resource without its own) compounds monthly from the resource's first month: month m
  has (1 + g)^(m − start) times the usage the estimate prices. It scales everything the
  resource meters; one-time charges are not scaled. ``growth: {queries.standard:
  5%/month}`` grows only the quantities named (spec paths inside the resource), so a
  hosted zone count or an instance fleet can stay fixed while its traffic grows.
- **Start**: ``start_month: 3`` on a resource: nothing before month 3, its one-time
  charges (upfronts, migrations) in month 3. Default: month 1.
- **Lifecycle streams** (S3 and EFS ``lifecycle:``) take month m of their simulation —
  storage that accumulates and transitions — instead of the steady-state month.
- **Tiers and free tiers** are re-rated every month on that month's aggregate, so growth
  crossing a tier boundary shows in the month it happens.

Reserved and Savings Plan commitments are renewed at the same terms when a term ends:
their recurring fee every month, their upfront fee in the resource's first month and
again at the start of each new term (months 13, 25… for a 1-year term).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from awscalc.model import Estimate, LineItem, Usage
from awscalc.units import LARGEST_EXPONENT

MAX_MONTHS = 120
_GROWTH = re.compile(r"\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*%\s*(?:/\s*month)?\s*",
                     re.ASCII)


@dataclass(frozen=True)
class Projection:
    """Each month's cost per top-level resource (a composite with its children)."""

    name: str | None
    spec_file: str
    resources: tuple[tuple[str, str], ...]          # (name, service), spec order
    monthly: tuple[dict[str, Decimal], ...]         # month index → resource → cost
    one_time: tuple[dict[str, Decimal], ...]
    warnings: tuple[str, ...]
    assumptions: tuple[str, ...]

    @property
    def months(self) -> int:
        """How many months are projected."""
        return len(self.monthly)

    def total(self, month: int) -> Decimal:
        """Everything billed in ``month`` (1-based): monthly and one-time charges."""
        index = month - 1
        return (sum(self.monthly[index].values(), Decimal("0.00"))
                + sum(self.one_time[index].values(), Decimal("0.00")))

    def cumulative(self, month: int) -> Decimal:
        """Everything billed in months 1…``month``."""
        return sum((self.total(m) for m in range(1, month + 1)), Decimal("0.00"))

    def years(self) -> list[tuple[int, Decimal]]:
        """``(year, total)`` for each year (or part of one) of the projection."""
        return [(year, sum((self.total(m) for m in range(year * 12 - 11,
                                                          min(year * 12, self.months) + 1)),
                           Decimal("0.00")))
                for year in range(1, (self.months + 11) // 12 + 1)]


def growth_rate(text: Any) -> Decimal | None:
    """``5%/month`` → ``0.05``; None when ``text`` is not a monthly growth rate."""
    match = _GROWTH.fullmatch(str(text)) if isinstance(text, (str, int, float)) else None
    if match is None or len(str(text)) > 40:
        return None
    rate = Decimal(match[1]) / 100
    return rate if rate >= -1 else None


def project(spec: Any, book: Any, months: int, base: Estimate) -> Projection:
    """Project ``spec`` over ``months`` months; ``base`` is its (single-month) estimate,
    whose name (saying the scenario, if any) and warnings the projection carries."""
    from awscalc.rating import rate_usage
    from awscalc.services import expand

    settings = _settings(spec)
    fixed: dict[str, list[tuple[Any, tuple[tuple[Usage, ...], tuple[LineItem, ...]]]]] = {}
    # Resources a family carries that are not its own (the data_transfer section's
    # gateways come after the spec's last resource): billed every month as they are,
    # under their own name, never grown or delayed with that resource.
    detached: list[tuple[Any, tuple[tuple[Usage, ...], tuple[LineItem, ...]]]] = []
    for top in spec.resources:
        family = expand([top])
        detached.extend((r, _usage(r, book)) for r in family if _detached(r, top))
        family = [r for r in family if not _detached(r, top)]
        if not settings[top.name].paths and not any(_simulated(r) for r in family):
            fixed[top.name] = [(r, _usage(r, book)) for r in family]
    monthly: list[dict[str, Decimal]] = []
    one_time: list[dict[str, Decimal]] = []
    for month in range(1, months + 1):
        usages: list[Usage] = []
        priced: list[LineItem] = []
        owner: dict[str, str] = {}
        for resource, (records, items) in detached:
            owner[resource.name] = resource.name
            usages.extend(r for r in records if not (r.one_time and month > 1))
            priced.extend(item for item in items if not (item.one_time and month > 1))
        for top in spec.resources:
            setting = settings[top.name]
            if month < setting.start:
                continue
            age = month - setting.start  # 0 in the resource's first month
            family = fixed.get(top.name) or [
                (r, _usage(r, book)) for r in expand([_in_month(top, age, setting)])
                if not _detached(r, top)]
            factor = (1 + setting.rate) ** age if age else Decimal(1)  # 0 ** 0 is invalid
            for resource, (records, items) in family:
                owner[resource.name] = top.name
                for record in records:
                    if record.one_time:
                        term = term_months(record)
                        if not age or (term and not age % term):
                            usages.append(record)
                    elif factor == 1:
                        usages.append(record)
                    else:
                        # an always-free allowance (RDS backup = provisioned storage)
                        # grows with the storage it stands for
                        allowance = (None if record.allowance is None
                                     else record.allowance * factor)
                        usages.append(replace(record, quantity=_grown(
                            spec, top, record.quantity, factor, setting.rate, month),
                            allowance=allowance))
                # charges a calculator priced itself (custom lines, a transfer job's
                # fees) are not rated: one-time ones in the first month, the others as is
                priced.extend(item for item in items if not (item.one_time and age))
        items, _ = rate_usage(usages, book, spec.free_tier)
        costs: dict[str, Decimal] = {}
        once: dict[str, Decimal] = {}
        for item in (*items, *priced):
            bucket = once if item.one_time else costs
            name = owner[item.resource]
            bucket[name] = bucket.get(name, Decimal("0.00")) + item.cost
        monthly.append(costs)
        one_time.append(once)
    names = tuple((r.name, r.service) for r in (*spec.resources, *(r for r, _ in detached)))
    return Projection(base.name, spec.source.name, names, tuple(monthly), tuple(one_time),
                      base.warnings, _assumptions(settings, spec.resources))


def _grown(spec: Any, top: Any, quantity: Decimal, factor: Decimal, rate: Decimal,
           month: int) -> Decimal:
    """``quantity`` grown by ``factor``; an error at the growth setting when that passes
    10^24, the largest quantity a spec may hold (rating would fail on its digits)."""
    grown = quantity * factor
    if factor > 1 and grown.adjusted() > LARGEST_EXPONENT:
        message = (f"'{_percent(rate)}/month' makes a quantity of '{top.name}' larger "
                   f"than 10^{LARGEST_EXPONENT} by month {month}")
        hint = "project fewer months or use a lower growth rate"
        if "growth" in spec.source.document.data["resources"].get(top.name, {}):
            raise top.error(("growth",), message, hint)
        raise spec.source.error(("growth",), message, hint)
    return grown


_TERM = re.compile(r"(?:^|:)([13])yr(?::|$)", re.ASCII)


def _detached(resource: Any, top: Any) -> bool:
    """Whether ``resource``, expanded from ``top``, is a top-level resource of its own."""
    return resource.parent is None and resource.name != top.name


def term_months(record: Usage) -> int | None:
    """The term, in months, of a commitment's upfront fee (a Reserved Instance's or a
    Savings Plan's purchase option names it: ``reserved:1yr:…``); None for any other
    one-time charge."""
    for value in record.dims:
        match = _TERM.search(value)
        if match is not None:
            return 12 * int(match[1])
    return None


@dataclass(frozen=True)
class _Setting:
    """A top-level resource's projection settings."""

    start: int                        # its first month
    rate: Decimal                     # growth of everything it meters (0 with paths)
    paths: tuple[tuple[str, Decimal], ...] = ()   # or: spec key path → its own growth


def _settings(spec: Any) -> dict[str, _Setting]:
    data = spec.source.document.data
    default = growth_rate(data.get("growth", "0%"))
    if default is None:
        raise spec.source.error(("growth",), f"'{data['growth']}' is not a monthly growth "
                                "rate of −100% or more", "e.g. '5%/month' or '-2%/month'")
    found: dict[str, _Setting] = {}
    for resource in spec.resources:
        keys = data["resources"].get(resource.name, {})
        start = int(keys.get("start_month", 1))
        growth = keys.get("growth", None)
        if isinstance(growth, dict):
            paths = []
            for path, text in growth.items():
                rate = growth_rate(text)
                if rate is None:
                    raise resource.error(("growth", path), f"'{text}' is not a monthly "
                                         "growth rate of −100% or more", "e.g. '5%/month'")
                paths.append((str(path), rate))
            found[resource.name] = _Setting(start, Decimal(0), tuple(paths))
        else:
            rate = default if growth is None else growth_rate(growth)
            if rate is None:
                raise resource.error(("growth",), f"'{growth}' is not a monthly growth "
                                     "rate of −100% or more", "e.g. '5%/month' or '-2%/month'")
            found[resource.name] = _Setting(start, rate)
    return found


def _in_month(resource: Any, age: int, setting: _Setting) -> Any:
    """``resource`` as its calculator sees it ``age`` months after its start: each
    growing key scaled, lifecycle streams at that month of their simulation."""
    config = resource.config
    if setting.paths and age:
        import copy

        config = copy.deepcopy(dict(config))
        for path, rate in setting.paths:
            _scale(resource, config, path, (1 + rate) ** age,
                   f"'{_percent(rate)}/month' makes {path} larger than "
                   f"10^{LARGEST_EXPONENT} by month {age + setting.start}")
    return replace(resource, config=config,
                   source=replace(resource.source, projection_month=age + 1))


_QUANTITY = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([kMB]?)(?![A-Za-z])(.*)",
                       re.ASCII)
_SCALE = {"": 1, "k": 1000, "M": 10**6, "B": 10**9}


def _scale(resource: Any, config: dict[str, Any], path: str, factor: Decimal,
           too_large: str) -> None:
    """Multiply the quantity at ``path`` (dotted, list items by index) by ``factor``;
    ``too_large`` is the error when the result passes 10^24."""
    node: Any = config
    segments = path.replace("[", ".").replace("]", "").split(".")
    where: tuple[str | int, ...] = ("growth", path)
    for position, segment in enumerate(segments):
        key: str | int = int(segment) if isinstance(node, list) and segment.isdigit() else segment
        if (isinstance(node, dict) and key not in node) or (
                isinstance(node, list) and not (isinstance(key, int) and key < len(node))) \
                or not isinstance(node, (dict, list)):
            raise resource.error(where, f"'{path}' is not a key of this resource",
                                 "name a quantity of it, e.g. requests or storage.0.size")
        if position == len(segments) - 1:
            node[key] = _scaled(resource, where, node[key], factor, too_large)
        else:
            node = node[key]


def _scaled(resource: Any, where: tuple[str | int, ...], value: Any, factor: Decimal,
            too_large: str) -> str:
    match = _QUANTITY.fullmatch(str(value)) if isinstance(value, (str, int, float)) else None
    if match is None or isinstance(value, bool):
        raise resource.error(where, f"'{value}' is not a quantity to grow",
                             "growth paths name quantities such as '3M' or '2 TB'")
    number = Decimal(match[1]) * _SCALE[match[2]] * factor
    if number.adjusted() > LARGEST_EXPONENT:
        raise resource.error(where, too_large, "project fewer months or use a lower "
                             "growth rate")
    if number.adjusted() < -LARGEST_EXPONENT:  # decayed to nothing a spec can hold
        number = Decimal(0)
    return f"{number.normalize():f}{match[3]}"


def _usage(resource: Any, book: Any) -> tuple[tuple[Usage, ...], tuple[LineItem, ...]]:
    from awscalc.services import phases

    phase = phases(resource.service)
    result = (phase.priced_usage(resource, book) if phase.priced_usage is not None
              else phase.usage(resource))
    return result.records, result.priced


def _simulated(resource: Any) -> bool:
    """Whether the resource's usage depends on the month (a lifecycle stream)."""
    return resource.get("lifecycle") is not None


def _assumptions(settings: dict[str, _Setting], resources: tuple[Any, ...]
                 ) -> tuple[str, ...]:
    lines = []
    for resource in resources:
        setting = settings[resource.name]
        parts = [f"{path} grows {_percent(rate)} a month" for path, rate in setting.paths]
        if setting.rate:
            parts.append(f"grows {_percent(setting.rate)} a month")
        if setting.start != 1:
            parts.append(f"starts in month {setting.start}")
        if _simulated(resource):
            parts.append("lifecycle stream month by month")
        if parts:
            lines.append(f"{resource.name}: {', '.join(parts)}")
    return tuple(lines)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"
