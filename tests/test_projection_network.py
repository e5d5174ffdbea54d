"""The ``data_transfer`` section's gateways in a projection: their own line every month,
never grown or delayed with the spec's last resource (which they follow in expansion)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

SPEC = """\
name: gateways
resources:
  dns:
    service: route53
    hosted_zones: 1
    start_month: 3
    growth: 100%/month
data_transfer:
  nat_gateways: {us-east-1: 2}
"""


def test_gateway_hours_are_their_own_resource_neither_grown_nor_delayed(
        cli, tmp_path: Path) -> None:
    spec = tmp_path / "arch.yaml"
    spec.write_text(SPEC)
    result = cli("estimate", str(spec), "--months", "4", "-f", "json")
    assert result.code == 0, result.err
    months = json.loads(result.out, parse_float=Decimal)["months"]
    # 2 NAT gateways × 730 h × $0.045 = $65.70 in every month, from month 1
    gateways = [{r["name"]: r["monthly"] for r in m["resources"]}.get("data_transfer")
                for m in months]
    assert gateways == [Decimal("65.7")] * 4
    # the hosted zone ($0.50) starts in month 3 and its count doubles each month after
    zones = [{r["name"]: r["monthly"] for r in m["resources"]}.get("dns") for m in months]
    assert [z or Decimal(0) for z in zones] == [0, 0, Decimal("0.5"), Decimal("1")]
    assert [m["total"] for m in months] == [Decimal("65.7"), Decimal("65.7"),
                                            Decimal("66.2"), Decimal("66.7")]
