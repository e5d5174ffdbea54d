"""Golden files: every example in every format, priced with the frozen rate cards.

Set AWSCALC_UPDATE_GOLDEN=1 to (re)write the goldens after an intended change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from awscalc.estimate import estimate
from awscalc.output import render
from awscalc.ratecards import RateBook
from awscalc.spec import load_spec

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
FORMATS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_matches_golden(example: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    spec = load_spec(str(example.relative_to(REPO)))
    result = estimate(spec, RateBook(Path("tests/data/pricing"), "frozen"))
    text = render(result, fmt, explain=True)
    golden = REPO / "tests" / "golden" / f"{example.stem}.{FORMATS[fmt]}"
    if os.environ.get("AWSCALC_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden for {example.name}; run with AWSCALC_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_every_example_has_goldens() -> None:
    assert len(EXAMPLES) >= 2
    for example in EXAMPLES:
        for ext in FORMATS.values():
            assert (REPO / "tests" / "golden" / f"{example.stem}.{ext}").exists()
