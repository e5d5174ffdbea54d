"""The YAML reader's two paths agree: specs built straight from parser events are exactly
what the node-tree path builds, and everything unusual is left to the node-tree path."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from awscalc.yamlfile import (
    YamlError,
    _check_text,
    _load_plain,
    _load_with_lines,
    _Unusual,
    load_yaml,
)

from .conftest import REPO, hostile_cases

HOSTILE = hostile_cases()
SHIPPED_YAML = sorted([*REPO.glob("examples/**/*.yaml"), *REPO.glob("pricing/aws/**/*.yaml"),
                       *REPO.glob("tests/data/pricing/**/*.yaml")])


# The Snow catalog shares blocks between regions through anchors and aliases.
WITH_ANCHORS = {"snow.yaml"}


@pytest.mark.parametrize("path", SHIPPED_YAML, ids=lambda p: str(p.relative_to(REPO)))
def test_every_shipped_file_loads_the_same_by_either_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = _load_with_lines(text).data
    assert load_yaml(text).data == expected
    if path.name not in WITH_ANCHORS:  # plain YAML: the fast path must take it
        assert _load_plain(text) == expected


@pytest.mark.parametrize("case", [c for c in HOSTILE if "spec" in c], ids=lambda c: c["name"])
def test_hostile_specs_load_the_same_or_fail_the_same(case: dict[str, Any]) -> None:
    text = case["spec"]
    try:
        _check_text(text)  # what load_yaml refuses before either path
        expected: Any = _load_with_lines(text).data
    except YamlError as exc:
        expected = exc
    if isinstance(expected, YamlError):
        with pytest.raises(YamlError) as raised:
            load_yaml(text)
        assert (raised.value.message, raised.value.line) == (expected.message, expected.line)
    else:
        assert load_yaml(text).data == expected


@pytest.mark.parametrize("text", [
    "a: &x {b: 1}\nc: *x\n",                 # anchor and alias
    "base: &b {x: 1}\nd: {<<: *b, y: 2}\n",  # merge key
    "a: !!str 12\n",                         # explicit tag
    "a: 1\na: 2\n",                          # duplicate key
    "1: one\n",                              # a key that is not text
    "[a, b]: c\n",                           # a key that is a sequence
    "a: 1\n---\nb: 2\n",                     # two documents
    "a: [" * 70 + "]" * 70 + "\n",           # nesting past the limit
])
def test_unusual_documents_take_the_full_path(text: str) -> None:
    with pytest.raises((_Unusual, yaml.YAMLError)):
        _load_plain(text)


def test_anchors_and_aliases_still_load_through_the_full_path() -> None:
    document = load_yaml("base: &b {x: 1}\nd:\n  copy: *b\n  y: 2\n")
    assert document.data == {"base": {"x": 1}, "d": {"copy": {"x": 1}, "y": 2}}
    assert document.line_of(("d", "y")) == 4


# Everything awscalc refuses, with the line of the problem and the start of the message.
REFUSED = [
    ("base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n", 3, "invalid merge key: '<<' is not allowed"),
    ("d: {<<: {x: 1}}\n", 1, "invalid merge key"),
    ("a: 1\nb: !!binary aGk=\n", 2, "invalid value: tag '!!binary' is not allowed"),
    ("a: 1\n!!binary aGk=: 1\n", 2, "invalid value: tag '!!binary'"),
    ("a:\n  ? !!binary aGk=\n  : 1\n", 2, "invalid value: tag '!!binary'"),
    ("!!python/object/apply:os.system\nresources: {d: 1}\n", 1,
     "invalid value: tag '!!python/object/apply:os.system'"),
    ("resources: !!python/object/apply:os.system\n  d: 1\n", 1, "invalid value: tag"),
    ("a: [1, !!str 2]\n", 1, "invalid value: tag '!!str'"),
    ("a: &x !foo 1\nb: *x\n", 1, "invalid value: tag '!foo'"),
    ("a: 1\n2: b\n", 2, "$: key 2 is not text"),
    ("a: {true: 1}\n", 1, "$.a: key true is not text"),
    ("a: {2024-01-31: 1}\n", 1, "$.a: key 2024-01-31 is not text"),
    ("a: {[x]: 1}\n", 1, "$.a: a key is a list, not text"),
    ("a: {? {x: 1} : 1}\n", 1, "$.a: a key is a mapping, not text"),
    ("a: {~: 1}\n", 1, "$.a: key ~ is not text"),
    ("a: 1\n---\nb: 2\n", 2, "invalid YAML: a second document starts here"),
    ("a: 1\n...\n---\nb: 2\n", 3, "invalid YAML: a second document"),
    ("a: 1\nb: x\x1by\n", 2, "control character U+001B is not allowed"),
    ("a: 1\n\nb: '\x07'\n", 3, "control character U+0007"),
    ("a: \x85\x9b2J\n", 1, "control character U+009B"),
    ("a: 1\nb: 2024-02-30\n", 2, "invalid value '2024-02-30'"),
    ("a: 1\nb: \ufeffx\n", 2, "a byte order mark (U+FEFF) is only allowed at the start"),
    ("q: {standard: 120M, alia? s: 80M}\n", 1, "invalid YAML"),
    ("q: [a?b]\n", 1, "invalid YAML"),
    ("q: {standard:}\n", 1, "invalid YAML: a ':' inside [ ] or { } must be followed"),
    ("q: [a:]\n", 1, "invalid YAML"),
    ("a: 1\t\n", 1, "invalid YAML: a tab where YAML expects spaces"),
    ("a: 1\nb: [1,\t2]\n", 2, "invalid YAML: a tab"),
    ("a: >\n  x\n  \ty\n", 3, "invalid YAML: a tab at the start of a line of a block"),
]


def _pure_python_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read YAML as if PyYAML had been built without libyaml."""
    from awscalc import yamlfile

    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    pure = yamlfile._loader_class.__wrapped__()
    assert not issubclass(pure, yaml.CSafeLoader)
    monkeypatch.setattr(yamlfile, "_loader_class", lambda: pure)


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(("text", "line", "message"), REFUSED)
def test_what_awscalc_refuses_with_the_line_in_every_build(
        text: str, line: int, message: str, libyaml: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if not libyaml:
        _pure_python_yaml(monkeypatch)
    with pytest.raises(YamlError) as raised:
        load_yaml(text)
    assert raised.value.line == line
    assert raised.value.message.startswith(message), raised.value.message
    assert "\n" not in raised.value.message


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(("text", "data"), [
    ("a: 1  # a tab\tin a comment\n", {"a": 1}),
    ("a: 'a\ttab'\nb: \"x\\ty\"\n", {"a": "a\ttab", "b": "x\ty"}),
    ("a: |\n  x\ty\n", {"a": "x\ty\n"}),
    ("q: {standard: 120M, 'alia? s': 80M}\n", {"q": {"standard": "120M", "alia? s": "80M"}}),
    ("a: why?\nb: [x, y]\n", {"a": "why?", "b": ["x", "y"]}),
    ("a: {x: 1, y: }\n", {"a": {"x": 1, "y": None}}),
    ("note: >-\n  folded\n  text\n", {"note": "folded text"}),
    ("a: \"\\e[2J\"\n", {"a": "\x1b[2J"}),  # an escape the reader never sees: shown escaped
])
def test_portable_text_reads_the_same_in_every_build(
        text: str, data: Any, libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not libyaml:
        _pure_python_yaml(monkeypatch)
    assert load_yaml(text).data == data


# Characters around which the two parsers disagree, and enough YAML syntax to reach them.
FRAGMENTS = st.sampled_from(["a", "1", "\t", " ", ": ", ":", "- ", "\n", "\n  ", "#", ",",
                             "[", "]", "{", "}", '"', "'", "?", "? ", "|", ">", "&a ", "*a",
                             "!", "<<", "---", "...", "-", ".", "\r", "\u2028", "\ufeff"])


def _outcome(text: str) -> tuple[str, Any]:
    try:
        return "data", load_yaml(text).data
    except YamlError:
        return "refused", None


@settings(max_examples=400, deadline=None)
@given(text=st.lists(FRAGMENTS, min_size=1, max_size=12).map("".join))
def test_whether_a_text_parses_does_not_depend_on_libyaml(text: str) -> None:
    with_libyaml = _outcome(text)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _pure_python_yaml(monkeypatch)
        without = _outcome(text)
    assert with_libyaml == without


def test_the_line_map_is_built_on_first_use() -> None:
    document = load_yaml("name: demo\nresources:\n  dns:\n    service: route53\n")
    assert document._lines is None  # nothing built for a spec that has no error
    assert document.line_of(("resources", "dns", "service")) == 4
    assert document.line_of(("resources", "dns", "missing")) == 3
    assert document.line_of(()) == 1


# Scalars that YAML resolves to other types when unquoted, and text that merely looks so.
TRICKY_TEXT = st.sampled_from(["yes", "No", "on", "off", "null", "~", "", "1e3", "0x1F",
                               "0o17", "1_000", ".inf", "-.Inf", ".nan", "2024-01-31",
                               "12:30:00", "<<", "=", "1,000", "+1", "-0", "0.", "true"])
SCALARS = (st.none() | st.booleans() | st.integers() | st.decimals(allow_nan=False).map(float)
           | st.text(max_size=12) | TRICKY_TEXT | st.dates()
           | st.floats(allow_nan=False))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8) | TRICKY_TEXT, inner, max_size=4),
                    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(data=DATA, flow=st.sampled_from([True, False, None]))
def test_both_paths_read_any_dumped_document_alike(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    full = _load_with_lines(text).data
    assert load_yaml(text).data == full
    try:
        plain = _load_plain(text)
    except _Unusual:
        return  # e.g. a key PyYAML wrote as a quoted date is text; one unquoted is not
    assert plain == full
    assert type(plain) is type(full)


def test_dates_resolve_like_the_full_path() -> None:
    assert _load_plain("retrieved: 2026-11-26\n") == {"retrieved": datetime.date(2026, 11, 26)}


def test_without_libyaml_the_pure_python_parser_gives_the_same_data(monkeypatch) -> None:
    with_libyaml = {path: load_yaml(path.read_text(encoding="utf-8")).data
                    for path in SHIPPED_YAML}
    _pure_python_yaml(monkeypatch)
    for path, data in with_libyaml.items():
        assert load_yaml(path.read_text(encoding="utf-8")).data == data, path
    with pytest.raises(YamlError, match="nested more than 64 levels"):
        load_yaml("a: " + "[" * 100 + "]" * 100 + "\n")
