"""DynamoDB: AWS's published request-unit examples, sizing boundaries (4 KB and 1 KB, one
byte either side, for each consistency), provisioned hours, the account-wide free tier
shared by two tables, global-table replicas, and the missing-rate and spec errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.services.dynamodb import read_units, write_units
from awscalc.spec import parse_spec

FROZEN = Path(__file__).parents[1] / "data" / "pricing"


def price(yaml_text: str, book: RateBook, free_tier: bool | None = None):
    return estimate(parse_spec(yaml_text, "test.yaml", free_tier=free_tier), book)


def items(result) -> dict[tuple[str, str, str], object]:
    return {(i.resource, i.key, i.region): i for i in result.line_items}


def table(body: str, region: str = "us-east-2") -> str:
    return f"region: {region}\nresources:\n  t:\n    service: dynamodb\n" + "".join(
        f"    {line}\n" for line in body.strip().splitlines())


# --- AWS's published examples (on-demand and provisioned pricing pages, "Key terms") ---

@pytest.mark.parametrize(("consistency", "units"), [
    # "a strongly consistent read request of an 8 KB item requires two read request
    # units, an eventually consistent read of an 8 KB item requires one read request
    # unit, and a transactional read of an 8 KB item requires four"
    ("strong", Decimal(2)), ("eventual", Decimal(1)), ("transactional", Decimal(4))])
def test_aws_example_8_kb_reads(consistency: str, units: Decimal) -> None:
    assert read_units(8 * 1024, consistency) == units


@pytest.mark.parametrize(("size_kb", "consistency", "units"), [
    # "a standard write request of a 1 KB item would require one WCU, a standard write
    # request of a 3 KB item would require three WCUs, and a transactional write request
    # of a 3 KB item would require six WCUs"
    (1, "strong", 1), (3, "eventual", 3), (3, "transactional", 6)])
def test_aws_example_writes(size_kb: int, consistency: str, units: int) -> None:
    assert write_units(size_kb * 1024, consistency) == units


def test_aws_example_3500_byte_read_is_a_4_kb_read() -> None:
    # developer guide: "reading a 3,500-byte item consumes the same throughput as reading
    # a 4 KB item"
    for consistency in ("strong", "eventual", "transactional"):
        assert read_units(3500, consistency) == read_units(4096, consistency)


# --- sizing boundaries: 1 KB = 1,024 bytes ("DynamoDB denotes 1 KB = 1024 bytes") ---

@pytest.mark.parametrize(("size", "consistency", "units"), [
    ("4 KB", "strong", "1"), ("4 KB", "eventual", "0.5"), ("4 KB", "transactional", "2"),
    # 4,097 bytes = 2 chunks of 4 KB: ×1, ×½, ×2
    ("4097 B", "strong", "2"), ("4097 B", "eventual", "1"), ("4097 B", "transactional", "4"),
    ("1 KB", "strong", "1"), ("1 KB", "eventual", "0.5"), ("1 KB", "transactional", "2"),
    ("1025 B", "strong", "1"), ("1025 B", "eventual", "0.5"),
    ("1025 B", "transactional", "2"),
])
def test_read_units_at_the_boundaries(size: str, consistency: str, units: str,
                                      frozen_book: RateBook) -> None:
    result = price(table(f"reads: 1M\nitem_size: {size}\nconsistency: {consistency}"),
                   frozen_book)
    (item,) = result.line_items
    assert item.quantity == Decimal(units) * 1_000_000
    assert f"→ {units} RRU per read" in item.component


@pytest.mark.parametrize(("size", "consistency", "units"), [
    ("1 KB", "strong", 1), ("1 KB", "eventual", 1), ("1 KB", "transactional", 2),
    # 1,025 bytes = 2 chunks of 1 KB; transactions double it
    ("1025 B", "strong", 2), ("1025 B", "eventual", 2), ("1025 B", "transactional", 4),
    ("4 KB", "strong", 4), ("4 KB", "eventual", 4), ("4 KB", "transactional", 8),
    ("4097 B", "strong", 5), ("4097 B", "eventual", 5), ("4097 B", "transactional", 10),
])
def test_write_units_at_the_boundaries(size: str, consistency: str, units: int,
                                       frozen_book: RateBook) -> None:
    result = price(table(f"writes: 1M\nitem_size: {size}\nconsistency: {consistency}"),
                   frozen_book)
    (item,) = result.line_items
    assert item.quantity == units * 1_000_000
    assert f"→ {units} WRU per write" in item.component


def test_issue_example_6_kb_eventual_is_one_rru_and_six_wru(frozen_book: RateBook) -> None:
    result = price(table("reads: 40M\nwrites: 5M\nitem_size: 6 KB\nconsistency: eventual"),
                   frozen_book)
    got = items(result)
    reads = got[("t", "read-request-units", "us-east-2")]
    writes = got[("t", "write-request-units", "us-east-2")]
    assert reads.component == "Read request units (6 KB item, eventual → 1 RRU per read)"
    # 40,000,000 reads × (ceil(6/4) = 2 chunks × ½) = 40,000,000 RRU × $0.125/1M = $5.00
    assert (reads.quantity, reads.cost) == (Decimal(40_000_000), Decimal("5.00"))
    # 5,000,000 writes × ceil(6/1) = 30,000,000 WRU × $0.625/1M = $18.75
    assert (writes.quantity, writes.cost) == (Decimal(30_000_000), Decimal("18.75"))


def test_on_demand_rounding_half_up(frozen_book: RateBook) -> None:
    # 3,000,000 writes of 1 KB × $0.625/1M = $1.875 → $1.88 (half-up to the cent)
    result = price(table("writes: 3M\nitem_size: 1 KB"), frozen_book)
    assert result.line_items[0].cost == Decimal("1.88")


# --- provisioned capacity ---

def test_provisioned_hours(frozen_book: RateBook) -> None:
    result = price(table("capacity: provisioned\nprovisioned: {rcu: 30, wcu: 20}"),
                   frozen_book)
    got = items(result)
    rcu = got[("t", "read-capacity-unit-hours", "us-east-2")]
    wcu = got[("t", "write-capacity-unit-hours", "us-east-2")]
    # 30 RCU × 730 h = 21,900 RCU-hours × $0.00013 = $2.847 → $2.85
    assert (rcu.quantity, rcu.cost) == (Decimal(21_900), Decimal("2.85"))
    # 20 WCU × 730 h = 14,600 WCU-hours × $0.00065 = $9.49
    assert (wcu.quantity, wcu.cost) == (Decimal(14_600), Decimal("9.49"))
    assert "20 WCU × 730 h" in wcu.component


def test_provisioned_part_of_the_month_and_auto_scaling_average(frozen_book: RateBook
                                                                 ) -> None:
    result = price(table("capacity: provisioned\n"
                         "provisioned: {rcu: 12.5, wcu: 7.25, hours: 100 h}"), frozen_book)
    got = items(result)
    # 12.5 × 100 = 1,250 RCU-hours × $0.00013 = $0.1625 → $0.16
    assert got[("t", "read-capacity-unit-hours", "us-east-2")].cost == Decimal("0.16")
    # 7.25 × 100 = 725 WCU-hours × $0.00065 = $0.47125 → $0.47
    assert got[("t", "write-capacity-unit-hours", "us-east-2")].quantity == Decimal(725)
    assert got[("t", "write-capacity-unit-hours", "us-east-2")].cost == Decimal("0.47")


def test_provisioned_hours_follow_the_month(frozen_book: RateBook) -> None:
    result = price("month: 744 h\n" + table("capacity: provisioned\nprovisioned: {rcu: 1}"),
                   frozen_book)
    assert result.line_items[0].quantity == Decimal(744)


# --- free tier: one pool per account ---

def test_free_tier_is_shared_by_two_tables(frozen_book: RateBook) -> None:
    spec = """
region: us-east-2
resources:
  a: {service: dynamodb, capacity: provisioned, provisioned: {rcu: 20, wcu: 20}, storage: 20 GB}
  b: {service: dynamodb, capacity: provisioned, provisioned: {rcu: 20, wcu: 5}, storage: 20 GB}
"""
    got = items(price(spec, frozen_book, free_tier=True))
    # RCU: (20 + 20) × 730 = 29,200 RCU-hours − 18,600 free = 10,600 × $0.00013 = $1.378
    # → $1.38, shared in proportion to usage: $0.69 each
    rcu_a = got[("a", "read-capacity-unit-hours", "us-east-2")]
    rcu_b = got[("b", "read-capacity-unit-hours", "us-east-2")]
    assert rcu_a.cost + rcu_b.cost == Decimal("1.38")
    assert rcu_a.free_quantity + rcu_b.free_quantity == Decimal(18_600)
    # WCU: 25 × 730 = 18,250 ≤ 18,600 free: $0
    assert got[("a", "write-capacity-unit-hours", "us-east-2")].cost == 0
    assert got[("b", "write-capacity-unit-hours", "us-east-2")].cost == 0
    # storage: 40 GB − 25 free = 15 GB × $0.25 = $3.75 ($1.88 + $1.87 or so)
    total = got[("a", "storage", "us-east-2")].cost + got[("b", "storage", "us-east-2")].cost
    assert total == Decimal("3.75")


def test_free_tier_off_by_default(frozen_book: RateBook) -> None:
    result = price(table("storage: 20 GB"), frozen_book)
    # 20 GB × $0.25 = $5.00
    assert result.line_items[0].cost == Decimal("5.00")


def test_no_free_tier_for_on_demand_requests(frozen_book: RateBook) -> None:
    result = price(table("reads: 8M\nitem_size: 4 KB\nconsistency: strong"), frozen_book,
                   free_tier=True)
    # 8,000,000 RRU × $0.125/1M = $1.00, nothing free
    assert (result.line_items[0].cost, result.line_items[0].free_quantity) == (
        Decimal("1.00"), 0)


# --- storage, backups, streams ---

def test_backups_and_streams(frozen_book: RateBook) -> None:
    result = price(table("storage: 230 GB\nbackups: {pitr: true, on_demand: 460 GB, "
                         "restores: 230 GB}\nstreams: {read_requests: 2M}"), frozen_book)
    got = {i.key: i.cost for i in result.line_items}
    assert got == {
        "storage": Decimal("57.50"),          # 230 GB × $0.25
        "pitr-storage": Decimal("46.00"),     # 230 GB (the table's size) × $0.20
        "backup-storage": Decimal("46.00"),   # 460 GB × $0.10
        "restore": Decimal("34.50"),          # 230 GB × $0.15
        "streams-read-request-units": Decimal("0.40"),  # 2,000,000 × $0.02/100,000
    }


# --- global tables ---

def test_provisioned_replica_bills_replicated_wcus_in_its_region(frozen_book: RateBook
                                                                 ) -> None:
    result = price(table("capacity: provisioned\nprovisioned: {rcu: 30, wcu: 20}\n"
                         "global_tables: {replica_regions: [us-west-1]}"), frozen_book)
    replica = items(result)[("t", "replicated-write-capacity-unit-hours", "us-west-1")]
    # 20 rWCU × 730 h = 14,600 rWCU-hours × $0.000725 = $10.585 → $10.59
    assert (replica.quantity, replica.cost) == (Decimal(14_600), Decimal("10.59"))
    assert any("cross-Region data transfer is not priced" in w for w in result.warnings)


def test_on_demand_replica_missing_region_is_exit_4(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError) as error:
        price(table("writes: 1M\nitem_size: 1 KB\n"
                    "global_tables: {replica_regions: [us-west-1]}"), frozen_book)
    assert "region 'us-west-1', key 'replicated-write-request-units'" in str(error.value)
    assert error.value.exit_code == 4


def test_on_demand_replica_writes_are_standard_sized(tmp_path: Path) -> None:
    # A test-only card with a us-east-1 write rate (none ships there): the table writes
    # in us-east-1, its replica in us-east-2 gets replicated writes of the same item.
    old = '      us-east-2: {rate: "0.625"}\n  read-capacity'
    card = (FROZEN / "dynamodb.yaml").read_text(encoding="utf-8")
    assert old in card
    card = card.replace(old, '      us-east-2: {rate: "0.625"}\n'
                             '      us-east-1: {rate: "0.625"}\n  read-capacity')
    (tmp_path / "dynamodb.yaml").write_text(card, encoding="utf-8")
    result = price(table("writes: 1M\nitem_size: 2 KB\nconsistency: transactional\n"
                         "global_tables: {replica_regions: [us-east-2]}", "us-east-1"),
                   RateBook(tmp_path, "test"))
    got = items(result)
    # the transaction: 1,000,000 × ceil(2 KB / 1 KB) × 2 = 4,000,000 WRU in us-east-1
    assert got[("t", "write-request-units", "us-east-1")].quantity == 4_000_000
    # the replica applies each write once: 1,000,000 × 2 = 2,000,000 replicated WRU
    # × $0.625/1M = $1.25, at an unverified rate
    replica = got[("t", "replicated-write-request-units", "us-east-2")]
    assert (replica.quantity, replica.cost) == (Decimal(2_000_000), Decimal("1.25"))
    assert not replica.verified
    assert replica.component.startswith("Global table replica (us-east-2)")
    assert any("unverified rate dynamodb/replicated-write-request-units" in w
               for w in result.warnings)


def test_replica_storage_needs_a_rate_in_the_replica_region(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="region 'us-west-1', key 'storage'"):
        price(table("capacity: provisioned\nprovisioned: {wcu: 5}\nstorage: 1 GB\n"
                    "global_tables: {replica_regions: [us-west-1]}"), frozen_book)


def test_replica_in_the_tables_own_region_is_a_spec_error(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match=r"replica_regions\[0\]: 'us-east-2' is the table's"):
        price(table("capacity: provisioned\nprovisioned: {wcu: 5}\n"
                    "global_tables: {replica_regions: [us-east-2]}"), frozen_book)


# --- missing rates and spec errors ---

def test_dax_is_exit_4_naming_pricing_update_and_the_node_type(frozen_book: RateBook) -> None:
    """No DAX node rate ships (the dax catalog is empty): the standard missing-rate error."""
    with pytest.raises(PricingError) as error:
        price(table("storage: 1 GB\ndax: {node_type: dax.r5.large, nodes: 3}"), frozen_book)
    assert error.value.message.startswith(
        "no price for service 'dax' 'node-hours' (node_type dax.r5.large) in region "
        "'us-east-2'")
    assert error.value.hint == "run 'awscalc pricing update --service dax --region us-east-2'"


def test_dax_node_hours_are_usage_of_the_dax_service() -> None:
    from awscalc.services.dynamodb import usage

    spec = parse_spec(table("storage: 1 GB\ndax: {node_type: dax.r5.large, nodes: 3}"),
                      "test.yaml")
    dax = [record for record in usage(spec.resources[0]).records if record.service == "dax"]
    assert [(r.key, r.quantity, r.unit, r.dims) for r in dax] == [
        ("node-hours", Decimal(3 * 730), "node-hour", ("dax.r5.large",))]
    assert dax[0].component == "DAX node hours (3 × dax.r5.large, 730 h)"


def test_dax_comes_after_the_tables_own_spec_errors(frozen_book: RateBook) -> None:
    # a mistake in the table's keys is reported (exit 3) before the missing DAX rate
    with pytest.raises(SpecError, match="provisioned capacity needs capacity: provisioned"):
        price(table("provisioned: {rcu: 5}\ndax: {node_type: dax.r5.large, nodes: 3}"),
              frozen_book)


def test_us_east_1_has_no_shipped_rate(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="region 'us-east-1', key 'read-request-units'"):
        price(table("reads: 1M\nitem_size: 1 KB", "us-east-1"), frozen_book)


def test_standard_ia_on_demand_is_exit_4(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="standard_ia"):
        price(table("table_class: standard_ia\nreads: 1M\nitem_size: 1 KB"), frozen_book)


def test_standard_ia_provisioned_is_unverified(frozen_book: RateBook) -> None:
    result = price(table("table_class: standard_ia\ncapacity: provisioned\n"
                         "provisioned: {rcu: 100}\nstorage: 10 GB", "us-east-1"), frozen_book)
    got = {i.key: i for i in result.line_items}
    # 100 × 730 = 73,000 RCU-hours × $0.00016 = $11.68; 10 GB × $0.10 = $1.00
    assert got["ia-read-capacity-unit-hours"].cost == Decimal("11.68")
    assert got["ia-storage"].cost == Decimal("1.00")
    assert not got["ia-storage"].verified
    assert any("unverified rate dynamodb/ia-storage" in w for w in result.warnings)


@pytest.mark.parametrize(("body", "message"), [
    ("reads: 1M", "reads and writes need 'item_size'"),
    ("reads: 1M\nitem_size: 401 KB", "400 KB item size limit"),
    ("capacity: provisioned\nreads: 1M\nprovisioned: {rcu: 1}", "reads are billed only on"),
    ("capacity: provisioned", "capacity: provisioned needs provisioned capacity"),
    ("provisioned: {rcu: 1}", "provisioned capacity needs capacity: provisioned"),
    ("backups: {pitr: true}", "point-in-time recovery is billed on the table's size"),
    ("capacity: provisioned\nprovisioned: {rcu: 1, hours: 800 h}", "more than the month"),
])
def test_spec_errors(body: str, message: str, frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match=message):
        price(table(body), frozen_book)
