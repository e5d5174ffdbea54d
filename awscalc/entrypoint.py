"""The ``awscalc`` console script: answers ``--version``, and ``--help`` seen before,
without importing the CLI framework; everything else goes to :func:`awscalc.cli.main`.

Importing typer costs about three times Python's own start-up, so ``--help`` cannot be
instant if every run builds the commands. The text of each help request is kept in the
cache folder (:func:`awscalc.cachedir.cache_dir`), keyed by everything it depends on: the
command words, the terminal width (``$COLUMNS`` and the size of the terminal, as
``shutil.get_terminal_size`` reads them), ``$TYPER_USE_RICH``, the encoding of stdout,
the interpreter and its module search path, and the size and modification time of every
source file of awscalc and typer (an upgrade or an edit changes them). So a cached text
is exactly what typer would print now.

Each entry is a file of its own (``help-<tag>-<hash of the key>.bin``: a new entry never
rewrites the others), and is used only when it proves to be what awscalc wrote: a regular
file (opened without following a symbolic link, and without blocking on a FIFO) owned by
the current user, at most :data:`MAX_ENTRY_BYTES` long, whose SHA-256 matches its content
and whose key is the request's. On any doubt the help is rendered again and the entry
replaced; a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import marshal
import os
import sys

# No typing or hashlib import here (hashlib loads OpenSSL: up to a quarter of Python's
# start-up): annotations only, ``object`` where a result could be anything.

HELP_FLAGS = ("--help", "-h")
# Entries kept per interpreter; the least recently written go first.
MAX_ENTRIES = 64
# A help text is a few kilobytes and its source stamp a few more.
MAX_ENTRY_BYTES = 1 << 20
ENTRY_PREFIX = f"help-{sys.implementation.cache_tag}-"
_MAGIC = b"awscalc-help 2\n"
_DIGEST_SIZE = 64  # hex characters of a SHA-256

# (path, size, mtime_ns) of each source file the help text was rendered from
Stamp = tuple[tuple[str, int, int], ...]


def main(argv: list[str] | None = None) -> object:
    """Run ``awscalc`` with ``argv`` (default: the process's arguments)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        from awscalc import __version__

        print(f"awscalc {__version__}")
        return None
    if is_help_request(args):
        return show_help(args)
    from awscalc.cli import main as run

    return run(args)


def is_help_request(args: list[str]) -> bool:
    """``--help`` (or ``-h``) after nothing but command words: ``pricing update --help``."""
    return (len(args) >= 1 and args[-1] in HELP_FLAGS
            and all(word[:1].isalpha() and word.replace("-", "").isalnum()
                    for word in args[:-1]))


def show_help(args: list[str]) -> object:
    """Print the help text for ``args`` from the cache, or render it (and remember it)."""
    key = help_key(args)
    entry = read_entry(key)
    if entry is not None and stamp_is_current(entry[0]):
        _write(entry[1])
        return None
    text, result = _render(args)
    if result is None and text:  # only help that printed and succeeded is kept
        write_entry(key, source_stamp(), text)
    return result


def help_key(args: list[str]) -> str:
    """Everything outside the source files that the help text depends on."""
    try:
        columns: int | None = os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, ValueError, OSError):
        columns = None
    encoding = f"{getattr(sys.stdout, 'encoding', None)}/{getattr(sys.stdout, 'errors', None)}"
    # sys.path decides which awscalc and typer are imported ($PYTHONPATH, the venv)
    return "\0".join([*args, f"COLUMNS={os.environ.get('COLUMNS')}", f"terminal={columns}",
                      f"TYPER_USE_RICH={os.environ.get('TYPER_USE_RICH')}",
                      f"stdout={encoding}", sys.executable, sys.version, *sys.path])


def stamp_is_current(stamp: Stamp) -> bool:
    """Whether every file of ``stamp`` still has the size and modification time noted."""
    try:
        for path, size, mtime in stamp:
            now = os.stat(path)
            if now.st_size != size or now.st_mtime_ns != mtime:
                return False
    except (OSError, TypeError, ValueError):
        return False
    return bool(stamp)


def source_stamp() -> Stamp:
    """The size and modification time of every Python file of awscalc and of typer."""
    import typer

    files = []
    for package in (os.path.dirname(__file__), os.path.dirname(typer.__file__ or "")):
        for folder, _, names in os.walk(package):
            files.extend(os.path.join(folder, name) for name in names if name.endswith(".py"))
    stamp = []
    for path in sorted(files):
        status = os.stat(path)
        stamp.append((path, status.st_size, status.st_mtime_ns))
    return tuple(stamp)


def _sha256(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex, without importing hashlib where CPython has its own
    (``_sha2`` from 3.12, ``_sha256`` before)."""
    global _SHA256
    if _SHA256 is None:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found]
        except ImportError:
            try:
                from _sha256 import sha256  # type: ignore[import-not-found,no-redef]
            except ImportError:
                from hashlib import sha256  # type: ignore[assignment]
        _SHA256 = sha256
    return _SHA256(data).hexdigest()


_SHA256: object = None


def entry_path(key: str, prefix: str = ENTRY_PREFIX) -> str:
    """The file of the cache entry for ``key`` (``prefix`` names the kind of entry)."""
    from awscalc.cachedir import cache_dir

    name = _sha256(key.encode("utf-8", "surrogatepass"))[:32]
    return os.path.join(cache_dir(), f"{prefix}{name}.bin")


def encode_entry(key: str, stamp: Stamp, text: bytes) -> bytes:
    """An entry's file content: a magic line, the SHA-256 of the payload, the payload."""
    payload = marshal.dumps((key, stamp, text))
    return _MAGIC + _sha256(payload).encode("ascii") + b"\n" + payload


def decode_entry(data: bytes, key: str) -> tuple[Stamp, bytes] | None:
    """``(stamp, text)`` of an entry's content, or None unless it is intact and for ``key``."""
    head = len(_MAGIC) + _DIGEST_SIZE + 1
    if not data.startswith(_MAGIC) or len(data) < head or data[head - 1:head] != b"\n":
        return None
    payload = data[head:]
    if _sha256(payload).encode("ascii") != data[len(_MAGIC):head - 1]:
        return None
    try:
        entry = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == key
            and isinstance(entry[1], tuple) and isinstance(entry[2], bytes)):
        return None
    return entry[1], entry[2]


def read_entry(key: str, prefix: str = ENTRY_PREFIX) -> tuple[Stamp, bytes] | None:
    """The cached ``(stamp, text)`` for ``key``, or None when there is none to trust."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(entry_path(key, prefix), flags | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):  # missing, a symbolic link, no permission, a NUL
        return None
    try:
        status = os.fstat(descriptor)
        if (not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES
                or (hasattr(os, "getuid") and status.st_uid != os.getuid())):
            return None
        chunks, left = [], MAX_ENTRY_BYTES + 1
        while left > 0:  # never more than the bound, whatever the file claims
            chunk = os.read(descriptor, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    if len(data) > MAX_ENTRY_BYTES:
        return None
    return decode_entry(data, key)


def write_entry(key: str, stamp: Stamp, text: bytes, prefix: str = ENTRY_PREFIX) -> None:
    """Write the entry for ``key`` atomically (and drop the oldest past
    :data:`MAX_ENTRIES`); a folder that cannot be written is skipped."""
    import tempfile

    data = encode_entry(key, stamp, text)
    if len(data) > MAX_ENTRY_BYTES:
        return
    path = entry_path(key, prefix)
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".help-", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _evict(folder, prefix)
    except OSError:
        pass


def _evict(folder: str, prefix: str = ENTRY_PREFIX) -> None:
    """Remove the least recently written entries past :data:`MAX_ENTRIES` (only regular
    files named as awscalc names its entries)."""
    import contextlib

    entries = []
    with os.scandir(folder) as scan:
        for item in scan:
            if (item.name.startswith(prefix) and item.name.endswith(".bin")
                    and item.is_file(follow_symlinks=False)):
                entries.append((item.stat(follow_symlinks=False).st_mtime_ns, item.path))
    for _, path in sorted(entries)[:-MAX_ENTRIES]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _render(args: list[str]) -> tuple[bytes, object]:
    """Run the CLI for a help request, returning the bytes it printed and its result.

    The output is captured in the encoding of the real stdout, so it is byte for byte
    what the CLI writes there; it is passed on even if the run fails.
    """
    import io

    from awscalc.cli import main as run

    real = sys.stdout
    buffer = io.BytesIO()
    capture = io.TextIOWrapper(buffer, encoding=getattr(real, "encoding", None) or "utf-8",
                               errors=getattr(real, "errors", None) or "strict")
    sys.stdout = capture
    try:
        result = run(args)
    finally:
        capture.flush()
        data = buffer.getvalue()
        sys.stdout = real
        _write(data)
    return data, result


def _write(data: bytes) -> None:
    """Write ``data`` to stdout; a reader that went away (``| head``) is not an error."""
    try:
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        if binary is not None:
            binary.write(data)
            binary.flush()
        else:
            sys.stdout.write(data.decode(sys.stdout.encoding or "utf-8", "replace"))
            sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
