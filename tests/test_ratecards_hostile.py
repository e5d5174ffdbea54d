"""Rate cards with absurd numbers (issue 14): NaN, infinities, huge integers and prices
are exit 4 with file:line, never an internal error, before any arithmetic."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.ratecards import load_card

from .conftest import FROZEN_PRICING, REPO, SHIPPED_PRICING

EXAMPLE = str(REPO / "examples" / "web-dns.yaml")
ROUTE53 = (SHIPPED_PRICING / "route53.yaml").read_text(encoding="utf-8")


def first(pattern: str, replacement: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        changed = re.sub(pattern, replacement, text, count=1)
        assert changed != text, pattern
        return changed
    return change


CASES = {
    "up-to-nan": (first(r"up_to: 1_000_000_000", "up_to: .nan"), "28", "nan is not a finite"),
    "up-to-inf": (first(r"up_to: 1_000_000_000", "up_to: .inf"), "28", "inf is not a finite"),
    "up-to-4400-digits": (first(r"up_to: 1_000_000_000", "up_to: " + "1" * 4400), "28", ""),
    "per-401-digits": (first(r"per: 1_000_000", "per: " + "1" * 401), "23",
                       "a 401-digit number"),
    "rate-401-digits": (first(r'rate: "[0-9.]+"', 'rate: "' + "9" * 401 + '"'), "18",
                        "does not match"),
    "rate-40-decimals": (first(r'rate: "[0-9.]+"', 'rate: "0.' + "1" * 40 + '"'), "18",
                         "does not match"),
    "rate-nan": (first(r'rate: "[0-9.]+"', "rate: .nan"), "18", "nan is not a finite"),
    "rate-arabic-digit": (first(r'rate: "[0-9.]+"', 'rate: "\u0663"'), "18", "does not match"),
    # the card has no free tier of its own (health checks' first 50 are a $0 tier): one is
    # added to the non-AWS health checks, on the line after their key
    "free-tier-nan": (first(r"(  health-check-non-aws:\n)",
                            r"\1    free_tier: {pool: p, quantity: .nan}\n"), "LINE",
                      "nan is not a finite"),
    "free-tier-huge": (first(r"(  health-check-non-aws:\n)",
                             r"\1    free_tier: {pool: p, quantity: 1.0e+400}\n"), "LINE",
                       "inf is not a finite"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_absurd_numbers_in_a_card_are_exit_4_with_file_and_line(cli, tmp_path: Path,
                                                               name: str) -> None:
    change, line, fragment = CASES[name]
    if line == "LINE":
        line = str(ROUTE53.splitlines().index("  health-check-non-aws:") + 2)
    cards = tmp_path / "cards"
    shutil.copytree(SHIPPED_PRICING, cards)
    card = cards / "route53.yaml"
    card.write_text(change(ROUTE53), encoding="utf-8")
    result = cli("estimate", EXAMPLE, "--pricing", str(cards), "-f", "json")
    assert result.code == 4, result.err
    assert result.out == ""
    message = result.err.rstrip("\n")
    assert "\n" not in message and "internal error" not in message, message
    assert message.startswith(f"awscalc: error: {card}:{line}: "), message
    assert fragment in message
    assert len(message) < 500
    with pytest.raises(PricingError):
        load_card(card, "test", "route53")


def test_every_shipped_and_frozen_card_still_loads() -> None:
    for folder in (SHIPPED_PRICING, FROZEN_PRICING):
        for path in sorted(folder.glob("*.yaml")):
            load_card(path, "test", path.stem)
