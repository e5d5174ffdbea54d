"""The HTML report (``--format html``): content, escaping, and a real browser.

The first tests read the page as text. The browser tests open every shipped example's
report, a diff and a transfer plan in headless Chromium (Debian's ``chromium``; ``.ci/run``
installs it) through the DevTools protocol over a pipe — one browser for all pages — and
check that the page logs nothing to the console, requests nothing beyond its own file,
shows the JSON report's totals, fits a phone's width, and renders to a screenshot. They
are skipped, saying why, where Chromium is not installed.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from awscalc.estimate import estimate
from awscalc.output import render
from awscalc.output.html import bar_chart, resource_groups, scatter_chart, text
from awscalc.ratecards import RateBook
from awscalc.spec import load_spec, parse_spec

from .conftest import REPO, SHIPPED_PRICING

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
BROWSER_TIMEOUT = 60  # seconds for the whole browser session
# Anything that would make the page fetch or run something.
ACTIVE = re.compile(r"<script|<link|<iframe|<object|<embed|\ssrc=|@import|url\(|"
                    r"\son[a-z]+=|javascript:", re.IGNORECASE)


def _estimate(path: Path | str, **kwargs: Any) -> Any:
    return estimate(load_spec(str(path), **kwargs), RateBook(SHIPPED_PRICING, "shipped"))


def _json_totals(result: Any) -> dict[str, Decimal]:
    document = json.loads(render(result, "json"), parse_float=Decimal, parse_int=Decimal)
    return {key: Decimal(value) for key, value in document["totals"].items()}


class _Totals(HTMLParser):
    """The ``<data data-total=…>`` elements of a page: kind → (value, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, tuple[str, str]] = {}
        self._open: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "data" and named.get("data-total"):
            self._open = (named["data-total"] or "", named.get("value") or "")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            kind, value = self._open
            self.found[kind] = (value, data)
            self._open = None


class _Tags(HTMLParser):
    """Every element and attribute name of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def markup(page: str) -> _Tags:
    """The elements and attribute names ``page`` is made of."""
    parser = _Tags()
    parser.feed(page)
    return parser


def page_totals(page: str) -> dict[str, tuple[str, str]]:
    """kind → (exact value, shown text) of each total on ``page``."""
    parser = _Totals()
    parser.feed(page)
    return parser.found


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_page_shows_the_json_totals(example: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = _estimate(example.relative_to(REPO))
    page = render(result, "html")
    totals = page_totals(page)
    for kind, amount in _json_totals(result).items():
        value, shown = totals[kind]
        assert Decimal(value) == amount, kind
        assert shown == f"${amount:,.2f}", kind
    assert ACTIVE.search(page) is None
    assert page.count("<svg") >= 1
    for item in result.line_items:  # every line item with its formula
        assert text(item.formula) in page


def test_page_is_self_contained_and_responsive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    page = render(_estimate("examples/media-archive.yaml"), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width,initial-scale=1">' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "@media (max-width:" in page
    assert ACTIVE.search(page) is None
    # every link is to a rate card's published source, and fetches nothing by itself
    assert all(href.startswith("https://") for href in re.findall(r'href="([^"]*)"', page))
    for heading in ("Monthly cost by service", "Subtotals by service", "Line items",
                    "Where the rates come from"):
        assert f"<h2>{heading}</h2>" in page


def test_unverified_rates_warnings_and_provenance_are_shown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = _estimate("examples/media-archive.yaml")
    page = render(result, "html")
    assert any(not i.verified for i in result.line_items)
    assert 'class="unverified"' in page and "verified: false" in page
    for warning in result.warnings:
        assert text(warning) in page
    for info in result.pricing:
        assert text(info.source) in page and text(info.retrieved) in page


HOSTILE = '<img src=x onerror=alert(1)><script>alert("x")</script>&amp; \u202e\x1b[2J'


def test_user_text_is_escaped() -> None:
    spec = parse_spec(f"name: {json.dumps(HOSTILE)}\nresources:\n"
                      "  zone:\n    service: route53\n    hosted_zones: 1\n", "hostile.yaml")
    page = render(estimate(spec, RateBook(SHIPPED_PRICING, "shipped")), "html")
    made_of = markup(page)
    assert not made_of.tags & {"img", "script"}
    assert "src" not in made_of.attributes and "onerror" not in made_of.attributes
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in page
    assert "&amp;amp;" in page  # a character reference stays text
    assert "\u202e" not in page and "\x1b" not in page and "\\u202e\\x1b[2J" in page
    # in an attribute too
    assert text('a"b\'c<') == "a&quot;b&#x27;c&lt;"
    chart = bar_chart('"><script>', [('"><script>x', Decimal(1))])
    assert "<script" not in chart and "&quot;&gt;&lt;script&gt;" in chart
    assert "<script" not in scatter_chart("<b>", [("<i>", Decimal(1), Decimal(2), True)],
                                          "<x>", "<y>")


class _Grouped:
    """An estimate with ``groups`` / ``group_by`` (``--group-by``) whether or not the
    model carries them yet."""

    def __init__(self, estimate: Any, groups: dict[str, str], by: str | None) -> None:
        self._estimate, self.groups, self.group_by = estimate, groups, by

    def __getattr__(self, name: str) -> Any:
        return getattr(self._estimate, name)


def _section_rows(page: str) -> list[str]:
    return re.findall(r'<tr class="section" data-section="([^"]*)"', page)


def test_groups_give_subtotals_and_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = _estimate("examples/media-archive.yaml")
    names = [name for name, _, _ in result.resources]
    plain_page = render(result, "html")
    if not resource_groups(result):
        assert "Subtotals by group" not in plain_page and not _section_rows(plain_page)
    grouped = _Grouped(result, {names[1]: "data <b>", names[2]: "data <b>"}, None)
    page = render(grouped, "html")  # type: ignore[arg-type]
    assert "Subtotals by group" in page and "Monthly cost by group" in page
    assert 'data-group="data &lt;b&gt;"' in page and 'data-group="(no group)"' in page
    grouped_cost = sum((i.cost for i in result.line_items
                        if i.resource in names[1:3] and not i.one_time), Decimal("0.00"))
    assert f"${grouped_cost:,.2f}" in re.search(r'data-group="data &lt;b&gt;">(.*?)</tr>',
                                                page).group(1)
    # the line items in sections: first seen first, the spec's order within
    assert _section_rows(page) == ["(no group)", "data &lt;b&gt;"]
    order = re.findall(r'<tr class="resource" data-resource="([^"]*)"', page)
    assert order == [names[0], *names[3:], names[1], names[2]]
    section = re.search(r'data-section="data &lt;b&gt;">.*?data-label="Subtotal">([^<]*)<',
                        page).group(1)
    assert section.startswith(f"${grouped_cost:,.2f}")
    # --group-by service or region: subtotals and sections by it
    by_region = render(_Grouped(result, {}, "region"), "html")  # type: ignore[arg-type]
    assert "Subtotals by region" in by_region and _section_rows(by_region) == ["us-east-1"]
    by_service = render(_Grouped(result, {}, "service"), "html")  # type: ignore[arg-type]
    assert by_service.count("Subtotals by service") == 1
    priced = {item.resource for item in result.line_items}
    assert _section_rows(by_service) == list(dict.fromkeys(
        service for name, service, _ in result.resources if name in priced))
    by_resource = render(_Grouped(result, {names[0]: "x"}, "resource"), "html")  # type: ignore[arg-type]
    assert not _section_rows(by_resource) and "Subtotals by group" in by_resource
    assert 'data-group="x"' in by_resource
    # totals never change with the grouping
    for page_text in (page, by_region, by_service, by_resource):
        assert page_totals(page_text) == page_totals(plain_page)


def test_bar_chart_folds_the_rest_into_one_bar() -> None:
    rows = [(f"r{i}", Decimal(i)) for i in range(1, 41)]
    chart = bar_chart("t", rows)
    assert chart.count("<rect") == 15
    assert "26 others" in chart and f"${sum(range(1, 27)):,}.00" in chart
    signed = bar_chart("t", [("up", Decimal(5)), ("down", Decimal(-3))])
    assert "+$5.00" in signed and "−$3.00" in signed and "<line" in signed


def test_diff_page(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    before, after = "examples/diff/before.yaml", "examples/diff/after.yaml"
    monkeypatch.chdir(REPO)
    page = cli("diff", before, after, "--format", "html")
    data = json.loads(cli("diff", before, after, "--format", "json").out,
                      parse_float=Decimal, parse_int=Decimal)
    assert page.code == 0
    totals = page_totals(page.out)
    for kind in ("monthly", "annual", "one_time"):
        assert Decimal(totals[kind][0]) == data["totals"][kind]["after"]
        assert Decimal(totals[f"{kind}_delta"][0]) == data["totals"][kind]["delta"]
    assert "Monthly change by resource" in page.out and "<svg" in page.out
    assert ACTIVE.search(page.out) is None


def test_transfer_page(cli) -> None:
    page = cli("transfer", "300TB", "--deadline", "10d", "--format", "html")
    data = json.loads(cli("transfer", "300TB", "--deadline", "10d", "--format", "json").out,
                      parse_float=Decimal, parse_int=Decimal)
    assert page.code == 0
    for option in data["options"]:
        row = re.search(f'<tr class="has-formula" data-option="{re.escape(option["key"])}">'
                        r'.*?<data value="([0-9.]+)">', page.out)
        assert row is not None and Decimal(row.group(1)) == option["cost"], option["key"]
    assert "Days and cost of each option" in page.out and "<circle" in page.out
    assert page.out.count("<circle") == len(data["options"])
    assert ACTIVE.search(page.out) is None


def test_html_is_refused_where_there_is_no_html_report(
        cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = cli("estimate", "examples/serverless-api.yaml", "--scenarios", "--format", "html")
    assert result.code == 2 and "no html report" in result.err
    result = cli("estimate", "examples/web-dns.yaml", "--months", "3", "--format", "html")
    assert result.code == 2 and "no html projection report" in result.err


# --- a real browser -----------------------------------------------------------------

def chromium() -> str | None:
    """The Chromium (or Chrome) executable, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """Headless Chromium driven through the DevTools protocol on a pipe (file
    descriptors 3 and 4, NUL-terminated JSON): no port, no extra library."""

    def __init__(self, executable: str, profile: Path) -> None:
        command = [executable, "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                   "--disable-extensions", "--disable-background-networking",
                   "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"]
        # the shell moves our pipes to the descriptors Chromium reads and writes
        self.process = subprocess.Popen(
            ["sh", "-c", 'exec "$@" 3<&0 4>&1 0</dev/null 1>/dev/null', "sh", *command],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.deadline = time.monotonic() + BROWSER_TIMEOUT
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"Chromium did not answer within {BROWSER_TIMEOUT} s")
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call ``method`` (in the page's session once attached); return its result."""
        assert self.process.stdin is not None
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        self.process.stdin.write(json.dumps(message).encode() + b"\0")
        self.process.stdin.flush()
        while True:
            answer = self._read()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read())

    def open_page(self) -> None:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    def load(self, url: str) -> list[dict[str, Any]]:
        """Open ``url``; return what it logged, threw or requested beyond itself."""
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.evaluate("1")  # let pending console and log events arrive first
        problems = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            logged = method in ("Runtime.consoleAPICalled", "Runtime.exceptionThrown") or (
                method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"))
            fetched = (method == "Network.requestWillBeSent"
                       and params["request"]["url"] != url)
            if logged or fetched:
                problems.append(event)
        return problems

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, width: int, height: int, mobile: bool) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            if self.process.poll() is None and self.process.stdin:
                self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError):
            pass
        finally:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    executable = chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'; .ci/run installs "
                    "it): the HTML report's real-browser checks did not run")
    session = Browser(executable, tmp_path_factory.mktemp("chromium-profile"))
    try:
        session.open_page()
        yield session
    finally:
        session.close()


TOTALS_JS = ("JSON.stringify(Array.from(document.querySelectorAll('data[data-total]'),"
             " e => [e.dataset.total, e.value, e.textContent]))")
FITS_JS = ("[window.innerWidth, document.documentElement.scrollWidth, Array.from("
           "document.querySelectorAll('table'), t => t.offsetWidth - t.parentElement"
           ".offsetWidth).filter(excess => excess > 1).length]")
PHONE = 360


def fits_a_phone(browser: Browser) -> bool:
    """Whether the open page lays out in a small phone's 360 CSS pixels: on a phone a
    wider page widens the layout viewport (and is shown zoomed out), on a desktop it
    scrolls; and no table needs its own scroll bar."""
    fits = True
    for mobile in (True, False):
        browser.send("Emulation.setDeviceMetricsOverride", width=PHONE, height=800,
                     deviceScaleFactor=1, mobile=mobile)
        inner, scroll, wide_tables = browser.evaluate(FITS_JS)
        fits = fits and inner == PHONE and scroll <= PHONE and not wide_tables
    browser.send("Emulation.clearDeviceMetricsOverride")
    return fits


def test_the_browser_check_can_fail(browser: Browser, tmp_path: Path) -> None:
    """A page that logs, breaks the policy and fetches is caught: the checks below can
    fail."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><meta http-equiv=Content-Security-Policy "
                   "content=\"default-src 'none'\"><img src='https://example.invalid/x.png'>"
                   "<p>x</p>", encoding="utf-8")
    assert browser.load(bad.as_uri())
    noisy = tmp_path / "noisy.html"
    noisy.write_text("<!DOCTYPE html><script>console.log('hello')</script>", encoding="utf-8")
    assert browser.load(noisy.as_uri())
    wide = tmp_path / "wide.html"
    wide.write_text('<!DOCTYPE html><meta name="viewport" content="width=device-width">'
                    '<div style="width:900px">x</div>', encoding="utf-8")
    assert browser.load(wide.as_uri()) == []
    assert not fits_a_phone(browser)
    scrolling = tmp_path / "scrolling.html"
    scrolling.write_text('<!DOCTYPE html><meta name="viewport" content="width=device-width">'
                         '<div style="overflow-x:auto"><table><tr><td style="white-space:'
                         'nowrap">' + "wide " * 100 + "</td></tr></table></div>",
                         encoding="utf-8")
    assert browser.load(scrolling.as_uri()) == []
    assert not fits_a_phone(browser)


def test_every_example_in_chromium(browser: Browser, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    for example in EXAMPLES:
        result = _estimate(example.relative_to(REPO))
        page = tmp_path / f"{example.stem}.html"
        page.write_text(render(result, "html"), encoding="utf-8")
        problems = browser.load(page.as_uri())
        assert problems == [], f"{example.name}: {problems}"
        shown = {kind: (Decimal(value), text) for kind, value, text in
                 json.loads(browser.evaluate(TOTALS_JS))}
        for kind, amount in _json_totals(result).items():
            assert shown[kind] == (amount, f"${amount:,.2f}"), f"{example.name} {kind}"
        assert fits_a_phone(browser), f"{example.name} is wider than a phone"


OPTIONS_JS = ("JSON.stringify(Array.from(document.querySelectorAll('tr[data-option]'),"
              " r => [r.dataset.option, r.querySelector('data').value]))")


def test_diff_and_transfer_in_chromium_with_screenshots(
        browser: Browser, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    commands = {
        "estimate": ("estimate", "examples/media-archive.yaml"),
        "diff": ("diff", "examples/diff/before.yaml", "examples/diff/after.yaml"),
        "transfer": ("transfer", "300TB", "--deadline", "10d"),
    }
    for name, command in commands.items():
        page = tmp_path / f"{name}.html"
        page.write_text(cli(*command, "--format", "html").out, encoding="utf-8")
        report = json.loads(cli(*command, "--format", "json").out, parse_float=Decimal)
        assert browser.load(page.as_uri()) == [], name
        shown = {kind: Decimal(value) for kind, value, _ in
                 json.loads(browser.evaluate(TOTALS_JS))}
        if name == "estimate":
            assert shown == report["totals"]
        elif name == "diff":
            assert shown == {**{k: v["after"] for k, v in report["totals"].items()},
                             **{f"{k}_delta": v["delta"] for k, v in report["totals"].items()}}
        else:
            options = {key: Decimal(value) for key, value in
                       json.loads(browser.evaluate(OPTIONS_JS))}
            assert options == {o["key"]: o["cost"] for o in report["options"]}
        for width, height, mobile in ((1280, 900, False), (PHONE, 800, True)):
            shot = tmp_path / f"{name}-{width}.png"
            browser.screenshot(shot, width, height, mobile)
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000
        browser.send("Emulation.clearDeviceMetricsOverride")
        assert fits_a_phone(browser), f"{name} is wider than a phone"


def test_ranges_show_low_expected_high_and_what_moves_the_total(
        cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    args = ("estimate", "examples/serverless-api.yaml", "--set",
            "resources.api-handler.requests=30M..60M@40M", "--format")
    page = cli(*args, "html").out
    ranges = json.loads(cli(*args, "json").out, parse_float=Decimal)["ranges"]
    for end in ("low", "expected", "high"):
        shown = re.search(f'data-range="{end}">([^<]*)<', page).group(1)
        assert shown == f"${ranges['monthly'][end]:,.2f}"
    swing = ranges["sensitivity"][0]["swing"]
    assert "What moves the monthly total" in page and f"${swing:,.2f}" in page


def test_scatter_points_in_one_place_share_a_label() -> None:
    chart = scatter_chart("t", [("1", Decimal(380), Decimal(0), True),
                                ("2", Decimal(381), Decimal(0), False),
                                ("3", Decimal(3), Decimal(200), True)], "days", "cost", None)
    assert chart.count("<circle") == 3
    assert ">1, 2</text>" in chart and ">3</text>" in chart
    assert "stroke-dasharray" not in chart  # no deadline, no line
    with_deadline = scatter_chart("t", [("1", Decimal(1), Decimal(1), True)], "d", "c",
                                  Decimal(10))
    assert "stroke-dasharray" in with_deadline


def test_html_imports_nothing_heavy() -> None:
    """``--format html`` loads only what a JSON estimate loads (see test_lazy_imports)."""
    from .test_lazy_imports import loaded

    args = ("estimate", "examples/web-dns.yaml", "--format", "html")
    assert loaded(*args) in (["pint", "yaml"], ["yaml"])  # pint: filling the unit cache
    assert loaded(*args) == ["yaml"]
