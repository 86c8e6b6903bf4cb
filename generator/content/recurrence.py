"""Repeating series: RRULE text from staff's `repeat:` words, and expansion of an event into dated
Occurrences with dateutil's rrule. Pure. Pages, feeds and checks all take their dates from here.

Series are expanded in the event's local wall-clock time and only then given their zone, so a
program at 15:30 stays at 15:30 across daylight-saving changes, as calendar apps expect of an RRULE
with a TZID. Each date reads its times as a one-off event written on that date would: a start in
the spring-forward gap moves forward by the gap (RFC 5545 §3.3.5; zoneinfo's fold=0 after a round
trip through UTC), an ambiguous time is the first of the two, and the end is the written end on
the wall clock (a lock-in from 23:00 to 03:00 ends at 03:00 on the nights the clocks change too,
three or five hours later; a session moved by the gap keeps its length). The feeds write explicit
times for the dates where calendar apps would otherwise disagree (feeds.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import rrulestr

from generator.incremental.cache import remembered
from generator.models import UTC, Event, Occurrence
from generator.translate.language import N_, _, current, ngettext

FREQUENCIES = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
ORDINAL_WORDS = {value: word for word, value in ORDINALS.items()}
EXPANSION_LIMIT = 5000  # occurrences of one series that a window may hold; bounds hostile rules
LAST_YEAR = 2100  # no date may be later (values.py), so no series needs to look further


def local_start(event: Event) -> datetime:
    """The series' first start as a naive wall-clock time (midnight for all-day events)."""
    if event.all_day:
        return datetime.combine(event.starts_at, time())
    assert isinstance(event.starts_at, datetime)
    return event.starts_at.replace(tzinfo=None)


class Rule:
    """A series' own dates as naive local datetimes, with bounded cost.

    Every rule stops at the end of LAST_YEAR (dates are refused after it), and COUNT is applied
    here rather than by dateutil, so even a rule that never matches (the 30th of February) gives
    up after a bounded walk instead of searching to the year 9999.
    """

    def __init__(
        self, rule_text: str, dtstart: datetime, until: date | datetime | None, count: int | None
    ):
        if isinstance(until, datetime):
            end = until
        else:
            end = datetime.combine(until or date(LAST_YEAR, 12, 31), time(23, 59, 59))
        self._rule = rrulestr(f"{rule_text};UNTIL={end:%Y%m%dT%H%M%S}", dtstart=dtstart)
        self._dates = list(islice(self._rule, count)) if count is not None else None

    def __iter__(self) -> Iterator[datetime]:
        return iter(self._dates) if self._dates is not None else iter(self._rule)

    def __contains__(self, moment: datetime) -> bool:
        if self._dates is not None:
            return moment in self._dates
        return moment in self._rule

    def after(self, moment: datetime, inc: bool = False) -> datetime | None:
        return next(self.xafter(moment, inc), None)

    def xafter(self, moment: datetime, inc: bool = False) -> Iterator[datetime]:
        if self._dates is None:
            return self._rule.xafter(moment, inc=inc)
        return (d for d in self._dates if d > moment or (inc and d == moment))

    def last(self) -> datetime | None:
        """The last date of a bounded rule (one with `until` or `count`; every rule stops at the
        end of LAST_YEAR)."""
        if self._dates is not None:
            return self._dates[-1] if self._dates else None
        return self._rule.before(datetime(LAST_YEAR + 1, 1, 1))

    def before(self, moment: datetime) -> datetime | None:
        if self._dates is None:
            return self._rule.before(moment)
        earlier = [d for d in self._dates if d < moment]
        return earlier[-1] if earlier else None


@remembered(65536)  # every page and feed expands the same series again; a Rule is reusable
def make_rule(
    rule_text: str, dtstart: datetime, until: date | datetime | None, count: int | None
) -> Rule:
    """The series for RRULE text without UNTIL/COUNT, plus the inclusive `until` or `count`."""
    return Rule(rule_text, dtstart, until, count)


def rule_of(event: Event) -> Rule:
    repeat = event.repeat
    assert repeat is not None
    return make_rule(repeat.rule, local_start(event), repeat.until, repeat.count)


def series_starts(
    event: Event, after: datetime | None = None, before: datetime | None = None
) -> list[datetime]:
    """The series' own local starts (naive), extra dates included, cancelled-by-`except` removed,
    between the naive local bounds given (inclusive); unbounded only for a bounded series."""
    repeat = event.repeat
    assert repeat is not None
    rule = rule_of(event)
    if before is None and repeat.open_ended:
        raise ValueError("an open-ended series needs an end to its window")
    starts: list[datetime] = []
    for start in rule.xafter(after, inc=True) if after else rule:
        if before is not None and start > before:
            break
        starts.append(start)
        if len(starts) >= EXPANSION_LIMIT:
            break
    clock = local_start(event).time()
    for extra in repeat.also_dates:
        start = datetime.combine(extra, clock)
        if (after is None or start >= after) and (before is None or start <= before):
            starts.append(start)
    # A date moved by `occurrences` may land in the window although its series date is far outside.
    listed = {start.date() for start in starts}
    for day, change in event.changes.items():
        if change.starts_at is not None and day not in listed:
            starts.append(datetime.combine(day, clock))
    skipped = set(repeat.except_dates)
    return sorted(start for start in starts if start.date() not in skipped)


def expand(
    event: Event, window_start: datetime | None = None, window_end: datetime | None = None
) -> list[Occurrence]:
    """The event's occurrences that overlap [window_start, window_end) (aware datetimes)."""
    if event.repeat is None:
        occurrences = [Occurrence(event, event.starts_at, event.ends_at)]
    else:
        after = before = None
        margin = event.duration + timedelta(days=2)  # zone offsets and long events, then filtered
        if window_start is not None:
            after = (window_start - margin).astimezone(event.timezone).replace(tzinfo=None)
        if window_end is not None:
            before = (
                (window_end + timedelta(days=2)).astimezone(event.timezone).replace(tzinfo=None)
            )
        occurrences = [occurrence_at(event, start) for start in series_starts(event, after, before)]
    return sorted(
        (
            occurrence
            for occurrence in occurrences
            if _overlaps(occurrence, window_start, window_end)
        ),
        key=occurrence_key,
    )


def following(event: Event, moment: datetime, limit: int) -> list[Occurrence]:
    """The first `limit` occurrences that have not ended at `moment`, however far ahead they are
    (an event announced years ahead, a rule that meets once a decade)."""
    if event.repeat is None:
        occurrences = [Occurrence(event, event.starts_at, event.ends_at)]
    else:
        margin = event.duration + timedelta(days=2)
        after = (moment - margin).astimezone(event.timezone).replace(tzinfo=None)
        repeat = event.repeat
        wanted = limit + len(repeat.except_dates) + len(event.changes)
        starts = list(islice(rule_of(event).xafter(after, inc=True), wanted))
        clock = local_start(event).time()
        starts += [datetime.combine(day, clock) for day in repeat.also_dates]
        listed = {start.date() for start in starts}
        starts += [datetime.combine(day, clock) for day in event.changes if day not in listed]
        skipped = set(repeat.except_dates)
        occurrences = [
            occurrence_at(event, start) for start in starts if start.date() not in skipped
        ]
    upcoming = [o for o in occurrences if bounds(o)[1] > moment]
    return sorted(upcoming, key=occurrence_key)[:limit]


def last_occurrences(event: Event) -> tuple[Occurrence | None, datetime | None]:
    """The event's last date (the one that starts latest) and the moment all its dates have
    ended; (None, None) for an open-ended series, which never ends."""
    if event.repeat is None:
        only = Occurrence(event, event.starts_at, event.ends_at)
        return only, bounds(only)[1]
    repeat = event.repeat
    if repeat.open_ended:
        return None, None
    rule = rule_of(event)
    clock = local_start(event).time()
    candidates = []
    moment = rule.last()
    while moment is not None and moment.date() in repeat.except_dates:
        moment = rule.before(moment)
    if moment is not None:
        candidates.append(occurrence_at(event, moment))
    candidates += [
        occurrence_at(event, datetime.combine(day, clock))
        for day in (*repeat.also_dates, *event.changes)
    ]
    if not candidates:
        return None, None
    last = max(candidates, key=occurrence_key)
    return last, max(bounds(o)[1] for o in candidates)


def occurrence_at(event: Event, local: datetime) -> Occurrence:
    """The occurrence of a series whose own start is the naive local time `local`."""
    change = event.changes.get(local.date())
    if event.all_day:
        series_start: date | datetime = local.date()
        starts_at = change.starts_at if change and change.starts_at else series_start
        ends_at = (
            change.ends_at
            if change and change.ends_at
            else starts_at + (event.ends_at - event.starts_at)  # type: ignore[operator]  # both dates
        )
    else:
        series_start = wall(local, event.timezone)
        starts_at = change.starts_at if change and change.starts_at else series_start
        assert isinstance(starts_at, datetime)  # a timed series' changes are timed too
        ends_at = (
            change.ends_at
            if change and change.ends_at
            else wall(starts_at.replace(tzinfo=None) + event.length, event.timezone)
        )
    if change is None:
        return Occurrence(event, starts_at, ends_at, series_start)
    return Occurrence(
        event,
        starts_at,
        ends_at,
        series_start,
        change.status,
        change.note,
        change.location,
        change.room,
    )


def wall(local: datetime, tz) -> datetime:
    """A wall-clock time in `tz`: the first of two in a fall-back hour (fold=0); one in a
    spring-forward gap moves forward by the gap (a round trip through UTC)."""
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


def bounds(occurrence: Occurrence) -> tuple[datetime, datetime]:
    """Start and (exclusive) end as aware datetimes; an all-day event runs midnight to midnight."""
    if occurrence.all_day:
        tz = occurrence.event.timezone
        return (
            datetime.combine(occurrence.starts_at, time(), tz),
            datetime.combine(occurrence.ends_at + timedelta(days=1), time(), tz),
        )
    start, end = occurrence.starts_at, occurrence.ends_at
    assert isinstance(start, datetime) and isinstance(end, datetime)
    return start, end


def occurrence_key(occurrence: Occurrence) -> tuple:
    start, end = bounds(occurrence)
    return (start.astimezone(UTC), end.astimezone(UTC), occurrence.event.slug)


def _overlaps(
    occurrence: Occurrence, window_start: datetime | None, window_end: datetime | None
) -> bool:
    start, end = bounds(occurrence)
    return (window_start is None or end > window_start) and (
        window_end is None or start < window_end
    )


def describe(
    rule_text: str, dtstart: datetime, until: date | datetime | None, count: int | None
) -> str:
    """Words for a series in the language pages are being made in, e.g. 'every Wednesday until
    April 28, 2027'. A rule written as raw RRULE text that these words cannot say exactly is
    described only as 'repeating'."""
    language = current()
    parts = dict(part.split("=", 1) for part in rule_text.split(";") if "=" in part)
    freq, interval = parts.pop("FREQ", ""), int(parts.pop("INTERVAL", "1"))
    parts.pop("WKST", None)
    byday = [day for day in parts.get("BYDAY", "").split(",") if day]
    words = _("repeating")
    if freq in UNIT_WORDS and not parts:
        words = _every(freq, interval)
    elif freq == "WEEKLY" and set(parts) == {"BYDAY"} and all(day in BYDAY for day in byday):
        names = _join([_weekday(BYDAY.index(day)) for day in byday])
        if interval == 1:
            words = _("every %(days)s") % {"days": names}
        elif interval == 2:
            words = _("every other week on %(days)s") % {"days": names}
        else:
            words = ngettext(
                "every %(num)d week on %(days)s", "every %(num)d weeks on %(days)s", interval
            ) % {"num": interval, "days": names}
    elif (
        freq == "MONTHLY"
        and set(parts) == {"BYDAY"}
        and all(
            day[-2:] in BYDAY and day[:-2].lstrip("+-").isdigit() and int(day[:-2]) in ORDINAL_WORDS
            for day in byday
        )
    ):
        ordinals = [
            _("%(ordinal)s %(weekday)s")
            % {
                "ordinal": _(ORDINAL_LABELS[int(day[:-2])]),
                "weekday": _weekday(BYDAY.index(day[-2:])),
            }
            for day in byday
        ]
        words = _on_the(_join(ordinals), interval)
    elif (
        freq == "MONTHLY"
        and set(parts) == {"BYMONTHDAY"}
        and all(
            day.lstrip("-").isdigit() and (1 <= int(day) <= 31 or int(day) == -1)
            for day in parts["BYMONTHDAY"].split(",")
        )
    ):
        days = [_nth(int(day)) for day in parts["BYMONTHDAY"].split(",")]
        words = _on_the(_join(days), interval)
    if until is not None:
        day = until.date() if isinstance(until, datetime) else until
        shown = (
            f"{day:%B} {day.day}, {day.year}" if language.english else language.calendar_day(day)
        )
        words = _("%(rule)s until %(date)s") % {"rule": words, "date": shown}
    elif count is not None:
        words = ngettext("%(rule)s, %(num)d time", "%(rule)s, %(num)d times", count) % {
            "rule": words,
            "num": count,
        }
    return words


UNIT_WORDS = {  # FREQ: (every one, every other); every n is a plural message in _every()
    "DAILY": (N_("every day"), N_("every other day")),
    "WEEKLY": (N_("every week"), N_("every other week")),
    "MONTHLY": (N_("every month"), N_("every other month")),
    "YEARLY": (N_("every year"), N_("every other year")),
}
ORDINAL_LABELS = {
    1: N_("first"),
    2: N_("second"),
    3: N_("third"),
    4: N_("fourth"),
    5: N_("fifth"),
    -1: N_("last"),
}
WEEKDAY_LABELS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def _every(freq: str, interval: int) -> str:
    one, other = UNIT_WORDS[freq]
    if interval == 1:
        return _(one)
    if interval == 2:
        return _(other)
    plural = {
        "DAILY": lambda n: ngettext("every %(num)d day", "every %(num)d days", n),
        "WEEKLY": lambda n: ngettext("every %(num)d week", "every %(num)d weeks", n),
        "MONTHLY": lambda n: ngettext("every %(num)d month", "every %(num)d months", n),
        "YEARLY": lambda n: ngettext("every %(num)d year", "every %(num)d years", n),
    }[freq]
    return plural(interval) % {"num": interval}


def _on_the(days: str, interval: int) -> str:
    """'on the first Wednesday of every month', '... of every other month', '... of every 3
    months'."""
    if interval == 1:
        return _("on the %(days)s of every month") % {"days": days}
    if interval == 2:
        return _("on the %(days)s of every other month") % {"days": days}
    return ngettext(
        "on the %(days)s of every %(num)d month",
        "on the %(days)s of every %(num)d months",
        interval,
    ) % {"days": days, "num": interval}


def _weekday(number: int) -> str:
    language = current()
    return _(WEEKDAY_LABELS[number]) if language.english else language.weekday(number)


def _nth(day: int) -> str:
    if day == -1:
        return _("last day")
    if not current().english:
        return _("day %(num)d") % {"num": day}
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _join(words: list[str]) -> str:
    if not current().english:
        return current().join(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
