"""Writing a report to ``--output FILE`` without losing or replacing what must not be.

What ``FILE`` is decides how it is written:

* ``-``: standard output.
* A FIFO or a character device (``/dev/null``, a terminal): opened and written as a
  stream, never replaced.
* Absent (its folder exists): a new file, written atomically (a temporary file beside
  it, then one rename), with the mode the umask gives (as the shell's ``>`` would).
* An existing regular file: written atomically too, keeping its mode, owner and group.
  Refused when the user could not write it (``os.access``), when it has no write
  permission bit at all (a read-only file, even for root), when its owner or group
  cannot be kept, and when it has other hard links — replacing it would break them,
  and writing it in place would lose the guarantee that the previous content survives
  any failure.
* Anything else (a directory, a socket, a block device, a symlink loop) is refused.

Every refusal and every failure (full disk, permission denied) is a :class:`UsageError`
(exit 2) naming the file; the previous content survives it. The temporary file is
``.NAME.XXXXXXXX.tmp`` beside ``FILE``; it is removed on any error, on SIGTERM and
SIGHUP during the write, and — when a run was killed outright — by the next write to
``FILE`` once it is an hour old.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from awscalc.errors import UsageError

STALE_SECONDS = 3600
_TEMP_CHARS = "[a-z0-9_]{8}"  # what tempfile.mkstemp puts between prefix and suffix
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                 if hasattr(signal, name))

Writer = Callable[[TextIO], None]


class _Terminated(BaseException):
    """Raised by the signal handler during a write, so that the clean-up runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def write_output(write: Writer, output: Path | str) -> None:
    """Call ``write`` with a text stream for ``output`` (see the module docstring)."""
    name = str(output)
    if name == "-":
        write(sys.stdout)
        sys.stdout.flush()
        return
    try:
        info: os.stat_result | None = os.stat(name)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _error(name, exc) from exc
    if info is None:
        # A dangling symlink: write where it points, as the shell's `>` does.
        dangling = os.path.islink(name)
        _replace(write, name, os.path.realpath(name) if dangling else os.path.abspath(name),
                 None)
    elif stat.S_ISREG(info.st_mode):
        _check_regular(name, info)
        _replace(write, name, os.path.realpath(name), info)
    elif stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        _stream(write, name)
    elif stat.S_ISDIR(info.st_mode):
        raise UsageError(f"--output: {name} is a directory")
    else:
        kind = "a socket" if stat.S_ISSOCK(info.st_mode) else (
            "a block device" if stat.S_ISBLK(info.st_mode) else "not a regular file")
        raise UsageError(f"--output: {name} is {kind}; awscalc writes only to a regular "
                         "file, a FIFO, a character device or '-'")


def _error(name: str, exc: OSError) -> UsageError:
    """A one-line usage error for an ``OSError`` about ``name``."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ELOOP:
        reason = "too many levels of symbolic links (a symlink loop?)"
    return UsageError(f"--output: cannot write {name}: {reason}")


def _check_regular(name: str, info: os.stat_result) -> None:
    if not os.access(name, os.W_OK) or not info.st_mode & 0o222:
        raise UsageError(f"--output: {name} is read-only; awscalc will not replace it")
    if info.st_nlink > 1:
        raise UsageError(f"--output: {name} has {info.st_nlink} hard links; replacing it "
                         "would break them (write to another file, or remove the other "
                         "links)")


# How long a FIFO given to --output may wait for a process to read it.
FIFO_WAIT_SECONDS = 2.0


def _open_for_streaming(name: str) -> int:
    """Open a FIFO or character device for writing. A FIFO that nothing reads within
    :data:`FIFO_WAIT_SECONDS` is a usage error, not a run that never ends (a blocking
    open would wait forever); the descriptor is made blocking again for the writes."""
    import time

    flags = os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    deadline = time.monotonic() + FIFO_WAIT_SECONDS
    while True:
        try:
            descriptor = os.open(name, flags | os.O_NONBLOCK)
        except OSError as exc:
            # ENXIO: a FIFO with no reader yet (open(2)); anything else is final
            if exc.errno != errno.ENXIO or time.monotonic() > deadline:
                if exc.errno == errno.ENXIO:
                    raise UsageError(f"--output: {name}: a FIFO that nothing is reading "
                                     "from") from exc
                raise _error(name, exc) from exc
            time.sleep(0.05)
            continue
        os.set_blocking(descriptor, True)
        return descriptor


def _stream(write: Writer, name: str) -> None:
    """Write to a FIFO or a character device: open it (no create, no truncate), stream."""
    descriptor = _open_for_streaming(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            write(handle)
    except BrokenPipeError:
        raise  # the reader went away, as with stdout: the CLI ends quietly
    except OSError as exc:
        raise _error(name, exc) from exc


def _replace(write: Writer, name: str, target: str, info: os.stat_result | None) -> None:
    """Write a temporary file beside ``target``, then rename it over ``target``."""
    folder, base = os.path.split(target)
    prefix = f".{base}."
    _remove_stale(folder, prefix)
    with _cleanup_on_signals() as track:
        try:
            descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
        except OSError as exc:
            raise _error(name, exc) from exc
        track(temporary)
        try:
            _set_attributes(descriptor, name, info)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
                raise _error(name, exc) from exc
            raise


def _set_attributes(descriptor: int, name: str, info: os.stat_result | None) -> None:
    """Give the temporary file the mode (and owner) the file it replaces has, or the
    mode a new file gets from the umask (mkstemp makes it 0600)."""
    if info is None:
        os.fchmod(descriptor, 0o666 & ~_umask())
        return
    if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(descriptor, info.st_uid, info.st_gid)
        except PermissionError as exc:
            raise UsageError(f"--output: {name} belongs to another user or group, which "
                             "awscalc cannot keep when it replaces the file") from exc
    os.fchmod(descriptor, stat.S_IMODE(info.st_mode))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale(folder: str, prefix: str) -> None:
    """Remove our temporary files for this output that a killed run left (an hour old)."""
    pattern = re.compile(re.escape(prefix) + _TEMP_CHARS + r"\.tmp")
    now = time.time()
    uid = os.geteuid()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if (stat.S_ISREG(info.st_mode) and info.st_uid == uid
                    and now - info.st_mtime > STALE_SECONDS):
                os.unlink(entry.path)


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[Callable[[str], None]]:
    """While the block runs, SIGTERM/SIGHUP raise :class:`_Terminated` (so that the
    temporary file is removed); afterwards the process dies of that signal as it would
    have. Only where the default handler is in place, and only in the main thread."""
    tracked: list[str] = []
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _SIGNALS:
            if signal.getsignal(signum) is signal.SIG_DFL:
                previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield tracked.append
    except _Terminated as exc:
        for path in tracked:
            with contextlib.suppress(OSError):
                os.unlink(path)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        os.kill(os.getpid(), exc.signum)
        raise SystemExit(128 + exc.signum) from None  # if the signal did not end us
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _raise_terminated(signum: int, frame: Any) -> None:
    raise _Terminated(signum)
