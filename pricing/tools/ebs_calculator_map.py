"""Add regional EBS rates to ``pricing/aws/ebs.yaml`` from the AWS Pricing Calculator's EBS
price map as copied in ligoj/plugin-prov-aws.

Source: ``src/test/resources/mock-server/aws/ebs-calculator.json`` in
github.com/ligoj/plugin-prov-aws (MIT), last present at commit
4cd06dde612613dc9350897f2f7ea85214c488c4 (2021-05-19; removed by the next commit). It is
the calculator's ``ec2`` price map of source ``ebs-calculator`` (manifest
``esIndex plc-ec2-usd-20210513173432``, published 2021-05-13): per region display name
("EU (Ireland)", "Asia Pacific (Sydney)", …), a price per named dimension with its Price
List rate code. Trust label 3P-PL (``../shared/pricing-facts-wave2.md``): every rate
ships ``verified: false`` with a note naming the file, its date and the dimension read.

Each card key is read from one named dimension of the region's own entry (io2 IOPS from
its three tier dimensions). A missing dimension or a value that is not a positive number
is *missing*, never free: the card keeps no rate for it there (São Paulo and Osaka have
no io2 in this file, so io2 stays an error there). Nothing is taken from another region
or dimension. Units follow the card: gp3 throughput is priced per GiBps-month in the file
and per MiBps-month on the card (÷ 1,024, exact); Magnetic I/O is priced per I/O in the
file and per million on the card (× 1,000,000, exact).

Only (key, region) pairs the card does not price yet are added: Infracost's exact
Price List figures, the 2021 Price List CSV rows and the 2024 billing rows already there
are newer or exact and stay. The io2 IOPS tier bounds (32,000 and 64,000 IOPS per volume)
are the pricing page's rule, as on the card's us-east-1 ladder; the file gives the three
tier rates by name ("Tier 2", "Tier 3").

Usage (the JSON is not committed; read it from a clone of ligoj/plugin-prov-aws)::

    git -C plugin-prov-aws.git show \\
        4cd06dd:src/test/resources/mock-server/aws/ebs-calculator.json > /tmp/ebs.json
    python pricing/tools/ebs_calculator_map.py /tmp/ebs.json [--card pricing/aws/ebs.yaml]

It rewrites the card's text in place (comments and existing entries are kept), appending
each new region entry at the end of its key's ``regions`` block; run it once (a second
run adds nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from awscalc.priceupdate.mappings import LOCATIONS, TARGET_REGIONS

COMMIT = "4cd06dde612613dc9350897f2f7ea85214c488c4"
PATH = "src/test/resources/mock-server/aws/ebs-calculator.json"
SOURCE = f"https://github.com/ligoj/plugin-prov-aws/blob/{COMMIT}/{PATH}"
ESINDEX = "plc-ec2-usd-20210513173432"

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


def note(region_name: str, what: str) -> str:
    """The note of one added rate."""
    return (f"{what} for '{region_name}' in the AWS Pricing Calculator's EBS price map "
            f"(esIndex {ESINDEX}, published 2021-05-13) copied in ligoj/plugin-prov-aws@"
            f"{COMMIT[:7]} {PATH} (MIT): a third-party copy of AWS price data (3P-PL), "
            "unverified and dated")


def entries(data: dict, region: str) -> dict[str, str]:
    """Card key → the YAML text of the region's entry, for every key the file prices."""
    names = [name for name in LOCATIONS[region] if name in data["regions"]]
    if not names:
        return {}
    name = names[0]
    entry = data["regions"][name]
    found: dict[str, str] = {}
    for key, (dimension, factor) in FLAT.items():
        value = price(entry, dimension)
        if value is None:
            continue
        what = f"'{dimension}' = {entry[dimension]['price']}"
        if factor != 1:
            what += f" (× {plain(factor)} = {plain(value * factor)} per the card's unit)"
        found[key] = (f"      {region}:\n        rate: \"{plain(value * factor)}\"\n"
                      f"        verified: false\n        source: {SOURCE}\n"
                      f"        note: {json.dumps(note(name, what), ensure_ascii=False)}\n")
    tiers = [(price(entry, dimension), bound) for dimension, bound in IO2_TIERS]
    if all(value is not None for value, _ in tiers):
        lines = [f"      {region}:\n        tiers:\n"]
        for value, bound in tiers:
            head = f"up_to: {bound}, " if bound else ""
            lines.append(f"          - {{{head}rate: \"{plain(value)}\"}}\n")
        what = ("io2 IOPS tiers '" + "', '".join(d for d, _ in IO2_TIERS) + "' = "
                + ", ".join(plain(v) for v, _ in tiers)
                + " (bounds 32,000 / 64,000 IOPS per volume: the pricing page's rule)")
        lines.append(f"        verified: false\n        source: {SOURCE}\n"
                     f"        note: {json.dumps(note(name, what), ensure_ascii=False)}\n")
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
    parser.add_argument("json_file", type=Path)
    parser.add_argument("--card", type=Path,
                        default=Path(__file__).resolve().parents[1] / "aws" / "ebs.yaml")
    args = parser.parse_args(argv)
    data = json.loads(args.json_file.read_text(encoding="utf-8"))
    if data.get("manifest", {}).get("esIndex") != ESINDEX:
        raise SystemExit(f"not the price map of {ESINDEX}: update this script's notes")
    text = args.card.read_text(encoding="utf-8")
    added = 0
    for region in TARGET_REGIONS:
        for key, block in entries(data, region).items():
            updated = insert(text, key, region, block)
            if updated is not None:
                text, added = updated, added + 1
                print(f"{key} {region}")
    args.card.write_text(text, encoding="utf-8")
    print(f"{args.card}: {added} regional rates added", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
