"""A rich progress display on stderr for ``pricing update``: bytes per file, and files.

It is shown only when stderr is a terminal and ``--quiet`` is not given, so that logs
and pipes get just the result (and an error is one line).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from awscalc.priceupdate.fetch import ProgressHook


@contextlib.contextmanager
def progress_display(enabled: bool) -> Iterator[ProgressHook]:
    """Yield a progress hook for :class:`~awscalc.priceupdate.fetch.Source`."""
    if not enabled:
        yield lambda event, name, amount: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                        TransferSpeedColumn(), console=Console(stderr=True), transient=True)
    # One bar for the whole update: its total grows as each file announces its size.
    task = progress.add_task("Price List", total=None)
    state = {"files": 0, "done": 0, "total": 0}

    def hook(event: str, name: str, amount: int | None) -> None:
        """Show one fetch event (see :data:`~awscalc.priceupdate.fetch.ProgressHook`)."""
        if event == "start":
            state["files"] += 1
            state["total"] += amount or 0
            progress.update(task, total=state["total"] or None,
                            description=f"file {state['files']}: {name}")
        elif event == "advance":
            progress.advance(task, amount or 0)
        elif event == "done":
            state["done"] += 1
            progress.update(task, description=f"{state['done']} files read")

    with progress:
        yield hook
