"""The estimate pipeline: what-if comparisons priced at group level equal a full re-estimate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

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
            full = estimate(replace(spec, resources=tuple(resources)), book, compare=False)
            reported = next(c for c in result.details[resource.name]["comparisons"]
                            if c["with"] == label)
            assert reported["monthly_total_with"] == full.monthly_total, (resource.name, label)
            checked += 1
    if example.stem in ("static-website", "media-archive", "serverless-api"):
        assert checked > 0
