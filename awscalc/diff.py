"""What a change to an architecture costs: two estimates compared line by line.

Both specs are priced with the same rate cards by the caller; this module only pairs
their line items and computes the deltas (pure, no I/O). Line items pair up by
resource, service, region and usage key; a line left over on each side of one resource
and region pairs with a line whose component reads the same once a trailing qualifier
in parentheses is dropped, so ``Duration (x86_64)`` → ``Duration (arm64)`` shows as one
changed line, as a person would read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from awscalc.model import Estimate, LineItem

CHANGED, UNCHANGED, ADDED, REMOVED = "changed", "unchanged", "added", "removed"


@dataclass(frozen=True)
class Change:
    """A before → after pair of amounts, with the difference and its percentage."""

    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        """after − before."""
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        """The delta as a percentage of before (None when before is zero)."""
        if not self.before:
            return None
        return (self.delta * 100 / self.before).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class DiffLine:
    """One component of one resource, before and after (either may be missing)."""

    resource: str
    component: str
    status: str
    before: LineItem | None
    after: LineItem | None

    @property
    def cost(self) -> Change:
        """The cost change of this line."""
        return Change(self.before.cost if self.before else Decimal("0.00"),
                      self.after.cost if self.after else Decimal("0.00"))

    @property
    def one_time(self) -> bool:
        """Whether the line is a one-time charge."""
        return (self.after or self.before).one_time  # type: ignore[union-attr]


@dataclass(frozen=True)
class ResourceChange:
    """One resource's status and its monthly and one-time totals, before and after."""

    name: str
    service: str
    status: str
    monthly: Change
    one_time: Change


@dataclass(frozen=True)
class Diff:
    """The comparison of two estimates."""

    before: Estimate
    after: Estimate
    lines: tuple[DiffLine, ...]
    resources: tuple[ResourceChange, ...]

    @property
    def monthly(self) -> Change:
        """Monthly totals before and after."""
        return Change(self.before.monthly_total, self.after.monthly_total)

    @property
    def annual(self) -> Change:
        """Annual totals before and after."""
        return Change(self.before.annual_total, self.after.annual_total)

    @property
    def one_time(self) -> Change:
        """One-time totals before and after."""
        return Change(self.before.one_time_total, self.after.one_time_total)

    def visible_lines(self, show_all: bool = False) -> list[DiffLine]:
        """The lines to show: all of them, or only those that changed."""
        return [line for line in self.lines if show_all or line.status != UNCHANGED]


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def _identity(item: LineItem) -> tuple[str, str, str, str, bool]:
    return (item.resource, item.service, item.region, item.key, item.one_time)


def _stem(component: str) -> str:
    return _QUALIFIER.sub("", component)


def compare(before: Estimate, after: Estimate) -> Diff:
    """Pair the line items of ``before`` and ``after`` and compute every delta."""
    after_items = {_identity(i): i for i in after.line_items}
    lines: list[DiffLine] = []
    unmatched_before: list[LineItem] = []
    for item in before.line_items:
        match = after_items.pop(_identity(item), None)
        if match is None:
            unmatched_before.append(item)
        else:
            lines.append(_line(item, match))
    leftovers = list(after_items.values())
    for item in unmatched_before:
        partner = next((other for other in leftovers
                        if (other.resource, other.region, other.one_time)
                        == (item.resource, item.region, item.one_time)
                        and _stem(other.component) == _stem(item.component)), None)
        if partner is not None:
            leftovers.remove(partner)
        lines.append(_line(item, partner))
    lines.extend(_line(None, item) for item in leftovers)
    order = {name: index for index, (name, _, _) in enumerate(before.resources)}
    order.update({name: len(order) + index for index, (name, _, _) in enumerate(
        r for r in after.resources if r[0] not in order)})
    lines.sort(key=lambda line: order.get(line.resource, len(order)))
    return Diff(before, after, tuple(lines), _resources(before, after, order))


def _line(before: LineItem | None, after: LineItem | None) -> DiffLine:
    item = after or before
    assert item is not None
    if before is None:
        status = ADDED
    elif after is None:
        status = REMOVED
    elif (before.cost, before.quantity, before.key) == (after.cost, after.quantity, after.key):
        status = UNCHANGED
    else:
        status = CHANGED
    component = item.component
    if before and after and before.component != after.component:
        component = _renamed(before.component, after.component)
    return DiffLine(item.resource, component, status, before, after)


def _renamed(before: str, after: str) -> str:
    """``Duration (x86_64)``, ``Duration (arm64)`` → ``Duration (x86_64 → arm64)``."""
    shorter, longer = sorted((before, after), key=len)
    if longer.startswith(shorter):
        return longer
    stem = _stem(before)
    if stem == _stem(after) and stem != before and stem != after:
        return f"{stem} ({before[len(stem):].strip()[1:-1]} → {after[len(stem):].strip()[1:-1]})"
    return f"{before} → {after}"


def _resources(before: Estimate, after: Estimate, order: dict[str, int]
               ) -> tuple[ResourceChange, ...]:
    services = {name: service for name, service, _ in (*before.resources, *after.resources)}
    had = {name for name, _, _ in before.resources}
    has = {name for name, _, _ in after.resources}
    changes = []
    for name in sorted(had | has, key=lambda n: order.get(n, len(order))):
        monthly = Change(before.resource_total(name), after.resource_total(name))
        one_time = Change(before.resource_total(name, True), after.resource_total(name, True))
        if name not in had:
            status = ADDED
        elif name not in has:
            status = REMOVED
        elif monthly.delta or one_time.delta:
            status = CHANGED
        else:
            status = UNCHANGED
        changes.append(ResourceChange(name, services[name], status, monthly, one_time))
    return tuple(changes)
