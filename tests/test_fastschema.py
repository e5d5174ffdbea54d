"""The compiled yes/no schema checker agrees with jsonschema on every document we can find."""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awscalc.fastschema import SchemaChecker, Unsupported, compile_schema
from awscalc.schema import validator

from .conftest import REPO, SHIPPED_PRICING, hostile_cases

CASES = hostile_cases()


def agree(checker: SchemaChecker, instance: Any) -> None:
    slow = not any(True for _ in checker.iter_errors(instance))
    assert checker.is_valid(instance) == slow, json.dumps(instance, default=str)[:300]


def spec_documents() -> list[Any]:
    documents = [yaml.safe_load(p.read_text("utf-8"))
                 for p in sorted((REPO / "examples").rglob("*.yaml"))]
    for case in CASES:
        if "spec" in case:
            # ValueError: an integer past Python's 4,300-digit limit for int()
            with contextlib.suppress(yaml.YAMLError, ValueError):
                documents.append(yaml.safe_load(case["spec"]))
    return documents


@pytest.mark.parametrize("index", range(len(spec_documents())))
def test_agrees_on_examples_and_hostile_specs(index: int) -> None:
    agree(validator(), spec_documents()[index])


def _mutation_builders(document: Any) -> Iterator[Callable[[], Any]]:
    """Every single-value change of a document — drop a key, retype a value, add a key —
    as a function that builds it, so that a sample is taken before anything is built (a
    large card has millions of mutations)."""

    def walk(node: Any, rebuild: Callable[[Any], Any]) -> Iterator[Callable[[], Any]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield lambda key=key: rebuild({k: v for k, v in node.items() if k != key})
                for replacement in (None, 7, -1, "x", True, [], {}):
                    yield lambda key=key, new=replacement: rebuild({**node, key: new})
                yield from walk(value, lambda new, key=key: rebuild({**node, key: new}))
            yield lambda: rebuild({**node, "extra_key": 1})
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, lambda new, index=index: rebuild(
                    [*node[:index], new, *node[index + 1:]]))

    return walk(document, lambda new: new)


def _mutations(document: Any, sample: int | None = None) -> Iterator[Any]:
    """The mutations of ``document`` (all, or a fixed random ``sample`` of them)."""
    builders: Any = _mutation_builders(document)
    if sample is not None:
        builders = list(builders)
        builders = random.Random(0).sample(builders, min(sample, len(builders)))
    return (build() for build in builders)


@pytest.mark.parametrize("example", sorted((REPO / "examples").rglob("*.yaml")),
                         ids=lambda p: p.stem)
def test_agrees_on_every_mutation_of_the_examples(example: Path) -> None:
    document = yaml.safe_load(example.read_text("utf-8"))
    for mutated in _mutations(document):
        agree(validator(), mutated)


@pytest.mark.parametrize("card", sorted(SHIPPED_PRICING.rglob("*.yaml")), ids=lambda p: p.stem)
def test_agrees_on_every_mutation_of_the_rate_cards(card: Path) -> None:
    from awscalc.ratecards import schema_checker

    checker = schema_checker("snow.schema.json" if card.parent.name == "catalog"
                             else "ratecard.schema.json")
    document = yaml.safe_load(card.read_text("utf-8"))
    agree(checker, document)
    for mutated in _mutations(document, sample=400):
        agree(checker, mutated)


# Not JSON numbers (YAML writes .nan, .inf), and integers past float's range.
ODD_NUMBERS = [float("nan"), float("inf"), float("-inf"), 10**400, -(10**400), 2**1024,
               1e308, -0.0]


def _number_swaps(document: Any) -> list[Any]:
    """The document with each value in turn replaced by each of :data:`ODD_NUMBERS`."""
    found: list[Any] = []

    def walk(node: Any, rebuild: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                for odd in ODD_NUMBERS:
                    found.append(rebuild({**node, key: odd}))
                walk(value, lambda new, key=key: rebuild({**node, key: new}))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, lambda new, index=index: rebuild(
                    [*node[:index], new, *node[index + 1:]]))

    walk(document, lambda new: new)
    return found


@pytest.mark.parametrize("example", sorted((REPO / "examples").rglob("*.yaml")),
                         ids=lambda p: p.stem)
def test_agrees_on_nan_infinity_and_huge_integers_everywhere(example: Path) -> None:
    document = yaml.safe_load(example.read_text("utf-8"))
    for mutated in _number_swaps(document):
        agree(validator(), mutated)


@pytest.mark.parametrize("schema", [
    {"type": "number", "minimum": 0}, {"type": "number"}, {"type": "integer"},
    {"type": "integer", "minimum": 1, "maximum": 600}, {"minimum": 0}, {"maximum": 0},
    {"type": ["string", "number"]}, {"exclusiveMinimum": 0}, {"enum": [1, 2.5]},
])
@pytest.mark.parametrize("value", [*ODD_NUMBERS, 0, 1, 2.5, True, "1"],
                         ids=lambda v: f"{type(v).__name__}:{str(v)[:12]}"
                         if not isinstance(v, int) or v.bit_length() < 100 else "huge int")
def test_numbers_are_json_numbers_in_both_checkers(schema: dict[str, Any], value: Any
                                                   ) -> None:
    """NaN and ±Infinity are not numbers; a huge integer is one, compared exactly."""
    checker = SchemaChecker(schema)
    agree(checker, value)
    if schema.get("type") in ("number", "integer") and value != value:
        assert not checker.is_valid(value)


def test_nan_hours_are_an_error_of_the_schema() -> None:
    """``hours: .nan`` under Lambda provisioned concurrency: refused by both checkers
    (jsonschema accepted it, and pricing failed with exit 1)."""
    spec = {"resources": {"f": {"service": "lambda", "memory": "512 MB", "requests": "1M",
                                "duration": "100 ms",
                                "provisioned_concurrency": {"concurrency": 2,
                                                            "hours": float("nan")}}}}
    assert not validator().is_valid(spec)
    (error,) = list(validator().iter_errors(spec))
    assert list(error.absolute_path)[-1] == "hours" and error.validator == "type"


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.recursive(st.none() | st.booleans()
                    | st.integers() | st.integers(min_value=-(10**400), max_value=10**400)
                    | st.floats() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(
                        ["resources", "service", "region", "name", "queries", "x"]), inner,
                        max_size=3), max_leaves=12))
def test_agrees_on_arbitrary_json(instance: Any) -> None:
    agree(validator(), instance)


def test_unknown_keywords_are_refused_not_ignored() -> None:
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "dependentRequired": {"a": ["b"]}})
    checker = SchemaChecker({"type": "object", "dependentRequired": {"a": ["b"]}})
    assert not checker.is_valid({"a": 1})  # falls back to jsonschema
    assert checker.is_valid({"a": 1, "b": 2})


def test_json_equality_in_enum_and_const() -> None:
    check = compile_schema({"enum": [1, "a", [1, 2]]})
    assert check(1) and check(1.0) and check([1, 2]) and not check(True)
    assert compile_schema({"const": False})(False) and not compile_schema({"const": False})(0)
