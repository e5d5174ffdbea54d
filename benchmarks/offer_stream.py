"""Streaming benchmark: ``pricing update``'s EC2 builder on a ~1 GB synthetic offer file.

A benchmark, not a test. Writes a synthetic AmazonEC2 per-region JSON offer file in
AWS's layout (``products`` then ``terms.OnDemand`` and ``terms.Reserved``, 2-space
indent, every value a string; instance products with 12 Reserved terms each, plus EBS and
data-transfer products the builder must skip) to a temporary folder, runs
:func:`awscalc.priceupdate.ec2.build_ec2` on it in a child process, and prints the wall
time, the peak RSS of the child (``getrusage(RUSAGE_CHILDREN).ru_maxrss``) and the rates
written. Target: peak RSS ≤ 300 MB. The file is deleted afterwards::

    python benchmarks/offer_stream.py                 # ~1 GB
    python benchmarks/offer_stream.py --size-mb 200
    python benchmarks/offer_stream.py --json-load     # also time stdlib json.load (GBs!)
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMBOS = [  # operatingSystem, preInstalledSw, licenseModel, tenancy, usage kind, operation
    ("Linux", "NA", "No License required", "Shared", "BoxUsage", "RunInstances"),
    ("Windows", "NA", "License Included", "Shared", "BoxUsage", "RunInstances:0002"),
    ("RHEL", "NA", "No License required", "Shared", "BoxUsage", "RunInstances:0010"),
    ("SUSE", "NA", "No License required", "Shared", "BoxUsage", "RunInstances:000g"),
    ("Windows", "SQL Std", "License Included", "Shared", "BoxUsage", "RunInstances:0006"),
    ("Linux", "NA", "No License required", "Dedicated", "DedicatedUsage", "RunInstances"),
    ("Windows", "NA", "License Included", "Dedicated", "DedicatedUsage", "RunInstances:0002"),
    ("Linux", "NA", "No License required", "Host", "HostBoxUsage", "RunInstances"),
]
RESERVED = [(lease, offering, payment) for lease in ("1yr", "3yr")
            for offering in ("standard", "convertible")
            for payment in ("No Upfront", "Partial Upfront", "All Upfront")]
TERM_CODES = ["4NA7Y494T4", "HU7G6KETJZ", "6QCMYABX3D", "7NE97W5U4E", "CUZHX8X6JH",
              "MZU6U2429S", "BPH4J8HBKS", "38NPMPTW36", "NQ3QZPMQV9", "Z2E3P23VKM",
              "R5XV2EPZQZ", "VJWZNREJX2"]


def _product(sku: str, attributes: dict[str, str], family: str) -> str:
    lines = [f'    "{sku}" : {{', f'      "sku" : "{sku}",',
             f'      "productFamily" : "{family}",', '      "attributes" : {']
    lines.append(",\n".join(f'        "{k}" : "{v}"' for k, v in attributes.items()))
    lines.append("      }\n    }")
    return "\n".join(lines)


def _dimension(rate_code: str, description: str, unit: str, price: str,
               ranged: bool = True) -> str:
    ranges = ('          "beginRange" : "0",\n          "endRange" : "Inf",\n'
              if ranged else "")
    return (f'        "{rate_code}" : {{\n          "rateCode" : "{rate_code}",\n'
            f'          "description" : "{description}",\n{ranges}'
            f'          "unit" : "{unit}",\n'
            f'          "pricePerUnit" : {{\n            "USD" : "{price}"\n          }},\n'
            f'          "appliesTo" : [ ]\n        }}')


def _term(sku: str, code: str, dimensions: list[str], attributes: dict[str, str]) -> str:
    attrs = ",\n".join(f'          "{k}" : "{v}"' for k, v in attributes.items())
    return (f'      "{sku}.{code}" : {{\n        "offerTermCode" : "{code}",\n'
            f'        "sku" : "{sku}",\n        "effectiveDate" : "2026-11-01T00:00:00Z",\n'
            f'        "priceDimensions" : {{\n' + ",\n".join(dimensions) + "\n      },\n"
            f'        "termAttributes" : {{\n{attrs}\n        }}\n      }}')


def write_offer(path: Path, target_bytes: int) -> int:
    """Write the synthetic offer file; return the number of instance SKUs."""
    per_sku = 13_400  # bytes of products + terms per instance SKU, measured
    count = max(len(COMBOS), target_bytes // per_sku)
    with open(path, "w", encoding="utf-8") as out:
        out.write('{\n  "formatVersion" : "v1.0",\n  "disclaimer" : "synthetic",\n'
                  '  "offerCode" : "AmazonEC2",\n  "version" : "20261101000000",\n'
                  '  "publicationDate" : "2026-11-01T00:00:00Z",\n  "products" : {\n')
        first = True
        for index in range(count):
            system, software, licence, tenancy, kind, operation = COMBOS[index % len(COMBOS)]
            instance_type = f"x{index // len(COMBOS) // 50}.size{index // len(COMBOS) % 50}"
            attributes = {
                "servicecode": "AmazonEC2", "location": "EU (Ireland)",
                "locationType": "AWS Region", "instanceType": instance_type,
                "currentGeneration": "Yes", "instanceFamily": "General purpose",
                "vcpu": "8", "physicalProcessor": "Intel Xeon Platinum 8175",
                "clockSpeed": "3.1 GHz", "memory": "32 GiB", "storage": "EBS only",
                "networkPerformance": "Up to 10 Gigabit", "processorArchitecture": "64-bit",
                "tenancy": tenancy, "operatingSystem": system, "licenseModel": licence,
                "usagetype": f"EU-{kind}:{instance_type}", "operation": operation,
                "availabilityzone": "NA", "capacitystatus": "Used",
                "classicnetworkingsupport": "false", "dedicatedEbsThroughput": "Up to 2120 Mbps",
                "ecu": "37", "enhancedNetworkingSupported": "Yes",
                "instancesku": f"I{index:015d}", "intelAvxAvailable": "Yes",
                "marketoption": "OnDemand", "normalizationSizeFactor": "16",
                "preInstalledSw": software, "processorFeatures": "Intel AVX; Intel Turbo",
                "regionCode": "eu-west-1", "servicename": "Amazon Elastic Compute Cloud",
                "vpcnetworkingsupport": "true"}
            out.write(("" if first else ",\n") + _product(f"S{index:015d}", attributes,
                                                           "Compute Instance"))
            first = False
            if index % 50 == 0:  # products the builder must read past
                out.write(",\n" + _product(f"D{index:015d}", {
                    "servicecode": "AWSDataTransfer", "transferType": "InterRegion Outbound",
                    "fromLocation": "EU (Ireland)", "usagetype": "EU-USE1-AWS-Out-Bytes",
                    "operation": "", "locationType": "AWS Region"}, "Data Transfer"))
        out.write('\n  },\n  "terms" : {\n    "OnDemand" : {\n')
        for index in range(count):
            sku = f"S{index:015d}"
            price = f"{(index % 997) / 1000 + 0.01:.10f}"
            term = _term(sku, "JRTCKXETXF", [_dimension(
                f"{sku}.JRTCKXETXF.6YS6EN2CT7", "synthetic", "Hrs", price)], {})
            out.write(("" if index == 0 else ",\n") + f'    "{sku}" : {{\n{term}\n    }}')
        out.write('\n    },\n    "Reserved" : {\n')
        for index in range(count):
            sku = f"S{index:015d}"
            terms = []
            for code, (lease, offering, payment) in zip(TERM_CODES, RESERVED, strict=True):
                dimensions = [_dimension(f"{sku}.{code}.6YS6EN2CT7", "synthetic", "Hrs",
                                         "0.0100000000")]
                if payment != "No Upfront":
                    dimensions.append(_dimension(f"{sku}.{code}.2TG2D8R56U", "Upfront Fee",
                                                 "Quantity", "1234", ranged=False))
                terms.append(_term(sku, code, dimensions, {
                    "LeaseContractLength": lease, "OfferingClass": offering,
                    "PurchaseOption": payment}))
            out.write(("" if index == 0 else ",\n") + f'    "{sku}" : {{\n'
                      + ",\n".join(terms) + "\n    }")
        out.write("\n    }\n  }\n}\n")
    return count


CHILD = """
import sys, time
from pathlib import Path
from awscalc.priceupdate.ec2 import Provenance, build_ec2
started = time.perf_counter()
result = build_ec2({"eu-west-1": Path(sys.argv[1])}, {}, Path(sys.argv[2]),
                   Provenance(retrieved="2026-11-30T00:00:00Z"))
print(result.count, round(time.perf_counter() - started, 1))
"""

JSON_LOAD = """
import json, sys, time
started = time.perf_counter()
with open(sys.argv[1], "rb") as handle:
    document = json.load(handle)
print(len(document["products"]), round(time.perf_counter() - started, 1))
"""


def run_child(code: str, *args: str) -> tuple[str, float, float]:
    """Run ``code`` in a fresh Python; return its output, wall time and peak RSS (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print("(peak RSS not above an earlier child's; figure is an upper bound)")
    return done.stdout.strip(), wall, peak / 1024


def main() -> int:
    """Generate, run, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--json-load", action="store_true",
                        help="also measure stdlib json.load on the same file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        offer = folder / "index.json"
        started = time.perf_counter()
        skus = write_offer(offer, args.size_mb * 1024 * 1024)
        size = offer.stat().st_size
        print(f"synthetic offer: {size / 1024**2:,.0f} MB, {skus:,} instance SKUs "
              f"(written in {time.perf_counter() - started:.0f} s)")
        output, wall, peak = run_child(CHILD, str(offer), str(folder / "ec2.sqlite"))
        rates, inner = output.split()
        print(f"build_ec2: {int(rates):,} rates, wall {wall:.1f} s (build {inner} s), "
              f"peak RSS {peak:,.0f} MB (target ≤ 300 MB)")
        if args.json_load:
            output, wall, peak = run_child(JSON_LOAD, str(offer))
            print(f"stdlib json.load: wall {wall:.1f} s, peak RSS {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
