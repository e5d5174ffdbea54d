"""Regional rates of the hand-written rate cards from AWS's pricing-page feeds, as committed
in iann0036/aws-price-watcher.

Source: ``raw/<feed>.json`` in github.com/iann0036/aws-price-watcher (MIT), verbatim copies
of the feeds AWS's pricing pages load (``meteredUnitMaps/<feed>/USD/current/<feed>.json``),
each with its own publication date (``manifest.hawkFilePublicationDate``). Trust label 3P-PL
(``../shared/pricing-facts-wave2.md``): every entry ships ``verified: false`` with a note
naming repository @ commit, path, the feed's row and its date. Helpers: ``pricefeed.py``.

What is taken: for each card in :data:`CARDS`, the feed rows its :class:`Meter` names, in
the 21 target regions the card does not price yet, written into ``pricing/aws/<card>.yaml``
as marked lines (:func:`pricefeed.write_card_entries`). A feed price is per single unit; the
card's rate is that × the key's ``per`` (exact in ``Decimal``). A tiered key takes one row
per tier and the tier bounds of the card's reference entry (the feeds name the tiers, not
their bounds).

The mapping is checked before anything is written: in every region the card already
prices by hand, the feed's figure must equal the card's (for a tiered key, tier by tier
as far as the card's entry goes), and each key must have at least one such region.
A mismatch stops the run, so a wrong row name cannot ship.

What is not: a 0 or empty value is missing, never free — except for a meter declared
``free`` (AWS lists the meter itself at $0, e.g. SNS deliveries to SQS), and then only where
the card's own entry is 0 too.

Usage (the feeds are not committed; fetch them at the commit you cite)::

    mkdir -p /tmp/pw && for f in kinesis ...; do
        git -C <mirror> show <commit>:raw/$f.json > /tmp/pw/$f.json; done
    python pricing/tools/pricewatcher_cards.py /tmp/pw --commit <commit> --date <date>
"""

from __future__ import annotations

import argparse
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


@dataclass(frozen=True)
class Meter:
    """The feed row(s) of one card key: one row, or one per tier in tier order."""

    rows: tuple[str, ...]
    feed: str | None = None      # another feed than the card's
    free: bool = False           # AWS lists this meter at $0: a 0 is a price here
    # The card's figure of this region holds wherever the rows' prices equal this
    # region's (a figure AWS states once, derived from the rows, e.g. a cap).
    as_in: str | None = None
    # How the row was identified as the key's, where its name does not say so.
    why: str | None = None

    @property
    def tiered(self) -> bool:
        """Whether the key's rate is a tier ladder."""
        return len(self.rows) > 1 and self.as_in is None


def meter(*rows: str, feed: str | None = None, free: bool = False,
          as_in: str | None = None, why: str | None = None) -> Meter:
    """A :class:`Meter` of ``rows``."""
    return Meter(tuple(rows), feed, free, as_in, why)


@dataclass(frozen=True)
class Card:
    """A rate card's feed and the meter of each key the feed prices."""

    feed: str
    meters: dict[str, Meter]


CARDS: dict[str, Card] = {
    "kinesis": Card("kinesis", {
        "shard-hours": meter("Provisioned shard hour per ShardHour"),
        "put-payload-units": meter("Payload Units per PutRequest"),
        "extended-retention": meter("Addon shard hour per ShardHour"),
        "long-term-retention": meter("Long term Data Retention GB-month per GB-month"),
        "efo-consumer-hours": meter("Enhanced fan out per ConsumerShardHour"),
        "efo-data": meter("Enhanced fan out GB of data retrieved per GB"),
        "on-demand-stream-hours": meter("OnDemandStreamHr per StreamHr"),
        "on-demand-data-in": meter("OnDemandDataIngested per GB"),
        "on-demand-data-out": meter("OnDemandDataRetrieval per GB"),
        "on-demand-efo-data": meter("OnDemandEFODataRetrieval per GB"),
        "on-demand-extended-retention": meter("OnDemandExtendedRetentionByteHrs per GB month"),
        "on-demand-long-term-retention": meter("OnDemandLongTermRetentionByteHrs per GB month"),
    }),
    "firehose": Card("kinesisfirehose", {
        "ingestion": meter("Per GB of data ingested first 500TB",
                           "Per GB of data ingested Next 1 5PB",
                           "Per GB of data ingested Next 3PB"),
        "format-conversion": meter("Per GB of data format conversion"),
        "vpc-delivery-hours": meter("Per Hour per AZ for VPC delivery"),
        "vpc-delivery-data": meter("Per GB of data delivered to VPC"),
        "dynamic-partitioning-data": meter("Per GB of dynamically partitioned data delivered"),
        "dynamic-partitioning-objects": meter("Per object dynamically partitioned"),
        "dynamic-partitioning-jq": meter("Per JQ processing hour"),
    }),
    "kinesis_video": Card("kinesisvideo", {
        "data-ingested": meter("Data ingested into Kinesis Video Streams per GB"),
        "data-consumed": meter("Data consumed from Kinesis Video Streams per GB"),
        "data-consumed-hls": meter("Data consumed from Kinesis Video Streams for HLS per GB"),
        "data-stored": meter("Per GB Month of Data stored in Kinesis Video Streams per GB-Month"),
        "signaling-channels": meter("Per month for an active signaling channel per Count"),
        "signaling-messages": meter("Per million signaling messages per Messages"),
        "turn-minutes": meter("Per thousand TURN streaming minutes per minutes"),
    }),
    "sqs": Card("queueservice", {
        "requests-standard": meter("Standard per Requests", "Standard per Requests Tier2",
                                   "Standard per Requests Tier3"),
        "requests-fifo": meter("FIFO first-in first-out per Requests",
                               "FIFO first-in first-out per Requests Tier2",
                               "FIFO first-in first-out per Requests Tier3"),
    }),
    "sns": Card("sns", {
        "publishes": meter("Amazon SNS API Requests"),
        "deliveries-http": meter("HTTP Notifications"),
        "deliveries-email": meter("SNS Email and Email JSON Notifications"),
        "deliveries-sqs": meter("Amazon SQS Notifications", free=True),
        "deliveries-lambda": meter("AWS Lambda Notifications", free=True),
        "deliveries-mobile-push": meter("Amazon Device Messaging Mobile Push Notifications"),
        "deliveries-firehose": meter("Amazon Kinesis Data Firehose Messages"),
        "fifo-publishes": meter("Amazon SNS FIFO API Requests per Requests"),
        "fifo-payload": meter("SNS FIFO Publish Payload per GB"),
        "fifo-deliveries-sqs": meter("Amazon SNS FIFO Subscription Messages per Messages"),
        "fifo-deliveries-sqs-payload": meter(
            "Amazon SNS FIFO Subscription Messages Payload per GB"),
    }),
    "efs": Card("efs", {
        "standard-storage": meter("General Purpose Storage GB Mo"),
        "ia-storage": meter("Infrequent Access Storage GB Mo"),
        # IA under Elastic throughput (usage type IATimedStorage-ET-ByteHrs)
        "ia-storage-elastic": meter("Infrequent Access ET Storage GB Mo"),
        "archive-storage": meter("Archive Storage GB Mo"),
        "one-zone-storage": meter("One Zone General Purpose Storage GB Mo"),
        "one-zone-ia-storage": meter("One Zone Infrequent Access Storage GB Mo"),
        "ia-read": meter("Infrequent Access Requests Read per GB"),
        "ia-write": meter("Infrequent Access Requests Write per GB"),
        "elastic-read": meter("EFS Storage Requests Read per GB"),
        "elastic-write": meter("EFS Storage Requests Write per GB"),
        "provisioned-throughput": meter("Throughput Provisioned"),
    }),
    "elb": Card("elb", {
        "alb-hours": meter("Application Load Balancer Hours"),
        "alb-lcu": meter("Application Load Balancer LCU Hours"),
        "nlb-hours": meter("Network Load Balancer Hours"),
        "nlb-lcu": meter("Network Load Balancer LCU Hours"),
        "gwlb-hours": meter("Gateway Load Balancer Hours"),
        "gwlb-lcu": meter("Gateway Load Balancer LCU Hours"),
        "clb-hours": meter("Classic Load Balancer Hours"),
        "clb-data": meter("Classic Load Balancer Data"),
        "public-ipv4": meter("Hourly charge for In use Public IPv4 Addresses per Hrs",
                             feed="vpc"),
    }),
    "lambda": Card("lambda", {
        "provisioned-concurrency-arm64": meter("Lambda Provisioned-Concurrency-ARM"),
        "provisioned-duration-arm64": meter("Lambda Duration-Provisioned-ARM"),
        "provisioned-concurrency-x86": meter("Lambda Provisioned-Concurrency"),
        "provisioned-duration-x86": meter("Lambda Duration-Provisioned"),
        "ephemeral-storage": meter("Lambda Storage-Duration"),
    }),
    "dynamodb": Card("dynamodb", {
        "read-request-units": meter("PayPerRequest Read Request Units"),
        "write-request-units": meter("PayPerRequest Write Request Units"),
        "ia-read-capacity-unit-hours": meter("Provisioned Read Units IA"),
        "ia-write-capacity-unit-hours": meter("Provisioned Write Units IA"),
        "storage": meter("Data Storage Indexed GB-Mo"),
        "ia-storage": meter("Data Storage Indexed - IA GB-Mo"),
        "pitr-storage": meter("PITR Backup Storage GB-Mo"),
        "backup-storage": meter("On-Demand Backup Storage GB-Month"),
        "restore": meter("Restore Data Size"),
        "streams-read-request-units": meter("Streams Read Requests"),
        "replicated-write-request-units": meter(
            "PayPerRequest Replicated Write Request Units"),
    }),
    "data-transfer": Card("vpc", {
        "endpoint-hours": meter("Hourly charge for VPC Endpoints per Hrs"),
        "endpoint-data": meter(
            "Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576",
            "Charge for per GB data processed by VPC Endpoints per GB from 1048576 to 5242880",
            "Charge for per GB data processed by VPC Endpoints per GB from 5242880 to Inf"),
    }),
    # S3 Glacier vaults: uploads and standard retrievals are both AmazonGlacier
    # Requests-Tier1, the feed's 'API Request Standard'; bulk retrieval is free.
    "glacier": Card("glacier", {
        "upload-requests": meter(
            "API Request Standard",
            why="identified as the upload rate: uploads are AmazonGlacier Requests-Tier1 (a "
                "third party's 2020 bill), which is $0.03 per 1,000 in us-east-1 like this row"),
        "retrieval-requests-standard": meter("API Request Standard"),
        "retrieval-bulk": meter("Bulk-Retrieval per GB", free=True),
        "retrieval-requests-bulk": meter("API Request Bulk", free=True),
        "storage": meter("Storage Amazon Glacier Standard"),
        "archive-metadata": meter("Storage Amazon Glacier Standard"),
        "early-delete": meter("EarlyDelete per GB-Mo"),
        "retrieval-expedited": meter("Expedited-Retrieval per GB"),
        "retrieval-standard": meter("Standard-Retrieval per GB"),
        "retrieval-requests-expedited": meter("API Request Expedited"),
        "provisioned-capacity": meter("Provisioned-Capacity per Units"),
    }),
    # S3 SSE-KMS requests are AWS KMS requests, billed at the KMS page's request rate.
    "s3": Card("kms", {
        "kms-requests": meter("API request - Non Free Tier"),
    }),
    "ecs": Card("ecs", {
        "fargate-vcpu-linux-x86": meter("perCPU per hour"),
        "fargate-memory-linux-x86": meter("perGB per hour"),
        "fargate-vcpu-linux-arm64": meter("ARM perCPU per hour"),
        "fargate-memory-linux-arm64": meter("ARM perGB per hour"),
        "fargate-ephemeral-storage": meter("Storage per GB-Hours"),
        "fargate-vcpu-windows": meter("perCPU per hour Windows"),
        "fargate-memory-windows": meter("perGB per hour Windows"),
        "fargate-windows-os-licence": meter("perCPU OS License Fee per hour Windows"),
    }),
    "storage_gateway": Card("storagegateway", {
        "data-written": meter("StorageGateway UploadedBytes First 12.2 TB"),
        # The page's "up to a maximum of $125.00 per gateway per month" is the first
        # 12.2 TB at $0.01 with nothing charged above: where a region's two rows are
        # us-east-1's, so is the cap. Tokyo's and Seoul's rows say "First 11.6 TB" and
        # "First first 10.6 TB": their rate is entered by hand, bounded, with no cap.
        "data-written-cap": meter("StorageGateway UploadedBytes First 12.2 TB",
                                  "StorageGateway UploadedBytes Over 12.2TB", free=True,
                                  as_in="us-east-1"),
        "volume-storage": meter("StorageGateway Standard Volume Cached"),
        "tape-storage": meter("StorageGateway Standard Virtual Tape in Library"),
        "tape-archive-glacier": meter("StorageGateway Glacier Archive"),
        "tape-retrieval-glacier": meter("StorageGateway Fee Glacier Tape Retrieval Current"),
        "tape-early-delete-glacier": meter("StorageGateway Fee Tape EarlyDelete"),
        "tape-archive-deep-archive": meter("Deep Archive Virtual Tape in Library",
                                           feed="storagegatewaydeeparchive"),
        "tape-retrieval-deep-archive": meter(
            "Fee for retrieving virtual tape from Deep Archive",
            feed="storagegatewaydeeparchive"),
        "tape-early-delete-deep-archive": meter(
            "Pro rated fee for deleting an archived virtual tape prior to 180 days",
            feed="storagegatewaydeeparchive"),
    }),
}


@dataclass(frozen=True)
class Figure:
    """A key's figure in one region: a flat rate or a ladder of tier rates."""

    rates: tuple[Decimal, ...]


def feed_figures(feed: dict, meter_: Meter, per: Decimal) -> dict[str, Figure]:
    """region → the meter's figure in the card's unit (× ``per``), where every row of the
    meter has a price."""
    found = {}
    for region, entries in pricefeed.regions(feed).items():
        rates = []
        for row in meter_.rows:
            value = pricefeed.price(entries, row, region)
            if value is None and meter_.free and _listed_at_zero(entries, row):
                value = Decimal(0)
            if value is None:
                break
            rates.append((value * per).normalize())
        else:
            found[region] = Figure(tuple(rates))
    return found


def same_as(figures: dict[str, Figure], region: str,
            own: dict[str, Figure]) -> dict[str, Figure]:
    """The card's figure of ``region`` in every region whose feed figures equal that
    region's (none when the card or the feed lacks the region)."""
    if region not in figures or region not in own:
        return {}
    return {where: own[region] for where, figure in figures.items()
            if figure == figures[region]}


def _listed_at_zero(entries: dict, row: str) -> bool:
    """Whether the feed lists ``row`` with a price of exactly 0."""
    entry = entries.get(row)
    return entry is not None and Decimal(str(entry.get("price", "x")).strip() or "1") == 0


def card_figures(rate: dict[str, Any]) -> dict[str, Figure]:
    """region → the card's own (not generated) figure of one key, from the parsed card."""
    figures = {}
    for region, entry in rate.get("regions", {}).items():
        if entry.get("_generated"):
            continue
        if "tiers" in entry:
            figures[region] = Figure(tuple(Decimal(str(t["rate"])) for t in entry["tiers"]))
        else:
            figures[region] = Figure((Decimal(str(entry["rate"])),))
    return figures


def mapping_problems(card_name: str, rates: dict[str, Any],
                     figures: dict[str, dict[str, Figure]]) -> list[str]:
    """Every disagreement between the feed and the card's own entries, and every key
    with no region to check its row against."""
    problems = []
    for key, by_region in figures.items():
        own = card_figures(rates[key])
        checked = 0
        for region, figure in own.items():
            theirs = by_region.get(region)
            if theirs is None:
                continue
            if theirs.rates[:len(figure.rates)] != figure.rates:
                problems.append(f"{card_name} {key} {region}: card "
                                f"{_show(figure)}, feed {_show(theirs)}")
            checked += 1
        if not checked:
            problems.append(f"{card_name} {key}: no region of the card to check the feed "
                            "row against")
    return problems


def _show(figure: Figure) -> str:
    """A figure as text."""
    return "/".join(format(rate, "f") for rate in figure.rates)


def reference_bounds(rate: dict[str, Any]) -> list[Any]:
    """The tier bounds (``up_to``, None for the last) of the key's longest own ladder."""
    ladders = [entry["tiers"] for entry in rate["regions"].values()
               if "tiers" in entry and not entry.get("_generated")
               and not entry.get("unpriced_above")]
    longest = max(ladders, key=len)
    return [tier.get("up_to") for tier in longest]


def tier_entry_line(region: str, rates: tuple[Decimal, ...], bounds: list[Any],
                    source: str, note: str) -> str:
    """One generated tiered entry (six spaces deep, marked)."""
    tiers = ", ".join(
        f"{{up_to: {bound}, rate: {pricefeed.quote(format(rate, 'f'))}}}"
        if bound is not None else f"{{rate: {pricefeed.quote(format(rate, 'f'))}}}"
        for rate, bound in zip(rates, bounds, strict=True))
    return (f"      {region}: {{tiers: [{tiers}], verified: false, source: {source}, "
            f"note: {pricefeed.quote(note)}}}  # {MARKER}")


def note_of(meter_: Meter, feed_name: str, published: str, commit: str, date: str,
            per: Decimal) -> str:
    """The note of one generated entry."""
    rows = ", ".join(f"'{row}'" for row in meter_.rows)
    if meter_.as_in is not None:
        what = (f"the card's {meter_.as_in} figure: this region's rows {rows} have "
                f"{meter_.as_in}'s prices")
    elif meter_.tiered:
        what = f"rows {rows} (one per tier; bounds as in the card's reference entry)"
    else:
        what = f"row {rows}"
    scale = f" × {per:,} (the feed prices one unit)" if per != 1 and not meter_.as_in else ""
    free = " (AWS lists the meter at $0)" if meter_.free else ""
    why = f", {meter_.why}" if meter_.why else ""
    return pricefeed.pricewatcher_note(f"{what}{scale}{free}{why}", pricefeed.feed_url(feed_name),
                                       f"raw/{feed_name}.json", commit, date, published)


def card_lines(root: Path, card_name: str, card: Card, feeds: Path, commit: str,
               date: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The marked lines of the card ``<root>/aws/<card_name>.yaml``, and the mapping
    problems (lines are only written when there are none)."""
    rates = parsed_card(root / "aws" / f"{card_name}.yaml")
    lines: dict[str, dict[str, str]] = {}
    figures: dict[str, dict[str, Figure]] = {}
    for key, meter_ in card.meters.items():
        if key not in rates:
            raise ValueError(f"{card_name}.yaml has no rate key {key}")
        feed_name = meter_.feed or card.feed
        feed = pricefeed.load(feeds / f"{feed_name}.json")
        per = Decimal(str(rates[key].get("per", 1)))
        figures[key] = feed_figures(feed, meter_, per)
        if meter_.as_in is not None:
            figures[key] = same_as(figures[key], meter_.as_in,
                                   card_figures(rates[key]))
        url = f"{REPOSITORY}/blob/{commit}/raw/{feed_name}.json"
        note = note_of(meter_, feed_name, pricefeed.published(feed), commit, date, per)
        bounds = reference_bounds(rates[key]) if meter_.tiered else []
        lines[key] = {
            region: (tier_entry_line(region, figure.rates, bounds, url, note)
                     if meter_.tiered else
                     pricefeed.entry_line(region, figure.rates[0], url, note, MARKER))
            for region, figure in sorted(figures[key].items())}
    return lines, mapping_problems(card_name, rates, figures)


def parsed_card(path: Path) -> dict[str, Any]:
    """The card's ``rates``, each generated entry flagged ``_generated``."""
    kept = []
    tag = f"}}  # {MARKER}"   # every generated entry is one flow mapping (entry_line)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.endswith(tag):
            line = line[: -len(tag)] + ", _generated: true}"
        kept.append(line)
    return yaml.safe_load("\n".join(kept))["rates"]


def main(argv: list[str] | None = None, cards: dict[str, Card] | None = None) -> int:
    """Check every mapping, then write every card's entries (of ``cards``, default
    :data:`CARDS`); print what was done."""
    cards = CARDS if cards is None else cards
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("feeds", type=Path, help="directory of the raw/<feed>.json files")
    parser.add_argument("--card", action="append", choices=sorted(cards),
                        help="only this card (repeatable; default: all)")
    pricefeed.provenance_arguments(parser, Path(__file__).resolve().parents[1])
    args = pricefeed.parse_provenance(parser, argv)
    chosen = args.card or sorted(cards)
    generated, problems = {}, []
    for name in chosen:
        generated[name], found = card_lines(args.root, name, cards[name], args.feeds,
                                            args.commit, args.date)
        problems += found
    if pricefeed.refused(problems, "the feed disagrees with the cards"):
        return 1
    for name in chosen:
        skipped = pricefeed.write_card_entries(args.root / "aws" / f"{name}.yaml",
                                               generated[name], MARKER)
        count = sum(map(len, generated[name].values())) - len(skipped)
        print(f"{name}.yaml: {count} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
