"""``awscalc pricing update`` rule tables for the database offers (one engine:
:mod:`.offer_catalog`).

=============  ===========================  ==========================================
service        offer                        catalog rows (card keys)
=============  ===========================  ==========================================
``rds``        AmazonRDS                    ``instance-hours``, ``reserved-upfront`` by
                                            (instance_class, engine, license, deployment,
                                            purchase_option); card: storage, IOPS,
                                            magnetic I/O, backup, Extended Support
``aurora``     AmazonRDS                    ``instance-hours`` by (instance_class, engine,
                                            storage_configuration, purchase_option); card:
                                            storage, I/O, backup, backtrack, export,
                                            Serverless v2
``elasticache`` AmazonElastiCache           ``node-hours``, ``reserved-upfront`` by
                                            (node_type, engine, purchase_option)
``redshift``   AmazonRedshift               ``node-hours``, ``reserved-upfront`` by
                                            (node_type, purchase_option)
``dms``        AWSDatabaseMigrationSvc      ``instance-hours`` by (instance_class,
                                            deployment); card: storage
``neptune``    AmazonNeptune                ``instance-hours`` by (instance_class,
                                            storage_configuration, purchase_option),
                                            ``cpu-credits`` by instance_family; card:
                                            storage, I/O, backup
``dax``        AmazonDAX                    ``node-hours`` by node_type
=============  ===========================  ==========================================

Attribute values and usage types: ``../shared/pricing-facts-wave2.md`` F.4 and F.5. Each
rule says whether a real offer row confirms it (ligoj's eu-west-1 AmazonRDS CSV, the
2018 AmazonRedshift file, ``tests/data/offers/``) or only F.4/F.5 (Infracost's resource
code, recall): an unconfirmed rule selects nothing unless every exact value matches, so a
wrong one leaves the rate missing (exit 4), never mis-priced.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from awscalc.catalog import CatalogKey, CatalogRate, CatalogSource
from awscalc.priceupdate.offer_catalog import (
    HOURS,
    CardRate,
    CardRule,
    CatalogBuild,
    OfferSpec,
    Row,
    Selected,
    update_catalog,
)

MILLION = Decimal(1_000_000)
GB_MONTHS = frozenset({"GB-Mo"})
IOPS_MONTHS = frozenset({"IOPS-Mo"})
IOS = frozenset({"IOs"})

# -- AmazonRDS: RDS ------------------------------------------------------------------------

RDS_DIMENSIONS = ("instance_class", "engine", "license", "deployment", "purchase_option")
RDS_KEYS = (
    CatalogKey("instance-hours", "DB instance hours", "instance-hour", RDS_DIMENSIONS),
    CatalogKey("reserved-upfront", "Reserved DB instance upfront fee", "instance",
               RDS_DIMENSIONS),
)
# (databaseEngine, databaseEdition) → awscalc engine. Oracle Standard / Standard One
# (retired editions) and engines awscalc does not price are left out.
RDS_ENGINES = {
    ("MySQL", ""): "mysql", ("MariaDB", ""): "mariadb", ("PostgreSQL", ""): "postgresql",
    ("Oracle", "Standard Two"): "oracle_se2", ("Oracle", "Enterprise"): "oracle_ee",
    ("SQL Server", "Express"): "sqlserver_ex", ("SQL Server", "Web"): "sqlserver_web",
    ("SQL Server", "Standard"): "sqlserver_se", ("SQL Server", "Enterprise"): "sqlserver_ee",
}
OPEN_SOURCE = frozenset({"mysql", "mariadb", "postgresql"})
RDS_LICENCES = {"No license required": "none", "License included": "included",
                "Bring your own license": "byol"}
# Instance usage type → (deploymentOption it must carry, awscalc deployment). SQL Server's
# Multi-AZ rows are "MirrorUsage" (ligoj's real rows, deploymentOption "Multi-AZ");
# "Multi-AZClusterUsage" / "Multi-AZ (readable standbys)" is F.4 recall, unconfirmed.
RDS_USAGES = {
    "InstanceUsage": ("Single-AZ", "single_az"),
    "Multi-AZUsage": ("Multi-AZ", "multi_az"),
    "MirrorUsage": ("Multi-AZ", "multi_az"),
    "Multi-AZClusterUsage": ("Multi-AZ (readable standbys)", "multi_az_cluster"),
}
_INSTANCE_USAGE = re.compile(r"(?P<kind>[A-Za-z-]+):(?P<class>db\.[a-z0-9][a-z0-9.-]*)")


def _rds_storage(key: str, volume: str, deployment: str, confirmed: str = "") -> CardRule:
    return CardRule(key, "Database Storage", GB_MONTHS,
                    (("volumeType", volume), ("deploymentOption", deployment)),
                    confirmed=confirmed)


def _rds_iops(key: str, deployment: str, confirmed: str = "") -> CardRule:
    return CardRule(key, "Provisioned IOPS", IOPS_MONTHS, (("deploymentOption", deployment),),
                    confirmed=confirmed)


LIGOJ_RDS = "ligoj eu-west-1 AmazonRDS CSV, SKU "
RDS_CARD_RULES = {
    "RDS:GP2-Storage": _rds_storage("gp2-storage", "General Purpose", "Single-AZ",
                                    LIGOJ_RDS + "R8WRAJ8WCVQ3X8YM"),
    "RDS:Multi-AZ-GP2-Storage": _rds_storage("gp2-storage-multi-az", "General Purpose",
                                             "Multi-AZ", LIGOJ_RDS + "N93TRW4APJRKSEER"),
    "RDS:GP3-Storage": _rds_storage("gp3-storage", "General Purpose-GP3", "Single-AZ"),
    "RDS:Multi-AZ-GP3-Storage": _rds_storage("gp3-storage-multi-az", "General Purpose-GP3",
                                             "Multi-AZ"),
    "RDS:GP3-PIOPS": _rds_iops("gp3-iops", "Single-AZ"),
    "RDS:Multi-AZ-GP3-PIOPS": _rds_iops("gp3-iops-multi-az", "Multi-AZ"),
    "RDS:PIOPS-Storage": _rds_storage("io1-storage", "Provisioned IOPS", "Single-AZ",
                                      LIGOJ_RDS + "DEEBJTH46CYJPKST"),
    "RDS:PIOPS": _rds_iops("io1-iops", "Single-AZ", LIGOJ_RDS + "XNCEX6UXU4G2F8GK"),
    "RDS:StorageUsage": _rds_storage("magnetic-storage", "Magnetic", "Single-AZ",
                                     LIGOJ_RDS + "H4CKD256H5D82FDQ"),
    # per I/O in the offer, per million requests in the card
    "RDS:StorageIOUsage": CardRule("magnetic-io", "System Operation", IOS,
                                   (("volumeType", "Magnetic"),), MILLION,
                                   LIGOJ_RDS + "TQPCZ54PMZX9Z8N8"),
    "RDS:ChargedBackupUsage": CardRule("backup-storage", "Storage Snapshot", GB_MONTHS,
                                       confirmed=LIGOJ_RDS + "Y5AZ47WSEBAUJ39M"),
}
# RDS for MySQL / PostgreSQL Extended Support by version group (the card's keys follow
# the RDS pricing pages' feeds: MySQL 5.7 and PostgreSQL 10–12 at one rate, MySQL 8.0 and
# PostgreSQL 13–15 at a lower one); versions of one group with different rates in a region
# make the key ambiguous (dropped). Aurora's own Extended Support usage types
# (AuroraMySQL…) do not match. Unit: F.4 gives none; "vCPU-hour" is from a third party's
# fixture (unconfirmed).
VCPU_HOURS = frozenset({"vCPU-hour", "vCPU-Hours", "vCPU-Hrs"})
_OLDER = r"(?:MySQL5\.7|PostgreSQL1[0-2])(?:\.[0-9]+)?"
_NEWER = r"(?:MySQL8\.0|PostgreSQL1[3-5])(?:\.[0-9]+)?"
RDS_CARD_PATTERNS = (
    (re.compile(rf"ExtendedSupport:Yr1-Yr2:{_OLDER}"),
     CardRule("extended-support-yr1-2", "", VCPU_HOURS)),
    (re.compile(rf"ExtendedSupport:Yr3:{_OLDER}"),
     CardRule("extended-support-yr3", "", VCPU_HOURS)),
    (re.compile(rf"ExtendedSupport:Yr1-Yr2:{_NEWER}"),
     CardRule("extended-support-newer-yr1-2", "", VCPU_HOURS)),
    (re.compile(r"ExtendedSupport:Yr3:(?:PostgreSQL1[3-5])(?:\.[0-9]+)?"),
     CardRule("extended-support-newer-yr3", "", VCPU_HOURS)),
)
RDS_UNCONFIRMED = {
    "multi_az_cluster instances": "usage type Multi-AZClusterUsage and deploymentOption "
                                  "'Multi-AZ (readable standbys)' are recall (F.4)",
    "gp3 storage and IOPS": "RDS:GP3-Storage, RDS:GP3-PIOPS and their Multi-AZ forms are "
                            "F.4 (Infracost), not seen in a real offer file",
    "Reserved DB instances": "no real AmazonRDS Reserved row was available: the terms are "
                             "read as in AmazonEC2 and AmazonRedshift files",
    "extended-support-yr1-2, extended-support-yr3, extended-support-newer-yr1-2, "
    "extended-support-newer-yr3": "usage types from F.4, version groups from the RDS "
                                  "pricing pages' feeds; unit unconfirmed",
    "io1-storage-multi-az, io2, magnetic Multi-AZ, gp3 throughput": "the RDS card has no "
                                                                    "key for them",
}


def _classify_rds(attributes: dict[str, str], family: str, usage: str) -> Selected | str | None:
    match = _INSTANCE_USAGE.fullmatch(usage)
    if family != "Database Instance" or match is None:
        return None
    engine_name = attributes.get("databaseEngine", "")
    if engine_name.startswith("Aurora"):
        return None  # the aurora catalog's
    usage_kind = RDS_USAGES.get(match.group("kind"))
    if usage_kind is None:
        return "RDS instance usage type not imported"
    if attributes.get("instanceType") != match.group("class"):
        return "instance type does not match the usage type"
    option, deployment = usage_kind
    if attributes.get("deploymentOption") != option:
        return "deploymentOption does not match the usage type"
    if match.group("kind") == "MirrorUsage" and engine_name != "SQL Server":
        return "MirrorUsage of an engine other than SQL Server"
    engine = RDS_ENGINES.get((engine_name, attributes.get("databaseEdition", "")))
    if engine is None:
        return "database engine or edition not priced by awscalc"
    licence = RDS_LICENCES.get(attributes.get("licenseModel", ""))
    if licence is None or (licence == "none") != (engine in OPEN_SOURCE):
        return "licence model not imported"
    return Row("instance-hours", (match.group("class"), engine, licence, deployment),
               reserved=True)


# -- AmazonRDS: Aurora ---------------------------------------------------------------------

AURORA_DIMENSIONS = ("instance_class", "engine", "storage_configuration", "purchase_option")
AURORA_KEYS = (CatalogKey("instance-hours", "DB instance hours", "instance-hour",
                          AURORA_DIMENSIONS),)
AURORA_ENGINES = {"Aurora MySQL": "mysql", "Aurora PostgreSQL": "postgresql"}
AURORA_USAGES = {"InstanceUsage": "standard", "InstanceUsageIOOptimized": "io_optimized"}
ACU_HOURS = frozenset({"ACU-Hr"})
AURORA_CARD_RULES = {
    "Aurora:StorageUsage": CardRule("storage", "Database Storage", GB_MONTHS,
                                    confirmed=LIGOJ_RDS + "2QP44WDMF92K36SF, Z57JPT74TUYSYD9G"),
    "Aurora:IO-OptimizedStorageUsage": CardRule("storage-io-optimized", "Database Storage",
                                                GB_MONTHS),
    "Aurora:StorageIOUsage": CardRule("io-requests", "System Operation", IOS, (), MILLION,
                                      LIGOJ_RDS + "XCTJ3WPE3TSBCKNV, NHQEGNNU6EXZ7ZD7"),
    # Aurora MySQL and PostgreSQL rows may differ (0.021 / 0.022 in ligoj's file): the
    # card has one rate, so such a region's backup rate is ambiguous and not imported.
    "Aurora:BackupUsage": CardRule("backup-storage", "Storage Snapshot", GB_MONTHS,
                                   confirmed=LIGOJ_RDS + "DMJCPGAD9GHC6BGW, K67Q6CPVGU54VRUH"),
    # per change-record-hour in the offer, per million in the card
    "Aurora:BacktrackUsage": CardRule("backtrack", "System Operation",
                                      frozenset({"CR-Hr"}), (), MILLION,
                                      LIGOJ_RDS + "JMF9GNTCGRQJZNZQ"),
    "Aurora:SnapshotExportToS3": CardRule("snapshot-export", "", frozenset({"GB"})),
    "Aurora:ServerlessV2Usage": CardRule("serverless-v2", "", ACU_HOURS),
    "Aurora:ServerlessV2IOOptimizedUsage": CardRule("serverless-v2-io-optimized", "",
                                                    ACU_HOURS),
}
AURORA_UNCONFIRMED = {
    "instance-hours": "Aurora instance usage types InstanceUsage / InstanceUsageIOOptimized "
                      "with databaseEngine 'Aurora MySQL' / 'Aurora PostgreSQL' are F.4, not "
                      "seen in a real offer file",
    "storage-io-optimized, snapshot-export, serverless-v2, serverless-v2-io-optimized":
        "usage types from F.4; units (GB, ACU-Hr) from the Serverless v1 row only",
}


def _classify_aurora(attributes: dict[str, str], family: str,
                     usage: str) -> Selected | str | None:
    match = _INSTANCE_USAGE.fullmatch(usage)
    if family != "Database Instance" or match is None:
        return None
    engine = AURORA_ENGINES.get(attributes.get("databaseEngine", ""))
    if engine is None:
        return None  # the rds catalog's
    configuration = AURORA_USAGES.get(match.group("kind"))
    if configuration is None:
        return "Aurora instance usage type not imported"
    if attributes.get("instanceType") != match.group("class"):
        return "instance type does not match the usage type"
    return Row("instance-hours", (match.group("class"), engine, configuration))


# -- AmazonElastiCache ---------------------------------------------------------------------

ELASTICACHE_DIMENSIONS = ("node_type", "engine", "purchase_option")
ELASTICACHE_KEYS = (
    CatalogKey("node-hours", "Node hours", "node-hour", ELASTICACHE_DIMENSIONS),
    CatalogKey("reserved-upfront", "Reserved node upfront fee", "node",
               ELASTICACHE_DIMENSIONS),
)
CACHE_ENGINES = {"Redis": "redis", "Memcached": "memcached", "Valkey": "valkey"}
_NODE_USAGE = re.compile(r"NodeUsage:(?P<type>cache\.[a-z0-9][a-z0-9.-]*)")
ELASTICACHE_UNCONFIRMED = {
    "node-hours": "no real AmazonElastiCache file was available: productFamily 'Cache "
                  "Instance', usagetype NodeUsage:<type>, cacheEngine are F.5 (Infracost); "
                  "'Valkey' is recall",
    "serverless and backup card keys": "usage types not seen in any offer file (F.5)",
}


def _classify_elasticache(attributes: dict[str, str], family: str,
                          usage: str) -> Selected | str | None:
    match = _NODE_USAGE.fullmatch(usage)
    if family != "Cache Instance" or match is None:
        return None
    if attributes.get("instanceType") != match.group("type"):
        return "node type does not match the usage type"
    engine = CACHE_ENGINES.get(attributes.get("cacheEngine", ""))
    if engine is None:
        return "cache engine not imported"
    return Row("node-hours", (match.group("type"), engine), reserved=True)


# -- AmazonRedshift ------------------------------------------------------------------------

REDSHIFT_KEYS = (
    CatalogKey("node-hours", "Node hours", "node-hour", ("node_type", "purchase_option")),
    CatalogKey("reserved-upfront", "Reserved node upfront fee", "node",
               ("node_type", "purchase_option")),
    CatalogKey("concurrency-scaling-hours", "Concurrency scaling node hours", "node-hour",
               ("node_type",)),
)
# dc1 nodes are "Node:dw2.large" with instanceType dc1.large (the 2018 file): the node
# type is instanceType.
_REDSHIFT_USAGE = re.compile(r"Node:[a-z0-9][a-z0-9.-]*")
_NODE_TYPE = re.compile(r"[a-z0-9]+\.[a-z0-9]+")
REDSHIFT_UNCONFIRMED = {
    "concurrency-scaling-hours": "the 'Redshift Concurrency Scaling' rows' usage types are "
                                 "not known; the rows are derived from node-hours by the "
                                 "recalled rule the shipped catalog uses (unverified)",
    "managed-storage, serverless-rpu-hours, spectrum-scanned, backup-storage":
        "usage types not confirmed on a real current offer file (F.5)",
}
CS_NOTE = ("concurrency scaling is billed per second at the main cluster's On-Demand rate "
           "(a recalled rule, pricing-facts-wave2 §15, label RECALL): copied from this "
           "update's node-hours, unverified")


def _classify_redshift(attributes: dict[str, str], family: str,
                       usage: str) -> Selected | str | None:
    if family != "Compute Instance" or not _REDSHIFT_USAGE.fullmatch(usage):
        return None
    if attributes.get("operation") != "RunComputeNode:0001":
        return "Redshift node operation other than RunComputeNode:0001"
    node_type = attributes.get("instanceType", "")
    if not _NODE_TYPE.fullmatch(node_type):
        return "Redshift node without an instance type"
    return Row("node-hours", (node_type,), reserved=True)


def _redshift_finish(rows: list[CatalogRate], sources: list[CatalogSource],
                     retrieved: str) -> list[CatalogRate]:
    """Concurrency-scaling rows at the node's On-Demand rate, under an unverified source
    (the trust label of the shipped rows, which use the same recalled rule)."""
    derived = [row for row in rows if row.key == "node-hours" and row.dims[1] == "on_demand"]
    if not derived:
        return rows
    sources.append(CatalogSource("https://aws.amazon.com/redshift/pricing/", retrieved,
                                 verified=False, note=CS_NOTE))
    index = len(sources) - 1
    return rows + [CatalogRate("concurrency-scaling-hours", row.region, (row.dims[0],),
                               row.rate, index) for row in derived]


# -- AWSDatabaseMigrationSvc ---------------------------------------------------------------

DMS_KEYS = (CatalogKey("instance-hours", "Replication instance hours", "instance-hour",
                       ("instance_class", "deployment")),)
DMS_ZONES = {"Single": ("single_az", "storage-single-az"),
             "Multiple": ("multi_az", "storage-multi-az")}
_DMS_CLASS = re.compile(r"(?:dms\.)?(?P<class>[a-z][a-z0-9]*\.[a-z0-9]+)")
DMS_UNCONFIRMED = {
    "instance-hours, storage-single-az, storage-multi-az": "no real AWSDatabaseMigrationSvc "
        "file was available: attributes instanceType (without 'dms.', as Infracost filters "
        "it), availabilityZone Single / Multiple and storageMedia SSD are F.5",
    "serverless-dcu-hours": "usage type not known",
}


def _classify_dms(attributes: dict[str, str], family: str,
                  usage: str) -> Selected | str | None:
    zone = DMS_ZONES.get(attributes.get("availabilityZone", ""))
    if zone is None:
        return None
    deployment, storage_key = zone
    instance_type = attributes.get("instanceType", "")
    if instance_type:
        match = _DMS_CLASS.fullmatch(instance_type)
        if match is None:
            return "DMS instance type not understood"
        return Row("instance-hours", (f"dms.{match.group('class')}", deployment),
                   purchase_option=False)
    if attributes.get("storageMedia") == "SSD":
        return CardRate(storage_key, GB_MONTHS, Decimal(1))
    return None


# -- AmazonNeptune ------------------------------------------------------------------------

# Neptune clusters share Aurora's model (awscalc.services.dbcluster): instances by class
# and storage configuration, one cluster volume. Usage types are F.5's, as Infracost's
# neptune_cluster*.go select them (github.com/infracost/infracost 95ba4f49, 2026-08-21):
# instanceType equal to the class and usagetype "InstanceUsage:<class>" or
# "InstanceUsageIOOptimized:<class>"; "CPUCredits:<family>" (db.t3, db.t4g);
# "StorageUsage", "StorageIOUsage", "BackupUsage" — by usage type only, so no product
# family is required here either. No real AmazonNeptune row has been seen.
NEPTUNE_KEYS = (
    CatalogKey("instance-hours", "DB instance hours", "instance-hour",
               ("instance_class", "storage_configuration", "purchase_option")),
    CatalogKey("cpu-credits", "CPU credits (burstable classes)", "vCPU-hour",
               ("instance_family",)),
)
NEPTUNE_USAGES = {"InstanceUsage": "standard", "InstanceUsageIOOptimized": "io_optimized"}
_NEPTUNE_CREDITS = re.compile(r"CPUCredits:(?P<family>db\.[a-z0-9]+)")
NEPTUNE_CARD_RULES = {
    "StorageUsage": CardRule("storage", "", GB_MONTHS),
    # per I/O in the offer (as Aurora's rows), per million requests in the card
    "StorageIOUsage": CardRule("io-requests", "", IOS, (), MILLION),
    "BackupUsage": CardRule("backup-storage", "", GB_MONTHS),
}
NEPTUNE_UNCONFIRMED = {
    "instance-hours, cpu-credits, storage, io-requests, backup-storage":
        "no real AmazonNeptune file was available: usage types InstanceUsage:<class>, "
        "InstanceUsageIOOptimized:<class>, CPUCredits:<family>, StorageUsage, "
        "StorageIOUsage, BackupUsage are F.5 (Infracost's resource code); units (Hrs, "
        "vCPU-hour, GB-Mo, IOs) are those of the AmazonRDS rows",
    "I/O-Optimized storage, Serverless NCU-hours": "the Neptune card has no key for them "
                                                   "(no trusted rate to check them by)",
}


def _classify_neptune(attributes: dict[str, str], family: str,
                      usage: str) -> Selected | str | None:
    credits = _NEPTUNE_CREDITS.fullmatch(usage)  # before: "CPUCredits:db.t3" looks like one
    if credits is not None:
        return Row("cpu-credits", (credits.group("family"),), VCPU_HOURS,
                   purchase_option=False)
    match = _INSTANCE_USAGE.fullmatch(usage)
    if match is None:
        return None
    configuration = NEPTUNE_USAGES.get(match.group("kind"))
    if configuration is None:
        return "Neptune instance usage type not imported"
    if attributes.get("instanceType") != match.group("class"):
        return "instance type does not match the usage type"
    return Row("instance-hours", (match.group("class"), configuration))


# -- AmazonDAX -----------------------------------------------------------------------------

# DynamoDB Accelerator nodes: one On-Demand "Hrs" price per node type, no Reserved terms
# (third-party notes from the live Price List API, 2026). The usage type is
# "<prefix>-NodeUsage:dax.<type>" ("EUW3-NodeUsage:dax.t3.small", AWS's own sample code
# that reads the Price List, productFamily "DAX"), which AWS's DynamoDB billing guide
# writes "REG-NodeUsage:dax-<INSTANCETYPE>": both spellings are read. instanceType is the
# bare type ("r5.large"), so the node type (as a spec writes it, "dax.r5.large") comes
# from the usage type, and an instanceType that names another type is refused.
DAX_KEYS = (CatalogKey("node-hours", "DAX node hours", "node-hour", ("node_type",)),)
_DAX_USAGE = re.compile(r"NodeUsage:dax[.-](?P<type>[a-z0-9]+\.[a-z0-9]+)")
DAX_UNCONFIRMED = {
    "node-hours": "no real AmazonDAX file was available: productFamily 'DAX', usagetype "
                  "NodeUsage:dax.<type> and the bare instanceType are third-party (AWS "
                  "sample code and notes on the live Price List API) and AWS's billing guide",
}


def _classify_dax(attributes: dict[str, str], family: str,
                  usage: str) -> Selected | str | None:
    match = _DAX_USAGE.fullmatch(usage)
    if match is None:
        return None
    if family != "DAX":
        return "DAX node usage type outside product family DAX"
    node = match.group("type")
    if attributes.get("instanceType", node) not in (node, f"dax.{node}"):
        return "instance type does not match the usage type"
    return Row("node-hours", (f"dax.{node}",), purchase_option=False)


# -- the specs and the entry points ``pricing update`` calls ---------------------------------

SPECS = {
    "rds": OfferSpec("rds", "Amazon RDS", "AmazonRDS", RDS_KEYS, _classify_rds,
                     RDS_CARD_RULES, RDS_CARD_PATTERNS, RDS_UNCONFIRMED),
    "aurora": OfferSpec("aurora", "Amazon Aurora", "AmazonRDS", AURORA_KEYS,
                        _classify_aurora, AURORA_CARD_RULES, (), AURORA_UNCONFIRMED),
    "elasticache": OfferSpec("elasticache", "Amazon ElastiCache", "AmazonElastiCache",
                             ELASTICACHE_KEYS, _classify_elasticache, {}, (),
                             ELASTICACHE_UNCONFIRMED),
    "redshift": OfferSpec("redshift", "Amazon Redshift", "AmazonRedshift", REDSHIFT_KEYS,
                          _classify_redshift, {}, (), REDSHIFT_UNCONFIRMED,
                          _redshift_finish),
    "dms": OfferSpec("dms", "AWS Database Migration Service", "AWSDatabaseMigrationSvc",
                     DMS_KEYS, _classify_dms, {}, (), DMS_UNCONFIRMED),
    "neptune": OfferSpec("neptune", "Amazon Neptune", "AmazonNeptune", NEPTUNE_KEYS,
                         _classify_neptune, NEPTUNE_CARD_RULES, (), NEPTUNE_UNCONFIRMED),
    "dax": OfferSpec("dax", "Amazon DynamoDB Accelerator (DAX)", "AmazonDAX", DAX_KEYS,
                     _classify_dax, {}, (), DAX_UNCONFIRMED),
}

# Card keys each builder rebuilds (the others are declared price_list_carried).
CARD_KEYS = {name: frozenset({r.key for r in spec.card_rules.values()}
                             | {r.key for _, r in spec.card_patterns})
             for name, spec in SPECS.items()}
CARD_KEYS["dms"] = frozenset({"storage-single-az", "storage-multi-az"})  # by attributes


def _update(service: str) -> Any:
    def update(source: Any, offers_index: dict[str, Any], regions: list[str], dest: Path,
               retrieved: str) -> CatalogBuild:
        return update_catalog(SPECS[service], source, offers_index, regions, dest, retrieved)

    update.__name__ = f"update_{service}"
    update.__doc__ = (f"Rebuild the ``{service}`` catalog (and card rates) from the "
                      f"{SPECS[service].offer_code} files of ``regions``.")
    return update


update_rds = _update("rds")
update_aurora = _update("aurora")
update_elasticache = _update("elasticache")
update_redshift = _update("redshift")
update_dms = _update("dms")
update_neptune = _update("neptune")
update_dax = _update("dax")

__all__ = ["CARD_KEYS", "HOURS", "SPECS", "update_aurora", "update_dax", "update_dms",
           "update_elasticache", "update_neptune", "update_rds", "update_redshift"]
