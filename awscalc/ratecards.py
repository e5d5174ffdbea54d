"""Rate cards: finding, loading and validating them, and looking up one rate.

A rate card is one YAML file per service (``pricing/aws/route53.yaml``), validated
against ``ratecard.schema.json`` when loaded. Where the cards come from, first match
wins: ``--pricing DIR``, then ``$AWSCALC_PRICING``, then the cards written by
``awscalc pricing update``, then the cards shipped with awscalc.
A rate card only ever gives prices; a missing region or key is an error, never a zero.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awscalc.errors import PricingError
from awscalc.model import RateCardInfo, TierCharge
from awscalc.numbers import grouped

if TYPE_CHECKING:
    from awscalc.catalog import Catalog

PRICING_ENV = "AWSCALC_PRICING"
CARD_SCHEMA = "ratecard.schema.json"


@dataclass(frozen=True)
class Tier:
    """A price tier: ``rate`` applies to the quantity up to ``up_to`` (None: no limit).

    ``verified``/``note`` flag a tier whose rate alone is unconfirmed (e.g. S3 Standard
    over 500 TB), so that only estimates that reach it warn.
    """

    up_to: Decimal | None
    rate: Decimal
    verified: bool = True
    note: str | None = None


@dataclass(frozen=True)
class FreeTier:
    """An always-free allowance, shared by every rate that names the same ``pool``."""

    pool: str
    quantity: Decimal


@dataclass(frozen=True)
class Rate:
    """The price of one usage key in one region."""

    service: str
    key: str
    region: str
    description: str
    unit: str
    per: Decimal
    tiers: tuple[Tier, ...]
    verified: bool
    note: str | None
    free_tier: FreeTier | None
    # Dimension values of a catalog rate (instance type, operating system…); () for a card's.
    dims: tuple[str, ...] = ()
    dimension_names: tuple[str, ...] = ()
    # "account": the ladder applies to the account's aggregate; "item": to each metered
    # item on its own (EBS io2 IOPS tiers apply per volume).
    tier_scope: str = "account"
    # "sum": the account's usage is the sum of the resources'; "max": the largest one's
    # (a charge made once per account and region while any resource runs).
    aggregate: str = "sum"
    # The rate's own source (a card's regional or key ``source``; None: the card's) and
    # date (a catalog's; a card's is the card's).
    source: str | None = None
    retrieved: str | None = None

    def split(self, quantity: Decimal) -> list[TierCharge]:
        """Split ``quantity`` over this rate's tiers (see :func:`split_tiers`).

        A ladder whose last tier has an ``up_to`` (a card's ``unpriced_above: true``)
        prices nothing above that bound: a quantity beyond it is a :class:`PricingError`,
        never the last known rate.
        """
        ceiling = self.tiers[-1].up_to if self.tiers else None
        if ceiling is not None and quantity > ceiling:
            raise PricingError(
                f"no price for service '{self.service}', region '{self.region}', key "
                f"'{self.key}' above {grouped(ceiling)} {self.unit} (the account's monthly "
                f"total is {grouped(quantity)})",
                "the rate card gives this region's rate only up to that bound; "
                + card_update_hint(self.service, self.key, self.region, above_bound=True))
        return split_tiers(quantity, self.tiers)


def split_tiers(quantity: Decimal, tiers: tuple[Tier, ...]) -> list[TierCharge]:
    """Split an aggregate ``quantity`` across a tier ladder, lowest tier first.

    Each tier's ``up_to`` is its upper bound counted from zero; the last tier has none
    (or, in a ladder whose upper part is unpublished, a bound that :meth:`Rate.split`
    enforces).
    Only tiers that receive some quantity are returned, so the parts always add up to
    ``quantity``. Route 53 standard queries ($0.40/M up to 1 B, $0.20/M after):

    >>> ladder = (Tier(Decimal(10**9), Decimal("0.40")), Tier(None, Decimal("0.20")))
    >>> [(int(c.quantity), str(c.rate)) for c in split_tiers(Decimal(1_200_000_000), ladder)]
    [(1000000000, '0.40'), (200000000, '0.20')]
    >>> [(int(c.quantity), str(c.rate)) for c in split_tiers(Decimal(10**9), ladder)]
    [(1000000000, '0.40')]
    >>> split_tiers(Decimal(0), ladder)
    [TierCharge(quantity=Decimal('0'), rate=Decimal('0.40'), verified=True, note=None)]
    """
    charges: list[TierCharge] = []
    remaining = quantity
    lower = Decimal(0)
    for tier in tiers:
        size = remaining if tier.up_to is None else min(remaining, tier.up_to - lower)
        if size > 0 or not charges:
            charges.append(TierCharge(quantity=max(size, Decimal(0)), rate=tier.rate,
                                      verified=tier.verified, note=tier.note))
        remaining -= max(size, Decimal(0))
        if tier.up_to is not None:
            lower = tier.up_to
        if remaining <= 0:
            break
    return charges


@dataclass(frozen=True)
class RateCard:
    """One service's rate card, loaded and validated."""

    service: str
    title: str
    source: str
    retrieved: str
    currency: str
    path: Path
    origin: str
    rates: dict[str, Any]
    _built: dict[tuple[str, str], Rate] = field(default_factory=dict, compare=False,
                                                repr=False)

    def rate(self, key: str, region: str) -> Rate:
        """The rate of ``key`` in ``region``; a :class:`PricingError` names what is missing."""
        built = self._built.get((key, region))
        if built is None:
            built = self._built[(key, region)] = self._find(key, region)
        return built

    def _find(self, key: str, region: str) -> Rate:
        entry = self.rates.get(key)
        if entry is None:
            raise PricingError(
                f"{self.path}: no rate '{key}' for service '{self.service}'",
                "the rate card is incomplete; update it or pass --pricing")
        regional = entry["regions"].get(region)
        if regional is None:
            priced = ", ".join(sorted(entry["regions"]))
            raise PricingError(
                f"no price for service '{self.service}', region '{region}', key '{key}' "
                f"in {self.path}", f"priced regions: {priced}; "
                f"{card_update_hint(self.service, key, region)}")
        return _build_rate(self.service, key, region, entry, regional)

    @property
    def regions(self) -> tuple[str, ...]:
        """Every region that has at least one rate in this card."""
        return tuple(sorted({r for entry in self.rates.values() for r in entry["regions"]}))

    def info(self) -> RateCardInfo:
        """The card's provenance, for reports and ``awscalc pricing list``."""
        return RateCardInfo(
            service=self.service, title=self.title, source=self.source,
            retrieved=self.retrieved, currency=self.currency, origin=self.origin,
            path=str(self.path), regions=self.regions,
        )


def card_update_hint(service: str, key: str, region: str, above_bound: bool = False) -> str:
    """What fetches a card rate missing in ``region`` (``above_bound``: its tiers above the
    last bound a source gives): the exact ``pricing update`` command when the Price List
    mapping has a rule for the key, else why none does."""
    from awscalc.priceupdate.mappings import MAPPINGS
    from awscalc.services import declarations

    mapping = MAPPINGS.get(service)
    declared = declarations().get(service)
    # a key another service's catalog builder fetches (NAT gateways: the AmazonEC2 offer)
    fetcher = declared.price_list_fetched_by.get(key) if declared is not None else None
    if fetcher is not None or (mapping is not None and key in mapping.rules):
        command = (f"run 'awscalc pricing update --service {fetcher or service} "
                   f"--region {region}'")
        return (f"{command} for AWS's full ladder, or add the higher tiers with --pricing"
                if above_bound else command)
    reason = mapping.carried.get(key) if mapping is not None else None
    missing = "the higher tiers" if above_bound else "the region's rate"
    return (f"'awscalc pricing update' does not fetch it ({reason or 'no Price List rule'}); "
            f"add {missing} to the rate card or pass --pricing")


def _free_tier(free: dict[str, Any] | None, region: str) -> FreeTier | None:
    """A card entry's always-free allowance as it applies in ``region``: one pool for the
    account, or with ``scope: region`` one pool per region (DynamoDB Streams' 2.5 M reads
    are free "for each AWS Region")."""
    if not free:
        return None
    pool = free["pool"] if free.get("scope", "account") == "account" else (
        f"{free['pool']}@{region}")
    return FreeTier(pool, Decimal(str(free["quantity"])))


def _build_rate(service: str, key: str, region: str, entry: dict[str, Any],
                regional: dict[str, Any]) -> Rate:
    if "tiers" in regional:
        tiers = tuple(
            Tier(None if "up_to" not in t else Decimal(str(t["up_to"])), Decimal(t["rate"]),
                 bool(t.get("verified", True)), t.get("note"))
            for t in regional["tiers"]
        )
    else:
        tiers = (Tier(None, Decimal(regional["rate"])),)
    free = entry.get("free_tier")
    return Rate(
        service=service, key=key, region=region, description=entry["description"],
        unit=entry["unit"], per=Decimal(entry.get("per", 1)), tiers=tiers,
        verified=bool(regional.get("verified", entry.get("verified", True))),
        note=regional.get("note", entry.get("note")),
        free_tier=_free_tier(free, region),
        tier_scope=entry.get("tier_scope", "account"), aggregate=entry.get("aggregate", "sum"),
        source=regional.get("source", entry.get("source")),
    )


def shipped_pricing_dir() -> Path:
    """The rate cards shipped with awscalc (inside the wheel, or the source checkout's)."""
    packaged = Path(__file__).parent / "pricing" / "aws"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "pricing" / "aws"


def user_pricing_dir() -> Path:
    """Where ``awscalc pricing update`` keeps refreshed rate cards.

    ``$AWSCALC_DATA_DIR/pricing``, else ``$XDG_DATA_HOME/awscalc/pricing``, else
    ``~/.local/share/awscalc/pricing``. The path may be a symlink to the current set.
    """
    data = os.environ.get("AWSCALC_DATA_DIR")
    if data:
        return Path(data) / "pricing"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "awscalc" / "pricing"


def resolve_pricing_dir(option: str | None) -> tuple[Path, str]:
    """Where rate cards come from, and why.

    ``--pricing`` > ``$AWSCALC_PRICING`` > cards written by ``awscalc pricing update``
    (origin ``updated``, see :func:`user_pricing_dir`) > the shipped cards.
    """
    for value, origin in ((option, "--pricing"), (os.environ.get(PRICING_ENV), PRICING_ENV)):
        if value:
            directory = Path(value)
            if not directory.is_dir():
                raise PricingError(f"{origin}: '{value}' is not a directory of rate cards")
            nested = directory / "aws"
            return (nested if nested.is_dir() else directory), origin
    updated, shipped = user_pricing_dir(), shipped_pricing_dir()
    # An updated set written by an older awscalc may lack a card shipped since: then the
    # shipped set is used whole (``pricing list`` shows it) until the next update.
    if updated.is_dir() and any(updated.glob("*.yaml")) and all(
            (updated / card.name).is_file()
            for card in (*shipped.glob("*.yaml"), *shipped.glob("*.sqlite"))):
        return updated, "updated"
    return shipped, "shipped"


class RateBook:
    """The rate cards and catalogs of one pricing directory, each opened on first use.

    One lookup API for every service: :meth:`rate` finds a hand-written card's rate by
    usage key and region, and a catalog's (:mod:`awscalc.catalog`) by key, region and
    dimension values.
    """

    def __init__(self, directory: Path, origin: str = "shipped") -> None:
        self.directory = directory
        self.origin = origin
        self._cards: dict[str, RateCard] = {}
        self._catalogs: dict[str, Catalog] = {}
        self._broken: dict[str, PricingError] = {}

    @classmethod
    def from_option(cls, option: str | None) -> RateBook:
        """The rate book chosen by ``--pricing``, the environment, or the default."""
        directory, origin = resolve_pricing_dir(option)
        return cls(directory, origin)

    def card(self, service: str) -> RateCard:
        """The rate card of ``service``; :class:`PricingError` if missing or invalid."""
        if service not in self._cards:
            self._cards[service] = load_card(self.directory / f"{service}.yaml", self.origin,
                                             expected_service=service)
        return self._cards[service]

    def catalog(self, service: str) -> Catalog:
        """The rate catalog of ``service``; :class:`PricingError` if missing or invalid."""
        found = self._catalogs.get(service)
        if found is None:
            from awscalc.catalog import Catalog, catalog_path

            if service in self._broken:  # opened once already: a bad file can be slow
                raise self._broken[service]
            try:
                found = self._catalogs[service] = Catalog.open(
                    catalog_path(self.directory, service), self.origin, service)
            except PricingError as exc:
                self._broken[service] = exc
                raise
        return found

    def rate(self, service: str, key: str, region: str, dims: tuple[str, ...] = ()) -> Rate:
        """The rate of ``key`` in ``region``: from the service's catalog when it has
        dimension values ``dims``, else from its rate card."""
        if dims:
            return self.catalog(service).rate(key, region, dims)
        return self.card(service).rate(key, region)

    def services(self) -> list[str]:
        """Services that have a rate card in this directory."""
        return sorted(path.stem for path in self.directory.glob("*.yaml"))

    def catalogs(self) -> list[str]:
        """Services that have a rate catalog in this directory."""
        from awscalc.catalog import SUFFIX

        return sorted(path.name[: -len(SUFFIX)] for path in self.directory.glob(f"*{SUFFIX}"))

    def used(self) -> list[RateCard | Catalog]:
        """The cards and catalogs used so far, in service order (a card before a catalog)."""
        found: list[RateCard | Catalog] = [self._cards[name] for name in sorted(self._cards)]
        found += [self._catalogs[name] for name in sorted(self._catalogs)]
        return sorted(found, key=lambda source: source.service)


@functools.cache
def schema_checker(schema_file: str) -> Any:
    """The :class:`~awscalc.fastschema.SchemaChecker` of a schema file in the package."""
    from awscalc.fastschema import SchemaChecker

    return SchemaChecker(json.loads(Path(__file__).with_name(schema_file).read_text("utf-8")))


def load_card(path: Path, origin: str = "shipped", expected_service: str | None = None
              ) -> RateCard:
    """Load and validate the rate card at ``path``; errors name the file and the key."""

    if not path.is_file():
        raise PricingError(f"no rate card for service '{expected_service or path.stem}' "
                           f"(looked for {path})")
    data = _card_data(path)
    if expected_service and data["service"] != expected_service:
        raise PricingError(f"{path}: rate card is for service '{data['service']}', "
                           f"expected '{expected_service}'")
    return RateCard(
        service=data["service"], title=data["title"], source=data["source"],
        retrieved=str(data["retrieved"]), currency=data["currency"], path=path,
        origin=origin, rates=data["rates"],
    )


def _card_data(path: Path) -> Any:
    """The validated content of the card at ``path``: kept from an earlier run when the
    card's text is unchanged (:mod:`awscalc.cardcache`), else parsed and checked."""
    from awscalc.cardcache import keep, read_kept
    from awscalc.yamlfile import format_path

    entry_key, data = read_kept(path, CARD_SCHEMA)
    if data is not None:
        return data
    document = load_validated_yaml(path, CARD_SCHEMA, "rate card")
    data = document.data
    for key, entry in data["rates"].items():
        for region, regional in entry["regions"].items():
            problem = _tier_problem(regional.get("tiers", []),
                                    bool(regional.get("unpriced_above", False)))
            if problem:
                where = ("rates", key, "regions", region, "tiers")
                raise PricingError(f"{path}:{document.line_of(where)}: {format_path(where)}: "
                                   f"invalid rate card: {problem}")
    if entry_key is not None:
        keep(entry_key, data)
    return data


def load_validated_yaml(path: Path, schema_file: str, what: str) -> Any:
    """Read the YAML file at ``path`` and validate it against ``schema_file``.

    Returns the :class:`~awscalc.yamlfile.Document`; any problem is a :class:`PricingError`
    naming the file, line and JSON path (``what`` says what the file is: "rate card").
    """
    import re

    from awscalc.yamlfile import YamlError, format_path, load_yaml

    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        document = load_yaml(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise PricingError(f"{path}: cannot read {what} ({exc})") from exc
    except YamlError as exc:
        message = re.sub(r"'[^']{60,}'", lambda m: m[0][:40] + "…'", exc.message)
        raise PricingError(f"{path}:{exc.line or '?'}: {message}") from exc
    except (ValueError, OverflowError, RecursionError) as exc:
        # e.g. an integer of more than 4,300 digits, which Python will not convert
        found = re.search(r"[0-9][0-9_]{40,}", text)
        line = text.count("\n", 0, found.start()) + 1 if found else "?"
        raise PricingError(f"{path}:{line}: invalid {what}: a number awscalc cannot read "
                           f"({type(exc).__name__})") from exc
    # Numbers are bounded before anything compares or multiplies them: NaN passes
    # 'exclusiveMinimum: 0' in jsonschema, and a 401-digit 'per' overflows a float.
    pending: list[tuple[tuple[Any, ...], Any]] = [((), document.data)]
    while pending:
        where, value = pending.pop()
        if isinstance(value, dict):
            pending.extend(reversed([((*where, k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            pending.extend(reversed([((*where, i), v) for i, v in enumerate(value)]))
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            finite = value.is_finite() if isinstance(value, Decimal) else value == value
            if finite and abs(value) <= 10**18:
                continue
            shown = (f"a {len(str(abs(value))):,}-digit number" if isinstance(value, int)
                     else repr(float(value)))
            raise PricingError(f"{path}:{document.line_of(where)}: {format_path(where)}: "
                               f"invalid {what}: {shown} is not a finite number of at most "
                               "10^18")
    checker = schema_checker(schema_file)
    if checker.is_valid(document.data):
        return document
    from jsonschema.exceptions import best_match

    error = best_match(checker.iter_errors(document.data))
    if error is not None:
        where = tuple(error.absolute_path)
        message = re.sub(r"'[^']{60,}'", lambda m: m[0][:40] + "…'", error.message)
        raise PricingError(f"{path}:{document.line_of(where)}: {format_path(where)}: "
                           f"invalid {what}: {message}")
    return document


def _tier_problem(tiers: list[dict[str, Any]], unpriced_above: bool = False) -> str | None:
    """What is wrong with a tier ladder, or None. With ``unpriced_above`` (no published
    rate above the ladder) the last tier must end at an ``up_to``; otherwise it has none."""
    if not tiers:
        return "'unpriced_above' needs 'tiers' ending at an 'up_to'" if unpriced_above else None
    bounds = [t.get("up_to") for t in tiers]
    if unpriced_above:
        if bounds[-1] is None:
            return "with 'unpriced_above: true' the last tier must have an 'up_to'"
    elif bounds[-1] is not None:
        return "the last tier must have no 'up_to'"
    if any(bound is None for bound in bounds[:-1]):
        return "only the last tier may omit 'up_to'"
    numbers = [Decimal(str(b)) for b in (bounds if unpriced_above else bounds[:-1])]
    if not all(number.is_finite() for number in numbers):
        return "'up_to' must be a finite number"
    if any(later <= earlier for earlier, later in itertools.pairwise(numbers)):
        return "'up_to' must increase from tier to tier"
    return None
