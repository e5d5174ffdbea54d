"""``pricing update`` against a hostile or broken server (issue 14): every failure is one
line and exit 4 (never an internal error), every wait is bounded by ``--timeout``, and a
body goes to disk, not to memory.

The server is a raw socket server on 127.0.0.1 in a thread, so that it can send what no
well-behaved HTTP library would (a malformed Content-Length, headers a byte at a time).
Every response it sends ends within :data:`SERVER_LIMIT` seconds, whatever the test does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import socketserver
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from awscalc.errors import PricingError
from awscalc.priceupdate.fetch import RawFile, Source, parse_json_bytes
from awscalc.priceupdate.offers import Offer

from .conftest import PRICE_LIST_FIXTURES

AWS = "/offers/v1.0/aws"
INDEX = f"{AWS}/index.json"
SERVER_LIMIT = 5.0

Respond = Callable[[socket.socket, threading.Event], None]


@dataclass
class Hostile:
    """A server answering each path with a function that writes raw bytes."""

    url: str = ""
    routes: dict[str, Respond] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)


def ok(body: bytes, *headers: str) -> Respond:
    """A plain 200 response with ``body`` (and a correct Content-Length, unless given)."""
    def respond(sock: socket.socket, stop: threading.Event) -> None:
        extra = list(headers) or [f"Content-Length: {len(body)}"]
        head = "\r\n".join(["HTTP/1.1 200 OK", "Connection: close", *extra]) + "\r\n\r\n"
        sock.sendall(head.encode("latin-1"))
        sock.sendall(body)  # not head + body: a copy the memory test would count
    return respond


def trickle(data: bytes, every: float = 0.05) -> Respond:
    """``data`` one byte at a time (at most :data:`SERVER_LIMIT` seconds of it)."""
    def respond(sock: socket.socket, stop: threading.Event) -> None:
        started = time.monotonic()
        for byte in data:
            if stop.wait(every) or time.monotonic() - started > SERVER_LIMIT:
                return
            sock.sendall(bytes([byte]))
    return respond


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    state = Hostile()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(SERVER_LIMIT)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1].decode("latin-1")
            respond = state.routes.get(path)
            try:
                if respond is None:
                    self.request.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                                         b"Connection: close\r\n\r\n")
                else:
                    respond(self.request, state.stop)
            except OSError:
                pass  # the client gave up: that is what most tests want

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        state.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def one_line_error(result: Any, *fragments: str) -> None:
    assert result.code == 4, result.err
    line = result.err.rstrip("\n")
    assert "\n" not in line and line.startswith("awscalc: error: "), result.err
    assert "internal error" not in line
    for fragment in fragments:
        assert fragment in line, line


def update(cli, source: str, *args: str) -> Any:
    return cli("pricing", "update", "--source", source, "--timeout", "1", "-q",
               "-s", "route53", *args)


# --- the transport ------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    "Content-Length: \u00b2",           # a digit to str.isdigit(), not to int()
    "Content-Length: 12abc",
    "Content-Length: -5",
    "Content-Length: " + "9" * 5000,
    "Content-Length: 2\r\nContent-Length: 3",
], ids=["superscript-two", "letters", "negative", "5000-digits", "two-values"])
def test_a_malformed_content_length_is_one_line(hostile: Hostile, cli, header: str) -> None:
    hostile.routes[INDEX] = ok(b"{}", header)
    with pytest.raises(PricingError, match="malformed Content-Length"):
        Source(hostile.url, timeout=1).fetch(INDEX)
    one_line_error(update(cli, hostile.url), "malformed Content-Length", INDEX)


def test_a_redirect_loop_is_one_line(hostile: Hostile, cli) -> None:
    def loop(sock: socket.socket, stop: threading.Event) -> None:
        sock.sendall(f"HTTP/1.1 302 Found\r\nLocation: {INDEX}\r\nContent-Length: 0\r\n"
                     "Connection: close\r\n\r\n".encode())

    hostile.routes[INDEX] = loop
    one_line_error(update(cli, hostile.url), "redirected in a loop", INDEX)


def test_headers_trickled_a_byte_at_a_time_hit_the_deadline(hostile: Hostile) -> None:
    hostile.routes[INDEX] = trickle(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 10_000)
    started = time.monotonic()
    with pytest.raises(PricingError, match=r"took longer than 0.5 s"):
        Source(hostile.url, timeout=2, deadline=0.5).fetch(INDEX)
    assert time.monotonic() - started < 2


def test_timeout_is_an_overall_deadline_for_a_trickling_body(hostile: Hostile, cli) -> None:
    body = b"{" + b" " * 10_000 + b"}"
    hostile.routes[INDEX] = lambda sock, stop: (
        sock.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()),
        trickle(body, every=0.02)(sock, stop))
    started = time.monotonic()
    result = cli("pricing", "update", "--source", hostile.url, "--timeout", "0.6", "-q",
                 "-s", "route53")
    assert time.monotonic() - started < 3
    one_line_error(result, "took longer than 0.6 s", INDEX)


def test_a_large_body_goes_to_disk_in_bounded_memory(hostile: Hostile) -> None:
    body = os.urandom(1024 * 1024) * 48  # 48 MiB
    hostile.routes[INDEX] = ok(body)
    with Source(hostile.url, timeout=5) as source:
        tracemalloc.start()
        try:
            raw = source.fetch(INDEX)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 4 * 1024 * 1024, f"{peak:,} bytes"
        assert raw.file is not None and raw.size == len(body)
        assert raw.file.stat().st_size == len(body)
        assert raw.sha256 == hashlib.sha256(body).hexdigest()
        with raw.open() as stream:
            assert stream.read(16) == body[:16]
        folder = raw.file.parent
    assert not folder.exists()  # close() removed the downloads


def test_fetch_json_keeps_working_and_leaves_nothing_on_disk(hostile: Hostile) -> None:
    hostile.routes[INDEX] = ok(b'{"offers": {}, "price": 0.25}')
    source = Source(hostile.url, timeout=1)
    raw, document = source.fetch_json(INDEX)
    assert document == {"offers": {}, "price": parse_json_bytes(b'{"p": 0.25}', "x")["p"]}
    assert raw.data == b'{"offers": {}, "price": 0.25}' and raw.file is None
    workdir = source._workdir
    assert workdir is not None and list(workdir.iterdir()) == []
    source.close()
    assert not workdir.exists()


# --- what the server says ----------------------------------------------------------------------


def index_with(path: str) -> bytes:
    return json.dumps({"offers": {"AmazonRoute53": {"currentVersionUrl": path}}}).encode()


@pytest.mark.parametrize("path", [
    f"{AWS}/AmazonRoute53/caf\u00e9/index.json",
    f"{AWS}/AmazonRoute53/a b/index.json",
    f"{AWS}/AmazonRoute53/\x00/index.json",
    f"{AWS}/AmazonRoute53/x\r\nHost: evil/index.json",
    f"{AWS}/%2e%2e/%2e%2e/etc/passwd",
], ids=["non-ascii", "space", "nul", "crlf", "encoded-dots"])
def test_an_unexpected_path_in_the_index_is_one_line(hostile: Hostile, cli, tmp_path: Path,
                                                     path: str) -> None:
    hostile.routes[INDEX] = ok(index_with(path))
    one_line_error(update(cli, hostile.url), "unexpected path in the Price List index")
    mirror = tmp_path / "mirror" / INDEX.lstrip("/")
    mirror.parent.mkdir(parents=True)
    mirror.write_bytes(index_with(path))
    one_line_error(update(cli, str(tmp_path / "mirror")),
                   "unexpected path in the Price List index")


@pytest.mark.parametrize(("body", "message"), [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"a": ' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
    (b'{"offers": {}, "n": ' + b"7" * 5000 + b"}", "a 5,000-digit integer"),
    (b'{"offers": {}, "n": 1' + b"0" * 50 + b".5}", "-character number"),
    (b'{"offers": {}, "n": 1e999999}', "out of range"),
    (b'{"offers": {}, "n": NaN}', "NaN is not a JSON number"),
    (b'{"offers": {}, "n": -Infinity}', "-Infinity is not a JSON number"),
], ids=["deep-list", "deep-object", "5000-digit-int", "long-number", "huge-exponent", "nan",
        "infinity"])
def test_hostile_json_is_one_line(hostile: Hostile, cli, body: bytes, message: str) -> None:
    hostile.routes[INDEX] = ok(body)
    one_line_error(update(cli, hostile.url), message, INDEX)


def test_a_fifo_in_a_mirror_folder_does_not_block(cli, tmp_path: Path) -> None:
    fifo = tmp_path / INDEX.lstrip("/")
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)

    def unblock() -> None:  # so that a reader blocked on the FIFO ends (old behaviour)
        time.sleep(3)
        with contextlib.suppress(OSError):  # ENXIO: nobody is reading (the fixed code)
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    threading.Thread(target=unblock, daemon=True).start()
    started = time.monotonic()
    one_line_error(update(cli, str(tmp_path)), "not a regular file")
    assert time.monotonic() - started < 2


# --- offer files ---------------------------------------------------------------------------------


def offer_document(usd: Any = "0.50", begin: Any = "0", end: Any = "Inf",
                   attributes: Any = None) -> dict[str, Any]:
    return {
        "offerCode": "AmazonRoute53", "version": "20151209101342",
        "publicationDate": "2015-12-09T10:13:42Z",
        "products": {"SKU1": {"sku": "SKU1", "productFamily": "DNS Zone",
                              "attributes": attributes or {"usagetype": "HostedZone"}}},
        "terms": {"OnDemand": {"SKU1": {"SKU1.T": {"priceDimensions": {"SKU1.T.R": {
            "beginRange": begin, "endRange": end, "unit": "HostedZone",
            "pricePerUnit": {"USD": usd}}}}}}},
    }


def offer(document: dict[str, Any]) -> Offer:
    raw = RawFile(path="/x", url="mirror/x.json", data=b"{}", sha256="", retrieved="")
    return Offer.parse(raw, document, "AmazonRoute53")


@pytest.mark.parametrize(("change", "message"), [
    ({"usd": "1" * 40}, "is not a USD amount"),
    ({"usd": "0." + "1" * 40}, "is not a USD amount"),
    ({"usd": "\u0663"}, "is not a USD amount"),       # an Arabic-Indic digit three
    ({"end": "9" * 401}, "without a valid beginRange/endRange"),
    ({"begin": ["0"] * 3}, "without a valid beginRange/endRange (a list"),
], ids=["40-digit-price", "40-decimal-price", "non-ascii-digit", "401-digit-range",
        "list-range"])
def test_absurd_prices_and_ranges_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(PricingError, match=f"SKU SKU1: .*{message[:20]}"):
        offer(offer_document(**change)).tiers("SKU1", "hosted-zone")
    assert offer(offer_document()).tiers("SKU1", "hosted-zone")[0].usd == 0.5


def test_structures_in_attributes_are_never_rendered() -> None:
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    parsed = offer(offer_document(attributes={"usagetype": "HostedZone", "odd": deep}))
    assert parsed.products["SKU1"].attributes == {"usagetype": "HostedZone"}
    document = offer_document()
    document["version"] = "v\n" * 1000
    with pytest.raises(PricingError, match="malformed 'version'"):
        offer(document)


@pytest.mark.skipif(not PRICE_LIST_FIXTURES.is_dir(),
                    reason="the real AWS Price List fixtures are not available")
def test_a_40_digit_price_in_a_real_offer_file_is_exit_4(cli, tmp_path: Path) -> None:
    from .test_priceupdate import _hosted_zone_at, build_mirror, route53_with

    build_mirror(tmp_path / "mirror", route53=route53_with(_hosted_zone_at("1" * 40)))
    one_line_error(update(cli, str(tmp_path / "mirror")), "key 'hosted-zone'",
                   "is not a USD amount")
