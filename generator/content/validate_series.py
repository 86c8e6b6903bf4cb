"""Validate an event's `repeat:` and `occurrences:` into a Repeat and per-date Changes. Pure: no
I/O; references to other files (a changed location) are checked later by the index."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from generator.content import clock, date_words, values
from generator.content.reader import MISSING, Reader, name
from generator.content.recurrence import (
    BYDAY,
    FREQUENCIES,
    ORDINALS,
    WEEKDAYS,
    Rule,
    describe,
    make_rule,
)
from generator.content.suggest import did_you_mean
from generator.models import OCCURRENCE_STATUSES, UTC, Change, Repeat
from generator.problems import Invalid

REPEAT_KEYS = ("every", "interval", "on", "until", "count", "except", "also", "rrule")
RULE_KEYS = ("every", "interval", "on", "until", "count")
CHANGE_KEYS = ("start", "end", "status", "note", "location", "room")
# BYYEARDAY and BYWEEKNO are left out: no library program needs them, and with them a rule can be
# written that matches no date at all, which dateutil would search for until the year 9999.
RRULE_PARTS = (
    "FREQ",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
    "UNTIL",
    "COUNT",
)
LONGEST_MONTH = {
    1: 31,
    2: 29,
    3: 31,
    4: 30,
    5: 31,
    6: 30,
    7: 31,
    8: 31,
    9: 30,
    10: 31,
    11: 30,
    12: 31,
}
MAX_COUNT = 5000  # sessions a counted series may have


def read_repeat(reader: Reader, start: date | datetime) -> tuple[Repeat | None, Rule | None]:
    """The series, and its dateutil rule over naive local times, or (None, None)."""
    path = ("repeat",)
    raw = reader.raw(path)
    if raw is MISSING or raw is None:
        return None, None
    if not isinstance(raw, dict):
        reader.error(
            path,
            "'repeat' must be 'key: value' lines under it, e.g. 'every: week' and "
            "'on: [wednesday]' indented by two spaces",
        )
        return None, None
    reader.check_keys(path, REPEAT_KEYS, "'repeat'")
    # Series are computed in naive wall-clock time; see recurrence.py.
    dtstart = (
        start.replace(tzinfo=None)
        if isinstance(start, datetime)
        else datetime.combine(start, time())
    )
    first_problem = len(reader.problems)

    until = count = None
    if "rrule" in raw:
        written = [key for key in RULE_KEYS if key in raw]
        if written:
            reader.error(
                path + ("rrule",),
                f"'repeat.rrule' replaces {_quoted(RULE_KEYS)}; "
                f"remove {_quoted(written)} or remove 'rrule'",
            )
            return None, None
        parsed = reader.get(
            path + ("rrule",), _read_rrule, required=True, example="FREQ=MONTHLY;BYDAY=2SA"
        )
        if parsed is None:
            return None, None
        rule_text, until, count = parsed
    else:
        rule_text = _rule_from_words(reader, path, dtstart)
        until = reader.get(path + ("until",), values.calendar_date)
        count = reader.get(
            path + ("count",), lambda raw: values.whole_number(raw, minimum=1, maximum=MAX_COUNT)
        )
        if "until" in raw and "count" in raw:
            reader.error(
                path + ("count",),
                "give either 'repeat.until' (the last date) or "
                "'repeat.count' (how many times), not both",
            )
    if rule_text is None or len(reader.problems) > first_problem:
        return None, None

    until_day = until.date() if isinstance(until, datetime) else until
    if until_day is not None and until_day < dtstart.date():
        reader.error(
            path + ("until",), f"'repeat.until' ({until_day}) is before 'start' ({dtstart.date()})"
        )
        return None, None
    try:
        rule = make_rule(rule_text, dtstart, until, count)
        first = rule.after(dtstart, inc=True)
    except (ValueError, OverflowError) as error:
        reader.error(path, f"'repeat' describes no series that can be computed ({error})")
        return None, None
    if first != dtstart:
        words = describe(rule_text, dtstart, None, None)
        if first is None:
            reader.error(
                path,
                f"the series ({words}) has no dates from 'start' ({date_words.day(dtstart)}) to its end",
            )
        else:
            reader.error(
                ("start",),
                f"'start' ({date_words.day(dtstart)}) is not one of the series' dates "
                f"({words}); start the series on its first real date, "
                f"{date_words.day(first)}",
            )
        return None, None

    except_dates = _series_dates(
        reader, path + ("except",), rule, dtstart, describe(rule_text, dtstart, None, None)
    )
    also_dates = _extra_dates(reader, path + ("also",), rule, dtstart)
    held = count - len(except_dates) + len(also_dates) if count is not None else None
    repeat = Repeat(
        rule_text,
        except_dates,
        also_dates,
        until,
        count,
        describe(rule_text, dtstart, until_day, held),
    )
    return repeat, rule


GAP_LOOKAHEAD_YEARS = 3  # how far an open-ended series is searched for a date in a gap


def warn_about_gaps(
    reader: Reader, repeat: Repeat, rule: Rule, start: datetime, changes: dict
) -> None:
    """A warning for the first date of a series whose usual time does not exist that night (the
    clocks go forward over it), unless `occurrences` changes that date: it will start later than
    the rest, by the length of the gap."""
    tz = start.tzinfo
    assert isinstance(tz, ZoneInfo)  # a series' start is in its own zone
    local = start.replace(tzinfo=None)
    if not _gap_possible(local.time(), tz):
        return
    last = local + relativedelta(years=GAP_LOOKAHEAD_YEARS) if repeat.open_ended else None
    also = [datetime.combine(day, local.time()) for day in repeat.also_dates]
    dates = rule.xafter(local, inc=True) if last is None else _until(rule, local, last)
    for moment in sorted([*dates, *also]):
        if moment.date() in repeat.except_dates or moment.date() in changes:
            continue
        if not clock.exists(moment, tz):
            moved = moment.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
            reader.warning(
                ("start",),
                f"the series' time, {local:%H:%M}, does not exist on {date_words.day(moment)} in "
                f"{tz.key}: the clocks go forward over it that night, so that date starts at "
                f"{moved:%H:%M}; to hold it at another time, change the date under 'occurrences'",
            )
            return


def _until(rule: Rule, first: datetime, last: datetime):
    for moment in rule.xafter(first, inc=True):
        if moment > last:
            return
        yield moment


def _gap_possible(clock_time: time, tz) -> bool:
    """Whether a time of day falls in a spring-forward gap of `tz` in any year the format allows
    (most series are at times no gap ever touches, and are not searched)."""
    return any(start <= clock_time < end for start, end in clock.gap_times(tz))


def read_changes(
    reader: Reader,
    repeat: Repeat | None,
    rule: Rule | None,
    start: date | datetime,
    duration: timedelta,
    tz: ZoneInfo,
) -> tuple[dict[date, Change], list[tuple[str, int]]]:
    """`occurrences:` — changes to single dates of the series, keyed by the series' date, and the
    (slug, line) of each location they name."""
    path = ("occurrences",)
    raw = reader.raw(path)
    changes: dict[date, Change] = {}
    places: list[tuple[str, int]] = []
    if raw is MISSING or raw is None:
        return changes, places
    if repeat is None or rule is None:
        if "repeat" not in reader.document.data:
            reader.error(
                path,
                "'occurrences' changes single dates of a series, but this event has "
                "no 'repeat'; change 'start' and 'end' instead",
            )
        return changes, places
    if not isinstance(raw, dict):
        reader.error(
            path,
            "'occurrences' must list dates of the series, each with its changes, "
            "e.g. '2027-01-13: {start: \"16:00\", note: Late start}'",
        )
        return changes, places
    all_day = not isinstance(start, datetime)
    dtstart = (
        start.replace(tzinfo=None)
        if isinstance(start, datetime)
        else datetime.combine(start, time())
    )
    for key, change_raw in raw.items():
        key_path = path + (key,)
        try:
            day = values.calendar_date(key)
        except Invalid as invalid:
            reader.error(
                key_path,
                f"'occurrences' must be keyed by dates of the series: {key!r} {invalid.message}",
            )
            continue
        series_start = datetime.combine(day, dtstart.time())
        if day in repeat.except_dates:
            reader.error(
                key_path,
                f"{day} is in 'repeat.except' and in 'occurrences'; to cancel "
                f"one date with a note keep it here with 'status: cancelled' and "
                f"remove it from 'repeat.except'",
            )
            continue
        if series_start not in rule and day not in repeat.also_dates:
            reader.error(
                key_path,
                f"{date_words.day(series_start)} is not a date of this series "
                f"({repeat.description}){date_words.nearest(rule, series_start)}",
            )
            continue
        if not isinstance(change_raw, dict):
            reader.error(
                key_path,
                f"'occurrences.{key}' must say what changes on that date, e.g. "
                f"'{key}: {{status: cancelled, note: Closed for the holiday}}'",
            )
            continue
        change = _read_change(reader, key_path, series_start, all_day, duration, tz)
        if day in changes:
            reader.error(key_path, f"{day} is given twice in 'occurrences'; keep one")
        elif change is not None:
            changes[day] = change
            if change.location:
                places.append((change.location, reader.document.line(key_path + ("location",))))
    return changes, places


def _read_change(
    reader: Reader,
    path: tuple,
    series_start: datetime,
    all_day: bool,
    duration: timedelta,
    tz: ZoneInfo,
) -> Change | None:
    reader.check_keys(path, CHANGE_KEYS, "a changed date")
    before = len(reader.problems)
    status = reader.get(
        path + ("status",), lambda raw: values.choice(raw, OCCURRENCE_STATUSES), default="scheduled"
    )
    note = reader.get(path + ("note",), values.text)
    location = reader.get(
        path + ("location",), lambda raw: values.slug_reference(raw, reader.context.places)
    )
    room = reader.get(path + ("room",), values.text)
    day = series_start.date()

    def moment(raw: Any, on_day: date) -> date | datetime:
        if all_day:
            return values.calendar_date(raw)
        value = scalar_time_or_datetime(raw, on_day)
        return clock.localize(value, tz)

    starts_at = reader.get(path + ("start",), lambda raw: moment(raw, day))
    new_day = starts_at if all_day else (starts_at.date() if starts_at else day)
    ends_at = reader.get(path + ("end",), lambda raw: moment(raw, new_day))
    if len(reader.problems) > before:
        return None
    if ends_at is not None:
        try:
            start_for_check = starts_at or (day if all_day else clock.localize(series_start, tz))
        except Invalid:  # the series' own time is in a spring-forward gap on this date
            start_for_check = series_start.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
        if _after(start_for_check, ends_at, all_day):
            shown: Callable[[date | datetime], str] = (
                str if all_day else (lambda v: f"{v:%Y-%m-%d %H:%M}")
            )
            reader.error(
                path + ("end",),
                f"'{name(path)}.end' ({shown(ends_at)}) is before its "
                f"start ({shown(start_for_check)})",
            )
            return None
    return Change(starts_at, ends_at, status, note, location, room)


def scalar_time_or_datetime(raw: Any, on_day: date) -> datetime:
    """'16:00' on `on_day`, or a full '2027-02-11 15:30' (naive, local)."""
    value = values.scalar(raw)
    if value in ("24:00", "24:00:00"):
        raise Invalid(
            f"is 24:00; for midnight give the next day's date and 00:00, e.g. "
            f"{on_day + timedelta(days=1)} 00:00"
        )
    if values.TIME.fullmatch(value):
        return datetime.combine(on_day, values.clock_time(value))
    moment = values.date_or_datetime(value)
    if not isinstance(moment, datetime):
        raise Invalid(f'needs a time, e.g. "16:00" or {moment} 16:00')
    return moment


def _after(start: date | datetime, end: date | datetime, all_day: bool) -> bool:
    if isinstance(start, datetime) and isinstance(end, datetime):
        return end.astimezone(UTC) <= start.astimezone(UTC)
    return end < start


def _rule_from_words(reader: Reader, path: tuple, dtstart: datetime) -> str | None:
    every = reader.get(
        path + ("every",),
        lambda raw: values.choice(raw, tuple(FREQUENCIES)),
        required=True,
        example="week",
    )
    interval = reader.get(
        path + ("interval",),
        lambda raw: values.whole_number(raw, minimum=1, maximum=1000),
        default=1,
    )
    if every is None:
        return None
    parts = [f"FREQ={FREQUENCIES[every]}"]
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    on_items = reader.items(path + ("on",))
    if not on_items:
        if every == "week":
            parts.append(f"BYDAY={BYDAY[dtstart.weekday()]}")
        return ";".join(parts)
    if every in ("day", "year"):
        reader.error(
            path + ("on",),
            f"'repeat.on' is for weekly and monthly series; a series "
            f"every {every} repeats on the date of 'start'",
        )
        return None
    days: list[str] = []
    month_days: list[str] = []
    for item_path, item in on_items:
        try:
            if every == "week":
                days.append(BYDAY[_weekday(item)])
            else:
                kind, value = _month_day(item)
                (days if kind == "weekday" else month_days).append(value)
        except Invalid as invalid:
            reader.error(item_path, f"'repeat.on' {invalid.message}")
            return None
    if days and month_days:
        reader.error(
            path + ("on",),
            "'repeat.on' mixes day numbers and weekdays; a monthly series "
            "uses one or the other (make two events for both)",
        )
        return None
    if len(set(days + month_days)) != len(days + month_days):
        reader.error(path + ("on",), "'repeat.on' lists the same day twice")
        return None
    parts.append(f"BYDAY={','.join(days)}" if days else f"BYMONTHDAY={','.join(month_days)}")
    return ";".join(parts)


def _weekday(raw: Any) -> int:
    word = values.scalar(raw).lower().rstrip(".")
    for index, day in enumerate(WEEKDAYS):
        if word in (day, day + "s", day[:3]):
            return index
    raise Invalid(
        f"{values.describe(raw)} is not a weekday{did_you_mean(word, WEEKDAYS)} "
        f"(write the day's name, e.g. wednesday)"
    )


def _month_day(raw: Any) -> tuple[str, str]:
    """'15' -> ('monthday', '15'); 'last day' -> ('monthday', '-1'); 'first tuesday' -> ('weekday',
    '1TU')."""
    word = " ".join(values.scalar(raw).lower().split())
    if re.fullmatch(r"\d{1,2}", word):
        if not 1 <= int(word) <= 31:
            raise Invalid(f"{word} is not a day of the month (1 to 31)")
        return "monthday", str(int(word))
    if word == "last day":
        return "monthday", "-1"
    match = re.fullmatch(r"(\w+) (\w+)", word)
    if match and match[1] in ORDINALS:
        return "weekday", f"{ORDINALS[match[1]]}{BYDAY[_weekday(match[2])]}"
    raise Invalid(
        f"{values.describe(raw)} is not a day of the month: write a number such as 15, "
        f'\'last day\', or a week and a weekday such as "first tuesday" or "last friday"'
    )


def _read_rrule(raw: Any) -> tuple[str, date | datetime | None, int | None]:
    """An RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2SA;COUNT=10, into (rule, until, count)."""
    text = values.text(raw)
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    parts: list[str] = []
    until: date | datetime | None = None
    count = None
    for part in filter(None, text.split(";")):
        key, _, value = part.partition("=")
        key = key.strip().upper()
        if key not in RRULE_PARTS or not value:
            raise Invalid(
                f"has {part!r}, which is not an RRULE part this hub reads "
                f"(it reads {', '.join(RRULE_PARTS)})"
            )
        if key == "UNTIL":
            until = _rrule_until(value.strip())
        elif key == "COUNT":
            count = values.whole_number(value, minimum=1, maximum=MAX_COUNT)
        elif key == "INTERVAL":
            parts.append(f"INTERVAL={values.whole_number(value, minimum=1, maximum=1000)}")
        else:
            parts.append(f"{key}={value.strip().upper()}")
    freq = next((part[len("FREQ=") :] for part in parts if part.startswith("FREQ=")), None)
    if freq is None:
        raise Invalid("needs FREQ, e.g. FREQ=MONTHLY;BYDAY=2SA")
    if freq not in FREQUENCIES.values():
        raise Invalid(
            f"has FREQ={freq}; events repeat by day, week, month or year "
            f"(FREQ={', FREQ='.join(FREQUENCIES.values())})"
        )
    if until is not None and count is not None:
        raise Invalid("has both UNTIL and COUNT; keep one")
    rule = ";".join(parts)
    try:
        make_rule(rule, datetime(2000, 1, 1), date(2000, 1, 1), None)
    except (ValueError, KeyError, IndexError, OverflowError, TypeError) as error:
        raise Invalid(f"is not a valid RRULE ({error})") from None
    _check_possible(dict(part.split("=", 1) for part in parts))
    return rule, until, count


def _check_possible(parts: dict[str, str]) -> None:
    """Refuse rules that can match no date (the 30th of February, the 9th Monday of a month)."""

    def numbers(key: str) -> list[int]:
        return [int(value) for value in parts.get(key, "").split(",") if value.strip()]

    months = numbers("BYMONTH") or list(range(1, 13))
    if any(not 1 <= month <= 12 for month in months):
        raise Invalid("has a BYMONTH that is not a month (1 to 12)")
    days = numbers("BYMONTHDAY")
    if days and not any(0 < abs(day) <= LONGEST_MONTH[month] for day in days for month in months):
        raise Invalid("matches no date: none of its months has those days")
    if "BYSETPOS" in parts:
        weekdays = [day for day in parts.get("BYDAY", "").split(",") if day]
        if (
            parts.get("FREQ") != "MONTHLY"
            or not weekdays
            or any(not day.isalpha() for day in weekdays)
        ):
            raise Invalid(
                "uses BYSETPOS, which this hub reads only in monthly rules with plain "
                "weekdays, e.g. FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
            )
        if any(not 0 < abs(position) <= 4 * len(weekdays) for position in numbers("BYSETPOS")):
            raise Invalid("has a BYSETPOS larger than the number of matching days in a month")


def _rrule_until(value: str) -> date | datetime:
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?", value.upper())
    if not match:
        raise Invalid(f"has UNTIL={value}, which is not a date such as 20270526")
    day = values.calendar_date(f"{match[1]}-{match[2]}-{match[3]}")
    if match[4] is None:
        return day
    if match[7]:
        raise Invalid("has an UNTIL in UTC (ending in Z); write the last date as UNTIL=YYYYMMDD")
    return datetime.combine(day, values.clock_time(f"{match[4]}:{match[5]}:{match[6]}"))


def _listed_dates(reader: Reader, path: tuple):
    """(item path, date) for each readable date listed under `path`."""
    for item_path, raw in reader.items(path):
        try:
            yield item_path, values.calendar_date(raw)
        except Invalid as invalid:
            reader.error(item_path, f"'{name(path)}' {invalid.message}")


def _series_dates(
    reader: Reader, path: tuple, rule: Rule, dtstart: datetime, words: str
) -> tuple[date, ...]:
    dates: list[date] = []
    for item_path, day in _listed_dates(reader, path):
        start = datetime.combine(day, dtstart.time())
        if start not in rule:
            reader.error(
                item_path,
                f"'{name(path)}' has {date_words.day(start)}, which is not a date of "
                f"this series ({words}){date_words.nearest(rule, start)}",
            )
        elif day in dates:
            reader.error(item_path, f"'{name(path)}' lists {day} twice")
        else:
            dates.append(day)
    return tuple(sorted(dates))


def _extra_dates(reader: Reader, path: tuple, rule: Rule, dtstart: datetime) -> tuple[date, ...]:
    dates: list[date] = []
    for item_path, day in _listed_dates(reader, path):
        start = datetime.combine(day, dtstart.time())
        if start < dtstart:
            reader.error(
                item_path,
                f"'{name(path)}' has {day}, before the series' first date "
                f"({dtstart.date()}); a series begins with its 'start'",
            )
        elif start in rule or day in dates:
            reader.error(
                item_path,
                f"'{name(path)}' has {day}, which is already a date of this series; remove it",
            )
        else:
            dates.append(day)
    return tuple(sorted(dates))


def _quoted(keys) -> str:
    return ", ".join(f"'{key}'" for key in keys)
