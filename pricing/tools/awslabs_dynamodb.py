"""DynamoDB provisioned capacity rates per region from awslabs/amazon-dynamodb-tools.

Source: ``archived/reco/src/ddb_rc_reco/config.py`` (earlier ``reco/src/ddb_rc_reco/
config.py``) in github.com/awslabs/amazon-dynamodb-tools (Apache-2.0), the price table of
AWS's DynamoDB reserved-capacity recommender: per region (airport code, mapped to a region
code by the file's own ``descriptions``) the On-Demand hourly price of a provisioned WCU
(``wcu``), RCU (``rcu``) and replicated WCU (``rwcu``), typed by hand from the DynamoDB
pricing page. It is code, not an AWS pricing page or document, so the figures are label
3P (``../shared/pricing-facts-wave2.md``): they ship ``verified: false`` with a note naming
repository @ commit, path and the date of the commit that last changed them. Its us-east-2
and us-west-1 figures equal the verified Infracost ones the card already has.

- ``wcu`` → ``write-capacity-unit-hours``, ``rcu`` → ``read-capacity-unit-hours``,
  ``rwcu`` → ``replicated-write-capacity-unit-hours`` (Standard table class).
- ``rwcu`` is taken only for the regions the commit of 2024-11-14 ("Updating rWCU prices
  for provisioned mode", after AWS's 2024-11-01 global-tables price cut) rewrote: a region
  whose ``rwcu`` it left as it was (``STALE_RWCU``) keeps no rate.
- Only the 21 target regions; a missing / 0 / ``None`` value is missing, never free. A
  region the card prices already keeps its entry. The entries are written into
  ``pricing/aws/dynamodb.yaml`` as marked lines (:func:`pricefeed.write_card_entries`).

Usage (the file is not committed; fetch it at the commit you cite)::

    git show <commit>:archived/reco/src/ddb_rc_reco/config.py > /tmp/ddb_rc_config.py
    python pricing/tools/awslabs_dynamodb.py /tmp/ddb_rc_config.py --commit <commit> \\
        --date <date of the commit that last changed the prices>
"""

from __future__ import annotations

import argparse
import ast
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed

from awscalc.catalog import scraped_price
from awscalc.priceupdate.mappings import TARGET_REGIONS

REPOSITORY = "https://github.com/awslabs/amazon-dynamodb-tools"
PATH = "archived/reco/src/ddb_rc_reco/config.py"
MARKER = "awslabs"
CARD_KEYS = {"wcu": "write-capacity-unit-hours", "rcu": "read-capacity-unit-hours",
             "rwcu": "replicated-write-capacity-unit-hours"}
# Regions whose rwcu the 2024-11-14 commit did not rewrite (still the pre-cut figure).
STALE_RWCU = {"ap-east-1"}


def _assignments(source: str) -> dict[str, dict]:
    """The module's ``pricing`` table and its ``descriptions`` entries that are literals
    (the region names; the report texts refer to variables and are left out)."""
    found: dict[str, dict] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Dict)):
            continue
        name = node.targets[0].id
        if name == "pricing":
            found[name] = ast.literal_eval(node.value)
        elif name == "descriptions":
            entries = {}
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                try:
                    entries[ast.literal_eval(key)] = ast.literal_eval(value)
                except ValueError:
                    continue
            found[name] = entries
    if set(found) != {"pricing", "descriptions"}:
        raise ValueError("expected 'pricing' and 'descriptions' assignments")
    return found


def parse(source: str) -> dict[str, dict[str, Decimal]]:
    """card key → region → $ per unit-hour."""
    module = _assignments(source)
    rates: dict[str, dict[str, Decimal]] = {key: {} for key in CARD_KEYS.values()}
    for airport, prices in module["pricing"].items():
        region = module["descriptions"][airport]["en_us"]["region"]["code"]
        if region not in TARGET_REGIONS:
            continue
        for field, key in CARD_KEYS.items():
            if field == "rwcu" and region in STALE_RWCU:
                continue
            value = prices.get(field)
            price = scraped_price(value, f"{airport} {field}") if value is not None else None
            if price is not None:
                rates[key][region] = price.normalize()
    return rates


def main(argv: list[str] | None = None) -> int:
    """Write the card entries; print how many and which regions kept their own."""
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config", type=Path, help="config.py of the recommender")
    pricefeed.provenance_arguments(
        parser, root, "date of the commit that last changed the prices (YYYY-MM-DD)")
    args = pricefeed.parse_provenance(parser, argv)
    rates = parse(args.config.read_text(encoding="utf-8"))
    url = f"{REPOSITORY}/blob/{args.commit}/{PATH}"
    lines = {}
    for field, key in CARD_KEYS.items():
        note = (f"'{field}' of the region in the price table of AWS's DynamoDB reserved-"
                f"capacity recommender, awslabs/amazon-dynamodb-tools {PATH} @ "
                f"{args.commit[:9]} (figures last changed {args.date}; Apache-2.0; typed from "
                "the DynamoDB pricing page into sample code: label 3P); not re-checked "
                "against the current AWS page")
        lines[key] = {region: pricefeed.entry_line(region, rate, url, note, MARKER)
                      for region, rate in sorted(rates[key].items())}
    skipped = pricefeed.write_card_entries(args.root / "aws" / "dynamodb.yaml", lines, MARKER)
    print(f"dynamodb.yaml: {sum(map(len, lines.values())) - len(skipped)} entries; "
          f"kept the card's own: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
