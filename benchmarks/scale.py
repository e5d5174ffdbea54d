"""Scale benchmark: ``awscalc estimate`` on generated specs of many resources.

A benchmark, not a test. Generates specs of N resources (a mix of Route 53, Lambda, S3
and CloudFront resources, as a large organisation's spec might hold) and prints the
wall time of a full ``estimate --format json`` in a child process for each N, and the
ratio of each time to the previous one:

    python benchmarks/scale.py                    # N = 1,000, 10,000, 100,000
    python benchmarks/scale.py 10000 100000
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATES = [
    "{{service: route53, hosted_zones: 1, queries: {{standard: {n}M, alias: 2M}}}}",
    "{{service: lambda, memory: 512 MB, requests: {n}M, duration: 120 ms}}",
    "{{service: s3, storage: [{{class: STANDARD, size: {n} GB}}], data_transfer_out: 10 GB}}",
    "{{service: cloudfront, data_transfer_out: {n} GB, requests: 1M, "
    "viewers: {{north_america: 70%, europe: 30%}}}}",
]


def write_spec(count: int, directory: Path) -> Path:
    """A spec of ``count`` resources cycling through :data:`TEMPLATES`."""
    lines = ["name: scale-test", "region: us-east-1", "resources:"]
    for index in range(count):
        body = TEMPLATES[index % len(TEMPLATES)].format(n=index % 50 + 1)
        lines.append(f"  r{index:06d}: {body}")
    path = directory / f"scale-{count}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    """Time ``estimate`` for each resource count given on the command line."""
    counts = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 100_000]
    previous = None
    with tempfile.TemporaryDirectory() as scratch:
        print(f"{'resources':>10} {'seconds':>9} {'× previous':>11}")
        for count in counts:
            spec = write_spec(count, Path(scratch))
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "awscalc", "estimate", str(spec),
                                     "--format", "json"], capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if result.returncode:
                print(f"{count:>10} failed: {result.stderr.strip()}")
                continue
            ratio = f"{seconds / previous:.1f}" if previous else ""
            print(f"{count:>10} {seconds:>9.2f} {ratio:>11}")
            previous = seconds


if __name__ == "__main__":
    main()
