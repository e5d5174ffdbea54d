"""Price List card mappings for the card-priced database services: Amazon DynamoDB
(offer AmazonDynamoDB), declared as ``"price_list": "database_mappings:DYNAMODB"`` in
``dynamodb.schema.json``.

(The catalog-priced database services — RDS, Aurora, ElastiCache, Redshift, DMS, Neptune
and DAX — have catalog builders instead: :mod:`awscalc.priceupdate.databases`.)

No real AmazonDynamoDB offer file has been seen, so every rule is *tentative*
(:func:`~awscalc.priceupdate.mappings.tentative`): it takes AWS's price, shipped
``verified: false``, only when it selects exactly one product in one of the expected
units, and otherwise carries the region's shipped rate over with the reason. Evidence,
all third-party or AWS documentation, never an offer file:

* ``../shared/pricing-facts-wave2.md`` F.5 and §12;
* Infracost's ``internal/resources/aws/dynamodb_table.go`` (github.com/infracost/infracost
  at 95ba4f49, 2026-08-21), which selects by productFamily and ``group``
  (``DDB-ReadUnits``, ``DDB-WriteUnits``, ``DDB-ReplicatedWriteUnits``,
  ``DDB-StreamsReadRequests``) and skips the "(free tier)" price of each;
* AWS's DynamoDB developer guide, "Best practices for understanding your AWS billing and
  usage reports" (the CUR usage types ``REG-ReadCapacityUnit-Hrs``,
  ``REG-IA-ReadCapacityUnit-Hrs``, ``REG-ReadRequestUnits``, ``REG-ReplWriteCapacityUnit-Hrs``,
  ``REG-ReplWriteRequestUnits``, ``REG-Streams-Requests``, ``REG-TimedStorage-ByteHrs``,
  ``REG-IA-TimedStorage-ByteHrs``, ``TimedPITRStorage-ByteHrs``,
  ``REG-TimedBackupStorage-ByteHrs``, ``REG-RestoreDataSize-Bytes``) — a usage type of a
  bill is, for these services, the offer's product usage type;
* public code and notes that read the live Price List API: group ``DDB-ReadUnitsIA`` /
  ``DDB-WriteUnitsIA`` on the Standard-IA capacity rows, units ``ReadCapacityUnit-Hrs``,
  ``WriteCapacityUnit-Hrs``, ``ReadRequestUnits``, ``WriteRequestUnits``, the $0 first
  tier 0–18,600 of the capacity rows and 0–25 of Standard storage (us-east-1 and
  ap-northeast-2 rows, 2026), and storage ``volumeType`` "Amazon DynamoDB - Indexed
  DataStore" (Standard) / "… - IA" (us-east-2 rows, 2026).

**us-east-1 and the "IA-" infix.** us-east-1 usage types have no region prefix, so the
Standard-IA rows ("IA-ReadCapacityUnit-Hrs") look like a Standard row with a two-letter
region prefix: the Standard rules therefore also name the row's ``group`` (storage: its
``volumeType``), which the IA rows do not share. Where a us-east-1 file has both
"TimedStorage-ByteHrs" and "USE1-TimedStorage-ByteHrs" (one third-party listing shows
both), the storage rule selects two products and the region's rate is carried over.

**Free tiers.** The capacity and Standard storage rows start with a $0 tier (25 units ×
744 h = 18,600 unit-hours; 25 GB). The card entries ``read-capacity-unit-hours``,
``write-capacity-unit-hours``, ``storage`` and the Streams reads (first 2.5 M per
account and region, the card's ``scope: region`` pool) model a free-tier pool, so
:func:`awscalc.priceupdate.build.to_regional` makes that tier the pool's size and keeps
only the paid rate. Replicated WCUs may also start with a $0 tier in a real file; their
card entry has no pool (no trusted source for that allowance), so such a tier would be
kept as a $0 tier of the region's ladder — check the first real update
(``awscalc pricing diff``).
Separate free-tier SKUs (``Global-…``, location "Any") never match a region.
"""

from __future__ import annotations

from awscalc.priceupdate.mappings import GB, GB_MONTHS, REQUESTS, ServiceMapping, tentative

# Units: the capacity rows are priced per "ReadCapacityUnit-Hrs" / "WriteCapacityUnit-Hrs"
# (the usage type's own name, F.5 and third-party rows, the Standard-IA rows too), the
# on-demand rows per "ReadRequestUnits" / "WriteRequestUnits" (third-party rows). No
# source names the unit of the replicated-write and Streams rows: the rules accept the
# spellings of the same kind of unit, and a product in any other unit is carried over.
RCU_HOURS = frozenset({"ReadCapacityUnit-Hrs"})
WCU_HOURS = frozenset({"WriteCapacityUnit-Hrs"})
RWCU_HOURS = WCU_HOURS | {"ReplWriteCapacityUnit-Hrs", "ReplicatedWriteCapacityUnit-Hrs"}
READ_UNITS = frozenset({"ReadRequestUnits"})
WRITE_UNITS = frozenset({"WriteRequestUnits"})
REPLICATED_UNITS = WRITE_UNITS | {"ReplWriteRequestUnits", "ReplicatedWriteRequestUnits"}
STREAM_READS = REQUESTS | {"Count", "ReadRequestUnits"}


def _group(name: str) -> tuple[str, str]:
    return ("group", name)


DYNAMODB = ServiceMapping(
    service="dynamodb",
    offers=("AmazonDynamoDB",),
    rules={
        # productFamily "Amazon DynamoDB PayPerRequest Throughput" (Infracost)
        "read-request-units": tentative("ReadRequestUnits", READ_UNITS,
                                        _group("DDB-ReadUnits")),
        "write-request-units": tentative("WriteRequestUnits", WRITE_UNITS,
                                         _group("DDB-WriteUnits")),
        # productFamily "Provisioned IOPS"; a $0 first tier 0-18,600 (the free tier)
        "read-capacity-unit-hours": tentative("ReadCapacityUnit-Hrs", RCU_HOURS,
                                              _group("DDB-ReadUnits")),
        "write-capacity-unit-hours": tentative("WriteCapacityUnit-Hrs", WCU_HOURS,
                                               _group("DDB-WriteUnits")),
        # the "IA-" usage types are unique after the region prefix: no group needed
        "ia-read-capacity-unit-hours": tentative("IA-ReadCapacityUnit-Hrs", RCU_HOURS),
        "ia-write-capacity-unit-hours": tentative("IA-WriteCapacityUnit-Hrs", WCU_HOURS),
        # productFamily "Database Storage"; a $0 first tier 0-25 GB (the free tier)
        "storage": tentative("TimedStorage-ByteHrs", GB_MONTHS,
                             ("volumeType", "Amazon DynamoDB - Indexed DataStore")),
        "ia-storage": tentative("IA-TimedStorage-ByteHrs", GB_MONTHS),
        "pitr-storage": tentative("TimedPITRStorage-ByteHrs", GB_MONTHS),
        # productFamily "Amazon DynamoDB On-Demand Backup Storage"
        "backup-storage": tentative("TimedBackupStorage-ByteHrs", GB_MONTHS),
        # productFamily "Amazon DynamoDB Restore Data Size"
        "restore": tentative("RestoreDataSize-Bytes", GB),
        # productFamily "API Request", operation GetRecords
        "streams-read-request-units": tentative("Streams-Requests", STREAM_READS,
                                                _group("DDB-StreamsReadRequests")),
        "replicated-write-request-units": tentative("ReplWriteRequestUnits", REPLICATED_UNITS,
                                                    _group("DDB-ReplicatedWriteUnits")),
        # productFamily "DDB-Operation-ReplicatedWrite" (Infracost)
        "replicated-write-capacity-unit-hours": tentative(
            "ReplWriteCapacityUnit-Hrs", RWCU_HOURS, _group("DDB-ReplicatedWriteUnits")),
    },
)
