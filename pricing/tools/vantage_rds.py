"""Convert vantage-sh/ec2instances.info's RDS price table into RDS and Aurora catalog sources.

Source: ``www/rds/instances.json`` in github.com/vantage-sh/ec2instances.info (MIT), written
by the project's ``rds.py`` from the AWS Price List (offer ``AmazonRDS``,
``productFamily`` Database Instance). ``rds.py`` keeps **Single-AZ rows only** ("skip
multi-az") and records, per instance class and region,
``pricing[region][engineCode] = {"ondemand": $/h}`` (and the same under the engine's
name, which mixes editions and licence models: not used). Trust label 3P-PL
(``../shared/pricing-facts-wave2.md``): every row ships ``verified: false`` under one
source naming the repository, commit, path and the commit's date.

Engine codes are read only where the code is pinned down by a verified figure: each one
below reproduces, in us-east-1, the rate Infracost's Price List goldens give for the same
class (db_instance_test 2026-05-03: db.t3.large MySQL / MariaDB 0.136, PostgreSQL 0.145,
Oracle SE2 LI 0.300, SQL Server Web 0.232, Express 0.162; db.m5.xlarge SQL Server SE
1.224, EE 2.336; rds_cluster_instance_test: Aurora MySQL db.r4.large 0.29, db.t3.medium
0.082, db.t3.large 0.164) — a code without such a check (Oracle BYOL, SE1, EE LI, Outposts,
RDS Custom) is not read. Aurora PostgreSQL (code 21) is the code ``rds.py`` stores beside
"Aurora PostgreSQL" (the codes' counts pair one to one); no golden checks it.

- Only On-Demand (the stored versions have no reserved prices); Multi-AZ is never derived
  (AWS prices it as its own row; awscalc never computes it as 2 × Single-AZ).
- Aurora rows predate Aurora I/O-Optimized (2023): they are the Standard configuration.
- A 0 / missing value is a missing rate, never free. Only awscalc's 21 regions.
- A row a newer generated source has is skipped (the newer figure wins):
  ``pricing/sources/rds-ec2shop.yaml`` (AWS's 2024 pricing-page feeds, ``ec2shop_rds.py``)
  and ``aurora-pricewatcher.yaml`` (AWS's 2025 Aurora feeds, ``pricewatcher_aurora.py``).
- A row the hand-entered sources (``pricing/sources/rds.yaml`` / ``aurora.yaml``) have is
  skipped; a hand row whose figure differs from this table's is reported (the hand row, a
  verified golden, is kept: a later price change is not an error).

Usage (the JSON is not committed; fetch it at the commit you cite)::

    git show <commit>:www/rds/instances.json > /tmp/rds-instances.json
    python pricing/tools/vantage_rds.py /tmp/rds-instances.json --commit <commit> \\
        --date <commit date>
    python pricing/tools/build_catalog.py pricing/aws/rds.sqlite pricing/sources/rds.yaml \\
        pricing/sources/rds-ec2shop.yaml pricing/sources/rds-vantage.yaml
    python pricing/tools/build_catalog.py pricing/aws/aurora.sqlite \\
        pricing/sources/aurora.yaml pricing/sources/aurora-pricewatcher.yaml \\
        pricing/sources/aurora-vantage.yaml
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed

from awscalc.catalog import scraped_price
from awscalc.priceupdate.mappings import TARGET_REGIONS

REPOSITORY = "https://github.com/vantage-sh/ec2instances.info"
JSON_PATH = "www/rds/instances.json"
REGIONS = TARGET_REGIONS
# engineCode → (engine, licence) of the rds catalog
RDS_CODES = {
    "2": ("mysql", "none"), "14": ("postgresql", "none"), "18": ("mariadb", "none"),
    "20": ("oracle_se2", "included"), "10": ("sqlserver_ex", "included"),
    "11": ("sqlserver_web", "included"), "12": ("sqlserver_se", "included"),
    "15": ("sqlserver_ee", "included"),
}
# engineCode → engine of the aurora catalog
AURORA_CODES = {"16": "mysql", "21": "postgresql"}
_CLASS = re.compile(r"db\.[a-z0-9-]+(?:\.[a-z0-9]+)+")

Row = tuple[str, str, tuple[str, ...], Decimal]


def parse(data: object) -> tuple[list[Row], list[Row]]:
    """The (rds rows, aurora rows) of the table: (key, region, dimensions, $/h)."""
    if not isinstance(data, list):
        raise ValueError("expected a JSON list of instance classes")
    rds: list[Row] = []
    aurora: list[Row] = []
    seen: set[str] = set()
    for item in data:
        name = item.get("instance_type")
        if not isinstance(name, str) or not _CLASS.fullmatch(name):
            raise ValueError(f"unexpected instance class {name!r}")
        if name in seen:
            raise ValueError(f"{name}: listed twice")
        seen.add(name)
        for region in REGIONS:
            prices = item.get("pricing", {}).get(region, {})
            for code, (engine, licence) in RDS_CODES.items():
                price = scraped_price((prices.get(code) or {}).get("ondemand"),
                               f"{name} {region} engine code {code}")
                if price is not None:
                    rds.append(("instance-hours", region,
                                (name, engine, licence, "single_az", "on_demand"), price))
            for code, engine in AURORA_CODES.items():
                price = scraped_price((prices.get(code) or {}).get("ondemand"),
                               f"{name} {region} engine code {code}")
                if price is not None:
                    aurora.append(("instance-hours", region,
                                   (name, engine, "standard", "on_demand"), price))
    return rds, aurora


def without_hand_rows(rows: list[Row], hand_path: Path,
                      newer: tuple[Path, ...] = ()) -> tuple[list[Row], list[str]]:
    """``rows`` less those the hand-entered source has, and a line per differing figure.

    A row a ``newer`` generated source has (``rds-ec2shop.yaml``: AWS's 2024 feeds) is
    dropped silently: the newer figure wins over this 2021 table."""
    return pricefeed.without_hand_rows(rows, hand_path, newer, label="the table")


def render(service: str, title: str, dimensions: tuple[str, ...], rows: list[Row],
           commit: str, date: str) -> str:
    """The catalog source YAML of ``rows`` (one source, every row verified: false)."""
    url = f"{REPOSITORY}/blob/{commit}/{JSON_PATH}"
    lines = [
        "# GENERATED by pricing/tools/vantage_rds.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}),",
        f"# {JSON_PATH} (MIT): Single-AZ On-Demand DB instance rows of the AWS Price",
        "# List (AmazonRDS) — label 3P-PL, so every row ships verified: false; 21 regions;",
        "# rows the hand-entered source has (Infracost goldens) are left out.",
        f"service: {service}",
        f"title: {title}",
        "sources:",
        f"  - source: {url}",
        f'    retrieved: "{date}"',
        "    verified: false",
        f'    note: "AWS Price List (AmazonRDS, Single-AZ On-Demand) as scraped into {JSON_PATH} '
        f'of vantage-sh/ec2instances.info @ {commit[:8]} (commit of {date}; MIT; label '
        '3P-PL); prices of that date, not re-checked against the current AWS page"',
        "keys:",
        "  - {key: instance-hours, description: DB instance hours, unit: instance-hour,",
        f"     dimensions: [{', '.join(dimensions)}]}}",
        "rates:" if rows else "rates: []   # every row yields to a newer source",
    ]
    for key, region, dims, price in sorted(rows, key=lambda r: (r[1], r[2])):
        lines.append(f'  - [{key}, {region}, [{", ".join(dims)}], "{format(price, "f")}", 0]')
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write both catalog sources; print how many rows each holds and any differing row."""
    sources = Path(__file__).resolve().parents[1] / "sources"
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("json_file", type=Path)
    pricefeed.provenance_arguments(parser)
    parser.add_argument("--sources", type=Path, default=sources,
                        help="directory of rds.yaml / aurora.yaml, and of the output")
    args = pricefeed.parse_provenance(parser, argv)
    rds, aurora = parse(json.loads(args.json_file.read_text(encoding="utf-8")))
    for service, title, dimensions, rows in (
            ("rds", "Amazon RDS",
             ("instance_class", "engine", "license", "deployment", "purchase_option"), rds),
            ("aurora", "Amazon Aurora",
             ("instance_class", "engine", "storage_configuration", "purchase_option"), aurora)):
        newer = (args.sources / f"{service}-ec2shop.yaml",
                 args.sources / f"{service}-pricewatcher.yaml")
        kept, differing = without_hand_rows(rows, args.sources / f"{service}.yaml", newer)
        output = args.sources / f"{service}-vantage.yaml"
        output.write_text(render(service, title, dimensions, kept, args.commit, args.date),
                          encoding="utf-8")
        print(f"{output}: {len(kept)} rows")
        for line in differing:
            print(f"  differs: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
