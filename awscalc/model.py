"""The values that flow through the pipeline: usage records, line items and the estimate.

Quantities and money are ``Decimal``. Calculators produce :class:`Usage`, the rater
turns it into :class:`LineItem`, and :class:`Estimate` is what formatters render.

Nothing changes these values once made. The per-line records (:class:`Usage`,
:class:`ResourceUsage`, :class:`TierCharge`, :class:`LineItem`) are not declared frozen
only because a frozen dataclass takes about three times as long to create, and a large
spec makes hundreds of thousands of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any


@dataclass(slots=True)
class Usage:
    """One metered quantity, in the unit of the rate it is priced with.

    ``key`` names the rate in the service's rate card (``dns-queries-standard``);
    ``component`` is what a person reads on the report ("Standard queries").
    """

    resource: str
    service: str
    region: str
    key: str
    quantity: Decimal
    unit: str
    component: str
    one_time: bool = False
    # A catalog rate's dimension values (instance type, operating system…), in the order
    # the catalog names its dimensions; () for a rate card's key.
    dims: tuple[str, ...] = ()
    # How many metered items (e.g. volume-months) share ``quantity`` evenly, for rates
    # whose tier ladder applies per item (EBS io2 IOPS); None: one.
    items: Decimal | None = None
    # How much of its group's aggregate this record makes free, whatever the free-tier
    # setting (RDS: each instance's provisioned storage allows as much backup storage in
    # its region). A record with quantity 0 and an allowance only contributes it.
    allowance: Decimal | None = None


@dataclass(slots=True)
class ResourceUsage:
    """Everything a calculator says about one resource: usage, warnings and notes."""

    records: tuple[Usage, ...]
    warnings: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    # Charges already priced by the calculator from a price catalog (a Snow job's fees):
    # not aggregated or tiered by the rater, appended to the resource's line items.
    priced: tuple[LineItem, ...] = ()


@dataclass(slots=True)
class TierCharge:
    """The part of a usage aggregate that falls in one price tier."""

    quantity: Decimal
    rate: Decimal
    verified: bool = True
    note: str | None = None


@dataclass(slots=True)
class LineItem:
    """One priced component of one resource, with the formula that produced it."""

    resource: str
    service: str
    region: str
    component: str
    key: str
    quantity: Decimal
    unit: str
    rate: Decimal
    per: Decimal
    cost: Decimal
    formula: str
    one_time: bool = False
    free_quantity: Decimal = Decimal(0)
    tiers: tuple[TierCharge, ...] = ()
    verified: bool = True
    # a catalog rate's dimensions, named: (("instance_type", "m5.large"), …)
    dimensions: tuple[tuple[str, str], ...] = ()
    # the composite resource this line's resource is part of (None: a top-level one)
    parent: str | None = None
    # an unverified rate's notes and source, from its rate card (None when verified)
    rate_note: str | None = None
    rate_source: str | None = None

    @property
    def quantity_text(self) -> str:
        """The quantity as people read it, with the free part: ``31,500,000 requests
        (9,843,750 free)``."""
        from awscalc.numbers import grouped, plural

        unit = self.unit if self.quantity == 1 else plural(self.unit)
        text = f"{grouped(self.quantity)} {unit}"
        return f"{text} ({grouped(self.free_quantity, 2)} free)" if self.free_quantity else text

    @property
    def rate_text(self) -> str:
        """The unit price as people read it: ``$0.40 per 1M queries``."""
        from awscalc.numbers import money_rate, per_text

        blended = " (blended)" if len(self.tiers) > 1 else ""
        return f"{money_rate(self.rate)} per {per_text(self.per, self.unit)}{blended}"


@dataclass(frozen=True)
class UnverifiedRate:
    """An unverified rate that cost something in an estimate: ``service/key``, the
    regions it priced and its rate card's notes (each once)."""

    rate: str
    regions: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def note(self) -> str | None:
        """The notes as one text, or None when the card gives none."""
        return "; ".join(self.notes) or None


@dataclass(frozen=True)
class RateCardInfo:
    """Provenance of one rate card that priced part of an estimate."""

    service: str
    title: str
    source: str
    retrieved: str
    currency: str
    origin: str
    path: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Estimate:
    """A priced architecture: line items, totals, warnings and rate-card provenance."""

    name: str | None
    spec_file: str
    region: str
    free_tier: bool
    month_hours: Decimal
    currency: str
    line_items: tuple[LineItem, ...]
    # the calculators' own warnings ("resource: …"); :attr:`warnings` adds the unverified
    # rates' ones
    calculator_warnings: tuple[str, ...]
    pricing: tuple[RateCardInfo, ...]
    resources: tuple[tuple[str, str, str], ...]  # (name, service, region) in spec order
    details: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # child resource → its composite parent (children follow their parent in resources)
    parents: Mapping[str, str] = field(default_factory=dict)
    # the spec's ranged values: low/expected/high totals and the sensitivity ranking
    # (awscalc.ranges.RangeReport), when it has any
    ranges: Any = None
    # resource → its spec's ``group:`` / ``description:`` (a composite's children have
    # their parent's group); only resources that have one
    groups: Mapping[str, str] = field(default_factory=dict)
    descriptions: Mapping[str, str] = field(default_factory=dict)
    # how reports group resources (``estimate --group-by``): group, service, region or
    # resource; None: by group when any resource has one, else by resource
    group_by: str | None = None
    # the unverified rates that cost something (warned of, grouped by shared provenance:
    # awscalc.unverified)
    unverified: tuple[UnverifiedRate, ...] = ()

    @cached_property
    def warnings(self) -> tuple[str, ...]:
        """The calculators' warnings, then one per shared provenance of the unverified
        rates."""
        from awscalc.unverified import unverified_warnings

        return (*self.calculator_warnings, *unverified_warnings(list(self.unverified)))

    @cached_property
    def monthly_total(self) -> Decimal:
        """Sum of the rounded monthly line items."""
        return sum((i.cost for i in self.line_items if not i.one_time), Decimal("0.00"))

    @cached_property
    def one_time_total(self) -> Decimal:
        """Sum of the rounded one-time line items."""
        return sum((i.cost for i in self.line_items if i.one_time), Decimal("0.00"))

    @property
    def annual_total(self) -> Decimal:
        """Twelve times the monthly total (one-time costs excluded)."""
        return self.monthly_total * 12

    def summaries(self) -> list[str]:
        """Each resource's one-line summaries (``details[...]["summary"]``), prefixed."""
        return [f"{name}: {line}" for name, details in self.details.items()
                for line in details.get("summary", [])]

    def children(self, name: str) -> list[str]:
        """The resources a composite is made of (and theirs), in order."""
        found = [child for child, parent in self.parents.items() if parent == name]
        return [n for child in found for n in (child, *self.children(child))]

    def subtotal(self, name: str, one_time: bool = False) -> Decimal:
        """A resource's total with its children's (the same as :meth:`resource_total`
        for a resource that is not a composite)."""
        return sum((self.resource_total(n, one_time) for n in (name, *self.children(name))),
                   Decimal("0.00"))

    def resource_total(self, name: str, one_time: bool = False) -> Decimal:
        """Sum of one resource's rounded line items (monthly or one-time)."""
        return self._resource_totals.get((name, one_time), Decimal("0.00"))

    @cached_property
    def _resource_totals(self) -> dict[tuple[str, bool], Decimal]:
        totals: dict[tuple[str, bool], Decimal] = {}
        for item in self.line_items:
            key = (item.resource, item.one_time)
            totals[key] = totals.get(key, Decimal("0.00")) + item.cost
        return totals
