"""The console script's fast paths: ``--version`` and cached ``--help`` must print exactly
what the CLI itself prints, and a cached help text must never outlive what it shows."""

from __future__ import annotations

import marshal
import subprocess
import sys
from pathlib import Path

import pytest

from awscalc import entrypoint

from .conftest import REPO

COMMANDS = [(), ("estimate",), ("validate",), ("schema",), ("diff",), ("transfer",),
            ("pricing",), ("pricing", "list"), ("pricing", "update"), ("pricing", "diff")]


def run(capsysbinary: pytest.CaptureFixture[bytes], function, args: list[str]
        ) -> tuple[int, bytes]:
    """Call ``function(args)`` as the console script would; (exit code, stdout bytes)."""
    code = 0
    try:
        result = function(args)
        code = result if isinstance(result, int) else 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    return code, capsysbinary.readouterr().out


def cache_file() -> Path:
    from awscalc.cachedir import cache_dir

    return Path(cache_dir()) / entrypoint.CACHE_FILE


@pytest.mark.parametrize("columns", ["60", "100"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "awscalc")
def test_help_is_byte_for_byte_what_the_cli_prints(capsysbinary, monkeypatch, command,
                                                   columns) -> None:
    from awscalc.cli import main as cli_main

    monkeypatch.setenv("COLUMNS", columns)
    args = [*command, "--help"]
    expected = run(capsysbinary, cli_main, args)
    assert expected[0] == 0 and expected[1].startswith(b"Usage: awscalc")
    assert run(capsysbinary, entrypoint.main, args) == expected  # rendered, then kept
    assert cache_file().exists()
    assert run(capsysbinary, entrypoint.main, args) == expected  # from the cache


def test_a_cached_help_is_used_and_does_not_build_the_cli(capsysbinary, monkeypatch) -> None:
    first = run(capsysbinary, entrypoint.main, ["-h"])
    monkeypatch.setattr("awscalc.cli.main", lambda args: print("rendered again"))
    assert run(capsysbinary, entrypoint.main, ["-h"]) == first


@pytest.mark.parametrize("change", ["width", "source file", "damaged cache",
                                    "foreign entry"])
def test_a_stale_or_damaged_cache_is_not_used(capsysbinary, monkeypatch, tmp_path,
                                              change) -> None:
    run(capsysbinary, entrypoint.main, ["--help"])
    monkeypatch.setattr("awscalc.cli.main", lambda args: print("rendered again"))
    if change == "width":
        monkeypatch.setenv("COLUMNS", "61")
    elif change == "source file":
        # an entry rendered from a file that has changed since (an edit, an upgrade)
        source = tmp_path / "cli.py"
        source.write_text("old")
        status = source.stat()
        entries = marshal.loads(cache_file().read_bytes())
        entries = {key: (((str(source), status.st_size, status.st_mtime_ns),), text)
                   for key, (_, text) in entries.items()}
        cache_file().write_bytes(marshal.dumps(entries))
        source.write_text("new text")
    elif change == "foreign entry":  # valid marshal data, not what awscalc writes
        cache_file().write_bytes(marshal.dumps({entrypoint.help_key(["--help"]): 5}))
    else:
        cache_file().write_bytes(b"\x00garbage")
    assert run(capsysbinary, entrypoint.main, ["--help"]) == (0, b"rendered again\n")


def test_the_source_stamp_covers_awscalc_and_typer() -> None:
    paths = [path for path, _, _ in entrypoint.source_stamp()]
    assert any(path.endswith("awscalc/cli.py") for path in paths)
    assert any(path.endswith("typer/core.py") for path in paths)
    assert entrypoint.stamp_is_current(entrypoint.source_stamp())
    assert not entrypoint.stamp_is_current(())


def test_a_failed_help_request_is_reported_and_not_kept(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        entrypoint.main(["bogus", "--help"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("awscalc: error: No such command 'bogus'")
    assert not cache_file().exists()


def test_an_unwritable_cache_folder_still_prints_help(capsysbinary, monkeypatch,
                                                      tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("AWSCALC_CACHE_DIR", str(blocker))
    code, out = run(capsysbinary, entrypoint.main, ["--help"])
    assert code == 0 and out.startswith(b"Usage: awscalc")


@pytest.mark.parametrize(("args", "expected"), [
    (["--help"], True), (["pricing", "update", "-h"], True),
    (["estimate", "arch.yaml", "--help"], False), (["--debug", "--help"], False),
    (["estimate"], False), ([], False), (["--help", "estimate"], False),
])
def test_which_arguments_are_a_help_request(args, expected) -> None:
    assert entrypoint.is_help_request(args) is expected


def test_cached_help_and_version_do_not_import_typer(tmp_path) -> None:
    probe = ("import sys; from awscalc.entrypoint import main; main(sys.argv[1:]); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('typer', 'click', 'pathlib', 'decimal')), file=sys.stderr)")
    env = {"AWSCALC_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def modules(*args: str) -> str:
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                                text=True, cwd=REPO, env=env, check=True)
        return result.stderr.strip().splitlines()[-1]

    assert "typer" in modules("--help")  # the first help request renders it
    assert modules("--help") == "[]"
    assert modules("--version") == "[]"


def test_another_module_search_path_is_another_key(monkeypatch) -> None:
    before = entrypoint.help_key(["--help"])
    monkeypatch.setattr(sys, "path", ["/elsewhere/site-packages", *sys.path])
    assert entrypoint.help_key(["--help"]) != before
