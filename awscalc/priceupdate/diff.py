"""``awscalc pricing diff``: which rates differ between two sets of rate cards.

Rates are compared per service, region and key, tier by tier when both ladders have the
same bounds, else as whole ladders. A card's ``per`` is taken into account (0.40 per
million queries equals 0.0000004 per query); rates are shown per the new card's ``per``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from awscalc.priceupdate.build import price_text
from awscalc.ratecards import RateBook, RateCard

Ladder = tuple[tuple[Decimal | None, Decimal], ...]


@dataclass(frozen=True)
class Change:
    """One rate that differs: ``old``/``new`` are None when the rate was added/removed."""

    service: str
    region: str
    key: str
    tier: str
    unit: str
    old: str | None
    new: str | None
    change_pct: Decimal | None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (prices stay exact strings)."""
        return {"service": self.service, "region": self.region, "key": self.key,
                "tier": self.tier, "unit": self.unit, "old": self.old, "new": self.new,
                "change_pct": self.change_pct}


def _ladder(card: RateCard, key: str, region: str, per: Decimal) -> Ladder:
    rate = card.rate(key, region)
    scale = per / rate.per
    return tuple((tier.up_to, tier.rate * scale) for tier in rate.tiers)


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def _tier_label(lower: Decimal, upper: Decimal | None, count: int) -> str:
    if count == 1:
        return "all"
    if upper is None:
        return f"over {_number(lower)}"
    return f"{_number(lower)}-{_number(upper)}"


def _ladder_text(ladder: Ladder) -> str:
    if len(ladder) == 1:
        return price_text(ladder[0][1])
    return " / ".join(f"{price_text(rate)} to {_number(up)}" if up is not None
                      else f"{price_text(rate)} after" for up, rate in ladder)


def _percent(old: Decimal, new: Decimal) -> Decimal | None:
    if old == 0:
        return None
    return ((new - old) / old * 100).quantize(Decimal("0.1"))


def _unit(entry: dict[str, Any]) -> tuple[str, Decimal]:
    per = Decimal(entry.get("per", 1))
    label = entry["unit"] if per == 1 else f"{int(per):,} {entry['unit']}"
    return label, per


def _cards(directory: Path, origin: str) -> dict[str, RateCard]:
    book = RateBook(directory, origin)
    return {service: book.card(service) for service in book.services()}


def diff_dirs(old_dir: Path, new_dir: Path) -> list[Change]:
    """Every rate that differs between the cards in ``old_dir`` and ``new_dir``."""
    old_cards = _cards(old_dir, "old")
    new_cards = _cards(new_dir, "new")
    changes: list[Change] = []
    for service in sorted(set(old_cards) | set(new_cards)):
        old_card, new_card = old_cards.get(service), new_cards.get(service)
        if old_card is None or new_card is None:
            only = "old" if new_card is None else "new"
            changes.append(Change(service, "all", "(whole card)", "", "",
                                  "present" if only == "old" else None,
                                  "present" if only == "new" else None, None))
            continue
        old_rates = old_card.rates if old_card else {}
        new_rates = new_card.rates if new_card else {}
        for key in sorted(set(old_rates) | set(new_rates)):
            entry = new_rates.get(key) or old_rates[key]
            unit, per = _unit(entry)
            changes.extend(_free_tier(service, key, unit, old_rates.get(key),
                                      new_rates.get(key)))
            old_regions = old_rates.get(key, {}).get("regions", {})
            new_regions = new_rates.get(key, {}).get("regions", {})
            for region in sorted(set(old_regions) | set(new_regions)):
                old = _ladder(old_card, key, region, per) if (
                    old_card and region in old_regions) else None
                new = _ladder(new_card, key, region, per) if (
                    new_card and region in new_regions) else None
                changes.extend(_compare(service, region, key, unit, old, new))
    return changes


def _compare(service: str, region: str, key: str, unit: str, old: Ladder | None,
             new: Ladder | None) -> list[Change]:
    if old == new:
        return []
    if old is None or new is None:
        ladder = old if new is None else new
        assert ladder is not None
        text = _ladder_text(ladder)
        return [Change(service, region, key, "all", unit, None if old is None else text,
                       None if new is None else text, None)]
    if [up for up, _ in old] != [up for up, _ in new]:
        pct = _percent(old[0][1], new[0][1])
        return [Change(service, region, key, "tiers changed", unit, _ladder_text(old),
                       _ladder_text(new), pct)]
    changes: list[Change] = []
    lower = Decimal(0)
    for (up, old_rate), (_, new_rate) in zip(old, new, strict=True):
        if old_rate != new_rate:
            changes.append(Change(service, region, key, _tier_label(lower, up, len(old)), unit,
                                  price_text(old_rate), price_text(new_rate),
                                  _percent(old_rate, new_rate)))
        lower = up if up is not None else lower
    return changes


def _free_tier(service: str, key: str, unit: str, old: dict[str, Any] | None,
               new: dict[str, Any] | None) -> list[Change]:
    """A change of a key's free allowance (e.g. 100 GB → 1 GB of data transfer)."""
    if old is None or new is None:
        return []
    before = (old.get("free_tier") or {}).get("quantity")
    after = (new.get("free_tier") or {}).get("quantity")
    if before == after:
        return []
    old_q = None if before is None else Decimal(str(before))
    new_q = None if after is None else Decimal(str(after))
    pct = _percent(old_q, new_q) if old_q is not None and new_q is not None else None
    return [Change(service, "all", key, "free allowance", unit.split(" ", 1)[-1],
                   None if old_q is None else _number(old_q),
                   None if new_q is None else _number(new_q), pct)]
