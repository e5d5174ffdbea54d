"""Regressions found by the hostile-input audit (issue 14): a pricing directory whose EC2
catalog is a hostile or damaged SQLite file ends in exit 4 with one line, quickly."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from .conftest import REPO, SHIPPED_PRICING

FLEET = str(REPO / "examples" / "web-fleet.yaml")
PLATFORM = str(REPO / "examples" / "container-platform.yaml")
TABLES = ("meta", "keys", "sources", "rates", "dimension_values", "regions")
# SQL run on a copy of the shipped catalog whose tables lost their constraints
DAMAGE = {
    "null-rate": "UPDATE rates SET rate = NULL",
    "nan-rate": "UPDATE rates SET rate = 'NaN'",
    "snan-rate": "UPDATE rates SET rate = 'sNaN'",
    "infinite-rate": "UPDATE rates SET rate = 'Infinity'",
    "negative-rate": "UPDATE rates SET rate = '-5'",
    "huge-exponent-rate": "UPDATE rates SET rate = '1e999999'",
    "5000-digit-rate": "UPDATE rates SET rate = '" + "9" * 5000 + "'",
    "tiny-exponent-rate": "UPDATE rates SET rate = '1e-999999'",
    "blob-rate": "UPDATE rates SET rate = x'00ff'",
    "real-rate": "UPDATE rates SET rate = 5.5e300",
    "blob-source": "UPDATE sources SET source = x'00ff', retrieved = x'01', note = x'ff'",
    "null-source-fields": "UPDATE sources SET source = NULL, retrieved = NULL, verified = NULL",
    "null-per": "UPDATE keys SET per = NULL",
    "null-dimensions": "UPDATE keys SET dimensions = NULL",
    "fewer-dimensions": "UPDATE keys SET dimensions = 'instance_type'",
    "more-dimensions": "UPDATE keys SET dimensions = 'a,b,c,d,e,f,g'",
    "empty-dimensions": "UPDATE keys SET dimensions = ''",
    "extra-column": "ALTER TABLE keys ADD COLUMN extra TEXT",  # harmless: exit 0
    "missing-column": "ALTER TABLE keys DROP COLUMN per",
    "null-region": "UPDATE regions SET region = NULL",
    "blob-region": "INSERT INTO regions VALUES (x'ff00')",
    "blob-meta": "UPDATE meta SET value = x'ff' WHERE name IN ('title', 'source', 'retrieved')",
    "endless-rates-view": (
        "DROP TABLE rates; CREATE VIEW rates AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
        "SELECT x + 1 FROM c) SELECT 'instance-hours' AS key, 'us-east-1' AS region, "
        "'x' || x AS dims, '1' AS rate, 0 AS source FROM c"),
    "endless-regions-view": (
        "DROP TABLE regions; CREATE VIEW regions AS WITH RECURSIVE c(x) AS (SELECT 1 UNION "
        "ALL SELECT x + 1 FROM c) SELECT 'r' || x AS region FROM c"),
    "endless-keys-view": (
        "DROP TABLE keys; CREATE VIEW keys AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
        "SELECT x + 1 FROM c) SELECT 'k' || x AS key, 'd' AS description, 'u' AS unit, "
        "'1' AS per, 'a' AS dimensions FROM c"),
}


def damaged_pricing(directory: Path, sql: str) -> Path:
    """A copy of the shipped cards whose ``ec2.sqlite`` has had ``sql`` run on it."""
    directory.mkdir()
    for card in SHIPPED_PRICING.iterdir():
        if card.is_file():
            shutil.copy(card, directory / card.name)
    connection = sqlite3.connect(directory / "ec2.sqlite")
    for table in TABLES:  # the same rows, without NOT NULL or types
        connection.execute(f"CREATE TABLE loose_{table} AS SELECT * FROM {table}")
        connection.execute(f"DROP TABLE {table}")
        connection.execute(f"ALTER TABLE loose_{table} RENAME TO {table}")
    connection.executescript(sql)
    connection.commit()
    connection.close()
    return directory


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("command", [["estimate", FLEET], ["validate", FLEET],
                                     ["estimate", PLATFORM, "--format", "json"],
                                     ["pricing", "list"]],
                         ids=["estimate", "validate", "composite-json", "pricing-list"])
def test_a_damaged_catalog_is_a_pricing_error(damage: str, command: list[str], cli,
                                              tmp_path: Path) -> None:
    pricing = damaged_pricing(tmp_path / "cards", DAMAGE[damage])
    started = time.monotonic()
    result = cli(*command, "--pricing", str(pricing))
    elapsed = time.monotonic() - started
    assert elapsed < 3.0, f"{elapsed:.1f} s"
    # validate checks instance types only where the catalog opens; pricing list reads no
    # rate; a damaged rate is reached only by a resource priced with it
    if result.code == 0:
        assert command[0] != "estimate" or command[1] == PLATFORM or damage == "extra-column"
        assert command[0] != "estimate" or ("rate" not in damage and "source" not in damage)
        return
    assert result.code == 4, result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err, result.err
    assert result.err.startswith("awscalc: error: ") and "ec2.sqlite" in result.err


def test_dest_dot_in_an_empty_current_folder(cli, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """'pricing update --dest .' in an empty folder: the folder becomes the link to the
    new set, so the current folder is gone; this was exit 1 (FileNotFoundError from
    os.getcwd) after the cards were written."""
    from .test_priceupdate import FIX, build_mirror

    if not FIX.is_dir():
        pytest.skip(f"the real AWS Price List fixtures are not available ({FIX})")
    build_mirror(tmp_path / "mirror")
    (tmp_path / "rates").mkdir()
    monkeypatch.chdir(tmp_path / "rates")
    result = cli("pricing", "update", "--source", str(tmp_path / "mirror"), "-s", "route53",
                 "-q", "--dest", ".")
    monkeypatch.chdir(tmp_path)
    assert result.code == 0, result.err
    assert f"--pricing {tmp_path / 'rates'}" in result.err
    assert (tmp_path / "rates" / "route53.yaml").is_file()


@pytest.mark.parametrize("price", ["9" * 20, "9" * 5000, "١٢", "99999999.5"])
def test_an_out_of_range_price_in_the_ec2_offer_is_a_pricing_error(price: str,
                                                                    tmp_path: Path) -> None:
    """pricing update --service ec2: a price the catalog cannot hold was exit 1 (write_catalog's
    ValueError), and '\\d' let Arabic-Indic digits through as a price."""
    from awscalc.errors import PricingError

    from .test_priceupdate_ec2 import EC2_CSV, build

    text = EC2_CSV.read_text(encoding="utf-8").replace("0.5920000000", price)
    path = tmp_path / "index.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PricingError) as caught:
        build(tmp_path, offer=path)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 300
    assert not (tmp_path / "ec2.sqlite").exists()


def test_a_fifo_spec_nothing_writes_to_ends(cli, tmp_path: Path) -> None:
    """'awscalc estimate FIFO' with no writer blocked forever; a FIFO with a writer (as
    from a shell's process substitution) is still read."""
    import os
    import threading

    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = cli("estimate", str(fifo))
    assert time.monotonic() - started < 3.0
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert "a FIFO that nothing is writing to" in result.err

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write((REPO / "examples" / "web-dns.yaml").read_text(encoding="utf-8"))

    writer = threading.Thread(target=feed)
    writer.start()
    result = cli("validate", str(fifo))
    writer.join(5)
    assert result.code == 0, result.err


def test_output_to_a_fifo_nothing_reads_is_a_usage_error_not_a_hang(cli, tmp_path) -> None:
    import os
    import time

    from .conftest import REPO

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = cli("estimate", str(REPO / "examples" / "web-dns.yaml"), "-f", "json",
                 "-o", str(fifo))
    assert time.monotonic() - started < 10
    assert result.code == 2
    assert result.err == f"awscalc: error: --output: {fifo}: a FIFO that nothing is reading from\n"
    assert fifo.exists() and not fifo.is_file()  # still the FIFO, nothing written


LAMBDA = "{a: {service: lambda, memory: 128 MB, requests: 1M, duration: 100 ms, growth: %s}}"


@pytest.mark.parametrize("growth", ["-100%/month", "{requests: -100%/month}"])
def test_a_growth_of_minus_100_percent_ends_the_usage_after_month_one(
        growth: str, cli, tmp_path: Path) -> None:
    """(1 - 1) ** 0 was InvalidOperation (exit 1): month 1 is as written, then nothing.
    1M requests × $0.20/1M + 12,500 GB-s × $0.0000166667 = $0.20 + $0.21."""
    spec = tmp_path / "decline.yaml"
    spec.write_text("region: us-east-1\nresources: " + LAMBDA % growth + "\n")
    result = cli("estimate", str(spec), "--months", "3", "-f", "json")
    assert result.code == 0, result.err
    months = [m for m in json.loads(result.out)["months"]]
    assert [m["total"] for m in months] == [0.41, 0, 0]


def test_a_quantity_that_decays_below_10_to_the_minus_24_is_zero_not_an_error(
        cli, tmp_path: Path) -> None:
    """Halving requests for 120 months (1M × 0.5^119) was 'too small' (exit 3)."""
    spec = tmp_path / "decline.yaml"
    spec.write_text("region: us-east-1\nresources: " + LAMBDA % "{requests: -50%/month}"
                    + "\n")
    result = cli("estimate", str(spec), "--months", "120", "-f", "json")
    assert result.code == 0, result.err
    months = json.loads(result.out)["months"]
    assert months[0]["total"] == 0.41 and months[-1]["total"] == 0


def test_growth_grows_the_rds_backup_allowance_with_the_storage(cli, tmp_path: Path) -> None:
    """The free backup (the region's provisioned storage) stayed at month 1's while the
    storage grew: month 2 billed 165 - 100 GB of backup instead of 165 - 110 GB.
    Month 2 at 10 %: 803 h × $0.136 = $109.21, 110 GB × $0.115 = $12.65, 55 GB × $0.095
    = $5.23; month 3: 883.3 h = $120.13, 121 GB = $13.92, 60.5 GB = $5.75."""
    spec = tmp_path / "db.yaml"
    spec.write_text("region: us-east-1\ngrowth: 10%/month\nresources:\n  db: {service: rds, "
                    "engine: mysql, instance_class: db.t3.large, storage: {type: gp2, size: "
                    "100 GB}, backup_storage: 150 GB}\n")
    result = cli("estimate", str(spec), "--months", "3", "-f", "json")
    assert result.code == 0, result.err
    totals = [m["total"] for m in json.loads(result.out)["months"]]
    assert totals == [115.53, 127.09, 139.80]


def test_scenarios_report_time_is_linear_in_the_resources(cli, tmp_path: Path) -> None:
    """Each cell of the --scenarios report scanned every resource of its column: 4,000
    queues and 3 scenarios took 11 s to render after 1 s of pricing. Now the report costs
    about as much as its four estimates (measured against one, in CPU time)."""
    spec = tmp_path / "queues.yaml"
    spec.write_text("region: us-east-1\nresources:\n" + "".join(
        f"  q{i}: {{service: sqs, requests: {i + 1}M}}\n" for i in range(4000))
        + "scenarios:\n" + "".join(f"  s{s}: {{resources.q0.requests: {s + 2}M}}\n"
                                   for s in range(3)))
    started = time.process_time()
    assert cli("estimate", str(spec), "-f", "csv").code == 0
    single = time.process_time() - started
    started = time.process_time()
    result = cli("estimate", str(spec), "--scenarios", "-f", "csv")
    both = time.process_time() - started
    assert result.code == 0, result.err
    assert result.out.count("\n") == 4000 + 3
    assert both < 8 * single, f"{both:.2f} s for 4 estimates, {single:.2f} s for one"


def test_free_text_that_looks_like_a_range_is_left_as_written(cli, tmp_path: Path) -> None:
    """A spec's name, a resource's description or group are text, not quantities: the
    range reader turned name '2024..2025' into '2024.5' and description '1..2' into '1.5',
    and refused '3..4 engineers on call' (exit 3, 'needs its expected value')."""
    spec = tmp_path / "text.yaml"
    spec.write_text('name: "2024..2025"\nregion: us-east-1\nresources:\n'
                    '  c: {service: route53, hosted_zones: 1, description: "1..2", '
                    'group: "3..4"}\n'
                    '  d: {service: route53, hosted_zones: 2, '
                    'description: "3..4 engineers on call"}\n')
    result = cli("estimate", str(spec), "-f", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["name"] == "2024..2025" and report.get("ranges") is None
    described = {r["name"]: (r.get("description"), r.get("group"))
                 for r in report["resources"]}
    assert described == {"c": ("1..2", "3..4"), "d": ("3..4 engineers on call", None)}


def test_a_projected_scenario_says_which_scenario(cli) -> None:
    """estimate --scenario growth --months N was titled as the spec as written."""
    spec = str(REPO / "examples" / "serverless-api.yaml")
    result = cli("estimate", spec, "--scenario", "growth", "--months", "2", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["name"] == "serverless-api (scenario growth)"
    plain = cli("estimate", spec, "--months", "2", "-f", "json")
    assert json.loads(plain.out)["name"] == "serverless-api"
