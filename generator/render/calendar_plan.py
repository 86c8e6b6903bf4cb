"""Which VEVENTs carry an event's dates, so that every calendar app reads the times the pages show.
Pure: plans from the event; feeds.py writes the plan.

RFC 5545 allows several ways to write a series, and common apps misread some of them (measured
with ical.js, `ical`, `recurring-ical-events`, libical, libecal, KCalendarCore, node-ical and
vobject; tests/test_feeds.py expands every feed with several of them). So the plan never uses:

- RDATE for extra dates: node-ical loses them, libical misplaces them, and Outlook cannot store an
  RDATE without an EXDATE (MS-OXCICAL 2.1.3.1.1.20.18). Each `also` date is a VEVENT of its own
  (a *single*), with a UID of its own made from the event's and the date, so it never changes.
- A rule date at a wall-clock time that is ambiguous (the repeated hour when clocks go back) or does
  not exist (the spring-forward gap): most apps read the second of two times and disagree about a
  gap, and an override (RECURRENCE-ID, in UTC or local time) is matched to no instance by half of
  them, while EXDATE of such a time is misread too. The series is cut around that date instead:
  the date becomes a single in UTC, and the rule goes on in another VEVENT (a further *run* with a
  UID of its own, made from its first date) after it.
- An end that apps work out two ways: by RFC 5545 a date lasts exactly as long as the first; many
  apps keep the wall-clock end. Where the two differ (a date whose start and end are on either side
  of a clock change, such as an overnight program), the date is written out with its own times as
  an override (RECURRENCE-ID at the rule's time, unambiguous by the cut above). A run cannot start
  with such a date (its DTSTART and DTEND give every date's length; libical even measures a
  DURATION on the wall clock), so one is cut off like the dates above.

Dates written out (singles, overrides, one-off events) are written in UTC where a reader could take
their times for other instants: an ambiguous wall-clock time, or a start and an end on either side
of a clock change. Everything else keeps the event's time zone.
An open-ended series is planned up to `until` (feeds.py: the end of the year after the horizon);
later dates follow the rule as apps read it, and a later build plans them when they come near.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from generator.content.recurrence import LAST_YEAR, local_start, occurrence_at, rule_of, wall
from generator.models import Event, Occurrence
from generator.render.vtimezone import transitions


@dataclass(frozen=True)
class Run:
    """One VEVENT with an RRULE: the rule's dates from `first` to `last` (naive local times;
    `last` None: as the event's own rule ends, open-ended or not)."""

    uid: str
    first: datetime
    last: datetime | None
    excepted: tuple[datetime, ...] = ()  # EXDATEs: rule dates with no occurrence
    overrides: tuple[Occurrence, ...] = ()  # dates written out with RECURRENCE-ID


@dataclass(frozen=True)
class Single:
    """One date as a VEVENT of its own (no RRULE)."""

    uid: str
    occurrence: Occurrence


@dataclass(frozen=True)
class Plan:
    runs: list[Run] = field(default_factory=list)
    singles: list[Single] = field(default_factory=list)


def plan(event: Event, uid: str, until: datetime) -> Plan:
    """The VEVENTs for a series (`event.repeat` is set); `until` (naive local) bounds the dates
    looked at for an open-ended one."""
    repeat = event.repeat
    assert repeat is not None
    clock = local_start(event).time()
    singles = [
        Single(date_uid(uid, day), occurrence_at(event, datetime.combine(day, clock)))
        for day in repeat.also_dates
    ]
    cuts, long_dates = ([], frozenset()) if event.all_day else clock_change_dates(event, until)
    skipped = set(repeat.except_dates)
    while True:
        segments = _segments(event, cuts)
        # A run starts with a date its DTSTART and DTEND can stand for (they give every date's
        # length); one that spans a clock change is cut off too.
        starts_long = [first for first, _ in segments if first in long_dates]
        if not starts_long:
            break
        cuts = sorted([*cuts, *starts_long])
    singles += [
        Single(date_uid(uid, cut.date()), occurrence_at(event, cut))
        for cut in cuts
        if cut.date() not in skipped
    ]
    runs = [
        _run(event, uid if index == 0 else run_uid_for(uid, first.date()), first, last, long_dates)
        for index, (first, last) in enumerate(segments)
    ]
    return Plan(runs, sorted(singles, key=lambda single: single.uid))


def _segments(event: Event, cuts: list[datetime]) -> list[tuple[datetime, datetime | None]]:
    """The runs of the rule's dates between the cuts: (first, last), naive local; last None when
    the run ends where the rule does."""
    rule = rule_of(event)
    segments: list[tuple[datetime, datetime | None]] = []
    start = local_start(event)
    first = start if start not in cuts else rule.after(start)
    for cut in cuts:
        if first is not None and first < cut:
            segments.append((first, rule.before(cut)))
        if first is None or first <= cut:
            first = rule.after(cut)
    if first is not None:
        # After a cut, a counted series' last run ends at its last date (COUNT would count again).
        counted = event.repeat is not None and event.repeat.count is not None
        last = rule.last() if cuts and counted else None
        segments.append((first, last))
    return segments


def _run(
    event: Event, uid: str, first: datetime, last: datetime | None, long_dates: frozenset
) -> Run:
    repeat = event.repeat
    assert repeat is not None  # a run is part of a series
    clock = local_start(event).time()

    def inside(moment: datetime) -> bool:
        return first <= moment and (last is None or moment <= last)

    excepted = tuple(
        moment
        for moment in (datetime.combine(day, clock) for day in repeat.except_dates)
        if inside(moment)
    )
    written = {
        moment
        for moment in (datetime.combine(day, clock) for day in event.changes)
        if inside(moment) and moment.date() not in repeat.also_dates
    }
    written |= {moment for moment in long_dates if inside(moment)}
    written -= set(excepted)
    return Run(
        uid,
        first,
        last,
        excepted,
        tuple(occurrence_at(event, moment) for moment in sorted(written)),
    )


def clock_change_dates(event: Event, until: datetime) -> tuple[list[datetime], frozenset]:
    """(cuts, long dates): the rule's dates (naive local) at an ambiguous or missing wall-clock
    time, and those whose start and end are on either side of a clock change. Only dates near
    the zone's clock changes can be either, so only those are looked at."""
    tz, rule = event.timezone, rule_of(event)
    first = local_start(event)
    repeat = event.repeat
    assert repeat is not None
    if repeat.open_ended:
        last_year = until.year
    elif repeat.until is not None:
        last_year = repeat.until.year
    else:
        last = rule.last()
        last_year = last.year if last is not None else first.year
    around = event.length + timedelta(days=2)
    cuts, long_dates = set(), set()
    for change in _changes(tz, first.year, last_year):
        for moment in rule.xafter(change - around, inc=True):
            if moment > change + timedelta(days=2) or (repeat.open_ended and moment > until):
                break
            if ambiguous(moment, tz):
                cuts.add(moment)
            elif _spans_change(event, moment):
                long_dates.add(moment)
    return sorted(cuts), frozenset(long_dates)


@lru_cache(maxsize=64)
def _changes(tz: ZoneInfo, first_year: int, last_year: int) -> tuple[datetime, ...]:
    """The local wall-clock times (naive) of the zone's clock changes in those years."""
    return tuple(change.local for change in transitions(tz, first_year, last_year))


def _spans_change(event: Event, moment: datetime) -> bool:
    """Whether the date as the rule makes it (ignoring `occurrences`) starts and ends on either
    side of a clock change, or ends at an ambiguous time, so that apps work its end out in two
    ways."""
    start = wall(moment, event.timezone)
    end = wall(start.replace(tzinfo=None) + event.length, event.timezone)
    return start.utcoffset() != end.utcoffset() or ambiguous(end.replace(tzinfo=None), end.tzinfo)


def ambiguous(local: datetime, tz) -> bool:
    """Whether a wall-clock time names no single instant: it happens twice (fall back) or not at
    all (spring forward). A reader given it with a TZID may pick either offset."""
    return (
        local.replace(tzinfo=tz, fold=0).utcoffset() != local.replace(tzinfo=tz, fold=1).utcoffset()
    )


def needs_utc(start: datetime, end: datetime) -> bool:
    """Whether a date's times must be written in UTC: one of them is an ambiguous wall-clock time,
    or they are on either side of a clock change (libecal then works the end out by the clock)."""
    return (
        ambiguous(start.replace(tzinfo=None), start.tzinfo)
        or ambiguous(end.replace(tzinfo=None), end.tzinfo)
        or start.utcoffset() != end.utcoffset()
    )


def date_uid(uid: str, day: date) -> str:
    """The UID of one date written as a VEVENT of its own: the event's, with the date added to its
    local part ('.' cannot be in a slug, so no other event's UID can be the same)."""
    return _with(uid, f".{day:%Y%m%d}")


def run_uid_for(uid: str, day: date) -> str:
    """The UID of the part of a series that goes on from `day` after a cut."""
    return _with(uid, f".from-{day:%Y%m%d}")


def _with(uid: str, suffix: str) -> str:
    local, at, domain = uid.rpartition("@")
    return f"{local}{suffix}@{domain}" if at else f"{uid}{suffix}"


def until_of_year(year: int) -> datetime:
    return datetime.combine(date(min(year, LAST_YEAR), 12, 31), time(23, 59, 59))
