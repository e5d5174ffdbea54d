"""``awscalc pricing update`` for EFS, S3 Glacier vaults, Storage Gateway, ELB, ECS/Fargate
and the FSx catalog, against the hand-written offers of ``tests/data/offers/mirror``
(``AmazonEFS``, ``AmazonGlacier``, ``AWSELB``, ``AmazonECS``, ``AmazonFSx``).

The EFS, Glacier and ELB rules are tentative (third-party evidence only): a selection
that finds exactly one product in an expected unit is written ``verified: false`` with
the selection in its note; anything else carries the shipped rate over, with the reason.
The ECS rules are confirmed against a real 2020 eu-west-1 file (the mirror's eu-west-1
AmazonECS file is those rows): a miss still stops the update. The mirror's prices are the
shipped cards', so only the tests that change a price change a rate.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from awscalc.priceupdate.build import build_card
from awscalc.priceupdate.fetch import RawFile
from awscalc.priceupdate.offers import Offer
from awscalc.priceupdate.storage_mappings import ELB
from awscalc.ratecards import load_card

from .conftest import SHIPPED_PRICING
from .test_priceupdate import (
    MIRROR_VERSION,
    TENTATIVE,
    card,
    needs_fixtures,
    offer_file,
    update,
)


def edit(root: Path, code: str, region: str, usagetype: str, *, price: str | None = None,
         unit: str | None = None, remove: bool = False, **attributes: str) -> None:
    """Change (or remove) the one product of the mirror with ``usagetype`` and
    ``attributes``."""
    path = offer_file(root, code, region)
    document = json.loads(path.read_text())
    skus = [sku for sku, product in document["products"].items()
            if product["attributes"].get("usagetype") == usagetype
            and all(product["attributes"].get(k) == v for k, v in attributes.items())]
    assert len(skus) == 1, (usagetype, skus)
    sku = skus[0]
    if remove:
        del document["products"][sku]
        del document["terms"]["OnDemand"][sku]
    for term in document["terms"]["OnDemand"].get(sku, {}).values():
        for dimension in term["priceDimensions"].values():
            if price is not None:
                dimension["pricePerUnit"]["USD"] = price
            if unit is not None:
                dimension["unit"] = unit
    path.write_text(json.dumps(document))


def regional(data: dict[str, Any], key: str, region: str = "us-east-1") -> dict[str, Any]:
    """One key's value for ``region`` in a card's data."""
    return data["rates"][key]["regions"][region]


def tentative_value(data: dict[str, Any], key: str, rate: str, selection: str,
                    region: str = "us-east-1") -> None:
    """``key`` was written from the Price List at ``rate``, unverified, naming its rule."""
    value = regional(data, key, region)
    assert value["rate"] == rate, (key, value)
    assert value["verified"] is False
    assert value["note"].startswith(f"{selection},") or f"by {selection}," in value["note"]
    assert TENTATIVE in value["note"]
    assert value["source"].startswith("https://pricing.us-east-1.amazonaws.com/offers/")


# --- EFS ------------------------------------------------------------------------------------


@needs_fixtures
def test_efs_rates_come_from_the_offer_unverified_and_decoys_are_not_taken(
        cli, mirror: Path, data_dir: Path) -> None:
    result = update(cli, str(mirror), "-s", "efs")
    assert result.code == 0, result.err
    efs = card(data_dir, "efs")
    for key, rate, selection in (
            ("standard-storage", "0.30", "usagetype=TimedStorage-ByteHrs"),
            ("ia-storage", "0.025", "usagetype=IATimedStorage-ByteHrs"),
            ("one-zone-storage", "0.16", "usagetype=TimedStorage-Z-ByteHrs"),
            ("one-zone-ia-storage", "0.0133", "usagetype=IATimedStorage-Z-ByteHrs"),
            ("archive-storage", "0.008", "usagetype=ArchiveTimedStorage-ByteHrs"),
            ("ia-read", "0.01", "usagetype=IADataAccess-Bytes, operation=Read"),
            ("ia-write", "0.01", "usagetype=IADataAccess-Bytes, operation=Write"),
            ("provisioned-throughput", "6.00", "usagetype=ProvisionedTP-MiBpsHrs")):
        tentative_value(efs, key, rate, selection)
    # eu-west-1 (the "EU-" prefix): ligoj's real 2017/2021 rows' prices
    tentative_value(efs, "standard-storage", "0.33", "usagetype=TimedStorage-ByteHrs",
                    "eu-west-1")
    tentative_value(efs, "ia-read", "0.011", "usagetype=IADataAccess-Bytes, operation=Read",
                    "eu-west-1")
    # Decoys: the "EU-" row in the us-east-1 file (0.99), the $0 Global- free-tier SKU
    # (location "Any") and the IA/Archive small-file rows (0.5, 0.6) are never taken.
    rates = {value["rate"] for entry in efs["rates"].values()
             for value in entry["regions"].values()}
    assert not rates & {"0.99", "0.00", "0.50", "0.60"}
    # No usage type is known for these: carried over with the reason.
    for key, why in (("archive-early-delete", "no source names the usage type of Archive"),
                     ("elastic-read", "Elastic throughput usage types"),
                     ("elastic-write", "Elastic throughput usage types")):
        assert efs["rates"][key]["note"].startswith("carried over from the shipped card (")
        assert why in efs["rates"][key]["note"]
        assert key in efs["provenance"]["keys_carried_over"]
    shipped = load_card(SHIPPED_PRICING / "efs.yaml")
    updated = load_card(data_dir / "pricing" / "efs.yaml", "updated", "efs")
    assert set(updated.rates) == set(shipped.rates)


@needs_fixtures
def test_a_missing_or_mispriced_product_carries_the_shipped_rate_with_the_reason(
        cli, mirror: Path, data_dir: Path) -> None:
    edit(mirror, "AmazonEFS", "us-east-1", "USE1-ArchiveTimedStorage-ByteHrs", remove=True)
    edit(mirror, "AmazonEFS", "eu-west-1", "EU-IADataAccess-Bytes", unit="GB-Mo",
         operation="Write")
    # a second row with the same selection: ambiguous, never guessed
    document = json.loads(offer_file(mirror, "AWSELB", "us-east-1").read_text())
    sku, product = next((s, p) for s, p in document["products"].items()
                        if p["attributes"]["usagetype"] == "DataProcessing-Bytes")
    twin = json.loads(json.dumps(product))
    twin["sku"] = "TWINTWINTWINTWIN"
    twin["attributes"]["usagetype"] = "USE1-DataProcessing-Bytes"
    document["products"]["TWINTWINTWINTWIN"] = twin
    term = json.loads(json.dumps(document["terms"]["OnDemand"][sku]).replace(
        sku, "TWINTWINTWINTWIN"))
    document["terms"]["OnDemand"]["TWINTWINTWINTWIN"] = term
    offer_file(mirror, "AWSELB", "us-east-1").write_text(json.dumps(document))

    result = update(cli, str(mirror), "-s", "efs", "-s", "elb")
    assert result.code == 0, result.err  # tentative rules never stop the update
    efs = card(data_dir, "efs")
    archive = regional(efs, "archive-storage")
    assert archive["rate"] == "0.008" and archive["verified"] is False  # as shipped
    assert archive["note"].startswith(
        "carried over from the shipped card (the unconfirmed Price List rule "
        "usagetype=ArchiveTimedStorage-ByteHrs selected nothing usable: service 'efs', "
        "key 'archive-storage', region 'us-east-1': no product matches")
    write = regional(efs, "ia-write", "eu-west-1")
    assert write["rate"] == "0.011" and "is priced per GB-Mo; expected GB" in write["note"]
    assert regional(efs, "ia-write")["verified"] is False  # us-east-1 still updated
    data = regional(card(data_dir, "elb"), "clb-data")
    assert data["rate"] == "0.008" and "2 products match" in data["note"]


# --- S3 Glacier vaults --------------------------------------------------------------------


@needs_fixtures
def test_glacier_vault_rates_and_what_is_carried(cli, mirror: Path, data_dir: Path) -> None:
    assert update(cli, str(mirror), "-s", "glacier").code == 0
    glacier = card(data_dir, "glacier")
    tentative_value(glacier, "storage", "0.0036", "usagetype=TimedStorage-ByteHrs")
    tentative_value(glacier, "early-delete", "0.0036", "usagetype=EarlyDelete-ByteHrs")
    tentative_value(glacier, "retrieval-expedited", "0.03",
                    "usagetype=Expedited-Retrieval-Bytes")
    tentative_value(glacier, "retrieval-standard", "0.01", "usagetype=Standard-Retrieval-Bytes")
    # $0.01 a request in the offer, per 1,000 in the card
    tentative_value(glacier, "retrieval-requests-expedited", "10.00",
                    "usagetype=Requests-Tier3")
    metadata = regional(glacier, "archive-metadata")
    assert metadata == {**regional(glacier, "storage"), "note": "billed at the 'storage' rate"}
    # Requests-Tier1 ($0.03 per 1,000 in the mirror) meters uploads and standard retrieval
    # requests alike
    for key in ("upload-requests", "retrieval-requests-standard"):
        tentative_value(glacier, key, "0.03", "usagetype=Requests-Tier1")
    for key in ("retrieval-bulk", "retrieval-requests-bulk", "provisioned-capacity"):
        assert glacier["rates"][key]["note"].startswith("carried over from the shipped card "
                                                        "(no source names")


# --- Elastic Load Balancing ---------------------------------------------------------------


@needs_fixtures
def test_elb_rates_are_told_apart_by_operation(cli, mirror: Path, data_dir: Path) -> None:
    result = update(cli, str(mirror), "-s", "elb")
    assert result.code == 0, result.err
    elb = card(data_dir, "elb")
    assert elb["provenance"]["offers"][0]["offer_code"] == "AWSELB"
    for key, rate, operation in (
            ("alb-hours", "0.0225", "LoadBalancing:Application"),
            ("nlb-hours", "0.0225", "LoadBalancing:Network"),
            ("gwlb-hours", "0.0125", "LoadBalancing:Gateway"),
            ("clb-hours", "0.025", "LoadBalancing")):
        tentative_value(elb, key, rate, f"usagetype=LoadBalancerUsage, operation={operation}")
    for key, rate, operation in (("alb-lcu", "0.008", "LoadBalancing:Application"),
                                 ("nlb-lcu", "0.006", "LoadBalancing:Network"),
                                 ("gwlb-lcu", "0.004", "LoadBalancing:Gateway")):
        tentative_value(elb, key, rate, f"usagetype=LCUUsage, operation={operation}")
    tentative_value(elb, "clb-data", "0.008",
                    "usagetype=DataProcessing-Bytes, operation=LoadBalancing")
    # Trust-store (USE1-TS-), Outposts, reserved-LCU and eu-west-1 rows of the us-east-1
    # file are not taken there (eu-west-1's own NLB is $0.0252, from its own file).
    rates = {entry["regions"]["us-east-1"]["rate"] for entry in elb["rates"].values()}
    assert not rates & {"0.0056", "0.0064", "0.0252"}
    assert elb["rates"]["public-ipv4"]["note"].startswith(
        "carried over from the shipped card (billed by Amazon VPC")


def _offer(*products: tuple[str, str, str, str]) -> Offer:
    document: dict[str, Any] = {"offerCode": "AWSELB", "version": "1",
                                "publicationDate": "2026-11-01T00:00:00Z",
                                "products": {}, "terms": {"OnDemand": {}}}
    for sku, usagetype, operation, usd in products:
        document["products"][sku] = {"sku": sku, "attributes": {
            "usagetype": usagetype, "operation": operation, "regionCode": "us-east-1",
            "location": "US East (N. Virginia)"}}
        document["terms"]["OnDemand"][sku] = {f"{sku}.T": {"priceDimensions": {f"{sku}.T.R": {
            "beginRange": "0", "endRange": "Inf", "unit": "Hrs", "pricePerUnit": {"USD": usd}}}}}
    raw = RawFile(path="/offers/v1.0/aws/AWSELB/1/us-east-1/index.json", url="x",
                  data=b"{}", sha256="", retrieved="")
    return Offer.parse(raw, document, "AWSELB")


def test_a_prefix_shaped_trust_store_row_is_not_the_load_balancer_hour() -> None:
    """Were us-east-1's trust-store hours spelled "TS-LoadBalancerUsage", "TS-" is not a
    us-east-1 prefix: AWS's $0.0056 trust-store price is never taken for the load
    balancer's hour, which is read from its own row."""
    import yaml

    shipped = yaml.safe_load((SHIPPED_PRICING / "elb.yaml").read_text())
    offer = _offer(("A", "LoadBalancerUsage", "LoadBalancing:Application", "0.0225"),
                   ("B", "TS-LoadBalancerUsage", "LoadBalancing:Application", "0.0056"))
    built = build_card(ELB, shipped, {"us-east-1": offer}, ["us-east-1"],
                       "2026-11-30T00:00:00Z", {})
    alb = built.data["rates"]["alb-hours"]["regions"]["us-east-1"]
    assert alb["rate"] == "0.0225" and alb["verified"] is False
    assert ("alb-hours", "us-east-1") in built.updated


# --- ECS / Fargate (confirmed rules) ------------------------------------------------------


@needs_fixtures
def test_ecs_is_updated_from_both_regions(cli, mirror: Path, data_dir: Path) -> None:
    result = update(cli, str(mirror), "-s", "ecs")
    assert result.code == 0, result.err
    ecs = card(data_dir, "ecs")
    shipped = load_card(SHIPPED_PRICING / "ecs.yaml")
    for key in ("fargate-vcpu-linux-x86", "fargate-memory-linux-arm64",
                "fargate-windows-os-licence", "fargate-ephemeral-storage"):
        for region in ("us-east-1", "eu-west-1"):
            value = regional(ecs, key, region)
            assert Decimal(value["rate"]) == shipped.rate(key, region).tiers[0].rate
            assert "verified" not in value  # a confirmed rule: AWS's price as it is
    versions = {o["version"] for o in ecs["provenance"]["offers"]}
    assert versions == {"20201214223755", MIRROR_VERSION}  # the real 2020 eu-west-1 rows
    assert ecs["rates"]["fargate-spot-vcpu-linux-x86"]["note"].startswith("carried over")


@needs_fixtures
def test_a_missing_ecs_product_still_stops_the_update(cli, mirror: Path,
                                                     data_dir: Path) -> None:
    edit(mirror, "AmazonECS", "us-east-1", "Fargate-ARM-GB-Hours", remove=True)
    result = update(cli, str(mirror), "-s", "ecs")
    assert result.code == 4
    assert "key 'fargate-memory-linux-arm64', region 'us-east-1'" in result.err
    assert not (data_dir / "pricing" / "ecs.yaml").exists()


# --- Storage Gateway ----------------------------------------------------------------------


def test_storage_gateway_is_not_updatable_and_says_why(cli) -> None:
    result = cli("pricing", "update", "--service", "storage_gateway")
    assert result.code == 2
    assert "no source names their usage types" in result.err


# --- a plain update ----------------------------------------------------------------------


@needs_fixtures
def test_a_plain_update_reads_the_declared_offers(cli, mirror: Path, data_dir: Path) -> None:
    result = update(cli, str(mirror), "--region", "us-east-1")
    assert result.code == 0, result.err
    for service, code in (("efs", "AmazonEFS"), ("glacier", "AmazonGlacier"),
                          ("elb", "AWSELB"), ("ecs", "AmazonECS")):
        offers = card(data_dir, service)["provenance"]["offers"]
        assert [o["offer_code"] for o in offers] == [code]
    # Storage Gateway has no rule (its card is the shipped one); the FSx catalog is
    # built only when named.
    assert "provenance" not in card(data_dir, "storage_gateway")
    assert ((data_dir / "pricing" / "fsx.sqlite").read_bytes()
            == (SHIPPED_PRICING / "fsx.sqlite").read_bytes())


# --- the FSx catalog builder ---------------------------------------------------------------


def _catalog(data_dir: Path) -> tuple[dict[tuple[str, str, str], tuple[str, int]],
                                      dict[int, tuple[int, str]]]:
    connection = sqlite3.connect(data_dir / "pricing" / "fsx.sqlite")
    try:
        rates = {(k, r, d): (str(v), s) for k, r, d, v, s in connection.execute(
            "SELECT key, region, dims, rate, source FROM rates")}
        sources = {i: (v, n or "") for i, v, n in connection.execute(
            "SELECT id, verified, note FROM sources")}
    finally:
        connection.close()
    return rates, sources


@needs_fixtures
def test_fsx_catalog_rows_from_infracost_filters_and_kept_rows(cli, mirror: Path,
                                                               data_dir: Path) -> None:
    edit(mirror, "AmazonFSx", "us-east-1", "Placeholder-Throughput-W-SAZ", price="2.50")
    result = update(cli, str(mirror), "-s", "fsx", "-r", "us-east-1")
    assert result.code == 0, result.err
    rates, sources = _catalog(data_dir)
    built = {
        ("storage", "windows|multi_az|ssd"): "0.23", ("storage", "windows|single_az|hdd"): "0.013",
        ("throughput", "windows|single_az"): "2.5", ("throughput", "windows|multi_az"): "4.5",
        ("backup", "windows|multi_az"): "0.05", ("storage", "openzfs|single_az|ssd"): "0.09",
        ("throughput", "openzfs|single_az"): "0.26", ("ssd-iops", "openzfs|single_az"): "0.006"}
    for (key, dims), rate in built.items():
        value, source = rates[(key, "us-east-1", dims)]
        assert Decimal(value) == Decimal(rate), (key, dims)
        verified, note = sources[source]
        assert verified == 0 and "Infracost's fsx_* resource code" in note
        assert "AmazonFSx version 20261101000000" in note
    # Not built (Lustre, ONTAP): the shipped rows, under their own sources.
    for key, dims, rate in (("lustre-storage", "scratch|ssd|-", "0.14"),
                            ("storage", "ontap|single_az|ssd", "0.125"),
                            ("capacity-pool", "single_az", "0.0219")):
        value, source = rates[(key, "us-east-1", dims)]
        assert Decimal(value) == Decimal(rate)
        assert sources[source][1].startswith("kept from the shipped catalog")
    # The other region of the shipped catalog is kept by 'pricing update'.
    assert ("throughput", "ca-central-1", "ontap|single_az") in rates
    # Decoys: OpenZFS Multi-AZ is not built, Outposts and eu-west-1 rows are not read.
    assert ("storage", "us-east-1", "openzfs|multi_az|ssd") not in rates
    # (eu-west-1's rows are the shipped catalog's, kept with their aws-price-watcher source)
    assert all("aws-price-watcher raw/fsx.json" in sources[source][1]
               for (_, region, _), (_, source) in rates.items() if region == "eu-west-1")
    assert not any(Decimal(value) == Decimal("0.99") for value, _ in rates.values())


@needs_fixtures
def test_estimate_uses_the_updated_rates(cli, mirror: Path, tmp_path: Path) -> None:
    """Prices changed in the mirror reach the estimate: by hand, 730 ALB hours × $0.03 +
    100 GB EFS Standard × $0.35 + 1,000 GB vault × $0.004 + 730 vCPU-hours × $0.05 +
    1,460 GB-hours × $0.004445 + 100 GB FSx Windows Single-AZ SSD × $0.15 + 32 MB/s ×
    $2.20 = 21.90 + 35.00 + 4.00 + 36.50 + 6.4897 + 15.00 + 70.40 = $189.2897."""
    edit(mirror, "AWSELB", "us-east-1", "LoadBalancerUsage", price="0.0300000000",
         operation="LoadBalancing:Application")
    edit(mirror, "AmazonEFS", "us-east-1", "USE1-TimedStorage-ByteHrs", price="0.3500000000")
    edit(mirror, "AmazonGlacier", "us-east-1", "TimedStorage-ByteHrs", price="0.0040000000")
    edit(mirror, "AmazonECS", "us-east-1", "Fargate-vCPU-Hours:perCPU", price="0.0500000000")
    edit(mirror, "AmazonFSx", "us-east-1", "Placeholder-Storage-W-SAZ-SSD",
         price="0.1500000000")
    assert update(cli, str(mirror), "-s", "elb", "-s", "efs", "-s", "glacier",
                  "-s", "ecs").code == 0
    assert update(cli, str(mirror), "-s", "fsx", "-r", "us-east-1").code == 0
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "region: us-east-1\nresources:\n"
        "  lb: {service: elb, type: application}\n"
        "  share: {service: efs, storage: {standard: 100 GB}}\n"
        "  vault: {service: glacier, storage: 1000 GB}\n"
        "  tasks: {service: ecs, vcpu: 1, memory: 2 GB, tasks: 1}\n"
        "  files: {service: fsx, file_system: windows, deployment: single_az,"
        " storage: {type: ssd, size: 100 GB}, throughput: 32 MB/s}\n")
    result = cli("estimate", str(spec), "--format", "json")
    assert result.code == 0, result.err
    estimate = json.loads(result.out)
    assert Decimal(str(estimate["totals"]["monthly"])) == Decimal("189.29")
    rates = {(item["resource"], item["unit"]): item["rate"] for item in estimate["line_items"]}
    assert rates[("lb", "LB-hour")] == 0.03 and rates[("share", "GB-month")] == 0.35
    assert rates[("files", "GB-month")] == 0.15


# --- the missing-rate hint ----------------------------------------------------------------


@pytest.mark.parametrize(("spec", "hint"), [
    ("resources: {a: {service: efs, region: eu-central-2, storage: {standard: 1 GB}}}\n",
     "run 'awscalc pricing update --service efs --region eu-central-2'"),
    ("resources: {a: {service: elb, region: eu-central-2, type: application}}\n",
     "run 'awscalc pricing update --service elb --region eu-central-2'"),
    ("region: eu-central-2\nresources: {v: {service: glacier, storage: 1 TB}}\n",
     "run 'awscalc pricing update --service glacier --region eu-central-2'"),
    ("resources: {c: {service: ecs, region: eu-central-2, vcpu: 1, memory: 2 GB, tasks: 1}}\n",
     "run 'awscalc pricing update --service ecs --region eu-central-2'"),
    ("region: eu-west-1\nresources: {a: {service: fsx, file_system: openzfs, deployment: "
     "single_az, storage: {size: 100 GB}, throughput: 64 MB/s}}\n",
     "run 'awscalc pricing update --service fsx --region eu-west-1'"),
    ("region: eu-central-2\nresources: {g: {service: storage_gateway, gateway: tape, "
     "data_written: 1 TB}}\n",
     # no rule at all (the mapping is price_list_unconfirmed): no command to name
     "'awscalc pricing update' does not fetch it (no Price List rule)"),
], ids=["efs", "elb", "glacier", "ecs", "fsx", "storage_gateway"])
def test_a_missing_rate_names_what_fetches_it(cli, tmp_path: Path, spec: str,
                                              hint: str) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(spec)
    result = cli("estimate", str(path))
    assert result.code == 4, result.err
    assert hint in result.err, result.err


def test_mirror_files_exist_for_every_region_the_cards_price() -> None:
    """A plain 'pricing update' fetches each declared offer for every region its shipped
    card prices: the mirror must serve them all."""
    from .test_priceupdate import AWS, MIRROR_VERSION, _hand_written_offers

    files = _hand_written_offers()
    for service, code in (("efs", "AmazonEFS"), ("glacier", "AmazonGlacier"),
                          ("elb", "AWSELB"), ("ecs", "AmazonECS")):
        regions = {r for r in load_card(SHIPPED_PRICING / f"{service}.yaml").regions
                   if r != "global"}
        served = {r for r in regions
                  if f"{AWS}/{code}/{MIRROR_VERSION}/{r}/index.json" in files}
        assert regions <= served, (service, regions - served)
