"""Kinesis Video Streams: AWS's published pricing example, storage from the retention
period at steady state (and its bounds), TURN sessions rounded up to whole minutes,
WebRTC rates flagged unverified, and the exit-4 errors (DASH, other regions)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def price(text: str, book: RateBook):
    return estimate(parse_spec(text, "test.yaml"), book)


def spec(region: str = "us-east-1", month: str | None = None, **resources: dict) -> str:
    document: dict = {"region": region, "resources": resources}
    if month:
        document["month"] = month
    return yaml.safe_dump(document, sort_keys=False)


def kvs(**keys: object) -> dict:
    return {"service": "kinesis_video", **keys}


def lines(result) -> dict[str, tuple[Decimal, Decimal]]:
    return {i.key: (i.quantity, i.cost) for i in result.line_items}


def test_aws_example_live_streaming_smartphone_app(shipped_book: RateBook) -> None:
    # https://aws.amazon.com/de/kinesis/video-streams/pricing/, "Preisbeispiel 1: Live
    # Streaming-App für das Smartphone": 100 users × 70 MB a day = 7,000 MB/day ingested,
    # two HLS viewers per stream = 14,000 MB/day, videos kept 24 hours, a 30-day month:
    # "Aufgenommene Daten = 30 Tage * (7 000/1 024) * (0,0085 USD/GB) = 1,74 USD",
    # "Mit HLS verbrauchte Daten = 30 Tage * (14 000/1024) * (0,0119 USD/GB) = 4,88 USD",
    # "Gespeicherte Daten = 1 Tag * 7 000 * (0,023 USD/GB) = 0,16 USD",
    # "Gesamtsumme = 6,78 USD".
    result = price(spec(month="30 days", app=kvs(
        ingested="7000 MB/day", consumed_hls="14000 MB/day", retention="24 h")),
        shipped_book)
    got = {key: cost for key, (_, cost) in lines(result).items()}
    assert got == {"data-ingested": Decimal("1.74"), "data-consumed-hls": Decimal("4.88"),
                   "data-stored": Decimal("0.16")}
    assert result.monthly_total == Decimal("6.78")
    assert all(item.verified for item in result.line_items)
    # 7,000 MB = 6.8359375 GB held at any time
    assert lines(result)["data-stored"][0] == Decimal("6.8359375")


def test_consumed_is_billed_at_the_standard_rate(frozen_book: RateBook) -> None:
    # 100 GB × $0.0085 = $0.85 (the page's "0,0085 USD pro verbrauchtem GB")
    result = price(spec(c=kvs(consumed="100 GB")), frozen_book)
    assert lines(result) == {"data-consumed": (Decimal(100), Decimal("0.85"))}


@pytest.mark.parametrize(("retention", "gb_months"), [
    ("1 h", Decimal(1)), ("73 h", Decimal(73)), ("730 h", Decimal(730)),
    ("87600 h", Decimal(87600))])
def test_stored_is_the_retained_share_of_the_month(frozen_book: RateBook, retention: str,
                                                   gb_months: Decimal) -> None:
    # 730 GB ingested over a 730 h month = 1 GB an hour: `retention` hours are held
    result = price(spec(s=kvs(ingested="730 GB", retention=retention)), frozen_book)
    assert lines(result)["data-stored"][0] == gb_months


def test_zero_retention_stores_nothing(frozen_book: RateBook) -> None:
    result = price(spec(s=kvs(ingested="10 GB", retention="0 h")), frozen_book)
    assert set(lines(result)) == {"data-ingested"}


def test_stored_given_directly(frozen_book: RateBook) -> None:
    # 500 GB × $0.023 = $11.50
    result = price(spec(s=kvs(stored="500 GB")), frozen_book)
    assert lines(result) == {"data-stored": (Decimal(500), Decimal("11.50"))}


@pytest.mark.parametrize(("length", "minutes"), [
    ("1 s", 1), ("59 s", 1), ("60 s", 1), ("61 s", 2), ("90 s", 2), ("120 s", 2),
    ("121 s", 3), ("15 min", 15)])
def test_each_turn_session_is_rounded_up_to_whole_minutes(
        frozen_book: RateBook, length: str, minutes: int) -> None:
    result = price(spec(w=kvs(webrtc={"turn_sessions": 1000, "turn_session_length": length})),
                   frozen_book)
    assert lines(result)["turn-minutes"][0] == Decimal(1000 * minutes)


def test_webrtc_rates_are_recall_and_flagged(frozen_book: RateBook) -> None:
    result = price(spec(w=kvs(webrtc={"signaling_channels": 1000,
                                      "signaling_messages": "5M",
                                      "turn_minutes": "30k"})), frozen_book)
    # 1,000 × $0.03 = $30.00; 5M × $2.25/M = $11.25; 30,000 × $0.12/1,000 = $3.60
    assert lines(result) == {"signaling-channels": (Decimal(1000), Decimal("30.00")),
                             "signaling-messages": (Decimal(5000000), Decimal("11.25")),
                             "turn-minutes": (Decimal(30000), Decimal("3.60"))}
    assert not any(item.verified for item in result.line_items)
    assert any("kinesis_video/turn-minutes" in w for w in result.warnings)


def test_dash_consumption_has_no_rate(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="'data-consumed-dash'"):
        price(spec(d=kvs(ingested="1 GB", consumed_dash="10 GB")), frozen_book)


def test_other_regions_have_no_rate(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="region 'eu-west-1'"):
        price(spec(region="eu-west-1", d=kvs(ingested="1 GB")), frozen_book)


def test_a_resource_pricing_nothing_is_an_error(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="prices nothing"):
        price(spec(d=kvs()), frozen_book)
