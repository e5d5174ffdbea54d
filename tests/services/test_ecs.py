"""ECS and Fargate: AWS's pricing-page examples, per-second rounding and the 1- and
5-minute minimums, the allowed task sizes, the Windows licence, ephemeral storage above
20 GB, ARM, Fargate Spot (and its missing rates), ECS on EC2 as a composite, and the
Price List rules against a real AmazonECS offer file."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.services.ecs import TASK_SIZES
from awscalc.spec import parse_spec

from ..conftest import FROZEN_PRICING, REPO, SHIPPED_PRICING
from ..pricewatcher import without_generated_lines

CENT = Decimal("0.01")


def price(text: str, book: RateBook):
    return estimate(parse_spec(text, "test.yaml"), book)


def fargate(month: str = "730 h", region: str = "us-east-1", **keys: object) -> str:
    """A spec with one Fargate resource 'svc' (1 vCPU, 2 GB unless given)."""
    config = {"service": "ecs", "region": region, "vcpu": 1, "memory": "2 GB", **keys}
    return yaml.safe_dump({"month": month, "resources": {"svc": config}}, sort_keys=False)


def lines(result) -> dict[str, tuple[Decimal, Decimal]]:
    """key → (quantity, cost) of each line item."""
    return {item.key: (item.quantity, item.cost) for item in result.line_items}


# -- AWS's pricing-page examples (https://aws.amazon.com/fargate/pricing/, "Pricing
#    Examples", US East (N. Virginia); they use 30-day months: month: 720 h) ----------

def test_example_1_linux_x86_with_ephemeral_storage(shipped_book: RateBook) -> None:
    # 5 tasks × 600 s a day × 30 days = 150 runs of 600 s; 1 vCPU, 2 GB, 30 GB storage.
    result = price(fargate("720 h", task_runs={"count": 150, "duration": "600 s"},
                           ephemeral_storage="30 GB"), shipped_book)
    found = lines(result)
    # 5 × 1 × 0.000011244 × 600 × 30 = $1.01 (page); 150 × 600 s = 25 vCPU-h × $0.04048
    assert found["fargate-vcpu-linux-x86"] == (Decimal(25), Decimal("1.01"))
    # 5 × 2 × 0.000001235 × 600 × 30 = $0.22; 50 GB-h × $0.004445 = 0.22225
    assert found["fargate-memory-linux-x86"] == (Decimal(50), Decimal("0.22"))
    # 5 × (30 − 20) × 0.0000000308 × 600 × 30 = $0.03; 250 GB-h × $0.000111 = 0.02775
    assert found["fargate-ephemeral-storage"] == (Decimal(250), Decimal("0.03"))
    assert result.monthly_total == Decimal("1.26")  # the page's $1.26
    assert not result.warnings


def test_example_2_linux_arm(shipped_book: RateBook) -> None:
    result = price(fargate("720 h", platform="linux_arm64", ephemeral_storage="30 GB",
                           task_runs={"count": 150, "duration": "10 min"}), shipped_book)
    found = lines(result)
    # 5 × 1 × 0.0000089944 × 600 × 30 = $0.81; 25 vCPU-h × $0.03238 = 0.8095
    assert found["fargate-vcpu-linux-arm64"] == (Decimal(25), Decimal("0.81"))
    # 5 × 2 × 0.0000009889 × 600 × 30 = $0.18; 50 GB-h × $0.00356 = 0.178
    assert found["fargate-memory-linux-arm64"] == (Decimal(50), Decimal("0.18"))
    assert found["fargate-ephemeral-storage"][1] == Decimal("0.03")
    assert result.monthly_total == Decimal("1.02")  # the page's $1.02


def test_example_3_quarter_vcpu(shipped_book: RateBook) -> None:
    # The page's Example 3 runs EKS Pods; Fargate bills ECS tasks the same way:
    # 10 × 1 h a day × 30 days = 300 runs of 1 h, 0.25 vCPU and 1 GB each.
    result = price(fargate("720 h", vcpu=0.25, memory="1 GB",
                           task_runs={"count": 300, "duration": "1 h"}), shipped_book)
    found = lines(result)
    # 10 × 0.25 × 0.000011244 × 3600 × 30 = $3.04; 75 vCPU-h × $0.04048 = 3.036
    assert found["fargate-vcpu-linux-x86"] == (Decimal(75), Decimal("3.04"))
    # 10 × 1 × 0.000001235 × 3600 × 30 = $1.33; 300 GB-h × $0.004445 = 1.3335
    assert found["fargate-memory-linux-x86"] == (Decimal(300), Decimal("1.33"))
    assert result.monthly_total == Decimal("4.37")  # the page's $4.37


def _book_with_ecs_rates(tmp_path: Path, rates: dict[str, str]) -> RateBook:
    """The frozen cards, with the given us-east-1 ECS rates replaced."""
    for card in FROZEN_PRICING.glob("*.yaml"):
        shutil.copy(card, tmp_path / card.name)
    card = yaml.safe_load((tmp_path / "ecs.yaml").read_text(encoding="utf-8"))
    for key, rate in rates.items():
        card["rates"][key]["regions"]["us-east-1"] = {"rate": rate}
    (tmp_path / "ecs.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    return RateBook(tmp_path, "test")


def test_example_4_windows(tmp_path: Path, shipped_book: RateBook) -> None:
    # 10 tasks × 1 h a day × 30 days, 1 vCPU and 2 GB, Windows.
    spec = fargate("720 h", platform="windows", task_runs={"count": 300, "duration": "1 h"})
    # The page computes with per-second rates; × 3,600 they are these hourly rates:
    # 0.0000254167 × 3600 = 0.09150012, 0.0000027778 × 3600 = 0.01000008,
    # 0.0000127778 × 3600 = 0.04600008.
    page = _book_with_ecs_rates(tmp_path, {"fargate-vcpu-windows": "0.09150012",
                                           "fargate-memory-windows": "0.01000008",
                                           "fargate-windows-os-licence": "0.04600008"})
    found = lines(price(spec, page))
    # 10 × 1 × 0.0000254167 × 3600 × 30 = $27.45 (300 vCPU-h)
    assert found["fargate-vcpu-windows"] == (Decimal(300), Decimal("27.45"))
    # 10 × 1 × 0.0000127778 × 3600 × 30 = $13.80
    assert found["fargate-windows-os-licence"] == (Decimal(300), Decimal("13.80"))
    # 10 × 2 × 0.0000027778 × 3600 × 30 = $6.00 (600 GB-h)
    assert found["fargate-memory-windows"] == (Decimal(600), Decimal("6.00"))
    assert sum(cost for _, cost in found.values()) == Decimal("47.25")  # the page's total
    # The shipped card holds AWS's 2025 feed rates ($0.046552, $0.00511175, $0.046), the
    # page's example the older 2022 ones: 300 × 0.046552 = 13.9656; 600 × 0.00511175 =
    # 3.06705.
    shipped = price(spec, shipped_book)
    assert shipped.monthly_total == Decimal("13.97") + Decimal("3.07") + Decimal("13.80")
    assert sum("unverified rate ecs/fargate-" in w for w in shipped.warnings) == 3


# -- per-second billing and minimums -------------------------------------------------

@pytest.mark.parametrize(("platform", "duration", "billed"), [
    ("linux_x86", "45 s", 60),        # under a minute: the 1-minute minimum
    ("linux_x86", "60 s", 60),
    ("linux_x86", "61.2 s", 62),      # rounded up to the second first
    ("linux_arm64", "59.001 s", 60),
    ("linux_x86", "1500 ms", 60),
    ("windows", "61 s", 300),         # Windows: a 5-minute minimum
    ("windows", "299.1 s", 300),
    ("windows", "301.5 s", 302),
    ("windows", "2 h", 7200),
])
def test_each_run_is_rounded_up_to_the_second_then_the_minimum(
        frozen_book: RateBook, platform: str, duration: str, billed: int) -> None:
    result = price(fargate(platform=platform, task_runs={"count": 1000,
                                                         "duration": duration}),
                   frozen_book)
    vcpu = next(i for i in result.line_items if "-vcpu-" in i.key)
    assert vcpu.quantity == Decimal(1000 * billed) / 3600  # 1 vCPU × billed seconds


def test_whole_month_tasks_and_runs_add_up(frozen_book: RateBook) -> None:
    # 6 tasks all month (6 × 730 h) + 10,000 runs of 45 s (billed 60 s: 166.67 h)
    # at 0.5 vCPU, 1 GB: vCPU-h = 0.5 × (4,380 + 10,000 × 60 / 3600)
    result = price(fargate(vcpu=0.5, memory="1 GB", tasks=6,
                           task_runs={"count": "10k", "duration": "45 s"}), frozen_book)
    found = lines(result)
    hours = Decimal(4380) + Decimal(600000) / 3600
    assert found["fargate-vcpu-linux-x86"][0] == Decimal("0.5") * hours
    assert found["fargate-memory-linux-x86"][0] == hours
    # 2,273.33 × $0.04048 = 92.0245 → 92.02 ; 4,546.67 × $0.004445 = 20.2099 → 20.21
    assert found["fargate-vcpu-linux-x86"][1] == Decimal("92.02")
    assert found["fargate-memory-linux-x86"][1] == Decimal("20.21")


def test_a_run_rate_per_day_uses_the_spec_month(frozen_book: RateBook) -> None:
    # 100 runs a day over a 720 h month = 3,000 runs of 2 min: 100 vCPU-hours at 1 vCPU
    result = price(fargate("720 h", task_runs={"count": "100/day", "duration": "2 min"}),
                   frozen_book)
    assert lines(result)["fargate-vcpu-linux-x86"][0] == Decimal(100)


def test_a_fractional_average_count_is_billed_per_run(frozen_book: RateBook) -> None:
    # 40 runs a day over 730 h = 1,216.67 runs, each 3.5 min billed 5 min (Windows):
    # 40 × 730 / 24 × 300 s / 3600 = 101.39 vCPU-hours at 1 vCPU
    result = price(fargate(platform="windows",
                           task_runs={"count": "40/day", "duration": "3.5 min"}), frozen_book)
    hours = lines(result)["fargate-vcpu-windows"][0]
    assert hours == Decimal(40) * Decimal(730) / 24 * 300 / 3600
    assert hours.quantize(CENT) == Decimal("101.39")


# -- task sizes ----------------------------------------------------------------------

ALLOWED = [(vcpu, memory) for vcpu, sizes in TASK_SIZES.items() for memory in sizes]


def test_the_task_size_table_is_aws_s() -> None:
    # the "Supported Configurations" table: 3 + 4 + 7 + 13 + 23 + 12 + 12 + 3 pairs
    assert len(ALLOWED) == 77
    assert TASK_SIZES[Decimal(8)][:3] == (Decimal(16), Decimal(20), Decimal(24))
    assert TASK_SIZES[Decimal(16)][-1] == Decimal(120)


@pytest.mark.parametrize(("vcpu", "memory"), ALLOWED[::7] + ALLOWED[-3:])
def test_allowed_sizes_are_priced(frozen_book: RateBook, vcpu: Decimal,
                                  memory: Decimal) -> None:
    result = price(fargate(vcpu=float(vcpu), memory=f"{memory} GB", tasks=1), frozen_book)
    # 730 h × vCPU and 730 h × GB
    assert lines(result)["fargate-memory-linux-x86"][0] == memory * 730
    assert lines(result)["fargate-vcpu-linux-x86"][0] == vcpu * 730


@pytest.mark.parametrize(("vcpu", "memory", "message"), [
    (0.25, "4 GB", r"memory: 4 GB is not a Fargate memory size for 0.25 vCPU "
                   r"\(allowed: 0.5, 1, 2 GB\)"),
    (0.25, "256 MB", "0.25 GB is not a Fargate memory size for 0.25 vCPU"),
    (0.5, "1.5 GB", r"1.5 GB .* 0.5 vCPU \(allowed: 1, 2, 3, 4 GB\)"),
    (4, "31 GB", "31 GB is not a Fargate memory size for 4 vCPU"),
    (8, "18 GB", r"8 vCPU \(allowed: 16, 20, 24, .*, 60 GB\)"),   # 4 GB steps
    (16, "36 GB", "36 GB is not a Fargate memory size for 16 vCPU"),  # 8 GB steps
    (32, "64 GB", r"32 vCPU \(allowed: 60, 120, 244 GB\)"),
    (1, "2000 MB", "1.953125 GB is not"),  # MB are binary: 2 GB is 2048 MB
])
def test_other_sizes_are_refused_with_the_allowed_memory(
        frozen_book: RateBook, vcpu: float, memory: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(fargate(vcpu=vcpu, memory=memory, tasks=1), frozen_book)


def test_an_unknown_vcpu_count_is_a_schema_error(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match=r"\$.resources.svc.vcpu: unknown value 3"):
        price(fargate(vcpu=3, tasks=1), frozen_book)


# -- ephemeral storage, Windows, ARM ---------------------------------------------------

@pytest.mark.parametrize(("size", "extra"), [("20 GB", None), ("21 GB", 1),
                                              ("200 GB", 180), ("0.125 TB", 108)])
def test_ephemeral_storage_above_20_gb(frozen_book: RateBook, size: str,
                                       extra: int | None) -> None:
    found = lines(price(fargate(tasks=2, ephemeral_storage=size), frozen_book))
    if extra is None:
        assert "fargate-ephemeral-storage" not in found
    else:  # 2 tasks × extra GB × 730 h
        assert found["fargate-ephemeral-storage"][0] == 2 * extra * 730


@pytest.mark.parametrize("size", ["10 GB", "201 GB", "20.5 GB", "0.1 TB"])  # 102.4 GB
def test_ephemeral_storage_outside_20_to_200_gb_is_refused(frozen_book, size) -> None:
    with pytest.raises(SpecError, match=r"ephemeral_storage: .* GB is not a Fargate "
                                        r"ephemeral storage size \(20 GB"):
        price(fargate(tasks=1, ephemeral_storage=size), frozen_book)


def test_windows_pays_the_licence_per_vcpu_hour(frozen_book: RateBook) -> None:
    # 2 tasks all month, 2 vCPU, 8 GB: 2,920 vCPU-h, 11,680 GB-h, 2,920 licence vCPU-h
    found = lines(price(fargate(platform="windows", vcpu=2, memory="8 GB", tasks=2),
                        frozen_book))
    # 2,920 × $0.046552 = 135.93184; 11,680 × $0.00511175 = 59.70524
    assert found["fargate-vcpu-windows"] == (Decimal(2920), Decimal("135.93"))
    assert found["fargate-memory-windows"] == (Decimal(11680), Decimal("59.71"))
    assert found["fargate-windows-os-licence"] == (Decimal(2920), Decimal("134.32"))  # × 0.046


def test_arm_is_priced_at_its_own_rates(frozen_book: RateBook) -> None:
    found = lines(price(fargate(platform="linux_arm64", vcpu=4, memory="8 GB", tasks=1),
                        frozen_book))
    # 2,920 vCPU-h × $0.03238 = 94.5496; 5,840 GB-h × $0.00356 = 20.7904
    assert found == {"fargate-vcpu-linux-arm64": (Decimal(2920), Decimal("94.55")),
                     "fargate-memory-linux-arm64": (Decimal(5840), Decimal("20.79"))}


def test_eu_west_1_rates_are_old_price_list_rows_and_say_so(frozen_book) -> None:
    result = price(fargate(region="eu-west-1", tasks=1, ephemeral_storage="30 GB"),
                   frozen_book)
    # 10 GB × 730 h × $0.000122 (eu-west-1's own rate, not us-east-1's $0.000111)
    assert lines(result)["fargate-ephemeral-storage"] == (Decimal(7300), Decimal("0.89"))
    assert all(not item.verified for item in result.line_items)
    assert len(result.warnings) == 3


# -- Fargate Spot ----------------------------------------------------------------------

def test_spot_is_priced_where_a_dated_rate_ships(frozen_book: RateBook) -> None:
    result = price(fargate(region="eu-west-1", capacity="spot", vcpu=2, memory="4 GB",
                           tasks=3), frozen_book)
    found = lines(result)
    # 3 × 2 × 730 = 4,380 vCPU-h × $0.01379631 = 60.4278...; 8,760 GB-h × $0.00151494
    assert found["fargate-spot-vcpu-linux-x86"] == (Decimal(4380), Decimal("60.43"))
    assert found["fargate-spot-memory-linux-x86"] == (Decimal(8760), Decimal("13.27"))
    assert any("2019-07-30" in w for w in result.warnings)


def test_spot_without_a_rate_is_a_pricing_error_naming_key_and_region(frozen_book) -> None:
    with pytest.raises(PricingError, match=r"no price for service 'ecs', region 'us-east-1', "
                                           r"key 'fargate-spot-(vcpu|memory)-linux-x86'"):
        price(fargate(capacity="spot", tasks=1), frozen_book)
    with pytest.raises(PricingError, match="region 'eu-west-1', key "
                                           "'fargate-spot-vcpu-linux-arm64'"):
        price(fargate(region="eu-west-1", capacity="spot", platform="linux_arm64",
                      tasks=1), frozen_book)


@pytest.mark.parametrize(("keys", "message"), [
    ({"capacity": "spot", "platform": "windows"},
     r"capacity: Fargate Spot is not available for Windows"),
    ({"vcpu": None}, r"\$.resources.svc: a Fargate task needs 'vcpu'"),
    ({"tasks": None}, r"a Fargate resource needs 'tasks' or 'task_runs'"),
    ({"instances": {"instance_type": "m5.large"}},
     r"instances: 'instances' applies to launch_type: ec2"),
    ({"task_runs": {"count": 2, "duration": "800 h"}},
     r"task_runs.duration: 800 h is more than the month \(730 h\)"),
    ({"task_runs": {"count": 2, "duration": "0 s"}},
     r"task_runs.duration: a task run lasts more than 0 s"),
])
def test_invalid_combinations_are_spec_errors(frozen_book: RateBook, keys: dict,
                                              message: str) -> None:
    base = {"tasks": 1, **keys}
    config = {k: v for k, v in base.items() if v is not None}
    if "vcpu" in keys:
        spec = {"resources": {"svc": {"service": "ecs", "memory": "2 GB", **config}}}
    else:
        spec = {"resources": {"svc": {"service": "ecs", "vcpu": 1, "memory": "2 GB",
                                      **config}}}
    with pytest.raises(SpecError, match=message):
        price(yaml.safe_dump(spec), frozen_book)


# -- ECS on EC2: a composite ---------------------------------------------------------

INSTANCES = {"instance_type": "m5.large", "count": 3, "hours": "500 h",
             "volumes": [{"type": "gp3", "size": "50 GB"}], "data_transfer_out": "20 GB"}


def test_ecs_on_ec2_costs_what_the_same_ec2_resource_costs(frozen_book: RateBook) -> None:
    cluster = price(yaml.safe_dump({"resources": {"cluster": {
        "service": "ecs", "launch_type": "ec2", "instances": INSTANCES}}}), frozen_book)
    by_hand = price(yaml.safe_dump({"resources": {"fleet": {"service": "ec2",
                                                             **INSTANCES}}}), frozen_book)

    def shape(result):
        return [(i.service, i.key, i.component, i.quantity, i.rate, i.cost, i.one_time)
                for i in result.line_items]

    assert shape(cluster) == shape(by_hand)
    assert len(shape(cluster)) == 3  # instance hours, gp3 storage, transfer out
    assert {i.resource for i in cluster.line_items} == {"cluster/instances"}
    assert cluster.monthly_total == by_hand.monthly_total
    assert any("ECS has no charge of its own on EC2" in line for line in cluster.summaries())


@pytest.mark.parametrize(("keys", "message"), [
    ({}, r"\$.resources.cluster.launch_type: launch_type: ec2 needs 'instances'"),
    ({"instances": INSTANCES, "vcpu": 1},
     r"\$.resources.cluster.vcpu: 'vcpu' applies to launch_type: fargate"),
    ({"instances": INSTANCES, "capacity": "spot"}, r"'capacity' applies to launch_type"),
    ({"instances": {"instance_type": "m5.larg"}},
     r"\$.resources.cluster.instances.instance_type: unknown instance type 'm5.larg'"),
])
def test_ecs_on_ec2_errors(frozen_book: RateBook, keys: dict, message: str) -> None:
    spec = {"resources": {"cluster": {"service": "ecs", "launch_type": "ec2", **keys}}}
    with pytest.raises(SpecError, match=message):
        price(yaml.safe_dump(spec), frozen_book)


# -- the cards and the Price List rules ------------------------------------------------

def test_the_frozen_card_is_the_shipped_card_less_its_generated_lines() -> None:
    # the shipped card adds the regions pricing/tools/pricewatcher_cards.py writes
    shipped = without_generated_lines((SHIPPED_PRICING / "ecs.yaml").read_text())
    assert (FROZEN_PRICING / "ecs.yaml").read_text() == shipped


def _ligoj_offer():
    """tests/data/offers/ecs's CSV rows in the JSON layout the mapping reads."""
    from awscalc.priceupdate.fetch import RawFile
    from awscalc.priceupdate.offers import Offer

    path = REPO / "tests" / "data" / "offers" / "ecs" / "AmazonECS_eu-west-1_ligoj.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[6]
    products: dict = {}
    on_demand: dict = {}
    for row in rows[7:]:
        record = dict(zip(header, row, strict=True))
        sku = record["SKU"]
        products[sku] = {"sku": sku, "productFamily": record["Product Family"],
                         "attributes": {"usagetype": record["usageType"],
                                        "location": record["Location"],
                                        "regionCode": record["Region Code"],
                                        "operatingSystem": record["Operating System"]}}
        term = on_demand.setdefault(sku, {}).setdefault(
            f"{sku}.{record['OfferTermCode']}", {"priceDimensions": {}})
        term["priceDimensions"][record["RateCode"]] = {
            "beginRange": record["StartingRange"], "endRange": record["EndingRange"],
            "unit": record["Unit"], "pricePerUnit": {"USD": record["PricePerUnit"]}}
    document = {"offerCode": "AmazonECS", "version": rows[4][1],
                "publicationDate": rows[3][1], "products": products,
                "terms": {"OnDemand": on_demand}}
    raw = RawFile(path="/x", url=str(path), data=json.dumps(document).encode())
    return Offer.parse(raw, document, "AmazonECS")


def test_every_rule_selects_one_real_product_at_the_cards_eu_west_1_rate() -> None:
    from awscalc.priceupdate.mappings import ECS, select

    offer = _ligoj_offer()
    card = yaml.safe_load((SHIPPED_PRICING / "ecs.yaml").read_text(encoding="utf-8"))
    assert set(ECS.rules) | set(ECS.carried) == set(card["rates"])
    # the 2022 offer's Windows vCPU and memory rates, which AWS has since cut (the card's
    # eu-west-1 entries are its 2025 pricing-page feed's)
    cut = {"fargate-vcpu-windows": "0.09148", "fargate-memory-windows": "0.01005"}
    for key, rule in ECS.rules.items():
        product = select(offer, "ecs", key, rule, "eu-west-1", ECS)
        (tier,) = offer.tiers(product.sku, key)
        assert tier.unit in rule.units
        expected = cut.get(key) or card["rates"][key]["regions"]["eu-west-1"]["rate"]
        assert tier.usd == Decimal(expected), key
    # the Windows and Linux products are told apart by usage type alone
    vcpu = select(offer, "ecs", "x", ECS.rules["fargate-vcpu-linux-x86"], "eu-west-1", ECS)
    assert vcpu.attributes["usagetype"] == "EU-Fargate-vCPU-Hours:perCPU"
    with pytest.raises(PricingError, match="region 'us-east-1'"):
        select(offer, "ecs", "x", ECS.rules["fargate-vcpu-linux-x86"], "us-east-1", ECS)
