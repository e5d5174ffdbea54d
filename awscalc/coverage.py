"""What the rate cards and catalogs in use can price: ``awscalc pricing list``.

For each service (a rate card, and a catalog where it has one): the regions it has
rates for, how many rates it holds and how many of them are unverified (a rate, or one
of its tiers, marked ``verified: false``; a catalog rate whose source is unverified).
With a region (``awscalc pricing list --region eu-west-1``) it answers "what can I
price here offline?": for each service, how many of its keys have a rate in that
region — ``full``, ``partial`` or ``none`` — and the rates and unverified rates there,
and what AWS's documentation says is not sold there at all (``not_offered``).
Keys priced by a non-AWS-region zone (CloudFront's pricing regions, Route 53's
``global``) count as available everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from awscalc.ratecards import RateBook, RateCard


@dataclass(frozen=True)
class Coverage:
    """One rate card's or catalog's coverage (in one region, when ``region`` is set)."""

    service: str
    title: str
    kind: str  # "card" or "catalog"
    regions: tuple[str, ...]
    rates: int
    unverified: int
    keys: int
    keys_covered: int
    retrieved: str
    origin: str
    source: str
    path: str
    region: str | None = None
    # what AWS's documentation says is not sold in ``region`` and has no rate there
    not_offered: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``full``, ``partial`` or ``none``: how much of the service a region prices."""
        if self.keys_covered == self.keys and self.keys:
            return "full"
        return "partial" if self.keys_covered else "none"


def aws_regions() -> frozenset[str]:
    """Every AWS region code the spec accepts."""
    from awscalc.schema import spec_schema

    return frozenset(spec_schema()["$defs"]["region"]["enum"])


def coverage(book: RateBook, region: str | None = None) -> list[Coverage]:
    """Each card's and catalog's coverage, cards first, in service order."""
    codes = aws_regions()
    found = [_card(book.card(service), region, codes) for service in book.services()]
    found += [_catalog(book, service, region) for service in book.catalogs()]
    if region is None:
        return found
    absent = not_offered(region, book)
    return [replace(c, not_offered=tuple(what for service, what in absent
                                         if service == c.service)) for c in found]


def _card(card: RateCard, region: str | None, codes: frozenset[str]) -> Coverage:
    rates = unverified = covered = 0
    for key, entry in card.rates.items():
        regions = list(entry["regions"])
        everywhere = not any(r in codes for r in regions)  # CloudFront zones, 'global'
        chosen = regions if region is None or everywhere else [
            r for r in regions if r == region]
        covered += bool(chosen)
        for name in chosen:
            rate = card.rate(key, name)
            rates += 1
            unverified += not rate.verified or any(not t.verified for t in rate.tiers)
    info = card.info()
    return Coverage(card.service, card.title, "card", info.regions, rates, unverified,
                    len(card.rates), covered, card.retrieved, card.origin, card.source,
                    str(card.path), region)


def _catalog(book: RateBook, service: str, region: str | None) -> Coverage:
    catalog = book.catalog(service)
    info = catalog.info()
    rates, unverified, keys, total_keys = catalog.coverage(region)
    return Coverage(service, catalog.title, "catalog", info.regions, int(rates),
                    int(unverified), int(total_keys), int(keys), info.retrieved,
                    catalog.origin, info.source, str(catalog.path), region)


def as_json(found: list[Coverage]) -> list[dict[str, Any]]:
    """JSON records (one per card or catalog)."""
    return [{"service": c.service, "title": c.title, "kind": c.kind,
             "regions": list(c.regions), "rates": c.rates, "unverified": c.unverified,
             "keys": c.keys, "keys_covered": c.keys_covered,
             **({"region": c.region, "coverage": c.status,
                 "not_offered": list(c.not_offered)} if c.region else {}),
             "retrieved": c.retrieved, "origin": c.origin, "source": c.source,
             "path": c.path} for c in found]


def header(region: str | None) -> list[str]:
    """The columns of the table, Markdown and CSV forms."""
    if region:
        return ["Service", "Kind", "Coverage", "Keys", "Rates", "Unverified", "Source"]
    return ["Service", "Kind", "Regions", "Rates", "Unverified", "Retrieved", "Source"]


def rows(found: list[Coverage], region: str | None, *, short: bool = True) -> list[list[str]]:
    """Text rows for :func:`header` (``short``: many regions as a count)."""
    out = []
    for c in found:
        if region:
            out.append([c.title, c.kind, c.status, f"{c.keys_covered}/{c.keys}",
                        f"{c.rates:,}", f"{c.unverified:,}", c.source])
        else:
            regions = (", ".join(c.regions) if len(c.regions) <= 4 or not short
                       else f"{len(c.regions)} regions")
            out.append([c.title, c.kind, regions, f"{c.rates:,}", f"{c.unverified:,}",
                        c.retrieved, c.source])
    return out


def csv_rows(found: list[Coverage], region: str | None) -> tuple[list[str], list[list[str]]]:
    """CSV header and rows: exact values (regions space-separated, plain counts)."""
    head = ["service", "title", "kind", "regions", "rates", "unverified", "keys",
            "keys_covered", *(["region", "coverage"] if region else []), "retrieved",
            "origin", "source", "path", *(["not_offered"] if region else [])]
    return head, [[c.service, c.title, c.kind, " ".join(c.regions), str(c.rates),
                   str(c.unverified), str(c.keys), str(c.keys_covered),
                   *([region, c.status] if region else []), c.retrieved, c.origin,
                   c.source, c.path,
                   *(["; ".join(c.not_offered)] if region else [])] for c in found]


def title(book: RateBook, region: str | None) -> str:
    """The table's title."""
    where = f"ate cards ({book.origin}: {book.directory})"
    return f"What the r{where} can price in {region}" if region else f"R{where}"


def summary(found: list[Coverage], region: str) -> str:
    """One line: which services price fully, partly or not at all in ``region``."""
    keys: dict[str, list[int]] = {}  # service → [keys covered, keys], card and catalog
    for c in found:
        counts = keys.setdefault(c.service, [0, 0])
        counts[0] += c.keys_covered
        counts[1] += c.keys
    groups: dict[str, list[str]] = {"full": [], "partial": [], "none": []}
    for service, (covered, total) in sorted(keys.items()):
        status = "full" if covered == total and total else "partial" if covered else "none"
        groups[status].append(service)
    text = "; ".join(f"{status}: {', '.join(names) or '—'}"
                     for status, names in groups.items())
    absent = dict.fromkeys((c.service, what) for c in found for what in c.not_offered)
    if absent:
        text += "; not sold here, per AWS's docs: " + ", ".join(
            f"{service} ({what})" for service, what in sorted(absent))
    return text


def not_offered(region: str, book: RateBook | None = None) -> list[tuple[str, str]]:
    """``(service, what)`` for each service or feature AWS's documentation says it does
    not sell in ``region`` (the services' ``not_offered`` declarations) — with ``book``,
    less those it has a rate for there after all (an estimate prices them)."""
    from awscalc.services import declarations

    return [(name, absent.what) for name, declared in declarations().items()
            for absent in declared.not_offered if region in absent.regions
            and not (book is not None and _priced(book, name, absent.keys, region))]


def _priced(book: RateBook, service: str, keys: tuple[str, ...], region: str) -> bool:
    """Whether ``book``'s card for ``service`` has a rate in ``region`` for any of
    ``keys`` (every key when there are none)."""
    from awscalc.errors import PricingError

    try:
        rates = book.card(service).rates
    except PricingError:
        return False
    return any(region in entry["regions"] for key, entry in rates.items()
               if not keys or key in keys)
