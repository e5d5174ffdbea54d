"""``awscalc validate``: every problem of a spec in one pass, each said once.

The schema's problems come first (a resource the schema refuses is set aside, see
:func:`awscalc.spec.collecting_problems`); then every other resource's quantities are
checked by its calculator, and the values a rate catalog knows (instance types…)
against the catalog — each resource on its own, so one bad resource hides no other.
The same runs for each end of the spec's ranges and for each of its scenarios.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from awscalc.errors import SpecError


def spec_problems(text: str, name: str, book: Callable[[], Any]) -> tuple[list[str], Any]:
    """``(problems, spec)``: every problem of spec ``text`` (one line each, best first,
    no line twice), and the spec as written (None when it could not be built).

    ``book`` gives the rate cards whose catalogs check instance types and the like
    (called once a resource needs it). An error that is not a list of problems (invalid
    YAML, a bad 'month') is raised as it is.
    """
    from awscalc.spec import scenario_names

    problems, spec = _variant_problems(text, name, book, {})
    if spec is None:
        return list(dict.fromkeys(problems)), None
    variants: list[dict[str, Any]] = [
        {"range_ends": {r.path: end for r in spec.ranges}}  # each range's two ends
        for end in (("low", "high") if spec.ranges else ())]
    variants += [{"scenario": scenario} for scenario in scenario_names(spec.source.document)]
    for variant in variants:  # each must make a valid spec too
        problems += _variant_problems(text, name, book, variant)[0]
    return list(dict.fromkeys(problems)), spec


def _variant_problems(text: str, name: str, book: Callable[[], Any],
                      variant: dict[str, Any]) -> tuple[list[str], Any]:
    """The problems of one variant of the spec (as written, a range end, a scenario)."""
    from awscalc.spec import collecting_problems, parse_spec

    with collecting_problems() as problems:
        try:
            spec = parse_spec(text, name, **variant)
        except SpecError as exc:
            if not variant and not problems and not exc.problems:
                raise
            return [*problems, *(exc.problems or [str(exc)])], None
    return [*problems, *resource_problems(spec, book)], spec


def resource_problems(spec: Any, book: Callable[[], Any]) -> list[str]:
    """The rules the schema cannot express, checked for every resource: its calculator's
    quantity checks, and the catalog values (missing catalogs are not checked here)."""
    from awscalc.estimate import check_catalog_values
    from awscalc.services import calculator, expand

    problems: list[str] = []
    for resource in spec.resources:
        try:
            for each in expand((resource,)):
                calculator(each.service).usage(each)
            check_catalog_values(replace(spec, resources=(resource,)), book(),
                                 missing_ok=True)
        except SpecError as exc:
            problems += exc.problems or [str(exc)]
    return problems
