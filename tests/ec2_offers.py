"""A local Price List mirror holding per-region AmazonEC2 offer files, for the
``pricing update --service ec2`` tests (NAT gateway and EBS io1/io2 rules)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .test_priceupdate import AWS

VERSION = "20261201000000"


def add_ec2_offers(root: Path, files: dict[str, Path]) -> Path:
    """Put each region's AmazonEC2 offer file of ``files`` (``.json`` or ``.csv``), its
    region index and an empty Savings Plan index into the mirror at ``root``."""
    ec2 = root / AWS.lstrip("/") / "AmazonEC2"
    for region, path in files.items():
        target = ec2 / VERSION / region / f"index{path.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (ec2 / "current").mkdir(parents=True, exist_ok=True)
    (ec2 / "current" / "region_index.json").write_text(json.dumps({"regions": {
        region: {"regionCode": region, "currentVersionUrl":
                 f"{AWS}/AmazonEC2/{VERSION}/{region}/index.json"}
        for region in files}}), encoding="utf-8")
    plans = root / "savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json"
    plans.parent.mkdir(parents=True, exist_ok=True)
    plans.write_text(json.dumps({"regions": []}), encoding="utf-8")
    return root


def edited_offer(source: Path, target: Path, change: Callable[[Any], None]) -> Path:
    """The JSON offer file ``source``, edited by ``change(document)``, written to
    ``target``."""
    document = json.loads(source.read_text(encoding="utf-8"))
    change(document)
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def set_on_demand_price(sku: str, price: str) -> Callable[[Any], None]:
    """An edit for :func:`edited_offer`: every On-Demand price of ``sku`` becomes
    ``price``."""
    def change(document: dict[str, Any]) -> None:
        for term in document["terms"]["OnDemand"][sku].values():
            for dimension in term["priceDimensions"].values():
                dimension["pricePerUnit"]["USD"] = price
    return change
