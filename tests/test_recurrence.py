"""Repeating events expanded into the dated Occurrences that pages and feeds use.

Every event goes through the real path (front-matter parsing, then validation) before `expand`.
Expected times are worked out here, independently of the generator and of dateutil: written out
as UTC instants where that is clearest, otherwise by stepping through dates with plain `datetime`
arithmetic and attaching the zone with zoneinfo.

America/Chicago changes its clocks on 2026-11-01 and 2027-11-07 (back, CDT -5 to CST -6) and on
2027-03-14 (forward). Europe/London changes on 2026-10-25 (back) and 2027-03-28 (forward).
"""

from __future__ import annotations

import calendar
import textwrap
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.content.frontmatter import parse_document
from generator.content.reader import Context
from generator.content.recurrence import expand
from generator.content.validate_event import validate_event
from generator.models import Event, Occurrence, Site

UTC = UTC
CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
SITE = Site(title="Test Hub", base_url="https://example.org/hub/", timezone=CHICAGO)
EVERYTHING = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC))
WEEK = timedelta(weeks=1)


# --- helpers ----------------------------------------------------------------------------------


def validate(markdown: str, slug: str = "series") -> tuple[Event | None, list[str]]:
    """An event file's text through parsing and validation: (event, problems as printed)."""
    document, problems = parse_document(f"content/events/{slug}.md", textwrap.dedent(markdown))
    assert problems == []
    event, reader = validate_event(document, slug, Context(SITE, media=frozenset()))
    return event, [str(problem) for problem in reader.problems]


def event_from(markdown: str) -> Event:
    event, problems = validate(markdown)
    assert problems == []
    assert event is not None
    return event


def Z(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant written in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = CHICAGO) -> datetime:
    """Wall-clock time on `day` in `zone`, as a UTC instant."""
    return datetime.combine(day, time(hour, minute, tzinfo=zone)).astimezone(UTC)


def every(first: date, last: date, step: timedelta = WEEK) -> list[date]:
    days = []
    while first <= last:
        days.append(first)
        first += step
    return days


def month_starts(year: int, month: int, count: int) -> list[tuple[int, int]]:
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def first_weekday(year: int, month: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def starts(occurrences: list[Occurrence]) -> list[datetime]:
    return [occurrence.starts_at.astimezone(UTC) for occurrence in occurrences]


def ends(occurrences: list[Occurrence]) -> list[datetime]:
    return [occurrence.ends_at.astimezone(UTC) for occurrence in occurrences]


def wall_clock(moments: list[datetime], zone: ZoneInfo = CHICAGO) -> set[time]:
    return {moment.astimezone(zone).time() for moment in moments}


def by_date(occurrences: list[Occurrence]) -> dict[date, Occurrence]:
    return {
        occurrence.starts_at.astimezone(occurrence.event.timezone).date(): occurrence
        for occurrence in occurrences
    }


# --- weekly -----------------------------------------------------------------------------------

TEEN_TECH_WEEKLY = """\
---
title: Teen Tech Drop-In
start: 2026-10-07 15:30
end: 17:30
location: central
repeat:
  every: week
  on: [wednesday]
  until: 2027-12-01
---
Get help with laptops, phones and job applications.
"""


def test_weekly_series_moves_in_utc_at_each_clock_change():
    sessions = by_date(expand(event_from(TEEN_TECH_WEEKLY), *EVERYTHING))

    around_changes = {
        date(2026, 10, 28): Z(2026, 10, 28, 20, 30),  # CDT
        date(2026, 11, 4): Z(2026, 11, 4, 21, 30),  # CST, after 2026-11-01
        date(2027, 3, 10): Z(2027, 3, 10, 21, 30),  # CST
        date(2027, 3, 17): Z(2027, 3, 17, 20, 30),  # CDT, after 2027-03-14
        date(2027, 11, 3): Z(2027, 11, 3, 20, 30),  # CDT
        date(2027, 11, 10): Z(2027, 11, 10, 21, 30),  # CST, after 2027-11-07
    }
    assert {
        day: sessions[day].starts_at.astimezone(UTC) for day in around_changes
    } == around_changes
    assert {day: sessions[day].ends_at.astimezone(UTC) for day in around_changes} == {
        day: start + timedelta(hours=2) for day, start in around_changes.items()
    }


def test_weekly_series_is_every_wednesday_at_1530_chicago_time_through_until():
    occurrences = expand(event_from(TEEN_TECH_WEEKLY), *EVERYTHING)

    wednesdays = every(date(2026, 10, 7), date(2027, 12, 1))
    assert len(wednesdays) == 61
    assert starts(occurrences) == [local(day, 15, 30) for day in wednesdays]
    assert ends(occurrences) == [local(day, 17, 30) for day in wednesdays]


def test_weekly_series_keeps_wall_clock_time_and_length_across_clock_changes():
    occurrences = expand(event_from(TEEN_TECH_WEEKLY), *EVERYTHING)

    assert wall_clock(starts(occurrences)) == {time(15, 30)}
    assert wall_clock(ends(occurrences)) == {time(17, 30)}
    assert {
        end - start for start, end in zip(starts(occurrences), ends(occurrences), strict=True)
    } == {timedelta(hours=2)}
    assert {occurrence.starts_at.utcoffset() for occurrence in occurrences} == {
        timedelta(hours=-5),
        timedelta(hours=-6),
    }


SERIES_WITH_CHANGES = """\
---
title: Teen Tech Drop-In
start: 2026-12-02 15:30
end: 17:30
location: central
repeat:
  every: week
  on: [wednesday]
  until: 2027-05-26
  except: [2026-12-23, 2026-12-30]
  also: [2026-12-19, 2027-04-03]
occurrences:
  2027-01-13: {start: "16:00", end: "18:00", note: Late start after staff training}
  2027-02-17: {status: cancelled, note: Mid-winter break}
  2027-03-17: {start: "2027-03-18 15:30", end: "2027-03-18 17:30", note: Thursday this week}
---
"""


def test_weekly_series_with_exceptions_extra_dates_and_changes_across_spring_forward():
    occurrences = expand(event_from(SERIES_WITH_CHANGES), *EVERYTHING)

    days = [
        day
        for day in every(date(2026, 12, 2), date(2027, 5, 26))
        if day not in (date(2026, 12, 23), date(2026, 12, 30))
    ]
    days = sorted(days + [date(2026, 12, 19), date(2027, 4, 3)])
    expected = {day: (local(day, 15, 30), local(day, 17, 30), "scheduled") for day in days}
    expected[date(2027, 1, 13)] = (Z(2027, 1, 13, 22), Z(2027, 1, 14, 0), "scheduled")
    expected[date(2027, 2, 17)] = (Z(2027, 2, 17, 21, 30), Z(2027, 2, 17, 23, 30), "cancelled")
    expected[date(2027, 3, 17)] = (Z(2027, 3, 18, 20, 30), Z(2027, 3, 18, 22, 30), "scheduled")

    assert [
        (o.starts_at.astimezone(UTC), o.ends_at.astimezone(UTC), o.status) for o in occurrences
    ] == [expected[day] for day in days]


def test_extra_dates_keep_the_series_time_of_day_on_either_side_of_the_clock_change():
    sessions = by_date(expand(event_from(SERIES_WITH_CHANGES), *EVERYTHING))

    assert sessions[date(2026, 12, 19)].starts_at.astimezone(UTC) == Z(2026, 12, 19, 21, 30)
    assert sessions[date(2027, 4, 3)].starts_at.astimezone(UTC) == Z(2027, 4, 3, 20, 30)
    assert sessions[date(2027, 4, 3)].ends_at.astimezone(UTC) == Z(2027, 4, 3, 22, 30)


def test_excepted_dates_have_no_occurrence_at_all():
    sessions = by_date(expand(event_from(SERIES_WITH_CHANGES), *EVERYTHING))

    assert date(2026, 12, 16) in sessions
    assert date(2026, 12, 23) not in sessions
    assert date(2026, 12, 30) not in sessions
    assert date(2027, 1, 6) in sessions


def test_cancelled_date_stays_in_the_list_marked_cancelled_with_its_note():
    sessions = by_date(expand(event_from(SERIES_WITH_CHANGES), *EVERYTHING))

    cancelled = sessions[date(2027, 2, 17)]
    assert cancelled.status == "cancelled"
    assert cancelled.cancelled
    assert cancelled.note == "Mid-winter break"
    assert not sessions[date(2027, 2, 10)].cancelled


def test_later_start_on_one_date_keeps_that_date_as_its_recurrence_id():
    sessions = by_date(expand(event_from(SERIES_WITH_CHANGES), *EVERYTHING))

    late = sessions[date(2027, 1, 13)]
    assert late.starts_at.astimezone(UTC) == Z(2027, 1, 13, 22)
    assert late.ends_at.astimezone(UTC) == Z(2027, 1, 14, 0)
    assert late.recurrence_id.astimezone(UTC) == Z(2027, 1, 13, 21, 30)
    assert late.note == "Late start after staff training"
    assert late.moved


def test_session_moved_to_another_date_keeps_the_series_date_as_recurrence_id():
    occurrences = expand(event_from(SERIES_WITH_CHANGES), *EVERYTHING)

    moved = [occurrence for occurrence in occurrences if occurrence.moved]
    thursday = next(o for o in moved if o.note == "Thursday this week")
    assert thursday.recurrence_id.astimezone(UTC) == Z(2027, 3, 17, 20, 30)
    assert thursday.starts_at.astimezone(UTC) == Z(2027, 3, 18, 20, 30)
    assert thursday.ends_at.astimezone(UTC) == Z(2027, 3, 18, 22, 30)
    assert thursday.status == "scheduled"
    # listed in time order, straight after the session of the 10th
    assert (
        starts(occurrences).index(Z(2027, 3, 18, 20, 30))
        == starts(occurrences).index(Z(2027, 3, 10, 21, 30)) + 1
    )


def test_new_start_without_end_keeps_the_series_length():
    event = event_from("""\
        ---
        title: Teen Tech Drop-In
        start: 2027-03-03 15:30
        end: 17:30
        location: central
        repeat:
          every: week
          count: 3
        occurrences:
          2027-03-17: {start: "16:15"}
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert [
        (start, end) for start, end in zip(starts(occurrences), ends(occurrences), strict=True)
    ] == [
        (Z(2027, 3, 3, 21, 30), Z(2027, 3, 3, 23, 30)),
        (Z(2027, 3, 10, 21, 30), Z(2027, 3, 10, 23, 30)),
        (Z(2027, 3, 17, 21, 15), Z(2027, 3, 17, 23, 15)),
    ]


MOVED_ACROSS_MONTHS = """\
---
title: Teen Tech Drop-In
start: 2027-01-06 15:30
end: 17:30
location: central
repeat:
  every: week
  on: [wednesday]
occurrences:
  2027-01-27: {start: "2027-02-01 16:00", end: "2027-02-01 18:00", note: Monday this week}
  2027-03-03: {start: "2027-02-26 16:00", end: "2027-02-26 18:00", note: Friday before}
---
"""
JANUARY = (datetime(2027, 1, 1, tzinfo=CHICAGO), datetime(2027, 2, 1, tzinfo=CHICAGO))
FEBRUARY = (datetime(2027, 2, 1, tzinfo=CHICAGO), datetime(2027, 3, 1, tzinfo=CHICAGO))
MARCH = (datetime(2027, 3, 1, tzinfo=CHICAGO), datetime(2027, 4, 1, tzinfo=CHICAGO))


def test_sessions_moved_to_other_dates_are_listed_there_in_a_window_covering_everything():
    occurrences = expand(event_from(MOVED_ACROSS_MONTHS), Z(2027, 1, 1), Z(2027, 3, 12))

    assert starts(occurrences) == [
        Z(2027, 1, 6, 21, 30),
        Z(2027, 1, 13, 21, 30),
        Z(2027, 1, 20, 21, 30),
        Z(2027, 2, 1, 22),
        Z(2027, 2, 3, 21, 30),
        Z(2027, 2, 10, 21, 30),
        Z(2027, 2, 17, 21, 30),
        Z(2027, 2, 24, 21, 30),
        Z(2027, 2, 26, 22),
        Z(2027, 3, 10, 21, 30),
    ]


def test_session_moved_later_into_a_window_is_listed_in_that_window():
    occurrences = expand(event_from(MOVED_ACROSS_MONTHS), *FEBRUARY)

    assert Z(2027, 2, 1, 22) in starts(occurrences)


def test_session_moved_earlier_into_a_window_is_listed_in_that_window():
    occurrences = expand(event_from(MOVED_ACROSS_MONTHS), *FEBRUARY)

    assert Z(2027, 2, 26, 22) in starts(occurrences)


def test_month_window_lists_every_session_held_that_month():
    occurrences = expand(event_from(MOVED_ACROSS_MONTHS), *FEBRUARY)

    assert starts(occurrences) == [
        Z(2027, 2, 1, 22),
        Z(2027, 2, 3, 21, 30),
        Z(2027, 2, 10, 21, 30),
        Z(2027, 2, 17, 21, 30),
        Z(2027, 2, 24, 21, 30),
        Z(2027, 2, 26, 22),
    ]
    assert [o.recurrence_id.astimezone(UTC) for o in occurrences if o.moved] == [
        Z(2027, 1, 27, 21, 30),
        Z(2027, 3, 3, 21, 30),
    ]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        pytest.param(
            JANUARY,
            [Z(2027, 1, 6, 21, 30), Z(2027, 1, 13, 21, 30), Z(2027, 1, 20, 21, 30)],
            id="moved-from-january",
        ),
        pytest.param(
            MARCH,
            [
                Z(2027, 3, 10, 21, 30),
                Z(2027, 3, 17, 20, 30),
                Z(2027, 3, 24, 20, 30),
                Z(2027, 3, 31, 20, 30),
            ],
            id="moved-from-march",
        ),
    ],
)
def test_session_moved_out_of_a_window_is_not_listed_in_it(window, expected):
    assert starts(expand(event_from(MOVED_ACROSS_MONTHS), *window)) == expected


def test_change_of_place_applies_to_its_date_only():
    event = event_from("""\
        ---
        title: Teen Tech Drop-In
        start: 2026-12-02 15:30
        end: 17:30
        location: central
        repeat:
          every: week
          count: 3
          also: [2026-12-05]
        occurrences:
          2026-12-05: {start: "10:00", end: "12:00", location: eastside, room: Meeting Room B}
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert [(o.location, o.room) for o in occurrences] == [
        (None, None),
        ("eastside", "Meeting Room B"),
        (None, None),
        (None, None),
    ]
    assert starts(occurrences)[1] == Z(2026, 12, 5, 16)
    assert occurrences[1].recurrence_id.astimezone(UTC) == Z(2026, 12, 5, 21, 30)


def test_cancelled_series_cancels_every_occurrence():
    event = event_from("""\
        ---
        title: Teen Tech Drop-In
        start: 2026-12-02 15:30
        location: central
        status: cancelled
        status_note: The program has ended.
        repeat:
          every: week
          count: 3
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert len(occurrences) == 3
    assert all(occurrence.cancelled for occurrence in occurrences)


# --- clock-change nights ----------------------------------------------------------------------


def test_weekly_time_inside_the_spring_forward_gap_moves_forward_by_the_gap():
    """02:30 does not exist on 2027-03-14; RFC 5545 §3.3.5 says it means 03:30 CDT that day, and
    the check says so (a warning: the file is fine)."""
    event, problems = validate("""\
        ---
        title: Night Sky Watch
        start: 2027-03-07 02:30
        location: central
        repeat:
          every: week
          count: 3
        ---
        """)
    assert problems == [
        "content/events/series.md:3: warning: the series' time, 02:30, does not exist on Sunday 2027-03-14 in America/Chicago: the "
        "clocks go forward over it that night, so that date starts at 03:30; to hold it at another "
        "time, change the date under 'occurrences'"
    ]

    occurrences = expand(event, *EVERYTHING)

    assert starts(occurrences) == [
        Z(2027, 3, 7, 8, 30),
        Z(2027, 3, 14, 8, 30),
        Z(2027, 3, 21, 7, 30),
    ]
    assert [o.starts_at.astimezone(CHICAGO).time() for o in occurrences] == [
        time(2, 30),
        time(3, 30),
        time(2, 30),
    ]
    assert {
        end - start for start, end in zip(starts(occurrences), ends(occurrences), strict=True)
    } == {timedelta(hours=1)}  # the site's default length


def test_weekly_time_repeated_at_fall_back_means_the_first_of_the_two():
    event = event_from("""\
        ---
        title: Night Sky Watch
        start: 2026-10-25 01:30
        end: 02:00
        location: central
        repeat:
          every: week
          count: 3
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert starts(occurrences) == [
        Z(2026, 10, 25, 6, 30),
        Z(2026, 11, 1, 6, 30),
        Z(2026, 11, 8, 7, 30),
    ]
    # 02:00 happens once, after the clocks went back: that night the session is 90 minutes long,
    # as a one-off event from 01:30 to 02:00 written for that night would be.
    assert ends(occurrences) == [Z(2026, 10, 25, 7), Z(2026, 11, 1, 8), Z(2026, 11, 8, 8)]


def test_sessions_on_the_days_of_the_clock_changes_use_that_days_new_offset():
    event = event_from("""\
        ---
        title: Sunday Family Stories
        start: 2026-10-25 10:00
        end: 11:00
        location: central
        repeat:
          every: week
          on: [sunday]
          until: 2027-03-21
        ---
        """)

    sessions = by_date(expand(event, *EVERYTHING))

    assert sessions[date(2026, 10, 25)].starts_at.astimezone(UTC) == Z(2026, 10, 25, 15)
    assert sessions[date(2026, 11, 1)].starts_at.astimezone(UTC) == Z(2026, 11, 1, 16)
    assert sessions[date(2027, 3, 7)].starts_at.astimezone(UTC) == Z(2027, 3, 7, 16)
    assert sessions[date(2027, 3, 14)].starts_at.astimezone(UTC) == Z(2027, 3, 14, 15)
    assert sessions[date(2027, 3, 21)].ends_at.astimezone(UTC) == Z(2027, 3, 21, 16)


def test_overnight_session_spanning_the_clock_change_ends_at_its_written_time():
    """The 23:00 to 03:00 lock-in ends at 03:00 on the wall clock, the time staff wrote and the
    building closes, on the night the clocks go forward too (three hours that night). RFC 5545
    would repeat the exact duration and end it at 04:00; half of the calendar apps read 03:00. The
    feeds write that night's times out (tests/test_feeds.py), so every app agrees with the page."""
    event = event_from("""\
        ---
        title: Teen Lock-In
        start: 2027-03-06 23:00
        end: 2027-03-07 03:00
        location: central
        repeat:
          every: week
          count: 3
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert starts(occurrences) == [Z(2027, 3, 7, 5), Z(2027, 3, 14, 5), Z(2027, 3, 21, 4)]
    assert ends(occurrences) == [Z(2027, 3, 7, 9), Z(2027, 3, 14, 8), Z(2027, 3, 21, 8)]


# --- past midnight ----------------------------------------------------------------------------

LATE_NIGHT = """\
---
title: Late-Night Game Jam
start: 2026-10-23 21:00
end: 2026-10-24 01:00
location: central
repeat:
  every: week
  on: [friday]
  until: 2027-04-02
---
"""


def test_series_past_midnight_ends_on_the_next_day_across_both_clock_changes():
    occurrences = expand(event_from(LATE_NIGHT), *EVERYTHING)

    fridays = every(date(2026, 10, 23), date(2027, 4, 2))
    assert starts(occurrences) == [local(day, 21) for day in fridays]
    assert ends(occurrences) == [local(day + timedelta(days=1), 1) for day in fridays]
    assert starts(occurrences)[:3] == [Z(2026, 10, 24, 2), Z(2026, 10, 31, 2), Z(2026, 11, 7, 3)]
    assert ends(occurrences)[-3:] == [Z(2027, 3, 20, 6), Z(2027, 3, 27, 6), Z(2027, 4, 3, 6)]


def test_session_begun_the_evening_before_is_in_a_window_that_starts_at_midnight():
    saturday = (datetime(2027, 1, 9, tzinfo=CHICAGO), datetime(2027, 1, 10, tzinfo=CHICAGO))

    occurrences = expand(event_from(LATE_NIGHT), *saturday)

    assert starts(occurrences) == [Z(2027, 1, 9, 3)]
    assert ends(occurrences) == [Z(2027, 1, 9, 7)]


# --- daily, interval, count, until, open-ended -------------------------------------------------


def test_daily_series_keeps_9am_through_spring_forward():
    event = event_from("""\
        ---
        title: Spring Break Camp
        start: 2027-03-12 09:00
        end: 12:00
        location: central
        repeat:
          every: day
          count: 5
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert starts(occurrences) == [
        Z(2027, 3, 12, 15),
        Z(2027, 3, 13, 15),
        Z(2027, 3, 14, 14),
        Z(2027, 3, 15, 14),
        Z(2027, 3, 16, 14),
    ]
    assert ends(occurrences) == [
        Z(2027, 3, 12, 18),
        Z(2027, 3, 13, 18),
        Z(2027, 3, 14, 17),
        Z(2027, 3, 15, 17),
        Z(2027, 3, 16, 17),
    ]


def test_daily_series_keeps_9am_through_fall_back():
    event = event_from("""\
        ---
        title: Fall Break Camp
        start: 2026-10-30 09:00
        location: central
        repeat:
          every: day
          until: 2026-11-03
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert starts(occurrences) == [
        local(day, 9) for day in every(date(2026, 10, 30), date(2026, 11, 3), timedelta(days=1))
    ]
    assert starts(occurrences)[2:4] == [Z(2026, 11, 1, 15), Z(2026, 11, 2, 15)]
    assert starts(occurrences)[1] == Z(2026, 10, 31, 14)


def test_every_other_week_with_until_on_a_session_day_includes_that_day():
    event = event_from("""\
        ---
        title: Knitting Circle
        start: 2026-10-21 18:00
        end: 19:30
        location: central
        repeat:
          every: week
          interval: 2
          on: [wednesday]
          until: 2026-12-02
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert starts(occurrences) == [
        Z(2026, 10, 21, 23),
        Z(2026, 11, 5, 0),
        Z(2026, 11, 19, 0),
        Z(2026, 12, 3, 0),
    ]


def test_every_other_week_seen_through_a_later_window_keeps_its_rhythm():
    event = event_from("""\
        ---
        title: Knitting Circle
        start: 2026-10-21 18:00
        end: 19:30
        location: central
        repeat:
          every: week
          interval: 2
          on: [wednesday]
        ---
        """)

    march = (datetime(2027, 3, 1, tzinfo=CHICAGO), datetime(2027, 4, 1, tzinfo=CHICAGO))
    occurrences = expand(event, *march)

    fortnights = [
        day
        for day in every(date(2026, 10, 21), date(2027, 3, 31), 2 * WEEK)
        if day >= date(2027, 3, 1)
    ]
    assert fortnights == [date(2027, 3, 10), date(2027, 3, 24)]
    assert starts(occurrences) == [Z(2027, 3, 11, 0), Z(2027, 3, 24, 23)]


def test_until_is_inclusive_even_though_the_session_starts_later_that_day():
    event = event_from("""\
        ---
        title: Teen Tech Drop-In
        start: 2026-12-02 15:30
        end: 17:30
        location: central
        repeat:
          every: week
          until: 2026-12-16
        ---
        """)

    assert starts(expand(event, *EVERYTHING)) == [
        Z(2026, 12, 2, 21, 30),
        Z(2026, 12, 9, 21, 30),
        Z(2026, 12, 16, 21, 30),
    ]


def test_count_is_the_number_of_sessions():
    event = event_from("""\
        ---
        title: Résumé Workshop
        start: 2026-10-13 10:00
        end: 11:30
        location: central
        repeat:
          every: week
          on: [tuesday]
          count: 4
        ---
        """)

    assert starts(expand(event, *EVERYTHING)) == [
        Z(2026, 10, 13, 15),
        Z(2026, 10, 20, 15),
        Z(2026, 10, 27, 15),
        Z(2026, 11, 3, 16),
    ]


def test_count_still_ends_the_series_when_seen_through_a_later_window():
    event = event_from("""\
        ---
        title: Résumé Workshop
        start: 2026-10-13 10:00
        end: 11:30
        location: central
        repeat:
          every: week
          on: [tuesday]
          count: 4
        ---
        """)

    assert starts(expand(event, Z(2026, 10, 28), Z(2026, 12, 1))) == [Z(2026, 11, 3, 16)]


def test_count_also_counts_an_excepted_date_as_calendar_apps_do():
    """RFC 5545: COUNT limits the rule's dates; EXDATE then removes some of them."""
    event = event_from("""\
        ---
        title: Résumé Workshop
        start: 2026-10-13 10:00
        end: 11:30
        location: central
        repeat:
          every: week
          on: [tuesday]
          count: 4
          except: [2026-10-20]
        ---
        """)

    assert starts(expand(event, *EVERYTHING)) == [
        Z(2026, 10, 13, 15),
        Z(2026, 10, 27, 15),
        Z(2026, 11, 3, 16),
    ]


OPEN_ENDED = """\
---
title: Teen Tech Drop-In
start: 2026-12-02 15:30
end: 17:30
location: central
repeat:
  every: week
  on: [wednesday]
---
"""


def test_open_ended_series_is_bounded_by_the_window():
    june = (datetime(2027, 6, 1, tzinfo=CHICAGO), datetime(2027, 7, 1, tzinfo=CHICAGO))

    occurrences = expand(event_from(OPEN_ENDED), *june)

    assert starts(occurrences) == [local(date(2027, 6, day), 15, 30) for day in (2, 9, 16, 23, 30)]
    assert starts(occurrences)[0] == Z(2027, 6, 2, 20, 30)


def test_open_ended_series_from_its_start_to_a_window_end():
    occurrences = expand(event_from(OPEN_ENDED), None, datetime(2026, 12, 17, tzinfo=CHICAGO))

    assert starts(occurrences) == [
        Z(2026, 12, 2, 21, 30),
        Z(2026, 12, 9, 21, 30),
        Z(2026, 12, 16, 21, 30),
    ]


def test_open_ended_series_without_a_window_end_is_refused():
    with pytest.raises(ValueError, match="an open-ended series needs an end to its window"):
        expand(event_from(OPEN_ENDED), datetime(2027, 1, 1, tzinfo=UTC))


# --- a single event -------------------------------------------------------------------------


def test_single_event_is_its_own_only_occurrence():
    event = event_from("""\
        ---
        title: Author Visit
        start: 2027-03-14 15:30
        end: 17:00
        location: central
        ---
        """)

    assert expand(event, *EVERYTHING) == [Occurrence(event, event.starts_at, event.ends_at)]
    assert starts(expand(event, *EVERYTHING)) == [Z(2027, 3, 14, 20, 30)]
    assert expand(event, Z(2027, 3, 14, 22), Z(2027, 3, 15)) == []


# --- window edges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        pytest.param(
            (Z(2027, 1, 13, 22), Z(2027, 1, 20, 22)),
            [Z(2027, 1, 13, 21, 30), Z(2027, 1, 20, 21, 30)],
            id="session-running-at-window-start-is-included",
        ),
        pytest.param(
            (Z(2027, 1, 13, 23, 30), Z(2027, 1, 20, 21, 30)),
            [],
            id="session-ending-as-window-starts-and-one-starting-as-it-ends-are-not",
        ),
        pytest.param(
            (Z(2027, 1, 13, 23, 29), Z(2027, 1, 20, 21, 31)),
            [Z(2027, 1, 13, 21, 30), Z(2027, 1, 20, 21, 30)],
            id="a-minute-of-overlap-at-either-edge-is-enough",
        ),
    ],
)
def test_window_holds_the_sessions_that_overlap_it(window, expected):
    assert starts(expand(event_from(OPEN_ENDED), *window)) == expected


def test_window_filters_a_bounded_series_too():
    occurrences = expand(event_from(TEEN_TECH_WEEKLY), Z(2027, 3, 1), Z(2027, 4, 1))

    assert starts(occurrences) == [
        Z(2027, 3, 3, 21, 30),
        Z(2027, 3, 10, 21, 30),
        Z(2027, 3, 17, 20, 30),
        Z(2027, 3, 24, 20, 30),
        Z(2027, 3, 31, 20, 30),
    ]


# --- monthly and yearly -----------------------------------------------------------------------


def test_first_tuesday_of_each_month_across_both_clock_changes():
    event = event_from("""\
        ---
        title: Seed Library Swap
        start: 2026-10-06 18:00
        end: 19:00
        location: central
        repeat:
          every: month
          on: [first tuesday]
          until: 2027-12-31
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    tuesdays = [
        first_weekday(year, month, calendar.TUESDAY) for year, month in month_starts(2026, 10, 15)
    ]
    assert tuesdays[:3] == [date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1)]
    assert starts(occurrences) == [local(day, 18) for day in tuesdays]
    assert ends(occurrences) == [local(day, 19) for day in tuesdays]
    assert starts(occurrences)[:2] == [Z(2026, 10, 6, 23), Z(2026, 11, 4, 0)]
    assert starts(occurrences)[5:7] == [Z(2027, 3, 3, 0), Z(2027, 4, 6, 23)]
    assert starts(occurrences)[-2:] == [Z(2027, 11, 2, 23), Z(2027, 12, 8, 0)]


def test_last_friday_of_each_month_with_an_exception_and_an_extra_date():
    """December's last Friday is Christmas Day, so that month meets a week early."""
    event = event_from("""\
        ---
        title: Friday Film Night
        start: 2026-10-30 19:00
        end: 21:00
        location: central
        repeat:
          every: month
          on: [last friday]
          count: 7
          except: [2026-12-25]
          also: [2026-12-18]
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    fridays = [
        last_weekday(year, month, calendar.FRIDAY) for year, month in month_starts(2026, 10, 7)
    ]
    assert fridays == [
        date(2026, 10, 30),
        date(2026, 11, 27),
        date(2026, 12, 25),
        date(2027, 1, 29),
        date(2027, 2, 26),
        date(2027, 3, 26),
        date(2027, 4, 30),
    ]
    fridays = sorted(set(fridays) - {date(2026, 12, 25)} | {date(2026, 12, 18)})
    assert starts(occurrences) == [local(day, 19) for day in fridays]
    assert starts(occurrences)[:4] == [
        Z(2026, 10, 31, 0),
        Z(2026, 11, 28, 1),
        Z(2026, 12, 19, 1),
        Z(2027, 1, 30, 1),
    ]
    assert starts(occurrences)[-2:] == [Z(2027, 3, 27, 0), Z(2027, 5, 1, 0)]
    assert wall_clock(ends(occurrences)) == {time(21)}


def test_monthly_series_with_a_moved_session():
    event = event_from("""\
        ---
        title: Seed Library Swap
        start: 2026-10-06 18:00
        end: 19:00
        location: central
        repeat:
          every: month
          on: [first tuesday]
          count: 6
        occurrences:
          2027-03-02: {start: "2027-03-16 18:00", end: "2027-03-16 19:00", note: After the thaw}
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert starts(occurrences) == [
        Z(2026, 10, 6, 23),
        Z(2026, 11, 4, 0),
        Z(2026, 12, 2, 0),
        Z(2027, 1, 6, 0),
        Z(2027, 2, 3, 0),
        Z(2027, 3, 16, 23),
    ]
    assert occurrences[-1].recurrence_id.astimezone(UTC) == Z(2027, 3, 3, 0)


def test_raw_rrule_second_saturday_with_count():
    event = event_from("""\
        ---
        title: Saturday Coding Club
        start: 2026-10-10 10:30
        end: 12:00
        location: central
        repeat:
          rrule: FREQ=MONTHLY;BYDAY=2SA;COUNT=6
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    saturdays = [
        first_weekday(year, month, calendar.SATURDAY) + WEEK
        for year, month in month_starts(2026, 10, 6)
    ]
    assert saturdays[:2] == [date(2026, 10, 10), date(2026, 11, 14)]
    assert starts(occurrences) == [local(day, 10, 30) for day in saturdays]
    assert starts(occurrences)[:2] == [Z(2026, 10, 10, 15, 30), Z(2026, 11, 14, 16, 30)]
    assert event.repeat.description == "on the second Saturday of every month, 6 times"


def test_raw_rrule_until_date_is_inclusive():
    event = event_from("""\
        ---
        title: Teen Tech Drop-In
        start: 2026-12-02 15:30
        end: 17:30
        location: central
        repeat:
          rrule: "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20261230"
        ---
        """)

    assert starts(expand(event, *EVERYTHING)) == [
        Z(2026, 12, 2, 21, 30),
        Z(2026, 12, 16, 21, 30),
        Z(2026, 12, 30, 21, 30),
    ]


def test_yearly_series_keeps_its_local_time_in_both_halves_of_the_year():
    event = event_from("""\
        ---
        title: Library Birthday Party
        start: 2026-03-10 14:00
        end: 16:00
        location: central
        repeat:
          every: year
          count: 5
          except: [2028-03-10]
          also: [2028-03-17]
        occurrences:
          2029-03-10: {start: "2029-11-03 14:00", end: "2029-11-03 16:00", note: Moved to autumn}
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    assert starts(occurrences) == [
        Z(2026, 3, 10, 19),  # CDT: the clocks went forward on 2026-03-08
        Z(2027, 3, 10, 20),  # CST: they go forward on 2027-03-14
        Z(2028, 3, 17, 19),  # extra date, CDT from 2028-03-12
        Z(2029, 11, 3, 19),  # moved; still CDT until 2029-11-04
        Z(2030, 3, 10, 19),  # CDT from 2030-03-10, a Sunday, at 02:00
    ]
    assert ends(occurrences) == [start + timedelta(hours=2) for start in starts(occurrences)]
    assert occurrences[3].recurrence_id.astimezone(UTC) == Z(2029, 3, 10, 20)  # CST


def test_yearly_series_on_the_fall_back_sunday():
    event = event_from("""\
        ---
        title: Día de los Muertos Altar
        start: 2026-11-01 14:00
        end: 17:00
        location: central
        repeat:
          every: year
          until: 2029-11-01
        ---
        """)

    assert starts(expand(event, *EVERYTHING)) == [
        Z(2026, 11, 1, 20),
        Z(2027, 11, 1, 19),
        Z(2028, 11, 1, 19),
        Z(2029, 11, 1, 19),
    ]


# --- all-day series ---------------------------------------------------------------------------

BOOK_SALE = """\
---
title: Friends of the Library Book Sale
start: 2026-10-02
end: 2026-10-04
location: central
repeat:
  every: month
  on: [first friday]
  count: 4
  except: [2026-11-06]
  also: [2026-11-13]
occurrences:
  2027-01-01: {start: 2027-01-08, end: 2027-01-10, note: After the holiday}
---
"""


def test_all_day_series_lasts_the_same_days_each_time():
    occurrences = expand(event_from(BOOK_SALE), *EVERYTHING)

    assert [(o.starts_at, o.ends_at) for o in occurrences] == [
        (date(2026, 10, 2), date(2026, 10, 4)),
        (date(2026, 11, 13), date(2026, 11, 15)),
        (date(2026, 12, 4), date(2026, 12, 6)),
        (date(2027, 1, 8), date(2027, 1, 10)),
    ]
    assert occurrences[-1].recurrence_id == date(2027, 1, 1)
    assert occurrences[-1].moved
    assert all(o.all_day for o in occurrences)


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        pytest.param(
            (datetime(2026, 12, 6, 23, tzinfo=CHICAGO), datetime(2026, 12, 8, tzinfo=CHICAGO)),
            [date(2026, 12, 4)],
            id="last-evening-of-a-sale-is-in-the-window",
        ),
        pytest.param(
            (datetime(2026, 12, 7, tzinfo=CHICAGO), datetime(2026, 12, 8, tzinfo=CHICAGO)),
            [],
            id="day-after-a-sale-is-not",
        ),
        pytest.param(
            (Z(2026, 12, 7, 5, 59), Z(2026, 12, 8)),
            [date(2026, 12, 4)],
            id="edges-are-midnight-in-the-event-zone",
        ),
        pytest.param(
            (Z(2026, 12, 7, 6), Z(2026, 12, 8)), [], id="midnight-in-the-event-zone-ends-the-sale"
        ),
    ],
)
def test_all_day_series_in_a_window(window, expected):
    assert [o.starts_at for o in expand(event_from(BOOK_SALE), *window)] == expected


# --- another time zone ------------------------------------------------------------------------

LONDON_TALKS = """\
---
title: Twinned-City Book Talk
start: 2026-10-15 19:00
end: 20:00
timezone: Europe/London
online: https://meet.example.org/book-talk
repeat:
  every: week
  on: [thursday]
  until: 2027-04-08
---
"""


def test_series_in_another_zone_follows_that_zones_clock_changes():
    occurrences = expand(event_from(LONDON_TALKS), *EVERYTHING)

    sessions = by_date(occurrences)
    assert {
        day: sessions[day].starts_at.astimezone(UTC)
        for day in (
            date(2026, 10, 22),
            date(2026, 10, 29),  # London fell back on 2026-10-25
            date(2026, 11, 5),  # Chicago's change (11-01) is no matter here
            date(2027, 3, 18),
            date(2027, 3, 25),  # Chicago went forward on 03-14; London not yet
            date(2027, 4, 1),
        )
    } == {  # London went forward on 2027-03-28
        date(2026, 10, 22): Z(2026, 10, 22, 18),
        date(2026, 10, 29): Z(2026, 10, 29, 19),
        date(2026, 11, 5): Z(2026, 11, 5, 19),
        date(2027, 3, 18): Z(2027, 3, 18, 19),
        date(2027, 3, 25): Z(2027, 3, 25, 19),
        date(2027, 4, 1): Z(2027, 4, 1, 18),
    }
    thursdays = every(date(2026, 10, 15), date(2027, 4, 8))
    assert starts(occurrences) == [local(day, 19, zone=LONDON) for day in thursdays]
    assert wall_clock(ends(occurrences), LONDON) == {time(20)}


@pytest.mark.parametrize(
    "zone", ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"]
)
def test_weekly_series_keeps_local_time_in_any_zone(zone):
    event = event_from(f"""\
        ---
        title: Teen Tech Drop-In
        start: 2026-10-07 15:30
        end: 17:30
        timezone: {zone}
        online: https://meet.example.org/teen-tech
        repeat:
          every: week
          until: 2027-12-01
        ---
        """)

    occurrences = expand(event, *EVERYTHING)

    wednesdays = every(date(2026, 10, 7), date(2027, 12, 1))
    assert starts(occurrences) == [local(day, 15, 30, ZoneInfo(zone)) for day in wednesdays]
    assert ends(occurrences) == [local(day, 17, 30, ZoneInfo(zone)) for day in wednesdays]


def test_window_in_the_sites_zone_applies_to_a_series_in_another_zone():
    """19:00 in London on Thursday 2027-01-14 is 13:00 that day in Chicago."""
    thursday_in_chicago = (
        datetime(2027, 1, 14, tzinfo=CHICAGO),
        datetime(2027, 1, 15, tzinfo=CHICAGO),
    )

    assert starts(expand(event_from(LONDON_TALKS), *thursday_in_chicago)) == [Z(2027, 1, 14, 19)]


# --- what validation refuses ------------------------------------------------------------------


def weekly(extra: str, start: str = "2026-12-02 15:30", repeat: str = "") -> str:
    return (
        "---\ntitle: Teen Tech Drop-In\n"
        f"start: {start}\n"
        "end: 17:30\nlocation: central\n"
        "repeat:\n  every: week\n  on: [wednesday]\n"
        f"{repeat}{extra}---\n"
    )


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        pytest.param(
            weekly("", start="2026-12-03 15:30"),
            "content/events/series.md:3: 'start' (Thursday 2026-12-03) is not one of the series' "
            "dates (every Wednesday); start the series on its first real date, Wednesday 2026-12-09",
            id="start-not-one-of-the-days",
        ),
        pytest.param(
            "---\ntitle: Friday Film Night\nstart: 2026-10-23 19:00\nlocation: central\n"
            "repeat:\n  every: month\n  on: [last friday]\n---\n",
            "content/events/series.md:3: 'start' (Friday 2026-10-23) is not one of the series' "
            "dates (on the last Friday of every month); start the series on its first real date, "
            "Friday 2026-10-30",
            id="start-not-the-last-friday",
        ),
        pytest.param(
            weekly("", repeat="  except: [2026-12-24]\n"),
            "content/events/series.md:9: 'repeat.except' has Thursday 2026-12-24, which is not a "
            "date of this series (every Wednesday); did you mean 2026-12-23 (Wednesday)?",
            id="except-date-not-in-series",
        ),
        pytest.param(
            weekly("occurrences:\n  2026-12-24: {status: cancelled}\n"),
            "content/events/series.md:10: Thursday 2026-12-24 is not a date of this series "
            "(every Wednesday); did you mean 2026-12-23 (Wednesday)?",
            id="occurrences-date-not-in-series",
        ),
        pytest.param(
            weekly("", repeat="  until: 2026-11-25\n"),
            "content/events/series.md:9: 'repeat.until' (2026-11-25) is before 'start' (2026-12-02)",
            id="until-before-start",
        ),
        pytest.param(
            weekly("", repeat="  until: 2027-05-26\n  count: 12\n"),
            "content/events/series.md:10: give either 'repeat.until' (the last date) or "
            "'repeat.count' (how many times), not both",
            id="until-and-count",
        ),
        pytest.param(
            "---\ntitle: Teen Tech Drop-In\nstart: 2026-12-02 15:30\nlocation: central\n"
            "repeat:\n  rrule: FREQ=HOURLY;COUNT=3\n---\n",
            "content/events/series.md:6: 'repeat.rrule' has FREQ=HOURLY; events repeat by day, week, "
            "month or year (FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY, FREQ=YEARLY)",
            id="rrule-hourly",
        ),
    ],
)
def test_series_mistakes_are_refused_with_a_message(markdown, message):
    event, problems = validate(markdown)

    assert event is None
    assert problems == [message]


# --- how a series is described (pages and the messages above) ----------------------------------


def series_with(repeat: str, start: str = "2026-10-07 15:30") -> str:
    return (
        f"---\ntitle: Teen Tech Drop-In\nstart: {start}\nlocation: central\n"
        f"repeat:\n{textwrap.indent(repeat, '  ')}---\n"
    )


@pytest.mark.parametrize(
    ("markdown", "description"),
    [
        (TEEN_TECH_WEEKLY, "every Wednesday until December 1, 2027"),
        (
            series_with("every: week\ninterval: 2\non: [wednesday]\n"),
            "every other week on Wednesday",
        ),
        (
            series_with("every: month\non: [first wednesday]\ncount: 6\n"),
            "on the first Wednesday of every month, 6 times",
        ),
        (
            series_with("every: month\non: [last friday]\n", start="2026-10-30 19:00"),
            "on the last Friday of every month",
        ),
        (series_with("every: day\n"), "every day"),
        (series_with("every: year\n"), "every year"),
    ],
)
def test_series_in_words(markdown, description):
    assert event_from(markdown).repeat.description == description


@pytest.mark.parametrize(
    ("rrule", "start", "honest"),
    [
        pytest.param(
            "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
            "2026-10-05 10:00",
            {"every weekday", "every Monday, Tuesday, Wednesday, Thursday and Friday"},
            id="weekdays-not-every-day",
        ),
        pytest.param(
            "FREQ=WEEKLY;BYDAY=MO;BYMONTH=6,7",
            "2027-06-07 10:00",
            {"every Monday in June and July"},
            id="summer-mondays-not-every-monday",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYDAY=MO",
            "2026-10-05 10:00",
            {"every Monday"},
            id="every-monday-not-the-monday-of-every-month",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYDAY=-2FR",
            "2026-10-23 10:00",
            {"on the second-to-last Friday of every month"},
            id="second-to-last-friday",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "2026-10-30 10:00",
            {"on the last weekday of every month"},
            id="last-weekday-of-the-month",
        ),
    ],
)
def test_raw_rrule_is_described_truly_or_in_plain_words(rrule, start, honest):
    """The words may be exact or the plain fallback 'repeating'; they must not describe another
    series."""
    event = event_from(series_with(f"rrule: {rrule}\n", start=start))

    assert event.repeat.description in honest | {"repeating"}
