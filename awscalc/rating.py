"""The rater: prices a whole spec's usage the way AWS bills one account.

Usage is grouped by ``(service, region, usage key)`` across *all* resources, because
AWS applies volume tiers and free-tier allowances to the account's monthly aggregate,
not to one bucket or one function. Each group is priced once — free tier first, then
the tier ladder — rounded to the cent, and the cost is allocated back to the resources
in proportion to their usage, so the resources' line items add up to the group's cost
exactly. This is the only module that knows about tiers and free tiers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal

from awscalc.errors import PricingError
from awscalc.model import LineItem, TierCharge, UnverifiedRate, Usage
from awscalc.numbers import CENT, grouped, money, money_rate, per_text, plural, round_cents
from awscalc.ratecards import Rate, RateBook
from awscalc.unverified import unverified_warnings

# service, region, usage key, dimension values, one-time
GroupKey = tuple[str, str, str, tuple[str, ...], bool]
# (quantity, items) of each usage record, for ladders that apply per item
Parts = tuple[tuple[Decimal, Decimal], ...]


def group_key(usage: Usage) -> GroupKey:
    """The account-wide group a usage record is rated in."""
    return (usage.service, usage.region, usage.key, usage.dims, usage.one_time)


@dataclass
class _Group:
    rate: Rate
    usages: dict[str, Decimal]  # resource → quantity, in first-seen order
    components: dict[str, str]  # resource → component label
    parts: dict[str, list[tuple[Decimal, Decimal]]]  # resource → (quantity, items) records


def rate_usage(usages: list[Usage], book: RateBook, free_tier: bool
               ) -> tuple[list[LineItem], list[str]]:
    """Price ``usages`` as one account; return line items (in usage order) and warnings
    (one per shared provenance of the unverified rates: :mod:`awscalc.unverified`)."""
    items, unverified = rate_account(usages, book, free_tier)
    return items, unverified_warnings(unverified)


def rate_account(usages: list[Usage], book: RateBook, free_tier: bool
                 ) -> tuple[list[LineItem], list[UnverifiedRate]]:
    """Price ``usages`` as one account; return line items (in usage order) and the
    unverified rates that cost something (in the order they were rated)."""
    allowances = _allowances(usages)
    if allowances:
        usages = [usage for usage in usages if not _allowance_only(usage)]
    groups = _group(usages, book)
    pools: dict[str, Decimal] = {}
    priced: dict[tuple[str, GroupKey], LineItem] = {}
    # (service, key) → regions and notes of unverified rates that cost something
    unverified: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for key in _pool_order(groups, lambda key: groups[key].rate, free_tier):
        items = _price_group(key, groups[key], free_tier, pools,
                             allowances.get(key, _NONE_FREE))
        for item in items:
            priced[(item.resource, key)] = item
    for key, group in groups.items():
        items = [priced[(resource, key)] for resource in group.usages]
        rate = group.rate
        if items and not items[0].verified and any(item.cost > 0 for item in items):
            regions, notes = unverified.setdefault((rate.service, rate.key), ([], []))
            regions.append(rate.region)
            found = _unverified_notes(rate, items[0].tiers)
            notes.extend(note for note in found if note not in notes)
    rated = [UnverifiedRate(f"{service}/{key}", tuple(dict.fromkeys(regions)), tuple(notes))
             for (service, key), (regions, notes) in unverified.items()]
    ordered: list[LineItem] = []
    seen: set[tuple[str, GroupKey]] = set()
    for usage in usages:
        ident = (usage.resource, group_key(usage))
        if ident not in seen:
            seen.add(ident)
            ordered.append(priced[ident])
    return ordered, rated


def _pool_order(keys: Iterable[GroupKey], rate_of: Callable[[GroupKey], Rate],
                free_tier: bool) -> list[GroupKey]:
    """The order groups are priced in: those drawing on a shared free-tier pool (the
    100 GB of internet egress a month across every region) most expensive first, equal
    rates by service, region, key and dimensions; the rest as given. AWS does not say
    which usage an aggregated allowance covers first; taking the dearest first makes a
    bill independent of the order its resources are written in (and is what the
    allowance is worth at most)."""
    keys = list(keys)
    if not free_tier:
        return keys

    def dearest_first(indexed: tuple[int, GroupKey]) -> tuple[Decimal, tuple, int]:
        index, key = indexed
        rate = rate_of(key)
        if rate.free_tier is None or rate.tier_scope == "item":
            return Decimal(0), (), index
        # equal rates: by service, region, key and dimensions, not by where they appear
        return -rate.tiers[0].rate / rate.per, key, index

    return [key for _, key in sorted(enumerate(keys), key=dearest_first)]


def _unverified_notes(rate: Rate, charges: tuple[TierCharge, ...] | list[TierCharge]
                      ) -> list[str]:
    """The notes of what is unverified in a group's price: its rate's, and its charged
    tiers' (in that order, each once)."""
    found = [rate.note] if not rate.verified and rate.note else []
    found += [c.note for c in charges if not c.verified and c.note]
    return list(dict.fromkeys(found))


def _allowance_only(usage: Usage) -> bool:
    """A record that only contributes an allowance to its group (no usage of its own)."""
    return usage.allowance is not None and not usage.quantity


def _allowances(usages: list[Usage]) -> dict[GroupKey, Decimal]:
    """Each group's always-on allowance: the sum of its records' contributions."""
    found: dict[GroupKey, Decimal] = {}
    for usage in usages:
        if usage.allowance is not None:
            key = group_key(usage)
            found[key] = found.get(key, Decimal(0)) + usage.allowance
    return found


def _group(usages: list[Usage], book: RateBook) -> dict[GroupKey, _Group]:
    groups: dict[GroupKey, _Group] = {}
    for usage in usages:
        key = group_key(usage)
        if key not in groups:
            rate = book.rate(usage.service, usage.key, usage.region, usage.dims)
            if rate.unit != usage.unit:
                raise PricingError(
                    f"rate card for '{usage.service}' prices '{usage.key}' per '{rate.unit}', "
                    f"but the calculator meters it in '{usage.unit}'",
                    "the rate card does not match this version of awscalc")
            groups[key] = _Group(rate, defaultdict(Decimal), {}, {})
        group = groups[key]
        group.usages[usage.resource] += usage.quantity
        group.components.setdefault(usage.resource, usage.component)
        if group.rate.tier_scope == "item":
            group.parts.setdefault(usage.resource, []).append(
                (usage.quantity, _ONE if usage.items is None else usage.items))
    return groups


_ONE = Decimal(1)
_NONE_FREE = Decimal(0)


@dataclass(frozen=True)
class _GroupCharge:
    free: Decimal
    charges: list[TierCharge]
    exact: Decimal
    cost: Decimal


def _charge(rate: Rate, total: Decimal, free_tier: bool, pools: dict[str, Decimal],
            parts: Parts = (), allowance: Decimal = _NONE_FREE) -> _GroupCharge:
    """Price one group's aggregate: allowances, free tier (drawn from its pool), tiers, cents.

    ``allowance`` is free whatever the free-tier setting (see :class:`Usage`); the free
    tier applies to what is left. A ladder that applies per item
    (``rate.tier_scope == "item"``) is applied to each record's quantity per item, times
    its items (``parts``), instead of to the total.
    """
    if rate.tier_scope == "item":
        if free_tier and rate.free_tier is not None:
            raise PricingError(f"rate '{rate.key}' of '{rate.service}' has both a free tier "
                               "and per-item tiers", "the rate card is invalid")
        charges = per_item_charges(rate, parts or ((total, _ONE),))
        free = Decimal(0)
    else:
        free = min(total, allowance) if allowance else Decimal(0)
        if free_tier and rate.free_tier is not None:
            remaining = pools.setdefault(rate.free_tier.pool, rate.free_tier.quantity)
            drawn = min(total - free, remaining)
            pools[rate.free_tier.pool] = remaining - drawn
            free += drawn
        charges = _without_free(rate.split(total), free)
    exact = sum((c.quantity * c.rate / rate.per for c in charges), Decimal(0))
    return _GroupCharge(free, charges, exact, round_cents(exact))


def per_item_charges(rate: Rate, parts: Parts) -> list[TierCharge]:
    """Tier charges of a ladder applied to each item on its own.

    Each part is ``(quantity, items)``: ``items`` items (may be fractional, e.g.
    volume-months) with ``quantity / items`` each. io2 at 40,000 IOPS on each of 2 volumes
    ($0.065 up to 32,000, $0.0455 to 64,000, $0.032 above): 64,000 IOPS-months at the
    first rate and 16,000 at the second — the account-wide ladder would put 16,000 of the
    80,000 in the third tier.

    >>> from awscalc.ratecards import Tier
    >>> ladder = (Tier(Decimal(32000), Decimal("0.065")),
    ...           Tier(Decimal(64000), Decimal("0.0455")), Tier(None, Decimal("0.032")))
    >>> rate = Rate("ebs", "io2-iops", "us-east-1", "", "IOPS-month", Decimal(1), ladder,
    ...             True, None, None, tier_scope="item")
    >>> [(str(c.quantity), str(c.rate)) for c in per_item_charges(
    ...     rate, ((Decimal(80000), Decimal(2)),))]
    [('64000', '0.065'), ('16000', '0.0455')]
    """
    merged: dict[int, TierCharge] = {}
    for quantity, items in parts:
        level = quantity / items if items else Decimal(0)
        for index, charge in enumerate(rate.split(level)):
            scaled = charge.quantity * items
            found = merged.get(index)
            if found is None:
                merged[index] = replace(charge, quantity=scaled)
            else:
                found.quantity += scaled
    return [merged[index] for index in sorted(merged)]


@dataclass(frozen=True)
class Aggregate:
    """An account group's total quantity, with each record's ``(quantity, items)``.

    ``allowance`` is the group's always-on free amount (see :class:`Usage`); ``billed``
    counts the records that are not only an allowance — a group without any is not
    priced (nor its rate looked up), as :func:`rate_usage` does.
    """

    quantity: Decimal
    parts: Parts = ()
    allowance: Decimal = _NONE_FREE
    billed: int = 1


def group_totals(usages: list[Usage]) -> dict[GroupKey, Aggregate]:
    """The account's aggregate per group, in order of first appearance."""
    quantities: dict[GroupKey, Decimal] = {}
    parts: dict[GroupKey, list[tuple[Decimal, Decimal]]] = {}
    allowances: dict[GroupKey, Decimal] = {}
    for usage in usages:
        key = group_key(usage)
        quantities[key] = quantities.get(key, Decimal(0)) + usage.quantity
        records = parts.setdefault(key, [])
        if usage.allowance is not None:
            allowances[key] = allowances.get(key, Decimal(0)) + usage.allowance
            if not usage.quantity:
                continue
        records.append((usage.quantity, _ONE if usage.items is None else usage.items))
    return {key: Aggregate(quantity, tuple(parts[key]), allowances.get(key, _NONE_FREE),
                           len(parts[key]))
            for key, quantity in quantities.items()}


def monthly_total(totals: dict[GroupKey, Aggregate], book: RateBook, free_tier: bool,
                  memo: dict[tuple[GroupKey, Aggregate], Decimal] | None = None) -> Decimal:
    """The account's monthly total for ordered group aggregates, without line items.

    Equal to the sum of :func:`rate_usage`'s monthly line items for the same usage (the
    allocation to resources preserves each group's rounded cost), at a cost that does not
    depend on how many resources there are — used to price what-if variants. ``memo``
    remembers group costs that do not depend on a free-tier pool, across calls.
    """
    pools: dict[str, Decimal] = {}
    total = Decimal("0.00")

    rates = {group: book.rate(group[0], group[2], group[1], group[3])
             for group, aggregate in totals.items() if aggregate.billed}
    for group in _pool_order(rates, rates.__getitem__, free_tier):
        aggregate = totals[group]
        one_time = group[4]
        rate = rates[group]
        parts = aggregate.parts if rate.tier_scope == "item" else ()
        if rate.aggregate == "max":
            aggregate = Aggregate(max(quantity for quantity, _ in aggregate.parts),
                                  aggregate.parts, aggregate.allowance, aggregate.billed)
        if free_tier and rate.free_tier is not None:  # depends on the pool's state
            cost = _charge(rate, aggregate.quantity, free_tier, pools, parts,
                           aggregate.allowance).cost
        else:
            remembered = Aggregate(aggregate.quantity, parts, aggregate.allowance)
            if memo is not None and (group, remembered) in memo:
                cost = memo[(group, remembered)]
            else:
                cost = _charge(rate, aggregate.quantity, free_tier, pools, parts,
                               aggregate.allowance).cost
                if memo is not None:
                    memo[(group, remembered)] = cost
        if not one_time:
            total += cost
    return total


def _price_group(key: GroupKey, group: _Group, free_tier: bool,
                 pools: dict[str, Decimal], allowance: Decimal) -> list[LineItem]:
    rate = group.rate
    total = (max(group.usages.values()) if rate.aggregate == "max"
             else sum(group.usages.values(), Decimal(0)))
    parts = tuple(part for records in group.parts.values() for part in records)
    priced = _charge(rate, total, free_tier, pools, parts, allowance)
    free, charges, exact, cost = priced.free, priced.charges, priced.exact, priced.cost
    if rate.tier_scope == "item":  # resources' costs are not proportional to quantities
        weights = [_charge(rate, quantity, False, pools, tuple(group.parts[resource])).exact
                   for resource, quantity in group.usages.items()]
    else:
        weights = list(group.usages.values())
    shares = allocate(cost, weights)
    shared = len(group.usages) > 1
    group_text = _group_formula(rate, total, free, charges, cost, shared)
    # the same for every resource of the group (a group can hold thousands)
    unit_rate = _unit_rate(charges, exact, total - free, rate.per)
    tiers = tuple(charges)
    verified = rate.verified and all(c.verified for c in charges if c.quantity > 0)
    # where an unverified price comes from, on each of its lines (JSON: rate_note)
    note = None if verified else "; ".join(_unverified_notes(rate, charges)) or None
    source = None if verified else rate.source
    units = plural(rate.unit)
    dimensions = tuple(zip(rate.dimension_names, rate.dims, strict=True))
    items = []
    for (resource, quantity), share in zip(group.usages.items(), shares, strict=True):
        formula = (f"{group_text}; this resource's {grouped(quantity)} {units} = "
                   f"{money(share)}" if shared else group_text)
        items.append(LineItem(
            resource=resource, service=rate.service, region=rate.region,
            component=group.components[resource], key=rate.key, quantity=quantity,
            unit=rate.unit, rate=unit_rate, per=rate.per, cost=share, formula=formula,
            one_time=key[4], free_quantity=_share(free, quantity, total), tiers=tiers,
            verified=verified, dimensions=dimensions, rate_note=note, rate_source=source,
        ))
    return items


def _without_free(charges: list[TierCharge], free: Decimal) -> list[TierCharge]:
    """Take the free allowance out of the lowest tiers first.

    Free usage counts towards the tier ladder: with 100 GB of free data transfer out and
    a first tier "up to 10 TB", 12 TB bills 10,140 GB at the first rate and 2,048 GB at
    the second (pricing-facts §1.4: "first 100 GB free", then "up to 10 TB").
    """
    billed: list[TierCharge] = []
    for charge in charges:
        taken = min(charge.quantity, free)
        free -= taken
        if charge.quantity - taken > 0:
            billed.append(replace(charge, quantity=charge.quantity - taken))
    return billed or [replace(charges[0], quantity=Decimal(0))]


def _share(free: Decimal, quantity: Decimal, total: Decimal) -> Decimal:
    """A resource's part of the free allowance, to 6 decimals (display only; the cost is
    computed from the aggregate)."""
    if not total or not free:
        return _NONE_FREE  # one shared zero: most line items of a large spec have no free part
    return (free * quantity / total).quantize(Decimal("0.000001")).normalize()


def allocate(cost: Decimal, quantities: list[Decimal]) -> list[Decimal]:
    """Split a rounded ``cost`` over ``quantities`` in proportion, to the cent, exactly.

    Largest-remainder allocation: every share is a whole number of cents and the shares
    add up to ``cost``; a cent left over by rounding goes to the largest remainder
    (the earlier resource on a tie).

    >>> allocate(Decimal("440.00"), [Decimal(600), Decimal(600)])
    [Decimal('220.00'), Decimal('220.00')]
    >>> allocate(Decimal("0.10"), [Decimal(1), Decimal(1), Decimal(1)])
    [Decimal('0.04'), Decimal('0.03'), Decimal('0.03')]
    """
    total = sum(quantities, Decimal(0))
    if len(quantities) == 1:
        return [cost]
    if total == 0:
        return [Decimal("0.00")] * len(quantities)
    exact = [cost * q / total for q in quantities]
    floors = [e.quantize(CENT, rounding=ROUND_FLOOR) for e in exact]
    left = int(((cost - sum(floors, Decimal(0))) / CENT).to_integral_value())
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in order[:left]:
        floors[index] += CENT
    return floors


def _unit_rate(charges: list[TierCharge], exact: Decimal, billable: Decimal,
               per: Decimal) -> Decimal:
    """The single tier's rate, or the blended rate (per ``per`` units) across tiers."""
    if len(charges) == 1 or billable == 0:
        return charges[0].rate
    return (exact * per / billable).quantize(Decimal("1e-10")).normalize()


def _group_formula(rate: Rate, total: Decimal, free: Decimal, charges: list[TierCharge],
                   cost: Decimal, shared: bool) -> str:
    """The account-wide part of a formula: ``1,200,000,000 queries × $0.40/1M + … = $440.00``."""
    unit = plural(rate.unit)
    per = "" if rate.per == 1 else f"/{per_text(rate.per, rate.unit).split()[0]}"
    parts = " + ".join(f"{grouped(c.quantity)} {unit} × {money_rate(c.rate)}{per}"
                       for c in charges)
    text = f"{parts} = {money(cost)}"
    if free:
        text = f"({grouped(total)} − {grouped(free)} free) {unit}: {text}"
    if shared:
        text = f"{text} account-wide for {grouped(total)} {unit}"
    return text
