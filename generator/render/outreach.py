"""Pages that take the hub beyond its website: monthly listings to print for notice boards
(/print/), the widget partners show on their own sites (/widget/), lobby screens (/display/), the
text-only listing for slow connections (/text/) and the weekly digest for email newsletters
(/newsletter/). Returns (out_path, bytes) pairs; writes nothing. Which occurrences each shows is
decided here, from the index and "now"; the words are in the templates."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from generator.content.recurrence import bounds
from generator.models import Occurrence
from generator.render import dates, listing
from generator.render.pages import Pages
from generator.render.views import Item

PRINT_LINES = 36  # dated lines that fit one printed page beside the day headings; the rest are
# counted under the QR code
WIDGET_EVENTS = 5  # a sidebar's worth
DISPLAY_DAYS = 7  # a lobby screen holds a week, so it stays useful if a nightly build fails
DISPLAY_ITEMS = 60  # at most, of which the script shows what is on now and the next few
DISPLAY_NEXT = 4  # "coming up" lines that fit a 1920x1080 screen in type readable across a room
TEXT_WEEKS = 4  # the text-only listing covers the coming weeks ...
TEXT_BUDGET = 20_000  # ... in parts of at most this many bytes each
NEWSLETTER_DAYS = 7
NEWSLETTER_EVENTS = 40  # more than a newsletter's readers will read; the rest are counted
WIDGET_KINDS = ("partners", "venues", "audiences", "categories", "languages")


@dataclass(frozen=True)
class ScreenItem:
    """One occurrence on a lobby screen: shown, hidden or moved by display.js as time passes."""

    item: Item
    room: str | None
    short_day: str  # "Wed Dec 2", hidden by the script on the day itself
    day_iso: str  # the occurrence's first day in the hub's zone, to tell "today"
    start: str  # bounds, ISO 8601 with offsets
    end: str
    order: int  # position in time order, to keep ties stable in the script


class Outreach:
    """Renders the outreach pages with the site's Pages renderer (its templates, views, "now")."""

    def __init__(self, pages: Pages):
        self.pages, self.index, self.urls, self.views = pages, pages.index, pages.urls, pages.views
        self.site, self.now = pages.site, pages.now
        self.today = self.now.date()
        tz = self.site.timezone
        self.day_start = datetime.combine(self.today, datetime.min.time(), tz)
        self.months = listing.print_months(self.today)
        end = max(
            datetime.combine(self.months[-1] + relativedelta(months=1), datetime.min.time(), tz),
            self.now + timedelta(weeks=TEXT_WEEKS),
        )
        # One expansion of every event, for every page here: what has not ended, in time order.
        self.window = [
            o for o in self.index.occurrences(self.day_start, end) if not dates.ended(o, self.now)
        ]
        # ... and, in one pass, the dates of it that involve each partner and branch.
        self._involving: dict[tuple[str, str], list[Occurrence]] = {}
        for occurrence in self.window:
            for member in self.index.involved(occurrence):
                self._involving.setdefault(member, []).append(occurrence)

    def render(self) -> Iterator[tuple[str, bytes]]:
        for slug in self.index.venues:
            for month in self.months:
                yield self.print_month("venues", slug, month)
        for slug in self.index.partners:
            for month in self.months:
                yield self.print_month("partners", slug, month)
        for kind, key in self.widget_keys():
            yield self.widget(kind, key)
        for slug in self.index.venues:
            yield self.display(slug)
        yield from self.text_pages()
        yield self.newsletter(None)
        for audience in self.site.audiences:
            yield self.newsletter(audience)

    def involving(self, kind: str, key: str) -> list[Occurrence]:
        """The window's dates that involve a partner, a branch or a word (SiteIndex.involved)."""
        return self._involving.get((kind, key), [])

    def widget_keys(self) -> list[tuple[str, str]]:
        keys = [("partners", slug) for slug in self.index.partners]
        keys += [("venues", slug) for slug in self.index.venues]
        for vocabulary in ("audiences", "categories", "languages"):
            keys += [(vocabulary, key) for key in self.site.vocabulary(vocabulary)]
        return keys

    def _name(self, kind: str, key: str) -> str:
        if kind == "partners":
            return self.index.partners[key].name
        if kind == "venues":
            return self.index.venues[key].name
        return self.site.vocabulary(kind)[key]

    def _live(self, kind: str, key: str) -> str:
        """The page on the website that shows the same events as they change."""
        return self.urls.partner(key) if kind == "partners" else self.urls.listing(kind, key)

    # -- print -------------------------------------------------------------------------------
    def print_month(self, kind: str, slug: str, month: date) -> tuple[str, bytes]:
        """A month's events at a branch or with a partner, for a notice board: from today for
        this month, cancelled dates marked, on one page (PRINT_LINES), with a QR code to the
        branch's or partner's page."""
        url = self.urls.print_month(kind, slug, month.year, month.month)
        tz = self.site.timezone
        start = datetime.combine(month, datetime.min.time(), tz)
        end = datetime.combine(month + relativedelta(months=1), datetime.min.time(), tz)
        found = [o for o in self.involving(kind, slug) if start <= bounds(o)[0] < end]
        name = self._name(kind, slug)
        live = self.urls.absolute(self._live(kind, slug))
        label = dates.month_year(month)
        meta = self.pages._meta(
            f"{name}: {label}", url, f"Events in {label}: {name}, to print.", ""
        )
        return self.pages._page(
            "print.html",
            self.urls.out_path(url),
            meta,
            kind=kind,
            name=name,
            month=label,
            place=self.index.venues.get(slug) if kind == "venues" else None,
            groups=self.views.grouped(listing.fixed(found[:PRINT_LINES])),
            more=max(0, len(found) - PRINT_LINES),
            live=live,
            other_months=[
                (dates.month_year(m), self.urls.print_month(kind, slug, m.year, m.month))
                for m in self.months
                if m != month
            ],
        )

    # -- widget ------------------------------------------------------------------------------
    def widget(self, kind: str, key: str) -> tuple[str, bytes]:
        """The next few events of a partner, branch, audience, topic or language, each at its next
        date (as on the website's lists), for a frame in a partner's sidebar. Like the lists, the
        page holds every date that can become true before the next build, each saying when it is
        shown (listing.py); widget-frame.js shows the first WIDGET_EVENTS true at the reader's
        moment, and `hidden` gives the build's answer."""
        url = self.urls.widget(kind, key)
        entries = listing.upcoming(self.pages.involving(kind, key), self.now)
        more = sum(entry.shown_at(self.now) for entry in entries) - WIDGET_EVENTS
        items = self.views.items(listing.first_few(entries, WIDGET_EVENTS, self.now))
        shown = [item for item in items if not item.hidden]
        items = [
            item if item in shown[:WIDGET_EVENTS] else dataclasses.replace(item, hidden=True)
            for item in items
        ]
        name = self._name(kind, key)
        meta = self.pages._meta(name, url, f"Upcoming events: {name}.", "")
        return self.pages._page(
            "widget.html",
            self.urls.out_path(url),
            meta,
            kind=kind,
            name=name,
            items=items,
            limit=WIDGET_EVENTS,
            more=max(0, more),
            live=self._live(kind, key),
        )

    # -- lobby screens -----------------------------------------------------------------------
    def display(self, slug: str) -> tuple[str, bytes]:
        """A branch's lobby screen: what is on now and next. The page holds the coming
        DISPLAY_DAYS; display.js sorts them by the viewer's clock and reloads the page."""
        venue = self.index.venues[slug]
        url = self.urls.display(slug)
        until = self.now + timedelta(days=DISPLAY_DAYS)
        found = [o for o in self.involving("venues", slug) if bounds(o)[0] < until][:DISPLAY_ITEMS]
        items = []
        for order, occurrence in enumerate(found):
            start, end = bounds(occurrence)
            where = self.views.where(occurrence.event, occurrence)
            items.append(
                ScreenItem(
                    self.views.item(occurrence),
                    where.room,
                    dates.short_day(start.date()),
                    start.date().isoformat(),
                    start.isoformat(),
                    end.isoformat(),
                    order,
                )
            )
        # What the page shows before the script runs (or without it): as at the build's moment.
        on_now = [
            s
            for s, o in zip(items, found, strict=True)
            if bounds(o)[0] <= self.now and not o.cancelled
        ]
        coming = [s for s, o in zip(items, found, strict=True) if bounds(o)[0] > self.now]
        started_cancelled = [
            s for s, o in zip(items, found, strict=True) if bounds(o)[0] <= self.now and o.cancelled
        ]
        meta = self.pages._meta(
            f"{venue.name}: on now and next", url, f"What is on at {venue.name}.", ""
        )
        return self.pages._page(
            "display.html",
            self.urls.out_path(url),
            meta,
            venue=venue,
            on_now=on_now,
            coming=coming,
            hidden=started_cancelled,
            next_shown=DISPLAY_NEXT,
            today=dates.day(self.today),
            today_iso=self.today.isoformat(),
            live=self.urls.absolute(self.urls.listing("venues", slug)),
        )

    # -- text only ---------------------------------------------------------------------------
    def text_pages(self) -> Iterator[tuple[str, bytes]]:
        """The coming TEXT_WEEKS as plain lists, in parts of at most TEXT_BUDGET bytes: a part
        ends before the line that would not fit, and the next part repeats that day's heading."""
        until = self.now + timedelta(weeks=TEXT_WEEKS)
        items = [self.views.item(o) for o in self.window if bounds(o)[0] < until]
        # Each line as it will be written (a template module's macros are not typed).
        macros: Any = self.pages.env.get_template("_text_lines.html").module
        lines = [len(str(macros.line(item)).encode("utf-8")) for item in items]
        headings = {
            item.day: len(str(macros.day_heading(item.day_label, item.day)).encode("utf-8"))
            for item in items
        }
        room = TEXT_BUDGET - self._text_frame()
        while True:  # the lines' measure leaves out the few bytes between them: check, and retry
            parts = _pack(items, lines, headings, room)
            pages = [
                self._text_page(number, len(parts), groups, until)
                for number, groups in enumerate(parts, start=1)
            ]
            # (a single line longer than a part, from a title of thousands of characters, stays)
            if all(len(data) <= TEXT_BUDGET for _, data in pages) or room < 1_000:
                yield from pages
                return
            room -= 500

    def _text_frame(self) -> int:
        """The bytes of a part without its lines, at its largest (both links, a long number)."""
        return len(self._text_page(99, 999, [], self.now + timedelta(weeks=TEXT_WEEKS))[1])

    def _text_page(
        self,
        number: int,
        total: int,
        groups: list[tuple[str, str, list[Item]]],
        until: datetime,
    ) -> tuple[str, bytes]:
        url = self.urls.text_page(number)
        meta = self.pages._meta(
            self.site.title, url, f"Events at {self.site.title}, as text.", "text"
        )
        out_path, data = self.pages._page(
            "text.html",
            self.urls.out_path(url),
            meta,
            number=number,
            total=total,
            groups=groups,
            first_day=dates.day(self.today),
            last_day=dates.day((until - timedelta(days=1)).date()),
            previous=self.urls.text_page(number - 1) if number > 1 else None,
            following=self.urls.text_page(number + 1) if number < total else None,
        )
        return out_path, data

    # -- newsletter --------------------------------------------------------------------------
    def newsletter(self, audience: str | None) -> tuple[str, bytes]:
        """The week from today for an email newsletter, for everyone or one audience: each event
        once, at its first date this week that is not cancelled; inline styles only."""
        url = self.urls.newsletter_for(audience)
        week_end = self.day_start + timedelta(days=NEWSLETTER_DAYS)
        chosen: dict[str, Occurrence] = {}
        for occurrence in self.window:
            if bounds(occurrence)[0] >= week_end or occurrence.cancelled:
                continue
            if audience is not None and audience not in occurrence.event.audiences:
                continue
            chosen.setdefault(occurrence.event.slug, occurrence)
        shown = sorted(chosen.values(), key=_start_key)
        name = self.site.audiences[audience] if audience else None
        meta = self.pages._meta(
            f"This week: {name}" if name else "This week",
            url,
            f"A week of events at {self.site.title}, for an email newsletter.",
            "",
        )
        return self.pages._page(
            "newsletter.html",
            self.urls.out_path(url),
            meta,
            audience=name,
            groups=self.views.grouped(listing.fixed(shown[:NEWSLETTER_EVENTS])),
            more=max(0, len(shown) - NEWSLETTER_EVENTS),
            first_day=dates.day(self.today),
            last_day=dates.day(self.today + timedelta(days=NEWSLETTER_DAYS - 1)),
            absolute=self.urls.absolute,
            accent=self.site.accent_color or "#0b5394",
        )


def _pack(
    items: list[Item], lines: list[int], headings: dict[date, int], room: int
) -> list[list[tuple[str, str, list[Item]]]]:
    """Items in parts of at most `room` bytes of lines and day headings, grouped by day."""
    parts: list[list[tuple[str, str, list[Item]]]] = [[]]
    used = 0
    for item, size in zip(items, lines, strict=True):
        current = parts[-1]
        new_day = not current or current[-1][1] != item.day.isoformat()
        needed = size + (headings[item.day] if new_day else 0)
        if current and used + needed > room:
            parts.append([])
            current, used, new_day = parts[-1], 0, True
            needed = size + headings[item.day]
        if new_day:
            current.append((item.day_label, item.day.isoformat(), []))
        current[-1][2].append(item)
        used += needed
    return parts


def _start_key(occurrence: Occurrence) -> tuple:
    start, end = bounds(occurrence)
    return (start, end, occurrence.event.slug)
