"""``awscalc validate``: every problem in one pass, each said once (the ``validate`` lines
of tests/hostile/validation.yaml), and the messages' examples valid where they claim to be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import HOSTILE_DIR

CASES = [case for case in yaml.safe_load((HOSTILE_DIR / "validation.yaml").read_text())
         if "validate" in case]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_validate_lists_every_problem_once(case: dict[str, Any], cli, tmp_path: Path) -> None:
    spec = tmp_path / f"{case['name']}.yaml"
    spec.write_text(case["spec"], encoding="utf-8")
    result = cli("validate", str(spec))
    assert result.code == 3
    assert result.out == ""
    assert result.err.splitlines() == [line.format(spec=spec) for line in case["validate"]]


def test_a_problem_in_one_scenario_is_listed_with_the_others(cli, tmp_path: Path) -> None:
    spec = tmp_path / "arch.yaml"
    spec.write_text("resources:\n  dns: {service: route53, hosted_zones: 1}\n"
                    "  f: {service: lambda, memory: 1 ms, requests: 1M, duration: 1 ms}\n"
                    "scenarios:\n  big: {resources.dns.hosted_zones: lots}\n")
    lines = cli("validate", str(spec)).err.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{spec}:3: $.resources.f.memory: '1 ms' is a duration")
    assert "scenario 'big' sets" in lines[1] and "'lots' is not a count" in lines[1]


@pytest.mark.parametrize("item", [
    "storage: {class: STANDARD, size: 2 TB}",   # the user's own item, put in a list
    "volumes: {size: 50 GB}",                  # ...completed with the required keys
    "storage: 5 TB",                           # an item built from the schema
])
def test_a_list_hint_is_an_item_that_validates(item: str, cli, tmp_path: Path) -> None:
    service = "ec2\n    instance_type: m5.large" if item.startswith("volumes") else "s3"
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"resources:\n  r:\n    service: {service}\n    {item}\n")
    err = cli("validate", str(bad)).err
    example = err[err.index("(e.g. - ") + len("(e.g. - "):err.rindex(")")]
    key = item.split(":")[0]
    good = tmp_path / "good.yaml"
    good.write_text(f"resources:\n  r:\n    service: {service}\n    {key}:\n      - {example}\n")
    result = cli("validate", str(good))
    assert result.code == 0, result.err


def test_a_valid_spec_is_still_valid(cli) -> None:
    from .conftest import REPO

    result = cli("validate", str(REPO / "examples" / "media-archive.yaml"))
    assert result.code == 0 and "valid (4 resources)" in result.err
