"""Which AWS Price List product prices which awscalc usage key, per service.

Selection is exact: a key names attribute values (``usagetype`` first, since
``productFamily`` can be missing) and the region; exactly one product must match in
the offer file, or the update stops with an error naming the service, key and region.
There is no substring matching: ``"Duration" in group`` would also match the
provisioned and Lambda@Edge groups, and ``endswith("TimedStorage-ByteHrs")`` would match
``USE1-Files-TimedStorage-ByteHrs``.

Keys whose price is not in the Price List, or whose attributes no real offer file has
confirmed yet, are listed in ``carried`` with the reason: the update copies them from
the shipped card and marks them so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from awscalc.errors import PricingError
from awscalc.priceupdate.offers import Offer, Product

# Region code → the long ``location`` names AWS has used for it. 2015/2016 offer files
# have only ``location``; newer ones add ``regionCode``, which wins when present.
# AWS renamed "EU (...)" to "Europe (...)" in later files, so both spellings are kept.
LOCATIONS: dict[str, tuple[str, ...]] = {
    "us-east-1": ("US East (N. Virginia)",),
    "us-east-2": ("US East (Ohio)",),
    "us-west-1": ("US West (N. California)",),
    "us-west-2": ("US West (Oregon)",),
    "ca-central-1": ("Canada (Central)",),
    "eu-west-1": ("EU (Ireland)", "Europe (Ireland)"),
    "eu-west-2": ("EU (London)", "Europe (London)"),
    "eu-west-3": ("EU (Paris)", "Europe (Paris)"),
    "eu-central-1": ("EU (Frankfurt)", "Europe (Frankfurt)"),
    "eu-north-1": ("EU (Stockholm)", "Europe (Stockholm)"),
    "eu-south-1": ("EU (Milan)", "Europe (Milan)"),
    "ap-northeast-1": ("Asia Pacific (Tokyo)",),
    "ap-northeast-2": ("Asia Pacific (Seoul)",),
    "ap-northeast-3": ("Asia Pacific (Osaka)", "Asia Pacific (Osaka-Local)"),
    "ap-southeast-1": ("Asia Pacific (Singapore)",),
    "ap-southeast-2": ("Asia Pacific (Sydney)",),
    "ap-south-1": ("Asia Pacific (Mumbai)",),
    "ap-east-1": ("Asia Pacific (Hong Kong)",),
    "sa-east-1": ("South America (Sao Paulo)", "South America (São Paulo)"),
    "af-south-1": ("Africa (Cape Town)",),
    "me-south-1": ("Middle East (Bahrain)",),
}

# Units AWS writes for the same thing (FORMAT.md §2.9: one Lambda file has "Request" and
# "Requests", "Lambda-GB-Second", "Second" and "seconds").
REQUESTS = frozenset({"Request", "Requests"})
GB_SECONDS = frozenset({"Lambda-GB-Second", "GB-Seconds", "GB-Second", "Second", "seconds"})
GB_MONTHS = frozenset({"GB-Mo", "GB-Month"})
GB = frozenset({"GB"})

# Billing-region prefixes of usage types, per region code (AWS's usage-type prefixes as
# Cost and Usage Reports show them; us-east-1 rows mostly have none, a few "USE1-").
# Seen in real rows or public bills: EU- (ligoj's AmazonRDS/EC2 files), EUW2-, USE1-,
# USW2-, EUC1-, APN1-, APN2-, APS3-; the others are recall. A wrong entry selects nothing
# (the region's rates stay missing: exit 4); a per-region file prices one region (its
# inter-region transfer rows are prefixed by the source region too). A region missing here cannot
# be updated.
REGION_PREFIXES: dict[str, tuple[str, ...]] = {
    "us-east-1": ("USE1-", ""), "us-east-2": ("USE2-",), "us-west-1": ("USW1-",),
    "us-west-2": ("USW2-",), "ca-central-1": ("CAN1-",), "ca-west-1": ("CAW1-",),
    "eu-west-1": ("EU-", "EUW1-"), "eu-west-2": ("EUW2-",), "eu-west-3": ("EUW3-",),
    "eu-central-1": ("EUC1-",), "eu-central-2": ("EUC2-",), "eu-north-1": ("EUN1-",),
    "eu-south-1": ("EUS1-",), "eu-south-2": ("EUS2-",),
    "ap-northeast-1": ("APN1-",), "ap-northeast-2": ("APN2-",), "ap-northeast-3": ("APN3-",),
    "ap-southeast-1": ("APS1-",), "ap-southeast-2": ("APS2-",), "ap-south-1": ("APS3-",),
    "ap-southeast-3": ("APS4-",), "ap-south-2": ("APS5-",), "ap-southeast-4": ("APS6-",),
    "ap-east-1": ("APE1-",), "sa-east-1": ("SAE1-",), "me-south-1": ("MES1-",),
    "me-central-1": ("MEC1-",), "af-south-1": ("AFS1-",), "il-central-1": ("ILC1-",),
}
# The regions the shipped cards aim to cover wherever a source gives a rate (issue #19);
# the generators in pricing/tools/ read their third-party tables for these.
TARGET_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
    "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-east-1", "me-south-1", "af-south-1",
)
# Regions missing there, and CloudFront's pricing zones ("US-", "EU-"…), take any prefix of
# 2-4 capitals and an optional digit; anything else (e.g. "Files-") is a different usage
# type. A known region takes only its own prefixes: "IA-TimedStorage-ByteHrs" is not a
# us-east-1 "TimedStorage-ByteHrs" with a prefix.
_PREFIX = r"(?:[A-Z]{2,4}[0-9]?-)?"


@dataclass(frozen=True)
class Rule:
    """How to find the one product that prices a usage key."""

    usagetype: str
    units: frozenset[str]
    attributes: tuple[tuple[str, str], ...] = ()
    # "location" for regional products, "fromLocation" for data transfer, None: global.
    region_attribute: str | None = "location"
    # For a key priced under the region "global" that AWS lists per region (Lambda@Edge):
    # read it from this region's products.
    read_region: str | None = None
    # Another key whose (already updated) price this key is billed at.
    same_as: str | None = None
    # False: the selection comes from pricing-facts / third-party code, and no real offer
    # file has confirmed it. Such a rule is *tentative*: when it matches no product, or
    # several, or a product in another unit, the key's rate for that region is carried
    # over from the shipped card (and the update says why) instead of stopping the
    # update; when it matches exactly one product in the expected unit, AWS's price is
    # taken but shipped as ``verified: false`` with the selection in its note.
    confirmed: bool = True
    # Other usage types (after the region prefix) that mean the same product where a
    # region names it differently (SQS: "Requests-RBP" in us-east-1, "Requests-Tier1"
    # elsewhere); two of them matching in one region is ambiguous, as ever.
    also: tuple[str, ...] = ()

    def describe(self) -> str:
        """The selection, as shown in error messages."""
        names = "|".join((self.usagetype, *self.also))
        parts = [f"usagetype={names}"] + [f"{k}={v}" for k, v in self.attributes]
        return ", ".join(parts)

    def usagetype_pattern(self, prefixed: bool, region: str | None = None) -> re.Pattern[str]:
        """The usage types this rule selects: with ``region``'s own billing prefix when
        ``prefixed`` (any prefix where the region has no entry in REGION_PREFIXES)."""
        names = "|".join(re.escape(name) for name in (self.usagetype, *self.also))
        if not prefixed:
            return re.compile(f"(?:{names})")
        own = REGION_PREFIXES.get(region or "")
        prefix = _PREFIX if own is None else "(?:" + "|".join(map(re.escape, own)) + ")"
        return re.compile(prefix + f"(?:{names})")


def tentative(usagetype: str, units: frozenset[str], *attributes: tuple[str, str],
              region_attribute: str | None = "location", also: tuple[str, ...] = ()) -> Rule:
    """A rule no real offer file has confirmed yet (see :attr:`Rule.confirmed`)."""
    return Rule(usagetype=usagetype, units=units, attributes=attributes,
                region_attribute=region_attribute, confirmed=False, also=also)


def derived(key: str) -> Rule:
    """A key billed at another key's rate (e.g. small-object charges at the storage rate)."""
    return Rule(usagetype="", units=frozenset(), same_as=key)


@dataclass(frozen=True)
class ServiceMapping:
    """How one awscalc rate card is rebuilt from the Price List."""

    service: str
    # Offer codes to read, the first one the index lists wins.
    offers: tuple[str, ...]
    rules: dict[str, Rule]
    carried: dict[str, str] = field(default_factory=dict)
    # True: one global offer file (Route 53, CloudFront), whatever --region says.
    is_global: bool = False
    # Card regions that are not AWS regions (CloudFront's pricing zones) → the location
    # names AWS gives them. Card regions missing here are carried over.
    zones: dict[str, tuple[str, ...]] | None = None

    def regions_of_rule(self, rule: Rule, selected: list[str]) -> list[str]:
        """The card regions a rule writes: the selected ones, the zones, or "global"."""
        if rule.read_region or (self.is_global and rule.region_attribute is None):
            return ["global"]
        if self.zones is not None:
            return list(self.zones)
        return selected

    def location_names(self, region: str) -> tuple[str, ...] | None:
        """The ``location`` values that mean ``region``; None if the region is unknown."""
        if self.zones is not None:
            return self.zones.get(region)
        return LOCATIONS.get(region)

    def offer_regions(self, selected: list[str]) -> list[str]:
        """The AWS regions whose offer files are needed for ``selected``."""
        needed = list(selected)
        for rule in self.rules.values():
            if rule.read_region and rule.read_region not in needed:
                needed.append(rule.read_region)
        return needed


def _in_region(product: Product, rule: Rule, region: str, names: tuple[str, ...],
               by_code: bool) -> bool:
    attributes = product.attributes
    if rule.region_attribute is None:
        return True
    code_attribute = "fromRegionCode" if rule.region_attribute == "fromLocation" else "regionCode"
    code = attributes.get(code_attribute)
    if by_code and code:
        return code == region
    return attributes.get(rule.region_attribute) in names


def select(offer: Offer, service: str, key: str, rule: Rule, region: str,
           mapping: ServiceMapping | None = None) -> Product:
    """The one product of ``offer`` that prices ``key`` in ``region``; else an error."""
    aws_region = rule.read_region or region
    names: tuple[str, ...] = ()
    if rule.region_attribute is None:
        usagetype = rule.usagetype_pattern(prefixed=False)
    else:
        known = mapping.location_names(aws_region) if mapping else LOCATIONS.get(aws_region)
        if known is None:
            raise PricingError(f"{service}: region '{aws_region}' is not known to "
                               "'awscalc pricing update'",
                               f"known: {', '.join(sorted(LOCATIONS))}")
        names = known
        zoned = mapping is not None and mapping.zones is not None
        usagetype = rule.usagetype_pattern(prefixed=True,
                                           region=None if zoned else aws_region)
    by_code = not (mapping and mapping.zones is not None)
    matches = [
        product for product in offer.products.values()
        if usagetype.fullmatch(product.attributes.get("usagetype", ""))
        and all(product.attributes.get(name) == value for name, value in rule.attributes)
        and _in_region(product, rule, aws_region, names, by_code)
    ]
    where = f"service '{service}', key '{key}', region '{region}'"
    if not matches:
        raise PricingError(f"{where}: no product matches {rule.describe()} in "
                           f"{offer.raw.url}", "the Price List changed or lacks this product")
    if len(matches) > 1:
        skus = ", ".join(sorted(p.sku for p in matches))
        raise PricingError(f"{where}: {len(matches)} products match {rule.describe()} in "
                           f"{offer.raw.url} ({skus}); refusing to guess")
    return matches[0]


NOT_LISTED = "not in the AWS Price List"
UNCONFIRMED = "no real offer file has confirmed its Price List attributes yet"


def _r53(usagetype: str, units: frozenset[str]) -> Rule:
    return Rule(usagetype=usagetype, units=units, region_attribute=None)


QUERIES = frozenset({"Queries"})
MONTHS = frozenset({"Mo"})

# Route 53: one global offer, no location (2015 sample, complete file).
ROUTE53 = ServiceMapping(
    service="route53",
    offers=("AmazonRoute53",),
    is_global=True,
    rules={
        "hosted-zone": _r53("HostedZone", frozenset({"HostedZone"})),
        "dns-queries-standard": _r53("DNS-Queries", QUERIES),
        "dns-queries-latency": _r53("LBR-Queries", QUERIES),
        "dns-queries-geo": _r53("Geo-Queries", QUERIES),
        # The first 50 AWS-endpoint health checks are a zero-priced first tier in the
        # offer file (0-50 at $0, 50-Inf at $0.50); the card models them as a free tier.
        "health-check-aws": _r53("Health-Check-AWS", MONTHS),
        "health-check-non-aws": _r53("Health-Check-Non-AWS", MONTHS),
        "health-check-feature-aws": _r53("Health-Check-Option-AWS", MONTHS),
        "health-check-feature-non-aws": _r53("Health-Check-Option-Non-AWS", MONTHS),
    },
    carried={
        # Neither the 2015 file (it predates both features), pricing-facts nor Infracost
        # (route53_record.go prices DNS-, LBR- and Geo-Queries only) names a product.
        "dns-queries-ip-based": "no source names its Price List usage type (the 2015 file "
                                "predates IP-based routing; Infracost does not price it)",
        # Alias queries to AWS resources are free and have no product of their own;
        # the Intra-AWS-*-Queries products ($0) are queries *from* AWS, not aliases.
        "dns-queries-alias": NOT_LISTED,
        "traffic-policy-record": "no source names its Price List usage type (the 2015 file "
                                 "has no Traffic Flow product; Infracost does not price it)",
    },
)

# Data transfer out to the internet. Newer indexes have the AWSDataTransfer offer; the
# 2015 index does not, but every service's offer (AmazonS3 here) carries the same
# products with servicecode "AWSDataTransfer" (FORMAT.md §2.7).
_OTHER_OFFER = "priced in the AmazonEC2 / AmazonVPC offers, which this mapping does not read"

DATA_TRANSFER = ServiceMapping(
    service="data-transfer",
    offers=("AWSDataTransfer", "AmazonS3"),
    rules={
        "internet-out": Rule(
            usagetype="DataTransfer-Out-Bytes", units=GB, region_attribute="fromLocation",
            attributes=(("transferType", "AWS Outbound"), ("toLocation", "External"))),
        # AWS prices inter-region transfer per (source, destination) pair,
        # "<SRC>-<DST>-AWS-Out-Bytes"; the card has one rate per source region. The rate is
        # read from the pair to US West (Oregon), as Infracost's data_transfer.go does for
        # us-east-1 (the real 2016 file has USE1-USW2-AWS-Out-Bytes, "InterRegion
        # Outbound", $0.02). Every other destination bills the same except us-east-1 <->
        # us-east-2 (the next key); us-west-2 itself has no such pair and is carried over.
        "inter-region-out": tentative(
            "USW2-AWS-Out-Bytes", GB, ("transferType", "InterRegion Outbound"),
            ("toLocation", "US West (Oregon)"), region_attribute="fromLocation"),
        # us-east-1 -> us-east-2 and back (Infracost's "US East regions" component):
        # one usage type per direction, so each region names the other.
        "inter-region-out-us-east": tentative(
            "USE2-AWS-Out-Bytes", GB, ("transferType", "InterRegion Outbound"),
            region_attribute="fromLocation", also=("USE1-AWS-Out-Bytes",)),
    },
    carried={
        # Cross-AZ transfer, NAT gateways and interface endpoints are rows of other offers
        # (AmazonEC2, AmazonVPC) this mapping does not read.
        "cross-az": _OTHER_OFFER,
        "nat-gateway-hours": _OTHER_OFFER,
        "nat-gateway-data": _OTHER_OFFER,
        "endpoint-hours": _OTHER_OFFER,
        "endpoint-data": _OTHER_OFFER,
    },
)


def _s3(usagetype: str, units: frozenset[str] = GB_MONTHS,
        *attributes: tuple[str, str]) -> Rule:
    return Rule(usagetype=usagetype, units=units, attributes=attributes)


OBJECTS = frozenset({"Objects", "Object"})

# Sources of the tentative S3 rules below (none is a real offer file):
# - AWS S3 User Guide, "Understanding your AWS billing and usage reports for Amazon S3"
#   (public copy of docs.aws.amazon.com/AmazonS3/latest/userguide/
#   aws-usage-report-understand.html): the usage types of the bill, which the Price List
#   uses too, e.g. Requests-Tier5 = Bulk and Requests-Tier6 = Expedited Glacier Flexible
#   Retrieval restore requests, Requests-XZ-Tier1, Upload-XZ, Monitoring-Automation-INT
#   (unit "Objects").
# - Infracost internal/resources/aws/s3_*.go (@95ba4f49, 2026-08-21): Requests-GLACIER-Tier2,
#   Requests-Tier3 with operation S3-GlacierTransition / S3-GDATransition,
#   Monitoring-Automation-INT.
# - scttfrdmn/objectfs internal offerfile (Go code that reads the real per-region AmazonS3
#   files): Requests-Tier3 is three SKUs told apart by operation (RestoreObject $0.00005,
#   S3-GlacierTransition $0.00003, S3-GDATransition), and Standard-Retrieval-Bytes two
#   (RestoreObject $0.01, DeepArchiveRestoreObject $0.02).
# - A third-party CUR analysis naming the transition operations S3-INTTransition,
#   S3-ZIATransition, S3-GIRTransition (Requests-Tier4 = "lifecycle transitions to Glacier
#   IR, Intelligent-Tiering, Standard-IA or One Zone-IA" in the AWS guide).
_GDA_OFFER = "priced in the AmazonS3GlacierDeepArchive offer, which this mapping does not read"
_NO_NAME = "no source names its Price List usage type"

S3 = ServiceMapping(
    service="s3",
    offers=("AmazonS3",),
    rules={
        # Storage, per GB-month (the 2016 sample confirms Standard, SIA, RRS, Glacier).
        "storage-standard": _s3("TimedStorage-ByteHrs"),
        "storage-intelligent-tiering-frequent": _s3("TimedStorage-INT-FA-ByteHrs"),
        "storage-intelligent-tiering-infrequent": _s3("TimedStorage-INT-IA-ByteHrs"),
        "storage-intelligent-tiering-archive-instant": _s3("TimedStorage-INT-AIA-ByteHrs"),
        "storage-intelligent-tiering-archive": _s3("TimedStorage-INT-AA-ByteHrs"),
        "storage-intelligent-tiering-deep-archive": _s3("TimedStorage-INT-DAA-ByteHrs"),
        "storage-standard-ia": _s3("TimedStorage-SIA-ByteHrs"),
        "storage-onezone-ia": _s3("TimedStorage-ZIA-ByteHrs"),
        "storage-glacier-ir": _s3("TimedStorage-GIR-ByteHrs"),
        "storage-glacier": _s3("TimedStorage-GlacierByteHrs"),
        "storage-rrs": _s3("TimedStorage-RRS-ByteHrs"),
        "storage-express-onezone": tentative("TimedStorage-XZ-ByteHrs", GB_MONTHS),
        # Small objects are billed as a fee product at the class's storage rate.
        "small-objects-standard-ia": _s3("TimedStorage-SIA-SmObjects"),
        "small-objects-onezone-ia": _s3("TimedStorage-ZIA-SmObjects"),
        "small-objects-glacier-ir": _s3("TimedStorage-GIR-SmObjects"),
        "archive-metadata-glacier": derived("storage-glacier"),
        # The pricing page bills the 32 KB per archived object at the Glacier Flexible
        # Retrieval storage rate (the card entry's note).
        "archive-metadata-intelligent-tiering-archive": derived("storage-glacier"),
        # Priced per object monitored (AWS unit "Objects"); the card per 1,000.
        "intelligent-tiering-monitoring": tentative("Monitoring-Automation-INT", OBJECTS),
        # Early deletion: Glacier's is "EarlyDelete-ByteHrs" (no class infix), and its
        # description quotes the 3-month minimum ($0.021/GB) while pricePerUnit is per
        # GB-month ($0.007): the price is read, never the description.
        "early-delete-standard-ia": _s3("EarlyDelete-SIA"),
        "early-delete-onezone-ia": _s3("EarlyDelete-ZIA"),
        "early-delete-glacier-ir": derived("storage-glacier-ir"),
        "early-delete-glacier": _s3("EarlyDelete-ByteHrs"),
        # Requests: AWS prices per request, the card per 1,000.
        "requests-standard-put": _s3("Requests-Tier1", REQUESTS),
        "requests-standard-get": _s3("Requests-Tier2", REQUESTS),
        "requests-intelligent-tiering-put": _s3("Requests-INT-Tier1", REQUESTS),
        "requests-intelligent-tiering-get": _s3("Requests-INT-Tier2", REQUESTS),
        "requests-standard-ia-put": _s3("Requests-SIA-Tier1", REQUESTS),
        "requests-standard-ia-get": _s3("Requests-SIA-Tier2", REQUESTS),
        "requests-onezone-ia-put": _s3("Requests-ZIA-Tier1", REQUESTS),
        "requests-onezone-ia-get": _s3("Requests-ZIA-Tier2", REQUESTS),
        "requests-glacier-ir-put": _s3("Requests-GIR-Tier1", REQUESTS),
        "requests-glacier-ir-get": _s3("Requests-GIR-Tier2", REQUESTS),
        # "Requests-Tier3" is Glacier's PUT/transition request in the 2016 sample (operation
        # ""); newer files split it by operation (the transitions and restores below), so
        # the empty operation is part of the selection.
        "requests-glacier-put": _s3("Requests-Tier3", REQUESTS, ("operation", "")),
        "requests-glacier-get": tentative("Requests-GLACIER-Tier2", REQUESTS),
        "requests-deep-archive-get": tentative("Requests-GDA-Tier2", REQUESTS),
        "requests-express-onezone-put": tentative("Requests-XZ-Tier1", REQUESTS),
        "requests-express-onezone-get": tentative("Requests-XZ-Tier2", REQUESTS),
        "requests-rrs-put": derived("requests-standard-put"),
        "requests-rrs-get": derived("requests-standard-get"),
        "requests-list": derived("requests-standard-put"),
        # "Requests-Tier4" is "Lifecycle Transition Requests into Standard-Infrequent
        # Access" in the 2016 sample (operation ""); the other Tier4 transitions carry
        # their own operation.
        "transition-standard-ia": _s3("Requests-Tier4", REQUESTS, ("operation", "")),
        "transition-intelligent-tiering": tentative(
            "Requests-Tier4", REQUESTS, ("operation", "S3-INTTransition")),
        "transition-onezone-ia": tentative(
            "Requests-Tier4", REQUESTS, ("operation", "S3-ZIATransition")),
        "transition-glacier-ir": tentative(
            "Requests-Tier4", REQUESTS, ("operation", "S3-GIRTransition")),
        "transition-glacier": tentative(
            "Requests-Tier3", REQUESTS, ("operation", "S3-GlacierTransition")),
        "transition-deep-archive": tentative(
            "Requests-Tier3", REQUESTS, ("operation", "S3-GDATransition")),
        "retrieval-standard-ia": _s3("Retrieval-SIA", GB),
        "retrieval-onezone-ia": _s3("Retrieval-ZIA", GB),
        "retrieval-glacier-ir": _s3("Retrieval-GIR", GB),
        # Glacier Flexible Retrieval restores. Infracost reads these from the AmazonGlacier
        # (vault API) offer; objectfs finds them in AmazonS3, which is what this reads.
        "retrieval-glacier-standard": tentative(
            "Standard-Retrieval-Bytes", GB, ("operation", "RestoreObject")),
        "retrieval-deep-archive-standard": tentative(
            "Standard-Retrieval-Bytes", GB, ("operation", "DeepArchiveRestoreObject")),
        "retrieval-glacier-expedited": tentative("Expedited-Retrieval-Bytes", GB),
        "retrieval-requests-glacier-standard": tentative(
            "Requests-Tier3", REQUESTS, ("operation", "RestoreObject")),
        "retrieval-requests-glacier-expedited": tentative("Requests-Tier6", REQUESTS),
        "retrieval-requests-glacier-bulk": tentative("Requests-Tier5", REQUESTS),
        # Express One Zone: per GB of the part of a request over 512 KB.
        "upload-express-onezone": tentative("Upload-XZ", GB),
        "retrieval-express-onezone": tentative("Retrieval-XZ", GB),
    },
    carried={
        # Deep Archive storage, PUTs and restores are in a separate offer (Infracost:
        # TimedStorage-GDA-ByteHrs, Requests-GDA-Tier1, Requests-GDA-Tier3 / -Tier5,
        # Bulk-Retrieval-Bytes, EarlyDelete-GDA in AmazonS3GlacierDeepArchive; objectfs:
        # AmazonS3 has no TimedStorage-GDA-ByteHrs). A mapping reads one offer.
        "storage-deep-archive": _GDA_OFFER,
        "archive-metadata-deep-archive": _GDA_OFFER,
        "early-delete-deep-archive": _GDA_OFFER,
        "requests-deep-archive-put": _GDA_OFFER,
        "retrieval-deep-archive-bulk": _GDA_OFFER,
        "retrieval-requests-deep-archive-standard": _GDA_OFFER,
        "retrieval-requests-deep-archive-bulk": _GDA_OFFER,
        "archive-metadata-intelligent-tiering-deep-archive":
            "billed at the Glacier Deep Archive rate, " + _GDA_OFFER,
        # "Bulk-Retrieval-Bytes" is shared by Glacier Flexible Retrieval (free) and Deep
        # Archive ($0.0025/GB): no source names the attribute that tells them apart, and
        # the Deep Archive product alone would be mistaken for Flexible's price.
        "retrieval-glacier-bulk": "free (AWS: Bulk retrievals from Glacier Flexible "
                                  "Retrieval are free); Bulk-Retrieval-Bytes is shared with "
                                  "Deep Archive and no source says how to tell them apart",
        "retrieval-intelligent-tiering-expedited": _NO_NAME + " (AWS's billing guide lists "
                                                   "none for Intelligent-Tiering restores)",
        "retrieval-intelligent-tiering-standard": "free (no retrieval charge); " + _NO_NAME,
        "retrieval-intelligent-tiering-bulk": "free (no retrieval charge); " + _NO_NAME,
        "retrieval-requests-intelligent-tiering-expedited":
            _NO_NAME + " (AWS's billing guide lists none for Intelligent-Tiering restores)",
        "retrieval-requests-intelligent-tiering-standard": "free (no request charge); "
                                                           + _NO_NAME,
        "retrieval-requests-intelligent-tiering-bulk": "free (no request charge); " + _NO_NAME,
        "provisioned-capacity": _NO_NAME + " (Infracost does not price it)",
        # AWS bills acceleration per region pair and edge group
        # ("<R1>-<R2>-AWS-In-ABytes-T1", "-T2", "-AWS-Out-ABytes"); no source says which
        # pair or attributes price an upload from the internet.
        "transfer-acceleration-in-us-eu-jp": "billed per region pair (AWS-In-ABytes-T1); "
                                             "no source names the product to read",
        "transfer-acceleration-in-other": "billed per region pair (AWS-In-ABytes-T2); "
                                          "no source names the product to read",
        "transfer-acceleration-out": "billed per region pair (AWS-Out-ABytes); no source "
                                     "names the product to read",
        "transfer-acceleration-inter-region": "billed per region pair (AWS-Out-ABytes); no "
                                              "source names the product to read",
        "replication-time-control": "billed per region pair (<R1>-<R2>-S3RTC-Out-Bytes in "
                                    "AWS's billing guide); no source shows its Price List "
                                    "product or attributes",
        "kms-requests": "priced in the awskms offer, not read",
    },
)


def _fn(usagetype: str, units: frozenset[str] = GB_SECONDS, read_region: str | None = None
        ) -> Rule:
    return Rule(usagetype=usagetype, units=units, read_region=read_region)


# Lambda: the free-tier SKUs (location "Any", usagetype "Global-Request" /
# "Global-Lambda-GB-Second") never match a region, so they are not mistaken for prices.
LAMBDA = ServiceMapping(
    service="lambda",
    offers=("AWSLambda",),
    rules={
        "requests": _fn("Request", REQUESTS),
        "duration-x86": _fn("Lambda-GB-Second"),
        "duration-arm64": _fn("Lambda-GB-Second-ARM"),
        "ephemeral-storage": _fn("Lambda-Storage-GB-Second"),
        "provisioned-concurrency-x86": _fn("Lambda-Provisioned-Concurrency"),
        "provisioned-concurrency-arm64": _fn("Lambda-Provisioned-Concurrency-ARM"),
        "provisioned-duration-x86": _fn("Lambda-Provisioned-GB-Second"),
        "provisioned-duration-arm64": _fn("Lambda-Provisioned-GB-Second-ARM"),
        # Lambda@Edge has one price everywhere, but AWS lists it per region
        # ("APS3-Lambda-Edge-Request"); the card's "global" rate is read from us-east-1.
        "edge-requests": _fn("Lambda-Edge-Request", REQUESTS, read_region="us-east-1"),
        "edge-duration": _fn("Lambda-Edge-GB-Second", read_region="us-east-1"),
    },
)


# Unit spellings no real file has shown yet (AWS's bill says "Lines" / invocations).
FUNCTION_CALLS = REQUESTS | {"Executions", "Invocations"}
LOG_LINES = frozenset({"Lines", "Line", "LogLines"})


def _zone(usagetype: str, units: frozenset[str], region_attribute: str,
          *attributes: tuple[str, str]) -> Rule:
    return Rule(usagetype=usagetype, units=units, region_attribute=region_attribute,
                attributes=attributes)


# CloudFront: one global offer; prices are per pricing zone, named by ``fromLocation``
# (data transfer) or ``location`` (requests), with usage types prefixed by the zone
# ("US-", "EU-", "AP-"...). The 2015 sample has seven zones; the card's eighth,
# africa_middle_east, has no AWS sample (third parties disagree between "South Africa"
# and "Middle East"), so it is carried over rather than guessed.
CLOUDFRONT = ServiceMapping(
    service="cloudfront",
    offers=("AmazonCloudFront",),
    is_global=True,
    zones={
        "north_america": ("United States",),
        "europe": ("Europe",),
        "south_america": ("South America",),
        "japan": ("Japan",),
        "australia": ("Australia",),
        "asia": ("Asia Pacific",),
        "india": ("India",),
    },
    rules={
        "data-transfer-out": _zone(
            "DataTransfer-Out-Bytes", GB, "fromLocation",
            ("transferType", "CloudFront Outbound"), ("toLocation", "External")),
        "origin-transfer": _zone(
            "DataTransfer-Out-OBytes", GB, "fromLocation",
            ("transferType", "CloudFront to Origin"), ("toLocation", "Data Origin")),
        # Tier1 = HTTP GET/HEAD, Tier2 = HTTPS GET/HEAD; the card prices all methods at
        # these rates (the 2015 *-Proxy products for POST/PUT... have the same prices).
        "requests-http": _zone("Requests-Tier1", REQUESTS, "location",
                               ("requestType", "CloudFront-Request-Tier1")),
        "requests-https": _zone("Requests-Tier2-HTTPS", REQUESTS, "location",
                                ("requestType", "CloudFront-Request-Tier2")),
        # The first 1,000 paths are a $0 first tier, as in the card.
        "invalidation-paths": Rule(usagetype="Invalidations", units=frozenset({"URL"}),
                                   region_attribute=None),
        "dedicated-ip-certificate": Rule(usagetype="SSL-Cert-Custom", units=MONTHS,
                                         region_attribute=None),
        # Usage types from AWS's CloudFront Developer Guide ("AWS billing and usage
        # reports for CloudFront", public copy), with Infracost's attributes
        # (cloudfront_function.go, cloudfront_distribution.go @95ba4f49). Both are global.
        # Functions: Infracost reads the tier above 2,000,000, i.e. the always-free
        # invocations are a $0 first tier, which becomes the card's free tier.
        "functions": tentative("Executions-CloudFrontFunctions", FUNCTION_CALLS,
                               region_attribute=None),
        "realtime-log-lines": tentative("RealTimeLog-KinesisDataStream", LOG_LINES,
                                        ("operation", "RealTimeLog"), region_attribute=None),
    },
    carried={
        # Origin Shield is priced per AWS region (location "US East (N. Virginia)"…,
        # "APN2-Requests-OriginShield" in a third-party note), but this mapping reads
        # CloudFront by pricing zone: its card regions are AWS regions it cannot select.
        "origin-shield-requests": "priced per AWS region, while this mapping selects "
                                  "CloudFront products by pricing zone",
        # Infracost selects requestDescription "HTTPS Proxy requests with Field Level
        # Encryption" (location Europe) but no source names its usage type.
        "field-level-encryption": "no source names its Price List usage type",
    },
)

HOURS = frozenset({"hours"})

# Amazon ECS / AWS Fargate: usage types and units as in AWS's AmazonECS eu-west-1 CSV
# (publication 2020-12-14) kept in ligoj/plugin-prov-aws's test fixtures; an excerpt is
# tests/data/offers/ecs/. vCPU and memory are priced per "hours", ephemeral storage per
# "GB-Hours". The $0 ECS-EC2-* products are ECS on EC2, which awscalc does not meter.
ECS = ServiceMapping(
    service="ecs",
    offers=("AmazonECS",),
    rules={
        "fargate-vcpu-linux-x86": Rule("Fargate-vCPU-Hours:perCPU", HOURS),
        "fargate-memory-linux-x86": Rule("Fargate-GB-Hours", HOURS),
        "fargate-vcpu-linux-arm64": Rule("Fargate-ARM-vCPU-Hours:perCPU", HOURS),
        "fargate-memory-linux-arm64": Rule("Fargate-ARM-GB-Hours", HOURS),
        "fargate-vcpu-windows": Rule("Fargate-Windows-vCPU-Hours:perCPU", HOURS),
        "fargate-memory-windows": Rule("Fargate-Windows-GB-Hours", HOURS),
        "fargate-windows-os-licence": Rule("Fargate-Windows-OS-Hours:perCPU", HOURS),
        "fargate-ephemeral-storage": Rule("Fargate-EphemeralStorage-GB-Hours",
                                          frozenset({"GB-Hours"})),
    },
    carried={
        # The sampled AmazonECS file has no Spot product; AWS published Fargate Spot
        # prices in a separate file (spot-fargate.json).
        "fargate-spot-vcpu-linux-x86": UNCONFIRMED,
        "fargate-spot-memory-linux-x86": UNCONFIRMED,
    },
)


def mapping_named(name: str) -> ServiceMapping:
    """The mapping a declaration names: ``S3`` (this module) or ``module:NAME`` (a module
    of :mod:`awscalc.priceupdate`, e.g. ``storage_mappings:EFS``)."""
    if ":" not in name:
        return globals()[name]
    import importlib

    module, _, attribute = name.partition(":")
    return getattr(importlib.import_module(f"awscalc.priceupdate.{module}"), attribute)


@functools.cache
def declared_mappings() -> dict[str, ServiceMapping]:
    """Each declared service's mapping, named by its declaration's ``price_list``."""
    from awscalc.services import declarations

    found: dict[str, ServiceMapping] = {}
    for name, declared in declarations().items():
        if declared.price_list:
            mapping = mapping_named(declared.price_list)
            if mapping.service != name:
                raise ValueError(f"{declared.fragment_path.name}: price_list "
                                 f"{declared.price_list} maps service '{mapping.service}'")
            found[name] = mapping
    return found


def __getattr__(name: str) -> Any:
    """``MAPPINGS`` (every declared service's mapping) is built on first use, not at import:
    the modules it loads (``integration_mappings``…) import this one."""
    if name == "MAPPINGS":
        return declared_mappings()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
