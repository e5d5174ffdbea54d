"""Loading a spec: read the file, parse YAML, validate against the schema, build typed objects.

Every problem becomes a :class:`~awscalc.errors.SpecError` (or a ``UsageError`` for a
file that cannot be read) whose message starts with ``file:line: $.json.path:`` — the
format of check-jsonschema — followed by how many other problems there are.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from awscalc.errors import SpecError, UsageError
from awscalc.model import Usage
from awscalc.units import (
    DEFAULT_MONTH_HOURS,
    SECONDS_PER_HOUR,
    Kind,
    QuantityError,
    parse_quantity,
)
from awscalc.yamlfile import MAX_DEPTH, Document, JsonPath, YamlError, format_path, load_yaml

DEFAULT_REGION = "us-east-1"
# Keys every resource may have, whatever its service; not passed to its calculator.
RESOURCE_KEYS = frozenset({"service", "region", "group", "growth", "start_month"})
# ("description" stays in a resource's config: a custom line item names its line with it)
# 100,000 resources fit; a file larger than this is not a spec someone wrote.
MAX_SPEC_BYTES = 32 * 1024 * 1024
# A billing month is 28 to 31 days; anything else is almost certainly a typo.
MONTH_HOURS_RANGE = (Decimal(672), Decimal(744))


@dataclass(frozen=True)
class SpecFile:
    """The source a spec was read from, for error messages and line lookups."""

    name: str
    document: Document
    month_hours: Decimal = DEFAULT_MONTH_HOURS
    # JSON path → where the value there came from instead of the file: the start of an
    # error message, such as "--set resources.api.memory=1GB: "
    overrides: Mapping[JsonPath, str] = field(default_factory=dict)
    # In a month-by-month projection (awscalc.projection), the month a resource is in
    # (1: its first); None: the single month an estimate prices.
    projection_month: int | None = None

    def error(self, path: JsonPath, message: str, hint: str | None = None) -> SpecError:
        """A :class:`SpecError` located at ``path`` in this file (or in a ``--set`` or a
        scenario that put a value there)."""
        for end in range(len(path), 0, -1):
            origin = self.overrides.get(tuple(path[:end]))
            if origin is not None:
                return SpecError(f"{origin}{format_path(path)}: {message}", hint)
        line = self.document.line_of(path)
        where = f"{self.name}:{line}" if line else self.name
        return SpecError(f"{where}: {format_path(path)}: {message}", hint)


@dataclass(frozen=True)
class Resource:
    """One resource of a validated spec, with typed access to its keys for calculators."""

    name: str
    service: str
    region: str
    config: Mapping[str, Any]
    source: SpecFile = field(repr=False, compare=False)
    # A child of a composite resource (an Elastic Beanstalk environment's instances): the
    # parent's name, and where the child's keys are in the spec.
    parent: str | None = None
    base_path: JsonPath | None = None

    @property
    def path(self) -> JsonPath:
        """The resource's JSON path in the spec (a child's: where its keys are)."""
        return self.base_path if self.base_path is not None else ("resources", self.name)

    def child(self, name: str, service: str, config: Mapping[str, Any],
              keys: tuple[str | int, ...]) -> Resource:
        """A child resource of this composite one: ``service`` priced with ``config``
        (the mapping at ``keys`` below this resource, or one built from it), named
        ``<this resource>/<name>``, in this resource's region."""
        return Resource(name=f"{self.name}/{name}", service=service, region=self.region,
                        config=config, source=self.source, parent=self.name,
                        base_path=(*self.path, *keys))

    def get(self, *keys: str | int, default: Any = None) -> Any:
        """The raw value at ``keys`` below the resource, or ``default`` when absent."""
        if len(keys) == 1:  # most calls: one top-level key, often absent
            return self.config.get(keys[0], default)
        value: Any = self.config
        for key in keys:
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                return default
        return value

    def quantity(self, *keys: str | int, kind: Kind, default: Decimal | None = None
                 ) -> Decimal | None:
        """The quantity at ``keys`` in ``kind``'s canonical unit, or ``default`` when absent."""
        value = self.get(*keys)
        if value is None:
            return default
        try:
            return parse_quantity(value, kind, self.source.month_hours)
        except QuantityError as exc:
            raise self.error(keys, exc.message, exc.hint) from exc

    def seconds_in_month(self, *keys: str | int, default: Decimal | None = None,
                         what: str = "it") -> Decimal:
        """The duration at ``keys`` in seconds (``default``, else the whole month, when
        absent); more than the spec's month is an error ("``what`` runs at most a month")."""
        month = self.source.month_hours * SECONDS_PER_HOUR
        seconds = self.quantity(*keys, kind=Kind.DURATION,
                                default=month if default is None else default)
        if seconds is not None and seconds > month:
            hours = (seconds / SECONDS_PER_HOUR).quantize(Decimal("0.01")).normalize()
            raise self.error(keys, f"{hours:,f} h is more than the month "
                             f"({self.source.month_hours.normalize():,f} h)",
                             f"{what} runs at most a month")
        return seconds

    def error(self, keys: tuple[str | int, ...], message: str, hint: str | None = None
              ) -> SpecError:
        """A :class:`SpecError` located at ``keys`` below this resource."""
        return self.source.error((*self.path, *keys), message, hint)

    def usage(self, key: str, quantity: Decimal, unit: str, component: str, *,
              region: str | None = None, one_time: bool = False,
              dims: tuple[str, ...] = (), items: Decimal | None = None,
              service: str | None = None, allowance: Decimal | None = None) -> Usage:
        """A usage record of this resource (``region`` overrides the resource's; ``dims``
        are a catalog rate's dimension values; ``items`` how many metered items share the
        quantity; ``service`` names another service whose rates price it; ``allowance``
        how much of the account's aggregate it makes free, see :class:`Usage`)."""
        return Usage(
            resource=self.name, service=service or self.service, region=region or self.region,
            key=key, quantity=quantity, unit=unit, component=component, one_time=one_time,
            dims=dims, items=items, allowance=allowance,
        )


@dataclass(frozen=True)
class Spec:
    """A validated architecture spec."""

    name: str | None
    region: str
    free_tier: bool
    month_hours: Decimal
    resources: tuple[Resource, ...]
    source: SpecFile = field(repr=False, compare=False)
    # the values written as ranges (awscalc.ranges.RangeInput), at their chosen ends
    ranges: tuple[Any, ...] = field(default=(), compare=False)


# How long a FIFO given as the spec may wait for a process to write to it.
FIFO_WAIT_SECONDS = 2.0


def _read_file(path: str) -> bytes:
    """At most ``MAX_SPEC_BYTES + 1`` bytes of ``path``; a FIFO that nothing writes to
    within :data:`FIFO_WAIT_SECONDS` is a usage error, not a run that never ends."""
    import select
    import stat

    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if (stat.S_ISFIFO(os.fstat(descriptor).st_mode)
                and not select.select([descriptor], [], [], FIFO_WAIT_SECONDS)[0]):
            raise UsageError(f"{path}: a FIFO that nothing is writing to")
        os.set_blocking(descriptor, True)
        return handle.read(MAX_SPEC_BYTES + 1)


def read_spec_text(path: str) -> tuple[str, str]:
    """Read a spec file (``-`` is stdin) and return ``(display name, text)``.

    Missing files and directories are usage errors (exit 2); undecodable or oversized
    content is an invalid spec (exit 3).
    """
    if path == "-":
        raw = sys.stdin.buffer.read(MAX_SPEC_BYTES + 1)
        name = "<stdin>"
    else:
        file = Path(path)
        name = path
        if file.is_dir():
            raise UsageError(f"{path}: is a directory", "expected a YAML spec file")
        try:
            raw = _read_file(path)
        except FileNotFoundError as exc:
            raise UsageError(f"{path}: no such file") from exc
        except OSError as exc:
            raise UsageError(f"{path}: cannot read ({exc.strerror})") from exc
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError(f"{name}: the file is larger than {MAX_SPEC_BYTES // 2**20} MB",
                        "a spec is a small YAML file")
    if b"\0" in raw:
        raise SpecError(f"{name}: this is a binary file, not a YAML spec")
    try:
        return name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SpecError(f"{name}:{line}: the file is not UTF-8 text") from exc


def load_spec(path: str, *, region: str | None = None, free_tier: bool | None = None,
              overrides: Sequence[str] = (), scenario: str | None = None) -> Spec:
    """Read, parse and validate the spec at ``path`` (``-`` for stdin).

    ``region`` replaces the spec's default region (per-resource regions still win);
    ``free_tier`` overrides the spec's ``free_tier`` when not ``None``; ``scenario``
    names one of the spec's ``scenarios``, applied first; ``overrides`` are
    ``PATH=VALUE`` texts (``--set``) applied after it, before validation.
    """
    name, text = read_spec_text(path)
    return parse_spec(text, name, region=region, free_tier=free_tier, overrides=overrides,
                      scenario=scenario)


def parse_spec(text: str, name: str = "<spec>", *, region: str | None = None,
               free_tier: bool | None = None, overrides: Sequence[str] = (),
               scenario: str | None = None,
               range_ends: Mapping[JsonPath, str] | None = None) -> Spec:
    """Parse and validate spec ``text``; ``name`` is used in error messages.

    A value written as a range (``3M..30M@10M``, see :mod:`awscalc.ranges`) takes its
    expected value, or the end ``range_ends`` names for its path (``low``/``high``).
    """
    try:
        document = load_yaml(text)
    except YamlError as exc:
        where = f"{name}:{exc.line}" if exc.line else name
        raise SpecError(f"{where}: {exc.message}") from exc
    applied: dict[JsonPath, str] = {}
    if scenario is not None:
        applied.update(apply_scenario(document, name, scenario))
    for setting in overrides:
        created: list[JsonPath] = []  # a mapping the path made is the --set's too
        path = apply_override(document, setting, created)
        applied.update(dict.fromkeys((path, *created), f"--set {setting}: "))
    ranges = _resolve_ranges(document, name, applied, range_ends or {})
    source = SpecFile(name, document, overrides=applied)
    if document.data is None:
        raise source.error((), "the spec is empty",
                           "expected a mapping with a 'resources' key; see 'awscalc schema'")
    validate(source)
    if region is not None:
        check_region(region)
    data = document.data
    month_hours = DEFAULT_MONTH_HOURS
    if "month" in data:
        month_hours = parse_quantity(data["month"], Kind.DURATION) / SECONDS_PER_HOUR
        low, high = MONTH_HOURS_RANGE
        if not low <= month_hours <= high:
            raise source.error(("month",), f"'{data['month']}' is not a billing month",
                               "expected 672 h to 744 h (28 to 31 days); default 730 h")
    source = SpecFile(name, document, month_hours, applied)
    default_region = region or data.get("region", DEFAULT_REGION)
    resources = tuple(
        Resource(
            name=res_name,
            service=raw["service"],
            region=raw.get("region", default_region),
            config={k: v for k, v in raw.items() if k not in RESOURCE_KEYS},
            source=source,
        )
        for res_name, raw in data["resources"].items()
    )
    return Spec(
        name=data.get("name"),
        region=default_region,
        free_tier=bool(data.get("free_tier", False)) if free_tier is None else free_tier,
        month_hours=month_hours,
        resources=resources,
        source=source,
        ranges=tuple(ranges),
    )


def _resolve_ranges(document: Document, name: str, applied: dict[JsonPath, str],
                    ends: Mapping[JsonPath, str]) -> list[Any]:
    """Replace the document's ranges with their chosen ends; an error at a chosen value
    says which end of which range it is."""
    if ".." not in document.text and not applied:
        return []  # the common case, without walking a large spec
    from awscalc.ranges import find_ranges, resolve

    def fail(path: JsonPath, message: str, hint: str) -> SpecError:
        origin = applied.get(path)
        line = document.line_of(path)
        where = origin or (f"{name}:{line}: " if line else f"{name}: ")
        return SpecError(f"{where}{format_path(path)}: {message}", hint)

    found = find_ranges(document.data, fail)
    resolve(document, found, ends)
    for ranged in found:
        end = ends.get(ranged.path, "expected")
        line = document.line_of(ranged.path)
        where = applied.get(ranged.path) or (f"{name}:{line}: " if line else f"{name}: ")
        applied[ranged.path] = f"{where}the {end} value of the range '{ranged.text}' at "
    return found


def apply_override(document: Document, setting: str,
                   created: list[JsonPath] | None = None) -> JsonPath:
    """Apply one ``--set PATH=VALUE`` to the parsed document; return the path it set
    (and add the first mapping it created to ``created``).

    PATH is dotted (``resources.api.memory``; ``[0]`` or ``.0`` for list items; a key
    that itself contains dots, such as a resource named ``logs.v2``, is matched whole).
    VALUE is read as a YAML scalar or flow collection (``arm64``, ``3``, ``true``,
    ``[https]``). Intermediate mappings are created as needed.
    """
    path_text, equals, value_text = setting.partition("=")
    if not equals or not path_text.strip():
        raise UsageError(f"--set {setting}: expected PATH=VALUE",
                         "e.g. --set resources.api.architecture=arm64")
    try:
        value = load_yaml(value_text).data if value_text.strip() else ""
    except YamlError as exc:
        raise SpecError(f"--set {setting}: {exc.message}") from exc
    if document.data is None:
        document.data = {}
    return set_path(document, path_text, value,
                    lambda message, hint=None: UsageError(f"--set {setting}: {message}", hint),
                    created)


def set_path(document: Document, path_text: str, value: Any,
             fail: Any, created: list[JsonPath] | None = None) -> JsonPath:
    """Put ``value`` at the dotted ``path_text`` of ``document`` (see
    :func:`apply_override`); return the path. ``fail(message, hint)`` makes the error
    for a path that does not fit the document; the first mapping the path creates is
    added to ``created`` (an error there is the setter's)."""
    segments = [s for s in path_text.strip().replace("[", ".").replace("]", "").split(".")]
    if any(not s for s in segments):
        raise fail(f"'{path_text}' is not a path",
                   "e.g. resources.api.memory or resources.bucket.storage[0].size")
    node: Any = document.data
    path: list[str | int] = []
    position = 0  # segments[position:] are still to be matched
    while True:
        if len(path) >= MAX_DEPTH:
            raise fail(f"the path is more than {MAX_DEPTH} levels deep",
                       "e.g. resources.api.memory")
        segment = segments[position]
        key: str | int
        if isinstance(node, list):
            # at most 18 digits: int() of a huge digit string is slow, then refused
            if not (segment.isascii() and segment.isdigit() and len(segment) <= 18
                    and int(segment) < len(node)):
                raise fail(f"{format_path(tuple(path))} has no item '{segment}'",
                           f"it has {len(node)} items")
            key, position = int(segment), position + 1
        elif isinstance(node, dict):
            key, position = _longest_key(node, segments, position)
        else:
            raise fail(f"{format_path(tuple(path))} is not a mapping")
        if (path == ["resources"] and isinstance(node, dict) and key not in node
                and segments[position:] != ["service"]):
            close = difflib.get_close_matches(str(key), [str(k) for k in node], n=1)
            raise fail(f"the spec has no resource '{key}'",
                       f"did you mean '{close[0]}'?" if close else
                       f"set resources.{key}.service first to add one")
        path.append(key)
        if position == len(segments):
            node[key] = value
            return tuple(path)
        if isinstance(node, dict) and key not in node:
            node[key] = {}
            if created is not None and not created:
                created.append(tuple(path))
        node = node[key]


def scenario_names(document: Document) -> list[str]:
    """The names of the spec's ``scenarios`` (checked to be a mapping of mappings)."""
    data = document.data if isinstance(document.data, dict) else {}
    found = data.get("scenarios")
    if found is None:
        return []
    if not isinstance(found, dict) or not all(isinstance(v, dict) for v in found.values()):
        return []  # the schema reports the shape, with its line
    return [name for name in found if isinstance(name, str)]


def apply_scenario(document: Document, name: str, scenario: str) -> dict[JsonPath, str]:
    """Apply the overrides of the spec's scenario ``scenario``; return each path set and
    the start of an error message about a value there (the scenario's line)."""
    names = scenario_names(document)
    if scenario not in names:
        if not names:
            raise UsageError(f"--scenario {scenario}: {name} has no scenarios",
                             "add a 'scenarios' mapping to the spec, e.g. scenarios: "
                             "{growth: {resources.api.requests: 30M}}")
        close = difflib.get_close_matches(scenario, names, n=1)
        hint = (f"did you mean '{close[0]}'?" if close
                else "the spec's scenarios: " + ", ".join(names))
        raise UsageError(f"--scenario {scenario}: no such scenario in {name}", hint)
    applied: dict[JsonPath, str] = {}
    for path_text, value in list(document.data["scenarios"][scenario].items()):
        where = ("scenarios", scenario, path_text)
        line = document.line_of(where)
        prefix = f"{name}:{line}: " if line else f"{name}: "
        origin = f"{prefix}scenario '{scenario}' sets "

        def fail(message: str, hint: str | None = None, _origin: str = origin,
                 _path: str = path_text) -> SpecError:
            return SpecError(f"{_origin}'{_path}': {message}", hint)

        if not isinstance(path_text, str) or path_text.strip().split(".")[0] in (
                "scenarios", ""):
            raise fail("a scenario sets values of the spec outside 'scenarios'",
                       "e.g. resources.api.requests: 30M")
        created: list[JsonPath] = []
        path = set_path(document, path_text, value, fail, created)
        applied.update(dict.fromkeys((path, *created), origin))
    return applied


def _longest_key(node: dict[str, Any], segments: list[str], position: int) -> tuple[str, int]:
    """The longest run of ``segments`` from ``position`` that names a key of ``node``
    (else the one segment there), and the position after it.

    Runs longer than the longest key of ``node`` are not tried, so the time is bounded
    by that key's length, not by the number of segments.
    """
    key, end = segments[position], position + 1
    if end == len(segments) or not node:
        return key, end
    longest = max(map(len, node))
    candidate = key
    for following in range(position + 1, len(segments)):
        candidate += "." + segments[following]
        if len(candidate) > longest:
            break
        if candidate in node:
            key, end = candidate, following + 1
    return key, end


def check_region(region: str, option: str = "--region") -> None:
    """Raise a :class:`UsageError` unless ``region`` is a known AWS region code."""
    from awscalc.schema import spec_schema

    known = spec_schema()["$defs"]["region"]["enum"]
    if region not in known:
        close = difflib.get_close_matches(region, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "expected an AWS region code"
        raise UsageError(f"{option}: unknown region '{region}'", hint)


# While 'awscalc validate' collects (see collecting_problems), the problems of resources
# the schema refuses are noted here and those resources set aside, so the rest of the
# spec is still built and its quantities checked: every problem in one pass.
# (A module global, not a ContextVar: the CLI runs one command, in one thread.)
_collected: list[list[str]] = []


@contextmanager
def collecting_problems() -> Iterator[list[str]]:
    """Within this block, :func:`validate` notes the schema problems of individual
    resources in the yielded list and leaves those resources out of the spec instead
    of raising (a problem outside ``resources`` still raises, with every line)."""
    problems: list[str] = []
    _collected.append(problems)
    try:
        yield problems
    finally:
        _collected.pop()


def validate(source: SpecFile) -> None:
    """Validate the document against the spec schema; raise the best error, with a count."""
    from awscalc.schema import validator

    if validator().is_valid(source.document.data):
        return
    problems = _problems(source)
    if not problems:
        return
    lines = [str(source.error(*problem)) for problem in problems]
    if _collected and _set_aside(source, [path for path, _, _ in problems]):
        _collected[-1].extend(lines)
        return
    text = lines[0]
    others = len(lines) - 1
    if others:
        text += f" (+{others} more error{'s' if others > 1 else ''}; 'awscalc validate' lists all)"
    error = SpecError(text)
    error.problems = lines  # every problem, best first, for 'awscalc validate'
    raise error


def _set_aside(source: SpecFile, paths: list[JsonPath]) -> bool:
    """Remove the resources at ``paths`` from the document when every problem is inside
    one resource and what is left is a valid spec; whether it did."""
    from awscalc.schema import validator

    data = source.document.data
    resources = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(resources, dict) or not all(
            len(path) >= 2 and path[0] == "resources" and path[1] in resources
            for path in paths):
        return False
    refused = {path[1] for path in paths}
    kept = {name: raw for name, raw in resources.items() if name not in refused}
    if not kept or not validator().is_valid({**data, "resources": kept}):
        return False
    data["resources"] = kept
    return True


def _problems(source: SpecFile) -> list[tuple[JsonPath, str, str | None]]:
    """Every schema problem of the document, best first, one per JSON path: a value that
    fails several rules (its type and its format) is one problem, said once."""
    from jsonschema.exceptions import relevance

    from awscalc.schema import validator

    errors = sorted(validator().iter_errors(source.document.data), key=relevance, reverse=True)
    found: dict[JsonPath, tuple[JsonPath, str, str | None]] = {}
    for error in errors:
        for problem in describe_error(error):
            found.setdefault(problem[0], problem)
    return list(found.values())


def describe_error(error: Any) -> list[tuple[JsonPath, str, str | None]]:
    """Turn a jsonschema error into ``(path, message, hint)`` problems in awscalc's words.

    One error about extra keys becomes one problem per unknown key; "not valid under any
    of the given schemas" (oneOf/anyOf) becomes the best error of the closest branch.
    """
    if error.validator in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match

        alternatives = _describe_alternatives(error)
        if alternatives is not None:
            return [alternatives]
        # the branches of the value's own type say what is wrong with it (a growth
        # mapping's bad rate), not the branch of another type ('expected text')
        fitting = [sub for sub in error.context
                   if not (sub.validator == "type" and not sub.relative_path)]
        return describe_error(best_match(fitting or error.context))
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        path = tuple(error.absolute_path)
        return [(*_unknown_key(path, key, allowed),)
                for key in error.instance if key not in allowed]
    return [_describe_one(error)]


def _is_growth(path: JsonPath) -> bool:
    """Whether ``path`` is a growth rate: ``growth``, ``resources.R.growth`` or a path
    of its mapping (not a key of a resource named 'growth')."""
    return path[-1:] == ("growth",) or (path[-2:-1] == ("growth",)
                                        and path[-3:-2] != ("resources",))


def _unknown_key(path: JsonPath, key: str, allowed: list[str]
                 ) -> tuple[JsonPath, str, str | None]:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else (
        f"expected one of: {', '.join(allowed)}" if allowed else None)
    return (*path, key), f"unknown key '{key}'", hint


def _describe_one(error: Any) -> tuple[JsonPath, str, str | None]:
    path: JsonPath = tuple(error.absolute_path)
    instance = error.instance
    validator_name = error.validator
    if validator_name == "format" and error.cause is not None:
        cause = error.cause
        return path, getattr(cause, "message", str(cause)), getattr(cause, "hint", None)
    if validator_name == "enum":
        options = [str(option) for option in error.validator_value]
        close = difflib.get_close_matches(str(instance), options, n=1)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif len(options) <= 12:
            hint = f"expected one of: {', '.join(options)}"
        else:
            hint = None
        what = _ENUM_NAMES.get(str(path[-1]) if path else "", "value")
        return path, f"unknown {what} {_show(instance)}", hint
    if validator_name == "required":
        missing = [key for key in error.validator_value if key not in instance]
        return path, f"missing required key '{missing[0] if missing else '?'}'", None
    if validator_name == "type" and isinstance(instance, float) and instance - instance != 0:
        return path, f"{instance} is not a finite number", None  # NaN, ±Infinity
    if validator_name == "type" and len(path) == 2 and path[0] == "resources":
        return path, f"expected a mapping, got {_show(instance)}", (
            "a resource is its 'service: …' and that service's keys, indented under its "
            "name; 'awscalc init' writes a starter spec")
    if validator_name == "type":
        described = [_describe_type(error.schema, error.validator_value, instance)]
        other = _if_branch(error)
        if other is not None:  # 'duration': a duration, or (if a list) a list of shares
            described.append(_describe_type(other, other["type"], instance))
        return (path, *_either(described, instance))
    if validator_name == "pattern" and path and str(path[-1]) in _EXAMPLES:
        what = str(path[-1]).replace("_", " ")
        prefix = str(error.validator_value).removeprefix("^").split("\\", 1)[0]
        example = _PREFIXED.get(prefix, _EXAMPLES[str(path[-1])])
        return path, f"{_show(instance)} is not a valid {what}", f"e.g. '{example}'"
    if validator_name == "pattern" and _is_growth(path):
        return (path, f"{_show(instance)} is not a monthly growth rate",
                "e.g. '5%/month' or '-2%/month'")
    if validator_name == "minProperties" and path == ("resources",):
        return path, "the spec has no resources", "add at least one under 'resources:'"
    if validator_name == "propertyNames":
        return path, f"{error.message}", "names use letters, digits, '_', '-' and '.'"
    return path, error.message, None


def _if_branch(error: Any) -> dict[str, Any] | None:
    """For a type error in the ``else`` of ``if: {type: T}``, the ``then`` schema (the
    other shape the key accepts), else None."""
    from awscalc.schema import _spec_schema

    node: Any = _spec_schema()
    conditional: Any = None
    keys = list(error.absolute_schema_path)
    for position, key in enumerate(keys):  # the path passes through $refs unnamed
        while isinstance(node, dict) and key not in node and "$ref" in node:
            node = _resolve(node)
        if key == "else" and isinstance(node, dict) and position >= len(keys) - 2:
            conditional = node
        found = (isinstance(node, dict) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and key < len(node))
        if not found:
            return None
        node = node[key]
    if not isinstance(conditional, dict):
        return None
    condition, then = conditional.get("if"), conditional.get("then")
    if (isinstance(condition, dict) and set(condition) == {"type"}
            and isinstance(then, dict) and then.get("type") == condition["type"]):
        return then
    return None


def _either(described: list[tuple[str, str | None]], instance: Any) -> tuple[str, str | None]:
    """One message from several ``(expected …, hint)``: "expected A or B, got X"."""
    if len(described) == 1:
        return described[0]
    wanted = [message.removeprefix("expected ").rsplit(", got ", 1)[0]
              for message, _ in described]
    hints = [hint.rsplit("e.g. ", 1)[1] for _, hint in described if hint and "e.g. " in hint]
    return (f"expected {' or '.join(wanted)}, got {_show(instance)}",
            ("e.g. " + " or ".join(hints)) if hints else None)


def _describe_alternatives(error: Any) -> tuple[JsonPath, str, str | None] | None:
    """A value whose type fits none of a oneOf's branches (a mapping where a duration or a
    list of shares is expected): every branch said, with an example of each; None when
    some branch accepts the type (its own error is then the one to report)."""
    branches: dict[Any, Any] = {}
    for sub in error.context:
        if sub.relative_path:
            return None  # a branch looked inside the value: its type fits
        if sub.validator == "type":
            branches.setdefault(sub.relative_schema_path[0], sub)
    if len(branches) != len(error.validator_value) or len(branches) < 2:
        return None
    described = [_describe_type(sub.schema, sub.validator_value, error.instance)
                 for _, sub in sorted(branches.items())]
    return (tuple(error.absolute_path), *_either(described, error.instance))


def _describe_type(schema: Mapping[str, Any], expected: str | list[str], instance: Any
                   ) -> tuple[str, str | None]:
    """Message and hint for a value of the wrong type, in the words of what the key holds:
    a quantity's kind, or what a list's items and a mapping's keys look like."""
    from awscalc.schema import FORMAT_KINDS

    kind = FORMAT_KINDS.get(schema.get("format", ""))
    if kind is not None:
        return f"expected a {kind.noun}, got {_show(instance)}", f"e.g. '{kind.example}'"
    names = expected if isinstance(expected, list) else [expected]
    wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
    items = _resolve(schema.get("items")) if names == ["array"] else None
    if isinstance(items, dict) and items.get("properties"):
        example = _flow_example(items, instance)
        return (f"expected a list of {_key_list(items)}, got {_show(instance)}",
                f"e.g. - {example}" if example else None)
    if names == ["object"] and schema.get("properties"):
        example = _flow_example(schema, None)
        return (f"expected a mapping, got {_show(instance)}",
                f"with keys {_key_list(schema)}" + (f", e.g. {example}" if example else ""))
    return f"expected {wanted}, got {_show(instance)}", None


def _resolve(schema: Any) -> Any:
    """``schema`` with a local ``$ref`` (``#/$defs/…``) followed (one level of them)."""
    if isinstance(schema, dict) and str(schema.get("$ref", "")).startswith("#/"):
        from awscalc.schema import _spec_schema

        target: Any = _spec_schema()
        for part in schema["$ref"][2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return target
    return schema


def _key_names(schema: Mapping[str, Any]) -> list[str]:
    """A mapping schema's keys: the required ones first."""
    required = [key for key in schema.get("required", []) if isinstance(key, str)]
    return required + [key for key in schema.get("properties", {}) if key not in required]


def _key_list(schema: Mapping[str, Any]) -> str:
    """``{class, size, …}``: the required keys (else the first two), and '…' for more."""
    keys = _key_names(schema)
    shown = [key for key in schema.get("required", []) if isinstance(key, str)] or keys[:2]
    return "{" + ", ".join(shown + (["…"] if len(keys) > len(shown) else [])) + "}"


def _flow_example(schema: Mapping[str, Any], instance: Any) -> str | None:
    """A mapping of ``schema`` in YAML flow style: the required keys (else the first key
    with an obvious value), taking the user's own values where ``instance`` — an item
    written without its list — has them."""
    properties = schema.get("properties", {})
    given = instance if (isinstance(instance, dict) and instance
                         and set(instance) <= set(properties)
                         and all(isinstance(v, (str, int, float)) for v in instance.values())
                         ) else {}
    required = [k for k in schema.get("required", []) if isinstance(k, str)]
    pairs: dict[str, str] = {}
    for key in required or list(properties)[:1]:
        value = (_plain(given[key]) if key in given
                 else _example_value(_resolve(properties.get(key, {}))))
        if value is None:
            return None
        pairs[key] = value
    pairs.update({str(k): _plain(v) for k, v in given.items() if k not in pairs})
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs.items()) + "}"


def _example_value(schema: Any) -> str | None:
    """A valid value for ``schema`` as YAML text, where one is obvious."""
    from awscalc.schema import FORMAT_KINDS

    if not isinstance(schema, dict):
        return None
    if schema.get("enum"):
        return _plain(schema["enum"][0])
    kind = FORMAT_KINDS.get(schema.get("format", ""))
    if kind is not None:
        return kind.example
    return {"integer": "1", "number": "1", "boolean": "true"}.get(str(schema.get("type")))


def _plain(value: Any) -> str:
    """A scalar as YAML flow text: ``true``, ``5``, ``STANDARD``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# What an enum-valued key holds, for "unknown storage class 'X'" rather than "unknown value".
_ENUM_NAMES = {
    "service": "service", "region": "region", "class": "storage class",
    "start_class": "storage class", "to": "storage class", "price_class": "price class",
    "architecture": "architecture", "endpoint": "endpoint type", "tier": "retrieval tier",
    "direction": "direction", "type": "type", "operating_system": "operating system",
    "tenancy": "tenancy", "purchase": "purchase option",
}

# An example value for keys checked by a pattern, for the hint of a mismatch.
_EXAMPLES = {"instance_type": "m5.large", "instance_class": "db.m6g.large",
             "node_type": "ra3.4xlarge"}
# ...or by the prefix the key's pattern requires (node types of ElastiCache and DAX)
_PREFIXED = {"cache": "cache.m6g.large", "dax": "dax.r5.large", "db": "db.m6g.large"}

_TYPE_NAMES = {
    "object": "a mapping", "array": "a list", "string": "text", "number": "a number",
    "integer": "a whole number", "boolean": "true or false", "null": "nothing",
}


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
