"""Find what staff should bring up to date: partner pages not verified recently, partners with no
recent events, and coming events that say nothing about accessibility or describe their picture
poorly. Pure: reads a loaded SiteIndex and returns the report as text; the CLI prints it.

The output is sorted and says nothing about the day it was made beyond what the facts need, so a
weekly issue made from it changes only when something in the content (or a partner's age) does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import quote

from dateutil.relativedelta import relativedelta

from generator.content.index import SiteIndex
from generator.content.recurrence import bounds
from generator.models import UTC, Event, Occurrence, Site
from generator.staff.impact import dates_named, missing_attendance, report_since
from generator.translate.catalogs import LOCALE

RECENT_DAYS = 90
AHEAD = timedelta(days=731)  # how far "upcoming" looks: two years
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
GENERIC_ALT = {
    "image",
    "photo",
    "picture",
    "img",
    "graphic",
    "flyer",
    "poster",
    "logo",
    "banner",
    "placeholder",
    "alt",
    "alt text",
    "untitled",
    "event",
    "event image",
    "event photo",
    "an image",
    "a photo",
    "a picture",
    "image of event",
    "photo of event",
}
SHORTEST_ALT = 5
# Characters that would format or link text in the middle of a GitHub Markdown line ('#' links an
# issue number, as in "Station #2").
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|~])")


@dataclass(frozen=True)
class Item:
    """One thing to fix: the file, what it is called, and what is wrong."""

    src_path: str
    name: str
    message: str


@dataclass
class Report:
    verify_every_months: int
    unverified: list[Item] = field(default_factory=list)  # partner pages to verify
    inactive: list[Item] = field(default_factory=list)  # partners without recent events
    no_access: list[Item] = field(default_factory=list)  # events without accessibility info
    weak_alt: list[Item] = field(default_factory=list)  # events with a poor image_alt
    feeds: list[Item] = field(default_factory=list)  # partners' calendars that need a look
    no_attendance: list[Item] = field(default_factory=list)  # past sessions without attendance
    untranslated: list[Item] = field(default_factory=list)  # held in a language not published
    records_attendance: bool = False  # the hub records attendance, so it is told what is missing

    def sections(self) -> list[tuple[str, str, list[Item]]]:
        """(heading, what to do, items) for each part of the report that has items."""
        parts = [
            (
                f"Partner pages to verify (every {_count(self.verify_every_months, 'month')})",
                "Check each page with the partner (`verify_every_months` in content/site.toml "
                "says how often), then set `verified:` to the day you checked.",
                self.unverified,
            ),
            (
                f"Partners with no events in the last {RECENT_DAYS} days",
                "Ask whether they have something planned, or whether the partnership has changed.",
                self.inactive,
            ),
            (
                "Coming events without accessibility information",
                "Add `access:` (the features from content/site.toml) or `accessibility:` (in words) "
                "to the event, or to its venue.",
                self.no_access,
            ),
            (
                "Coming events whose picture is not described",
                "Change `image_alt:` to say what the picture shows, for people who cannot see it.",
                self.weak_alt,
            ),
            (
                "Partner calendars to look at",
                "`bulletin import` reads these partners' own calendars (`feed:`). Check the "
                "address with the partner, and decide about events that left their calendar "
                "(set `status: cancelled`, or delete the file).",
                self.feeds,
            ),
            (
                "Coming events held in a language the pages are not published in",
                "Patrons who read that language see the pages in another. Add the language to "
                '`translations` in content/site.toml (docs/staff-guide.md, "Adding a language").',
                self.untranslated,
            ),
            (
                "Past sessions without attendance",
                'Add `attendance:` to the event with how many came (docs/format.md, "Recording '
                'attendance"); for a session that did not take place, cancel that date instead.',
                self.no_attendance,
            ),
        ]
        return [part for part in parts if part[2]]

    def summary(self) -> str:
        counts = [
            _count(len(self.unverified), "partner page") + " to verify",
            _count(len(self.inactive), "partner") + f" with no events in the last "
            f"{RECENT_DAYS} days",
            _count(len(self.no_access), "coming event") + " without accessibility information",
            _count(len(self.weak_alt), "picture") + " not described",
        ]
        if self.feeds:
            counts.append(_count(len(self.feeds), "partner calendar") + " to look at")
        if self.untranslated:
            counts.append(
                _count(len(self.untranslated), "coming event")
                + " in a language the pages are not published in"
            )
        if self.records_attendance:
            counts.append(
                _count(len(self.no_attendance), "event") + " with past sessions without attendance"
            )
        if not self.sections():
            return "Nothing to report."
        return "Report: " + ", ".join(counts) + "."


def make_report(index: SiteIndex, now: datetime, feeds: dict | None = None) -> Report:
    """`feeds`: what `bulletin import` recorded about each partner's calendar (by partner slug),
    or None when no import has run here."""
    site = index.site
    report = Report(site.verify_every_months)
    today = now.astimezone(site.timezone).date()
    occurrences = [
        occurrence
        for occurrence in index.occurrences(EARLIEST, now + AHEAD)
        if not occurrence.cancelled
    ]
    coming = [o for o in occurrences if bounds(o)[1] > now]

    for partner in index.partners.values():  # drafts are not in the index
        message = _verification(partner.verified, today, site.verify_every_months)
        if message:
            report.unverified.append(Item(partner.src_path, partner.name, message))
        mine = [
            o
            for o in index.involving("partners", partner.slug, EARLIEST, now + AHEAD)
            if not o.cancelled
        ]
        recent = [
            o
            for o in mine
            if bounds(o)[0] < now and bounds(o)[1] > now - timedelta(days=RECENT_DAYS)
        ]
        if recent:
            continue
        last = [o for o in mine if bounds(o)[0] < now]
        upcoming = [o for o in mine if bounds(o)[0] >= now]
        report.inactive.append(
            Item(
                partner.src_path,
                partner.name,
                f"no events in the last {RECENT_DAYS} days (last: "
                f"{_when(last[-1]) if last else 'none'}; next: "
                f"{_when(upcoming[0]) if upcoming else 'none planned'})",
            )
        )

    coming_events = sorted(
        {o.event.slug: o.event for o in coming}.values(), key=lambda event: event.src_path
    )
    for event in coming_events:
        if not event.access and not event.accessibility:
            venue = index.venues.get(event.location) if event.location else None
            if venue is None:
                report.no_access.append(
                    Item(event.src_path, event.title, "no `access` or `accessibility`")
                )
            elif not venue.access and not venue.accessibility:
                report.no_access.append(
                    Item(
                        event.src_path,
                        event.title,
                        f"no `access` or `accessibility`, and its venue "
                        f"({venue.src_path}) gives none either",
                    )
                )
        if event.image is not None:
            message = _weak_alt(event)
            if message:
                report.weak_alt.append(Item(event.src_path, event.title, message))
        published = {site.language, *site.translations}
        for code in event.languages:
            if code not in published:
                report.untranslated.append(
                    Item(event.src_path, event.title, _untranslated(code, site))
                )

    if feeds is not None:
        report.feeds = _feed_items(index, feeds)
    # Only a hub that records attendance is told what is missing: one that does not count its
    # programs is not asked to, week after week.
    report.records_attendance = any(event.attendance for event in index.events.values())
    if report.records_attendance:
        for event, days in missing_attendance(index, report_since(site, today), now):
            report.no_attendance.append(
                Item(event.src_path, event.title, f"no attendance for {dates_named(days)}")
            )

    for items in (
        report.unverified,
        report.inactive,
        report.no_access,
        report.weak_alt,
        report.no_attendance,
        report.untranslated,
    ):
        items.sort(key=lambda item: item.src_path)
    return report


def _feed_items(index: SiteIndex, feeds: dict) -> list[Item]:
    """Feeds that failed, went empty or lost more than half their events on the last import,
    partners whose calendar was never imported, and imported events that left a calendar."""
    items = []
    for slug, partner in index.partners.items():
        if not partner.feed:
            continue
        record = feeds.get(slug)
        imported = sum(
            1
            for event in index.events.values()
            if event.src_path.startswith(f"content/events/imported/{slug}/")
        )
        if record is None:
            items.append(Item(partner.src_path, partner.name, "its calendar has not been imported"))
            continue
        last = _day(record.last_success) if record.last_success else "never"
        facts = f"last successful fetch: {last}; {_count(imported, 'event')} imported"
        if record.failure:
            items.append(
                Item(
                    partner.src_path,
                    partner.name,
                    f"its calendar could not be read since {_day(record.failed_since)} "
                    f"({record.address}: {record.failure}); {facts}",
                )
            )
        elif record.events == 0 and (record.previous_events or imported):
            items.append(
                Item(
                    partner.src_path,
                    partner.name,
                    f"its calendar was empty on the last import (it had "
                    f"{record.previous_events or 0} before); {facts}",
                )
            )
        elif record.previous_events and record.events * 2 < record.previous_events:
            items.append(
                Item(
                    partner.src_path,
                    partner.name,
                    f"its calendar dropped from {record.previous_events} to {record.events} "
                    f"events on the last import; {facts}",
                )
            )
        for src_path in record.left_feed:
            event = next((e for e in index.events.values() if e.src_path == src_path), None)
            if event is not None:
                items.append(
                    Item(
                        src_path,
                        event.title,
                        f"left {partner.name}'s calendar; it is still published: ask the "
                        f"partner, then set `status: cancelled` or delete the file",
                    )
                )
    return items


def _untranslated(code: str, site: Site) -> str:
    name = site.languages.get(code, code)
    catalog = (
        f'Bulletin ships its catalog; add "{code}" to `translations`'
        if (LOCALE / f"{code}.po").is_file()
        else f'add "{code}" to `translations` and its words in content/translations/{code}.po '
        f"(Bulletin ships no catalog for it)"
    )
    return f"held in {name} ({code}), but the pages are not published in it: {catalog}"


def _day(stamp: str | None) -> str:
    return (stamp or "")[:10]


def _verification(verified: date | None, today: date, every: int) -> str | None:
    if verified is None:
        return "never verified (the file has no `verified:` date)"
    if verified > today:
        return (
            f"`verified:` is {verified}, a day still to come; set it to the day you last "
            f"checked the page"
        )
    due = verified + relativedelta(months=every)  # 31 Aug + 6 months is 28 (or 29) Feb
    if today <= due:
        return None
    age = relativedelta(today, verified)
    months = age.years * 12 + age.months
    return f"last verified {verified}, {_count(months, 'month')} ago (due {due})"


def _when(occurrence: Occurrence) -> str:
    start = occurrence.starts_at
    day = start.date() if isinstance(start, datetime) else start
    return f"{day} {occurrence.event.title}"


def _weak_alt(event: Event) -> str | None:
    assert event.image is not None
    alt = _plain(event.image.alt)
    file_name = event.image.path.rsplit("/", 1)[-1]
    if alt in (_plain(file_name), _plain(file_name.rsplit(".", 1)[0])):
        return f"`image_alt` only repeats the file name ({file_name})"
    if alt in GENERIC_ALT:
        return f'`image_alt` ("{event.image.alt}") does not say what the picture shows'
    if len(alt) < SHORTEST_ALT:
        return f'`image_alt` ("{event.image.alt}") is too short to say what the picture shows'
    return None


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[-_.]+", " ", text.casefold()).split())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def as_text(report: Report) -> str:
    """Plain text: a heading per part, then one `path: name: what` line per item."""
    parts = []
    for heading, _advice, items in report.sections():
        lines = [f"{heading}:"] + [
            f"{item.src_path}: {item.name}: {item.message}" for item in items
        ]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def as_markdown(report: Report, site: Site) -> str:
    """Markdown for a GitHub issue: each file linked to the repository (when site.toml names it).
    Empty when there is nothing to report."""
    parts = []
    for heading, advice, items in report.sections():
        lines = [f"## {heading}", "", advice, ""]
        lines += [
            f"- {_file_link(item.src_path, site)} — {_escape(item.name)}: {_defuse(item.message)}"
            for item in items
        ]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _file_link(src_path: str, site: Site) -> str:
    if not site.repository:
        return f"`{src_path}`"
    url = f"{site.repository.rstrip('/')}/blob/{quote(site.branch)}/{quote(src_path)}"
    return f"[{src_path}]({url})"


def _escape(text: str) -> str:
    """Staff-written text shown as typed in Markdown (no links, emphasis or mentions)."""
    return _defuse(MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;")))


def _defuse(text: str) -> str:
    """No '@' in the issue may mention anyone (a word joiner after it stops the link)."""
    return text.replace("@", "@\u2060")
