"""``awscalc init`` and ``awscalc schema``: a commented starter spec and the schema beside it.

The templates are YAML files of the package (``awscalc/templates/<name>.yaml``, shipped
in the wheel), each built from a shipped example so that it prices with the shipped
rate cards. Their first line points the editor at ``./awscalc.schema.json``, which
``awscalc init`` writes next to the spec.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from awscalc.errors import UsageError

SCHEMA_FILE = "awscalc.schema.json"
DEFAULT_SPEC = "arch.yaml"
TEMPLATE_DIR = Path(__file__).parent / "templates"
# One template per family of shipped examples: name → what it holds (for --help).
TEMPLATES = {
    "web-app": "load balancer, EC2 web servers, RDS MySQL, S3 uploads, Route 53",
    "serverless": "Lambda API handler and worker, SQS queue, Route 53, free tier",
    "data-lake": "Kinesis stream, Firehose to Parquet, S3 Standard and Infrequent Access",
    "static-site": "S3 bucket behind CloudFront, Route 53, free tier",
}


def schema_text() -> str:
    """The spec's JSON Schema as ``awscalc schema`` prints it (ending with a newline)."""
    from awscalc.schema import spec_schema

    return json.dumps(spec_schema(), indent=2) + "\n"


def template_text(name: str) -> str:
    """The text of the starter template ``name`` (one of :data:`TEMPLATES`)."""
    if name not in TEMPLATES:
        raise UsageError(f"--template: no template '{name}'",
                         f"expected one of: {', '.join(TEMPLATES)}")
    return (TEMPLATE_DIR / f"{name}.yaml").read_text(encoding="utf-8")


def init_paths(output: str, directory: str | None) -> tuple[Path, Path]:
    """Where ``init`` writes the spec and the schema: ``output`` (relative to
    ``directory`` when one is given), and :data:`SCHEMA_FILE` in the same folder."""
    spec = Path(output)
    if directory is not None and not spec.is_absolute():
        spec = Path(directory) / spec
    return spec, spec.parent / SCHEMA_FILE


def check_free(spec: Path, schema: Path | None, schema_content: str | None,
               force: bool) -> bool:
    """Refuse (exit 2) to overwrite an existing spec or a different schema unless
    ``force``; return whether the schema needs writing (an identical one is kept)."""
    if spec.is_dir():
        raise UsageError(f"{spec}: is a directory", "name the spec file with -o FILE")
    if not force and os.path.lexists(spec):
        raise UsageError(f"{spec} already exists; not overwritten",
                         "use --force to replace it, or -o to name another file")
    if schema is None:
        return False
    if schema.is_dir():
        raise UsageError(f"{schema}: is a directory")
    if not os.path.lexists(schema):
        return True
    try:
        same = schema.is_file() and schema.read_text(encoding="utf-8") == schema_content
    except (OSError, UnicodeDecodeError):
        same = False
    if same:
        return False
    if not force:
        raise UsageError(f"{schema} already exists and differs from this awscalc's schema; "
                         "not overwritten", "use --force to replace it, or --no-schema")
    return True
