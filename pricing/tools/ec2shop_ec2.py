"""EC2 instance hours (On-Demand and Reserved, Linux, shared tenancy) from AWS's EC2
pricing-page feeds, as committed in yeo/ec2.shop.

Source: ``data/ec2/<region>-<feed>.json`` in github.com/yeo/ec2.shop (MIT), verbatim
copies of the feeds AWS's EC2 pricing pages load, written by the project's
``data/download.rb`` from ``https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ec2/
USD/current/…``:

- ``ondemand``: ``ec2-ondemand-without-sec-sel/<Region name>/Linux/index.json`` and
  ``previousgen-ondemand``: ``previousgen-ondemand/<Region name>/Linux/index.json`` —
  the On-Demand Linux $/hour of every current / previous-generation instance type. These
  feeds name no tenancy; their rows are the **shared-tenancy** SKUs: each row's
  ``rateCode`` SKU is the ``OnDemand:RateCode`` SKU the reserved feeds give for the same
  type with ``Tenancy: Shared`` (checked here for every type both have — a mismatch stops
  the script).
- ``reservedinstance-1y`` / ``-3y`` (``ec2-reservedinstance/<1|3> year/No Upfront/
  <Region name>/Linux/Shared/index.json``) and ``reservedinstance-convertible-1y`` /
  ``-3y`` (``ec2-reservedinstance-convertible/…``): the **No Upfront** Standard and
  Convertible Reserved Instance effective hourly rate, Linux, shared tenancy. No Upfront
  has no upfront fee, so the rate is the ``instance-hours`` row of purchase option
  ``reserved:<term>:<standard|convertible>:no_upfront`` — the keys ``awscalc pricing
  update --service ec2`` writes from the Price List's Reserved ``Hrs`` dimension
  (``awscalc/priceupdate/ec2.py``) and ``awscalc/services/ec2.py`` reads. Partial and
  All Upfront are in none of these feeds, so none is shipped.

Trust label 3P-PL (``../shared/pricing-facts-wave2.md``): every row ships
``verified: false`` with a source naming repository @ the commit that wrote the file,
the path and the feed's own date: the On-Demand feeds' ``hawkFilePublicationDate``; the
reserved feeds carry no publication date, so their date is that commit's (UTC). Only
the 21 target regions (``mappings.TARGET_REGIONS``; Local/Wavelength Zone files such as
``us-west-2-lax-1a-…`` are not read). A 0 or empty price is missing, never free. Windows,
RHEL, SUSE and Ubuntu Pro are in none of the feeds.

Every file is read at ``--commit`` from a clone (or bare git directory) of yeo/ec2.shop;
nothing is committed here but the output, ``pricing/sources/ec2-ec2shop.yaml``.

Precedence in the shipped catalog (``pricing/tools/karpenter_ec2.py``): Karpenter's
AWS-generated us-east-1 table (2026) and the hand-entered ``ec2-extra.yaml`` rows win;
these rows come next, ahead of libcloud's 2022 table (``ec2-libcloud.yaml``), which then
only fills the few (type, region) pairs the feeds lack. So that what is written is what
ships, ``--karpenter`` (the Go table the catalog is built with) leaves out the
us-east-1 On-Demand rows Karpenter has, and every reserved row whose feed priced it
against another On-Demand rate than the one that ships (:func:`consistent`). On the
5,942 (type, region) On-Demand pairs both third-party tables price they agree on 5,938;
the other 4 are us-east-2 r3 types where the 2025 feed is $0.001 lower.

Usage::

    git --git-dir <karpenter-provider-aws.git> show \\
        <commit>:pkg/providers/pricing/zz_generated.pricing_aws.go > /tmp/karpenter.go
    python pricing/tools/ec2shop_ec2.py <ec2.shop.git> --karpenter /tmp/karpenter.go \\
        --commit 74c9fd8ab5acfd9511cd6535f914d47071601ad2
    python pricing/tools/karpenter_ec2.py /tmp/karpenter.go --commit <that commit>
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

import karpenter_ec2
import pricefeed

from awscalc.catalog import scraped_price
from awscalc.priceupdate.mappings import TARGET_REGIONS

REPOSITORY = "https://github.com/yeo/ec2.shop"
DATA = "data/ec2"
# feed file suffix → (purchase option, what the feed's manifest 'source' must be)
ON_DEMAND = {"ondemand": "ec2-ondemand-without-sec-sel",
             "previousgen-ondemand": "previousgen-ondemand"}
RESERVED = {
    "reservedinstance-1y": ("reserved:1yr:standard:no_upfront", "ec2-reservedinstance"),
    "reservedinstance-3y": ("reserved:3yr:standard:no_upfront", "ec2-reservedinstance"),
    "reservedinstance-convertible-1y": ("reserved:1yr:convertible:no_upfront",
                                        "ec2-reservedinstance-convertible"),
    "reservedinstance-convertible-3y": ("reserved:3yr:convertible:no_upfront",
                                        "ec2-reservedinstance-convertible"),
}
LEASES = {"1yr": "1yr", "3yr": "3yr"}
FEED_PATHS = {
    "ondemand": "ec2-ondemand-without-sec-sel/<Region name>/Linux/index.json",
    "previousgen-ondemand": "previousgen-ondemand/<Region name>/Linux/index.json",
    "reservedinstance-1y": "ec2-reservedinstance/1 year/No Upfront/<Region name>/Linux/"
                           "Shared/index.json",
    "reservedinstance-3y": "ec2-reservedinstance/3 year/No Upfront/<Region name>/Linux/"
                           "Shared/index.json",
    "reservedinstance-convertible-1y": "ec2-reservedinstance-convertible/1 year/No Upfront/"
                                       "<Region name>/Linux/Shared/index.json",
    "reservedinstance-convertible-3y": "ec2-reservedinstance-convertible/3 year/No Upfront/"
                                       "<Region name>/Linux/Shared/index.json",
}
_TYPE = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9-]+")
# The attributes every row read must have, exactly (anything else stops the script).
_LINUX = {"Operating System": "Linux", "Pre Installed S/W": "NA"}


@dataclass(frozen=True)
class Feed:
    """One feed file: its suffix, the region it prices, the commit that wrote it (and
    that commit's UTC date), its own publication date if any, and its parsed JSON."""

    suffix: str
    region: str
    writer: str
    written: str
    published: str | None
    data: dict


@dataclass(frozen=True)
class Row:
    """One catalog row: instance type, region, purchase option, $/hour, and the feed."""

    instance_type: str
    region: str
    option: str
    price: Decimal
    feed: Feed
    on_demand: Decimal | None = None   # a reserved row: the feed's OnDemand:PricePerUnit


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True,
                          capture_output=True, text=True).stdout


def read_feed(repo: Path, commit: str, region: str, suffix: str) -> Feed:
    """The feed ``<region>-<suffix>.json`` at ``commit``, with the commit that wrote it."""
    path = f"{DATA}/{region}-{suffix}.json"
    data = json.loads(_git(repo, "show", f"{commit}:{path}"))
    if not isinstance(data, dict) or not {"manifest", "regions"} <= data.keys():
        raise ValueError(f"{path}: not a pricing-page feed (no manifest / regions)")
    writer, stamp = _git(repo, "log", "-1", "--format=%H %cI", commit, "--", path).split()
    written = datetime.fromisoformat(stamp).astimezone(UTC).date().isoformat()
    expected = ON_DEMAND.get(suffix) or RESERVED[suffix][1]
    if data["manifest"].get("source") != expected:
        raise ValueError(f"{path}: manifest source {data['manifest'].get('source')!r}, "
                         f"expected {expected!r}")
    published = pricefeed.published(data) if suffix in ON_DEMAND else None
    found = pricefeed.regions(data)
    if set(found) != {region} or len(data["regions"]) != 1:
        raise ValueError(f"{path}: prices {sorted(data['regions'])}, expected {region} only")
    return Feed(suffix, region, writer, written, published, data)


def _entries(feed: Feed) -> dict[str, dict]:
    return pricefeed.regions(feed.data)[feed.region]


def _check(feed: Feed, key: str, entry: dict, wanted: dict[str, str]) -> str:
    """The entry's instance type, after checking its attributes are ``wanted``."""
    for name, value in wanted.items():
        if entry.get(name) != value:
            raise ValueError(f"{feed.region}-{feed.suffix}: {key!r} has {name} "
                             f"{entry.get(name)!r}, expected {value!r}")
    name = entry.get("Instance Type", "")
    if not _TYPE.fullmatch(name):
        raise ValueError(f"{feed.region}-{feed.suffix}: {key!r} has instance type {name!r}")
    return name


def on_demand_rows(feed: Feed) -> tuple[list[Row], dict[str, str]]:
    """The On-Demand rows of an ``ondemand`` / ``previousgen-ondemand`` feed, and each
    type's SKU (the first part of its ``rateCode``)."""
    rows, skus = [], {}
    for key, entry in _entries(feed).items():
        name = _check(feed, key, entry, {**_LINUX, "License Model": "No License required"})
        skus[name] = entry.get("rateCode", "").split(".")[0]
        price = pricefeed.price(_entries(feed), key, f"{feed.region}-{feed.suffix}")
        if price is not None:
            rows.append(Row(name, feed.region, "on_demand", price, feed))
    return rows, skus


def reserved_rows(feed: Feed) -> tuple[list[Row], dict[str, str]]:
    """The No Upfront reserved rows of a ``reservedinstance-…`` feed, and the On-Demand
    SKU it names for each type."""
    option, _ = RESERVED[feed.suffix]
    _, term, _, _ = option.split(":")
    wanted = {**_LINUX, "Tenancy": "Shared", "PurchaseOption": "No Upfront",
              "LeaseContractLength": term}
    rows, skus = [], {}
    for key, entry in _entries(feed).items():
        name = _check(feed, key, entry, wanted)
        if entry.get("OnDemand:InstanceType") != name:
            raise ValueError(f"{feed.region}-{feed.suffix}: {key!r} names On-Demand type "
                             f"{entry.get('OnDemand:InstanceType')!r}")
        skus[name] = entry.get("OnDemand:RateCode", "").split(".")[0]
        price = pricefeed.price(_entries(feed), key, f"{feed.region}-{feed.suffix}")
        if price is not None:
            on_demand = scraped_price(entry.get("OnDemand:PricePerUnit"),
                                      f"{feed.region}-{feed.suffix}: {key}")
            rows.append(Row(name, feed.region, option, price, feed, on_demand))
    return rows, skus


def region_rows(feeds: list[Feed]) -> list[Row]:
    """Every row of one region's feeds: a type twice in the On-Demand feeds must have one
    price; every reserved type's On-Demand SKU must be the On-Demand feed's (which shows
    the On-Demand rows are the shared-tenancy SKUs)."""
    rows: dict[tuple[str, str], Row] = {}
    on_demand_skus: dict[str, str] = {}
    reserved: list[tuple[Feed, dict[str, str]]] = []
    for feed in feeds:
        if feed.suffix in ON_DEMAND:
            found, skus = on_demand_rows(feed)
            on_demand_skus.update(skus)
        else:
            found, skus = reserved_rows(feed)
            reserved.append((feed, skus))
        for row in found:
            earlier = rows.setdefault((row.instance_type, row.option), row)
            if earlier.price != row.price:
                raise ValueError(f"{row.region} {row.instance_type} {row.option}: "
                                 f"{earlier.price} and {row.price}")
    for feed, skus in reserved:
        for name, sku in skus.items():
            if name in on_demand_skus and on_demand_skus[name] != sku:
                raise ValueError(f"{feed.region}-{feed.suffix}: {name}'s On-Demand SKU {sku} "
                                 f"is not the On-Demand feed's {on_demand_skus[name]}")
    return list(rows.values())


def consistent(rows: list[Row], karpenter: dict[str, Decimal]
               ) -> tuple[list[Row], list[str]]:
    """``rows`` as they can ship beside Karpenter's us-east-1 On-Demand table, and a line
    per row left out.

    Karpenter's rows win in us-east-1, so this source's us-east-1 On-Demand rows of the
    types Karpenter prices are left out (they would never ship). A reserved row ships
    only where the On-Demand rate that ships for its type and region is the one its feed
    was priced against (its ``OnDemand:PricePerUnit``): elsewhere that is this source's
    own On-Demand row (a reserved row without one, or with another figure, is left
    out); in us-east-1 it is Karpenter's, and where Karpenter's newer figure differs
    (AWS cut the rates of metal sizes and P4/P5 after these feeds) the feed's reserved
    rate belongs to a superseded price list, so it is left out.
    """
    shipped_on_demand = {(row.region, row.instance_type): row.price for row in rows
                         if row.option == "on_demand"}
    shipped_on_demand.update({("us-east-1", name): price for name, price in karpenter.items()})
    kept, left = [], []
    for row in rows:
        if row.option == "on_demand":
            if row.region == "us-east-1" and row.instance_type in karpenter:
                continue
            kept.append(row)
            continue
        ships = shipped_on_demand.get((row.region, row.instance_type))
        if ships is None or ships != row.on_demand:
            left.append(f"{row.region} {row.instance_type} {row.option}: priced against "
                        f"On-Demand {row.on_demand}, the catalog ships {ships}")
        else:
            kept.append(row)
    return kept, left


def source_of(feed: Feed) -> tuple[str, str, str | None]:
    """The catalog source a feed's rows cite: (feed group, writing commit, date)."""
    group = "ondemand" if feed.suffix in ON_DEMAND else feed.suffix
    return group, feed.writer, feed.published or feed.written


def source_entry(group: str, writer: str, date: str, written: str) -> dict[str, str]:
    """The ``sources`` entry of one feed group."""
    if group == "ondemand":
        files = f"{DATA}/<region>-ondemand.json and -previousgen-ondemand.json"
        feeds = f"{FEED_PATHS['ondemand']} and {FEED_PATHS['previousgen-ondemand']}"
        what = ("On-Demand Linux $/hour (shared-tenancy SKUs: the reserved feeds' "
                "OnDemand:RateCode for Tenancy Shared)")
        when = f"published {date} (the feeds' hawkFilePublicationDate)"
    else:
        option = RESERVED[group][0]
        files = f"{DATA}/<region>-{group}.json"
        feeds = FEED_PATHS[group]
        what = f"Reserved Instance hourly rate, Linux, shared tenancy ({option})"
        when = f"undated feed (no publication date in its manifest); file written {date}"
    note = (f"AWS EC2 pricing-page feed {pricefeed.FEED_URL}/ec2/USD/current/{feeds}, "
            f"{when}, as committed in yeo/ec2.shop {files} @ {writer[:9]} (commit of "
            f"{written} UTC; MIT; label 3P-PL): {what}; not re-checked against the current "
            "AWS page")
    return {"source": f"{REPOSITORY}/tree/{writer}/{DATA}", "retrieved": date, "note": note}


def render(rows: list[Row], commit: str) -> str:
    """The catalog source YAML (one flow-style row a line, so a diff reads per rate)."""
    keys = sorted({(*source_of(row.feed), row.feed.written) for row in rows},
                  key=lambda k: (k[0] != "ondemand", k[0], k[1]))
    index = {key[:3]: number for number, key in enumerate(keys)}
    head = [
        "# GENERATED by pricing/tools/ec2shop_ec2.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]}, {DATA}/<region>-{{ondemand,previousgen-ondemand,",
        "# reservedinstance-{1y,3y},reservedinstance-convertible-{1y,3y}}.json (MIT): AWS's EC2",
        "# pricing-page feeds — On-Demand and No Upfront Standard/Convertible Reserved",
        "# Instance hourly rates, Linux, shared tenancy, in the 21 target regions. Label",
        "# 3P-PL: every source is verified: false. Merged into pricing/aws/ec2.sqlite by",
        "# pricing/tools/karpenter_ec2.py as a fallback: Karpenter's us-east-1 rows and",
        "# ec2-extra.yaml win; these rows win over ec2-libcloud.yaml (2022).",
        "service: ec2",
        "title: Amazon EC2",
        "sources:",
    ]
    for group, writer, date, written in keys:
        entry = source_entry(group, writer, date, written)
        head += [f"  - source: {entry['source']}",
                 f"    retrieved: \"{entry['retrieved']}\"",
                 "    verified: false",
                 f"    note: {pricefeed.quote(entry['note'])}"]
    head += ["keys:",
             "  - {key: instance-hours, description: Instance hours, unit: instance-hour,",
             "     dimensions: [instance_type, operating_system, software, tenancy, "
             "purchase_option]}",
             "rates:"]
    order = {"on_demand": 0, **{option: n + 1 for n, (option, _) in
                                enumerate(RESERVED.values())}}
    for row in sorted(rows, key=lambda r: (r.instance_type, order[r.option], r.region)):
        option = row.option if row.option == "on_demand" else f'"{row.option}"'
        head.append(f"  - [instance-hours, {row.region}, [{row.instance_type}, linux, none, "
                    f"shared, {option}], \"{format(row.price, 'f')}\", "
                    f"{index[source_of(row.feed)]}]")
    return "\n".join(head) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the catalog source; print counts per region and purchase option."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone (or bare git directory) of "
                                                "yeo/ec2.shop")
    pricefeed.provenance_arguments(parser, date_help=None)
    parser.add_argument("--karpenter", type=Path, required=True,
                        help="Karpenter's zz_generated.pricing_aws.go, the one the catalog "
                             "is built with (its us-east-1 On-Demand rows win)")
    parser.add_argument("--output", type=Path,
                        default=Path(__file__).resolve().parents[1] / "sources" /
                        "ec2-ec2shop.yaml")
    args = pricefeed.parse_provenance(parser, argv)
    rows: list[Row] = []
    for region in TARGET_REGIONS:
        feeds = [read_feed(args.repo, args.commit, region, suffix)
                 for suffix in [*ON_DEMAND, *RESERVED]]
        rows += region_rows(feeds)
    _, karpenter = karpenter_ec2.parse(args.karpenter.read_text(encoding="utf-8"))
    rows, left = consistent(rows, karpenter)
    args.output.write_text(render(rows, args.commit), encoding="utf-8")
    print(f"{args.output}: {len(rows)} rows")
    for line in left:
        print(f"  left out: {line}")
    for option in ["on_demand", *(option for option, _ in RESERVED.values())]:
        count = sum(1 for row in rows if row.option == option)
        regions = len({row.region for row in rows if row.option == option})
        print(f"  {option}: {count} rows in {regions} regions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
