"""Month-by-month projection (``estimate --months N``): months re-rated on their own usage,
growth across tier boundaries, start months, lifecycle months, and the reports."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import REPO

DNS = """\
name: projected
resources:
  dns:
    service: route53
    hosted_zones: 1
    queries: {standard: 900M}
    growth: {queries.standard: 5%/month}
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "arch.yaml"
    path.write_text(text)
    return str(path)


def projection(cli, spec: str, months: int, *args: str) -> dict:
    result = cli("estimate", spec, "--months", str(months), "-f", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out, parse_float=Decimal)


def month_totals(data: dict) -> list[Decimal]:
    return [month["total"] for month in data["months"]]


@pytest.mark.parametrize("example", ["web-dns", "serverless-api", "container-platform",
                                     "orders-db", "work-queues", "database-migration"])
def test_without_growth_every_month_is_the_estimate_and_one_time_is_in_month_1(
        cli, example: str) -> None:
    spec = str(REPO / "examples" / f"{example}.yaml")
    plain = json.loads(cli("estimate", spec, "-f", "json").out, parse_float=Decimal)
    data = projection(cli, spec, 13)
    monthly, once = plain["totals"]["monthly"], plain["totals"]["one_time"]
    assert month_totals(data) == [monthly + once] + [monthly] * 12
    assert data["years"] == [{"year": 1, "total": monthly * 12 + once},
                             {"year": 2, "total": monthly}]
    assert data["total"] == monthly * 13 + once


def test_growth_crosses_the_query_tier_in_the_month_it_happens(cli, tmp_path: Path) -> None:
    # 900M × 1.05^(m−1) standard queries: $0.40/M to 1 B, then $0.20/M; one zone $0.50
    # m3: 992.25M × $0.40/M = $396.90 + $0.50 = $397.40 (still under 1 B)
    # m4: 1,041.8625M → 1,000M × $0.40 + 41.8625M × $0.20 = $408.3725 + $0.50 = $408.87
    data = projection(cli, write(tmp_path, DNS), 4)
    assert month_totals(data) == [Decimal("360.50"), Decimal("378.50"), Decimal("397.40"),
                                  Decimal("408.87")]


def test_growth_of_everything_scales_every_meter(cli, tmp_path: Path) -> None:
    spec = write(tmp_path, DNS.replace("growth: {queries.standard: 5%/month}",
                                       "growth: 100%/month"))
    # month 2: 2 zones × $0.50 + 1,800M queries = 1,000M × $0.40 + 800M × $0.20
    assert month_totals(projection(cli, spec, 2))[1] == Decimal("561.00")


def test_the_spec_growth_is_the_default(cli, tmp_path: Path) -> None:
    spec = write(tmp_path, DNS.replace("    growth: {queries.standard: 5%/month}\n", "")
                 .replace("name: projected\n", "name: projected\ngrowth: 100%/month\n"))
    assert month_totals(projection(cli, spec, 2))[1] == Decimal("561.00")


def test_a_resource_starts_in_its_month_with_its_one_time_charges(cli, tmp_path: Path) -> None:
    spec = write(tmp_path, """\
resources:
  dns: {service: route53, hosted_zones: 2}
  migration: {service: custom, one_time: 1200, monthly: 100, start_month: 3}
""")
    data = projection(cli, spec, 4)
    assert month_totals(data) == [Decimal("1.00"), Decimal("1.00"), Decimal("1301.00"),
                                  Decimal("101.00")]
    third = data["months"][2]["resources"][1]
    assert (third["monthly"], third["one_time"]) == (Decimal("100.00"), Decimal("1200.00"))


def test_lifecycle_months_equal_the_simulation(cli, tmp_path: Path) -> None:
    spec = write(tmp_path, """\
resources:
  logs:
    service: s3
    lifecycle:
      ingest: 1 TB
      objects: 100k
      expire_after: 120 days
      transitions: [{after: 30 days, to: STANDARD_IA}, {after: 60 days, to: GLACIER}]
""")
    plain = json.loads(cli("estimate", spec, "-f", "json").out, parse_float=Decimal)
    simulated = plain["resources"][0]["details"]["lifecycle_costs"]
    data = projection(cli, spec, 6)
    assert month_totals(data) == [row["cost"] for row in simulated[:6]]


@pytest.mark.parametrize("fmt", ["csv", "table", "markdown"])
def test_the_other_formats_agree_with_json(cli, tmp_path: Path, fmt: str) -> None:
    spec = write(tmp_path, DNS)
    data = projection(cli, spec, 14)
    out = cli("estimate", spec, "--months", "14", "-f", fmt).out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        months = [r for r in rows if r["month"]]
        assert len(months) == 14
        assert sum(Decimal(r["total"]) for r in months) == data["total"]
        assert next(r for r in rows if r["resource"] == "TOTAL")["total"] == str(data["total"])
        assert [Decimal(r["total"]) for r in rows if r["resource"].startswith("TOTAL year")] \
            == [y["total"] for y in data["years"]]
    else:
        assert f"${data['total']:,.2f}" in out
        assert "Year 1" in out and "Year 2" in out


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--months", "0"], 2, "--months"),
    (["--months", "121"], 2, "--months"),
    (["--months", "3", "--scenarios"], 2, "--months projects one spec"),
])
def test_option_errors(cli, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    spec = write(tmp_path, DNS + "scenarios: {x: {resources.dns.hosted_zones: 2}}\n")
    result = cli("estimate", spec, *args)
    assert result.code == code
    assert message in result.err


@pytest.mark.parametrize(("growth", "message"), [
    ("{queries.premium: 5%/month}", "$.resources.dns.growth['queries.premium']: "
     "'queries.premium' is not a key of this resource"),
    ("{hosted_zones: 5%/month, queries: 5%/month}", "$.resources.dns.growth.queries: "),
    ("fast", "$.resources.dns.growth: "),
])
def test_bad_growth_is_an_error_at_its_line(cli, tmp_path: Path, growth: str,
                                            message: str) -> None:
    spec = write(tmp_path, DNS.replace("{queries.standard: 5%/month}", growth))
    result = cli("estimate", spec, "--months", "3")
    assert result.code == 3, result.err
    assert f"{spec}:7: {message}" in result.err


def test_a_commitment_upfront_recurs_with_each_term(cli, tmp_path: Path) -> None:
    from .conftest import FROZEN_PRICING

    spec = write(tmp_path, """\
region: ap-northeast-1
resources:
  fleet:
    service: ec2
    instance_type: c5.xlarge
    operating_system: windows
    purchase: savings_plan
    savings_plan: {type: compute, term: 1yr, payment: partial_upfront}
""")
    plain = json.loads(cli("estimate", spec, "-f", "json", "--pricing",
                           str(FROZEN_PRICING)).out, parse_float=Decimal)
    monthly, once = plain["totals"]["monthly"], plain["totals"]["one_time"]
    assert once > 0
    data = projection(cli, spec, 25, "--pricing", str(FROZEN_PRICING))
    totals = month_totals(data)
    # the 1-year plan is renewed: its upfront again in months 13 and 25
    assert [m for m, total in enumerate(totals, 1) if total == monthly + once] == [1, 13, 25]
    assert set(totals) == {monthly, monthly + once}
