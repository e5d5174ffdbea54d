"""Amazon Neptune DB instance hours and card rates from AWS's pricing-page feed, as
committed in iann0036/aws-price-watcher.

Source: ``raw/neptune.json`` in github.com/iann0036/aws-price-watcher (MIT, Copyright 2025
Ian Mckay), a verbatim copy of the feed AWS's Neptune pricing page loads
(``meteredUnitMaps/neptune/USD/current/neptune.json``), with its own publication date
(``manifest.hawkFilePublicationDate``). Trust label 3P-PL
(``../shared/pricing-facts-wave2.md``): everything ships ``verified: false`` with a note
naming repository @ commit, path and that date. Helpers: ``pricefeed.py``.

What is taken:

- DB instance hours, On-Demand, Standard and I/O-Optimized, into
  ``pricing/sources/neptune-pricewatcher.yaml`` (catalog rows ``instance-hours``
  ``(instance_class, storage_configuration, on_demand)``). The feed's ``sets`` name which
  price-list rows are instances and of which configuration: members of ``Neptune Memory
  Optimized Current Generation`` / ``Neptune General purpose Current Generation`` are
  Standard (``InstanceUsage:<class>``), those of the two ``Neptune IO optimized …`` sets
  I/O-Optimized; a member's class is its ``Instance Type`` attribute and its rate code must
  be On-Demand (term ``JRTCKXETXF``, hourly dimension ``6YS6EN2CT7``).
- ``Storage Rate`` → card key ``storage``, ``IO Rate`` (per I/O, × 1,000,000 = per
  million) → ``io-requests``, ``Storage Snapshot Rate`` → ``backup-storage`` (in
  ``pricing/aws/neptune.yaml``, marked lines, :func:`pricefeed.write_card_entries`), for
  the regions the card does not price yet.
- Mapping check: the shipped verified figures (eu-west-2, Infracost's Price List goldens:
  the hand-entered catalog rows and the card's eu-west-2 entries) must each equal the
  feed's eu-west-2 figure, or nothing is written. Neptune ships no verified us-east-1
  figure, so eu-west-2 is the region that proves the mapping.

- db.t3 CPU credits per vCPU-hour (catalog rows ``cpu-credits`` ``(db.t3,)``) into
  ``pricing/sources/neptune-pricewatcher-credits.yaml``. The feed names no CPU-credit row,
  so the row is identified, not read by name: in eu-west-2 exactly two unnamed On-Demand
  rows (empty ``Instance Type``) carry the verified ``EUW2-CPUCredits:db.t3`` figure, and
  wherever the feed lists only one of the two it is always the same one, in regions that
  offer db.t3 and no db.t4g class (Africa (Cape Town), Israel (Tel Aviv), Middle East
  (UAE)): that row is db.t3's. Anything else stops the run. The other row is probably
  db.t4g's, but the feed also lists it where no db.t4g class is offered (Middle East
  (Bahrain)), so db.t4g credits are not taken.

What is not: I/O-Optimized storage (``IO
optimized Storage Rate General Purpose-Aurora``: the card has no key for it and no
verified figure checks it); Serverless NCU-hours (no card key); ``Neptune ReplicatedWrite``
and the Neptune Analytics rows (``Storage Snapshot MemoryOptimizedGraphSnaphot``, the
unnamed memory-optimized graph rows) — not billed by awscalc's Neptune Database. Only the
21 target regions; a 0 or empty value is missing, never free. A catalog row the
hand-entered source (``pricing/sources/neptune.yaml``) has is skipped: the verified
figure wins (a different figure stops the run, see the mapping check).

Usage (the feed is not committed; fetch it at the commit you cite)::

    git -C <aws-price-watcher> show <commit>:raw/neptune.json > /tmp/neptune.json
    python pricing/tools/pricewatcher_neptune.py /tmp/neptune.json --commit <commit> \\
        --date <commit date>
    python pricing/tools/build_catalog.py pricing/aws/neptune.sqlite \\
        pricing/sources/neptune.yaml pricing/sources/neptune-pricewatcher.yaml \\
        pricing/sources/neptune-pricewatcher-credits.yaml
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed

REPOSITORY = pricefeed.PRICEWATCHER
PATH = "raw/neptune.json"
MARKER = "pricewatcher"
CHECK_REGION = "eu-west-2"
ON_DEMAND = "JRTCKXETXF.6YS6EN2CT7"
# feed set → awscalc storage configuration
SETS = {"Neptune Memory Optimized Current Generation": "standard",
        "Neptune General purpose Current Generation": "standard",
        "Neptune IO optimized Memory Optimized Current Generation": "io_optimized",
        "Neptune IO optimized General purpose Current Generation": "io_optimized"}
# card key → (the feed's row, factor to the card's unit)
CARD_ROWS = {"storage": ("Storage Rate", Decimal(1)),
             "io-requests": ("IO Rate", Decimal(1_000_000)),
             "backup-storage": ("Storage Snapshot Rate", Decimal(1))}

Row = tuple[str, str, tuple[str, ...], Decimal]


def configurations(feed: dict) -> dict[str, str]:
    """Set-member key (``<SKU> <term>.<rate> <n>``) → storage configuration; a set this
    module does not know is an error (its rows would be read unchecked)."""
    found: dict[str, str] = {}
    for name, members in feed.get("sets", {}).items():
        if name not in SETS:
            raise ValueError(f"unknown feed set {name!r}")
        for member in members:
            found[member] = SETS[name]
    return found


def instance_rows(feed: dict) -> list[Row]:
    """On-Demand instance-hour rows of every set member the target regions price."""
    members = configurations(feed)
    rows: dict[tuple[str, tuple[str, ...]], Decimal] = {}
    for region, entries in pricefeed.regions(feed).items():
        for key, entry in entries.items():
            if key not in members:
                continue
            _check_member(key, entry, region)
            price = pricefeed.price(entries, key, region)
            if price is None:
                continue
            dims = (entry["Instance Type"], members[key], "on_demand")
            if rows.setdefault((region, dims), price) != price:
                raise ValueError(f"{region} {'/'.join(dims)}: two prices "
                                 f"{rows[(region, dims)]} and {price}")
    return [("instance-hours", region, dims, price)
            for (region, dims), price in sorted(rows.items())]


def _check_member(key: str, entry: dict, region: str) -> None:
    """A set member must be an On-Demand rate of a DB instance class."""
    sku = key.split(" ")[0]
    if entry.get("rateCode") != f"{sku}.{ON_DEMAND}":
        raise ValueError(f"{region}: {key!r} has rate code {entry.get('rateCode')!r}")
    if not str(entry.get("Instance Type", "")).startswith("db."):
        raise ValueError(f"{region}: {key!r} has instance type "
                         f"{entry.get('Instance Type')!r}")


def card_rates(feed: dict) -> dict[str, dict[str, Decimal]]:
    """card key → region → rate in the card's unit."""
    rates: dict[str, dict[str, Decimal]] = {}
    for region, entries in pricefeed.regions(feed).items():
        for key, (row, factor) in CARD_ROWS.items():
            entry = entries.get(row)
            if entry is not None and not entry.get("rateCode", "").endswith(ON_DEMAND):
                raise ValueError(f"{region}: {row!r} has rate code {entry.get('rateCode')!r}")
            price = pricefeed.price(entries, row, region)
            if price is not None:
                rates.setdefault(key, {})[region] = (price * factor).normalize()
    return rates


def _unnamed(entries: dict) -> dict[str, Decimal]:
    """The unnamed On-Demand rows of a region (empty ``Instance Type``, keyed by their
    regionless rate code) → price; a 0 is missing."""
    found = {}
    for key, entry in entries.items():
        if (entry.get("Instance Type") == "" and entry.get("RegionlessRateCode") == key
                and entry.get("rateCode", "").endswith(ON_DEMAND)):
            price = Decimal(entry["price"])
            if price:
                found[key] = price.normalize()
    return found


def _families_offered(entries: dict) -> set[str]:
    """The burstable families (db.t3, db.t4g) a region lists instance classes of."""
    return {".".join(str(entry.get("Instance Type", "")).split(".")[:2])
            for entry in entries.values()
            if str(entry.get("Instance Type", "")).startswith(("db.t3.", "db.t4g."))}


def credit_key(feed: dict, verified: Decimal) -> str:
    """The regionless key of db.t3's CPU-credit row, identified as the module docstring
    says; a ValueError when the feed does not allow it."""
    london = pricefeed.regions(feed)[CHECK_REGION]
    pair = {key for key, price in _unnamed(london).items() if price == verified}
    if len(pair) != 2:
        raise ValueError(f"{CHECK_REGION}: {len(pair)} unnamed rows at the verified CPU-credit "
                         f"figure {verified}, not 2")
    lone = [(pair & set(_unnamed(entries)), _families_offered(entries))
            for entries in feed["regions"].values()
            if len(pair & set(_unnamed(entries))) == 1]
    owners = {key for listed, _ in lone for key in listed}
    if len(owners) != 1 or any(families != {"db.t3"} for _, families in lone):
        raise ValueError("no single row is the one listed alone where only db.t3 is offered")
    return owners.pop()


def credit_rows(feed: dict, key: str) -> list[Row]:
    """Catalog rows ``cpu-credits`` ``(db.t3,)`` of every target region that lists ``key``."""
    return [("cpu-credits", region, ("db.t3",), _unnamed(entries)[key])
            for region, entries in pricefeed.regions(feed).items()
            if key in _unnamed(entries)]


def mapping_problems(rows: list[Row], rates: dict[str, dict[str, Decimal]],
                     root: Path) -> list[str]:
    """Every shipped verified figure (the hand-entered source's instance rows, the card's
    eu-west-2 storage, I/O and backup entries) the feed's eu-west-2 figure does not equal;
    empty when the mapping holds."""
    from awscalc.catalog import read_catalog_source

    feed_rows = {(key, region, dims): price for key, region, dims, price in rows}
    problems = []
    for hand in read_catalog_source(root / "sources" / "neptune.yaml")["rates"]:
        if hand.key != "instance-hours":
            continue   # CPU credits: not read from the feed
        ours = feed_rows.get((hand.key, hand.region, hand.dims))
        if ours != hand.rate:
            problems.append(f"{hand.region} {'/'.join(hand.dims)}: shipped {hand.rate}, "
                            f"feed {ours}")
    card = yaml.safe_load((root / "aws" / "neptune.yaml").read_text(encoding="utf-8"))
    for key in CARD_ROWS:
        entry = card["rates"][key]["regions"][CHECK_REGION]
        shipped = Decimal(str(entry["rate"]))
        ours = rates.get(key, {}).get(CHECK_REGION)
        if ours != shipped:
            problems.append(f"{CHECK_REGION} {key}: shipped {shipped}, feed {ours}")
    return problems


def note(what: str, commit: str, date: str, published: str) -> str:
    """The provenance note of a figure."""
    return pricefeed.pricewatcher_note(what, pricefeed.feed_url("neptune"), PATH, commit,
                                       date, published, feed="Neptune pricing-page feed")


def render(rows: list[Row], commit: str, date: str, published: str) -> str:
    """The catalog source YAML of ``rows`` (one source, every row verified: false)."""
    text = note("members of the sets 'Neptune [IO optimized ]<Memory Optimized|General "
                "purpose> Current Generation' (class: their Instance Type)", commit, date,
                published)
    return _source(["On-Demand DB instance hours, Standard and I/O-Optimized; label 3P-PL,",
                    "so every row ships verified: false; 21 target regions; rows the",
                    "hand-entered source has (Infracost goldens) are left out."],
                   ["  - {key: instance-hours, description: DB instance hours, unit: "
                    "instance-hour,",
                    "     dimensions: [instance_class, storage_configuration, "
                    "purchase_option]}"], rows, text, commit, date, published)


def _source(what: list[str], keys: list[str], rows: list[Row], text: str, commit: str,
            date: str, published: str) -> str:
    """A generated catalog source of ``rows``: the common header, then ``what``."""
    header = [
        "# GENERATED by pricing/tools/pricewatcher_neptune.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}), {PATH} (MIT): AWS's Neptune",
        f"# pricing-page feed published {published} —",
        *(f"# {line}" for line in what),
    ]
    return pricefeed.catalog_source(header, "neptune", "Amazon Neptune",
                                    f"{REPOSITORY}/blob/{commit}/{PATH}", published, text,
                                    keys, rows)


def render_credits(rows: list[Row], key: str, commit: str, date: str,
                   published: str) -> str:
    """The catalog source YAML of the CPU-credit ``rows``."""
    text = note(f"the unnamed row {key}, identified as db.t3's CPU credits: in "
                f"{CHECK_REGION} one of the only two unnamed rows at the verified "
                "CPUCredits:db.t3 figure, and the one the feed lists alone where db.t3 is "
                "offered without db.t4g (Africa (Cape Town), Israel (Tel Aviv), Middle East "
                "(UAE)); in every target region that lists both, they carry the same "
                "figure", commit, date, published)
    return _source(["db.t3 CPU credits per vCPU-hour, from a row the feed does not name",
                    "(identified as the generator's docstring says); label 3P-PL, so every",
                    "row ships verified: false; 21 target regions; rows the hand-entered",
                    "source has are left out."],
                   ["  - {key: cpu-credits, description: CPU credits (burstable classes), "
                    "unit: vCPU-hour,",
                    "     dimensions: [instance_family]}"], rows, text, commit, date, published)


def card_lines(rates: dict[str, dict[str, Decimal]], commit: str, date: str,
               published: str) -> dict[str, dict[str, str]]:
    """The marked card lines of ``rates``."""
    url = f"{REPOSITORY}/blob/{commit}/{PATH}"
    lines: dict[str, dict[str, str]] = {}
    for key, by_region in rates.items():
        row, factor = CARD_ROWS[key]
        per = " × 1,000,000 (per I/O in the feed)" if factor != 1 else ""
        text = note(f"row '{row}'{per}", commit, date, published)
        lines[key] = {region: pricefeed.entry_line(region, rate, url, text, MARKER)
                      for region, rate in sorted(by_region.items())}
    return lines


def main(argv: list[str] | None = None) -> int:
    """Check the mapping, then write the catalog source and the card entries; print
    counts and the regions the card keeps."""
    args, feed, published = pricefeed.feed_arguments(__doc__, "neptune.json", argv)
    rows, rates = instance_rows(feed), card_rates(feed)
    problems = mapping_problems(rows, rates, args.root)
    if pricefeed.refused(problems, "mapping check failed"):
        return 1
    kept, differing = pricefeed.without_hand_rows(rows, args.root / "sources" / "neptune.yaml")
    assert not differing, differing   # the mapping check compared every hand row
    output = args.root / "sources" / "neptune-pricewatcher.yaml"
    output.write_text(render(kept, args.commit, args.date, published), encoding="utf-8")
    print(f"{output}: {len(kept)} rows")
    write_credits(feed, args, published)
    lines = card_lines(rates, args.commit, args.date, published)
    skipped = pricefeed.write_card_entries(args.root / "aws" / "neptune.yaml", lines, MARKER)
    print(f"neptune.yaml: {sum(map(len, lines.values())) - len(skipped)} entries; "
          f"kept the card's own: {', '.join(skipped)}")
    return 0


def write_credits(feed: dict, args: argparse.Namespace, published: str) -> None:
    """Identify the CPU-credit rows and write their catalog source."""
    from awscalc.catalog import read_catalog_source

    hand = args.root / "sources" / "neptune.yaml"
    verified = next(r.rate for r in read_catalog_source(hand)["rates"]
                    if r.key == "cpu-credits" and r.region == CHECK_REGION
                    and r.dims == ("db.t3",))
    key = credit_key(feed, verified)
    kept, differing = pricefeed.without_hand_rows(credit_rows(feed, key), hand)
    assert not differing, differing   # eu-west-2's db.t3 row is the identifying figure
    output = args.root / "sources" / "neptune-pricewatcher-credits.yaml"
    output.write_text(render_credits(kept, key, args.commit, args.date, published),
                      encoding="utf-8")
    print(f"{output}: {len(kept)} rows")


if __name__ == "__main__":
    sys.exit(main())
