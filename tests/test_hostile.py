"""The hostile-input corpus (tests/hostile/*.yaml): one line, the right exit code, no
traceback, and little CPU — for every bad spec and every bad argument in it."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, hostile_cases

CASES = hostile_cases()
EXAMPLE = str(REPO / "examples" / "web-dns.yaml")
PRICING = str(REPO / "pricing")


def alias_bomb() -> bytes:
    """The "billion laughs": nine levels of nine aliases each (9^9 leaves if expanded)."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[level]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append("resources: {d: {service: route53}}")
    return ("\n".join(lines) + "\n").encode()


GENERATORS = {
    "tabs": lambda: b"resources:\n  d:\n\tservice: route53\n",
    "alias_bomb": alias_bomb,
    "deep_nesting": lambda: b"resources: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "huge_file": lambda: b"# padding\n" * (5 * 1024 * 1024) + b"resources: {}\n",  # 50 MB
    "latin1": lambda: "name: demo\nresources: {caf\xe9: {service: route53}}\n".encode("latin-1"),
    "binary": lambda: bytes(range(256)) * 4,
}


def materialize(case: dict[str, Any], directory: Path) -> tuple[list[str], dict[str, str]]:
    spec = directory / f"{case['name']}.yaml"
    if "generate" in case:
        spec.write_bytes(GENERATORS[case["generate"]]())
    elif "spec" in case:
        spec.write_text(case["spec"], encoding="utf-8")
    scratch = directory / "scratch"
    scratch.mkdir(exist_ok=True)
    values = {"spec": str(spec), "dir": str(scratch), "example": EXAMPLE, "pricing": PRICING}
    args = case.get("args", ["estimate", "{spec}"])
    return [arg.format(**values) for arg in args], values


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case["name"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_hostile_input(case: dict[str, Any], cli, tmp_path: Path) -> None:
    args, values = materialize(case, tmp_path)
    started = time.process_time()
    result = cli(*args)
    cpu = time.process_time() - started
    assert result.code == case["code"], result.err
    assert result.out == ""
    line = result.err.rstrip("\n")
    assert "\n" not in line, f"more than one line:\n{result.err}"
    assert "Traceback" not in line
    assert line.startswith("awscalc: error: ")
    assert line.removeprefix("awscalc: error: ").startswith(case["message"].format(**values))
    assert cpu < 1.0, f"{cpu:.2f} s of CPU"


@pytest.mark.parametrize("generator", ["alias_bomb", "deep_nesting", "huge_file"])
def test_bombs_stay_within_memory_and_time(generator: str, tmp_path: Path) -> None:
    """In a child process limited to 1 GiB of address space and 20 s of CPU."""
    spec = tmp_path / "bomb.yaml"
    spec.write_bytes(GENERATORS[generator]())

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))

    result = subprocess.run([sys.executable, "-m", "awscalc", "estimate", str(spec)],
                            capture_output=True, text=True, preexec_fn=limit, timeout=60)
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
