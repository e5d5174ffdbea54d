"""Estimate every shipped example in every target region with the shipped rate cards and
print which pairs price, which ask for something AWS does not sell there (exit 3, the
services' ``not_offered`` declarations) and which lack a rate (exit 4), with each
failure's first line. The README's coverage paragraph quotes its counts.

Run from the repository root::

    python tools/example_regions.py            # every example × the 21 target regions
    python tools/example_regions.py eu-west-1  # one or more regions
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from awscalc.errors import AwscalcError  # noqa: E402
from awscalc.estimate import estimate  # noqa: E402
from awscalc.ratecards import RateBook  # noqa: E402
from awscalc.spec import load_spec  # noqa: E402

TARGET_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
    "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-east-1", "me-south-1", "af-south-1")


def outcome(example: Path, region: str) -> tuple[int, str]:
    """``(exit code, first line of the error or '')`` of estimating ``example`` in
    ``region``, with the shipped cards opened afresh (as one CLI run does: a catalog's
    query time budget is per run)."""
    try:
        estimate(load_spec(str(example), region=region),
                 RateBook(ROOT / "pricing" / "aws", "shipped"))
    except AwscalcError as error:
        return int(error.exit_code), str(error).split("\n")[0]
    return 0, ""


def main(argv: list[str]) -> int:
    """Print the failing pairs and the counts; exit 0."""
    regions = tuple(argv) or TARGET_REGIONS
    counts: Counter[int] = Counter()
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        for region in regions:
            code, line = outcome(example, region)
            counts[code] += 1
            if code:
                print(f"{example.stem} {region} exit {code}: {line[:160]}")
    total = sum(counts.values())
    print(f"{counts[0]} of {total} example × region pairs price; {counts[3]} ask for what "
          f"AWS does not sell there (exit 3); {counts[4]} lack a rate (exit 4)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
