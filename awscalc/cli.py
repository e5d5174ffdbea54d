"""The command line: options → core calls → formatter; errors → one line and an exit code.

Only this module prints. Heavy modules (pint, jsonschema, rich's progress bar) are imported
inside the commands that need them, so ``awscalc --help`` stays fast.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from awscalc import __version__
from awscalc.errors import AwscalcError, ExitCode, UsageError

UNITS_HELP = ("Data sizes are binary (1 GB = 2^30 bytes, 1 TB = 1,024 GB, as AWS bills); "
              "bit rates are decimal (1 Gbps = 10^9 bit/s); a month is 730 h unless the "
              "spec says otherwise.")

app = typer.Typer(
    name="awscalc",
    help=f"""Estimate what an AWS architecture costs each month, offline and to the cent.

Describe the architecture in a YAML spec, then:

\b
    awscalc estimate examples/web-dns.yaml
    awscalc estimate arch.yaml --format json | jq .totals.monthly
    awscalc validate arch.yaml
    awscalc diff before.yaml after.yaml --format markdown
    awscalc transfer 100TB --bandwidth 1Gbps

{UNITS_HELP}

Exit codes: 0 ok, 1 internal error, 2 usage error, 3 invalid spec or quantity,
4 pricing problem (rate card missing, invalid or lacking a region/key),
5 cost rise above 'diff --fail-above'.""",
    no_args_is_help=True,
    add_completion=False,  # our own --install-completion [SHELL] (see _completion)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
pricing_app = typer.Typer(
    help="Rate cards: which are in use, where they come from.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(pricing_app, name="pricing")

_state: dict[str, bool] = {"debug": False}


class GroupBy(str, Enum):
    """The groupings of ``estimate --group-by``."""

    group = "group"
    service = "service"
    region = "region"
    resource = "resource"


class OutputFormat(str, Enum):
    """The report formats of ``--format``."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class ListFormat(str, Enum):
    """The formats of ``pricing list``."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"awscalc {__version__}")
        raise typer.Exit()


# The shells typer writes completion scripts for; '--show-completion' alone detects it.
COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
_DETECT = "detect"


def _completion(install: bool) -> Callable[..., None]:
    """The callback of ``--install-completion`` or ``--show-completion`` [SHELL]: typer's
    own scripts and install locations, for the shell named or else the one detected."""

    def callback(ctx: Any, param: Any, value: str | None) -> None:
        if value is None or ctx.resilient_parsing:
            return
        from typer._completion_classes import completion_init
        from typer._completion_shared import _get_shell_name
        from typer.completion import install_callback, show_callback

        option = "--install-completion" if install else "--show-completion"
        shell = _get_shell_name() if value == _DETECT else value.strip().lower()
        if shell is None:
            raise UsageError(f"{option}: cannot tell which shell this is",
                             f"name it, e.g. {option} bash")
        if shell not in COMPLETION_SHELLS:
            raise UsageError(f"{option}: no completion for the shell '{shell}'",
                             f"expected one of: {', '.join(COMPLETION_SHELLS)}")
        completion_init()
        (install_callback if install else show_callback)(ctx, param, shell)

    return callback


def _completion_args(args: list[str]) -> list[str]:
    """``args`` with the SHELL of a bare ``--install-completion``/``--show-completion``
    (the last word, or before another option) filled in as "detect" (typer's options
    take no optional value). If the shell's completion is asking, typer's classes for
    it are registered."""
    if "_AWSCALC_COMPLETE" in os.environ:
        from typer._completion_classes import completion_init

        completion_init()
    if "--install-completion" not in args and "--show-completion" not in args:
        return args
    filled: list[str] = []
    for position, word in enumerate(args):
        filled.append(word)
        following = args[position + 1] if position + 1 < len(args) else "-"
        if word in ("--install-completion", "--show-completion") and following[:1] == "-":
            filled.append(_DETECT)
    return filled


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug",
                                        help="Show a traceback for internal errors.")] = False,
    install_completion: Annotated[str | None, typer.Option(
        "--install-completion", metavar="[SHELL]",
        callback=_completion(install=True), expose_value=False, is_eager=True,
        help="Install tab completion for SHELL (bash, zsh, fish, powershell; default: "
        "this shell).", show_default=False)] = None,
    show_completion: Annotated[str | None, typer.Option(
        "--show-completion", metavar="[SHELL]",
        callback=_completion(install=False), expose_value=False, is_eager=True,
        help="Print the completion script for SHELL, to install it yourself, e.g. "
        "awscalc --show-completion bash > ~/.local/share/bash-completion/completions/"
        "awscalc", show_default=False)] = None,
) -> None:
    _state["debug"] = debug or _env_flag("AWSCALC_DEBUG")


def _env_flag(name: str) -> bool:
    """Whether environment variable ``name`` is set to a true value: ``0``, ``false``,
    ``no``, ``off`` and the empty string are false."""
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


SpecArg = Annotated[str, typer.Argument(metavar="SPEC",
                                        help="The architecture spec (YAML); '-' reads stdin.")]
PricingOpt = Annotated[Path | None, typer.Option(
    "--pricing", metavar="DIR", help="Use the rate cards in DIR (default: $AWSCALC_PRICING, "
    "else cards from 'awscalc pricing update', else the shipped cards).", show_default=False)]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", metavar="PATH=VALUE", help="Override a spec value before validation "
    "(repeatable), e.g. --set resources.api.architecture=arm64.", show_default=False)]
RegionOpt = Annotated[str | None, typer.Option(
    help="Default region of the spec's resources (per-resource regions still win).",
    show_default=False)]
FreeTierOpt = Annotated[bool | None, typer.Option(
    "--free-tier/--no-free-tier", help="Apply AWS's always-free allowances "
    "(default: the spec's free_tier, else off).", show_default=False)]


@app.command()
def estimate(
    spec: SpecArg,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Report format.", case_sensitive=False)] = OutputFormat.table,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout "
        "(atomically: a failure leaves FILE as it was).", show_default=False)] = None,
    region: RegionOpt = None,
    free_tier: FreeTierOpt = None,
    pricing: PricingOpt = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show each line item's formula in the table and Markdown (not "
        "with --scenarios or --months: their reports have no line items).")] = False,
    overrides: SetOpt = None,
    scenario: Annotated[str | None, typer.Option(
        "--scenario", metavar="NAME", help="Price the spec with the overrides of its "
        "scenario NAME (from its 'scenarios' mapping; --set still applies after it).",
        show_default=False)] = None,
    all_scenarios: Annotated[bool, typer.Option(
        "--scenarios", help="Price the spec as written and under every scenario, side by "
        "side: a column each, per-resource subtotals and totals.")] = False,
    months: Annotated[str | None, typer.Option(
        "--months", metavar="N", help="Project months 1…N (up to 120): each month "
        "rated on its own usage (growth, start_month, lifecycle streams), with year "
        "subtotals and the running total.", show_default=False)] = None,
    group_by: Annotated[GroupBy | None, typer.Option(
        "--group-by", help="Group the report's resources, with a subtotal each (default: "
        "group when any resource has a 'group:', else resource; not with --scenarios or "
        "--months).", case_sensitive=False,
        show_default=False)] = None,
    csv_bom: Annotated[bool | None, typer.Option(
        "--csv-bom/--no-csv-bom", help="Start CSV with a UTF-8 byte order mark, so that "
        "Excel reads '×' and '—' right (default: with --output FILE, not on stdout).",
        show_default=False)] = None,
) -> None:
    """Estimate the monthly and one-time cost of an architecture spec.

    Examples:

    \b
        awscalc estimate examples/web-dns.yaml
        awscalc estimate arch.yaml --explain --free-tier
        awscalc estimate arch.yaml --format json | jq '.totals.monthly'
        awscalc estimate arch.yaml --format csv -o costs.csv --region eu-west-1
        awscalc estimate arch.yaml --set resources.api.architecture=arm64
        awscalc estimate arch.yaml --scenario growth
        awscalc estimate arch.yaml --scenarios --format csv -o scenarios.csv
        awscalc estimate arch.yaml --months 36 --format csv -o projection.csv
        cat arch.yaml | awscalc estimate - --format markdown
    """
    from awscalc.estimate import estimate as run_estimate
    from awscalc.output import write
    from awscalc.ratecards import RateBook
    from awscalc.spec import parse_spec, read_spec_text

    book = RateBook.from_option(str(pricing) if pricing else None)
    fmt = output_format.value
    color, width = _table_layout(output)
    bom = "\ufeff" if fmt == "csv" and (csv_bom if csv_bom is not None else
                                        output is not None and str(output) != "-") else ""
    if all_scenarios and months is not None:
        raise UsageError("--months projects one spec: leave out --scenarios",
                         "project one scenario with --scenario NAME --months N")
    if all_scenarios or months is not None:
        _no_line_items("--scenarios" if all_scenarios else "--months", explain, group_by)
    if all_scenarios:
        _emit(bom + _scenarios_report(spec, book, fmt, color, width, region=region,
                                      free_tier=free_tier, overrides=overrides or (),
                                      scenario=scenario), output)
        return
    name, text = read_spec_text(spec)
    loaded = parse_spec(text, name, region=region, free_tier=free_tier,
                        overrides=overrides or (), scenario=scenario)
    result = run_estimate(loaded, book)
    if loaded.ranges:
        from dataclasses import replace

        from awscalc.ranges import range_report

        result = replace(result, ranges=range_report(
            text, name, book, result, region=region, free_tier=free_tier,
            overrides=overrides or (), scenario=scenario, ranges=loaded.ranges))
    if scenario is not None:
        from awscalc.scenarios import titled

        result = titled(result, scenario)
    if group_by is not None:
        from dataclasses import replace

        result = replace(result, group_by=group_by.value)
    if months is not None:
        from awscalc.output.projection_formats import render as render_projection
        from awscalc.projection import project

        if fmt not in ("table", "json", "csv", "markdown"):
            raise UsageError(f"--months: no {fmt} projection report",
                             "use --format table, json, csv or markdown")
        _emit(bom + render_projection(project(loaded, book, _months(months), result), fmt,
                                      color=color, width=width), output)
        return

    def write_report(stream: TextIO) -> None:
        stream.write(bom)
        write(result, fmt, stream, explain=explain, color=color, width=width)

    _emit(write_report, output)
    if fmt == "csv":  # CSV rows are data: what the other formats print goes to stderr
        _csv_diagnostics(result)


def _no_line_items(report: str, explain: bool, group_by: Any) -> None:
    """``--explain`` and ``--group-by`` shape an estimate's line items and groups, which
    the ``report`` (``--scenarios``, ``--months``) does not have: a usage error rather
    than an option silently ignored."""
    scenarios = report == "--scenarios"
    rows = "a row per resource" if scenarios else "a column per resource"
    if explain:
        raise UsageError(f"--explain does not apply to {report}: its report has {rows}, "
                         "no line items with formulas",
                         "leave out --explain, or explain one scenario with --scenario "
                         "NAME --explain" if scenarios else "leave out --explain; the "
                         "estimate without --months explains each line item")
    if group_by is not None:
        raise UsageError(f"--group-by does not apply to {report}: its report has {rows}, "
                         "without groups", "leave out --group-by")


def _csv_diagnostics(result: Any) -> None:
    """The notes, warnings and range totals a CSV report cannot carry, on stderr."""
    from awscalc.safetext import printable

    for line in result.summaries():
        typer.echo(f"note: {printable(line)}", err=True)
    if result.ranges is not None:
        monthly = result.ranges.monthly
        typer.echo(f"note: ranges: monthly ${monthly['low']:,.2f} low, "
                   f"${monthly['expected']:,.2f} expected, ${monthly['high']:,.2f} high "
                   "(--format json or table for the sensitivity ranking)", err=True)
    for warning in result.warnings:
        typer.echo(f"warning: {printable(warning)}", err=True)


def _months(text: str) -> int:
    """``--months``: 1 to 120, in ASCII digits (``int()`` would also take ``١٢``)."""
    from awscalc.projection import MAX_MONTHS

    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and 1 <= int(digits[:4]) <= MAX_MONTHS
            and len(digits) <= 3):
        raise UsageError(f"--months: '{text}' is not a number of months",
                         f"expected 1 to {MAX_MONTHS}, e.g. --months 36")
    return int(digits)


def _whole_number(option: str, noun: str, low: int, high: int) -> Callable[[Any], int]:
    """A typer ``parser`` for an integer option: ``low`` to ``high`` in ASCII digits
    (typer's ``int`` takes what ``int()`` does: ``١٢``, ``1_0``)."""

    def parse(value: Any) -> int:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(high))
                and low <= int(text) <= high):
            raise UsageError(f"{option}: '{value}' is not a whole number of {noun}",
                             f"expected {low} to {high}")
        return int(text)

    return parse


def _decimal_number(option: str, noun: str, low: float, high: float
                    ) -> Callable[[Any], float]:
    """A typer ``parser`` for a float option: ``low`` to ``high`` in ASCII digits with an
    optional point (typer's ``float`` takes ``nan``, which passes any min and max,
    ``١٢`` and ``1e3``)."""

    def parse(value: Any) -> float:
        import re

        text = str(value).strip()
        if not (re.fullmatch(r"[0-9]{1,15}(\.[0-9]{0,10})?|\.[0-9]{1,10}", text, re.ASCII)
                and low <= float(text) <= high):
            raise UsageError(f"{option}: '{value}' is not a number of {noun}",
                             f"expected {low:g} to {high:g}")
        return float(text)

    return parse


def _scenarios_report(spec: str, book: Any, fmt: str, color: bool, width: int, *,
                      region: str | None, free_tier: bool | None,
                      overrides: Sequence[str], scenario: str | None) -> str:
    """``estimate --scenarios``: every scenario priced, rendered side by side."""
    from awscalc.output.scenario_formats import render
    from awscalc.scenarios import price_scenarios
    from awscalc.spec import read_spec_text

    if scenario is not None:
        raise UsageError("--scenarios prices every scenario: leave out --scenario",
                         "use one of them")
    if fmt == "html":
        raise UsageError("--scenarios: no html report", "use --format table, json, csv or markdown")
    name, text = read_spec_text(spec)
    return render(price_scenarios(text, name, book, region=region, free_tier=free_tier,
                                  overrides=overrides), fmt, color=color, width=width)


@app.command()
def validate(spec: SpecArg, pricing: PricingOpt = None) -> None:
    """Check a spec against the schema and its quantities, without pricing it.

    Lists every problem, best first, one line each; exits 3 if there is any.

    Examples:

    \b
        awscalc validate arch.yaml
        awscalc validate - < arch.yaml
    """
    import functools

    from awscalc.ratecards import RateBook
    from awscalc.spec import read_spec_text, scenario_names
    from awscalc.validation import spec_problems

    name, text = read_spec_text(spec)
    book = functools.cache(lambda: RateBook.from_option(str(pricing) if pricing else None))
    problems, parsed = spec_problems(text, name, book)
    if problems:
        for line in problems:
            typer.echo(line, err=True)
        raise typer.Exit(ExitCode.INVALID_INPUT)
    scenarios = scenario_names(parsed.source.document)
    count = len(parsed.resources)
    from awscalc.safetext import printable

    scenario_text = (f", {len(scenarios)} scenario{'s' if len(scenarios) != 1 else ''}"
                     if scenarios else "")
    typer.echo(printable(f"{name}: valid ({count} resource{'s' if count != 1 else ''}"
                         f"{scenario_text})"), err=True)


class Template(str, Enum):
    """``--template`` of ``awscalc init``: one per family of shipped examples."""

    web_app = "web-app"
    serverless = "serverless"
    data_lake = "data-lake"
    static_site = "static-site"


@app.command()
def init(
    template: Annotated[Template, typer.Option(
        "--template", "-t", case_sensitive=False, help="What the starter spec holds: "
        "web-app (load balancer, EC2, RDS, S3, Route 53), serverless (Lambda, SQS, "
        "Route 53), data-lake (Kinesis, Firehose, S3 classes), static-site (S3, "
        "CloudFront, Route 53).")] = Template.web_app,
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE", help="The spec to write ('-': print it, and "
        "write no schema).")] = "arch.yaml",
    directory: Annotated[Path | None, typer.Option(
        "--dir", metavar="DIR", help="Write into DIR (created if missing) instead of the "
        "current folder.", show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace existing files.")] = False,
    no_schema: Annotated[bool, typer.Option(
        "--no-schema", help="Write only the spec, not awscalc.schema.json.")] = False,
) -> None:
    """Write a commented starter spec, and the JSON Schema beside it for your editor.

    The spec prices as it is; change its numbers to yours. Its first line points
    yaml-language-server (VS Code, Neovim, …) at ./awscalc.schema.json, written in
    the same folder, for completion and checks as you type. Existing files are not
    replaced (exit 2) unless --force; an identical schema is left as it is.

    Examples:

    \b
        awscalc init
        awscalc init --template serverless -o api.yaml
        awscalc init -t static-site --dir site && awscalc estimate site/arch.yaml
        awscalc init -t data-lake -o - | less
    """
    from awscalc.starter import check_free, init_paths, schema_text, template_text

    text = template_text(template.value)
    if output == "-":
        _emit(text, None)
        return
    spec_path, schema_path = init_paths(output, None if directory is None else str(directory))
    content = None if no_schema else schema_text()
    write_schema = check_free(spec_path, None if no_schema else schema_path, content, force)
    if directory is not None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--dir {directory}: cannot create it ({exc.strerror})") from exc
    _emit(text, spec_path)
    if write_schema and content is not None:
        _emit(content, schema_path)
    from awscalc.safetext import printable

    wrote = f" and {schema_path}" if write_schema else ""
    typer.echo(printable(f"Wrote {spec_path} ({template.value} template){wrote}. Next: "
                         f"awscalc estimate {spec_path}"), err=True)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the schema to FILE instead of stdout "
        "(atomically).", show_default=False)] = None,
) -> None:
    """Print the spec's JSON Schema (draft 2020-12), for editors and CI.

    'awscalc init' writes it beside a starter spec. Example (VS Code /
    yaml-language-server):

    \b
        awscalc schema -o awscalc.schema.json
        # then, as the first line of arch.yaml:
        # yaml-language-server: $schema=./awscalc.schema.json
    """
    from awscalc.starter import schema_text

    _emit(schema_text(), output)


class Direction(str, Enum):
    """``--direction`` of ``awscalc transfer``."""

    import_ = "import"
    export = "export"


@app.command()
def diff(
    before: Annotated[str, typer.Argument(metavar="BEFORE", help="The spec as it is.")],
    after: Annotated[str, typer.Argument(metavar="AFTER", help="The spec as changed.")],
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Report format.", case_sensitive=False)] = OutputFormat.table,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report to FILE (atomically).",
        show_default=False)] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show unchanged lines too.")] = False,
    overrides: SetOpt = None,
    set_before: Annotated[list[str] | None, typer.Option(
        "--set-before", metavar="PATH=VALUE", help="Override a value in BEFORE only.",
        show_default=False)] = None,
    set_after: Annotated[list[str] | None, typer.Option(
        "--set-after", metavar="PATH=VALUE", help="Override a value in AFTER only.",
        show_default=False)] = None,
    fail_above: Annotated[str | None, typer.Option(
        "--fail-above", metavar="AMOUNT", help="Exit 5 when the monthly cost rises by more "
        "than AMOUNT dollars (a CI gate).", show_default=False)] = None,
    region: RegionOpt = None,
    free_tier: FreeTierOpt = None,
    pricing: PricingOpt = None,
) -> None:
    """Show what a change to an architecture costs: BEFORE and AFTER, line by line.

    Both specs are priced with the same rate cards. Unchanged lines are hidden unless
    --all. Exit code 0 whether or not costs changed; with --fail-above AMOUNT, exit 5
    when the monthly increase exceeds AMOUNT.

    Examples:

    \b
        awscalc diff before.yaml after.yaml
        awscalc diff main.yaml branch.yaml --format markdown > comment.md
        awscalc diff arch.yaml arch.yaml --set-after resources.api.memory=1024MB
        awscalc diff arch.yaml arch.yaml --set-after resources.cdn.price_class=PriceClass_100
        awscalc diff main.yaml branch.yaml --fail-above 100
    """
    from awscalc.diff import compare
    from awscalc.estimate import estimate as run_estimate
    from awscalc.output.diff_formats import render as render_diff
    from awscalc.ratecards import RateBook
    from awscalc.spec import load_spec

    threshold = _amount(fail_above, "--fail-above") if fail_above is not None else None
    book = RateBook.from_option(str(pricing) if pricing else None)
    common = list(overrides or [])
    estimates = [
        run_estimate(load_spec(path, region=region, free_tier=free_tier,
                               overrides=[*common, *(extra or [])]), book)
        for path, extra in ((before, set_before), (after, set_after))
    ]
    result = compare(*estimates)
    color, width = _table_layout(output)
    _emit(render_diff(result, output_format.value, show_all=show_all, color=color,
                      width=width), output)
    if threshold is not None and result.monthly.delta > threshold:
        typer.echo(f"awscalc: the monthly cost rises by ${result.monthly.delta:,.2f}, more "
                   f"than --fail-above ${threshold:,.2f}", err=True)
        raise typer.Exit(ExitCode.COST_THRESHOLD)


def _amount(text: str, option: str) -> Decimal:
    """A dollar amount such as ``100``, ``$100.50`` or ``1,000``: ASCII digits only (not
    what ``Decimal`` also takes: ``١٢``, ``1_000``, ``1e999999999``, ``NaN``), at most 15
    before the point and 10 after."""
    import re

    digits = text.strip().removeprefix("$").replace(",", "")
    if not re.fullmatch(r"[0-9]{1,15}(\.[0-9]{1,10})?", digits, re.ASCII):
        raise UsageError(f"{option}: '{text}' is not an amount of dollars",
                         "e.g. 100 or 99.50")
    return Decimal(digits)


@app.command(context_settings={"ignore_unknown_options": True})
def transfer(
    size: Annotated[list[str], typer.Argument(
        metavar="SIZE", help="How much data: '100TB', '1.5PB', '500GiB' (binary units).",
        show_default=False)],
    bandwidth: Annotated[list[str] | None, typer.Option(
        "--bandwidth", "-b", metavar="RATE", help="A network bandwidth to compare; repeat "
        "for several (default: 100Mbps, 1Gbps, 10Gbps).", show_default=False)] = None,
    utilization: Annotated[str, typer.Option(
        metavar="PERCENT", help="Share of the bandwidth the transfer really gets.")] = "80%",
    direction: Annotated[Direction, typer.Option(
        help="import: into AWS (free over the network); export: out of AWS (data transfer "
        "out is charged).", case_sensitive=False)] = Direction.import_,
    region: Annotated[str, typer.Option(
        help="The AWS region the data goes to or comes from.")] = "us-east-1",
    deadline: Annotated[str | None, typer.Option(
        metavar="DURATION", help="Mark the options that finish within it, e.g. '10d', "
        "'2w', '3 weeks'.", show_default=False)] = None,
    link_cost: Annotated[list[str] | None, typer.Option(
        "--link-cost", metavar="RATE=AMOUNT/month", help="What your line of RATE costs, "
        "e.g. 1Gbps=1200/month, charged pro rata of the transfer's days (repeatable; "
        "without it the line's cost is reported as not included).",
        show_default=False)] = None,
    objects: Annotated[str | None, typer.Option(
        metavar="COUNT", help="How many objects, e.g. 50M: adds the S3 PUT (import) or GET "
        "and retrieval (export) requests of --storage-class.", show_default=False)] = None,
    average_object_size: Annotated[str | None, typer.Option(
        "--average-object-size", metavar="SIZE", help="Instead of --objects: SIZE / this "
        "objects, e.g. '2 MB'.", show_default=False)] = None,
    storage_class: Annotated[str, typer.Option(
        "--storage-class", metavar="CLASS", help="S3 class written (import) or read (export): "
        "standard, intelligent-tiering, standard-ia, onezone-ia, glacier-ir, glacier, "
        "deep-archive.")] = "standard",
    datasync_mode: Annotated[str, typer.Option(
        "--datasync-mode", metavar="MODE", help="DataSync task mode: basic (on-premises, "
        "with an agent) or enhanced (S3 and other clouds).")] = "basic",
    travel_days: Annotated[str | None, typer.Option(
        "--travel-days", metavar="DAYS", help="Days to carry your storage to a Data Transfer "
        "Terminal (default: the catalog's assumption, 1).", show_default=False)] = None,
    copy_rate: Annotated[str | None, typer.Option(
        "--copy-rate", metavar="RATE", help="On-site copy rate of one workstation to a Snow "
        "device or at a terminal, e.g. '250MB/s' (default: each device's catalog rate, the "
        "terminal's ports).", show_default=False)] = None,
    workstations: Annotated[int, typer.Option(
        metavar="N", parser=_whole_number("--workstations", "workstations", 1, 1000),
        help="Workstations copying to the devices in parallel (1 to 1000).")] = 1,
    new_customer: Annotated[bool, typer.Option(
        "--new-customer/--existing-customer", help="A new AWS customer does not see the "
        "devices AWS offers to existing customers only (Snowball Edge since 2025-11-07).")
    ] = True,
    include_retired: Annotated[bool, typer.Option(
        "--include-retired", help="Also show retired devices (original Snowball, Snowball "
        "Edge 80 TB, Snowcone, Snowmobile), labelled with their retirement dates.")] = False,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Report format.", case_sensitive=False)] = OutputFormat.table,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout "
        "(atomically: a failure leaves FILE as it was).", show_default=False)] = None,
    pricing: PricingOpt = None,
) -> None:
    """Plan moving SIZE into or out of AWS: network, Direct Connect, DataSync, Data Transfer
    Terminal and Snow devices, days and dollars.

    Network time = size × 8 / (bandwidth × utilization); DataSync the same, never faster
    than one task (10 Gbps); Direct Connect adds port-hours for the transfer's hours;
    Terminal = travel + reserved hours at the ports' speed; Snow = order and delivery +
    on-site copy + return shipping + AWS ingest. Fees AWS does not publish are shown as
    "not published" and left out of totals; the line's own cost only with --link-cost.

    Examples:

    \b
        awscalc transfer 100TB
        awscalc transfer 100TB --bandwidth 1Gbps --link-cost 1Gbps=1200/month
        awscalc transfer 100TB -b 1Gbps --objects 50M --storage-class glacier -o plan.json -f json
        awscalc transfer 1PB -b 10Gbps --deadline 30d --existing-customer
        awscalc transfer 50TB --direction export --average-object-size 2MB --storage-class glacier
        awscalc transfer 1.5PB -b 10Gbps --utilization 70% --direction export --region eu-west-1
        awscalc transfer 300TB --deadline 10d --copy-rate 250MB/s --workstations 2 --format json
        awscalc transfer 500GiB --include-retired --format markdown
    """
    from awscalc.transfer_args import Arguments, build_request

    request = build_request(Arguments(
        size=size, bandwidth=bandwidth, utilization=utilization, direction=direction.value,
        region=region, deadline=deadline, copy_rate=copy_rate, workstations=workstations,
        include_retired=include_retired, customer="new" if new_customer else "existing",
        link_cost=link_cost, objects=objects, average_object_size=average_object_size,
        storage_class=storage_class, datasync_mode=datasync_mode, travel_days=travel_days))
    from awscalc.output.transfer_formats import render as render_plan
    from awscalc.ratecards import RateBook
    from awscalc.snow import catalog_path, load_catalog
    from awscalc.transfer import EXPORT, plan, s3_rates

    book = RateBook.from_option(str(pricing) if pricing else None)
    catalog = load_catalog(catalog_path(book.directory))
    dto_rate = dto_source = None
    if request.direction == EXPORT:
        dto_rate = book.rate("data-transfer", "internet-out", region)
        info = book.card("data-transfer").info()
        dto_source = {"title": info.title, "source": info.source,
                      "retrieved": info.retrieved, "path": info.path}
    s3 = s3_source = None
    if request.objects is not None:
        s3 = s3_rates(book, region, request.storage_class, request.direction)
        info = book.card("s3").info()
        s3_source = {"title": info.title, "source": info.source,
                     "retrieved": info.retrieved, "path": info.path}
    result = plan(request, catalog, dto_rate, dto_source, s3, s3_source)
    color, width = _table_layout(output)
    _emit(render_plan(result, output_format.value, color=color, width=width), output)


@pricing_app.command("list")
def pricing_list(
    pricing: PricingOpt = None,
    output_format: Annotated[ListFormat, typer.Option(
        "--format", "-f", help="Report format.",
        case_sensitive=False)] = ListFormat.table,
    region: Annotated[str | None, typer.Option(
        "--region", "-r", help="Only what can be priced in this region: each service's "
        "keys with a rate there (full, partial or none).", show_default=False)] = None,
) -> None:
    """List the rate cards in use and what they cover: service, regions, how many rates
    and how many unverified, retrieval date and source (awscalc/coverage.py).

    Examples:

    \b
        awscalc pricing list
        awscalc pricing list --region eu-west-1
        awscalc pricing list --pricing ./my-rates --format json
        awscalc pricing list --format csv > rate-cards.csv
    """
    from awscalc import coverage
    from awscalc.ratecards import RateBook
    from awscalc.spec import check_region

    if region is not None:
        check_region(region)
    book = RateBook.from_option(str(pricing) if pricing else None)
    found = coverage.coverage(book, region)
    if output_format is ListFormat.json:
        import json

        typer.echo(json.dumps(coverage.as_json(found), indent=2))
        return
    if not found:
        raise UsageError(f"no rate cards in {book.directory}")
    if output_format is ListFormat.csv:
        import csv

        head, body = coverage.csv_rows(found, region)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(head)
        writer.writerows(body)
        return
    title = coverage.title(book, region)
    header = coverage.header(region)
    rows = coverage.rows(found, region)
    note = coverage.summary(found, region) if region else None
    if output_format is ListFormat.markdown:
        from awscalc.safetext import markdown_text

        lines = [f"## {markdown_text(title)}", "", "| " + " | ".join(header) + " |",
                 "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(map(markdown_text, row)) + " |" for row in rows]
        typer.echo("\n".join(lines + ([f"\n{markdown_text(note)}"] if note else [])))
        return
    from awscalc.output.rate_tables import coverage_table

    sys.stdout.write(coverage_table(found, region, title, note, *_stdout_layout()))


def _stdout_layout() -> tuple[int, bool]:
    """``(width, color)`` of a table on stdout: the terminal's width ($COLUMNS; a fixed
    width when piped), colours only on a terminal without $NO_COLOR."""
    from awscalc.output import table_width

    terminal = sys.stdout.isatty()
    return table_width(terminal), terminal and not os.environ.get("NO_COLOR")


class DiffFormat(str, Enum):
    """The formats of ``pricing diff``."""

    table = "table"
    json = "json"


def _updatable_services() -> list[str]:
    """The services ``pricing update`` can rebuild, from their declarations."""
    from awscalc.services import declarations

    return [name for name, declared in declarations().items()
            if declared.price_list or declared.price_list_builder]


@pricing_app.command("update")
def pricing_update(
    service: Annotated[list[str] | None, typer.Option(
        "--service", "-s", metavar="NAME", help="Update only this service (repeatable): "
        f"{', '.join(_updatable_services())}. Default: all but the catalog-sized ones "
        "(name them, with --region).",
        show_default=False)] = None,
    region: Annotated[list[str] | None, typer.Option(
        "--region", "-r", metavar="REGION", help="Update these regions (repeatable; "
        "default: the regions the shipped cards price). Other regions are carried over.",
        show_default=False)] = None,
    source: Annotated[str | None, typer.Option(
        "--source", metavar="DIR|URL", help="Read the Price List from a folder laid out "
        "like /offers/v1.0/aws/..., or from a mirror URL (default: "
        "https://pricing.us-east-1.amazonaws.com).", show_default=False)] = None,
    dest: Annotated[Path | None, typer.Option(
        "--dest", metavar="DIR", help="Where to keep the updated cards (default: "
        "$AWSCALC_DATA_DIR/pricing, else $XDG_DATA_HOME/awscalc/pricing, else "
        "~/.local/share/awscalc/pricing, which estimate uses).", show_default=False)] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", metavar="SECONDS", parser=_decimal_number("--timeout", "seconds",
                                                                0.1, 86400),
        help="Give up on a file that takes longer than this in all (connecting, waiting "
        "and downloading), or when the server sends nothing for this long (at most "
        "30 s).")] = 300.0,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No progress bar on stderr.")] = False,
) -> None:
    """Rebuild the rate cards from the AWS Price List Bulk API (public, no credentials).

    Downloads the offer index, then each service's regional offer files, maps AWS's
    products to awscalc's usage keys (exactly: a missing or ambiguous product is an
    error naming the key), and writes new cards with their provenance (offer, version,
    publication date, URL, sha256). The new set is validated and checked for
    completeness before it replaces the previous one in one atomic step; any failure
    leaves the previous cards active (exit 4). Keys the Price List lacks are carried
    over from the shipped cards and marked so. Precedence for estimate: --pricing >
    $AWSCALC_PRICING > updated cards > shipped cards.

    Examples:

    \b
        awscalc pricing update
        awscalc pricing update --service s3 --service lambda --region us-east-1 --region eu-west-1
        awscalc pricing update --source ./offers-mirror --quiet
        awscalc pricing update --dest ./rates && awscalc estimate arch.yaml --pricing ./rates
        awscalc pricing diff
    """
    from awscalc.priceupdate.fetch import IDLE_TIMEOUT, Source
    from awscalc.priceupdate.progress import progress_display
    from awscalc.priceupdate.update import check_services, run_update
    from awscalc.ratecards import PRICING_ENV, user_pricing_dir

    check_services(service)
    # absolute now: '--dest .' in an empty folder replaces the current folder (by the
    # link to the new set), after which nothing can be resolved against it
    dest = None if dest is None else Path(os.path.abspath(dest))
    default = Path(os.path.abspath(user_pricing_dir()))
    target = dest if dest is not None else default
    show = not quiet and sys.stderr.isatty()
    with progress_display(show) as hook, Source(
            source, timeout=min(timeout, IDLE_TIMEOUT), deadline=timeout,
            progress=hook) as price_list:
        result = run_update(price_list, service, region, target)
    from awscalc.safetext import printable

    typer.echo(f"Updated rate cards are in {printable(result.dest)} "
               f"(set {printable(result.folder.name)}):")
    for build in result.builds:
        versions = ", ".join(sorted({f"{o.code} {o.version}" for o in build.offers}))
        carried = len(build.carried_keys) + len(build.carried_regions)
        kept = f", {len(build.kept)} kept from the last update" if build.kept else ""
        read = f"  ({versions})" if versions else ""  # none: rates another offer gave
        typer.echo(f"  {build.service:<14} {len(build.updated):>3} rates updated, "
                   f"{carried:>3} carried over from the shipped card{kept}{read}")
        if build.unmatched:
            count = len(build.unmatched)
            typer.echo(f"note: {build.service}: {count} rate{'s' if count > 1 else ''} kept "
                       "as shipped because an unconfirmed Price List rule selected no single "
                       "product "
                       "(the card's notes say why; 'awscalc pricing list' counts them)",
                       err=True)
    for built in result.catalogs:
        regions = ", ".join(sorted(built.regions))
        ambiguous = f", {len(built.ambiguous)} ambiguous left out" if built.ambiguous else ""
        cards = sum(len(regional) for card in getattr(built, "cards", {}).values()
                    for regional in card.values())
        typer.echo(f"  {getattr(built, 'service', 'ec2'):<14} {built.count:,} catalog rates "
                   f"for {regions}{ambiguous}"
                   + (f"; EBS: {len(built.ebs)} rates" if built.ebs else "")
                   + (f"; card: {cards} rates" if cards else ""))
    if dest is not None and dest != default:
        typer.echo(f"note: estimate uses these cards with --pricing {printable(dest)}",
                   err=True)
    elif os.environ.get(PRICING_ENV):
        typer.echo(f"note: ${PRICING_ENV} is set, so estimate still uses "
                   f"{printable(os.environ[PRICING_ENV])}", err=True)


@pricing_app.command("diff")
def pricing_diff(
    old_dir: Annotated[Path | None, typer.Argument(
        metavar="OLD_DIR", help="Cards to compare from (default: the shipped cards).",
        show_default=False)] = None,
    new_dir: Annotated[Path | None, typer.Argument(
        metavar="NEW_DIR", help="Cards to compare to (default: the active cards).",
        show_default=False)] = None,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="table or json.", case_sensitive=False)] = DiffFormat.table,
) -> None:
    """Show the rates that differ between two sets of rate cards: old → new and %.

    By default compares the shipped cards with the active ones (those of
    'awscalc pricing update', $AWSCALC_PRICING, ...). Rates are compared per service,
    region, key and tier, per the new card's unit.

    Examples:

    \b
        awscalc pricing diff
        awscalc pricing diff ./old-rates ./new-rates --format json | jq '.changes[]'
    """
    from awscalc.priceupdate.diff import diff_dirs
    from awscalc.ratecards import resolve_pricing_dir, shipped_pricing_dir

    def pick(value: Path | None, default: tuple[Path, str]) -> tuple[Path, str]:
        if value is None:
            return default
        if not value.is_dir():
            raise UsageError(f"pricing diff: '{value}' is not a directory of rate cards")
        return resolve_pricing_dir(str(value))[0], str(value)

    old, old_origin = pick(old_dir, (shipped_pricing_dir(), "shipped"))
    new, new_origin = pick(new_dir, resolve_pricing_dir(None))
    changes = diff_dirs(old, new)
    if output_format is DiffFormat.json:

        from awscalc.output.json_format import dumps

        typer.echo(dumps({"schema_version": 1, "old": str(old), "new": str(new),
                          "changes": [c.as_json() for c in changes]}))
        return
    if not changes:
        from awscalc.safetext import printable

        typer.echo(printable(f"No rate differs between {old} ({old_origin}) and {new} "
                             f"({new_origin})."))
        return
    from awscalc.output.rate_tables import rate_diff_table

    sys.stdout.write(rate_diff_table(
        changes, f"Rates changed: {old} ({old_origin}) → {new} ({new_origin})",
        *_stdout_layout()))


def _table_layout(output: Path | None) -> tuple[bool, int]:
    """``(color, width)`` of a terminal table written to ``output`` (None: stdout):
    colours only on a terminal without $NO_COLOR; the width of
    :func:`awscalc.output.table_width` ($COLUMNS, the terminal's, else fixed)."""
    from awscalc.output import table_width

    terminal = output is None and sys.stdout.isatty()
    return terminal and not os.environ.get("NO_COLOR"), table_width(terminal)


def _emit(report: str | Callable[[TextIO], None], output: Path | None) -> None:
    """Write the report (its text, or a function writing it to a stream) to stdout, or
    to ``output`` (see :mod:`awscalc.outfile`)."""
    write = report if callable(report) else lambda stream: stream.write(report)
    if output is None:
        write(sys.stdout)
        sys.stdout.flush()
        return
    from awscalc.outfile import write_output

    write_output(write, output)


def _fail(message: str, code: int) -> None:
    """Print ``message`` as one line on stderr (control characters shown escaped) and
    exit with ``code``."""
    from awscalc.safetext import printable

    typer.echo(f"awscalc: error: {printable(message)}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; turn every error into one line on stderr and its exit code.

    The console script (:mod:`awscalc.entrypoint`) answers ``--version`` and cached help
    before this module is imported.
    """
    # typer (0.26+) vendors click; its exceptions are not re-exported under a public name
    from typer._click import exceptions as click_errors

    # A short-lived command building many small objects (a large spec's nodes, usage
    # records, line items) and almost no reference cycles: the cyclic collector would
    # rescan them again and again — time growing faster than the spec (100,000
    # resources: 38 s with it, 28 s without). Reference counting still frees memory.
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = app(args=_completion_args(sys.argv[1:] if argv is None else argv),
                     prog_name="awscalc", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        typer.echo(exc.format_message(), err=True)  # the help text itself
        sys.exit(ExitCode.USAGE)
    except click_errors.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "awscalc"
        _fail(f"{exc.format_message()} (see '{command} --help')", ExitCode.USAGE)
    except click_errors.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except typer.Abort:
        _fail("aborted", 130)
    except AwscalcError as exc:
        _fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        # The reader (head, less) went away: not an error worth a message.
        sys.stderr.close()
        sys.exit(ExitCode.OK)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # a bug: one line, unless --debug asks for the traceback
        if _state["debug"]:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the "
              "traceback, and please report it)", ExitCode.INTERNAL)
    finally:
        if collecting:
            gc.enable()
    if isinstance(result, int) and result:
        sys.exit(result)
    return None
