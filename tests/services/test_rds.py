"""RDS: the Price List golden's lines reproduced, Multi-AZ rates, read replicas, gp3
baselines at the 400 GB boundary, the free backup allowance, the 10-minute minimum,
Reserved DB instances (upfront, recurring, effective monthly, comparison), Extended
Support, and the errors for every new key."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.catalog import CatalogKey, CatalogRate, CatalogSource, write_catalog
from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from ..conftest import FROZEN_PRICING, SHIPPED_PRICING

DIMS = ("instance_class", "engine", "license", "deployment", "purchase_option")
INFRACOST = "Infracost's Price List golden db_instance_test (2026-05-03)"


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def one(cls: str = "db.t3.large", engine: str = "mysql", storage: str = "{type: gp2, size: 20 GB}",
        region: str = "us-east-1", **keys: object) -> str:
    extra = "".join(f"\n    {key}: {value}" for key, value in keys.items())
    return (f"region: {region}\nresources:\n  db:\n    service: rds\n    engine: {engine}\n"
            f"    instance_class: {cls}\n    storage: {storage}{extra}\n")


def costs(result) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for item in result.line_items:
        found[item.component.split(" (")[0]] = item.cost
    return found


def book_with(tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> RateBook:
    """The frozen cards plus a catalog of db.t3.large MySQL rows:
    (key, deployment, purchase option, rate)."""
    for card in FROZEN_PRICING.glob("*.yaml"):
        shutil.copy(card, tmp_path / card.name)
    keys = [CatalogKey("instance-hours", "DB instance hours", "instance-hour", DIMS),
            CatalogKey("reserved-upfront", "Upfront", "instance", DIMS)]
    write_catalog(tmp_path / "rds.sqlite", service="rds", title="test", keys=keys,
                  sources=[CatalogSource("https://example.com/test", "2026-11-30")],
                  rates=[CatalogRate(key, "us-east-1",
                                     ("db.t3.large", "mysql", "none", deployment, option),
                                     Decimal(rate))
                         for key, deployment, option, rate in rows])
    return RateBook(tmp_path, "test")


# Test-only rates (not AWS's): round numbers so every expected value is hand-checkable.
RESERVED = [
    ("instance-hours", "single_az", "on_demand", "0.10"),
    ("instance-hours", "multi_az", "on_demand", "0.20"),
    ("instance-hours", "single_az", "reserved:1yr:partial_upfront", "0.03"),
    ("reserved-upfront", "single_az", "reserved:1yr:partial_upfront", "300"),
    ("instance-hours", "multi_az", "reserved:1yr:partial_upfront", "0.06"),
    ("reserved-upfront", "multi_az", "reserved:1yr:partial_upfront", "600"),
    ("instance-hours", "single_az", "reserved:3yr:all_upfront", "0"),
    ("reserved-upfront", "single_az", "reserved:3yr:all_upfront", "1200"),
]


@pytest.mark.parametrize(("cls", "engine", "extra", "rate"), [
    ("db.t3.large", "mysql", {}, "0.136"),
    ("db.t3.large", "mariadb", {}, "0.136"),
    ("db.t3.large", "postgresql", {}, "0.145"),
    ("db.t3.large", "oracle_se2", {"license": "included"}, "0.300"),
    ("db.t3.large", "sqlserver_web", {}, "0.232"),
    ("db.t3.large", "sqlserver_ex", {}, "0.162"),
    ("db.m5.xlarge", "sqlserver_se", {}, "1.224"),
    ("db.m5.xlarge", "sqlserver_ee", {}, "2.336"),
    ("db.m5.large", "mysql", {}, "0.171"),
    ("db.t4g.small", "mysql", {}, "0.032"),
    ("db.t4g.small", "mysql", {"deployment": "multi_az"}, "0.065"),
    ("db.t3.large", "mysql", {"deployment": "multi_az"}, "0.272"),
])
@pytest.mark.parametrize("directory", [FROZEN_PRICING, SHIPPED_PRICING],
                         ids=["frozen", "shipped"])
def test_instance_rates_ship_in_both_catalogs(directory: Path, cls: str, engine: str,
                                              extra: dict, rate: str) -> None:
    # pricing-facts-wave2 §10.2: each is the golden's 730-hour line ÷ 730
    result = price(one(cls, engine, **extra), RateBook(directory, "test"))
    item = result.line_items[0]
    assert (item.key, item.quantity, item.rate) == ("instance-hours", Decimal(730),
                                                    Decimal(rate))


def test_the_golden_mysql_io1_instance_is_reproduced(frozen_book: RateBook) -> None:
    # INFRACOST, aws_db_instance.mysql-iops: db.t3.large $99.28, io1 100 GB $12.50,
    # 1,200 IOPS $120.00, 1,000 GB of additional backup $95.00. Backup beyond 100 % of the
    # 100 GB provisioned: 1,100 GB total − 100 GB free = 1,000 GB.
    result = price(one(storage="{type: io1, size: 100 GB, iops: 1200}",
                       backup_storage="1100 GB"), frozen_book)
    assert [item.cost for item in result.line_items] == [
        Decimal("99.28"), Decimal("12.50"), Decimal("120.00"), Decimal("95.00")]


def test_multi_az_uses_the_multi_az_rates_not_twice_single_az(frozen_book) -> None:
    # INFRACOST, aws_db_instance.gp3["multi_az"]: db.t4g.small Multi-AZ $47.45 (730 ×
    # $0.065, where 2 × $0.032 would give $46.72), gp3 400 GB $92.00 (400 × $0.23),
    # IOPS above 12,000: 2,000 × $0.04 = $80.00
    result = price(one("db.t4g.small", deployment="multi_az",
                       storage="{type: gp3, size: 400 GB, iops: 14000}"), frozen_book)
    assert [(i.key, i.quantity, i.cost) for i in result.line_items] == [
        ("instance-hours", Decimal(730), Decimal("47.45")),
        ("gp3-storage-multi-az", Decimal(400), Decimal("92.00")),
        ("gp3-iops-multi-az", Decimal(2000), Decimal("80.00"))]


def test_read_replicas_are_single_az_instances_with_their_own_storage(frozen_book) -> None:
    result = price(one(deployment="multi_az", read_replicas=2,
                       storage="{type: gp2, size: 30 GB}"), frozen_book)
    found = {(i.key, i.dimensions[3][1] if i.dimensions else None): (i.quantity, i.cost)
             for i in result.line_items}
    assert found == {
        ("instance-hours", "multi_az"): (Decimal(730), Decimal("198.56")),    # 730 × 0.272
        ("instance-hours", "single_az"): (Decimal(1460), Decimal("198.56")),  # 2 × 730 × 0.136
        ("gp2-storage-multi-az", None): (Decimal(30), Decimal("6.90")),       # 30 × 0.23
        ("gp2-storage", None): (Decimal(60), Decimal("6.90")),                # 2 × 30 × 0.115
    }


@pytest.mark.parametrize(("size", "iops", "billed"), [
    ("399 GB", 4000, Decimal(1000)),     # below 400 GB: 3,000 included
    ("399 GB", 12000, Decimal(9000)),
    ("400 GB", 12000, None),             # from 400 GB: 12,000 included, nothing above
    ("400 GB", 12001, Decimal(1)),
    ("20 GB", 3000, None),
])
def test_gp3_baseline_depends_on_the_size(frozen_book, size: str, iops: int,
                                          billed: Decimal | None) -> None:
    result = price(one(storage=f"{{type: gp3, size: {size}, iops: {iops}}}"), frozen_book)
    extra = [i for i in result.line_items if i.key == "gp3-iops"]
    assert [i.quantity for i in extra] == ([] if billed is None else [billed])
    if billed is not None:
        assert extra[0].cost == (billed * Decimal("0.02")).quantize(Decimal("0.01"))


def test_gp3_iops_below_the_baseline_is_a_spec_error(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="gp3 storage of 400 GB includes 12,000 IOPS"):
        price(one(storage="{type: gp3, size: 400 GB, iops: 6000}"), frozen_book)


@pytest.mark.parametrize(("backup", "free", "cost"), [
    ("300 GB", Decimal(300), Decimal("0.00")),   # 100 + 2 × 100 GB provisioned: all free
    ("200 GB", Decimal(200), Decimal("0.00")),
    ("310 GB", Decimal(300), Decimal("0.95")),   # 10 GB beyond × $0.095
    ("301 GB", Decimal(300), Decimal("0.10")),   # $0.095 rounds half-up to the cent
])
def test_backup_is_free_up_to_100_percent_of_provisioned_storage(
        frozen_book, backup: str, free: Decimal, cost: Decimal) -> None:
    result = price(one(read_replicas=2, storage="{type: gp2, size: 100 GB}",
                       backup_storage=backup), frozen_book)
    item = next(i for i in result.line_items if i.key == "backup-storage")
    assert (item.quantity, item.free_quantity, item.cost) == (
        Decimal(backup.split()[0]), free, cost)
    assert "this resource's 300 GB included" in item.component


TWO_DATABASES = """region: us-east-1
resources:
  orders:
    service: rds
    engine: mysql
    instance_class: db.t3.large
    storage: {type: gp2, size: 500 GB}
    backup_storage: 700 GB
  users:
    service: rds
    engine: postgresql
    instance_class: db.t3.large
    storage: {type: gp2, size: 300 GB}
"""


def test_backup_allowance_is_shared_by_every_database_in_the_region(frozen_book) -> None:
    # "up to 100 % of total provisioned database storage in the Region" (RDS User Guide):
    # orders' 700 GB of backups against 500 + 300 GB provisioned — all free, although
    # orders alone provisions only 500 GB; users has no backups and no line for them.
    result = price(TWO_DATABASES, frozen_book)
    backups = [i for i in result.line_items if i.key == "backup-storage"]
    assert [(i.resource, i.quantity, i.free_quantity, i.cost) for i in backups] == [
        ("orders", Decimal(700), Decimal(700), Decimal("0.00"))]


def test_backup_beyond_the_regions_allowance_is_billed_once(frozen_book) -> None:
    spec = TWO_DATABASES.replace("backup_storage: 700 GB", "backup_storage: 900 GB")
    spec += "    backup_storage: 50 GB\n"
    result = price(spec, frozen_book)
    backups = [i for i in result.line_items if i.key == "backup-storage"]
    # 950 GB − 800 GB free = 150 GB × $0.095 = $14.25, shared 900:50 by the resources
    assert sum(i.cost for i in backups) == Decimal("14.25")
    assert [i.cost for i in backups] == [Decimal("13.50"), Decimal("0.75")]
    assert "(950 − 800 free) GB-month: 150 GB-month × $0.095 = $14.25" in backups[0].formula


@pytest.mark.parametrize(("hours", "starts", "billed"), [
    ("5 min", 1, Decimal(600)),          # one 5-minute run: billed 10 minutes
    ("30 min", 6, Decimal(3600)),        # six 5-minute runs: 6 × 10 min
    ("15 min", 1, Decimal(900)),         # per second above the minimum
    ("0 h", 1, Decimal(0)),              # stopped all month: storage only
])
def test_per_second_billing_with_a_10_minute_minimum(frozen_book, hours: str, starts: int,
                                                     billed: Decimal) -> None:
    result = price(one(hours=f"'{hours}'", starts=starts), frozen_book)
    item = result.line_items[0]
    assert item.key == "instance-hours"
    assert (item.quantity * 3600).quantize(Decimal("1e-18")) == billed
    assert result.line_items[1].key == "gp2-storage"   # storage all month regardless


def test_extended_support_counts_standbys_and_replicas(frozen_book: RateBook) -> None:
    # INFRACOST, extended_support["mysql-5.7"]: 1,460 vCPU-hours (2 vCPUs × 730 h) $146.00
    single = price(one(extended_support="{engine_version: '5.7', year: 1}"), frozen_book)
    assert single.line_items[-1].quantity == 1460
    assert single.line_items[-1].cost == Decimal("146.00")
    # Multi-AZ (2 instances) + 1 replica = 3 instances × 2 vCPUs × 730 h × $0.200 (year 3)
    result = price(one(deployment="multi_az", read_replicas=1,
                       extended_support="{engine_version: '5.7', year: 3}"), frozen_book)
    item = result.line_items[-1]
    assert (item.key, item.quantity, item.cost) == (
        "extended-support-yr3", Decimal(4380), Decimal("876.00"))


@pytest.mark.parametrize(("engine", "version", "year", "key", "cost"), [
    # RDS pricing-page feeds (2024-09-28, us-east-1): 'Any Year 1 Year 2 8 0' $0.085,
    # 'Any Year 3 13' $0.170 per vCPU-hour; 2 vCPUs × 730 h = 1,460 vCPU-hours
    ("mysql", "8.0", 1, "extended-support-newer-yr1-2", "124.10"),      # × $0.085
    ("postgresql", "14", 2, "extended-support-newer-yr1-2", "124.10"),
    ("postgresql", "13.7", 3, "extended-support-newer-yr3", "248.20"),  # × $0.170
    ("postgresql", "12", 1, "extended-support-yr1-2", "146.00"),        # × $0.100
    ("mysql", "5.7.44", 3, "extended-support-yr3", "292.00"),           # × $0.200
])
def test_extended_support_rate_follows_the_version(frozen_book: RateBook, engine: str,
                                                   version: str, year: int, key: str,
                                                   cost: str) -> None:
    result = price(one(engine=engine, extended_support=f"{{engine_version: '{version}', "
                       f"year: {year}}}"), frozen_book)
    item = result.line_items[-1]
    assert (item.key, item.cost) == (key, Decimal(cost))


@pytest.mark.parametrize(("engine", "version", "year", "message"), [
    ("postgresql", "16", 1, "Extended Support of PostgreSQL 16"),
    ("postgresql", "9.6", 1, "Extended Support of PostgreSQL 9.6"),
    ("mysql", "8.4", 1, "Extended Support of MySQL 8.4"),
    ("mysql", "8.0", 3, "Extended Support year 3 of MySQL 8.0"),
])
def test_extended_support_without_a_published_rate_is_exit_4(
        frozen_book: RateBook, engine: str, version: str, year: int, message: str) -> None:
    with pytest.raises(PricingError, match=message):
        price(one(engine=engine, extended_support=f"{{engine_version: '{version}', "
                  f"year: {year}}}"), frozen_book)


def test_reserved_partial_upfront_with_a_replica(tmp_path: Path) -> None:
    result = price(one(deployment="multi_az", read_replicas=1, hours="100 h",
                       purchase="reserved", reserved="{term: 1yr, payment: partial_upfront}"),
                   book_with(tmp_path, RESERVED))
    found = [(i.key, i.quantity, i.cost, i.one_time) for i in result.line_items
             if i.key in ("instance-hours", "reserved-upfront")]
    assert found == [
        # every hour of the term, not the 100 h run: 730 h × $0.06 (Multi-AZ)
        ("instance-hours", Decimal(730), Decimal("43.80"), False),
        ("reserved-upfront", Decimal(1), Decimal("600.00"), True),
        ("instance-hours", Decimal(730), Decimal("21.90"), False),   # replica: 730 × $0.03
        ("reserved-upfront", Decimal(1), Decimal("300.00"), True),
    ]
    found_commitment = result.details["db"]["commitment"]
    # effective monthly: $900 / 12 + $65.70 = $140.70; term: $900 + 12 × $65.70
    assert found_commitment["effective_monthly"] == Decimal("140.70")
    assert found_commitment["term_total"] == Decimal("1688.40")
    assert any("billed for every hour of its term" in w for w in result.warnings)


def test_reserved_all_upfront_has_a_zero_recurring_line(tmp_path: Path) -> None:
    result = price(one(purchase="reserved", reserved="{term: 3yr, payment: all_upfront}"),
                   book_with(tmp_path, RESERVED))
    assert [(i.key, i.cost, i.one_time) for i in result.line_items][:2] == [
        ("instance-hours", Decimal("0.00"), False),
        ("reserved-upfront", Decimal("1200.00"), True)]
    assert result.details["db"]["commitment"]["effective_monthly"] == Decimal("33.33")


def test_on_demand_is_compared_with_the_catalogs_reservations(tmp_path: Path) -> None:
    result = price(one(), book_with(tmp_path, RESERVED))
    rows = {row["option"]: row for row in result.details["db"]["commitments"]}
    assert set(rows) == {"reserved:1yr:partial_upfront", "reserved:3yr:all_upfront"}
    # On-Demand 730 × $0.10 = $73.00; the 1-year RI: $300 + $21.90 a month, effective
    # $46.90, pays off when 300 + 21.9 m ≤ 73 m → m ≥ 5.87: month 6
    partial = rows["reserved:1yr:partial_upfront"]
    assert (partial["effective_monthly"], partial["saving"], partial["break_even_month"]) == (
        Decimal("46.90"), Decimal("26.10"), 6)
    assert rows["reserved:3yr:all_upfront"]["break_even_month"] == 17   # 1,200 / 73 = 16.4
    assert "3yr, all upfront" in result.details["db"]["summary"][0]


def test_the_shipped_one_year_no_upfront_reservation(frozen_book: RateBook) -> None:
    # INFRACOST, mysql-1yr-no-upfront-single-az: 730 h $69.86 (730 × $0.0957)
    result = price(one(purchase="reserved", reserved="{term: 1yr}"), frozen_book)
    assert result.line_items[0].cost == Decimal("69.86")
    assert result.one_time_total == 0


@pytest.mark.parametrize(("spec", "what"), [
    (one(region="eu-west-1"), "region 'eu-west-1'"),
    (one(deployment="multi_az_cluster"), "deployment multi_az_cluster"),
    (one(purchase="reserved", reserved="{term: 1yr, payment: partial_upfront}"),
     "reserved:1yr:partial-upfront"),
    (one(storage="{type: io2, size: 100 GB, iops: 3000}"), "io2 storage"),
    (one(storage="{type: gp3, size: 100 GB, throughput: 200 MB/s}"), "gp3 throughput"),
    (one(deployment="multi_az", storage="{type: io1, size: 100 GB, iops: 1000}"),
     "io1 storage, Multi-AZ"),
    (one("db.t4g.small", deployment="multi_az", read_replicas=1, storage="{type: magnetic, "
         "size: 100 GB}"), "magnetic storage, Multi-AZ"),
])
def test_a_missing_rate_names_the_instance_and_the_update_command(frozen_book, spec: str,
                                                                 what: str) -> None:
    with pytest.raises(PricingError) as caught:
        price(spec, frozen_book)
    text = str(caught.value)
    assert what in text
    assert "db.t" in text and "engine mysql" in text and "deployment " in text
    region = "eu-west-1" if "eu-west-1" in spec else "us-east-1"
    if what in ("region 'eu-west-1'", "reserved:1yr:partial-upfront"):
        # catalog rows the AmazonRDS builder fetches
        assert f"awscalc pricing update --service rds --region {region}" in text
    else:  # no card key (io2, Multi-AZ io1/magnetic, cluster storage, gp3 throughput)
        assert "'awscalc pricing update' does not fetch it" in text


def test_an_unknown_instance_class_is_a_spec_error_with_a_suggestion(frozen_book) -> None:
    with pytest.raises(SpecError) as caught:
        price(one("db.t3.larg"), frozen_book)
    assert "$.resources.db.instance_class: unknown instance class 'db.t3.larg'" in str(
        caught.value)
    assert "did you mean 'db.t3.large'?" in str(caught.value)


@pytest.mark.parametrize(("keys", "message"), [
    ({"license": "byol"}, "MySQL has no licence model"),
    ({"purchase": "reserved"}, "purchase: reserved needs 'reserved'"),
    ({"reserved": "{term: 1yr}"}, "'reserved' applies to purchase: reserved"),
    ({"storage": "{type: gp2, size: 20 GB, iops: 3000}"}, "gp2 storage has no provisioned"),
    ({"storage": "{type: io1, size: 100 GB}"}, "io1 storage needs 'iops'"),
    ({"storage": "{type: gp2, size: 20 GB, throughput: 200 MB/s}"}, "no provisioned throughput"),
    ({"storage": "{type: gp3, size: 20 GB, io_requests: 1M}"}, "gp3 storage includes I/O"),
    ({"storage": "{type: gp3, size: 500 GB, throughput: 200 MB/s}"}, "includes 500 MB/s"),
    ({"hours": "800 h"}, "800 h is more than the month"),
])
def test_invalid_combinations_are_spec_errors(frozen_book, keys: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(one(**keys), frozen_book)


def test_extended_support_errors(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="applies to MySQL and PostgreSQL, not MariaDB"):
        price(one(engine="mariadb", extended_support="{engine_version: '10.4', year: 1}"),
              frozen_book)
    with pytest.raises(SpecError, match=r"does not know the vCPUs of db\.t4g\.small"):
        price(one("db.t4g.small", extended_support="{engine_version: '5.7', year: 1}"),
              frozen_book)
    given = price(one("db.t4g.small", extended_support="{engine_version: '5.7', year: 2, "
                      "vcpus: 2}"), frozen_book)
    assert given.line_items[-1].cost == Decimal("146.00")   # 2 × 730 × $0.100


def test_gp3_performance_on_oracle_has_no_trusted_baseline(frozen_book) -> None:
    with pytest.raises(PricingError, match=r"gp3 baseline .* RDS for Oracle SE2"):
        price(one(engine="oracle_se2", storage="{type: gp3, size: 500 GB, iops: 13000}"),
              frozen_book)
    plain = price(one(engine="oracle_se2", storage="{type: gp3, size: 500 GB}"), frozen_book)
    assert plain.line_items[1].cost == Decimal("57.50")     # 500 × $0.115
