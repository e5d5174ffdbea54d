"""Reading catalog-sized Price List files as a stream: JSON (with ijson) or CSV (stdlib).

A per-region AmazonEC2 offer file is hundreds of megabytes (``json.load`` of one takes
several GB of memory), so neither format is ever read whole:

* **JSON** is parsed incrementally with ``ijson`` (its C backend when installed). One
  read of the file feeds several push parsers, one per part awscalc needs
  (``products``, ``terms.OnDemand``, ``terms.Reserved``; for a Savings Plan file
  ``products`` and every plan's ``rates``); each yields one small object at a time. AWS
  writes ``products`` before ``terms`` (``../shared/fixtures/aws-price-list/FORMAT.md``
  §2), which lets a caller index the products it needs and then read the terms against
  that index; a file with ``terms`` first is refused rather than misread.
* **CSV** is read row by row: five metadata rows, a header, then one row per price
  dimension, each carrying its product's attributes under human column names.

``ijson`` is imported here only, so only ``awscalc pricing update`` loads it.
Malformed or truncated files are a one-line :class:`~awscalc.errors.PricingError`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from awscalc.errors import PricingError

CHUNK = 1 << 20
# How far into a JSON file its header (formatVersion … publicationDate) may reach.
_HEAD_LIMIT = 1 << 20


@dataclass(frozen=True)
class FileHeader:
    """The top-level metadata of an offer or Savings Plan file."""

    offer_code: str
    version: str
    publication_date: str


def file_format(path: Path) -> str:
    """``"json"`` or ``"csv"``, from the name (``index.json`` / ``index.csv``)."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return suffix[1:]
    raise PricingError(f"{path}: neither a .json nor a .csv Price List file")


def _ijson() -> Any:
    try:
        import ijson
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise PricingError("reading AmazonEC2 offer files needs the 'ijson' package",
                           "pip install ijson") from exc
    return ijson


def json_header(path: Path, first_keys: tuple[str, ...]) -> tuple[FileHeader, str]:
    """The header of a JSON Price List file and which of ``first_keys`` comes first.

    Only the top of the file is read: scalar top-level values up to the first key in
    ``first_keys`` (e.g. ``products`` or ``terms``).
    """
    ijson = _ijson()
    values: dict[str, str] = {}
    found = ""
    try:
        with open(path, "rb") as handle:
            for prefix, event, value in ijson.parse(handle, use_float=False):
                if prefix == "" and event == "map_key" and value in first_keys:
                    found = value
                    break
                if "." not in prefix and event in ("string", "number") and prefix:
                    values[prefix] = str(value)
                if handle.tell() > _HEAD_LIMIT:
                    break
    except OSError as exc:
        raise PricingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ijson.JSONError as exc:
        raise PricingError(f"{path}: invalid or truncated JSON ({_first_line(exc)})") from exc
    if not found:
        raise PricingError(f"{path}: not a Price List file (no "
                           f"{' or '.join(repr(k) for k in first_keys)} near its start)")
    return FileHeader(offer_code=values.get("offerCode", ""), version=values.get("version", ""),
                      publication_date=values.get("publicationDate", "")), found


def stream_json(path: Path, parts: dict[str, str],
                handle_part: Callable[[str, list[Any]], None]) -> None:
    """Read ``path`` once, feeding each part's objects to ``handle_part(name, objects)``.

    ``parts`` maps a name to an ijson prefix; a prefix ending in ``.item`` yields the
    items of a list, any other prefix the ``(key, value)`` pairs of an object. Parts are
    handed over in the order of ``parts`` after every chunk read, so with AWS's layout
    (products before terms) every product reaches the caller before any term that
    refers to it.
    """
    ijson = _ijson()
    sinks: dict[str, Any] = {}
    coroutines: list[Any] = []
    for name, prefix in parts.items():
        sink = ijson.sendable_list()
        sinks[name] = sink
        if prefix.endswith(".item"):
            coroutines.append(ijson.items_coro(sink, prefix, use_float=False))
        else:
            coroutines.append(ijson.kvitems_coro(sink, prefix, use_float=False))
    try:
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                for coroutine in coroutines:
                    coroutine.send(chunk)
                _drain(sinks, handle_part)
            for coroutine in coroutines:
                coroutine.close()
            _drain(sinks, handle_part)
    except OSError as exc:
        raise PricingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ijson.JSONError as exc:
        raise PricingError(f"{path}: invalid or truncated JSON ({_first_line(exc)})") from exc


def _drain(sinks: dict[str, Any], handle_part: Callable[[str, list[Any]], None]) -> None:
    for name, sink in sinks.items():
        if sink:
            handle_part(name, list(sink))
            del sink[:]


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


@dataclass(frozen=True)
class CsvFile:
    """An open CSV Price List file: its metadata, header and a row iterator."""

    header: FileHeader
    columns: tuple[str, ...]
    rows: Iterator[dict[str, str]]


def read_csv(path: Path, handle: io.TextIOBase, required: tuple[str, ...]) -> CsvFile:
    """Read the five metadata rows and the header of a CSV Price List file.

    Rows are returned as dicts of stripped strings; a missing trailing column is ``""``.
    A header without every column of ``required`` is a :class:`PricingError`.
    """
    reader = csv.reader(handle)
    metadata: dict[str, str] = {}
    try:
        for _ in range(5):
            row = next(reader)
            if len(row) >= 2:
                metadata[row[0].strip()] = row[1].strip()
        columns = tuple(name.strip() for name in next(reader))
    except StopIteration:
        raise PricingError(f"{path}: truncated CSV Price List file (no header row)") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise PricingError(f"{path}: unreadable CSV ({_first_line(exc)})") from exc
    missing = [name for name in required if name not in columns]
    if missing:
        raise PricingError(f"{path}: not a Price List CSV (no column {', '.join(missing)} in "
                           "row 6)")
    header = FileHeader(offer_code=metadata.get("OfferCode", ""),
                        version=metadata.get("Version", ""),
                        publication_date=metadata.get("Publication Date", ""))

    def rows() -> Iterator[dict[str, str]]:
        width = len(columns)
        try:
            for row in reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if len(row) > width:
                    raise PricingError(f"{path}: line {reader.line_num} has {len(row)} "
                                       f"fields, the header {width}")
                values = [value.strip() for value in row]
                values.extend([""] * (width - len(values)))
                yield dict(zip(columns, values, strict=True))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise PricingError(f"{path}: unreadable CSV at line {reader.line_num} "
                               f"({_first_line(exc)})") from exc

    return CsvFile(header=header, columns=columns, rows=rows())


def open_text(path: Path) -> io.TextIOWrapper:
    """Open a CSV file for :func:`read_csv` (UTF-8, universal newlines off)."""
    try:
        return open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise PricingError(f"cannot read {path}: {exc.strerror or exc}") from exc
