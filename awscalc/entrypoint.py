"""The ``awscalc`` console script: answers ``--version``, and ``--help`` seen before,
without importing the CLI framework; everything else goes to :func:`awscalc.cli.main`.

Importing typer costs about three times Python's own start-up, so ``--help`` cannot be
instant if every run builds the commands. The text of each help request is kept in the
cache folder (:func:`awscalc.cachedir.cache_dir`), keyed by everything it depends on: the
command words, the terminal width (``$COLUMNS`` and the size of the terminal, as
``shutil.get_terminal_size`` reads them), ``$TYPER_USE_RICH``, the encoding of stdout,
the interpreter and its module search path, and the size and modification time of every
source file of awscalc and typer (an upgrade or an edit changes them). So a cached text
is exactly what typer would print now; a cache that cannot be read or written is simply
not used.
"""

from __future__ import annotations

import marshal
import os
import sys

# No typing import here (about a quarter of Python's start-up): annotations only, and
# ``object`` where a result could be anything.

HELP_FLAGS = ("--help", "-h")
# One entry per command and terminal width in use; the oldest go first.
MAX_ENTRIES = 64
CACHE_FILE = f"help-{sys.implementation.cache_tag}.marshal"

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
    entries = read_cache()
    entry = entries.get(key)
    if (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], bytes)
            and stamp_is_current(entry[0])):
        _write(entry[1])
        return None
    text, result = _render(args)
    if result is None and text:  # only help that printed and succeeded is kept
        entries.pop(key, None)
        entries[key] = (source_stamp(), text)
        write_cache(dict(list(entries.items())[-MAX_ENTRIES:]))
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


def read_cache() -> dict[str, tuple[Stamp, bytes]]:
    """The cached help texts (empty when the file is missing, unreadable or damaged)."""
    from awscalc.cachedir import cache_dir

    try:
        with open(os.path.join(cache_dir(), CACHE_FILE), "rb") as handle:
            entries = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_cache(entries: dict[str, tuple[Stamp, bytes]]) -> None:
    """Replace the cache file atomically; a folder that cannot be written is skipped."""
    import tempfile

    from awscalc.cachedir import cache_dir

    folder = cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                marshal.dump(entries, handle)
            os.replace(temporary, os.path.join(folder, CACHE_FILE))
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


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
