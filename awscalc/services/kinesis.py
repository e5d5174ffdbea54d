"""Amazon Kinesis Data Streams: provisioned (shards) and on-demand streams.

Billing rules (https://aws.amazon.com/kinesis/data-streams/pricing/, and the older
http://aws.amazon.com/kinesis/pricing/; ``../shared/pricing-facts-wave2.md`` §17):

- **provisioned**: each shard is billed per hour. A shard takes 1 MB/s or 1,000 records/s
  in and gives 2 MB/s out, shared by the standard consumers. ``shards: auto`` takes the
  largest of the three needs, each rounded up to whole shards, and the line says which
  one decided. MB here is 2^20 bytes: AWS's own example turns 100 records/s of 35 KB into
  "3.4 MB/sec" (3,500 ÷ 1,024), and the Developer Guide's shard quotas are in MiB.
- **PUT payload units**: every record is counted in 25 KB chunks, rounded up per record
  ("a 5KB record contains one PUT Payload Unit, a 45KB record contains two …, and a 1MB
  record contains 40"). The 1 MB = 40 units example only holds with **decimal** units
  (1,000,000 ÷ 25,000 = 40; with 1,024 it would be 41), so a unit is 25,000 bytes here —
  unlike awscalc's binary KB elsewhere: a record written ``25 KB`` (25,600 bytes) is 2
  units, ``25000 B`` is 1 (pricing-facts-wave2 §17 and Part G, conflict 2).
- **on-demand**: a per-stream hourly charge, plus every GB written and read, where "the
  size of each record [is] rounded up to the nearest 1 KB (1,024 bytes)" (the current
  pricing page; here binary, as the page says). awscalc applies the same rounding to
  data read and stored (an assumption: the page does not say otherwise).
- **retention**: 24 hours are included. Up to 7 days is *extended* retention — per
  shard-hour (provisioned, whatever the length up to 7 days) or per GB-month (on-demand);
  beyond 7 days (up to 365) the data older than 7 days is *long-term* retention per
  GB-month. Stored data is taken at steady state: the write rate × the retained window.
- **enhanced fan-out**: each registered consumer has its own 2 MB/s per shard and is
  billed per consumer-shard-hour (provisioned) and per GB it retrieves.

Rates such as ``2000/s`` arrive as counts per month; the per-second figures the shard
limits need are the month's count ÷ the month's seconds, computed as exact fractions.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from awscalc.model import ResourceUsage, Usage
from awscalc.numbers import grouped
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "kinesis"
PUT_PAYLOAD_UNIT_BYTES = 25_000  # 25 KB, decimal (see the module docstring)
ON_DEMAND_ROUNDING_BYTES = 1024  # 1 KB = 1,024 bytes, as the pricing page says
SHARD_IN_BYTES = 2**20  # 1 MB/s in per shard
SHARD_RECORDS = 1000  # records/s in per shard
SHARD_OUT_BYTES = 2 * 2**20  # 2 MB/s out per shard, shared by the standard consumers
INCLUDED_RETENTION = Decimal(24) * SECONDS_PER_HOUR
EXTENDED_RETENTION = Decimal(7 * 24) * SECONDS_PER_HOUR
MAX_RETENTION = Decimal(365 * 24) * SECONDS_PER_HOUR

LIMIT_NAMES = {"ingress": "ingress", "records": "records/s", "egress": "egress"}


def usage(resource: Resource) -> ResourceUsage:
    """Usage records (and warnings) for one Kinesis data stream."""
    stream = _Stream(resource)
    if stream.mode == "on_demand":
        return ResourceUsage(records=tuple(stream.on_demand()))
    return stream.provisioned()


class _Stream:
    """One stream's settings, checked, in billing terms."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.mode: str = resource.get("mode", default="provisioned")
        self.month_hours = resource.source.month_hours
        self.month_seconds = self.month_hours * SECONDS_PER_HOUR
        records = resource.quantity("records", kind=Kind.COUNT_PER_MONTH)
        size = resource.quantity("record_size", kind=Kind.DATA)
        if (records is None) != (size is None):
            given, missing = ("records", "record_size") if size is None else \
                ("record_size", "records")
            raise resource.error((given,), f"'{given}' needs '{missing}'",
                                 "e.g. records: 2000/s, record_size: 3 KB")
        if size is not None and size != size.to_integral_value():
            raise resource.error(("record_size",), f"{grouped(size)} bytes is not a whole "
                                 "number of bytes", "e.g. '3 KB' or '2500 B'")
        if size == 0:
            raise resource.error(("record_size",), "a record has at least 1 byte",
                                 "e.g. '3 KB'")
        self.records = records  # per month, or None
        self.size = size  # bytes, or None
        self.consumers = Decimal(resource.get("consumers", default=1))
        self.efo = Decimal(resource.get("enhanced_fan_out", "consumers", default=0))
        retention = resource.quantity("retention", kind=Kind.DURATION,
                                      default=INCLUDED_RETENTION)
        if retention < INCLUDED_RETENTION or retention > MAX_RETENTION:
            raise resource.error(("retention",), f"{_hours(retention)} h is outside 24 h "
                                 "to 365 days", "a stream keeps records 24 h (default) "
                                 "to 8,760 h")
        self.retention = retention
        if self.mode == "on_demand" and resource.get("shards") is not None:
            raise resource.error(("shards",), "an on-demand stream has no shards to set",
                                 "remove shards, or set mode: provisioned")

    # -- traffic ---------------------------------------------------------------------

    def records_per_second(self) -> Fraction:
        """The average write rate: the month's records ÷ the month's seconds, exactly."""
        assert self.records is not None
        return Fraction(self.records) / Fraction(self.month_seconds)

    def shard_needs(self) -> dict[str, tuple[int, str]]:
        """Shards each limit needs, with the figure that needs them: ingress (1 MB/s),
        records (1,000/s), egress of the standard consumers (2 MB/s shared), each rounded
        up (MB = 2^20 bytes)."""
        assert self.size is not None
        per_second = self.records_per_second()
        ingress = per_second * Fraction(self.size)
        egress = ingress * Fraction(self.consumers)
        mb = _figure(ingress / SHARD_IN_BYTES)
        return {
            "ingress": (math.ceil(ingress / SHARD_IN_BYTES), f"{mb} MB/s"),
            "records": (math.ceil(per_second / SHARD_RECORDS), _figure(per_second)),
            "egress": (math.ceil(egress / SHARD_OUT_BYTES),
                       f"{_consumers(self.consumers)} × {mb} MB/s"),
        }

    def data_gb(self, billed_size: Decimal) -> Decimal:
        """GB written in the month with each record counted as ``billed_size`` bytes."""
        assert self.records is not None
        return self.records * billed_size / BYTES_PER_GB

    def stored_gb(self, billed_size: Decimal, start: Decimal, end: Decimal) -> Decimal:
        """GB held at steady state for records aged ``start`` to ``end`` seconds."""
        window = max(min(self.retention, end) - start, Decimal(0))
        return self.data_gb(billed_size) / self.month_seconds * window

    # -- provisioned -----------------------------------------------------------------

    def provisioned(self) -> ResourceUsage:
        """Shard-hours, PUT payload units, retention and enhanced fan-out."""
        resource, hours = self.resource, self.month_hours
        warnings: list[str] = []
        given = resource.get("shards", default="auto")
        needs = self.shard_needs() if self.records is not None else None
        if given == "auto":
            if needs is None:
                raise resource.error(("shards",), "shards: auto needs records and "
                                     "record_size to size the stream",
                                     "give records and record_size, or a number of shards")
            shards = max(*(need for need, _ in needs.values()), 1)
            why = _decided(needs)
        else:
            shards = int(given)
            why = f"{shards:,} given"
            needed = max(need for need, _ in needs.values()) if needs else 0
            if needs is not None and needed > shards:
                warnings.append(
                    f"{resource.name}: {shards:,} shards are fewer than the {needed:,} the "
                    f"traffic needs ({_decided(needs)}): writes or reads would be throttled")
        count = Decimal(shards)
        records = [self._record("shard-hours", count * hours, "shard-hour",
                                f"Shard hours ({shards:,} shards: {why})")]
        if self.records is not None and self.size is not None:
            units = Decimal(-(-int(self.size) // PUT_PAYLOAD_UNIT_BYTES))  # ceil, per record
            records.append(self._record(
                "put-payload-units", self.records * units, "PUT payload unit",
                f"PUT payload units ({grouped(units)} per {_size(self.size)} record: "
                "25 KB = 25,000 bytes, rounded up per record)"))
        if self.retention > INCLUDED_RETENTION:
            records.append(self._record(
                "extended-retention", count * hours, "shard-hour",
                f"Extended retention to {_days(min(self.retention, EXTENDED_RETENTION))} "
                f"({shards:,} shards)"))
        if self.retention > EXTENDED_RETENTION and self.size is not None:
            records.append(self._record(
                "long-term-retention",
                self.stored_gb(self.size, EXTENDED_RETENTION, MAX_RETENTION), "GB-month",
                f"Long-term retention, data older than 7 days (to {_days(self.retention)})"))
        if self.efo:
            records.append(self._record(
                "efo-consumer-hours", self.efo * count * hours, "consumer-shard-hour",
                f"Enhanced fan-out ({_consumers(self.efo)} × {shards:,} shards)"))
            if self.size is not None:
                records.append(self._record(
                    "efo-data", self.data_gb(self.size) * self.efo, "GB",
                    f"Enhanced fan-out data retrieved ({_consumers(self.efo)})"))
        return ResourceUsage(records=tuple(records), warnings=tuple(warnings))

    # -- on-demand -------------------------------------------------------------------

    def on_demand(self) -> list[Usage]:
        """Stream-hours, data in and out per GB (1 KB per record), retention per GB."""
        records = [self._record("on-demand-stream-hours", self.month_hours, "stream-hour",
                                "On-demand stream hours")]
        if self.size is None:
            return records
        rounded = -(-int(self.size) // ON_DEMAND_ROUNDING_BYTES) * ON_DEMAND_ROUNDING_BYTES
        billed = Decimal(rounded)
        shape = (f"{_size(self.size)} records billed as {grouped(billed / 1024)} KB "
                 "(1 KB = 1,024 bytes)")
        data = self.data_gb(billed)
        records.append(self._record("on-demand-data-in", data, "GB",
                                    f"On-demand data in ({shape})"))
        if self.consumers:
            records.append(self._record(
                "on-demand-data-out", data * self.consumers, "GB",
                f"On-demand data out ({_consumers(self.consumers, 'standard ')})"))
        if self.efo:
            records.append(self._record(
                "on-demand-efo-data", data * self.efo, "GB",
                f"On-demand enhanced fan-out data ({_consumers(self.efo)})"))
        if self.retention > INCLUDED_RETENTION:
            records.append(self._record(
                "on-demand-extended-retention",
                self.stored_gb(billed, INCLUDED_RETENTION, EXTENDED_RETENTION), "GB-month",
                "Extended retention, data 24 h to "
                f"{_days(min(self.retention, EXTENDED_RETENTION))} old"))
        if self.retention > EXTENDED_RETENTION:
            records.append(self._record(
                "on-demand-long-term-retention",
                self.stored_gb(billed, EXTENDED_RETENTION, MAX_RETENTION), "GB-month",
                f"Long-term retention, data older than 7 days (to {_days(self.retention)})"))
        return records

    def _record(self, key: str, quantity: Decimal, unit: str, component: str) -> Usage:
        return self.resource.usage(key, quantity, unit, component, service=SERVICE)


def _decided(needs: dict[str, tuple[int, str]]) -> str:
    """Which limit decided the shard count, with every limit's figure: ``ingress
    decided (ingress 3.42 MB/s → 4; records/s 100 → 1; egress 1 consumer × 3.42 MB/s
    → 2)``."""
    top = max(need for need, _ in needs.values())
    winners = [key for key, (need, _) in needs.items() if need == top]
    head = " and ".join(LIMIT_NAMES[key] for key in winners)
    figures = "; ".join(f"{LIMIT_NAMES[key]} {text} → {need:,}"
                        for key, (need, text) in needs.items())
    return f"{head} decided ({figures})"


def _figure(value: Fraction) -> str:
    """An exact fraction for people, at most 2 decimals: ``3.42``."""
    return grouped(Decimal(value.numerator) / Decimal(value.denominator), 2)


def _consumers(count: Decimal, kind: str = "") -> str:
    return f"{grouped(count)} {kind}consumer{'' if count == 1 else 's'}"


def _size(size: Decimal) -> str:
    """A record size for people: ``4.5 KB`` (binary), or bytes when KB would round."""
    kb = size / 1024
    if kb == kb.quantize(Decimal("0.0001")):
        return f"{grouped(kb)} KB"
    return f"{grouped(size)}-byte"


def _hours(seconds: Decimal) -> str:
    return grouped(seconds / SECONDS_PER_HOUR, 2)


def _days(seconds: Decimal) -> str:
    days = seconds / SECONDS_PER_HOUR / 24
    return f"{grouped(days, 2)} day{'' if days == 1 else 's'}"
