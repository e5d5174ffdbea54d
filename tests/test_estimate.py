"""The estimate pipeline: what-if comparisons priced at group level equal a full re-estimate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.services import calculator
from awscalc.spec import load_spec

from .conftest import FROZEN_PRICING, REPO

EXAMPLES = sorted((REPO / "examples").rglob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("free_tier", [False, True])
def test_comparisons_equal_a_full_re_estimate(example: Path, free_tier: bool) -> None:
    book = RateBook(FROZEN_PRICING, "frozen")
    spec = load_spec(str(example), free_tier=free_tier)
    result = estimate(spec, book)
    checked = 0
    for index, resource in enumerate(spec.resources):
        hook = getattr(calculator(resource.service), "comparisons", None)
        if hook is None:
            continue
        for label, config in hook(resource).items():
            resources = list(spec.resources)
            resources[index] = replace(resource, config=config)
            variant = replace(spec, resources=tuple(resources))
            details = result.details[resource.name]
            reported = next((c for c in details.get("comparisons", ())
                             if c["with"] == label), None)
            if reported is None:
                # an alternative the cards cannot price is said, not guessed
                assert any(line.startswith(f"not compared with {label}: no price for")
                           for line in details["summary"]), (resource.name, label)
                with pytest.raises(PricingError):
                    estimate(variant, book, compare=False)
                continue
            full = estimate(variant, book, compare=False)
            assert reported["monthly_total_with"] == full.monthly_total, (resource.name, label)
            checked += 1
    if example.stem in ("static-website", "media-archive", "serverless-api"):
        assert checked > 0
