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
    files = progress.add_task("files: 0", total=None, start=False)
    count = {"done": 0}
    tasks: dict[str, int] = {}

    def hook(event: str, name: str, amount: int | None) -> None:
        if event == "start":
            tasks[name] = progress.add_task(name, total=amount)
        elif event == "advance" and name in tasks:
            progress.advance(tasks[name], amount or 0)
        elif event == "done" and name in tasks:
            task = progress.tasks[tasks[name]]
            progress.update(tasks[name], total=task.completed, visible=False)
            count["done"] += 1
            progress.update(files, description=f"files: {count['done']}")

    with progress:
        yield hook
