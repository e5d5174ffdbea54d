"""Shell completion: typer's own scripts and completions, for a shell named or detected,
through the console script; ``--version`` and cached ``--help`` stay free of typer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

ENTRY = "import sys; from awscalc.entrypoint import main; sys.exit(main())"


def run(*args: str, env: dict[str, str] | None = None, home: Path | None = None
        ) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, **(env or {}))
    if home is not None:
        environment["HOME"] = str(home)
    return subprocess.run([sys.executable, "-c", ENTRY, *args], capture_output=True,
                          text=True, env=environment, cwd=REPO, timeout=60)


@pytest.mark.parametrize(("shell", "start"), [("bash", "_awscalc_completion() {"),
                                              ("zsh", "#compdef awscalc"),
                                              ("fish", "complete --command awscalc")])
def test_show_completion_prints_the_script_of_the_shell_named(shell: str, start: str) -> None:
    result = run("--show-completion", shell)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(start)
    assert "_AWSCALC_COMPLETE" in result.stdout.upper()


def test_the_bash_script_runs_in_bash_and_completes_commands_and_choices() -> None:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    script = run("--show-completion", "bash").stdout
    assert "complete -o default -F _awscalc_completion awscalc" in script
    checked = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
    assert checked.returncode == 0, checked.stderr
    words = run(env={"_AWSCALC_COMPLETE": "complete_bash", "COMP_WORDS": "awscalc est",
                     "COMP_CWORD": "1"})
    assert words.returncode == 0 and words.stdout.split() == ["estimate"]
    templates = run(env={"_AWSCALC_COMPLETE": "complete_bash",
                         "COMP_WORDS": "awscalc init --template ", "COMP_CWORD": "3"})
    assert templates.stdout.split() == ["web-app", "serverless", "data-lake", "static-site"]


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = run("--show-completion", "tcsh")
    assert result.returncode == 2
    assert result.stderr == ("awscalc: error: --show-completion: no completion for the shell "
                             "'tcsh' (expected one of: bash, zsh, fish, powershell, pwsh)\n")


def test_install_completion_writes_typers_bash_script(tmp_path: Path) -> None:
    result = run("--install-completion", "bash", home=tmp_path)
    assert result.returncode == 0, result.stderr
    installed = tmp_path / ".bash_completions" / "awscalc.sh"
    assert installed.read_text().strip() == run("--show-completion", "bash").stdout.strip()
    assert str(installed) in (tmp_path / ".bashrc").read_text()


def test_a_bare_option_takes_the_detected_shell() -> None:
    from awscalc.cli import _completion_args

    assert _completion_args(["--show-completion"]) == ["--show-completion", "detect"]
    assert _completion_args(["--install-completion", "--debug"]) == [
        "--install-completion", "detect", "--debug"]
    assert _completion_args(["--show-completion", "zsh"]) == ["--show-completion", "zsh"]
    assert _completion_args(["estimate", "a.yaml"]) == ["estimate", "a.yaml"]


def test_help_lists_the_completion_options(cli) -> None:
    text = cli("--help").out
    assert "--install-completion [SHELL]" in text and "--show-completion [SHELL]" in text
