"""The ``ec2`` catalog: the shipped one (from Karpenter) and ``pricing update``'s builder.

The builder runs on a real AmazonEC2 offer-file excerpt (ligoj's eu-west-1 CSV, whole
products, ``tests/data/offers/ec2/README.md``); its JSON twin is written by
:func:`csv_to_json` in AWS's JSON layout, so that CSV and JSON are checked to give the
same catalog. Savings Plan files in the 2026 layout are built in the tests from values
that are test values only (no real current AWSComputeSavingsPlan file was available).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.catalog import Catalog
from awscalc.errors import PricingError
from awscalc.priceupdate.ec2 import (
    EBS_RULES,
    EBS_TENTATIVE_RULES,
    EBS_UNCONFIRMED,
    Provenance,
    build_ec2,
)

from .conftest import load_tool

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "offers" / "ec2"
EC2_CSV = DATA / "AmazonEC2_eu-west-1_ligoj.csv"
SP_LIGOJ = DATA / "AWSComputeSavingsPlan_eu-west-1_ligoj.json"
SHIPPED = REPO / "pricing" / "aws" / "ec2.sqlite"
REGION = "eu-west-1"
WHEN = Provenance(retrieved="2026-11-30T12:00:00Z")


def rates(path: Path) -> dict[tuple[str, str, str], str]:
    """Every rate of a catalog: (key, region, dims) → rate text."""
    with sqlite3.connect(path) as connection:
        return {(k, r, d): rate for k, r, d, rate in
                connection.execute("SELECT key, region, dims, rate FROM rates")}


def csv_to_json(source: Path, target: Path, extra: dict | None = None) -> None:
    """Write the AWS JSON layout of a CSV offer file (products first, then terms)."""
    from awscalc.priceupdate.ec2 import CSV_ATTRIBUTES

    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[5:]
    header, body = rows[0], rows[1:]
    products: dict[str, dict] = {}
    terms: dict[str, dict] = {"OnDemand": {}, "Reserved": {}}
    for values in body:
        row = dict(zip(header, (v.strip() for v in values), strict=False))
        sku = row["SKU"]
        if sku not in products:
            attributes = {name: row[column] for column, name in CSV_ATTRIBUTES.items()
                          if row.get(column) and column != "Product Family"}
            products[sku] = {"sku": sku, "productFamily": row["Product Family"],
                             "attributes": attributes}
        term = terms[row["TermType"]].setdefault(sku, {}).setdefault(
            f"{sku}.{row['OfferTermCode']}", {
                "offerTermCode": row["OfferTermCode"], "sku": sku,
                "effectiveDate": "2017-05-01T00:00:00Z", "priceDimensions": {},
                "termAttributes": {name: row[name] for name in
                                   ("LeaseContractLength", "OfferingClass", "PurchaseOption")
                                   if row.get(name)}})
        dimension = {"rateCode": row["RateCode"], "description": row["PriceDescription"],
                     "unit": row["Unit"], "pricePerUnit": {"USD": row["PricePerUnit"]},
                     "appliesTo": []}
        if row["StartingRange"] or row["EndingRange"]:
            dimension["beginRange"] = row["StartingRange"]
            dimension["endRange"] = row["EndingRange"]
        term["priceDimensions"][f"{row['RateCode']}.{len(term['priceDimensions'])}"] = dimension
    for sku, (product, on_demand) in (extra or {}).items():
        products[sku] = product
        terms["OnDemand"][sku] = on_demand
    document = {"formatVersion": "v1.0", "disclaimer": "…", "offerCode": "AmazonEC2",
                "version": "20170501000000", "publicationDate": "2017-05-01T00:00:00Z",
                "products": products, "terms": terms}
    target.write_text(json.dumps(document, indent=2), encoding="utf-8")


def build(tmp_path: Path, offer: Path = EC2_CSV, sp: Path | None = None,
          name: str = "ec2.sqlite"):
    """Run the builder for eu-west-1."""
    return build_ec2({REGION: offer}, {REGION: sp} if sp else {}, tmp_path / name, WHEN)


# -- the shipped catalog ------------------------------------------------------------------

@pytest.mark.parametrize(("instance_type", "rate"), [
    ("t3.micro", "0.0104"), ("m5.large", "0.096"), ("c5.large", "0.085"),
    ("c5.xlarge", "0.170"), ("r6i.large", "0.126"), ("t2.micro", "0.0116")])
def test_shipped_catalog_spot_checks(instance_type: str, rate: str) -> None:
    """pricing-facts-wave2 §1.2 (AWS-gen, Karpenter 2026-07-20), us-east-1 Linux shared."""
    catalog = Catalog.open(SHIPPED, "shipped", "ec2")
    found = catalog.rate("instance-hours", "us-east-1",
                         (instance_type, "linux", "none", "shared", "on_demand"))
    assert found.tiers[0].rate == Decimal(rate)
    assert found.verified
    assert found.retrieved == "2026-07-20"
    assert "karpenter-provider-aws/blob/" in found.source


def test_shipped_catalog_scope() -> None:
    """≥ 500 instance types from Karpenter (us-east-1, Linux, shared, On-Demand), the
    hand-entered rows of pricing/sources/ec2-extra.yaml, AWS's 2025 EC2 pricing-page
    feeds (pricing/sources/ec2-ec2shop.yaml: Linux On-Demand and No Upfront reserved)
    and libcloud's 2022 regional Linux On-Demand table (pricing/sources/ec2-libcloud.yaml),
    each with its source."""
    catalog = Catalog.open(SHIPPED, "shipped", "ec2")
    assert len(catalog.regions) == 21
    assert {"us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1", "ap-northeast-3",
            "me-south-1"} <= set(catalog.regions)
    assert len(catalog.values("instance_type")) >= 500
    karpenter = catalog._all("SELECT DISTINCT region, dims FROM rates WHERE source = 0", ())
    assert len(karpenter) >= 500
    assert {region for region, _ in karpenter} == {"us-east-1"}
    assert {dims.split("|", 1)[1] for _, dims in karpenter} == {
        "linux|none|shared|on_demand"}
    extra = catalog._all("SELECT count(*) FROM rates r JOIN sources s ON s.id = r.source "
                         "WHERE r.source > 0 AND s.source NOT LIKE '%apache/libcloud%' "
                         "AND s.source NOT LIKE '%yeo/ec2.shop%'", ())[0][0]
    assert extra == 17  # the rows of pricing/sources/ec2-extra.yaml
    unverified = catalog.rate("instance-hours", "ap-northeast-1",
                              ("c5.xlarge", "windows", "none", "shared", "on_demand"))
    assert (unverified.tiers[0].rate, unverified.verified) == (Decimal("0.398"), False)
    with pytest.raises(PricingError, match="pricing update --service ec2 --region me-south-1"):
        catalog.rate("instance-hours", "me-south-1",
                     ("m5.large", "windows", "none", "shared", "on_demand"))


def test_karpenter_parser_refuses_a_changed_format(tmp_path: Path) -> None:
    """A line the script does not recognise stops it (no half-read table)."""
    module = load_tool("karpenter_ec2")
    good = ('// generated at 2026-07-20T13:44:30Z for us-east-1\n'
            'var X = map[string]map[ec2types.InstanceType]float64{\n'
            '\t// us-east-1\n\t"us-east-1": {\n\t\t// a1 family\n'
            '\t\t"a1.large": 0.051000, "a1.medium": 0.025500,\n\t},\n}\n')
    assert module.parse(good) == ("2026-07-20", {"a1.large": Decimal("0.051"),
                                                 "a1.medium": Decimal("0.0255")})
    with pytest.raises(ValueError, match="unexpected line"):
        module.parse(good.replace("0.025500", "2.55e-2"))


# -- the builder on the real excerpt ------------------------------------------------------

def test_exact_selection_on_the_real_excerpt(tmp_path: Path) -> None:
    """On-demand, reserved with upfront, dedicated, host, Windows + SQL, SUSE, RHEL."""
    result = build(tmp_path)
    got = rates(result.dest)
    r = REGION
    expected = {
        ("instance-hours", r, "c1.xlarge|linux|none|shared|on_demand"): "0.592",
        ("instance-hours", r, "c1.medium|linux|none|dedicated|on_demand"): "0.163",
        ("instance-hours", r, "c1.medium|suse|none|shared|on_demand"): "0.248",
        ("instance-hours", r, "c1.medium|windows|none|dedicated|on_demand"): "0.231",
        ("instance-hours", r, "c1.medium|windows|sql_web|shared|on_demand"): "0.31",
        ("instance-hours", r, "c1.xlarge|windows|sql_standard|dedicated|on_demand"): "2.336",
        ("instance-hours", r, "c3.2xlarge|linux|none|host|on_demand"): "0",
        ("host-hours", r, "c3|on_demand"): "2.103",
        ("instance-hours", r, "c1.xlarge|linux|none|shared|reserved:3yr:standard:all_upfront"):
            "0",
        ("reserved-upfront", r, "c1.xlarge|linux|none|shared|reserved:3yr:standard:all_upfront"):
            "6720",
        # "AllUpfront" spelling (ligoj's row) and "3 yr" (RHEL) are read as AWS writes them.
        ("reserved-upfront", r, "c1.medium|linux|none|shared|reserved:3yr:standard:all_upfront"):
            "1680",
        ("reserved-upfront", r, "c1.medium|rhel|none|shared|reserved:3yr:standard:all_upfront"):
            "3162",
        ("reserved-upfront", r,
         "c1.medium|linux|none|dedicated|reserved:3yr:standard:all_upfront"): "1848",
    }
    for key, rate in expected.items():
        assert got.get(key) == rate, key
    assert got[("instance-hours", r, "t2.micro|linux|none|shared|on_demand")] == "0.013"
    # Windows BYOL (RunInstances:0800) and "SQL Server Enterprise" (not AWS's "SQL Ent")
    # are not imported: exact values only.
    assert not any("c3.2xlarge|windows" in dims for _, _, dims in got)
    assert not any("|dedicated|" in dims and "c1.medium|windows|none" in dims
                   and got[(k, rr, dims)] == "0.163" for k, rr, dims in got)
    report = result.regions[REGION]
    assert report.skipped["licence model not imported (BYOL)"] == 1
    assert report.skipped["pre-installed software not imported"] == 1
    assert report.rates == {"instance-hours": 81, "host-hours": 1, "reserved-upfront": 4}
    assert result.count == 86 and result.ambiguous == []
    # The catalog opens and prices through the one lookup API.
    catalog = Catalog.open(result.dest, "updated", "ec2")
    assert catalog.rate("host-hours", REGION, ("c3", "on_demand")).tiers[0].rate == Decimal(
        "2.103")


def test_ebs_rates_from_the_same_offer(tmp_path: Path) -> None:
    """gp3 throughput is priced per GiBps-mo in the file: the card rate is per MiB/s."""
    result = build(tmp_path)
    assert result.ebs == {
        "gp2-storage": {REGION: {"rate": "0.11"}},
        "gp3-storage": {REGION: {"rate": "0.088"}},
        "gp3-iops": {REGION: {"rate": "0.0055"}},
        "gp3-throughput": {REGION: {"rate": "0.044"}},
        "st1-storage": {REGION: {"rate": "0.05"}},
        "sc1-storage": {REGION: {"rate": "0.0168"}},
        "snapshot-storage": {REGION: {"rate": "0.05"}},
    }
    every = ({rule.key for rule in EBS_RULES.values()} | set(EBS_UNCONFIRMED)
             | {rule.key for rule in EBS_TENTATIVE_RULES.values()})
    assert every == {"gp2-storage", "gp3-storage", "gp3-iops", "gp3-throughput",
                     "io1-storage", "io1-iops", "io2-storage", "io2-iops", "st1-storage",
                     "sc1-storage", "standard-storage", "standard-io", "snapshot-storage",
                     "snapshot-archive-storage", "snapshot-archive-retrieval",
                     "fast-snapshot-restore"}


def _variant(sku: str, **changes: str) -> tuple[dict, dict]:
    """A product of the excerpt (c1.xlarge Linux shared) with changed attributes."""
    product = {"sku": sku, "productFamily": "Compute Instance", "attributes": {
        "location": "EU (Ireland)", "locationType": "AWS Region", "instanceType": "c1.xlarge",
        "tenancy": "Shared", "operatingSystem": "Linux", "licenseModel": "No License required",
        "usagetype": "EU-BoxUsage:c1.xlarge", "operation": "RunInstances",
        "capacitystatus": "Used", "preInstalledSw": "NA", **changes}}
    on_demand = {f"{sku}.JRTCKXETXF": {
        "offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": "2017-05-01T00:00:00Z",
        "priceDimensions": {f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
            "rateCode": f"{sku}.JRTCKXETXF.6YS6EN2CT7", "description": "test",
            "beginRange": "0", "endRange": "Inf", "unit": "Hrs",
            "pricePerUnit": {"USD": "9.9990000000"}, "appliesTo": []}},
        "termAttributes": {}}}
    return product, on_demand


def test_csv_and_json_give_the_same_catalog(tmp_path: Path) -> None:
    """…and unused capacity reservations, Local Zones and Outposts stay out."""
    offer = tmp_path / "index.json"
    csv_to_json(EC2_CSV, offer, extra={
        "UNUSEDCAPRES0001": _variant("UNUSEDCAPRES0001", usagetype="EU-UnusedBox:c1.xlarge",
                                     capacitystatus="UnusedCapacityReservation"),
        "UNUSEDCAPRES0002": _variant("UNUSEDCAPRES0002",
                                     capacitystatus="UnusedCapacityReservation"),
        "LOCALZONE0000001": _variant("LOCALZONE0000001", locationType="AWS Local Zone",
                                     regionCode="us-east-1-bos-1",
                                     usagetype="USE1-BOS1-BoxUsage:c1.xlarge"),
        "OUTPOSTS00000001": _variant("OUTPOSTS00000001", locationType="AWS Outposts"),
        "OTHERREGION00001": _variant("OTHERREGION00001", regionCode="eu-west-2"),
    })
    from_csv = build(tmp_path, name="csv.sqlite")
    from_json = build(tmp_path, offer=offer, name="json.sqlite")
    assert rates(from_csv.dest) == rates(from_json.dest)
    assert "9.999" not in rates(from_json.dest).values()
    assert from_csv.ebs == from_json.ebs
    skipped = from_json.regions[REGION].skipped
    assert skipped["capacitystatus other than Used"] == 1
    assert skipped["not an AWS Region (Outposts, Local or Wavelength Zone)"] == 2
    assert skipped["another region's product"] == 1


def test_same_key_with_two_prices_is_dropped_not_guessed(tmp_path: Path) -> None:
    """Two products giving one rate key at different prices: neither is kept."""
    offer = tmp_path / "index.json"
    csv_to_json(EC2_CSV, offer, extra={
        "TWIN000000000001": _variant("TWIN000000000001", ecu="7")})
    result = build(tmp_path, offer=offer)
    assert ("instance-hours", REGION, "c1.xlarge|linux|none|shared|on_demand") not in rates(
        result.dest)
    assert result.ambiguous == [
        "instance-hours eu-west-1 c1.xlarge|linux|none|shared|on_demand"]


# -- Savings Plans --------------------------------------------------------------------------

SP_PLANS = [  # sku, family, term, payment (test values, 2026 layout)
    ("TESTCOMPUTE1YRNU", "ComputeSavingsPlans", "1yr", "No Upfront"),
    ("TESTEC2INST3YRAU", "EC2InstanceSavingsPlans", "3yr", "All Upfront"),
]
SP_RATES = [  # plan, usage type, operation, region code, price
    ("TESTCOMPUTE1YRNU", "EU-BoxUsage:c1.xlarge", "RunInstances", "eu-west-1", "0.41"),
    ("TESTCOMPUTE1YRNU", "EU-BoxUsage:c1.medium", "RunInstances:000g", "eu-west-1", "0.2"),
    ("TESTCOMPUTE1YRNU", "EU-DedicatedUsage:c1.xlarge", "RunInstances:0006", "eu-west-1",
     "2.1"),
    ("TESTCOMPUTE1YRNU", "EU-BoxUsage:c1.medium", "RunInstances:0202", "eu-west-1", "0.29"),
    ("TESTEC2INST3YRAU", "EU-HostBoxUsage:c3.2xlarge", "RunInstances", "eu-west-1", "0"),
    ("TESTEC2INST3YRAU", "EU-BoxUsage:c1.xlarge", "RunInstances", "eu-west-1", "0.3"),
    # Left out: BYOL operation, an unknown operation, a Local Zone, unused reservations,
    # another service.
    ("TESTCOMPUTE1YRNU", "EU-DedicatedUsage:c1.medium", "RunInstances:0800", "eu-west-1",
     "0.1"),
    ("TESTCOMPUTE1YRNU", "EU-BoxUsage:c1.xlarge", "RunInstances:9999", "eu-west-1", "0.1"),
    ("TESTCOMPUTE1YRNU", "USE1-BOS1-BoxUsage:c1.xlarge", "RunInstances", "us-east-1-bos-1",
     "0.1"),
    ("TESTCOMPUTE1YRNU", "EU-UnusedBox:c1.xlarge", "RunInstances", "eu-west-1", "0.1"),
]


def write_sp_json(path: Path, region_codes: bool = True) -> Path:
    """A Savings Plan file in the layout of AWS's 2026 files (test values)."""
    products = [{"sku": sku, "productFamily": family, "serviceCode": "ComputeSavingsPlans",
                 "usageType": "ComputeSP:" + term + payment.replace(" ", ""),
                 "operation": "", "attributes": {"purchaseOption": payment,
                                                 "granularity": "hourly",
                                                 "locationType": "AWS Region",
                                                 "purchaseTerm": term, "location": "Any"}}
                for sku, family, term, payment in SP_PLANS]
    terms = []
    for sku, _family, term, _payment in SP_PLANS:
        rates_ = []
        for index, (plan, usage, operation, code, price) in enumerate(SP_RATES):
            if plan != sku:
                continue
            rate = {"discountedSku": f"DISCOUNTED{index:06d}", "discountedUsageType": usage,
                    "discountedOperation": operation, "discountedServiceCode": "AmazonEC2",
                    "rateCode": f"{sku}.DISCOUNTED{index:06d}", "unit": "Hrs",
                    "discountedRate": {"price": price, "currency": "USD"}}
            if region_codes:
                rate["discountedRegionCode"] = code
            rates_.append(rate)
        rates_.append({"discountedSku": "LAMBDA0000000001", "discountedUsageType":
                       "EU-Lambda-GB-Second", "discountedOperation": "",
                       "discountedServiceCode": "AWSLambda", "rateCode": f"{sku}.LAMBDA",
                       "unit": "Lambda-GB-Second", "discountedRate": {"price": "0.0000138",
                                                                      "currency": "USD"}})
        terms.append({"sku": sku, "description": "test", "effectiveDate":
                      "2026-06-23T21:58:42Z", "leaseContractLength": {
                          "duration": int(term[0]), "unit": "year"}, "rates": rates_})
    path.write_text(json.dumps({"version": "20260623215842",
                                "publicationDate": "2026-06-23T21:58:42Z",
                                "products": products, "terms": {"savingsPlan": terms}},
                               indent=2), encoding="utf-8")
    return path


def write_sp_csv(path: Path) -> Path:
    """The CSV variant (header as in AWS's 2026 Savings Plan CSV, test values)."""
    header = ["SKU", "RateCode", "Unit", "EffectiveDate", "DiscountedRate", "Currency",
              "DiscountedSKU", "DiscountedServiceCode", "DiscountedUsageType",
              "DiscountedOperation", "PurchaseOption", "LeaseContractLength",
              "LeaseContractLengthUnit", "ServiceCode", "UsageType", "Operation",
              "Description", "Instance Family", "Location", "Location Type", "Granularity",
              "Product Family", "DiscountedRegionCode", "DiscountedInstanceType"]
    plans = {sku: (family, term, payment) for sku, family, term, payment in SP_PLANS}
    lines = ["FormatVersion,v1.0", "Disclaimer,test", "Publication Date,2026-06-23T21:58:42Z",
             "Version,20260623215842", "OfferCode,AWSComputeSavingsPlan", ",".join(header)]
    for index, (plan, usage, operation, code, price) in enumerate(SP_RATES):
        family, term, payment = plans[plan]
        lines.append(",".join([
            plan, f"{plan}.D{index}", "Hrs", "2026-06-23T21:58:42Z", price, "USD", f"D{index}",
            "AmazonEC2", usage, operation, payment, term[0], "year", "ComputeSavingsPlans",
            "ComputeSP", "", "test", "", "Any", "AWS Region", "hourly", family, code, ""]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SP_EXPECTED = {
    "c1.xlarge|linux|none|shared|savings_plan:compute:1yr:no_upfront": "0.41",
    "c1.medium|suse|none|shared|savings_plan:compute:1yr:no_upfront": "0.2",
    "c1.xlarge|windows|sql_standard|dedicated|savings_plan:compute:1yr:no_upfront": "2.1",
    "c1.medium|windows|sql_web|shared|savings_plan:compute:1yr:no_upfront": "0.29",
    "c3.2xlarge|linux|none|host|savings_plan:ec2_instance:3yr:all_upfront": "0",
    "c1.xlarge|linux|none|shared|savings_plan:ec2_instance:3yr:all_upfront": "0.3",
}


def _sp_rates(path: Path) -> dict[str, str]:
    return {dims: rate for (_key, _region, dims), rate in rates(path).items()
            if "savings_plan" in dims}


@pytest.mark.parametrize("variant", ["json", "json-without-region-codes", "csv"])
def test_savings_plans(tmp_path: Path, variant: str) -> None:
    """Operation codes are mapped through the offer file's own products."""
    if variant == "csv":
        sp = write_sp_csv(tmp_path / "sp.csv")
    else:
        sp = write_sp_json(tmp_path / "sp.json", region_codes=variant == "json")
    result = build(tmp_path, sp=sp)
    assert _sp_rates(result.dest) == SP_EXPECTED
    skipped = result.regions[REGION].skipped
    assert skipped["Savings Plan rate for an operation the offer file does not import"] == 2
    assert skipped["Savings Plan rate for another region or zone"] == 1
    catalog = Catalog.open(result.dest, "updated", "ec2")
    rate = catalog.rate("instance-hours", REGION, ("c1.xlarge", "linux", "none", "shared",
                                                   "savings_plan:compute:1yr:no_upfront"))
    assert rate.tiers[0].rate == Decimal("0.41") and str(sp) in rate.source


def test_ligoj_savings_plan_file_gives_no_guessed_rates(tmp_path: Path) -> None:
    """ligoj's edited 2020 file: EC2 rates without discountedOperation are left out."""
    result = build(tmp_path, sp=SP_LIGOJ)
    assert _sp_rates(result.dest) == {}
    assert sum(v for k, v in result.regions[REGION].skipped.items()
               if k.startswith("Savings Plan")) >= 3


# -- malformed files ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "text", "message"), [
    ("index.json", '{"formatVersion": "v1.0", "offerCode": "AmazonEC2", "products": {"A": {',
     "invalid or truncated JSON"),
    ("index.json", '{"offerCode": "AmazonS3", "products": {}, "terms": {}}',
     "not the AmazonEC2 offer file"),
    ("index.json", '{"offerCode": "AmazonEC2", "products": {"A": {"sku": "A"}}, "terms": {}}',
     "product A has no attributes"),
    ("index.json", '[1, 2]', "not a Price List file"),
    ("index.csv", '"FormatVersion","v1.0"\n"a","b"\n', "truncated CSV"),
    ("index.csv", "a\nb\nc\nd\ne\nSKU,Unit\n", "not a Price List CSV"),
])
def test_malformed_offer_file_is_one_line_pricing_error(tmp_path: Path, name: str, text: str,
                                                        message: str) -> None:
    """Exit 4 with one line, and no catalog written."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PricingError, match=message) as caught:
        build(tmp_path, offer=path)
    assert caught.value.exit_code == 4
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "ec2.sqlite").exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_bad_price_in_the_csv(tmp_path: Path) -> None:
    """A price that is not a decimal amount stops the build."""
    text = EC2_CSV.read_text(encoding="utf-8").replace("0.5920000000", "0.59e0")
    path = tmp_path / "index.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PricingError, match=r"'0\.59e0' is not a USD amount"):
        build(tmp_path, offer=path)


# -- a folder laid out like the Bulk API (pricing update --source DIR) -------------------------

def _mirror(root: Path, offer_format: str) -> dict:
    """A Bulk API folder with the eu-west-1 AmazonEC2 and Savings Plan files."""
    import shutil

    aws = root / "offers" / "v1.0" / "aws" / "AmazonEC2"
    region_dir = aws / "20170501000000" / REGION
    region_dir.mkdir(parents=True)
    if offer_format == "csv":  # the index names index.json; the user downloaded the CSV
        shutil.copyfile(EC2_CSV, region_dir / "index.csv")
    else:
        csv_to_json(EC2_CSV, region_dir / "index.json")
    (aws / "current").mkdir()
    (aws / "current" / "region_index.json").write_text(json.dumps({"regions": {
        REGION: {"regionCode": REGION, "currentVersionUrl":
                 f"/offers/v1.0/aws/AmazonEC2/20170501000000/{REGION}/index.json"},
        "eu-west-2": {"regionCode": "eu-west-2", "currentVersionUrl":
                      "/offers/v1.0/aws/AmazonEC2/20170501000000/eu-west-2/index.json"}}}))
    sp = root / "savingsPlan" / "v1.0" / "aws" / "AWSComputeSavingsPlan"
    (sp / "20260623215842" / REGION).mkdir(parents=True)
    write_sp_json(sp / "20260623215842" / REGION / "index.json")
    (sp / "current").mkdir()
    (sp / "current" / "region_index.json").write_text(json.dumps({"regions": [{
        "regionCode": REGION, "versionUrl":
        f"/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20260623215842/{REGION}/index.json"}]}))
    return {"AmazonEC2": {
        "offerCode": "AmazonEC2",
        "currentRegionIndexUrl": "/offers/v1.0/aws/AmazonEC2/current/region_index.json",
        "currentSavingsPlanIndexUrl":
            "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json"}}


@pytest.mark.parametrize("offer_format", ["json", "csv"])
def test_update_from_a_source_folder(tmp_path: Path, offer_format: str) -> None:
    """Only the selected region's files are read; JSON or CSV offer files."""
    from awscalc.priceupdate.ec2 import update_ec2
    from awscalc.priceupdate.fetch import Source

    offers = _mirror(tmp_path / "mirror", offer_format)
    with Source(str(tmp_path / "mirror")) as source:
        result = update_ec2(source, offers, [REGION], tmp_path / "ec2.sqlite",
                            "2026-11-30T12:00:00Z")
    got = rates(result.dest)
    assert got[("instance-hours", REGION, "c1.xlarge|linux|none|shared|on_demand")] == "0.592"
    assert _sp_rates(result.dest) == SP_EXPECTED
    urls = [s.source for s in result.sources]
    assert urls[1].startswith("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
                              "AmazonEC2/20170501000000/eu-west-1/index.")
    assert urls[2].endswith("/AWSComputeSavingsPlan/20260623215842/eu-west-1/index.json")


def test_update_needs_a_known_region(tmp_path: Path) -> None:
    """eu-west-2 is in the region index but its file is missing: exit 4, nothing written."""
    from awscalc.priceupdate.ec2 import update_ec2
    from awscalc.priceupdate.fetch import Source

    offers = _mirror(tmp_path / "mirror", "json")
    with Source(str(tmp_path / "mirror")) as source:
        with pytest.raises(PricingError, match="no region 'ap-south-9'"):
            update_ec2(source, offers, ["ap-south-9"], tmp_path / "ec2.sqlite", "2026-11-30")
        with pytest.raises(PricingError):
            update_ec2(source, offers, ["eu-west-2"], tmp_path / "ec2.sqlite", "2026-11-30")
    assert not (tmp_path / "ec2.sqlite").exists()


def mirror_with_ec2(root: Path) -> Path:
    """A folder laid out like the Bulk API with the AmazonEC2 offer for eu-west-1 only
    (the CSV excerpt, as a user without internet access would have downloaded it)."""
    base = root / "offers" / "v1.0" / "aws"
    region_file = base / "AmazonEC2" / "20170501000000" / REGION / "index.csv"
    region_file.parent.mkdir(parents=True)
    region_file.write_bytes(EC2_CSV.read_bytes())
    index = {"formatVersion": "v1.0", "publicationDate": "2017-05-01T00:00:00Z",
             "offers": {"AmazonEC2": {
                 "offerCode": "AmazonEC2",
                 "currentVersionUrl": "/offers/v1.0/aws/AmazonEC2/current/index.json",
                 "currentRegionIndexUrl":
                     "/offers/v1.0/aws/AmazonEC2/current/region_index.json"}}}
    (base / "index.json").write_text(json.dumps(index), encoding="utf-8")
    regions = {"formatVersion": "v1.0", "regions": {REGION: {
        "regionCode": REGION,
        "currentVersionUrl": f"/offers/v1.0/aws/AmazonEC2/20170501000000/{REGION}/index.json"}}}
    (base / "AmazonEC2" / "current").mkdir(parents=True)
    (base / "AmazonEC2" / "current" / "region_index.json").write_text(
        json.dumps(regions), encoding="utf-8")
    return root


def test_pricing_update_from_a_folder_prices_the_new_region_and_keeps_the_rest(
        cli, tmp_path: Path) -> None:
    source = mirror_with_ec2(tmp_path / "mirror")
    dest = tmp_path / "cards"
    result = cli("pricing", "update", "--service", "ec2", "--region", REGION,
                 "--source", str(source), "--dest", str(dest), "--quiet")
    assert result.code == 0, result.err
    assert "ec2" in result.out and "eu-west-1" in result.out
    spec = tmp_path / "fleet.yaml"
    spec.write_text("""
resources:
  dublin: {service: ec2, region: eu-west-1, instance_type: c4.large, count: 2}
  virginia: {service: ec2, instance_type: m5.large}
  disk: {service: ebs, region: eu-west-1, type: gp3, size: 100 GB}
""", encoding="utf-8")
    priced = cli("estimate", str(spec), "--pricing", str(dest), "--format", "json")
    assert priced.code == 0, priced.err
    items = {item["resource"]: item for item in json.loads(priced.out)["line_items"]}
    assert Decimal(str(items["dublin"]["rate"])) == Decimal("0.113")     # the offer file's
    assert Decimal(str(items["virginia"]["rate"])) == Decimal("0.096")   # kept from shipped
    assert Decimal(str(items["disk"]["rate"])) == Decimal("0.088")       # EBS from the offer
    listed = cli("pricing", "list", "--pricing", str(dest), "--format", "json")
    catalog = next(i for i in json.loads(listed.out)
                   if i.get("kind") == "catalog" and i["service"] == "ec2")
    assert set(catalog["regions"]) >= {"us-east-1", REGION}


def test_pricing_update_of_ec2_needs_a_region(cli, tmp_path: Path) -> None:
    source = mirror_with_ec2(tmp_path / "mirror")
    result = cli("pricing", "update", "--service", "ec2", "--source", str(source),
                 "--dest", str(tmp_path / "cards"), "--quiet")
    assert result.code == 2
    assert "choose the regions to fetch with --region" in result.err


def test_the_ebs_keys_the_ec2_update_fetches_are_declared() -> None:
    """A missing EBS rate names 'pricing update --service ec2' exactly for the keys it
    fetches (confirmed rules, and io1/io2's tentative ones); the others say why none
    fetches them."""
    from awscalc.ratecards import card_update_hint
    from awscalc.services import declarations

    declared = declarations()["ebs"]
    assert set(declared.price_list_fetched_by) == (
        {rule.key for rule in EBS_RULES.values()}
        | {rule.key for rule in EBS_TENTATIVE_RULES.values()})
    assert {"io1-storage", "io1-iops", "io2-storage", "io2-iops"} <= set(
        declared.price_list_fetched_by)
    assert not set(declared.price_list_fetched_by) & set(EBS_UNCONFIRMED)
    assert set(declared.price_list_fetched_by.values()) == {"ec2"}
    assert card_update_hint("ebs", "gp3-storage", "ap-southeast-3") == (
        "run 'awscalc pricing update --service ec2 --region ap-southeast-3'")
    assert card_update_hint("ebs", "io2-storage", "sa-east-1") == (
        "run 'awscalc pricing update --service ec2 --region sa-east-1'")
    assert "does not fetch it" in card_update_hint("ebs", "standard-storage", "sa-east-1")
