"""NAT gateways outside us-east-1 with the shipped data-transfer card (issue 19): the
rates of AWS billing rows of 2024-09 in the FinOps Foundation's FOCUS sample data,
typed here from the rows' ChargeDescription ('$0.062 per NAT Gateway Hour' in
ap-northeast-1, '$0.045 per NAT Gateway Hour' in us-east-2 and us-west-2, '$0.045 per GB
Data Processed by NAT Gateways' in us-west-2), and the regions still without one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.regional import estimate, items, spec


def _nat(region: str, data: str | None = None) -> str:
    flow = (f"flows: [{{from: w, to: internet, data: {data}, via: nat}}]\n" if data else "")
    return (f"  w: {{service: custom, monthly: 0}}\n{flow}"
            f"data_transfer: {{nat_gateways: {{{region}: 2}}}}\n")


@pytest.mark.parametrize(("region", "cost"), [
    ("ap-northeast-1", 90.52),  # 2 × 730 h × $0.062 = $90.52
    ("us-east-2", 65.70),       # 2 × 730 h × $0.045 = $65.70
    ("us-west-2", 65.70),
    ("eu-west-1", 70.08),       # 2 × 730 h × $0.048 (EU-NatGateway-Hours) = $70.08
    ("sa-east-1", 135.78),      # 2 × 730 h × $0.093 = $135.78
])
def test_nat_gateway_hours(cli, tmp_path: Path, region: str, cost: float) -> None:
    data = estimate(cli, spec(tmp_path, region, _nat(region)))
    assert items(data) == {"monthly": 0.0, "nat-gateway-hours": cost}


def test_nat_gateway_processing_and_egress_in_us_west_2(cli, tmp_path: Path) -> None:
    data = estimate(cli, spec(tmp_path, "us-west-2", _nat("us-west-2", "1 TB")))
    # 1,024 GB × $0.045 = $46.08 processed; 1,024 GB × $0.09 = $92.16 egress
    assert items(data) == {"monthly": 0.0, "nat-gateway-hours": 65.70, "nat-gateway-data": 46.08,
                           "internet-out": 92.16}
    assert any("nat-gateway-data" in w and "us-west-2" in w for w in data["warnings"])


@pytest.mark.parametrize(("region", "key"), [("eu-west-1", "nat-gateway-data"),
                                             ("ap-southeast-2", "nat-gateway-data"),
                                             ("ap-east-1", "nat-gateway-data")])
def test_nat_gateways_where_no_source_gives_a_rate_stay_exit_4(cli, tmp_path: Path,
                                                               region: str, key: str) -> None:
    # eu-west-1 and Sydney have their hours from a Price List copy, not their processing;
    # Hong Kong has neither
    result = cli("estimate", str(spec(tmp_path, region, _nat(region, "10 GB"))))
    assert result.code == 4
    assert key in result.err and region in result.err
    assert f"awscalc pricing update --service ec2 --region {region}" in result.err


def test_ap_northeast_1_processing_is_not_taken_from_its_hour_rate(cli,
                                                                    tmp_path: Path) -> None:
    # the sample has Tokyo's hourly row only: its per-GB rate stays missing
    result = cli("estimate", str(spec(tmp_path, "ap-northeast-1",
                                      _nat("ap-northeast-1", "10 GB"))))
    assert result.code == 4 and "nat-gateway-data" in result.err
