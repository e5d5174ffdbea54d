"""RDS instance hours and card rates from AWS's pricing-page feeds, as committed in
yeo/ec2.shop.

Source: ``data/rds/rds-{mysql,mariadb,postgresql}-ondemand.json`` in
github.com/yeo/ec2.shop (MIT), verbatim copies of the feeds AWS's RDS pricing pages load
(``meteredUnitMaps/rds/USD/current/rds-<engine>-ondemand.json``), committed by the
project's price-update job. Each names its own publication date
(``manifest.hawkFilePublicationDate``). Trust label 3P-PL
(``../shared/pricing-facts-wave2.md``): everything ships ``verified: false`` with a note
naming repository @ commit, path and that date. Helpers: ``pricefeed.py``.

What is taken:

- DB instance hours, On-Demand, licence "No license required", **Single-AZ and Multi-AZ**
  (the feed's own Multi-AZ row, never 2 × Single-AZ), per ``Instance Type``, into
  ``pricing/sources/rds-ec2shop.yaml`` (catalog rows). "Multi-AZ readable standbys"
  (DB cluster) rows are not read: how awscalc's ``multi_az_cluster`` deployment applies
  such a rate has no source here.
- Storage, IOPS, magnetic I/O, backup storage and Extended Support into the rate card
  ``pricing/aws/rds.yaml`` (keys below), written as marked lines
  (:func:`pricefeed.write_card_entries`) for the regions the card does not price yet.
  Those rows are engine-independent in the card, so a region's figure is taken only when
  the three engine feeds agree on it.
- Extended Support: the feeds price MySQL 5.7 and PostgreSQL 10–12 (the versions the
  card's us-east-1 golden prices) at one rate and MySQL 8.0 / PostgreSQL 13–15 ("Any"
  rows) lower; each group has its own card keys, taken where the MySQL and PostgreSQL
  feeds agree, and each note says which versions it is for.
- Only the 21 target regions; a 0 or empty value is missing, never free. A catalog row the
  hand-entered source (``pricing/sources/rds.yaml``, Infracost goldens) has is skipped:
  the verified figure wins (a differing figure is printed).

Usage (the feeds are not committed; fetch them at the commit you cite)::

    for e in mysql mariadb postgresql; do
      git show <commit>:data/rds/rds-$e-ondemand.json > /tmp/rds-$e-ondemand.json; done
    python pricing/tools/ec2shop_rds.py /tmp/rds-mysql-ondemand.json \\
        /tmp/rds-mariadb-ondemand.json /tmp/rds-postgresql-ondemand.json \\
        --commit <commit> --date <commit date>
    python pricing/tools/vantage_rds.py …   # its rows yield to these newer ones
    python pricing/tools/build_catalog.py pricing/aws/rds.sqlite pricing/sources/rds.yaml \\
        pricing/sources/rds-ec2shop.yaml pricing/sources/rds-vantage.yaml
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed

REPOSITORY = "https://github.com/yeo/ec2.shop"
MARKER = "ec2shop"
# feed file stem → (awscalc engine, the engine's name in the feed's keys)
ENGINES = {"rds-mysql-ondemand": ("mysql", "MySQL"),
           "rds-mariadb-ondemand": ("mariadb", "MariaDB"),
           "rds-postgresql-ondemand": ("postgresql", "PostgreSQL")}
DEPLOYMENTS = {"Single-AZ": "single_az", "Multi-AZ": "multi_az"}
_INSTANCE = re.compile(r"Database Instance (?P<engine>.+?) No license required db \S+ .+? "
                       r"(?P<deployment>Single-AZ|Multi-AZ readable standbys|Multi-AZ) "
                       r"(?:Current|Previous) Generation")
_CLASS = re.compile(r"db\.[a-z0-9-]+\.[a-z0-9]+")
# card key → (feed key, factor to the card's unit)
CARD_KEYS = {
    "gp2-storage": ("Database Storage Single AZ General Purpose", 1),
    "gp2-storage-multi-az": ("Database Storage Multi AZ General Purpose", 1),
    "gp3-storage": ("Database Storage Single AZ General Purpose-GP3", 1),
    "gp3-storage-multi-az": ("Database Storage Multi AZ General Purpose-GP3", 1),
    "gp3-iops": ("Provisioned GP3 IOPS Single AZ", 1),
    "gp3-iops-multi-az": ("Provisioned GP3 IOPS Multi AZ", 1),
    "io1-storage": ("Database Storage Single AZ Provisioned IOPS", 1),
    "io1-iops": ("Provisioned IOPS Single AZ", 1),
    "magnetic-storage": ("Database Storage Single AZ Magnetic", 1),
    "magnetic-io": ("System Operation Magnetic", 1_000_000),   # per I/O → per 1 M
    "backup-storage": ("Storage Snapshot", 1),                 # RDS:ChargedBackupUsage
}
# card key → the (MySQL feed, PostgreSQL feed) keys that must agree, and the versions the
# rate is for (the feeds price MySQL 8.0 / PostgreSQL 13–15 lower than MySQL 5.7 /
# PostgreSQL 10–12; no row prices MySQL 8.0's year 3)
EXTENDED_SUPPORT = {
    "extended-support-yr1-2": ("MySQL Year 1 Year 2 5 7", "PostgreSQL Year 1 Year 2 11"),
    "extended-support-yr3": ("MySQL Year 3 5 7", "PostgreSQL Year 3 11"),
    "extended-support-newer-yr1-2": ("Any Year 1 Year 2 8 0", "Any Year 1 Year 2 13"),
    "extended-support-newer-yr3": ("Any Year 3 13", "Any Year 3 13"),
}
EXTENDED_SUPPORT_VERSIONS = {
    "extended-support-yr1-2": "MySQL 5.7 and PostgreSQL 10-12; MySQL 8.0 and PostgreSQL "
                              "13+ have their own, lower rate",
    "extended-support-yr3": "MySQL 5.7 and PostgreSQL 10-12; PostgreSQL 13+ has its own, "
                            "lower rate",
    "extended-support-newer-yr1-2": "MySQL 8.0 and PostgreSQL 13-15",
    "extended-support-newer-yr3": "PostgreSQL 13-15; the feeds give no year-3 rate for "
                                  "MySQL 8.0",
}

Row = tuple[str, str, tuple[str, ...], Decimal]


def instance_rows(stem: str, feed: dict) -> list[Row]:
    """On-Demand instance-hour rows of one engine's feed (Single- and Multi-AZ)."""
    engine, name = ENGINES[stem]
    rows: dict[tuple[str, tuple[str, ...]], Decimal] = {}
    for region, entries in pricefeed.regions(feed).items():
        for key, entry in entries.items():
            match = _INSTANCE.fullmatch(key)
            if not match or match["deployment"] not in DEPLOYMENTS:
                continue
            if match["engine"] != name:
                raise ValueError(f"{stem} {region}: {key!r} is not {name}")
            klass = entry.get("Instance Type", "")
            if not _CLASS.fullmatch(klass):
                raise ValueError(f"{stem} {region}: {key!r} has instance type {klass!r}")
            price = pricefeed.price(entries, key, f"{stem} {region}")
            if price is None:
                continue
            dims = (klass, engine, "none", DEPLOYMENTS[match["deployment"]], "on_demand")
            if rows.setdefault((region, dims), price) != price:
                raise ValueError(f"{stem} {region} {dims}: two different prices")
    return [("instance-hours", region, dims, price)
            for (region, dims), price in rows.items()]


def card_rates(feeds: dict[str, dict]) -> dict[str, dict[str, Decimal]]:
    """card key → region → rate, where every engine feed agrees (Extended Support: where
    MySQL 5.7 and PostgreSQL 11 agree)."""
    per_engine = {stem: pricefeed.regions(feed) for stem, feed in feeds.items()}
    rates: dict[str, dict[str, Decimal]] = {key: {} for key in [*CARD_KEYS, *EXTENDED_SUPPORT]}
    for region in per_engine["rds-mysql-ondemand"]:
        for key, (feed_key, factor) in CARD_KEYS.items():
            found = {pricefeed.price(entries.get(region, {}), feed_key, f"{stem} {region}")
                     for stem, entries in per_engine.items()}
            if len(found) == 1 and None not in found:
                rates[key][region] = found.pop() * factor
        for key, (mysql_key, postgres_key) in EXTENDED_SUPPORT.items():
            mysql = pricefeed.price(per_engine["rds-mysql-ondemand"].get(region, {}),
                                    mysql_key, f"mysql {region}")
            postgres = pricefeed.price(per_engine["rds-postgresql-ondemand"].get(region, {}),
                                       postgres_key, f"postgresql {region}")
            if mysql is not None and mysql == postgres:
                rates[key][region] = mysql
    return rates



def provenance(commit: str, date: str, published: str) -> tuple[str, str]:
    """(source URL, note) of the catalog rows."""
    url = f"{REPOSITORY}/tree/{commit}/data/rds"
    note = (f"AWS RDS pricing-page feeds ({pricefeed.FEED_URL}/rds/USD/current/"
            f"rds-<engine>-ondemand.json, published {published}) as committed in yeo/ec2.shop "
            f"data/rds/rds-{{mysql,mariadb,postgresql}}-ondemand.json @ {commit[:9]} (commit "
            f"of {date}; MIT; label 3P-PL); not re-checked against the current AWS page")
    return url, note


def render(rows: list[Row], commit: str, date: str, published: str) -> str:
    """The catalog source YAML of ``rows`` (one source, every row verified: false)."""
    url, note = provenance(commit, date, published)
    lines = [
        "# GENERATED by pricing/tools/ec2shop_rds.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}), data/rds/rds-*-ondemand.json (MIT):",
        f"# AWS's RDS pricing-page feeds published {published} — On-Demand MySQL, MariaDB and",
        "# PostgreSQL DB instance hours, Single-AZ and Multi-AZ (the feed's own Multi-AZ",
        "# rows); label 3P-PL, so every row ships verified: false; 21 regions; rows the",
        "# hand-entered source has (Infracost goldens) are left out.",
        "service: rds",
        "title: Amazon RDS",
        "sources:",
        f"  - source: {url}",
        f'    retrieved: "{published}"',
        "    verified: false",
        f"    note: {pricefeed.quote(note)}",
        "keys:",
        "  - {key: instance-hours, description: DB instance hours, unit: instance-hour,",
        "     dimensions: [instance_class, engine, license, deployment, purchase_option]}",
        "rates:",
    ]
    for key, region, dims, price in sorted(rows, key=lambda r: (r[1], r[2])):
        lines.append(f'  - [{key}, {region}, [{", ".join(dims)}], "{format(price, "f")}", 0]')
    return "\n".join(lines) + "\n"


def card_lines(rates: dict[str, dict[str, Decimal]], commit: str, date: str,
               published: str) -> dict[str, dict[str, str]]:
    """The marked card lines of ``rates``."""
    lines: dict[str, dict[str, str]] = {}
    for key, by_region in rates.items():
        if key in EXTENDED_SUPPORT:
            feed_keys = " / ".join(f"'{k}'" for k in EXTENDED_SUPPORT[key])
            what = (f"rows {feed_keys} of the MySQL / PostgreSQL feeds (the rate of "
                    f"{EXTENDED_SUPPORT_VERSIONS[key]})")
        else:
            feed_key, factor = CARD_KEYS[key]
            what = f"row '{feed_key}' of the MySQL, MariaDB and PostgreSQL feeds (equal)"
            if factor != 1:
                what += f", per I/O × {factor:,}"
        lines[key] = {}
        for region, rate in sorted(by_region.items()):
            url = f"{REPOSITORY}/blob/{commit}/data/rds/rds-mysql-ondemand.json"
            note = (f"{what}: AWS RDS pricing-page feeds published {published}, as committed "
                    f"in yeo/ec2.shop data/rds/ @ {commit[:9]} (commit of {date}; MIT; label "
                    "3P-PL); not re-checked against the current AWS page")
            lines[key][region] = pricefeed.entry_line(region, rate, url, note, MARKER)
    return lines


def main(argv: list[str] | None = None) -> int:
    """Write the catalog source and the card entries; print counts and skipped rows."""
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("feeds", type=Path, nargs=3,
                        help="rds-mysql / rds-mariadb / rds-postgresql -ondemand.json")
    pricefeed.provenance_arguments(parser, root)
    args = pricefeed.parse_provenance(parser, argv)
    feeds = {path.name.removesuffix(".json"): pricefeed.load(path) for path in args.feeds}
    if set(feeds) != set(ENGINES):
        parser.error(f"feeds: expected {', '.join(sorted(ENGINES))}.json")
    dates = {pricefeed.published(feed) for feed in feeds.values()}
    if len(dates) != 1:
        parser.error(f"the feeds have different publication dates: {sorted(dates)}")
    published = dates.pop()
    rows = [row for stem, feed in feeds.items() for row in instance_rows(stem, feed)]
    kept, differing = pricefeed.without_hand_rows(rows, args.root / "sources" / "rds.yaml")
    output = args.root / "sources" / "rds-ec2shop.yaml"
    output.write_text(render(kept, args.commit, args.date, published), encoding="utf-8")
    print(f"{output}: {len(kept)} rows")
    for line in differing:
        print(f"  differs: {line}")
    lines = card_lines(card_rates(feeds), args.commit, args.date, published)
    skipped = pricefeed.write_card_entries(args.root / "aws" / "rds.yaml", lines, MARKER)
    print(f"rds.yaml: {sum(map(len, lines.values())) - len(skipped)} entries; "
          f"kept the card's own {len(skipped)}: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
