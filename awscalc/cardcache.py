"""A cache of parsed, validated rate cards (and the Snow device catalog), so that a large
card (S3's, with rates for 21 regions, is ~0.9 MB of YAML) does not cost every run its
parse.

Measured on 2026-12-01 (benchmarks/startup.py): parsing and validating ``s3.yaml`` took
~47 ms of each estimate that uses S3 (even with libyaml), which put every S3 example past
its start-up target; hashing the file and reading its entry takes ~5 ms.

An entry is keyed by the SHA-256 of the file's exact text and of its schema, so
a card or schema that changes in any byte is parsed again; its stamp is the size and
modification time of the modules that parse and validate cards, so an upgrade or an edit
of them also parses again. Entries use the help cache's format and checks
(:mod:`awscalc.entrypoint`): a regular file owned by the user, no symbolic link, its own
SHA-256 verified. Every card is cached, small ones too: parsing any card costs the run
the rate-card schema's compilation (~3 ms), so a run is only fast if none is parsed
(media-archive JSON 167.8 → 162.9 ms when the small data-transfer card was cached too,
2026-12-01). A cache that cannot be used is skipped.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

PREFIX = f"card-{sys.implementation.cache_tag}-"
_PACKAGE = Path(__file__).resolve().parent
# The files whose code or content decides what a card's text parses and validates to.
_PARSERS = ("ratecards.py", "snow.py", "yamlfile.py", "fastschema.py")


def read_kept(path: Path, schema_file: str) -> tuple[str | None, Any | None]:
    """``(key, data)`` for the file at ``path`` validated against ``schema_file``: the
    parsed data kept for its exact text, or None when there is none to trust; the key
    (None when the file cannot be read) is what :func:`keep` keeps a fresh parse under."""
    from awscalc.entrypoint import read_entry, stamp_is_current

    try:
        text = path.read_bytes()
    except OSError:  # the parse that follows says what is wrong with the file
        return None, None
    key = _key(text, schema_file)
    entry = read_entry(key, PREFIX)
    if entry is None or not stamp_is_current(entry[0]):
        return key, None
    try:
        return key, marshal.loads(zlib.decompress(entry[1]))
    except (zlib.error, EOFError, ValueError, TypeError):
        return key, None


def keep(key: str, data: Any) -> None:
    """Keep ``data``, the validated parse of the text ``key`` names, for the next run."""
    from awscalc.entrypoint import write_entry

    try:
        payload = zlib.compress(marshal.dumps(data), 1)
    except ValueError:  # a value marshal cannot keep: parse this file every time
        return
    write_entry(key, _stamp(), payload, PREFIX)


def _key(text: bytes, schema_file: str) -> str:
    from awscalc.entrypoint import _sha256

    schema = (_PACKAGE / schema_file).read_bytes()
    return f"{schema_file}\0{_sha256(text)}\0{_sha256(schema)}"


def _stamp() -> tuple[tuple[str, int, int], ...]:
    stamp = []
    for name in _PARSERS:
        status = os.stat(_PACKAGE / name)
        stamp.append((str(_PACKAGE / name), status.st_size, status.st_mtime_ns))
    return tuple(stamp)
