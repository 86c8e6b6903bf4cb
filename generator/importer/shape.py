"""Say a feed event in the hub's format: the front-matter values (as raw YAML values, the way the
file holds them) and the description. A repeating event stays a series (`repeat:` in words where
they fit, else `rrule:`, with `except`, `also` and `occurrences`) only when the hub's own expansion
of it equals the feed's, date for date, over the years compared; otherwise its dates in the import
window are listed one by one, and the file says so. A changed date whose title, description or place
differs from its series becomes an event of its own. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from generator.content.recurrence import BYDAY, WEEKDAYS, expand
from generator.content.values import slugify
from generator.importer.parse import FeedEvent
from generator.models import UTC, Event, Partner, Site, Venue

ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
FREQ_WORDS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
RRULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST", "UNTIL"}
MAX_COMPARED = 3000  # occurrences compared to prove a series says the same as the feed
MARKDOWN = re.compile(r"([\\`*_\[\]])")  # what Python-Markdown lets a backslash escape


@dataclass(frozen=True)
class Defaults:
    """A partner's `feed_defaults`, applied to every event imported from its feed."""

    audiences: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    location: str | None = None  # a venue or partner slug
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hub:
    """What shaping needs to know about the hub."""

    site: Site
    partner: Partner
    defaults: Defaults
    places: dict[str, Venue | Partner]  # by slug
    window: tuple[datetime, datetime]  # the dates listed one by one: [start, end)


@dataclass
class Shaped:
    fields: dict[str, Any]  # owned front-matter keys -> raw values (None: no value)
    body: str
    comment: str | None = None  # why the dates are listed one by one
    detached: list[tuple[str, FeedEvent]] = field(default_factory=list)  # (identity, event)
    occurrences: list[tuple] = field(default_factory=list)  # the feed's own, in the window


Validate = Any  # callable(fields, body) -> Event | None: the real checker's model of a candidate


def shape(event: FeedEvent, hub: Hub, validate: Validate) -> Shaped:
    common = _common(event, hub)
    body = markdown_text(event.description)
    if event.rrule is None and not event.rdates:
        return Shaped({**common, **_single(event, hub.site)}, body)
    shaped = Shaped(dict(common), body)
    series, detached, reason = _series(event, hub.site)
    truth = feed_occurrences(event, detached, _compare_window(event, hub))
    if series is not None:
        candidate = validate({**common, **series}, body)
        if candidate is not None and _model_occurrences(candidate, _compare_window(event, hub)) == (
            truth
        ):
            shaped.fields.update(series)
            shaped.detached = detached
            return shaped
        reason = reason or "the hub's format cannot say it exactly"
    listed = feed_occurrences(event, detached, hub.window)
    shaped.detached = detached
    if not listed:
        shaped.fields = {}
        return shaped
    one_by_one, extra = _listed(event, listed, hub.site)
    shaped.fields.update(one_by_one)
    shaped.detached += extra
    first, last = listed[0][0], listed[-1][0]
    shaped.comment = (
        f"The partner's calendar repeats this event in a way the hub cannot write ({reason}), "
        f"so its dates from {_day(first)} to {_day(last)} are listed one by one; each import "
        f"brings the list up to date."
    )
    return shaped


# -- values shared by every kind of event --------------------------------------------------------


def _common(event: FeedEvent, hub: Hub) -> dict[str, Any]:
    partner, defaults, site = hub.partner, hub.defaults, hub.site
    fields: dict[str, Any] = {"title": event.title}
    location, online = _where(event, hub)
    fields["location"] = location
    fields["online"] = online
    fields["registration"] = event.url
    fields["partners"] = [partner.slug]
    categories = list(defaults.categories)
    labels = {slugify(label): key for key, label in site.categories.items()}
    for name in event.categories:
        key = name if name in site.categories else labels.get(slugify(name))
        if key and key not in categories:
            categories.append(key)
    for name, values in (
        ("audiences", list(defaults.audiences)),
        ("categories", categories),
        ("languages", list(defaults.languages)),
        ("access", list(defaults.access)),
    ):
        fields[name] = values or None
    fields["status"] = "cancelled" if event.cancelled else None
    return fields


def _where(event: FeedEvent, hub: Hub) -> tuple[Any, str | None]:
    text = event.location
    fallback = hub.defaults.location or hub.partner.slug
    if not text:
        return fallback, None
    if re.fullmatch(r"https://\S+", text):
        return hub.defaults.location, text
    wanted = slugify(text)
    for slug, known in sorted(hub.places.items()):
        name = slugify(known.name)
        if name and (wanted == name or wanted.startswith(name + "-") or wanted == slug):
            return slug, None
    name, _, address = text.partition(",")
    place: dict[str, Any] = {"name": name.strip() or text}
    if address.strip():
        place["address"] = address.strip()
    if event.geo is not None:
        place["geo"] = [f"{event.geo[0]:g}", f"{event.geo[1]:g}"]
    return place, None


def markdown_text(text: str) -> str:
    """Plain text that Markdown shows as written: no links, emphasis, headings or HTML from a
    feed, whatever it contains."""
    lines = []
    for line in text.split("\n"):
        line = MARKDOWN.sub(r"\\\1", line.replace("&", "&amp;").replace("<", "&lt;"))
        line = re.sub(r"^(\s*)([#>+]|=+\s*$|-{3,}\s*$|\d+\.\s)", lambda m: m[1] + "\\" + m[2], line)
        lines.append(line)
    return "\n".join(lines)


# -- single events ------------------------------------------------------------------------------


def _single(event: FeedEvent, site: Site) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    fields["timezone"] = None if event.zone.key == site.timezone.key else event.zone.key
    fields["start"] = moment_text(event.starts_at)
    fields["end"] = _end_text(event.starts_at, event.ends_at)
    fields["repeat"] = fields["occurrences"] = None
    return fields


def moment_text(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return f"{moment:%Y-%m-%d %H:%M}" + (f":{moment:%S}" if moment.second else "")
    return moment.isoformat()


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}" + (f":{moment:%S}" if moment.second else "")


def _end_text(start: datetime | date, end: datetime | date) -> str | None:
    """`end` as the hub writes it: a time on the same day, else a date and time; for an all-day
    event the last day (inclusive), left out for one day."""
    if not isinstance(start, datetime):
        last = end - timedelta(days=1)
        return None if last <= start else last.isoformat()
    if end == start:
        return None  # the feed gives no length: the hub's default length applies
    assert isinstance(end, datetime)  # a timed event ends at a time
    if end.date() == start.date():
        return _clock(end)
    return moment_text(end)


# -- series -------------------------------------------------------------------------------------


def _series(event: FeedEvent, site: Site) -> tuple[dict[str, Any] | None, list, str]:
    """The series' front-matter, the changed dates that become events of their own, and why the
    series cannot be kept when it cannot (else "")."""
    fields: dict[str, Any] = {
        "timezone": None if event.zone.key == site.timezone.key else event.zone.key,
        "start": moment_text(event.starts_at),
        "end": _end_text(event.starts_at, event.ends_at),
    }
    detached: list[tuple[str, FeedEvent]] = []
    if event.rdate_periods:
        return None, detached, "some dates have lengths of their own"
    parts = _parts(event.rrule or "FREQ=DAILY;COUNT=1")
    unknown = set(parts) - RRULE_PARTS - {"COUNT"}
    if unknown:
        return None, detached, f"its rule uses {', '.join(sorted(unknown))}"
    if "UNTIL" in parts and "COUNT" in parts:
        return None, detached, "its rule has both UNTIL and COUNT"
    clock = _wall(event.starts_at).time()
    rule_dates = set(_rule_dates(event, limit=MAX_COMPARED))
    repeat = _words(parts, event) if event.rrule else None
    if repeat is None:
        repeat = {"rrule": _rrule_text(parts, event)}
    series_days = {moment.date() for moment in rule_dates}
    except_days = sorted(
        {_as_date(day) for day in event.exdates if _at(day, clock, event) in rule_dates}
    )
    also: list[date] = []
    changes: dict[str, Any] = {}
    start_day = _wall(event.starts_at).date()
    for rdate in sorted(set(event.rdates), key=_sort_key):
        day = _as_date(rdate)
        if rdate in event.exdates or _at(rdate, clock, event) in rule_dates:
            continue
        if day in series_days or day in also or day < start_day:
            return None, detached, "an extra date falls on a day the series already has"
        also.append(day)
        if isinstance(rdate, datetime) and rdate.time() != clock:
            changes[day.isoformat()] = {"start": _clock(rdate)}
    series_starts = {moment for moment in rule_dates if moment.date() not in except_days}
    series_starts |= {_at(day, clock, event) for day in also}
    for recurrence_id, override in sorted(event.overrides.items(), key=lambda i: _sort_key(i[0])):
        if recurrence_id in event.exdates:
            continue
        moment = _at(recurrence_id, clock, event)
        if moment not in series_starts:
            matches = [s for s in series_starts if s.date() == _as_date(recurrence_id)]
            if len(matches) != 1:
                detached.append((_identity(event, recurrence_id), override))
                continue
            moment = matches[0]
        day = moment.date()
        if override.cancelled:
            changes[day.isoformat()] = {"status": "cancelled"}
            continue
        if _differs(event, override):
            detached.append((_identity(event, recurrence_id), override))
            if day in also:
                also.remove(day)
                changes.pop(day.isoformat(), None)
            else:
                except_days.append(day)
            continue
        change = _moved(event, override, moment)
        if change:
            changes[day.isoformat()] = change
    if except_days:
        repeat["except"] = sorted(set(except_days))
        repeat["except"] = [day.isoformat() for day in repeat["except"]]
    if also:
        repeat["also"] = [day.isoformat() for day in sorted(also)]
    fields["repeat"] = repeat
    fields["occurrences"] = {key: changes[key] for key in sorted(changes)} or None
    return fields, detached, ""


def _identity(event: FeedEvent, recurrence_id) -> str:
    return f"{event.uid or event.title}#{_sort_key(recurrence_id)}"


def _differs(master: FeedEvent, override: FeedEvent) -> bool:
    return (
        override.title != master.title
        or override.description != master.description
        or override.location != master.location
        or override.url != master.url
        or override.all_day != master.all_day
    )


def _moved(master: FeedEvent, override: FeedEvent, series_start: datetime) -> dict[str, str]:
    """The `occurrences` change for a date whose times the feed changed."""
    change: dict[str, str] = {}
    if master.all_day:
        first, after = _days(override)
        if first != series_start.date():
            change["start"] = first.isoformat()
        if after - first != _days(master)[1] - _days(master)[0]:
            change["end"] = (after - timedelta(days=1)).isoformat()
        return change
    start, end = (moment.astimezone(master.zone) for moment in _moments(override))
    usual = _span(master)
    if start.replace(tzinfo=None) != series_start:
        change["start"] = (
            _clock(start) if start.date() == series_start.date() else moment_text(start)
        )
    if end.astimezone(UTC) - start.astimezone(UTC) != usual or "start" in change and end == start:
        if end != start:
            change["end"] = _clock(end) if end.date() == start.date() else moment_text(end)
    return change


def _parts(rule: str) -> dict[str, str]:
    parts = {}
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key:
            parts[key.strip().upper()] = value.strip().upper()
    return parts


def _words(parts: dict[str, str], event: FeedEvent) -> dict[str, Any] | None:
    """`every`, `interval`, `on`, `until`/`count` when they say the rule exactly, else None."""
    freq = parts.get("FREQ")
    if freq not in FREQ_WORDS:
        return None
    rest = {k: v for k, v in parts.items() if k not in ("FREQ", "INTERVAL", "UNTIL", "COUNT")}
    interval = int(parts.get("INTERVAL", "1") or "1")
    byday = [day for day in rest.pop("BYDAY", "").split(",") if day]
    wkst = rest.pop("WKST", "MO")
    start = _wall(event.starts_at)
    repeat: dict[str, Any] = {"every": FREQ_WORDS[freq]}
    if interval != 1:
        repeat["interval"] = str(interval)
    if freq == "WEEKLY" and not rest:
        if any(day not in BYDAY for day in byday):
            return None
        if wkst != "MO" and interval > 1 and len(byday) > 1:
            return None  # the week's first day changes which weeks count
        if byday and byday != [BYDAY[start.weekday()]]:
            repeat["on"] = [WEEKDAYS[BYDAY.index(day)] for day in byday]
    elif freq == "MONTHLY" and byday and not rest:
        words = []
        for day in byday:
            match = re.fullmatch(r"([+-]?\d)([A-Z]{2})", day)
            if not match or int(match[1]) not in ORDINAL_WORDS or match[2] not in BYDAY:
                return None
            words.append(f"{ORDINAL_WORDS[int(match[1])]} {WEEKDAYS[BYDAY.index(match[2])]}")
        repeat["on"] = words
    elif freq == "MONTHLY" and not byday and set(rest) <= {"BYMONTHDAY"}:
        days = [day for day in rest.get("BYMONTHDAY", "").split(",") if day]
        if any(not re.fullmatch(r"-1|[1-9]|[12]\d|3[01]", day) for day in days):
            return None
        if days and days != [str(start.day)]:
            repeat["on"] = ["last day" if day == "-1" else day for day in days]
    elif freq == "YEARLY" and not byday:
        if rest.get("BYMONTH", str(start.month)) != str(start.month):
            return None
        if rest.get("BYMONTHDAY", str(start.day)) != str(start.day):
            return None
        if set(rest) - {"BYMONTH", "BYMONTHDAY"}:
            return None
    elif freq == "DAILY" and not byday and not rest:
        pass
    else:
        return None
    if "COUNT" in parts:
        repeat["count"] = parts["COUNT"]
    elif "UNTIL" in parts:
        last = _last_date(event)
        if last is None:
            return None
        repeat["until"] = last.isoformat()
    return repeat


def _rrule_text(parts: dict[str, str], event: FeedEvent) -> str:
    text = ";".join(f"{k}={v}" for k, v in parts.items() if k not in ("UNTIL", "COUNT"))
    if "COUNT" in parts:
        return f"{text};COUNT={parts['COUNT']}"
    if "UNTIL" in parts:
        last = _last_date(event)
        if last is not None:
            return f"{text};UNTIL={last:%Y%m%d}"
    return text


def _last_date(event: FeedEvent) -> date | None:
    dates = _rule_dates(event, limit=None)
    return dates[-1].date() if dates else None


def _rule_dates(event: FeedEvent, limit: int | None) -> list[datetime]:
    """The rule's own starts (naive local), DTSTART first as RFC 5545 counts it; a rule with no
    end stops after `limit` dates."""
    if not event.rrule:
        return [_wall(event.starts_at)]
    start = _wall(event.starts_at)
    try:
        rule = rrulestr(event.rrule, dtstart=start, ignoretz=True)
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return [start]
    found = []
    for moment in rule:
        found.append(moment)
        if limit is not None and len(found) >= limit:
            break
        if moment.year > 2100 or len(found) > 50_000:
            break
    if start not in found:
        found.insert(0, start)  # RFC 5545: DTSTART is always the first instance
    return sorted(set(found))


# -- the feed's own occurrences, and the hub's ---------------------------------------------------


def feed_occurrences(
    event: FeedEvent, detached: list[tuple[str, FeedEvent]], window: tuple[datetime, datetime]
) -> list[tuple]:
    """(start, end, cancelled) of the series' dates overlapping `window` (RFC 5545: DTSTART,
    RRULE and RDATE dates, less EXDATE, changed by overrides), leaving out detached dates."""
    clock = _wall(event.starts_at).time()
    starts = set(_rule_dates(event, limit=MAX_COMPARED if _open(event) else None))
    starts |= {
        _at(day, clock, event) if not isinstance(day, datetime) else day for day in event.rdates
    }
    starts -= {
        _at(day, clock, event) if not isinstance(day, datetime) else day for day in event.exdates
    }
    gone = {key.split("#", 1)[1] for key, _ in detached}
    found = []
    for start in sorted(starts):
        override = _override_for(event, start)
        if override is not None and str(_sort_key(override.recurrence_id)) in gone:
            continue
        if override is not None:
            begin, end = _aware_pair(override.starts_at, override.ends_at, event)
            cancelled = override.cancelled or event.cancelled
        else:
            begin, end = _series_pair(event, start)
            cancelled = event.cancelled
        if _overlaps(begin, end, window, event):
            found.append((begin, end, cancelled))
    return sorted(found, key=lambda item: _instant(item[0], event))


def _override_for(event: FeedEvent, start: datetime) -> FeedEvent | None:
    key: datetime | date = start.date() if event.all_day else start
    override = event.overrides.get(key)
    if override is None:
        matches = [o for k, o in event.overrides.items() if _as_date(k) == start.date()]
        override = matches[0] if len(matches) == 1 and isinstance(key, datetime) else None
    return override


def _model_occurrences(model: Event, window: tuple[datetime, datetime]) -> list[tuple]:
    found = []
    for occurrence in expand(model, *window):
        if occurrence.all_day:
            begin, end = occurrence.starts_at, occurrence.ends_at + timedelta(days=1)
        else:
            begin, end = occurrence.starts_at, occurrence.ends_at
        found.append((begin, end, occurrence.cancelled))
    return sorted(found, key=lambda item: _instant(item[0], model))


def _compare_window(event: FeedEvent, hub: Hub) -> tuple[datetime, datetime]:
    """Where a series must agree with the feed: from its first date to two years past the import
    window (a series with an end: to its end)."""
    begin = datetime.combine(_wall(event.starts_at).date(), time(), UTC) - timedelta(days=2)
    return min(begin, hub.window[0]), hub.window[1] + timedelta(days=731)


def _open(event: FeedEvent) -> bool:
    rule = event.rrule or ""
    return bool(rule) and "UNTIL=" not in rule and "COUNT=" not in rule


def _days(event: FeedEvent) -> tuple[date, date]:
    """An all-day event's first day and the day after its last (exclusive, as in iCalendar)."""
    assert not isinstance(event.starts_at, datetime) and not isinstance(event.ends_at, datetime)
    return event.starts_at, event.ends_at


def _moments(event: FeedEvent) -> tuple[datetime, datetime]:
    """A timed event's start and end (aware)."""
    assert isinstance(event.starts_at, datetime) and isinstance(event.ends_at, datetime)
    return event.starts_at, event.ends_at


def _span(event: FeedEvent) -> timedelta:
    start, end = _moments(event)
    return end.astimezone(UTC) - start.astimezone(UTC)


def _series_pair(event: FeedEvent, start: datetime):
    if event.all_day:
        first, after = _days(event)
        return start.date(), start.date() + (after - first)
    begin = start.replace(tzinfo=event.zone, fold=0).astimezone(UTC).astimezone(event.zone)
    length = _span(event)
    if length <= timedelta(0):
        length = timedelta(0)
    return begin, (begin.astimezone(UTC) + length).astimezone(event.zone)


def _aware_pair(start, end, event: FeedEvent):
    if isinstance(start, datetime):
        return start.astimezone(event.zone), end.astimezone(event.zone)
    return start, end


def _overlaps(begin, end, window, event: FeedEvent) -> bool:
    start_instant, end_instant = _instant(begin, event), _instant(end, event)
    if end_instant == start_instant:
        end_instant += timedelta(minutes=1)
    return end_instant > window[0] and start_instant < window[1]


def _instant(moment, event) -> datetime:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC)
    zone = event.zone if isinstance(event, FeedEvent) else event.timezone
    return datetime.combine(moment, time(), zone).astimezone(UTC)


# -- dates listed one by one ----------------------------------------------------------------------


def _listed(event: FeedEvent, listed: list[tuple], site: Site) -> tuple[dict[str, Any], list]:
    """A series that lists its dates: the first as `start`, the rest under `repeat.also`, with
    `occurrences` for other times and cancelled dates. A second date on one day becomes an event
    of its own."""
    first_start, first_end, first_cancelled = listed[0]
    fields: dict[str, Any] = {
        "timezone": None if event.zone.key == site.timezone.key else event.zone.key,
        "start": moment_text(first_start),
        "end": _end_text(first_start, first_end),
    }
    extra = []
    also: list[str] = []
    changes: dict[str, Any] = {}
    days = {_as_date(first_start)}
    if first_cancelled:
        changes[_as_date(first_start).isoformat()] = {"status": "cancelled"}
    usual = _length(first_start, first_end)
    for begin, end, cancelled in listed[1:]:
        day = _as_date(begin)
        if day in days:
            copy = FeedEvent(event.uid, event.title, event.zone, begin, end, event.description)
            copy.location, copy.geo, copy.url = event.location, event.geo, event.url
            copy.categories, copy.cancelled = event.categories, cancelled
            extra.append((f"{event.uid or event.title}#{_sort_key(_wall(begin))}", copy))
            continue
        days.add(day)
        also.append(day.isoformat())
        change: dict[str, str] = {}
        if isinstance(begin, datetime):
            if begin.time() != first_start.time():
                change["start"] = _clock(begin)
            if _length(begin, end) != usual:
                change["end"] = _clock(end) if end.date() == begin.date() else moment_text(end)
        elif _length(begin, end) != usual:
            change["end"] = (end - timedelta(days=1)).isoformat()
        if cancelled:
            change["status"] = "cancelled"
        if change:
            changes[day.isoformat()] = change
    repeat: dict[str, Any] = {"rrule": "FREQ=DAILY;COUNT=1"}
    if also:
        repeat["also"] = also
    fields["repeat"] = repeat
    fields["occurrences"] = changes or None
    return fields, extra


def _length(begin, end) -> timedelta:
    if isinstance(begin, datetime):
        return end.astimezone(UTC) - begin.astimezone(UTC)
    return end - begin


# -- small helpers --------------------------------------------------------------------------------


def _wall(moment: datetime | date) -> datetime:
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=None)
    return datetime.combine(moment, time())


def _as_date(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _at(moment: datetime | date, clock: time, event: FeedEvent) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, clock if not event.all_day else time())


def _sort_key(moment: datetime | date | None) -> str:
    return moment.isoformat() if moment is not None else "None"


def _day(moment: datetime | date) -> str:
    return _as_date(moment).isoformat()


def zone_of(event: FeedEvent) -> ZoneInfo:
    return event.zone
