"""Shared test helpers: the repository paths, frozen rate cards, and an in-process CLI runner."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from awscalc.ratecards import RateBook

REPO = Path(__file__).resolve().parent.parent
FROZEN_PRICING = REPO / "tests" / "data" / "pricing"
SHIPPED_PRICING = REPO / "pricing" / "aws"
SHARED = REPO.parent / "shared"
PRICE_LIST_FIXTURES = SHARED / "fixtures" / "aws-price-list"
HOSTILE_DIR = REPO / "tests" / "hostile"


def load_tool(name: str) -> Any:
    """The generator script ``pricing/tools/<name>.py`` as a module (the scripts are not
    a package: each is run by path, and tests load them the same way)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO / "pricing" / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module   # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


def hostile_cases() -> list[dict]:
    """Every case of the hostile-input corpus: all ``tests/hostile/*.yaml`` files, in name
    order (one file per topic, so that additions do not collide)."""
    import yaml

    cases: list[dict] = []
    for path in sorted(HOSTILE_DIR.glob("*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return cases


@pytest.fixture(autouse=True)
def _no_user_pricing(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own updated rate cards, $AWSCALC_PRICING or caches never leak into
    tests (nor do tests write to the developer's cache)."""
    monkeypatch.setenv("AWSCALC_DATA_DIR", str(tmp_path_factory.mktemp("awscalc-data")))
    monkeypatch.setenv("AWSCALC_CACHE_DIR", str(tmp_path_factory.mktemp("awscalc-cache")))
    monkeypatch.delenv("AWSCALC_PRICING", raising=False)
    # Tables fit $COLUMNS: the developer's (or a test runner's) value must not decide a
    # test's layout; tests that need a width set it themselves.
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def data_dir() -> Path:
    """This test's data directory ($AWSCALC_DATA_DIR, fresh per test): where
    ``pricing update`` writes the cards it builds."""
    return Path(os.environ["AWSCALC_DATA_DIR"])


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    """A local-folder Price List mirror (``pricing update --source DIR``): the real
    fixtures of ../shared plus the hand-written offer files of tests/data/offers."""
    from .test_priceupdate import build_mirror

    root = tmp_path / "mirror"
    build_mirror(root)
    return root


@pytest.fixture
def frozen_book() -> RateBook:
    """Rate cards frozen for tests (tests/data/pricing)."""
    return RateBook(FROZEN_PRICING, "frozen")


@pytest.fixture
def shipped_book() -> RateBook:
    """The rate cards awscalc ships (pricing/aws): for AWS's published examples."""
    return RateBook(SHIPPED_PRICING, "shipped")


@dataclass
class CliResult:
    """What one in-process CLI run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run ``awscalc ARGS…`` in-process, as the console script does; returns a
    :class:`CliResult`."""
    from awscalc.entrypoint import main

    def run(*args: str, stdin: str = "") -> CliResult:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
