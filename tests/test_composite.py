"""Composite resources: a resource made of others (Elastic Beanstalk → EC2 instances with
their EBS volumes and a load balancer). The children are rated with the whole account,
appear under the parent in every format, and the parent's subtotal is theirs."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.output import render
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

ENVIRONMENT = """
resources:
  env:
    service: beanstalk
    instances: {instance_type: m5.large, count: 3, hours: 500 h}
    volumes: [{type: gp3, size: 30 GB, iops: 4000}]
    load_balancer: {type: application, traffic: {processed: 2 GB/h, new_connections: 10/s}}
"""
BY_HAND = """
resources:
  web:
    service: ec2
    instance_type: m5.large
    count: 3
    hours: 500 h
    volumes: [{type: gp3, size: 30 GB, iops: 4000}]
  alb: {service: elb, type: application, traffic: {processed: 2 GB/h, new_connections: 10/s}}
"""


def price(text: str, book: RateBook):
    return estimate(parse_spec(text, "test.yaml"), book)


def test_an_environment_costs_what_its_parts_cost_written_by_hand(frozen_book) -> None:
    composite, by_hand = price(ENVIRONMENT, frozen_book), price(BY_HAND, frozen_book)
    assert composite.monthly_total == by_hand.monthly_total > 0
    parts = [(i.service, i.key, i.quantity, i.cost) for i in composite.line_items
             if i.parent == "env"]
    assert parts == [(i.service, i.key, i.quantity, i.cost) for i in by_hand.line_items]
    own = [i for i in composite.line_items if i.resource == "env"]
    assert [(i.cost, i.verified) for i in own] == [(Decimal("0.00"), False)]


def test_children_are_rated_with_the_whole_account(frozen_book: RateBook) -> None:
    # 30 GB of the environment's gp3 and 20 GB of a standalone volume share the 30 GB
    # free tier: the account pays for 20 GB, wherever the free part is drawn.
    result = estimate(parse_spec(ENVIRONMENT.replace("count: 3, hours: 500 h", "count: 1")
                                 + "  disk: {service: ebs, type: gp3, size: 20 GB}\n"
                                 "free_tier: true\n", "t.yaml"), frozen_book)
    storage = [i for i in result.line_items if i.key == "gp3-storage"]
    assert sum(i.cost for i in storage) == Decimal("1.60")  # 20 GB × $0.08
    assert all("account-wide for 50 GB-month" in i.formula for i in storage)


def test_the_parent_subtotal_in_every_format(frozen_book: RateBook) -> None:
    result = price(ENVIRONMENT + "  web: {service: ec2, instance_type: t3.micro}\n",
                   frozen_book)
    children = [i for i in result.line_items if i.parent == "env"]
    expected = sum(i.cost for i in children) + result.resource_total("env")
    assert result.subtotal("env") == expected > 0
    document = json.loads(render(result, "json"), parse_float=Decimal)
    env = next(r for r in document["resources"] if r["name"] == "env")
    assert env["children"] == ["env/instances", "env/volumes[0]", "env/load_balancer"]
    assert env["subtotal"]["monthly"] == expected
    child = next(r for r in document["resources"] if r["name"] == "env/instances")
    assert child["parent"] == "env"
    assert {i["parent"] for i in document["line_items"]} == {None, "env"}
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert sum(Decimal(r["cost"]) for r in rows if r["parent"] == "env") + sum(
        Decimal(r["cost"]) for r in rows if r["resource"] == "env") == expected
    assert f"env subtotal* | | | | *${expected:,}*" in render(result, "markdown")
    table = render(result, "table")
    assert "env subtotal" in table and f"${expected:,}" in table
    assert table.index("env subtotal") < table.index("web ")


def test_errors_in_a_child_point_at_the_parents_keys(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError) as caught:
        price(ENVIRONMENT.replace("m5.large", "m5.larg"), frozen_book)
    assert str(caught.value).startswith(
        "test.yaml:5: $.resources.env.instances.instance_type: unknown instance type "
        "'m5.larg' (did you mean 'm5.large'?)")
    with pytest.raises(SpecError, match=r"\$\.resources\.env\.instances\.hours: 800 h"):
        price(ENVIRONMENT.replace("500 h", "800 h"), frozen_book)


def test_validate_checks_the_children(cli, tmp_path) -> None:
    spec = tmp_path / "env.yaml"
    spec.write_text(ENVIRONMENT.replace("iops: 4000", "iops: 100"), encoding="utf-8")
    result = cli("validate", str(spec))
    assert result.code == 3
    assert f"{spec}:6: $.resources.env.volumes[0].iops: gp3 volumes have at least 3,000 " \
        "IOPS" in result.err
