"""A region the cards lack: one run names every resource without a price (issue 19), so
a user learns everything a region is missing at once, not one rate per run."""

from __future__ import annotations

from pathlib import Path

FROZEN = str(Path(__file__).parent / "data" / "pricing")

SPEC = """\
name: far-away
region: mx-central-1
resources:
  zone: {service: route53, hosted_zones: 1}
  assets:
    service: s3
    storage: [{class: STANDARD, size: 100 GB}]
  thumbnails: {service: lambda, requests: 1M, duration: 100 ms, memory: 512 MB}
  api: {service: lambda, requests: 1M, duration: 100 ms, memory: 512 MB}
"""


def _estimate(cli, tmp_path: Path, text: str):
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    return cli("estimate", str(spec), "--pricing", FROZEN)


def test_every_unpriced_resource_is_named_in_one_line(cli, tmp_path: Path) -> None:
    result = _estimate(cli, tmp_path, SPEC)
    assert result.code == 4
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    # the first missing rate in spec order is the error; the others are named after it
    assert "no price for service 's3'" in lines[0] and "mx-central-1" in lines[0]
    assert "2 more resources lack a price too: thumbnails, api" in lines[0]
    assert "'awscalc pricing list --region mx-central-1'" in lines[0]
    assert "zone" not in lines[0].split("lack a price too")[1]  # Route 53 is priced


def test_one_more_resource_reads_in_the_singular(cli, tmp_path: Path) -> None:
    result = _estimate(cli, tmp_path, SPEC.replace(
        "  api: {service: lambda, requests: 1M, duration: 100 ms, memory: 512 MB}\n", ""))
    assert result.code == 4
    assert "1 more resource lacks a price too: thumbnails" in result.err


def test_a_single_missing_rate_is_reported_as_before(cli, tmp_path: Path) -> None:
    text = SPEC.split("  thumbnails")[0]
    result = _estimate(cli, tmp_path, text)
    assert result.code == 4
    assert "no price for service 's3'" in result.err and "lack a price too" not in result.err
