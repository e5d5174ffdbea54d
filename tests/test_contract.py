"""The service contract: every declared service is complete.

A service declares itself once (``awscalc/services/<module>.schema.json``, key
``service``). This test walks every declaration and fails when a service lacks a schema
fragment that compiles with every ``$ref`` resolved, an example with goldens, a frozen
test card (or catalog) and a shipped one, a rate for every meter in the meter's unit, or
Price List rules for every rate key (or a declared reason why it has none) — and when a
calculator emits usage it has not declared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from awscalc.catalog import Catalog, catalog_path
from awscalc.schema import spec_schema
from awscalc.services import Declaration, calculator, declarations, spec_services
from awscalc.spec import load_spec

from .conftest import FROZEN_PRICING, REPO, SHIPPED_PRICING

DECLARED = list(declarations().values())
EXAMPLES = sorted((REPO / "examples").rglob("*.yaml"))


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolve(schema: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"only local references are allowed: {ref}"
    node: Any = schema
    for part in ref[2:].split("/"):
        assert isinstance(node, dict) and part in node, f"dangling $ref {ref}"
        node = node[part]
    return node


def _card(directory: Path, name: str) -> dict[str, Any] | None:
    path = directory / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def test_there_are_declarations_and_names_are_unique() -> None:
    names = [d.name for d in DECLARED]
    assert {"route53", "s3", "lambda", "cloudfront", "transfer", "data-transfer"} <= set(names)
    assert len(names) == len(set(names))
    assert spec_services() == sorted(d.name for d in DECLARED if d.spec)


def test_the_spec_schema_compiles_and_every_reference_resolves() -> None:
    from jsonschema import Draft202012Validator

    schema = spec_schema()
    Draft202012Validator.check_schema(schema)
    refs = set(_refs(schema))
    assert refs, "the schema has references"
    for ref in refs:
        _resolve(schema, ref)


@pytest.mark.parametrize("declared", DECLARED, ids=lambda d: d.name)
def test_service_is_complete(declared: Declaration) -> None:
    if declared.spec:
        using = [path for path in EXAMPLES
                 if re.search(rf"^\s*service:\s*{re.escape(declared.name)}\s*$",
                              path.read_text(encoding="utf-8"), re.MULTILINE)]
        assert using, f"no example in examples/ uses service '{declared.name}'"
        top = [path for path in using if path.parent == REPO / "examples"]
        for path in top or using[:0]:
            for ext in ("txt", "json", "csv", "md"):
                assert (REPO / "tests" / "golden" / f"{path.stem}.{ext}").is_file()
        assert top, f"no top-level example (with goldens) uses '{declared.name}'"
    else:
        assert any(declared.name in other.uses for other in DECLARED), (
            f"pricing-only service '{declared.name}' is used by no service")
    for used in declared.uses:
        assert used in declarations(), f"'{declared.name}' uses undeclared '{used}'"
    if declared.user_priced:
        # every amount is the user's own: no card, catalog, Price List or other service
        assert not (declared.meters or declared.catalog or declared.uses)
        assert declared.price_list_reason and not declared.price_list
        assert callable(getattr(calculator(declared.name), "priced_usage", None))
    elif declared.spec:
        assert declared.meters or declared.catalog or declared.uses, (
            f"'{declared.name}' prices nothing: declare meters, a catalog, the services "
            "it uses, or user_priced")
    assert declared.price_list or declared.price_list_builder or declared.price_list_reason, (
        f"'{declared.name}' declares neither Price List rules nor why it has none")
    if declared.price_list_builder:
        import importlib

        builder = importlib.import_module(declared.price_list_builder)
        assert callable(getattr(builder, f"update_{declared.name.replace('-', '_')}"))
        assert declared.catalog, "a catalog builder needs declared catalog keys"
        # every card key is either carried over (with a reason) or rebuilt: none is both;
        # catalog keys the builder never builds may be carried too (their hint says so)
        rebuilt = set(getattr(builder, "CARD_KEYS", {}).get(declared.name, ()))
        carried = set(declared.price_list_carried)
        assert carried <= set(declared.meters) | set(declared.catalog)
        assert (carried & set(declared.meters)) | rebuilt == set(declared.meters)
        assert not carried & rebuilt


@pytest.mark.parametrize("directory", [FROZEN_PRICING, SHIPPED_PRICING],
                         ids=["frozen", "shipped"])
@pytest.mark.parametrize("declared", DECLARED, ids=lambda d: d.name)
def test_every_meter_is_priced_in_its_unit(declared: Declaration, directory: Path) -> None:
    card = _card(directory, declared.name)
    if declared.meters:
        assert card is not None, f"no rate card {declared.name}.yaml in {directory}"
        rates = card["rates"]
        assert set(rates) == set(declared.meters), (
            f"card keys and declared meters differ: "
            f"{sorted(set(rates) ^ set(declared.meters))}")
        for key, meter in declared.meters.items():
            assert rates[key]["unit"] == meter.unit, f"{key}: card unit {rates[key]['unit']}"
    else:
        assert card is None, f"{declared.name}.yaml exists but the service declares no meters"
    path = catalog_path(directory, declared.name)
    if declared.catalog:
        catalog = Catalog.open(path, "test", declared.name)
        for key, meter in declared.catalog.items():
            assert catalog.has_key(key), f"catalog {path.name} lacks key '{key}'"
            assert catalog.dimensions(key) == meter.dimensions
            assert catalog._keys[key][1] == meter.unit
        for dimension in declared.catalog_values.values():
            assert any(dimension in meter.dimensions for meter in declared.catalog.values())
    else:
        assert not path.exists(), f"{path.name} exists but the service declares no catalog"


@pytest.mark.parametrize("declared",
                         [d for d in DECLARED if d.price_list or d.price_list_unconfirmed],
                         ids=lambda d: d.name)
def test_price_list_rules_cover_every_meter(declared: Declaration) -> None:
    from awscalc.priceupdate import mappings

    mapping = mappings.mapping_named(declared.price_list or declared.price_list_unconfirmed
                                     or "")
    assert mapping.service == declared.name
    covered = set(mapping.rules) | set(mapping.carried)
    assert covered >= set(declared.meters), sorted(set(declared.meters) - covered)
    assert covered <= set(declared.meters), sorted(covered - set(declared.meters))
    # 'pricing update' uses a mapping only when a real offer file confirms a rule
    assert bool(mapping.rules) == bool(declared.price_list), (
        "declare a mapping without confirmed rules as price_list_unconfirmed")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(REPO)))
def test_calculators_emit_only_declared_meters(example: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    spec = load_spec(str(example.relative_to(REPO)))
    everything = declarations()
    for resource in spec.resources:
        declared = everything[resource.service]
        module = calculator(resource.service)
        if not hasattr(module, "usage"):
            continue
        if declared.user_priced:  # no usage to rate: only unverified, pre-priced items
            assert not module.usage(resource).records
            items = module.priced_usage(resource, None).priced
            assert items and not any(item.verified for item in items)
            continue
        for record in module.usage(resource).records:
            assert record.service in (declared.name, *declared.uses), (
                f"{resource.name}: usage of '{record.service}' not in 'uses'")
            owner = everything[record.service]
            meter = (owner.catalog if record.dims else owner.meters).get(record.key)
            assert meter is not None, f"{record.service}/{record.key} is not declared"
            assert record.unit == meter.unit, f"{record.key}: {record.unit} ≠ {meter.unit}"
            assert len(record.dims) == len(meter.dimensions)
            assert record.quantity >= Decimal(0)


def test_the_readme_lists_exactly_the_declared_services() -> None:
    from awscalc.services import readme_services

    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- services:")
    block = text[text.index("\n", start) + 1: text.index("<!-- /services -->")]
    assert block == readme_services(), "README's service list is stale: regenerate it " \
        "from awscalc.services.readme_services()"
    for declared in DECLARED:
        assert not declared.spec or declared.readme, f"'{declared.name}' has no README entry"
