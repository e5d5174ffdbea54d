"""The console script's fast paths: ``--version`` and cached ``--help`` must print exactly
what the CLI itself prints, and a cached help text must never outlive what it shows."""

from __future__ import annotations

import marshal
import os
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


def cache_file(args: list[str] | tuple[str, ...] = ("--help",)) -> Path:
    """The cache entry of the help request ``args``."""
    return Path(entrypoint.entry_path(entrypoint.help_key(list(args))))


def cache_entries() -> list[Path]:
    from awscalc.cachedir import cache_dir

    return sorted(Path(cache_dir()).glob(f"{entrypoint.ENTRY_PREFIX}*"))


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
    assert cache_file(args).exists()
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
        key = entrypoint.help_key(["--help"])
        _, text = entrypoint.decode_entry(cache_file().read_bytes(), key)
        stamp = ((str(source), status.st_size, status.st_mtime_ns),)
        cache_file().write_bytes(entrypoint.encode_entry(key, stamp, text))
        source.write_text("new text")
    elif change == "foreign entry":  # intact, but not what awscalc writes
        cache_file().write_bytes(entrypoint.encode_entry(  # type: ignore[arg-type]
            entrypoint.help_key(["--help"]), 5, b"text"))
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
    assert cache_entries() == []


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


# --- a cache that is not what awscalc wrote is never served -----------------------------

def poison(kind: str, entry: Path, tmp_path: Path) -> None:
    """Replace the cache entry ``entry`` by something awscalc did not write."""
    good = entry.read_bytes()
    entry.unlink()
    if kind == "corrupted text":  # same length and structure, other text
        entry.write_bytes(good.replace(b"Usage: awscalc", b"Usage: evilcmd"))
    elif kind == "truncated":
        entry.write_bytes(good[: len(good) // 2])
    elif kind == "entry of another key":
        entry.write_bytes(entrypoint.encode_entry("another key", (), b"Usage: evilcmd\n"))
    elif kind == "old marshal format":
        entry.write_bytes(marshal.dumps({entrypoint.help_key(["--help"]): ((), b"evil")}))
    elif kind == "fifo":
        os.mkfifo(entry)
    elif kind == "symlink to /dev/zero":
        entry.symlink_to("/dev/zero")
    elif kind == "symlink to an intact entry":
        elsewhere = tmp_path / "elsewhere.bin"
        elsewhere.write_bytes(good)
        entry.symlink_to(elsewhere)
    elif kind == "huge file":  # sparse: 4 GiB that take no disk
        with entry.open("wb") as handle:
            handle.truncate(4 << 30)
    elif kind == "directory":
        entry.mkdir()
    else:
        raise AssertionError(kind)


POISONS = ["corrupted text", "truncated", "entry of another key", "old marshal format",
           "fifo", "symlink to /dev/zero", "symlink to an intact entry", "huge file",
           "directory"]


@pytest.mark.parametrize("kind", POISONS)
def test_a_poisoned_entry_is_not_served(tmp_path: Path, kind: str) -> None:
    """In a child process with a time limit: a FIFO must not block, /dev/zero must not
    be read, and the help printed is the real one, rendered again."""
    cache = tmp_path / "cache"
    env = {"AWSCALC_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "COLUMNS": "80"}
    probe = ("import sys; from awscalc.entrypoint import main; main(['--help']); "
             "print('typer' in sys.modules, file=sys.stderr)")

    def help_text() -> tuple[bytes, str]:
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                                cwd=REPO, env=env, timeout=30, check=True)
        return result.stdout, result.stderr.decode().strip().splitlines()[-1]

    expected, rendered = help_text()
    assert rendered == "True" and expected.startswith(b"Usage: awscalc")
    assert help_text() == (expected, "False")  # from the cache
    (entry,) = cache.glob(f"{entrypoint.ENTRY_PREFIX}*")
    poison(kind, entry, tmp_path)
    assert help_text() == (expected, "True")  # rendered again, never the poison
    if kind != "directory":  # replaced by a good entry (a directory is left alone)
        assert help_text() == (expected, "False")
        assert entry.is_file() and not entry.is_symlink()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="giving a file to another user needs root")
def test_an_entry_owned_by_another_user_is_not_served(capsysbinary, monkeypatch) -> None:
    first = run(capsysbinary, entrypoint.main, ["--help"])
    os.chown(cache_file(), 65534, 65534)
    monkeypatch.setattr("awscalc.cli.main", lambda args: print("rendered again"))
    assert run(capsysbinary, entrypoint.main, ["--help"]) == (0, b"rendered again\n")
    assert first[1].startswith(b"Usage: awscalc")


def test_a_new_entry_rewrites_no_other_entry(capsysbinary, monkeypatch) -> None:
    run(capsysbinary, entrypoint.main, ["--help"])
    before = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in cache_entries()}
    run(capsysbinary, entrypoint.main, ["estimate", "--help"])
    after = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in cache_entries()}
    assert len(after) == 2 and all(after[path] == before[path] for path in before)


def test_at_most_max_entries_are_kept(capsysbinary, monkeypatch) -> None:
    monkeypatch.setattr(entrypoint, "MAX_ENTRIES", 3)
    for columns in range(60, 66):
        monkeypatch.setenv("COLUMNS", str(columns))
        run(capsysbinary, entrypoint.main, ["--help"])
    assert len(cache_entries()) == 3
    assert cache_file().exists()  # the newest (COLUMNS=65) is among them


def test_an_entry_is_bounded_in_size(monkeypatch) -> None:
    key = entrypoint.help_key(["--help"])
    entrypoint.write_entry(key, (), b"x" * (entrypoint.MAX_ENTRY_BYTES + 1))
    assert cache_entries() == []
    entrypoint.write_entry(key, (), b"Usage: fine\n")
    assert entrypoint.read_entry(key) == ((), b"Usage: fine\n")
