"""The calculator registry: one module per AWS service, imported only when a spec uses it.

A calculator module turns one resource of the spec into usage records and knows AWS's
billing *rules* for its service, never its *prices* (those live in the rate cards).
It provides::

    def usage(resource: awscalc.spec.Resource) -> awscalc.model.ResourceUsage

and a JSON Schema fragment beside it, ``<module>.schema.json``, holding the service's
keys (``title``, ``description``, ``properties``, optional ``required`` and ``$defs`` —
prefix their names with the service, they share one namespace), which
:mod:`awscalc.schema` merges into the spec schema.

Optionally, ``comparisons(resource) -> dict[label, config]`` names alternative configs
of a resource worth pricing next to it (Lambda: "1 ms billing" for a function billed at
100 ms); :func:`awscalc.estimate.estimate` prices each and reports the difference.

A calculator whose choices depend on prices (the transfer planner picks the cheapest
way to move data) provides ``priced_usage(resource, book) -> ResourceUsage`` instead,
which the estimate calls in place of ``usage``; its ``priced`` line items come from a
price catalog and are not aggregated by the rater.

Optionally, ``priced_details(resource, details, book) -> dict`` adds figures that need
prices to the resource's details after rating (S3: the cost of each lifecycle month);
a ``summary`` list of one-line strings in details is shown under the table/Markdown.

To add a service: write the module and its schema fragment, add a rate card under
``pricing/aws/``, and register the module here.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

# service name in the spec → module name in this package
SERVICES: dict[str, str] = {
    "transfer": "transfer_job",
    "cloudfront": "cloudfront",
    "lambda": "lambda_",
    "route53": "route53",
    "s3": "s3",
}


def calculator(service: str) -> ModuleType:
    """The calculator module for ``service`` (imported on first use)."""
    module = _loaded.get(service)
    if module is None:  # called per resource and per what-if: skip the import machinery
        module = _loaded[service] = importlib.import_module(f"{__name__}.{SERVICES[service]}")
    return module


_loaded: dict[str, ModuleType] = {}


def schema_fragment(service: str) -> dict[str, Any]:
    """The JSON Schema fragment of ``service``'s keys, read without importing its module."""
    path = Path(__file__).with_name(f"{SERVICES[service]}.schema.json")
    return json.loads(path.read_text(encoding="utf-8"))
