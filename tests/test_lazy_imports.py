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


def test_valid_json_estimate_imports_neither_rich_nor_jsonschema() -> None:
    # jsonschema is loaded only to explain an invalid spec or rate card; pint only for a
    # unit expression not yet in the unit cache (the first run fills it)
    args = ("estimate", "examples/web-dns.yaml", "--format", "json")
    assert loaded(*args) in (["pint", "yaml"], ["yaml"])
    assert loaded(*args) == ["yaml"]


def test_invalid_spec_loads_jsonschema_for_the_explanation(tmp_path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("resources: {d: {service: route53, hosted_zone: 1}}\n")
    assert "jsonschema" in loaded("estimate", str(spec))
