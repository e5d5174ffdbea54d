"""Regional rates round 2 for the compute/network cards (issue 19): EBS, ELB and Fargate
rates read from AWS billing rows of 2024-09 in the FinOps Foundation's FOCUS 1.0 sample
data, and EBS rates from AWS's EBS price feed of 2024-07-18 copied in yeo/ec2.shop
(pricing/tools/ebs_calculator_map.py; the 2021 Pricing Calculator map copied in
ligoj/plugin-prov-aws is its fallback). Each figure below is typed
by hand from the source (not read back from the card); every one ships unverified
(3P-PL). Also: the generator's rules, hand-computed estimates in the new regions, and
the rates no source gives, which stay exit-4 errors in the three check regions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.ratecards import load_card

from .conftest import REPO, SHIPPED_PRICING, load_tool
from .regional import estimate, spec

FOCUS = ("https://github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS-Sample-Data/blob/"
         "adbdd17a132984d6e8583c149c236d2199c3f5bc/FOCUS-1.0/focus_sample.csv")

# (card, key, region, rate, SKU) from FOCUS-1.0/focus_sample.csv @adbdd17.
FROM_FOCUS = [
    # "$0.096 per GB-month of General Purpose (gp3) provisioned storage - Asia Pacific (Sydney)"
    ("ebs", "gp3-storage", "ap-southeast-2", "0.096", "QR74UAP3E9WUYT9B"),
    ("ebs", "gp3-storage", "eu-central-1", "0.0952", "43AUDFP7M3XV6YHQ"),
    ("ebs", "gp3-storage", "ap-south-1", "0.0912", "D7RMW443YWTMZ4V5"),
    ("ebs", "gp3-storage", "af-south-1", "0.1047", "XWCTMRRUJM7TGYST"),
    ("ebs", "gp3-storage", "us-west-2", "0.08", "BB8UJWJ4XPFJB95G"),
    ("ebs", "gp3-iops", "eu-central-1", "0.006", "8AGS2P58KKNUHB49"),
    ("ebs", "gp3-iops", "us-west-2", "0.005", "XBTB827YUJSN6SSV"),
    # "$0.0476 per provisioned MiBps-month of gp3 - EU (Frankfurt)" (48.7424 per GiBps-month)
    ("ebs", "gp3-throughput", "eu-central-1", "0.0476", "GRZF7WF5ECWS5FS2"),
    ("ebs", "gp3-throughput", "us-west-2", "0.04", "3MQHJKUUZSKTF82F"),
    ("ebs", "gp2-storage", "eu-central-1", "0.119", "WHD78M63XVBREKT5"),
    ("ebs", "gp2-storage", "eu-west-2", "0.116", "58DS23R8RBGBGWEE"),
    ("ebs", "gp2-storage", "ap-south-1", "0.114", "4MB6SVGV7JKWFBUJ"),
    ("ebs", "gp2-storage", "ap-southeast-1", "0.12", "KVW47BDJMV6V4TYA"),
    ("ebs", "gp2-storage", "us-east-2", "0.10", "SCM63QZA8NKUYACF"),
    ("ebs", "gp2-storage", "us-west-1", "0.12", "UZ6TZ5NDAH7AGJPJ"),
    ("ebs", "standard-storage", "us-west-1", "0.08", "XZNHNJ5CUQKUZQZH"),
    ("ebs", "standard-storage", "us-west-2", "0.05", "MXN5C3Z3R7P8UVQU"),
    ("ebs", "standard-io", "us-west-2", "0.05", "HMXEBAWJ8U92AP23"),
    # "$0.055 per GB-Month of snapshot data stored - Asia Pacific (Sydney)"
    ("ebs", "snapshot-storage", "ap-southeast-2", "0.055", "759N2ESGG4Z2C95V"),
    # "$0.068 per GB-Month of snapshot data stored - South America (Sao Paulo)"
    ("ebs", "snapshot-storage", "sa-east-1", "0.068", "TCBN9ZYU44F47739"),
    ("ebs", "snapshot-storage", "af-south-1", "0.0595", "P2C3ZE7ZCZXGMHVX"),
    ("ebs", "snapshot-storage", "ap-northeast-1", "0.05", "4NHX4ZW7X52XZACJ"),
    ("ebs", "snapshot-storage", "ap-northeast-2", "0.05", "JC4HQPKR4ATMSY93"),
    ("ebs", "snapshot-storage", "ap-southeast-1", "0.05", "5JKF9WXGUTYXYKXH"),
    ("ebs", "snapshot-storage", "eu-west-2", "0.053", "KFGXHCVRRQ5UYRXJ"),
    ("ebs", "snapshot-storage", "us-west-1", "0.055", "3F2BXQPS4TRZ6SR6"),
    ("ebs", "snapshot-storage", "us-west-2", "0.05", "CNYETXBBP73CTYPG"),
    # "$0.0225 per Application LoadBalancer-hour (or partial hour)", RegionId us-west-2
    ("elb", "alb-hours", "us-west-2", "0.0225", "7AKU6NT3G9ZEJTB5"),
    ("elb", "alb-lcu", "us-west-2", "0.008", "2ETY8Y426S4237JU"),
    ("elb", "clb-hours", "us-west-2", "0.025", "S48XYQETHNMZB9HQ"),
    # "$0.030 per LoadBalancer-hour (or partial hour)", RegionId eu-central-1
    ("elb", "clb-hours", "eu-central-1", "0.030", "YXRJUS9PC7VEJ7CZ"),
    ("elb", "nlb-lcu", "eu-central-1", "0.006", "KWTFFXZYB6ZN45ZY"),
    ("elb", "public-ipv4", "us-east-2", "0.005", "8HFJK44D9234XNWA"),
    ("elb", "public-ipv4", "us-west-1", "0.005", "DJSSVME846XCJQ9C"),
    ("elb", "public-ipv4", "us-west-2", "0.005", "NBHXEKTE88TJDDQF"),
    ("elb", "public-ipv4", "eu-west-2", "0.005", "CB3E2ZKHCN8Y7SYP"),
    ("elb", "public-ipv4", "ap-northeast-1", "0.005", "ZP85FQT9FHKJRAG5"),
    ("elb", "public-ipv4", "ap-south-1", "0.005", "H6SHSM3KDNNZRM9E"),
    # "AWS Fargate - vCPU  - US West 2 (Oregon)", ListUnitPrice 0.04048 per hour
    ("ecs", "fargate-vcpu-linux-x86", "us-west-2", "0.04048", "EKCCQUSFCBDDTKTS"),
    ("ecs", "fargate-memory-linux-x86", "us-west-2", "0.004445", "NTC2QZFJW79R5XVK"),
    ("ecs", "fargate-memory-linux-arm64", "us-west-2", "0.00356", "TAE28FJERF797NWS"),
]


LIGOJ_EBS_JS = ("https://github.com/ligoj/plugin-prov-aws/blob/"
                "4cd06dde612613dc9350897f2f7ea85214c488c4/src/test/resources/mock-server/aws/"
                "pricing-ebs.js")


@pytest.mark.parametrize(("key", "rate"), [
    ("io1-storage", "0.145"),   # {"name":"ebsPIOPSSSD", ... "0.145","rate":"perGBmoProvStorage"}
    ("io1-iops", "0.076"),      # {"name":"ebsPIOPSSSD","values": [{"prices":{"USD":"0.076"}...
    ("st1-storage", "0.053"),   # {"name":"ebsTOHDD", ... "0.053"
])
def test_eu_west_2_rates_from_the_2017_ebs_price_file(key: str, rate: str) -> None:
    entry = load_card(SHIPPED_PRICING / "ebs.yaml").rates[key]["regions"]["eu-west-2"]
    assert Decimal(entry["rate"]) == Decimal(rate)
    assert entry["verified"] is False and entry["source"] == LIGOJ_EBS_JS


def test_superseded_sc1_and_the_dangling_citation_are_not_shipped() -> None:
    card = load_card(SHIPPED_PRICING / "ebs.yaml")
    # eu-west-2 sc1 is the price feed's $0.0174, not the 2017 file's $0.029
    sc1 = card.rates["sc1-storage"]["regions"]["eu-west-2"]
    assert Decimal(sc1["rate"]) == Decimal("0.0174") and sc1["source"] == CALCULATOR
    # the file is absent at ligoj@9fd53b2: io1 eu-west-1 cites the last commit holding it
    assert card.rates["io1-storage"]["regions"]["eu-west-1"]["source"] == LIGOJ_EBS_JS


@pytest.mark.parametrize(("service", "key", "region", "rate", "sku"), FROM_FOCUS,
                         ids=[f"{s}-{k}-{r}" for s, k, r, _, _ in FROM_FOCUS])
def test_focus_rates_are_the_rows_figures_unverified(service: str, key: str, region: str,
                                                     rate: str, sku: str) -> None:
    card = load_card(SHIPPED_PRICING / f"{service}.yaml")
    entry = card.rates[key]["regions"][region]
    assert Decimal(entry["rate"]) == Decimal(rate)
    assert entry["verified"] is False
    assert entry["source"] == FOCUS
    assert f"SKU {sku}" in entry["note"] and "billing period 2024-09" in entry["note"]


def test_hand_computed_estimate_in_the_new_regions(cli, tmp_path: Path) -> None:
    path = spec(tmp_path, "ap-southeast-2", """\
  vol: {service: ebs, type: gp3, size: 100 GB, snapshots: {size: 40 GB}}
  lb: {service: elb, region: us-west-2, type: application, public_ipv4_addresses: 2,
       traffic: {processed: 2 GB/h}}
""")
    costs = {(i["resource"], i["usage_key"]): Decimal(str(i["cost"]))
             for i in estimate(cli, path)["line_items"]}
    assert costs == {
        ("vol", "gp3-storage"): Decimal("9.6"),        # 100 GB × $0.096
        ("vol", "snapshot-storage"): Decimal("2.2"),   # 40 GB × $0.055
        ("lb", "alb-hours"): Decimal("16.43"),         # 730 h × $0.0225 = 16.425
        ("lb", "alb-lcu"): Decimal("11.68"),           # 2 LCU × 730 h × $0.008
        ("lb", "public-ipv4"): Decimal("7.3"),         # 2 × 730 h × $0.005
    }


def test_hand_computed_ebs_in_the_check_regions(cli, tmp_path: Path) -> None:
    path = spec(tmp_path, "ap-southeast-2", """\
  db: {service: ebs, type: io2, size: 100 GB, iops: 70000}
  old: {service: ebs, region: sa-east-1, type: gp3, size: 200 GB, iops: 5000,
        throughput: 250 MB/s, snapshots: {size: 50 GB, archive_size: 100 GB}}
""")
    costs = {(i["resource"], i["usage_key"]): Decimal(str(i["cost"]))
             for i in estimate(cli, path)["line_items"]}
    assert costs == {
        ("db", "io2-storage"): Decimal("13.8"),        # 100 GB × $0.138
        # the ladder per volume: 32,000 × $0.072 + 32,000 × $0.0504 + 6,000 × $0.03528
        ("db", "io2-iops"): Decimal("4128.48"),
        ("old", "gp3-storage"): Decimal("30.4"),       # 200 GB × $0.152
        ("old", "gp3-iops"): Decimal("19"),            # (5,000 − 3,000) × $0.0095
        ("old", "gp3-throughput"): Decimal("9.5"),     # (250 − 125) × $0.076
        ("old", "snapshot-storage"): Decimal("3.4"),   # 50 GB × $0.068
        ("old", "snapshot-archive-storage"): Decimal("1.7"),  # 100 GB × $0.017
    }


def test_sao_paulo_has_no_io2_rate(cli, tmp_path: Path) -> None:
    """The 2021 price map has no io2 for sa-east-1: an io2 volume there is an error."""
    result = cli("estimate", str(spec(tmp_path, "sa-east-1", """\
  vol: {service: ebs, type: io2, size: 10 GB, iops: 3000}
""")), "--format", "json")
    assert result.code == 4
    assert "no price for service 'ebs', region 'sa-east-1', key 'io2-storage'" in result.err


CALCULATOR = ("https://github.com/yeo/ec2.shop/blob/576c890f33ae177837e93499866aa04a0ac4fa89/"
              "data/ebs/ebs.json")

# (key, region, rate) typed from ec2.shop's data/ebs/ebs.json (esIndex
# plc-ec2-usd-20240718135337); the 2021 map has the same figures.
FROM_CALCULATOR = [
    ("snapshot-archive-storage", "ap-southeast-2", "0.01375"),
    ("snapshot-archive-retrieval", "ap-southeast-2", "0.033"),
    ("snapshot-archive-storage", "sa-east-1", "0.017"),
    ("snapshot-archive-retrieval", "sa-east-1", "0.0408"),
    ("gp3-iops", "ap-southeast-2", "0.006"),       # "Provisioned EBS IOPS gp3 ..." 0.0060000000
    ("gp3-throughput", "ap-southeast-2", "0.048"),  # 49.1520000000 per GiBps-month ÷ 1,024
    ("io1-storage", "ap-southeast-2", "0.138"),
    ("io1-iops", "ap-southeast-2", "0.072"),
    ("io2-storage", "ap-southeast-2", "0.138"),
    ("st1-storage", "ap-southeast-2", "0.054"),
    ("sc1-storage", "ap-southeast-2", "0.018"),
    ("standard-storage", "ap-southeast-2", "0.08"),
    ("standard-io", "ap-southeast-2", "0.08"),      # 0.0000000800 per I/O × 1,000,000
    ("fast-snapshot-restore", "ap-southeast-2", "0.9"),
    ("gp3-storage", "sa-east-1", "0.152"),
    ("gp3-iops", "sa-east-1", "0.0095"),
    ("gp3-throughput", "sa-east-1", "0.076"),       # 77.8240000000 ÷ 1,024
    ("gp2-storage", "sa-east-1", "0.19"),
    ("io1-storage", "sa-east-1", "0.238"),
    ("io1-iops", "sa-east-1", "0.091"),
    ("st1-storage", "sa-east-1", "0.086"),
    ("sc1-storage", "sa-east-1", "0.0288"),
    ("standard-io", "sa-east-1", "0.12"),
    ("fast-snapshot-restore", "sa-east-1", "1.43"),
    ("io2-storage", "eu-west-1", "0.138"),
    ("standard-storage", "eu-west-1", "0.055"),
    ("gp3-storage", "ap-northeast-3", "0.096"),
    ("io1-storage", "ap-northeast-3", "0.142"),
    ("gp3-storage", "eu-south-1", "0.0924"),
    ("sc1-storage", "eu-south-1", "0.01764"),
]


@pytest.mark.parametrize(("key", "region", "rate"), FROM_CALCULATOR,
                         ids=[f"{k}-{r}" for k, r, _ in FROM_CALCULATOR])
def test_calculator_map_rates(key: str, region: str, rate: str) -> None:
    entry = load_card(SHIPPED_PRICING / "ebs.yaml").rates[key]["regions"][region]
    assert Decimal(entry["rate"]) == Decimal(rate)
    assert entry["verified"] is False and entry["source"] == CALCULATOR
    assert "published 2024-07-18" in entry["note"]


@pytest.mark.parametrize(("region", "tiers"), [
    ("ap-southeast-2", ("0.072", "0.0504", "0.03528")),
    ("eu-west-1", ("0.072", "0.0504", "0.03528")),
])
def test_calculator_io2_ladders(region: str, tiers: tuple[str, str, str]) -> None:
    entry = load_card(SHIPPED_PRICING / "ebs.yaml").rates["io2-iops"]["regions"][region]
    assert [Decimal(t["rate"]) for t in entry["tiers"]] == [Decimal(t) for t in tiers]
    assert [t.get("up_to") for t in entry["tiers"]] == [32000, 64000, None]
    assert entry["verified"] is False


def test_io2_stays_missing_where_the_map_has_none() -> None:
    regions = load_card(SHIPPED_PRICING / "ebs.yaml").rates["io2-storage"]["regions"]
    assert not {"sa-east-1", "eu-west-3", "eu-south-1", "ap-northeast-3",
                "af-south-1"} & set(regions)


def _generator():
    return load_tool("ebs_calculator_map")


def test_generator_reads_only_positive_prices_and_converts_units() -> None:
    tool = _generator()
    data = {"manifest": {"esIndex": "plc-ec2-usd-20240718135337"},
            "regions": {"Asia Pacific (Sydney)": {
        "Storage General Purpose gp3 GB Mo": {"price": "0.0000000000"},   # 0 = missing
        "Storage General Purpose gp2 GB Mo": {"price": ""},               # empty = missing
        "Provisioned Throughput gp3 per GiBps mo": {"price": "51.2000000000"},
        "Provisioned EBS I O Requests standard Volumes per IOs": {"price": "0.0000000700"},
        "Provisioned EBS IOPS io2 Volumes per IOPS Mo": {"price": "0.0700000000"},
        "Provisioned EBS IOPS Tier 2 io2 Volumes per IOPS Mo": {"price": "0.0500000000"},
    }}}
    found = tool.entries(data, "ap-southeast-2")
    assert set(found) == {"gp3-throughput", "standard-io"}   # no io2 ladder without tier 3
    assert 'rate: "0.05"' in found["gp3-throughput"]          # 51.2 ÷ 1,024
    assert 'rate: "0.07"' in found["standard-io"]             # 0.00000007 × 1,000,000
    assert tool.entries(data, "sa-east-1") == {}              # no such region in the file
    data["manifest"]["esIndex"] = "plc-ec2-usd-19990101000000"
    with pytest.raises(SystemExit):                           # an unknown feed: no notes for it
        tool.entries(data, "ap-southeast-2")


def test_generator_never_replaces_a_rate_the_card_has() -> None:
    tool = _generator()
    text = (REPO / "pricing" / "aws" / "ebs.yaml").read_text(encoding="utf-8")
    assert tool.insert(text, "gp3-storage", "eu-west-1", "      eu-west-1: {}\n") is None
