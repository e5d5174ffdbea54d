"""The estimate pipeline: spec → usage (calculators) → rating → :class:`Estimate`.

No I/O beyond loading rate cards through the :class:`RateBook`; no printing.
"""

from __future__ import annotations

from typing import Any

from awscalc.model import Estimate, Usage
from awscalc.ratecards import RateBook
from awscalc.rating import rate_usage
from awscalc.services import calculator
from awscalc.spec import Spec


def estimate(spec: Spec, book: RateBook) -> Estimate:
    """Price every resource of ``spec`` with the rate cards of ``book``."""
    usages: list[Usage] = []
    warnings: list[str] = []
    details: dict[str, Any] = {}
    for resource in spec.resources:
        result = calculator(resource.service).usage(resource)
        usages.extend(result.records)
        warnings.extend(f"{resource.name}: {warning}" for warning in result.warnings)
        if result.details:
            details[resource.name] = result.details
    items, rating_warnings = rate_usage(usages, book, spec.free_tier)
    regions = {u.resource: u.region for u in usages}
    return Estimate(
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
