"""The parsed-card cache: a large card is parsed once, and no cached entry can ever
change a price — a card edited in any byte, a damaged entry or one written for another
text is parsed again."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc import cardcache, ratecards
from awscalc.cachedir import cache_dir

from .conftest import SHIPPED_PRICING

PADDING = "#" + "x" * 120 + "\n"  # comment lines: a card of the size that made it matter


def big_card(tmp_path: Path, rate: str) -> Path:
    text = (SHIPPED_PRICING / "route53.yaml").read_text(encoding="utf-8")
    text = text.replace('global: {rate: "0.75"}', f'global: {{rate: "{rate}"}}', 1)
    path = tmp_path / "route53.yaml"
    path.write_text(text + PADDING * 300, encoding="utf-8")
    return path


def non_aws_check(path: Path) -> Decimal:
    card = ratecards.load_card(path)
    return card.rate("health-check-non-aws", "global").tiers[0].rate


def entries() -> list[Path]:
    return sorted(Path(cache_dir()).glob(f"{cardcache.PREFIX}*"))


def test_a_big_card_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = big_card(tmp_path, "0.75")
    assert non_aws_check(path) == Decimal("0.75")
    assert len(entries()) == 1

    def no_parse(*args: object) -> None:
        raise AssertionError("the cached card was parsed again")

    monkeypatch.setattr(ratecards, "load_validated_yaml", no_parse)
    assert non_aws_check(path) == Decimal("0.75")


def test_an_edited_card_is_parsed_again(tmp_path: Path) -> None:
    path = big_card(tmp_path, "0.75")
    assert non_aws_check(path) == Decimal("0.75")
    big_card(tmp_path, "0.76")  # one digit, same size
    assert non_aws_check(path) == Decimal("0.76")


def test_a_damaged_entry_is_not_used(tmp_path: Path) -> None:
    path = big_card(tmp_path, "0.75")
    non_aws_check(path)
    (entry,) = entries()
    data = bytearray(entry.read_bytes())
    data[-1] ^= 1
    entry.write_bytes(bytes(data))
    assert non_aws_check(path) == Decimal("0.75")


def test_an_invalid_card_is_never_cached(tmp_path: Path) -> None:
    path = big_card(tmp_path, "0.75")
    path.write_text(path.read_text().replace('rate: "0.75"', 'rate: "-1"'), encoding="utf-8")
    for _ in range(2):  # the second time too: nothing was kept that would skip the check
        with pytest.raises(ratecards.PricingError):
            ratecards.load_card(path)
    assert entries() == []



def test_the_snow_catalog_is_kept_and_an_edit_is_seen(tmp_path: Path) -> None:
    from awscalc import snow

    path = tmp_path / "snow.yaml"
    text = (SHIPPED_PRICING / "catalog" / "snow.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    snow.load_catalog.cache_clear()
    assert snow.load_catalog(path).export_rates["us-east-1"].amount == Decimal("0.03")
    assert len(entries()) == 1
    path.write_text(text.replace('value: "0.03"', 'value: "0.04"', 1), encoding="utf-8")
    snow.load_catalog.cache_clear()
    assert snow.load_catalog(path).export_rates["us-east-1"].amount == Decimal("0.04")
    snow.load_catalog.cache_clear()
