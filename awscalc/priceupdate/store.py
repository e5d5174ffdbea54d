"""Writing a new set of rate cards atomically, so that a failed update changes nothing.

Layout of the destination (``~/.local/share/awscalc/pricing`` by default)::

    pricing -> .pricing.sets/20261126T150102Z-1234   (a symlink: the active set)
    .pricing.sets/20261126T150102Z-1234/route53.yaml ...
    .pricing.sets/.tmp-...                            (a set being written)

A new set is written to a temporary folder beside the others, every card is validated
with :func:`awscalc.ratecards.load_card` and checked for completeness against the
shipped card, and only then does one ``rename`` of a fresh symlink over ``pricing``
switch to it. A crash at any point before that rename leaves the previous set active;
the leftovers are removed by the next update. The previous set is kept for rollback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from awscalc.errors import PricingError
from awscalc.ratecards import RateCard, load_card

STALE_SECONDS = 3600
HEADER = ("# Written by 'awscalc pricing update' from the AWS Price List Bulk API; see\n"
          "# 'provenance' below. Edits are lost at the next update.\n")


def sets_dir(dest: Path) -> Path:
    """The folder that holds the sets behind ``dest``."""
    return dest.parent / f".{dest.name}.sets"


def card_text(data: dict[str, Any]) -> str:
    """A rate card's YAML text (prices stay quoted strings, keys in the card's order)."""
    import yaml

    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def completeness_problems(card: RateCard, shipped: RateCard) -> list[str]:
    """What ``card`` lacks compared with the shipped card: keys, and regions per key."""
    problems: list[str] = []
    for key, entry in shipped.rates.items():
        mine = card.rates.get(key)
        if mine is None:
            problems.append(f"key '{key}' is missing")
            continue
        missing = sorted(set(entry["regions"]) - set(mine["regions"]))
        if missing:
            problems.append(f"key '{key}' lacks region(s) {', '.join(missing)}")
    return problems


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (POSIX; elsewhere no lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(folder / ".lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise PricingError(f"another 'awscalc pricing update' is writing {folder}") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_set(dest: Path, cards: dict[str, str], shipped_dir: Path) -> Path:
    """Make ``cards`` (service → YAML text) the active set at ``dest``; return its folder.

    Services not in ``cards`` keep their card from the current set at ``dest`` when it is
    valid and complete, else get the shipped card. On any failure the current set stays.
    """
    dest = Path(os.path.abspath(dest))
    if dest.exists() and not dest.is_symlink() and not dest.is_dir():
        raise PricingError(f"--dest: {dest} exists and is not a directory")
    store = sets_dir(dest)
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PricingError(f"cannot create {store}: {exc.strerror or exc}") from exc
    with _locked(store):
        _remove_stale(store, dest)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
        temporary = store / f".tmp-{stamp}"
        temporary.mkdir()
        try:
            _fill(temporary, dest, cards, shipped_dir)
            _check(temporary, shipped_dir)
            _fsync_dir(temporary)
            final = store / stamp
            os.rename(temporary, final)
            previous = _swap(dest, final, store, stamp)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        _remove_old(store, keep={final, previous})
    return final


def _fill(folder: Path, dest: Path, cards: dict[str, str], shipped_dir: Path) -> None:
    """Write ``cards`` into ``folder``, plus every other card the set needs."""
    for service, text in cards.items():
        _write(folder / f"{service}.yaml", text)
    current = dest if dest.is_dir() else None
    for shipped in sorted(shipped_dir.glob("*.yaml")):
        service = shipped.stem
        if service in cards:
            continue
        source = shipped
        if current is not None and (current / shipped.name).is_file():
            try:
                previous = load_card(current / shipped.name, "updated", service)
                if not completeness_problems(previous, load_card(shipped, "shipped", service)):
                    source = current / shipped.name
            except PricingError:
                pass  # a broken card in the current set is replaced by the shipped one
        shutil.copyfile(source, folder / shipped.name)
    # Data beside the cards (e.g. pricing/aws/catalog/) is not updated: ship it as is.
    for sub in sorted(p for p in shipped_dir.iterdir() if p.is_dir()):
        if not sub.name.startswith((".", "__")):
            shutil.copytree(sub, folder / sub.name)


def _check(folder: Path, shipped_dir: Path) -> None:
    """Validate every card in ``folder`` and check it against the shipped one."""
    for path in sorted(folder.glob("*.yaml")):
        card = load_card(path, "updated", path.stem)
        shipped_path = shipped_dir / path.name
        if shipped_path.is_file():
            problems = completeness_problems(card, load_card(shipped_path, "shipped",
                                                             path.stem))
            if problems:
                raise PricingError(f"the new '{path.stem}' card is incomplete: "
                                   f"{'; '.join(problems)}; the previous cards stay active")


def _current_target(dest: Path) -> Path | None:
    if dest.is_symlink():
        return (dest.parent / os.readlink(dest)).resolve()
    return None


def _swap(dest: Path, final: Path, store: Path, stamp: str) -> Path | None:
    """Point ``dest`` at ``final`` with one atomic rename; return the previous set."""
    previous = _current_target(dest)
    link = dest.parent / f".{dest.name}.link-{stamp}"
    os.symlink(os.path.relpath(final, dest.parent), link)
    moved: Path | None = None
    try:
        if dest.is_dir() and not dest.is_symlink():
            # A plain folder (made by hand, or with --dest): keep it as the previous set.
            # Between these two renames ``dest`` is briefly missing.
            moved = store / f"{stamp}-previous"
            os.rename(dest, moved)
            previous = moved
        os.replace(link, dest)
    except BaseException:
        link.unlink(missing_ok=True)
        if moved is not None and not os.path.lexists(dest):
            os.rename(moved, dest)
        raise
    _fsync_dir(dest.parent)
    return previous


def _remove_stale(store: Path, dest: Path) -> None:
    """Remove what interrupted updates left behind (older than an hour, so not a live one)."""
    now = time.time()
    for path in store.iterdir():
        if path.name.startswith(".tmp-") and now - path.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(path, ignore_errors=True)
    for path in dest.parent.glob(f".{dest.name}.link-*"):
        if now - path.lstat().st_mtime > STALE_SECONDS:
            path.unlink(missing_ok=True)


def _remove_old(store: Path, keep: set[Path | None]) -> None:
    """Remove finished sets other than the active and the previous one."""
    kept = {path.resolve() for path in keep if path is not None}
    for path in store.iterdir():
        if path.is_dir() and not path.name.startswith(".") and path.resolve() not in kept:
            shutil.rmtree(path, ignore_errors=True)
