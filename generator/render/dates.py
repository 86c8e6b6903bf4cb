"""Dates and times as patrons read them ("Wednesday, December 2", "3:30 pm"). Pure, English, and
independent of the machine's locale so that every build is the same."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from generator.content.recurrence import bounds
from generator.models import Occurrence


def day(value: date, with_year: bool = True) -> str:
    text = f"{value:%A}, {value:%B} {value.day}"
    return f"{text}, {value.year}" if with_year else text


def month_year(value: date) -> str:
    """'December 2026'."""
    return f"{value:%B} {value.year}"


def calendar_day(value: date) -> str:
    """'July 1, 2026': a date without its weekday."""
    return f"{value:%B} {value.day}, {value.year}"


def short_day(value: date) -> str:
    return f"{value:%a} {value:%b} {value.day}"


def clock(value: datetime) -> str:
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "noon"
    return f"{hour}:{value.minute:02d} {suffix}" if value.minute else f"{hour} {suffix}"


def time_range(occurrence: Occurrence) -> str:
    """'3:30 pm – 5:30 pm', 'All day', 'Mar 6 – Mar 8', or '9 pm – 12:30 am (Jan 1)'."""
    if occurrence.all_day:
        if occurrence.ends_at == occurrence.starts_at:
            return "All day"
        return f"All day, {short_day(occurrence.starts_at)} – {short_day(occurrence.ends_at)}"
    start, end = occurrence.starts_at, occurrence.ends_at
    assert isinstance(start, datetime) and isinstance(end, datetime)
    tail = "" if end.date() == start.date() else f" ({short_day(end.date())})"
    return f"{clock(start)} – {clock(end)}{tail}"


def when(occurrence: Occurrence) -> str:
    """The full date and time with the zone named: 'Wednesday, December 2, 2026, 3:30 pm – 5:30 pm
    CST'."""
    start = occurrence.starts_at
    if occurrence.all_day:
        if occurrence.ends_at == start:
            return f"{day(start)} (all day)"
        return f"{day(start)} to {day(occurrence.ends_at)} (all day)"
    assert isinstance(start, datetime)
    return f"{day(start.date())}, {time_range(occurrence)} {start.tzname()}"


def iso(value: date | datetime) -> str:
    """For <time datetime> and structured data: 2026-12-02T15:30:00-06:00 or 2026-12-02."""
    return value.isoformat()


def days_of(occurrence: Occurrence) -> list[date]:
    """The local days an occurrence touches (an event past midnight belongs to its first day only)."""
    start, end = occurrence.starts_at, occurrence.ends_at
    if isinstance(start, datetime):
        return [start.date()]
    count = (end - start).days + 1  # type: ignore[operator]  # both dates
    return [start + timedelta(days=i) for i in range(count)]


def ended(occurrence: Occurrence, now: datetime) -> bool:
    return bounds(occurrence)[1] <= now
