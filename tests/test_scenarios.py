"""Scenarios: named overrides priced one at a time (``--scenario``) or side by side
(``--scenarios``), each equal to ``--set`` with the same values; their errors."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import REPO

SERVERLESS = str(REPO / "examples" / "serverless-api.yaml")

SPEC = """\
name: tiers
region: us-east-1
resources:
  dns:
    service: route53
    hosted_zones: 20
    queries: {standard: 900M}
  more-dns:
    service: route53
    hosted_zones: 1
scenarios:
  small: {resources.dns.queries.standard: 3M}
  big:
    resources.dns.queries.standard: 1200M     # crosses the 1 B-query tier
    resources.dns.hosted_zones: 30            # crosses the 25-zone tier
"""


def write(tmp_path: Path, text: str = SPEC) -> str:
    path = tmp_path / "arch.yaml"
    path.write_text(text)
    return str(path)


def monthly(cli, *args: str) -> Decimal:
    data = json.loads(cli("estimate", *args, "-f", "json").out, parse_float=Decimal)
    return data["totals"]["monthly"]


def test_a_scenario_equals_set_with_the_same_values(cli, tmp_path: Path) -> None:
    spec = write(tmp_path)
    assert monthly(cli, spec, "--scenario", "big") == monthly(
        cli, spec, "--set", "resources.dns.queries.standard=1200M",
        "--set", "resources.dns.hosted_zones=30")


def test_a_scenario_rerates_tiers_by_hand(cli, tmp_path: Path) -> None:
    # big: 31 zones = 25 × $0.50 + 6 × $0.10 = $13.10; 1,200 M queries = 1,000 M × $0.40/M
    # + 200 M × $0.20/M = $440.00 → $453.10 (not the as-written total scaled)
    assert monthly(cli, write(tmp_path), "--scenario", "big") == Decimal("453.10")


def test_set_applies_after_the_scenario(cli, tmp_path: Path) -> None:
    spec = write(tmp_path)
    assert monthly(cli, spec, "--scenario", "big", "--set", "resources.dns.hosted_zones=1") \
        == monthly(cli, spec, "--set", "resources.dns.queries.standard=1200M",
                   "--set", "resources.dns.hosted_zones=1") == Decimal("441.00")


def test_the_report_names_the_scenario(cli, tmp_path: Path) -> None:
    data = json.loads(cli("estimate", write(tmp_path), "--scenario", "small", "-f",
                          "json").out)
    assert data["name"] == "tiers (scenario small)"


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_all_scenarios_side_by_side_equal_single_runs(cli, tmp_path: Path, fmt: str) -> None:
    spec = write(tmp_path)
    expected = {"as written": monthly(cli, spec), "small": monthly(cli, spec, "--scenario",
                                                                    "small"),
                "big": monthly(cli, spec, "--scenario", "big")}
    out = cli("estimate", spec, "--scenarios", "-f", fmt).out
    if fmt == "json":
        data = json.loads(out, parse_float=Decimal)
        assert data["kind"] == "scenarios"
        assert data["scenarios"] == ["as written", "small", "big"]
        assert {k: v["monthly"] for k, v in data["totals"].items()} == expected
        assert [r["name"] for r in data["resources"]] == ["dns", "more-dns"]
        for label, total in expected.items():
            assert sum(r["monthly"][label] for r in data["resources"]) == total
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert list(rows[0]) == ["resource", "service", "charge", "as written", "small", "big"]
        total = next(r for r in rows if r["resource"] == "TOTAL monthly")
        monthly_rows = [r for r in rows if r["charge"] == "monthly"
                        and not r["resource"].startswith("TOTAL")]
        for label, value in expected.items():
            assert Decimal(total[label]) == value
            assert sum(Decimal(r[label]) for r in monthly_rows) == value
    else:
        for value in expected.values():
            assert f"${value:,.2f}" in out
        assert "as written" in out and "small" in out and "big" in out


def test_the_shipped_example_has_scenarios_that_equal_set(cli) -> None:
    assert monthly(cli, SERVERLESS, "--scenario", "growth") == monthly(
        cli, SERVERLESS, "--set", "resources.api-handler.requests=120M",
        "--set", "resources.thumbnailer.requests=9M",
        "--set", "resources.auth-at-edge.requests=75M")


def test_one_time_costs_have_their_own_rows(cli, tmp_path: Path) -> None:
    spec = write(tmp_path, "resources:\n  move:\n    service: transfer\n    size: 10 TB\n"
                           "    method: network\n    bandwidth: 1 Gbps\n"
                           "scenarios:\n  more: {resources.move.size: 20 TB}\n")
    result = cli("estimate", spec, "--scenarios", "-f", "csv")
    if result.code:
        pytest.skip(f"the transfer job does not price here: {result.err}")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert {r["charge"] for r in rows} <= {"monthly", "one_time"}
    total = next(r for r in rows if r["resource"] == "TOTAL monthly")
    assert Decimal(total["as written"]) == monthly(cli, spec)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--scenario", "bgi"], 2, "--scenario bgi: no such scenario in {spec} (did you mean 'big'?)"),
    (["--scenario", "big", "--scenarios"], 2, "--scenarios prices every scenario"),
])
def test_option_errors(cli, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    spec = write(tmp_path)
    result = cli("estimate", spec, *args)
    assert result.code == code
    assert message.format(spec=spec) in result.err
    assert result.err.count("\n") == 1


def test_scenarios_of_a_spec_without_any(cli) -> None:
    result = cli("estimate", str(REPO / "examples" / "web-dns.yaml"), "--scenarios")
    assert result.code == 2
    assert "has no scenarios" in result.err


@pytest.mark.parametrize(("scenario", "message"), [
    ("{resources.dns.hosted_zones: many}", "{spec}:16: scenario 'bad' sets "
     "$.resources.dns.hosted_zones: "),
    ("{resources.dsn.hosted_zones: 2}", "{spec}:16: scenario 'bad' sets "
     "'resources.dsn.hosted_zones': the spec has no resource 'dsn' (did you mean 'dns'?)"),
    ("{scenarios.small: {}}", "{spec}:16: scenario 'bad' sets 'scenarios.small': a scenario "
     "sets values of the spec outside 'scenarios'"),
    ("{resources.dns.queries.standard.x: 1}", "{spec}:16: scenario 'bad' sets "
     "'resources.dns.queries.standard.x': $.resources.dns.queries.standard is not a mapping"),
])
def test_a_bad_scenario_value_is_an_error_at_its_line(cli, tmp_path: Path, scenario: str,
                                                       message: str) -> None:
    spec = write(tmp_path, SPEC + f"  bad: {scenario}\n")
    result = cli("estimate", spec, "--scenario", "bad")
    assert result.code == 3, result.err
    assert message.format(spec=spec) in result.err
    # validate checks every scenario without being asked
    checked = cli("validate", spec)
    assert checked.code == 3
    assert message.format(spec=spec) in checked.err


def test_validate_counts_the_scenarios(cli, tmp_path: Path) -> None:
    result = cli("validate", write(tmp_path))
    assert result.code == 0
    assert "valid (2 resources, 2 scenarios)" in result.err


def test_a_missing_rate_under_one_scenario_names_it(cli, tmp_path: Path) -> None:
    # the spec as written prices in eu-west-1; scenario 'zurich' moves the function to
    # eu-central-2, where no Lambda rate ships
    spec = write(tmp_path, (
        "name: t\nregion: eu-west-1\nresources:\n  b:\n    service: lambda\n"
        "    architecture: x86_64\n    memory: 10240 MB\n    requests: 10M\n"
        "    duration: 1 s\n"
        "scenarios:\n  zurich: {resources.b.region: eu-central-2}\n"))
    result = cli("estimate", spec, "--scenarios")
    assert result.code == 4
    assert result.err.startswith("awscalc: error: scenario 'zurich': no price for service "
                                 "'lambda', region 'eu-central-2', key 'requests'"), result.err
    assert "run 'awscalc pricing update --service lambda --region eu-central-2'" in result.err
    assert cli("estimate", spec).code == 0
