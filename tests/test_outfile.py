"""``--output FILE`` (awscalc/outfile.py): what is there is never lost or replaced by
mistake, failures are one line and exit 2, and no temporary file is left behind."""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import REPO

EXAMPLE = str(REPO / "examples" / "web-dns.yaml")
ROOT = os.geteuid() == 0


def estimate(cli, output: str | Path):
    """``awscalc estimate EXAMPLE -f json -o output``."""
    return cli("estimate", EXAMPLE, "-f", "json", "-o", str(output))


def one_line(result, code: int, *fragments: str) -> None:
    assert result.code == code, result.err
    line = result.err.rstrip("\n")
    assert "\n" not in line and line.startswith("awscalc: error: --output: "), result.err
    for fragment in fragments:
        assert fragment in line, line


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_gets_the_umask_mode_and_an_existing_one_keeps_its_own(
        cli, tmp_path: Path) -> None:
    new = tmp_path / "new.json"
    old_mask = os.umask(0o027)
    try:
        assert estimate(cli, new).code == 0
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o640  # not mkstemp's 0600
    existing = tmp_path / "existing.json"
    existing.write_text("old")
    existing.chmod(0o664)
    assert estimate(cli, existing).code == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o664
    assert existing.read_text().startswith("{")
    assert temporaries(tmp_path) == []


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")
def test_an_existing_file_keeps_its_owner(cli, tmp_path: Path) -> None:
    path = tmp_path / "theirs.json"
    path.write_text("old")
    os.chown(path, 4321, 4322)
    assert estimate(cli, path).code == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)
    assert path.read_text().startswith("{")


def test_a_read_only_file_is_refused_even_for_root(cli, tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    path.write_text("keep me")
    path.chmod(0o444)
    one_line(estimate(cli, path), 2, "is read-only")
    assert path.read_text() == "keep me"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert temporaries(tmp_path) == []


def test_a_file_with_hard_links_is_refused(cli, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("keep me")
    os.link(path, tmp_path / "other-name.json")
    one_line(estimate(cli, path), 2, "has 2 hard links")
    assert path.read_text() == "keep me" and path.stat().st_nlink == 2


def test_a_fifo_is_written_as_a_stream(cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    result = estimate(cli, fifo)
    thread.join(timeout=5)
    assert result.code == 0, result.err
    assert received and received[0].startswith(b"{")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert temporaries(tmp_path) == []


def test_a_character_device_is_written_as_a_stream(cli, tmp_path: Path) -> None:
    # A node of our own, the same device as /dev/null: the real one is never at risk.
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    result = estimate(cli, node)
    assert result.code == 0, result.err
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert temporaries(tmp_path) == []


def test_dash_is_standard_output(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = estimate(cli, "-")
    assert result.code == 0 and result.out.startswith("{")
    assert list(tmp_path.iterdir()) == []


def test_a_socket_and_a_directory_are_refused(cli, tmp_path: Path) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        one_line(estimate(cli, path), 2, "is a socket")
    finally:
        server.close()
    assert stat.S_ISSOCK(path.lstat().st_mode)
    one_line(estimate(cli, tmp_path), 2, "is a directory")


def test_a_symlink_loop_and_a_missing_folder_are_usage_errors(cli, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    one_line(estimate(cli, tmp_path / "a"), 2, "symbolic links")
    one_line(estimate(cli, tmp_path / "nowhere" / "out.json"), 2, "No such file")
    (tmp_path / "file").write_text("x")
    one_line(estimate(cli, tmp_path / "file" / "out.json"), 2, "Not a directory")


def test_a_full_disk_keeps_the_previous_content(cli, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.json"
    path.write_text("previous")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    one_line(estimate(cli, path), 2, "No space left on device")
    assert path.read_text() == "previous"
    assert temporaries(tmp_path) == []


def test_a_stale_temporary_file_of_a_killed_run_is_removed(cli, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    stale = tmp_path / ".report.json.abcd1234.tmp"
    fresh = tmp_path / ".report.json.zyxw9876.tmp"  # maybe a run still writing
    other = tmp_path / ".report.json.user-file.tmp"  # not a name awscalc gives
    for item in (stale, fresh, other):
        item.write_text("x")
    two_hours_ago = time.time() - 7200
    for item in (stale, other):
        os.utime(item, (two_hours_ago, two_hours_ago))
    assert estimate(cli, path).code == 0
    assert temporaries(tmp_path) == sorted([fresh.name, other.name])


CHILD = """
import os, sys, time
from pathlib import Path
from awscalc.outfile import write_output

def write(stream):
    stream.write("partial")
    stream.flush()
    Path(sys.argv[2]).write_text("ready")
    time.sleep(30)

write_output(write, Path(sys.argv[1]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_the_write_leaves_no_temporary_file(tmp_path: Path,
                                                            signum: int) -> None:
    path = tmp_path / "report.json"
    path.write_text("previous")
    ready = tmp_path / "ready"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ready)], cwd=REPO)
    try:
        deadline = time.monotonic() + 10
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ready.exists(), "the child never started writing"
        assert len(temporaries(tmp_path)) == 1
        child.send_signal(signum)
        assert child.wait(timeout=10) == -signum
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert path.read_text() == "previous"
    assert temporaries(tmp_path) == []
