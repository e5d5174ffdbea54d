"""Database services outside us-east-1, round 2 (issue 19): RDS and Redshift rates from
AWS's pricing-page feeds as committed in yeo/ec2.shop (label 3P-PL), spot-checked against
the feeds' figures (typed by hand from the feed files, not read back from a card); the
generators' rules (pricing/tools/ec2shop_rds.py, ec2shop_redshift.py, pricefeed.py); and
the orders-db example priced by hand in the three check regions."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.ratecards import RateBook

from . import regional
from .conftest import REPO, SHIPPED_PRICING, load_tool

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")
EC2SHOP_RDS = "https://github.com/yeo/ec2.shop/tree/44337592ba034dd0cdd1e71a1670b17f8c3f6002/data/rds"
EC2SHOP_REDSHIFT = ("https://github.com/yeo/ec2.shop/blob/951cd0d425fd69949e3cec7db7e8238102e2a6f6"
                    "/data/redshift/redshift.json")


def _tool(name: str):
    return load_tool(name)


# --- RDS instance hours: feeds published 2024-09-28 ---------------------------------------

# (region, class, engine, deployment) → $/h: the "Database Instance <Engine> No license
# required db <class> … <Single-AZ|Multi-AZ> Current Generation" rows of
# rds-<engine>-ondemand.json at 44337592b.
RDS_INSTANCES = {
    ("eu-west-1", "db.t3.large", "mysql", "multi_az"): "0.288",
    ("eu-west-1", "db.t3.large", "mysql", "single_az"): "0.144",
    ("eu-west-1", "db.t3.large", "postgresql", "multi_az"): "0.312",
    ("eu-west-1", "db.m5.large", "postgresql", "multi_az"): "0.394",
    ("ap-southeast-2", "db.t3.large", "mysql", "multi_az"): "0.416",
    ("ap-southeast-2", "db.m5.large", "postgresql", "single_az"): "0.247",
    ("ap-southeast-2", "db.t3.large", "postgresql", "multi_az"): "0.448",
    ("sa-east-1", "db.t3.large", "mysql", "multi_az"): "0.56",
    ("sa-east-1", "db.t3.large", "mysql", "single_az"): "0.28",
    ("sa-east-1", "db.t3.large", "postgresql", "single_az"): "0.302",
    ("sa-east-1", "db.m5.large", "postgresql", "multi_az"): "0.466",
}


@pytest.mark.parametrize("case", sorted(RDS_INSTANCES), ids="-".join)
def test_rds_instance_rates_are_the_feeds(case: tuple[str, str, str, str]) -> None:
    region, klass, engine, deployment = case
    rate = SHIPPED.rate("rds", "instance-hours", region,
                        (klass, engine, "none", deployment, "on_demand"))
    assert rate.tiers[0].rate == Decimal(RDS_INSTANCES[case])
    assert rate.verified is False and rate.source == EC2SHOP_RDS


def test_the_goldens_keep_their_verified_rows() -> None:
    rate = SHIPPED.rate("rds", "instance-hours", "us-east-1",
                        ("db.t3.large", "mysql", "none", "multi_az", "on_demand"))
    assert rate.tiers[0].rate == Decimal("0.272") and rate.verified is True


# --- RDS card rates: the engine-independent rows, equal in the three feeds ---------------

# (key, region) → the feed's figure (magnetic I/O: per I/O × 1,000,000).
RDS_CARD = {
    ("gp3-storage", "eu-west-1"): "0.127",          # Single AZ General Purpose-GP3
    ("gp3-storage-multi-az", "eu-west-1"): "0.254",
    ("gp3-iops", "eu-west-1"): "0.022",             # Provisioned GP3 IOPS Single AZ
    ("gp3-iops-multi-az", "eu-west-1"): "0.044",
    ("extended-support-yr1-2", "eu-west-1"): "0.112",   # MySQL 5.7 = PostgreSQL 11
    ("extended-support-yr3", "eu-west-1"): "0.224",
    ("gp2-storage", "ap-southeast-2"): "0.138",
    ("gp3-storage-multi-az", "ap-southeast-2"): "0.276",
    ("gp3-iops-multi-az", "ap-southeast-2"): "0.048",
    ("extended-support-yr1-2", "ap-southeast-2"): "0.12",
    ("gp2-storage", "sa-east-1"): "0.219",
    ("gp2-storage-multi-az", "sa-east-1"): "0.437",
    ("gp3-storage-multi-az", "sa-east-1"): "0.438",
    ("gp3-iops", "sa-east-1"): "0.038",
    ("io1-storage", "sa-east-1"): "0.238",
    ("io1-iops", "sa-east-1"): "0.14",
    ("magnetic-storage", "sa-east-1"): "0.19",
    ("magnetic-io", "sa-east-1"): "0.14",           # $0.0000001400 per I/O
    ("backup-storage", "sa-east-1"): "0.095",       # Storage Snapshot
    ("extended-support-yr3", "sa-east-1"): "0.419",
}


@pytest.mark.parametrize("case", sorted(RDS_CARD), ids="-".join)
def test_rds_card_rates_are_the_feeds(case: tuple[str, str]) -> None:
    key, region = case
    rate = SHIPPED.rate("rds", key, region)
    assert rate.tiers[0].rate == Decimal(RDS_CARD[case])
    assert rate.verified is False and "yeo/ec2.shop data/rds/ @ 44337592b" in rate.note


def test_the_card_keeps_its_earlier_entries() -> None:
    # eu-west-1 gp2 stays the 2018 ligoj row (the same figure as the 2024 feed)
    rate = SHIPPED.rate("rds", "gp2-storage", "eu-west-1")
    assert rate.tiers[0].rate == Decimal("0.127") and "ligoj" in rate.note
    assert SHIPPED.rate("rds", "gp3-storage", "us-east-1").verified is True


# --- Redshift: feed published 2025-03-19 -----------------------------------------------------

REDSHIFT_NODES = {
    ("eu-west-1", "ra3.4xlarge"): "3.606",
    ("eu-west-1", "dc2.large"): "0.3",
    ("ap-southeast-2", "ra3.4xlarge"): "3.909",
    ("ap-southeast-2", "ra3.16xlarge"): "15.636",
    ("sa-east-1", "ra3.4xlarge"): "5.195",
    ("sa-east-1", "ra3.xlplus"): "1.731",
    ("af-south-1", "dc2.8xlarge"): "6.664",
}
REDSHIFT_SERVERLESS = {"eu-west-1": "0.387", "ap-southeast-2": "0.419", "sa-east-1": "0.5976"}


@pytest.mark.parametrize("case", sorted(REDSHIFT_NODES), ids="-".join)
def test_redshift_node_rates_are_the_feed(case: tuple[str, str]) -> None:
    region, node_type = case
    rate = SHIPPED.rate("redshift", "node-hours", region, (node_type, "on_demand"))
    assert rate.tiers[0].rate == Decimal(REDSHIFT_NODES[case])
    assert rate.verified is False and rate.source == EC2SHOP_REDSHIFT


@pytest.mark.parametrize("region", sorted(REDSHIFT_SERVERLESS))
def test_redshift_serverless_rates_are_the_feed(region: str) -> None:
    rate = SHIPPED.rate("redshift", "serverless-rpu-hours", region)
    assert rate.tiers[0].rate == Decimal(REDSHIFT_SERVERLESS[region])
    assert rate.verified is False and "data/redshift/redshift.json @ 951cd0d42" in rate.note


@pytest.mark.parametrize(("key", "region", "dims"), [
    # concurrency scaling, storage, backup and Spectrum ship from a later copy of the feed
    # (tests/test_pricewatcher_redshift.py); ds2 has no node-hour rate to bill it at
    ("concurrency-scaling-hours", "eu-west-1", ("ds2.8xlarge",)),
    # no reserved row
    ("node-hours", "eu-west-1", ("ra3.4xlarge", "reserved:1yr:no_upfront")),
])
def test_redshift_rates_the_feed_does_not_give_stay_missing(key: str, region: str,
                                                            dims: tuple | None) -> None:
    with pytest.raises(PricingError):
        SHIPPED.rate("redshift", key, region, dims)


# --- orders-db by hand in the check regions -----------------------------------------------

# orders-db: a Multi-AZ db.t3.large MySQL (730 h) + 2 Single-AZ replicas (2 × 730 h), gp3
# 500 GB with 15,000 IOPS (3,000 above the 12,000 included from 400 GB) on the primary
# (Multi-AZ rates) and each replica (Single-AZ rates), 1,800 GB of backups of which 1,600 GB
# (500 + 2 × 500 + 100) are free, MySQL 5.7 Extended Support year 1 on 2 vCPUs × (2 + 2)
# instances × 730 h = 5,840 vCPU-hours; reporting-db: 200 h Single-AZ + 100 GB gp2.
ORDERS_DB = {
    # 730 × 0.288 + 1,460 × 0.144 + 500 × 0.254 + 3,000 × 0.044 + 1,000 × 0.127
    # + 6,000 × 0.022 + 200 × 0.095 + 5,840 × 0.112 + 200 × 0.144 + 100 × 0.127
    # = 210.24 + 210.24 + 127 + 132 + 127 + 132 + 19 + 654.08 + 28.80 + 12.70
    "eu-west-1": "1653.06",
    # 730 × 0.416 + 1,460 × 0.208 + 500 × 0.276 + 3,000 × 0.048 + 1,000 × 0.138
    # + 6,000 × 0.024 + 200 × 0.095 + 5,840 × 0.12 + 200 × 0.208 + 100 × 0.138
    # = 303.68 + 303.68 + 138 + 144 + 138 + 144 + 19 + 700.80 + 41.60 + 13.80
    "ap-southeast-2": "1946.56",
    # 730 × 0.56 + 1,460 × 0.28 + 500 × 0.438 + 3,000 × 0.076 + 1,000 × 0.219
    # + 6,000 × 0.038 + 200 × 0.095 + 5,840 × 0.21 + 200 × 0.28 + 100 × 0.219
    # = 408.80 + 408.80 + 219 + 228 + 219 + 228 + 19 + 1,226.40 + 56 + 21.90
    "sa-east-1": "3034.90",
}


@pytest.mark.parametrize("region", sorted(ORDERS_DB))
def test_orders_db_by_hand(cli, region: str) -> None:
    result = cli("estimate", str(REPO / "examples" / "orders-db.yaml"), "--region", region,
                 "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert Decimal(str(data["totals"]["monthly"])) == Decimal(ORDERS_DB[region])


def test_a_redshift_serverless_workgroup_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    # 8 RPUs × 100 h = 800 RPU-hours × $0.5976 = $478.08
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: t\nregion: sa-east-1\nresources:\n  w:\n    service: redshift\n"
                    "    serverless: {base_rpus: 8, hours: 100 h}\n", encoding="utf-8")
    result = cli("estimate", str(spec), "--format", "json")
    assert result.code == 0, result.err
    assert Decimal(str(json.loads(result.out)["totals"]["monthly"])) == Decimal("478.08")


# --- the generators' rules ------------------------------------------------------------------

def _feed(regions: dict) -> dict:
    return {"manifest": {"hawkFilePublicationDate": "2024-09-28T00:07:42Z"}, "sets": {},
            "regions": regions}


def _instance(klass: str, price: str) -> dict:
    return {"price": price, "Instance Type": klass}


def test_rds_generator_reads_single_and_multi_az_only_and_skips_zero() -> None:
    tool = _tool("ec2shop_rds")
    feed = _feed({
        "EU (Ireland)": {
            "Database Instance MySQL No license required db t3.large General purpose "
            "Multi-AZ Current Generation": _instance("db.t3.large", "0.2880000000"),
            "Database Instance MySQL No license required db t3.large General purpose "
            "Multi-AZ readable standbys Current Generation": _instance("db.t3.large", "0.9"),
            "Database Instance MySQL No license required db t3.small General purpose "
            "Single-AZ Current Generation": _instance("db.t3.small", "0.0000000000"),
            "Database Instance MySQL No license required db m4.large General purpose "
            "Single-AZ Previous Generation": _instance("db.m4.large", "0.1960000000"),
        },
        "AWS GovCloud (US)": {
            "Database Instance MySQL No license required db t3.large General purpose "
            "Single-AZ Current Generation": _instance("db.t3.large", "0.17")},
    })
    assert sorted(tool.instance_rows("rds-mysql-ondemand", feed)) == [
        ("instance-hours", "eu-west-1", ("db.m4.large", "mysql", "none", "single_az",
                                         "on_demand"), Decimal("0.196")),
        ("instance-hours", "eu-west-1", ("db.t3.large", "mysql", "none", "multi_az",
                                         "on_demand"), Decimal("0.288")),
    ]


def test_rds_generator_refuses_a_row_of_another_engine() -> None:
    feed = _feed({"EU (Ireland)": {
        "Database Instance MariaDB No license required db t3.large General purpose "
        "Single-AZ Current Generation": _instance("db.t3.large", "0.144")}})
    with pytest.raises(ValueError, match="is not MySQL"):
        _tool("ec2shop_rds").instance_rows("rds-mysql-ondemand", feed)


def test_rds_card_rates_need_every_feed_to_agree() -> None:
    tool = _tool("ec2shop_rds")

    def feed(gp3: str, mysql57: str | None, postgres11: str | None) -> dict:
        entries = {"Database Storage Single AZ General Purpose-GP3": {"price": gp3},
                   "System Operation Magnetic": {"price": "0.0000001100"}}
        if mysql57:
            entries["MySQL Year 1 Year 2 5 7"] = {"price": mysql57}
        if postgres11:
            entries["PostgreSQL Year 1 Year 2 11"] = {"price": postgres11}
        return _feed({"EU (Ireland)": entries})

    rates = tool.card_rates({"rds-mysql-ondemand": feed("0.127", "0.112", None),
                             "rds-mariadb-ondemand": feed("0.127", None, None),
                             "rds-postgresql-ondemand": feed("0.128", None, "0.112")})
    assert rates["gp3-storage"] == {}                      # 0.127 / 0.127 / 0.128
    assert rates["magnetic-io"] == {"eu-west-1": Decimal("0.11")}
    assert rates["extended-support-yr1-2"] == {"eu-west-1": Decimal("0.112")}
    assert rates["backup-storage"] == {}                   # in no feed
    rates = tool.card_rates({"rds-mysql-ondemand": feed("0.127", "0.112", None),
                             "rds-mariadb-ondemand": feed("0.127", None, None),
                             "rds-postgresql-ondemand": feed("0.127", None, "0.095")})
    assert rates["gp3-storage"] == {"eu-west-1": Decimal("0.127")}
    assert rates["extended-support-yr1-2"] == {}           # 5.7 and 11 differ


def test_redshift_generator_reads_named_node_rows_only() -> None:
    tool = _tool("ec2shop_redshift")
    feed = _feed({"EU (Ireland)": {
        "ra3 4xlarge OnDemand Compute Instance Current Generation": {
            "price": "3.6060000000", "Instance Type": "ra3.4xlarge"},
        "ra3 4xlarge Redshift Concurrency Scaling Current Generation RA3": {
            "price": "0.0010000000", "Instance Type": "ra3.4xlarge"},
        "4fVSDG40u19Wy3eouObU9htAHTPVe6SAqXE6lsbnKsA": {
            "price": "0.0240000000", "Instance Type": "ra3.4xlarge"},
        "Redshift Serverless compute charges per RPU-Hr": {"price": "0.3870000000"}}})
    assert tool.node_rows(feed) == [("node-hours", "eu-west-1", ("ra3.4xlarge", "on_demand"),
                                     Decimal("3.606"))]
    assert tool.serverless_rates(feed) == {"eu-west-1": Decimal("0.387")}


CARD = """\
service: rds
rates:
  gp3-storage:
    description: d
    regions:
      us-east-1: {rate: "0.115"}
      eu-west-1:
        rate: "0.127"
        note: hand
  backup-storage:
    description: d
    # a comment
    regions:
      us-east-1: {rate: "0.095"}
"""


def test_card_writer_keeps_hand_entries_and_replaces_its_own(tmp_path: Path) -> None:
    pricefeed = _tool("pricefeed")
    card = tmp_path / "rds.yaml"
    card.write_text(CARD, encoding="utf-8")

    def lines(rate: str) -> dict:
        return {key: {region: pricefeed.entry_line(region, Decimal(rate), "u", "n", "gen")
                      for region in ("eu-west-1", "sa-east-1")}
                for key in ("gp3-storage", "backup-storage")}

    skipped = pricefeed.write_card_entries(card, lines("0.2"), "gen")
    assert skipped == ["gp3-storage eu-west-1"]
    skipped = pricefeed.write_card_entries(card, lines("0.3"), "gen")   # a re-run
    import yaml

    rates = yaml.safe_load(card.read_text(encoding="utf-8"))["rates"]
    assert rates["gp3-storage"]["regions"]["eu-west-1"] == {"rate": "0.127", "note": "hand"}
    assert rates["gp3-storage"]["regions"]["sa-east-1"]["rate"] == "0.3"
    assert rates["backup-storage"]["regions"]["eu-west-1"]["rate"] == "0.3"
    assert card.read_text(encoding="utf-8").count("# gen") == 3
    with pytest.raises(ValueError, match="no rate key io2-storage"):
        pricefeed.write_card_entries(card, {"io2-storage": {}}, "gen")


# --- DynamoDB provisioned capacity: awslabs/amazon-dynamodb-tools@b3ef85a5 (3P) -------------

# (key, region) → $ per unit-hour as archived/reco/src/ddb_rc_reco/config.py prints it
# ('rcu' / 'wcu' / 'rwcu' of DUB, SYD, GRU, FRA).
DYNAMODB = {
    ("read-capacity-unit-hours", "eu-west-1"): "0.000147",
    ("write-capacity-unit-hours", "eu-west-1"): "0.000735",
    ("replicated-write-capacity-unit-hours", "eu-west-1"): "0.000735",
    ("read-capacity-unit-hours", "ap-southeast-2"): "0.000148",
    ("write-capacity-unit-hours", "ap-southeast-2"): "0.00074",
    ("read-capacity-unit-hours", "sa-east-1"): "0.000195",
    ("write-capacity-unit-hours", "sa-east-1"): "0.000975",
    ("replicated-write-capacity-unit-hours", "eu-central-1"): "0.000793",
}


@pytest.mark.parametrize("case", sorted(DYNAMODB), ids="-".join)
def test_dynamodb_provisioned_rates_are_the_table(case: tuple[str, str]) -> None:
    key, region = case
    rate = SHIPPED.rate("dynamodb", key, region)
    assert rate.tiers[0].rate == Decimal(DYNAMODB[case])
    assert rate.verified is False and "awslabs/amazon-dynamodb-tools" in rate.note


@pytest.mark.parametrize(("key", "region"), [
    # ap-east-1's rwcu was not rewritten after the 2024-11 global-tables cut: not taken
    ("replicated-write-capacity-unit-hours", "ap-east-1"),
    # beyond the 21 target regions no source gives on-demand or storage rates
    ("read-request-units", "eu-central-2"),
    ("storage", "eu-central-2"),
])
def test_dynamodb_rates_the_table_does_not_give_stay_missing(key: str, region: str) -> None:
    with pytest.raises(PricingError):
        SHIPPED.rate("dynamodb", key, region)


def test_the_dynamodb_golden_rates_keep_their_verified_entries() -> None:
    rate = SHIPPED.rate("dynamodb", "write-capacity-unit-hours", "us-east-2")
    assert rate.tiers[0].rate == Decimal("0.00065") and rate.verified is True


def test_a_provisioned_table_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    # 100 RCU × 730 h = 73,000 RCU-hours × $0.000195 = $14.235; 50 WCU × 730 h = 36,500
    # WCU-hours × $0.000975 = $35.5875 (free tier off); each line item in cents ($14.24 +
    # $35.59) → $49.83
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: t\nregion: sa-east-1\nfree_tier: false\nresources:\n  t:\n"
                    "    service: dynamodb\n    capacity: provisioned\n"
                    "    provisioned: {rcu: 100, wcu: 50, hours: 730 h}\n", encoding="utf-8")
    result = cli("estimate", str(spec), "--format", "json")
    assert result.code == 0, result.err
    assert Decimal(str(json.loads(result.out)["totals"]["monthly"])) == Decimal("49.83")


def test_awslabs_importer_skips_stale_and_missing_figures() -> None:
    source = """
pricing = {"DUB": {"wcu": 0.000735, "rcu": 0.000147, "rwcu": 0.000735},
           "HKG": {"wcu": 0.000814, "rcu": 0.0001628, "rwcu": 0.00105735},
           "BOM": {"wcu": 0.00074, "rcu": 0, "rwcu": None},
           "PDT": {"wcu": 0.00078, "rcu": 0.000156, "rwcu": 0.00078}}
footer = "text"
descriptions = {
    "DUB": {"en_us": {"region": {"code": "eu-west-1", "short_name": "Ireland"}}},
    "HKG": {"en_us": {"region": {"code": "ap-east-1", "short_name": "Hong Kong"}}},
    "BOM": {"en_us": {"region": {"code": "ap-south-1", "short_name": "Mumbai"}}},
    "PDT": {"en_us": {"region": {"code": "us-gov-west-1", "short_name": "GovCloud West"}}},
    "banner": {"en_us": {"report_footer": {"text": footer}}},
}
"""
    rates = _tool("awslabs_dynamodb").parse(source)
    assert rates == {
        "write-capacity-unit-hours": {"eu-west-1": Decimal("0.000735"),
                                      "ap-east-1": Decimal("0.000814"),
                                      "ap-south-1": Decimal("0.00074")},
        "read-capacity-unit-hours": {"eu-west-1": Decimal("0.000147"),
                                     "ap-east-1": Decimal("0.0001628")},
        "replicated-write-capacity-unit-hours": {"eu-west-1": Decimal("0.000735")},
    }


@pytest.mark.parametrize(("region", "version", "year", "cost"), [
    # feed rows 'Any Year 1 Year 2 8 0' (eu-west-1 $0.095, sa-east-1 $0.178) and
    # 'Any Year 3 13' (ap-southeast-2 $0.204); db.t3.large: 2 vCPUs × 730 h = 1,460
    ("eu-west-1", "8.0", 1, 138.70),
    ("sa-east-1", "8.0", 2, 259.88),
    ("ap-southeast-2", "14", 3, 297.84),
])
def test_extended_support_of_newer_versions_in_the_check_regions(
        cli, tmp_path: Path, region: str, version: str, year: int, cost: float) -> None:
    engine = "mysql" if version == "8.0" else "postgresql"
    data = regional.estimate(cli, regional.spec(tmp_path, region, (
        f"  db: {{service: rds, engine: {engine}, instance_class: db.t3.large, "
        f"storage: {{type: gp2, size: 20 GB}}, extended_support: "
        f"{{engine_version: '{version}', year: {year}}}}}\n")))
    found = [i for i in data["line_items"] if i["usage_key"].startswith("extended-support")]
    assert [(i["usage_key"].startswith("extended-support-newer"), i["cost"])
            for i in found] == [(True, cost)]
