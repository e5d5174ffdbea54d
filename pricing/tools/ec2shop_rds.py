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
- Reserved DB instances, from the per-region reserved feeds the same commit holds
  (``data/rds/<region>-rds-<engine>-reservedinstance-<single-az|multi-az>-<…>.json``, AWS's
  ``meteredUnitMaps/rds/USD/current/rds-<engine>-reservedinstance/<deployment>/<term>/
  <payment>/<region>/index.json``): MySQL and PostgreSQL, Single-AZ and Multi-AZ, the
  terms and payments the files hold (1 year No Upfront, 1 year Partial Upfront, 3 years
  Partial Upfront). Each row states its own split in Price List rate codes: ``price`` is
  the term's hourly dimension (rate code ``<SKU>.<term>.6YS6EN2CT7``, unit Hrs — the
  recurring part, not an effective rate) and ``riupfront:PricePerUnit`` its upfront-fee
  dimension (``<SKU>.<term>.2TG2D8R56U``, unit Quantity, per reservation); they become the
  catalog's ``instance-hours`` and ``reserved-upfront`` rows with purchase option
  ``reserved:<1yr|3yr>:<no_upfront|partial_upfront>``, as ``awscalc pricing update``
  writes them. A row whose rate codes do not say so, or whose hourly or upfront part is
  missing, is left out whole (never one part without the other). ec2.shop's MariaDB
  reserved files hold S3's "NoSuchKey" error, not a feed: MariaDB has no reserved rows.
- Only the 21 target regions; a 0 or empty value is missing, never free. A catalog row the
  hand-entered source (``pricing/sources/rds.yaml``, Infracost goldens) has is skipped:
  the verified figure wins (a differing figure is printed).

Usage (the feeds are not committed; fetch them at the commit you cite)::

    for e in mysql mariadb postgresql; do
      git show <commit>:data/rds/rds-$e-ondemand.json > /tmp/rds-$e-ondemand.json; done
    mkdir -p /tmp/rds-reserved
    for f in $(git ls-tree --name-only <commit> data/rds/ | grep reservedinstance); do
      git show <commit>:$f > /tmp/rds-reserved/${f#data/rds/}; done
    python pricing/tools/ec2shop_rds.py /tmp/rds-mysql-ondemand.json \\
        /tmp/rds-mariadb-ondemand.json /tmp/rds-postgresql-ondemand.json \\
        --reserved /tmp/rds-reserved --commit <commit> --date <commit date>
    python pricing/tools/vantage_rds.py …   # its rows yield to these newer ones
    python pricing/tools/build_catalog.py pricing/aws/rds.sqlite pricing/sources/rds.yaml \\
        pricing/sources/rds-ec2shop.yaml pricing/sources/rds-vantage.yaml
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

from awscalc.priceupdate.mappings import TARGET_REGIONS

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

# Reserved feeds: awscalc engine → the engine's name in the feed (MariaDB's files hold no
# feed at the commit read, see the module docstring; its name is kept so a later commit's
# MariaDB feed would be read)
RESERVED_ENGINES = {"mysql": "MySQL", "mariadb": "MariaDB", "postgresql": "PostgreSQL"}
# The payments read. All Upfront is not in the files; its hourly part is a real 0.0 in
# the Price List, which a scrape cannot tell from "missing", so it is not read.
PAYMENTS = {"No Upfront": "no_upfront", "Partial Upfront": "partial_upfront"}
_RESERVED = re.compile(r"(?P<engine>.+?) No license required db (?P<klass>\S+) .+? "
                       r"(?P<deployment>Single-AZ|Multi-AZ) (?P<years>[13]) year "
                       r"(?P<payment>No Upfront|Partial Upfront|All Upfront)")
# A Price List rate code is "<SKU>.<offer term code>.<price dimension code>"; a reserved
# term's dimensions are its hours (unit Hrs, code 6YS6EN2CT7: the recurring hourly part)
# and its upfront fee (unit Quantity, code 2TG2D8R56U: one payment per reservation).
_RATE_CODE = re.compile(r"(?P<term>[A-Z0-9]+\.[A-Z0-9]+)\.(?P<dimension>[A-Z0-9]+)")
HOURLY_DIMENSION = "6YS6EN2CT7"
UPFRONT_DIMENSION = "2TG2D8R56U"

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


def reserved_rows(engine: str, region: str, feed: dict, where: str
                  ) -> tuple[list[Row], Counter[str]]:
    """``instance-hours`` (recurring hourly) and ``reserved-upfront`` rows of one reserved
    feed (one engine, region, deployment, term and payment), and why any of its rows was
    left out. A row is taken whole or not at all: its hourly part must be the term's
    Hrs dimension, and a Partial Upfront row's fee the same term's upfront dimension."""
    name = RESERVED_ENGINES[engine]
    entries = pricefeed.regions(feed).get(region)
    if entries is None or len(feed["regions"]) != 1:
        raise ValueError(f"{where}: expected {region} only, found {sorted(feed['regions'])}")
    rows: list[Row] = []
    left_out: Counter[str] = Counter()
    for key, entry in entries.items():
        match = _RESERVED.fullmatch(key)
        if match is None:
            raise ValueError(f"{where}: unexpected row {key!r}")
        _check_reserved_fields(match, entry, name, f"{where}: {key!r}")
        payment = PAYMENTS.get(match["payment"])
        if payment is None:
            left_out[f"{match['payment']} not read"] += 1
            continue
        why = _split_problem(entry, payment)
        hourly = pricefeed.price(entries, key, where)
        upfront = pricefeed.price({"fee": {"price": entry.get("riupfront:PricePerUnit")}},
                                  "fee", f"{where}: {key}")
        if why is None and hourly is None:
            why = "no hourly price"
        if why is None and payment != "no_upfront" and upfront is None:
            why = "no upfront fee"
        if why is not None:
            left_out[why] += 1
            continue
        dims = (entry["Instance Type"], engine, "none", DEPLOYMENTS[match["deployment"]],
                f"reserved:{match['years']}yr:{payment}")
        rows.append(("instance-hours", region, dims, hourly))
        if payment != "no_upfront":
            rows.append(("reserved-upfront", region, dims, upfront))
    return rows, left_out


def _check_reserved_fields(match: re.Match, entry: dict, name: str, where: str) -> None:
    """The row's fields must say what its key says (else the feed is not what it seems)."""
    expected = {"Database Engine": name, "Deployment Option": match["deployment"],
                "LeaseContractLength": f"{match['years']}yr",
                "PurchaseOption": match["payment"], "Instance Type": f"db.{match['klass']}"}
    if match["engine"] != name:
        raise ValueError(f"{where}: is not {name}")
    for field, value in expected.items():
        if entry.get(field) != value:
            raise ValueError(f"{where}: {field} is {entry.get(field)!r}, not {value!r}")
    if not _CLASS.fullmatch(entry["Instance Type"]):
        raise ValueError(f"{where}: instance type {entry['Instance Type']!r}")


def _split_problem(entry: dict, payment: str) -> str | None:
    """Why the row's recurring / upfront split cannot be read exactly, or None."""
    hourly = _RATE_CODE.fullmatch(entry.get("rateCode", ""))
    if hourly is None or hourly["dimension"] != HOURLY_DIMENSION:
        return "price is not the term's hourly dimension"
    fee_fields = [field for field in entry if field.startswith("riupfront:")]
    if payment == "no_upfront":
        return "a No Upfront row with an upfront fee" if fee_fields else None
    fee = _RATE_CODE.fullmatch(entry.get("riupfront:RateCode", ""))
    if fee is None or fee["dimension"] != UPFRONT_DIMENSION or fee["term"] != hourly["term"]:
        return "upfront fee is not the same term's upfront dimension"
    if entry.get("riupfront:InstanceType") != entry["Instance Type"]:
        return "upfront fee of another instance type"
    return None


def read_reserved(directory: Path) -> tuple[list[Row], set[str], list[str]]:
    """Rows of every reserved feed of the target regions in ``directory`` (files named as
    in ec2.shop's ``data/rds``), the feeds' publication dates, and report lines: files
    that hold no feed, rows left out, and engines a region has no file of."""
    rows: dict[tuple[str, str, tuple[str, ...]], Decimal] = {}
    dates: set[str] = set()
    no_feed: Counter[str] = Counter()
    left_out: Counter[str] = Counter()
    no_file = []
    for region in TARGET_REGIONS:
        for engine in RESERVED_ENGINES:
            paths = sorted(directory.glob(f"{region}-rds-{engine}-reservedinstance-*.json"))
            if not paths:
                no_file.append(f"{region} {engine}")
            for path in paths:
                try:
                    feed = pricefeed.load(path)
                except ValueError:   # S3's XML "NoSuchKey" error or "{}": no feed
                    no_feed[engine] += 1
                    continue
                if feed["manifest"].get("source") != f"rds-{engine}-reservedinstance":
                    raise ValueError(f"{path.name}: manifest source "
                                     f"{feed['manifest'].get('source')!r}")
                dates.add(pricefeed.published(feed))
                found, skipped = reserved_rows(engine, region, feed, path.name)
                left_out.update({f"{engine}: {why}": n for why, n in skipped.items()})
                for key, row_region, dims, price in found:
                    if rows.setdefault((key, row_region, dims), price) != price:
                        raise ValueError(f"{path.name} {key} {dims}: two different prices")
    report = [f"{engine}: {count} reserved files hold no feed" for engine, count in
              sorted(no_feed.items())]
    report += [f"left out {count} rows, {why}" for why, count in sorted(left_out.items())]
    if no_file:
        report.append(f"no reserved file: {', '.join(no_file)}")
    return ([(key, region, dims, price) for (key, region, dims), price in rows.items()],
            dates, report)


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


def reserved_note(commit: str, date: str, published: str) -> str:
    """The note of the Reserved rows' source."""
    return (f"AWS RDS pricing-page reserved feeds ({pricefeed.FEED_URL}/rds/USD/current/"
            "rds-<engine>-reservedinstance/<Single-AZ|Multi-AZ>/<1 year|3 year>/<No "
            f"Upfront|Partial Upfront>/<region>/index.json, published {published}) as "
            "committed in yeo/ec2.shop data/rds/<region>-rds-{mysql,postgresql}-"
            f"reservedinstance-*.json @ {commit[:9]} (commit of {date}; MIT; label 3P-PL). "
            "instance-hours = the row's price, the term's hourly dimension (rate code "
            f"…{HOURLY_DIMENSION}, recurring $/h); reserved-upfront = riupfront:PricePerUnit, "
            f"the term's upfront-fee dimension (…{UPFRONT_DIMENSION}, $ per reservation); "
            "not re-checked against the current AWS page")


def render(rows: list[Row], commit: str, date: str, published: str,
           reserved: list[Row], reserved_published: str) -> str:
    """The catalog source YAML of the On-Demand ``rows`` (source 0) and the ``reserved``
    rows (source 1); every row verified: false."""
    url, note = provenance(commit, date, published)
    lines = [
        "# GENERATED by pricing/tools/ec2shop_rds.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}), data/rds/rds-*-ondemand.json (MIT):",
        f"# AWS's RDS pricing-page feeds published {published} — On-Demand MySQL, MariaDB and",
        "# PostgreSQL DB instance hours, Single-AZ and Multi-AZ (the feed's own Multi-AZ",
        "# rows); label 3P-PL, so every row ships verified: false; 21 regions; rows the",
        "# hand-entered source has (Infracost goldens) are left out.",
        f"# Reserved DB instances (source 1): the per-region reserved feeds published "
        f"{reserved_published},",
        "# MySQL and PostgreSQL (no MariaDB feed), Single-AZ and Multi-AZ, 1 year No Upfront,",
        "# 1 year Partial Upfront and 3 years Partial Upfront: the recurring hourly part",
        "# (instance-hours) and the upfront fee per reservation (reserved-upfront).",
        "service: rds",
        "title: Amazon RDS",
        "sources:",
        f"  - source: {url}",
        f'    retrieved: "{published}"',
        "    verified: false",
        f"    note: {pricefeed.quote(note)}",
        f"  - source: {url}",
        f'    retrieved: "{reserved_published}"',
        "    verified: false",
        f"    note: {pricefeed.quote(reserved_note(commit, date, reserved_published))}",
        "keys:",
        "  - {key: instance-hours, description: DB instance hours, unit: instance-hour,",
        "     dimensions: [instance_class, engine, license, deployment, purchase_option]}",
        "  - {key: reserved-upfront, description: Reserved DB instance upfront fee,",
        "     unit: instance,",
        "     dimensions: [instance_class, engine, license, deployment, purchase_option]}",
        "rates:",
    ]
    for key, region, dims, price in sorted(rows, key=lambda r: (r[1], r[2])):
        lines.append(f'  - [{key}, {region}, [{", ".join(dims)}], "{format(price, "f")}", 0]')
    lines.append("  # Reserved DB instances (source 1)")
    for key, region, dims, price in sorted(reserved, key=lambda r: (r[1], r[2], r[0])):
        lines.append(f'  - [{key}, {region}, [{", ".join(dims)}], "{format(price, "f")}", 1]')
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
    parser.add_argument("--reserved", type=Path, required=True,
                        help="a directory of the same commit's "
                             "<region>-rds-<engine>-reservedinstance-*.json files")
    pricefeed.provenance_arguments(parser, root)
    args = pricefeed.parse_provenance(parser, argv)
    feeds = {path.name.removesuffix(".json"): pricefeed.load(path) for path in args.feeds}
    if set(feeds) != set(ENGINES):
        parser.error(f"feeds: expected {', '.join(sorted(ENGINES))}.json")
    dates = {pricefeed.published(feed) for feed in feeds.values()}
    if len(dates) != 1:
        parser.error(f"the feeds have different publication dates: {sorted(dates)}")
    published = dates.pop()
    if not args.reserved.is_dir():
        parser.error(f"--reserved: {args.reserved} is not a directory")
    reserved, reserved_dates, report = read_reserved(args.reserved)
    if len(reserved_dates) != 1:
        parser.error(f"the reserved feeds have publication dates {sorted(reserved_dates)}")
    rows = [row for stem, feed in feeds.items() for row in instance_rows(stem, feed)]
    hand = args.root / "sources" / "rds.yaml"
    kept, differing = pricefeed.without_hand_rows(rows, hand)
    kept_reserved, differing_reserved = pricefeed.without_hand_rows(reserved, hand)
    output = args.root / "sources" / "rds-ec2shop.yaml"
    output.write_text(render(kept, args.commit, args.date, published, kept_reserved,
                             reserved_dates.pop()), encoding="utf-8")
    print(f"{output}: {len(kept)} On-Demand rows, {len(kept_reserved)} Reserved rows")
    for line in [*differing, *differing_reserved]:
        print(f"  differs: {line}")
    for line in report:
        print(f"  reserved: {line}")
    lines = card_lines(card_rates(feeds), args.commit, args.date, published)
    skipped = pricefeed.write_card_entries(args.root / "aws" / "rds.yaml", lines, MARKER)
    print(f"rds.yaml: {sum(map(len, lines.values())) - len(skipped)} entries; "
          f"kept the card's own {len(skipped)}: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
