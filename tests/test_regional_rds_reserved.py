"""Reserved DB instances outside us-east-1 (issue 19): RDS for MySQL and PostgreSQL
reserved rates from AWS's RDS pricing-page reserved feeds as committed in yeo/ec2.shop
(label 3P-PL, ``pricing/tools/ec2shop_rds.py``), spot-checked against the feeds' figures
(typed by hand from ``data/rds/<region>-rds-<engine>-reservedinstance-*.json`` at
44337592b, feeds published 2024-09-28 — not read back from the catalog); a reservation
and the On-Demand comparison priced by hand; what the feeds do not give staying exit 4;
and the generator's reading rules."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.ratecards import RateBook

from . import regional
from .conftest import SHIPPED_PRICING, load_tool

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")
EC2SHOP_RDS = ("https://github.com/yeo/ec2.shop/tree/44337592ba034dd0cdd1e71a1670b17f8c3f6002"
               "/data/rds")
COMMIT = "44337592ba034dd0cdd1e71a1670b17f8c3f6002"


def _tool():
    return load_tool("ec2shop_rds")


# --- the feeds' figures ------------------------------------------------------------------

# (region, class, engine, deployment, option) → (recurring $/h, upfront $ or None): the
# row's "price" (rate code …6YS6EN2CT7) and "riupfront:PricePerUnit" (…2TG2D8R56U) of
# <region>-rds-<engine>-reservedinstance-<single-az|multi-az>-<1y|1y-partial|3y>.json.
RESERVED = {
    ("eu-west-1", "db.t3.large", "mysql", "single_az", "1yr:no_upfront"): ("0.1043", None),
    ("eu-west-1", "db.t3.large", "mysql", "single_az", "1yr:partial_upfront"): ("0.0497", "435"),
    ("eu-west-1", "db.t3.large", "mysql", "single_az", "3yr:partial_upfront"): ("0.0346", "908"),
    ("eu-west-1", "db.t3.large", "mysql", "multi_az", "1yr:no_upfront"): ("0.2087", None),
    ("eu-west-1", "db.t3.large", "mysql", "multi_az", "1yr:partial_upfront"): ("0.0994", "870"),
    ("eu-west-1", "db.t3.large", "mysql", "multi_az", "3yr:partial_upfront"): ("0.0691", "1816"),
    ("eu-west-1", "db.m5.large", "postgresql", "single_az", "1yr:partial_upfront"):
        ("0.066", "578"),
    ("eu-west-1", "db.r5.large", "postgresql", "multi_az", "3yr:partial_upfront"):
        ("0.1204", "3164"),
    ("ap-southeast-2", "db.t3.large", "mysql", "single_az", "1yr:no_upfront"): ("0.1638", None),
    ("ap-southeast-2", "db.t3.large", "mysql", "single_az", "3yr:partial_upfront"):
        ("0.0614", "1613"),
    ("ap-southeast-2", "db.t3.large", "mysql", "multi_az", "1yr:no_upfront"): ("0.3276", None),
    ("ap-southeast-2", "db.t3.large", "mysql", "multi_az", "1yr:partial_upfront"):
        ("0.156", "1367"),
    ("ap-southeast-2", "db.t3.large", "mysql", "multi_az", "3yr:partial_upfront"):
        ("0.1227", "3225"),
    ("ap-southeast-2", "db.m5.large", "postgresql", "single_az", "1yr:partial_upfront"):
        ("0.0815", "714"),
    ("ap-southeast-2", "db.r5.large", "postgresql", "multi_az", "3yr:partial_upfront"):
        ("0.135", "3548"),
    ("sa-east-1", "db.t3.large", "mysql", "single_az", "1yr:no_upfront"): ("0.1705", None),
    ("sa-east-1", "db.t3.large", "mysql", "single_az", "1yr:partial_upfront"): ("0.0812", "711"),
    ("sa-east-1", "db.t3.large", "mysql", "multi_az", "1yr:no_upfront"): ("0.341", None),
    ("sa-east-1", "db.t3.large", "mysql", "multi_az", "1yr:partial_upfront"): ("0.1624", "1423"),
    ("sa-east-1", "db.t3.large", "mysql", "multi_az", "3yr:partial_upfront"): ("0.126", "3311"),
    ("sa-east-1", "db.m5.large", "postgresql", "single_az", "1yr:partial_upfront"):
        ("0.0669", "586"),
    ("sa-east-1", "db.r5.large", "postgresql", "multi_az", "3yr:partial_upfront"):
        ("0.1937", "5090"),
}


def _dims(klass: str, engine: str, deployment: str, option: str) -> tuple[str, ...]:
    return (klass, engine, "none", deployment, f"reserved:{option}")


@pytest.mark.parametrize("case", sorted(RESERVED), ids="-".join)
def test_reserved_rates_are_the_feeds(case: tuple[str, ...]) -> None:
    region, klass, engine, deployment, option = case
    hourly, upfront = RESERVED[case]
    dims = _dims(klass, engine, deployment, option)
    rate = SHIPPED.rate("rds", "instance-hours", region, dims)
    assert rate.tiers[0].rate == Decimal(hourly)
    assert rate.verified is False and rate.source == EC2SHOP_RDS
    if upfront is None:   # No Upfront: no fee row at all
        with pytest.raises(Exception, match="no price"):
            SHIPPED.rate("rds", "reserved-upfront", region, dims)
    else:
        fee = SHIPPED.rate("rds", "reserved-upfront", region, dims)
        assert fee.tiers[0].rate == Decimal(upfront)
        assert fee.verified is False and fee.source == EC2SHOP_RDS


def test_infracost_verified_us_east_1_row_wins() -> None:
    # pricing/sources/rds.yaml: Infracost's golden, 730 h $69.86 → $0.0957 (the feed agrees)
    rate = SHIPPED.rate("rds", "instance-hours", "us-east-1",
                        _dims("db.t3.large", "mysql", "single_az", "1yr:no_upfront"))
    assert rate.tiers[0].rate == Decimal("0.0957") and rate.verified is True


def test_the_catalog_holds_reserved_rows_of_every_target_region() -> None:
    with sqlite3.connect(SHIPPED_PRICING / "rds.sqlite") as connection:
        rows = [(key, region, *dims.split("|")) for key, region, dims in connection.execute(
            "SELECT key, region, dims FROM rates WHERE dims LIKE '%|reserved:%'")]
    # (region, engine, deployment, purchase option) of the recurring rows
    found = {(row[1], row[3], row[5], row[6]) for row in rows if row[0] == "instance-hours"}
    upfront_options = {row[6] for row in rows if row[0] == "reserved-upfront"}
    regions = {row[0] for row in found}
    assert len(regions) == 21
    assert {row[1] for row in found} == {"mysql", "postgresql"}      # no MariaDB feed
    assert {row[2] for row in found} == {"single_az", "multi_az"}
    assert {row[3] for row in found} == {"reserved:1yr:no_upfront",
                                         "reserved:1yr:partial_upfront",
                                         "reserved:3yr:partial_upfront"}
    assert upfront_options == {"reserved:1yr:partial_upfront", "reserved:3yr:partial_upfront"}
    assert len(found) == 21 * 2 * 2 * 3


# --- priced by hand ----------------------------------------------------------------------

T3_MULTI_AZ = ("  db:\n    service: rds\n    engine: mysql\n    instance_class: db.t3.large\n"
               "    deployment: multi_az\n    storage: {type: gp2, size: 100 GB}\n")


def test_a_reserved_multi_az_instance_by_hand_in_ap_southeast_2(cli, tmp_path: Path) -> None:
    spec = regional.spec(tmp_path, "ap-southeast-2", T3_MULTI_AZ + (
        "    purchase: reserved\n    reserved: {term: 3yr, payment: partial_upfront}\n"))
    data = regional.estimate(cli, spec)
    lines = {item["usage_key"]: item for item in data["line_items"]}
    # recurring: 730 h × $0.1227 = $89.571 → $89.57 a month, every hour of the month
    hours = lines["instance-hours"]
    assert (hours["quantity"], hours["cost"], hours["one_time"]) == (730, 89.57, False)
    assert hours["dimensions"]["purchase_option"] == "reserved:3yr:partial_upfront"
    # upfront: 1 reservation × $3,225, once
    fee = lines["reserved-upfront"]
    assert (fee["quantity"], fee["cost"], fee["one_time"]) == (1, 3225.0, True)
    assert data["totals"]["one_time"] == 3225.0
    assert fee["verified"] is False and hours["verified"] is False
    # effective: 3,225 / 36 + 89.571 = 89.583 + 89.571 = $179.15 a month
    assert data["resources"][0]["details"]["commitment"]["effective_monthly"] == 179.15


def test_the_on_demand_comparison_lists_the_feeds_options_in_eu_west_1(cli,
                                                                      tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "eu-west-1", T3_MULTI_AZ))
    details = data["resources"][0]["details"]
    rows = {row["option"]: row for row in details["commitments"]}
    assert list(rows) == ["reserved:1yr:no_upfront", "reserved:1yr:partial_upfront",
                          "reserved:3yr:partial_upfront"]   # no All Upfront in the feeds
    # On-Demand: 730 × $0.288 = $210.24
    # 1yr no upfront: 730 × 0.2087 = 152.351 → $152.35, pays off at once
    assert (rows["reserved:1yr:no_upfront"]["effective_monthly"],
            rows["reserved:1yr:no_upfront"]["break_even_month"]) == (152.35, 1)
    # 1yr partial: 870 / 12 + 730 × 0.0994 = 72.5 + 72.562 = $145.06;
    # break-even ⌈870 / (210.24 − 72.562)⌉ = ⌈6.32⌉ = 7
    partial = rows["reserved:1yr:partial_upfront"]
    assert (partial["upfront"], partial["monthly"], partial["effective_monthly"],
            partial["break_even_month"]) == (870.0, 72.56, 145.06, 7)
    # 3yr partial: 1,816 / 36 + 730 × 0.0691 = 50.444 + 50.443 = $100.89, saves
    # 210.24 − 100.89 = $109.35; break-even ⌈1,816 / (210.24 − 50.443)⌉ = ⌈11.36⌉ = 12
    three = rows["reserved:3yr:partial_upfront"]
    assert (three["effective_monthly"], three["saving"], three["break_even_month"]) == \
        (100.89, 109.35, 12)
    assert details["summary"] == [
        "cheapest Reserved DB instance in the catalog: 3yr, partial upfront — effective "
        "$100.89 a month vs $210.24 On-Demand, pays off in month 12"]


# --- what the feeds do not give ----------------------------------------------------------

@pytest.mark.parametrize(("region", "engine", "reserved"), [
    ("eu-west-1", "mysql", "{term: 1yr, payment: all_upfront}"),
    ("ap-southeast-2", "postgresql", "{term: 3yr, payment: all_upfront}"),
    ("sa-east-1", "mysql", "{term: 3yr, payment: no_upfront}"),
    ("sa-east-1", "mariadb", "{term: 1yr, payment: no_upfront}"),
    ("eu-west-1", "mariadb", "{term: 1yr, payment: partial_upfront}"),
])
def test_options_the_feeds_lack_stay_missing(cli, tmp_path: Path, region: str, engine: str,
                                             reserved: str) -> None:
    spec = regional.spec(tmp_path, region, T3_MULTI_AZ.replace("mysql", engine) + (
        f"    purchase: reserved\n    reserved: {reserved}\n"))
    result = cli("estimate", str(spec), "--format", "json")
    assert result.code == 4, result.err
    assert f"awscalc pricing update --service rds --region {region}" in result.err


def test_a_mariadb_comparison_finds_no_reserved_rates(cli, tmp_path: Path) -> None:
    spec = regional.spec(tmp_path, "sa-east-1", T3_MULTI_AZ.replace("mysql", "mariadb"))
    details = regional.estimate(cli, spec)["resources"][0]["details"]
    assert details["commitments"] == []
    assert details["summary"][0].startswith("no Reserved DB instance rates for these "
                                            "instances in sa-east-1")


# --- the generator's rules ---------------------------------------------------------------

def _feed(entries: dict, engine: str = "mysql") -> dict:
    return {"manifest": {"hawkFilePublicationDate": "2024-09-28T00:07:42Z",
                         "source": f"rds-{engine}-reservedinstance"},
            "regions": {"EU (Ireland)": entries}}


def _row(klass: str, deployment: str, years: int, payment: str, price: str,
         upfront: str | None = None, hourly_code: str = "6YS6EN2CT7",
         upfront_code: str = "2TG2D8R56U", engine: str = "MySQL") -> tuple[str, dict]:
    key = (f"{engine} No license required db {klass[3:]} General purpose {deployment} "
           f"{years} year {payment}")
    entry = {"rateCode": f"SKU{klass[3:5].upper()}.TERM{years}.{hourly_code}", "price": price,
             "Instance Type": klass, "Deployment Option": deployment,
             "LeaseContractLength": f"{years}yr", "PurchaseOption": payment,
             "Location": "EU (Ireland)", "Database Engine": engine}
    if upfront is not None:
        entry.update({"riupfront:InstanceType": klass, "riupfront:PricePerUnit": upfront,
                      "riupfront:RateCode": f"SKU{klass[3:5].upper()}.TERM{years}.{upfront_code}"})
    return key, entry


def test_generator_splits_hours_and_upfront_by_rate_code() -> None:
    tool = _tool()
    rows, left_out = tool.reserved_rows("mysql", "eu-west-1", _feed(dict([
        _row("db.t3.large", "Multi-AZ", 1, "Partial Upfront", "0.0994000000", "870"),
        _row("db.t3.small", "Multi-AZ", 1, "Partial Upfront", "0.0250000000", "0"),
        _row("db.m5.large", "Multi-AZ", 1, "Partial Upfront", "0.1000000000", "900",
             upfront_code="6YS6EN2CT7"),
        _row("db.r5.large", "Multi-AZ", 1, "Partial Upfront", "0.0000000000", "1000"),
    ])), "test.json")
    dims = ("db.t3.large", "mysql", "none", "multi_az", "reserved:1yr:partial_upfront")
    assert sorted(rows) == [("instance-hours", "eu-west-1", dims, Decimal("0.0994")),
                            ("reserved-upfront", "eu-west-1", dims, Decimal("870"))]
    # a zero fee, a fee that is not the upfront dimension, a zero hourly part: left out
    # whole, never one part without the other
    assert left_out == {"no upfront fee": 1, "no hourly price": 1,
                        "upfront fee is not the same term's upfront dimension": 1}


def test_generator_no_upfront_rows_and_unread_payments() -> None:
    tool = _tool()
    rows, left_out = tool.reserved_rows("postgresql", "eu-west-1", _feed(dict([
        _row("db.t3.large", "Single-AZ", 1, "No Upfront", "0.1100000000",
             engine="PostgreSQL"),
        _row("db.t3.small", "Single-AZ", 1, "No Upfront", "0.0300000000", "10",
             engine="PostgreSQL"),
        _row("db.t3.medium", "Single-AZ", 3, "All Upfront", "0.0000000000", "900",
             engine="PostgreSQL"),
        _row("db.m5.large", "Single-AZ", 1, "No Upfront", "0.1000000000",
             hourly_code="2TG2D8R56U", engine="PostgreSQL"),
    ]), "postgresql"), "test.json")
    assert rows == [("instance-hours", "eu-west-1", ("db.t3.large", "postgresql", "none",
                     "single_az", "reserved:1yr:no_upfront"), Decimal("0.11"))]
    assert left_out == {"a No Upfront row with an upfront fee": 1, "All Upfront not read": 1,
                        "price is not the term's hourly dimension": 1}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("Database Engine", "MariaDB", "Database Engine is 'MariaDB'"),
    ("LeaseContractLength", "3yr", "LeaseContractLength is '3yr'"),
    ("Instance Type", "db.t3.small", "Instance Type is 'db.t3.small'"),
])
def test_generator_refuses_a_row_whose_fields_contradict_its_key(field: str, value: str,
                                                                 message: str) -> None:
    key, entry = _row("db.t3.large", "Single-AZ", 1, "No Upfront", "0.11")
    entry[field] = value
    with pytest.raises(ValueError, match=message):
        _tool().reserved_rows("mysql", "eu-west-1", _feed({key: entry}), "test.json")


def test_generator_reads_a_directory_and_counts_files_without_a_feed(tmp_path: Path) -> None:
    key, entry = _row("db.t3.large", "Single-AZ", 1, "No Upfront", "0.1043000000")
    (tmp_path / "eu-west-1-rds-mysql-reservedinstance-single-az-1y.json").write_text(
        json.dumps(_feed({key: entry})), encoding="utf-8")
    (tmp_path / "eu-west-1-rds-mariadb-reservedinstance-single-az-1y.json").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code></Error>',
        encoding="utf-8")
    # a Local Zone's file (eu-west-1-… prefix, not the region's own) is not read
    (tmp_path / "us-east-1-atl-1-rds-mysql-reservedinstance-single-az-1y.json").write_text(
        "{}", encoding="utf-8")
    rows, dates, report = _tool().read_reserved(tmp_path)
    assert rows == [("instance-hours", "eu-west-1", ("db.t3.large", "mysql", "none",
                     "single_az", "reserved:1yr:no_upfront"), Decimal("0.1043"))]
    assert dates == {"2024-09-28"}
    assert report[0] == "mariadb: 1 reserved files hold no feed"
    assert "eu-west-1 postgresql" in report[-1] and "eu-west-1 mysql" not in report[-1]


def test_generator_refuses_an_abbreviated_commit_and_needs_the_reserved_directory(
        tmp_path: Path) -> None:
    tool = _tool()
    feeds = [str(tmp_path / f"rds-{e}-ondemand.json") for e in ("mysql", "mariadb",
                                                                  "postgresql")]
    with pytest.raises(SystemExit):
        tool.main([*feeds, "--commit", COMMIT, "--date", "2024-10-01"])   # no --reserved
    with pytest.raises(SystemExit):
        tool.main([*feeds, "--reserved", str(tmp_path), "--commit", COMMIT[:9],
                   "--date", "2024-10-01"])
