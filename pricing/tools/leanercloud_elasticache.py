"""Convert LeanerCloud/ec2-instances-info's ElastiCache price table into a catalog source.

Source: ``data/elasticache-instances.json`` in github.com/LeanerCloud/ec2-instances-info
(Unlicense), a scrape of the AWS Price List (offer ``AmazonElastiCache``) committed by the
project's data-update job. Per node type it holds
``pricing[region][Engine] = {"ondemand": $/h, "reserved": {...}}`` for Redis, Memcached
and Valkey. Trust label 3P-PL (``../shared/pricing-facts-wave2.md``): every row ships
``verified: false`` under one source naming the repository, commit, path and the data's
date (the commit's date; the file carries no date of its own).

What is taken, and what is not:

- ``ondemand`` → ``node-hours`` ``on_demand``; a 0 / missing value is a missing rate,
  never free, and is skipped.
- ``reserved`` ``yrTerm1Standard.noUpfront`` / ``yrTerm3Standard.noUpfront`` → the
  ``reserved:<1yr|3yr>:no_upfront`` hourly rate (no upfront fee: the hourly rate is the
  whole price). Partial and All Upfront values are *effective* hourly figures (upfront
  amortised into the hour) that cannot be split into the fee and the hourly rate awscalc
  prices separately, so they are not used.
- Only the 21 regions awscalc ships rates for (``REGIONS``); GovCloud, Local Zones and
  newer regions are left out.
- A row the hand-entered source (``pricing/sources/elasticache.yaml``, Infracost goldens)
  already has is skipped: the verified figure wins. A hand row whose figure differs from
  this table's stops the script (one of the two would be wrong).

Usage (the JSON is not committed; fetch it at the commit you cite)::

    git show <commit>:data/elasticache-instances.json > /tmp/elasticache-instances.json
    python pricing/tools/leanercloud_elasticache.py /tmp/elasticache-instances.json \\
        --commit <commit> --date <commit date> \\
        [--output pricing/sources/elasticache-leanercloud.yaml]
    python pricing/tools/build_catalog.py pricing/aws/elasticache.sqlite \\
        pricing/sources/elasticache.yaml pricing/sources/elasticache-leanercloud.yaml
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

from awscalc.catalog import read_catalog_source, scraped_price
from awscalc.priceupdate.mappings import TARGET_REGIONS

REPOSITORY = "https://github.com/LeanerCloud/ec2-instances-info"
JSON_PATH = "data/elasticache-instances.json"
REGIONS = TARGET_REGIONS
ENGINES = {"Redis": "redis", "Memcached": "memcached", "Valkey": "valkey"}
RESERVED = {"yrTerm1Standard.noUpfront": "reserved:1yr:no_upfront",
            "yrTerm3Standard.noUpfront": "reserved:3yr:no_upfront"}
_NODE_TYPE = re.compile(r"cache\.[a-z0-9-]+\.[a-z0-9]+")

Row = tuple[str, str, tuple[str, str, str], Decimal]


def parse(data: object) -> list[Row]:
    """The node-hour rows of the table: (key, region, (node type, engine, option), $/h)."""
    if not isinstance(data, list):
        raise ValueError("expected a JSON list of node types")
    rows: list[Row] = []
    seen: set[tuple[str, str, tuple[str, str, str]]] = set()
    for item in data:
        node_type = item.get("instance_type")
        if not isinstance(node_type, str) or not _NODE_TYPE.fullmatch(node_type):
            raise ValueError(f"unexpected node type {node_type!r}")
        for region in REGIONS:
            for engine, prices in item.get("pricing", {}).get(region, {}).items():
                if engine not in ENGINES:
                    raise ValueError(f"{node_type} {region}: unknown engine {engine!r}")
                where = f"{node_type} {region} {engine}"
                options = [("on_demand", prices.get("ondemand"))]
                options += [(ours, (prices.get("reserved") or {}).get(theirs))
                            for theirs, ours in RESERVED.items()]
                for option, value in options:
                    price = scraped_price(value, f"{where} {option}")
                    if price is None:
                        continue
                    row = ("node-hours", region, (node_type, ENGINES[engine], option))
                    if row in seen:
                        raise ValueError(f"{where} {option}: listed twice")
                    seen.add(row)
                    rows.append((*row, price))
    return rows


def without_hand_rows(rows: list[Row], hand_path: Path) -> list[Row]:
    """``rows`` less those the hand-entered source has; stop if a figure differs."""
    hand = {(r.key, r.region, r.dims): r.rate for r in read_catalog_source(hand_path)["rates"]}
    kept = []
    for key, region, dims, price in rows:
        if (key, region, dims) in hand:
            if hand[(key, region, dims)] != price:
                raise SystemExit(f"{region} {dims}: {hand_path.name} has "
                                 f"{hand[(key, region, dims)]}, the table {price}")
            continue
        kept.append((key, region, dims, price))
    return kept


def render(rows: list[Row], commit: str, date: str) -> str:
    """The catalog source YAML of ``rows`` (one source, every row verified: false)."""
    url = f"{REPOSITORY}/blob/{commit}/{JSON_PATH}"
    lines = [
        "# GENERATED by pricing/tools/leanercloud_elasticache.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit} ({date}), {JSON_PATH} (Unlicense): a scrape",
        "# of the AWS Price List (AmazonElastiCache) — label 3P-PL, so every row ships",
        "# verified: false. On-Demand and 1/3-year No Upfront reserved node-hours, 21 regions;",
        "# rows pricing/sources/elasticache.yaml has (Infracost goldens) are left out.",
        "service: elasticache",
        "title: Amazon ElastiCache",
        "sources:",
        f"  - source: {url}",
        f'    retrieved: "{date}"',
        "    verified: false",
        f'    note: "AWS Price List (AmazonElastiCache) as scraped into {JSON_PATH} of '
        f'LeanerCloud/ec2-instances-info @ {commit[:7]} (commit of {date}; Unlicense; label '
        '3P-PL); not re-checked against the current AWS page"',
        "keys:",
        "  - {key: node-hours, description: Node hours, unit: node-hour,",
        "     dimensions: [node_type, engine, purchase_option]}",
        "rates:",
    ]
    for key, region, dims, price in sorted(rows, key=lambda r: (r[1], r[2])):
        values = ", ".join(f'"{d}"' if ":" in d else d for d in dims)
        lines.append(f'  - [{key}, {region}, [{values}], "{format(price, "f")}", 0]')
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the catalog source; print how many rows it holds."""
    sources = Path(__file__).resolve().parents[1] / "sources"
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("json_file", type=Path)
    parser.add_argument("--commit", required=True, help="the commit the file was read at")
    parser.add_argument("--date", required=True, help="that commit's date (YYYY-MM-DD)")
    parser.add_argument("--hand", type=Path, default=sources / "elasticache.yaml")
    parser.add_argument("--output", type=Path, default=sources / "elasticache-leanercloud.yaml")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error("--commit: a full 40-digit commit hash")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        parser.error("--date: YYYY-MM-DD")
    rows = parse(json.loads(args.json_file.read_text(encoding="utf-8")))
    rows = without_hand_rows(rows, args.hand)
    args.output.write_text(render(rows, args.commit, args.date), encoding="utf-8")
    print(f"{args.output}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
