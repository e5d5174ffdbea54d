"""Redshift: provisioned node-hours and RA3 managed storage, reserved nodes (exit 4 without
their rates), serverless per-second billing with its 60-second minimum at the boundary,
Spectrum scans (and the recalled per-query minimum, warned about, not applied), backup
storage tiers at their boundaries, missing-rate errors, and the catalogs.

Rates (frozen card and catalog, pricing-facts-wave2 §15): ra3.4xlarge $3.26/h, dc2.large
$0.25/h (IC 2024-07-01), managed storage $0.024/GB-month, Spectrum $5.00/TB, backups
$0.023 / $0.022 / $0.021 per GB-month over 51,200 / 512,000 GB (IC), serverless $0.375 per
RPU-hour (AWS docs 2023-04-24).
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.catalog import CatalogKey, CatalogRate, CatalogSource, write_catalog
from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from ..catalog_checks import assert_catalogs_equal_their_sources
from ..conftest import FROZEN_PRICING

DIMS = ("node_type", "purchase_option")
FROZEN = RateBook(FROZEN_PRICING, "frozen")


def price(yaml_text: str, book: RateBook = FROZEN):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def warehouse(region: str = "us-east-1", **keys: object) -> str:
    extra = "".join(f"\n    {key}: {value}" for key, value in keys.items())
    return f"region: {region}\nresources:\n  w:\n    service: redshift{extra}\n"


def costs(result) -> list[tuple[Decimal, Decimal]]:
    return [(item.quantity, item.cost) for item in result.line_items]


# --- provisioned nodes ------------------------------------------------------------------

def test_nodes_times_hours_at_the_node_type_rate() -> None:
    # 2 ra3.4xlarge × 730 h = 1,460 node-hours × $3.26 = $4,759.60
    result = price(warehouse(node_type="ra3.4xlarge", nodes=2))
    assert costs(result) == [(Decimal(1460), Decimal("4759.60"))]
    assert result.line_items[0].verified


def test_hours_are_per_node() -> None:
    # 3 dc2.large × 200 h = 600 node-hours × $0.25 = $150.00
    result = price(warehouse(node_type="dc2.large", nodes=3, hours="200 h"))
    assert costs(result) == [(Decimal(600), Decimal("150.00"))]


def test_recalled_node_rate_ships_unverified() -> None:
    # ra3.xlplus $1.086 (RECALL): 730 h × $1.086 = $792.78, flagged
    result = price(warehouse(node_type="ra3.xlplus"))
    assert costs(result) == [(Decimal(730), Decimal("792.78"))]
    assert not result.line_items[0].verified


def test_ra3_managed_storage_per_gb_month() -> None:
    # 2 TB = 2,048 GB × $0.024 = $49.152 → $49.15 (plus 730 h × $3.26 = $2,379.80)
    result = price(warehouse(node_type="ra3.4xlarge", managed_storage="2 TB"))
    assert costs(result) == [(Decimal(730), Decimal("2379.80")),
                             (Decimal(2048), Decimal("49.15"))]


def test_managed_storage_is_for_ra3_only() -> None:
    with pytest.raises(SpecError, match=re.escape(
            "'dc2.large' nodes have no Redshift Managed Storage")):
        price(warehouse(node_type="dc2.large", managed_storage="1 TB"))


def test_unknown_node_type_is_a_did_you_mean() -> None:
    with pytest.raises(SpecError, match=re.escape("did you mean 'ra3.4xlarge'")):
        price(warehouse(node_type="ra3.4xlarg"))


def test_a_warehouse_needs_nodes_or_serverless() -> None:
    with pytest.raises(SpecError, match="needs 'node_type'"):
        price(warehouse(nodes=2))
    with pytest.raises(SpecError, match="'nodes' applies to provisioned"):
        price(warehouse(serverless="{base_rpus: 8, hours: 1 h}", nodes=2))


def test_a_node_type_without_a_rate_in_the_region_is_exit_4() -> None:
    with pytest.raises(PricingError, match=re.escape(
            "node type 'ra3.4xlarge', purchase 'on_demand' in region 'eu-west-1'")):
        price(warehouse("eu-west-1", node_type="ra3.4xlarge"))


# --- reserved nodes ---------------------------------------------------------------------

def test_reserved_without_shipped_rates_is_exit_4() -> None:
    with pytest.raises(PricingError, match=re.escape(
            "no price for service 'redshift' node type 'ra3.4xlarge', purchase "
            "'reserved:1yr:no_upfront' in region 'us-east-1'")):
        price(warehouse(node_type="ra3.4xlarge", purchase="reserved",
                        reserved="{term: 1yr}"))


def test_reserved_needs_its_settings() -> None:
    with pytest.raises(SpecError, match="needs 'reserved'"):
        price(warehouse(node_type="ra3.4xlarge", purchase="reserved"))
    with pytest.raises(SpecError, match="applies to purchase: reserved"):
        price(warehouse(node_type="ra3.4xlarge", reserved="{term: 1yr}"))


def test_reserved_partial_upfront_with_test_rates(tmp_path: Path) -> None:
    # Test-only rates (not AWS's): $1.00/h recurring, $3,000 upfront per node.
    for card in FROZEN_PRICING.glob("*.yaml"):
        shutil.copy(card, tmp_path / card.name)
    option = "reserved:1yr:partial_upfront"
    write_catalog(tmp_path / "redshift.sqlite", service="redshift", title="test",
                  keys=[CatalogKey("node-hours", "Node hours", "node-hour", DIMS),
                        CatalogKey("reserved-upfront", "Upfront", "node", DIMS)],
                  sources=[CatalogSource("https://example.com/test", "2026-11-30")],
                  rates=[CatalogRate("node-hours", "us-east-1", ("dc2.large", option),
                                     Decimal("1.00")),
                         CatalogRate("reserved-upfront", "us-east-1", ("dc2.large", option),
                                     Decimal(3000))])
    result = price(warehouse(node_type="dc2.large", nodes=2, purchase="reserved",
                             reserved="{term: 1yr, payment: partial_upfront}"),
                   RateBook(tmp_path, "test"))
    # 2 nodes × 730 h = 1,460 h × $1.00 = $1,460.00 a month; 2 × $3,000 = $6,000 once
    assert costs(result) == [(Decimal(1460), Decimal("1460.00")), (Decimal(2), Decimal("6000.00"))]
    # effective monthly = $6,000 / 12 + $1,460 = $1,960.00; term = $6,000 + 12 × $1,460
    commitment = result.details["w"]["commitment"]
    assert commitment["effective_monthly"] == Decimal("1960.00")
    assert commitment["term_total"] == Decimal("23520.00")


# --- serverless -------------------------------------------------------------------------

# --- concurrency scaling -----------------------------------------------------------------

@pytest.mark.parametrize(("used", "billed_hours", "cost"), [
    ("30 h", Decimal(0), Decimal("0.00")),           # exactly the 30 free hours of 730 h
    ("30.5 h", Decimal("0.5"), Decimal("3.26")),      # 0.5 h × 2 nodes × $3.26
    ("31 h", Decimal(1), Decimal("6.52")),
    ("10 h", Decimal(0), Decimal("0.00")),
])
def test_concurrency_scaling_beyond_the_free_credits(used: str, billed_hours: Decimal,
                                                      cost: Decimal) -> None:
    # 730 h running = 30 whole days: 30 hours of credits (the cap is also 30)
    result = price(warehouse(node_type="ra3.4xlarge", nodes=2,
                             concurrency_scaling=f"{{hours: '{used}'}}"))
    item = next(i for i in result.line_items if i.key == "concurrency-scaling-hours")
    assert (item.quantity, item.cost) == (billed_hours * 2, cost)
    assert "30 h free credits" in item.component
    assert not item.verified            # the rule is recalled: flagged


def test_concurrency_scaling_credits_accrue_per_24_hours_running() -> None:
    # 100 h running: 4 whole days → 4 free hours; 10 h used → 6 h × 1 node × $0.25 = $1.50
    result = price(warehouse(node_type="dc2.large", hours="100 h",
                             concurrency_scaling="{hours: '10 h'}"))
    item = next(i for i in result.line_items if i.key == "concurrency-scaling-hours")
    assert (item.quantity, item.cost) == (Decimal(6), Decimal("1.50"))


def test_concurrency_scaling_is_per_second() -> None:
    # 30 h + 1 s beyond the credits: 1 s × 3,600⁻¹ h × 1 node × $13.04 = $0.0036 → $0.00
    result = price(warehouse(node_type="ra3.16xlarge", concurrency_scaling="{hours: '30.0003 h'}"))
    item = next(i for i in result.line_items if i.key == "concurrency-scaling-hours")
    assert abs(item.quantity * 3600 - 2) < Decimal("1e-20")  # 1.08 s: 2 whole seconds
    assert "30.001 h − 30 h free credits" in item.component


def test_concurrency_scaling_is_for_provisioned_clusters() -> None:
    with pytest.raises(SpecError, match="concurrency_scaling"):
        price(warehouse(serverless="{base_rpus: 8, hours: '10 h'}",
                        concurrency_scaling="{hours: '5 h'}"))


@pytest.mark.parametrize(("hours", "seconds"), [
    ("1 s", 60), ("59 s", 60), ("60 s", 60), ("61 s", 61), ("60.2 s", 61)])
def test_serverless_per_second_with_a_60_second_minimum(hours: str, seconds: int) -> None:
    # 8 RPUs × billed seconds / 3,600 RPU-hours; at 60 s: 8 × 60 / 3,600 = 0.1333… RPU-h
    result = price(warehouse(serverless=f"{{base_rpus: 8, hours: {hours}}}"))
    assert result.line_items[0].quantity == Decimal(8 * seconds) / 3600


def test_serverless_month_of_rpu_hours() -> None:
    # 32 RPUs × 100 h = 3,200 RPU-hours × $0.375 = $1,200.00
    result = price(warehouse(serverless="{base_rpus: 32, hours: 100 h}"))
    assert costs(result) == [(Decimal(3200), Decimal("1200.00"))]
    assert result.line_items[0].verified


def test_serverless_minimum_applies_per_run() -> None:
    # 1,000 runs of 30 s (8 h 20 min in all) are each billed 60 s: 8 RPUs × 60,000 s =
    # 480,000 RPU-s = 133.33… RPU-hours × $0.375 = $50.00
    result = price(warehouse(serverless="{base_rpus: 8, hours: 30000 s, runs: 1000}"))
    assert costs(result) == [(Decimal(8 * 60000) / 3600, Decimal("50.00"))]
    assert "1,000 runs × 60 s, the 60-second minimum" in result.line_items[0].component


# --- Spectrum ---------------------------------------------------------------------------

def test_spectrum_per_tb_scanned() -> None:
    # 10 TB × $5.00 = $50.00; 10 TB / 5,000 queries = 2 GB each: no minimum warning
    result = price(warehouse(spectrum="{scanned: 10 TB, queries: 5000}"))
    assert costs(result) == [(Decimal(10), Decimal("50.00"))]
    assert not result.warnings


def test_spectrum_small_queries_warn_and_bill_only_the_scan() -> None:
    # 1 GB over 1,000 queries ≈ 1 MB each (< 10 MB): the recalled minimum is NOT applied;
    # 1 GB = 1/1,024 TB × $5.00 = $0.0048828 → $0.00
    result = price(warehouse(spectrum="{scanned: 1 GB, queries: 1000}"))
    assert costs(result) == [(Decimal(1) / 1024, Decimal("0.00"))]
    assert any("10 MB minimum per query" in warning for warning in result.warnings)


# --- backup storage tiers ---------------------------------------------------------------

@pytest.mark.parametrize(("size", "cost"), [
    ("50 TB", "1177.60"),      # 51,200 GB × $0.023 = $1,177.60
    ("51201 GB", "1177.62"),   # + 1 GB × $0.022 = $1,177.622 → $1,177.62
    ("500 TB", "11315.20"),    # $1,177.60 + 460,800 GB × $0.022 ($10,137.60)
    ("512001 GB", "11315.22"),  # + 1 GB × $0.021 = $11,315.221 → $11,315.22
])
def test_backup_storage_tier_boundaries(size: str, cost: str) -> None:
    result = price(warehouse(backup_storage=size))
    assert result.line_items[0].cost == Decimal(cost)


def test_backup_tiers_are_account_wide() -> None:
    # two warehouses of 30 TB: 61,440 GB in all; 51,200 × $0.023 + 10,240 × $0.022 =
    # $1,177.60 + $225.28 = $1,402.88 (not 2 × 30,720 × $0.023 = $1,413.12)
    spec = ("region: us-east-1\nresources:\n"
            "  a: {service: redshift, backup_storage: 30 TB}\n"
            "  b: {service: redshift, backup_storage: 30 TB}\n")
    assert price(spec).monthly_total == Decimal("1402.88")


# --- catalogs ---------------------------------------------------------------------------

def test_catalogs_equal_their_sources_and_each_other(tmp_path: Path) -> None:
    """The frozen catalog is its hand-entered source; the shipped one is the same source
    plus the generated pricing-page feed tables
    (pricing/tools/ec2shop_redshift.py, pricewatcher_redshift.py), so it holds every frozen
    row unchanged; the shipped card prices every rate the frozen card has the same way."""
    assert_catalogs_equal_their_sources(tmp_path, "redshift", ["redshift-ec2shop.yaml",
                                                               "redshift-pricewatcher.yaml"])
