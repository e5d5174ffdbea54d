"""The reports of issue 20: subtotals and groups in every format, CSV whose monthly and
one-time costs never mix, Markdown that fits a pull-request comment and cannot inject
HTML, terminal tables that never cut a name at any width, ``pricing list`` formats and
``--output`` permissions."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.estimate import estimate
from awscalc.output import render
from awscalc.output.grid import wrap
from awscalc.spec import load_spec, parse_spec

from .conftest import FROZEN_PRICING, REPO

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))

GROUPED = """\
name: grouped <script>alert(1)</script>
resources:
  dns-zone:
    service: route53
    group: networking
    description: "Public zone <img src=x onerror=alert(1)> | for `example.com`"
    hosted_zones: 1
    queries: {standard: 10M}
  assets:
    service: s3
    group: data & <b>analytics</b>
    storage:
      - {class: STANDARD, size: 100 GB}
    requests:
      - {class: STANDARD, put: 10k, get: 1M}
  api:
    service: lambda
    group: networking
    requests: 5M
    duration: 120 ms
    memory: 512 MB
  setup:
    service: custom
    description: Onboarding (one-time)
    one_time: 500
"""


def _estimate(frozen_book, text: str = GROUPED, name: str = "grouped.yaml", **changes):
    from dataclasses import replace

    return replace(estimate(parse_spec(text, name), frozen_book), **changes)


def _example(path: Path, frozen_book):
    return estimate(load_spec(str(path)), frozen_book)


# --- groups and subtotals -------------------------------------------------------------

def test_groups_and_descriptions_reach_the_estimate(frozen_book) -> None:
    result = _estimate(frozen_book)
    assert result.groups == {"dns-zone": "networking", "assets": "data & <b>analytics</b>",
                             "api": "networking"}
    assert result.descriptions == {"dns-zone": "Public zone <img src=x onerror=alert(1)> | "
                                                "for `example.com`"}
    # a custom line item names its line with its description (not repeated under the name)
    assert any(i.component.startswith("Onboarding") for i in result.line_items)


def test_json_subtotals_by_group_add_up(frozen_book) -> None:
    document = json.loads(render(_estimate(frozen_book), "json"))
    assert document["group_by"] == "group"  # the default when any resource has a group
    subtotals = {entry["group"]: entry for entry in document["subtotals"]}
    assert list(subtotals) == ["networking", "data & <b>analytics</b>", "(no group)"]
    # hand-computed: Route 53 $0.50 + $4.00, Lambda $1.00 + $5.00; S3 $2.30 + $0.05 + $0.40
    assert Decimal(str(subtotals["networking"]["monthly"])) == Decimal("10.50")
    assert Decimal(str(subtotals["data & <b>analytics</b>"]["monthly"])) == Decimal("2.75")
    assert Decimal(str(subtotals["(no group)"]["one_time"])) == Decimal("500.00")
    assert subtotals["networking"]["resources"] == ["dns-zone", "api"]
    resources = {r["name"]: r for r in document["resources"]}
    assert resources["dns-zone"]["group"] == "networking"
    assert "group" not in resources["setup"]


@pytest.mark.parametrize("by, key, expected", [
    ("service", "service", {"route53": "4.50", "s3": "2.75", "lambda": "6.00",
                            "custom": "0.00"}),
    ("region", "region", {"global": "4.50", "us-east-1": "8.75"}),
])
def test_group_by_service_and_region(frozen_book, by: str, key: str,
                                     expected: dict[str, str]) -> None:
    document = json.loads(render(_estimate(frozen_book, group_by=by), "json"))
    assert document["group_by"] == by
    assert {e[key]: str(Decimal(str(e["monthly"])).quantize(Decimal("0.01")))
            for e in document["subtotals"]} == expected


def test_group_by_resource_has_no_section_subtotals_in_json(frozen_book) -> None:
    document = json.loads(render(_estimate(frozen_book, group_by="resource"), "json"))
    assert "subtotals" not in document and "group_by" not in document


def test_table_has_resource_and_group_subtotals(frozen_book) -> None:
    text = render(_estimate(frozen_book), "table", width=100)
    assert "group: networking" in text
    lines = text.splitlines()
    line = next(line for line in lines if "networking subtotal" in line)
    assert line.rstrip(" │").endswith("$10.50")
    assert next(line for line in lines if "dns-zone subtotal" in line).rstrip(" │").endswith(
        "$4.50")
    # a one-line resource's cost is its subtotal: no row of its own
    assert "setup subtotal" not in text
    assert next(i for i, line in enumerate(lines) if "Public zone <img" in line) == next(
        i for i, line in enumerate(lines) if "dns-zone" in line) + 1  # under the name


def test_markdown_has_group_table_and_subtotals(frozen_book) -> None:
    text = render(_estimate(frozen_book), "markdown")
    assert "| networking | 2 | $10.50 | $0.00 |" in text
    assert "| *dns-zone subtotal* |" in text
    assert "| **networking subtotal** | | | | **$10.50** |" in text


def test_cli_group_by_option(cli, tmp_path: Path) -> None:
    spec = tmp_path / "g.yaml"
    spec.write_text(GROUPED, encoding="utf-8")
    result = cli("estimate", str(spec), "--group-by", "service", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["group_by"] == "service"
    plain = cli("estimate", str(REPO / "examples" / "web-dns.yaml"), "-f", "json")
    assert "subtotals" not in json.loads(plain.out)  # no groups: by resource


# --- CSV: monthly and one-time never mix ---------------------------------------------

def _csv(text: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The line-item rows and the total rows (after the empty row)."""
    lines = text.removeprefix("\ufeff").split("\n\n", 1)
    items = list(csv.DictReader(io.StringIO(lines[0])))
    header = lines[0].split("\n", 1)[0]
    totals = list(csv.DictReader(io.StringIO(header + "\n" + lines[1])))
    return items, totals


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_csv_monthly_rows_sum_to_the_monthly_total(example: Path, frozen_book,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = _example(example.relative_to(REPO), frozen_book)
    items, totals = _csv(render(result, "csv"))
    monthly = sum((Decimal(r["cost"]) for r in items if r["charge"] == "monthly"), Decimal(0))
    once = sum((Decimal(r["cost"]) for r in items if r["charge"] == "one_time"), Decimal(0))
    assert monthly == result.monthly_total and once == result.one_time_total
    assert {r["charge"] for r in items} <= {"monthly", "one_time"}
    by_label = {r["resource"]: r for r in totals if r["resource"].startswith("TOTAL")}
    assert Decimal(by_label["TOTAL monthly"]["cost"]) == result.monthly_total
    assert Decimal(by_label["TOTAL one_time"]["cost"]) == result.one_time_total
    # total rows have no charge: SUMIF(charge; "monthly"; cost) over the sheet is right
    assert all(r["charge"] == "" for r in totals)
    subtotal = sum((Decimal(r["cost"]) for r in totals if r["resource"] == "SUBTOTAL monthly"),
                   Decimal(0))
    assert subtotal == result.monthly_total


def test_csv_group_subtotal_rows(frozen_book) -> None:
    _, totals = _csv(render(_estimate(frozen_book), "csv"))
    rows = [(r["resource"], r["component"], r["group"], r["cost"]) for r in totals]
    assert rows == [
        ("SUBTOTAL monthly", "group: networking", "networking", "10.50"),
        ("SUBTOTAL monthly", "group: data & <b>analytics</b>", "data & <b>analytics</b>",
         "2.75"),
        ("SUBTOTAL monthly", "group: (no group)", "(no group)", "0.00"),
        ("SUBTOTAL one_time", "group: (no group)", "(no group)", "500.00"),
        ("TOTAL monthly", "all resources", "", "13.25"),
        ("TOTAL one_time", "all resources", "", "500.00"),
    ]


def test_csv_bom_with_output_file_not_on_stdout(cli, tmp_path: Path) -> None:
    example = str(REPO / "examples" / "media-archive.yaml")
    piped = cli("estimate", example, "-f", "csv")
    assert piped.code == 0 and not piped.out.startswith("\ufeff")
    # warnings and notes go to stderr, not into the data
    assert "warning: " in piped.err and "note: " in piped.err
    assert "warning" not in piped.out.split("\n", 1)[0]
    out = tmp_path / "costs.csv"
    assert cli("estimate", example, "-f", "csv", "-o", str(out)).code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfresource,")
    assert cli("estimate", example, "-f", "csv", "-o", str(out), "--no-csv-bom").code == 0
    assert out.read_bytes().startswith(b"resource,")
    with_bom = cli("estimate", example, "-f", "csv", "--csv-bom")
    assert with_bom.out.startswith("\ufeffresource,")


@pytest.mark.parametrize("report, header", [(("--scenarios",), "resource,"),
                                            (("--months", "3"), "month,")])
def test_csv_bom_for_scenarios_and_months(cli, tmp_path: Path, report: tuple[str, ...],
                                          header: str) -> None:
    example = str(REPO / "examples" / "serverless-api.yaml")
    out = tmp_path / "report.csv"
    assert cli("estimate", example, *report, "-f", "csv", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("\ufeff" + header)
    assert cli("estimate", example, *report, "-f", "csv", "-o", str(out),
               "--no-csv-bom").code == 0
    assert out.read_text(encoding="utf-8").startswith(header)
    assert cli("estimate", example, *report, "-f", "csv").out.startswith(header)
    assert cli("estimate", example, *report, "-f", "csv", "--csv-bom").out.startswith(
        "\ufeff" + header)


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_readme_jq_recipe_gives_the_monthly_total(example: Path) -> None:
    """The README's recipe, run as written on every example (media-archive,
    hybrid-backup and database-migration have one-time costs; aurora-cluster's line items
    add up, in floating point, to 1711.0100000000002 without the rounding)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    recipe = "[.line_items[] | select(.one_time|not) | .cost] | add * 100 | round / 100"
    assert f"jq '{recipe}'" in readme
    report = subprocess.run([sys.executable, "-m", "awscalc", "estimate", str(example),
                             "-f", "json"], capture_output=True, text=True, check=True,
                            cwd=REPO).stdout
    document = json.loads(report)
    if example.stem == "media-archive":
        assert document["totals"]["one_time"] > 0  # the recipe leaves it out
    summed = subprocess.run(["jq", recipe], input=report, capture_output=True, text=True,
                            check=True).stdout
    assert summed.strip() == json.dumps(document["totals"]["monthly"])


# --- Markdown ------------------------------------------------------------------------

def test_markdown_escapes_spec_text(frozen_book) -> None:
    text = render(_estimate(frozen_book), "markdown")
    for raw in ("<script>", "<img", "<b>analytics"):
        assert raw not in text
    assert "grouped &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt; \\| for \\`example.com\\`" in text
    # only awscalc's own tags
    import re

    assert set(re.findall(r"<(/?\w+)", text)) <= {"br", "sub", "/sub"}


def test_markdown_makes_no_link_or_image_of_spec_text(frozen_book) -> None:
    """An image in a pull-request comment is a request from every reader's browser."""
    spec = parse_spec(
        'name: "![x](https://evil.example/p.png) [click](https://evil.example)"\n'
        "resources:\n  dns:\n    service: route53\n    hosted_zones: 1\n"
        '    group: "[g](https://evil.example)"\n'
        '    description: "![d](https://evil.example/d.png)"\n', "inline.yaml")
    text = render(estimate(spec, frozen_book), "markdown")
    assert "](https://evil" not in text.replace("\\](https://evil", "")
    assert "!\\[x\\](https://evil.example/p.png) \\[click\\](https://evil.example)" in text
    assert "\\[g\\](https://evil.example)" in text and "!\\[d\\](" in text


def test_markdown_marks_unverified_rates(frozen_book, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    text = render(_example(Path("examples/web-dns.yaml"), frozen_book), "markdown")
    assert "| Alias queries to AWS resources \\* |" in text
    assert "\\* not a verified AWS rate" in text


def _buckets(count: int) -> str:
    lines = ["name: many buckets", "resources:"]
    for i in range(count):
        lines += [f"  bucket-{i:03d}-photo-originals-eu-west:", "    service: s3",
                  f"    group: team-{i % 7}", "    storage:",
                  "      - {class: STANDARD, size: 100 GB}",
                  "      - {class: STANDARD_IA, size: 2 TB}",
                  "    requests:", "      - {class: STANDARD, put: 10k, get: 1M}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("explain", [False, True])
def test_300_buckets_fit_a_pull_request_comment(frozen_book, explain: bool) -> None:
    result = _estimate(frozen_book, _buckets(300), "buckets.yaml")
    text = render(result, "markdown", explain=explain)
    assert len(text) < 65_536
    assert "<details>" in text and text.count("<details>") == text.count("</details>")
    assert "**Monthly total: " + f"${result.monthly_total:,.2f}**" in text
    for group in range(7):  # every group's subtotal is there
        assert f"| team-{group} | " in text
    # the resource subtotals fit too
    assert all(f"| bucket-{i:03d}-photo-originals-eu-west | " in text for i in range(300))
    assert "line items are left out to fit a comment" in text


def test_markdown_under_budget_is_the_full_report(frozen_book) -> None:
    text = render(_estimate(frozen_book, _buckets(5), "buckets.yaml"), "markdown")
    assert "<details>" not in text and "left out" not in text


# --- terminal tables -----------------------------------------------------------------

def _names(result) -> list[str]:
    return [name for name, _, _ in result.resources
            if any(item.resource == name for item in result.line_items)]


def _check_lines(text: str, width: int) -> None:
    from awscalc.output.grid import width_of

    for line in text.splitlines():
        assert width_of(line) <= width, line
        assert line == line.rstrip(), f"trailing spaces: {line!r}"
    assert "…" not in text


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_resource_name_in_full_at_any_width(example: Path, width: int, frozen_book,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = _example(example.relative_to(REPO), frozen_book)
    for explain in (False, True):
        text = render(result, "table", explain=explain, width=width)
        _check_lines(text, width)
        table = [line.strip("│ ") for line in text.splitlines() if line.startswith("│")]
        for name in _names(result):
            assert any(cell.strip() == name for line in table for cell in line.split("│")), \
                f"{name} not whole at width {width}"


def test_long_names_never_cut(frozen_book) -> None:
    names = ["photo-originals-eu-west-1-archive-bucket-a",
             "photo-originals-eu-west-1-archive-bucket-b"]
    text = "resources:\n" + "".join(
        f"  {n}: {{service: s3, storage: [{{class: STANDARD, size: 1 TB}}]}}\n" for n in names)
    result = _estimate(frozen_book, text, "long.yaml")
    for width in (60, 80):
        table = render(result, "table", width=width)
        _check_lines(table, width)
        for name in names:
            assert name in table


def test_rate_column_left_out_only_when_it_does_not_fit(frozen_book) -> None:
    result = _estimate(frozen_book)
    assert "Rate" in render(result, "table", width=120).splitlines()[2]
    narrow = render(result, "table", width=60)
    assert "Rate" not in narrow.splitlines()[2]
    assert "$4.00" in narrow  # costs stay


def test_explain_formula_on_its_own_line(frozen_book) -> None:
    text = render(_estimate(frozen_book), "table", explain=True, width=120)
    line = next(line for line in text.splitlines() if "10,000,000 queries × $0.40/1M" in line)
    # spans the columns after Resource: no column border inside it
    assert line.count("│") == 3


def test_wrap_breaks_at_spaces_then_inside_long_words() -> None:
    assert wrap("Standard PUT, COPY, POST requests", 12) == ["Standard", "PUT, COPY,",
                                                             "POST", "requests"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("日本語テキスト", 6) == ["日本語", "テキス", "ト"]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "awscalc", *args], capture_output=True,
                          text=True, env=environment | env, timeout=60)


def test_columns_and_no_color_are_honoured() -> None:
    example = str(REPO / "examples" / "media-archive.yaml")
    names = ["camera-originals", "proxies-and-thumbnails", "compliance-vault",
             "back-catalogue"]
    for env in ({"COLUMNS": "60"}, {"COLUMNS": "80"}, {"NO_COLOR": "1"},
                {"NO_COLOR": "1", "COLUMNS": "70"}):
        result = _run("estimate", example, **env)
        assert result.returncode == 0, result.stderr
        width = int(env.get("COLUMNS", "100"))  # piped: 100 unless $COLUMNS says
        _check_lines(result.stdout, width)
        assert "\x1b[" not in result.stdout
        for name in names:
            assert name in result.stdout


def _words_whole(text: str, words: set[str]) -> list[str]:
    """The ``words`` that no line of ``text`` holds whole (between borders or spaces)."""
    found = {part for line in text.splitlines()
             for part in re.split(r"[\s│]+", line.replace(" · ", " "))}
    return sorted(words - found)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_pricing_list_fits_and_keeps_every_value_whole(width: int) -> None:
    """Service keys, counts and dates whole at any width; the source URL (the only long
    word) on a line under its card's row when it does not fit as a column."""
    listing = json.loads(_run("pricing", "list", "--pricing", str(FROZEN_PRICING), "-f",
                              "json").stdout)
    result = _run("pricing", "list", "--pricing", str(FROZEN_PRICING), COLUMNS=str(width))
    assert result.returncode == 0, result.stderr
    _check_lines(result.stdout, width)
    words = {card["service"] for card in listing}
    words |= {f"{card[key]:,}" for card in listing for key in ("rates", "unverified")}
    if width >= 60:
        words |= {card["retrieved"] for card in listing}
    assert not _words_whole(result.stdout, words)
    if width >= 80:  # a row and its source line (with its rule), not a URL down a column
        assert len(result.stdout.splitlines()) <= 4 * len(listing) + 5


def test_pricing_list_region_note_wraps() -> None:
    result = _run("pricing", "list", "--pricing", str(FROZEN_PRICING), "--region",
                  "eu-west-1", COLUMNS="60")
    assert result.returncode == 0, result.stderr
    _check_lines(result.stdout, 60)
    assert "partial" in result.stdout


def test_pricing_list_and_diff_fit_the_width(tmp_path: Path) -> None:
    result = _run("pricing", "list", COLUMNS="60")
    assert result.returncode == 0, result.stderr
    _check_lines(result.stdout, 60)
    changed = tmp_path / "new"
    shutil.copytree(FROZEN_PRICING, changed)
    card = changed / "route53.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("0.40", "0.45", 1),
                    encoding="utf-8")
    for width in (40, 60, 80, 200):
        diff = _run("pricing", "diff", str(FROZEN_PRICING), str(changed), COLUMNS=str(width))
        assert diff.returncode == 0, diff.stderr
        _check_lines(diff.stdout, width)
        # a rate, its change and the key never break (they did at 80 columns: "0.0 / 40")
        assert not _words_whole(diff.stdout, {"route53", "global", "dns-queries-standard",
                                              "0.40", "0.45", "+12.5%"}), diff.stdout
    assert "│ route53 │ global │ dns-queries-standard │" in diff.stdout  # at 200, columns


def test_pricing_list_csv_and_markdown(cli) -> None:
    result = cli("pricing", "list", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows and {"service", "source", "retrieved", "regions"} <= set(rows[0])
    assert any(r["service"] == "s3" and r["kind"] == "card" for r in rows)
    markdown = cli("pricing", "list", "--format", "markdown")
    assert markdown.code == 0
    assert markdown.out.startswith("## Rate cards")
    assert "| Service |" in markdown.out and "| Source |" in markdown.out
    assert cli("pricing", "list", "--format", "html").code == 2


# --- --output ------------------------------------------------------------------------

def test_output_file_gets_the_umask_mode_through_the_cli(cli, tmp_path: Path) -> None:
    example = str(REPO / "examples" / "web-dns.yaml")
    target = tmp_path / "report.md"
    old = os.umask(0o002)
    try:
        assert cli("estimate", example, "-f", "markdown", "-o", str(target)).code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    target.chmod(0o640)
    assert cli("estimate", example, "-f", "markdown", "-o", str(target)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
