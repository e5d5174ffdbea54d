"""Shared helpers of the generators that read copies of AWS's pricing-page price feeds.

AWS's pricing pages load their figures from JSON "metered unit maps"
(``https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/<svc>/USD/current/<file>.json``):
``{"manifest": {..., "hawkFilePublicationDate": ...}, "sets": {...}, "regions":
{"EU (Ireland)": {"<descriptive key>": {"price": "0.2880000000", ...}, ...}, ...}}``.
Public repositories commit copies of them; a figure read from such a copy is label 3P-PL
(``../shared/pricing-facts-wave2.md``): real AWS data, republished outside AWS, shipped
``verified: false`` with a note naming repository @ commit, path and the feed's own
publication date.

This module gives the region names of those feeds, the feed's date, and a way to write a
generator's regional entries into a hand-written rate card: each generated entry is one
flow-style line ending in a marker comment, so a re-run replaces exactly its own lines
and leaves every hand entry (and every other generator's entries) alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from awscalc.catalog import scraped_price
from awscalc.priceupdate.mappings import LOCATIONS, TARGET_REGIONS

FEED_URL = "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps"
PRICEWATCHER = "https://github.com/iann0036/aws-price-watcher"


def refused(problems: list[str], why: str) -> bool:
    """Whether a generator must stop: print ``why`` and each problem to stderr when there
    are any (the generator then writes nothing)."""
    if problems:
        print(f"{why}; nothing written:", *problems, sep="\n  ", file=sys.stderr)
    return bool(problems)


def feed_url(feed: str, directory: str | None = None) -> str:
    """The URL of AWS's pricing-page feed ``feed`` (in ``directory``, default its own)."""
    return f"{FEED_URL}/{directory or feed}/USD/current/{feed}.json"


def pricewatcher_note(what: str, feed_url: str, path: str, commit: str, date: str,
                      published: str, feed: str = "pricing-page feed") -> str:
    """The provenance note of ``what`` read from AWS's feed at ``feed_url`` as committed
    in iann0036/aws-price-watcher at ``path`` (every pricewatcher_* generator's wording)."""
    return (f"{what} of AWS's {feed} ({feed_url}, published {published}) as committed in "
            f"iann0036/aws-price-watcher {path} @ {commit[:9]} (commit of {date}; MIT; label "
            "3P-PL); not re-checked against the current AWS page")


def provenance_arguments(parser: argparse.ArgumentParser, root: Path | None = None,
                         date_help: str | None = "that commit's date (YYYY-MM-DD)") -> None:
    """Add the ``--commit`` option every generator takes, ``--date`` (unless
    ``date_help`` is None) and ``--root`` (with a ``root``)."""
    parser.add_argument("--commit", required=True, help="the commit the files were read at")
    if date_help is not None:
        parser.add_argument("--date", required=True, help=date_help)
    if root is not None:
        parser.add_argument("--root", type=Path, default=root, help="the pricing/ directory")


def feed_arguments(doc: str, feed_name: str,
                   argv: list[str] | None) -> tuple[argparse.Namespace, dict, str]:
    """The command line of a generator that reads one feed file (``feed_name``) with
    ``--commit``, ``--date`` and ``--root``: its arguments, the loaded feed and the
    feed's publication date. ``doc`` is the generator's docstring (its first line is the
    help's description)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("feed", type=Path, help=feed_name)
    provenance_arguments(parser, Path(__file__).resolve().parents[1])
    args = parse_provenance(parser, argv)
    feed = load(args.feed)
    return args, feed, published(feed)


def parse_provenance(parser: argparse.ArgumentParser,
                     argv: list[str] | None) -> argparse.Namespace:
    """Parse ``argv``; a commit that is not a full hash or a date not YYYY-MM-DD is a
    usage error (the notes cite both, so neither may be abbreviated)."""
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error("--commit: a full 40-digit commit hash")
    if getattr(args, "date", None) is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}",
                                                                    args.date):
        parser.error("--date: YYYY-MM-DD")
    return args


def without_hand_rows(rows: Iterable[tuple[str, str, tuple[str, ...], Decimal]],
                      hand_path: Path, newer: tuple[Path, ...] = (),
                      label: str = "the feed") -> tuple[list, list[str]]:
    """Catalog ``rows`` less those the hand-entered source at ``hand_path`` has (its
    figure wins), and a line per figure that differs. A row a ``newer`` generated source
    has is dropped silently (the newer figure wins)."""
    from awscalc.catalog import read_catalog_source

    hand = {(r.key, r.region, r.dims): r.rate for r in read_catalog_source(hand_path)["rates"]}
    later = {(r.key, r.region, r.dims) for path in newer if path.exists()
             for r in read_catalog_source(path)["rates"]}
    kept, differing = [], []
    for key, region, dims, price in rows:
        ours = hand.get((key, region, dims))
        if (key, region, dims) in later:
            continue
        if ours is None:
            kept.append((key, region, dims, price))
        elif ours != price:
            differing.append(f"{region} {'/'.join(dims)}: {hand_path.name} {ours}, "
                             f"{label} {price} (kept {ours})")
    return kept, differing


def load(path: Path) -> dict:
    """A feed file, checked for the three parts every feed has."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not {"manifest", "regions"} <= data.keys():
        raise ValueError(f"{path}: not a pricing-page feed (no manifest / regions)")
    return data


def published(feed: dict) -> str:
    """The feed's own publication date, YYYY-MM-DD."""
    stamp = feed["manifest"].get("hawkFilePublicationDate", "")
    if not re.match(r"\d{4}-\d{2}-\d{2}T", stamp):
        raise ValueError(f"feed without a publication date: {feed['manifest']!r}")
    return stamp[:10]


def regions(feed: dict) -> dict[str, dict]:
    """The feed's entries of each of the 21 target regions present, by region code."""
    found = {}
    for code in TARGET_REGIONS:
        names = [name for name in LOCATIONS[code] if name in feed["regions"]]
        if len(names) > 1:
            raise ValueError(f"{code}: the feed has both {names}")
        if names:
            found[code] = feed["regions"][names[0]]
    return found


def price(entries: dict, key: str, where: str) -> Decimal | None:
    """The price of ``key`` in a region's entries; None when absent, 0 or empty (a 0 in a
    scrape is "not found", never free)."""
    entry = entries.get(key)
    if entry is None:
        return None
    value = entry.get("price")
    if isinstance(value, str) and re.fullmatch(r"0+(\.0*)?", value.strip()):
        return None   # the feeds write their zeros as "0.0000000000"
    found = scraped_price(value, f"{where}: {key}")
    return None if found is None else found.normalize()


def quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalog_source(header: list[str], service: str, title: str, source: str,
                   retrieved: str, note: str, keys: list[str],
                   rows: Iterable[tuple[str, str, tuple[str, ...], Decimal]]) -> str:
    """A generated catalog source (``build_catalog.py`` reads it): the ``header``
    comments, one unverified source, the ``keys`` lines and ``rows`` by region and
    dimensions."""
    lines = [*header, f"service: {service}", f"title: {title}", "sources:",
             f"  - source: {source}", f'    retrieved: "{retrieved}"', "    verified: false",
             f"    note: {quote(note)}", "keys:", *keys, "rates:"]
    lines += [f'  - [{key}, {region}, [{", ".join(dims)}], "{format(price, "f")}", 0]'
              for key, region, dims, price in sorted(rows, key=lambda r: (r[1], r[2]))]
    return "\n".join(lines) + "\n"


def entry_line(region: str, rate: Decimal, source: str, note: str, marker: str) -> str:
    """One generated regional entry of a rate card (six spaces deep, marked)."""
    return (f"      {region}: {{rate: {quote(format(rate, 'f'))}, verified: false, "
            f"source: {source}, note: {quote(note)}}}  # {marker}")


def write_card_entries(card: Path, entries: dict[str, dict[str, str]], marker: str) -> list[str]:
    """Put ``entries`` (card key → region → generated line) into ``card``'s regions maps.

    Lines marked ``# <marker>`` from an earlier run are dropped first; a region the card
    already prices by hand (or through another generator) keeps that entry and the
    generated one is skipped. Returns ``key region`` of each skipped entry. A key the
    card lacks is an error: generators fill the card's keys, they do not invent keys.
    """
    tag = f"  # {marker}"
    lines = [line for line in card.read_text(encoding="utf-8").splitlines()
             if not line.endswith(tag)]
    skipped: list[str] = []
    for key, by_region in entries.items():
        start = _key_line(lines, key, card)
        regions_at = next((i for i in range(start + 1, len(lines))
                           if lines[i] == "    regions:"), None)
        if regions_at is None or _block_end(lines, start) <= regions_at:
            raise ValueError(f"{card.name}: key {key} has no 'regions:' map")
        end = _block_end(lines, regions_at, indent=6)
        present = {m.group(1) for line in lines[regions_at + 1:end]
                   if (m := re.match(r"      ([a-z0-9-]+):", line))}
        new = []
        for region, line in by_region.items():
            if region in present:
                skipped.append(f"{key} {region}")
            else:
                new.append(line)
        lines[end:end] = new
    card.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return skipped


def _key_line(lines: list[str], key: str, card: Path) -> int:
    """Index of ``  key:`` under the card's ``rates:``."""
    try:
        rates = lines.index("rates:")
        return lines.index(f"  {key}:", rates)
    except ValueError:
        raise ValueError(f"{card.name}: no rate key {key}") from None


def _block_end(lines: list[str], start: int, indent: int = 4) -> int:
    """Index just past the lines nested under ``lines[start]`` (at least ``indent``
    spaces deep; blank lines and comments inside are kept in the block)."""
    end = start + 1
    last = start
    while end < len(lines):
        line = lines[end]
        if line.strip() and not line.lstrip().startswith("#"):
            if len(line) - len(line.lstrip()) < indent:
                break
            last = end
        end += 1
    return last + 1
