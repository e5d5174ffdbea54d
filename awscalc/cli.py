"""The command line: options → core calls → formatter; errors → one line and an exit code.

Only this module prints. Heavy modules (pint, jsonschema, rich tables) are imported
inside the commands that need them, so ``awscalc --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

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

{UNITS_HELP}

Exit codes: 0 ok, 1 internal error, 2 usage error, 3 invalid spec or quantity,
4 pricing problem (rate card missing, invalid or lacking a region/key).""",
    no_args_is_help=True,
    add_completion=False,
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


class OutputFormat(str, Enum):
    """The report formats of ``--format``."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"awscalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug",
                                        help="Show a traceback for internal errors.")] = False,
) -> None:
    _state["debug"] = debug or bool(os.environ.get("AWSCALC_DEBUG"))


SpecArg = Annotated[str, typer.Argument(metavar="SPEC",
                                        help="The architecture spec (YAML); '-' reads stdin.")]
PricingOpt = Annotated[Path | None, typer.Option(
    "--pricing", metavar="DIR", help="Use the rate cards in DIR (default: $AWSCALC_PRICING, "
    "else the cards shipped with awscalc).", show_default=False)]


@app.command()
def estimate(
    spec: SpecArg,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Report format.", case_sensitive=False)] = OutputFormat.table,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout "
        "(atomically: a failure leaves FILE as it was).", show_default=False)] = None,
    region: Annotated[str | None, typer.Option(
        help="Default region of the spec's resources (per-resource regions still win).",
        show_default=False)] = None,
    free_tier: Annotated[bool | None, typer.Option(
        "--free-tier/--no-free-tier", help="Apply AWS's always-free allowances "
        "(default: the spec's free_tier, else off).", show_default=False)] = None,
    pricing: PricingOpt = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show each line item's formula in the table and Markdown.")] = False,
) -> None:
    """Estimate the monthly and one-time cost of an architecture spec.

    Examples:

    \b
        awscalc estimate examples/web-dns.yaml
        awscalc estimate arch.yaml --explain --free-tier
        awscalc estimate arch.yaml --format json | jq '.totals.monthly'
        awscalc estimate arch.yaml --format csv -o costs.csv --region eu-west-1
        cat arch.yaml | awscalc estimate - --format markdown
    """
    from awscalc.estimate import estimate as run_estimate
    from awscalc.output import render
    from awscalc.ratecards import RateBook
    from awscalc.spec import load_spec

    book = RateBook.from_option(str(pricing) if pricing else None)
    loaded = load_spec(spec, region=region, free_tier=free_tier)
    result = run_estimate(loaded, book)
    fmt = output_format.value
    color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    _emit(render(result, fmt, explain=explain, color=color), output)


@app.command()
def validate(spec: SpecArg) -> None:
    """Check a spec against the schema and its quantities, without pricing it.

    Lists every problem, best first, one line each; exits 3 if there is any.

    Examples:

    \b
        awscalc validate arch.yaml
        awscalc validate - < arch.yaml
    """
    from awscalc.spec import SpecFile, all_errors, parse_spec, read_spec_text
    from awscalc.yamlfile import YamlError, load_yaml

    name, text = read_spec_text(spec)
    try:
        document = load_yaml(text)
    except YamlError:
        parse_spec(text, name)  # raises the located YAML error
        return
    errors = all_errors(SpecFile(name, document)) if document.data is not None else []
    if errors:
        for line in errors:
            typer.echo(line, err=True)
        raise typer.Exit(ExitCode.INVALID_INPUT)
    parsed = parse_spec(text, name)
    from awscalc.services import calculator

    for resource in parsed.resources:  # quantity rules the schema cannot express
        calculator(resource.service).usage(resource)
    count = len(parsed.resources)
    typer.echo(f"{name}: valid ({count} resource{'s' if count != 1 else ''})", err=True)


@app.command()
def schema() -> None:
    """Print the spec's JSON Schema (draft 2020-12), for editors and CI.

    Example (VS Code / yaml-language-server):

    \b
        awscalc schema > awscalc.schema.json
        # then first line of arch.yaml:
        # yaml-language-server: $schema=./awscalc.schema.json
    """
    import json

    from awscalc.schema import spec_schema

    typer.echo(json.dumps(spec_schema(), indent=2))


@pricing_app.command("list")
def pricing_list(
    pricing: PricingOpt = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="table or json.", case_sensitive=False)] = OutputFormat.table,
) -> None:
    """List the rate cards in use: service, regions, retrieval date, source and location.

    Examples:

    \b
        awscalc pricing list
        awscalc pricing list --pricing ./my-rates --format json
    """
    from awscalc.ratecards import RateBook

    book = RateBook.from_option(str(pricing) if pricing else None)
    infos = [book.card(service).info() for service in book.services()]
    if output_format is OutputFormat.json:
        import json

        typer.echo(json.dumps([info.__dict__ | {"regions": list(info.regions)}
                               for info in infos], indent=2))
        return
    if not infos:
        raise UsageError(f"no rate cards in {book.directory}")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Rate cards ({book.origin}: {book.directory})", title_justify="left")
    for column in ("Service", "Regions", "Retrieved", "Source"):
        table.add_column(column)
    for info in infos:
        regions = ", ".join(info.regions) if len(info.regions) <= 4 else (
            f"{len(info.regions)} regions")
        table.add_row(info.title, regions, info.retrieved, info.source)
    Console(width=max(100, Console().width)).print(table)


def _emit(text: str, output: Path | None) -> None:
    """Write the report to stdout, or atomically to ``output``."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    import tempfile

    target = output.resolve()
    if target.is_dir():
        raise UsageError(f"--output: {output} is a directory")
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"--output: cannot write to {target.parent} ({exc.strerror})") from exc
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _fail(message: str, code: int) -> None:
    typer.echo(f"awscalc: error: {message}", err=True)
    sys.exit(code)


def _click_exceptions() -> Any:
    """Click's exception classes (typer vendors click in recent releases)."""
    try:
        from typer._click import exceptions
    except ImportError:  # older typer: click is a separate package
        from click import exceptions
    return exceptions


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; turn every error into one line on stderr and its exit code."""
    click_errors = _click_exceptions()
    try:
        result = app(args=argv, prog_name="awscalc", standalone_mode=False)
    except getattr(click_errors, "NoArgsIsHelpError", ()) as exc:
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
    if isinstance(result, int) and result:
        sys.exit(result)
    return None
