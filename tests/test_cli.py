"""The command line: outputs that add up, and one-line errors with the documented exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import REPO

EXAMPLE = str(REPO / "examples" / "global-dns.yaml")


def write(tmp_path: Path, text: str, name: str = "arch.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_json_total_equals_the_sum_of_line_items_and_of_the_csv(cli) -> None:
    data = json.loads(cli("estimate", EXAMPLE, "--format", "json").out,
                      parse_float=Decimal)
    assert data["schema_version"] == 1
    items = sum(Decimal(str(i["cost"])) for i in data["line_items"] if not i["one_time"])
    assert items == data["totals"]["monthly"] > 0
    assert data["totals"]["annual"] == data["totals"]["monthly"] * 12
    rows = list(csv.DictReader(io.StringIO(cli("estimate", EXAMPLE, "-f", "csv").out)))
    items = [r for r in rows if r["charge"]]  # total rows (after the items) have none
    assert rows[:len(items)] == items and len(items) == len(data["line_items"])
    assert sum(Decimal(r["cost"]) for r in items) == data["totals"]["monthly"]
    totals = {r["resource"]: Decimal(r["cost"]) for r in rows if r["resource"] == "TOTAL monthly"}
    assert totals == {"TOTAL monthly": data["totals"]["monthly"]}


def test_json_money_is_exact_decimal_text(cli) -> None:
    out = cli("estimate", EXAMPLE, "--format", "json").out
    assert '"monthly": ' in out
    assert not re.search(r"\d[eE][+-]?\d", out), "a number in exponent notation"
    for item in json.loads(out, parse_float=Decimal)["line_items"]:
        assert Decimal(str(item["cost"])).as_tuple().exponent >= -2


def test_stdin_and_markdown(cli) -> None:
    result = cli("estimate", "-", "--format", "markdown",
                 stdin="resources: {d: {service: route53, hosted_zones: 2}}")
    assert result.code == 0
    assert "| d | Hosted zones | 2 hosted zone-month | $0.50 per hosted zone-month | $1.00 |" \
        in result.out
    assert "**Monthly total: $1.00**" in result.out


def test_explain_shows_formulas(cli) -> None:
    result = cli("estimate", "-", "--explain",
                 stdin="resources: {d: {service: route53, queries: {standard: 3M}}}")
    assert "3,000,000 queries × $0.40/1M = $1.20" in result.out


def test_free_tier_flag_overrides_the_spec(cli) -> None:
    # Lambda's free tier: 1M requests and 400,000 GB-s. On: (6M − 1M) × $0.20/M = $1.00
    # (750 GB-s free); off: 6M × $0.20/M + 750 GB-s × $0.0000166667 = $1.20 + $0.01
    spec = ("free_tier: true\nresources: {f: {service: lambda, requests: 6M, "
            "duration: 1 ms, memory: 128 MB}}")
    on = cli("estimate", "-", "-f", "json", stdin=spec)
    off = cli("estimate", "-", "-f", "json", "--no-free-tier", stdin=spec)
    assert json.loads(on.out, parse_float=Decimal)["totals"]["monthly"] == Decimal("1.00")
    assert json.loads(off.out, parse_float=Decimal)["totals"]["monthly"] == Decimal("1.21")


def test_output_file_is_written_and_kept_on_failure(cli, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert cli("estimate", EXAMPLE, "-f", "json", "-o", str(target)).code == 0
    before = target.read_text()
    assert json.loads(before)["schema_version"] == 1
    bad = write(tmp_path, "resources: {d: {service: route53, hosted_zones: -1}}")
    assert cli("estimate", bad, "-f", "json", "-o", str(target)).code == 3
    assert target.read_text() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("text", "code", "start"),
    [
        ("resources: [unclosed", 3, "arch.yaml:2: invalid YAML"),
        ("resources:\n  d:\n    service: route53\n    hosted_zone: 3\n", 3,
         "arch.yaml:4: $.resources.d.hosted_zone: unknown key 'hosted_zone' "
         "(did you mean 'hosted_zones'?"),
        ("resources:\n  d:\n    service: route53\n    queries:\n      standrd: 1M\n", 3,
         "arch.yaml:5: $.resources.d.queries.standrd: unknown key 'standrd' "
         "(did you mean 'standard'?"),
        ("resources:\n  d: {service: route53}\n  d: {service: route53}\n", 3,
         "arch.yaml:3: $.resources.d: duplicate key 'd' (first defined on line 2)"),
        ("resources:\n  d:\n    service: route53\n    hosted_zones: -1\n", 3,
         "arch.yaml:4: $.resources.d.hosted_zones: -1 is negative"),
        ("resources:\n  d:\n    service: route53\n    queries: {standard: 5 apples}\n", 3,
         "arch.yaml:4: $.resources.d.queries.standard: '5 apples' is not a count"),
        ("", 3, "arch.yaml: $: the spec is empty"),
        ("# only a comment\n", 3, "arch.yaml: $: the spec is empty"),
        ("resources:\n  d: {service: route54}\n", 3,
         "arch.yaml:2: $.resources.d.service: unknown service 'route54' "
         "(did you mean 'route53'?)"),
        ("region: us-east-7\nresources: {d: {service: route53}}\n", 3,
         "arch.yaml:1: $.region: unknown region 'us-east-7' (did you mean 'us-east-2'?)"),
        ("resources: {}\n", 3, "arch.yaml:1: $.resources: the spec has no resources"),
        ("- a list\n", 3, "arch.yaml:1: $: expected a mapping, got a list"),
        ("free_tier: maybe\nresources: {d: {service: route53}}\n", 3,
         "arch.yaml:1: $.free_tier: expected true or false, got 'maybe'"),
        ("month: 5 days\nresources: {d: {service: route53}}\n", 3,
         "arch.yaml:1: $.month: '5 days' is not a billing month"),
        ("resources:\n  d:\n    region: eu-west-1\n", 3,
         "arch.yaml:2: $.resources.d: missing required key 'service'"),
        ("resources:\n\td: {service: route53}\n", 3, "arch.yaml:2: invalid YAML"),
        ("a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
         "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
         "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n", 3, "arch.yaml:"),
    ],
)
def test_bad_specs_give_one_line_and_exit_3(cli, tmp_path: Path, text: str, code: int,
                                            start: str) -> None:
    result = cli("estimate", write(tmp_path, text))
    assert result.code == code
    line = result.err.strip()
    assert "\n" not in line and "Traceback" not in line
    message = line.removeprefix("awscalc: error: ").replace(str(tmp_path) + "/", "")
    assert message.startswith(start), message


def test_more_errors_are_counted(cli, tmp_path: Path) -> None:
    spec = write(tmp_path, "resources:\n  d:\n    service: route53\n    hosted_zone: 1\n"
                           "    traffic_policy: 2\n  e: {service: route53, hosted_zones: x}\n")
    result = cli("estimate", spec)
    assert result.code == 3 and "(+2 more errors; 'awscalc validate' lists all)" in result.err
    listing = cli("validate", spec)
    assert listing.code == 3 and len(listing.err.strip().splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("estimate", "/nonexistent/arch.yaml"), 2, "/nonexistent/arch.yaml: no such file"),
        (("estimate", "{tmp}"), 2, "is a directory"),
        (("estimate", "{example}", "--format", "xml"), 2, "Invalid value"),
        (("estimate", "{example}", "--region", "mars-1"), 2, "unknown region 'mars-1'"),
        (("estimate", "{example}", "--pricing", "{tmp}"), 4, "no rate card for service"),
        (("estimate", "{binary}"), 3, "binary file"),
        (("estimate", "{latin1}"), 3, "not UTF-8"),
    ],
)
def test_usage_and_pricing_errors(cli, tmp_path: Path, args: tuple[str, ...], code: int,
                                  fragment: str) -> None:
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01\x02resources")
    (tmp_path / "latin1.yaml").write_bytes("name: caf\xe9\n".encode("latin-1"))
    values = {"tmp": str(tmp_path), "example": EXAMPLE, "binary": str(tmp_path / "bin.yaml"),
              "latin1": str(tmp_path / "latin1.yaml")}
    result = cli(*(arg.format(**values) for arg in args))
    assert result.code == code
    assert fragment in result.err
    assert "Traceback" not in result.err


def test_validate_reports_valid_specs(cli) -> None:
    result = cli("validate", EXAMPLE)
    assert result.code == 0 and "valid (3 resources)" in result.err


def test_schema_is_json_and_lists_services(cli) -> None:
    schema = json.loads(cli("schema").out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "route53" in schema["$defs"]["resource"]["properties"]["service"]["enum"]


def test_pricing_list_names_cards_and_sources(cli) -> None:
    listing = json.loads(cli("pricing", "list", "--format", "json").out)
    route53 = next(card for card in listing if card["service"] == "route53")
    assert route53["source"].startswith("https://") and route53["origin"] == "shipped"
    table = cli("pricing", "list").out
    assert "Amazon Route 53" in table


@pytest.mark.parametrize("command", [(), ("estimate",), ("validate",), ("schema",),
                                     ("diff",), ("transfer",), ("pricing", "list"),
                                     ("pricing", "update"), ("pricing", "diff")])
def test_every_command_has_help_with_an_example(cli, command: tuple[str, ...]) -> None:
    result = cli(*command, "--help")
    assert result.code == 0
    assert "awscalc " in result.out and ("Example" in result.out or "awscalc estimate" in
                                         result.out)


def test_version(cli) -> None:
    from awscalc import __version__

    assert cli("--version").out.strip() == f"awscalc {__version__}"
