"""VTIMEZONE components built from zoneinfo as yearly RRULE observances. Pure.

icalendar's add_missing_timezones() lists every transition as one multi-valued RDATE, and Mozilla's
ical.js (Thunderbird) reads only the first value of such a list, which put a weekly event an hour
early for part of March. Outlook also prefers rules. So this module finds each transition in the
years a feed covers, and writes each run of transitions that follow one yearly pattern (e.g. "second
Sunday of March at 02:00, -0600 to -0500") as one observance with an RRULE; a pattern that stops
(a zone that changed its rules) gets an UNTIL in UTC, and a one-off change is a plain DTSTART.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

UTC = timezone.utc
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    at: datetime               # the instant, in UTC
    local: datetime            # the wall-clock time just before it, naive
    before: timedelta          # UTC offset before
    after: timedelta           # UTC offset after
    daylight: bool             # whether the new offset is daylight-saving time
    name: str                  # abbreviation after, e.g. CDT


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
            found.append(Transition(high, local, previous[0], state[0], bool(state[1]),
                                    high.astimezone(tz).tzname() or ""))
            previous = state
        moment = following
    return found


def _state(tz: ZoneInfo, moment: datetime) -> tuple[timedelta, timedelta]:
    local = moment.astimezone(tz)
    return local.utcoffset(), local.dst() or timedelta(0)


def vtimezone(tz: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE valid for local times from first_year to last_year (inclusive), and for later
    years too when the zone's current rule continues."""
    component = Timezone()
    component.add("TZID", tz.key)
    changes = transitions(tz, first_year - 1, last_year + 1)
    if not changes:
        sample = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(tz)
        component.add_component(_observance(False, datetime(1970, 1, 1), sample.utcoffset(),
                                            sample.utcoffset(), sample.tzname() or tz.key))
        return component
    for run, open_ended in _runs(changes, last_year + 1):
        first = run[0]
        observance = _observance(first.daylight, first.local, first.before, first.after, first.name)
        if len(run) > 1 or open_ended:
            rule = {"FREQ": "YEARLY", "BYMONTH": first.local.month, "BYDAY": _byday(run)}
            if not open_ended:
                rule["UNTIL"] = run[-1].at
            observance.add("RRULE", rule)
        component.add_component(observance)
    return component


def _observance(daylight: bool, start: datetime, before: timedelta, after: timedelta, name: str):
    observance = TimezoneDaylight() if daylight else TimezoneStandard()
    observance.add("DTSTART", start)
    observance.add("TZOFFSETFROM", before)
    observance.add("TZOFFSETTO", after)
    observance.add("TZNAME", name)
    return observance


def _runs(changes: list[Transition], last_year: int) -> list[tuple[list[Transition], bool]]:
    """Group transitions of each kind into runs that one yearly rule describes; a run is open-ended
    when it reaches the last year scanned (the rule is still in force)."""
    runs: list[list[Transition]] = []
    for change in changes:
        for run in runs:
            last = run[-1]
            if (last.daylight == change.daylight and last.local.year + 1 == change.local.year
                    and _same_rule(run + [change])):
                run.append(change)
                break
        else:
            runs.append([change])
    latest_year = max(change.local.year for change in changes)
    result = []
    for run in runs:
        open_ended = len(run) > 1 and run[-1].local.year == latest_year and \
            run[-1].local.year >= last_year
        result.append((run, open_ended))
    return sorted(result, key=lambda item: item[0][0].at)


def _same_rule(run: list[Transition]) -> bool:
    first = run[0]
    if any((t.local.month, t.local.weekday(), t.local.time(), t.before, t.after, t.name) !=
           (first.local.month, first.local.weekday(), first.local.time(), first.before,
            first.after, first.name) for t in run):
        return False
    return _byday(run) is not None


def _byday(run: list[Transition]) -> str | None:
    """'2SU' (second Sunday) or '-1SU' (last Sunday), whichever fits every year of the run."""
    day = DAYS[run[0].local.weekday()]
    nths = {(t.local.day - 1) // 7 + 1 for t in run}
    if len(nths) == 1 and next(iter(nths)) < 5:
        return f"{next(iter(nths))}{day}"
    if all(t.local.day + 7 > calendar.monthrange(t.local.year, t.local.month)[1] for t in run):
        return f"-1{day}"
    return None
