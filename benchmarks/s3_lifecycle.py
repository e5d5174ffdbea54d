"""Time the S3 lifecycle simulation of examples/media-archive.yaml (96 months).

Times the calculator alone (spec → usage records and the month-by-month series), the
part the issue bounds at well under 100 ms for a 36-month horizon, and, for context,
the horizon cut to 36 months. Prints the median of 20 runs in milliseconds.

    python benchmarks/s3_lifecycle.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from awscalc.services import s3
from awscalc.spec import load_spec, parse_spec

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "media-archive.yaml"
RUNS = 20


def median_ms(resource: object) -> float:
    """Median wall time of ``s3.usage(resource)`` over ``RUNS`` runs, in milliseconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        s3.usage(resource)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print one line per horizon."""
    spec = load_spec(str(EXAMPLE))
    resource = next(r for r in spec.resources if r.get("lifecycle"))
    s3.usage(resource)  # warm up: pint registry, imports
    months = resource.get("lifecycle", "months")
    print(f"{resource.name}: {months}-month simulation, median of {RUNS}: "
          f"{median_ms(resource):.2f} ms")
    text = EXAMPLE.read_text(encoding="utf-8").replace(f"months: {months}", "months: 36")
    short = next(r for r in parse_spec(text, str(EXAMPLE)).resources if r.get("lifecycle"))
    print(f"{short.name}: 36-month simulation, median of {RUNS}: {median_ms(short):.2f} ms")


if __name__ == "__main__":
    main()
