"""DMS replication-instance hours and storage from AWS's pricing-page feed, as committed in
iann0036/aws-price-watcher.

Source: ``raw/databasemigrationsvc.json`` in github.com/iann0036/aws-price-watcher (MIT), a
verbatim copy of the feed AWS's DMS pricing page loads (``meteredUnitMaps/
databasemigrationsvc/USD/current/databasemigrationsvc.json``), with its own publication
date (``manifest.hawkFilePublicationDate``). Trust label 3P-PL (``../shared/
pricing-facts-wave2.md``): everything ships ``verified: false`` with a note naming
repository @ commit, path and that date. Helpers: ``pricefeed.py``.

What is taken:

- ``DMS OnDemand Replication Server <family> <size> Single AZ`` / ``... Multiple AZ`` →
  catalog rows ``instance-hours`` ``(dms.<family>.<size>, single_az | multi_az)`` in
  ``pricing/sources/dms-pricewatcher.yaml``. The feed's ``Instance Type`` lacks the
  ``dms.`` prefix the catalog's classes carry (``t2.micro`` → ``dms.t2.micro``); each row's
  ``Instance Type`` must be its name's, and its Price List SKU (the ``rateCode``'s first
  part) must be in the feed's set of its deployment (``DMS Replication Server Single AZ`` /
  ``Multiple AZ``), or the run stops.
- ``DMS Storage Replication Storage Single AZ`` / ``Multiple AZ`` → the card keys
  ``storage-single-az`` / ``storage-multi-az`` of ``pricing/aws/dms.yaml`` (marked lines,
  :func:`pricefeed.write_card_entries`), for the regions the card does not price yet.

The mapping is checked before anything is written: every rate the hand-entered source
(``pricing/sources/dms.yaml``) and the card have by hand must equal the feed's figure of
the same region (us-east-1: dms.t2.micro $0.018 / $0.036, storage $0.115 / $0.23); a
mismatch stops the run. Rows the hand-entered source has are left out (its figure wins).

What is not: ``DMS Serverless start-data-migration`` (the row does not name its unit and
no verified figure of any region checks it, so the DCU-hour key stays as it is) and
``t3 CPU Credits per vCPU-Hours`` (no card key). Only the 21 target regions; a 0 or empty
value is missing, never free.

Usage (the feed is not committed; fetch it at the commit you cite)::

    git -C <mirror> show <commit>:raw/databasemigrationsvc.json > /tmp/dms.json
    python pricing/tools/pricewatcher_dms.py /tmp/dms.json --commit <commit> \\
        --date <commit date>
    python pricing/tools/build_catalog.py pricing/aws/dms.sqlite \\
        pricing/sources/dms.yaml pricing/sources/dms-pricewatcher.yaml
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed
import yaml

REPOSITORY = pricefeed.PRICEWATCHER
FEED = "databasemigrationsvc"
PATH = f"raw/{FEED}.json"
MARKER = "pricewatcher"
DEPLOYMENTS = {"Single": "single_az", "Multiple": "multi_az"}
SETS = {"single_az": "DMS Replication Server Single AZ",
        "multi_az": "DMS Replication Server Multiple AZ"}
STORAGE = {"storage-single-az": "DMS Storage Replication Storage Single AZ",
           "storage-multi-az": "DMS Storage Replication Storage Multiple AZ"}
_INSTANCE = re.compile(r"DMS OnDemand Replication Server (?P<family>[a-z0-9]+) "
                       r"(?P<size>[a-z0-9]+) (?P<az>Single|Multiple) AZ")

Row = tuple[str, str, tuple[str, ...], Decimal]


def set_skus(feed: dict) -> dict[str, set[str]]:
    """deployment → the Price List SKUs the feed's set of that deployment lists."""
    return {deployment: {member.split()[0] for member in feed.get("sets", {}).get(name, [])}
            for deployment, name in SETS.items()}


def instance_rows(feed: dict) -> list[Row]:
    """On-Demand replication-instance-hour rows, by class and deployment."""
    skus = set_skus(feed)
    rows = []
    for region, entries in pricefeed.regions(feed).items():
        for key, entry in entries.items():
            match = _INSTANCE.fullmatch(key)
            if not match:
                continue
            size = f"{match['family']}.{match['size']}"
            deployment = DEPLOYMENTS[match["az"]]
            if entry.get("Instance Type") != size:
                raise ValueError(f"{region}: {key!r} has instance type "
                                 f"{entry.get('Instance Type')!r}")
            if entry.get("rateCode", "").split(".")[0] not in skus[deployment]:
                raise ValueError(f"{region}: {key!r} is not in the set {SETS[deployment]!r}")
            price = pricefeed.price(entries, key, region)
            if price is not None:
                rows.append(("instance-hours", region, (f"dms.{size}", deployment), price))
    return rows


def storage_rates(feed: dict) -> dict[str, dict[str, Decimal]]:
    """card key → region → $ per GB-month of storage beyond the included amount."""
    rates: dict[str, dict[str, Decimal]] = {key: {} for key in STORAGE}
    for region, entries in pricefeed.regions(feed).items():
        for key, row in STORAGE.items():
            price = pricefeed.price(entries, row, region)
            if price is not None:
                rates[key][region] = price
    return rates


def mapping_problems(rows: list[Row], storage: dict[str, dict[str, Decimal]],
                     hand_source: Path, card: Path) -> list[str]:
    """Where the feed's figure differs from (or lacks) a rate priced by hand: the
    catalog's hand-entered rows and the card's own (unmarked) regional entries."""
    from awscalc.catalog import read_catalog_source

    feed_rows = {(key, region, dims): price for key, region, dims, price in rows}
    problems = []
    for rate in read_catalog_source(hand_source)["rates"]:
        ours = feed_rows.get((rate.key, rate.region, rate.dims))
        if ours != rate.rate:
            problems.append(f"{rate.region} {'/'.join(rate.dims)}: {hand_source.name} "
                            f"{rate.rate}, feed {ours}")
    for key, regions in own_card_rates(card).items():
        for region, rate in regions.items():
            if storage.get(key, {}).get(region) != rate:
                problems.append(f"{region} {key}: {card.name} {rate}, feed "
                                f"{storage.get(key, {}).get(region)}")
    return problems


def own_card_rates(card: Path) -> dict[str, dict[str, Decimal]]:
    """The card's storage rates entered by hand (lines not marked by this generator)."""
    text = "\n".join(line for line in card.read_text(encoding="utf-8").splitlines()
                     if not line.endswith(f"  # {MARKER}"))
    rates = yaml.safe_load(text)["rates"]
    return {key: {region: Decimal(entry["rate"])
                  for region, entry in rates[key]["regions"].items()}
            for key in STORAGE}


def note(what: str, commit: str, date: str, published: str) -> str:
    """The provenance note of a figure."""
    return pricefeed.pricewatcher_note(
        what, pricefeed.feed_url(FEED), PATH, commit, date, published)


def render(rows: list[Row], commit: str, date: str, published: str) -> str:
    """The catalog source YAML of ``rows`` (one source, every row verified: false)."""
    text = note("rows 'DMS OnDemand Replication Server <family> <size> Single AZ / "
                "Multiple AZ' (Instance Type without the 'dms.' prefix)", commit, date,
                published)
    header = [
        "# GENERATED by pricing/tools/pricewatcher_dms.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}), {PATH} (MIT): AWS's DMS",
        f"# pricing-page feed published {published} — On-Demand replication instance hours,",
        "# Single-AZ and Multi-AZ; label 3P-PL, so every row ships verified: false; 21",
        "# regions; rows the hand-entered source has (Infracost goldens) are left out.",
    ]
    keys = [
        "  - {key: instance-hours, description: Replication instance hours, "
        "unit: instance-hour,",
        "     dimensions: [instance_class, deployment]}",
    ]
    return pricefeed.catalog_source(header, "dms", "AWS Database Migration Service",
                                    f"{REPOSITORY}/blob/{commit}/{PATH}", published, text,
                                    keys, rows)


def card_lines(storage: dict[str, dict[str, Decimal]], commit: str, date: str,
               published: str) -> dict[str, dict[str, str]]:
    """The marked card lines of the storage keys: key → region → line."""
    url = f"{REPOSITORY}/blob/{commit}/{PATH}"
    return {key: {region: pricefeed.entry_line(
                      region, rate, url, note(f"row '{STORAGE[key]}' (per GB-month)",
                                              commit, date, published), MARKER)
                  for region, rate in sorted(storage[key].items())}
            for key in STORAGE}


def main(argv: list[str] | None = None) -> int:
    """Check the mapping, then write the catalog source and the card entries; print
    counts and what was kept."""
    args, feed, published = pricefeed.feed_arguments(__doc__, "databasemigrationsvc.json", argv)
    hand = args.root / "sources" / "dms.yaml"
    card = args.root / "aws" / "dms.yaml"
    rows, storage = instance_rows(feed), storage_rates(feed)
    problems = mapping_problems(rows, storage, hand, card)
    if pricefeed.refused(problems, "the feed disagrees with the rates priced by hand"):
        return 1
    kept, _ = pricefeed.without_hand_rows(rows, hand)
    output = args.root / "sources" / "dms-pricewatcher.yaml"
    output.write_text(render(kept, args.commit, args.date, published), encoding="utf-8")
    print(f"{output}: {len(kept)} rows")
    lines = card_lines(storage, args.commit, args.date, published)
    skipped = pricefeed.write_card_entries(card, lines, MARKER)
    print(f"dms.yaml: {sum(map(len, lines.values())) - len(skipped)} entries; kept the "
          f"card's own: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
