"""The CSV report in a real spreadsheet: LibreOffice headless, every shipped example.

Each example's CSV (written by the CLI, as a user gets it) gets one more row, a formula
``=SUMIF(<charge or one_time column>; monthly; <cost column>)`` over the line items;
one ``soffice --convert-to xlsx`` run converts them all; ``openpyxl`` then reads what
LibreOffice made of them: the SUM LibreOffice computed equals the JSON report's
``totals.monthly``, every cost is a number (not text), and the text — ``×`` included —
arrives intact. Skipped, saying why, where LibreOffice (Debian ``libreoffice-calc-nogui``;
``.ci/run`` installs it) is not installed.

The import uses LibreOffice's CSV filter with UTF-8 named (``CSV:44,34,76``), as a script
would. Without a charset LibreOffice 7.4's headless import reads Windows-1252 whatever
the file starts with (a UTF-8 byte order mark included), so ``×`` becomes ``Ã—``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
# separator ",", text delimiter '"', UTF-8, from line 1, no column types, default language,
# quoted fields as text: no, detect special numbers: yes, (three export-only options),
# evaluate formulas: yes
CSV_FILTER = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
SOFFICE_TIMEOUT = 180  # seconds for the one conversion of every example


def soffice() -> str | None:
    """LibreOffice's command-line executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _column(index: int) -> str:
    """A spreadsheet column letter: 0 → ``A``, 26 → ``AA``."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _monthly_formula(header: list[str], count: int) -> str:
    """``=SUMIF(…)`` of the cost of the monthly line items (rows 2 to count + 1)."""
    last = count + 1
    cost = _column(header.index("cost"))
    if "charge" in header:
        column, criterion = _column(header.index("charge")), '"monthly"'
    else:
        column, criterion = _column(header.index("one_time")), "FALSE()"
    return f"=SUMIF({column}2:{column}{last};{criterion};{cost}2:{cost}{last})"


def _run(*args: str) -> None:
    from awscalc.entrypoint import main

    try:
        main(list(args))
    except SystemExit as exc:
        assert exc.code in (0, None), f"awscalc {' '.join(args)} exited {exc.code}"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """example stem → its JSON report, CSV text, header, line-item count and xlsx path."""
    executable = soffice()
    if executable is None:
        pytest.skip("LibreOffice is not installed (Debian package 'libreoffice-calc-nogui'; "
                    ".ci/run installs it): the spreadsheet round trip did not run")
    pytest.importorskip("openpyxl", reason="openpyxl (the test extras) reads the xlsx files")
    base = tmp_path_factory.mktemp("spreadsheet")
    sheets, out = base / "csv", base / "xlsx"
    sheets.mkdir()
    found: dict[str, dict[str, Any]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        patch.setenv("AWSCALC_DATA_DIR", str(base / "data"))
        patch.setenv("AWSCALC_CACHE_DIR", str(base / "cache"))
        patch.delenv("AWSCALC_PRICING", raising=False)
        for example in EXAMPLES:
            spec = str(example.relative_to(REPO))
            report, target = base / f"{example.stem}.json", sheets / f"{example.stem}.csv"
            _run("estimate", spec, "--format", "json", "-o", str(report))
            _run("estimate", spec, "--format", "csv", "-o", str(target))
            text = target.read_bytes().decode("utf-8")
            data = json.loads(report.read_text(encoding="utf-8"), parse_float=Decimal)
            # the line items come first, in the JSON's order; total rows (if any) after
            header, count = _header(text), len(data["line_items"])
            with target.open("a", encoding="utf-8", newline="") as stream:
                row = [""] * len(header)
                row[0], row[header.index("cost")] = "SUM", _monthly_formula(header, count)
                csv.writer(stream, lineterminator="\n").writerow(row)
            found[example.stem] = {"json": data, "csv": text, "header": header, "count": count,
                                   "xlsx": out / f"{example.stem}.xlsx"}
    profile = base / "profile"
    result = subprocess.run(
        [executable, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--norestore", "--nologo", "--convert-to", "xlsx", f"--infilter={CSV_FILTER}",
         "--outdir", str(out), *sorted(str(p) for p in sheets.glob("*.csv"))],
        capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, check=False)
    missing = [stem for stem, item in found.items() if not item["xlsx"].exists()]
    assert not missing, f"soffice did not convert {missing}: {result.stdout}{result.stderr}"
    return found


def _sheet(path: Path, values: bool) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=values)
    try:
        return [tuple(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_libreoffice_sum_of_monthly_costs_is_the_monthly_total(
        converted: dict[str, dict[str, Any]], example: Path) -> None:
    item = converted[example.stem]
    report, header, count = item["json"], item["header"], item["count"]
    rows = _sheet(item["xlsx"], values=True)
    monthly = report["totals"]["monthly"]
    # the formula LibreOffice computed, in the row after everything the CLI wrote
    assert rows[-1][0] == "SUM"
    computed = rows[-1][header.index("cost")]
    assert isinstance(computed, (int, float)), f"SUMIF gave {computed!r}"
    assert abs(Decimal(repr(computed)) - monthly) < Decimal("0.005"), \
        f"LibreOffice SUM {computed} != JSON monthly {monthly}"
    # every line item's cost is a number to LibreOffice, and the line items are the JSON's
    cost = header.index("cost")
    items = rows[1:count + 1]
    assert len(items) == len(report["line_items"])
    for row, line in zip(items, report["line_items"], strict=True):
        assert isinstance(row[cost], (int, float)) and not isinstance(row[cost], bool), row
        assert abs(Decimal(repr(row[cost])) - line["cost"]) < Decimal("0.005")
    # a TOTAL monthly row, where the CSV has one, says the same
    for row in rows[count + 1:-1]:
        label = " ".join(str(c) for c in row[:2] if c).lower()
        if "total" in label and "monthly" in label and "group" not in label \
                and "sub" not in label and isinstance(row[cost], (int, float)):
            assert abs(Decimal(repr(row[cost])) - monthly) < Decimal("0.005"), row


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_text_survives_the_round_trip(converted: dict[str, dict[str, Any]],
                                      example: Path) -> None:
    item = converted[example.stem]
    header, count, report = item["header"], item["count"], item["json"]
    rows = _sheet(item["xlsx"], values=False)
    assert list(rows[0][:len(header)]) == header  # no byte order mark in A1
    columns = {name: header.index(name) for name in ("resource", "component", "formula")}
    for row, line in zip(rows[1:count + 1], report["line_items"], strict=True):
        for name, index in columns.items():
            assert row[index] == line[name], f"{name}: {row[index]!r} != {line[name]!r}"
    text = "".join(str(cell) for row in rows for cell in row if cell is not None)
    assert "Ã" not in text and "\ufffd" not in text


def test_the_times_sign_is_tested() -> None:
    """The round trip above covers ``×`` (it is in the examples' formulas)."""
    assert any("×" in path.read_text(encoding="utf-8")
               for path in (REPO / "tests" / "golden").glob("*.csv"))
