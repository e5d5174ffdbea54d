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
    in the resource's details and as a warning when they differ.
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
    regions = {u.resource: u.region for u in usages}
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
        resources=tuple((r.name, r.service, regions.get(r.name, r.region))
                        for r in spec.resources),
        details=details,
    )
    if compare:
        _add_comparisons(spec, book, priced, details, warnings)
        priced = replace(priced, warnings=tuple(warnings + rating_warnings))
    return priced


def _add_comparisons(spec: Spec, book: RateBook, priced: Estimate, details: dict[str, Any],
                     warnings: list[str]) -> None:
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
            details.setdefault(resource.name, {}).setdefault("comparisons", []).append({
                "with": label,
                "monthly_total": priced.monthly_total,
                "monthly_total_with": other.monthly_total,
                "difference": difference,
                "difference_percent": percent,
            })
            if difference:
                sign = "more" if difference > 0 else "less"
                share = f" ({abs(percent)}%)" if percent is not None else ""
                warnings.append(f"{resource.name}: as specified costs {money(abs(difference))}"
                                f"{share} a month {sign} than with {label}")


def _with_resource(spec: Spec, index: int, resource: Resource) -> Spec:
    resources = (*spec.resources[:index], resource, *spec.resources[index + 1:])
    return replace(spec, resources=resources)
