"""Convert Apache Libcloud's EC2 price table into a catalog source of regional EC2 rates.

Source: ``libcloud/data/pricing.json`` in github.com/apache/libcloud (Apache-2.0), key
``compute.ec2_linux[instance_type][region]``: the On-Demand hourly price of Linux,
shared tenancy, scraped by libcloud's ``contrib/scrape-ec2-prices.py`` from AWS data.
Trust label 3P-PL (``../shared/pricing-facts-wave2.md``): every row ships
``verified: false`` with a note naming the version it was read from.

Only versions written by the scraper's first generation are read (2020-07-10 to
2022-05-22): it copied the AWS Pricing Calculator's per-region
``ec2/region/<region>/ondemand/linux`` files, and its us-east-1 figures equal Karpenter's
AWS-generated table for 496 of 506 shared types (the 10 others are dated price changes:
inf1, Graviton metal). Commit 1f58fcea7 (2022-06-20) switched the scraper to the Price
List bulk offer, keeping the *last* SKU whose usage type holds ``BoxUsage`` whatever its
tenancy, licence or capacity status: its versions disagree with Karpenter for 157 of 517
us-east-1 types (c5.large $0.09 for $0.085, t3.micro eu-west-1 $0.0122 for $0.0114) and
print Dedicated Host rows' $0 as ``0.0``, so this script refuses a ``--commit`` at or
after that change. For the same reason ``ec2_windows`` (Windows License Included and
BYOL share a usage type) is never read.

A 0.0, a missing value or anything but a positive number is *missing*, never free. A
price missing from the newest version read is taken from the newest older version
(walking the file's git history back to the first version with an ``ec2_linux`` table)
that has a positive price for that same instance type in that same region; the row then
cites that version's commit and data date. Nothing is ever taken from another region or
another instance type. ap-northeast-3 and me-south-1 are in no version read.

Usage (the JSON is not committed; read it from a clone of apache/libcloud)::

    python pricing/tools/libcloud_ec2.py /path/to/libcloud.git \\
        --commit ec6a28bdb57e53c1263788f10ed2262083bde205 \\
        [--output pricing/sources/ec2-libcloud.yaml]

then rebuild the catalog with ``pricing/tools/karpenter_ec2.py`` (its ``--fallback``
sources add these rows wherever Karpenter's AWS-generated us-east-1 table, the
hand-entered rows and AWS's newer EC2 pricing-page feeds — ``ec2-ec2shop.yaml``,
``pricing/tools/ec2shop_ec2.py`` — have none).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed

from awscalc.priceupdate.mappings import TARGET_REGIONS

REPOSITORY = "https://github.com/apache/libcloud"
JSON_PATH = "libcloud/data/pricing.json"
TABLE = "ec2_linux"
# The regions awscalc's shipped cards cover (issue #19).
REGIONS = TARGET_REGIONS
DIMENSIONS = ("instance_type", "operating_system", "software", "tenancy", "purchase_option")
# The commit that moved the scraper to the Price List bulk offer (see above).
SCRAPER_SWITCH = "1f58fcea7943e38360267cbbfa8cb23f255d84b1"
# The newest version written by the first-generation scraper (data 'updated' 2022-05-22).
NEWEST_USABLE = "ec6a28bdb57e53c1263788f10ed2262083bde205"
_TYPE = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9-]+")


@dataclass(frozen=True)
class Version:
    """One version of the JSON file: the commit that wrote it, its dates and its table."""

    commit: str
    committed: str
    updated: str
    prices: dict[str, dict[str, Decimal]]


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True,
                          capture_output=True).stdout


def _table(data: object) -> dict[str, dict[str, Decimal]] | None:
    """The positive prices of ``compute.ec2_linux`` (type → region → $/h), or None where
    the version has no such table (older versions keyed prices by driver instead)."""
    table = data.get("compute", {}).get(TABLE) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        return None
    prices: dict[str, dict[str, Decimal]] = {}
    for name, regions in table.items():
        if not _TYPE.fullmatch(name) or not isinstance(regions, dict):
            continue
        for region, price in regions.items():
            if region in REGIONS and isinstance(price, Decimal) and price > 0:
                prices.setdefault(name, {})[region] = price
    return prices


def versions(repo: Path, commit: str) -> list[Version]:
    """Every version of the file up to ``commit`` that has an ``ec2_linux`` table,
    newest first (the walk stops at the first older version without one)."""
    switched = subprocess.run(["git", "--git-dir", str(repo), "merge-base", "--is-ancestor",
                               SCRAPER_SWITCH, commit], capture_output=True)
    if switched.returncode == 0:
        raise SystemExit(f"{commit}: its {JSON_PATH} was written by the bulk-offer scraper "
                         f"(since {SCRAPER_SWITCH[:9]}), whose SKU choice is ambiguous; read "
                         f"{NEWEST_USABLE} or older")
    if switched.returncode != 1:
        raise SystemExit(f"git merge-base failed: {switched.stderr.decode().strip()}")
    log = _git(repo, "log", "--format=%H %cI", commit, "--", JSON_PATH).decode().split("\n")
    found: list[Version] = []
    for line in filter(None, log):
        sha, committed = line.split()
        data = json.loads(_git(repo, "show", f"{sha}:{JSON_PATH}"), parse_float=Decimal)
        prices = _table(data)
        if prices is None:
            break
        updated = data.get("updated")
        if not isinstance(updated, int):
            raise SystemExit(f"{sha}: no numeric 'updated' timestamp")
        found.append(Version(sha, committed[:10],
                             datetime.fromtimestamp(updated, UTC).date().isoformat(), prices))
    if not found:
        raise SystemExit(f"no version of {JSON_PATH} up to {commit} has compute.{TABLE}")
    return found


def rows(found: list[Version]) -> tuple[list[Version], list[tuple[str, str, Decimal, int]]]:
    """The versions that give at least one row, and the rows ``(type, region, price,
    index of the version)``: each (type, region) from the newest version pricing it."""
    chosen: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for index, version in enumerate(found):
        for name, regions in version.prices.items():
            for region, price in regions.items():
                chosen.setdefault((name, region), (price, index))
    used = sorted({index for _, index in chosen.values()})
    renumber = {old: new for new, old in enumerate(used)}
    result = [(name, region, price, renumber[index])
              for (name, region), (price, index) in sorted(chosen.items())]
    return [found[index] for index in used], result


def _source(version: Version, newest: bool) -> dict[str, object]:
    how = ("the newest version" if newest else
           "an older version, read only where the newer versions have no positive price "
           "for the same instance type and region")
    return {
        "source": f"{REPOSITORY}/blob/{version.commit}/{JSON_PATH}",
        "retrieved": version.updated,
        "verified": False,
        "note": (f"apache/libcloud @ {version.commit[:9]} ({version.committed}), "
                 f"{JSON_PATH} compute.{TABLE}, data 'updated' {version.updated} "
                 f"({how}; Apache-2.0): AWS On-Demand Linux shared-tenancy $/h that libcloud's "
                 "scraper copied from the AWS Pricing Calculator's per-region files — a "
                 "third-party copy (3P-PL), unverified"),
    }


def render(found: list[Version], table: list[tuple[str, str, Decimal, int]]) -> str:
    """The catalog source YAML (one flow-style row a line, so a diff reads per rate)."""
    newest = found[0].commit
    head = [
        "# EC2 On-Demand Linux (shared tenancy) hourly rates per region, converted by",
        "# pricing/tools/libcloud_ec2.py from apache/libcloud's libcloud/data/pricing.json",
        "# (Apache-2.0) versions up to 2022-05-22 (why not later: the script's docstring).",
        "# Generated: do not edit by hand. Third-party copy of AWS price data",
        "# (3P-PL): every source is verified: false. Merged into pricing/aws/ec2.sqlite by",
        "# pricing/tools/karpenter_ec2.py as a fallback (Karpenter's us-east-1 rows win).",
        "service: ec2",
        "title: Amazon EC2",
        "sources:",
    ]
    for version in found:
        source = _source(version, version.commit == newest)
        head.append(f"  - source: {source['source']}")
        head.append(f"    retrieved: \"{source['retrieved']}\"")
        head.append("    verified: false")
        head.append(f"    note: {json.dumps(source['note'], ensure_ascii=False)}")
    head += ["keys:",
             "  - {key: instance-hours, description: Instance hours, unit: instance-hour,",
             f"     dimensions: [{', '.join(DIMENSIONS)}]}}",
             "rates:"]
    head += [f"  - [instance-hours, {region}, [{name}, linux, none, shared, on_demand], "
             f"\"{format(price.normalize(), 'f')}\", {index}]"
             for name, region, price, index in table]
    return "\n".join(head) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the catalog source; print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone (or bare git directory) of "
                                                "apache/libcloud")
    pricefeed.provenance_arguments(parser, date_help=None)
    parser.add_argument("--output", type=Path,
                        default=Path(__file__).resolve().parents[1] / "sources" /
                        "ec2-libcloud.yaml")
    args = pricefeed.parse_provenance(parser, argv)
    found, table = rows(versions(args.repo, args.commit))
    args.output.write_text(render(found, table), encoding="utf-8")
    filled = sum(1 for *_, index in table if index)
    print(f"{args.output}: {len(table)} rates from {len(found)} versions "
          f"({filled} holes of the newest filled from older versions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
