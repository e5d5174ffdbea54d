"""ELB: AWS's ALB pricing example, the LCU maximum with each dimension winning, the 10
free rules, Lambda targets, partial hours, NLB/GWLB/Classic, public IPv4, rates as
averages vs monthly totals, and the region without rates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def items(result) -> dict[str, object]:
    return {item.key: item for item in result.line_items}


def alb(traffic: str, extra: str = "", month: str = "730 h") -> str:
    return (f"month: {month}\nresources:\n  a: {{service: elb, type: application{extra}, "
            f"traffic: {{{traffic}}}}}\n")


def test_aws_pricing_page_alb_example(shipped_book: RateBook) -> None:
    # The ELB pricing page's ALB example (as recalled: no copy of the page text was found,
    # so these figures are RECALL; the rates are the shipped IC ones): 1 new connection a
    # second lasting 2 minutes (120 active), 300 KB/s processed = 1.08 GB/h (the page
    # converts KB to GB decimally: written here as 1.08 GB/h), 5 requests/s over 60 rules.
    # LCUs: 1/25 = 0.04; 120/3,000 = 0.04; 1.08; 5 × (60 − 10) / 1,000 = 0.25 → 1.08 wins.
    # 720 h × $0.0225 = $16.20; 1.08 × 720 = 777.6 LCU-hours × $0.008 = $6.2208 → $6.22.
    result = price(alb("new_connections: 1/s, active_connections: 120/min, "
                       "processed: 1.08 GB/h, requests: 5/s, rules: 60", month="720 h"),
                   shipped_book)
    found = items(result)
    assert found["alb-hours"].cost == Decimal("16.20")
    assert found["alb-lcu"].quantity == Decimal("777.6")
    assert found["alb-lcu"].cost == Decimal("6.22")
    assert result.monthly_total == Decimal("22.42")
    assert found["alb-lcu"].component.startswith("LCU-hours: processed bytes won (1.08 LCU")


@pytest.mark.parametrize(("traffic", "winner", "lcus", "cost"), [
    # new connections: 50/s ÷ 25 = 2 LCU (others 1, 1, 0.5); 2 × 730 = 1,460 × $0.008
    ("new_connections: 50/s, active_connections: 3000, processed: 1 GB/h, "
     "rule_evaluations: 500/s", "new connections", "1460", "11.68"),
    # active connections: 9,000/min ÷ 3,000 = 3 LCU; 2,190 × $0.008 = $17.52
    ("new_connections: 25/s, active_connections: 9000/min, processed: 1 GB/h",
     "active connections", "2190", "17.52"),
    # processed: 4 GB/h ÷ 1 GB = 4 LCU; 2,920 × $0.008 = $23.36
    ("new_connections: 25/s, active_connections: 3000, processed: 4 GB/h",
     "processed bytes", "2920", "23.36"),
    # rule evaluations: 5,000/s ÷ 1,000 = 5 LCU; 3,650 × $0.008 = $29.20
    ("processed: 1 GB/h, rule_evaluations: 5000/s", "rule evaluations", "3650", "29.20"),
    # requests × (rules − 10 free): 100/s × 30 = 3,000/s = 3 LCU; 2,190 × $0.008 = $17.52
    ("processed: 1 GB/h, requests: 100/s, rules: 40", "rule evaluations", "2190", "17.52"),
])
def test_lcus_are_the_largest_dimension_not_the_sum(frozen_book: RateBook, traffic: str,
                                                     winner: str, lcus: str, cost: str) -> None:
    lcu = items(price(alb(traffic), frozen_book))["alb-lcu"]
    assert lcu.quantity == Decimal(lcus)
    assert lcu.cost == Decimal(cost)
    assert lcu.component.startswith(f"LCU-hours: {winner} won")


def test_the_first_ten_rules_are_free(frozen_book: RateBook) -> None:
    # 1,000 requests/s over 10 rules: 1,000 × (10 − 10) = 0 evaluations; processed wins
    found = items(price(alb("processed: 1 GB/h, requests: 1000/s, rules: 10"), frozen_book))
    assert found["alb-lcu"].quantity == Decimal(730)
    assert "processed bytes won (1 LCU an hour) over rule evaluations (0)" in \
        found["alb-lcu"].component
    # 11 rules: 1,000 × 1 = 1,000/s = 1 LCU: a tie with processed bytes, still 730 LCU-hours
    tie = items(price(alb("processed: 1 GB/h, requests: 1000/s, rules: 11"), frozen_book))
    assert tie["alb-lcu"].quantity == Decimal(730)
    assert "processed bytes and rule evaluations tie" in tie["alb-lcu"].component


def test_lambda_targets_hold_less_per_lcu(frozen_book: RateBook) -> None:
    # 1 GB/h ÷ 0.4 GB = 2.5 LCU; 2.5 × 730 = 1,825 × $0.008 = $14.60
    lcu = items(price(alb("processed: 1 GB/h", ", targets: lambda"), frozen_book))["alb-lcu"]
    assert (lcu.quantity, lcu.cost) == (Decimal(1825), Decimal("14.60"))


def test_partial_hours_bill_whole_load_balancer_hours(frozen_book: RateBook) -> None:
    # 3 ALBs for 10.2 h: 3 × 11 = 33 LB-hours × $0.0225 = $0.7425 → $0.74; LCUs measure
    # traffic, so 1 LCU × 10.2 h × 3 = 30.6 LCU-hours × $0.008 = $0.2448 → $0.24
    found = items(price(alb("processed: 1 GB/h", ", count: 3, hours: 10.2 h"), frozen_book))
    assert (found["alb-hours"].quantity, found["alb-hours"].cost) == (Decimal(33),
                                                                      Decimal("0.74"))
    assert (found["alb-lcu"].quantity, found["alb-lcu"].cost) == (Decimal("30.6"),
                                                                  Decimal("0.24"))
    assert "partial hours billed whole" in found["alb-hours"].component


def test_a_monthly_total_is_spread_over_the_hours_it_runs(frozen_book: RateBook) -> None:
    # 73 GB processed in 73 h = 1 GB/h = 1 LCU for 73 h; the same as '1 GB/h' for 73 h
    total = items(price(alb("processed: 73 GB", ", hours: 73 h"), frozen_book))["alb-lcu"]
    rate = items(price(alb("processed: 1 GB/h", ", hours: 73 h"), frozen_book))["alb-lcu"]
    assert total.quantity == rate.quantity == Decimal(73)
    # 2,628,000 connections in the 730-h month = 1/s = 0.04 LCU, like '1/s'
    monthly = items(price(alb("new_connections: 2628000"), frozen_book))["alb-lcu"]
    assert monthly.quantity == Decimal("0.04") * 730


def test_active_connections_are_a_level(frozen_book: RateBook) -> None:
    # '6000' and '6000/min' are both 6,000 concurrent connections = 2 LCU
    plain = items(price(alb("active_connections: 6000"), frozen_book))["alb-lcu"]
    per_minute = items(price(alb("active_connections: 6000/min"), frozen_book))["alb-lcu"]
    assert plain.quantity == per_minute.quantity == Decimal(1460)


@pytest.mark.parametrize(("protocol", "lcus"), [
    ("tcp", "0.5"),   # 400 new flows/s ÷ 800
    ("udp", "1"),     # 400 ÷ 400
    ("tls", "8"),     # 400 ÷ 50
])
def test_nlb_protocols(frozen_book: RateBook, protocol: str, lcus: str) -> None:
    found = items(price("resources: {n: {service: elb, type: network, protocol: "
                        f"{protocol}, traffic: {{new_connections: 400/s}}}}}}", frozen_book))
    assert found["nlb-lcu"].quantity == Decimal(lcus) * 730
    assert found["nlb-lcu"].unit == "NLCU-hour"
    # 730 × $0.0225 = $16.425 → $16.43 (half-up)
    assert found["nlb-hours"].cost == Decimal("16.43")


def test_nlb_tcp_cost(frozen_book: RateBook) -> None:
    # 1,600 new flows/s ÷ 800 = 2 NLCU; 50,000 active ÷ 100,000 = 0.5 → 2 × 730 = 1,460
    # NLCU-hours × $0.006 = $8.76
    found = items(price("resources: {n: {service: elb, type: network, traffic: "
                        "{new_connections: 1600/s, active_connections: 50000}}}", frozen_book))
    assert found["nlb-lcu"].cost == Decimal("8.76")
    assert found["nlb-lcu"].component.startswith("NLCU-hours: new flows won (2 NLCU")


def test_gwlb_is_unverified(frozen_book: RateBook) -> None:
    # 120,000 active flows ÷ 60,000 = 2 GLCU (600 new/s = 1); 1,460 × $0.004 = $5.84;
    # 730 h × $0.0125 = $9.125 → $9.13
    result = price("resources: {g: {service: elb, type: gateway, traffic: "
                   "{new_connections: 600/s, active_connections: 120000}}}", frozen_book)
    found = items(result)
    assert (found["gwlb-lcu"].cost, found["gwlb-hours"].cost) == (Decimal("5.84"),
                                                                  Decimal("9.13"))
    assert not found["gwlb-lcu"].verified and not found["gwlb-hours"].verified
    assert any("elb/gwlb-hours" in warning for warning in result.warnings)


def test_classic_bills_hours_and_gb(frozen_book: RateBook) -> None:
    # 730 h × $0.025 = $18.25; 100 GB × $0.008 = $0.80; 1 GB/h for 730 h = 730 GB = $5.84
    found = items(price("resources: {c: {service: elb, type: classic, traffic: "
                        "{processed: 100 GB}}}", frozen_book))
    assert (found["clb-hours"].cost, found["clb-data"].cost) == (Decimal("18.25"),
                                                                 Decimal("0.80"))
    rate = items(price("resources: {c: {service: elb, type: classic, traffic: "
                       "{processed: 1 GB/h}}}", frozen_book))["clb-data"]
    assert (rate.quantity, rate.cost) == (Decimal(730), Decimal("5.84"))
    assert found["clb-hours"].verified


def test_public_ipv4_addresses(frozen_book: RateBook) -> None:
    # 2 addresses × 730 h = 1,460 address-hours × $0.005 = $7.30 (a third-party rate)
    result = price("resources: {a: {service: elb, type: application, "
                   "public_ipv4_addresses: 2}}", frozen_book)
    ipv4 = items(result)["public-ipv4"]
    assert (ipv4.quantity, ipv4.cost, ipv4.verified) == (Decimal(1460), Decimal("7.30"), False)
    assert any("elb/public-ipv4" in warning for warning in result.warnings)
    assert any("no traffic given" in warning for warning in result.warnings)


def test_totals_are_the_sum_of_the_line_items(frozen_book: RateBook) -> None:
    result = price(alb("processed: 1.8 GB/h", ", public_ipv4_addresses: 2"), frozen_book)
    # $16.43 + 1.8 × 730 × $0.008 = $10.512 → $10.51 + $7.30 = $34.24
    assert result.monthly_total == sum(i.cost for i in result.line_items) == Decimal("34.24")


def test_a_region_without_rates_is_a_pricing_error(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="no price for service 'elb', region "
                       "'eu-west-1', key 'alb-hours'"):
        price("resources: {a: {service: elb, region: eu-west-1, type: application}}",
              frozen_book)


def test_region_without_rates_exits_4(cli, tmp_path) -> None:
    spec = tmp_path / "lb.yaml"
    spec.write_text("resources: {a: {service: elb, type: application}}\n")
    result = cli("estimate", str(spec), "--region", "eu-central-2")
    assert result.code == 4
    assert "no price for service 'elb', region 'eu-central-2'" in result.err


@pytest.mark.parametrize(("spec", "message"), [
    ("type: network, traffic: {rules: 20}", "rules apply to application load balancers"),
    ("type: classic, traffic: {active_connections: 10}", "a classic load balancer is billed"),
    ("type: application, traffic: {requests: 5/s}", "'requests' needs 'rules'"),
    ("type: gateway, targets: ip", "'targets' applies to application load balancers"),
    ("type: application, hours: 731 h", "731 h is more than the month (730 h)"),
])
def test_keys_that_do_not_apply_are_errors(frozen_book: RateBook, spec: str,
                                           message: str) -> None:
    with pytest.raises(SpecError, match=message.replace("(", r"\(").replace(")", r"\)")):
        price(f"resources: {{a: {{service: elb, {spec}}}}}", frozen_book)
