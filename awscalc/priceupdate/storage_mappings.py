"""Price List card mappings for file, archive and hybrid storage and for load balancers:
Amazon EFS, the S3 Glacier vault API, AWS Storage Gateway and Elastic Load Balancing.

No real offer file of these offers (AmazonEFS, AmazonGlacier, AWSStorageGateway,
AWSStorageGatewayDeepArchive, AWSELB) was available when this was written: every rule is
*tentative* (:func:`awscalc.priceupdate.mappings.tentative`). A tentative rule that selects
exactly one product in an expected unit writes AWS's price, shipped ``verified: false``
with the selection in its note; otherwise the region's shipped rate is carried over with
the reason and the update goes on. The evidence for each selection is cited beside it:

* Infracost's resource code (github.com/infracost/infracost @ 95ba4f49,
  ``internal/resources/aws/*.go``; its filters are case-insensitive *substring* regexes,
  narrowed here to an exact usage type after the region's billing prefix);
* rows of AWS Price List files republished by third parties (``3P-PL`` in
  ``../shared/pricing-facts-wave2.md``), e.g. ligoj/plugin-prov-aws's AmazonEFS CSV
  (2017 and 2021 rows);
* third-party write-ups of ``pricing:GetProducts`` answers (AWSELB, 2026).

Keys no source names a usage type for, and keys priced in another offer, are ``carried``
with the reason: the update copies them from the shipped card and marks them so.
"""

from __future__ import annotations

from awscalc.priceupdate.mappings import (
    GB,
    GB_MONTHS,
    NOT_LISTED,
    REQUESTS,
    Rule,
    ServiceMapping,
    derived,
    tentative,
)

# -- Amazon EFS (offer AmazonEFS) ----------------------------------------------------------

# ligoj's AmazonEFS CSV (real rows, 2017-07-21 file with 2021 rows added) prices storage
# in "GB-Mo", IA access in "GB" and provisioned throughput in "MiBps-Mo"; its us-east-1
# storage row is spelled "USE1-TimedStorage-ByteHrs" (the region prefix is optional).
MIBPS_MONTHS = frozenset({"MiBps-Mo"})

EFS = ServiceMapping(
    service="efs",
    offers=("AmazonEFS",),
    rules={
        # pricing-facts-wave2 F.3; ligoj's rows (storageClass "General Purpose",
        # "Infrequent Access", "One Zone-General Purpose", "One Zone-Infrequent Access");
        # Infracost efs_file_system.go reads the same usage types.
        "standard-storage": tentative("TimedStorage-ByteHrs", GB_MONTHS),
        "ia-storage": tentative("IATimedStorage-ByteHrs", GB_MONTHS),
        # IA under Elastic throughput: the usage type is in the EFS User Guide's usage-type
        # table (billing-usage-reports-understand); third-party Price List code reads it
        # with storageClass "Infrequent Access-ET". Never seen in an offer file.
        "ia-storage-elastic": tentative("IATimedStorage-ET-ByteHrs", GB_MONTHS),
        "one-zone-storage": tentative("TimedStorage-Z-ByteHrs", GB_MONTHS),
        "one-zone-ia-storage": tentative("IATimedStorage-Z-ByteHrs", GB_MONTHS),
        # Named by third parties only (a cost tool's documentation and a usage-type list,
        # 2026); never seen in an offer file.
        "archive-storage": tentative("ArchiveTimedStorage-ByteHrs", GB_MONTHS),
        # Reads and writes share the usage type; ligoj's rows tell them apart by
        # operation (and "Access Type") Read / Write. Infracost filters accessType.
        "ia-read": tentative("IADataAccess-Bytes", GB, ("operation", "Read")),
        "ia-write": tentative("IADataAccess-Bytes", GB, ("operation", "Write")),
        # Infracost: productFamily "Provisioned Throughput", /ProvisionedTP-MiBpsHrs/.
        "provisioned-throughput": tentative("ProvisionedTP-MiBpsHrs", MIBPS_MONTHS),
    },
    carried={
        "archive-early-delete": "no source names the usage type of Archive's early-deletion "
                                "charge (that it is billed at the Archive storage rate is "
                                "recall)",
        "elastic-read": "no source names the Elastic throughput usage types with a read/"
                        "write attribute (one third-party test names ETDataAccess-Bytes, "
                        "without one)",
        "elastic-write": "no source names the Elastic throughput usage types with a read/"
                         "write attribute (one third-party test names ETDataAccess-Bytes, "
                         "without one)",
    },
)

# -- S3 Glacier vault API (offer AmazonGlacier) ------------------------------------------

# Infracost's s3_glacier_flexible_retrieval_storage_class.go reads these usage types from
# the AmazonGlacier offer (its golden s3_bucket_test prints their us-east-1 prices, which
# the shipped card quotes). It labels "Requests-Tier1" "Retrieval requests (standard)";
# a third party's 2020 bill shows vault uploads billed as Requests-Tier1 too, so that
# usage type prices both keys below (tentative).
GLACIER = ServiceMapping(
    service="glacier",
    offers=("AmazonGlacier",),
    rules={
        "storage": tentative("TimedStorage-ByteHrs", GB_MONTHS),
        # 32 KB per archive at the vault storage rate (pricing-facts-wave2 §9).
        "archive-metadata": derived("storage"),
        "early-delete": tentative("EarlyDelete-ByteHrs", GB_MONTHS),
        "retrieval-expedited": tentative("Expedited-Retrieval-Bytes", GB),
        "retrieval-standard": tentative("Standard-Retrieval-Bytes", GB),
        # Infracost: "Retrieval requests (expedited)", $10.00 per 1,000 in its golden.
        "retrieval-requests-expedited": tentative("Requests-Tier3", REQUESTS),
        # Requests-Tier1 meters uploads (a third party's 2020 bill of vault uploads) and
        # standard retrieval requests (Infracost: "Retrieval requests (standard)").
        "upload-requests": tentative("Requests-Tier1", REQUESTS),
        "retrieval-requests-standard": tentative("Requests-Tier1", REQUESTS),
    },
    carried={
        "retrieval-bulk": "no source names the vault's bulk retrieval usage type (Infracost "
                          "reads no bulk retrieval from AmazonGlacier)",
        "retrieval-requests-bulk": "no source names the vault's bulk retrieval request usage "
                                   "type",
        "provisioned-capacity": "no source names the provisioned capacity usage type of the "
                                "AmazonGlacier offer",
    },
)

# -- AWS Storage Gateway (offers AWSStorageGateway, AWSStorageGatewayDeepArchive) -----------

# pricing-facts-wave2 F.3 confirms the offer codes only; Infracost has no Storage Gateway
# resource, and no other source seen names a usage type of either offer. Not declared as
# a price_list (no rule): storage_gateway.schema.json names it price_list_unconfirmed.
_SGW = ("no source names its AWSStorageGateway usage type (pricing-facts-wave2 F.3 confirms "
        "only the offer code; Infracost has no Storage Gateway resource)")
_SGW_DEEP = ("priced in the AWSStorageGatewayDeepArchive offer, which this mapping does not "
             "read and whose usage types no source names")

STORAGE_GATEWAY = ServiceMapping(
    service="storage_gateway",
    offers=("AWSStorageGateway",),
    rules={},
    carried={
        "data-written": _SGW,
        # A cap on the data-written charge, not a priced product.
        "data-written-cap": NOT_LISTED + " (a monthly cap per gateway on the data-written "
                                         "charge, quoted on the pricing page)",
        "data-written-cap-at-least": NOT_LISTED + " (the least a region's unpublished cap "
                                                  "can be, from its tier bound's label)",
        "volume-storage": _SGW,
        "tape-storage": _SGW,
        "tape-archive-glacier": _SGW,
        "tape-retrieval-glacier": _SGW,
        "tape-early-delete-glacier": _SGW,
        "tape-archive-deep-archive": _SGW_DEEP,
        "tape-retrieval-deep-archive": _SGW_DEEP,
        "tape-early-delete-deep-archive": _SGW_DEEP,
    },
)

# -- Elastic Load Balancing (offer AWSELB) -------------------------------------------------

# The 2026-04-27 offers index lists AWSELB, and Infracost (lb.go, elb.go) reads ELB prices
# from it; older Price List files carried ELB rows in AmazonEC2 ("Load Balancer*" product
# families, pricing-facts-wave2 F.2). Only AWSELB is read: the AmazonEC2 offer is hundreds
# of MB a region, which only the streaming EC2 catalog builder reads, and an index without
# AWSELB (the 2015 one) makes the update stop with "lists no AWSELB offer".
#
# Selection (third party, 2026): one usage type, "<prefix>-LoadBalancerUsage", is four
# products told apart by operation — LoadBalancing:Application $0.0225, LoadBalancing:
# Network $0.0225, LoadBalancing (Classic) $0.025, LoadBalancing:Gateway $0.0125 in
# us-west-2 (a pricing:GetProducts answer written up in a public skill document); the
# same write-up shows LCUUsage and ReservedLCUUsage rows under LoadBalancing:Application,
# and "-TS-" (trust store) and "Outposts-" rows that end in LoadBalancerUsage too: the
# exact usage type excludes them. Units "Hrs" and "LCU-Hrs": an ap-northeast-1 review of
# AWSELB answers (2026-09-05). Infracost adds productFamily "Load Balancer-Application" /
# "Load Balancer-Network" / "Load Balancer", which a card rule cannot select on.
# NLB and GWLB capacity units were not seen: their rows are assumed to be LCUUsage under
# their operation, in LCU-Hrs; a different spelling carries the shipped rate over.
HRS = frozenset({"Hrs"})
LCU_HRS = frozenset({"LCU-Hrs"})


def _lb(usagetype: str, units: frozenset[str], operation: str) -> Rule:
    return tentative(usagetype, units, ("operation", operation))


ELB = ServiceMapping(
    service="elb",
    offers=("AWSELB",),
    rules={
        "alb-hours": _lb("LoadBalancerUsage", HRS, "LoadBalancing:Application"),
        "alb-lcu": _lb("LCUUsage", LCU_HRS, "LoadBalancing:Application"),
        "nlb-hours": _lb("LoadBalancerUsage", HRS, "LoadBalancing:Network"),
        "nlb-lcu": _lb("LCUUsage", LCU_HRS, "LoadBalancing:Network"),
        "gwlb-hours": _lb("LoadBalancerUsage", HRS, "LoadBalancing:Gateway"),
        "gwlb-lcu": _lb("LCUUsage", LCU_HRS, "LoadBalancing:Gateway"),
        "clb-hours": _lb("LoadBalancerUsage", HRS, "LoadBalancing"),
        # Infracost elb.go: /DataProcessing-Bytes/ in productFamily "Load Balancer"; the
        # operation is the Classic hours row's (assumed for the data row).
        "clb-data": _lb("DataProcessing-Bytes", GB, "LoadBalancing"),
    },
    carried={
        "public-ipv4": "billed by Amazon VPC (offer AmazonVPC), not in the AWSELB offer",
    },
)
