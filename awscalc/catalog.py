"""Rate catalogs: catalog-sized, generated rate tables (EC2 instance-hours and the like).

A hand-written rate card (``route53.yaml``) holds a few hundred rates and is read whole.
A catalog holds rates found by a usage key *plus dimensions* (EC2: instance type,
operating system, pre-installed software, tenancy, purchase option) — hundreds of
thousands once ``awscalc pricing update`` has run — so it is stored where one rate can be
looked up without reading the rest: a stdlib SQLite file, ``<service>.sqlite`` beside the
cards, one row per ``(key, region, dimension values)``. Opening it and answering a
lookup takes a few milliseconds whatever its size (on the review that chose it: a
92,160-rate card costs 0.65 s a run as YAML, ≤ 7 ms as SQLite).

Tables (``FORMAT`` 1):

- ``meta(name, value)``: ``format``, ``service``, ``title``, ``source``, ``retrieved``,
  ``currency``;
- ``keys(key, description, unit, per, dimensions)``: each usage key, its unit and the
  names of its dimensions (comma-separated, in order);
- ``sources(id, source, retrieved, verified, note)``: where each rate comes from;
- ``rates(key, region, dims, rate, source)``: ``dims`` is the dimension values joined by
  ``|``; ``rate`` is exact decimal text;
- ``dimension_values(dimension, value)`` and ``regions(region)``: what the catalog knows,
  for did-you-mean messages and ``awscalc pricing list``.

Catalogs are written whole and replaced atomically (:func:`write_catalog`), read-only
otherwise.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from awscalc.errors import PricingError
from awscalc.model import RateCardInfo

FORMAT = "1"
SUFFIX = ".sqlite"
SEPARATOR = "|"
# Rates are dollars with at most 10 decimals and never above a million dollars an hour.
_MAX_RATE = Decimal(10) ** 7

# First dimensions whose values are sizes a user picks among (the neighbours the missing
# rate error suggests); another file system or instance family is not an alternative.
SIZES = frozenset({"instance_type", "instance_class", "node_type"})

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE keys(key TEXT PRIMARY KEY, description TEXT NOT NULL, unit TEXT NOT NULL,
                  per TEXT NOT NULL, dimensions TEXT NOT NULL);
CREATE TABLE sources(id INTEGER PRIMARY KEY, source TEXT NOT NULL, retrieved TEXT NOT NULL,
                     verified INTEGER NOT NULL, note TEXT);
CREATE TABLE rates(key TEXT NOT NULL, region TEXT NOT NULL, dims TEXT NOT NULL,
                   rate TEXT NOT NULL, source INTEGER NOT NULL,
                   PRIMARY KEY(key, region, dims)) WITHOUT ROWID;
CREATE TABLE dimension_values(dimension TEXT NOT NULL, value TEXT NOT NULL,
                              PRIMARY KEY(dimension, value)) WITHOUT ROWID;
CREATE TABLE regions(region TEXT PRIMARY KEY) WITHOUT ROWID;
"""


class MissingCatalogRate(PricingError):
    """A catalog rate that is not there. What the region prices instead is looked up only
    when the hint is read: EC2 and RDS look up dozens of Reserved and Savings Plan rates a
    region may lack and move on, and the lookup scans the region's rows (measured with
    benchmarks/startup.py: web-fleet went from 165 to 189 ms when it ran for every miss)."""

    def __init__(self, message: str, hint: str, instead: Callable[[], str]) -> None:
        self._instead: Callable[[], str] | None = instead
        self._extra = ""
        super().__init__(message, hint)

    @property  # type: ignore[override]
    def hint(self) -> str | None:
        """The update hint, then what the region prices instead (once looked up)."""
        if self._instead is not None:
            self._extra, self._instead = self._instead(), None
        return "; ".join(filter(None, (self._hint, self._extra))) or None

    @hint.setter
    def hint(self, value: str | None) -> None:
        self._hint = value

    @property
    def instead(self) -> str:
        """What the region prices instead ('' when nothing)."""
        self.hint  # noqa: B018 - looks it up once
        return self._extra


@dataclass(frozen=True)
class CatalogKey:
    """A usage key of a catalog: its unit (``per`` units for one ``rate``) and dimensions."""

    key: str
    description: str
    unit: str
    dimensions: tuple[str, ...]
    per: Decimal = Decimal(1)


@dataclass(frozen=True)
class CatalogSource:
    """Where a group of a catalog's rates was read, and whether that source is trusted."""

    source: str
    retrieved: str
    verified: bool = True
    note: str | None = None


@dataclass(frozen=True)
class CatalogRate:
    """One row of a catalog, as written: ``source`` indexes the catalog's source list."""

    key: str
    region: str
    dims: tuple[str, ...]
    rate: Decimal
    source: int = 0


def update_hint(service: str, region: str, key: str | None = None) -> str:
    """What fetches a catalog rate that is missing: the exact ``pricing update`` command
    where the service has a catalog builder that builds ``key``, else that none does."""
    from awscalc.services import declarations

    declared = declarations().get(service)
    if declared is not None and key in declared.price_list_carried:
        return (f"'awscalc pricing update' does not build the {service} '{key}' rates "
                f"({declared.price_list_carried[key]}): only the shipped rates are available")
    if declared is not None and declared.price_list_builder:
        return f"run 'awscalc pricing update --service {service} --region {region}'"
    return (f"'awscalc pricing update' cannot build the {service} catalog yet: only the "
            "shipped rates are available")


def catalog_path(directory: Path, service: str) -> Path:
    """Where ``service``'s catalog lives in a pricing directory."""
    return directory / f"{service}{SUFFIX}"


def write_catalog(path: Path, *, service: str, title: str, sources: Sequence[CatalogSource],
                  keys: Sequence[CatalogKey], rates: Iterable[CatalogRate],
                  currency: str = "USD") -> int:
    """Write a catalog to ``path`` atomically (a temporary file, then a rename); return the
    number of rates. The first source is the catalog's own (``pricing list`` shows it).

    Rows are checked as they are written: a known key, one value per dimension, no
    separator inside a value, a finite non-negative rate. A duplicate row is an error.
    """
    if not sources:
        raise ValueError("a catalog needs at least one source")
    by_key = {k.key: k for k in keys}
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    count = 0
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.executescript(_SCHEMA)
            main = sources[0]
            connection.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("format", FORMAT), ("service", service), ("title", title),
                ("source", main.source), ("retrieved", main.retrieved), ("currency", currency)])
            connection.executemany("INSERT INTO keys VALUES (?, ?, ?, ?, ?)", [
                (k.key, k.description, k.unit, str(k.per), ",".join(k.dimensions))
                for k in keys])
            connection.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?)", [
                (index, s.source, s.retrieved, int(s.verified), s.note)
                for index, s in enumerate(sources)])
            values: set[tuple[str, str]] = set()
            regions: set[str] = set()

            def rows() -> Iterable[tuple[str, str, str, str, int]]:
                nonlocal count
                for row in rates:
                    definition = by_key.get(row.key)
                    if definition is None:
                        raise ValueError(f"rate for unknown key '{row.key}'")
                    _check_row(row, definition, len(sources))
                    values.update(zip(definition.dimensions, row.dims, strict=True))
                    regions.add(row.region)
                    count += 1
                    yield (row.key, row.region, SEPARATOR.join(row.dims),
                           _decimal_text(row.rate), row.source)

            connection.executemany("INSERT INTO rates VALUES (?, ?, ?, ?, ?)", rows())
            connection.executemany("INSERT INTO dimension_values VALUES (?, ?)", sorted(values))
            connection.executemany("INSERT INTO regions VALUES (?)", [(r,) for r in regions])
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, path)
    except sqlite3.IntegrityError as exc:
        temporary.unlink(missing_ok=True)
        raise ValueError(f"{path.name}: duplicate rate ({exc})") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count


def _check_row(row: CatalogRate, definition: CatalogKey, source_count: int) -> None:
    if len(row.dims) != len(definition.dimensions):
        raise ValueError(f"rate {row.key} {row.dims}: expected values for "
                         f"{', '.join(definition.dimensions)}")
    if any(SEPARATOR in value or not value for value in row.dims):
        raise ValueError(f"rate {row.key} {row.dims}: empty value or '{SEPARATOR}' in a value")
    if not row.rate.is_finite() or not 0 <= row.rate < _MAX_RATE:
        raise ValueError(f"rate {row.key} {row.dims}: {row.rate} is not a price")
    if not 0 <= row.source < source_count:
        raise ValueError(f"rate {row.key} {row.dims}: no source {row.source}")


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass
class Catalog:
    """One service's catalog, open read-only; rates are looked up one at a time."""

    service: str
    path: Path
    origin: str
    _connection: sqlite3.Connection = field(repr=False)
    _meta: dict[str, str] = field(repr=False)
    _keys: dict[str, tuple[str, str, Decimal, tuple[str, ...]]] = field(repr=False)
    _sources: dict[int, tuple[str, str, bool, str | None]] = field(default_factory=dict,
                                                                   repr=False)
    _budget: _Budget | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path, origin: str, expected_service: str) -> Catalog:
        """Open the catalog at ``path``; a missing or unreadable file is a PricingError."""
        if not path.is_file():
            raise PricingError(f"no rate catalog for service '{expected_service}' "
                               f"(looked for {path})")
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            budget = _Budget(connection)
            with budget:
                meta = connection.execute("SELECT name, value FROM meta").fetchall()
                rows = connection.execute("SELECT key, description, unit, per, dimensions "
                                          "FROM keys").fetchall()
        except sqlite3.Error as exc:
            raise PricingError(f"{path}: not a readable awscalc rate catalog ({exc})") from exc
        # Every value is checked before use: a hand-made file can hold NULLs, numbers or
        # blobs in any column (SQLite types are advisory).
        if not all(isinstance(value, str) for row in (*meta, *rows) for value in row):
            raise PricingError(f"{path}: not a readable awscalc rate catalog (a 'meta' or "
                               "'keys' value is not text)")
        keys = {key: (description, unit, _per(per, path), tuple(dims.split(",")))
                for key, description, unit, per, dims in rows}
        meta = dict(meta)
        if meta.get("format") != FORMAT:
            raise PricingError(f"{path}: rate catalog format {meta.get('format')!r} is not "
                               f"{FORMAT!r}", "run 'awscalc pricing update' again")
        if meta.get("service") != expected_service:
            raise PricingError(f"{path}: rate catalog is for service "
                               f"'{meta.get('service')}', expected '{expected_service}'")
        return cls(expected_service, path, origin, connection, meta, keys, _budget=budget)

    @property
    def title(self) -> str:
        """The service's title as the catalog names it."""
        return self._meta.get("title", self.service)

    def has_key(self, key: str) -> bool:
        """Whether the catalog prices usage key ``key`` (in some region)."""
        return key in self._keys

    def dimensions(self, key: str) -> tuple[str, ...]:
        """The dimension names of ``key``."""
        return self._keys[key][3]

    def rate(self, key: str, region: str, dims: tuple[str, ...]):  # -> ratecards.Rate
        """The rate of ``key`` with dimension values ``dims`` in ``region``.

        A missing rate is a :class:`PricingError` that names every dimension value and
        the ``awscalc pricing update`` command that fetches it.
        """
        from awscalc.ratecards import Rate, Tier

        definition = self._keys.get(key)
        if definition is None:
            raise PricingError(f"{self.path}: no rate '{key}' for service '{self.service}'",
                               "the rate catalog is incomplete; run 'awscalc pricing update'")
        description, unit, per, names = definition
        if len(names) != len(dims) or not all(names):
            raise PricingError(f"{self.path}: rate '{key}' has dimensions "
                               f"{','.join(names)!r}, expected {len(dims)} values",
                               "run 'awscalc pricing update' again")
        row = self._query("SELECT rate, source FROM rates WHERE key=? AND region=? AND dims=?",
                          (key, region, SEPARATOR.join(dims)))
        if row is None:
            what = ", ".join(f"{name} {value}" for name, value in zip(names, dims, strict=True))
            raise MissingCatalogRate(
                f"no price for service '{self.service}' '{key}' ({what}) in region "
                f"'{region}' in {self.path}", update_hint(self.service, region, key),
                lambda: self.priced_instead(key, region, dims))
        text, source_id = row
        source, retrieved, verified, note = self._source(source_id)
        value = _price(text)
        if value is None:
            shown = text[:40] if isinstance(text, str) else type(text).__name__
            raise PricingError(f"{self.path}: rate '{key}' {dims} in {region}: {shown!r} is "
                               "not a price")
        return Rate(service=self.service, key=key, region=region, description=description,
                    unit=unit, per=per, tiers=(Tier(None, value),), verified=verified,
                    note=note, free_tier=None, dims=dims, dimension_names=names,
                    source=source, retrieved=retrieved)

    def priced_instead(self, key: str, region: str, dims: tuple[str, ...],
                       count: int = 3) -> str:
        """What ``region`` does price where ``dims`` has no rate: how many other values of
        the first dimension (instance type, node type…) have a ``key`` rate there with the
        same other dimension values, and the ``count`` nearest in spelling — a previous
        generation type is often not sold in newer regions. ``''`` when there is none."""
        import difflib

        definition = self._keys.get(key)
        if definition is None or not dims or definition[3][0] not in SIZES:
            return ""
        names = definition[3]
        wanted = SEPARATOR.join(dims[1:])
        others = sorted({first for first, _, rest in (
            text.partition(SEPARATOR) for (text,) in self._all(
                "SELECT dims FROM rates WHERE key=? AND region=?", (key, region))
            if isinstance(text, str)) if rest == wanted and first != dims[0]})
        if not others:
            return ""
        nearest = difflib.get_close_matches(dims[0], others, n=count, cutoff=0)
        same = f" with the same {_spoken(names[1:])}" if len(names) > 1 else ""
        kind = names[0].replace("_", " ") if len(others) == 1 else _plural(names[0])
        return (f"{region} prices {len(others)} other {kind}{same}, the nearest: "
                f"{', '.join(nearest)}")

    def knows(self, dimension: str, value: str) -> bool:
        """Whether any rate of the catalog has ``value`` for ``dimension``."""
        return self._query("SELECT 1 FROM dimension_values WHERE dimension=? AND value=?",
                           (dimension, value)) is not None

    def values(self, dimension: str) -> list[str]:
        """Every value the catalog has for ``dimension`` (for did-you-mean messages)."""
        return [value for (value,) in self._all(
            "SELECT value FROM dimension_values WHERE dimension=? ORDER BY value",
            (dimension,)) if isinstance(value, str)]

    @property
    def regions(self) -> tuple[str, ...]:
        """Every region with at least one rate."""
        found = tuple(region for (region,) in self._all("SELECT region FROM regions "
                                                         "ORDER BY region", ()))
        if not all(isinstance(region, str) for region in found):
            raise PricingError(f"{self.path}: a region of the rate catalog is not text")
        return found

    def count(self, region: str | None = None) -> int:
        """How many rates the catalog holds (in ``region``, or in all)."""
        if region is None:
            row = self._query("SELECT count(*) FROM rates", ())
        else:
            row = self._query("SELECT count(*) FROM rates WHERE region=?", (region,))
        return int(row[0]) if row else 0

    def coverage(self, region: str | None = None) -> tuple[int, int, int, int]:
        """``(rates, unverified rates, keys with a rate)`` in ``region`` (or all regions)
        and the keys in the whole catalog, within the catalog's SQLite time budget."""
        where, parameters = ("WHERE r.region=?", (region,)) if region else ("", ())
        found = self._query(
            "SELECT count(*), coalesce(sum(s.verified = 0), 0), count(DISTINCT r.key) "
            f"FROM rates r JOIN sources s ON s.id = r.source {where}", parameters)
        total = self._query("SELECT count(DISTINCT key) FROM rates", ())
        try:
            rates, unverified, keys = (int(value) for value in found or (0, 0, 0))
            return rates, unverified, keys, int((total or (0,))[0])
        except (TypeError, ValueError) as exc:
            raise PricingError(f"{self.path}: cannot read the rate catalog ({exc})") from exc

    def info(self) -> RateCardInfo:
        """The catalog's provenance, for reports and ``awscalc pricing list``."""
        return RateCardInfo(
            service=self.service, title=self.title, source=self._meta.get("source", ""),
            retrieved=self._meta.get("retrieved", ""),
            currency=self._meta.get("currency", "USD"), origin=self.origin,
            path=str(self.path), regions=self.regions)

    def _source(self, source_id: int) -> tuple[str, str, bool, str | None]:
        found = self._sources.get(source_id)
        if found is None:
            row = self._query("SELECT source, retrieved, verified, note FROM sources "
                              "WHERE id=?", (source_id,))
            if row is None:
                raise PricingError(f"{self.path}: rate source {source_id} is missing")
            if not (isinstance(row[0], str) and isinstance(row[1], str)
                    and isinstance(row[2], int) and isinstance(row[3], (str, type(None)))):
                raise PricingError(f"{self.path}: rate source {source_id} is not valid")
            found = self._sources[source_id] = (row[0], row[1], bool(row[2]), row[3])
        return found

    def _query(self, sql: str, parameters: tuple[object, ...]) -> tuple | None:
        try:
            with self._budget or contextlib.nullcontext():
                return self._connection.execute(sql, parameters).fetchone()
        except sqlite3.Error as exc:
            raise PricingError(f"{self.path}: cannot read the rate catalog ({exc})") from exc

    def _all(self, sql: str, parameters: tuple[object, ...]) -> list[tuple]:
        try:
            with self._budget or contextlib.nullcontext():
                return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise PricingError(f"{self.path}: cannot read the rate catalog ({exc})") from exc


class _Budget:
    """The time a catalog may spend in SQLite, over all its queries: a lookup takes
    milliseconds, but a hand-made file can hold a view that never ends (a recursive
    CTE) or returns without limit. Past :data:`SECONDS`, the query is interrupted
    (``sqlite3.OperationalError``, a :class:`PricingError` to the user)."""

    SECONDS = 2.0

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.spent = 0.0
        self.started: float | None = None
        connection.set_progress_handler(self._exhausted, 10_000)

    def _exhausted(self) -> bool:
        import time

        return (self.started is not None
                and self.spent + time.monotonic() - self.started > self.SECONDS)

    def __enter__(self) -> None:
        import time

        self.started = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        import time

        if self.started is not None:
            self.spent += time.monotonic() - self.started
        self.started = None


def _plural(dimension: str) -> str:
    """``node_type`` → ``node types``, ``instance_class`` → ``instance classes``."""
    words = dimension.replace("_", " ")
    return words + ("es" if words.endswith(("s", "x")) else "s")


def _spoken(dimensions: Sequence[str]) -> str:
    """``engine, purchase_option`` → ``engine and purchase option``."""
    words = [name.replace("_", " ") for name in dimensions]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _price(text: object) -> Decimal | None:
    """A catalog's rate text as a price (as :func:`write_catalog` bounds it), or None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 <= value < _MAX_RATE or value.as_tuple().exponent < -20:
        return None
    return value


def _per(text: str, path: Path) -> Decimal:
    try:
        per = Decimal(text)
    except InvalidOperation as exc:
        raise PricingError(f"{path}: 'per' {text!r} is not a number") from exc
    if not per.is_finite() or not 0 < per <= Decimal(10) ** 12:
        raise PricingError(f"{path}: 'per' {text!r} is out of range")
    return per


def scraped_price(value: object, where: str) -> Decimal | None:
    """A price read from a third-party scrape of AWS's prices (pricing/tools/): a positive
    exact decimal, or None for a 0 / empty / missing value — which in a scrape means "not
    found", never free. Anything else is a ValueError naming ``where``."""
    if value in (None, "", 0, 0.0):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{where}: not a price: {value!r}")
    try:
        price = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{where}: not a price: {value!r}") from None
    if not price.is_finite() or price <= 0:
        raise ValueError(f"{where}: not a price: {value!r}")
    return price


def read_catalog_source(path: Path) -> dict[str, object]:
    """The :func:`write_catalog` arguments held in a readable YAML *catalog source*.

    A catalog source lists ``service``, ``title``, ``sources`` (each ``source``,
    ``retrieved``, optional ``verified``/``note``), ``keys`` (each ``key``,
    ``description``, ``unit``, ``dimensions``, optional ``per``) and ``rates``: rows of
    ``[key, region, [dimension values…], "rate", source index]``. Hand-entered rows (the
    frozen test catalog, rates transcribed from a dated source) are kept this way, where
    a review can read them, and built into SQLite by ``pricing/tools/build_catalog.py``.
    """
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        "service": data["service"], "title": data["title"],
        "sources": [CatalogSource(s["source"], str(s["retrieved"]), s.get("verified", True),
                                  s.get("note")) for s in data["sources"]],
        "keys": [CatalogKey(k["key"], k["description"], k["unit"], tuple(k["dimensions"]),
                            Decimal(str(k.get("per", 1)))) for k in data["keys"]],
        "rates": [CatalogRate(key, region, tuple(dims), Decimal(str(rate)), source)
                  for key, region, dims, rate, source in data["rates"]],
    }


def merge_into(new: Path, base: Path) -> int:
    """Add to the catalog at ``new`` every rate of the catalog at ``base`` in a region
    ``new`` does not price (an update of eu-west-1 keeps the us-east-1 rates it had), with
    their sources; return how many rates were added. ``new`` is changed in place (it is
    a file the caller just wrote and has not published yet).
    """
    connection = sqlite3.connect(f"{new.resolve().as_uri()}?mode=rw", uri=True)
    try:
        connection.execute("ATTACH DATABASE ? AS base", (f"{base.resolve().as_uri()}?mode=ro",))
        offset = connection.execute("SELECT coalesce(max(id), -1) + 1 FROM sources").fetchone()[0]
        connection.execute("INSERT INTO sources SELECT id + ?, source, retrieved, verified, note "
                           "FROM base.sources", (offset,))
        connection.execute("INSERT OR IGNORE INTO keys SELECT * FROM base.keys")
        added = connection.execute(
            "INSERT INTO rates SELECT key, region, dims, rate, source + ? FROM base.rates "
            "WHERE region NOT IN (SELECT region FROM main.regions)", (offset,)).rowcount
        connection.execute("INSERT OR IGNORE INTO regions SELECT region FROM base.regions")
        connection.execute("INSERT OR IGNORE INTO dimension_values "
                           "SELECT * FROM base.dimension_values")
        connection.commit()
        connection.execute("DETACH DATABASE base")
    except sqlite3.Error as exc:
        raise PricingError(f"cannot merge rate catalog {base} into {new} ({exc})") from exc
    finally:
        connection.close()
    return added
