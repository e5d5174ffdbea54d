"""The benchmark scripts keep working (what they time is not tested: CI is too noisy)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from .conftest import REPO


def script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scale_benchmark_spec_is_valid_and_priced(cli, tmp_path: Path) -> None:
    spec = script("scale").write_spec(40, tmp_path)
    result = cli("estimate", str(spec), "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert len(document["resources"]) == 40
    assert {r["service"] for r in document["resources"]} == {"route53", "lambda", "s3",
                                                             "cloudfront"}


def test_the_startup_benchmark_times_every_example_and_transfer() -> None:
    labels = [label for label, _ in script("startup").commands()]
    assert labels[0] == "python -c pass"
    for example in sorted((REPO / "examples").glob("*.yaml")):
        assert f"estimate {example.name} -f json" in labels
    assert "transfer 100TB -f json" in labels


def test_the_catalog_scale_benchmark_builds_a_card_set_that_prices(cli, tmp_path: Path) -> None:
    bench = script("catalog_scale")
    count = bench.build_card_set(tmp_path, 2000)
    assert count >= 2000
    spec = tmp_path / "three.yaml"
    spec.write_text(bench.SPEC, encoding="utf-8")
    result = cli("estimate", str(spec), "--format", "json", "--pricing", str(tmp_path))
    assert result.code == 0, result.err
    assert len(json.loads(result.out)["resources"]) == 3


def test_the_projection_benchmark_projects_every_example(cli) -> None:
    rows = script("projection").pairs()
    assert [name for name, _, _ in rows] == sorted(
        p.name for p in (REPO / "examples").glob("*.yaml"))
    projected = rows[0][2]
    assert projected[-4:] == ["--months", "36", "-f", "json"]
    assert cli(*projected[projected.index("estimate"):]).code == 0
