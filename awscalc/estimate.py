"""The estimate pipeline: spec → usage (calculators) → rating → :class:`Estimate`.

No I/O beyond loading rate cards through the :class:`RateBook`; no printing.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from awscalc.model import Estimate, Usage
from awscalc.numbers import money
from awscalc.ratecards import RateBook
from awscalc.rating import rate_usage
from awscalc.services import calculator
from awscalc.spec import Resource, Spec


def estimate(spec: Spec, book: RateBook, *, compare: bool = True) -> Estimate:
    """Price every resource of ``spec`` with the rate cards of ``book``.

    With ``compare``, each calculator's ``comparisons(resource)`` alternatives are priced
    too (the whole spec again, one resource changed, so shared tiers count) and reported
    in the resource's details, with a summary line when they differ; and each
    calculator's ``priced_details`` hook adds figures that need prices.
    """
    usages: list[Usage] = []
    warnings: list[str] = []
    details: dict[str, Any] = {}
    for resource in spec.resources:
        result = calculator(resource.service).usage(resource)
        usages.extend(result.records)
        warnings.extend(f"{resource.name}: {warning}" for warning in result.warnings)
        if result.details:
            details[resource.name] = dict(result.details)
    items, rating_warnings = rate_usage(usages, book, spec.free_tier)
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
        warnings=tuple(warnings + rating_warnings),
        pricing=tuple(card.info() for card in book.used()),
        # a resource billed in one region only (Route 53: global) shows that region
        resources=tuple((r.name, r.service, _single(regions.get(r.name)) or r.region)
                        for r in spec.resources),
        details=details,
    )
    if compare:
        _add_priced_details(spec, book, details)
        _add_comparisons(spec, book, priced, details)
    return priced


def _add_priced_details(spec: Spec, book: RateBook, details: dict[str, Any]) -> None:
    for resource in spec.resources:
        hook = getattr(calculator(resource.service), "priced_details", None)
        if hook is not None and resource.name in details:
            details[resource.name].update(hook(resource, details[resource.name], book))


def _add_comparisons(spec: Spec, book: RateBook, priced: Estimate, details: dict[str, Any]
                     ) -> None:
    for index, resource in enumerate(spec.resources):
        alternatives = getattr(calculator(resource.service), "comparisons", None)
        if alternatives is None:
            continue
        for label, config in alternatives(resource).items():
            variant = _with_resource(spec, index, replace(resource, config=config))
            other = estimate(variant, book, compare=False)
            difference = priced.monthly_total - other.monthly_total
            base = other.monthly_total
            percent = (difference * 100 / base).quantize(Decimal("0.01")) if base else None
            resource_details = details.setdefault(resource.name, {})
            resource_details.setdefault("comparisons", []).append({
                "with": label,
                "monthly_total": priced.monthly_total,
                "monthly_total_with": other.monthly_total,
                "difference": difference,
                "difference_percent": percent,
            })
            if difference:
                sign = "more" if difference > 0 else "less"
                share = f" ({abs(percent)}%)" if percent is not None else ""
                resource_details.setdefault("summary", []).append(
                    f"as specified costs {money(abs(difference))}{share} a month {sign} than "
                    f"with {label}")


def _single(values: set[str] | None) -> str | None:
    return next(iter(values)) if values and len(values) == 1 else None


def _with_resource(spec: Spec, index: int, resource: Resource) -> Spec:
    resources = (*spec.resources[:index], resource, *spec.resources[index + 1:])
    return replace(spec, resources=resources)
