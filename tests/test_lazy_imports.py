"""Start-up discipline: commands import only what they use (checked, not timed)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import REPO

PROBE = """
import json, sys
from awscalc.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = {"pint", "jsonschema", "yaml", "rich", "referencing"}
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & heavy)), file=sys.stderr)
"""


def loaded(*args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, cwd=REPO, check=True)
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_help_and_version_import_no_heavy_library() -> None:
    assert loaded("--help") == []
    assert loaded("--version") == []


def test_json_estimate_does_not_import_rich() -> None:
    assert loaded("estimate", "examples/web-dns.yaml", "--format", "json") == [
        "jsonschema", "pint", "referencing", "yaml"]
