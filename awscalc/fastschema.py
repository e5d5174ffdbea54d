"""A small compiled JSON Schema checker: is this document valid, yes or no — fast.

jsonschema gives the detailed, best-match error messages awscalc reports, but it costs
about three times Python's own start-up to import and roughly a millisecond per resource
to run. Most documents are valid, so awscalc first asks this checker, which compiles the
subset of draft 2020-12 that awscalc's schemas use into plain closures; only when it says
"invalid" (or meets a keyword it does not know) is jsonschema loaded to explain why.

It never explains and never guesses: an unknown keyword raises :class:`Unsupported` at
compile time, so callers fall back to jsonschema rather than accept something unchecked.

Both checkers read "number" as JSON does: NaN and ±Infinity (which YAML can write as
``.nan`` and ``.inf``) are not numbers, so ``{"type": "number", "minimum": 0}`` refuses
them; integers of any size are numbers, compared exactly (never through ``float``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that carry no validation (annotations) in draft 2020-12.
_ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "default",
                "examples", "deprecated", "readOnly", "writeOnly"}


class Unsupported(Exception):
    """The schema uses a keyword this checker does not implement."""


def compile_schema(root: dict[str, Any],
                   formats: dict[str, Callable[[Any], Any]] | None = None) -> Check:
    """Compile ``root`` into a function ``instance -> bool``.

    ``formats`` maps a format name to a function that raises ``ValueError`` for a bad
    value (as jsonschema's format checker does); formats not listed are not checked.
    """
    return _Compiler(root, formats or {}).compile(root)


class SchemaChecker:
    """One schema, checked fast when valid and explained by jsonschema when not."""

    def __init__(self, schema: dict[str, Any],
                 formats: dict[str, Callable[[Any], Any]] | None = None) -> None:
        self.schema = schema
        self.formats = formats or {}
        try:
            self._fast: Check | None = compile_schema(schema, self.formats)
        except Unsupported:
            self._fast = None
        self._slow: Any = None

    def is_valid(self, instance: Any) -> bool:
        """True when ``instance`` is valid (no jsonschema import when it is)."""
        if self._fast is not None:
            return self._fast(instance)
        return not any(True for _ in self.iter_errors(instance))

    def iter_errors(self, instance: Any) -> Any:
        """jsonschema's errors for ``instance`` (imports jsonschema on first use)."""
        if self._slow is None:
            from jsonschema import FormatChecker

            checker = FormatChecker(formats=())
            for name, function in self.formats.items():
                checker.checks(name, raises=ValueError)(function)
            self._slow = json_validator_class()(self.schema, format_checker=checker)
        return self._slow.iter_errors(instance)


def json_validator_class() -> Any:
    """jsonschema's draft 2020-12 validator, with JSON's numbers: no NaN, no ±Infinity."""
    from jsonschema import Draft202012Validator, validators

    types = Draft202012Validator.TYPE_CHECKER.redefine("number", lambda _, v: _is_number(v))
    return validators.extend(Draft202012Validator, type_checker=types)


def _is_number(value: Any) -> bool:
    """A JSON number: an int (not a bool) of any size, or a finite float."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, float):
        return value.is_integer()  # false for NaN and ±Infinity
    return isinstance(value, int) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "integer": _is_integer,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _json_key(value: Any) -> Any:
    """A hashable stand-in with JSON equality: 1 == 1.0, but True != 1."""
    if isinstance(value, bool):
        return ("bool", value)
    if _is_number(value):
        return ("number", value)  # Python already has 1 == 1.0 with equal hashes
    if isinstance(value, list):
        return ("array", tuple(_json_key(v) for v in value))
    if isinstance(value, dict):
        return ("object", tuple(sorted((k, _json_key(v)) for k, v in value.items())))
    return (type(value).__name__, value)


# Loops rather than all()/any() over a generator: these run for every value of every
# resource, and a generator per call costs more than the check itself.
def _all_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(v: Any) -> bool:
        for each in checks:  # noqa: SIM110
            if not each(v):
                return False
        return True

    return check


def _any_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(v: Any) -> bool:
        for each in checks:  # noqa: SIM110
            if each(v):
                return True
        return False

    return check


class _Compiler:
    def __init__(self, root: dict[str, Any], formats: dict[str, Callable[[Any], Any]]) -> None:
        self.root = root
        self.formats = formats
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS:
                continue
            builder = getattr(self, "_" + keyword.lstrip("$"), None)
            if builder is None:
                if keyword in ("then", "else"):
                    continue  # compiled together with "if"
                raise Unsupported(keyword)
            checks.append(builder(value, schema))
        if not checks:
            return lambda v: True
        return _all_of(checks)

    # --- references and combinators ---------------------------------------------------------
    def _ref(self, ref: str, schema: dict[str, Any]) -> Check:
        if not ref.startswith("#/"):
            raise Unsupported(f"$ref {ref}")
        if ref not in self.refs:
            self.refs[ref] = lambda v: True  # placeholder while compiling (recursion)
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            compiled = self.compile(target)
            self.refs[ref] = compiled
        refs = self.refs
        return lambda v: refs[ref](v)

    def _allOf(self, value: list[Any], schema: dict[str, Any]) -> Check:
        return _all_of([self.compile(s) for s in value])

    def _anyOf(self, value: list[Any], schema: dict[str, Any]) -> Check:
        return _any_of([self.compile(s) for s in value])

    def _oneOf(self, value: list[Any], schema: dict[str, Any]) -> Check:
        checks = [self.compile(s) for s in value]
        return lambda v: sum(1 for check in checks if check(v)) == 1

    def _not(self, value: Any, schema: dict[str, Any]) -> Check:
        check = self.compile(value)
        return lambda v: not check(v)

    def _if(self, value: Any, schema: dict[str, Any]) -> Check:
        condition = self.compile(value)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda v: then(v) if condition(v) else otherwise(v)

    # --- any type -----------------------------------------------------------------------------
    def _type(self, value: str | list[str], schema: dict[str, Any]) -> Check:
        names = value if isinstance(value, list) else [value]
        return _any_of([_TYPES[name] for name in names])

    def _enum(self, value: list[Any], schema: dict[str, Any]) -> Check:
        if all(isinstance(option, str) for option in value):  # the common case, quickly
            texts = frozenset(value)
            return lambda v: isinstance(v, str) and v in texts
        allowed = {_json_key(option) for option in value}
        return lambda v: _json_key(v) in allowed

    def _const(self, value: Any, schema: dict[str, Any]) -> Check:
        return self._enum([value], schema)

    def _format(self, value: str, schema: dict[str, Any]) -> Check:
        checker = self.formats.get(value)
        if checker is None:
            return lambda v: True

        def check(v: Any) -> bool:
            try:
                checker(v)
            except ValueError:
                return False
            return True

        return check

    # --- objects ------------------------------------------------------------------------------
    def _properties(self, value: dict[str, Any], schema: dict[str, Any]) -> Check:
        checks = {name: self.compile(sub) for name, sub in value.items()}

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            if len(checks) < len(v):
                for name, sub in checks.items():
                    if name in v and not sub(v[name]):
                        return False
            else:
                for name, item in v.items():
                    sub = checks.get(name)
                    if sub is not None and not sub(item):
                        return False
            return True

        return check

    def _additionalProperties(self, value: Any, schema: dict[str, Any]) -> Check:
        if "patternProperties" in schema:
            raise Unsupported("patternProperties")
        known = set(schema.get("properties", {}))
        sub = self.compile(value)

        def check(v: Any) -> bool:
            if isinstance(v, dict):
                for name, item in v.items():
                    if name not in known and not sub(item):
                        return False
            return True

        return check

    def _required(self, value: list[str], schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, dict) or all(name in v for name in value)

    def _minProperties(self, value: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, dict) or len(v) >= value

    def _propertyNames(self, value: Any, schema: dict[str, Any]) -> Check:
        check = self.compile(value)
        return lambda v: not isinstance(v, dict) or all(check(k) for k in v)

    # --- arrays -------------------------------------------------------------------------------
    def _items(self, value: Any, schema: dict[str, Any]) -> Check:
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        check = self.compile(value)
        return lambda v: not isinstance(v, list) or all(check(item) for item in v)

    def _minItems(self, value: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, list) or len(v) >= value

    def _maxItems(self, value: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, list) or len(v) <= value

    def _uniqueItems(self, value: bool, schema: dict[str, Any]) -> Check:
        if not value:
            return lambda v: True
        return lambda v: not isinstance(v, list) or len({_json_key(i) for i in v}) == len(v)

    # --- strings ------------------------------------------------------------------------------
    def _pattern(self, value: str, schema: dict[str, Any]) -> Check:
        regex = re.compile(value)
        return lambda v: not isinstance(v, str) or regex.search(v) is not None

    def _maxLength(self, value: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, str) or len(v) <= value

    def _minLength(self, value: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, str) or len(v) >= value

    # --- numbers ------------------------------------------------------------------------------
    def _minimum(self, value: float, schema: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v >= value

    def _maximum(self, value: float, schema: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v <= value

    def _exclusiveMinimum(self, value: float, schema: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v > value

    def _exclusiveMaximum(self, value: float, schema: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v < value
