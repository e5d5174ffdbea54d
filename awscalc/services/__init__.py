"""The service registry: every AWS service awscalc knows declares itself once.

Each service has a calculator module ``awscalc/services/<module>.py`` and, beside it,
``<module>.schema.json``: the JSON Schema fragment of its spec keys (``title``,
``description``, ``properties``, optional ``required`` and ``$defs`` — prefix their
names with the service, they share one namespace), which :mod:`awscalc.schema` merges
into the spec schema, and its **declaration** under the fragment's ``service`` key::

    "service": {
      "name": "ec2",                       # the spec's `service:` value
      "meters": {"cpu-credits": {"unit": "vCPU-hour", "label": "CPU credits"}},
      "catalog": {"instance-hours": {"unit": "instance-hour", "label": "Instance hours",
                  "dimensions": ["instance_type", "operating_system", ...]}},
      "catalog_values": {"instance_type": "instance_type"},   # spec key (dotted, * = each
                                                               # list item) → dimension
      "price_list": "EC2",                 # a ServiceMapping in priceupdate.mappings…
      "price_list_reason": "…",            # …or why the Price List cannot update it,
      "price_list_builder": "awscalc.priceupdate.ec2",   # …or a catalog builder
      "price_list_fetched_by": {"nat-gateway-hours": "ec2"},  # card keys another
                                           # service's builder fetches from its offer
      "uses": ["ebs", "data-transfer"],    # services whose rates price some of its usage
      "spec": true,                         # false: a pricing-only service (data-transfer)
      "user_priced": false,                 # true: every amount is the user's (custom)
      "readme": "**Amazon EC2** — …",      # its entry in the README's list of services
      "not_offered": [{"what": "Concurrency scaling", "keys": ["concurrency-scaling-hours"],
                       "spec_key": ["concurrency_scaling"], "regions": {"eu-south-1":
                       "Europe (Milan)"}, "source": "https://docs…", "retrieved": "…"}]
    }                                       # where AWS says it sells no such thing: a
                                            # spec error, unless a rate is there after all

``meters`` are the keys of the service's hand-written rate card (``pricing/aws/<name>
.yaml``), ``catalog`` the keys of its generated catalog (``<name>.sqlite``, see
:mod:`awscalc.catalog`). CLI choices, help texts, the README's service list, the
price-list mappings and the contract test (``tests/test_contract.py``) all derive from
these declarations: to add a service, add the module, its fragment with its declaration,
a rate card or catalog, a frozen test card, an example with goldens — nothing else.

A calculator module provides::

    def usage(resource: awscalc.spec.Resource) -> awscalc.model.ResourceUsage

Usage of another service (S3 emits data transfer, an EC2 instance its EBS volumes) is
made with ``resource.usage(..., service="ebs")`` and that service must be in ``uses``.

After rating, :func:`awscalc.estimate.estimate` runs an optional *priced phase* of the
calculator (functions that need prices):

- ``comparisons(resource) -> dict[label, config]``: alternative configs worth pricing
  next to the resource (Lambda: "1 ms billing"); the estimate prices each and reports
  the difference;
- ``priced_usage(resource, book) -> ResourceUsage``: used in place of ``usage`` by a
  calculator whose choices depend on prices (the transfer planner); its ``priced`` line
  items come from a price catalog and are not aggregated by the rater;
- ``priced_details(resource, details, book) -> dict``: figures that need prices, added
  to the resource's details (S3: the cost of each lifecycle month); a ``summary`` list of
  one-line strings in details is shown under the table/Markdown.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

_HERE = Path(__file__).parent
_SUFFIX = ".schema.json"


@dataclass(frozen=True)
class Meter:
    """A usage key a service is metered by: its unit and what a person reads."""

    unit: str
    label: str
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotOffered:
    """Regions where AWS says it does not offer the service, or one feature of it: the
    feature's usage ``keys`` and the spec key that asks for it (``spec_key``). A region
    whose rates a pricing directory does have is priced all the same (AWS has launched
    there since)."""

    what: str
    regions: dict[str, str]  # region code → AWS's name for it, as the source lists them
    source: str
    retrieved: str
    keys: tuple[str, ...] = ()  # () = every key: the whole service
    spec_key: tuple[str, ...] = ("service",)
    hint: str | None = None  # what to do instead, where the default does not say it


@dataclass(frozen=True)
class Declaration:
    """What one service says about itself (see the module docstring)."""

    name: str
    module: str
    title: str
    description: str
    meters: dict[str, Meter] = field(default_factory=dict)
    catalog: dict[str, Meter] = field(default_factory=dict)
    catalog_values: dict[str, str] = field(default_factory=dict)
    price_list: str | None = None
    price_list_reason: str | None = None
    # A module whose ``update_<name>`` rebuilds the service's catalog from its offer
    # (catalog-sized offers: only with --service and --region), and the card keys it
    # does not rebuild, with why.
    price_list_builder: str | None = None
    # A ServiceMapping that exists but that no real offer file has confirmed yet: checked
    # for coverage by the contract test, not used by 'pricing update'.
    price_list_unconfirmed: str | None = None
    price_list_carried: dict[str, str] = field(default_factory=dict)
    # Card keys another service's catalog builder fetches from its offer (key → that
    # service: the data-transfer card's NAT gateway rates come with --service ec2).
    price_list_fetched_by: dict[str, str] = field(default_factory=dict)
    uses: tuple[str, ...] = ()
    spec: bool = True
    # Every amount comes from the spec itself (``service: custom``): no rate card, no
    # catalog, no usage records — only pre-priced, unverified line items.
    user_priced: bool = False
    readme: str = ""  # the service's entry in the README's list (Markdown)
    readme_order: int = 0
    not_offered: tuple[NotOffered, ...] = ()

    @property
    def fragment_path(self) -> Path:
        """The file holding the service's schema fragment and this declaration."""
        return _HERE / f"{self.module}{_SUFFIX}"


def _meters(raw: dict[str, Any]) -> dict[str, Meter]:
    return {key: Meter(value["unit"], value["label"], tuple(value.get("dimensions", ())))
            for key, value in raw.items()}


@functools.cache
def _fragment(path: Path) -> dict[str, Any]:
    """The parsed fragment file (read once per run; callers must not change it)."""
    return json.loads(path.read_text(encoding="utf-8"))


def _declaration(path: Path) -> Declaration:
    fragment = _fragment(path)
    raw = fragment["service"]
    module = path.name[: -len(_SUFFIX)]
    return Declaration(
        name=raw["name"], module=module, title=fragment.get("title", raw["name"]),
        description=fragment.get("description", ""), meters=_meters(raw.get("meters", {})),
        catalog=_meters(raw.get("catalog", {})), catalog_values=raw.get("catalog_values", {}),
        price_list=raw.get("price_list"), price_list_reason=raw.get("price_list_reason"),
        price_list_builder=raw.get("price_list_builder"),
        price_list_unconfirmed=raw.get("price_list_unconfirmed"),
        price_list_carried=raw.get("price_list_carried", {}),
        price_list_fetched_by=raw.get("price_list_fetched_by", {}),
        uses=tuple(raw.get("uses", ())), spec=raw.get("spec", True),
        user_priced=raw.get("user_priced", False),
        readme=raw.get("readme", ""), readme_order=raw.get("readme_order", 0),
        not_offered=tuple(NotOffered(
            what=entry["what"], regions=entry["regions"], source=entry["source"],
            retrieved=entry["retrieved"], keys=tuple(entry.get("keys", ())),
            spec_key=tuple(entry.get("spec_key", ("service",))), hint=entry.get("hint"))
            for entry in raw.get("not_offered", ())))


@functools.cache
def declarations() -> dict[str, Declaration]:
    """Every declared service by name (spec and pricing-only), in name order."""
    found = [_declaration(path) for path in sorted(_HERE.glob(f"*{_SUFFIX}"))]
    return {d.name: d for d in sorted(found, key=lambda d: d.name)}


def spec_services() -> list[str]:
    """The names a spec's ``service:`` may take, in order."""
    return [name for name, d in declarations().items() if d.spec]


def declaration(service: str) -> Declaration:
    """The declaration of ``service`` (a KeyError if there is none)."""
    return declarations()[service]


def readme_services() -> str:
    """The README's list of services, from the declarations (``tests/test_contract.py``
    checks the README holds exactly this between its ``services`` markers)."""
    import textwrap

    entries = sorted((d for d in declarations().values() if d.spec),
                     key=lambda d: (d.readme_order, d.name))
    return "\n".join(textwrap.fill(d.readme, 90, initial_indent="- ",
                                    subsequent_indent="  ") for d in entries) + "\n"


@dataclass(frozen=True)
class Phases:
    """A calculator's functions, as the estimate calls them: ``usage`` (before rating)
    and the *priced phase* (after it) — ``priced_usage``, ``priced_details`` and
    ``comparisons``, each ``None`` when the calculator has none (see the module
    docstring). The one interface between the estimate and a calculator."""

    usage: Callable[[Any], Any]
    priced_usage: Callable[[Any, Any], Any] | None = None
    priced_details: Callable[[Any, Any, Any], Any] | None = None
    comparisons: Callable[[Any], Any] | None = None
    # A composite's children (Beanstalk → EC2 instances, EBS volumes, a load balancer)
    expand: Callable[[Any], Any] | None = None


def expand(resources: Any) -> list[Any]:
    """``resources`` with every composite's children (and theirs) right after it.

    A composite calculator's ``expand(resource)`` returns child resources, made with
    :meth:`awscalc.spec.Resource.child`; the estimate rates them like any other resource
    (account-wide tiers include them) and the report shows them under the parent.
    """
    from awscalc.flows import children as flows_from

    expanded: list[Any] = []
    for resource in resources:
        expanded.append(resource)
        hook = phases(resource.service).expand
        if hook is not None:
            expanded.extend(expand(hook(resource)))
        if resource.parent is None:  # the spec's data flows from it (awscalc.flows)
            expanded.extend(flows_from(resource, resources))
    return expanded


def phases(service: str) -> Phases:
    """The :class:`Phases` of ``service``'s calculator (resolved once)."""
    found = _phases.get(service)
    if found is None:
        module = calculator(service)
        found = _phases[service] = Phases(
            usage=module.usage,
            **{name: module.__dict__.get(name)
               for name in ("priced_usage", "priced_details", "comparisons", "expand")})
    return found


_phases: dict[str, Phases] = {}


def calculator(service: str) -> ModuleType:
    """The calculator module for ``service`` (imported on first use)."""
    module = _loaded.get(service)
    if module is None:  # called per resource and per what-if: skip the import machinery
        module = _loaded[service] = importlib.import_module(
            f"{__name__}.{declarations()[service].module}")
    return module


_loaded: dict[str, ModuleType] = {}


def schema_fragment(service: str) -> dict[str, Any]:
    """The JSON Schema fragment of ``service``'s keys, read without importing its module
    (the same parsed file the declarations came from: do not change it)."""
    return _fragment(declarations()[service].fragment_path)
