"""Aurora: instance hours by class, engine and storage configuration, Serverless v2, cluster
storage and I/O, backup beyond the cluster's size (at the boundary), Backtrack (the Price
List golden's line reproduced), snapshot export, the Standard / I/O-Optimized comparison
with the I/O share, and the errors (exit 3 for the spec, exit 4 for a missing rate)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from ..conftest import FROZEN_PRICING, SHIPPED_PRICING


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def cluster(region: str = "us-east-1", **keys: object) -> str:
    settings = {"engine": "postgresql",
                "instances": "[{instance_class: db.m5.large, count: 2}]",
                "storage": "2 TB", **keys}
    body = "".join(f"\n    {key}: {value}" for key, value in settings.items()
                   if value is not None)
    return f"region: {region}\nresources:\n  c:\n    service: aurora{body}\n"


def costs(result) -> dict[str, Decimal]:
    return {item.component.split(" (")[0]: item.cost for item in result.line_items}


@pytest.mark.parametrize("directory", [FROZEN_PRICING, SHIPPED_PRICING],
                         ids=["frozen", "shipped"])
@pytest.mark.parametrize(("cls", "engine", "configuration", "hourly"), [
    ("db.r4.large", "mysql", "standard", "0.29"),      # Infracost golden: $211.70 / 730 h
    ("db.t3.medium", "mysql", "standard", "0.082"),    # $59.86 / 730 h
    ("db.t3.large", "mysql", "standard", "0.164"),
])
def test_instance_rates_ship_in_both_catalogs(directory: Path, cls: str, engine: str,
                                              configuration: str, hourly: str) -> None:
    spec = cluster(engine=engine, instances=f"[{{instance_class: {cls}}}]", storage="1 GB",
                   storage_configuration=configuration, compare="false")
    result = price(spec, RateBook(directory, "test"))
    # one instance × 730 h × the hourly rate
    assert costs(result)["DB instance hours, On-Demand"] == (
        Decimal(hourly) * 730).quantize(Decimal("0.01"))


def test_no_db_m_class_ships_for_aurora(cli, tmp_path: Path) -> None:
    # Aurora has no db.m classes (AWS Aurora User Guide, "Supported DB engines for DB
    # instance classes"); a third party's "db.m5.large Aurora PostgreSQL" rows are not
    # shipped, so the class is an unknown value with a did-you-mean (exit 3)
    spec = tmp_path / "spec.yaml"
    spec.write_text(cluster(instances="[{instance_class: db.m5.large}]", storage="1 GB"))
    result = cli("estimate", str(spec))
    assert result.code == 3
    assert "unknown instance class 'db.m5.large'" in result.err


def test_a_standard_cluster_hand_computed(frozen_book: RateBook) -> None:
    spec = cluster(io_requests="500M", backup_storage="2500 GB", snapshot_export="1 TB")
    result = price(spec, frozen_book)
    assert costs(result) == {
        "DB instance hours, On-Demand": Decimal("379.60"),  # 2 × 730 h × $0.260
        "Cluster storage, Standard": Decimal("204.80"),     # 2,048 GB × $0.10
        "I/O requests, Standard": Decimal("100.00"),        # 500 M / 1 M × $0.20
        "Backup storage beyond the cluster's size": Decimal("9.49"),  # 452 GB × $0.021
        "Snapshot export to Amazon S3": Decimal("10.24"),   # 1,024 GB × $0.01
    }
    assert result.monthly_total == Decimal("704.13")


def test_standard_is_compared_with_io_optimized_for_the_same_usage(frozen_book) -> None:
    spec = cluster(io_requests="500M", backup_storage="2500 GB", snapshot_export="1 TB")
    result = price(spec, frozen_book)
    details = result.details["c"]
    [comparison] = details["comparisons"]
    assert comparison["with"] == "I/O-Optimized"
    # I/O-Optimized: 2 × 730 × $0.338 = 493.48; 2,048 GB × $0.23 = 471.04; no I/O;
    # backup 9.49 and export 10.24 unchanged → 984.25; Standard 704.13 → 280.12 less
    assert comparison["monthly_total_with"] == Decimal("984.25")
    assert comparison["difference"] == Decimal("-280.12")
    # I/O share of the Standard bill: 100.00 / 704.13 = 14.20 %
    assert details["io_share_percent"] == Decimal("14.2")
    assert ("I/O requests are 14.2% of this cluster's Standard monthly cost "
            "($100.00 of $704.13)") in details["summary"]
    assert any("less than with I/O-Optimized" in line for line in details["summary"])


def test_io_optimized_is_compared_with_standard_without_io(frozen_book) -> None:
    result = price(cluster(storage_configuration="io_optimized"), frozen_book)
    # 2 × 730 × $0.338 = 493.48 + 2,048 GB × $0.23 = 471.04 → 964.52
    assert result.monthly_total == Decimal("964.52")
    [comparison] = result.details["c"]["comparisons"]
    # Standard: 2 × 730 × $0.260 = 379.60 + 2,048 × $0.10 = 204.80 → 584.40
    assert comparison["with"] == "Standard"
    assert comparison["monthly_total_with"] == Decimal("584.40")
    assert any("counts no I/O requests" in line for line in result.details["c"]["summary"])


def test_io_share_can_pass_a_quarter(frozen_book) -> None:
    # 2,000 M I/O × $0.20 / 1 M = 400.00; 379.60 + 204.80 + 400 = 984.40 → 40.6 %
    result = price(cluster(io_requests="2000M"), frozen_book)
    assert result.details["c"]["io_share_percent"] == Decimal("40.6")
    # I/O-Optimized: 493.48 + 471.04 = 964.52, 19.88 less than Standard
    assert result.details["c"]["comparisons"][0]["difference"] == Decimal("19.88")


@pytest.mark.parametrize(("backup", "billed"), [
    ("2047 GB", Decimal("0")),    # below the cluster's 2,048 GB: free
    ("2048 GB", Decimal("0")),    # exactly 100 %: free
    ("2049 GB", Decimal("0.02")),  # 1 GB beyond × $0.021 = 0.021 → $0.02
    ("3048 GB", Decimal("21.00")),  # 1,000 GB beyond × $0.021
])
def test_backup_is_free_up_to_the_cluster_size(frozen_book, backup: str,
                                               billed: Decimal) -> None:
    result = price(cluster(backup_storage=backup, compare="false"), frozen_book)
    assert costs(result)["Backup storage beyond the cluster's size"] == billed


def test_serverless_v2_standard_and_io_optimized(frozen_book) -> None:
    spec = cluster(engine="mysql", instances=None, serverless_v2="{average_acus: 4, hours: 500 h}",
                   storage="100 GB")
    result = price(spec, frozen_book)
    # 4 ACUs × 500 h = 2,000 ACU-hours × $0.12 = 240.00; 100 GB × $0.10 = 10.00
    assert costs(result) == {"Serverless v2 capacity, Standard": Decimal("240.00"),
                             "Cluster storage, Standard": Decimal("10.00")}
    # I/O-Optimized: 2,000 × $0.16 = 320.00 + 100 × $0.23 = 23.00 → 343.00
    assert result.details["c"]["comparisons"][0]["monthly_total_with"] == Decimal("343.00")


def test_backtrack_reproduces_the_price_list_golden(frozen_book) -> None:
    # Infracost rds_cluster_test mysql_backtrack: 10 M statements/h × 0.38 records = 3.8 M
    # records/h × 24 h window = 91.2 M stored × 730 h = 66,576 M change-record-hours
    # × $0.012 = $798.91
    spec = cluster(engine="mysql", instances=None, serverless_v2="{average_acus: 1}",
                   storage="100 GB", backtrack="{change_records: 3.8M/h, window: 24 h}",
                   compare="false")
    result = price(spec, frozen_book)
    assert costs(result)["Backtrack change records stored"] == Decimal("798.91")


@pytest.mark.parametrize("region", ["sa-east-1", "af-south-1", "eu-south-1"])
def test_backtrack_where_aws_does_not_offer_it_is_a_spec_error(frozen_book,
                                                               region: str) -> None:
    # AWS: "Backtracking isn't available in … Africa (Cape Town) … Europe (Milan) … South
    # America (São Paulo)"; not a missing price to fetch with 'pricing update'
    spec = cluster(region, engine="mysql", instances="[{instance_class: db.t3.medium}]",
                   backtrack="{change_records: 1M/h, window: 24 h}")
    expected = rf"\.backtrack: Backtrack is not offered in {region} "
    with pytest.raises(SpecError, match=expected) as exc:
        price(spec, frozen_book)
    assert exc.value.hint == "remove backtrack or choose a region the page lists"


def test_backtrack_where_aws_says_no_but_its_feed_prices_it_is_priced(shipped_book) -> None:
    # AWS's knowledge-center page lists Hong Kong among the regions without Backtrack, but
    # AWS's 2025 Aurora feed prices it there: a rate in the pricing directory wins.
    spec = cluster("ap-east-1", engine="mysql", instances="[{instance_class: db.r6g.large}]",
                   backtrack="{change_records: 1M/h, window: 24 h}", compare="false")
    assert "Backtrack change records stored" in costs(price(spec, shipped_book))


@pytest.mark.parametrize(("keys", "message"), [
    ({"storage_configuration": "io_optimized", "io_requests": "1M"},
     "I/O-Optimized clusters have no I/O charge"),
    ({"backtrack": "{change_records: 1M/h, window: 24 h}"},
     "Backtrack is an Aurora MySQL feature"),
    ({"engine": "mysql", "instances": "[{instance_class: db.t3.medium}]",
      "backtrack": "{change_records: 1M/h, window: 73 h}"}, "73 h is not a backtrack window"),
    ({"instances": None}, "needs 'instances' or 'serverless_v2'"),
    ({"instances": "[{instance_class: db.m5.larg}]"},
     r"instances\[0\]\.instance_class: unknown instance class 'db\.m5\.larg' "
     r"\(did you mean 'db\.m5\.large'\?\)"),
    ({"serverless_v2": "{average_acus: 1, hours: 800 h}"}, "800 h is more than the month"),
])
def test_spec_errors(frozen_book, keys: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(cluster(**keys), frozen_book)


@pytest.mark.parametrize(("spec", "what"), [
    # a class/engine/configuration the catalog lacks: db.t3.medium PostgreSQL
    (cluster(instances="[{instance_class: db.t3.medium}]", compare="false"),
     "DB instance hours, On-Demand (db.t3.medium, engine Aurora PostgreSQL, storage "
     "configuration Standard) in region 'us-east-1'"),
    # no region but us-east-1 ships
    (cluster(region="eu-west-1", compare="false"), "in region 'eu-west-1'"),
    # Global Database: a recalled rate, not shipped
    (cluster(global_database="{secondary_regions: [eu-west-1], replicated_writes: 50M}"),
     "Aurora Global Database replicated write I/Os"),
])
def test_missing_rates_are_pricing_errors(frozen_book, spec: str, what: str) -> None:
    with pytest.raises(PricingError) as caught:
        price(spec, frozen_book)
    assert what in str(caught.value)
    if "Global" not in what:
        assert "awscalc pricing update --service aurora" in str(caught.value)
    if "to compare" in what:
        assert "compare: false" in str(caught.value)


def test_a_comparison_without_rates_is_noted_not_fatal(frozen_book) -> None:
    # db.r4.large MySQL ships Standard only: the cluster is priced, the I/O-Optimized
    # comparison is skipped with a note saying why
    result = price(cluster(engine="mysql", instances="[{instance_class: db.r4.large}]"),
                   frozen_book)
    assert result.monthly_total > 0
    notes = result.details["c"]["summary"]
    assert any(note.startswith("not compared with I/O-Optimized: no price") for note in notes)
