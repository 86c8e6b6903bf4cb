"""VTIMEZONE components built from zoneinfo as yearly RRULE observances. Pure.

icalendar's add_missing_timezones() lists every transition as one multi-valued RDATE, and Mozilla's
ical.js (Thunderbird) reads only the first value of such a list, which put a weekly event an hour
early for part of March. Outlook also prefers rules. So this module finds each transition in the
years a feed covers, and writes each run of transitions that follows one yearly pattern up to the
end of those years (e.g. "second Sunday of March at 02:00, -0600 to -0500") as one observance with
an open-ended RRULE.

Transitions that no rule in force describes (a zone that changed its rules, or Morocco's Ramadan
changes, which follow the lunar calendar) are listed as RDATEs, one value per line, and the DTSTART
is listed among them. Each choice avoids a reader's bug: an RRULE with UNTIL would be safer in
theory, but dateutil's tzical ignores UNTIL's "Z" and the `ical` package refuses a UTC UNTIL after a
local DTSTART; a DTSTART alone is an onset for the RFC, but neither the `ical` package nor ical.js
(once an RDATE is present) counts it. All three readers agree on DTSTART + RDATE lines + RRULE.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from generator.incremental.cache import remembered

UTC = UTC
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Transition:
    at: datetime  # the instant, in UTC
    local: datetime  # the wall-clock time just before it, naive
    before: timedelta  # UTC offset before
    after: timedelta  # UTC offset after
    daylight: bool  # whether the new offset is daylight-saving time
    name: str  # abbreviation after, e.g. CDT

    @property
    def kind(self) -> tuple:
        """What one observance shares: everything but the date."""
        return (self.daylight, self.before, self.after, self.name)


def transitions(tz: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every change of UTC offset (or of DST-ness) from the start of first_year to the end of last_year."""
    found = []
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=12)
    previous = _state(tz, moment)
    while moment < end:
        following = moment + step
        state = _state(tz, following)
        if state != previous:
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _state(tz, middle) == previous:
                    low = middle
                else:
                    high = middle
            high = high.replace(second=0, microsecond=0)
            local = (high + previous[0]).replace(tzinfo=None)
            found.append(
                Transition(
                    high,
                    local,
                    previous[0],
                    state[0],
                    bool(state[1]),
                    high.astimezone(tz).tzname() or "",
                )
            )
            previous = state
        moment = following
    return found


def _state(tz: ZoneInfo, moment: datetime) -> tuple[timedelta, timedelta]:
    local = moment.astimezone(tz)
    offset = local.utcoffset()
    assert offset is not None  # a ZoneInfo always has one
    return offset, local.dst() or timedelta(0)


@remembered(256)
def vtimezone_bytes(tz: ZoneInfo, first_year: int, last_year: int) -> bytes:
    """vtimezone() as iCalendar bytes; every feed covering the same years shares them."""
    return vtimezone(tz, first_year, last_year).to_ical()


def vtimezone(tz: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE valid for local times from first_year to last_year (inclusive), and for later
    years too when the zone's current rule continues."""
    component = Timezone()
    component.add("TZID", tz.key)
    changes = transitions(tz, first_year - 1, last_year + 1)
    runs = _open_runs(changes, last_year + 1)
    ruled = {change for run in runs for change in run}
    observances = [_ruled(run) for run in runs] + _listed([c for c in changes if c not in ruled])
    lead_in = _lead_in(tz, changes, first_year)
    for observance in sorted(
        observances + ([lead_in] if lead_in else []),
        key=lambda observance: observance.decoded("DTSTART"),
    ):
        component.add_component(observance)
    return component


def _ruled(run: list[Transition]):
    """One observance for a run of yearly transitions: DTSTART and an open-ended RRULE."""
    first = run[0]
    observance = _observance(first.daylight, first.local, first.before, first.after, first.name)
    yearly = _yearly(run)
    assert yearly is not None  # runs are made only of transitions that have one
    observance.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": first.local.month, **yearly})
    return observance


def _listed(changes: list[Transition]) -> list:
    """One observance per kind of change (offsets and name) for transitions no rule covers:
    DTSTART, and every onset (the first too) as an RDATE of its own."""
    kinds: dict[tuple, list[Transition]] = {}
    for change in changes:
        kinds.setdefault(change.kind, []).append(change)
    observances = []
    for group in kinds.values():
        first = group[0]
        observance = _observance(first.daylight, first.local, first.before, first.after, first.name)
        for change in group:
            observance.add("RDATE", change.local)
        observances.append(observance)
    return observances


def _lead_in(tz: ZoneInfo, changes: list[Transition], first_year: int):
    """The offset in force before the first transition, when local times of the feed's years come
    before it (or there is no transition at all): readers disagree about times before every onset
    (ical.js says UTC), so none may be left there."""
    if changes and changes[0].local < datetime(first_year, 1, 1):
        return None
    moment = (
        changes[0].at - timedelta(hours=1) if changes else datetime(first_year, 1, 1, tzinfo=UTC)
    )
    local = moment.astimezone(tz)
    offset = local.utcoffset()
    assert offset is not None
    observance = _observance(bool(local.dst()), EPOCH, offset, offset, local.tzname() or tz.key)
    observance.add("RDATE", EPOCH)
    return observance


def _observance(daylight: bool, start: datetime, before: timedelta, after: timedelta, name: str):
    observance = TimezoneDaylight() if daylight else TimezoneStandard()
    observance.add("DTSTART", start)
    observance.add("TZOFFSETFROM", before)
    observance.add("TZOFFSETTO", after)
    observance.add("TZNAME", name)
    return observance


def _open_runs(changes: list[Transition], last_year: int) -> list[list[Transition]]:
    """Runs of transitions of one kind, one a year, that one yearly rule describes and that reach
    the last year scanned: the rules still in force, which readers may extend to later years."""
    runs: list[list[Transition]] = []
    for change in changes:
        for run in runs:
            last = run[-1]
            if (
                last.kind == change.kind
                and last.local.year + 1 == change.local.year
                and _yearly(run + [change]) is not None
            ):
                run.append(change)
                break
        else:
            runs.append([change])
    latest_year = max((change.local.year for change in changes), default=0)
    return [
        run
        for run in runs
        if len(run) > 1 and run[-1].local.year == latest_year and run[-1].local.year >= last_year
    ]


def _yearly(run: list[Transition]) -> dict | None:
    """The RRULE parts (besides FREQ and BYMONTH) that give every transition of the run: the same
    month, weekday and wall-clock time each year, on the nth ('2SU') or last ('-1SU') such weekday
    of the month, or else on that weekday within seven given days (BYMONTHDAY=2,...,8 for Chile's
    "first Sunday on or after the 2nd"; Palestine's "last Saturday on or before the 30th")."""
    first = run[0]
    if any(
        (t.local.month, t.local.weekday(), t.local.time())
        != (first.local.month, first.local.weekday(), first.local.time())
        for t in run
    ):
        return None
    day = DAYS[first.local.weekday()]
    nths = {(t.local.day - 1) // 7 + 1 for t in run}
    if len(nths) == 1 and next(iter(nths)) < 5:
        return {"BYDAY": f"{next(iter(nths))}{day}"}
    if all(t.local.day + 7 > calendar.monthrange(t.local.year, t.local.month)[1] for t in run):
        return {"BYDAY": f"-1{day}"}
    days = [t.local.day for t in run]
    shortest = calendar.monthrange(2001, first.local.month)[1]  # 2001: February has 28 days
    if max(days) - min(days) <= 6 and min(days) + 6 <= shortest:
        # Any seven days hold each weekday once, so this is exact for every year of the run.
        return {"BYDAY": day, "BYMONTHDAY": list(range(min(days), min(days) + 7))}
    return None
