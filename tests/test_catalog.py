"""Rate catalogs: writing, checking, opening, looking up, merging — and the committed
catalogs equal what their readable sources build."""

from __future__ import annotations

import doctest
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

import awscalc.ratecards
import awscalc.rating
from awscalc.catalog import (
    Catalog,
    CatalogKey,
    CatalogRate,
    CatalogSource,
    merge_into,
    read_catalog_source,
    write_catalog,
)
from awscalc.errors import PricingError

from .conftest import FROZEN_PRICING, REPO, SHIPPED_PRICING, load_tool

KEY = CatalogKey("instance-hours", "Instance hours", "instance-hour", ("instance_type", "os"))
SOURCE = CatalogSource("https://example.com/a", "2026-11-30")


def rows(path: Path) -> set[tuple[str, str, str, str]]:
    with sqlite3.connect(path) as connection:
        return set(connection.execute("SELECT key, region, dims, rate FROM rates"))


def make(path: Path, *rates: CatalogRate, service: str = "ec2") -> Path:
    write_catalog(path, service=service, title="t", sources=[SOURCE], keys=[KEY], rates=rates)
    return path


def test_the_frozen_catalog_is_its_source_built() -> None:
    module = load_tool("build_catalog")
    built = module.merged([FROZEN_PRICING / "sources" / "ec2.yaml"])
    expected = {(r.key, r.region, "|".join(r.dims), format(r.rate.normalize(), "f"))
                for r in built["rates"]}
    assert rows(FROZEN_PRICING / "ec2.sqlite") == expected


def test_the_shipped_catalog_holds_every_hand_entered_row() -> None:
    extra = read_catalog_source(REPO / "pricing" / "sources" / "ec2-extra.yaml")
    shipped = rows(SHIPPED_PRICING / "ec2.sqlite")
    for rate in extra["rates"]:
        assert (rate.key, rate.region, "|".join(rate.dims),
                format(rate.rate.normalize(), "f")) in shipped


def test_lookup_and_provenance(tmp_path: Path) -> None:
    path = make(tmp_path / "ec2.sqlite",
                CatalogRate("instance-hours", "us-east-1", ("m5.large", "linux"),
                            Decimal("0.0960")))
    catalog = Catalog.open(path, "test", "ec2")
    rate = catalog.rate("instance-hours", "us-east-1", ("m5.large", "linux"))
    assert (rate.tiers[0].rate, rate.unit, rate.dims, rate.source) == (
        Decimal("0.096"), "instance-hour", ("m5.large", "linux"), "https://example.com/a")
    assert catalog.knows("instance_type", "m5.large")
    assert not catalog.knows("instance_type", "m5.larg")
    assert catalog.values("os") == ["linux"] and catalog.count() == 1
    with pytest.raises(PricingError) as caught:
        catalog.rate("instance-hours", "eu-west-1", ("m5.large", "linux"))
    assert "(instance_type m5.large, os linux) in region 'eu-west-1'" in str(caught.value)
    assert "awscalc pricing update --service ec2 --region eu-west-1" in str(caught.value)


def _in_eu_north(*types_and_os: tuple[str, str]) -> list[CatalogRate]:
    return [CatalogRate("instance-hours", "eu-north-1", dims, Decimal("0.1"))
            for dims in types_and_os]


def test_a_type_not_priced_in_the_region_names_the_nearest_that_are(tmp_path: Path) -> None:
    # m4 was never sold in Stockholm: the error says what is, with the same other values
    # (m5.xlarge is priced for windows only, so it is not offered for linux).
    path = make(tmp_path / "ec2.sqlite",
                CatalogRate("instance-hours", "us-east-1", ("m4.large", "linux"), Decimal(1)),
                *_in_eu_north(("m5.large", "linux"), ("m6i.large", "linux"),
                              ("r7g.16xlarge", "linux"), ("c5.large", "linux"),
                              ("m5.xlarge", "windows")))
    catalog = Catalog.open(path, "test", "ec2")
    with pytest.raises(PricingError) as caught:
        catalog.rate("instance-hours", "eu-north-1", ("m4.large", "linux"))
    assert str(caught.value).endswith(
        "(run 'awscalc pricing update --service ec2 --region eu-north-1'; eu-north-1 prices "
        "4 other instance types with the same os, the nearest: m5.large, m6i.large, c5.large)")


def test_nothing_priced_instead_adds_nothing(tmp_path: Path) -> None:
    path = make(tmp_path / "ec2.sqlite", *_in_eu_north(("m5.xlarge", "windows")))
    catalog = Catalog.open(path, "test", "ec2")
    assert catalog.priced_instead("instance-hours", "eu-north-1", ("m4.large", "linux")) == ""
    assert catalog.priced_instead("instance-hours", "sa-east-1", ("m4.large", "linux")) == ""
    assert catalog.priced_instead("no-such-key", "eu-north-1", ("m4.large", "linux")) == ""
    with pytest.raises(PricingError) as caught:
        catalog.rate("instance-hours", "eu-north-1", ("m4.large", "linux"))
    assert "prices" not in str(caught.value)


def test_only_sizes_are_offered_instead(tmp_path: Path) -> None:
    # Another file system is not an alternative to the one asked for; one size is singular.
    storage = CatalogKey("storage", "Storage", "GB-month", ("file_system", "deployment"))
    sized = CatalogKey("node-hours", "Node hours", "node-hour", ("node_type", "engine"))
    path = tmp_path / "fsx.sqlite"
    write_catalog(path, service="fsx", title="t", sources=[SOURCE], keys=[storage, sized],
                  rates=[CatalogRate("storage", "eu-north-1", ("windows", "multi_az"),
                                     Decimal(1)),
                         CatalogRate("node-hours", "eu-north-1", ("cache.m5.large", "redis"),
                                     Decimal(1))])
    catalog = Catalog.open(path, "test", "fsx")
    assert catalog.priced_instead("storage", "eu-north-1", ("openzfs", "multi_az")) == ""
    assert catalog.priced_instead("node-hours", "eu-north-1", ("cache.m4.large", "redis")) == (
        "eu-north-1 prices 1 other node type with the same engine, the nearest: cache.m5.large")


@pytest.mark.parametrize(("rate", "message"), [
    (CatalogRate("nope", "us-east-1", ("a", "b"), Decimal(1)), "unknown key"),
    (CatalogRate("instance-hours", "us-east-1", ("a",), Decimal(1)), "expected values"),
    (CatalogRate("instance-hours", "us-east-1", ("a|b", "c"), Decimal(1)), "'|' in a value"),
    (CatalogRate("instance-hours", "us-east-1", ("a", "b"), Decimal("NaN")), "not a price"),
    (CatalogRate("instance-hours", "us-east-1", ("a", "b"), Decimal(-1)), "not a price"),
    (CatalogRate("instance-hours", "us-east-1", ("a", "b"), Decimal(1), 3), "no source 3"),
])
def test_bad_rows_are_refused_and_nothing_is_written(tmp_path: Path, rate: CatalogRate,
                                                     message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make(tmp_path / "ec2.sqlite", rate)
    assert list(tmp_path.iterdir()) == []


def test_a_duplicate_row_is_refused(tmp_path: Path) -> None:
    rate = CatalogRate("instance-hours", "us-east-1", ("a", "b"), Decimal(1))
    with pytest.raises(ValueError, match="duplicate rate"):
        make(tmp_path / "ec2.sqlite", rate, rate)
    assert list(tmp_path.iterdir()) == []


def test_unreadable_catalogs_are_pricing_errors(tmp_path: Path) -> None:
    with pytest.raises(PricingError, match="no rate catalog for service 'ec2'"):
        Catalog.open(tmp_path / "ec2.sqlite", "test", "ec2")
    (tmp_path / "junk.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(PricingError, match="not a readable awscalc rate catalog"):
        Catalog.open(tmp_path / "junk.sqlite", "test", "ec2")
    other = make(tmp_path / "rds.sqlite", service="rds")
    with pytest.raises(PricingError, match="is for service 'rds', expected 'ec2'"):
        Catalog.open(other, "test", "ec2")
    with sqlite3.connect(other) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE name = 'format'")
    with pytest.raises(PricingError, match="format '99'"):
        Catalog.open(other, "test", "rds")


def test_a_corrupt_rate_is_a_pricing_error(tmp_path: Path) -> None:
    path = make(tmp_path / "ec2.sqlite",
                CatalogRate("instance-hours", "us-east-1", ("a", "b"), Decimal(1)))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE rates SET rate = 'lots'")
    with pytest.raises(PricingError, match="'lots' is not a price"):
        Catalog.open(path, "test", "ec2").rate("instance-hours", "us-east-1", ("a", "b"))


def test_merge_keeps_the_regions_the_new_catalog_does_not_price(tmp_path: Path) -> None:
    base = make(tmp_path / "base.sqlite",
                CatalogRate("instance-hours", "us-east-1", ("a", "linux"), Decimal("0.1")),
                CatalogRate("instance-hours", "eu-west-1", ("a", "linux"), Decimal("0.2")))
    new = make(tmp_path / "new.sqlite",
               CatalogRate("instance-hours", "eu-west-1", ("a", "linux"), Decimal("0.3")))
    assert merge_into(new, base) == 1
    assert rows(new) == {("instance-hours", "us-east-1", "a|linux", "0.1"),
                         ("instance-hours", "eu-west-1", "a|linux", "0.3")}
    catalog = Catalog.open(new, "test", "ec2")
    assert catalog.regions == ("eu-west-1", "us-east-1")
    kept = catalog.rate("instance-hours", "us-east-1", ("a", "linux"))
    assert kept.source == SOURCE.source


@pytest.mark.parametrize("module", [awscalc.rating, awscalc.ratecards],
                         ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    failures, tried = doctest.testmod(module)
    assert tried and not failures


def test_what_is_priced_instead_is_looked_up_only_when_the_hint_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # EC2's commitment comparison looks up dozens of rates a region may lack and moves on:
    # the region scan must not run for those misses
    path = make(tmp_path / "ec2.sqlite", *_in_eu_north(("m5.large", "linux")))
    catalog = Catalog.open(path, "test", "ec2")
    calls: list[tuple] = []
    real = catalog.priced_instead
    monkeypatch.setattr(catalog, "priced_instead", lambda *a: calls.append(a) or real(*a))
    with pytest.raises(PricingError) as caught:
        catalog.rate("instance-hours", "eu-north-1", ("m4.large", "linux"))
    assert calls == []
    assert caught.value.hint.endswith("the nearest: m5.large")
    assert str(caught.value).endswith("the nearest: m5.large)")
    assert len(calls) == 1  # looked up once, however often the hint is read
