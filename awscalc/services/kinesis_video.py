"""Amazon Kinesis Video Streams: media ingested, consumed and stored; WebRTC signaling.

Billing rules (AWS's pricing page, read in German: https://aws.amazon.com/de/kinesis/
video-streams/pricing/, undated; ``../shared/pricing-facts-wave2.md`` §19):

- "you pay only for the volume of data you ingest, store and consume": **data ingested**
  and **data consumed** per GB; consumption through **HLS** has its own, higher rate
  (the page's example prices HLS viewers at $0.0119/GB and nothing else for them).
  Consumption through **DASH** is billed too, but no source gives its rate: a DASH
  amount is an exit-4 error, never a guess.
- **data stored** per GB-month. A stream keeps what it ingests for its retention period
  (``DataRetentionInHours``: 0, the default, to 87,600 h), so at steady state it holds
  the month's ingest × retention ÷ the month: AWS's example bills an app that keeps
  "videos only for 24 hours" for 1 day × 7,000 MB at $0.023/GB. ``stored`` gives the
  average amount held directly instead.
- GB and MB are binary: the same example divides MB by 1,024 ("30 Tage * (7 000/1 024)
  * (0,0085 USD/GB)"), as awscalc's units do.
- **WebRTC**: per signaling channel *active* in the month ("active if a device or an
  application connects to it at any time in the month"), per signaling message sent or
  received, and per TURN streaming minute, "metered in 1-minute increments": awscalc
  rounds each TURN session up to whole minutes when given ``turn_sessions`` and
  ``turn_session_length``.

Only us-east-1 rates ship; the data rates come from the page's worked examples, the
WebRTC rates from recall and a third-party transcription (unverified). Not modelled: the
warm storage tier (per 1,000 fragments ingested, a 30-day minimum; the developer guide's
"Tiered Storage" page gives the rules but no rates), image and clip generation, and any
free tier.
"""

from __future__ import annotations

import math
from decimal import Decimal

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.numbers import grouped
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "kinesis_video"
MAX_RETENTION_HOURS = Decimal(87_600)  # DataRetentionInHours: 0 to 87,600 (10 years)
SECONDS_PER_MINUTE = 60
PRICED_KEYS = ("ingested", "consumed", "consumed_hls", "consumed_dash", "stored", "retention",
               "webrtc")


def usage(resource: Resource) -> ResourceUsage:
    """Usage records for one Kinesis video stream (or a fleet of them, given as totals)."""
    if all(resource.get(key) is None for key in PRICED_KEYS):
        raise resource.error((), "a Kinesis Video Streams resource prices nothing",
                             "give ingested, consumed, consumed_hls, stored or webrtc, "
                             "e.g. ingested: 7000 MB/day")
    records: list[Usage] = []
    ingested = resource.quantity("ingested", kind=Kind.DATA_PER_MONTH)
    if ingested:
        records.append(resource.usage("data-ingested", ingested / BYTES_PER_GB, "GB",
                                      "Data ingested"))
    consumed = resource.quantity("consumed", kind=Kind.DATA_PER_MONTH)
    if consumed:
        records.append(resource.usage("data-consumed", consumed / BYTES_PER_GB, "GB",
                                      "Data consumed"))
    hls = resource.quantity("consumed_hls", kind=Kind.DATA_PER_MONTH)
    if hls:
        records.append(resource.usage("data-consumed-hls", hls / BYTES_PER_GB, "GB",
                                      "Data consumed through HLS"))
    dash = resource.quantity("consumed_dash", kind=Kind.DATA_PER_MONTH)
    if dash:
        raise PricingError(
            f"no price for service '{SERVICE}', region '{resource.region}', key "
            "'data-consumed-dash'",
            "AWS bills media consumed through MPEG-DASH at its own rate and no source "
            "for it was found; price it with a 'service: custom' line item")
    stored = _stored(resource, ingested)
    if stored is not None:
        records.append(stored)
    if resource.get("webrtc") is not None:
        records.extend(_webrtc(resource))
    return ResourceUsage(records=tuple(records))


def _stored(resource: Resource, ingested: Decimal | None) -> Usage | None:
    """GB-months held: the month's ingest over the retention period, or ``stored``."""
    retention = resource.get("retention")
    given = resource.quantity("stored", kind=Kind.DATA)
    if retention is not None and given is not None:
        raise resource.error(("stored",), "give 'stored' or 'retention', not both",
                             "retention derives the data stored from 'ingested'")
    if given is not None:
        if not given:
            return None
        return resource.usage("data-stored", given / BYTES_PER_GB, "GB-month",
                              "Data stored (average held in the month)")
    if retention is None:
        return None
    seconds = resource.quantity("retention", kind=Kind.DURATION)
    assert seconds is not None
    hours = seconds / SECONDS_PER_HOUR
    if hours != hours.to_integral_value() or hours > MAX_RETENTION_HOURS:
        raise resource.error(("retention",), f"{grouped(hours, 2)} h is not a Kinesis "
                             "video stream retention period",
                             "0 to 87,600 h (10 years), in whole hours")
    if not hours:
        return None
    if ingested is None:
        raise resource.error(("retention",), "'retention' needs 'ingested'",
                             "e.g. ingested: 260 MB/day")
    month_hours = resource.source.month_hours
    # steady state: the stream holds the last `retention` of what it ingests
    gb_months = ingested / BYTES_PER_GB * hours / month_hours
    return resource.usage("data-stored", gb_months, "GB-month",
                          f"Data stored ({grouped(hours)} h retention of the month's "
                          f"{grouped(ingested / BYTES_PER_GB, 2)} GB ingested, steady state)")


def _webrtc(resource: Resource) -> list[Usage]:
    """Active signaling channels, signaling messages and TURN streaming minutes."""
    found: list[Usage] = []
    channels = resource.quantity("webrtc", "signaling_channels", kind=Kind.COUNT)
    if channels:
        if channels != channels.to_integral_value():
            raise resource.error(("webrtc", "signaling_channels"),
                                 f"{grouped(channels)} is not a whole number of channels",
                                 "e.g. signaling_channels: 1000")
        found.append(resource.usage("signaling-channels", channels, "channel-month",
                                    "WebRTC signaling channels active in the month"))
    messages = resource.quantity("webrtc", "signaling_messages", kind=Kind.COUNT_PER_MONTH)
    if messages:
        found.append(resource.usage("signaling-messages", messages, "message",
                                    "WebRTC signaling messages sent and received"))
    minutes, how = _turn_minutes(resource)
    if minutes:
        found.append(resource.usage("turn-minutes", minutes, "minute",
                                    f"TURN streaming minutes{how}"))
    return found


def _turn_minutes(resource: Resource) -> tuple[Decimal, str]:
    """TURN minutes given, or sessions × their length rounded up to whole minutes."""
    keys = ("webrtc",)
    total = resource.quantity(*keys, "turn_minutes", kind=Kind.COUNT_PER_MONTH)
    sessions = resource.quantity(*keys, "turn_sessions", kind=Kind.COUNT_PER_MONTH)
    length = resource.quantity(*keys, "turn_session_length", kind=Kind.DURATION)
    if total is not None and (sessions is not None or length is not None):
        given = "turn_sessions" if sessions is not None else "turn_session_length"
        raise resource.error((*keys, given), "give 'turn_minutes' or 'turn_sessions' with "
                             "'turn_session_length', not both")
    if (sessions is None) != (length is None):
        given, missing = (("turn_sessions", "turn_session_length") if length is None
                          else ("turn_session_length", "turn_sessions"))
        raise resource.error((*keys, given), f"'{given}' needs '{missing}'",
                             "e.g. turn_sessions: 3000, turn_session_length: 90 s")
    if total is not None:
        return total, ""
    if sessions is None or length is None or not sessions:
        return Decimal(0), ""
    if length > resource.source.month_hours * SECONDS_PER_HOUR:
        raise resource.error((*keys, "turn_session_length"), "a TURN session is longer "
                             "than the month", "e.g. turn_session_length: 15 min")
    per_session = Decimal(math.ceil(length / SECONDS_PER_MINUTE))
    return sessions * per_session, (
        f" ({grouped(sessions)} sessions × {grouped(per_session)} min: each session "
        "rounded up to whole minutes)")
