"""What the content says, worked out independently of the generator: every date of every event, as
the format documents it (docs/format.md), from the files' own text.

Shares no code with generator/: the front-matter is read with PyYAML's BaseLoader (every value text),
series are expanded with dateutil's rrule from the words staff write, and times are placed with
zoneinfo. The feed tests compare what calendar apps read with this, and the browser test what
patrons see. Only what the sample hub and the test hubs use is understood; anything else fails
loudly rather than being guessed.

Each date of a series reads its times as a one-off event written on that date would: a start in a
spring-forward gap moves on by the gap, a time repeated when the clocks go back is the first one,
and the end is the written end on the wall clock (changed dates keep the usual length).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr, weekday

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
EVERY = {"day": DAILY, "week": WEEKLY, "month": MONTHLY, "year": YEARLY}


@dataclass(frozen=True)
class Hub:
    zone: ZoneInfo
    host: str
    horizon_months: int
    default_length: timedelta
    events: dict[str, Event]
    partners: dict[str, dict]
    venues: dict[str, dict]


@dataclass(frozen=True)
class Event:
    slug: str
    title: str
    uid: str
    zone: ZoneInfo
    data: dict  # the front-matter, as text
    dates: tuple[Date, ...]
    series: bool
    open_ended: bool

    @property
    def cancelled(self) -> bool:
        return self.data.get("status") == "cancelled"

    def words(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]

    @property
    def partners(self) -> list[str]:
        return [p["partner"] if isinstance(p, dict) else p for p in self.words("partners")]


@dataclass(frozen=True)
class Date:
    """One date of an event. start and end are aware datetimes (an all-day date: midnight to the
    midnight after its last day, in the event's zone); `day` is the date staff wrote about."""

    start: datetime
    end: datetime
    all_day: bool
    cancelled: bool
    location: str | None
    irregular: bool  # an extra date, or one written under `occurrences`
    note: str | None = None
    first_day: date = field(default=date.min)
    last_day: date = field(default=date.min)


def read_hub(content: Path, drafts: bool = False) -> Hub:
    site = tomllib.loads((content / "site.toml").read_text(encoding="utf-8"))
    zone = ZoneInfo(site["timezone"])
    host = re.match(r"https?://([^/:]+)", site["base_url"])[1]
    length = _length(site.get("default_duration", "1h"))
    partners = {p.stem: _front(p) for p in _originals(content / "partners", "*.md")}
    venues = {p.stem: _front(p) for p in _originals(content / "venues", "*.md")}
    events = {}
    for path in _originals(content / "events", "**/*.md"):
        data = _front(path)
        if data.get("draft") in ("true", "True") and not drafts:
            continue
        events[path.stem] = _event(path.stem, data, zone, host, length)
    partners = {
        slug: p for slug, p in partners.items() if drafts or p.get("draft") not in ("true", "True")
    }
    return Hub(zone, host, site.get("horizon_months", 6), length, events, partners, venues)


def _originals(folder: Path, pattern: str) -> list[Path]:
    """The content files, without their translations (<name>.<code>.md: only text, no dates)."""
    return [path for path in sorted(folder.glob(pattern)) if "." not in path.stem]


def _front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---\n")[1], Loader=yaml.BaseLoader) or {}


def _length(text: str) -> timedelta:
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?", text)
    return timedelta(hours=int(match[1] or 0), minutes=int(match[2] or 0))


def wall(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time: the first of two, or moved on by a gap."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def _moment(text: str) -> datetime | date:
    text = text.strip().replace("T", " ")
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return date.fromisoformat(text)
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


def _event(slug: str, data: dict, site_zone: ZoneInfo, host: str, default: timedelta) -> Event:
    zone = ZoneInfo(data["timezone"]) if "timezone" in data else site_zone
    start = _moment(data["start"])
    all_day = not isinstance(start, datetime)
    if all_day:
        last = _moment(data["end"]) if "end" in data else start
        span = last - start
    elif "end" in data:
        written = data["end"].strip()
        end = (
            datetime.combine(start.date(), time.fromisoformat(written))
            if re.fullmatch(r"\d{1,2}:\d\d", written)
            else _moment(written)
        )
        span = end - start  # wall-clock length
    else:  # the site's default length, by the clock that passes
        end_local = (wall(start, zone).astimezone(UTC) + default).astimezone(zone)
        span = end_local.replace(tzinfo=None) - start
    repeat = data.get("repeat")
    changes = data.get("occurrences") or {}
    cancelled = data.get("status") == "cancelled"
    location = data.get("location") if isinstance(data.get("location"), str) else None
    dates = []
    if repeat is None:
        dates.append(_date(start, span, zone, all_day, cancelled, location, None, False))
    else:
        for local, irregular in _series(start, repeat):
            change = changes.get(local.date().isoformat(), {})
            dates.append(
                _date(
                    local,
                    span,
                    zone,
                    all_day,
                    cancelled or change.get("status") == "cancelled",
                    change.get("location") or location,
                    change,
                    irregular or bool(change),
                )
            )
    uid = data.get("uid") or f"{slug}@{host}"
    open_ended = (
        repeat is not None
        and not any(key in repeat for key in ("until", "count"))
        and not re.search(r"UNTIL|COUNT", repeat.get("rrule", ""))
    )
    return Event(
        slug,
        data["title"],
        uid,
        zone,
        data,
        tuple(sorted(dates, key=lambda d: d.start)),
        repeat is not None,
        open_ended,
    )


def _date(local, span, zone, all_day, cancelled, location, change, irregular) -> Date:
    change = change or {}
    note = change.get("note")
    if all_day:
        day = local.date() if isinstance(local, datetime) else local
        if "start" in change:
            day = _moment(change["start"])
        last = _moment(change["end"]) if "end" in change else day + span
        start = datetime.combine(day, time(), zone)
        end = datetime.combine(last + timedelta(days=1), time(), zone)
        return Date(start, end, True, cancelled, location, irregular, note, day, last)
    start_local = local
    if "start" in change:
        written = change["start"].strip()
        start_local = (
            datetime.combine(local.date(), time.fromisoformat(written))
            if re.fullmatch(r"\d{1,2}:\d\d", written)
            else _moment(written)
        )
    start = wall(start_local, zone)
    if "end" in change:
        written = change["end"].strip()
        end_local = (
            datetime.combine(start.date(), time.fromisoformat(written))
            if re.fullmatch(r"\d{1,2}:\d\d", written)
            else _moment(written)
        )
        end = wall(end_local, zone)
    else:
        end = wall(start.replace(tzinfo=None) + span, zone)
    return Date(start, end, False, cancelled, location, irregular, note, start.date(), end.date())


def _series(start, repeat: dict) -> list[tuple[datetime, bool]]:
    """The series' own dates (naive local) and whether each is an extra one."""
    first = start if isinstance(start, datetime) else datetime.combine(start, time())
    last_possible = datetime(2100, 12, 31, 23, 59)
    if "rrule" in repeat:
        text = repeat["rrule"].removeprefix("RRULE:")
        if "UNTIL=" in text:
            text = re.sub(r"UNTIL=(\d{8})\b", r"UNTIL=\1T235959", text)
        elif "COUNT=" not in text:
            text += f";UNTIL={last_possible:%Y%m%dT%H%M%S}"
        rule = rrulestr(text, dtstart=first)
    else:
        kwargs = {"dtstart": first, "interval": int(repeat.get("interval", 1))}
        on = repeat.get("on")
        on = [on] if isinstance(on, str) else on
        if on:
            days, numbers = [], []
            for word in on:
                word = word.strip().lower()
                if word in WEEKDAYS:
                    days.append(WEEKDAYS.index(word))
                elif word.isdigit() or word.lstrip("-").isdigit():
                    numbers.append(int(word))
                elif word == "last day":
                    numbers.append(-1)
                else:
                    nth, name = word.split()
                    days.append(weekday(WEEKDAYS.index(name), NTH[nth]))
            if days:
                kwargs["byweekday"] = days
            if numbers:
                kwargs["bymonthday"] = numbers
        if "count" in repeat:
            kwargs["count"] = int(repeat["count"])
        else:
            until = repeat.get("until")
            kwargs["until"] = (
                datetime.combine(date.fromisoformat(until), time(23, 59, 59))
                if until
                else last_possible
            )
        rule = rrule(EVERY[repeat["every"]], **kwargs)
    skipped = {date.fromisoformat(d) for d in _list(repeat.get("except"))}
    found = [(moment, False) for moment in rule if moment.date() not in skipped]
    found += [
        (datetime.combine(date.fromisoformat(d), first.time()), True)
        for d in _list(repeat.get("also"))
    ]
    return sorted(found)


def _list(value) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def in_window(event: Event, start: datetime, end: datetime) -> list[Date]:
    """The event's dates overlapping [start, end)."""
    return [d for d in event.dates if d.end > start and d.start < end]
