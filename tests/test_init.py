"""``awscalc init`` and ``awscalc schema -o``: starter specs that validate and price as
installed, the schema beside them, files never overwritten unasked, and every example's
``$schema`` comment pointing at a file that exists and equals ``awscalc schema``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from awscalc.starter import SCHEMA_FILE, TEMPLATE_DIR, TEMPLATES, schema_text

from .conftest import REPO

NAMES = sorted(TEMPLATES)
SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def test_every_template_file_is_offered_and_every_offer_has_a_file() -> None:
    from awscalc.cli import Template

    files = sorted(path.stem for path in TEMPLATE_DIR.glob("*.yaml"))
    assert files == NAMES == sorted(t.value for t in Template)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package laid out as the wheel installs it (pyproject: the ``awscalc`` folder,
    and ``pricing`` force-included as ``awscalc/pricing``), away from the checkout."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "awscalc", site / "awscalc",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "pricing"))
    shutil.copytree(REPO / "pricing", site / "awscalc" / "pricing")
    return site


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "AWSCALC_PRICING"}
    env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, "-c", "import sys; from awscalc.entrypoint "
                           "import main; sys.exit(main())", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", NAMES)
def test_each_template_validates_and_prices_from_the_installed_package(
        name: str, installed: Path, tmp_path: Path) -> None:
    init = run_installed(installed, tmp_path, "init", "--template", name)
    assert init.returncode == 0, init.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arch.yaml", SCHEMA_FILE]
    spec = (tmp_path / "arch.yaml").read_text()
    assert spec == (TEMPLATE_DIR / f"{name}.yaml").read_text()
    assert SCHEMA_COMMENT.search(spec)[1] == f"./{SCHEMA_FILE}"
    assert (tmp_path / SCHEMA_FILE).read_text() == schema_text()
    validate = run_installed(installed, tmp_path, "validate", "arch.yaml")
    assert validate.returncode == 0, validate.stderr
    estimate = run_installed(installed, tmp_path, "estimate", "arch.yaml", "-f", "json")
    assert estimate.returncode == 0, estimate.stderr
    assert json.loads(estimate.stdout)["totals"]["monthly"] > 0


def test_templates_are_package_data_of_the_wheel() -> None:
    """hatch puts everything under ``awscalc/`` that git does not ignore into the wheel."""
    pyproject = (REPO / "pyproject.toml").read_text()
    assert re.search(r'^packages = \["awscalc"\]$', pyproject, re.MULTILINE)
    assert TEMPLATE_DIR.parent == REPO / "awscalc"
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout: cannot ask git which files it ignores")
    ignored = subprocess.run(["git", "check-ignore", *map(str, TEMPLATE_DIR.iterdir())],
                             cwd=REPO, capture_output=True, text=True)
    assert ignored.stdout == "", f"git-ignored, so not in the wheel: {ignored.stdout}"


def test_init_refuses_to_overwrite_unless_forced(cli, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init").code == 0
    (tmp_path / "arch.yaml").write_text("mine\n")
    again = cli("init", "-t", "serverless")
    assert again.code == 2
    assert "arch.yaml already exists; not overwritten (use --force" in again.err
    assert (tmp_path / "arch.yaml").read_text() == "mine\n"
    # an identical schema is no reason to refuse: another spec beside the first
    assert cli("init", "-t", "serverless", "-o", "api.yaml").code == 0
    (tmp_path / SCHEMA_FILE).write_text("{}\n")
    stale = cli("init", "-o", "other.yaml")
    assert stale.code == 2 and "awscalc.schema.json already exists and differs" in stale.err
    assert not (tmp_path / "other.yaml").exists(), "nothing is written when one file is refused"
    assert cli("init", "-o", "other.yaml", "--no-schema").code == 0
    assert (tmp_path / SCHEMA_FILE).read_text() == "{}\n"
    forced = cli("init", "-t", "static-site", "--force")
    assert forced.code == 0, forced.err
    assert "static-site" in (tmp_path / "arch.yaml").read_text()
    assert (tmp_path / SCHEMA_FILE).read_text() == schema_text()


def test_init_dir_output_and_stdout(cli, tmp_path: Path) -> None:
    target = tmp_path / "new" / "site"
    result = cli("init", "--dir", str(target), "-t", "static-site", "-o", "web.yaml")
    assert result.code == 0, result.err
    assert sorted(p.name for p in target.iterdir()) == [SCHEMA_FILE, "web.yaml"]
    assert f"awscalc estimate {target / 'web.yaml'}" in result.err
    printed = cli("init", "-t", "data-lake", "-o", "-")
    assert printed.code == 0
    assert printed.out == (TEMPLATE_DIR / "data-lake.yaml").read_text()
    assert cli("init", "-o", str(tmp_path)).code == 2  # a directory is not a spec file


def test_init_help_names_every_template_with_examples(cli) -> None:
    text = cli("init", "--help").out
    for name in NAMES:
        assert name in text
    assert "awscalc init --template serverless -o api.yaml" in text


def test_schema_output_is_the_printed_schema(cli, tmp_path: Path) -> None:
    printed = cli("schema").out
    assert printed == schema_text()
    target = tmp_path / SCHEMA_FILE
    assert cli("schema", "-o", str(target)).code == 0
    assert target.read_text() == printed
    assert json.loads(printed)["$schema"].startswith("https://json-schema.org/")


def test_the_repository_schema_is_current() -> None:
    """The examples' editors read ``awscalc.schema.json`` at the repository root."""
    assert (REPO / SCHEMA_FILE).read_text() == schema_text(), (
        f"{SCHEMA_FILE} is stale: run 'awscalc schema -o {SCHEMA_FILE}' after a schema change")


def test_every_example_points_at_a_schema_that_exists() -> None:
    examples = sorted((REPO / "examples").rglob("*.yaml"))
    assert examples
    for example in examples:
        found = SCHEMA_COMMENT.search(example.read_text())
        assert found, f"{example}: no '# yaml-language-server: $schema=' line"
        target = (example.parent / found[1]).resolve()
        assert target == REPO / SCHEMA_FILE, f"{example}: $schema={found[1]}"
        assert target.is_file()
