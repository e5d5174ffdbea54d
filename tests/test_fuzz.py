"""Fuzzing in the suite: mutated shipped examples never reach Python's error paths.

Each example is mutated (type swaps, deleted and duplicated keys, extreme and malformed
numbers and unit strings, YAML tags, unicode and control characters, raw text damage)
and run through ``awscalc estimate --format json`` in-process. Whatever the input, the
run ends in exit 0, 2, 3 or 4 — never 1 (a bug) — with one line on stderr for an error,
within a bounded time; a success prints JSON whose totals equal its line items' sums.

The default run takes well under a minute; ``AWSCALC_FUZZ_EXAMPLES=5000`` runs thousands.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
DOCUMENTS = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in EXAMPLES}
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in EXAMPLES}
COUNT = int(os.environ.get("AWSCALC_FUZZ_EXAMPLES", "150"))
SECONDS = 3.0

ODD_VALUES = st.sampled_from([
    None, True, 0, -1, 1e308, -1e308, float("nan"), float("inf"), 10**30, -(10**30),
    "", " ", "0", "-5 GB", "5 TB**2", "1e400 GB", "5 (TB", "5 TB/0", "3MM", "1.4B",
    "80%", "120%", "1e-30 GB", "9" * 500, "5 km", "NaN", "∞", "５ GB", "1 GB\x1b[2J",
    "[link=http://x]a[/link]", "<b>x</b>", "=cmd|' /C calc'!A0", "\u202e", "a\nb",
    [], {}, [1, 2], {"a": 1}, "m5.larg", "us-east-9", "scheduled_reserved",
])
TEXT_DAMAGE = st.sampled_from([
    "!!binary aGVsbG8=", "!!python/object/apply:os.system ['true']", "&a x", "*a",
    "<<: {a: 1}", "---\n", "\t", "\x00", "\x07", "\ufeff", "? ", "{", "]", ": :", "%YAML 1.1",
    "'unterminated", "\\u0000", "- - -", "\u2028",
])


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _set(document: Any, path: tuple[Any, ...], value: Any, mode: str) -> Any:
    if not path:
        return value
    parent: Any = document
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if mode == "delete":
        del parent[key]
    elif mode == "duplicate" and isinstance(parent, dict):
        parent[f"{key}_copy"] = parent[key]
    elif mode == "duplicate" and isinstance(parent, list):
        parent.append(parent[key])
    else:
        parent[key] = value
    return document


@st.composite
def mutated_specs(draw: st.DrawFn) -> str:
    """The YAML text of a mutated example."""
    name = draw(st.sampled_from(sorted(DOCUMENTS)))
    if draw(st.integers(0, 4)) == 0:  # damage the text itself
        text = TEXTS[name]
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(TEXT_DAMAGE) + text[at:]
    document = json.loads(json.dumps(DOCUMENTS[name]))  # a deep copy
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths[1:] or paths))
        mode = draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        # a copy: the sampled [] and {} are shared by every example, and a mutation that
        # lands inside one would change (even nest) it for all later examples
        value = copy.deepcopy(draw(st.one_of(ODD_VALUES, st.text(max_size=12))))
        try:
            document = _set(document, path, value, mode)
        except (KeyError, IndexError, TypeError):
            continue
    try:
        return yaml.safe_dump(document, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return TEXTS[name]


def run(args: list[str], spec: str) -> tuple[int, str, str]:
    """``awscalc ARGS`` in-process with ``spec`` on stdin: (exit code, stdout, stderr)."""
    from awscalc.entrypoint import main

    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(spec.encode("utf-8", "surrogatepass")))
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(args)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin = stdin
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWSCALC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AWSCALC_CACHE_DIR", str(tmp_path / "cache"))


@settings(max_examples=COUNT, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(mutated_specs())
def test_mutated_examples_never_end_in_an_internal_error(spec: str) -> None:
    started = time.monotonic()
    code, out, err = run(["estimate", "-", "--format", "json"], spec)
    elapsed = time.monotonic() - started
    assert code in (0, 2, 3, 4), f"exit {code}: {err}\n--- spec:\n{spec}"
    assert "Traceback" not in err
    assert elapsed < SECONDS, f"{elapsed:.1f} s"
    if code:
        assert err.startswith("awscalc: error: ") and err.count("\n") == 1, err
        return
    document = json.loads(out, parse_float=Decimal)
    items = document["line_items"]
    monthly = sum((i["cost"] for i in items if not i["one_time"]), Decimal(0))
    one_time = sum((i["cost"] for i in items if i["one_time"]), Decimal(0))
    assert document["totals"]["monthly"] == monthly
    assert document["totals"]["one_time"] == one_time
