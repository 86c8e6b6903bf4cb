"""iCalendar feeds (RFC 5545, RFC 7986) with the icalendar package: all events, one per partner,
venue, audience, category and language, and one per event. Returns (out_path, bytes); no I/O but the
build's cache, which keeps each event's calendar file and VEVENTs (incremental/cache.py).

Rules that calendar apps depend on, each tested: times with TZID and a rule-based VTIMEZONE (never
UTC for series), UNTIL in UTC, EXDATE/RDATE with the series' TZID, a RECURRENCE-ID override for every
changed or cancelled date, no METHOD (a subscription is a snapshot), and identical bytes for an
unchanged event from one build to the next (DTSTAMP comes from the event's history, not the clock).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import quote, urlencode

from dateutil.relativedelta import relativedelta
from icalendar import Calendar, vCategory, vRecur, vText
from icalendar import Event as VEvent

from generator.content.index import SiteIndex
from generator.content.recurrence import (
    bounds,
    expand,
    local_start,
    rule_of,
    series_starts,
    wall,
)
from generator.incremental.cache import BYTES, TEXT, Cache, Memory, cached
from generator.incremental.cache import key as cache_key
from generator.incremental.history import History
from generator.models import UTC, Event, Occurrence
from generator.render import calendar_plan, dates, icalfold
from generator.render.text import to_text
from generator.render.urls import Urls
from generator.render.views import Views
from generator.render.vtimezone import vtimezone_bytes
from generator.translate.language import ENGLISH, N_, Language, _, current, speaking

REFRESH = timedelta(hours=12)
PRODUCT = "-//Bulletin//Community events hub//EN"
FEED_KINDS = ("partners", "venues", "audiences", "categories", "languages", "access")
# What some readers take for the end of a line (Python's str.splitlines, used by the `ical` package,
# breaks at all of these), and other control characters, which RFC 5545 TEXT may not hold.
LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
END = b"END:VCALENDAR\r\n"
# A feed listing more events than this gives each one's summary and a link to its page, not its
# whole description (the event's own .ics keeps it): each description would otherwise be published
# in about six feeds, and calendar apps give up on very long feeds (docs/format.md, "A very large
# hub").
LONG_FEED = 1000
icalfold.install()


@dataclass(frozen=True)
class Feed:
    """One subscribable feed, for the subscribe page and for writing."""

    kind: str  # "all" or one of FEED_KINDS
    key: str
    name: str  # "Riverside Community Hub: Teens (13-18)"
    url: str  # site-absolute URL of the .ics
    absolute: str  # https://…
    page: str | None  # the page listing the same events
    label: str = ""  # the vocabulary label, venue or partner name the feed is for

    @property
    def webcal(self) -> str:
        return "webcal://" + self.absolute.split("://", 1)[1]

    @property
    def google(self) -> str:
        return "https://calendar.google.com/calendar/render?" + urlencode({"cid": self.webcal})

    @property
    def outlook(self) -> str:
        return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode(
            {"url": self.absolute, "name": self.name}, quote_via=quote
        )

    @property
    def microsoft365(self) -> str:
        return "https://outlook.office.com/calendar/0/addfromweb?" + urlencode(
            {"url": self.absolute, "name": self.name}, quote_via=quote
        )


def feed_catalogue(index: SiteIndex, urls: Urls) -> list[tuple[str, list[Feed]]]:
    """Every feed, grouped for the subscribe page: (group heading, feeds)."""
    site = index.site

    def feed(kind: str, key: str, label: str, page: str | None) -> Feed:
        url = urls.all_feed if kind == "all" else urls.feed(kind, key)
        name = site.title if kind == "all" else f"{site.title}: {label}"
        return Feed(kind, key, name, url, urls.absolute(url), page, label)

    groups = [(N_("Everything"), [feed("all", "all", site.title, urls.events)])]
    groups.append(
        (
            N_("Audiences"),
            [
                feed("audiences", key, label, urls.listing("audiences", key))
                for key, label in site.audiences.items()
            ],
        )
    )
    groups.append(
        (
            N_("Categories"),
            [
                feed("categories", key, label, urls.listing("categories", key))
                for key, label in site.categories.items()
            ],
        )
    )
    groups.append(
        (
            N_("Languages"),
            [
                feed("languages", key, label, urls.listing("languages", key))
                for key, label in site.languages.items()
            ],
        )
    )
    groups.append(
        (
            N_("Accessibility"),
            [
                feed("access", key, label, urls.listing("access", key))
                for key, label in site.access.items()
            ],
        )
    )
    groups.append(
        (
            N_("Library branches and venues"),
            [
                feed("venues", v.slug, v.name, urls.listing("venues", v.slug))
                for v in sorted(index.venues.values(), key=lambda v: v.name.lower())
            ],
        )
    )
    groups.append(
        (
            N_("Partners"),
            [
                feed("partners", p.slug, p.name, urls.partner(p.slug))
                for p in sorted(index.partners.values(), key=lambda p: p.name.lower())
            ],
        )
    )
    return [(heading, feeds) for heading, feeds in groups if feeds]


class Feeds:
    def __init__(self, index: SiteIndex, urls: Urls, now: datetime, history: History, views: Views):
        self.index, self.urls, self.now, self.history, self.views = index, urls, now, history, views
        self.site = index.site
        self.cutoff = now - timedelta(days=self.site.feed_past_days)
        self.horizon = now + relativedelta(months=self.site.horizon_months)
        # How far an open-ended series' dates are planned (calendar_plan.py): to the end of the
        # year after the horizon's, so the plan changes once a year, not every day.
        self.planned_until = calendar_plan.until_of_year(self.horizon.year + 1)
        self.listed = [e for e in index.events.values() if self._still_listed(e)]
        self._listed_slugs = {e.slug for e in self.listed}
        # Whether any feed is long (the feed of all events is the longest).
        self.brief = len(self.listed) > LONG_FEED
        self._components = Memory()  # by slug: the hub is fixed for this object's life
        self._keys = Memory()  # by slug, likewise
        self.cache: Cache | None = None  # set by the build
        # The language of the words the feeds add (labels, "Cancelled:", dates): the hub's own,
        # set by the build. A language feed in a language the pages are published in is written
        # in that language (in_language()).
        self.language: Language = ENGLISH
        self.spoken: dict[str, Feeds] = {}  # by language code: set by the build

    def in_language(self, index: SiteIndex, urls: Urls, views: Views, language: Language) -> Feeds:
        """A copy that writes `/feeds/languages/<code>.ics` for the pages' translation `language`
        (docs/format.md, "The hub in several languages"): the hub's words in that language, each
        event as its translation file gives it, and links to the pages of that language's tree.
        The events are the ones this object lists."""
        copy = object.__new__(Feeds)
        copy.__dict__.update(self.__dict__)
        copy.index, copy.urls, copy.views, copy.language = index, urls, views, language
        copy.site = index.site
        copy._components, copy._keys = Memory(), Memory()
        copy.spoken = {}
        return copy

    def render(self) -> list[tuple[str, bytes]]:
        return [
            *self.aggregates(),
            *(self.event_feed(event) for event in self.index.events.values()),
        ]

    def aggregates(self) -> Iterator[tuple[str, bytes]]:
        """The feeds that list many events: all, and one per partner, venue and vocabulary key.
        Made one at a time as they are written: together they hold each event several times."""
        for _heading, feeds in feed_catalogue(self.index, self.urls):
            for feed in feeds:
                events = self._members(feed.kind, feed.key)
                writer = self.spoken.get(feed.key, self) if feed.kind == "languages" else self
                page = self.urls.same_page(feed.page or self.urls.events, writer.urls)
                yield self.urls.out_path(feed.url), writer._aggregate(feed, page, events)

    def _aggregate(self, feed: Feed, page: str, events: list[Event]) -> bytes:
        """The feed `feed` listing `events` (as this object's hub has them), for the page `page`."""
        with speaking(self.language):
            title = self.site.title
            if feed.kind == "all":
                name, description = title, self.site.description or title
            else:
                label = _(feed.label)  # a label the hub wrote, from its own catalog if any
                name = f"{title}: {label}"
                description = _("Events of %(hub)s: %(feed)s") % {"hub": title, "feed": label}
            return self._calendar(
                name,
                description,
                page,
                feed.absolute,
                [self.index.events[event.slug] for event in events],
                brief=len(events) > LONG_FEED,
            )

    def event_feed(self, event: Event) -> tuple[str, bytes]:
        """The event's own .ics file."""
        url = self.urls.event_ics(event.slug)
        summary = self.views.summary(event)
        years = self._years([event])
        inputs = (self._event_key(event), summary, years)
        data = cached(
            "ics",
            inputs,
            lambda: self._calendar(
                event.title,
                summary or event.title,
                self.urls.event(event.slug),
                self.urls.absolute(url),
                [event],
            ),
            self.cache,
        )
        return self.urls.out_path(url), data

    # -- which events ---------------------------------------------------------------------------
    def _still_listed(self, event: Event) -> bool:
        """Events stay in feeds until feed_past_days after they ended; open-ended series stay."""
        if event.repeat is not None and event.repeat.open_ended:
            return True
        return bool(expand(event, self.cutoff, None))

    def _members(self, kind: str, key: str) -> list[Event]:
        """The listed events in one feed, in listed order: for a partner, venue or vocabulary key,
        the events with a date that involves it (SiteIndex.events_involving, the answer pages and
        the report use too)."""
        if kind == "all":
            return self.listed
        return [e for e in self.index.events_involving(kind, key) if e.slug in self._listed_slugs]

    # -- writing --------------------------------------------------------------------------------
    def _calendar(
        self,
        name: str,
        description: str,
        page: str,
        source: str,
        events: list[Event],
        brief: bool = False,
    ) -> bytes:
        calendar = Calendar()
        calendar.add("VERSION", "2.0")
        calendar.add("PRODID", PRODUCT)
        calendar.add("CALSCALE", "GREGORIAN")
        # TEXT values (RFC 7986); icalendar leaves NAME and X-WR-* unescaped unless told, so a comma
        # would go out raw and a line break in a summary would stop the build.
        calendar.add("NAME", as_text(name))
        calendar.add("X-WR-CALNAME", as_text(name))
        calendar.add("DESCRIPTION", as_text(description))
        calendar.add("X-WR-CALDESC", as_text(description))
        calendar.add("URL", self.urls.absolute(page), parameters={"VALUE": "URI"})
        calendar.add("SOURCE", source, parameters={"VALUE": "URI"})
        calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", "PT12H")  # a duration; icalendar would write 12:00:00
        # No X-WR-TIMEZONE: every time carries its zone (or is UTC), and readers that honour it
        # move UTC times through the named zone, where Debian's recurring-ical-events puts one in
        # the repeated fall-back hour an hour late.
        zones = sorted({e.timezone.key: e.timezone for e in events if not e.all_day}.items())
        years = self._years(events)
        # A calendar's bytes are its own lines, then each component's, then its END line; so each
        # time zone and each event is serialised once and spliced into every feed that lists it.
        head = calendar.to_ical()
        assert head.endswith(END)
        parts = [head[: -len(END)]]
        if not events:
            # RFC 5545 3.4: a calendar holds at least one component (vobject refuses one without);
            # a feed with no events yet holds the site's time zone.
            zones = [(self.site.timezone.key, self.site.timezone)]
        parts += [vtimezone_bytes(zone, *years) for _, zone in zones]
        parts += [
            self.event_bytes(event, brief)
            for event in sorted(events, key=lambda e: (self.index.uid(e), e.slug))
        ]
        parts.append(END)
        return b"".join(parts)

    def _years(self, events: list[Event]) -> tuple[int, int]:
        first = min((local_start(e).year for e in events), default=self.now.year)
        last = max(
            [self.horizon.year]
            + [
                (
                    e.ends_at.year
                    if e.repeat is None
                    else (
                        e.repeat.until.year
                        if e.repeat.until
                        else series_starts(e)[-1].year
                        if e.repeat.count
                        else self.horizon.year
                    )
                )
                for e in events
            ]
        )
        return first, last

    def event_bytes(self, event: Event, brief: bool = False) -> bytes:
        """The event's VEVENT components as iCalendar bytes (every feed that lists it shares them);
        `brief`: with the summary and the link in place of the whole description (long feeds)."""
        kind = "vevent-brief" if brief else "vevent"

        def make() -> bytes:
            with speaking(self.language):
                return b"".join(c.to_ical() for c in self._build(event, brief))

        return cached(
            kind,
            (event.slug,),
            lambda: cached(kind, (self._event_key(event),), make, self.cache),
            self._components,
        )

    def forget(self, event: Event) -> None:
        for kind in ("vevent", "vevent-brief"):
            self._components.forget(kind, (event.slug,))

    def know(self, event: Event, vevent: bytes, brief: bytes | None = None) -> None:
        """event_bytes() worked out elsewhere (by a worker process)."""
        self._components.keep("vevent", (event.slug,), vevent, BYTES)
        if brief is not None:
            self._components.keep("vevent-brief", (event.slug,), brief, BYTES)

    def _event_key(self, event: Event) -> str:
        """Everything _build() reads: the event, its history (or "now", which stands in for it),
        the site and its URLs, and the places and partners the event names."""
        return cached(
            "event-inputs", (event.slug,), lambda: self._inputs_key(event), self._keys, TEXT
        )

    def _inputs_key(self, event: Event) -> str:
        record = self.history.of(event.src_path)
        named = sorted(
            slug
            for slug in {
                event.location,
                *(c.location for c in event.changes.values()),
                *(link.slug for link in event.partners),
            }
            if slug is not None
        )
        return cache_key(
            "event-inputs",
            event,
            record,
            None if record else self.now,
            self.planned_until if event.repeat and event.repeat.open_ended else None,
            self.index.uid(event),
            self.site,
            self.urls,
            self.language.key,
            [(self.index.venues.get(slug), self.index.partners.get(slug)) for slug in named],
        )

    def _build(self, event: Event, brief: bool = False) -> list[VEvent]:
        """The event's VEVENTs, as calendar_plan.py lays them out: one for a single event; for a
        series, one per run of its rule (with an override per date written out) and one per date
        that stands on its own (extra dates, and dates at a time clocks make ambiguous)."""
        record = self.history.of(event.src_path)
        stamp = (record.changed if record else self.now).astimezone(UTC).replace(microsecond=0)
        sequence = record.sequence if record else 0
        uid = self.index.uid(event)

        def component(uid: str) -> VEvent:
            vevent = VEvent()
            vevent.add("UID", as_text(uid))
            vevent.add("DTSTAMP", stamp)
            vevent.add("LAST-MODIFIED", stamp)
            vevent.add("SEQUENCE", sequence)
            return vevent

        if event.repeat is None:
            single = component(uid)
            self._when(single, event.starts_at, event.ends_at, event.all_day)
            self._describe(single, event, None, brief)
            return [single]
        components = []
        layout = calendar_plan.plan(event, uid, self.planned_until)
        for run in layout.runs:
            master = component(run.uid)
            start = self._usual(event, run.first)
            self._when(master, start, self._usual_end(event, start), event.all_day)
            master.add("RRULE", self._rrule(event, run))
            if run.excepted:
                master.add("EXDATE", [self._usual(event, moment) for moment in run.excepted])
            self._describe(master, event, None, brief)
            components.append(master)
            for occurrence in run.overrides:
                override = component(run.uid)
                override.add("RECURRENCE-ID", occurrence.recurrence_id)
                self._when(override, occurrence.starts_at, occurrence.ends_at, event.all_day)
                self._describe(override, event, occurrence, brief)
                components.append(override)
        for alone in layout.singles:
            one = component(alone.uid)
            occurrence = alone.occurrence
            self._when(one, occurrence.starts_at, occurrence.ends_at, event.all_day)
            self._describe(one, event, occurrence, brief)
            components.append(one)
        return components

    def _usual(self, event: Event, moment: datetime) -> date | datetime:
        """A rule date as written in DTSTART, EXDATE: the date alone for an all-day event."""
        if event.all_day:
            return moment.date()
        return wall(moment, event.timezone)

    def _usual_end(self, event: Event, start: date | datetime) -> date | datetime:
        if event.all_day:
            first, last = event.days()
            return start + (last - first)
        assert isinstance(start, datetime)
        return wall(start.replace(tzinfo=None) + event.length, event.timezone)

    def _when(self, component: VEvent, start, end, all_day: bool) -> None:
        if all_day:
            component.add("DTSTART", start)
            component.add("DTEND", end + timedelta(days=1))  # DTEND of a DATE is exclusive
            component.add("TRANSP", "TRANSPARENT")
        elif calendar_plan.needs_utc(start, end):
            # With a TZID, most apps read a time in the repeated hour as the second one, and
            # libecal measures a span across a clock change by the wall clock.
            component.add("DTSTART", start.astimezone(UTC))
            component.add("DTEND", end.astimezone(UTC))
        else:
            component.add("DTSTART", start)
            component.add("DTEND", end)

    def _rrule(self, event: Event, run: calendar_plan.Run) -> vRecur:
        """The run's RRULE: the series' own rule, ending where the run ends (UNTIL is inclusive,
        in UTC for a timed event, a date for an all-day one)."""
        repeat = event.repeat
        assert repeat is not None
        text = repeat.rule
        if run.last is None and repeat.count is not None:  # the whole rule, uncut
            return vRecur.from_ical(f"{text};COUNT={repeat.count}")
        if run.last is not None:
            last: date | datetime | None = run.last
        elif repeat.until is not None:
            last = (
                repeat.until
                if isinstance(repeat.until, datetime)
                else datetime.combine(repeat.until, time(23, 59, 59))
            )
        else:
            return vRecur.from_ical(text)
        if event.all_day:
            return vRecur.from_ical(f"{text};UNTIL={last:%Y%m%d}")
        assert isinstance(last, datetime)
        instant = last.replace(tzinfo=event.timezone).astimezone(UTC)
        return vRecur.from_ical(f"{text};UNTIL={instant:%Y%m%dT%H%M%SZ}")

    def _describe(
        self, component: VEvent, event: Event, occurrence: Occurrence | None, brief: bool = False
    ) -> None:
        cancelled = event.status == "cancelled" or (occurrence is not None and occurrence.cancelled)
        title = event.title
        if cancelled:
            title = _("Cancelled: %(title)s") % {"title": title}
        elif event.status == "postponed":
            title = _("Postponed: %(title)s") % {"title": title}
        component.add("SUMMARY", as_text(title))
        component.add(
            "STATUS",
            "CANCELLED"
            if cancelled
            else "TENTATIVE"
            if event.status == "postponed"
            else "CONFIRMED",
        )
        where = self.views.where(event, occurrence)
        location = ", ".join(
            part for part in (where.name, where.room, where.address or where.withheld) if part
        )
        if location:
            component.add("LOCATION", as_text(location))
        if where.geo:
            component.add("GEO", where.geo)
        page = self.urls.absolute(self.urls.event(event.slug))
        component.add("URL", event.online or page, parameters={"VALUE": "URI"})
        categories = [self.site.categories[key] for key in event.categories]
        if categories:
            component.add("CATEGORIES", Texts([as_text(category) for category in categories]))
        component.add("DESCRIPTION", as_text(self._text(event, occurrence, where, page, brief)))

    def _text(
        self, event: Event, occurrence: Occurrence | None, where, page: str, brief: bool = False
    ) -> str:
        """DESCRIPTION: what changed first (this date's note; a cancelled, postponed or
        rescheduled event's explanation), then the summary and the description (not when
        `brief`), the ways to take part, and the page. Empty parts are left out, so it never
        starts with a blank line."""
        parts = []
        if occurrence is not None and occurrence.note:
            parts.append(occurrence.note)
        if event.status in ("cancelled", "postponed"):
            cancelled = event.status == "cancelled"
            label = _("Cancelled") if cancelled else _("Postponed")
            note = event.status_note or ""
            # Staff often start the note with the word itself ("Cancelled: the presenter is ill").
            said = (label, "Cancelled" if cancelled else "Postponed")  # in either language
            parts.append(
                note
                if note.lower().startswith(tuple(word.lower() for word in said))
                else (_("Cancelled.") if cancelled else _("Postponed."))
                + (f" {note}" if note else "")
            )
        elif event.rescheduled_from is not None:
            earlier = event.rescheduled_from
            when = (
                f"{dates.day(earlier.date())}, {dates.clock(earlier)}"
                if isinstance(earlier, datetime)
                else dates.day(earlier)
            )
            parts.append(
                _("Rescheduled from %(when)s.") % {"when": when}
                + (f" {event.status_note}" if event.status_note else "")
            )
        summary = self.views.summary(event)
        if summary:
            parts.append(summary)
        body = "" if brief else to_text(event.body).strip("\n")
        if body and body != summary:
            parts.append(body)
        if event.online:
            parts.append(_("Join online: %(address)s") % {"address": event.online})
        if event.registration:
            parts.append(
                (
                    _("Registration required: %(address)s")
                    if event.registration_required
                    else _("Register: %(address)s")
                )
                % {"address": event.registration}
            )
        if event.partners:
            names = [self.index.partners[link.slug].name for link in event.partners]
            language = current()  # English keeps its plain commas, as its feeds always had
            listed = ", ".join(names) if language.english else language.join(names)
            parts.append(_("With %(partners)s") % {"partners": listed})
        if event.accessibility:
            parts.append(_("Accessibility: %(text)s") % {"text": event.accessibility})
        if event.cost:
            parts.append(_("Cost: %(cost)s") % {"cost": event.cost})
        parts.append(_("Details: %(page)s") % {"page": page})
        return "\n\n".join(parts)


class Text(vText):
    """TEXT escaped as RFC 5545 3.3.11 says, and only so. icalendar's own escaping first turns the
    two characters '\\N' into a line break, so "C:\\New Folder" would reach calendars on two lines."""

    def to_ical(self) -> bytes:
        return (
            str(self)
            .replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\n", "\\n")
            .encode("utf-8")
        )


class Texts(vCategory):
    """A list of TEXT values (CATEGORIES), each escaped as Text is."""

    def to_ical(self) -> bytes:
        return b",".join(Text(item).to_ical() for item in self.cats)


def as_text(value: str) -> Text:
    """A TEXT value that stays one property whatever it holds: every kind of line break becomes an
    escaped newline and other control characters go. Validation keeps them out of content, but the
    feed must not depend on it; and icalendar escapes only CR and LF, and only for TEXT properties
    it knows (NAME and X-WR-* it would write raw)."""
    return Text(CONTROLS.sub("", LINE_BREAKS.sub("\n", value)))


def add_to_google(
    event: Event, occurrence: Occurrence, views: Views, urls: Urls
) -> tuple[str, bool]:
    """A link that opens Google Calendar's "new event" form filled in for this event, and whether
    it adds every date from this one on (Google's form takes an RRULE, `recur`) rather than this
    date alone. The series goes in only when the rule alone gives its dates from here on, as the
    pages show them: no extra, excepted or changed date ahead, and no date at a time a clock
    change makes ambiguous or skips (calendar_plan.py)."""
    start, end = bounds(occurrence)
    where = views.where(event, occurrence)
    recur = _google_recur(event, occurrence)
    if occurrence.all_day:
        last = occurrence.ends_at + timedelta(days=1)
        when = f"{occurrence.starts_at:%Y%m%d}/{last:%Y%m%d}"
    elif recur:  # local times in ctz, so the rule keeps the wall-clock time across changes
        when = f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"
    else:
        when = f"{start.astimezone(UTC):%Y%m%dT%H%M%SZ}/{end.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": when,
        "details": f"{views.summary(event)}\n\n{urls.absolute(urls.event(event.slug))}",
        "location": ", ".join(p for p in (where.name, where.address or where.withheld) if p),
        "ctz": event.timezone.key,
    }
    if recur:
        query["recur"] = recur
    link = "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote)
    return link, recur is not None


def _google_recur(event: Event, occurrence: Occurrence) -> str | None:
    repeat = event.repeat
    if repeat is None or occurrence.irregular or occurrence.cancelled:
        return None
    series_day = occurrence.recurrence_id
    if series_day is None:
        return None
    day = series_day.date() if isinstance(series_day, datetime) else series_day
    if any(d >= day for d in (*repeat.except_dates, *repeat.also_dates, *event.changes)):
        return None
    if not event.all_day:
        until = calendar_plan.until_of_year(day.year + 1)  # an open-ended series: this far
        cuts, long_dates = calendar_plan.clock_change_dates(event, until)
        if any(moment.date() >= day for moment in (*cuts, *long_dates)):
            return None
    text = repeat.rule
    if repeat.count is not None:
        rule = rule_of(event).xafter(local_start(event), inc=True)
        done = sum(1 for moment in rule if moment.date() < day)
        text += f";COUNT={repeat.count - done}"
    elif repeat.until is not None:
        local = datetime.combine(repeat.until, time(23, 59, 59))
        if event.all_day:
            text += f";UNTIL={repeat.until:%Y%m%d}"
        else:
            text += f";UNTIL={local.replace(tzinfo=event.timezone).astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"RRULE:{text}"


def add_to_outlook(
    event: Event, occurrence: Occurrence, views: Views, urls: Urls, host: str = "outlook.live.com"
) -> str:
    """A link that opens Outlook's "new event" form (outlook.office.com for Microsoft 365)."""
    start, end = bounds(occurrence)
    where = views.where(event, occurrence)
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": start.isoformat()
        if not occurrence.all_day
        else occurrence.starts_at.isoformat(),
        "enddt": end.isoformat()
        if not occurrence.all_day
        else (occurrence.ends_at + timedelta(days=1)).isoformat(),
        "allday": "true" if occurrence.all_day else "false",
        "body": f"{views.summary(event)}\n\n{urls.absolute(urls.event(event.slug))}",
        "location": ", ".join(p for p in (where.name, where.address or where.withheld) if p),
    }
    return f"https://{host}/calendar/0/action/compose?" + urlencode(query, quote_via=quote)
