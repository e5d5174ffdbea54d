"""Amazon FSx for Windows File Server storage, throughput and backup rates from AWS's FSx
pricing-page feed, as committed in iann0036/aws-price-watcher.

Source: ``raw/fsx.json`` in github.com/iann0036/aws-price-watcher (MIT, Copyright 2025
Ian Mckay), a verbatim copy of the feed AWS's FSx pricing page loads
(``meteredUnitMaps/fsx/USD/current/fsx.json``), with its own publication date
(``manifest.hawkFilePublicationDate``). Trust label 3P-PL
(``../shared/pricing-facts-wave2.md``): everything ships ``verified: false`` with a note
naming repository @ commit, path, that date and how the row was identified. Helpers:
``pricefeed.py``.

The feed names none of its Windows rows: each is keyed by an opaque token (its
``RegionlessRateCode``, the same in every region). So each row is *identified*, and the
identification is checked against the figures ``pricing/sources/fsx.yaml`` ships for
us-east-1 before anything is written:

- **By label** — Multi-AZ SSD storage (``tQmrtIAg…``) and Single-AZ SSD storage
  (``DDURBPI4…``): davelindo/aws-pricing-calculator-mcp names these tokens
  ``FSX_STORAGE_TYPE_MULTI_AZ_SSD`` ("Storage capacity Windows Multi-AZ") and
  ``FSX_STORAGE_TYPE_SINGLE_AZ_SSD`` ("Storage capacity Windows") in
  ``src/services/amazon-fsx-windows.js`` (the storageType ids of AWS's pricing calculator).
  Each token's us-east-1 figure must equal the shipped one (0.23 Infracost-verified, 0.13
  third-party).
- **By a unique figure** — Multi-AZ throughput (``usdC16Ey…``) and Single-AZ throughput
  (``v3Bncb47…``) per MBps-month: the only us-east-1 rows of the feed at the shipped
  4.50 (Infracost-verified) and 2.20 (third-party). Another row at that figure stops the
  run.
- **By equal candidates** — Multi-AZ backup per GB-month: exactly six tokens
  (:data:`BACKUP_CANDIDATES`) are at the verified 0.05 in us-east-1 and none can be told
  apart, so the backup row is one of them. Where all six are listed in a region at one
  same figure, that figure is the backup rate whichever token it is; elsewhere the region
  gets no backup row (printed). A seventh us-east-1 row at 0.05, or a candidate missing
  from it, stops the run.

Every pinned token must be keyed by itself (``RegionlessRateCode``) with an On-Demand rate
code (``JRTCKXETXF.6YS6EN2CT7``) wherever it is read; anything else stops the run.

What is not taken: HDD storage (Single-AZ's probable token is named only in an uncitable
document; Multi-AZ's 0.025 is also the feed's Lustre "HDD New" figure), Single-AZ backup
(no shipped figure to check a candidate against), SSD IOPS (two tokens at each figure),
and every Lustre, ONTAP and OpenZFS row. Only the 21 target regions; a token the region
lacks, or a 0, is missing, never free. The hand-entered us-east-1 rows are left out (the
shipped figure wins; they are the figures the identification checks).

Usage (the feed is not committed; fetch it at the commit you cite)::

    git -C <aws-price-watcher> show <commit>:raw/fsx.json > /tmp/fsx.json
    python pricing/tools/pricewatcher_fsx.py /tmp/fsx.json --commit <commit> \\
        --date <commit date>
    python pricing/tools/build_catalog.py pricing/aws/fsx.sqlite \\
        pricing/sources/fsx.yaml pricing/sources/fsx-pricewatcher.yaml
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed

REPOSITORY = pricefeed.PRICEWATCHER
PATH = "raw/fsx.json"
CHECK_REGION = "us-east-1"
ON_DEMAND = "JRTCKXETXF.6YS6EN2CT7"
LABELS = ("davelindo/aws-pricing-calculator-mcp @ 08370a454947 "
          "src/services/amazon-fsx-windows.js")

Dims = tuple[str, tuple[str, ...]]
Row = tuple[str, str, tuple[str, ...], Decimal]

MULTI_SSD: Dims = ("storage", ("windows", "multi_az", "ssd"))
SINGLE_SSD: Dims = ("storage", ("windows", "single_az", "ssd"))
MULTI_THROUGHPUT: Dims = ("throughput", ("windows", "multi_az"))
SINGLE_THROUGHPUT: Dims = ("throughput", ("windows", "single_az"))
BACKUP: Dims = ("backup", ("windows", "multi_az"))
# catalog row → (token, its label in LABELS)
LABELLED = {
    MULTI_SSD: ("tQmrtIAgZ-JGQyf4yDArf4sQPj9KzoFfpdCxfGf-tsM",
                "FSX_STORAGE_TYPE_MULTI_AZ_SSD ('Storage capacity Windows Multi-AZ')"),
    SINGLE_SSD: ("DDURBPI4tsBCssHtJz-pnpofARkXwk3q7_-D3R-POb0",
                 "FSX_STORAGE_TYPE_SINGLE_AZ_SSD ('Storage capacity Windows')"),
}
# catalog row → the only token at its shipped us-east-1 figure
UNIQUE = {
    MULTI_THROUGHPUT: "usdC16EyDLyBOw8tD_5fhj5fNRV-Dm9BurFFrBY4OgU",
    SINGLE_THROUGHPUT: "v3Bncb47atMSCad5rosna9AN5tGTw5wemqnaYgbDinw",
}
BACKUP_CANDIDATES = frozenset({
    "-XIB0as_BHPcDfyqyxyZOX9_2bHUZ8kzP0DrhStM30I",
    "3MDYS7-S4fmJLAR5RKnEMOwIbehNcVa2SkcNxJ9BdIs",
    "AJdsxXgiJKopicgOiG1AtOM1fu2edZxWYNsb4idp0ms",
    "GjTp0gSH6NehrV1ixdy4HsSwn0RyFfC_LXQAW3OkQew",
    "aYXdDev9gnk1bQh--7kEDb5gZhNc8E8R_ovh0kt7PmI",
    "sqHkZ-aZbGM672lNSrtF6_aD-wA9EaaS-zPvT9ocwgQ",
})
ORDER = (MULTI_SSD, SINGLE_SSD, MULTI_THROUGHPUT, SINGLE_THROUGHPUT, BACKUP)


def token_price(entries: dict, token: str, region: str) -> Decimal | None:
    """The price of ``token`` in a region's entries (None when absent, 0 or empty); a
    ValueError when its entry is not keyed by itself or not an On-Demand rate."""
    entry = entries.get(token)
    if entry is None:
        return None
    if entry.get("RegionlessRateCode") != token or not str(
            entry.get("rateCode", "")).endswith(f".{ON_DEMAND}"):
        raise ValueError(f"{region}: {token!r} is not an On-Demand row keyed by its "
                         f"regionless rate code ({entry.get('rateCode')!r})")
    return pricefeed.price(entries, token, region)


def at_figure(entries: dict, figure: Decimal) -> set[str]:
    """The keys of every row of a region whose price is ``figure``."""
    return {key for key in entries
            if pricefeed.price(entries, key, CHECK_REGION) == figure}


def identification_problems(feed: dict, shipped: dict[Dims, Decimal]) -> list[str]:
    """Each way the feed's us-east-1 rows break the identification the module docstring
    describes, against the ``shipped`` us-east-1 figures; empty when it holds."""
    entries = pricefeed.regions(feed).get(CHECK_REGION)
    if entries is None:
        return [f"the feed has no {CHECK_REGION} rows"]
    problems = []
    for dims, (token, _) in LABELLED.items():
        ours = token_price(entries, token, CHECK_REGION)
        if ours != shipped[dims]:
            problems.append(f"{_name(dims)}: shipped {shipped[dims]}, token {token} {ours}")
    for dims, token in UNIQUE.items():
        found = at_figure(entries, shipped[dims])
        if found != {token}:
            problems.append(f"{_name(dims)}: rows at the shipped {shipped[dims]} are "
                            f"{sorted(found)}, not only {token}")
    found = at_figure(entries, shipped[BACKUP])
    if found != BACKUP_CANDIDATES:
        problems.append(f"{_name(BACKUP)}: rows at the shipped {shipped[BACKUP]} are "
                        f"{sorted(found)}, not the {len(BACKUP_CANDIDATES)} candidates")
    for token in BACKUP_CANDIDATES & set(entries):
        token_price(entries, token, CHECK_REGION)   # each candidate's shape
    return problems


def rows(feed: dict) -> tuple[list[Row], list[str]]:
    """The identified rows of every target region, and a line per region left without a
    backup row (a candidate missing, or the candidates at different figures)."""
    found: list[Row] = []
    skipped = []
    for region, entries in pricefeed.regions(feed).items():
        for (key, dims), token in {**{d: t for d, (t, _) in LABELLED.items()},
                                   **UNIQUE}.items():
            price = token_price(entries, token, region)
            if price is not None:
                found.append((key, region, dims, price))
        figures = {token_price(entries, token, region) for token in BACKUP_CANDIDATES}
        if len(figures) == 1 and None not in figures:
            found.append((BACKUP[0], region, BACKUP[1], figures.pop()))
        elif figures != {None}:
            skipped.append(f"{region}: backup candidates at {sorted(map(str, figures))}")
    return found, skipped


def shipped_figures(hand: Path) -> dict[Dims, Decimal]:
    """The hand-entered source's us-east-1 figures of the rows identified here."""
    from awscalc.catalog import read_catalog_source

    figures = {(r.key, r.dims): r.rate for r in read_catalog_source(hand)["rates"]
               if r.region == CHECK_REGION}
    return {dims: figures[dims] for dims in ORDER}


def how(dims: Dims, shipped: Decimal, hand_verified: bool) -> str:
    """How the row ``dims`` was identified, for its note."""
    whose = "the Infracost-verified" if hand_verified else "the third-party"
    if dims in LABELLED:
        token, label = LABELLED[dims]
        return (f"token {token} = {_name(dims)}: labelled {label} in {LABELS}; its us-east-1 "
                f"figure equals {whose} {shipped}")
    if dims in UNIQUE:
        return (f"token {UNIQUE[dims]} = {_name(dims)}: the only us-east-1 row of the feed at "
                f"{whose} {shipped}")
    return (f"{_name(dims)}: the figure all of the six tokens at {whose} {shipped} in "
            f"us-east-1 ({', '.join(sorted(BACKUP_CANDIDATES))}) carry in the region, "
            "so it is the backup rate whichever of them is the backup row")


def _name(dims: Dims) -> str:
    """A readable name of a catalog row, e.g. ``storage windows/multi_az/ssd``."""
    return f"{dims[0]} {'/'.join(dims[1])}"


def note(what: str, commit: str, date: str, published: str) -> str:
    """The provenance note of a figure identified as ``what`` says."""
    return pricefeed.pricewatcher_note(
        f"{what}. Figure", pricefeed.feed_url("fsx"), PATH, commit, date, published)


KEYS = [
    "  - {key: storage, description: Storage capacity, unit: GB-month,",
    "     dimensions: [file_system, deployment, storage_type]}",
    "  - {key: throughput, description: Throughput capacity, unit: MB/s-month,",
    "     dimensions: [file_system, deployment]}",
    "  - {key: backup, description: Backup storage, unit: GB-month,",
    "     dimensions: [file_system, deployment]}",
]


def render(found: list[Row], notes: dict[Dims, str], commit: str, date: str,
           published: str) -> str:
    """The catalog source YAML of ``found``: one unverified source per identified row
    kind (its note says how it was identified), rows by region."""
    url = f"{REPOSITORY}/blob/{commit}/{PATH}"
    lines = [
        "# GENERATED by pricing/tools/pricewatcher_fsx.py — do not edit by hand.",
        f"# {REPOSITORY} @ {commit[:12]} ({date}), {PATH} (MIT): AWS's FSx",
        f"# pricing-page feed published {published} — FSx for Windows File Server storage",
        "# (SSD), throughput and Multi-AZ backup rows, identified as the generator's",
        "# docstring says; label 3P-PL, so every row ships verified: false; 21 target",
        "# regions; the hand-entered us-east-1 rows are left out.",
        "service: fsx", "title: Amazon FSx", "sources:"]
    for dims in ORDER:
        lines += [f"  - source: {url}", f'    retrieved: "{published}"', "    verified: false",
                  f"    note: {pricefeed.quote(notes[dims])}"]
    lines += ["keys:", *KEYS, "rates:"]
    index = {dims: n for n, dims in enumerate(ORDER)}
    lines += [f'  - [{key}, {region}, [{", ".join(dims)}], "{format(price, "f")}", '
              f'{index[(key, dims)]}]'
              for key, region, dims, price in sorted(found, key=lambda r: (
                  r[1], index[(r[0], r[2])]))]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Check the identification, then write the catalog source; print counts and the
    regions left without a backup row."""
    args, feed, published = pricefeed.feed_arguments(__doc__, "fsx.json", argv)
    hand = args.root / "sources" / "fsx.yaml"
    shipped = shipped_figures(hand)
    try:
        problems = identification_problems(feed, shipped)
        found, skipped = rows(feed)
    except ValueError as exc:
        problems = [str(exc)]
    if pricefeed.refused(problems, "identification failed"):
        return 1
    kept, differing = pricefeed.without_hand_rows(found, hand)
    assert not differing, differing   # the identification compared every hand row
    verified = _hand_verified(hand)
    notes = {dims: note(how(dims, shipped[dims], verified[dims]), args.commit, args.date,
                        published) for dims in ORDER}
    output = args.root / "sources" / "fsx-pricewatcher.yaml"
    output.write_text(render(kept, notes, args.commit, args.date, published),
                      encoding="utf-8")
    print(f"{output}: {len(kept)} rows")
    for line in skipped:
        print(f"  no backup row: {line}")
    return 0


def _hand_verified(hand: Path) -> dict[Dims, bool]:
    """Whether the hand-entered us-east-1 figure of each identified row is verified."""
    from awscalc.catalog import read_catalog_source

    source = read_catalog_source(hand)
    return {(r.key, r.dims): source["sources"][r.source].verified
            for r in source["rates"] if r.region == CHECK_REGION and (r.key, r.dims) in ORDER}


if __name__ == "__main__":
    sys.exit(main())
