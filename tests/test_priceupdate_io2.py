"""``pricing update --service ec2`` also reads the AmazonEC2 offer's io2 and io1 rows into
the EBS card (``io2-storage``, ``io2-iops``'s per-volume ladder, ``io1-storage``,
``io1-iops``), and a missing io2 rate names that command.

The offer files are hand-made in AWS's layout with fake prices
(tests/data/offers/ec2/README.md): no real offer file with io1/io2 rows is available, so
the rules are tentative and these tests check selection, never a rate.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from awscalc.errors import PricingError
from awscalc.priceupdate.ec2 import Provenance, build_ec2

from .conftest import FROZEN_PRICING, SHIPPED_PRICING
from .ec2_offers import add_ec2_offers, edited_offer, set_on_demand_price
from .test_priceupdate import needs_fixtures

DATA = Path(__file__).resolve().parent / "data" / "offers" / "ec2"
SA_JSON = DATA / "AmazonEC2_sa-east-1_io-handmade.json"
EU2_CSV = DATA / "AmazonEC2_eu-west-2_io2-tier1-handmade.csv"
NAT_JSON = DATA / "AmazonEC2_eu-west-1_nat-handmade.json"
WHEN = Provenance(retrieved="2026-12-01T12:00:00Z")
# The fake prices of the sa-east-1 file, as the fixtures' README lists them; the ladder's
# bounds are the EBS pricing page's (32,000 and 64,000 IOPS per volume).
SA_LADDER = {"tiers": [{"up_to": 32000, "rate": "0.0222"}, {"up_to": 64000, "rate": "0.0333"},
                       {"rate": "0.0444"}]}
SA_RATES = {
    "io2-storage": {"sa-east-1": {"rate": "0.1111"}},
    "io2-iops": {"sa-east-1": SA_LADDER},
    "io1-storage": {"sa-east-1": {"rate": "0.5555"}},
    "io1-iops": {"sa-east-1": {"rate": "0.0666"}},
}
IO_KEYS = ("io1-storage", "io1-iops", "io2-storage", "io2-iops")


def edited_json(target: Path, change: Any) -> Path:
    """The sa-east-1 JSON file, edited by ``change(document)``."""
    return edited_offer(SA_JSON, target, change)


def build(tmp_path: Path, files: dict[str, Path]) -> Any:
    """``build_ec2`` of ``files`` without Savings Plan files."""
    return build_ec2(files, {}, tmp_path / "ec2.sqlite", WHEN)


# -- the builder ---------------------------------------------------------------------------

def test_every_io_row_of_a_json_file_and_the_whole_ladder(tmp_path: Path) -> None:
    result = build(tmp_path, {"sa-east-1": SA_JSON})
    assert result.ebs_tentative == SA_RATES
    assert result.ebs_unmatched == {} and result.ambiguous == []
    # the confirmed gp3 rule and the instance row are read as before
    assert result.ebs == {"gp3-storage": {"sa-east-1": {"rate": "0.0909"}}}
    assert result.count == 1
    assert set(IO_KEYS).isdisjoint(result.ebs_unconfirmed)


def test_only_tier_1_writes_no_ladder_and_says_why(tmp_path: Path) -> None:
    """eu-west-2's CSV has io2 storage and the first IOPS tier only."""
    result = build(tmp_path, {"eu-west-2": EU2_CSV, "sa-east-1": SA_JSON})
    assert result.ebs_tentative == {
        **SA_RATES, "io2-storage": {"sa-east-1": {"rate": "0.1111"},
                                    "eu-west-2": {"rate": "0.7777"}}}
    assert set(result.ebs_unmatched) == {("io2-iops", "eu-west-2"),
                                         ("io1-storage", "eu-west-2"),
                                         ("io1-iops", "eu-west-2")}
    why = result.ebs_unmatched[("io2-iops", "eu-west-2")]
    assert why.startswith("the unconfirmed Price List rule usagetype=EBS:VolumeP-IOPS.io2 / "
                          "EBS:VolumeP-IOPS.io2.tier2 / EBS:VolumeP-IOPS.io2.tier3 with "
                          "prefix EUW2-, productFamily=System Operation, volumeApiName=io2")
    assert why.endswith("tier 2: no product matched, tier 3: no product matched (a partial "
                        "ladder is never written)")
    assert "; " not in why  # a kept rate's note is split on it


def test_another_prefix_or_volume_selects_nothing(tmp_path: Path) -> None:
    """Exact usage types of the region's own prefix, with the rule's family and volume."""
    def change(document: dict[str, Any]) -> None:
        products = document["products"]
        products["HANDMADEIO2IOP03"]["attributes"]["usagetype"] = (
            "USE1-EBS:VolumeP-IOPS.io2.tier3")
        products["HANDMADEIO1STR01"]["attributes"]["volumeApiName"] = "io2"
        products["HANDMADEIO1IOP01"]["productFamily"] = "Storage"

    result = build(tmp_path, {"sa-east-1": edited_json(tmp_path / "sa.json", change)})
    assert result.ebs_tentative == {"io2-storage": SA_RATES["io2-storage"]}
    assert set(result.ebs_unmatched) == {("io2-iops", "sa-east-1"),
                                         ("io1-storage", "sa-east-1"),
                                         ("io1-iops", "sa-east-1")}
    assert result.ebs_unmatched[("io2-iops", "sa-east-1")].endswith(
        ": tier 3: no product matched (a partial ladder is never written)")
    assert result.regions["sa-east-1"].skipped == {
        "EBS usage type without the region's own prefix": 1,
        "EBS usage type with other attributes": 2}


def test_two_prices_for_one_tier_drop_the_ladder_not_guess(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        twin = json.loads(json.dumps(document["products"]["HANDMADEIO2IOP02"]))
        twin["sku"] = "HANDMADEIO2IOP09"
        document["products"]["HANDMADEIO2IOP09"] = twin
        terms = json.dumps(document["terms"]["OnDemand"]["HANDMADEIO2IOP02"])
        document["terms"]["OnDemand"]["HANDMADEIO2IOP09"] = json.loads(
            terms.replace("HANDMADEIO2IOP02", "HANDMADEIO2IOP09").replace("0.0333", "0.0334"))

    result = build(tmp_path, {"sa-east-1": edited_json(tmp_path / "sa.json", change)})
    assert "io2-iops" not in result.ebs_tentative
    assert result.ebs_tentative["io2-storage"] == SA_RATES["io2-storage"]
    assert result.ambiguous == ["ebs io2-iops tier 2 sa-east-1"]
    assert set(result.ebs_unmatched) == {("io2-iops", "sa-east-1")}
    assert result.ebs_unmatched[("io2-iops", "sa-east-1")].endswith(
        ": tier 2: two products gave different prices (a partial ladder is never written)")


def test_a_file_without_ebs_rows_says_nothing_about_io(tmp_path: Path) -> None:
    """An excerpt with no EBS product at all (the NAT fixture) is not evidence that a
    region has no io2: no rate is reported as kept for it."""
    result = build(tmp_path, {"eu-west-1": NAT_JSON})
    assert result.ebs_tentative == {} and result.ebs_unmatched == {}


def test_a_bad_io2_price_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    bad = edited_json(tmp_path / "sa.json", set_on_demand_price("HANDMADEIO2IOP03", "0.04x"))
    with pytest.raises(PricingError,
                       match=re.escape("SKU HANDMADEIO2IOP03: price '0.04x' is not")):
        build(tmp_path, {"sa-east-1": bad})
    assert list(tmp_path.iterdir()) == [bad]


# -- the missing-rate hint -----------------------------------------------------------------

def test_a_missing_io2_rate_names_the_ec2_update(cli, tmp_path: Path) -> None:
    spec = tmp_path / "io2.yaml"
    spec.write_text("resources: {v: {service: ebs, region: sa-east-1, type: io2, "
                    "size: 100 GB, iops: 3000}}\n", encoding="utf-8")
    result = cli("estimate", str(spec), "--pricing", str(FROZEN_PRICING))
    assert result.code == 4
    assert "key 'io2-storage'" in result.err
    assert result.err.rstrip().endswith(
        "run 'awscalc pricing update --service ec2 --region sa-east-1')"), result.err


# -- pricing update ------------------------------------------------------------------------

def add_ec2(root: Path, sa: Path = SA_JSON, eu2: Path = EU2_CSV) -> Path:
    """Put AmazonEC2 files for sa-east-1 (JSON) and eu-west-2 (CSV) and an empty Savings
    Plan index into the mirror at ``root``."""
    return add_ec2_offers(root, {"sa-east-1": sa, "eu-west-2": eu2})


def update(cli, root: Path, dest: Path, *args: str) -> Any:
    """``awscalc pricing update --service ec2`` from the mirror at ``root`` into ``dest``."""
    return cli("pricing", "update", "--source", str(root), "--dest", str(dest),
               "--timeout", "5", "--quiet", "-s", "ec2", *args)


def ebs_rates(folder: Path) -> dict[str, Any]:
    """The rates of the EBS card in ``folder``."""
    from awscalc.yamlfile import load_yaml

    return load_yaml((folder / "ebs.yaml").read_text(encoding="utf-8")).data["rates"]


@needs_fixtures
def test_update_writes_the_ladder_and_keeps_a_partial_one(cli, mirror: Path,
                                                          tmp_path: Path) -> None:
    add_ec2(mirror)
    dest = tmp_path / "cards"
    result = update(cli, mirror, dest, "-r", "sa-east-1", "-r", "eu-west-2")
    assert result.code == 0, result.err
    assert ("note: ebs: 3 rates kept as shipped because an unconfirmed Price List rule "
            "selected no single product") in result.err
    rates, shipped = ebs_rates(dest), ebs_rates(SHIPPED_PRICING)
    for key, regional in SA_RATES.items():
        value = dict(rates[key]["regions"]["sa-east-1"])
        assert value.pop("verified") is False
        assert value.pop("source").startswith("https://pricing.us-east-1.amazonaws.com/")
        assert "EBS_TENTATIVE_RULES" in value.pop("note")
        assert value == regional["sa-east-1"]
    # eu-west-2: io2 storage from the file; the shipped IOPS ladder kept, with the reason
    assert rates["io2-storage"]["regions"]["eu-west-2"]["rate"] == "0.7777"
    kept = dict(rates["io2-iops"]["regions"]["eu-west-2"])
    assert kept.pop("note").startswith("kept as it was (the unconfirmed Price List rule "
                                       "usagetype=EBS:VolumeP-IOPS.io2 / ")
    expected = dict(shipped["io2-iops"]["regions"]["eu-west-2"])
    expected.pop("note")
    assert kept == expected
    for key in IO_KEYS:  # every other region as shipped
        assert {r: v for r, v in rates[key]["regions"].items()
                if r not in ("sa-east-1", "eu-west-2")} == {
            r: v for r, v in shipped[key]["regions"].items()
            if r not in ("sa-east-1", "eu-west-2")}
    assert {k: v for k, v in rates.items() if k not in IO_KEYS and k != "gp3-storage"} == {
        k: v for k, v in shipped.items() if k not in IO_KEYS and k != "gp3-storage"}
    # a second update that finds nothing replaces the reason, it does not repeat it
    again = update(cli, mirror, dest, "-r", "eu-west-2")
    assert again.code == 0, again.err
    assert ebs_rates(dest)["io2-iops"]["regions"]["eu-west-2"]["note"] == (
        rates["io2-iops"]["regions"]["eu-west-2"]["note"])


@needs_fixtures
def test_a_sao_paulo_io2_volume_prices_after_the_update(cli, mirror: Path,
                                                        tmp_path: Path) -> None:
    """40,000 IOPS on one volume: 32,000 at tier 1 and 8,000 at tier 2 (fake rates)."""
    add_ec2(mirror)
    dest = tmp_path / "cards"
    assert update(cli, mirror, dest, "-r", "sa-east-1").code == 0
    spec = tmp_path / "io2.yaml"
    spec.write_text("resources: {v: {service: ebs, region: sa-east-1, type: io2, "
                    "size: 100 GB, iops: 40000}}\n", encoding="utf-8")
    priced = cli("estimate", str(spec), "--pricing", str(dest), "--format", "json")
    assert priced.code == 0, priced.err
    items = json.loads(priced.out)["line_items"]
    cost = {item["usage_key"]: Decimal(str(item["cost"])) for item in items}
    assert cost["io2-storage"] == Decimal("11.11")          # 100 GB × 0.1111
    assert cost["io2-iops"] == Decimal("976.8")             # 32,000 × 0.0222 + 8,000 × 0.0333


@needs_fixtures
def test_a_failed_update_leaves_the_ebs_card_as_it_was(cli, mirror: Path,
                                                        tmp_path: Path) -> None:
    add_ec2(mirror)
    dest = tmp_path / "cards"
    assert update(cli, mirror, dest, "-r", "sa-east-1").code == 0
    before = (dest / "ebs.yaml").read_text(encoding="utf-8")
    bad = edited_json(tmp_path / "bad.json", set_on_demand_price("HANDMADEIO2IOP02", "-1"))
    add_ec2(mirror, sa=bad)
    result = update(cli, mirror, dest, "-r", "sa-east-1")
    assert result.code == 4
    assert "SKU HANDMADEIO2IOP02: price '-1' is not a USD amount" in result.err
    assert (dest / "ebs.yaml").read_text(encoding="utf-8") == before
