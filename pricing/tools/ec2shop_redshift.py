"""Redshift node hours and serverless RPU-hours from AWS's pricing-page feed, as committed
in yeo/ec2.shop.

Source: ``data/redshift/redshift.json`` in github.com/yeo/ec2.shop (MIT), a verbatim copy
of the feed AWS's Redshift pricing page loads (``meteredUnitMaps/redshift/USD/current/
redshift.json``), with its own publication date (``manifest.hawkFilePublicationDate``).
Trust label 3P-PL (``../shared/pricing-facts-wave2.md``): everything ships
``verified: false`` with a note naming repository @ commit, path and that date. Helpers:
``pricefeed.py``.

What is taken:

- ``<family> <size> OnDemand Compute Instance Current Generation`` → catalog rows
  ``node-hours`` ``(Instance Type, on_demand)`` in ``pricing/sources/redshift-ec2shop.yaml``.
- ``Redshift Serverless compute charges per RPU-Hr`` → the card key
  ``serverless-rpu-hours`` in ``pricing/aws/redshift.yaml`` (marked lines,
  :func:`pricefeed.write_card_entries`), for the regions the card does not price yet.

What is not: the feed's concurrency-scaling rows are per node-second and rounded
(eu-west-1 ra3.4xlarge $0.0010000 against $3.606 an hour = $0.0010017 a second), so they
are not turned into node-hour rates; its managed-storage, backup and Spectrum figures sit
under keys that name nothing (hashes), so they are not read either. Only the 21 target
regions; a 0 or empty value is missing, never free. A row the hand-entered source
(``pricing/sources/redshift.yaml``) has is skipped (a differing figure is printed).

Usage (the feed is not committed; fetch it at the commit you cite)::

    git show <commit>:data/redshift/redshift.json > /tmp/redshift.json
    python pricing/tools/ec2shop_redshift.py /tmp/redshift.json --commit <commit> \\
        --date <commit date>
    python pricing/tools/build_catalog.py pricing/aws/redshift.sqlite \\
        pricing/sources/redshift.yaml pricing/sources/redshift-ec2shop.yaml
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed

from awscalc.catalog import read_catalog_source

REPOSITORY = "https://github.com/yeo/ec2.shop"
PATH = "data/redshift/redshift.json"
MARKER = "ec2shop"
SERVERLESS = "Redshift Serverless compute charges per RPU-Hr"
_NODE = re.compile(r"(?P<family>[a-z0-9]+) (?P<size>[a-z0-9]+) OnDemand Compute Instance "
                   r"Current Generation")

Row = tuple[str, str, tuple[str, ...], Decimal]


def node_rows(feed: dict) -> list[Row]:
    """On-Demand node-hour rows of the feed's current-generation node types."""
    rows = []
    for region, entries in pricefeed.regions(feed).items():
        for key, entry in entries.items():
            match = _NODE.fullmatch(key)
            if not match:
                continue
            node_type = f"{match['family']}.{match['size']}"
            if entry.get("Instance Type") != node_type:
                raise ValueError(f"{region}: {key!r} has instance type "
                                 f"{entry.get('Instance Type')!r}")
            price = pricefeed.price(entries, key, region)
            if price is not None:
                rows.append(("node-hours", region, (node_type, "on_demand"), price))
    return rows


def serverless_rates(feed: dict) -> dict[str, Decimal]:
    """region → $ per RPU-hour."""
    rates = {}
    for region, entries in pricefeed.regions(feed).items():
        price = pricefeed.price(entries, SERVERLESS, region)
        if price is not None:
            rates[region] = price
    return rates


def without_hand_rows(rows: list[Row], hand_path: Path) -> tuple[list[Row], list[str]]:
    """``rows`` less those the hand-entered source has, and a line per differing figure."""
    hand = {(r.key, r.region, r.dims): r.rate for r in read_catalog_source(hand_path)["rates"]}
    kept, differing = [], []
    for key, region, dims, price in rows:
        ours = hand.get((key, region, dims))
        if ours is None:
            kept.append((key, region, dims, price))
        elif ours != price:
            differing.append(f"{region} {'/'.join(dims)}: {hand_path.name} {ours}, "
                             f"the feed {price} (kept {ours})")
    return kept, differing


def note(what: str, commit: str, date: str, published: str) -> str:
    """The provenance note of a figure."""
    return (f"{what}: AWS Redshift pricing-page feed ({pricefeed.FEED_URL}/redshift/USD/"
            f"current/redshift.json, published {published}) as committed in yeo/ec2.shop "
            f"{PATH} @ {commit[:9]} (commit of {date}; MIT; label 3P-PL); not re-checked "
            "against the current AWS page")


def render(rows: list[Row], commit: str, date: str, published: str) -> str:
    """The catalog source YAML of ``rows`` (one source, every row verified: false)."""
    text = note("rows '<node type> OnDemand Compute Instance Current Generation'", commit,
                date, published)
    lines = [
        "# GENERATED by pricing/tools/ec2shop_redshift.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}), {PATH} (MIT): AWS's Redshift",
        f"# pricing-page feed published {published} — On-Demand node hours of the current",
        "# node types; label 3P-PL, so every row ships verified: false; 21 regions; rows the",
        "# hand-entered source has (Infracost goldens) are left out.",
        "service: redshift",
        "title: Amazon Redshift",
        "sources:",
        f"  - source: {REPOSITORY}/blob/{commit}/{PATH}",
        f'    retrieved: "{published}"',
        "    verified: false",
        f"    note: {pricefeed.quote(text)}",
        "keys:",
        "  - {key: node-hours, description: Node hours, unit: node-hour,",
        "     dimensions: [node_type, purchase_option]}",
        "rates:",
    ]
    for key, region, dims, price in sorted(rows, key=lambda r: (r[1], r[2])):
        lines.append(f'  - [{key}, {region}, [{", ".join(dims)}], "{format(price, "f")}", 0]')
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the catalog source and the card entries; print counts and skipped rows."""
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("feed", type=Path, help="redshift.json")
    parser.add_argument("--commit", required=True, help="the commit the file was read at")
    parser.add_argument("--date", required=True, help="that commit's date (YYYY-MM-DD)")
    parser.add_argument("--root", type=Path, default=root, help="the pricing/ directory")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error("--commit: a full 40-digit commit hash")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        parser.error("--date: YYYY-MM-DD")
    feed = pricefeed.load(args.feed)
    published = pricefeed.published(feed)
    kept, differing = without_hand_rows(node_rows(feed),
                                        args.root / "sources" / "redshift.yaml")
    output = args.root / "sources" / "redshift-ec2shop.yaml"
    output.write_text(render(kept, args.commit, args.date, published), encoding="utf-8")
    print(f"{output}: {len(kept)} rows")
    for line in differing:
        print(f"  differs: {line}")
    url = f"{REPOSITORY}/blob/{args.commit}/{PATH}"
    text = note(f"row '{SERVERLESS}'", args.commit, args.date, published)
    lines = {"serverless-rpu-hours": {
        region: pricefeed.entry_line(region, rate, url, text, MARKER)
        for region, rate in sorted(serverless_rates(feed).items())}}
    skipped = pricefeed.write_card_entries(args.root / "aws" / "redshift.yaml", lines, MARKER)
    print(f"redshift.yaml: {len(lines['serverless-rpu-hours']) - len(skipped)} entries; "
          f"kept the card's own: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
