"""User text is text in every format: never console markup, never HTML in Markdown, never
a raw terminal control sequence — in tables, titles, Markdown, diff output and errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from awscalc.safetext import markdown_text, printable

from .conftest import REPO

# A clickable hyperlink (OSC 8), a clipboard write (OSC 52), a screen clear, a bell, and
# the right-to-left override that reorders what a line seems to say.
HOSTILE_NAMES = [
    "[link=https://evil.example]click me[/link]",
    "[/x]",
    "[bold red]loud",
    "a\x1b[2Jb",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\",
    "bell\x07\x08\r",
    "left\u202eright",
    "<img src=x onerror=alert(1)> & `code` | cell &amp;",
]
ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")  # what a terminal obeys


def spec_named(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text("name: " + json.dumps(name) + "\n"  # JSON strings are YAML strings
                    "resources: {dns: {service: route53, hosted_zones: 1}}\n", encoding="utf-8")
    return path


def test_printable_shows_control_characters_as_escapes() -> None:
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("\x1b]52;c;aGk=\x07") == "\\x1b]52;c;aGk=\\x07"
    assert printable("1\n2\t3\r") == "1\\n2\\t3\\r"
    assert printable("\x9b\x7f\u202e\u2028\ufeff") == "\\x9b\\x7f\\u202e\\u2028\\ufeff"
    ordinary = "Data transfer out, Australia & NZ — 1,024 GB × $0.09 [x86_64] ⚠️ ✓"
    assert printable(ordinary) is ordinary
    assert printable(12) == "12"


def test_markdown_text_escapes_html_code_spans_and_cells() -> None:
    assert markdown_text("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert markdown_text("a | b `c`") == "a \\| b \\`c\\`"
    assert markdown_text("&amp; &#60; Australia & NZ") == "&amp;amp; &amp;#60; Australia & NZ"
    assert markdown_text("a\x1b[2J\nb") == "a\\x1b\\[2J\\nb"
    assert markdown_text("![i](https://e/x.png)") == "!\\[i\\](https://e/x.png)"  # no image


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_name_is_literal_text_on_a_terminal(name: str, tmp_path: Path) -> None:
    """Rendered as on a TTY (colours, hyperlinks on): no OSC 8 link, no markup error, no
    control sequence but rich's own colour codes."""
    from awscalc.estimate import estimate
    from awscalc.output import render
    from awscalc.ratecards import RateBook
    from awscalc.spec import load_spec

    report = render(estimate(load_spec(str(spec_named(tmp_path, name))),
                             RateBook.from_option(None)), "table", explain=True, color=True)
    assert "\x1b]" not in report  # no OSC: hyperlink, clipboard, title
    colourless = re.sub("\x1b\\[[0-9;]*m", "", report)  # rich's own SGR colour codes
    assert not ESCAPES.search(colourless), repr(colourless[:200])
    assert printable(name) in colourless
    assert "click me" not in name or "[link=https://evil.example]click me" in colourless


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_cli_estimate_prints_hostile_names_as_text(cli, tmp_path: Path, fmt: str,
                                                   name: str) -> None:
    result = cli("estimate", str(spec_named(tmp_path, name)), "--format", fmt)
    assert result.code == 0, result.err
    assert not ESCAPES.search(result.out)
    if fmt == "markdown":
        title = result.out.splitlines()[0]
        assert "<" not in title and ">" not in title and "`" not in title.replace("\\`", "")
        assert title == f"## AWS cost estimate: {markdown_text(name)}"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_keep_the_exact_text(cli, tmp_path: Path, fmt: str) -> None:
    name = HOSTILE_NAMES[0]
    result = cli("estimate", str(spec_named(tmp_path, name)), "--format", fmt)
    assert result.code == 0, result.err
    if fmt == "json":
        assert json.loads(result.out)["name"] == name


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_diff_shows_hostile_names_as_text(cli, tmp_path: Path, fmt: str) -> None:
    before = spec_named(tmp_path, "a\x1b[2J[/x]<script>")
    after = tmp_path / "after.yaml"
    after.write_text(before.read_text().replace("hosted_zones: 1", "hosted_zones: 2"))
    result = cli("diff", str(before), str(after), "--format", fmt)
    assert result.code == 0, result.err
    if fmt == "json":
        assert json.loads(result.out)["before"]["name"] == "a\x1b[2J[/x]<script>"
    else:
        assert "\x1b" not in result.out
    if fmt == "table":
        assert "a\\x1b[2J[/x]<script>" in result.out
    if fmt == "markdown":
        assert "<script>" not in result.out and "&lt;script&gt;" in result.out


def test_an_error_message_is_one_escaped_line(cli, tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text('resources: {dns: {service: route53, "\\e]52;c;aGk=\\a\\n[/x]": 1}}\n')
    result = cli("validate", str(spec))
    assert result.code == 3
    assert result.err.count("\n") == 1 and "\x1b" not in result.err and "\x07" not in result.err
    assert "'\\x1b]52;c;aGk=\\x07\\n[/x]'" in result.err


def test_validate_success_line_escapes_the_file_name(cli, tmp_path: Path) -> None:
    spec = tmp_path / "a\x1b[2J.yaml"
    spec.write_text("resources: {dns: {service: route53, hosted_zones: 1}}\n")
    result = cli("validate", str(spec))
    assert result.code == 0
    assert "\x1b" not in result.err and "a\\x1b[2J.yaml: valid" in result.err


def test_pricing_list_title_is_text(cli, tmp_path: Path) -> None:
    import shutil

    cards = tmp_path / "[link=https://evil.example]x[/link] [/x]"
    shutil.copytree(REPO / "tests" / "data" / "pricing", cards)
    result = cli("pricing", "list", "--pricing", str(cards))
    assert result.code == 0, result.err
    assert "[/x]" in result.out and "\x1b]8" not in result.out


def test_a_resource_name_cannot_start_a_spreadsheet_formula(cli, tmp_path: Path) -> None:
    """Why CSV needs no formula escaping (awscalc/output/csv_format.py): the only spec
    text in a CSV row, the resource name, must start with a letter or a digit."""
    for name in ("=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)"):
        spec = tmp_path / "s.yaml"
        spec.write_text("resources: {" + json.dumps(name) + ": {service: route53}}\n")
        result = cli("estimate", str(spec), "--format", "csv")
        assert result.code == 3, result.err
        assert result.out == ""


@pytest.mark.parametrize(("value", "traceback"), [
    ("0", False), ("", False), ("false", False), ("no", False), ("off", False),
    ("1", True), ("yes", True), ("true", True),
])
def test_awscalc_debug_zero_does_not_turn_tracebacks_on(value: str, traceback: bool) -> None:
    code = ("import sys, awscalc.cli as c\n"
            "def boom(*a, **k): raise RuntimeError('boom')\n"
            "import awscalc.spec; awscalc.spec.parse_spec = boom\n"
            "c.main(['estimate', sys.argv[1]])\n")
    result = subprocess.run([sys.executable, "-c", code, str(REPO / "examples" / "web-dns.yaml")],
                            capture_output=True, text=True, timeout=60,
                            env={**_environ(), "AWSCALC_DEBUG": value})
    assert result.returncode == 1
    assert ("Traceback" in result.stderr) is traceback, result.stderr
    if not traceback:
        assert result.stderr.count("\n") == 1


def _environ() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key != "AWSCALC_DEBUG"}
