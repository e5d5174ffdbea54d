"""EC2, EBS, EMR and ECS/Fargate outside us-east-1 (issue 19): spot checks of the regional
rates against their sources' figures (typed by hand from the source, not read back from
the card), hand-computed estimates, the examples they fully cover, and rates no source
gives, which must stay exit-4 errors."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.ratecards import load_card

from .conftest import REPO, SHIPPED_PRICING

LIBCLOUD = "https://github.com/apache/libcloud/blob/ec6a28bdb57e53c1263788f10ed2262083bde205/"
KARPENTER = "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd"
EC2SHOP = "https://github.com/yeo/ec2.shop/tree/73696e380ae600b175f859850a726edebd1de72f/"

# compute.ec2_linux[type][region] in apache/libcloud's libcloud/data/pricing.json at
# ec6a28bdb (data 'updated' 2022-05-22), read by eye from that file. AWS's 2025 EC2
# pricing-page feeds (yeo/ec2.shop, tests/test_regional_ec2shop.py) give the same
# figures, and the catalog now cites them: the newer copy wins over libcloud's.
EC2_FROM_LIBCLOUD = [
    ("c5.large", "eu-west-1", "0.096"),
    ("c5.large", "ap-southeast-2", "0.111"),
    ("c5.large", "sa-east-1", "0.131"),
    ("m5.large", "sa-east-1", "0.153"),
    ("t3.micro", "eu-west-1", "0.0114"),
    ("t3.medium", "ap-southeast-2", "0.0528"),
    ("c5.xlarge", "sa-east-1", "0.262"),
    ("r5.4xlarge", "ap-southeast-2", "1.208"),
    ("r5.4xlarge", "eu-west-1", "1.128"),
]


def catalog_row(instance_type: str, region: str) -> tuple[str, str, int] | None:
    """(rate, source URL, verified) of an On-Demand Linux shared row of the shipped EC2
    catalog, straight from SQLite."""
    with sqlite3.connect(SHIPPED_PRICING / "ec2.sqlite") as connection:
        return connection.execute(
            "SELECT r.rate, s.source, s.verified FROM rates r JOIN sources s "
            "ON s.id = r.source WHERE r.key = 'instance-hours' AND r.region = ? "
            "AND r.dims = ?",
            (region, f"{instance_type}|linux|none|shared|on_demand")).fetchone()


@pytest.mark.parametrize(("instance_type", "region", "rate"), EC2_FROM_LIBCLOUD)
def test_ec2_regional_rows_are_third_party_and_unverified(instance_type: str, region: str,
                                                          rate: str) -> None:
    row = catalog_row(instance_type, region)
    assert row is not None
    assert Decimal(row[0]) == Decimal(rate)
    assert row[1].startswith(EC2SHOP)
    assert row[2] == 0


@pytest.mark.parametrize(("instance_type", "region", "rate"), [
    ("m5.4xlarge", "ap-northeast-1", "0.992"),   # Infracost golden: 730 h $724.16
    ("m4.large", "us-west-2", "0.10"),           # Infracost golden: 730 h $73.00
])
def test_libcloud_rows_agree_with_infracosts_2024_goldens(instance_type: str, region: str,
                                                          rate: str) -> None:
    row = catalog_row(instance_type, region)
    assert row is not None and Decimal(row[0]) == Decimal(rate)


def test_karpenters_us_east_1_rows_win_over_libcloud() -> None:
    row = catalog_row("c5.large", "us-east-1")
    assert row is not None and Decimal(row[0]) == Decimal("0.085")
    assert row[1].startswith(KARPENTER) and row[2] == 1


def test_ec2_regions_no_source_prices_stay_missing(cli, tmp_path: Path) -> None:
    """ap-northeast-3 (which libcloud never priced) now has the 2025 feeds' rows;
    ap-southeast-3 is in no source."""
    path = tmp_path / "s.yaml"
    path.write_text("resources: {w: {service: ec2, region: ap-southeast-3, "
                    "instance_type: m5.large}}\n", encoding="utf-8")
    result = cli("estimate", str(path), "--format", "json")
    assert result.code == 4
    assert "in region 'ap-southeast-3'" in result.err


# Figures from the sources, typed by hand.
CARD_RATES = [
    # AWS Price List eu-west-1 rows (2021-02-01) in ligoj/plugin-prov-aws's fixtures
    ("ebs", "gp3-storage", "eu-west-1", "0.088", False),
    ("ebs", "gp3-iops", "eu-west-1", "0.0055", False),
    ("ebs", "gp3-throughput", "eu-west-1", "0.044", False),
    ("ebs", "sc1-storage", "eu-west-1", "0.0168", False),
    ("ebs", "snapshot-storage", "eu-west-1", "0.05", False),
    # Infracost's eu-west-1 golden: 16 GB gp2 $1.76, 1,200 io1 IOPS $86.40
    ("ebs", "gp2-storage", "eu-west-1", "0.11", True),
    ("ebs", "io1-iops", "eu-west-1", "0.072", True),
    # Infracost's CLI goldens: ap-northeast-1 50 GB gp2 $6.00, 1,000 GB io1 $142.00,
    # 800 IOPS $59.20; us-west-2 8 GB gp2 $0.80
    ("ebs", "gp2-storage", "ap-northeast-1", "0.12", True),
    ("ebs", "io1-storage", "ap-northeast-1", "0.142", True),
    ("ebs", "io1-iops", "ap-northeast-1", "0.074", True),
    ("ebs", "gp2-storage", "us-west-2", "0.10", True),
    # PerfKitBenchmarker's EMR Serverless table (2023-02-03)
    ("emr", "serverless-vcpu-x86", "sa-east-1", "0.09048", False),
    ("emr", "serverless-memory-x86", "sa-east-1", "0.00988", False),
    ("emr", "serverless-vcpu-x86", "ap-southeast-2", "0.063128", False),
    ("emr", "serverless-memory-x86", "ap-southeast-2", "0.006916", False),
    ("emr", "serverless-vcpu-x86", "eu-west-1", "0.052624", False),
    ("emr", "serverless-memory-x86", "eu-north-1", "0.00637", False),
    # umccr/holmes docs/COSTS.md, Sydney
    ("ecs", "fargate-vcpu-linux-x86", "ap-southeast-2", "0.04856", False),
    ("ecs", "fargate-memory-linux-x86", "ap-southeast-2", "0.00532", False),
    ("ecs", "fargate-vcpu-linux-arm64", "ap-southeast-2", "0.03885", False),
    ("ecs", "fargate-memory-linux-arm64", "ap-southeast-2", "0.00426", False),
]


@pytest.mark.parametrize(("service", "key", "region", "rate", "verified"), CARD_RATES,
                         ids=[f"{s}-{k}-{r}" for s, k, r, *_ in CARD_RATES])
def test_card_regional_rate_matches_its_source(service: str, key: str, region: str,
                                               rate: str, verified: bool) -> None:
    entry = load_card(SHIPPED_PRICING / f"{service}.yaml").rates[key]["regions"][region]
    assert Decimal(entry["rate"]) == Decimal(rate)
    assert entry.get("verified", True) is verified
    assert entry["source"].startswith("https://github.com/")
    assert entry["note"]


def test_hand_computed_regional_estimate(cli, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("""name: t
region: eu-west-1
free_tier: false
resources:
  w: {service: ec2, instance_type: c5.large,
      volumes: [{type: gp3, size: 100 GB, iops: 4000, throughput: 150 MB/s}]}
  f: {service: ecs, region: ap-southeast-2, launch_type: fargate, platform: linux_arm64,
      tasks: 1, vcpu: 1, memory: 2 GB}
  e: {service: emr, region: sa-east-1, deployment: serverless, architecture: x86_64,
      job_runs: {count: 10, duration: 60 min}, workers: {count: 1, vcpu: 4, memory: 16 GB}}
""", encoding="utf-8")
    result = cli("estimate", str(path), "--format", "json")
    assert result.code == 0, result.err
    costs = {(i["resource"], i["usage_key"]): Decimal(str(i["cost"]))
             for i in json.loads(result.out)["line_items"]}
    assert costs == {
        ("w", "instance-hours"): Decimal("70.08"),          # 730 h × $0.096
        ("w", "gp3-storage"): Decimal("8.8"),               # 100 GB × $0.088
        ("w", "gp3-iops"): Decimal("5.5"),                  # (4,000 − 3,000) × $0.0055
        ("w", "gp3-throughput"): Decimal("1.1"),            # (150 − 125) × $0.044
        ("f", "fargate-vcpu-linux-arm64"): Decimal("28.36"),    # 730 × $0.03885 = 28.3605
        ("f", "fargate-memory-linux-arm64"): Decimal("6.22"),   # 1,460 × $0.00426 = 6.2196
        ("e", "serverless-vcpu-x86"): Decimal("3.62"),      # 10 × 1 h × 4 × $0.09048
        ("e", "serverless-memory-x86"): Decimal("1.58"),    # 10 × 1 h × 16 × $0.00988
    }


@pytest.mark.parametrize(("instance_type", "key", "cost"), [
    ("t3.micro", "cpu-credits-linux", 1.0),       # 20 vCPU-hours × $0.05 (T2/T3)
    ("t4g.micro", "cpu-credits-linux-t4g", 0.8),  # 20 vCPU-hours × $0.04 (T4g)
])
def test_surplus_credits_are_awss_one_rate_in_every_region(
        cli, tmp_path: Path, instance_type: str, key: str, cost: float) -> None:
    # EC2 On-Demand pricing page: "The CPU Credit pricing is the same … across all regions"
    spec = tmp_path / "spec.yaml"
    spec.write_text("region: sa-east-1\nresources:\n  b: {service: ec2, instance_type: "
                    f"{instance_type}, cpu_credits: 20 vCPU-hours}}\n", encoding="utf-8")
    result = cli("estimate", str(spec), "--format", "json")
    assert result.code == 0, result.err
    (item,) = [i for i in json.loads(result.out)["line_items"] if i["usage_key"] == key]
    assert item["cost"] == cost and item["verified"] is False
    assert "across all regions" in item["rate_note"]


def test_containers_example_prices_in_eu_west_1(cli) -> None:
    result = cli("estimate", str(REPO / "examples" / "containers.yaml"),
                 "--region", "eu-west-1", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    regions = {item["resource"].split("/")[0]: item["region"] for item in data["line_items"]}
    assert regions["cluster"] == "eu-west-1" and regions["api"] == "eu-west-1"


# Each shipped example of these services in each check region, and the first rate no
# source gives there (the error must name it, never price it from elsewhere).
STILL_MISSING = [
    # io2 is in neither EBS feed for São Paulo
    ("web-fleet", "sa-east-1", "'ebs', region 'sa-east-1', key 'io2-storage'"),
]


@pytest.mark.parametrize(("example", "region", "message"), STILL_MISSING,
                         ids=[f"{e}-{r}" for e, r, _ in STILL_MISSING])
def test_unsourced_rate_stays_an_error(cli, example: str, region: str, message: str) -> None:
    result = cli("estimate", str(REPO / "examples" / f"{example}.yaml"),
                 "--region", region, "--format", "json")
    assert result.code == 4
    assert f"no price for service {message}" in result.err
