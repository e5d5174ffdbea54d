"""Regional rates of the EMR, SWF and Managed Service for Apache Flink rate cards from
AWS's pricing-page feeds, as committed in iann0036/aws-price-watcher.

Sources, all in github.com/iann0036/aws-price-watcher (MIT) at the commit cited:

- ``raw/swf.json`` and ``raw/kinesisanalytics.json``: verbatim copies of the feeds AWS's
  SWF and Managed Service for Apache Flink pricing pages load
  (``meteredUnitMaps/<feed>/USD/current/<feed>.json``), each with its own publication date
  (``manifest.hawkFilePublicationDate``).
- ``processed/elasticmapreduce.json``: the repository author's *flattening* of AWS's EMR
  feed (metric → region display name → price). The verbatim ``raw/elasticmapreduce.json``
  is not in the mirror, so the EMR figures come from the flattening, which carries no
  publication date; the notes say so.

Trust label 3P-PL (``../shared/pricing-facts-wave2.md``): every entry ships
``verified: false`` with a note naming repository @ commit, path, the row and the feed's
date. Helpers: ``pricefeed.py``.

What is taken, for the 21 target regions the card does not price yet (marked lines,
:func:`pricefeed.write_card_entries`):

- ``emr.yaml``: every ``emr-<instance type>`` key the card has ← metric
  ``Instance-instancetype-<instance type>`` (the EMR charge per instance-hour, on top of
  EC2). Keys are not added for the feed's other types: each key needs Price List rules
  (``awscalc/priceupdate/integration_mappings.py``) and lives in a hand-written card.
- ``swf.yaml``: ``workflow-executions`` ← ``InitiatedWorkflows``, ``tasks`` ←
  ``InitiatedActions``, ``open-workflow-days`` ← ``OpenWorkflowDays``,
  ``retained-workflow-days`` ← ``ClosedRetainedWorkflowDays`` (all per single unit, as
  the card).
- ``flink.yaml``: ``kpu-hours`` ← ``Kinesis Processing Unit KPU for Java applications``
  (the Price List's ``KPU-Hour-Java``: Apache Flink applications; the plain ``KPU`` row is
  the legacy SQL applications' and the ``Studio`` rows are notebooks'),
  ``running-storage`` ← ``Per GB month of running application storage``, ``backups`` ←
  ``Per GB month of durable application backups``.

The mapping is checked before anything is written: in every region the card prices by
hand (including AWS GovCloud (US), which SWF's card has from AWS's GovCloud page), the
feed's figure × the key's ``per`` must equal the card's, and us-east-1 must be among
those regions. A mismatch stops the run, so a wrong row cannot ship. Which of the checked
figures are themselves verified is printed: SWF's GovCloud and Flink's eu-west-2 are; the
EMR card has no verified figure at all (us-east-1 is a third-party benchmark table's).

What is not: EMR Serverless, EMR on EKS and the other EMR rows (the flattening has no
Serverless metric; the card's Serverless regions stay as they are); a 0 or empty value,
which is missing, never free.

Usage (the files are not committed; fetch them at the commit you cite)::

    mkdir -p /tmp/pw/raw /tmp/pw/processed
    for f in raw/swf.json raw/kinesisanalytics.json processed/elasticmapreduce.json; do
        git -C <mirror> show <commit>:$f > /tmp/pw/$f; done
    python pricing/tools/pricewatcher_analytics.py /tmp/pw --commit <commit> --date <date>
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pricefeed
import yaml

REPOSITORY = pricefeed.PRICEWATCHER
MARKER = "pricewatcher"
EMR_METRIC = "Instance-instancetype-{}"
# Regions outside the 21 targets whose hand entries check the mapping (never written).
CHECK_ONLY = {"us-gov-west-1": "AWS GovCloud (US)"}


@dataclass(frozen=True)
class Source:
    """Where a card's figures come from in the repository."""

    path: str             # raw/swf.json
    feed: str             # AWS's feed name (meteredUnitMaps/<feed>/...)
    title: str            # the pricing page's service, for the note
    flattened: bool = False   # the author's metric → region → price flattening


SOURCES: dict[str, Source] = {
    "emr": Source("processed/elasticmapreduce.json", "elasticmapreduce", "EMR", True),
    "swf": Source("raw/swf.json", "swf", "SWF"),
    "flink": Source("raw/kinesisanalytics.json", "kinesisanalytics",
                    "Managed Service for Apache Flink"),
}

ROWS: dict[str, dict[str, str]] = {
    "swf": {
        "workflow-executions": "InitiatedWorkflows",
        "tasks": "InitiatedActions",
        "open-workflow-days": "OpenWorkflowDays",
        "retained-workflow-days": "ClosedRetainedWorkflowDays",
    },
    "flink": {
        "kpu-hours": "Kinesis Processing Unit KPU for Java applications",
        "running-storage": "Per GB month of running application storage",
        "backups": "Per GB month of durable application backups",
    },
}


def rows_of(card: str, rates: dict[str, Any]) -> dict[str, str]:
    """Card key → feed row of ``card`` (EMR: one per ``emr-<type>`` key the card has)."""
    if card == "emr":
        return {key: EMR_METRIC.format(key.removeprefix("emr-")) for key in rates
                if key.startswith("emr-")}
    return ROWS[card]


def load(path: Path, source: Source) -> dict:
    """The feed at ``path``; the EMR flattening turned into a feed's shape (its figures
    under ``regions``, no publication date)."""
    if not source.flattened:
        return pricefeed.load(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    regions: dict[str, dict[str, dict[str, str]]] = {}
    for metric, by_region in data.items():
        if not isinstance(by_region, dict):
            raise ValueError(f"{path}: {metric!r} is not a region → price map")
        for region, value in by_region.items():
            regions.setdefault(region, {})[metric] = {"price": value}
    return {"manifest": {}, "regions": regions}


def published(feed: dict, source: Source) -> str | None:
    """The feed's publication date; None for the flattening (it has none)."""
    return None if source.flattened else pricefeed.published(feed)


def feed_figures(feed: dict, row: str, per: Decimal,
                 with_checks: bool = False) -> dict[str, Decimal]:
    """region → the row's figure in the card's unit (× ``per``): the target regions, and
    with ``with_checks`` also :data:`CHECK_ONLY`'s."""
    entries = dict(pricefeed.regions(feed))
    if with_checks:
        entries |= {code: feed["regions"][name] for code, name in CHECK_ONLY.items()
                    if name in feed["regions"]}
    found = {}
    for region, rows in entries.items():
        value = pricefeed.price(rows, row, region)
        if value is not None:
            found[region] = (value * per).normalize()
    return found


def own_entries(card: Path) -> dict[str, Any]:
    """The card's ``rates`` without the lines an earlier run generated."""
    tag = f"  # {MARKER}"
    text = "\n".join(line for line in card.read_text(encoding="utf-8").splitlines()
                     if not line.endswith(tag))
    return yaml.safe_load(text)["rates"]


def check(card: str, key: str, rate: dict[str, Any],
          figures: dict[str, Decimal]) -> tuple[list[str], list[str]]:
    """The mapping problems of one key (a figure that differs from the card's own, or no
    us-east-1 to compare), and the regions checked (``region (verified)`` or
    ``region (unverified)``)."""
    problems, checked = [], []
    for region, entry in rate.get("regions", {}).items():
        if region not in figures or "rate" not in entry:
            continue
        ours = Decimal(str(entry["rate"]))
        if figures[region] != ours:
            problems.append(f"{card} {key} {region}: card {ours}, feed {figures[region]}")
        verified = entry.get("verified", rate.get("verified", True))
        checked.append(f"{region} ({'verified' if verified else 'unverified'})")
    if not any(region.startswith("us-east-1 ") for region in checked):
        problems.append(f"{card} {key}: no us-east-1 figure of the card to check the feed "
                        "row against")
    return problems, checked


def note(source: Source, row: str, per: Decimal, commit: str, date: str,
         when: str | None) -> str:
    """The provenance note of one generated entry."""
    scale = f" × {per:,} (the feed prices one unit)" if per != 1 else ""
    where = (f"as committed in iann0036/aws-price-watcher {source.path} @ {commit[:9]} "
             f"(commit of {date}; MIT; label 3P-PL)")
    feed_url = pricefeed.feed_url(source.feed)
    if source.flattened:
        return (f"metric '{row}'{scale} of the repository author's flattening (metric → "
                f"region → price) of AWS's {source.title} pricing-page feed ({feed_url}), "
                f"{where}; the verbatim feed is not in the repository copy, so its "
                "publication date is unknown; not re-checked against the current AWS page")
    return (f"row '{row}'{scale} of AWS's {source.title} pricing-page feed ({feed_url}, "
            f"published {when}) {where}; not re-checked against the current AWS page")


def card_lines(root: Path, files: Path, card: str, commit: str,
               date: str) -> tuple[dict[str, dict[str, str]], list[str], list[str]]:
    """The marked lines of ``<root>/aws/<card>.yaml``, the mapping problems (lines are
    only written when there are none) and a line per key naming the regions checked."""
    source = SOURCES[card]
    feed = load(files / source.path, source)
    when = published(feed, source)
    rates = own_entries(root / "aws" / f"{card}.yaml")
    url = f"{REPOSITORY}/blob/{commit}/{source.path}"
    lines: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    report: list[str] = []
    for key, row in rows_of(card, rates).items():
        if key not in rates:
            raise ValueError(f"{card}.yaml has no rate key {key}")
        per = Decimal(str(rates[key].get("per", 1)))
        figures = feed_figures(feed, row, per, with_checks=True)
        found, checked = check(card, key, rates[key], figures)
        problems += found
        report.append(f"{card} {key} ← '{row}': checked in {', '.join(checked) or 'none'}")
        text = note(source, row, per, commit, date, when)
        lines[key] = {region: pricefeed.entry_line(region, rate, url, text, MARKER)
                      for region, rate in sorted(figures.items())
                      if region not in CHECK_ONLY}
    return lines, problems, report


def main(argv: list[str] | None = None) -> int:
    """Check every mapping, then write the cards' entries; print what was done."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", type=Path,
                        help="a directory holding the repository's raw/ and processed/ files")
    parser.add_argument("--card", action="append", choices=sorted(SOURCES),
                        help="only this card (repeatable; default: all)")
    pricefeed.provenance_arguments(parser, Path(__file__).resolve().parents[1])
    args = pricefeed.parse_provenance(parser, argv)
    generated, problems = {}, []
    for card in args.card or sorted(SOURCES):
        generated[card], found, report = card_lines(args.root, args.files, card,
                                                    args.commit, args.date)
        problems += found
        print("\n".join(report))
    if pricefeed.refused(problems, "the feeds disagree with the cards"):
        return 1
    for card, lines in generated.items():
        skipped = pricefeed.write_card_entries(args.root / "aws" / f"{card}.yaml", lines,
                                               MARKER)
        total = sum(len(by_region) for by_region in lines.values())
        print(f"{card}.yaml: {total - len(skipped)} entries; kept the card's own: "
              f"{', '.join(skipped) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
