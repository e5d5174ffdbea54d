"""Rate cards: every shipped card validates; broken cards are exit-4 errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from awscalc.errors import ExitCode, PricingError
from awscalc.ratecards import RateBook, load_card, resolve_pricing_dir

from .conftest import FROZEN_PRICING, SHIPPED_PRICING

GOOD = """\
service: widget
title: Widgets
source: https://example.com/widget-pricing
retrieved: "2026-01-01"
currency: USD
rates:
  widgets:
    description: Widgets
    unit: widget
    regions:
      us-east-1:
        tiers:
          - {up_to: 10, rate: "1.00"}
          - {rate: "0.50"}
"""


@pytest.mark.parametrize("path", sorted(SHIPPED_PRICING.glob("*.yaml")) +
                         sorted(FROZEN_PRICING.glob("*.yaml")), ids=lambda p: p.name)
def test_every_card_in_the_repository_loads(path: Path) -> None:
    card = load_card(path)
    assert card.source.startswith("https://") and card.retrieved[:2] == "20"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("rate: \"0.50\"", "rate: 0.50"), "rates.widgets.regions['us-east-1'].tiers[1].rate"),
        (("rate: \"0.50\"", "rate: \"-1\""), "tiers[1].rate"),
        (("          - {rate: \"0.50\"}\n", ""), "the last tier must have no 'up_to'"),
        (("up_to: 10", "up_to: 10, rate: \"2\"}\n          - {up_to: 5"), "must increase"),
        (("    unit: widget\n", ""), "'unit' is a required property"),
        (("currency: USD", "currency: EUR"), "$.currency"),
        (("retrieved: \"2026-01-01\"\n", ""), "'retrieved' is a required property"),
        (("  widgets:", "  widgets:\n  widgets:"), "duplicate key 'widgets'"),
        (("    unit: widget\n", "    unit: widget\n    free_tier: {pool: p, quantity: 5, "
          "scope: planet}\n"), "rates.widgets.free_tier.scope"),
    ],
)
def test_broken_cards_name_the_file_and_key(tmp_path: Path, change: tuple[str, str],
                                            message: str) -> None:
    path = tmp_path / "widget.yaml"
    path.write_text(GOOD.replace(*change, 1))
    with pytest.raises(PricingError) as caught:
        load_card(path)
    assert caught.value.exit_code == ExitCode.PRICING
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_missing_card_is_a_pricing_error(tmp_path: Path) -> None:
    with pytest.raises(PricingError, match="no rate card for service 'route53'"):
        RateBook(tmp_path).card("route53")


def test_card_for_another_service_is_refused(tmp_path: Path) -> None:
    (tmp_path / "route53.yaml").write_text(GOOD)
    with pytest.raises(PricingError, match="rate card is for service 'widget'"):
        RateBook(tmp_path).card("route53")


def test_pricing_option_beats_environment_beats_shipped(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    env_dir = tmp_path / "env"
    env_dir.mkdir()
    monkeypatch.setenv("AWSCALC_PRICING", str(env_dir))
    assert resolve_pricing_dir(str(tmp_path)) == (tmp_path, "--pricing")
    assert resolve_pricing_dir(None) == (env_dir, "AWSCALC_PRICING")
    monkeypatch.delenv("AWSCALC_PRICING")
    directory, origin = resolve_pricing_dir(None)
    assert origin == "shipped" and (directory / "route53.yaml").is_file()


def test_pricing_dir_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PricingError, match="not a directory"):
        resolve_pricing_dir(str(tmp_path / "nope"))
