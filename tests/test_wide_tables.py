"""The terminal tables of issue 20 beyond estimate's own: ``awscalc diff``, ``awscalc
transfer``, ``estimate --scenarios`` and ``estimate --months`` at 60, 80 and 120 columns
($COLUMNS) and piped with NO_COLOR (100 columns): no line wider than that, no trailing
space, nothing cut with "…", no colour, and every resource, scenario and option name
whole on one line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from awscalc.output.grid import width_of

from .conftest import FROZEN_PRICING, REPO

LONG = "photo-originals-eu-west-1-archive-bucket-a"  # 42 characters
ENVIRONMENTS = [{"COLUMNS": "60"}, {"COLUMNS": "80"}, {"COLUMNS": "120"}, {"NO_COLOR": "1"}]
IDS = ["60", "80", "120", "no-color"]

SPEC = f"""\
name: wide tables
resources:
  {LONG}:
    service: s3
    storage: [{{class: STANDARD, size: 1 TB}}]
  api:
    service: lambda
    requests: 5M
    duration: 120 ms
    memory: 512 MB
  dns:
    service: route53
    hosted_zones: 2
    queries: {{standard: 10M}}
  thumbnails-and-previews:
    service: s3
    storage: [{{class: STANDARD_IA, size: 300 GB}}]
scenarios:
  launch-with-a-small-audience:
    resources.api.requests: 1M
  growth-after-the-marketing-campaign:
    resources.api.requests: 50M
  black-friday-peak:
    resources.api.requests: 500M
  steady:
    resources.api.requests: 10M
"""


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    result = subprocess.run([sys.executable, "-m", "awscalc", *args], capture_output=True,
                            text=True, env=environment | env, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return result


def _check(text: str, env: dict[str, str], names: list[str]) -> None:
    """Lines within the width, no trailing spaces, no "…", no colour; each name whole
    on a line."""
    width = int(env.get("COLUMNS", "100"))  # piped: 100 unless $COLUMNS says
    for line in text.splitlines():
        assert width_of(line) <= width, line
        assert line == line.rstrip(), f"trailing spaces: {line!r}"
    assert "…" not in text
    assert "\x1b[" not in text
    lines = text.splitlines()
    for name in names:
        assert any(re.search(rf"(^|[│ ]){re.escape(name)}($|[│ ])", line) for line in lines), \
            f"{name!r} not whole at width {width}:\n{text}"


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wide") / "wide.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=IDS)
def test_diff_table(spec: Path, tmp_path: Path, env: dict[str, str]) -> None:
    after = tmp_path / "after.yaml"
    after.write_text(SPEC.replace("size: 1 TB", "size: 2 TB").replace("requests: 5M",
                                                                        "requests: 7M"),
                     encoding="utf-8")
    result = _run("diff", str(spec), str(after), "--all", "--pricing", str(FROZEN_PRICING),
                  **env)
    _check(result.stdout, env, [LONG, "api", "dns", "thumbnails-and-previews"])
    assert "+$23.55" in result.stdout  # the second terabyte: every amount whole
    if env.get("COLUMNS") != "60":  # % is the column left out first
        assert result.stdout.splitlines()[2].endswith(" % │")


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=IDS)
def test_transfer_table(env: dict[str, str]) -> None:
    args = ("transfer", "100TB", "-b", "1Gbps", "--deadline", "30d", "--include-retired",
            "--existing-customer")
    names = [option["name"] for option in json.loads(_run(*args, "-f", "json").stdout)[
        "options"]]
    assert len(names) >= 8 and any(len(name) > 40 for name in names)
    result = _run(*args, **env)
    _check(result.stdout, env, names)
    lines = result.stdout.splitlines()
    # a retired option's status is whole on the line under its name
    row = next(i for i, line in enumerate(lines) if "Snowball Edge Storage Optimized 80 TB"
               in line)
    assert "(retired " in lines[row + 1]


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=IDS)
def test_scenarios_table(spec: Path, env: dict[str, str]) -> None:
    document = json.loads(_run("estimate", str(spec), "--scenarios", "-f", "json",
                               "--pricing", str(FROZEN_PRICING)).stdout)
    # the spec's names ("as written", not one, is a header that may wrap at its space)
    names = [resource["name"] for resource in document["resources"]] + [
        label for label in document["scenarios"] if label != "as written"]
    assert len(names) == 8
    result = _run("estimate", str(spec), "--scenarios", "--pricing", str(FROZEN_PRICING),
                  **env)
    _check(result.stdout, env, names)
    for totals in document["totals"].values():  # every column's total is there
        assert f"${totals['monthly']:,.2f}" in result.stdout


def test_scenarios_split_into_blocks_only_when_they_do_not_fit(spec: Path) -> None:
    def tables(columns: str) -> int:
        text = _run("estimate", str(spec), "--scenarios", "--pricing", str(FROZEN_PRICING),
                    COLUMNS=columns).stdout
        return sum(1 for line in text.splitlines() if line.startswith("┌"))

    assert tables("250") == 1
    assert tables("120") > 1 and tables("60") > tables("120")


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=IDS)
def test_projection_table(spec: Path, env: dict[str, str]) -> None:
    result = _run("estimate", str(spec), "--months", "14", "--pricing", str(FROZEN_PRICING),
                  **env)
    _check(result.stdout, env, [LONG, "api", "dns", "thumbnails-and-previews", "Total",
                                "Cumulative"])
    # every month is a row of every block (14 months and two year subtotals)
    blocks = result.stdout.count("┌")
    assert sum(1 for line in result.stdout.splitlines() if line.startswith("│ 14 ")) == blocks
    assert sum(1 for line in result.stdout.splitlines() if "│ Year 2 " in line) == blocks


def test_projection_columns_split_at_60(spec: Path) -> None:
    text = _run("estimate", str(spec), "--months", "3", "--pricing", str(FROZEN_PRICING),
                COLUMNS="60").stdout
    assert text.count("┌") > 1
    header = [line for line in text.splitlines() if line.startswith("│ Month")]
    assert len(header) == text.count("┌")  # the Month column in every block
    assert "Cumulative" in header[-1]  # the totals close the last block


@pytest.mark.parametrize("command", ["diff", "scenarios", "months"])
def test_a_hostile_spec_name_is_literal_text(command: str, tmp_path: Path) -> None:
    name = "[link=https://evil.example]x[/link] \x1b[2J\x1b]52;c;aGk=\x07 left\u202eright"
    path = tmp_path / "hostile.yaml"
    path.write_text(SPEC.replace("name: wide tables", "name: " + json.dumps(name)),
                    encoding="utf-8")
    args = {"diff": ("diff", str(path), str(path)), "scenarios": ("estimate", str(path),
                                                                  "--scenarios"),
            "months": ("estimate", str(path), "--months", "2")}[command]
    text = _run(*args, "--pricing", str(FROZEN_PRICING), COLUMNS="200").stdout
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", text), repr(text[:300])
    assert "[link=https://evil.example]x[/link] \\x1b[2J\\x1b]52;c;aGk=\\x07" in text
    assert "left\\u202eright" in text


LONGEST = "a" * 20 + "-" + "b" * 20 + "-" + "c" * 22  # 64 characters: the schema's maximum


@pytest.mark.parametrize("columns", ["40", "60", "70"])
@pytest.mark.parametrize("report", ["--months", "--scenarios"])
def test_a_name_as_long_as_the_schema_allows_stays_within_the_width(
        report: str, columns: str, tmp_path: Path) -> None:
    # A resource name (a --months column header) or a scenario name (a --scenarios
    # column header) wider than a line holds beside the row labels breaks: the amounts
    # under it never do, and no line runs past the terminal's width.
    path = tmp_path / "longest.yaml"
    path.write_text(f"""\
resources:
  {LONGEST}:
    service: route53
    hosted_zones: 1
  api:
    service: route53
    hosted_zones: 2
scenarios:
  {LONGEST}:
    resources.api.hosted_zones: 3
""", encoding="utf-8")
    args = ("estimate", str(path), report, *(("3",) if report == "--months" else ()))
    text = _run(*args, "--pricing", str(FROZEN_PRICING), COLUMNS=columns).stdout
    for line in text.splitlines():
        assert width_of(line) <= int(columns), f"{line!r}\n{text}"
    assert "$1.50" in text and "$0.50" in text  # amounts whole


@pytest.mark.parametrize(("text", "width", "lines"), [
    # a URL breaks after a '/' or '.', a key after a '-', when the part fits the line
    ("https://aws.amazon.com/rds/aurora/pricing/", 30,
     ["https://aws.amazon.com/rds/", "aurora/pricing/"]),
    ("storage-intelligent-tiering-frequent", 22, ["storage-intelligent-", "tiering-frequent"]),
    ("ap-south-1, us-east-1", 11, ["ap-south-1,", "us-east-1"]),
    # no mark far enough into the line: as much as fits
    ("a-bcdefghijklmnop", 8, ["a-bcdefg", "hijklmno", "p"]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
])
def test_a_word_too_long_for_its_line_breaks_between_its_parts(
        text: str, width: int, lines: list[str]) -> None:
    from awscalc.output.grid import wrap

    assert wrap(text, width) == lines
    assert "".join(lines) == text.replace(" ", "")


def _tokens(text: str) -> set[str]:
    return {part for line in text.splitlines() for part in re.split(r"[\s│]+", line)}


def test_transfer_at_40_columns_breaks_no_word(tmp_path: Path) -> None:
    """At 40 columns the devices go with the option's name and the days and costs keep
    their words ("included", not "include / d"); the deadline header is '≤ 30 d'."""
    args = ("transfer", "1PB", "-b", "10Gbps", "--deadline", "30d", "--existing-customer")
    plan = json.loads(_run(*args, "-f", "json").stdout, parse_float=Decimal)
    result = _run(*args, COLUMNS="40")
    _check(result.stdout, {"COLUMNS": "40"}, [])
    tokens = _tokens(result.stdout)
    for word in ("effective", "included", "published", "30"):
        assert word in tokens, result.stdout
    for option in plan["options"]:
        days = option["total_days"].quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert f"{days:,}" in tokens, option["name"]
        assert set(option["name"].split()) <= tokens, option["name"]
    assert "device" in result.stdout or "devices" in result.stdout


def test_diff_at_40_columns_puts_each_component_on_a_row(spec: Path, tmp_path: Path) -> None:
    after = tmp_path / "after.yaml"
    after.write_text(SPEC.replace("size: 1 TB", "size: 2 TB"), encoding="utf-8")
    args = ("diff", str(spec), str(after), "--all", "--pricing", str(FROZEN_PRICING))
    report = json.loads(_run(*args, "-f", "json").stdout)
    result = _run(*args, COLUMNS="40")
    _check(result.stdout, {"COLUMNS": "40"}, ["api", "dns", "thumbnails-and-previews"])
    tokens = _tokens(result.stdout)
    for line in report["lines"]:  # every word of every component, every amount whole
        assert set(line["component"].split()) <= tokens, line["component"]
    assert "+$23.55" in tokens
