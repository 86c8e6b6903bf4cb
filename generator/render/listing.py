"""Which dates each list of events shows, and from when until when. Pure.

Pages are built ahead of time (every night), but patrons read them at any moment until the next
build. So every entry of a list carries the moments it is true from and until, and the page holds
every entry that could be true in the page's life (LIFETIME after its build): enhance.js shows
exactly the entries true at the reader's own moment, and without JavaScript the build's moment
decides (templates set `hidden`). What a list shows at a moment `t`:

- upcoming lists (events, audiences, categories, languages, venues, a partner's events): for each
  event, every date staff wrote about on its own (an extra date, or one changed under
  `occurrences`: moved, at another place, cancelled, with a note) that has not ended at `t`, and
  the event's next date: its first date not ended at `t` and not cancelled (all of a cancelled
  event's dates count), all within the build's horizon;
- the home page: "today", the dates on `t`'s day or under way at `t`; "the next 7 days", the dates
  starting on the seven days after it, grouped by day;
- past events: each event (not an open-ended series) whose dates have all ended by `t`, at its
  last date, for two years after that date ended;
- a partner's recent events: the ten latest dates that ended in the 90 days before `t`.

Days are the hub's days (its time zone), whatever zone an event is in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from generator.content.recurrence import bounds, last_occurrences
from generator.models import Event, Occurrence
from generator.render.dates import first_day

LIFETIME = timedelta(days=2)  # a night's build, and one more in case a build fails
PAST_YEARS = 2  # how long an event stays on /events/past/
RECENT = timedelta(days=90)  # a partner's recent events
RECENT_SHOWN = 10
PRINT_MONTHS = 2  # this month (from today) and the next, for each branch and partner


def print_months(today: date) -> list[date]:
    """The months printed for each branch and partner (their first days): the outreach pages
    and the partner page's links to them."""
    first = date(today.year, today.month, 1)
    return [first + relativedelta(months=n) for n in range(PRINT_MONTHS)]


@dataclass(frozen=True)
class Entry:
    """An occurrence in a list, shown from `shown_from` (None: from the start) until
    `shown_until` (None: to the end); the bounds are instants."""

    occurrence: Occurrence
    shown_from: datetime | None
    shown_until: datetime | None

    def shown_at(self, moment: datetime) -> bool:
        return (self.shown_from is None or self.shown_from <= moment) and (
            self.shown_until is None or moment < self.shown_until
        )

    def shown_during(self, start: datetime, end: datetime) -> bool:
        return (self.shown_from is None or self.shown_from < end) and (
            self.shown_until is None or start < self.shown_until
        )


def fixed(occurrences: Iterable[Occurrence]) -> list[Entry]:
    """Entries for a page that no script changes (print, newsletter): each shown as it is."""
    return [Entry(occurrence, None, None) for occurrence in occurrences]


def upcoming(occurrences: Iterable[Occurrence], built: datetime) -> list[Entry]:
    """An upcoming list's entries, in time order, from the dates it may show (in the build's
    window, each event's in time order)."""
    by_event: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        if end_of(occurrence) > built:
            by_event.setdefault(occurrence.event.slug, []).append(occurrence)
    entries = []
    for dates in by_event.values():
        event = dates[0].event
        candidates = [o for o in dates if not o.cancelled or event.status == "cancelled"]
        latest_end: datetime | None = None  # the end of the latest candidate before this one
        for occurrence in dates:
            if occurrence.irregular:
                shown_from = None
            elif occurrence in candidates:
                shown_from = latest_end
            else:
                continue
            if occurrence in candidates:
                end = end_of(occurrence)
                latest_end = end if latest_end is None else max(latest_end, end)
            entry = Entry(occurrence, shown_from, end_of(occurrence))
            if entry.shown_during(built, built + LIFETIME) and (
                shown_from is None or shown_from < end_of(occurrence)
            ):
                entries.append(entry)
    return sorted(entries, key=lambda entry: _order(entry.occurrence))


def first_few(entries: list[Entry], few: int, built: datetime) -> list[Entry]:
    """The entries that are among the first `few` shown at some moment of the page's life (a
    list that shows only a few, such as a partner's widget): what is shown changes only where an
    entry starts or stops being shown, so those moments are all there is to look at."""
    end = built + LIFETIME
    moments = {built} | {
        bound
        for entry in entries
        for bound in (entry.shown_from, entry.shown_until)
        if bound is not None and built <= bound < end
    }
    kept: set[int] = set()
    for moment in moments:
        shown = [i for i, entry in enumerate(entries) if entry.shown_at(moment)]
        kept.update(shown[:few])
    return [entry for i, entry in enumerate(entries) if i in kept]


def home(
    occurrences: Iterable[Occurrence], built: datetime, zone
) -> tuple[list[Entry], list[Entry]]:
    """(today, next 7 days): the home page's two lists. An occurrence starting on day S is in
    "today" from the start of S until it ends, and in "the next 7 days" from the start of S-7
    until the start of S."""
    today, week = [], []
    for occurrence in occurrences:
        first = first_day(occurrence, zone)
        today_entry = Entry(occurrence, day_start(first, zone), end_of(occurrence))
        week_entry = Entry(
            occurrence, day_start(first - timedelta(days=7), zone), day_start(first, zone)
        )
        if today_entry.shown_during(built, built + LIFETIME):
            today.append(today_entry)
        if week_entry.shown_during(built, built + LIFETIME):
            week.append(week_entry)
    key = lambda entry: _order(entry.occurrence)  # noqa: E731
    return sorted(today, key=key), sorted(week, key=key)


def home_window(built: datetime, zone) -> tuple[datetime, datetime]:
    """The dates the home page may show in its life."""
    last_day = (built + LIFETIME).astimezone(zone).date() + timedelta(days=8)
    return built, day_start(last_day, zone)


def past(events: Iterable[Event], built: datetime) -> list[Entry]:
    """/events/past/: each finished event at its last date, most recent first."""
    entries = []
    for event in events:
        if event.repeat is not None and event.repeat.open_ended:
            continue
        last, finished = last_occurrences(event)
        if last is None:
            continue
        entry = Entry(last, finished, end_of(last) + relativedelta(years=PAST_YEARS))
        if entry.shown_during(built, built + LIFETIME):
            entries.append(entry)
    return sorted(entries, key=lambda entry: _order(entry.occurrence), reverse=True)


def recent(occurrences: Iterable[Occurrence], built: datetime) -> list[Entry]:
    """A partner's recent events, most recent first: the ten shown at the build and every date
    that ends in the page's life (the page shows the first ten of those shown at a moment)."""
    entries = [
        Entry(occurrence, end_of(occurrence), end_of(occurrence) + RECENT)
        for occurrence in occurrences
    ]
    entries = sorted(
        (e for e in entries if e.shown_during(built, built + LIFETIME)),
        key=lambda entry: _order(entry.occurrence),
        reverse=True,
    )
    now_shown = [e for e in entries if e.shown_at(built)][:RECENT_SHOWN]
    return [
        e for e in entries if e in now_shown or (e.shown_from is not None and e.shown_from > built)
    ]


def end_of(occurrence: Occurrence) -> datetime:
    return bounds(occurrence)[1]


def day_start(day: date, zone) -> datetime:
    return datetime.combine(day, time(), zone)


def _order(occurrence: Occurrence) -> tuple:
    start, end = bounds(occurrence)
    return (start, end, occurrence.event.slug)
