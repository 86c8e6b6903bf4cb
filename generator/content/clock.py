"""Local times in IANA time zones: lookup, daylight-saving gaps and folds. Pure."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from generator.content import values
from generator.content.suggest import did_you_mean
from generator.incremental.cache import remembered
from generator.models import UTC
from generator.problems import Invalid

# Old aliases and abbreviations are in the database too, but "EST" has no daylight saving and
# "US/Central" is kept only for old software: staff get the place name instead.
LEGACY_PREFIXES = ("US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "Etc/", "SystemV/")
ABBREVIATIONS = {
    "eastern": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "central": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "mountain": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pacific": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "gmt": "Europe/London",
    "bst": "Europe/London",
    "cet": "Europe/Paris",
}


@remembered(1)
def zone_names() -> frozenset[str]:
    """Place names such as America/Chicago, and UTC."""
    return frozenset(
        name
        for name in available_timezones()
        if name == "UTC" or ("/" in name and not name.startswith(LEGACY_PREFIXES))
    )


def zone(raw: Any) -> ZoneInfo:
    """An IANA zone such as America/Chicago; only names in the database (no file paths)."""
    return _zone(values.text(raw))


@remembered(1024)
def _zone(name: str) -> ZoneInfo:
    if name not in zone_names():
        known = ABBREVIATIONS.get(name.lower()) or ABBREVIATIONS.get(name.split("/")[-1].lower())
        hint = (
            f"; did you mean '{known}'?"
            if known
            else did_you_mean(name.replace(" ", "_"), sorted(zone_names()))
        )
        raise Invalid(
            f"is not a time zone: {values.describe(name)}{hint} (use a place name from the "
            "IANA time zone database, such as America/Chicago, so that daylight-saving "
            "time is right)"
        )
    return ZoneInfo(name)


def exists(local: datetime, tz: ZoneInfo) -> bool:
    """False for a wall-clock time skipped when the clocks go forward."""
    aware = local.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local


def localize(local: datetime, tz: ZoneInfo) -> datetime:
    """Attach `tz` to a wall-clock time; strict: a skipped time is Invalid.

    An ambiguous time (the repeated hour when clocks go back) means the first of the two, as
    RFC 5545 says; zoneinfo's fold=0 is exactly that.
    """
    if not exists(local, tz):
        before = local.replace(tzinfo=tz, fold=0).utcoffset()
        after = local.replace(tzinfo=tz, fold=1).utcoffset()
        assert before is not None and after is not None  # a ZoneInfo always has an offset
        gap = abs(before - after)
        raise Invalid(
            f"{local:%Y-%m-%d %H:%M} does not exist in {tz.key}: the clocks go forward "
            f"{_hours(gap)} that night, skipping that time; choose a time outside the gap"
        )
    return local.replace(tzinfo=tz, fold=0)


def _hours(gap) -> str:
    minutes = int(gap.total_seconds() // 60)
    return "one hour" if minutes == 60 else f"{minutes} minutes"


def _offset(moment: datetime, tz: ZoneInfo) -> timedelta:
    """The zone's offset from UTC at an instant (a ZoneInfo always has one)."""
    offset = moment.astimezone(tz).utcoffset()
    assert offset is not None
    return offset


@cache
def gap_times(tz: ZoneInfo) -> frozenset[tuple[time, time]]:
    """The times of day (start inclusive, end exclusive) that some spring-forward gap of `tz`
    skipped, from 1970 to 2100: found day by day at noon, then to the minute."""
    gaps = set()
    day = datetime(values.FIRST_YEAR, 1, 1, 12, tzinfo=UTC)
    end = datetime(values.LAST_YEAR + 1, 1, 1, 12, tzinfo=UTC)
    before = _offset(day, tz)
    while day < end:
        following = day + timedelta(days=1)
        after = _offset(following, tz)
        if after > before:  # the clocks went forward: find the minute
            low, high = day, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (
                    (middle, high)
                    if _offset(middle, tz) == before
                    else (
                        low,
                        middle,
                    )
                )
            wall = (high + before).replace(tzinfo=None, second=0, microsecond=0)
            skipped = after - before
            if (wall + skipped).date() == wall.date():
                gaps.add((wall.time(), (wall + skipped).time()))
            else:  # across midnight: to the end of the day, and from its start
                gaps.add((wall.time(), time.max))
                gaps.add((time(0), (wall + skipped).time()))
        before = after
        day = following
    return frozenset(gaps)
