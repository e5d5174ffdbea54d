"""``--set PATH=VALUE``: paths are matched in time linear in their length, however long."""

from __future__ import annotations

import time

import pytest

from awscalc.errors import UsageError
from awscalc.spec import parse_spec
from awscalc.yamlfile import load_yaml

SPEC = "resources:\n  logs.v2.eu: {service: route53, hosted_zones: 1}\n  d: {service: route53}\n"


@pytest.mark.parametrize("segments", [2_000, 20_000, 200_000])
def test_a_path_of_many_segments_is_refused_quickly(segments: int) -> None:
    # 2,000 segments took 10.5 s and 20,000 over ten minutes when every run of segments
    # was joined and looked up at every level
    path = "resources.d." + ".".join(["a"] * segments)
    started = time.process_time()
    with pytest.raises(UsageError, match="more than 64 levels deep"):
        parse_spec(SPEC, overrides=[f"{path}=1"])
    assert time.process_time() - started < 0.5


def test_a_long_path_below_a_key_with_dots_is_quick() -> None:
    from awscalc.spec import apply_override

    document = load_yaml("a: {" + ", ".join(f"k{i}.x.y: {i}" for i in range(2_000)) + "}\n")
    started = time.process_time()
    with pytest.raises(UsageError):
        apply_override(document, "a." + ".".join(["k1"] * 20_000) + "=1")
    assert time.process_time() - started < 0.5


def test_a_key_that_contains_dots_is_matched_whole() -> None:
    spec = parse_spec(SPEC, overrides=["resources.logs.v2.eu.hosted_zones=3"])
    assert spec.resources[0].name == "logs.v2.eu"
    assert spec.resources[0].config["hosted_zones"] == 3


def test_the_longest_key_wins_and_missing_keys_are_made() -> None:
    from awscalc.spec import apply_override

    document = load_yaml("a: {b: {c: 1}, b.c: {d: 2}}\n")
    assert apply_override(document, "a.b.c.d=3") == ("a", "b.c", "d")
    assert apply_override(document, "a.x.y=4") == ("a", "x", "y")
    assert document.data == {"a": {"b": {"c": 1}, "b.c": {"d": 3}, "x": {"y": 4}}}


@pytest.mark.parametrize("index", ["9" * 5_000, "²", "-1", "3"])
def test_a_list_index_that_is_not_an_item_is_a_usage_error(index: str) -> None:
    from awscalc.spec import apply_override

    document = load_yaml("a: [1, 2]\n")
    with pytest.raises(UsageError, match="has no item"):
        apply_override(document, f"a[{index}]=1")
