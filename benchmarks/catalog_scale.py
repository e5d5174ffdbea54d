"""Catalog-scale benchmark: an estimate must not cost more because the EC2 catalog is big.

Builds (in a temporary folder, never committed) an *installed* card set like the one
``awscalc pricing update`` writes — the shipped cards plus an EC2 catalog of at least
500,000 synthetic rates (instance types × regions × operating systems × purchase
options, with the real us-east-1 rows kept) — then times ``awscalc estimate`` of a
3-instance spec against it and against the shipped cards, next to ``python3 -c pass``,
and reports each one's peak RSS. A benchmark, not a test:

    python benchmarks/catalog_scale.py            # 15 runs of each command
    python benchmarks/catalog_scale.py --rates 1200000 --runs 25

Targets (issue 13): ≤ 16× ``python3 -c pass``, within 15 % of the same estimate on the
shipped cards, and ≤ 100 MB peak RSS.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "pricing" / "aws"
SPEC = """\
name: three-instances
region: us-east-1
resources:
  web: {service: ec2, instance_type: m5.large, count: 4}
  workers: {service: ec2, instance_type: c5.large, count: 2, hours: 300 h}
  bastion: {service: ec2, instance_type: t3.micro}
"""
REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
           "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
           "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
           "ap-northeast-2", "ap-northeast-3", "ap-east-1", "me-south-1", "af-south-1",
           "us-gov-west-1", "eu-central-2", "ap-south-2", "il-central-1", "mx-central-1"]
OPTIONS = ["on_demand"] + [f"reserved:{t}:{c}:{p}" for t in ("1yr", "3yr")
                           for c in ("standard", "convertible")
                           for p in ("no_upfront", "partial_upfront", "all_upfront")]
SYSTEMS = ["linux", "windows", "rhel", "suse"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def build_card_set(folder: Path, rates: int) -> int:
    """Copy the shipped cards into ``folder`` and write a synthetic EC2 catalog of at
    least ``rates`` rates there (the shipped catalog's rows included); return its size."""
    from awscalc.catalog import Catalog, CatalogRate, write_catalog

    for card in SHIPPED.glob("*.yaml"):
        shutil.copy(card, folder / card.name)
    shipped = Catalog.open(SHIPPED / "ec2.sqlite", "shipped", "ec2")
    real = shipped._all("SELECT key, region, dims, rate FROM rates", ())
    keys = [shipped_key(shipped, key) for key in shipped._keys]
    per_type = len(REGIONS) * len(SYSTEMS) * len(OPTIONS)
    families = [f"{f}{g}" for f in "mcrtxzih" for g in range(3, 9)]
    sizes = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
             "24xlarge", "metal", "medium", "small", "micro", "nano", "32xlarge", "48xlarge",
             "9xlarge", "18xlarge", "3xlarge", "6xlarge", "56xlarge"]
    types = [f"{family}x.{size}" for family, size in itertools.product(families, sizes)]
    wanted = -(-rates // per_type)
    if wanted > len(types):
        raise SystemExit(f"at most {len(types) * per_type} synthetic rates")

    def rows():
        for key, region, dims, rate in real:
            yield CatalogRate(key, region, tuple(dims.split("|")), Decimal(rate), 0)
        for index, name in enumerate(types[:wanted]):
            for region, system, option in itertools.product(REGIONS, SYSTEMS, OPTIONS):
                price = Decimal(index % 97 + 1) / 1000
                yield CatalogRate("instance-hours", region,
                                  (name, system, "none", "shared", option), price, 0)

    from awscalc.catalog import CatalogSource

    return write_catalog(folder / "ec2.sqlite", service="ec2", title="Amazon EC2 (synthetic)",
                         sources=[CatalogSource("https://example.com/synthetic", "2026-11-30",
                                                False, "benchmark data")],
                         keys=keys, rates=rows())


def shipped_key(catalog, key: str):
    """The shipped catalog's definition of ``key``, as a CatalogKey."""
    from awscalc.catalog import CatalogKey

    description, unit, per, dims = catalog._keys[key]
    return CatalogKey(key, description, unit, dims, per)


def measure(argv: list[str], runs: int) -> tuple[float, float]:
    """Median wall milliseconds over ``runs`` runs (after a warm-up) and the largest
    peak RSS of one run, in MB."""
    subprocess.run(argv, capture_output=True, check=True, env=ENV)
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env=ENV)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        times.append((time.perf_counter() - start) * 1000)
        if child.returncode:
            raise SystemExit(f"{' '.join(argv)} exited {child.returncode}")
        peaks.append(usage.ru_maxrss / 1024)  # kilobytes on Linux
    return statistics.median(times), max(peaks)


def main() -> None:
    """Build the card set, time the commands, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rates", type=int, default=500_000)
    args = parser.parse_args()
    python = sys.executable
    script = Path(python).with_name("awscalc")
    awscalc = [str(script)] if script.exists() else [python, "-m", "awscalc"]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        cards = folder / "cards"
        cards.mkdir()
        started = time.perf_counter()
        count = build_card_set(cards, args.rates)
        built = time.perf_counter() - started
        size = (cards / "ec2.sqlite").stat().st_size / 2**20
        print(f"synthetic EC2 catalog: {count:,} rates, {size:.0f} MB, built in {built:.1f} s")
        spec = folder / "three.yaml"
        spec.write_text(SPEC, encoding="utf-8")
        rows = [("python3 -c pass", [python, "-c", "pass"]),
                ("estimate, shipped cards", [*awscalc, "estimate", str(spec), "-f", "json"]),
                (f"estimate, {count:,}-rate catalog",
                 [*awscalc, "estimate", str(spec), "-f", "json", "--pricing", str(cards)])]
        print(f"{'command':<40} {'median ms':>10} {'× python':>9} {'peak RSS MB':>12}")
        baseline = shipped = None
        for label, argv in rows:
            ms, peak = measure(argv, args.runs)
            baseline = baseline or ms
            if label.startswith("estimate, shipped"):
                shipped = ms
            extra = f"  ({(ms / shipped - 1) * 100:+.0f} % vs shipped)" if (
                shipped and label.endswith("catalog")) else ""
            print(f"{label:<40} {ms:>10.1f} {ms / baseline:>9.1f} {peak:>12.1f}{extra}")


if __name__ == "__main__":
    main()
