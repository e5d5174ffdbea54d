"""Aurora DB instance hours, cluster storage, I/O, backup, Backtrack, snapshot export and
Serverless v2 rates from AWS's Aurora pricing-page feeds, as committed in
iann0036/aws-price-watcher.

Source: ``raw/rds-aurora-ondemand.json`` and ``raw/rds-aurora-storage.json`` in
github.com/iann0036/aws-price-watcher (MIT), verbatim copies of the feeds AWS's Aurora
pricing page loads (``meteredUnitMaps/rds/USD/current/rds-aurora-*.json``), each with its
own publication date (``manifest.hawkFilePublicationDate``). Trust label 3P-PL
(``../shared/pricing-facts-wave2.md``): everything ships ``verified: false`` with a note
naming repository @ commit, path and that date. Helpers: ``pricefeed.py``.

What is taken:

- Instance hours, Standard storage configuration: the members of the on-demand feed's
  sets ``Database Instance Aurora <MySQL|PostgreSQL> No license required <family>
  [<class family>] Single-AZ <Current|Previous> Generation`` (the feed keys most rows by a
  hash; the set a hash is in names its engine, the entry's ``Instance Type`` its class) →
  catalog rows ``instance-hours`` ``(class, mysql | postgresql, standard, on_demand)`` in
  ``pricing/sources/aurora-pricewatcher.yaml``. A descriptive duplicate (``Database
  Instance Aurora <engine> No license required db <class> …``) must name the engine and
  class of the hash entry with its rate code, or the run stops.
- The storage feed's rows of :data:`CARD_ROWS` → the card keys of ``pricing/aws/
  aurora.yaml`` (marked lines, :func:`pricefeed.write_card_entries`) for the regions the
  card does not price yet, × the key's ``per`` (per I/O → per 1 M). The card's keys are
  one rate for both engines: where the feed has a row per engine, both must be present and
  equal, or the region is left out (and printed). Cluster storage has one row, named for
  Aurora PostgreSQL (the page's one Standard storage rate; its sa-east-1 figure is the
  verified Aurora MySQL golden's 0.19).

The mapping is checked before anything is written: every verified us-east-1 figure — the
hand-entered catalog rows (Infracost's Aurora MySQL db.r4.large / db.t3.medium /
db.t3.large) and the card's us-east-1 entries of the keys read — must equal the feed's, or
nothing is written. The card's other hand entries keep their figures (a difference is
printed). Rows the hand-entered source has are left out (its figure wins); the older
vantage-sh table (``aurora-vantage.yaml``, ``vantage_rds.py``) yields to these rows.

What is not: the I/O-Optimized sets and rows (``Aurora IO Optimization Mode``, ``IO
Optimized Aurora``) — no verified figure of any I/O-Optimized rate exists to check their
mapping against (the card's us-east-1 0.23 / 0.16 are unverified, rounded golden prints);
Extended Support (terse rows such as ``Any Year 1 Year 2 13``; the card has no key for it),
Global Database, Data API, Performance Insights and Serverless v1 (no card key); rows keyed
by a hash only (nothing names them). Only the 21 target regions; a 0 or empty value is
missing, never free.

Usage (the feeds are not committed; fetch them at the commit you cite)::

    for f in rds-aurora-ondemand rds-aurora-storage; do
        git -C <mirror> show <commit>:raw/$f.json > /tmp/$f.json; done
    python pricing/tools/pricewatcher_aurora.py /tmp/rds-aurora-ondemand.json \\
        /tmp/rds-aurora-storage.json --commit <commit> --date <commit date>
    python pricing/tools/build_catalog.py pricing/aws/aurora.sqlite \\
        pricing/sources/aurora.yaml pricing/sources/aurora-pricewatcher.yaml \\
        pricing/sources/aurora-vantage.yaml
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed
import yaml

REPOSITORY = pricefeed.PRICEWATCHER
INSTANCE_PATH = "raw/rds-aurora-ondemand.json"
STORAGE_PATH = "raw/rds-aurora-storage.json"
MARKER = "pricewatcher"
ENGINES = {"MySQL": "mysql", "PostgreSQL": "postgresql"}
IO_OPTIMIZED = "Aurora IO Optimization Mode "
# card key → the storage feed's row(s); rows of one key must agree (one rate, both engines)
CARD_ROWS = {
    "storage": ("Database Storage DB Engine Aurora PostgreSQL General Purpose Aurora",),
    "io-requests": ("System Operation Aurora I O Operation",),
    "backup-storage": ("Storage Snapshot Aurora MySQL", "Storage Snapshot Aurora PostgreSQL"),
    "backtrack": ("System Operation Aurora Backtrack",),
    "snapshot-export": ("RDS Snapshot Export Aurora MySQL",
                        "RDS Snapshot Export Aurora PostgreSQL"),
    "serverless-v2": ("Aurora MySQL ServerlessV2", "Aurora PostgreSQL ServerlessV2"),
}
_SET = re.compile(r"Database Instance Aurora (?P<engine>MySQL|PostgreSQL) No license "
                  r"required (?P<io>Aurora IO Optimization Mode )?(?:Memory optimized|"
                  r"General purpose)(?: [A-Za-z0-9]+)? Single-AZ (?:Current|Previous) "
                  r"Generation")
_NAME = re.compile(r"Database Instance Aurora (?P<engine>MySQL|PostgreSQL) No license "
                   r"required (?P<io>Aurora IO Optimization Mode )?db (?P<klass>\S+) .+")
_CLASS = re.compile(r"db\.[a-z0-9]+\.[a-z0-9]+")

Row = tuple[str, str, tuple[str, ...], Decimal]


def set_members(feed: dict) -> dict[str, tuple[str, bool]]:
    """The on-demand feed's set member key → (engine, whether I/O-Optimized); a set name
    that is not a Single-AZ Aurora instance set stops the run."""
    members = {}
    for name, keys in feed.get("sets", {}).items():
        match = _SET.fullmatch(name)
        if not match:
            raise ValueError(f"unknown instance set {name!r}")
        for key in keys:
            members[key] = (ENGINES[match["engine"]], bool(match["io"]))
    return members


def instance_rows(feed: dict) -> list[Row]:
    """Standard On-Demand instance-hour rows of both engines, in the target regions."""
    members = set_members(feed)
    rows: dict[tuple[str, tuple[str, ...]], Decimal] = {}
    for region, entries in pricefeed.regions(feed).items():
        by_code = {entry.get("rateCode"): members[key] for key, entry in entries.items()
                   if key in members}
        for key, entry in entries.items():
            klass = entry.get("Instance Type", "")
            if key not in members:
                _check_duplicate(region, key, klass, by_code.get(entry.get("rateCode")))
                continue
            engine, optimized = members[key]
            if not _CLASS.fullmatch(klass):
                raise ValueError(f"{region}: {key!r} has instance type {klass!r}")
            price = pricefeed.price(entries, key, region)
            if optimized or price is None:
                continue
            dims = (klass, engine, "standard", "on_demand")
            if rows.get((region, dims), price) != price:
                raise ValueError(f"{region} {'/'.join(dims)}: two prices in the feed")
            rows[(region, dims)] = price
    return [("instance-hours", region, dims, price) for (region, dims), price in rows.items()]


def _check_duplicate(region: str, key: str, klass: str,
                     member: tuple[str, bool] | None) -> None:
    """A descriptive key must repeat a set member's engine, configuration and class."""
    match = _NAME.fullmatch(key)
    if not match or member is None:
        raise ValueError(f"{region}: {key!r} is in no instance set")
    if (ENGINES[match["engine"]], bool(match["io"])) != member or \
            f"db.{match['klass']}" != klass:
        raise ValueError(f"{region}: {key!r} disagrees with its set ({member}, {klass})")


def card_rates(feed: dict, per: dict[str, int]) -> tuple[dict[str, dict[str, Decimal]],
                                                        list[str]]:
    """card key → region → rate (feed price × ``per[key]``), and the regions left out
    because the engines' rows disagree or one is missing."""
    rates: dict[str, dict[str, Decimal]] = {key: {} for key in CARD_ROWS}
    left_out = []
    for region, entries in pricefeed.regions(feed).items():
        for key, names in CARD_ROWS.items():
            prices = {pricefeed.price(entries, name, region) for name in names}
            if prices == {None}:
                continue
            if len(prices) > 1:
                left_out.append(f"{region} {key}: rows {names} give {sorted(map(str, prices))}")
                continue
            rates[key][region] = (prices.pop() * per[key]).normalize()
    return rates, left_out


def card_entries(card: Path) -> tuple[dict[str, int], dict[str, dict[str, dict]]]:
    """The card's ``per`` of each key read, and its own (unmarked) regional entries
    with the key's ``verified`` default applied."""
    text = "\n".join(line for line in card.read_text(encoding="utf-8").splitlines()
                     if not line.endswith(f"  # {MARKER}"))
    rates = yaml.safe_load(text)["rates"]
    per = {key: int(rates[key].get("per", 1)) for key in CARD_ROWS}
    own = {key: {region: {"rate": Decimal(entry["rate"]),
                          "verified": entry.get("verified", rates[key].get("verified", True))}
                 for region, entry in rates[key]["regions"].items()}
           for key in CARD_ROWS}
    return per, own


def mapping_problems(rows: list[Row], rates: dict[str, dict[str, Decimal]],
                     hand_source: Path, own: dict[str, dict[str, dict]]) -> list[str]:
    """Where the feed's figure differs from (or lacks) a verified us-east-1 figure: the
    hand-entered catalog rows and the card's us-east-1 entries of the keys read."""
    from awscalc.catalog import read_catalog_source

    feed_rows = {(key, region, dims): price for key, region, dims, price in rows}
    source = read_catalog_source(hand_source)
    problems = []
    for rate in source["rates"]:
        ours = feed_rows.get((rate.key, rate.region, rate.dims))
        verified = source["sources"][rate.source].verified
        if rate.region == "us-east-1" and verified and ours != rate.rate:
            problems.append(f"us-east-1 {'/'.join(rate.dims)}: {hand_source.name} "
                            f"{rate.rate}, feed {ours}")
    for key, regions in own.items():
        entry = regions.get("us-east-1")
        feed = rates[key].get("us-east-1")
        if entry is None or not entry["verified"] or entry["rate"] != feed:
            problems.append(f"us-east-1 {key}: card {entry}, feed {feed}")
    return problems


def card_differences(rates: dict[str, dict[str, Decimal]],
                     own: dict[str, dict[str, dict]]) -> list[str]:
    """The card's own entries outside us-east-1 whose figure is not the feed's (kept)."""
    return [f"{region} {key}: card {entry['rate']}, feed {rates[key].get(region)} "
            f"(kept {entry['rate']})"
            for key, regions in own.items() for region, entry in sorted(regions.items())
            if region != "us-east-1" and rates[key].get(region) != entry["rate"]]


def note(what: str, path: str, commit: str, date: str, published: str) -> str:
    """The provenance note of a figure."""
    name = path.removeprefix("raw/").removesuffix(".json")
    return pricefeed.pricewatcher_note(what, pricefeed.feed_url(name, "rds"),
                                       path, commit, date, published,
                                       feed="Aurora pricing-page feed")


def render(rows: list[Row], commit: str, date: str, published: str) -> str:
    """The catalog source YAML of ``rows`` (one source, every row verified: false)."""
    text = note("members of the sets 'Database Instance Aurora <MySQL|PostgreSQL> No "
                "license required … Single-AZ … Generation' (Standard; class from "
                "'Instance Type')", INSTANCE_PATH, commit, date, published)
    header = [
        "# GENERATED by pricing/tools/pricewatcher_aurora.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}),",
        f"# {INSTANCE_PATH} (MIT): AWS's Aurora pricing-page feed published {published} —",
        "# Single-AZ On-Demand DB instance hours, Aurora MySQL and PostgreSQL, Standard storage",
        "# configuration; label 3P-PL, so every row ships verified: false; 21 regions; rows",
        "# the hand-entered source has (Infracost goldens) are left out.",
    ]
    keys = [
        "  - {key: instance-hours, description: DB instance hours, unit: instance-hour,",
        "     dimensions: [instance_class, engine, storage_configuration, purchase_option]}",
    ]
    return pricefeed.catalog_source(header, "aurora", "Amazon Aurora",
                                    f"{REPOSITORY}/blob/{commit}/{INSTANCE_PATH}", published, text,
                                    keys, rows)


def card_lines(rates: dict[str, dict[str, Decimal]], per: dict[str, int], commit: str,
               date: str, published: str) -> dict[str, dict[str, str]]:
    """The marked card lines: key → region → line."""
    url = f"{REPOSITORY}/blob/{commit}/{STORAGE_PATH}"
    lines = {}
    for key, names in CARD_ROWS.items():
        rows = " / ".join(f"'{name}'" for name in names)
        scale = f" × {per[key]:,}" if per[key] != 1 else ""
        text = note(f"row {rows}{scale}", STORAGE_PATH, commit, date, published)
        lines[key] = {region: pricefeed.entry_line(region, rate, url, text, MARKER)
                      for region, rate in sorted(rates[key].items())}
    return lines


def main(argv: list[str] | None = None) -> int:
    """Check the mapping, then write the catalog source and the card entries; print
    counts, what was left out and what was kept."""
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("instances", type=Path, help="rds-aurora-ondemand.json")
    parser.add_argument("storage", type=Path, help="rds-aurora-storage.json")
    pricefeed.provenance_arguments(parser, root)
    args = pricefeed.parse_provenance(parser, argv)
    instances, storage = pricefeed.load(args.instances), pricefeed.load(args.storage)
    hand = args.root / "sources" / "aurora.yaml"
    card = args.root / "aws" / "aurora.yaml"
    per, own = card_entries(card)
    rows = instance_rows(instances)
    rates, left_out = card_rates(storage, per)
    problems = mapping_problems(rows, rates, hand, own)
    if pricefeed.refused(problems, "the feed disagrees with the verified us-east-1 rates"):
        return 1
    kept, _ = pricefeed.without_hand_rows(rows, hand)
    output = args.root / "sources" / "aurora-pricewatcher.yaml"
    output.write_text(render(kept, args.commit, args.date, pricefeed.published(instances)),
                      encoding="utf-8")
    print(f"{output}: {len(kept)} rows")
    lines = card_lines(rates, per, args.commit, args.date, pricefeed.published(storage))
    skipped = pricefeed.write_card_entries(card, lines, MARKER)
    print(f"aurora.yaml: {sum(map(len, lines.values())) - len(skipped)} entries; kept the "
          f"card's own: {', '.join(skipped)}")
    for line in left_out:
        print(f"  left out: {line}")
    for line in card_differences(rates, own):
        print(f"  differs: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
