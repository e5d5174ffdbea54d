"""Redshift concurrency scaling, managed storage, backup storage and Spectrum outside
us-east-1 from AWS's pricing-page feed, as committed in iann0036/aws-price-watcher.

Source: ``raw/redshift.json`` in github.com/iann0036/aws-price-watcher (MIT), a verbatim
copy of the feed AWS's Redshift pricing page loads (``meteredUnitMaps/redshift/USD/current/
redshift.json``), with its own publication date (``manifest.hawkFilePublicationDate``).
Trust label 3P-PL (``../shared/pricing-facts-wave2.md``): everything ships ``verified:
false`` with a note naming repository @ commit, path and that date. Helpers:
``pricefeed.py``. Node hours and serverless RPU-hours come from an earlier copy of the same
feed (``ec2shop_redshift.py``) and are not touched here.

What is taken:

- **Concurrency scaling** → catalog rows ``concurrency-scaling-hours`` ``(node type)`` in
  ``pricing/sources/redshift-pricewatcher.yaml``. AWS bills usage beyond the free credits
  "on a per-second basis based on the on-demand rate of their Amazon Redshift cluster"
  (What's New, 2022-11-15: :data:`RULE`), so a node's concurrency-scaling rate per
  node-hour *is* its On-Demand node-hour rate in the same region: the row takes the
  feed's ``<type> OnDemand Compute Instance Current Generation`` figure. Only where the
  region has the type's ``... Redshift Concurrency Scaling Current Generation ...`` row
  (AWS offers it there), and only when that row's per-second figure is the node-hour
  rate ÷ 3,600 to within 5 % (the feed rounds it for display: dc2.large in eu-west-1 is
  $0.00008 for $0.3 ÷ 3,600 = $0.0000833; node types differ by 3× or more) and the
  shipped catalog charges the same node-hour rate; otherwise the row is left out and
  printed.
- **Managed storage, backup storage, Spectrum** → the card keys ``managed-storage``,
  ``backup-storage`` (three tiers) and ``spectrum-scanned`` of ``pricing/aws/redshift.yaml``
  (marked lines, :func:`pricefeed.write_card_entries`). The feed lists them only under hash
  keys (each the row's regionless rate code, the same in every region), so each is
  identified once, in us-east-1, by the Price List's structure and the verified figure,
  and followed by its hash key into the other regions:

  - managed storage: the ra3.4xlarge row of the On-Demand term that is neither the node's
    nor a concurrency-scaling SKU and not $0 (the Price List's RMS product carries the
    node type, as Infracost's filter shows; a ra3.4xlarge has exactly four On-Demand
    SKUs: node, concurrency scaling, its free usage at $0, RMS), $0.024;
  - backup storage: the only SKU with three rates (tiers), $0.023 / $0.022 / $0.021, each
    tier's rate code fixed by its us-east-1 figure; the tier bounds are the card's;
  - Spectrum: the only row without a node type, of a single rate, that no named row
    holds, at $5.00 (the Data Scan product carries no node type).

The mapping is checked before anything is written: the feed's us-east-1 node-hour and
per-second concurrency figures must equal the verified ones (Infracost's goldens,
pricing-facts-wave2 §15), the derived us-east-1 rows must equal the hand-entered source's,
and each identification must find exactly one row equal to the card's us-east-1 figure;
a mismatch stops the run. A region keeps the card's own entry (a differing figure is
printed).

What is not: ds2 (no node-hour row), ra3.large (no concurrency-scaling row), serverless
managed storage and the other unnamed rows. Only the 21 target regions; a 0 or empty
value is missing, never free.

Usage (the feed is not committed; fetch it at the commit you cite)::

    git -C <mirror> show <commit>:raw/redshift.json > /tmp/redshift.json
    python pricing/tools/pricewatcher_redshift.py /tmp/redshift.json --commit <commit> \\
        --date <commit date>
    python pricing/tools/build_catalog.py pricing/aws/redshift.sqlite \\
        pricing/sources/redshift.yaml pricing/sources/redshift-ec2shop.yaml \\
        pricing/sources/redshift-pricewatcher.yaml
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed
import yaml

REPOSITORY = pricefeed.PRICEWATCHER
FEED = "redshift"
PATH = f"raw/{FEED}.json"
MARKER = "pricewatcher"
RULE = ("https://aws.amazon.com/about-aws/whats-new/2022/11/"
        "amazon-redshift-concurrency-scaling-write-workloads/")
ON_DEMAND = "JRTCKXETXF"        # the On-Demand offer term of a rate code
SINGLE_RATE = "6YS6EN2CT7"      # the rate code of an untiered On-Demand price
# Infracost's us-east-1 goldens per node-second (pricing-facts-wave2 §15, label IC)
IC_PER_SECOND = {"ra3.4xlarge": Decimal("0.0009"), "ra3.16xlarge": Decimal("0.00362"),
                 "dc2.large": Decimal("0.00007")}
# the feed's per-second figures are rounded for display: within 5 % of node-hour ÷ 3,600
PER_SECOND_TOLERANCE = Decimal("0.05")
SECONDS_PER_HOUR = 3600
RMS_NODE = "ra3.4xlarge"
HOME = "us-east-1"
_NODE = re.compile(r"(?P<family>[a-z0-9]+) (?P<size>[a-z0-9]+) OnDemand Compute Instance "
                   r"Current Generation")
_SCALING = re.compile(r"(?P<family>[a-z0-9]+) (?P<size>[a-z0-9]+) Redshift Concurrency "
                      r"Scaling Current Generation .+")

Row = tuple[str, str, tuple[str, ...], Decimal]


def sku(entry: dict) -> str:
    """The Price List SKU of a feed entry (its rate code's first part)."""
    return entry.get("rateCode", "").split(".")[0]


def named(entries: dict, pattern: re.Pattern[str], where: str
          ) -> dict[str, list[tuple[Decimal | None, dict]]]:
    """node type → (price, entry) of each descriptive row ``pattern`` matches."""
    found: dict[str, list[tuple[Decimal | None, dict]]] = {}
    for key, entry in entries.items():
        match = pattern.fullmatch(key)
        if match:
            node_type = f"{match['family']}.{match['size']}"
            if entry.get("Instance Type") != node_type:
                raise ValueError(f"{where}: {key!r} has instance type "
                                 f"{entry.get('Instance Type')!r}")
            found.setdefault(node_type, []).append(
                (pricefeed.price(entries, key, where), entry))
    return found


def concurrency_rows(feed: dict) -> tuple[list[Row], list[str]]:
    """Concurrency-scaling node-hour rows (the node's On-Demand rate), and why rows were
    left out."""
    rows, dropped = [], []
    for region, entries in pricefeed.regions(feed).items():
        nodes = named(entries, _NODE, region)
        for node_type, scaling in sorted(named(entries, _SCALING, region).items()):
            node = nodes.get(node_type, [(None, {})])[0][0]
            if node is None:
                continue
            off = [p for p, _ in scaling
                   if p is None or abs(p * SECONDS_PER_HOUR - node)
                   > PER_SECOND_TOLERANCE * node]
            if off:
                dropped.append(f"{region} {node_type}: per-second {off} is not "
                               f"{node} ÷ 3,600")
            else:
                rows.append(("concurrency-scaling-hours", region, (node_type,), node))
    return rows, dropped


def hash_keys(feed: dict, card: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """card key → the hash key(s) of its row(s), identified in us-east-1 (see the module
    docstring); a tiered key's are in tier order."""
    entries = feed["regions"][home_name(feed)]
    unnamed = {key: entry for key, entry in entries.items()
               if entry.get("RegionlessRateCode") == key
               and entry.get("rateCode", "").split(".")[1:2] == [ON_DEMAND]}
    named_skus = {sku(entry) for key, entry in entries.items()
                  if entry.get("RegionlessRateCode") != key}
    return {"managed-storage": (_managed_storage(entries, unnamed, card),),
            "spectrum-scanned": (_spectrum(unnamed, named_skus, card),),
            "backup-storage": _backup(unnamed, card)}


def home_name(feed: dict) -> str:
    """The feed's region name of us-east-1."""
    names = [name for name in pricefeed.LOCATIONS[HOME] if name in feed["regions"]]
    if len(names) != 1:
        raise ValueError(f"the feed has no single {HOME} region: {names}")
    return names[0]


def _only(candidates: list[str], what: str) -> str:
    if len(candidates) != 1:
        raise ValueError(f"{HOME}: {len(candidates)} rows could be {what}: {candidates}")
    return candidates[0]


def _managed_storage(entries: dict, unnamed: dict, card: dict[str, Any]) -> str:
    own = {sku(entry) for _, entry in named(entries, _NODE, HOME).get(RMS_NODE, [])}
    own |= {sku(entry) for _, entry in named(entries, _SCALING, HOME).get(RMS_NODE, [])}
    candidates = [key for key, entry in unnamed.items()
                  if entry.get("Instance Type") == RMS_NODE and sku(entry) not in own
                  and pricefeed.price(unnamed, key, HOME) is not None]
    key = _only(candidates, f"{RMS_NODE} managed storage")
    _expect(unnamed, key, card["managed-storage"]["regions"][HOME]["rate"], "managed-storage")
    return key


def _spectrum(unnamed: dict, named_skus: set[str], card: dict[str, Any]) -> str:
    figure = Decimal(card["spectrum-scanned"]["regions"][HOME]["rate"])
    candidates = [key for key, entry in unnamed.items()
                  if not entry.get("Instance Type") and sku(entry) not in named_skus
                  and entry["rateCode"].endswith(f".{SINGLE_RATE}")
                  and pricefeed.price(unnamed, key, HOME) == figure]
    return _only(candidates, f"Spectrum at {figure}")


def _backup(unnamed: dict, card: dict[str, Any]) -> tuple[str, ...]:
    by_sku: dict[str, list[str]] = {}
    for key, entry in unnamed.items():
        if not entry.get("Instance Type"):
            by_sku.setdefault(sku(entry), []).append(key)
    tiered = _only([s for s, keys in by_sku.items() if len(keys) > 1], "a tiered product")
    keys = by_sku[tiered]
    tiers = card["backup-storage"]["regions"][HOME]["tiers"]
    if len(keys) != len(tiers):
        raise ValueError(f"{HOME}: the tiered SKU {tiered} has {len(keys)} rates, the card "
                         f"{len(tiers)} tiers")
    ordered = []
    for tier in tiers:
        figure = Decimal(tier["rate"])
        ordered.append(_only([k for k in keys if pricefeed.price(unnamed, k, HOME) == figure],
                             f"the backup tier at {figure}"))
    return tuple(ordered)


def _expect(entries: dict, key: str, rate: str, what: str) -> None:
    if pricefeed.price(entries, key, HOME) != Decimal(rate):
        raise ValueError(f"{HOME} {what}: the feed's {pricefeed.price(entries, key, HOME)}"
                         f" is not the card's {rate}")


def card_figures(feed: dict, keys: dict[str, tuple[str, ...]]
                 ) -> tuple[dict[str, dict[str, tuple[Decimal, ...]]], list[str]]:
    """card key → region → figure(s) of the identified rows, and the regions left out."""
    figures: dict[str, dict[str, tuple[Decimal, ...]]] = {key: {} for key in keys}
    dropped = []
    for region, entries in pricefeed.regions(feed).items():
        for card_key, hashes in keys.items():
            rows = [entries.get(h) for h in hashes]
            if any(row is None for row in rows):
                continue
            prices = tuple(pricefeed.price(entries, h, region) for h in hashes)
            types = {row.get("Instance Type", "") for row in rows}
            expected = RMS_NODE if card_key == "managed-storage" else ""
            if (None in prices or types != {expected} or len({sku(r) for r in rows}) != 1
                    or list(prices) != sorted(prices, reverse=True)):
                dropped.append(f"{region} {card_key}: {prices} {sorted(types)}")
                continue
            figures[card_key][region] = prices
    return figures, dropped


def mapping_problems(rows: list[Row], feed: dict, root: Path) -> list[str]:
    """Where the feed's us-east-1 figures differ from the verified ones."""
    from awscalc.catalog import read_catalog_source

    entries = feed["regions"][home_name(feed)]
    problems = []
    for node_type, figure in IC_PER_SECOND.items():
        found = [p for p, _ in named(entries, _SCALING, HOME).get(node_type, [])]
        if found and found != [figure]:   # a type the feed lacks is not mapped at all
            problems.append(f"{HOME} {node_type}: per node-second {found}, Infracost {figure}")
    derived = {(r[0], r[2]): r[3] for r in rows if r[1] == HOME}
    nodes = {t: found[0][0] for t, found in named(entries, _NODE, HOME).items()}
    for rate in read_catalog_source(root / "sources" / "redshift.yaml")["rates"]:
        if rate.region != HOME:
            continue
        if rate.key == "node-hours" and rate.dims[1] == "on_demand" and rate.dims[0] in nodes:
            ours = nodes[rate.dims[0]]
        elif rate.key == "concurrency-scaling-hours" and (rate.key, rate.dims) in derived:
            ours = derived[(rate.key, rate.dims)]
        else:
            continue
        if ours != rate.rate:
            problems.append(f"{HOME} {rate.key} {'/'.join(rate.dims)}: redshift.yaml "
                            f"{rate.rate}, feed {ours}")
    return problems


def shipped_node_rates(root: Path) -> dict[tuple[str, str], Decimal]:
    """(region, node type) → the On-Demand node-hour rate the shipped sources charge."""
    from awscalc.catalog import read_catalog_source

    rates = {}
    for name in ("redshift.yaml", "redshift-ec2shop.yaml"):
        for rate in read_catalog_source(root / "sources" / name)["rates"]:
            if rate.key == "node-hours" and rate.dims[1] == "on_demand":
                rates[(rate.region, rate.dims[0])] = rate.rate
    return rates


def note(what: str, commit: str, date: str, published: str) -> str:
    """The provenance note of a figure."""
    return pricefeed.pricewatcher_note(
        what, pricefeed.feed_url(FEED), PATH, commit, date, published)


def render(rows: list[Row], commit: str, date: str, published: str) -> str:
    """The catalog source YAML of ``rows`` (one source, every row verified: false)."""
    text = note("concurrency scaling per node-hour = the node's On-Demand rate in the "
                f"region (AWS: billed per second at the cluster's on-demand rate, {RULE}); "
                "figure: the row '<type> OnDemand Compute Instance Current Generation', "
                "where the region has the type's 'Redshift Concurrency Scaling' row",
                commit, date, published)
    header = [
        "# GENERATED by pricing/tools/pricewatcher_redshift.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}), {PATH} (MIT): AWS's Redshift",
        f"# pricing-page feed published {published} — concurrency scaling per node-hour at",
        "# the node's On-Demand rate (AWS's billing rule, What's New 2022-11-15); label",
        "# 3P-PL, so every row ships verified: false; rows the hand-entered source has are",
        "# left out.",
    ]
    keys = [
        "  - {key: concurrency-scaling-hours, description: Concurrency scaling node hours,",
        "     unit: node-hour, dimensions: [node_type]}",
    ]
    return pricefeed.catalog_source(header, "redshift", "Amazon Redshift",
                                    f"{REPOSITORY}/blob/{commit}/{PATH}", published, text,
                                    keys, rows)


WHAT = {"managed-storage": f"(its {RMS_NODE} managed-storage SKU, per GB-month)",
        "spectrum-scanned": "(its Spectrum data-scan SKU, per TB)",
        "backup-storage": "(its backup-storage SKU, one per tier; bounds as in the card's "
                          "us-east-1 entry)"}


def rows_text(hashes: tuple[str, ...]) -> str:
    """``row 'h'`` or ``rows 'h1', 'h2', …``: the hash keys a card key was read from."""
    quoted = ", ".join(f"'{h}'" for h in hashes)
    return f"row {quoted}" if len(hashes) == 1 else f"rows {quoted}"


def card_lines(figures: dict[str, dict[str, tuple[Decimal, ...]]],
               keys: dict[str, tuple[str, ...]], card: dict[str, Any], commit: str,
               date: str, published: str) -> dict[str, dict[str, str]]:
    """The marked card lines: key → region → line."""
    url = f"{REPOSITORY}/blob/{commit}/{PATH}"
    bounds = [tier.get("up_to") for tier in card["backup-storage"]["regions"][HOME]["tiers"]]
    lines: dict[str, dict[str, str]] = {}
    for key, by_region in figures.items():
        text = note(f"{rows_text(keys[key])} {WHAT[key]}", commit, date, published)
        lines[key] = {region: (tier_line(region, prices, bounds, url, text)
                               if len(prices) > 1 else
                               pricefeed.entry_line(region, prices[0], url, text, MARKER))
                      for region, prices in sorted(by_region.items())}
    return lines


def tier_line(region: str, rates: tuple[Decimal, ...], bounds: list[Any], source: str,
              text: str) -> str:
    """One generated tiered entry (six spaces deep, marked)."""
    tiers = ", ".join(
        f"{{up_to: {bound}, rate: {pricefeed.quote(format(rate, 'f'))}}}"
        if bound is not None else f"{{rate: {pricefeed.quote(format(rate, 'f'))}}}"
        for rate, bound in zip(rates, bounds, strict=True))
    return (f"      {region}: {{tiers: [{tiers}], verified: false, source: {source}, "
            f"note: {pricefeed.quote(text)}}}  # {MARKER}")


def own_card(card: Path) -> dict[str, Any]:
    """The card's ``rates`` without this generator's marked lines."""
    text = "\n".join(line for line in card.read_text(encoding="utf-8").splitlines()
                     if not line.endswith(f"  # {MARKER}"))
    return yaml.safe_load(text)["rates"]


def card_problems(figures: dict[str, dict[str, tuple[Decimal, ...]]],
                  card: dict[str, Any]) -> list[str]:
    """Regions the card prices by hand where the feed's figure differs."""
    problems = []
    for key, by_region in figures.items():
        for region, entry in card[key]["regions"].items():
            ours = tuple(Decimal(t["rate"]) for t in entry.get("tiers", [entry]))
            if region in by_region and by_region[region] != ours:
                problems.append(f"{region} {key}: redshift.yaml {ours}, feed "
                                f"{by_region[region]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Check the mapping, then write the catalog source and the card entries; print
    counts and what was left out."""
    args, feed, published = pricefeed.feed_arguments(__doc__, "redshift.json", argv)
    card_path = args.root / "aws" / "redshift.yaml"
    card = own_card(card_path)
    rows, dropped = concurrency_rows(feed)
    try:
        keys = hash_keys(feed, card)
    except ValueError as error:
        print(f"the feed's unnamed rows cannot be identified; nothing written: {error}",
              file=sys.stderr)
        return 1
    figures, left_out = card_figures(feed, keys)
    problems = mapping_problems(rows, feed, args.root) + [
        p for p in card_problems(figures, card) if p.startswith(f"{HOME} ")]
    if pricefeed.refused(problems, "the feed disagrees with the verified figures"):
        return 1
    charged = shipped_node_rates(args.root)
    consistent = [r for r in rows if charged.get((r[1], r[2][0])) == r[3]]
    dropped += [f"{r[1]} {r[2][0]}: node-hours ship {charged.get((r[1], r[2][0]))}, the "
                f"feed {r[3]}" for r in rows if r not in consistent]
    kept, differing = pricefeed.without_hand_rows(consistent,
                                                  args.root / "sources" / "redshift.yaml")
    output = args.root / "sources" / "redshift-pricewatcher.yaml"
    output.write_text(render(kept, args.commit, args.date, published), encoding="utf-8")
    print(f"{output}: {len(kept)} rows")
    for line in dropped + left_out + differing + card_problems(figures, card):
        print(f"  left out: {line}")
    lines = card_lines(figures, keys, card, args.commit, args.date, published)
    skipped = pricefeed.write_card_entries(card_path, lines, MARKER)
    print(f"redshift.yaml: {sum(map(len, lines.values())) - len(skipped)} entries; kept "
          f"the card's own: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
