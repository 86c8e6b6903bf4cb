"""Read an event's `attendance:` (how many came, recorded after each session) and, once "now" is
known, find attendance recorded for sessions still to come. Pure: no I/O.

A single event takes one number, or {in_person, online, views}; a series takes the same for each of
its dates, keyed by the date the series meets (as under `occurrences:`). A plain number is the
in-person count (the online count for an online-only event); a hybrid event needs the split, because
the state library survey counts its two audiences in different cells.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import partial
from typing import Any

from generator.content import date_words, values
from generator.content.reader import MISSING, Reader, name
from generator.content.recurrence import Rule, bounds, local_start, occurrence_at
from generator.models import Attendance, Change, Event, Repeat
from generator.problems import Invalid, Problem

ATTENDANCE_KEYS = ("in_person", "online", "views")
MOST_PEOPLE = 20_000  # at one live session: more is a typing slip, not a library program
MOST_VIEWS = 1_000_000  # of one recording in 30 days
EXAMPLE_SPLIT = "{in_person: 30, online: 12}"


def read_attendance(
    reader: Reader,
    starts_at: date | datetime,
    repeat: Repeat | None,
    rule: Rule | None,
    changes: dict[date, Change],
    status: str,
    in_person: bool,
    online: bool,
) -> tuple[dict[date, Attendance], dict[date, int]]:
    """(attendance by session, the line of each); `in_person` and `online` say how people could
    take part (a place, an online link, or both)."""
    path = ("attendance",)
    raw = reader.raw(path)
    if raw is MISSING or raw is None:
        return {}, {}
    if status != "scheduled":
        reader.error(
            path,
            f"'attendance' is given, but the event is {status}; remove it, or if the event "
            f"did take place, remove 'status: {status}'",
        )
        return {}, {}
    kinds = (in_person, online)
    if repeat is None:
        if rule is None and "repeat" in reader.document.data:
            return {}, {}  # the series itself has a mistake, reported already
        if isinstance(raw, dict) and raw and all(_looks_like_date(key) for key in raw):
            reader.error(
                path,
                "'attendance' of a single event is one number, e.g. 'attendance: 23' (dates "
                "are only for a series)",
            )
            return {}, {}
        day = starts_at.date() if isinstance(starts_at, datetime) else starts_at
        counted = _session(reader, path, raw, kinds)
        if counted is None:
            return {}, {}
        return {day: counted}, {day: reader.document.line(path)}
    if rule is None:
        return {}, {}
    if not isinstance(raw, dict) or not raw or not all(_looks_like_date(key) for key in raw):
        reader.error(
            path,
            "'attendance' of a series is recorded for each date, e.g. '2026-10-14: 23' on a "
            "line of its own, indented by two spaces under 'attendance:'",
        )
        return {}, {}
    series_time = local_start_time(starts_at)
    recorded: dict[date, Attendance] = {}
    lines: dict[date, int] = {}
    for key, item in raw.items():
        key_path = path + (key,)
        try:
            day = values.calendar_date(key)
        except Invalid as invalid:
            reader.error(
                key_path, f"'attendance' must be keyed by dates: {key!r} {invalid.message}"
            )
            continue
        session = datetime.combine(day, series_time)
        if day in repeat.except_dates:
            reader.error(
                key_path,
                f"'attendance' has {day}, which is in 'repeat.except' (no session that day); "
                f"remove it here, or take it out of 'repeat.except' if the session took place",
            )
            continue
        if session not in rule and day not in repeat.also_dates:
            reader.error(
                key_path,
                f"'attendance' has {date_words.day(session)}, which is not a date of this series "
                f"({repeat.description}){date_words.nearest(rule, session)}",
            )
            continue
        change = changes.get(day)
        if change is not None and change.status == "cancelled":
            reader.error(
                key_path,
                f"'attendance' has {day}, which is cancelled under 'occurrences'; remove it "
                f"here, or remove the cancellation if the session took place",
            )
            continue
        counted = _session(reader, key_path, item, kinds)
        if counted is not None:
            recorded[day] = counted
            lines[day] = reader.document.line(key_path)
    return recorded, lines


def _session(reader: Reader, path: tuple, raw: Any, kinds: tuple[bool, bool]) -> Attendance | None:
    in_person, online = kinds
    shown = name(path)
    if isinstance(raw, dict):
        if not raw:
            reader.error(path, f"'{shown}' needs at least one of {', '.join(ATTENDANCE_KEYS)}")
            return None
        for key in raw:
            if re.fullmatch(r"[0-9]+", key):
                reader.error(
                    path,
                    f"'{shown}' has a number with a comma; write numbers without separators, "
                    f"e.g. {{in_person: 1200}}",
                )
                return None
        before = len(reader.problems)
        reader.check_keys(path, ATTENDANCE_KEYS, "'attendance'")
        if len(reader.problems) > before:
            return None
        if "in_person" in raw and not in_person:
            reader.error(
                path + ("in_person",),
                f"'{shown}.in_person' is for people in the room, but this event is online "
                f"only; give 'online' (and 'views' for its recording)",
            )
            return None
        if "online" in raw and not online:
            reader.error(
                path + ("online",),
                f"'{shown}.online' is for an event with an 'online' link; give 'in_person' "
                f"(and 'views' if it was recorded)",
            )
            return None
        counts = {
            key: reader.get(
                path + (key,),
                partial(head_count, most=MOST_VIEWS if key == "views" else MOST_PEOPLE),
            )
            for key in ATTENDANCE_KEYS
            if key in raw
        }
        if len(reader.problems) > before:
            return None
        return Attendance(**counts)
    if in_person and online:
        reader.error(
            path,
            f"'{shown}' of a hybrid event (in person and online) needs the split, e.g. "
            f"'{path[-1]}: {EXAMPLE_SPLIT}' (0 when nobody came one way)",
        )
        return None
    count = reader.get(path, lambda value: head_count(value, MOST_PEOPLE))
    if count is None:
        return None
    return Attendance(in_person=count) if in_person else Attendance(online=count)


def head_count(raw: Any, most: int) -> int:
    """A number of people (or views): a whole number from 0 to `most`."""
    if isinstance(raw, list):
        raise Invalid("must be a number, not a list")
    value = values.scalar(raw)
    if re.fullmatch(r"-\s*[0-9]+", value):
        raise Invalid(f"cannot be negative ({value!r}); write how many came, e.g. 23")
    if re.fullmatch(r"[0-9]{1,3}([, ][0-9]{3})+", value):
        plain = re.sub(r"[, ]", "", value)
        raise Invalid(f"must be written without separators: {plain}, not {value!r}")
    if not re.fullmatch(r"[0-9]+", value):
        raise Invalid(f"must be a whole number of people, e.g. 23, not {values.describe(raw)}")
    if len(value) > 9 or int(value) > most:
        raise Invalid(
            f"{int(value)} is more than one session can have (at most {most:,}); check the number"
        )
    return int(value)


def attendance_to_come(events: list[Event], now: datetime) -> list[Problem]:
    """Attendance recorded for a session that has not started yet at `now`: counted too soon, so
    almost always a wrong date."""
    problems = []
    for event in events:
        for day, line in sorted(event.attendance_lines.items()):
            if event.repeat is None:
                starts = bounds_start(event.starts_at, event)
            else:
                session = occurrence_at(event, datetime.combine(day, local_start(event).time()))
                starts = bounds(session)[0]
            if starts > now:
                when = starts.strftime("%A %Y-%m-%d") + (
                    starts.strftime(" %H:%M") if not event.all_day else ""
                )
                where = f"'attendance' has {day}" if event.repeat else "'attendance' is given"
                problems.append(
                    Problem(
                        event.src_path,
                        line,
                        f"{where} for a session still to come (it starts {when}); record "
                        f"attendance after the session",
                    )
                )
    return problems


def bounds_start(starts_at: date | datetime, event: Event) -> datetime:
    if isinstance(starts_at, datetime):
        return starts_at
    return datetime.combine(starts_at, time(), event.timezone)


def local_start_time(starts_at: date | datetime) -> time:
    return starts_at.time() if isinstance(starts_at, datetime) else time()


def _looks_like_date(key: Any) -> bool:
    return isinstance(key, str) and values.DATE.fullmatch(key.strip()) is not None
