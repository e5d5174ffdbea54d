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

awscalc never deletes or replaces anything it did not write. The destination must be
absent, an empty folder, or the symlink an earlier update made; anything else (a folder
with files in it, a file, another symlink) is refused before anything is downloaded.
The sets folder carries a marker file (:data:`MARKER`); a sets folder without it is used
only when it holds nothing but the names awscalc gives (one made by an awscalc from
before the marker). Each set lists what awscalc wrote into it (:data:`MANIFEST`); an old
set is removed only when it holds nothing else, so a file a user saved into the active
set (through the symlink) is never deleted. A ``*-previous`` folder (where an awscalc
from before this check moved a plain destination folder aside) is never removed.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from awscalc.errors import PricingError, UsageError
from awscalc.ratecards import RateCard, load_card

STALE_SECONDS = 3600
MARKER = ".awscalc-sets"
MANIFEST = ".awscalc-set"
_STAMP = r"\d{8}T\d{12}Z-\d+"
_SET = re.compile(_STAMP)
_STORE_ENTRY = re.compile(rf"\.lock|{re.escape(MARKER)}|\.tmp-{_STAMP}|{_STAMP}(-previous)?")
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


def check_destination(dest: Path) -> None:
    """Refuse a destination ``write_set`` would have to replace or delete to use.

    Accepted: an absent path, an empty folder, or a symlink into the sets folder that an
    earlier update made; and a sets folder (``.NAME.sets`` beside it) that awscalc made.
    Anything else is a :class:`UsageError` (exit 2) naming the path.
    """
    dest = Path(os.path.abspath(dest))
    store = sets_dir(dest)
    advice = "choose another --dest, or move it away"
    try:
        info = os.lstat(dest)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UsageError(f"--dest: cannot use {dest}: {exc.strerror or exc}") from exc
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            if _set_of_link(dest, store) is None:
                raise UsageError(f"--dest: {dest} is a symlink awscalc did not make; "
                                 "'pricing update' will not replace it", advice)
        elif stat.S_ISDIR(info.st_mode):
            if _has_entries(dest):
                raise UsageError(f"--dest: {dest} is a folder with files awscalc did not "
                                 "write; 'pricing update' writes only to a new or empty "
                                 "folder, or to one it made", advice)
        else:
            raise UsageError(f"--dest: {dest} exists and is not a folder", advice)
    if not _owned_store(store):
        raise UsageError(f"--dest: {store} exists and was not made by awscalc; 'pricing "
                         "update' keeps its sets there and will not write into it", advice)


def _has_entries(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError as exc:
        raise UsageError(f"--dest: cannot read {folder}: {exc.strerror or exc}") from exc


def _set_of_link(dest: Path, store: Path) -> Path | None:
    """The set ``dest`` (a symlink) points at, if it is one of ``store``'s; else None."""
    try:
        target = Path(os.path.normpath(os.path.join(dest.parent, os.readlink(dest))))
    except OSError:
        return None
    if target.parent == store and _SET.fullmatch(target.name):
        return target
    return None


def _owned_store(store: Path) -> bool:
    """Whether ``store`` is absent or a sets folder awscalc made."""
    try:
        info = os.lstat(store)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    try:
        names = os.listdir(store)
    except OSError:
        return False
    return MARKER in names or all(_STORE_ENTRY.fullmatch(name) for name in names)


def _mark(store: Path) -> None:
    """Create ``store`` (and its parents) with its marker file."""
    try:
        store.mkdir(parents=True, exist_ok=True)
        marker = store / MARKER
        if not marker.is_file():
            marker.write_text("Rate-card sets written by 'awscalc pricing update'; the one "
                              "in use is the symlink beside this folder.\n", encoding="utf-8")
    except OSError as exc:
        raise PricingError(f"cannot create {store}: {exc.strerror or exc}") from exc


def write_set(dest: Path, cards: dict[str, str], shipped_dir: Path,
              data: dict[str, Path] | None = None) -> Path:
    """Make ``cards`` (service → YAML text) the active set at ``dest``; return its folder.

    ``data`` maps a file name to a file this update built (a rate catalog,
    ``ec2.sqlite``) to copy into the set. Services not in ``cards`` keep their card from
    the current set at ``dest`` when it is valid and complete, else get the shipped card;
    catalogs this update did not build are kept from the current set, else shipped. On
    any failure the current set stays. ``dest`` must pass :func:`check_destination`.
    """
    dest = Path(os.path.abspath(dest))
    check_destination(dest)
    store = sets_dir(dest)
    _mark(store)
    with _locked(store):
        check_destination(dest)  # again, now that no other update can change it
        _remove_stale(store, dest)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
        temporary = store / f".tmp-{stamp}"
        temporary.mkdir()
        try:
            for name, built in (data or {}).items():
                shutil.copyfile(built, temporary / name)
            _fill(temporary, dest, cards, shipped_dir)
            _check(temporary, shipped_dir)
            _fsync_dir(temporary)
            final = store / stamp
            os.rename(temporary, final)
            previous = _swap(dest, final, stamp)
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
    # Data beside the cards (pricing/aws/catalog/, ec2.sqlite) is not updated: ship it
    # as is, unless this update wrote it.
    for data in sorted(shipped_dir.iterdir()):
        if data.name.startswith((".", "__")) or data.suffix == ".yaml" or (
                folder / data.name).exists():
            continue
        kept = current / data.name if current is not None else None
        if data.suffix == ".sqlite" and kept is not None and kept.is_file():
            data = kept  # a catalog an earlier update built: keep it
        if data.is_dir():
            shutil.copytree(data, folder / data.name)
        elif data.is_file():
            shutil.copyfile(data, folder / data.name)
    written = sorted(os.listdir(folder))
    _write(folder / MANIFEST, json.dumps(written) + "\n")


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


def _swap(dest: Path, final: Path, stamp: str) -> Path | None:
    """Point ``dest`` at ``final`` with one atomic rename; return the previous set."""
    previous = _set_of_link(dest, final.parent) if dest.is_symlink() else None
    link = dest.parent / f".{dest.name}.link-{stamp}"
    os.symlink(os.path.relpath(final, dest.parent), link)
    emptied = False
    try:
        if dest.is_dir() and not dest.is_symlink():
            # An empty folder (check_destination refused any other): a symlink cannot be
            # renamed over a folder. rmdir fails if a file appeared meanwhile.
            os.rmdir(dest)
            emptied = True
        os.replace(link, dest)
    except BaseException:
        link.unlink(missing_ok=True)
        if emptied and not os.path.lexists(dest):
            with contextlib.suppress(OSError):
                dest.mkdir()
        raise
    _fsync_dir(dest.parent)
    return previous


def _old(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return time.time() - path.lstat().st_mtime > STALE_SECONDS
    return False


def _remove_stale(store: Path, dest: Path) -> None:
    """Remove what interrupted updates left behind (older than an hour, so not a live one)."""
    for path in store.iterdir():
        if (path.name.startswith(".tmp-") and _SET.fullmatch(path.name[5:])
                and _is_real_dir(path) and _old(path)):
            shutil.rmtree(path, ignore_errors=True)
    for path in dest.parent.glob(f".{glob.escape(dest.name)}.link-*"):
        if (_SET.fullmatch(path.name.rsplit(".link-", 1)[-1]) and path.is_symlink()
                and _old(path)):
            path.unlink(missing_ok=True)


def _is_real_dir(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return stat.S_ISDIR(path.lstat().st_mode)
    return False


def _only_ours(folder: Path) -> bool:
    """Whether ``folder`` (a finished set) holds nothing but what awscalc wrote into it.

    A set without a manifest (written by an older awscalc) may hold only cards
    (``service.yaml``) and the data shipped beside them.
    """
    try:
        names = set(os.listdir(folder))
        manifest = folder / MANIFEST
        if MANIFEST in names:
            written = set(json.loads(manifest.read_text(encoding="utf-8")))
            return names - {MANIFEST} <= written
    except (OSError, ValueError, TypeError):
        return False
    from awscalc.ratecards import shipped_pricing_dir

    shipped = {p.name for p in shipped_pricing_dir().iterdir()}
    return all(re.fullmatch(r"[a-z0-9-]+\.yaml", name) or name in shipped for name in names)


def _remove_old(store: Path, keep: set[Path | None]) -> None:
    """Remove finished sets other than the active and the previous one.

    Only folders named like a set and holding only what awscalc wrote are removed.
    """
    kept = {path for path in keep if path is not None}
    for path in store.iterdir():
        if (_SET.fullmatch(path.name) and path not in kept and _is_real_dir(path)
                and _only_ours(path)):
            shutil.rmtree(path, ignore_errors=True)
