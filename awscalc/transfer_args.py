"""The ``awscalc transfer`` command line: its arguments turned into a planner request.

Kept apart from :mod:`awscalc.cli` so the command's checks are testable without the CLI.
SIZE may be written with a space (``100 TB``); any other stray word is an error that says
which option it seems to belong to, or is joined to the one option whose bare number it
completes (``--deadline 7 days``). Arguments starting with ``-`` are unknown options.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from awscalc.errors import SpecError, UsageError

OPTIONS = ["--bandwidth", "--utilization", "--direction", "--region", "--deadline",
           "--copy-rate", "--workstations", "--include-retired", "--new-customer",
           "--existing-customer", "--link-cost", "--objects", "--average-object-size",
           "--storage-class", "--datasync-mode", "--travel-days", "--format", "--output",
           "--pricing"]
DEFAULT_BANDWIDTHS = ("100Mbps", "1Gbps", "10Gbps")
_BARE = re.compile(r"[0-9]+(\.[0-9]+)?", re.ASCII)


@dataclass
class Arguments:
    """The command's raw option values (text as typed)."""

    size: list[str]
    bandwidth: list[str] | None = None
    utilization: str = "80%"
    direction: str = "import"
    region: str = "us-east-1"
    deadline: str | None = None
    copy_rate: str | None = None
    workstations: int = 1
    include_retired: bool = False
    customer: str = "new"
    link_cost: list[str] | None = None
    objects: str | None = None
    average_object_size: str | None = None
    storage_class: str = "standard"
    datasync_mode: str = "basic"
    travel_days: str | None = None


def _unknown_options(tokens: list[str]) -> None:
    for token in tokens:
        if token.startswith("-") and not token[1:2].isdigit() and token[1:2] != ".":
            close = difflib.get_close_matches(token.split("=")[0], OPTIONS, n=1)
            raise UsageError(f"no such option: {token}",
                             f"did you mean {close[0]}?" if close else "see --help")


def _kind(name: str) -> Any:
    from awscalc.units import Kind

    return {"deadline": Kind.DURATION, "copy_rate": Kind.BITRATE, "utilization": Kind.PERCENT,
            "average_object_size": Kind.DATA, "travel_days": Kind.DURATION,
            "objects": Kind.COUNT}[name]


def _parses(text: str, kind: Any) -> bool:
    from awscalc.units import QuantityError, parse_quantity

    try:
        parse_quantity(text, kind)
    except QuantityError:
        return False
    return True


def split_size(args: Arguments) -> str:
    """SIZE's text from the positional words; a stray word completes the one option whose
    bare number it turns into a quantity (``--deadline 7 days``), else it is an error."""
    from awscalc.units import Kind

    tokens = list(args.size)
    _unknown_options(tokens)
    if len(tokens) >= 2 and not _parses(tokens[0], Kind.DATA):
        tokens = [f"{tokens[0]} {tokens[1]}", *tokens[2:]]
    size, strays = tokens[0], tokens[1:]
    if not strays:
        return size
    names = ("deadline", "copy_rate", "average_object_size", "travel_days", "utilization")
    candidates = [n for n in names if isinstance(getattr(args, n), str)
                  and _BARE.fullmatch(getattr(args, n))
                  and len(strays) == 1 and _parses(f"{getattr(args, n)} {strays[0]}", _kind(n))]
    if len(candidates) == 1:
        name = candidates[0]
        setattr(args, name, f"{getattr(args, name)} {strays[0]}")
        return size
    raise UsageError(f"unexpected argument{'s' if len(strays) > 1 else ''} "
                     f"'{' '.join(strays)}' after SIZE '{size}'",
                     "quote a value with a space, e.g. --deadline '7 days', or write it "
                     "without one: --deadline 7d")


# An example for each option's hints, where the kind's own (a Lambda-like '120 ms' for
# any duration) would not fit the option.
_EXAMPLES = {"--deadline": "30 days", "--utilization": "80%",
             "--objects": "2M", "--average-object-size": "64 MB"}


def quantity(text: str, kind: Any, what: str) -> Decimal:
    """``text`` as a quantity above zero within the planner's range (exit 3 otherwise)."""
    from awscalc.transfer import limit_problem
    from awscalc.units import QuantityError, parse_quantity

    try:
        value = parse_quantity(text, kind)
    except QuantityError as exc:
        raise SpecError(f"{what}: {exc.message}", exc.hint) from exc
    example = _EXAMPLES.get(what, kind.example)
    if value <= 0:
        raise SpecError(f"{what}: '{text}' must be more than zero", f"e.g. '{example}'")
    problem = limit_problem(what.lstrip("-").lower().replace("-", "_"), value)
    if problem is not None:
        raise SpecError(f"{what}: '{text}' {problem[0]}",
                        problem[1] if what == "SIZE" else f"e.g. '{example}'")
    return value


def link_costs(texts: list[str], bandwidths: tuple[Decimal, ...]
               ) -> tuple[tuple[Decimal, Decimal], ...]:
    """``--link-cost RATE=AMOUNT/month`` values as ``(bytes/s, dollars per month)``; each
    RATE must be one of the bandwidths compared, once."""
    from awscalc.transfer import rate_text
    from awscalc.units import Kind

    found: dict[Decimal, Decimal] = {}
    for text in texts:
        rate_part, sep, amount_part = text.partition("=")
        amount_text = amount_part.strip()
        period = re.search(r"\s*/\s*(month|mo)$", amount_text, re.IGNORECASE)
        if not sep or not period:
            raise UsageError(f"--link-cost: '{text}' is not RATE=AMOUNT/month",
                             "e.g. --link-cost 1Gbps=1200/month")
        rate = quantity(rate_part.strip(), Kind.BITRATE, "--link-cost")
        amount = dollars(amount_text[: period.start()], "--link-cost")
        if rate not in bandwidths:
            compared = ", ".join(rate_text(b) for b in bandwidths)
            raise UsageError(f"--link-cost: {rate_text(rate)} is not a bandwidth compared "
                             f"({compared})", f"add --bandwidth {rate_part.strip()}")
        if rate in found:
            raise UsageError(f"--link-cost: {rate_text(rate)} is given twice", "give it once")
        found[rate] = amount
    return tuple(found.items())


def dollars(text: str, option: str) -> Decimal:
    """A dollar amount: ASCII digits, optional ``$``, thousands commas, up to 10 decimals."""
    digits = text.strip().removeprefix("$").replace(",", "")
    if not re.fullmatch(r"[0-9]{1,15}(\.[0-9]{1,10})?", digits, re.ASCII):
        raise UsageError(f"{option}: '{text.strip()}' is not an amount of dollars",
                         "e.g. 1Gbps=1200/month")
    return Decimal(digits)


def object_count(args: Arguments, size: Decimal) -> int | None:
    """How many objects: ``--objects`` (a count such as ``50M``) or SIZE over
    ``--average-object-size`` rounded up; None when neither is given."""
    from awscalc.units import Kind

    if args.objects is not None and args.average_object_size is not None:
        raise UsageError("--objects and --average-object-size: give one of them",
                         "the other follows from SIZE")
    if args.objects is not None:
        count = quantity(args.objects, Kind.COUNT, "--objects")
        if count != count.to_integral_value() or count > 10**15:
            raise SpecError(f"--objects: '{args.objects}' is not a whole number of objects "
                            "up to 10^15", "e.g. '50M'")
        return int(count)
    if args.average_object_size is not None:
        average = quantity(args.average_object_size, Kind.DATA, "--average-object-size")
        count = (size / average).to_integral_value(rounding=ROUND_CEILING)
        if count > 10**15:
            raise SpecError(f"--average-object-size: '{args.average_object_size}' makes more "
                            "than 10^15 objects", "e.g. '2 MB'")
        return max(1, int(count))
    return None


def travel(text: str | None) -> Decimal | None:
    """``--travel-days``: a number of days or a duration (``36h``), from 0 to 365 days."""
    from awscalc.units import Kind

    if text is None:
        return None
    if _BARE.fullmatch(text.strip()):
        value = Decimal(text.strip())
    else:
        from awscalc.units import QuantityError, parse_quantity

        try:
            value = parse_quantity(text, Kind.DURATION) / 86400
        except QuantityError as exc:
            raise SpecError(f"--travel-days: {exc.message}", "e.g. 2 or '36 h'") from exc
    if value < 0 or value > 365:
        raise SpecError(f"--travel-days: '{text}' is not between 0 and 365 days", "e.g. 2")
    return value


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    """``value`` when it is one of ``allowed`` (case-insensitive), else a usage error."""
    lowered = value.strip().lower()
    if lowered not in allowed:
        close = difflib.get_close_matches(lowered, allowed, n=1)
        raise UsageError(f"{option}: '{value}' is not one of {', '.join(allowed)}",
                         f"did you mean {close[0]}?" if close else f"e.g. {allowed[0]}")
    return lowered


def build_request(args: Arguments) -> Any:
    """Check every argument and return the planner's :class:`~awscalc.transfer.Request`."""
    from awscalc.spec import check_region
    from awscalc.transfer import (
        DATASYNC_MODES,
        EXPORT,
        STORAGE_CLASSES,
        Request,
        export_too_long,
    )
    from awscalc.units import Kind

    size_text = split_size(args)
    check_region(args.region)
    size = quantity(size_text, Kind.DATA, "SIZE")
    bandwidth_texts = args.bandwidth or list(DEFAULT_BANDWIDTHS)
    bandwidths = tuple(quantity(b, Kind.BITRATE, "--bandwidth") for b in bandwidth_texts)
    if len(set(bandwidths)) != len(bandwidths):
        raise UsageError("--bandwidth: the same bandwidth is given twice", "give each once")
    request = Request(
        size=size, direction=args.direction, region=args.region, bandwidths=bandwidths,
        utilization=quantity(args.utilization, Kind.PERCENT, "--utilization"),
        deadline_days=None if args.deadline is None
        else quantity(args.deadline, Kind.DURATION, "--deadline") / 86400,
        copy_rate=None if args.copy_rate is None
        else quantity(args.copy_rate, Kind.BITRATE, "--copy-rate"),
        workstations=args.workstations, include_retired=args.include_retired,
        customer=args.customer, link_costs=link_costs(args.link_cost or [], bandwidths),
        objects=object_count(args, size),
        storage_class=choice(args.storage_class, STORAGE_CLASSES, "--storage-class"),
        datasync_mode=choice(args.datasync_mode, DATASYNC_MODES, "--datasync-mode"),
        travel_days=travel(args.travel_days),
    )
    if request.direction == EXPORT:
        for text, rate in zip(args.bandwidth or [], bandwidths, strict=False):
            if export_too_long(request, rate):
                raise SpecError(f"--bandwidth: exporting {size_text} at '{text}' "
                                f"and {args.utilization} takes more than 100 years",
                                "awscalc prices exports of up to 100 years")
    return request
