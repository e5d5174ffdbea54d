"""``pricing update`` catalog builders of the database offers (issue 16):
:mod:`awscalc.priceupdate.offer_catalog` and the rule tables of
:mod:`awscalc.priceupdate.databases`.

Fixtures (``tests/data/offers/<offer>/README.md``):

* ``rds/AmazonRDS_eu-west-1_ligoj.csv`` — **real** AmazonRDS rows (eu-west-1, 2018
  effective dates), trimmed by whole rows from ligoj/plugin-prov-aws (MIT);
* ``*_format-only.json`` — **format-only** files written in AWS's JSON layout with test
  values, for what no real row was available (RDS Reserved terms, gp3, Extended Support,
  Aurora instances, Outposts / Local Zone / RDS Custom rows; every ElastiCache, Redshift
  eu-west-1 and DMS row). They check the mapping's mechanics, not that AWS names its rows
  so: those names are ``../shared/pricing-facts-wave2.md`` F.4/F.5;
* the 2018 AmazonRedshift file of ``../shared/fixtures/aws-price-list/`` (real rows with
  Reserved terms) is read in place when present, never copied here;
* ``mirror/AmazonNeptune/eu-west-2.json`` and ``mirror/AmazonDAX/us-east-2.json`` —
  hand-written in the real JSON shape (usage types from F.5, Infracost's and AWS's sample
  code, AWS's DynamoDB billing guide) at the shipped Neptune rates and, for DAX (no rate
  ships), a third-party us-east-2 figure and test values; decoys at $9.99….
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.catalog import Catalog
from awscalc.errors import PricingError
from awscalc.priceupdate.databases import SPECS
from awscalc.priceupdate.ec2 import Provenance
from awscalc.priceupdate.offer_catalog import CatalogBuild, build_catalog

REPO = Path(__file__).resolve().parents[1]
OFFERS = REPO / "tests" / "data" / "offers"
RDS_CSV = OFFERS / "rds" / "AmazonRDS_eu-west-1_ligoj.csv"
RDS_JSON = OFFERS / "rds" / "AmazonRDS_us-east-1_format-only.json"
CACHE_JSON = OFFERS / "elasticache" / "AmazonElastiCache_us-east-1_format-only.json"
REDSHIFT_JSON = OFFERS / "redshift" / "AmazonRedshift_eu-west-1_format-only.json"
DMS_JSON = OFFERS / "dms" / "AWSDatabaseMigrationSvc_us-east-1_format-only.json"
NEPTUNE_JSON = OFFERS / "mirror" / "AmazonNeptune" / "eu-west-2.json"
DAX_JSON = OFFERS / "mirror" / "AmazonDAX" / "us-east-2.json"
SHARED_REDSHIFT = (REPO.parent / "shared" / "fixtures" / "aws-price-list" / "reserved_terms"
                   / "AmazonRedshift_20180309224506_trimmed.json")
WHEN = Provenance(retrieved="2026-11-30T12:00:00Z")


def build(tmp_path: Path, service: str, region: str, offer: Path) -> CatalogBuild:
    """Build ``service``'s catalog from one region's offer file."""
    return build_catalog(SPECS[service], {region: offer}, tmp_path / f"{service}.sqlite", WHEN)


def rates(path: Path) -> dict[tuple[str, str, str], str]:
    """Every rate of a catalog: (key, region, dims) → rate text."""
    with sqlite3.connect(path) as connection:
        return {(k, r, d): rate for k, r, d, rate in
                connection.execute("SELECT key, region, dims, rate FROM rates")}


# -- AmazonRDS: real rows (ligoj's eu-west-1 CSV) -----------------------------------------

def test_rds_instances_from_real_rows(tmp_path: Path) -> None:
    built = build(tmp_path, "rds", "eu-west-1", RDS_CSV)
    got = rates(built.dest)
    region = "eu-west-1"
    # SKU DQ2QZSJW7SXZBSDH "EU-InstanceUsage:db.m1.large", MySQL, Single-AZ: $0.245
    assert got[("instance-hours", region, "db.m1.large|mysql|none|single_az|on_demand")] == "0.245"
    # VX2HPB9XETT2GKQX "EU-Multi-AZUsage:db.m1.large": $0.49 (its own rate, not 2 × 0.245)
    assert got[("instance-hours", region, "db.m1.large|mysql|none|multi_az|on_demand")] == "0.49"
    # 6EUJZXXYD456Y3M6: SQL Server SE licence included, Multi-AZ is "EU-MirrorUsage:…"
    assert got[("instance-hours", region,
                "db.m1.large|sqlserver_se|included|multi_az|on_demand")] == "1.93"
    # 7AECSEK2N2CTJTEY: Oracle "Standard Two", licence included → oracle_se2
    assert got[("instance-hours", region,
                "db.m1.large|oracle_se2|included|single_az|on_demand")] == "0.602"
    # Oracle "Standard" and "Standard One" (retired SE / SE1) are not SE2: left out
    assert not any("oracle_se|" in dims or "oracle_se1" in dims for _, _, dims in got)
    assert built.regions[region].skipped["database engine or edition not priced by awscalc"] == 12
    assert len(got) == 24 and not built.ambiguous


def test_rds_card_rates_match_usage_types_exactly(tmp_path: Path) -> None:
    built = build(tmp_path, "rds", "eu-west-1", RDS_CSV)
    card = {key: value["eu-west-1"]["rate"] for key, value in built.cards["rds"].items()}
    assert card == {
        "gp2-storage": "0.127",            # EU-RDS:GP2-Storage, not EU-RDS:Mirror-GP2-Storage
        "gp2-storage-multi-az": "0.253",   # EU-RDS:Multi-AZ-GP2-Storage
        "io1-storage": "0.138", "io1-iops": "0.11",
        "magnetic-storage": "0.11",        # EU-RDS:StorageUsage
        "magnetic-io": "0.11",             # $0.00000011 per I/O = $0.11 per million
        "backup-storage": "0.095",         # EU-RDS:ChargedBackupUsage
    }
    # the Multi-AZ io1 and magnetic rows and the SQL Server "Mirror" ones have no card key
    assert "io1-storage-multi-az" not in card


def test_a_file_read_for_another_region_gives_nothing(tmp_path: Path) -> None:
    """eu-west-1's rows carry "EU-": read as us-east-1 (no prefix or "USE1-") none match."""
    built = build(tmp_path, "rds", "us-east-1", RDS_CSV)
    assert built.count == 0 and not built.cards


def test_aurora_rates_from_real_rows_and_an_ambiguous_one_dropped(tmp_path: Path) -> None:
    built = build(tmp_path, "aurora", "eu-west-1", RDS_CSV)
    card = {key: value["eu-west-1"]["rate"] for key, value in built.cards["aurora"].items()}
    assert card == {"storage": "0.11",           # EU-Aurora:StorageUsage (two equal rows)
                    "io-requests": "0.22",      # $0.00000022 per I/O
                    "backtrack": "0.013"}       # $0.000000013 per change-record-hour
    # Aurora MySQL $0.021 and PostgreSQL $0.022 backup: one card key, so neither is taken
    assert built.ambiguous == ["card:backup-storage eu-west-1 "]
    # Serverless v1 ("EU-Aurora:ServerlessUsage") is not Serverless v2
    assert "serverless-v2" not in card


# -- AmazonRDS: format-only rows ---------------------------------------------------------------

def test_rds_outposts_local_zone_custom_and_lookalikes_are_left_out(tmp_path: Path) -> None:
    built = build(tmp_path, "rds", "us-east-1", RDS_JSON)
    got = rates(built.dest)
    region = "us-east-1"
    assert got[("instance-hours", region, "db.t3.large|mysql|none|single_az|on_demand")] == "0.5"
    # RDS Custom (deploymentModel "Custom", $9.99) does not collide with RDS for Oracle
    assert got[("instance-hours", region,
                "db.m5.large|oracle_ee|byol|single_az|on_demand")] == "0.44"
    skipped = built.regions[region].skipped
    assert skipped["RDS Custom (deploymentModel Custom)"] == 1
    assert skipped["not an AWS Region (Outposts, Local or Wavelength Zone)"] == 2
    # "InstanceUsageBYOL:…" ($7.77) and "EU-InstanceUsage:…" ($8.88) match nothing
    assert not {"7.77", "8.88", "0.9", "0.01", "9.99"} & set(got.values())


def test_rds_reserved_upfront_and_hourly(tmp_path: Path) -> None:
    got = rates(build(tmp_path, "rds", "us-east-1", RDS_JSON).dest)
    dims = "db.t3.large|mysql|none|single_az|"
    assert got[("instance-hours", "us-east-1", dims + "reserved:1yr:no_upfront")] == "0.35"
    assert got[("instance-hours", "us-east-1", dims + "reserved:1yr:partial_upfront")] == "0.15"
    assert got[("reserved-upfront", "us-east-1", dims + "reserved:1yr:partial_upfront")] == "1200"
    assert got[("instance-hours", "us-east-1", dims + "reserved:3yr:all_upfront")] == "0"
    assert got[("reserved-upfront", "us-east-1", dims + "reserved:3yr:all_upfront")] == "7000"
    assert ("reserved-upfront", "us-east-1", dims + "reserved:1yr:no_upfront") not in got


def test_rds_gp3_and_extended_support_card_rates(tmp_path: Path) -> None:
    built = build(tmp_path, "rds", "us-east-1", RDS_JSON)
    card = {key: value["us-east-1"]["rate"] for key, value in built.cards["rds"].items()}
    # Aurora MySQL's Extended Support ($0.12) is not RDS's ($0.15, MySQL 5.7 and PG 11);
    # MySQL 8.0 and PostgreSQL 13+ have their own keys (test values $0.1275, $0.255)
    assert card == {"gp3-storage": "0.1", "gp3-storage-multi-az": "0.2", "gp3-iops": "0.03",
                    "extended-support-yr1-2": "0.15",
                    "extended-support-newer-yr1-2": "0.1275",
                    "extended-support-newer-yr3": "0.255"}


def test_aurora_instances_standard_and_io_optimized(tmp_path: Path) -> None:
    built = build(tmp_path, "aurora", "us-east-1", RDS_JSON)
    got = rates(built.dest)
    assert got == {
        ("instance-hours", "us-east-1", "db.r6g.large|postgresql|standard|on_demand"): "0.26",
        ("instance-hours", "us-east-1", "db.r6g.large|postgresql|io_optimized|on_demand"):
            "0.34"}
    card = {key: value["us-east-1"]["rate"] for key, value in built.cards["aurora"].items()}
    assert card == {"storage-io-optimized": "0.25", "serverless-v2": "0.13"}


# -- ElastiCache, Redshift, DMS ----------------------------------------------------------------

def test_elasticache_nodes_by_engine_with_reserved_terms(tmp_path: Path) -> None:
    """Format-only file: "USE1-NodeUsage:…" is us-east-1's; the Extended Support
    ("…ExtendedSupportYr1_Yr2-NodeUsage:…"), Outposts and Local Zone rows are not nodes."""
    built = build(tmp_path, "elasticache", "us-east-1", CACHE_JSON)
    got = rates(built.dest)
    node = "cache.m6g.large|"
    assert got[("node-hours", "us-east-1", node + "redis|on_demand")] == "0.2"
    assert got[("node-hours", "us-east-1", node + "valkey|on_demand")] == "0.16"
    assert got[("node-hours", "us-east-1", node + "memcached|on_demand")] == "0.2"
    assert got[("node-hours", "us-east-1", node + "redis|reserved:1yr:partial_upfront")] == "0.06"
    assert got[("reserved-upfront", "us-east-1",
                node + "redis|reserved:1yr:partial_upfront")] == "500"
    assert len(got) == 8 and not built.ambiguous
    assert not {"0.08", "0.01", "0.99"} & set(got.values())


@pytest.mark.skipif(not SHARED_REDSHIFT.is_file(),
                    reason="../shared/fixtures/aws-price-list/ (real 2018 AmazonRedshift file) "
                           "is not on this machine")
def test_redshift_real_2018_file_with_reserved_terms(tmp_path: Path) -> None:
    built = build(tmp_path, "redshift", "us-east-1", SHARED_REDSHIFT)
    got = rates(built.dest)
    # HG8UH9XWXYJ697H2 dc2.large: 3yr Partial Upfront = $1,325 upfront + $0.05 an hour
    assert got[("reserved-upfront", "us-east-1", "dc2.large|reserved:3yr:partial_upfront")] == \
        "1325"
    assert got[("node-hours", "us-east-1", "dc2.large|reserved:3yr:partial_upfront")] == "0.05"
    assert got[("node-hours", "us-east-1", "dc2.large|reserved:1yr:no_upfront")] == "0.2"
    assert got[("node-hours", "us-east-1", "ds2.8xlarge|on_demand")] == "6.8"
    # dc1.large is billed as "Node:dw2.large": the node type is the instanceType
    assert ("node-hours", "us-east-1", "dc1.large|on_demand") in got


def test_redshift_operation_lookalike_and_derived_concurrency_scaling(tmp_path: Path) -> None:
    built = build(tmp_path, "redshift", "eu-west-1", REDSHIFT_JSON)
    got = rates(built.dest)
    assert got[("node-hours", "eu-west-1", "ra3.4xlarge|on_demand")] == "3.5"   # not 4.44
    assert got[("reserved-upfront", "eu-west-1", "ra3.4xlarge|reserved:1yr:partial_upfront")] \
        == "10000"
    assert got[("concurrency-scaling-hours", "eu-west-1", "ra3.4xlarge")] == "3.5"
    catalog = Catalog.open(built.dest, "updated", "redshift")
    rate = catalog.rate("concurrency-scaling-hours", "eu-west-1", ("ra3.4xlarge",))
    assert rate.verified is False            # derived by a recalled rule: never verified
    assert catalog.rate("node-hours", "eu-west-1", ("ra3.4xlarge", "on_demand")).verified


def test_dms_instances_and_storage(tmp_path: Path) -> None:
    built = build(tmp_path, "dms", "us-east-1", DMS_JSON)
    assert rates(built.dest) == {
        ("instance-hours", "us-east-1", "dms.t3.medium|single_az"): "0.08",
        ("instance-hours", "us-east-1", "dms.t3.medium|multi_az"): "0.16"}
    assert built.cards == {"dms": {"storage-single-az": {"us-east-1": {"rate": "0.12"}}}}


def test_neptune_instances_credits_and_card_rates(tmp_path: Path) -> None:
    """Rows at the shipped eu-west-2 rates; a class whose instanceType differs, I/O-Optimized
    storage (no card key), eu-west-1's "EU-" prefix, a "Global-" free-trial row and an
    Outposts row select nothing."""
    built = build(tmp_path, "neptune", "eu-west-2", NEPTUNE_JSON)
    region = "eu-west-2"
    assert rates(built.dest) == {
        ("instance-hours", region, "db.t3.medium|standard|on_demand"): "0.112",
        ("instance-hours", region, "db.r4.large|standard|on_demand"): "0.408",
        ("instance-hours", region, "db.t3.medium|io_optimized|on_demand"): "0.151",
        ("cpu-credits", region, "db.t3"): "0.15"}       # CPUCredits:db.t3, not an instance
    assert built.cards == {"neptune": {
        "storage": {region: {"rate": "0.116"}},
        "io-requests": {region: {"rate": "0.232"}},      # $0.000000232 per I/O
        "backup-storage": {region: {"rate": "0.022"}}}}
    skipped = built.regions[region].skipped
    assert skipped["instance type does not match the usage type"] == 1
    assert skipped["not an AWS Region (Outposts, Local or Wavelength Zone)"] == 1
    assert skipped["other usage type (or another region's prefix)"] == 3
    assert not built.ambiguous


def test_dax_nodes_take_the_node_type_from_the_usage_type(tmp_path: Path) -> None:
    """instanceType is the bare type ("r5.large"); both usage-type spellings are read
    ("NodeUsage:dax.r5.large", and "NodeUsage:dax-t3.medium" as AWS's billing guide
    writes it); another type's instanceType, another region's row and another product
    family are refused."""
    built = build(tmp_path, "dax", "us-east-2", DAX_JSON)
    assert rates(built.dest) == {("node-hours", "us-east-2", "dax.r5.large"): "0.255",
                                 ("node-hours", "us-east-2", "dax.t3.medium"): "0.081"}
    skipped = built.regions["us-east-2"].skipped
    assert skipped["instance type does not match the usage type"] == 1
    assert skipped["another region's product (a Local Zone's or a copy)"] == 1
    assert skipped["DAX node usage type outside product family DAX"] == 1
    assert not built.cards


def test_no_dax_rate_ships() -> None:
    """No AWS or Price List source gives a DAX node rate: the shipped (and frozen) dax
    catalogs have the key and no rate."""
    for directory in (REPO / "pricing" / "aws", REPO / "tests" / "data" / "pricing"):
        catalog = Catalog.open(directory / "dax.sqlite", "shipped", "dax")
        assert catalog.has_key("node-hours") and catalog.count() == 0


def test_an_unknown_region_prefix_is_an_error_not_a_guess(tmp_path: Path) -> None:
    with pytest.raises(PricingError, match="usage-type prefix of region 'xx-east-9'"):
        build(tmp_path, "dms", "xx-east-9", DMS_JSON)
    assert not (tmp_path / "dms.sqlite").exists()


def test_the_json_is_streamed_not_loaded(tmp_path: Path, monkeypatch) -> None:
    """Offer files are hundreds of MB: never json.load / json.loads of a whole file."""
    def refuse(*args, **kwargs):
        raise AssertionError("an offer file was loaded whole")

    monkeypatch.setattr(json, "load", refuse)
    monkeypatch.setattr(json, "loads", refuse)
    assert build(tmp_path, "rds", "us-east-1", RDS_JSON).count == 8


def test_the_wrong_offer_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PricingError, match="not the AmazonElastiCache offer file"):
        build(tmp_path, "elasticache", "us-east-1", RDS_JSON)


# -- pricing update --source DIR, then estimate -------------------------------------------------

def mirror(root: Path, offer: str, region: str, source: Path) -> Path:
    """A folder laid out like the Bulk API with one offer's file for one region."""
    base = root / "offers" / "v1.0" / "aws"
    name = "index.csv" if source.suffix == ".csv" else "index.json"
    region_file = base / offer / "20261130000000" / region / name
    region_file.parent.mkdir(parents=True)
    shutil.copyfile(source, region_file)
    index = {"formatVersion": "v1.0", "publicationDate": "2026-11-30T00:00:00Z",
             "offers": {offer: {
                 "offerCode": offer,
                 "currentVersionUrl": f"/offers/v1.0/aws/{offer}/current/index.json",
                 "currentRegionIndexUrl": f"/offers/v1.0/aws/{offer}/current/region_index.json"}}}
    (base / "index.json").write_text(json.dumps(index), encoding="utf-8")
    (base / offer / "current").mkdir(parents=True)
    (base / offer / "current" / "region_index.json").write_text(json.dumps({"regions": {
        region: {"regionCode": region, "currentVersionUrl":
                 f"/offers/v1.0/aws/{offer}/20261130000000/{region}/index.json"}}}),
        encoding="utf-8")
    return root


def line_items(cli, spec: Path, dest: Path) -> dict[str, list[dict]]:
    result = cli("estimate", str(spec), "--pricing", str(dest), "--format", "json")
    assert result.code == 0, result.err
    found: dict[str, list[dict]] = {}
    for item in json.loads(result.out)["line_items"]:
        found.setdefault(item["resource"], []).append(item)
    return found


def test_rds_update_prices_the_new_region_and_keeps_the_rest(cli, tmp_path: Path) -> None:
    source = mirror(tmp_path / "mirror", "AmazonRDS", "eu-west-1", RDS_CSV)
    dest = tmp_path / "cards"
    spec = tmp_path / "db.yaml"
    spec.write_text("""
resources:
  dublin:
    service: rds
    region: eu-west-1
    engine: mysql
    instance_class: db.t2.xlarge
    storage: {type: gp2, size: 100 GB}
  virginia: {service: rds, engine: mysql, instance_class: db.t3.large,
             storage: {type: gp2, size: 20 GB}}
""", encoding="utf-8")
    result = cli("pricing", "update", "--service", "rds", "--region", "eu-west-1",
                 "--source", str(source), "--dest", str(dest), "--quiet")
    assert result.code == 0, result.err
    assert "rds            24 catalog rates for eu-west-1; card: 7 rates" in result.out
    items = line_items(cli, spec, dest)
    dublin = {item["component"].split(" (")[0]: item for item in items["dublin"]}
    # FQ2P47XZ3KZ97A3P db.t2.xlarge MySQL Single-AZ $0.292; R8WRAJ8WCVQ3X8YM gp2 $0.127
    assert Decimal(str(dublin["DB instance hours, On-Demand"]["rate"])) == Decimal("0.292")
    assert Decimal(str(dublin["gp2 storage, Single-AZ"]["rate"])) == Decimal("0.127")
    assert Decimal(str(dublin["gp2 storage, Single-AZ"]["cost"])) == Decimal("12.70")
    # us-east-1 kept from the shipped catalog and card (Infracost's golden $0.136)
    assert Decimal(str(items["virginia"][0]["rate"])) == Decimal("0.136")


def test_aurora_update_writes_card_rates_with_their_source(cli, tmp_path: Path) -> None:
    """The card's I/O-Optimized storage key ships unverified (a possibly rounded figure);
    the rate the update reads from the offer file is the Price List's own."""
    import yaml

    source = mirror(tmp_path / "mirror", "AmazonRDS", "us-east-1", RDS_JSON)
    dest = tmp_path / "cards"
    result = cli("pricing", "update", "--service", "aurora", "--region", "us-east-1",
                 "--source", str(source), "--dest", str(dest), "--quiet")
    assert result.code == 0, result.err
    card = yaml.safe_load((dest / "aurora.yaml").read_text(encoding="utf-8"))
    updated = card["rates"]["storage-io-optimized"]["regions"]["us-east-1"]
    assert updated["rate"] == "0.25" and updated["verified"] is True
    assert updated["note"] == "AWS Price List (AmazonRDS offer), retrieved " + \
        updated["note"][-10:]
    assert updated["source"].startswith("https://pricing.us-east-1.amazonaws.com/")
    # a key the file has no row for keeps the shipped value
    assert card["rates"]["io-requests"]["regions"]["us-east-1"]["rate"] == "0.20"


def test_elasticache_update_then_reserved_estimate(cli, tmp_path: Path) -> None:
    source = mirror(tmp_path / "mirror", "AmazonElastiCache", "us-east-1", CACHE_JSON)
    dest = tmp_path / "cards"
    result = cli("pricing", "update", "--service", "elasticache", "--region", "us-east-1",
                 "--source", str(source), "--dest", str(dest), "--quiet")
    assert result.code == 0, result.err
    spec = tmp_path / "cache.yaml"
    spec.write_text("""
resources:
  sessions:
    service: elasticache
    engine: redis
    node_type: cache.m6g.large
    shards: 1
    replicas_per_shard: 1
    purchase: reserved
    reserved: {term: 1yr, payment: partial_upfront}
""", encoding="utf-8")
    result = cli("estimate", str(spec), "--pricing", str(dest), "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    items = data["line_items"]
    hourly = next(i for i in items if i["component"].startswith("Reserved node hours"))
    upfront = next(i for i in items if "upfront fee" in i["component"].lower())
    assert Decimal(str(hourly["rate"])) == Decimal("0.06")     # format-only test values
    assert Decimal(str(upfront["rate"])) == Decimal("500")
    assert Decimal(str(upfront["cost"])) == Decimal("1000")    # 2 nodes


def test_neptune_update_then_estimate(cli, tmp_path: Path) -> None:
    import yaml

    source = mirror(tmp_path / "mirror", "AmazonNeptune", "eu-west-2", NEPTUNE_JSON)
    dest = tmp_path / "cards"
    result = cli("pricing", "update", "--service", "neptune", "--region", "eu-west-2",
                 "--source", str(source), "--dest", str(dest), "--quiet")
    assert result.code == 0, result.err
    assert "neptune        4 catalog rates for eu-west-2; card: 3 rates" in result.out
    card = yaml.safe_load((dest / "neptune.yaml").read_text(encoding="utf-8"))
    storage = card["rates"]["storage"]["regions"]["eu-west-2"]
    assert storage["rate"] == "0.116" and storage["verified"] is True
    assert storage["note"].startswith("AWS Price List (AmazonNeptune offer), retrieved ")
    spec = tmp_path / "graph.yaml"
    spec.write_text("""
resources:
  graph:
    service: neptune
    region: eu-west-2
    instances: [{instance_class: db.r4.large, count: 2}, {instance_class: db.t3.medium,
                                                         cpu_credits: 100}]
    storage: 100 GB
    io_requests: 10M
    backup_storage: 1000 GB
""", encoding="utf-8")
    items = line_items(cli, spec, dest)["graph"]
    cost = {item["component"].split(" (")[0]: Decimal(str(item["cost"])) for item in items}
    total = sum(Decimal(str(item["cost"])) for item in items)
    # 2 × 730 h × $0.408 = $595.68; 730 h × $0.112 = $81.76; 100 vCPU-hours × $0.15 = $15;
    # 100 GB × $0.116 = $11.60; 10 M I/Os × $0.232/M = $2.32; (1,000 − 100) GB × $0.022
    assert cost["CPU credits"] == Decimal("15.00")
    assert total == Decimal("595.68") + Decimal("81.76") + Decimal("15.00") + \
        Decimal("11.60") + Decimal("2.32") + Decimal("19.80")


def test_dax_update_then_estimate(cli, tmp_path: Path) -> None:
    """A table's dax key, exit 4 before the update, prices after it."""
    spec = tmp_path / "table.yaml"
    spec.write_text("resources: {t: {service: dynamodb, region: us-east-2, storage: 1 GB, "
                    "dax: {node_type: dax.r5.large, nodes: 3}}}\n", encoding="utf-8")
    before = cli("estimate", str(spec))
    assert before.code == 4
    assert "run 'awscalc pricing update --service dax --region us-east-2'" in before.err
    source = mirror(tmp_path / "mirror", "AmazonDAX", "us-east-2", DAX_JSON)
    dest = tmp_path / "cards"
    result = cli("pricing", "update", "--service", "dax", "--region", "us-east-2",
                 "--source", str(source), "--dest", str(dest), "--quiet")
    assert result.code == 0, result.err
    items = {item["usage_key"]: item for item in line_items(cli, spec, dest)["t"]}
    node = items["node-hours"]
    assert node["service"] == "dax" and node["component"] == \
        "DAX node hours (3 × dax.r5.large, 730 h)"
    assert Decimal(str(node["quantity"])) == Decimal(2190)
    assert Decimal(str(node["cost"])) == Decimal("558.45")      # 3 × 730 h × $0.255
    assert Decimal(str(items["storage"]["cost"])) == Decimal("0.25")


@pytest.mark.parametrize(("service", "resource"), [
    # eu-west-1 MySQL / MariaDB / PostgreSQL rows ship (AWS's 2024 pricing-page feeds) and
    # Single-AZ SQL Server (vantage-sh's 2021 table); Multi-AZ SQL Server does not
    ("rds", "{service: rds, region: eu-west-1, engine: sqlserver_web, "
            "instance_class: db.t3.large, deployment: multi_az, "
            "storage: {type: gp2, size: 20 GB}}"),
    # eu-west-1 On-Demand and No Upfront node rates ship (LeanerCloud's table); a
    # Partial Upfront reserved node has no shipped source in any region
    ("elasticache", "{service: elasticache, region: eu-west-1, engine: redis, "
                    "node_type: cache.m4.large, shards: 1, purchase: reserved, "
                    "reserved: {term: 1yr, payment: partial_upfront}}"),
    # eu-west-1 current node types ship (the 2025 pricing-page feed); ds2 does not
    ("redshift", "{service: redshift, region: eu-west-1, node_type: ds2.8xlarge, nodes: 2}"),
    # eu-west-1 instance hours ship (the 2025 pricing-page feed); r4.16xlarge is not one
    ("dms", "{service: dms, region: eu-west-1, instance_class: dms.r4.16xlarge}"),
    # eu-west-1 Aurora MySQL db.r4.large Standard ships (vantage-sh's 2021 table);
    # I/O-Optimized does not
    ("aurora", "{service: aurora, region: eu-west-1, engine: mysql, "
               "storage_configuration: io_optimized, "
               "instances: [{instance_class: db.r4.large}], storage: 10 GB}"),
    # eu-west-1 instance hours and db.t3 credits ship (the 2025 pricing-page feed);
    # db.t4g credits do not
    ("neptune", "{service: neptune, region: eu-west-1, instances: [{instance_class: "
                "db.t4g.medium, cpu_credits: 10}], storage: 10 GB, compare: false}"),
    ("dax", "{service: dynamodb, region: eu-west-1, dax: {node_type: dax.r5.large, "
            "nodes: 1}}"),
])
def test_a_missing_rate_names_the_update_command(cli, tmp_path: Path, service: str,
                                                 resource: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"resources:\n  r: {resource}\n", encoding="utf-8")
    result = cli("estimate", str(spec))
    assert result.code == 4, result.err
    assert f"awscalc pricing update --service {service} --region eu-west-1" in result.err


# -- JSON and CSV, malformed files ------------------------------------------------------------

def csv_to_json(source: Path, target: Path) -> None:
    """AWS's JSON layout of a CSV offer file (the attributes the builders read)."""
    import csv

    from awscalc.priceupdate.offer_catalog import CSV_ATTRIBUTES

    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[5], rows[6:]
    products: dict[str, dict] = {}
    terms: dict[str, dict] = {"OnDemand": {}, "Reserved": {}}
    for values in body:
        row = dict(zip(header, (v.strip() for v in values), strict=False))
        sku = row["SKU"]
        products.setdefault(sku, {"sku": sku, "productFamily": row["Product Family"],
                                  "attributes": {name: row[column] for column, name in
                                                 CSV_ATTRIBUTES.items()
                                                 if row.get(column)
                                                 and column != "Product Family"}})
        term = terms[row["TermType"]].setdefault(sku, {}).setdefault(
            f"{sku}.{row['OfferTermCode']}", {"offerTermCode": row["OfferTermCode"],
                                               "sku": sku, "priceDimensions": {},
                                               "termAttributes": {}})
        term["priceDimensions"][row["RateCode"]] = {
            "unit": row["Unit"], "pricePerUnit": {"USD": row["PricePerUnit"]},
            "beginRange": row["StartingRange"], "endRange": row["EndingRange"]}
    target.write_text(json.dumps({"formatVersion": "v1.0", "offerCode": "AmazonRDS",
                                  "version": "20181201091133", "products": products,
                                  "terms": terms}), encoding="utf-8")


@pytest.mark.parametrize("service", ["rds", "aurora"])
def test_csv_and_json_give_the_same_catalog_and_card(tmp_path: Path, service: str) -> None:
    json_file = tmp_path / "index.json"
    csv_to_json(RDS_CSV, json_file)
    from_csv = build(tmp_path, service, "eu-west-1", RDS_CSV)
    csv_rates, csv_cards = rates(from_csv.dest), from_csv.cards
    (tmp_path / "json").mkdir()
    from_json = build(tmp_path / "json", service, "eu-west-1", json_file)
    assert rates(from_json.dest) == csv_rates and from_json.cards == csv_cards
    assert from_json.ambiguous == from_csv.ambiguous


@pytest.mark.parametrize(("name", "text", "message"), [
    ("truncated.json", '{"offerCode": "AmazonRDS", "products": {"A": {"attributes": ',
     "invalid or truncated JSON"),
    ("other.json", '{"offerCode": "AmazonEC2", "products": {}, "terms": {}}',
     "not the AmazonRDS offer file"),
    ("headless.csv", "SKU,Unit\n", "truncated CSV Price List file"),
])
def test_a_malformed_offer_file_is_one_line_pricing_error(tmp_path: Path, name: str,
                                                          text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PricingError, match=message) as caught:
        build(tmp_path, "rds", "us-east-1", path)
    assert "\n" not in caught.value.message
    assert not (tmp_path / "rds.sqlite").exists()


def test_a_bad_price_is_an_error_naming_the_row(tmp_path: Path) -> None:
    text = RDS_CSV.read_text(encoding="utf-8").replace(",0.2920000000,", ",0.29e1,", 1)
    path = tmp_path / "index.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PricingError, match=r"SKU FQ2P47XZ3KZ97A3P: price '0\.29e1' is not"):
        build(tmp_path, "rds", "eu-west-1", path)
