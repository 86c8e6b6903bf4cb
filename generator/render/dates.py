"""Dates and times as patrons read them ("Wednesday, December 2", "3:30 pm"), in the language the page
is being made in (translate/language.py): English as written here, every other language by CLDR's
rules. Pure, and independent of the machine's locale so that every build is the same."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from generator.content.recurrence import bounds
from generator.models import Occurrence
from generator.translate.language import _, current


def day(value: date, with_year: bool = True) -> str:
    language = current()
    if not language.english:
        return language.day(value, with_year)
    text = f"{value:%A}, {value:%B} {value.day}"
    return f"{text}, {value.year}" if with_year else text


def month_year(value: date) -> str:
    """'December 2026'."""
    if not current().english:
        return current().month_year(value)
    return f"{value:%B} {value.year}"


def calendar_day(value: date) -> str:
    """'July 1, 2026': a date without its weekday."""
    if not current().english:
        return current().calendar_day(value)
    return f"{value:%B} {value.day}, {value.year}"


def short_day(value: date) -> str:
    if not current().english:
        return current().short_day(value)
    return f"{value:%a} {value:%b} {value.day}"


def clock(value: datetime) -> str:
    if not current().english:
        return current().clock(value)
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "noon"
    return f"{hour}:{value.minute:02d} {suffix}" if value.minute else f"{hour} {suffix}"


def time_range(occurrence: Occurrence, zone: ZoneInfo | None = None) -> str:
    """'3:30 pm – 5:30 pm', 'All day', 'Mar 6 – Mar 8', or '9 pm – 12:30 am (Jan 1)': the times
    on the clocks of `zone` (the hub's), or of the event's own zone."""
    if occurrence.all_day:
        first, last = occurrence.days()
        if first == last:
            return _("All day")
        return _("All day, %(first)s – %(last)s") % {
            "first": short_day(first),
            "last": short_day(last),
        }
    start, end = (_in(moment, zone) for moment in occurrence.times())
    tail = "" if end.date() == start.date() else f" ({short_day(end.date())})"
    if not current().english:
        return current().clock_range(start, end) + tail
    return f"{clock(start)} – {clock(end)}{tail}"


def elsewhere(occurrence: Occurrence, zone: ZoneInfo) -> str | None:
    """For an event in another time zone than the hub's, its times there, labelled:
    '7 pm – 8 pm New York time' (with its day there too when that is another day)."""
    own = occurrence.event.timezone
    if occurrence.all_day or own.key == zone.key:
        return None
    start = occurrence.times()[0]
    here = _in(start, zone)
    other_day = "" if start.date() == here.date() else f" {short_day(start.date())}"
    return _("%(times)s%(other_day)s %(zone)s time") % {
        "times": time_range(occurrence),
        "other_day": other_day,
        "zone": zone_name(own),
    }


def zone_name(zone: ZoneInfo) -> str:
    """'America/New_York' -> 'New York'; 'Australia/Lord_Howe' -> 'Lord Howe' (in Spanish,
    'Nueva York', where CLDR names the city)."""
    english = zone.key.rsplit("/", 1)[-1].replace("_", " ")
    language = current()
    return english if language.english else language.city(zone.key, english)


def when(occurrence: Occurrence, zone: ZoneInfo | None = None) -> str:
    """The full date and time with the zone named, on the hub's clocks first: 'Wednesday,
    December 2, 2026, 3:30 pm – 5:30 pm CST', then for an event elsewhere its own time:
    '..., 6 pm – 7 pm CST (7 pm – 8 pm EST, New York time)'."""
    if occurrence.all_day:
        first, last = occurrence.days()
        if first == last:
            return _("%(day)s (all day)") % {"day": day(first)}
        return _("%(first)s to %(last)s (all day)") % {"first": day(first), "last": day(last)}
    start = occurrence.times()[0]
    here = _in(start, zone)
    text = _("%(day)s, %(times)s %(zone)s") % {
        "day": day(here.date()),
        "times": time_range(occurrence, zone),
        "zone": here.tzname(),
    }
    own_zone = occurrence.event.timezone
    if zone is not None and zone.key != own_zone.key:
        own = time_range(occurrence)
        other_day = "" if start.date() == here.date() else f" {short_day(start.date())}"
        text += " " + _("(%(times)s%(other_day)s %(abbreviation)s, %(zone)s time)") % {
            "times": own,
            "other_day": other_day,
            "abbreviation": start.tzname(),
            "zone": zone_name(own_zone),
        }
    return text


def _in(moment: datetime, zone: ZoneInfo | None) -> datetime:
    return moment if zone is None else moment.astimezone(zone)


def iso(value: date | datetime) -> str:
    """For <time datetime> and structured data: 2026-12-02T15:30:00-06:00 or 2026-12-02."""
    return value.isoformat()


def days_of(occurrence: Occurrence, zone: ZoneInfo) -> list[date]:
    """The hub's days an occurrence is on (an event past midnight belongs to its first day only;
    an event in another zone to the hub's day it starts on)."""
    if occurrence.all_day:
        first, last = occurrence.days()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [occurrence.times()[0].astimezone(zone).date()]


def first_day(occurrence: Occurrence, zone: ZoneInfo) -> date:
    """The hub's day an occurrence starts on (an all-day date is that date)."""
    if occurrence.all_day:
        return occurrence.days()[0]
    return occurrence.times()[0].astimezone(zone).date()


def ended(occurrence: Occurrence, now: datetime) -> bool:
    return bounds(occurrence)[1] <= now


WEEK_HEADER = (
    ("Sunday", "Sun"),
    ("Monday", "Mon"),
    ("Tuesday", "Tue"),
    ("Wednesday", "Wed"),
    ("Thursday", "Thu"),
    ("Friday", "Fri"),
    ("Saturday", "Sat"),
)


def week_header() -> list[tuple[str, str]]:
    """A month calendar's column headings from Sunday: (name, abbreviation)."""
    language = current()
    if language.english:
        return list(WEEK_HEADER)
    days = language.locale.days["format"]
    return [(days["wide"][n], days["abbreviated"][n]) for n in (6, 0, 1, 2, 3, 4, 5)]


def day_prefix(value: date) -> str:
    """What a month calendar's day cell says before the day's number on a phone, where the
    weeks are a list: 'Wednesday, December ' (in other languages the weekday: 'miércoles, ')."""
    language = current()
    if language.english:
        return f"{value:%A}, {value:%B} "
    return language.weekday(value.weekday()) + ", "
