"""``awscalc pricing update --service fsx --region R``: the FSx catalog from the AmazonFSx
offer (one engine with the database offers: :mod:`.offer_catalog`).

No real AmazonFSx offer file was available when this was written
(``../shared/pricing-facts-wave2.md`` F.3 confirms only the offer code). Rows are selected
by the exact attribute values — and usage type, where one is named — of Infracost's FSx
resource code (github.com/infracost/infracost @ 95ba4f49, Apache-2.0):

* ``internal/resources/aws/fsx_windows_file_system.go``: productFamily ``Storage`` with
  ``fileSystemType`` ``Windows``, ``deploymentOption`` ``Single-AZ`` / ``Multi-AZ`` and
  ``storageType`` ``SSD`` / ``HDD`` (storage); productFamily ``Provisioned Throughput``
  with ``fileSystemType`` and ``deploymentOption`` (throughput); productFamily
  ``Storage`` with usage type ``BackupUsage`` (Infracost: the regex ``/BackupUsage/``,
  exact here after the region's prefix), ``fileSystemType`` and ``deploymentOption``
  (backups);
* ``internal/resources/aws/fsx_openzfs_file_system.go``: the same for ``OpenZFS``, with
  ``deploymentOption`` ``Single-AZ`` only for storage (SSD), throughput and productFamily
  ``Provisioned IOPS`` (SSD IOPS above the included 3 per GB), and for backups
  ``deploymentOption`` ``N/A`` (a Single-AZ file system's) or ``Multi-AZ``.

Those selections are third-party: the rows they give are written under an *unverified*
source (``verified: false``) naming them. Units are not named by any source: storage
and backups ``GB-Mo`` (AWS's storage unit in every offer seen), IOPS ``IOPS-Mo`` (EBS,
RDS), throughput ``MiBps-Mo`` (ligoj's real AmazonEFS row) or ``MBps-Mo``; a row in
another unit is left out and counted.

Left out of the builder — the dimensions cannot be derived from any source, so their
rows are never built (:data:`NOT_BUILT`):

* ``lustre-storage``: Infracost has no FSx for Lustre resource; the deployment (scratch,
  persistent_1, persistent_2), storage type and throughput-per-TiB attributes of Lustre
  rows are not named anywhere;
* NetApp ONTAP (``storage``, ``throughput`` and ``ssd-iops`` of ``ontap``,
  ``capacity-pool``, ``capacity-pool-reads``, ``capacity-pool-writes``): Infracost has no
  ONTAP resource and no source names ONTAP's ``fileSystemType`` value or its capacity-pool
  rows;
* Lustre ``backup``: Infracost's ``backup_vault.go`` filters ``fileSystemType`` ``Lustre``
  without a deployment, and the catalog's backup rows need one;
* OpenZFS Multi-AZ ``storage``, ``throughput`` and ``ssd-iops``: Infracost filters
  ``Single-AZ`` only.

For every region it updates, the build keeps each row of the shipped catalog that it did
not build itself — the keys above, and any row a selection missed or found ambiguous —
under the shipped row's own source (so an update never loses a rate it cannot read;
``pricing update`` then adds every other region of the current catalog).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from awscalc.catalog import CatalogKey, CatalogRate, CatalogSource
from awscalc.priceupdate.offer_catalog import (
    CatalogBuild,
    OfferSpec,
    Row,
    Selected,
    update_catalog,
)

GB_MONTHS = frozenset({"GB-Mo"})
IOPS_MONTHS = frozenset({"IOPS-Mo"})
THROUGHPUT_MONTHS = frozenset({"MiBps-Mo", "MBps-Mo"})

# The shipped catalog's keys (pricing/aws/fsx.sqlite), unit and dimensions unchanged.
FSX_KEYS = (
    CatalogKey("storage", "Storage capacity", "GB-month",
               ("file_system", "deployment", "storage_type")),
    CatalogKey("lustre-storage", "Lustre storage capacity (throughput included)", "GB-month",
               ("deployment", "storage_type", "throughput_per_tib")),
    CatalogKey("throughput", "Throughput capacity", "MB/s-month", ("file_system", "deployment")),
    CatalogKey("ssd-iops", "Provisioned SSD IOPS above the included 3 per GB", "IOPS-month",
               ("file_system", "deployment")),
    CatalogKey("capacity-pool", "Capacity pool storage", "GB-month", ("deployment",)),
    CatalogKey("capacity-pool-reads", "Capacity pool read requests", "request",
               ("deployment",), Decimal(1000)),
    CatalogKey("capacity-pool-writes", "Capacity pool write requests", "request",
               ("deployment",), Decimal(1000)),
    CatalogKey("backup", "Backup storage", "GB-month", ("file_system", "deployment")),
)

FILE_SYSTEMS = {"Windows": "windows", "OpenZFS": "openzfs"}
DEPLOYMENTS = {"Single-AZ": "single_az", "Multi-AZ": "multi_az"}
STORAGE_TYPES = {"SSD": "ssd", "HDD": "hdd"}
# OpenZFS backups of a Single-AZ file system carry deploymentOption "N/A" (Infracost).
OPENZFS_BACKUP_DEPLOYMENTS = {"N/A": "single_az", "Multi-AZ": "multi_az"}

NOT_BUILT = {
    "lustre-storage": "no source names the Lustre rows' attributes (Infracost has no FSx "
                      "for Lustre resource)",
    "ontap storage, throughput, ssd-iops; capacity-pool, capacity-pool-reads, "
    "capacity-pool-writes": "no source names ONTAP's fileSystemType value or its "
                            "capacity-pool rows (Infracost has no ONTAP resource)",
    "lustre backup": "Infracost's Lustre backup filter has no deployment, which the "
                     "catalog's backup rows need",
    "openzfs multi_az storage, throughput, ssd-iops": "Infracost filters OpenZFS Single-AZ "
                                                      "only",
    "every built row": "selected by Infracost's filters, no real AmazonFSx file has "
                       "confirmed them: written under an unverified source",
}
SELECTION_NOTE = ("rows selected by the attributes of Infracost's fsx_* resource code "
                  "(third party); no real AmazonFSx offer file had confirmed them when this "
                  "awscalc was written")


def _classify(attributes: dict[str, str], family: str, usage: str) -> Selected | str | None:
    """The catalog row an AmazonFSx product prices (see the module docstring)."""
    system = FILE_SYSTEMS.get(attributes.get("fileSystemType", ""))
    if system is None:
        return None
    option = attributes.get("deploymentOption", "")
    if family == "Storage" and usage == "BackupUsage":
        deployments = OPENZFS_BACKUP_DEPLOYMENTS if system == "openzfs" else DEPLOYMENTS
        if option not in deployments:
            return f"{system} backup with deploymentOption {option!r}"
        return Row("backup", (system, deployments[option]), GB_MONTHS, purchase_option=False)
    deployment = DEPLOYMENTS.get(option)
    if deployment is None:
        return f"{system} row with deploymentOption {option!r}"
    if system == "openzfs" and deployment != "single_az":
        return "OpenZFS Multi-AZ (not built: Infracost filters Single-AZ only)"
    if family == "Storage":
        storage_type = STORAGE_TYPES.get(attributes.get("storageType", ""))
        if storage_type is None or (system == "openzfs" and storage_type != "ssd"):
            return f"{system} storage with storageType {attributes.get('storageType')!r}"
        return Row("storage", (system, deployment, storage_type), GB_MONTHS,
                   purchase_option=False)
    if family == "Provisioned Throughput":
        return Row("throughput", (system, deployment), THROUGHPUT_MONTHS,
                   purchase_option=False)
    if family == "Provisioned IOPS" and system == "openzfs":
        return Row("ssd-iops", (system, deployment), IOPS_MONTHS, purchase_option=False)
    return None


def _shipped_catalog() -> Path:
    from awscalc.catalog import catalog_path
    from awscalc.ratecards import shipped_pricing_dir

    return catalog_path(shipped_pricing_dir(), "fsx")


def kept_rows(shipped: Path, regions: list[str], built: set[tuple[str, str, tuple[str, ...]]]
              ) -> tuple[list[CatalogSource], list[tuple[str, str, tuple[str, ...], Decimal, int]]]:
    """The rows of the ``shipped`` catalog in ``regions`` that are not in ``built``
    ((key, region, dims)), with the sources they cite (indexes into the returned list)."""
    if not shipped.is_file() or not regions:
        return [], []
    connection = sqlite3.connect(f"{shipped.resolve().as_uri()}?mode=ro", uri=True)
    try:
        sources = {row[0]: CatalogSource(row[1], row[2], bool(row[3]), row[4])
                   for row in connection.execute(
                       "SELECT id, source, retrieved, verified, note FROM sources")}
        marks = ",".join("?" * len(regions))
        rows = connection.execute(
            f"SELECT key, region, dims, rate, source FROM rates WHERE region IN ({marks}) "
            "ORDER BY key, region, dims", regions).fetchall()
    finally:
        connection.close()
    used: dict[int, int] = {}
    kept_sources: list[CatalogSource] = []
    kept: list[tuple[str, str, tuple[str, ...], Decimal, int]] = []
    for key, region, dims_text, rate, source in rows:
        dims = tuple(str(dims_text).split("|"))
        if (key, region, dims) in built:
            continue
        if source not in used:
            used[source] = len(kept_sources)
            original = sources[source]
            kept_sources.append(dataclasses.replace(
                original, note=f"kept from the shipped catalog (not built from the AmazonFSx "
                               f"offer by this awscalc); {original.note or ''}".rstrip("; ")))
        kept.append((key, region, dims, Decimal(str(rate)), used[source]))
    return kept_sources, kept


def _finisher(regions: list[str], shipped: Path) -> Any:
    def finish(rows: list[CatalogRate], sources: list[CatalogSource],
               retrieved: str) -> list[CatalogRate]:
        for index, source in enumerate(sources):
            sources[index] = dataclasses.replace(
                source, verified=False, note=f"{source.note}; {SELECTION_NOTE}"
                if source.note else SELECTION_NOTE)
        built = {(row.key, row.region, row.dims) for row in rows}
        kept_sources, kept = kept_rows(shipped, regions, built)
        offset = len(sources)
        sources.extend(kept_sources)
        return rows + [CatalogRate(key, region, dims, rate, offset + source)
                       for key, region, dims, rate, source in kept]

    return finish


def spec_for(regions: list[str], shipped: Path | None = None) -> OfferSpec:
    """The AmazonFSx spec for an update of ``regions`` (keeping ``shipped``'s rows it does
    not build; default: the shipped catalog)."""
    return OfferSpec("fsx", "Amazon FSx", "AmazonFSx", FSX_KEYS, _classify,
                     unconfirmed=dict(NOT_BUILT),
                     finish=_finisher(list(regions), shipped or _shipped_catalog()))


def update_fsx(source: Any, offers_index: dict[str, Any], regions: list[str], dest: Path,
               retrieved: str) -> CatalogBuild:
    """Rebuild the ``fsx`` catalog from the AmazonFSx files of ``regions``."""
    return update_catalog(spec_for(regions), source, offers_index, regions, dest, retrieved)


__all__ = ["FSX_KEYS", "NOT_BUILT", "kept_rows", "spec_for", "update_fsx"]
