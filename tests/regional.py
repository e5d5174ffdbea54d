"""Helpers of the regional-rate tests: a one-region spec, its JSON estimate, and the
cost of each line item by usage key."""

from __future__ import annotations

import json
from pathlib import Path


def estimate(cli, spec: Path, *args: str) -> dict:
    """The JSON estimate of ``spec`` (which must price: exit 0)."""
    result = cli("estimate", str(spec), "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def spec(tmp_path: Path, region: str, resources: str, free_tier: bool = False) -> Path:
    """A spec in ``region`` with the ``resources`` YAML text, a 730-hour month."""
    path = tmp_path / "spec.yaml"
    path.write_text(f"name: t\nregion: {region}\nmonth: 730 h\n"
                    f"free_tier: {str(free_tier).lower()}\nresources:\n{resources}")
    return path


def items(data: dict) -> dict[str, float]:
    """Each line item's cost by usage key."""
    return {item["usage_key"]: item["cost"] for item in data["line_items"]}
