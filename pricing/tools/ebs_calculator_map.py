"""Add regional EBS rates to ``pricing/aws/ebs.yaml`` from copies of AWS's EBS price feeds.

Sources, in order of preference (each is AWS's own JSON "metered unit map" that the EBS
pricing page / Pricing Calculator load: per region display name ("EU (Ireland)", "Asia
Pacific (Sydney)", …), a price per named dimension with its Price List rate code):

1. ``data/ebs/ebs.json`` in github.com/yeo/ec2.shop (MIT) at commit
   576c890f33ae177837e93499866aa04a0ac4fa89 (2024-07-18): a verbatim copy of
   ``meteredUnitMaps/ec2/USD/current/ebs.json`` (manifest ``esIndex
   plc-ec2-usd-20240718135337``, published 2024-07-18), the feed of the EBS pricing page;
2. ``src/test/resources/mock-server/aws/ebs-calculator.json`` in
   github.com/ligoj/plugin-prov-aws (MIT) at commit
   4cd06dde612613dc9350897f2f7ea85214c488c4 (2021-05-19, the last commit holding it): the
   Pricing Calculator's map of source ``ebs-calculator`` (``esIndex
   plc-ec2-usd-20210513173432``, published 2021-05-13).

Trust label 3P-PL (``../shared/pricing-facts-wave2.md``): real AWS data republished
outside AWS; every rate ships ``verified: false`` with a note naming the repository @
commit, the path, the feed's publication date and the dimension read.

Each card key is read from one named dimension of the region's own entry (io2 IOPS from
its three tier dimensions). A missing dimension or a value that is not a positive number
is *missing*, never free; a key a preferred feed lacks for a region is taken from the next
feed only if that one has it for the same region. Nothing is taken from another region or
dimension. Units follow the card: gp3 throughput is priced per GiBps-month in the feeds and
per MiBps-month on the card (÷ 1,024, exact); Magnetic I/O is priced per I/O in the feeds
and per million on the card (× 1,000,000, exact).

Only (key, region) pairs the card does not price yet are added: Infracost's exact Price
List figures, the 2021 Price List CSV rows and the 2024 billing rows already on the card
stay. The io2 IOPS tier bounds (32,000 and 64,000 IOPS per volume) are the pricing page's
rule, as on the card's us-east-1 ladder; the feeds give the three tier rates by name
("Tier 2", "Tier 3").

Usage (the feeds are not committed; read them from clones at the commits above)::

    git -C ec2.shop.git show 576c890f:data/ebs/ebs.json > /tmp/ebs-2024.json
    git -C plugin-prov-aws.git show \\
        4cd06dd:src/test/resources/mock-server/aws/ebs-calculator.json > /tmp/ebs-2021.json
    python pricing/tools/ebs_calculator_map.py /tmp/ebs-2024.json /tmp/ebs-2021.json \\
        [--card pricing/aws/ebs.yaml]

Each feed is recognised by its manifest's ``esIndex`` (an unknown one stops the script);
the order of the arguments is the order of preference. It rewrites the card's text in
place (comments and existing entries are kept), appending each new region entry at the
end of its key's ``regions`` block; a second run adds nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from awscalc.priceupdate.mappings import LOCATIONS, TARGET_REGIONS


class Feed(NamedTuple):
    """A known copy of an EBS price feed: where it is and what it says of itself."""

    source: str
    label: str       # repository@commit path, for the notes
    published: str


FEEDS: dict[str, Feed] = {
    "plc-ec2-usd-20240718135337": Feed(
        "https://github.com/yeo/ec2.shop/blob/576c890f33ae177837e93499866aa04a0ac4fa89/"
        "data/ebs/ebs.json",
        "yeo/ec2.shop@576c890 data/ebs/ebs.json, a copy of the EBS pricing page's feed "
        "meteredUnitMaps/ec2/USD/current/ebs.json", "2024-07-18"),
    "plc-ec2-usd-20210513173432": Feed(
        "https://github.com/ligoj/plugin-prov-aws/blob/4cd06dde612613dc9350897f2f7ea85214c488c4/"
        "src/test/resources/mock-server/aws/ebs-calculator.json",
        "ligoj/plugin-prov-aws@4cd06dd src/test/resources/mock-server/aws/ebs-calculator.json, "
        "a copy of the AWS Pricing Calculator's EBS price map", "2021-05-13"),
}

# card key → (the file's dimension name, multiplier to the card's unit)
FLAT: dict[str, tuple[str, Decimal]] = {
    "gp2-storage": ("Storage General Purpose gp2 GB Mo", Decimal(1)),
    "gp3-storage": ("Storage General Purpose gp3 GB Mo", Decimal(1)),
    "gp3-iops": ("Provisioned EBS IOPS gp3 Volumes per IOPS Mo", Decimal(1)),
    "gp3-throughput": ("Provisioned Throughput gp3 per GiBps mo", Decimal(1) / 1024),
    "io1-storage": ("Storage Provisioned IOPS io1 GB Mo", Decimal(1)),
    "io1-iops": ("Provisioned EBS IOPS io1 Volumes per IOPS Mo", Decimal(1)),
    "io2-storage": ("Storage Provisioned IOPS io2 GB month", Decimal(1)),
    "st1-storage": ("Storage Throughput Optimized HDD st1 GB Mo", Decimal(1)),
    "sc1-storage": ("Storage Cold HDD sc1 GB Mo", Decimal(1)),
    "standard-storage": ("Storage Magnetic standard GB Mo", Decimal(1)),
    "standard-io": ("Provisioned EBS I O Requests standard Volumes per IOs",
                    Decimal(1_000_000)),
    "snapshot-storage": ("Storage Snapshot Amazon S3 GB Mo", Decimal(1)),
    "snapshot-archive-storage": ("Storage Snapshot Amazon S3 SnapshotArchiveStorage GB Mo",
                                 Decimal(1)),
    "snapshot-archive-retrieval": ("Storage Snapshot Amazon S3 SnapshotArchiveRetrieval GB",
                                   Decimal(1)),
    "fast-snapshot-restore": ("Fast Snapshot Restore per hours", Decimal(1)),
}
IO2_TIERS = (("Provisioned EBS IOPS io2 Volumes per IOPS Mo", 32000),
             ("Provisioned EBS IOPS Tier 2 io2 Volumes per IOPS Mo", 64000),
             ("Provisioned EBS IOPS Tier 3 io2 Volumes per IOPS Mo", None))


def price(entry: dict, dimension: str) -> Decimal | None:
    """The dimension's positive price in a region's entry, or None (missing)."""
    value = entry.get(dimension, {}).get("price")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number > 0 else None


def plain(number: Decimal) -> str:
    """``number`` without trailing zeros or exponent (0.0440000000 → 0.044)."""
    return format(number.normalize(), "f")


def note(feed: Feed, region_name: str, what: str) -> str:
    """The note of one added rate."""
    return (f"{what} for '{region_name}' in {feed.label} (published {feed.published}; "
            "MIT): a third-party copy of AWS price data (3P-PL), unverified and dated")


def feed_of(data: dict) -> Feed:
    """The known feed ``data`` is, by its manifest's esIndex."""
    index = data.get("manifest", {}).get("esIndex")
    if index not in FEEDS:
        raise SystemExit(f"unknown feed {index!r}: add it to FEEDS with its source")
    return FEEDS[index]


def entries(data: dict, region: str) -> dict[str, str]:
    """Card key → the YAML text of the region's entry, for every key the file prices."""
    names = [name for name in LOCATIONS[region] if name in data["regions"]]
    if not names:
        return {}
    name = names[0]
    entry = data["regions"][name]
    feed = feed_of(data)
    found: dict[str, str] = {}
    for key, (dimension, factor) in FLAT.items():
        value = price(entry, dimension)
        if value is None:
            continue
        what = f"'{dimension}' = {entry[dimension]['price']}"
        if factor != 1:
            what += f" (× {plain(factor)} = {plain(value * factor)} per the card's unit)"
        found[key] = (f"      {region}:\n        rate: \"{plain(value * factor)}\"\n"
                      f"        verified: false\n        source: {feed.source}\n"
                      f"        note: {json.dumps(note(feed, name, what), ensure_ascii=False)}\n")
    tiers = [(price(entry, dimension), bound) for dimension, bound in IO2_TIERS]
    if all(value is not None for value, _ in tiers):
        lines = [f"      {region}:\n        tiers:\n"]
        for value, bound in tiers:
            head = f"up_to: {bound}, " if bound else ""
            lines.append(f"          - {{{head}rate: \"{plain(value)}\"}}\n")
        what = ("io2 IOPS tiers '" + "', '".join(d for d, _ in IO2_TIERS) + "' = "
                + ", ".join(plain(v) for v, _ in tiers)
                + " (bounds 32,000 / 64,000 IOPS per volume: the pricing page's rule)")
        lines.append(f"        verified: false\n        source: {feed.source}\n"
                     f"        note: {json.dumps(note(feed, name, what), ensure_ascii=False)}\n")
        found["io2-iops"] = "".join(lines)
    return found


def insert(text: str, key: str, region: str, block: str) -> str | None:
    """``text`` with ``block`` appended to ``key``'s regions, or None if ``key`` already
    prices ``region``."""
    lines = text.splitlines(keepends=True)
    start = lines.index(f"  {key}:\n")
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].startswith("  ") and not lines[i].startswith("   ")), len(lines))
    if any(line.startswith(f"      {region}:") for line in lines[start:end]):
        return None
    lines.insert(end, block)
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Add the missing regional rates; print what was added."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("json_files", type=Path, nargs="+",
                        help="the feeds, most preferred first")
    parser.add_argument("--card", type=Path,
                        default=Path(__file__).resolve().parents[1] / "aws" / "ebs.yaml")
    args = parser.parse_args(argv)
    feeds = [json.loads(path.read_text(encoding="utf-8")) for path in args.json_files]
    for data in feeds:
        feed_of(data)
    text = args.card.read_text(encoding="utf-8")
    added = 0
    for data in feeds:
        for region in TARGET_REGIONS:
            for key, block in entries(data, region).items():
                updated = insert(text, key, region, block)
                if updated is not None:
                    text, added = updated, added + 1
                    print(f"{key} {region} {feed_of(data).published}")
    args.card.write_text(text, encoding="utf-8")
    print(f"{args.card}: {added} regional rates added", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
