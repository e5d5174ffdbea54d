"""Savings Plan rates for the ``ec2`` catalog, from AWSComputeSavingsPlan region files.

A Savings Plan file (``/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/<version>/<region>/
index.json`` or ``.csv``) lists the plans as ``products`` (``productFamily``
ComputeSavingsPlans or EC2InstanceSavingsPlans; ``attributes`` ``purchaseTerm`` 1yr /
3yr and ``purchaseOption`` No / Partial / All Upfront) and, under
``terms.savingsPlan[].rates[]``, the plan's effective hourly rate for each usage it
discounts: ``discountedServiceCode``, ``discountedUsageType``, ``discountedOperation``,
``discountedRate.price`` and, in newer files, ``discountedRegionCode``. The CSV variant
has one row per rate with the plan's attributes in columns (``PurchaseOption``,
``LeaseContractLength`` + ``LeaseContractLengthUnit``, ``Product Family``, ``Discounted…``).

A rate becomes ``instance-hours`` with purchase option
``savings_plan:<compute|ec2_instance>:<1yr|3yr>:<payment>`` when, exactly:

- ``discountedServiceCode`` is ``AmazonEC2``;
- ``discountedUsageType`` is ``<prefix>BoxUsage:<type>`` (tenancy shared),
  ``DedicatedUsage:<type>`` (dedicated) or ``HostBoxUsage:<type>`` (host), and the
  region is this file's: ``discountedRegionCode`` equal to it where present, else a
  usage-type prefix that the region's AmazonEC2 offer file uses for its instances;
- ``discountedOperation`` is an operation code the region's offer file gives to exactly
  one (operating system, pre-installed software) pair among the products awscalc
  imports — so RHEL, SUSE, Windows + SQL … are read from AWS's own data, not from a
  hand-written table, and BYOL operations (not imported) are left out.

A rate's plan is the SKU before the first ``.`` of its ``rateCode`` (``<plan SKU>.<rate
id>``), which lets the rates be streamed one at a time instead of one plan at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from awscalc.errors import PricingError
from awscalc.priceupdate import stream

if TYPE_CHECKING:
    from awscalc.priceupdate.ec2 import _Region

PLAN_FAMILIES = {"ComputeSavingsPlans": "compute", "EC2InstanceSavingsPlans": "ec2_instance"}
TERMS = {"1yr": "1yr", "3yr": "3yr"}
CSV_TERMS = {("1", "year"): "1yr", ("3", "year"): "3yr"}
CSV_REQUIRED = ("SKU", "DiscountedRate", "DiscountedServiceCode", "DiscountedUsageType",
                "DiscountedOperation", "PurchaseOption", "LeaseContractLength",
                "LeaseContractLengthUnit", "Product Family")


def plan_option(family: str, term: str | None, payment: str) -> str | None:
    """The catalog purchase option of a plan, or None for a plan awscalc does not read."""
    from awscalc.priceupdate.ec2 import PAYMENTS

    kind = PLAN_FAMILIES.get(family)
    paid = PAYMENTS.get(payment)
    if kind is None or term is None or paid is None:
        return None
    return f"savings_plan:{kind}:{term}:{paid}"


def read_savings_plans(path: Path, region: _Region) -> stream.FileHeader:
    """Stage the EC2 Savings Plan rates of one region's file; return its header.

    ``region`` must already have read the region's AmazonEC2 offer file.
    """
    if stream.file_format(path) == "csv":
        return _read_csv(path, region)
    return _read_json(path, region)


def _read_json(path: Path, region: _Region) -> stream.FileHeader:
    header, _first = stream.json_header(path, ("products", "terms"))
    plans: dict[str, str | None] = {}

    def handle(part: str, objects: list[Any]) -> None:
        if part == "products":
            for product in objects:
                if not isinstance(product, dict) or not isinstance(
                        product.get("attributes"), dict):
                    raise PricingError(f"{path}: a Savings Plan product has no attributes")
                attributes = product["attributes"]
                plans[str(product.get("sku", ""))] = plan_option(
                    str(product.get("productFamily", "")),
                    TERMS.get(str(attributes.get("purchaseTerm", ""))),
                    str(attributes.get("purchaseOption", "")))
            return
        for rate in objects:
            if not isinstance(rate, dict) or not isinstance(rate.get("discountedRate"), dict):
                raise PricingError(f"{path}: malformed Savings Plan rate")
            plan = str(rate.get("rateCode", "")).split(".", 1)[0]
            if plan not in plans:
                region.report.skipped["Savings Plan rate of an unknown plan"] += 1
                continue
            _rate(region, plans[plan], str(rate.get("discountedServiceCode", "")),
                  str(rate.get("discountedUsageType", "")),
                  rate.get("discountedOperation"), rate.get("discountedRegionCode"),
                  rate["discountedRate"].get("price"), f"{path}: rate {rate.get('rateCode')}")

    stream.stream_json(path, {"products": "products.item",
                              "rates": "terms.savingsPlan.item.rates.item"}, handle)
    return header


def _read_csv(path: Path, region: _Region) -> stream.FileHeader:
    with stream.open_text(path) as handle:
        table = stream.read_csv(path, handle, CSV_REQUIRED)
        has_region = "DiscountedRegionCode" in table.columns
        for row in table.rows:
            option = plan_option(row["Product Family"], CSV_TERMS.get(
                (row["LeaseContractLength"], row["LeaseContractLengthUnit"])),
                row["PurchaseOption"])
            _rate(region, option, row["DiscountedServiceCode"], row["DiscountedUsageType"],
                  row["DiscountedOperation"],
                  row["DiscountedRegionCode"] if has_region else None,
                  row["DiscountedRate"], f"{path}: SKU {row['SKU']}")
    return table.header


def _rate(region: _Region, option: str | None, service: str, usage_type: str,
          operation: Any, region_code: Any, price: Any, where: str) -> None:
    from awscalc.priceupdate.ec2 import _INSTANCE_USAGE, _USAGE, TENANCIES, USAGE_KINDS

    skipped = region.report.skipped
    if service != "AmazonEC2":
        return
    if option is None:
        skipped["Savings Plan of another kind, term or payment"] += 1
        return
    usage = _USAGE.fullmatch(usage_type)
    kind = _INSTANCE_USAGE.fullmatch(usage.group("rest")) if usage else None
    if usage is None or kind is None or kind.group("type") is None:
        skipped["Savings Plan rate for other usage (reservations, hosts …)"] += 1
        return
    if region_code:
        if region_code != region.region:
            skipped["Savings Plan rate for another region or zone"] += 1
            return
    elif usage.group("prefix") not in region.prefixes:
        skipped["Savings Plan rate for another region or zone"] += 1
        return
    if not isinstance(operation, str):
        skipped["Savings Plan rate without discountedOperation"] += 1
        return
    pairs = region.operations.get(operation, set())
    if len(pairs) != 1:
        skipped["Savings Plan rate for an operation the offer file does not import"] += 1
        return
    system, software = next(iter(pairs))
    tenancy = TENANCIES[USAGE_KINDS[kind.group("kind")]]
    region.staging.add("instance-hours", region.region,
                       (kind.group("type"), system, software, tenancy, option),
                       _price(price, where), region.source)


def _price(price: Any, where: str) -> str:
    from awscalc.priceupdate.ec2 import _price as price_text

    return price_text(price if isinstance(price, str) else repr(price), where)
