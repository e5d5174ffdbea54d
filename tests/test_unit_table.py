"""The generated unit table: up to date with units.txt, equal to pint entry by entry, and
the only source of units at run time (no cache, no pint)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fractions import Fraction

import pytest

from awscalc import unitgen
from awscalc.unit_table import UNITS

from . import pint_oracle
from .conftest import REPO


def test_the_committed_table_is_what_units_txt_generates() -> None:
    assert unitgen.TABLE_PY.read_text(encoding="utf-8") == unitgen.generate(), (
        "awscalc/unit_table.py is out of date: run python -m awscalc.unitgen")
    assert unitgen.main(["--check"]) == 0


def test_the_table_has_exactly_the_units_pint_reads_from_units_txt() -> None:
    assert set(UNITS) == pint_oracle.names()


@pytest.mark.parametrize("name", sorted(UNITS))
def test_every_entry_equals_pint(name: str) -> None:
    numerator, denominator, dims = UNITS[name]
    assert (Fraction(numerator, denominator), dims) == pint_oracle.factor(name)


@pytest.mark.parametrize(("text", "problem"), [
    ("foo = 3 * nothing", "'3 * nothing': unknown unit or number 'nothing'"),
    ("byte = [information]\nB = 8 * byte = byte", "'byte' is defined twice"),
    ("byte = [information]\nkb = byte ** 2", "'byte ** 2': unknown unit or number ''"),
    ("just a name", "expected 'name = definition'"),
    ("x = 1 = 2bad", "'2bad' is not a unit name"),
])
def test_the_generator_refuses_what_it_does_not_understand(text: str, problem: str) -> None:
    with pytest.raises(unitgen.DefinitionError, match=re.escape(problem)):
        unitgen.parse_definitions(text)


def test_a_stale_table_is_reported(tmp_path, monkeypatch, capsys) -> None:
    stale = tmp_path / "unit_table.py"
    stale.write_text(unitgen.generate().replace("1099511627776", "1099511627776000"))
    monkeypatch.setattr(unitgen, "TABLE_PY", stale)
    assert unitgen.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert unitgen.main([]) == 0
    assert stale.read_text() == unitgen.generate()


PROBE = """
import json, sys
from awscalc.entrypoint import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & {"pint"})), file=sys.stderr)
"""


def test_pricing_a_spec_reads_no_unit_cache_and_imports_no_pint(tmp_path) -> None:
    """Nothing in the cache folder is read or written for units, and pint stays out."""
    cache = tmp_path / "cache"
    cache.mkdir()
    env = {"AWSCALC_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    for example in ("media-archive.yaml", "web-dns.yaml"):
        result = subprocess.run(
            [sys.executable, "-c", PROBE, "estimate", f"examples/{example}", "-f", "json"],
            capture_output=True, text=True, cwd=REPO, env=env, check=True)
        assert json.loads(result.stderr.strip().splitlines()[-1]) == []
        assert json.loads(result.stdout)["totals"]
    # the only entries are parsed rate cards (awscalc.cardcache), none for units
    assert [entry.name for entry in cache.iterdir() if not entry.name.startswith("card-")] == []
