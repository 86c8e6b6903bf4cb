"""Read a partner's iCalendar feed with the icalendar package into FeedEvents, repairing what
producers get wrong: Google's X-WR-TIMEZONE, Outlook's Windows zone names ("Central Standard Time",
mapped with CLDR's table as the icalendar package ships it), floating times, zones the partner says
are wrong (`feed_timezone`), missing UIDs, the same event listed twice, HTML in descriptions. Private
and confidential entries, and entries with words the partner excludes, are left out here, before
anything else sees them. Pure: bytes in, data out; bad input raises FeedUnreadable.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from icalendar import Calendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from generator.models import UTC

MAX_TITLE = 200
MAX_DESCRIPTION = 10_000
MAX_EVENTS = 20_000  # VEVENTs read from one feed; the size limit keeps it far lower in practice
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
HTML_TAG = re.compile(r"</?(a|b|i|u|br|p|div|span|ul|ol|li|strong|em|h\d|font|table)\b", re.I)
PRIVATE_CLASSES = ("PRIVATE", "CONFIDENTIAL")


class FeedUnreadable(Exception):
    """The bytes are not an iCalendar feed this importer can read; the message says why."""


@dataclass
class FeedEvent:
    """One event of a feed, its times in `zone`: aware datetimes, or dates for an all-day event
    (`ends_at` then exclusive, as in iCalendar). Series dates are naive local wall-clock times."""

    uid: str | None
    title: str
    zone: ZoneInfo
    starts_at: datetime | date
    ends_at: datetime | date
    description: str = ""
    location: str | None = None
    geo: tuple[float, float] | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    cancelled: bool = False
    rrule: str | None = None  # RRULE text as the feed gives it
    exdates: list[datetime | date] = field(default_factory=list)  # local, naive (or dates)
    rdates: list[datetime | date] = field(default_factory=list)  # local, naive (or dates)
    rdate_periods: bool = False  # an RDATE with its own length, which the hub cannot say
    overrides: dict[datetime | date, FeedEvent] = field(default_factory=dict)  # by RECURRENCE-ID
    recurrence_id: datetime | date | None = None  # for an override (local, naive, or a date)
    sequence: int = 0
    modified: datetime | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.starts_at, datetime)


@dataclass
class Feed:
    events: list[FeedEvent]
    name: str | None = None  # X-WR-CALNAME
    notes: list[str] = field(default_factory=list)  # repairs made, for the staff who review
    private: int = 0  # entries left out as private or confidential
    private_uids: set[str] = field(default_factory=set)
    excluded: int = 0  # entries left out for the partner's `exclude` words


@dataclass(frozen=True)
class Hints:
    """What the hub knows about a feed's times: the partner's `feed_timezone` (wins over the feed)
    and the site's zone (the last resort)."""

    site_zone: ZoneInfo
    feed_zone: ZoneInfo | None = None
    exclude: tuple[str, ...] = ()


def parse_feed(data: bytes, hints: Hints) -> Feed:
    text = _decode(data)
    start = text.lstrip("\ufeff \t\r\n")[:15].upper()
    if not start.startswith("BEGIN:VCALENDAR"):
        shown = " ".join(text.lstrip("\ufeff \t\r\n")[:40].split())
        raise FeedUnreadable(
            f"this is not an iCalendar feed: it starts with {shown!r} instead of "
            f"'BEGIN:VCALENDAR' (is it the calendar's web page rather than its iCal address?)"
        )
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise FeedUnreadable(f"the feed is not valid iCalendar ({_short(error)})") from None
    reader = _Reader(calendar, hints)
    return reader.read()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older Windows producers


def _short(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:157] + "..."


@dataclass
class _When:
    value: datetime | date
    kind: str  # "date", "utc", "zoned" (with a TZID we know), "floating" (no zone, or unknown)
    tzid: str | None = None


class _Reader:
    def __init__(self, calendar: Calendar, hints: Hints):
        self.calendar, self.hints = calendar, hints
        self.notes: list[str] = []
        self.known_zones = _zone_names()
        self.x_wr = self._x_wr_timezone()
        locations = {}
        for vtimezone in calendar.walk("VTIMEZONE"):
            location = str(vtimezone.get("X-LIC-LOCATION", "") or "")
            if location:
                locations[str(vtimezone.get("TZID", ""))] = location
        self.lic_locations = locations
        self.unknown: set[str] = set()
        self.windows: set[str] = set()

    def _x_wr_timezone(self) -> ZoneInfo | None:
        name = str(self.calendar.get("X-WR-TIMEZONE", "") or "").strip()
        if not name:
            return None
        zone = self._zone(name)
        if zone is None:
            self.notes.append(f"the feed's X-WR-TIMEZONE {name!r} is not a time zone; ignored")
        return zone

    def read(self) -> Feed:
        hints = self.hints
        masters: dict[str, list[FeedEvent]] = {}
        overrides: list[FeedEvent] = []
        private = excluded = 0
        private_uids: set[str] = set()
        untitled = 0
        for number, component in enumerate(self.calendar.walk("VEVENT")):
            if number >= MAX_EVENTS:
                self.notes.append(f"only the first {MAX_EVENTS:,} entries were read")
                break
            if str(component.get("CLASS", "")).upper() in PRIVATE_CLASSES:
                private += 1
                uid = one_line(str(component.get("UID", "") or ""), 1000)
                if uid:
                    private_uids.add(uid)
                continue
            event = self._event(component)
            if event is None:
                untitled += 1
                continue
            if _excluded(event, hints.exclude):
                excluded += 1
                continue
            if event.recurrence_id is not None:
                overrides.append(event)
            else:
                masters.setdefault(event.uid or f"#{number}", []).append(event)
        events = []
        for uid, listed in masters.items():
            if len(listed) > 1:
                self.notes.append(
                    f"the event {listed[0].title!r} (UID {uid}) is listed {len(listed)} times; "
                    f"the newest copy is used"
                )
            events.append(max(listed, key=_newness))
        by_uid = {event.uid: event for event in events if event.uid}
        for override in overrides:
            master = by_uid.get(override.uid or "")
            if master is None or master.rrule is None and not master.rdates:
                # A changed date whose series is not in the feed: an event of its own.
                events.append(override)
                continue
            if not override.description:
                # Outlook publishes a changed date without its description: it has the series'.
                override.description = master.description
            changed = override.recurrence_id
            assert changed is not None  # overrides are the events that have one
            earlier = master.overrides.get(changed)
            if earlier is None or _newness(override) >= _newness(earlier):
                master.overrides[changed] = override
        events = self._without_duplicates(events)
        if untitled:
            self.notes.append(
                f"{untitled} entr{'y has' if untitled == 1 else 'ies have'} no title or no start "
                f"and {'was' if untitled == 1 else 'were'} left out"
            )
        if self.windows:
            names = ", ".join(sorted(self.windows))
            self.notes.append(f"Windows time zone names were read as IANA zones: {names}")
        if self.unknown:
            names = ", ".join(repr(name) for name in sorted(self.unknown))
            self.notes.append(
                f"unknown time zone {names}: its times were read in {self._fallback().key}; "
                f"set 'feed_timezone' in the partner's file if that is wrong"
            )
        name = str(self.calendar.get("X-WR-CALNAME", "") or "") or None
        return Feed(events, name, self.notes, private, private_uids, excluded)

    def _without_duplicates(self, events: list[FeedEvent]) -> list[FeedEvent]:
        """The same event under two UIDs (copied in Outlook, or published twice): keep the first."""
        seen: dict[tuple, FeedEvent] = {}
        kept = []
        for event in events:
            key = (event.starts_at, normal_title(event.title))
            if key in seen:
                self.notes.append(
                    f"{event.title!r} on {_day(event.starts_at)} is listed twice with different "
                    f"UIDs; imported once"
                )
                continue
            seen[key] = event
            kept.append(event)
        return kept

    # -- one VEVENT ----------------------------------------------------------------------------------
    def _event(self, component) -> FeedEvent | None:
        title = one_line(str(component.get("SUMMARY", "") or ""), MAX_TITLE)
        start = self._when(component.get("DTSTART"))
        if not title or start is None:
            return None
        zone = self._event_zone(start, component.get("RRULE") is not None)
        starts_at = self._local(start, zone)
        ends_at = self._end(component, start, starts_at, zone)
        uid = one_line(str(component.get("UID", "") or ""), 1000) or None
        rrule = component.get("RRULE")
        if isinstance(rrule, list):
            self.notes.append(f"{title!r} has more than one RRULE; only the first is used")
            rrule = rrule[0]
        event = FeedEvent(
            uid=uid,
            title=title,
            zone=zone,
            starts_at=starts_at,
            ends_at=ends_at,
            description=description_text(str(component.get("DESCRIPTION", "") or "")),
            location=one_line(str(component.get("LOCATION", "") or ""), 500) or None,
            geo=_geo(component.get("GEO")),
            url=_url(component.get("URL")),
            categories=_categories(component.get("CATEGORIES")),
            cancelled=str(component.get("STATUS", "")).upper() == "CANCELLED",
            rrule=rrule.to_ical().decode() if rrule is not None else None,
            sequence=_int(component.get("SEQUENCE")),
            modified=self._instant(component.get("LAST-MODIFIED") or component.get("DTSTAMP")),
        )
        if rrule is not None:
            event.rrule = self._rrule_text(rrule, start, zone)
        for name, target in (("EXDATE", event.exdates), ("RDATE", event.rdates)):
            for when in self._list(component.get(name)):
                if when is None:
                    event.rdate_periods = True
                    continue
                target.append(self._wall(when, zone, event.all_day))
        recurrence_id = self._when(component.get("RECURRENCE-ID"))
        if recurrence_id is not None:
            event.recurrence_id = self._wall(recurrence_id, zone, event.all_day)
        return event

    def _event_zone(self, start: _When, repeats: bool) -> ZoneInfo:
        if self.hints.feed_zone is not None:
            return self.hints.feed_zone
        if start.kind == "zoned":
            zone = self._zone(start.tzid or "")
            assert zone is not None
            return zone
        if start.kind == "utc" and repeats and self.x_wr is None:
            return UTC  # a series in UTC, strictly: its times follow UTC, not a local clock
        return self._fallback()

    def _fallback(self) -> ZoneInfo:
        return self.hints.feed_zone or self.x_wr or self.hints.site_zone

    def _when(self, prop) -> _When | None:
        if prop is None:
            return None
        if isinstance(prop, list):
            prop = prop[0]
        value = getattr(prop, "dt", None)
        if isinstance(value, datetime):
            tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
            if tzid:
                if self._zone(str(tzid)) is not None:
                    return _When(value.replace(tzinfo=None), "zoned", str(tzid))
                self.unknown.add(str(tzid))
                return _When(value.replace(tzinfo=None), "floating")
            if value.tzinfo is not None:
                return _When(value.astimezone(UTC), "utc")
            return _When(value, "floating")
        if isinstance(value, date):
            return _When(value, "date")
        return None

    def _list(self, prop) -> list[_When | None]:
        """EXDATE and RDATE values; None for an RDATE period."""
        if prop is None:
            return []
        found: list[_When | None] = []
        for item in prop if isinstance(prop, list) else [prop]:
            tzid = item.params.get("TZID")
            for value in getattr(item, "dts", []):
                moment = value.dt
                if isinstance(moment, tuple):
                    found.append(None)
                elif isinstance(moment, datetime):
                    if tzid and self._zone(str(tzid)) is not None:
                        found.append(_When(moment.replace(tzinfo=None), "zoned", str(tzid)))
                    elif moment.tzinfo is not None and not tzid:
                        found.append(_When(moment.astimezone(UTC), "utc"))
                    else:
                        found.append(_When(moment.replace(tzinfo=None), "floating"))
                else:
                    found.append(_When(moment, "date"))
        return found

    def _local(self, when: _When, zone: ZoneInfo) -> datetime | date:
        """An aware time in `zone` (a date stays a date)."""
        if when.kind == "date":
            return when.value
        assert isinstance(when.value, datetime)
        if when.kind == "utc":
            return when.value.astimezone(zone)
        if when.kind == "zoned" and self.hints.feed_zone is None:
            source = self._zone(when.tzid or "")
            assert source is not None
            if source.key != zone.key:
                return _aware(when.value, source).astimezone(zone)
        return _aware(when.value, zone)

    def _wall(self, when: _When, zone: ZoneInfo, all_day: bool) -> datetime | date:
        """A series date as a naive wall-clock time in `zone`, or a date for an all-day series."""
        if when.kind == "date" or all_day:
            value = when.value
            return value.date() if isinstance(value, datetime) else value
        local = self._local(when, zone)
        assert isinstance(local, datetime)
        return local.replace(tzinfo=None)

    def _end(self, component, start: _When, starts_at, zone: ZoneInfo) -> datetime | date:
        end = self._when(component.get("DTEND"))
        if end is not None and (end.kind == "date") == (start.kind == "date"):
            ends_at = self._local(end, zone)
            if _after(ends_at, starts_at):
                return ends_at
        duration = component.get("DURATION")
        length = getattr(duration, "dt", None)
        if isinstance(length, timedelta) and length > timedelta(0):
            if isinstance(starts_at, datetime):
                return (starts_at.astimezone(UTC) + length).astimezone(zone)
            return starts_at + timedelta(days=max(1, length.days))
        if isinstance(starts_at, datetime):
            return starts_at  # no length: the importer gives it the hub's default length
        return starts_at + timedelta(days=1)

    def _rrule_text(self, rrule, start: _When, zone: ZoneInfo) -> str:
        """The rule with UNTIL as a local wall-clock time (or a date), as the hub writes it."""
        parts = []
        for key, values in rrule.items():
            if key == "UNTIL":
                until = values[0]
                if isinstance(until, datetime):
                    if until.tzinfo is not None:
                        local = until.astimezone(zone).replace(tzinfo=None)
                    elif start.kind == "utc":
                        local = until.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
                    else:
                        local = until
                    if start.kind == "date":
                        parts.append(f"UNTIL={local:%Y%m%d}")
                    else:
                        parts.append(f"UNTIL={local:%Y%m%dT%H%M%S}")
                else:
                    parts.append(f"UNTIL={until:%Y%m%d}")
                continue
            text = rrule.__class__({key: values}).to_ical().decode()
            parts.append(text)
        return ";".join(parts)

    def _zone(self, name: str) -> ZoneInfo | None:
        name = name.strip().strip('"')
        if name in self.known_zones:
            return ZoneInfo(name)
        if name in WINDOWS_TO_OLSON:
            self.windows.add(f"{name!r} as {WINDOWS_TO_OLSON[name]}")
            return ZoneInfo(WINDOWS_TO_OLSON[name])
        location = self.lic_locations.get(name)
        if location in self.known_zones:
            return ZoneInfo(location)
        if name.startswith("/"):  # a "globally unique" TZID: /vendor/.../Region/City
            parts = name.strip("/").split("/")
            for first in range(1, len(parts)):
                candidate = "/".join(parts[first:])
                if candidate in self.known_zones:
                    return ZoneInfo(candidate)
        return None

    def _instant(self, prop) -> datetime | None:
        value = getattr(prop, "dt", None)
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        return None


def _zone_names() -> frozenset[str]:
    names = set()
    for name in available_timezones():
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - a broken tzdata
            continue
        names.add(name)
    return frozenset(names)


def _aware(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone`; one in a spring-forward gap moves forward (RFC 5545 3.3.5)."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def _after(end, start) -> bool:
    if isinstance(start, datetime):
        return end.astimezone(UTC) > start.astimezone(UTC)
    return end > start


def _newness(event: FeedEvent) -> tuple:
    return (event.sequence, event.modified or datetime.min.replace(tzinfo=UTC))


def _day(moment: datetime | date) -> str:
    return f"{moment:%Y-%m-%d}"


def _int(prop) -> int:
    try:
        return int(prop)
    except (TypeError, ValueError):
        return 0


def _geo(prop) -> tuple[float, float] | None:
    try:
        latitude, longitude = float(prop.latitude), float(prop.longitude)
    except (AttributeError, TypeError, ValueError):
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return round(latitude, 6), round(longitude, 6)
    return None


def _url(prop) -> str | None:
    text = one_line(str(prop or ""), 2000)
    if re.fullmatch(r"https?://[^\s<>\"]+", text, re.I):
        return text
    return None


def _categories(prop) -> tuple[str, ...]:
    found: list[str] = []
    for item in prop if isinstance(prop, list) else [prop] if prop is not None else []:
        for value in getattr(item, "cats", []):
            text = one_line(str(value), 100)
            if text and text not in found:
                found.append(text)
    return tuple(found)


def _excluded(event: FeedEvent, words: tuple[str, ...]) -> bool:
    if not words:
        return False
    haystack = " ".join([event.title, event.description, *event.categories]).casefold()
    return any(re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", haystack) for word in words)


def normal_title(title: str) -> str:
    """A title compared loosely: case, accents' absence, punctuation and spacing do not count."""
    return " ".join(re.sub(r"[^\w]+", " ", title.casefold()).split())


def one_line(text: str, limit: int) -> str:
    text = " ".join(CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def description_text(text: str) -> str:
    """Plain text from a DESCRIPTION: HTML (Google sends some) turned into lines, entities
    decoded, invisible characters removed, at most MAX_DESCRIPTION characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if HTML_TAG.search(text):
        converter = _HtmlText()
        converter.feed(text)
        converter.close()
        text = converter.text()
    elif "&" in text:
        text = html.unescape(text)
    text = CONTROL.sub("", text.replace("\t", " ").replace("\xa0", " "))
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) > MAX_DESCRIPTION:
        text = text[: MAX_DESCRIPTION - 1].rstrip() + "…"
    return text


class _HtmlText(HTMLParser):
    BREAKS = {"br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BREAKS:
            self.parts.append("\n")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href if re.match(r"(https?|mailto):", href, re.I) else None)
            self.parts.append("\x00")  # where the link's text starts

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BREAKS and tag != "li":
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            start = max(i for i, part in enumerate(self.parts) if part == "\x00")
            shown = "".join(self.parts[start + 1 :]).strip()
            del self.parts[start:]
            if href and shown and shown.rstrip("/") != href.removeprefix("mailto:").rstrip("/"):
                self.parts.append(f"{shown} ({href.removeprefix('mailto:')})")
            else:
                self.parts.append(shown or (href or "").removeprefix("mailto:"))

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return "".join(part for part in self.parts if part != "\x00")


def local_date(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock)
