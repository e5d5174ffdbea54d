"""EMR: a cluster on EC2 as a composite (its EC2 lines equal the same EC2 resources
written by hand, Spot included), the EMR charge per instance-hour (per second, one-minute
minimum, the same whatever the purchase option), EMR Serverless rounding and worker
sizes, EMR on EKS (the pods' requested vCPU and memory per second with a one-minute
minimum, its capacity an EC2 child), and the errors for what has no rate (exit 4) or
does not apply (exit 3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.services.emr import WORKER_SIZES
from awscalc.spec import parse_spec

from ..conftest import FROZEN_PRICING, SHIPPED_PRICING
from ..pricewatcher import without_generated_lines


def price(text: str, book: RateBook):
    return estimate(parse_spec(text, "test.yaml"), book)


def spec(month: str = "730 h", **resources: dict) -> str:
    return yaml.safe_dump({"month": month, "resources": resources}, sort_keys=False)


def cluster(**keys: object) -> dict:
    groups = keys.pop("instance_groups", {"master": {"instance_type": "r5.4xlarge"}})
    return {"service": "emr", "instance_groups": groups, **keys}


def serverless(**keys: object) -> dict:
    workers = {"count": 10, "vcpu": 4, "memory": "16 GB", **keys.pop("workers", {})}
    runs = {"count": 30, "duration": "40 min", **keys.pop("job_runs", {})}
    return {"service": "emr", "deployment": "serverless", "job_runs": runs,
            "workers": workers, **keys}


CLUSTER = {
    "master": {"instance_type": "r5.4xlarge"},
    "core": {"instance_type": "r5.4xlarge", "count": 2,
             "volumes": [{"type": "gp3", "size": "500 GB", "iops": 4000}]},
    "task": {"instance_type": "r5.4xlarge", "count": 6, "hours": "120 h", "starts": 40,
             "purchase": "spot", "spot_discount": "70%"},
}


# -- the composite ------------------------------------------------------------------

def test_the_clusters_ec2_lines_equal_the_same_ec2_resources_by_hand(
        frozen_book: RateBook) -> None:
    composite = price(spec(spark=cluster(hours="200 h", instance_groups=CLUSTER)),
                      frozen_book)
    by_hand = price(spec(**{
        name: {"service": "ec2", "hours": "200 h", **group}
        for name, group in CLUSTER.items()}), frozen_book)
    children = [(i.service, i.key, i.quantity, i.cost) for i in composite.line_items
                if i.parent == "spark"]
    assert children == [(i.service, i.key, i.quantity, i.cost) for i in by_hand.line_items]
    assert {i.resource for i in composite.line_items if i.parent == "spark"} == {
        "spark/master", "spark/core", "spark/task"}
    # the cluster's own line: the EMR charge on top
    # master 200 h + core 2 × 200 h + task 6 × 120 h = 1,320 instance-hours × $0.252
    own = [i for i in composite.line_items if i.resource == "spark"]
    assert [(i.key, i.quantity, i.cost, i.verified) for i in own] == [
        ("emr-r5.4xlarge", Decimal(1320), Decimal("332.64"), False)]
    assert own[0].component == "EMR charge, r5.4xlarge (master 1, core 2, task 6)"
    assert composite.monthly_total == by_hand.monthly_total + Decimal("332.64")
    assert composite.subtotal("spark") == composite.monthly_total


def test_spot_does_not_change_the_emr_charge(frozen_book: RateBook) -> None:
    # "the Spot Price may change ..., but the Amazon EMR rate remains fixed"
    def emr_cost(group: dict) -> Decimal:
        result = price(spec(c=cluster(instance_groups={"master": group})), frozen_book)
        return next(i.cost for i in result.line_items if i.service == "emr")

    on_demand = emr_cost({"instance_type": "r5.4xlarge"})
    spot = emr_cost({"instance_type": "r5.4xlarge", "purchase": "spot",
                     "spot_price": 0.1})
    assert on_demand == spot == Decimal("183.96")  # 730 h × $0.252


def test_the_cluster_hours_are_each_groups_default(frozen_book: RateBook) -> None:
    groups = {"master": {"instance_type": "r5.4xlarge"},
              "core": {"instance_type": "r5.4xlarge", "hours": "10 h"}}
    result = price(spec(c=cluster(hours="100 h", instance_groups=groups)), frozen_book)
    hours = {i.resource: i.quantity for i in result.line_items if i.service == "ec2"}
    assert hours == {"c/master": Decimal(100), "c/core": Decimal(10)}
    emr = next(i for i in result.line_items if i.service == "emr")
    assert emr.quantity == Decimal(110)  # 100 + 10 instance-hours


@pytest.mark.parametrize(("hours", "starts", "billed"), [
    ("30 s", 1, Decimal(60) / 3600),          # below the minute: one minute
    ("60 s", 1, Decimal(60) / 3600),          # exactly the minute
    ("61 s", 1, Decimal(61) / 3600),          # per second above it
    ("60.2 s", 1, Decimal(61) / 3600),        # a started second is a whole second
    ("10 min", 20, Decimal(20 * 60) / 3600),  # 20 runs of 30 s: a minute each
    ("1 h", 2, Decimal(1)),                   # 2 runs of 30 min
])
def test_the_emr_charge_is_per_second_with_a_one_minute_minimum(
        frozen_book: RateBook, hours: str, starts: int, billed: Decimal) -> None:
    group = {"instance_type": "r5.4xlarge", "count": 3, "hours": hours, "starts": starts}
    result = price(spec(c=cluster(instance_groups={"master": group})), frozen_book)
    emr = next(i for i in result.line_items if i.service == "emr")
    assert emr.quantity == billed * 3
    assert emr.cost == (billed * 3 * Decimal("0.252")).quantize(Decimal("0.01"))


def test_an_instance_type_without_an_emr_charge_is_a_pricing_error(
        frozen_book: RateBook) -> None:
    groups = {"master": {"instance_type": "m5.large"}}
    with pytest.raises(PricingError, match=r"^no EMR charge for instance type 'm5.large' "
                       r"in region 'us-east-1' \(service 'emr', key 'emr-m5.large'\)"):
        price(spec(c=cluster(instance_groups=groups)), frozen_book)


def test_a_region_without_the_emr_charge_is_a_pricing_error(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="eu-west-1"):
        price(spec(c=cluster(region="eu-west-1")), frozen_book)


def test_errors_in_a_group_point_at_its_keys(frozen_book: RateBook) -> None:
    groups = {"master": {"instance_type": "r5.4xlarge", "hours": "800 h"}}
    with pytest.raises(SpecError, match=r"\$\.resources\.c\.instance_groups\.master\.hours: "
                       "800 h is more than the month"):
        price(spec(c=cluster(instance_groups=groups)), frozen_book)
    groups = {"master": {"instance_type": "r5.4xlarge", "operating_system": "windows"}}
    with pytest.raises(SpecError, match=r"instance_groups\.master\.operating_system: EMR "
                       "instances run Amazon Linux"):
        price(spec(c=cluster(instance_groups=groups)), frozen_book)


@pytest.mark.parametrize(("keys", "message"), [
    ({"deployment": "eks"}, "'instance_groups' applies to deployment: ec2"),
    ({"job_runs": {"count": 1, "duration": "1 h"}},
     "'job_runs' applies to deployment: serverless or eks"),
    ({"capacity": {"instance_type": "r5.4xlarge"}}, "'capacity' applies to deployment: eks"),
    ({"workers": {"count": 1, "vcpu": 1, "memory": "2 GB"}},
     "'workers' applies to deployment: serverless"),
])
def test_cluster_spec_errors(frozen_book: RateBook, keys: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(spec(c=cluster(**keys)), frozen_book)


def test_a_cluster_needs_instance_groups(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError,
                       match=r"deployment: ec2 \(the default\) needs 'instance_groups'"):
        price(spec(c={"service": "emr"}), frozen_book)


# -- EMR Serverless -----------------------------------------------------------------

def test_serverless_vcpu_and_memory_hours(frozen_book: RateBook) -> None:
    result = price(spec(etl=serverless()), frozen_book)
    lines = {i.key: (i.quantity, i.cost) for i in result.line_items}
    # 30 runs × 10 workers × 2,400 s = 200 worker-hours; × 4 vCPU = 800 vCPU-hours
    # × $0.052624 = $42.0992 → $42.10; × 16 GB = 3,200 GB-hours × $0.0057785 = $18.4912
    assert lines == {"serverless-vcpu-x86": (Decimal(800), Decimal("42.10")),
                     "serverless-memory-x86": (Decimal(3200), Decimal("18.49"))}


@pytest.mark.parametrize(("duration", "seconds"), [
    ("1 s", 60), ("59.5 s", 60), ("60 s", 60), ("60.001 s", 61), ("90 s", 90)])
def test_serverless_rounds_each_run_up_to_the_second_then_a_minute(
        frozen_book: RateBook, duration: str, seconds: int) -> None:
    result = price(spec(etl=serverless(job_runs={"count": 1, "duration": duration},
                                       workers={"count": 1, "vcpu": 1, "memory": "2 GB"})),
                   frozen_book)
    vcpu = next(i for i in result.line_items if i.key == "serverless-vcpu-x86")
    assert vcpu.quantity == Decimal(seconds) / 3600


def test_the_worker_size_table_is_aws_s() -> None:
    assert {vcpu: (sizes[0], sizes[-1], sizes[1] - sizes[0])
            for vcpu, sizes in WORKER_SIZES.items()} == {
        1: (2, 8, 1), 2: (4, 16, 1), 4: (8, 30, 1), 8: (16, 60, 4), 16: (32, 120, 8)}


@pytest.mark.parametrize(("workers", "message"), [
    ({"vcpu": 4, "memory": "31 GB"}, "31 GB is not an EMR Serverless worker memory size "
     "for 4 vCPU"),
    ({"vcpu": 8, "memory": "18 GB"}, "18 GB is not an EMR Serverless"),
    ({"storage": "10 GB"}, "10 GB is not an EMR Serverless worker storage size"),
    ({"storage": "201 GB"}, "201 GB is not"),
])
def test_worker_sizes_outside_aws_s_table_are_refused(frozen_book: RateBook,
                                                        workers: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(spec(etl=serverless(workers=workers)), frozen_book)


@pytest.mark.parametrize(("keys", "key"), [
    ({"architecture": "arm64"}, "serverless-vcpu-arm64"),
    ({"workers": {"storage": "21 GB"}}, "serverless-storage"),
])
def test_serverless_rates_that_do_not_ship_are_pricing_errors(
        frozen_book: RateBook, keys: dict, key: str) -> None:
    with pytest.raises(PricingError, match=f"^no price for service 'emr', region "
                       f"'us-east-1', key '{key}'"):
        price(spec(etl=serverless(**keys)), frozen_book)


def test_the_free_20_gb_is_not_charged(frozen_book: RateBook) -> None:
    result = price(spec(etl=serverless(workers={"storage": "20 GB"})), frozen_book)
    assert {i.key for i in result.line_items} == {"serverless-vcpu-x86",
                                                  "serverless-memory-x86"}


def test_serverless_spec_errors(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="'instance_groups' applies to deployment: ec2"):
        price(spec(etl=serverless(instance_groups={"master": {"instance_type":
                                                               "r5.4xlarge"}})), frozen_book)
    with pytest.raises(SpecError, match="deployment: serverless needs 'workers'"):
        price(spec(etl={"service": "emr", "deployment": "serverless",
                        "job_runs": {"count": 1, "duration": "1 h"}}), frozen_book)


# -- EMR on EKS ---------------------------------------------------------------------

def on_eks(**keys: object) -> dict:
    pods = {"count": 5, "vcpu": 2, "memory": "8 GB", **keys.pop("pods", {})}
    runs = {"count": 100, "duration": "30 min", **keys.pop("job_runs", {})}
    return {"service": "emr", "deployment": "eks", "job_runs": runs, "pods": pods, **keys}


def eks_lines(result) -> dict[str, tuple[Decimal, Decimal]]:
    return {i.key: (i.quantity, i.cost) for i in result.line_items if i.service == "emr"}


def test_eks_charges_the_pods_requested_vcpu_and_memory(frozen_book: RateBook) -> None:
    result = price(spec(jobs=on_eks()), frozen_book)
    # 100 runs × 5 pods × 30 min = 250 pod-hours; × 2 vCPU = 500 vCPU-hours × $0.01012
    # = $5.06; × 8 GB = 2,000 GB-hours × $0.00111125 = $2.2225 → $2.22
    assert eks_lines(result) == {"eks-vcpu": (Decimal(500), Decimal("5.06")),
                                 "eks-memory": (Decimal(2000), Decimal("2.22"))}
    assert all(i.verified is False for i in result.line_items)
    assert result.monthly_total == Decimal("7.28")
    vcpu = next(i for i in result.line_items if i.key == "eks-vcpu")
    assert vcpu.component == ("EMR on EKS vCPU (100 runs × 5 pods × 1,800 s; 2 vCPU, "
                              "8 GB a pod)")


def test_eks_accepts_fractional_pod_requests(frozen_book: RateBook) -> None:
    # a pod requesting 500m CPU and 512Mi: 0.5 vCPU and 0.5 GB
    result = price(spec(jobs=on_eks(job_runs={"count": 1, "duration": "730 h"},
                                    pods={"count": 4, "vcpu": 0.5, "memory": "512 MB"})),
                   frozen_book)
    # 4 pods × 730 h = 2,920 pod-hours: 1,460 vCPU-hours × $0.01012 = $14.7752 → $14.78;
    # 1,460 GB-hours × $0.00111125 = $1.622425 → $1.62
    assert eks_lines(result) == {"eks-vcpu": (Decimal(1460), Decimal("14.78")),
                                 "eks-memory": (Decimal(1460), Decimal("1.62"))}


@pytest.mark.parametrize(("duration", "seconds"), [
    ("1 s", 60),         # below the minute: one minute
    ("59.5 s", 60),
    ("60 s", 60),        # exactly the minute
    ("60.001 s", 61),    # just above it: the started second is a whole second
    ("61 s", 61),        # per second above the minute
    ("90.5 s", 91),
    ("2 h", 7200),
])
def test_eks_bills_each_pod_per_second_with_a_one_minute_minimum(
        frozen_book: RateBook, duration: str, seconds: int) -> None:
    result = price(spec(jobs=on_eks(job_runs={"count": 3, "duration": duration},
                                    pods={"count": 2, "vcpu": 1, "memory": "1 GB"})),
                   frozen_book)
    lines = eks_lines(result)
    pod_hours = Decimal(3 * 2 * seconds) / 3600
    assert lines["eks-vcpu"][0] == pod_hours
    assert lines["eks-memory"][0] == pod_hours


def test_eks_minute_minimum_is_per_pod_run_not_per_month(frozen_book: RateBook) -> None:
    # 1,000 runs of 10 s: 1,000 billed minutes (16.67 pod-hours), not 10,000 s
    result = price(spec(jobs=on_eks(job_runs={"count": 1000, "duration": "10 s"},
                                    pods={"count": 1, "vcpu": 1, "memory": "1 GB"})),
                   frozen_book)
    assert eks_lines(result)["eks-vcpu"][0] == Decimal(60_000) / 3600


def test_eks_capacity_is_an_ec2_child_priced_like_ec2_by_hand(frozen_book: RateBook) -> None:
    capacity = {"instance_type": "r5.4xlarge", "count": 3, "hours": "200 h",
                "purchase": "spot", "spot_discount": "60%"}
    composite = price(spec(jobs=on_eks(capacity=capacity)), frozen_book)
    by_hand = price(spec(nodes={"service": "ec2", **capacity}), frozen_book)
    children = [(i.service, i.key, i.quantity, i.cost) for i in composite.line_items
                if i.resource == "jobs/capacity"]
    assert children == [(i.service, i.key, i.quantity, i.cost) for i in by_hand.line_items]
    assert children  # the capacity is priced
    assert composite.monthly_total == by_hand.monthly_total + Decimal("7.28")
    assert composite.subtotal("jobs") == composite.monthly_total


def test_eks_without_capacity_prices_only_the_emr_charge(frozen_book: RateBook) -> None:
    result = price(spec(jobs=on_eks()), frozen_book)
    assert {i.resource for i in result.line_items} == {"jobs"}


def test_eks_rates_are_us_east_1_only(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="'eu-west-1'"):
        price(spec(jobs=on_eks(region="eu-west-1")), frozen_book)


@pytest.mark.parametrize(("keys", "message"), [
    ({"workers": {"count": 1, "vcpu": 1, "memory": "2 GB"}},
     r"\$\.resources\.jobs\.workers: 'workers' applies to deployment: serverless"),
    ({"instance_groups": {"master": {"instance_type": "r5.4xlarge"}}},
     "'instance_groups' applies to deployment: ec2"),
    ({"hours": "10 h"}, "'hours' applies to deployment: ec2"),
    ({"pods": {"memory": "0 GB"}},
     r"pods\.memory: a pod requests more than 0 GB of memory"),
    ({"job_runs": {"duration": "0 s"}}, "a job run lasts more than 0 s"),
    ({"job_runs": {"duration": "731 h"}}, "731 h is more than the month"),
    ({"pods": {"vcpu": 0}}, r"pods\.vcpu"),
    ({"pods": {"count": 0}}, r"pods\.count"),
    ({"capacity": {"instance_type": "r5.4xlarg"}},
     r"capacity\.instance_type: unknown instance type 'r5.4xlarg'"),
])
def test_eks_spec_errors(frozen_book: RateBook, keys: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(spec(jobs=on_eks(**keys)), frozen_book)


def test_eks_needs_pods_and_job_runs(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="deployment: eks needs 'job_runs'"):
        price(spec(jobs={"service": "emr", "deployment": "eks"}), frozen_book)
    with pytest.raises(SpecError, match="deployment: eks needs 'pods'"):
        price(spec(jobs={"service": "emr", "deployment": "eks",
                         "job_runs": {"count": 1, "duration": "1 h"}}), frozen_book)
    with pytest.raises(SpecError, match="'pods' applies to deployment: eks"):
        price(spec(etl=serverless(pods={"count": 1, "vcpu": 1, "memory": "1 GB"})),
              frozen_book)


def test_the_frozen_card_is_the_shipped_card_less_its_generated_lines() -> None:
    # the shipped card adds the regions pricing/tools/pricewatcher_analytics.py writes
    shipped = without_generated_lines((SHIPPED_PRICING / "emr.yaml").read_text())
    assert yaml.safe_load((FROZEN_PRICING / "emr.yaml").read_text()) == yaml.safe_load(
        shipped)


def test_every_shipped_emr_rate_is_flagged_unverified() -> None:
    card = yaml.safe_load((SHIPPED_PRICING / "emr.yaml").read_text(encoding="utf-8"))
    assert all(rate["verified"] is False and rate["note"] for rate in card["rates"].values())
