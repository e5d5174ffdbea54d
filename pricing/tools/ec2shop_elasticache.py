"""ElastiCache Serverless rates from AWS's pricing-page feed, as committed in yeo/ec2.shop.

Source: ``data/elasticache/elasticache.json`` in github.com/yeo/ec2.shop (MIT), a verbatim
copy of the feed AWS's ElastiCache pricing page loads
(``meteredUnitMaps/elasticache/USD/current/elasticache.json``), with its own publication
date (``manifest.hawkFilePublicationDate``). Trust label 3P-PL
(``../shared/pricing-facts-wave2.md``): everything ships ``verified: false`` with a note
naming repository @ commit, path and that date. Helpers: ``pricefeed.py``.

What is taken: the rows ``OnDemand ElastiCache Serverless <Engine> per GB-Hours`` (data
stored) and ``… per ElastiCacheProcessingUnit`` (ECPUs, priced per ECPU in the feed and
per million in the card: × 1,000,000, exact in ``Decimal``) for Valkey, Redis and
Memcached, into the card ``pricing/aws/elasticache.yaml`` (marked lines,
:func:`pricefeed.write_card_entries`) for the regions the card does not price yet. The
feed's us-east-1 and eu-central-1 figures equal the card's (a check of the mapping). Only
the 21 target regions; a 0 or empty value is missing, never free. Node hours are not read
here (pricing/tools/leanercloud_elasticache.py ships them).

Usage (the feed is not committed; fetch it at the commit you cite)::

    git show <commit>:data/elasticache/elasticache.json > /tmp/elasticache.json
    python pricing/tools/ec2shop_elasticache.py /tmp/elasticache.json --commit <commit> \\
        --date <commit date>
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed

REPOSITORY = "https://github.com/yeo/ec2.shop"
PATH = "data/elasticache/elasticache.json"
MARKER = "ec2shop"
ENGINES = {"valkey": "Valkey", "redis": "Redis", "memcached": "Memcached"}
# card key prefix → (feed key suffix, factor to the card's unit)
METERS = {"serverless-storage": ("per GB-Hours", Decimal(1)),
          "serverless-ecpus": ("per ElastiCacheProcessingUnit", Decimal(1_000_000))}


def feed_key(engine: str, meter: str) -> str:
    """The feed's row name of one engine's serverless meter."""
    return f"OnDemand ElastiCache Serverless {ENGINES[engine]} {METERS[meter][0]}"


def serverless_rates(feed: dict) -> dict[str, dict[str, Decimal]]:
    """card key → region → rate in the card's unit."""
    rates: dict[str, dict[str, Decimal]] = {}
    for region, entries in pricefeed.regions(feed).items():
        for engine in ENGINES:
            for meter, (_, factor) in METERS.items():
                price = pricefeed.price(entries, feed_key(engine, meter), region)
                if price is not None:
                    rates.setdefault(f"{meter}-{engine}", {})[region] = (
                        price * factor).normalize()
    return rates


def card_lines(rates: dict[str, dict[str, Decimal]], commit: str, date: str,
               published: str) -> dict[str, dict[str, str]]:
    """The marked card lines of ``rates``."""
    url = f"{REPOSITORY}/blob/{commit}/{PATH}"
    lines: dict[str, dict[str, str]] = {}
    for key, by_region in rates.items():
        meter, engine = key.rsplit("-", 1)
        per = " × 1,000,000 (per ECPU in the feed)" if meter == "serverless-ecpus" else ""
        note = (f"row '{feed_key(engine, meter)}'{per} of AWS's ElastiCache pricing-page "
                f"feed ({pricefeed.feed_url('elasticache')}, "
                f"published {published}) as committed in yeo/ec2.shop {PATH} @ {commit[:9]} "
                f"(commit of {date}; MIT; label 3P-PL); not re-checked against the current "
                "AWS page")
        lines[key] = {region: pricefeed.entry_line(region, rate, url, note, MARKER)
                      for region, rate in sorted(by_region.items())}
    return lines


def main(argv: list[str] | None = None) -> int:
    """Write the card entries; print how many and which regions kept their own."""
    args, feed, published = pricefeed.feed_arguments(__doc__, "elasticache.json", argv)
    lines = card_lines(serverless_rates(feed), args.commit, args.date,
                       published)
    skipped = pricefeed.write_card_entries(args.root / "aws" / "elasticache.yaml", lines,
                                           MARKER)
    print(f"elasticache.yaml: {sum(map(len, lines.values())) - len(skipped)} entries; "
          f"kept the card's own: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
