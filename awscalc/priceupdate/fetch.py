"""Downloading Price List files: from AWS, from a mirror URL, or from a local folder.

Every file is read whole into memory (the regional offer files awscalc needs are a few
hundred KB), hashed with sha256 while it streams, and checked against its
``Content-Length``. Network failures become a one-line :class:`PricingError`.

Two time limits apply: ``timeout`` bounds every socket operation (connect, each read),
and ``deadline`` bounds one whole file, so a server that trickles bytes cannot hold an
update forever.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from awscalc.errors import PricingError, UsageError
from awscalc.priceupdate import DEFAULT_BASE_URL

CHUNK = 64 * 1024
# The full, all-region AmazonS3 offer is hundreds of MB; refuse anything beyond this.
MAX_BYTES = 2 * 1024**3

# A progress sink: called with (event, name, amount). Events: "start" (amount = total
# bytes or None), "advance" (amount = bytes just read), "done" (amount unused).
ProgressHook = Callable[[str, str, int | None], None]


def _no_progress(event: str, name: str, amount: int | None) -> None:
    """The default progress sink: ignores every event."""


@dataclass(frozen=True)
class RawFile:
    """One downloaded file: where from, its bytes, their sha256 and when it was read."""

    path: str
    url: str
    data: bytes
    sha256: str
    retrieved: str


def utc_now() -> str:
    """The current UTC time as ``YYYY-MM-DDThh:mm:ssZ``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Source:
    """Where Price List files are read from: a base URL, or a folder that mirrors one.

    ``location`` is ``None`` (AWS's public endpoint), an ``http(s)://`` base URL, or a
    directory laid out like ``/offers/v1.0/aws/...``.
    """

    def __init__(self, location: str | None = None, *, timeout: float = 30.0,
                 deadline: float = 600.0, progress: ProgressHook = _no_progress) -> None:
        self.timeout = timeout
        self.deadline = deadline
        self.progress = progress
        self.directory: Path | None = None
        self.base_url = DEFAULT_BASE_URL
        if location and not location.startswith(("http://", "https://")):
            directory = Path(location)
            if not directory.is_dir():
                raise UsageError(f"--source: '{location}' is neither a directory nor an "
                                 "http(s):// URL")
            self.directory = directory.resolve()
        elif location:
            self.base_url = location.rstrip("/")

    def describe(self) -> str:
        """The source as shown to the user."""
        return str(self.directory) if self.directory else self.base_url

    def url_of(self, path: str) -> str:
        """Where ``path`` (as written in AWS's index files) is read from."""
        self._check_path(path)
        if self.directory:
            return str(self.directory / path.lstrip("/"))
        return self.base_url + path

    @staticmethod
    def canonical_url(path: str) -> str:
        """The AWS URL of ``path``, whatever mirror it was actually read from."""
        return DEFAULT_BASE_URL + path

    @staticmethod
    def _check_path(path: str) -> None:
        # Index files hold paths relative to the base URL ("/offers/v1.0/aws/...").
        # Refuse anything else: a full URL elsewhere, or ".." escaping a mirror folder.
        parts = path.split("/")
        if not path.startswith("/") or ".." in parts or "\\" in path or "?" in path:
            raise PricingError(f"unexpected path in the Price List index: {path!r}")

    def fetch(self, path: str) -> RawFile:
        """Read the file at ``path`` (e.g. ``/offers/v1.0/aws/index.json``)."""
        url = self.url_of(path)
        retrieved = utc_now()
        name = path.rsplit("/offers/v1.0/aws/", 1)[-1]
        data = self._read_file(url, name) if self.directory else self._download(url, name)
        return RawFile(path=path, url=url, data=data, sha256=hashlib.sha256(data).hexdigest(),
                       retrieved=retrieved)

    def fetch_json(self, path: str) -> tuple[RawFile, dict[str, Any]]:
        """Read and parse a JSON file; prices and ranges stay exact (Decimal, strings)."""
        raw = self.fetch(path)
        try:
            document = json.loads(raw.data.decode("utf-8"), parse_float=Decimal)
        except UnicodeDecodeError as exc:
            raise PricingError(f"{raw.url}: not UTF-8 text ({exc.reason})") from exc
        except json.JSONDecodeError as exc:
            raise PricingError(f"{raw.url}: invalid or truncated JSON: {exc.msg} at line "
                               f"{exc.lineno} ({len(raw.data):,} bytes read)") from exc
        if not isinstance(document, dict):
            raise PricingError(f"{raw.url}: expected a JSON object")
        return raw, document

    def _read_file(self, url: str, name: str) -> bytes:
        path = Path(url)
        try:
            size = path.stat().st_size
            self.progress("start", name, size)
            data = path.read_bytes()
        except OSError as exc:
            raise PricingError(f"cannot read {path}: {exc.strerror or exc}") from exc
        self.progress("advance", name, len(data))
        self.progress("done", name, None)
        return data

    def _download(self, url: str, name: str) -> bytes:
        request = urllib.request.Request(url, headers={
            "User-Agent": "awscalc-pricing-update", "Accept-Encoding": "identity"})
        host = urllib.parse.urlsplit(url).hostname or ""
        # A mirror on this machine must not be sent through an HTTP proxy from the env.
        handlers = [urllib.request.ProxyHandler({})] if host in ("127.0.0.1", "localhost",
                                                                  "::1") else []
        opener = urllib.request.build_opener(*handlers)
        started = time.monotonic()
        received = 0
        total: int | None = None
        try:
            with opener.open(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                if total is not None and total > MAX_BYTES:
                    raise PricingError(f"{url}: {total:,} bytes is more than awscalc reads")
                self.progress("start", name, total)
                chunks: list[bytes] = []
                while True:
                    # read1: whatever has arrived, so the deadline is checked even when
                    # a server trickles bytes (read(n) would wait for all n of them).
                    chunk = response.read1(CHUNK)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    received += len(chunk)
                    self.progress("advance", name, len(chunk))
                    if received > MAX_BYTES:
                        raise PricingError(f"{url}: more than {MAX_BYTES:,} bytes")
                    if time.monotonic() - started > self.deadline:
                        raise PricingError(f"cannot download {url}: took longer than "
                                           f"{self.deadline:g} s ({received:,} bytes read)")
        except urllib.error.HTTPError as exc:
            raise PricingError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                reason = f"timed out after {self.timeout:g} s"
            raise PricingError(f"cannot download {url}: {reason}") from exc
        except TimeoutError as exc:
            raise PricingError(f"cannot download {url}: timed out after {self.timeout:g} s "
                               f"without data ({received:,} bytes read)") from exc
        except http.client.IncompleteRead as exc:
            raise PricingError(f"cannot download {url}: connection closed after "
                               f"{received + len(exc.partial):,} of {total or '?'} bytes") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise PricingError(f"cannot download {url}: {type(exc).__name__}: {exc}") from exc
        if total is not None and received != total:
            raise PricingError(f"cannot download {url}: connection closed after {received:,} "
                               f"of {total:,} bytes")
        self.progress("done", name, None)
        return b"".join(chunks)
