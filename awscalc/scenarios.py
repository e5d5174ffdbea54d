"""Scenarios: the spec priced as written and under each of its named sets of overrides.

A spec's ``scenarios`` mapping names sets of overrides with the paths of ``--set``
(``growth: {resources.api.requests: 30M}``). Each scenario is a full estimate of the
spec with its overrides applied — account-wide tiers and free tiers re-rated, never a
total scaled — so a scenario equals ``awscalc estimate --set`` with the same values.
:class:`ScenarioSet` holds the estimates side by side for the report formatters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from awscalc.model import Estimate

BASE = "as written"


@dataclass(frozen=True)
class ScenarioSet:
    """Estimates of one spec, as written and under each scenario, in the spec's order."""

    name: str | None
    spec_file: str
    columns: tuple[tuple[str, Estimate], ...]

    @property
    def labels(self) -> list[str]:
        """Column labels: ``as written`` first, then the scenarios' names."""
        return [label for label, _ in self.columns]

    def resources(self) -> list[tuple[str, str]]:
        """Top-level resources ``(name, service)`` of any column, in first-seen order
        (a scenario may add a resource); a composite's children are in its subtotal."""
        seen: dict[str, str] = {}
        for _, estimate in self.columns:
            for name, service, _region in estimate.resources:
                if name not in estimate.parents:
                    seen.setdefault(name, service)
        return list(seen.items())

    def subtotal(self, label: str, resource: str, one_time: bool = False) -> Decimal | None:
        """A resource's subtotal in one column, or None where the column lacks it."""
        estimate = self._by_label[label]
        if resource not in self._names[label]:
            return None
        return estimate.subtotal(resource, one_time)

    @cached_property
    def _by_label(self) -> dict[str, Estimate]:
        return dict(self.columns)

    @cached_property
    def _names(self) -> dict[str, frozenset[str]]:
        """Each column's resource names (a cell looks its resource up, not scans)."""
        return {label: frozenset(name for name, _, _ in estimate.resources)
                for label, estimate in self.columns}

    def warnings(self) -> list[str]:
        """Every column's warnings once, each prefixed with the columns that gave it."""
        found: dict[str, list[str]] = {}
        for label, estimate in self.columns:
            for warning in estimate.warnings:
                found.setdefault(warning, []).append(label)
        every = len(self.columns)
        return [warning if len(labels) == every else f"[{', '.join(labels)}] {warning}"
                for warning, labels in found.items()]


def price_scenarios(text: str, name: str, book: object, *, region: str | None = None,
                    free_tier: bool | None = None, overrides: Sequence[str] = ()
                    ) -> ScenarioSet:
    """Price spec ``text`` as written and under every one of its scenarios.

    ``overrides`` (``--set``) apply to every column, after the scenario's own values.
    """
    from awscalc.errors import UsageError
    from awscalc.estimate import estimate
    from awscalc.spec import parse_spec, scenario_names

    base = parse_spec(text, name, region=region, free_tier=free_tier, overrides=overrides)
    names = scenario_names(base.source.document)
    if not names:
        raise UsageError(f"--scenarios: {name} has no scenarios",
                         "add a 'scenarios' mapping to the spec, e.g. scenarios: "
                         "{growth: {resources.api.requests: 30M}}")
    columns = [(BASE, estimate(base, book))]
    for scenario in names:
        spec = parse_spec(text, name, region=region, free_tier=free_tier,
                          overrides=overrides, scenario=scenario)
        columns.append((scenario, _priced_in(scenario, spec, book)))
    return ScenarioSet(base.name, name, tuple(columns))


def _priced_in(scenario: str, spec: object, book: object) -> Estimate:
    """``spec`` priced, a missing rate's error naming the scenario that needed it (the
    spec as written priced, so only this scenario's values reach the missing rate)."""
    from awscalc.errors import PricingError, SpecError
    from awscalc.estimate import estimate

    try:
        return estimate(spec, book)
    except PricingError as error:
        raise PricingError(f"scenario {scenario!r}: {error.message}", error.hint) from None
    except SpecError as error:  # e.g. a region where AWS does not sell what the spec asks
        if "scenario" in error.message:
            raise
        raise SpecError(f"scenario {scenario!r}: {error.message}", error.hint) from None


def titled(result: Estimate, scenario: str) -> Estimate:
    """``result`` with its name saying which scenario priced it."""
    return replace(result, name=f"{result.name or result.spec_file} (scenario {scenario})")
