"""Tests of ``awscalc transfer``: network times, export costs, Snow timelines, fees,
deadlines, the device catalog and the command line.

Expected values are computed by hand in the comments, never with the planner's formulas.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.snow import catalog_path, load_catalog
from awscalc.transfer import Request, devices_needed, plan

from .conftest import FROZEN_PRICING, SHIPPED_PRICING

TB = Decimal(2**40)
GB = Decimal(2**30)
MB = Decimal(2**20)
GBPS = Decimal(125_000_000)  # 1 Gbps in bytes/s
HUNDRED_TB = Decimal(109_951_162_777_600)  # AWS: "100 TB (109,951,162,777,600 bytes)"

# A frozen catalog for the arithmetic, so that catalog updates never move these tests.
TEST_CATALOG = """\
catalog: snow
title: Test devices
source: https://example.com/snow
retrieved: "2026-01-01"
currency: USD
fee_region: us-east-1
export_transfer:
  description: export per GB
  regions:
    us-east-1: {value: "0.03", source: "https://example.com/x", date: "2026", verified: true}
devices:
  box-100:
    name: Box 100
    availability: {status: current, source: "https://example.com/a", verified: true}
    usable_capacity: &f {value: 100 TB, source: "https://example.com/c", date: "2026",
                         verified: true}
    copy_rate: {value: 250 MB/s, source: "https://example.com/r", date: "2026", verified: true}
    max_rate: {value: 400 MB/s, source: "https://example.com/r", date: "2026", verified: true}
    order_and_delivery: {value: 4 days, source: "https://example.com/s", date: "2026",
                         verified: true}
    return_shipping: {value: 2 days, source: "https://example.com/s", date: "2026",
                      verified: true}
    ingest_rate: {value: 400 MB/s, source: "https://example.com/r", date: "2026",
                  verified: true}
    included_days: {value: 10, source: "https://example.com/p", date: "2026", verified: true}
    job_fee:
      value: null
      tiers: [{up_to: 50 TB, fee: "300"}, {fee: "500"}]
      source: "https://example.com/p"
      date: "2026"
      verified: true
    extra_day_fee: {value: "20", source: "https://example.com/p", date: "2026",
                    verified: true}
  secret-box:
    name: Secret Box
    availability: {status: current, source: "https://example.com/a", verified: true}
    usable_capacity: {value: 100 TB, source: "https://example.com/c", date: "2026",
                      verified: true}
    copy_rate: {value: 250 MB/s, source: "https://example.com/r", date: "2026", verified: true}
    max_rate: {value: 400 MB/s, source: "https://example.com/r", date: "2026", verified: true}
    order_and_delivery: {value: 4 days, source: "https://example.com/s", date: "2026",
                         verified: true}
    return_shipping: {value: 2 days, source: "https://example.com/s", date: "2026",
                      verified: true}
    ingest_rate: {value: 400 MB/s, source: "https://example.com/r", date: "2026",
                  verified: true}
    included_days: {value: 10, source: "https://example.com/p", date: "2026", verified: true}
    job_fee: {value: null, source: "https://example.com/p", date: "2026", verified: true,
              note: not published}
    extra_day_fee: {value: null, source: "https://example.com/p", date: "2026",
                    verified: true, note: not published}
  old-box:
    name: Old Box
    availability: {status: retired, since: "2020-01-01", source: "https://example.com/a",
                   verified: true}
    usable_capacity: {value: 40 TB, source: "https://example.com/c", date: "2026",
                      verified: true}
    copy_rate: {value: 100 MB/s, source: "https://example.com/r", date: "2026", verified: true}
    max_rate: {value: 100 MB/s, source: "https://example.com/r", date: "2026", verified: true}
    order_and_delivery: {value: 4 days, source: "https://example.com/s", date: "2026",
                         verified: true}
    return_shipping: {value: 2 days, source: "https://example.com/s", date: "2026",
                      verified: true}
    ingest_rate: {value: 100 MB/s, source: "https://example.com/r", date: "2026",
                  verified: true}
    included_days: {value: 10, source: "https://example.com/p", date: "2026", verified: true}
    job_fee: {value: "100", source: "https://example.com/p", date: "2026", verified: false,
              note: recall}
    extra_day_fee: {value: "10", source: "https://example.com/p", date: "2026",
                    verified: false, note: recall}
"""


@pytest.fixture
def pricing_dir(tmp_path: Path) -> Path:
    """A pricing directory with the frozen data-transfer card and the test catalog."""
    shutil.copy(FROZEN_PRICING / "data-transfer.yaml", tmp_path / "data-transfer.yaml")
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "snow.yaml").write_text(TEST_CATALOG, encoding="utf-8")
    return tmp_path


@pytest.fixture
def catalog(pricing_dir: Path):
    return load_catalog(catalog_path(pricing_dir))


def dto(frozen_book, region: str = "us-east-1"):
    return frozen_book.rate("data-transfer", "internet-out", region)


def option(result, key):
    return next(o for o in result.options if o.key == key)


# --- network ----------------------------------------------------------------------------

def test_100_tb_over_1_gbps_at_full_rate_and_at_80_percent(catalog):
    # 109,951,162,777,600 B × 8 / 10^9 b/s = 879,609.3022208 s = 10.1806632 days;
    # at 80 %: 1,099,511.627776 s = 12.7258290 days (not "more than 100 days").
    full = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,), utilization=Decimal(1)), catalog)
    eighty = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,)), catalog)
    assert abs(full.options[0].total_days - Decimal("10.1806632")) < Decimal("0.0000001")
    assert abs(eighty.options[0].total_days - Decimal("12.7258290")) < Decimal("0.0000001")
    assert eighty.options[0].cost == 0 and eighty.options[0].cost_complete


def test_export_over_the_network_crosses_every_dto_tier(catalog, frozen_book):
    # 200 TB = 204,800 GB in one month (10 Gbps × 80 % sends 2.6 PB per 730 h):
    # 10,240 × 0.09 = 921.60; 40,960 × 0.085 = 3,481.60; 102,400 × 0.07 = 7,168.00;
    # 51,200 × 0.05 = 2,560.00; total 14,131.20.
    result = plan(Request(size=200 * TB, direction="export", bandwidths=(10 * GBPS,)),
                  catalog, dto(frozen_book))
    network = result.options[0]
    assert [p.amount for p in network.parts if p.provenance != "not included"] == [
        Decimal("14131.20")]
    assert network.cost == Decimal("14131.20")


def test_export_over_a_slow_link_is_priced_month_by_month(catalog, frozen_book):
    # 100 Mbps × 80 % = 10,000,000 B/s → 26,280,000,000,000 B per 730-h month
    # = 24,475.1573 GB: 921.60 + 14,235.1573 × 0.085 (1,209.9884) = 2,131.59 per month × 4;
    # the fifth month carries 4,831,162,777,600 B = 4,499.3710 GB × 0.09 = 404.94.
    result = plan(Request(size=HUNDRED_TB, direction="export",
                          bandwidths=(Decimal(12_500_000),)), catalog, dto(frozen_book))
    amounts = [p.amount for p in result.options[0].parts if p.provenance != "not included"]
    assert amounts == [Decimal("2131.59")] * 4 + [Decimal("404.94")]
    assert result.options[0].cost == Decimal("8931.30")


def test_import_is_free_and_needs_no_dto_rate(catalog):
    result = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,)), catalog)
    assert result.options[0].cost == Decimal("0.00")


# --- Snow devices -----------------------------------------------------------------------

def test_device_count_at_the_capacity_boundary():
    capacity = 100 * TB
    assert devices_needed(capacity, capacity) == 1
    assert devices_needed(capacity + 1, capacity) == 2
    assert devices_needed(Decimal(1), capacity) == 1
    assert devices_needed(3 * capacity, capacity) == 3


def test_shipped_210_tb_device_boundary(shipped_book):
    shipped = load_catalog(catalog_path(SHIPPED_PRICING))
    exact = plan(Request(size=210 * TB, customer="existing"), shipped)
    above = plan(Request(size=210 * TB + 1, customer="existing"), shipped)
    assert option(exact, "snowball-edge-storage-210").devices == 1
    assert option(above, "snowball-edge-storage-210").devices == 2


def test_import_timeline_components(catalog):
    # 100 TB on one Box 100 with one workstation at 250 MB/s:
    # copy 100 × 2^40 / (250 × 2^20) = 419,430.4 s = 4.8545185 d;
    # ingest 100 × 2^40 / (400 × 2^20) = 262,144 s = 3.0340741 d; + 4 d order, 2 d return.
    box = option(plan(Request(size=HUNDRED_TB), catalog), "box-100")
    phases = {p.name: p.days for p in box.phases}
    assert phases["Order & delivery"] == 4
    assert abs(phases["On-site copy"] - Decimal("4.8545185")) < Decimal("0.0000001")
    assert phases["Return shipping"] == 2
    assert abs(phases["AWS ingest"] - Decimal("3.0340741")) < Decimal("0.0000001")
    assert abs(box.total_days - Decimal("13.8885926")) < Decimal("0.0000001")


def test_copy_is_never_faster_than_the_devices_allow(catalog):
    # Three workstations at 250 MB/s = 750 MB/s, but one device takes at most 400 MB/s:
    # copy = 262,144 s = 3.0340741 d. With 200 TB (two devices): min(750, 800) = 750 MB/s.
    one = option(plan(Request(size=HUNDRED_TB, workstations=3), catalog), "box-100")
    assert one.rate == 400 * MB
    copy = next(p.days for p in one.phases if p.name == "On-site copy")
    assert abs(copy - Decimal("3.0340741")) < Decimal("0.0000001")
    two = option(plan(Request(size=200 * TB, workstations=3), catalog), "box-100")
    assert two.rate == 750 * MB


def test_export_timeline_has_aws_loading_first(catalog, frozen_book):
    box = option(plan(Request(size=HUNDRED_TB, direction="export"), catalog, dto(frozen_book)),
                 "box-100")
    assert [p.name for p in box.phases] == ["AWS loading", "Order & delivery", "On-site copy"]


def test_job_fee_tiers_and_extra_days(catalog):
    # 150 TB at 150 MB/s per workstation, one workstation: two boxes loaded 100 TB + 50 TB
    # → job fees $500 + $300. Copy 150 × 2^20 / 150 s = 1,048,576 s = 12.14 d → 13 on-site
    # days, 3 beyond the 10 included, × 2 devices × $20 = $120. Total $920.
    box = option(plan(Request(size=150 * TB, copy_rate=150 * MB), catalog), "box-100")
    assert [(p.label, p.amount) for p in box.parts] == [
        ("Job fee", Decimal("800.00")), ("Extra on-site days", Decimal("120.00"))]
    assert box.cost == Decimal("920.00") and box.cost_complete


def test_job_fee_tier_boundary(catalog):
    # Exactly 50 TB on the device is still the $300 tier; one byte more is $500.
    assert option(plan(Request(size=50 * TB), catalog), "box-100").cost == Decimal("300.00")
    assert option(plan(Request(size=50 * TB + 1), catalog), "box-100").cost == Decimal("500.00")


def test_snow_export_adds_the_per_gb_fee(catalog, frozen_book):
    # 100 TB = 102,400 GB × $0.03 = $3,072.00, plus one $500 job.
    box = option(plan(Request(size=HUNDRED_TB, direction="export"), catalog, dto(frozen_book)),
                 "box-100")
    assert box.cost == Decimal("3572.00")
    elsewhere = option(plan(Request(size=HUNDRED_TB, direction="export", region="eu-west-1"),
                            catalog, dto(frozen_book, "eu-west-1")), "box-100")
    assert not elsewhere.cost_complete  # no export fee for eu-west-1 in the catalog


def test_unpublished_fees_are_never_invented(catalog):
    result = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,)), catalog)
    secret = option(result, "secret-box")
    assert not secret.cost_complete
    assert secret.parts[0].amount is None and "not published" in secret.parts[0].formula
    assert any("Secret Box" in w and "not published" in w for w in result.warnings)
    assert result.cheapest is not None and result.cheapest.key != "secret-box"


# --- deadline, recommendation, retired devices ------------------------------------------

def test_deadline_marks_options_and_picks_the_cheapest_within_it(catalog):
    # 100 TB: 100 Mbps 127.26 d, 1 Gbps 12.73 d, Box 100 13.89 d ($500).
    result = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS / 10, GBPS),
                          deadline_days=Decimal(13)), catalog)
    marks = {o.key: o.meets_deadline for o in result.options}
    assert marks["network-100Mbps"] is False
    assert marks["network-1Gbps"] is True
    assert marks["box-100"] is False
    assert result.cheapest_in_deadline.key == "network-1Gbps"
    tight = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS / 10,),
                         deadline_days=Decimal(14)), catalog)
    assert tight.cheapest_in_deadline.key == "box-100"
    assert tight.fastest.key in ("box-100", "secret-box")
    none = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,), deadline_days=Decimal(1)),
                catalog)
    assert none.cheapest_in_deadline is None


def test_retired_devices_hidden_by_default(catalog):
    keys = {o.key for o in plan(Request(size=HUNDRED_TB), catalog).options}
    assert "old-box" not in keys
    result = plan(Request(size=HUNDRED_TB, include_retired=True), catalog)
    assert option(result, "old-box").status == "retired"


def test_shipped_catalog_hides_the_seed_devices_by_default():
    shipped = load_catalog(catalog_path(SHIPPED_PRICING))
    default = {o.key for o in plan(Request(size=HUNDRED_TB), shipped).options}
    everything = {o.key for o in plan(Request(size=HUNDRED_TB, include_retired=True),
                                      shipped).options}
    seed = {"snowball-50", "snowball-80", "snowmobile", "snowcone"}
    assert not seed & default
    assert seed <= everything
    capacities = {d.key: d.capacity for d in shipped.devices}
    assert capacities["snowball-50"] == 42 * TB and capacities["snowball-80"] == 72 * TB


def test_break_even_is_where_a_device_starts_to_win(catalog):
    result = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS / 10, 100 * GBPS)), catalog)
    slow, fast = result.break_even
    assert fast.size is None  # 80 Gbps beats a 400 MB/s device at any size
    assert slow.size is not None
    below = plan(Request(size=slow.size - GB, bandwidths=(GBPS / 10,)), catalog)
    at = plan(Request(size=slow.size, bandwidths=(GBPS / 10,)), catalog)
    assert below.fastest.kind == "network"
    assert at.fastest.kind == "device"


def test_plan_is_fast(catalog):
    start = time.perf_counter()
    plan(Request(size=1500 * TB, bandwidths=(GBPS / 10, GBPS, 10 * GBPS),
                 include_retired=True), catalog)
    assert time.perf_counter() - start < 0.5


# --- catalog ----------------------------------------------------------------------------

def test_bad_catalog_names_file_and_key(pricing_dir):
    path = catalog_path(pricing_dir)
    path.write_text(TEST_CATALOG.replace("value: 100 TB", "value: 100 TBs", 1), "utf-8")
    with pytest.raises(PricingError) as caught:
        load_catalog(path)
    assert str(path) in str(caught.value)
    assert "$.devices['box-100'].usable_capacity.value" in str(caught.value)
    path.write_text(TEST_CATALOG.replace("status: retired", "status: gone"), "utf-8")
    with pytest.raises(PricingError, match="old-box"):
        load_catalog(path)


def test_unverified_fee_needs_a_note(pricing_dir):
    path = catalog_path(pricing_dir)
    path.write_text(TEST_CATALOG.replace(", verified: false,\n              note: recall}",
                                         ", verified: false}"), "utf-8")
    with pytest.raises(PricingError, match="note"):
        load_catalog(path)


# --- command line -----------------------------------------------------------------------

def test_cli_json_is_valid_and_exact(cli, pricing_dir):
    result = cli("transfer", "100TB", "--direction", "export", "--bandwidth", "10Gbps",
                 "--deadline", "3d", "--format", "json", "--pricing", str(pricing_dir))
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=Decimal)
    assert document["schema_version"] == 1
    assert document["request"]["size_bytes"] == 109_951_162_777_600
    network = document["options"][0]
    assert network["cost"] == Decimal("7987.20")
    assert '"cost": 7987.20' in result.out
    assert network["meets_deadline"] is True
    assert document["recommendation"]["cheapest_within_deadline"] == "network-10Gbps"
    secret = next(o for o in document["options"] if o["key"] == "secret-box")
    assert secret["cost_parts"][0]["amount"] is None


def test_cli_default_table(cli, pricing_dir):
    result = cli("transfer", "100 TB", "--bandwidth", "1Gbps", "--pricing", str(pricing_dir))
    assert result.code == 0, result.err
    assert "12.73" in result.out and "Network 1 Gbps" in result.out
    assert "not published" in result.out
    assert "Old Box (retired" not in result.out
    assert "Retired: Old Box (--include-retired shows them)" in result.out
    assert "Old Box (retired" in cli("transfer", "100TB", "--include-retired",
                            "--pricing", str(pricing_dir)).out


def test_cli_csv_and_markdown(cli, pricing_dir):
    out = cli("transfer", "500GiB", "--format", "csv", "--pricing", str(pricing_dir)).out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["key"] for r in rows][:3] == ["network-100Mbps", "network-1Gbps",
                                            "network-10Gbps"]
    assert all("$" not in r["cost"] for r in rows)
    markdown = cli("transfer", "1.5PB", "--format", "markdown",
                   "--pricing", str(pricing_dir)).out
    assert markdown.startswith("## Moving 1.5 PB into AWS")


def test_cli_shipped_catalog_runs(cli):
    result = cli("transfer", "300TB", "--deadline", "10d", "--copy-rate", "250MB/s",
                 "--workstations", "2", "--format", "json")
    assert result.code == 0, result.err
    json.loads(result.out)


@pytest.mark.parametrize("args", [
    ("100 TBs",), ("-5TB",), ("0",), ("0TB",), ("lots",),
    ("100TB", "--utilization", "0%"), ("100TB", "--utilization", "150%"),
    ("100TB", "--bandwidth", "5TB"), ("100TB", "--deadline", "soon"),
    ("100TB", "--copy-rate", "fast"),
])
def test_cli_bad_quantities_exit_3_with_one_line(cli, args):
    result = cli("transfer", *args)
    assert result.code == 3, result.err
    assert result.err.startswith("awscalc: error: ")
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


@pytest.mark.parametrize("args", [
    ("100TB", "--bandwith", "1Gbps"), ("100TB", "--workstations", "0"),
    ("100TB", "--direction", "sideways"), (),
])
def test_cli_usage_errors_exit_2(cli, args):
    result = cli("transfer", *args)
    assert result.code == 2
    assert "Traceback" not in result.err


def test_cli_missing_catalog_is_a_pricing_error(cli, tmp_path):
    result = cli("transfer", "100TB", "--pricing", str(tmp_path))
    assert result.code == 4
    assert "snow.yaml" in result.err
