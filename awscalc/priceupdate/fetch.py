"""Downloading Price List files: from AWS, from a mirror URL, or from a local folder.

Every file is streamed to a private temporary file on disk (64 KiB at a time, so memory
stays bounded whatever the size), hashed with sha256 on the way, and checked against its
``Content-Length``. :meth:`Source.fetch` hands back that file (:attr:`RawFile.file`) for
a parser that streams; :meth:`Source.fetch_json` parses it whole, for the small regional
files. Every failure is a one-line :class:`PricingError` (exit 4).

Two time limits apply to each file: ``timeout`` bounds every wait for the server
(connect, each read), and ``deadline`` bounds the whole file — connecting, the headers
and the body together — so a server that trickles bytes, even in its headers, cannot
hold an update for longer than that. The CLI's ``--timeout`` sets the deadline (and the
idle timeout, up to :data:`IDLE_TIMEOUT`).

Temporary files live in a folder of the :class:`Source` (under ``$TMPDIR``, or
``scratch``), removed by :meth:`Source.close` (the source is a context manager) or when
the source is garbage-collected.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import stat
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO

from awscalc.errors import PricingError, UsageError
from awscalc.priceupdate import DEFAULT_BASE_URL

CHUNK = 64 * 1024
# The full, all-region AmazonS3 offer is hundreds of MB; refuse anything beyond this.
MAX_BYTES = 2 * 1024**3
IDLE_TIMEOUT = 30.0  # the longest wait for a server that sends nothing, by default
MAX_REDIRECTS = 5
# JSON numbers in an offer file (everything in it is a string; these bound what is not).
MAX_INT_DIGITS = 30
MAX_NUMBER_CHARS = 40
# Paths as written in AWS's index files: "/offers/v1.0/aws/AmazonS3/20240101/us-east-1/
# index.json". ASCII letters, digits and a few marks; no "..", "%", "?", "\" or spaces.
_PATH = re.compile(r"/[A-Za-z0-9._~+=:@,/-]*")

# A progress sink: called with (event, name, amount). Events: "start" (amount = total
# bytes or None), "advance" (amount = bytes just read), "done" (amount unused).
ProgressHook = Callable[[str, str, int | None], None]


def _no_progress(event: str, name: str, amount: int | None) -> None:
    """The default progress sink: ignores every event."""


def one_line(text: object, limit: int = 300) -> str:
    """``text`` on one line (whitespace runs become one space), at most ``limit`` chars."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


class RawFile:
    """One fetched file: where from, its bytes (on disk, or in memory), their sha256, size
    and when it was read.

    ``file`` is the path of the bytes on disk (a private temporary file, valid until the
    :class:`Source` is closed; read it, do not move or delete it), or ``None`` for a
    ``RawFile`` built from bytes in memory (tests). ``data`` reads the bytes whole.
    """

    __slots__ = ("_data", "file", "path", "retrieved", "sha256", "size", "url")

    def __init__(self, path: str, url: str, data: bytes | None = None, sha256: str = "",
                 retrieved: str = "", *, file: Path | None = None,
                 size: int | None = None) -> None:
        if (data is None) == (file is None):
            raise ValueError("a RawFile has either data or a file")
        self.path = path
        self.url = url
        self.sha256 = sha256
        self.retrieved = retrieved
        self.file = file
        self._data = data
        self.size = size if size is not None else (len(data) if data is not None else 0)

    @property
    def data(self) -> bytes:
        """The whole file's bytes (read from disk each time for a file-backed one)."""
        if self._data is not None:
            return self._data
        assert self.file is not None
        return self.file.read_bytes()

    def open(self) -> BinaryIO:
        """A binary stream of the bytes, for a streaming parser; close it when done."""
        if self.file is not None:
            return open(self.file, "rb")
        import io

        return io.BytesIO(self._data or b"")

    def __repr__(self) -> str:
        return f"RawFile(path={self.path!r}, url={self.url!r}, size={self.size})"


def utc_now() -> str:
    """The current UTC time as ``YYYY-MM-DDThh:mm:ssZ``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _NumberError(ValueError):
    """A JSON number outside what an offer file can hold."""


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _NumberError(f"a {digits:,}-digit integer")
    return int(text)


def _bounded_decimal(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberError(f"a {len(text):,}-character number")
    value = Decimal(text)
    if value and abs(value.adjusted()) > MAX_INT_DIGITS:
        raise _NumberError(f"the number {text} is out of range")
    return value


def _refuse_constant(text: str) -> Any:
    raise _NumberError(f"{text} is not a JSON number")


def parse_json_bytes(data: bytes, where: str) -> dict[str, Any]:
    """Parse a Price List JSON document; prices and ranges stay exact (Decimal, strings).

    Too deep a nesting, NaN/Infinity and out-of-range numbers are a one-line
    :class:`PricingError` naming ``where``.
    """
    try:
        document = json.loads(data.decode("utf-8"), parse_float=_bounded_decimal,
                              parse_int=_bounded_int, parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        raise PricingError(f"{where}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise PricingError(f"{where}: invalid or truncated JSON: {exc.msg} at line "
                           f"{exc.lineno} ({len(data):,} bytes read)") from exc
    except _NumberError as exc:
        raise PricingError(f"{where}: not a Price List file: {exc}") from exc
    except RecursionError as exc:
        raise PricingError(f"{where}: not a Price List file: JSON nested too deeply") from exc
    except (ValueError, OverflowError) as exc:
        raise PricingError(f"{where}: unreadable JSON: {one_line(exc, 120)}") from exc
    if not isinstance(document, dict):
        raise PricingError(f"{where}: expected a JSON object")
    return document


class Source:
    """Where Price List files are read from: a base URL, or a folder that mirrors one.

    ``location`` is ``None`` (AWS's public endpoint), an ``http(s)://`` base URL, or a
    directory laid out like ``/offers/v1.0/aws/...``. ``timeout`` bounds each wait for
    the server; ``deadline`` (default: ``timeout``) bounds each whole file. Fetched files
    are kept in a temporary folder under ``scratch`` (default: ``$TMPDIR``) until
    :meth:`close`.
    """

    def __init__(self, location: str | None = None, *, timeout: float = 30.0,
                 deadline: float | None = None, progress: ProgressHook = _no_progress,
                 scratch: Path | None = None) -> None:
        self.timeout = timeout
        self.deadline = timeout if deadline is None else deadline
        self.progress = progress
        self.scratch = scratch
        self.directory: Path | None = None
        self.base_url = DEFAULT_BASE_URL
        self._workdir: Path | None = None
        self._finalizer: weakref.finalize | None = None
        self._count = 0
        if location and not location.startswith(("http://", "https://")):
            directory = Path(location)
            if not directory.is_dir():
                raise UsageError(f"--source: '{location}' is neither a directory nor an "
                                 "http(s):// URL")
            self.directory = directory.resolve()
        elif location:
            self.base_url = location.rstrip("/")

    # --- lifetime of the temporary files ---------------------------------------------------

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove every file this source fetched (their :class:`RawFile` become unusable)."""
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
            self._workdir = None

    def scratch_dir(self) -> Path:
        """A folder for files built from the fetched ones (a rate catalog), removed with
        them by :meth:`close`."""
        return self._new_file().parent

    def _new_file(self) -> Path:
        if self._workdir is None:
            try:
                folder = tempfile.mkdtemp(prefix="awscalc-update-", dir=self.scratch)
            except OSError as exc:
                raise PricingError(f"cannot create a temporary folder for the download: "
                                   f"{exc.strerror or exc}") from exc
            self._workdir = Path(folder)
            self._finalizer = weakref.finalize(self, shutil.rmtree, folder, True)
        self._count += 1
        return self._workdir / f"{self._count:05d}.json"

    # --- where files are ---------------------------------------------------------------

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
        # Refuse anything else: a full URL elsewhere, ".." escaping a mirror folder,
        # non-ASCII or control characters (which no HTTP request line may carry).
        if (not isinstance(path, str) or len(path) > 1000 or not _PATH.fullmatch(path)
                or ".." in path.split("/")):
            raise PricingError(f"unexpected path in the Price List index: "
                               f"{one_line(ascii(path), 200)}")

    # --- fetching ------------------------------------------------------------------------

    def fetch(self, path: str) -> RawFile:
        """Fetch the file at ``path`` (e.g. ``/offers/v1.0/aws/index.json``) to disk.

        The returned :class:`RawFile` has ``file`` (its bytes on disk, until
        :meth:`close`), ``size`` and ``sha256``.
        """
        url = self.url_of(path)
        retrieved = utc_now()
        name = path.rsplit("/offers/v1.0/aws/", 1)[-1]
        target = self._new_file()
        digest = hashlib.sha256()
        try:
            with open(target, "wb") as sink:
                writer = _Sink(sink, digest, url)
                if self.directory:
                    size = self._copy_file(url, name, writer)
                else:
                    size = self._download(url, name, writer)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return RawFile(path=path, url=url, sha256=digest.hexdigest(), retrieved=retrieved,
                       file=target, size=size)

    def fetch_json(self, path: str) -> tuple[RawFile, dict[str, Any]]:
        """Fetch and parse a JSON file whole (see :func:`parse_json_bytes`).

        The returned :class:`RawFile` holds the bytes in memory; nothing stays on disk.
        """
        raw = self.fetch(path)
        assert raw.file is not None
        try:
            data = raw.file.read_bytes()
        except OSError as exc:
            raise PricingError(f"cannot read back {raw.url}: {exc.strerror or exc}") from exc
        finally:
            raw.file.unlink(missing_ok=True)
        kept = RawFile(path=raw.path, url=raw.url, data=data, sha256=raw.sha256,
                       retrieved=raw.retrieved)
        return kept, parse_json_bytes(data, raw.url)

    def _copy_file(self, url: str, name: str, sink: _Sink) -> int:
        started = time.monotonic()
        try:
            # O_NONBLOCK: opening a FIFO must not wait for a writer.
            descriptor = os.open(url, os.O_RDONLY | os.O_NONBLOCK)
            with open(descriptor, "rb") as handle:
                info = os.fstat(descriptor)
                if not stat.S_ISREG(info.st_mode):
                    raise PricingError(f"cannot read {url}: not a regular file")
                os.set_blocking(descriptor, True)
                if info.st_size > MAX_BYTES:
                    raise PricingError(f"{url}: {info.st_size:,} bytes is more than awscalc "
                                       "reads")
                self.progress("start", name, info.st_size)
                received = 0
                while chunk := handle.read(CHUNK):
                    sink.write(chunk)
                    received += len(chunk)
                    self.progress("advance", name, len(chunk))
                    if received > MAX_BYTES:
                        raise PricingError(f"{url}: more than {MAX_BYTES:,} bytes")
                    if time.monotonic() - started > self.deadline:
                        raise PricingError(f"cannot read {url}: took longer than "
                                           f"{self.deadline:g} s ({received:,} bytes read)")
        except OSError as exc:
            raise PricingError(f"cannot read {url}: {exc.strerror or one_line(exc)}") from exc
        self.progress("done", name, None)
        return received

    def _download(self, url: str, name: str, sink: _Sink) -> int:
        host = urllib.parse.urlsplit(url).hostname or ""
        # A mirror on this machine must not be sent through an HTTP proxy from the env.
        handlers: list[Any] = [urllib.request.ProxyHandler({})] if host in (
            "127.0.0.1", "localhost", "::1") else []
        watch = _Watchdog()
        handlers += [_HTTPHandler(watch), _HTTPSHandler(watch), _RedirectHandler()]
        opener = urllib.request.build_opener(*handlers)
        request = urllib.request.Request(url, headers={
            "User-Agent": "awscalc-pricing-update", "Accept-Encoding": "identity"})
        started = time.monotonic()
        received = 0
        total: int | None = None
        # The watchdog ends a file that outlives the deadline wherever it is waiting (a
        # trickle of header bytes resets the socket timeout at every byte). It fires a
        # little after the deadline, so that a silent server gets the idle message.
        watch.start(self.deadline + min(1.0, max(0.1, self.deadline / 10)))

        def too_slow() -> PricingError:
            return PricingError(f"cannot download {url}: took longer than "
                                f"{self.deadline:g} s ({received:,} bytes read)")

        try:
            with opener.open(request, timeout=self.timeout) as response:
                total = _content_length(response, url)
                if total is not None and total > MAX_BYTES:
                    raise PricingError(f"{url}: {total:,} bytes is more than awscalc reads")
                self.progress("start", name, total)
                while True:
                    # read1: whatever has arrived, so the deadline is checked even when
                    # a server trickles bytes (read(n) would wait for all n of them).
                    chunk = response.read1(CHUNK)
                    if watch.expired.is_set():
                        raise too_slow()
                    if not chunk:
                        break
                    sink.write(chunk)
                    received += len(chunk)
                    self.progress("advance", name, len(chunk))
                    if received > MAX_BYTES:
                        raise PricingError(f"{url}: more than {MAX_BYTES:,} bytes")
                    if total is not None and received > total:
                        raise PricingError(f"{url}: more bytes than its Content-Length "
                                           f"({total:,})")
                    if time.monotonic() - started > self.deadline:
                        raise too_slow()
        except PricingError:
            raise
        except Exception as exc:
            if watch.expired.is_set():
                raise too_slow() from exc
            raise PricingError(self._reason(url, exc, received, total)) from exc
        finally:
            watch.stop()
        if total is not None and received != total:
            raise PricingError(f"cannot download {url}: connection closed after {received:,} "
                               f"of {total:,} bytes")
        self.progress("done", name, None)
        return received

    def _reason(self, url: str, exc: Exception, received: int, total: int | None) -> str:
        """The one-line message for a failed download."""
        if isinstance(exc, urllib.error.HTTPError):
            if 300 <= exc.code < 400 and "infinite loop" in str(exc.msg):
                return (f"cannot download {url}: redirected in a loop or more than "
                        f"{MAX_REDIRECTS} times (HTTP {exc.code})")
            return f"cannot download {url}: HTTP {exc.code} {one_line(exc.reason, 80)}"
        if isinstance(exc, urllib.error.URLError):
            reason: object = exc.reason
            if isinstance(reason, TimeoutError):
                reason = f"timed out after {self.timeout:g} s"
            return f"cannot download {url}: {one_line(reason, 200)}"
        if isinstance(exc, TimeoutError):
            return (f"cannot download {url}: timed out after {self.timeout:g} s without "
                    f"data ({received:,} bytes read)")
        if isinstance(exc, http.client.IncompleteRead):
            return (f"cannot download {url}: connection closed after "
                    f"{received + len(exc.partial):,} of {total or '?'} bytes")
        return f"cannot download {url}: {type(exc).__name__}: {one_line(exc, 200)}"


class _Sink:
    """The temporary file a download goes to, and its running sha256."""

    def __init__(self, handle: IO[bytes], digest: Any, url: str) -> None:
        self.handle = handle
        self.digest = digest
        self.url = url

    def write(self, chunk: bytes) -> None:
        """Append ``chunk``; a full disk is a :class:`PricingError`, not a network error."""
        self.digest.update(chunk)
        try:
            self.handle.write(chunk)
        except OSError as exc:
            raise PricingError(f"cannot store {self.url} in a temporary file: "
                               f"{exc.strerror or exc}") from exc


def _content_length(response: Any, url: str) -> int | None:
    """The response's ``Content-Length`` (None without one); a malformed one is an error."""
    values = response.headers.get_all("Content-Length") or []
    if not values:
        return None
    texts = {value.strip() for value in values}
    text = next(iter(texts))
    if len(texts) != 1 or not re.fullmatch(r"[0-9]{1,18}", text, flags=re.ASCII):
        shown = one_line(ascii(", ".join(values)), 60)
        raise PricingError(f"cannot download {url}: malformed Content-Length {shown}")
    return int(text)


class _Watchdog:
    """Shuts down the sockets of one download when its deadline passes."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = threading.Event()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def start(self, seconds: float) -> None:
        """Fire after ``seconds``."""
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        """Do not fire (the download ended)."""
        if self._timer is not None:
            self._timer.cancel()

    def track(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it has)."""
        with self._lock:
            self.sockets.append(sock)
            expired = self.expired.is_set()
        if expired:
            self._shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired.set()
            sockets = list(self.sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _Tracked:
    """A connection whose socket the watchdog can shut down (before any TLS handshake)."""

    watch: _Watchdog
    _create_connection: Callable[..., socket.socket]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        create = self._create_connection

        def tracked(*args: Any, **kwargs: Any) -> socket.socket:
            sock = create(*args, **kwargs)
            self.watch.track(sock)
            return sock

        self._create_connection = tracked


class _HTTPConnection(_Tracked, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_Tracked, http.client.HTTPSConnection):
    pass


def _connection_class(base: type, watch: _Watchdog) -> type:
    return type(base.__name__, (base,), {"watch": watch})


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watchdog) -> None:
        super().__init__()
        self._class = _connection_class(_HTTPConnection, watch)

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self._class, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watchdog) -> None:
        super().__init__()
        self._class = _connection_class(_HTTPSConnection, watch)

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self._class, req, context=getattr(self, "_context", None))


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most :data:`MAX_REDIRECTS` redirects, and only to http(s) URLs."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> Any:
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(req.full_url, code,
                                         f"redirect to a non-HTTP URL {newurl[:80]!r}",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
