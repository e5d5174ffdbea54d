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
    assert "(retired" not in result.out
    assert "Retired: Old Box (--include-retired shows them)" in result.out
    lines = cli("transfer", "100TB", "--include-retired", "--pricing",
                str(pricing_dir)).out.splitlines()
    # the status is a line under the name
    row = next(i for i, line in enumerate(lines) if "│ Old Box" in line)
    assert "(retired" in lines[row + 1]


def test_cli_csv_and_markdown(cli, pricing_dir):
    out = cli("transfer", "500GiB", "--format", "csv", "--pricing", str(pricing_dir)).out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["key"] for r in rows][:3] == ["network-100Mbps", "network-1Gbps",
                                            "network-10Gbps"]
    assert all("$" not in r["cost"] for r in rows)
    markdown = cli("transfer", "1.5PB", "--format", "markdown",
                   "--pricing", str(pricing_dir)).out
    assert markdown.startswith("## Moving 1.5 PB into AWS")


@pytest.mark.parametrize("deadline, days", [("1w", 7), ("2w", 14), ("2 weeks", 14),
                                            ("1wk", 7), ("36h", 1.5)])
def test_cli_deadline_in_weeks(cli, deadline, days):
    result = cli("transfer", "10TB", "--deadline", deadline, "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["request"]["deadline_days"] == days


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


# --- #21: DataSync, Data Transfer Terminal, Direct Connect, the line, requests, customers --
# The frozen transfer catalog (tests/data/pricing/catalog/snow.yaml): DataSync 10 Gbps per
# task, Basic per-GB not published; Terminal 2 × 100 Gbps ports, reservations of whole
# hours up to 6 h with 1 h between, 1 day of travel, fees not published; Direct Connect
# 1 Gbps dedicated $0.30/h (Infracost), 10 Gbps $2.25/h and 100 Gbps $22.50/h (3P), DX out
# of us-east-1 $0.02/GB. S3 (frozen card): Standard PUT $0.005, Glacier GET $0.0004, Glacier
# Standard restore $0.05 per 1,000; Glacier Standard retrieval $0.01/GB.

PB = Decimal(2**50)
FIFTY_TB = 50 * TB


@pytest.fixture
def full_catalog():
    return load_catalog(catalog_path(FROZEN_PRICING))


@pytest.fixture
def priced_catalog(tmp_path: Path):
    """The frozen catalog with made-up DataSync and Terminal fees, to test the arithmetic
    AWS's unpublished fees would go through (never shipped)."""
    text = (FROZEN_PRICING / "catalog" / "snow.yaml").read_text(encoding="utf-8")
    basic = text.index("    basic:")
    start = text.index("value: null", basic)
    text = text[:start] + 'value: "0.0125"' + text[start + len("value: null"):]
    fee = text.index("  port_hour_fee:")
    start = text.index("value: null", fee)
    text = text[:start] + 'value: "100"' + text[start + len("value: null"):]
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "snow.yaml").write_text(text, encoding="utf-8")
    return load_catalog(catalog_path(tmp_path))


def s3(frozen_book, storage_class="standard", direction="import"):
    from awscalc.transfer import s3_rates

    return s3_rates(frozen_book, "us-east-1", storage_class, direction)


def amounts(found):
    return {p.label: p.amount for p in found.parts}


def test_100_tb_import_over_1_gbps_every_method(full_catalog, frozen_book):
    # 100 TiB at 80 % of 1 Gbps: 1,099,511.627776 s = 12.7258290 d (the seed's 12.73 days).
    result = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,), customer="existing",
                          link_costs=((GBPS, Decimal(1200)),), objects=50_000_000),
                  full_catalog, s3=s3(frozen_book))
    network = option(result, "network-1Gbps")
    assert abs(network.total_days - Decimal("12.7258290")) < Decimal("0.0000001")
    # line: $1,200 × 1,099,511.627776 s / 2,628,000 s (730 h) = $502.0601 → $502.06;
    # 50,000,000 PUTs × $0.005 / 1,000 = $250.00
    assert amounts(network) == {"Data transfer in": Decimal("0.00"),
                                "S3 PUT requests (standard)": Decimal("250.00"),
                                "Line 1 Gbps (your carrier)": Decimal("502.06")}
    assert network.cost == Decimal("752.06") and network.cost_complete
    # Direct Connect: 1,099,511.63 s = 305.42 h → 306 port-hours × $0.30 = $91.80
    dx = option(result, "direct-connect-1Gbps")
    assert amounts(dx)["Port-hours (1 Gbps dedicated)"] == Decimal("91.80")
    assert dx.cost == Decimal("843.86") and dx.total_days == network.total_days
    # DataSync: the same 12.73 days (800 Mbps < 10 Gbps); its per-GB fee is not published
    datasync = option(result, "datasync-1Gbps")
    assert datasync.total_days == network.total_days and not datasync.cost_complete
    assert amounts(datasync)["DataSync copied (basic mode)"] is None
    assert datasync.cost == Decimal("752.06")  # a lower bound
    # Terminal: 100 TiB / 25,000,000,000 B/s (2 × 100 Gbps) = 4,398.05 s = 1.22 h → 2 h,
    # one reservation; 1 day of travel + 2 h = 1.0833333 days; 4 port-hours not published
    terminal = option(result, "data-transfer-terminal")
    assert [p.days for p in terminal.phases] == [Decimal(1), Decimal(7200) / 86400]
    assert amounts(terminal)["Port-hours (2 port(s))"] is None
    assert terminal.parts[0].formula.startswith("4 port-hour(s) × not published")
    # Snowball Edge 210 TB: 1 device, 100 TiB ≤ 100 TB → $1,800 (3P); copy 4.85 d → 5 days
    # on site, within 15; 4 + 4.8545185 + 2 + 3.0340741 = 13.8885926 days
    snowball = option(result, "snowball-edge-storage-210")
    assert snowball.cost == Decimal("2050.00")  # $1,800 + $250 of PUTs
    assert abs(snowball.total_days - Decimal("13.8885926")) < Decimal("0.0000001")
    assert result.fastest.key == "data-transfer-terminal"
    assert result.cheapest.key == "network-1Gbps"


def test_1_pb_import_over_10_and_100_gbps_every_method(full_catalog):
    result = plan(Request(size=PB, bandwidths=(10 * GBPS, 100 * GBPS), customer="existing"),
                  full_catalog)
    # 10 Gbps at 80 % = 10^9 B/s: 1,125,899.906842624 s = 13.0312489 d = 312.75 h → 313 h
    # × $2.25 (third-party) = $704.25
    ten = option(result, "direct-connect-10Gbps")
    assert abs(ten.total_days - Decimal("13.0312489")) < Decimal("0.0000001")
    assert ten.cost == Decimal("704.25") and not ten.verified
    assert ten.parts[0].provenance == "third-party"
    # 100 Gbps at 80 % = 10^10 B/s: 31.27 h → 32 h × $22.50 = $720.00
    assert option(result, "direct-connect-100Gbps").cost == Decimal("720.00")
    # DataSync at 10 Gbps: 10^9 B/s, not limited; at 100 Gbps: one task's 10 Gbps
    # (1.25 × 10^9 B/s): 900,719.9254740992 s = 10.4249991 days
    assert option(result, "datasync-10Gbps").total_days == ten.total_days
    limited = option(result, "datasync-100Gbps")
    assert abs(limited.total_days - Decimal("10.4249991")) < Decimal("0.0000001")
    assert any("one DataSync task" in n for n in limited.notes)
    # Terminal: 1 PiB / 2.5 × 10^10 B/s = 12.51 h → 13 h in 3 reservations (6 + 6 + 1)
    # with 2 gaps of 1 h: 15 h on site; 1 + 0.625 = 1.625 days; 26 port-hours
    terminal = option(result, "data-transfer-terminal")
    assert terminal.total_days == Decimal("1.625")
    assert terminal.parts[0].formula.startswith("26 port-hour(s)")
    # Snowball Edge 210 TB: 5 devices (1,024 / 210 = 4.88), loads 4 × 210 + 184 TB, all
    # over 100 TB: 5 × $3,200 = $16,000; one workstation at 250 MiB/s: 4,294,967.296 s =
    # 49.71 d → 50 days on site, 35 extra × 5 devices × $250 = $43,750; 4 + 49.7102696 + 2 +
    # 6.3715556 (210 TiB at 400 MiB/s) = 62.0818252 days
    snowball = option(result, "snowball-edge-storage-210")
    assert snowball.devices == 5
    assert amounts(snowball) == {"Job fee": Decimal("16000.00"),
                                 "Extra on-site days": Decimal("43750.00")}
    assert abs(snowball.total_days - Decimal("62.0818252")) < Decimal("0.0000001")


def test_50_tb_export_over_1_gbps_every_method(full_catalog, frozen_book):
    result = plan(Request(size=FIFTY_TB, direction="export", bandwidths=(GBPS,),
                          customer="existing", objects=1_000_000, storage_class="glacier"),
                  full_catalog, dto(frozen_book), s3=s3(frozen_book, "glacier", "export"))
    # 54,975,581,388,800 B at 10^8 B/s = 549,755.81 s = 6.3629145 d (one month);
    # 51,200 GB out: 10,240 × $0.09 + 40,960 × $0.085 = $921.60 + $3,481.60 = $4,403.20;
    # 1,000,000 GETs × $0.0004/1,000 = $0.40; restores × $0.05/1,000 = $50.00;
    # retrieval 51,200 GB × $0.01 = $512.00
    requests = {"S3 GET requests (glacier)": Decimal("0.40"),
                "S3 restore requests (glacier, Standard tier)": Decimal("50.00"),
                "S3 retrieval (glacier)": Decimal("512.00")}
    network = option(result, "network-1Gbps")
    assert abs(network.total_days - Decimal("6.3629145")) < Decimal("0.0000001")
    assert amounts(network) == {"Data transfer out": Decimal("4403.20"), **requests,
                                "Line 1 Gbps (your carrier)": None}
    assert network.cost == Decimal("4965.60") and network.line_excluded
    # Direct Connect: 152.71 h → 153 × $0.30 = $45.90; 51,200 GB × $0.02 = $1,024.00
    dx = option(result, "direct-connect-1Gbps")
    assert amounts(dx)["Port-hours (1 Gbps dedicated)"] == Decimal("45.90")
    assert amounts(dx)["Data transfer out (Direct Connect)"] == Decimal("1024.00")
    assert dx.cost == Decimal("1632.30")
    # DataSync: internet DTO as the network, its per-GB fee not published
    datasync = option(result, "datasync-1Gbps")
    assert amounts(datasync)["Data transfer out"] == Decimal("4403.20")
    assert not datasync.cost_complete
    # Terminal: 2,199 s → 1 h; travel 1 + 1/24 + travel back 1 = 2.0416667 days
    terminal = option(result, "data-transfer-terminal")
    assert abs(terminal.total_days - Decimal("2.0416667")) < Decimal("0.0000001")
    assert amounts(terminal)["Data copied out at the terminal"] is None
    # Snowball Edge 210 TB export: $1,800 + 51,200 GB × $0.03 = $1,536 (3P) + requests;
    # AWS loading 1.5170370 + 4 + copy 2.4272593 = 7.9442963 days
    snowball = option(result, "snowball-edge-storage-210")
    assert amounts(snowball)["Export from S3"] == Decimal("1536.00")
    assert snowball.cost == Decimal("3898.40")
    assert abs(snowball.total_days - Decimal("7.9442963")) < Decimal("0.0000001")
    assert result.cheapest.key == "direct-connect-1Gbps"


def test_published_fees_priced_when_a_catalog_has_them(priced_catalog):
    # made-up fees: DataSync $0.0125/GB: 102,400 GB × 0.0125 = $1,280.00; Terminal $100 per
    # port-hour: 2 h × 2 ports × $100 = $400.00
    result = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,)), priced_catalog)
    assert amounts(option(result, "datasync-1Gbps"))["DataSync copied (basic mode)"] == \
        Decimal("1280.00")
    assert option(result, "data-transfer-terminal").cost == Decimal("400.00")
    assert option(result, "data-transfer-terminal").cost_complete


@pytest.mark.parametrize(("seconds", "units", "reservations", "onsite_hours"), [
    (1, 1, 1, 1), (3600, 1, 1, 1), (3601, 2, 1, 2), (6 * 3600, 6, 1, 6),
    (6 * 3600 + 1, 7, 2, 8), (12 * 3600, 12, 2, 13), (12 * 3600 + 1, 13, 3, 15),
])
def test_terminal_reservations_round_to_whole_hours(full_catalog, seconds, units,
                                                    reservations, onsite_hours):
    from awscalc.transfer import terminal_reservations

    found = terminal_reservations(Decimal(seconds), full_catalog.terminal)
    assert found == (units, reservations, Decimal(onsite_hours * 3600))


def test_terminal_travel_days_and_copy_rate_are_the_users(full_catalog):
    # --copy-rate 1 GB/s × 2 workstations = 2,147,483,648 B/s (under one 100 Gbps port):
    # 100 TiB / 2^31 = 51,200 s = 14.22 h → 15 h in 3 reservations, 17 h on site; 1 port
    request = Request(size=HUNDRED_TB, copy_rate=Decimal(2**30), workstations=2,
                      travel_days=Decimal(3))
    terminal = option(plan(request, full_catalog), "data-transfer-terminal")
    assert [p.days for p in terminal.phases] == [Decimal(3), Decimal(17 * 3600) / 86400]
    assert terminal.parts[0].formula.startswith("15 port-hour(s)")
    assert terminal.parts[0].label == "Port-hours (1 port(s))"


def test_direct_connect_port_hours_round_up(full_catalog):
    # 1 Gbps at 100 %: 450,000,000,000 B = exactly 3,600 s → 1 port-hour; one byte more → 2
    exact = plan(Request(size=Decimal(450_000_000_000), bandwidths=(GBPS,),
                         utilization=Decimal(1)), full_catalog)
    over = plan(Request(size=Decimal(450_000_000_001), bandwidths=(GBPS,),
                        utilization=Decimal(1)), full_catalog)
    assert option(exact, "direct-connect-1Gbps").parts[0].amount == Decimal("0.30")
    assert option(over, "direct-connect-1Gbps").parts[0].amount == Decimal("0.60")


def test_direct_connect_needs_a_port_of_the_bandwidth(full_catalog):
    # 300 Mbps is a hosted capacity ($0.12/h, 3P); 3 Gbps is none
    result = plan(Request(size=TB, bandwidths=(Decimal(37_500_000), Decimal(375_000_000))),
                  full_catalog)
    keys = [o.key for o in result.options if o.kind == "direct-connect"]
    assert keys == ["direct-connect-300Mbps"]
    assert option(result, "direct-connect-300Mbps").name == "Direct Connect 300 Mbps (hosted)"


def test_direct_connect_export_from_a_region_without_a_dx_rate(full_catalog, frozen_book):
    result = plan(Request(size=TB, direction="export", region="eu-west-1",
                          bandwidths=(GBPS,)), full_catalog, dto(frozen_book, "eu-west-1"))
    dx = option(result, "direct-connect-1Gbps")
    assert amounts(dx)["Data transfer out (Direct Connect)"] is None
    assert not dx.cost_complete


def test_datasync_limit_boundary_and_task_executions(full_catalog):
    # 12.5 Gbps × 80 % = exactly 10 Gbps: not limited; 20 Gbps × 80 % = 16 Gbps: limited
    result = plan(Request(size=TB, bandwidths=(Decimal(1_562_500_000), 20 * GBPS),
                          objects=50_000_001, datasync_mode="enhanced"), full_catalog)
    exact, limited = option(result, "datasync-12.5Gbps"), option(result, "datasync-20Gbps")
    assert exact.rate == limited.rate == Decimal(1_250_000_000)
    assert not any("one DataSync task" in n for n in exact.notes)
    assert any("one DataSync task" in n for n in limited.notes)
    # 50,000,001 objects: 2 executions of at most 50 million; Enhanced's fee not published
    executions = next(p for p in exact.parts if p.label.startswith("DataSync task"))
    assert executions.amount is None and executions.formula.startswith("2 execution(s)")


def test_line_cost_pro_rata_over_an_exact_month(full_catalog):
    # 262,800,000,000,000 B at 10^8 B/s = 2,628,000 s = one 730-hour month → $1,200.00
    result = plan(Request(size=Decimal(262_800_000_000_000), bandwidths=(GBPS,),
                          link_costs=((GBPS, Decimal(1200)),)), full_catalog)
    line = option(result, "network-1Gbps").parts[-1]
    assert (line.amount, line.provenance) == (Decimal("1200.00"), "user")


@pytest.mark.parametrize(("storage_class", "put"), [
    # 1,000,000 PUTs per 1,000 × the frozen card's rate
    ("standard", "5.00"), ("standard-ia", "10.00"), ("glacier-ir", "20.00"),
    ("glacier", "30.00"), ("deep-archive", "50.00"),
])
def test_put_requests_by_storage_class(full_catalog, frozen_book, storage_class, put):
    result = plan(Request(size=TB, bandwidths=(GBPS,), objects=1_000_000,
                          storage_class=storage_class),
                  full_catalog, s3=s3(frozen_book, storage_class))
    part = option(result, "network-1Gbps").parts[1]
    assert (part.label, part.amount) == (f"S3 PUT requests ({storage_class})", Decimal(put))


def test_export_retrieval_of_deep_archive(full_catalog, frozen_book):
    # 1 TiB = 1,024 GB × $0.02 (Standard retrieval) = $20.48; 1,000 restores × $0.10/1,000
    result = plan(Request(size=TB, direction="export", bandwidths=(GBPS,), objects=1000,
                          storage_class="deep-archive"), full_catalog, dto(frozen_book),
                  s3=s3(frozen_book, "deep-archive", "export"))
    parts = amounts(option(result, "network-1Gbps"))
    assert parts["S3 retrieval (deep-archive)"] == Decimal("20.48")
    assert "S3 restore requests (deep-archive, Standard tier)" in parts


def test_new_customers_do_not_see_snowball_edge(full_catalog):
    result = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,)), full_catalog)
    assert not [o for o in result.options if o.kind == "device"]
    assert result.break_even == ()
    assert result.hidden[0].startswith("Not offered to new customers since 2025-11-07: "
                                       "Snowball Edge Storage Optimized 210 TB")
    existing = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,), customer="existing"),
                    full_catalog)
    assert [o.key for o in existing.options if o.kind == "device"] == [
        "snowball-edge-storage-210", "snowball-edge-compute-28"]
    retired = plan(Request(size=HUNDRED_TB, bandwidths=(GBPS,), include_retired=True),
                   full_catalog)
    shown = {o.key: o.status_since for o in retired.options if o.kind == "device"}
    assert shown["snowcone"] == "2024-11-12" and shown["snowball-50"] is None
    assert "snowball-edge-storage-210" not in shown


def test_provenance_labels_in_json(cli):
    result = cli("transfer", "100TB", "-b", "1Gbps", "-b", "10Gbps", "--existing-customer",
                 "--include-retired", "-f", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    by_key = {o["key"]: o for o in document["options"]}
    job = by_key["snowball-edge-storage-210"]["cost_parts"][0]
    assert (job["provenance"], job["published"]) == ("third-party", False)
    assert by_key["direct-connect-1Gbps"]["cost_parts"][0]["published"] is True
    assert by_key["direct-connect-10Gbps"]["cost_parts"][0]["provenance"] == "third-party"
    assert by_key["data-transfer-terminal"]["cost_parts"][0]["provenance"] == "not published"
    assert by_key["snowcone"]["cost_parts"][0]["provenance"] == "recall"
    line = by_key["network-1Gbps"]["cost_parts"][-1]
    assert (line["amount"], line["provenance"]) == (None, "not included")
    assert by_key["network-1Gbps"]["line_included"] is False


def test_cli_markdown_labels_availability_and_the_line(cli):
    result = cli("transfer", "100TB", "-b", "1Gbps", "--existing-customer", "--include-retired",
                 "-f", "markdown")
    assert result.code == 0, result.err
    out = result.out
    assert "$0.00 + line not included" in out
    assert "existing customers only since 2025-11-07" in out
    assert "retired 2024-11-12" in out and "retired date not published" in out
    assert "Data Transfer Terminal" in out and "DataSync 1 Gbps" in out


def test_cli_link_cost_and_objects(cli):
    result = cli("transfer", "100", "TB", "-b", "1Gbps", "--link-cost", "1Gbps=1200/month",
                 "--objects", "50M", "-f", "json")
    assert result.code == 0, result.err
    network = json.loads(result.out)["options"][0]
    assert network["cost"] == 752.06 and network["line_included"] is True


def test_cli_output_file_and_stray_words(cli, tmp_path):
    target = tmp_path / "plan.json"
    result = cli("transfer", "100TB", "-o", str(target), "-f", "json")
    assert result.code == 0 and result.out == "", result.err
    assert json.loads(target.read_text())["command"] == "transfer"
    # a bare option value completed by the next word
    result = cli("transfer", "100TB", "-b", "1Gbps", "--deadline", "7", "days", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["request"]["deadline_days"] == 7
    result = cli("transfer", "100TB", "--average-object-size", "2", "MB", "-f", "json")
    assert json.loads(result.out)["request"]["objects"] == 52_428_800  # 100 TiB / 2 MiB


@pytest.mark.parametrize(("args", "message"), [
    (("100TB", "-x"), "no such option: -x"),
    (("100TB", "--outptu", "x"), "did you mean --output?"),
    (("100TB", "foo"), "unexpected argument 'foo' after SIZE '100TB'"),
    (("100TB", "--link-cost", "1Gbps=1200"), "is not RATE=AMOUNT/month"),
    (("100TB", "--link-cost", "5Gbps=1200/month"), "5 Gbps is not a bandwidth compared"),
    (("100TB", "-b", "1Gbps", "--link-cost", "1Gbps=12e3/month"), "not an amount of dollars"),
    (("100TB", "-b", "1Gbps", "--link-cost", "1Gbps=1/month", "--link-cost",
      "1Gbps=2/month"), "given twice"),
    (("100TB", "--objects", "5", "--average-object-size", "2MB"), "give one of them"),
    (("100TB", "--storage-class", "glaicer"), "did you mean glacier?"),
    (("100TB", "--datasync-mode", "fast"), "is not one of basic, enhanced"),
])
def test_cli_transfer_usage_errors(cli, args, message):
    result = cli("transfer", *args)
    assert result.code == 2, result.err
    assert message in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize(("args", "message"), [
    (("100TB", "--objects", "1.5"), "not a whole number of objects"),
    (("100TB", "--objects", "0"), "must be more than zero"),
    (("1PB", "--average-object-size", "1 B"), "more than 10^15 objects"),
    (("100TB", "--travel-days", "400"), "not between 0 and 365 days"),
    (("100TB", "--travel-days", "soon"), "--travel-days"),
])
def test_cli_transfer_bad_values_exit_3(cli, args, message):
    result = cli("transfer", *args)
    assert result.code == 3, result.err
    assert message in result.err


def test_cli_objects_in_a_region_without_s3_rates_is_exit_4(cli):
    # ap-south-2 (Hyderabad): data-transfer rates, no S3 rates
    result = cli("transfer", "1TB", "--region", "ap-south-2", "--objects", "5")
    assert result.code == 4
    assert "requests-standard-put" in result.err
