"""Aurora instance hours, storage, I/O, backup, Backtrack, snapshot export and Serverless v2
outside us-east-1 from AWS's Aurora pricing-page feeds as committed in
iann0036/aws-price-watcher (raw/rds-aurora-ondemand.json and raw/rds-aurora-storage.json
@ d65c44f0c, published 2025-05-23; MIT; 3P-PL, unverified), written by
pricing/tools/pricewatcher_aurora.py.

The figures are typed from the feeds by hand, the estimates are computed by hand, and the
generator's rules (set membership, the engines' rows agreeing, the mapping check against
the verified us-east-1 figures) are tested on small feeds."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from awscalc.catalog import write_catalog
from awscalc.errors import PricingError
from awscalc.ratecards import RateBook

from .catalog_checks import catalog_rows
from .conftest import REPO, SHIPPED_PRICING, load_tool
from .pricewatcher import COMMIT, mirrored, needs_mirror, pricing_root

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")
PG_R6G = ("db.r6g.large", "postgresql", "standard", "on_demand")
MYSQL_R4 = ("db.r4.large", "mysql", "standard", "on_demand")

# region → $/h of 'Database Instance Aurora PostgreSQL No license required db r6g.large
# Memory optimized Single-AZ Current Generation' and of '… Aurora MySQL … db r4.large …
# Previous Generation', read off the on-demand feed by hand
INSTANCES = {
    "eu-west-1": ("0.286", "0.32"),
    "ap-southeast-2": ("0.313", "0.35"),
    "sa-east-1": ("0.537", "0.6"),
}
# region → card key → rate, read off the storage feed by hand (per I/O and per
# change-record-hour × 1,000,000); None: the feed has no such row there
CARD = {
    "eu-west-1": {"storage": "0.11", "io-requests": "0.22", "backup-storage": "0.021",
                  "backtrack": "0.013", "snapshot-export": "0.011", "serverless-v2": "0.14"},
    "ap-southeast-2": {"storage": "0.11", "io-requests": "0.22", "backup-storage": "0.023",
                       "backtrack": "0.013", "snapshot-export": "0.013",
                       "serverless-v2": "0.2"},
    "sa-east-1": {"storage": "0.19", "io-requests": "0.28", "backup-storage": "0.037",
                  "backtrack": None, "snapshot-export": "0.015", "serverless-v2": "0.25"},
}
# entries the card had before the feed (Infracost's sa-east-1 golden, ligoj's 2018 rows)
HAND = {("eu-west-1", "storage"), ("eu-west-1", "io-requests"), ("eu-west-1", "backtrack"),
        ("sa-east-1", "storage"), ("sa-east-1", "io-requests"),
        ("sa-east-1", "backup-storage"), ("sa-east-1", "snapshot-export")}


@pytest.mark.parametrize("region", sorted(INSTANCES))
def test_the_shipped_instance_rates_are_the_feeds(region: str) -> None:
    for dims, figure in zip((PG_R6G, MYSQL_R4), INSTANCES[region], strict=True):
        rate = SHIPPED.rate("aurora", "instance-hours", region, dims)
        assert rate.tiers[0].rate == Decimal(figure) and rate.verified is False
        assert "raw/rds-aurora-ondemand.json @ d65c44f0c" in rate.note


def test_a_row_only_a_hash_keys_is_read_through_its_set() -> None:
    # 'gquyELBj…' / 'H3vdYTGI… V1' (db.r8g.large) in EU (Ireland): $0.304, the second in
    # the set 'Database Instance Aurora PostgreSQL No license required Memory optimized
    # Single-AZ Current Generation'; no descriptive key names it
    rate = SHIPPED.rate("aurora", "instance-hours", "eu-west-1",
                        ("db.r8g.large", "postgresql", "standard", "on_demand"))
    assert rate.tiers[0].rate == Decimal("0.304")


@pytest.mark.parametrize("region", sorted(CARD))
def test_the_shipped_card_rates_are_the_feeds(region: str) -> None:
    for key, figure in CARD[region].items():
        if figure is None:
            with pytest.raises(PricingError):
                SHIPPED.rate("aurora", key, region)
            continue
        rate = SHIPPED.rate("aurora", key, region)
        assert rate.tiers[0].rate == Decimal(figure), key
        if (region, key) not in HAND:
            assert rate.verified is False
            assert "raw/rds-aurora-storage.json @ d65c44f0c" in rate.note


def test_us_east_1_keeps_the_verified_figures() -> None:
    rate = SHIPPED.rate("aurora", "instance-hours", "us-east-1", MYSQL_R4)
    assert rate.tiers[0].rate == Decimal("0.29") and rate.verified is not False
    for key, figure in (("storage", "0.10"), ("backup-storage", "0.021"),
                        ("serverless-v2", "0.12")):
        rate = SHIPPED.rate("aurora", key, "us-east-1")
        assert rate.tiers[0].rate == Decimal(figure) and rate.verified is not False


@pytest.mark.parametrize(("key", "dims"), [
    ("instance-hours", ("db.r6g.large", "postgresql", "io_optimized", "on_demand")),
    ("storage-io-optimized", None),
    ("serverless-v2-io-optimized", None),
])
def test_io_optimized_stays_missing(key: str, dims: tuple[str, ...] | None) -> None:
    with pytest.raises(PricingError):
        SHIPPED.rate("aurora", key, "eu-west-1", dims)


# aurora-cluster: orders-aurora 2 × 730 h db.r6g.large PostgreSQL, 2,048 GB, 1,500 M I/Os,
# 452 GB backup beyond the volume, 1,024 GB exported; events-aurora 4 ACU × 730 h, 200 GB,
# 80 M I/Os, 2 M/h × 24 h × 730 h = 35,040 M change-record-hours. Each line is rounded to
# the cent.
AURORA_CLUSTER = {
    # 1,460 × 0.286 + 2,048 × 0.11 + 1,500 × 0.22 + 452 × 0.021 + 1,024 × 0.011
    # = 417.56 + 225.28 + 330.00 + 9.49 + 11.26 = 993.59;
    # 2,920 × 0.14 + 200 × 0.11 + 80 × 0.22 + 35,040 × 0.013 = 408.80 + 22.00 + 17.60 +
    # 455.52 = 903.92
    "eu-west-1": "1897.51",
    # 1,460 × 0.313 + 2,048 × 0.11 + 1,500 × 0.22 + 452 × 0.023 + 1,024 × 0.013
    # = 456.98 + 225.28 + 330.00 + 10.40 + 13.31 = 1,035.97;
    # 2,920 × 0.20 + 22.00 + 17.60 + 35,040 × 0.013 = 584.00 + 22.00 + 17.60 + 455.52
    # = 1,079.12
    "ap-southeast-2": "2115.09",
}


@pytest.mark.parametrize("region", sorted(AURORA_CLUSTER))
def test_aurora_cluster_by_hand(cli, region: str) -> None:
    result = cli("estimate", str(REPO / "examples" / "aurora-cluster.yaml"), "--region",
                 region, "--format", "json")
    assert result.code == 0, result.err
    assert Decimal(str(json.loads(result.out)["totals"]["monthly"])) == Decimal(
        AURORA_CLUSTER[region])


def test_aurora_cluster_in_sa_east_1_stops_on_backtrack(cli) -> None:
    # the feed has no 'System Operation Aurora Backtrack' row for South America (Sao Paulo),
    # where AWS does not offer Backtrack: a spec error (exit 3) at the backtrack key
    result = cli("estimate", str(REPO / "examples" / "aurora-cluster.yaml"), "--region",
                 "sa-east-1", "--format", "json")
    assert result.code == 3
    (line,) = result.err.splitlines()
    assert "aurora-cluster.yaml:" in line
    assert "backtrack: Backtrack is not offered in sa-east-1" in line


# saas-backend's tenant-data: 2 × 730 h db.r6g.large PostgreSQL, 500 GB, 400 M I/Os,
# 300 GB backup beyond the volume
TENANT_DATA = {
    "eu-west-1": "566.86",        # 417.56 + 55.00 + 88.00 + 300 × 0.021 = 6.30
    "ap-southeast-2": "606.88",   # 456.98 + 55.00 + 88.00 + 300 × 0.023 = 6.90
    "sa-east-1": "1002.12",       # 784.02 + 500 × 0.19 + 400 × 0.28 + 300 × 0.037
}


@pytest.mark.parametrize("region", sorted(TENANT_DATA))
def test_saas_backend_aurora_by_hand(cli, region: str) -> None:
    result = cli("estimate", str(REPO / "examples" / "saas-backend.yaml"), "--region",
                 region, "--format", "json")
    assert result.code == 0, result.err
    (tenant,) = [r for r in json.loads(result.out)["resources"] if r["name"] == "tenant-data"]
    assert Decimal(str(tenant["monthly"])) == Decimal(TENANT_DATA[region])


def test_the_catalog_is_its_sources(tmp_path: Path) -> None:
    # (the frozen Aurora catalog of the logic tests has its own source,
    # tests/data/frozen-sources/aurora.yaml, so catalog_checks' frozen half does not apply)
    sources = REPO / "pricing" / "sources"
    shipped = tmp_path / "shipped.sqlite"
    write_catalog(shipped, **load_tool("build_catalog").merged(
        [sources / "aurora.yaml", sources / "aurora-pricewatcher.yaml",
         sources / "aurora-vantage.yaml"]))
    assert catalog_rows(shipped) == catalog_rows(SHIPPED_PRICING / "aurora.sqlite")


# --- the generator's rules -------------------------------------------------------------

@pytest.fixture(scope="module")
def generator():
    """pricing/tools/pricewatcher_aurora.py as a module."""
    return load_tool("pricewatcher_aurora")


MYSQL_OLD = ("Database Instance Aurora MySQL No license required Memory optimized Single-AZ "
             "Previous Generation")
MYSQL_T = ("Database Instance Aurora MySQL No license required General purpose Single-AZ "
           "Current Generation")
MYSQL_IO = ("Database Instance Aurora MySQL No license required Aurora IO Optimization Mode "
            "Memory optimized Single-AZ Previous Generation")


def _entry(code: str, price: str, klass: str) -> dict:
    return {"rateCode": f"{code}.JRTCKXETXF.6YS6EN2CT7", "price": price,
            "RegionlessRateCode": code, "Instance Type": klass}


def _instances(r4: str = "0.2900000000") -> dict:
    virginia = {"a V1": _entry("A", r4, "db.r4.large"),
                "b V1": _entry("B", "0.0820000000", "db.t3.medium"),
                "c V1": _entry("C", "0.1640000000", "db.t3.large"),
                "d V1": _entry("D", "0.3770000000", "db.r4.large")}
    ireland = {"e V1": _entry("E", "0.3200000000", "db.r4.large"),
               "Database Instance Aurora MySQL No license required db r4.large Memory "
               "optimized Single-AZ Previous Generation": _entry("E", "0.3200000000",
                                                                 "db.r4.large"),
               "f V1": _entry("F", "0.0000000000", "db.t3.medium"),
               "g V1": _entry("G", "0.4160000000", "db.r4.large")}
    return {"manifest": {"hawkFilePublicationDate": "2025-05-23T18:02:35Z"},
            "sets": {MYSQL_OLD: ["a V1", "e V1"], MYSQL_T: ["b V1", "c V1", "f V1"],
                     MYSQL_IO: ["d V1", "g V1"]},
            "regions": {"US East (N. Virginia)": virginia, "EU (Ireland)": ireland}}


def _storage(storage: str = "0.1000000000") -> dict:
    def rows(prices: dict[str, str]) -> dict:
        return {name: {"rateCode": "X.JRTCKXETXF.6YS6EN2CT7", "price": price,
                       "RegionlessRateCode": "x"} for name, price in prices.items()}
    virginia = {
        "Database Storage DB Engine Aurora PostgreSQL General Purpose Aurora": storage,
        "System Operation Aurora I O Operation": "0.0000002000",
        "Storage Snapshot Aurora MySQL": "0.0210000000",
        "Storage Snapshot Aurora PostgreSQL": "0.0210000000",
        "System Operation Aurora Backtrack": "0.0000000120",
        "RDS Snapshot Export Aurora MySQL": "0.0100000000",
        "RDS Snapshot Export Aurora PostgreSQL": "0.0100000000",
        "Aurora MySQL ServerlessV2": "0.1200000000",
        "Aurora PostgreSQL ServerlessV2": "0.1200000000",
    }
    ireland = {
        "Storage Snapshot Aurora MySQL": "0.0210000000",
        "Storage Snapshot Aurora PostgreSQL": "0.0220000000",   # engines disagree
        "RDS Snapshot Export Aurora MySQL": "0.0110000000",     # PostgreSQL's row absent
        "Aurora MySQL ServerlessV2": "0.1400000000",
        "Aurora PostgreSQL ServerlessV2": "0.1400000000",
    }
    return {"manifest": {"hawkFilePublicationDate": "2025-05-23T18:02:35Z"}, "sets": {},
            "regions": {"US East (N. Virginia)": rows(virginia), "EU (Ireland)": rows(ireland)}}


def _root(tmp_path: Path) -> Path:
    return pricing_root(tmp_path, ("aurora.yaml",), "aurora.yaml")


def _run(generator, tmp_path: Path, instances: dict, storage: dict) -> int:
    paths = []
    for name, feed in (("ondemand", instances), ("storage", storage)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(feed), encoding="utf-8")
        paths.append(str(path))
    return generator.main([*paths, "--commit", COMMIT, "--date", "2025-05-24",
                           "--root", str(_root(tmp_path))])


def test_the_generator_reads_standard_sets_and_agreeing_engines(generator,
                                                                tmp_path: Path) -> None:
    assert _run(generator, tmp_path, _instances(), _storage()) == 0
    source = (tmp_path / "pricing" / "sources" / "aurora-pricewatcher.yaml").read_text()
    rates = source.split("rates:")[1]
    assert rates.strip().splitlines() == [
        '- [instance-hours, eu-west-1, [db.r4.large, mysql, standard, on_demand], "0.32", 0]']
    card = yaml.safe_load((tmp_path / "pricing" / "aws" / "aurora.yaml").read_text())
    regions = {key: entry["regions"] for key, entry in card["rates"].items()}
    assert regions["serverless-v2"]["eu-west-1"]["rate"] == "0.14"
    assert regions["serverless-v2"]["eu-west-1"]["verified"] is False
    # the engines' backup rows disagree and only MySQL's export row is there: left out
    assert "eu-west-1" not in regions["backup-storage"]
    assert "eu-west-1" not in regions["snapshot-export"]
    # the card's own eu-west-1 entry stays, its figure and note unchanged
    assert "ligoj" in regions["storage"]["eu-west-1"]["note"]


@pytest.mark.parametrize(("instances", "storage"), [
    (_instances(r4="0.3000000000"), _storage()),
    (_instances(), _storage(storage="0.1100000000")),
], ids=["instance-hours", "storage"])
def test_a_feed_that_disagrees_with_us_east_1_writes_nothing(
        generator, tmp_path: Path, instances: dict, storage: dict,
        capsys: pytest.CaptureFixture) -> None:
    assert _run(generator, tmp_path, instances, storage) == 1
    assert "us-east-1" in capsys.readouterr().err
    assert not (tmp_path / "pricing" / "sources" / "aurora-pricewatcher.yaml").exists()
    assert (tmp_path / "pricing" / "aws" / "aurora.yaml").read_text() == (
        REPO / "pricing" / "aws" / "aurora.yaml").read_text()


def test_a_descriptive_key_naming_another_engine_stops_the_run(generator) -> None:
    feed = _instances()
    ireland = feed["regions"]["EU (Ireland)"]
    ireland["Database Instance Aurora PostgreSQL No license required db r4.large Memory "
            "optimized Single-AZ Previous Generation"] = _entry("E", "0.32", "db.r4.large")
    with pytest.raises(ValueError, match="disagrees with its set"):
        generator.instance_rows(feed)


def test_an_unknown_set_stops_the_run(generator) -> None:
    feed = _instances()
    feed["sets"]["Database Instance Aurora MySQL No license required Memory optimized "
                 "Multi-AZ Current Generation"] = []
    with pytest.raises(ValueError, match="unknown instance set"):
        generator.instance_rows(feed)


@needs_mirror
def test_a_rerun_on_the_cited_feeds_reproduces_the_shipped_files(generator,
                                                                tmp_path: Path) -> None:
    paths = []
    for name in ("rds-aurora-ondemand", "rds-aurora-storage"):
        path = tmp_path / f"{name}.json"
        path.write_bytes(mirrored(f"raw/{name}.json"))
        paths.append(str(path))
    root = _root(tmp_path)
    assert generator.main([*paths, "--commit", COMMIT, "--date", "2025-05-24",
                           "--root", str(root)]) == 0
    for path in ("sources/aurora-pricewatcher.yaml", "aws/aurora.yaml"):
        assert (root / path).read_text() == (REPO / "pricing" / path).read_text(), path
