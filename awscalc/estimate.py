"""The estimate pipeline: spec → usage (calculators) → rating → :class:`Estimate`.

No I/O beyond loading rate cards through the :class:`RateBook`; no printing.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import Estimate, LineItem, Usage
from awscalc.numbers import money
from awscalc.ratecards import RateBook
from awscalc.rating import Aggregate, GroupKey, group_key, group_totals, monthly_total, rate_account
from awscalc.services import expand, phases
from awscalc.spec import Resource, Spec


def check_catalog_values(spec: Spec, book: RateBook, *, missing_ok: bool = False) -> None:
    """Check the values a catalog knows (EC2 instance types…) against the catalog.

    An unknown value is a :class:`~awscalc.errors.SpecError` (exit 3) at its JSON path,
    with a did-you-mean from the catalog — not an exit-4 "no price" later. With
    ``missing_ok``, a service whose catalog cannot be opened is not checked.
    """
    import difflib

    from awscalc.catalog import update_hint
    from awscalc.errors import PricingError
    from awscalc.services import declaration

    for resource in expand(spec.resources):
        checked = declaration(resource.service).catalog_values
        if not checked:
            continue
        try:
            catalog = book.catalog(resource.service)
        except PricingError:
            if missing_ok:
                continue
            raise
        for key, dimension in checked.items():
            for keys, value in _values_at(resource.config, tuple(key.split("."))):
                if not isinstance(value, str) or catalog.knows(dimension, value):
                    continue
                close = difflib.get_close_matches(value, catalog.values(dimension), n=1)
                hint = (f"did you mean '{close[0]}'?" if close else
                        f"not in the rate catalog ({catalog.path}); "
                        + update_hint(resource.service, resource.region))
                raise resource.error(keys, f"unknown {dimension.replace('_', ' ')} "
                                     f"'{value}'", hint)


def _values_at(node: Any, path: tuple[str, ...], where: tuple[str | int, ...] = ()
               ) -> list[tuple[tuple[str | int, ...], Any]]:
    """The values at a dotted ``catalog_values`` path (``*`` = each list item), with
    where each is: ``instances.*.instance_class`` → ``(("instances", 0,
    "instance_class"), "db.r5.large")``…"""
    if not path:
        return [(where, node)]
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(node, list):
        return [found for index, item in enumerate(node)
                for found in _values_at(item, rest, (*where, index))]
    if isinstance(node, dict) and head in node:
        return _values_at(node[head], rest, (*where, head))
    return []


def estimate(spec: Spec, book: RateBook, *, compare: bool = True) -> Estimate:
    """Price every resource of ``spec`` with the rate cards of ``book``.

    With ``compare``, each calculator's ``comparisons(resource)`` alternatives are priced
    too (the account total with that one resource changed, so shared tiers and free
    tiers count) and reported in the resource's details, with a summary line when they
    differ; and each calculator's ``priced_details`` hook adds figures that need prices.
    """
    check_catalog_values(spec, book)
    resources = expand(spec.resources)  # composites followed by their children
    records: list[tuple[Usage, ...]] = []
    warnings: list[str] = []
    details: dict[str, Any] = {}
    priced: dict[str, tuple[LineItem, ...]] = {}
    unpriced: dict[str, PricingError] = {}  # resource → its first missing rate
    for resource in resources:
        phase = phases(resource.service)
        try:
            result = (phase.priced_usage(resource, book) if phase.priced_usage is not None
                      else phase.usage(resource))
        except PricingError as error:
            if not error.missing_rate:
                raise
            unpriced[resource.name] = error
            continue
        records.append(result.records)
        if result.priced:
            priced[resource.name] = result.priced
        warnings.extend(f"{resource.name}: {warning}" for warning in result.warnings)
        if result.details:
            details[resource.name] = dict(result.details)
    usages = [usage for resource_records in records for usage in resource_records]
    _raise_missing_rates(resources, usages, book, unpriced)
    items, unverified = rate_account(usages, book, spec.free_tier)
    if priced:
        items = _in_spec_order(resources, items, priced)
    parents = {r.name: r.parent for r in resources if r.parent is not None}
    for item in items:
        item.parent = parents.get(item.resource)
    regions: dict[str, set[str]] = {}
    for record in usages:
        regions.setdefault(record.resource, set()).add(record.region)
    priced = Estimate(
        name=spec.name,
        spec_file=spec.source.name,
        region=spec.region,
        free_tier=spec.free_tier,
        month_hours=spec.month_hours,
        currency="USD",
        line_items=tuple(items),
        calculator_warnings=tuple(warnings),
        unverified=tuple(unverified),
        pricing=tuple(card.info() for card in book.used()),
        # a resource billed in one region only (Route 53: global) shows that region
        resources=tuple((r.name, r.service, _single(regions.get(r.name)) or r.region)
                        for r in resources),
        details=details,
        parents=parents,
        **_labels(spec, resources),
    )
    _add_flow_summary(priced, details)
    if compare:
        _add_priced_details(resources, book, details)
        _add_comparisons(spec, resources, book, priced, details, records)
    return priced


def _raise_missing_rates(resources: list[Resource], usages: list[Usage], book: RateBook,
                         unpriced: dict[str, PricingError]) -> None:
    """Raise the first resource's missing rate, saying which other resources lack one too,
    so one run shows everything a region's cards are missing (not one rate per run)."""
    for usage in usages:
        if usage.resource not in unpriced:
            try:
                book.rate(usage.service, usage.key, usage.region, usage.dims)
            except PricingError as error:
                if not error.missing_rate:
                    raise
                unpriced[usage.resource] = error
    if not unpriced:
        return
    names = [resource.name for resource in resources if resource.name in unpriced]
    _raise_not_offered([r for r in resources if r.name in unpriced], usages, book)
    first = unpriced[names[0]]
    if len(names) == 1:
        raise first
    others = names[1:]
    shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
    region = next(resource.region for resource in resources if resource.name == names[0])
    more = (f"{len(others)} more resources lack a price too" if len(others) > 1
            else "1 more resource lacks a price too")
    hint = (f"{first.hint}; " if first.hint else "") + (
        f"{more}: {shown} — 'awscalc pricing list --region {region}' shows what is "
        "priced there")
    raise PricingError(first.message, hint) from first


def _raise_not_offered(resources: list[Resource], usages: list[Usage], book: RateBook
                       ) -> None:
    """A resource that lacks a rate because it asks for a service or feature AWS does not
    offer in its region (the service's ``not_offered`` declaration) is a spec error at
    the key that asks for it, citing where AWS says so — not a missing price that
    ``pricing update`` could fetch."""
    from awscalc.services import declaration

    for resource in resources:
        declared = declaration(resource.service).not_offered
        if not declared:
            continue
        records = ([u for u in usages if u.resource == resource.name]
                   or list(phases(resource.service).usage(resource).records))
        for absent in declared:
            region = next((record.region for record in records
                           if record.service == resource.service
                           and record.region in absent.regions
                           and (not absent.keys or record.key in absent.keys)
                           and _lacks(book, record)), None)
            if region is not None:
                raise resource.error(
                    absent.spec_key, f"{absent.what} is not offered in {region} "
                    f"({absent.regions[region]}; {absent.source}, retrieved "
                    f"{absent.retrieved})", _what_instead(absent))


def _what_instead(absent: Any) -> str:
    """The hint of a not-offered error: drop the feature, or go where it is sold."""
    if absent.hint:
        return absent.hint
    if absent.keys:
        return f"remove {absent.spec_key[-1]} or choose a region the page lists"
    return "choose a region the page lists"


def _lacks(book: RateBook, record: Usage) -> bool:
    """Whether ``book`` has no rate for ``record``."""
    try:
        book.rate(record.service, record.key, record.region, record.dims)
    except PricingError as error:
        if not error.missing_rate:
            raise
        return True
    return False


def _labels(spec: Spec, resources: list[Resource]) -> dict[str, dict[str, str]]:
    """The ``groups`` and ``descriptions`` of the spec's resources (a composite's
    children are in their parent's group)."""
    raw = spec.source.document.data["resources"]
    groups: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for resource in resources:
        if resource.parent is not None:  # a child: its parent's group
            if resource.parent in groups:
                groups[resource.name] = groups[resource.parent]
            continue
        keys = raw.get(resource.name)
        if not isinstance(keys, dict):
            continue
        if keys.get("group"):
            groups[resource.name] = keys["group"].strip()
        if keys.get("description") and not _own_description(resource.service):
            descriptions[resource.name] = keys["description"].strip()
    return {"groups": groups, "descriptions": descriptions}


def _add_flow_summary(priced: Estimate, details: dict[str, Any]) -> None:
    """Each data flow's cost and the spec's transfer bill by kind (awscalc.flows)."""
    from awscalc.flows import summarize

    summarize(priced, details)


def _own_description(service: str) -> bool:
    """Whether ``service`` gives ``description`` a meaning of its own (a custom line
    item names its line with it: shown there, not again under the name)."""
    from awscalc.services import schema_fragment

    return "description" in schema_fragment(service).get("properties", {})


def _in_spec_order(resources: list[Resource], items: list[LineItem],
                   priced: dict[str, tuple[LineItem, ...]]) -> list[LineItem]:
    """Rated and pre-priced line items together, resource by resource in spec order."""
    by_resource: dict[str, list[LineItem]] = {}
    for item in items:
        by_resource.setdefault(item.resource, []).append(item)
    return [item for resource in resources
            for item in (*by_resource.get(resource.name, ()), *priced.get(resource.name, ()))]


def _add_priced_details(resources: list[Resource], book: RateBook,
                        details: dict[str, Any]) -> None:
    for resource in resources:
        hook = phases(resource.service).priced_details
        if hook is not None:
            found = hook(resource, details.get(resource.name, {}), book)
            if found:
                mine = details.setdefault(resource.name, {})
                summary = [*mine.get("summary", []), *found.get("summary", [])]
                mine.update(found)
                if summary:
                    mine["summary"] = summary


def _add_comparisons(spec: Spec, resources: list[Resource], book: RateBook, priced: Estimate,
                     details: dict[str, Any], records: list[tuple[Usage, ...]]) -> None:
    variants = [(index, resource, label, config)
                for index, resource in enumerate(resources)
                for hook in [phases(resource.service).comparisons]
                if hook is not None
                for label, config in hook(resource).items()]
    if not variants:
        return
    account = _Account(records)
    memo: dict[Any, Decimal] = {}
    from awscalc.errors import PricingError
    from awscalc.flows import delivered_by

    delivered = delivered_by(resources)  # distribution → the flows it delivers
    for index, resource, label, config in variants:
        variant = replace(resource, config=config)
        try:
            replaced = phases(resource.service).usage(variant).records
            flows = delivered.get(resource.name)
            totals = (account.totals_with(index, replaced) if not flows
                      else _totals_with_flows(records, index, replaced, flows, config))
            other_total = monthly_total(totals, book, spec.free_tier, memo)
        except PricingError as exc:
            # A comparison is an extra: a rate the alternative lacks must not stop the
            # estimate of what was specified; say why it is missing instead.
            details.setdefault(resource.name, {}).setdefault("summary", []).append(
                f"not compared with {label}: {exc}")
            continue
        difference = priced.monthly_total - other_total
        percent = ((difference * 100 / other_total).quantize(Decimal("0.01"))
                   if other_total else None)
        resource_details = details.setdefault(resource.name, {})
        resource_details.setdefault("comparisons", []).append({
            "with": label,
            "monthly_total": priced.monthly_total,
            "monthly_total_with": other_total,
            "difference": difference,
            "difference_percent": percent,
        })
        if difference:
            sign = "more" if difference > 0 else "less"
            share = f" ({abs(percent)}%)" if percent is not None else ""
            resource_details.setdefault("summary", []).append(
                f"as specified costs {money(abs(difference))}{share} a month {sign} than "
                f"with {label}")


def _totals_with_flows(records: list[tuple[Usage, ...]], index: int,
                       replaced: tuple[Usage, ...], delivered: dict[int, Resource],
                       config: dict[str, Any]) -> dict[GroupKey, Aggregate]:
    """The account's group totals with a distribution's usage replaced and the flows it
    delivers re-priced with its variant ``config`` (in full: the flows are few)."""
    from awscalc.flows import through

    swapped = list(records)
    swapped[index] = replaced
    for position, flow in delivered.items():
        swapped[position] = phases(flow.service).usage(through(flow, config)).records
    return group_totals([usage for resource in swapped for usage in resource])


class _Account:
    """The account's usage aggregates, able to swap one resource's usage cheaply.

    A what-if variant changes one resource; re-rating the whole spec for each variant
    would cost O(resources²). Group aggregates and each group's first appearance are
    kept, so a variant's account costs O(groups) — with exactly the group order (which
    decides how shared free-tier pools are drawn) a full re-estimate would have.
    """

    def __init__(self, records: list[tuple[Usage, ...]]) -> None:
        self.records = records
        self.totals = group_totals([u for resource in records for u in resource])
        # group → sorted (resource index, record index) of each resource's first record
        self.firsts: dict[GroupKey, list[tuple[int, int]]] = {}
        for index, resource in enumerate(records):
            for key, position in _first_positions(resource).items():
                self.firsts.setdefault(key, []).append((index, position))

    def totals_with(self, index: int, replacement: tuple[Usage, ...]
                    ) -> dict[GroupKey, Aggregate]:
        """Ordered group totals with resource ``index``'s usage replaced."""
        totals = dict(self.totals)
        for key, removed in group_totals(list(self.records[index])).items():
            found = totals[key]
            kept = list(found.parts)
            for part in removed.parts:
                kept.remove(part)
            totals[key] = Aggregate(found.quantity - removed.quantity, tuple(kept),
                                    found.allowance - removed.allowance,
                                    found.billed - removed.billed)
        for key, added in group_totals(list(replacement)).items():
            found = totals.get(key, Aggregate(Decimal(0), billed=0))
            totals[key] = Aggregate(found.quantity + added.quantity, found.parts + added.parts,
                                    found.allowance + added.allowance,
                                    found.billed + added.billed)
        new_firsts = {key: (index, position)
                      for key, position in _first_positions(replacement).items()}
        order: dict[GroupKey, tuple[int, int]] = {}
        for key in totals:
            firsts = self.firsts.get(key, ())
            # the earliest first appearance by another resource (only one is left out)
            kept = (firsts[0] if firsts and firsts[0][0] != index
                    else firsts[1] if len(firsts) > 1 else None)
            new = new_firsts.get(key)
            if kept is None or (new is not None and new < kept):
                kept = new
            if kept is not None:
                order[key] = kept
        return {key: totals[key] for key in sorted(order, key=order.__getitem__)}


def _first_positions(records: tuple[Usage, ...]) -> dict[GroupKey, int]:
    positions: dict[GroupKey, int] = {}
    for position, usage in enumerate(records):
        positions.setdefault(group_key(usage), position)
    return positions


def _single(values: set[str] | None) -> str | None:
    return next(iter(values)) if values and len(values) == 1 else None
