"""Hostile input for `bulletin check`: property-based tests (hypothesis) that throw random and
malicious front-matter, settings and bytes at the real entry points, `generator.load.load` and
`generator.cli.main`, and check what staff would see.

For every input:
1. nothing raises (no traceback) and nothing hangs;
2. every printed problem is one line `path[:line]: message` whose path names a real file, relative
   and '/'-separated, and whose line lies inside that file (inside the front-matter for Markdown);
   `check` prints exactly the problems `load` found;
3. a file that is rejected is named by at least one error, and one of them gives a line (unless
   the file is blank);
4. an event that is accepted has a title, a start, an end, a location or online link, and a
   series if it says 'repeat'; it expands over a year without raising; every occurrence ends
   after it starts (all-day: on or after), lies in the window, and no series date comes twice;
5. the exit status is 1 when there are errors and 0 otherwise.

The strategies build the YAML and TOML text themselves (yaml.safe_dump, a block emitter that
leaves YAML 1.1 traps unquoted, JSON, a small TOML emitter) from structures that mix plausible
values with hostile ones, then damage the text line by line (tabs, lost fences, duplicated lines,
anchors, stray control characters, other line endings).

Every bug found is kept at the end of this file as a regression test with its minimal input.
While a newly found bug is being fixed, pin its test with `xfail(strict=True)` and add it to
KNOWN_BUGS: the properties then recognise an input that hits it by its signature and keep hunting
for new bugs. When the fix lands, the test XPASSes (a failure under strict=True): remove both.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time as stopwatch
import traceback
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import yaml
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.content.frontmatter import parse_document
from generator.content.load import Loaded, load
from generator.content.recurrence import bounds, expand, occurrence_key
from generator.models import UTC, Event
from generator.problems import Invalid

from conftest import ROOT, bulletin, write_hub

EVENT_FILE = "events/hostile.md"
PARTNER_FILE = "partners/hostile-partner.md"
VENUE_FILE = "venues/hostile-venue.md"
SITE_FILE = "site.toml"
MODEL_OF = {
    EVENT_FILE: ("events", "hostile"),
    PARTNER_FILE: ("partners", "hostile-partner"),
    VENUE_FILE: ("venues", "hostile-venue"),
}
HANG_SECONDS = 20  # one `check` of a six-file hub takes about 10 ms
LINE_BREAK = re.compile(r"\r\n|\r|\n")
FENCE = re.compile(r"---[ \t]*")
YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")  # line breaks to YAML, not to editors or GitHub


def hostile_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


# --------------------------------------------------------------------------------------------
# Known bugs: what each looks like, so the properties can tell them from new ones.
# --------------------------------------------------------------------------------------------

# Every bug these properties found has been fixed; the entries were removed with the fixes, so a
# recurrence of any of them now fails the property instead of being tolerated. Add an entry here
# (with a pinned xfail regression test below) only while a newly found bug is being fixed.
KNOWN_BUGS: dict[str, str] = {}


def known_crash(error: BaseException) -> str | None:
    """The KNOWN_BUGS entry an exception from the generator is an instance of, if any."""
    frames = [
        (Path(frame.filename).stem, frame.name)
        for frame in traceback.extract_tb(error.__traceback__)
    ]
    message = str(error)
    last = frames[-1] if frames else ("", "")
    if isinstance(error, TypeError) and "unhashable type" in message and last == ("reader", "get"):
        return "unhashable-timezone"
    if (
        isinstance(error, ValueError)
        and re.fullmatch(r"year -?\d+ is out of range", message)
        and last == ("values", "_real_date")
    ):
        return "year-out-of-range"
    if isinstance(error, OverflowError) and last == ("values", "duration"):
        return "huge-duration"
    if isinstance(error, OverflowError) and "date value out of range" in message:
        return "edge-of-calendar"
    if isinstance(error, ValueError) and message.startswith("Exceeds the limit (4300 digits)"):
        return "int-digits"
    if isinstance(error, Invalid) and ("validate_series", "_read_change") in frames:
        return "gap-change"
    if isinstance(error, RecursionError):
        return "deep-nesting"
    if isinstance(error, ValueError) and last[0] == "parse" and ("values", "web_address") in frames:
        return "bad-ipv6-url"
    return None


def non_positive_interval(event_: Event) -> bool:
    match = re.search(r"INTERVAL=([+-]?\d+)", event_.repeat.rule if event_.repeat else "")
    return match is not None and int(match[1]) <= 0


def note(label: str) -> None:
    """hypothesis.event, for --hypothesis-show-statistics; a no-op outside a hypothesis test."""
    with contextlib.suppress(Exception):
        event(label)


def note_known(bug: str) -> None:
    assert bug in KNOWN_BUGS
    note(f"known bug: {bug}")


# --------------------------------------------------------------------------------------------
# Running the real entry points, and the properties
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def time_limit(seconds: float):
    """Turn a hang into a TimeoutError (SIGALRM: main thread, Unix)."""

    def expire(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeoutError as error:
        # A fresh exception: on Python 3.11 the interrupted frames can carry tb_lineno None,
        # which crashes pytest's report.
        raise TimeoutError(str(error)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Checked:
    code: int
    stdout: str
    loaded: Loaded  # as `check` sees it
    with_drafts: Loaded  # drafts included, to tell "rejected" from "draft"


def encode(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")


def check_hub(
    files: dict[str, str | bytes], tolerate_known: bool = True, github: bool = False
) -> Checked | None:
    """Write the valid test hub with `files` replaced, run `bulletin check` and load(), and assert
    properties 1-5 (and with `github`, that `--format github` prints one annotation per problem).
    Returns None when the input hit a known bug (and `tolerate_known`)."""
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp), time_limit(HANG_SECONDS):
        # bytes, so that write_hub writes exactly what was generated (no dedent, no encoding)
        write_hub(Path(tmp), {name: encode(data) for name, data in files.items()})
        try:
            code, stdout, _ = bulletin(["check", "--content", "content"])
            loaded = load(Path("content"))
            with_drafts = load(Path("content"), drafts=True)
            if github:
                github_code, github_output, _ = bulletin(
                    ["check", "--content", "content", "--format", "github"]
                )
        except Exception as error:
            bug = known_crash(error)
            if bug is None or not tolerate_known:
                raise
            note_known(bug)
            return None
        checked = Checked(code, stdout, loaded, with_drafts)
        assert_problem_lines(checked)
        assert_exit_status(checked)
        if github:
            assert_github_annotations(github_code, github_output, checked)
        for name in files:
            assert_rejection_is_named(checked, name)
        accepted = hostile_event(with_drafts)
        if accepted is not None:
            assert_complete(accepted, tolerate_known)
            assert_expands(accepted, tolerate_known)
        return checked


def file_lines(path: str) -> tuple[int, int]:
    """(lines in the file, last line a problem may name): the closing '---' for Markdown."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
        readable = True
    except UnicodeDecodeError:
        text, readable = data.decode("utf-8", "replace"), False
    lines = LINE_BREAK.split(text.removeprefix("\ufeff"))
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    total = len(lines)
    if readable and path.endswith(".md") and FENCE.fullmatch(lines[0]):
        closing = next((i + 1 for i in range(1, len(lines)) if FENCE.fullmatch(lines[i])), None)
        if closing is not None:
            return total, closing
    return total, total


def assert_problem_lines(checked: Checked) -> None:
    """Property 2: `check` prints load()'s problems, one line each, at real files and lines."""
    problems = checked.loaded.problems
    assert checked.stdout == "".join(f"{problem}\n" for problem in problems)
    for problem in problems:
        shown = str(problem)
        first, *more = LINE_BREAK.split(shown)
        if more:
            quoted_break = re.search(r"'[^']*[\r\n][^']*'", problem.message)
            reader_error = re.search(r'\n\s+in "<unicode string>", position \d+$', problem.message)
            assert quoted_break or reader_error, (
                f"a problem printed on {len(more) + 1} lines: {shown!r}"
            )
            note_known("message-line-break")
        path = problem.src_path
        assert not path.startswith("/") and "\\" not in path, f"not a relative '/'-path: {shown!r}"
        assert Path(path).is_file(), f"names no real file: {shown!r}"
        where = path if problem.line is None else f"{path}:{problem.line}"
        assert re.match(re.escape(where) + r": (warning: )?\S", first), f"not path:line: {shown!r}"
        if problem.line is None:
            continue
        total, last = file_lines(path)
        assert problem.line >= 1, f"line {problem.line} in {shown!r}"
        if problem.line > last and "the description" in problem.message:
            assert problem.line <= total, f"line {problem.line} past the end: {shown!r}"
            continue  # the body's own problems (content/body.py) are in the body
        if problem.line > last:
            text = Path(path).read_bytes().decode("utf-8", "replace")
            assert any(char in text for char in YAML_ONLY_BREAKS), (
                f"line {problem.line}, but {path} has {total} lines (front-matter ends on "
                f"{last}): {shown!r}"
            )
            note_known("yaml-only-line-breaks")


def assert_exit_status(checked: Checked) -> None:
    """Property 5."""
    assert checked.code == (1 if checked.loaded.errors else 0), (
        f"exit {checked.code} with {len(checked.loaded.errors)} errors"
    )


def assert_github_annotations(code: int, output: str, checked: Checked) -> None:
    """`--format github` prints one workflow command per problem, whatever the message holds."""
    assert code == checked.code
    lines = output.split("\n")[:-1] if output else []
    assert len(lines) == len(checked.loaded.problems), output
    for line, problem in zip(lines, checked.loaded.problems, strict=True):
        assert "\r" not in line
        assert line.startswith(f"::{problem.level} file={problem.src_path}"), line


def assert_rejection_is_named(checked: Checked, name: str) -> None:
    """Property 3: a file whose content did not become a model is named by an error, and at
    least one such error gives a line."""
    src_path = f"content/{name}"
    if name == SITE_FILE:
        rejected = checked.loaded.index is None
    elif name in MODEL_OF and checked.with_drafts.index is not None:
        kind, slug = MODEL_OF[name]
        rejected = slug not in getattr(checked.with_drafts.index, kind)
    else:
        return
    note(f"{name}: {'rejected' if rejected else 'accepted'}")
    if not rejected:
        return
    named = [p for p in checked.loaded.problems if p.is_error and p.src_path == src_path]
    if not named and name == EVENT_FILE and empty_list(Path(src_path), "end"):
        note_known("empty-end-drops-event")
        return
    assert named, f"{src_path} was rejected without an error naming it: {checked.stdout!r}"
    # ... and at least one of them says where: `path:line:`. Only a file with nothing in it has
    # no line to point at.
    if any(p.line is not None for p in named):
        return
    text = Path(src_path).read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    if not text.strip():
        return
    if name == SITE_FILE and all(p.message.startswith("is not valid TOML") for p in named):
        note_known("toml-error-without-line")
        return
    raise AssertionError(f"{src_path} was rejected, but no error gives a line: {checked.stdout!r}")


def empty_list(path: Path, *keys: str) -> bool:
    """Whether the front-matter gives one of `keys` as an empty list (see KNOWN_BUGS)."""
    document, _ = parse_document(str(path), path.read_bytes().decode("utf-8", "replace"))
    return document is not None and any(document.data.get(key) == [] for key in keys)


def hostile_event(loaded: Loaded) -> Event | None:
    if loaded.index is None:
        return None
    return loaded.index.events.get(MODEL_OF[EVENT_FILE][1])


def year_window(event_: Event) -> tuple[datetime, datetime]:
    """A year from a day before the event's first start (clipped to what datetime can hold)."""
    first = event_.starts_at if not event_.all_day else datetime.combine(event_.starts_at, time())
    naive = min(max(first.replace(tzinfo=None), datetime(1, 1, 3)), datetime(9998, 12, 1))
    begin = (naive - timedelta(days=1)).replace(tzinfo=UTC)
    return begin, begin + timedelta(days=366)


def assert_complete(event_: Event, tolerate_known: bool = True) -> None:
    """Property 4, first half: an accepted event has what FORMAT.md requires of every event."""
    assert event_.title and event_.starts_at is not None and event_.ends_at is not None
    if event_.location is None and event_.place is None and event_.online is None:
        if tolerate_known and empty_list(Path(event_.src_path), "location", "online"):
            note_known("empty-place-accepted")
            return
        raise AssertionError(f"{event_.src_path} was accepted with no location and no online link")
    document, _ = parse_document(event_.src_path, Path(event_.src_path).read_text("utf-8"))
    written = document.data.get("repeat") if document else None
    if isinstance(written, dict) and written and event_.repeat is None:
        if tolerate_known and "rrule" in written and written["rrule"] in (None, []):
            note_known("empty-rrule-drops-series")
            return
        raise AssertionError(f"{event_.src_path} has 'repeat' but was accepted as a single event")


def assert_expands(event_: Event, tolerate_known: bool = True) -> None:
    """Property 4, second half."""
    begin, end = year_window(event_)
    try:
        occurrences = expand(event_, begin, end)
    except Exception as error:
        bug = known_crash(error) or (
            "interval-not-positive" if non_positive_interval(event_) else None
        )
        if bug is None or not tolerate_known:
            raise
        note_known(bug)
        return
    note("expanded: single" if event_.repeat is None else "expanded: series")
    if event_.repeat is None and 2 <= event_.starts_at.year <= 9997:
        assert len(occurrences) == 1, occurrences
    keys = [occurrence_key(occurrence) for occurrence in occurrences]
    assert keys == sorted(keys), "occurrences out of order"
    series_dates = set()
    for occurrence in occurrences:
        if event_.all_day:
            assert type(occurrence.starts_at) is date and type(occurrence.ends_at) is date
            assert occurrence.ends_at >= occurrence.starts_at, occurrence
        else:
            assert occurrence.starts_at.tzinfo is not None and occurrence.ends_at.tzinfo is not None
            # In UTC: Python compares two times of one zone by wall clock, ignoring `fold`, so an
            # hour-long event from 01:30 on the night clocks go back "ends" at 01:30 as well.
            assert occurrence.ends_at.astimezone(UTC) > occurrence.starts_at.astimezone(UTC), (
                occurrence
            )
        starts, ends = bounds(occurrence)
        assert ends > begin and starts < end, f"{occurrence} is outside [{begin}, {end})"
        series_date = (
            occurrence.recurrence_id
            if occurrence.recurrence_id is not None
            else occurrence.starts_at
        )
        if series_date in series_dates:
            if tolerate_known and non_positive_interval(event_):
                note_known("interval-not-positive")
                return
            raise AssertionError(f"{series_date} comes twice in the series {event_.repeat}")
        series_dates.add(series_date)


# --------------------------------------------------------------------------------------------
# Hostile samples
# --------------------------------------------------------------------------------------------

YAML_TRAPS = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Yes",
    "NO",
    "True",
    "0755",
    "1_000",
    "1:30",
    "190:20:30",
    "~",
    "null",
    "Null",
    "NULL",
    ".inf",
    "-.inf",
    ".nan",
    "0x1F",
    "0o17",
    "0b101",
    "1e309",
    "-0",
    "+1",
    "true",
    "false",
    "",
    " ",
    "'",
    '"',
    "-",
    "?",
    ":",
    "!!str",
    "!!binary aGk=",
    "!!python/object/apply:os.system ['ls']",
    "@",
    "`",
    "%",
    "#",
    "|",
    ">",
    "[",
    "]",
    "{",
    "}",
    ",",
    "*ref",
    "&anchor",
    "<<",
    "=",
    "2026-12-02",
]
HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "x\r\nBEGIN:VEVENT\r\nSUMMARY:pwned",
    "x\nEND:VCALENDAR",
    "a;b,c\\d",
    "../../etc/passwd",
    "/etc/passwd",
    "media/../../x",
    "media/../../x.jpg",
    "media/./teens.jpg",
    "media//teens.jpg",
    "/media/teens.jpg",
    "content/media/teens.jpg",
    "media/teens.JPG",
    "media/teens.jpg/",
    "C:\\x",
    "C:\\x.jpg",
    "\\\\server\\share\\x.png",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:image/png;base64,AAAA",
    "https://[",
    "http://[::1",
    "https://[x]",
    "https://",
    "http://",
    "mailto:",
    "webcal://",
    "https://example.org/a b",
    "//example.org/x.png",
    "%00",
    "%2e%2e/",
    "x" * 10_000,
    "é" * 400,
    "\u202eevil\u202c",
    "\x00",
    "a\tb",
    "a\u2028b",
    "\ufeff",
    "\x1b[31mred",
    "{{ title }}",
    "{% raw %}",
    "${HOME}",
    "'; DROP TABLE events; --",
    "9" * 60,
    "-1",
    "0",
    "00",
    "1e6",
    "NaN",
    "∞",
    "١٢",
    "１２",
    "teens",
    "Teens",
    "teen",
    "kids",
    "central",
    "youth-haven",
    "nowhere",
    "Central",
    "youth haven",
    "-x",
    "x-",
]
HOSTILE_DATES = [
    "2027-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-12-00",
    "2026-2-3",
    "20261202",
    "12/02/2026",
    "2 Dec 2026",
    "2026-12-02T15:30:00Z",
    "2026-12-02 15:30+01:00",
    "2026-12-02 15:30:00-0600",
    "2026-12-02 24:00",
    "2026-12-02 3:30pm",
    "2026-12-02 15:30 pm",
    "2027-03-14 02:30",
    "2026-11-01 01:30",
    "2027-03-28 02:30",
    "2026-12-02 25:61",
    "2026-12-02 15:30:60",
    "2026-12-02  15:30",
    "2026-12-02T15:30",
    "2026-12-02 T 15:30",
    "tomorrow",
    "٢٠٢٦-١٢-٠٢",
    "２０２６-１２-０２",
    "2026-12-02\n",
    "0000-01-01",
    "0001-01-01",
    "0001-01-01 00:30",
    "9999-12-31",
    "9999-12-31 23:30",
    "9999-12-32",
    "99999-01-01",
    "2028-02-29",
    "2027-02-29",
]
HOSTILE_TIMES = [
    "24:00",
    "24:00:01",
    "3:30pm",
    "5.30pm",
    "12am",
    "12 p.m.",
    "17:60",
    "1:30",
    "99:99",
    "17h30",
    "noon",
    "-1:00",
    "17:30:00.5",
    "17:30Z",
    "0:0",
    "25:00",
    "02:30",
    "01:30",
    "00:00",
    "23:59:59",
]
RRULES_HOSTILE = [
    "FREQ=SECONDLY",
    "FREQ=MINUTELY;COUNT=5",
    "FREQ=HOURLY",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;COUNT=999999999",
    "FREQ=WEEKLY;COUNT=0",
    "FREQ=WEEKLY;UNTIL=20270230",
    "FREQ=WEEKLY;UNTIL=20270526T000000Z",
    "FREQ=WEEKLY;UNTIL=2027-05-26",
    "FREQ=WEEKLY;BYDAY=XX",
    "FREQ=WEEKLY;BYDAY=MO(+1)",
    "FREQ=MONTHLY;BYDAY=MO(1)",
    "FREQ=MONTHLY;BYDAY=+9MO",
    "FREQ=MONTHLY;BYDAY=0MO",
    "FREQ=MONTHLY;BYMONTHDAY=0",
    "FREQ=MONTHLY;BYMONTHDAY=32",
    "FREQ=MONTHLY;BYSETPOS=0",
    "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=7",
    "FREQ=DAILY;INTERVAL=0",
    "FREQ=DAILY;INTERVAL=-1",
    "FREQ=DAILY;INTERVAL=x",
    "FREQ=DAILY;INTERVAL=99999999999999999999",
    "FREQ=WEEKLY;WKST=XX",
    "FREQ=WEEKLY;BYHOUR=3",
    "FREQ=YEARLY;BYWEEKNO=54",
    "FREQ=YEARLY;BYYEARDAY=366",
    "FREQ=DAILY;FREQ=WEEKLY",
    "FREQ=",
    "FREQ",
    ";;;",
    "",
    "RRULE:FREQ=WEEKLY;BYDAY=WE",
    "rrule:freq=weekly",
    "FREQ=WEEKLY;BYDAY=WE;COUNT=3;UNTIL=20270101",
    "FREQ=WEEKLY\r\nBEGIN:VEVENT",
    "FREQ=WEEKLY;X-NAME=1",
    "DTSTART:20261202T153000",
    "FREQ=MONTHLY;BYDAY=1MO,1MO",
    "FREQ=YEARLY;BYMONTH=13",
    "FREQ=WEEKLY;BYDAY=WE,",
]
RRULES_VALID = [
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;BYDAY=WE",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12",
    "FREQ=MONTHLY;BYDAY=2SA;COUNT=10",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=YEARLY",
    "FREQ=DAILY;INTERVAL=2;COUNT=5",
    "FREQ=DAILY;UNTIL=20270526",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270526T153000",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
]
ZONES_VALID = [
    "America/Chicago",
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kolkata",
    "Pacific/Apia",
    "Antarctica/Troll",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
]
ZONES_HOSTILE = [
    "america/chicago",
    "America/Chicago ",
    "America/New York",
    "Mars/Olympus_Mons",
    "../../etc/passwd",
    "/usr/share/zoneinfo/UTC",
    "localtime",
    "Factory",
    "EST",
    "EST5EDT",
    "GMT+5",
    "UTC+2",
    "Central",
    "CST",
    "right/UTC",
    "posix/UTC",
    "Z",
    "America/Argentina/ComodRivadavia",
    "America/Chicago\x00",
    "Europe/Kyiv",
    "Europe/Kiev",
    "US/Pacific",
    "zoneinfo",
]
# Dates where clocks change somewhere in ZONES_VALID, and other edges.
EDGE_DAYS = [
    date(2027, 3, 14),
    date(2026, 11, 1),
    date(2027, 3, 28),
    date(2026, 10, 25),
    date(2027, 4, 4),
    date(2026, 10, 4),
    date(2027, 2, 21),
    date(2026, 9, 27),
    date(2028, 2, 29),
    date(2026, 12, 31),
    date(2027, 1, 1),
    date(2027, 1, 31),
]
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORDINAL_NAMES = ["first", "second", "third", "fourth", "fifth"]

any_character = st.characters(exclude_categories=("Cs",))
awkward_character = st.sampled_from(
    list("\x00\t\r\n\x0b\x0c\x1b\x7f\x85\xa0\u2028\u2029\ufeff\u202e-:#'\"[]{},&*!|>%@`?~\\")
)
short_text = st.text(st.one_of(any_character, awkward_character), max_size=20)
near_days = st.one_of(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.sampled_from(EDGE_DAYS))


def time_text(moment: time, style: int = 0) -> str:
    return [f"{moment:%H:%M}", f"{moment:%H:%M:%S}", f"{moment.hour}:{moment:%M}"][style % 3]


clock_texts = st.one_of(
    st.builds(time_text, st.times(), st.integers(0, 2)),
    st.sampled_from(["00:00", "02:30", "01:30", "23:59", "12:00", "02:00", "03:00", "17:30"]),
)
date_texts = near_days.map(str)
datetime_texts = st.builds(
    lambda day, clock, sep: f"{day}{sep}{clock}",
    near_days,
    clock_texts,
    st.sampled_from([" ", "T", "  "]),
)
long_text = st.sampled_from(["x" * 5_000, "word " * 2_000, "é" * 3_000, "\u202e" * 50])

hostile_scalar = st.one_of(
    st.sampled_from(YAML_TRAPS),
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(HOSTILE_DATES + HOSTILE_TIMES + RRULES_HOSTILE + ZONES_HOSTILE),
    short_text,
    long_text,
    st.integers(-(10**30), 10**30),
    st.sampled_from([10**400, -(10**400), "9" * 5_000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)
hostile_value = st.recursive(
    hostile_scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(["name", "start", "x"]), short_text), children, max_size=3
        ),
    ),
    max_leaves=6,
)


# Without far-off dates: for list items whose check walks the series up to the date (see
# test_far_off_series_dates_are_checked_quickly), so that every example stays fast.
def far_off(value) -> bool:
    if isinstance(value, str):
        return re.match(r"\d{4,}-", value) is not None and not value.startswith("202")
    if isinstance(value, (date, datetime)):
        return not 2000 <= value.year <= 2100
    if isinstance(value, list):
        return any(far_off(item) for item in value)
    if isinstance(value, dict):
        return any(far_off(key) or far_off(item) for key, item in value.items())
    return False


hostile_value_near = hostile_value.filter(lambda value: not far_off(value))


def pick(valid: st.SearchStrategy, hostile: st.SearchStrategy, percent: int) -> st.SearchStrategy:
    """`hostile` about `percent`% of the time, else `valid` (shrinks towards `valid`)."""
    return st.integers(0, 99).flatmap(lambda n: hostile if n < percent else valid)


def optional_dict(
    valid: dict[str, st.SearchStrategy], hostile: st.SearchStrategy, percent: int
) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {}, optional={key: pick(strategy, hostile, percent) for key, strategy in valid.items()}
    )


# --------------------------------------------------------------------------------------------
# Structures: events, partners, venues, site settings
# --------------------------------------------------------------------------------------------

titles = st.one_of(
    st.sampled_from(
        [
            "Teen Tech Drop-In",
            "Story Time",
            "Ça va? Café",
            "Knitting & Tea",
            "Q&A: budgets",
            "50% off",
            "#1 Book Club",
        ]
    ),
    st.text(st.characters(categories=("L", "N", "Zs", "P", "S")), min_size=1, max_size=40),
)
slugs = st.sampled_from(
    ["central", "youth-haven", "hostile-venue", "hostile-partner", "nowhere", "teen-tech"]
)
web_addresses = st.sampled_from(
    [
        "https://meet.example.org/teen-tech",
        "http://example.org/a?b=c#d",
        "https://example.org",
        "HTTPS://EXAMPLE.ORG/X",
    ]
)
emails = st.sampled_from(["teens@riverside.example", "mailto:a@b.org", "a.b+c@sub.example.co.uk"])
geos = st.one_of(
    st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(list),
    st.sampled_from(["41.83, -87.82", [41.83, -87.82]]),
)
vocab_lists = {
    "audiences": st.lists(
        st.sampled_from(["kids", "teens", "teen", "Teens", "Kids (0-12)"]), max_size=3
    ),
    "categories": st.lists(st.sampled_from(["technology", "tech", "Technology"]), max_size=2),
    "languages": st.lists(
        st.sampled_from(["en", "es", "no", "No", "NO", "zh-Hant", "EN"]), max_size=3
    ),
    "access": st.lists(st.sampled_from(["wheelchair", "asl", "Wheelchair accessible"]), max_size=2),
}
booleans_text = st.sampled_from([True, False, "true", "false", "yes", "no", "True", "FALSE"])


def repeat_words(hostile: st.SearchStrategy, percent: int) -> st.SearchStrategy:
    return optional_dict(
        {
            "every": st.sampled_from(["day", "week", "month", "year", "weekly", "fortnight"]),
            "interval": st.one_of(st.integers(1, 3), st.sampled_from(["2", "0", "-1", "1.5"])),
            "on": st.one_of(
                st.lists(
                    st.sampled_from(
                        WEEKDAY_NAMES
                        + [
                            "wed",
                            "Wednesdays",
                            "1",
                            "15",
                            "31",
                            "32",
                            "last day",
                            "first tuesday",
                            "last friday",
                            "fifth monday",
                            "sixth sunday",
                        ]
                    ),
                    max_size=3,
                ),
                st.sampled_from(WEEKDAY_NAMES),
            ),
            "until": st.one_of(date_texts, st.sampled_from(HOSTILE_DATES[:20])),
            "count": st.one_of(st.integers(1, 30), st.sampled_from(["0", "12", "999999999"])),
            "except": st.lists(date_texts, max_size=3),
            "also": st.lists(date_texts, max_size=3),
            "rrule": st.sampled_from(RRULES_VALID + RRULES_HOSTILE),
        },
        hostile,
        percent,
    )


def change(hostile: st.SearchStrategy, percent: int) -> st.SearchStrategy:
    return optional_dict(
        {
            "start": st.one_of(clock_texts, datetime_texts, date_texts),
            "end": st.one_of(clock_texts, datetime_texts, date_texts),
            "status": st.sampled_from(["cancelled", "scheduled", "postponed", "Cancelled"]),
            "note": titles,
            "location": slugs,
            "room": titles,
            "time": clock_texts,  # not a key a change accepts
        },
        hostile,
        percent,
    )


@functools.cache
def event_values(percent: int) -> dict[str, st.SearchStrategy]:
    near = hostile_value_near
    return {
        "title": pick(titles, hostile_value, percent),
        "summary": pick(titles, hostile_value, percent),
        "start": pick(
            st.one_of(datetime_texts, date_texts),
            st.sampled_from(HOSTILE_DATES) | hostile_value,
            percent,
        ),
        "end": pick(
            st.one_of(clock_texts, datetime_texts, date_texts),
            st.sampled_from(HOSTILE_TIMES + HOSTILE_DATES) | hostile_value,
            percent,
        ),
        "timezone": pick(
            st.sampled_from(ZONES_VALID), st.sampled_from(ZONES_HOSTILE) | hostile_value, percent
        ),
        "repeat": pick(repeat_words(near, percent), near, percent),
        "occurrences": pick(
            st.dictionaries(
                st.one_of(date_texts, st.sampled_from(HOSTILE_DATES[:12])),
                change(near, percent),
                max_size=3,
            ),
            near,
            percent,
        ),
        "status": pick(
            st.sampled_from(["scheduled", "cancelled", "postponed"]), hostile_value, percent
        ),
        "status_note": pick(titles, hostile_value, percent),
        "rescheduled_from": pick(st.one_of(datetime_texts, date_texts), hostile_value, percent),
        "location": pick(
            st.one_of(
                slugs,
                optional_dict(
                    {"name": titles, "address": titles, "geo": geos, "room": titles},
                    hostile_value,
                    percent,
                ),
            ),
            hostile_value,
            percent,
        ),
        "room": pick(titles, hostile_value, percent),
        "online": pick(web_addresses, hostile_value, percent),
        "partners": pick(
            st.lists(
                st.one_of(
                    slugs,
                    optional_dict(
                        {
                            "partner": slugs,
                            "role": st.sampled_from(["host", "co-host", "sponsor", "Host", "chef"]),
                        },
                        hostile_value,
                        percent,
                    ),
                ),
                max_size=3,
            ),
            hostile_value,
            percent,
        ),
        **{key: pick(strategy, hostile_value, percent) for key, strategy in vocab_lists.items()},
        "accessibility": pick(titles, hostile_value, percent),
        "cost": pick(st.sampled_from(["Free", "$5", "€5 / 3 £"]), hostile_value, percent),
        "registration": pick(
            st.one_of(web_addresses, st.just("mailto:a@b.org")), hostile_value, percent
        ),
        "registration_required": pick(booleans_text, hostile_value, percent),
        "contact": pick(
            optional_dict(
                {"name": titles, "email": emails, "phone": st.just("555-0100")},
                hostile_value,
                percent,
            ),
            hostile_value,
            percent,
        ),
        "image": pick(
            st.sampled_from(["media/teens.jpg", "media/missing.jpg"]), hostile_value, percent
        ),
        "image_alt": pick(titles, hostile_value, percent),
        "draft": pick(booleans_text, hostile_value, percent),
        "uid": pick(
            st.sampled_from(["teen-tech-drop-in@riverside", "teen-tech@example.org", "x"]),
            hostile_value,
            percent,
        ),
        "extra": pick(
            st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
            hostile_value,
            percent,
        ),
    }


UNKNOWN_KEYS = [
    "strat",
    "every",
    "on",
    "until",
    "rrule",
    "Title",
    "title ",
    "TITLE",
    "tittle",
    "extra_data",
    "<script>",
    "",
    "1",
    "yes",
    "null",
    "a\nb",
    "a: b",
    "über",
    "-",
    "locaton",
    "partner",
    "audience",
    "image-alt",
    "?",
]


@st.composite
def hostile_structure(draw, values: dict[str, st.SearchStrategy], required: list[str]):
    keys = [key for key in required if draw(st.integers(0, 9)) > 0]
    keys += draw(st.lists(st.sampled_from(sorted(values)), unique=True, max_size=8))
    data = {key: draw(values[key]) for key in dict.fromkeys(keys)}
    for key in draw(st.lists(st.sampled_from(UNKNOWN_KEYS), unique=True, max_size=2)):
        data.setdefault(key, draw(hostile_value))
    return data


@functools.cache
def partner_values(percent: int) -> dict[str, st.SearchStrategy]:
    return {
        "name": pick(titles, hostile_value, percent),
        "kind": pick(
            st.sampled_from(["nonprofit", "school", "community-group", "Nonprofit", "ngo"]),
            hostile_value,
            percent,
        ),
        "summary": pick(titles, hostile_value, percent),
        "website": pick(web_addresses, hostile_value, percent),
        "email": pick(emails, hostile_value, percent),
        "phone": pick(st.just("555-0100"), hostile_value, percent),
        "address": pick(titles, hostile_value, percent),
        "geo": pick(geos, hostile_value, percent),
        "private_address": pick(booleans_text, hostile_value, percent),
        "logo": pick(st.just("media/teens.jpg"), hostile_value, percent),
        "logo_alt": pick(titles, hostile_value, percent),
        "audiences": pick(vocab_lists["audiences"], hostile_value, percent),
        "offers": pick(st.lists(titles, max_size=3), hostile_value, percent),
        "languages": pick(vocab_lists["languages"], hostile_value, percent),
        "neighborhoods": pick(st.lists(titles, max_size=2), hostile_value, percent),
        "since": pick(date_texts, st.sampled_from(HOSTILE_DATES) | hostile_value, percent),
        "verified": pick(date_texts, st.sampled_from(HOSTILE_DATES) | hostile_value, percent),
        "feed": pick(
            st.sampled_from(["https://youthhaven.example/events.ics", "webcal://x.org/a.ics"]),
            hostile_value,
            percent,
        ),
        "draft": pick(booleans_text, hostile_value, percent),
        "extra": pick(
            st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
            hostile_value,
            percent,
        ),
    }


@functools.cache
def venue_values(percent: int) -> dict[str, st.SearchStrategy]:
    return {
        "name": pick(titles, hostile_value, percent),
        "address": pick(titles, hostile_value, percent),
        "geo": pick(geos, hostile_value, percent),
        "hours": pick(st.just("Mon-Thu 9-8, Fri-Sat 9-5"), hostile_value, percent),
        "access": pick(vocab_lists["access"], hostile_value, percent),
        "accessibility": pick(titles, hostile_value, percent),
        "website": pick(web_addresses, hostile_value, percent),
        "phone": pick(st.just("555-0100"), hostile_value, percent),
        "image": pick(st.just("media/teens.jpg"), hostile_value, percent),
        "image_alt": pick(titles, hostile_value, percent),
        "extra": pick(
            st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
            hostile_value,
            percent,
        ),
    }


# --------------------------------------------------------------------------------------------
# Writing YAML and TOML text, and damaging it
# --------------------------------------------------------------------------------------------


def dumped(value) -> str:
    """yaml.safe_dump of one scalar, as it would appear after 'key: '."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10**9)
    return text.removesuffix("\n...\n").removesuffix("\n")


def yaml_scalar(draw, value, key: bool = False) -> str:
    if isinstance(value, str):
        style = draw(st.sampled_from(["plain", "plain", "single", "double", "dump"]))
        if style == "plain" and not LINE_BREAK.search(value):
            return value  # YAML 1.1 traps stay unquoted, as staff type them
        if style == "single" and not LINE_BREAK.search(value):
            return "'" + value.replace("'", "''") + "'"
        if style == "dump" and not LINE_BREAK.search(value) and not key:
            return dumped(value)
        return json.dumps(value, ensure_ascii=draw(st.booleans()))
    if value is None:
        return draw(st.sampled_from(["", "~", "null"]))
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return dumped(value)  # bools, numbers, dates as YAML writes them


def yaml_flow(draw, value) -> str:
    if isinstance(value, dict):
        items = [
            f"{yaml_scalar(draw, str(k), key=True)}: {yaml_flow(draw, v)}" for k, v in value.items()
        ]
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(draw, item) for item in value) + "]"
    return yaml_scalar(draw, value)


def yaml_block(draw, value, indent: int = 0) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines = []
        for key, item in value.items():
            shown = yaml_scalar(draw, str(key), key=True)
            if isinstance(item, (dict, list)) and item and draw(st.integers(0, 3)) > 0:
                lines.append(f"{pad}{shown}:")
                lines += yaml_block(draw, item, indent + draw(st.sampled_from([2, 2, 4])))
            else:
                lines.append(f"{pad}{shown}: {yaml_flow(draw, item)}")
        return lines
    if isinstance(value, list) and value:
        lines = []
        for item in value:
            if isinstance(item, dict) and item and draw(st.booleans()):
                nested = yaml_block(draw, item, indent + 2)
                lines.append(f"{pad}- {nested[0].lstrip()}")
                lines += nested[1:]
            else:
                lines.append(f"{pad}- {yaml_flow(draw, item)}")
        return lines
    return [pad + yaml_flow(draw, value)]


@st.composite
def front_matter_text(draw, data: dict) -> str:
    """`data` written as YAML by one of several writers, between '---' lines, with a body."""
    writer = draw(st.sampled_from(["block", "block", "safe_dump", "json"]))
    if writer == "block":
        text = "\n".join(yaml_block(draw, data)) if data else ""
    elif writer == "safe_dump":
        text = yaml.safe_dump(
            data,
            sort_keys=False,
            allow_unicode=draw(st.booleans()),
            default_flow_style=draw(st.sampled_from([False, None])),
            width=draw(st.sampled_from([40, 10**9])),
        )
    else:
        text = json.dumps(
            data,
            default=str,
            ensure_ascii=draw(st.booleans()),
            indent=draw(st.sampled_from([None, 2])),
        )
    body = draw(
        st.sampled_from(["", "Markdown body.\n", "---\nnot: front-matter\n---\n"]) | short_text
    )
    return "---\n" + text.rstrip("\n") + "\n---\n" + body


ODD_CHARACTERS = [
    "\x00",
    "\t",
    "\r",
    "\n",
    "\x0b",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u202e",
    "\ud7ff",
    "\U0001f600",
    "'",
    '"',
    ":",
    "#",
    "&",
    "*",
    "%",
]
ODD_LINES = [
    "every: week",
    "  on: [monday]",
    "title:",
    "- x",
    "? complex",
    "<<: *a",
    "key: [unclosed",
    "key: 'unclosed",
    'key: "bad \\q escape"',
    "  - 2027-02-30",
    ":",
    "a: b: c",
    "...",
    "%YAML 1.1",
    "--- !tag",
    "title: &a Story",
    "summary: *a",
    "summary: *missing",
    "start: !!timestamp 2026-12-02",
    "extra: !!set {a, b}",
    "---",
    "--- ",
    "----",
    "#---",
    "title: |",
    "  block text",
    "cost: >-",
    "\ttitle: tabbed",
    "title:\tTab Value",
    "[a, b]: 1",
    "{a: 1}: 2",
    "? [x]\n: y",
    "&anchor",
    "*alias",
]
MUTATIONS = [
    "tab_indent",
    "tab_inside",
    "drop_closing_fence",
    "drop_opening_fence",
    "duplicate_line",
    "delete_line",
    "swap_lines",
    "indent",
    "dedent",
    "blank_before",
    "insert_character",
    "truncate",
    "bom",
    "crlf",
    "cr",
    "anchor_alias",
    "insert_line",
    "fence_variant",
    "comment",
]


def mutate(text: str, operations: list[tuple[str, int, str, str]]) -> str:
    for operation, n, character, line in operations:
        lines = text.split("\n")
        i = n % len(lines)
        if operation == "tab_indent":
            lines[i] = "\t" + lines[i]
        elif operation == "tab_inside":
            cut = n % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + "\t" + lines[i][cut:]
        elif operation == "drop_closing_fence" and "---" in lines[1:]:
            del lines[lines.index("---", 1)]
        elif operation == "drop_opening_fence" and lines[0] == "---":
            del lines[0]
        elif operation == "duplicate_line":
            lines.insert(i, lines[i])
        elif operation == "delete_line" and len(lines) > 1:
            del lines[i]
        elif operation == "swap_lines":
            j = (n // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "indent":
            lines[i] = " " * (n % 5 + 1) + lines[i]
        elif operation == "dedent":
            lines[i] = lines[i].lstrip()
        elif operation == "blank_before":
            lines = [""] * (n % 3 + 1) + lines
        elif operation == "insert_line":
            lines.insert(max(1, i), line)
        elif operation == "fence_variant" and "---" in lines:
            lines[lines.index("---")] = ["--- ", "---\t", "----", "...", "--- # x", " ---"][n % 6]
        elif operation == "comment":
            lines[i] += [" # comment", " #", "# not a comment"][n % 3]
        elif operation == "anchor_alias":
            pairs = [k for k, text in enumerate(lines) if re.match(r"\s*[\w-]+: \S", text)]
            if len(pairs) >= 2:
                first, second = pairs[n % len(pairs)], pairs[(n // 3) % len(pairs)]
                lines[first] = re.sub(r": ", ": &a ", lines[first], count=1)
                lines[second] = re.sub(r": .*", ": *a", lines[second], count=1)
        text = "\n".join(lines)
        if operation == "insert_character":
            cut = n % (len(text) + 1)
            text = text[:cut] + character + text[cut:]
        elif operation == "truncate":
            text = text[: n % (len(text) + 1)]
        elif operation == "bom":
            text = "\ufeff" + text
        elif operation == "crlf":
            text = text.replace("\n", "\r\n")
        elif operation == "cr":
            text = text.replace("\n", "\r")
    return text


mutations = st.lists(
    st.tuples(
        st.sampled_from(MUTATIONS),
        st.integers(0, 10**6),
        st.sampled_from(ODD_CHARACTERS),
        st.sampled_from(ODD_LINES),
    ),
    max_size=3,
)


@st.composite
def hostile_markdown(draw, values_for, required: list[str]) -> str:
    percent = draw(st.integers(0, 100))
    data = draw(hostile_structure(values_for(percent), required))
    return mutate(draw(front_matter_text(data)), draw(mutations))


class RawToml(str):
    """TOML text written as is (numbers too long for Python's int-to-str, odd literals)."""


def toml_key(draw, key: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_-]+", key) and draw(st.integers(0, 3)) > 0:
        return key
    return json.dumps(key, ensure_ascii=draw(st.booleans()))


def toml_value(draw, value) -> str:
    if isinstance(value, RawToml):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(repr(value), repr(value))
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if value is None:
        return '""'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(draw, item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{toml_key(draw, str(k))} = {toml_value(draw, v)}" for k, v in value.items()
            )
            + "}"
        )
    style = draw(st.sampled_from(["basic", "basic", "literal", "multiline"]))
    if style == "literal" and "'" not in value and not LINE_BREAK.search(value):
        return f"'{value}'"
    if style == "multiline" and '"""' not in value and "\\" not in value:
        return f'"""{value}"""'
    return json.dumps(value, ensure_ascii=draw(st.booleans()))


@st.composite
def toml_text(draw, data: dict) -> str:
    lines, tables = [], []
    for key, value in data.items():
        if isinstance(value, dict) and draw(st.integers(0, 3)) > 0:
            tables.append((key, value))
        else:
            lines.append(f"{toml_key(draw, key)} = {toml_value(draw, value)}")
    for key, table in tables:
        lines.append(f"\n[{toml_key(draw, key)}]")
        lines += [f"{toml_key(draw, str(k))} = {toml_value(draw, v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


hostile_toml_value = st.one_of(
    hostile_scalar.filter(lambda value: not (isinstance(value, int) and abs(value) > 10**300)),
    st.sampled_from(
        [
            RawToml("1" + "0" * 5_000),
            RawToml("0x1F"),
            RawToml("1_000"),
            RawToml("+inf"),
            RawToml("1979-05-27T07:32:00-08:00"),
            RawToml("07:32:00"),
            RawToml("[[1], [2]]"),
            RawToml("{}"),
            RawToml("[]"),
            RawToml("'''a\nb'''"),
            RawToml("9" * 30),
            RawToml("-1"),
            RawToml("1e400"),
        ]
    ),
    st.lists(
        hostile_scalar.filter(lambda v: not (isinstance(v, int) and abs(v) > 10**300)), max_size=3
    ),
)


def vocabulary_table(keys: list[str], percent: int) -> st.SearchStrategy:
    return pick(
        st.dictionaries(
            st.one_of(st.sampled_from(keys), short_text),
            pick(titles, hostile_toml_value, percent),
            max_size=4,
        ),
        hostile_toml_value,
        percent,
    )


@st.composite
def hostile_site_settings(draw) -> str:
    percent = draw(st.integers(0, 100))
    values = {
        "title": pick(titles, hostile_toml_value, percent),
        "base_url": pick(
            st.sampled_from(
                ["https://example.org/hub/", "https://example.org", "http://localhost:8000/"]
            ),
            hostile_toml_value,
            percent,
        ),
        "timezone": pick(
            st.sampled_from(ZONES_VALID),
            st.sampled_from(ZONES_HOSTILE) | hostile_toml_value,
            percent,
        ),
        "description": pick(titles, hostile_toml_value, percent),
        "library": pick(titles, hostile_toml_value, percent),
        "language": pick(
            st.sampled_from(["en", "es", "zh-Hant", "EN"]), hostile_toml_value, percent
        ),
        "repository": pick(web_addresses, hostile_toml_value, percent),
        "branch": pick(st.just("main"), hostile_toml_value, percent),
        "default_duration": pick(
            st.sampled_from(["1h", "90m", "1h30m", "2 hours", "45 minutes"]),
            st.sampled_from(
                ["0h", "0m", "-1h", "1.5h", "h", "99999999999999h", "2400000000m", "1d", ""]
            )
            | hostile_toml_value,
            percent,
        ),
        "horizon_months": pick(st.integers(1, 24), hostile_toml_value, percent),
        "feed_past_days": pick(st.integers(0, 90), hostile_toml_value, percent),
        "verify_every_months": pick(st.integers(1, 24), hostile_toml_value, percent),
        "logo": pick(st.just("media/teens.jpg"), hostile_toml_value, percent),
        "logo_alt": pick(titles, hostile_toml_value, percent),
        "accent_color": pick(
            st.sampled_from(["#0b5394", "#000", "#FFFFFF", "#ffff00", "#12345", "0b5394", "red"]),
            hostile_toml_value,
            percent,
        ),
        "audiences": vocabulary_table(["kids", "teens", "Teens", "teen age", "no", ""], percent),
        "categories": vocabulary_table(["technology", "tech-101", "Tech!"], percent),
        "languages": vocabulary_table(
            ["en", "es", "no", "zh-Hant", "e", "english", "en_US"], percent
        ),
        "access": vocabulary_table(["wheelchair", "asl", "ASL"], percent),
    }
    data = draw(hostile_structure(values, ["title", "base_url", "timezone"]))
    return mutate(draw(toml_text(data)), draw(mutations))


TOML_FRAGMENTS = [
    'title = "Hub"',
    'base_url = "https://example.org/"',
    'timezone = "UTC"',
    "[audiences]",
    "[[audiences]]",
    "[audiences.kids]",
    'kids = "Kids"',
    "kids =",
    '"""',
    "'''",
    "a.b.c = 1",
    "= 1",
    "key = [1, 2",
    "key = {a = 1",
    'x = """a\nb"""',
    "title = 'single'",
    "timezone = ['UTC']",
    "title = 1979-05-27",
    "[",
    "]",
    "#",
    "title = true",
    'title = "\\q"',
    "title = inf",
    '\ttitle = "tab"',
    'é = "x"',
    "horizon_months = 1_2",
    "horizon_months = 0x10",
    'default_duration = "99999999999999h"',
]


random_toml = st.builds(
    mutate,
    st.lists(st.one_of(st.sampled_from(TOML_FRAGMENTS), short_text), max_size=12).map("\n".join),
    mutations,
)
random_text = st.one_of(
    st.text(st.one_of(any_character, awkward_character), max_size=200),
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "---\n",
                    "\n",
                    "title: ",
                    "start: ",
                    "  - ",
                    ": ",
                    "{",
                    "[",
                    "'",
                    '"',
                    "&a ",
                    "*a",
                    "\t",
                    "\r\n",
                    "\x00",
                    "\u2028",
                ]
            ),
            short_text,
        ),
        max_size=40,
    ).map("".join),
    st.builds(lambda head, body: f"---\n{head}\n---\n{body}", short_text, short_text),
    st.builds(lambda head: f"---\n{head}", st.text(max_size=100)),
)


# --------------------------------------------------------------------------------------------
# The properties, over each kind of hostile input
# --------------------------------------------------------------------------------------------

HOSTILE_FILES = st.sampled_from([EVENT_FILE, PARTNER_FILE, VENUE_FILE, SITE_FILE])


@hostile_settings(150)
@given(name=HOSTILE_FILES, text=st.one_of(random_text, random_toml))
def test_random_text_never_crashes_and_every_problem_has_a_place(name, text):
    check_hub({name: text}, github=True)


@hostile_settings(80)
@given(
    name=HOSTILE_FILES,
    data=st.one_of(
        st.binary(max_size=200),
        st.builds(
            lambda text, at, bad: text.encode()[:at] + bad + text.encode()[at:],
            st.sampled_from(
                [
                    "---\ntitle: Café\nstart: 2026-12-02\nonline: https://a.org\n---\n",
                    'title = "Hub"\nbase_url = "https://example.org/"\ntimezone = "UTC"\n',
                ]
            ),
            st.integers(0, 80),
            st.sampled_from(
                [
                    b"\xff",
                    b"\xc3",
                    b"\xc3(",
                    b"\xed\xa0\x80",
                    b"\xc0\xaf",
                    b"\xf8\x88",
                    b"\xf4\x90\x80\x80",
                    b"\x00",
                    b"\r",
                ]
            ),
        ),
        st.sampled_from(
            [
                "---\ntitle: Caf\xe9\n---\n".encode("latin-1"),
                "---\ntitle: Café\n---\n".encode("utf-16"),
                "title = 'Café'\n".encode("utf-16-le"),
                b"\xef\xbb\xbf\xef\xbb\xbf---\n---\n",
            ]
        ),
    ),
)
def test_random_bytes_never_crash(name, data):
    check_hub({name: data})


@hostile_settings(250)
@given(text=hostile_markdown(event_values, ["title", "start", "location"]))
def test_hostile_event_front_matter(text):
    check_hub({EVENT_FILE: text}, github=True)


@hostile_settings(120)
@given(
    partner=hostile_markdown(partner_values, ["name", "kind"]),
    venue=hostile_markdown(venue_values, ["name", "address"]),
    which=st.sampled_from(["partner", "venue", "both"]),
)
def test_hostile_partner_and_venue_front_matter(partner, venue, which):
    files = {
        "partner": {PARTNER_FILE: partner},
        "venue": {VENUE_FILE: venue},
        "both": {PARTNER_FILE: partner, VENUE_FILE: venue},
    }[which]
    check_hub(files)


@hostile_settings(150)
@given(text=st.one_of(hostile_site_settings(), random_toml))
def test_hostile_site_toml(text):
    check_hub({SITE_FILE: text})


# Plausible series: consistent enough that most are accepted, so that property 4 gets exercised
# on time zones with odd daylight-saving rules, gaps, folds, moved and cancelled dates.


@st.composite
def plausible_event(draw) -> str:
    day = draw(near_days)
    all_day = draw(st.booleans())
    clock = draw(
        st.one_of(
            st.times().map(lambda t: t.replace(second=0, microsecond=0)),
            st.sampled_from([time(2, 30), time(1, 30), time(0, 0), time(23, 30)]),
        )
    )
    start = datetime.combine(day, time() if all_day else clock)
    data: dict = {"title": draw(titles), "start": str(day) if all_day else f"{day} {clock:%H:%M}"}
    data.update(
        draw(
            st.sampled_from(
                [
                    {"location": "central"},
                    {"online": "https://a.org/x"},
                    {"location": {"name": "Hall", "geo": [41.8, -87.8]}},
                    {"location": "youth-haven", "room": "Room 2"},
                ]
            )
        )
    )
    if draw(st.booleans()):
        data["timezone"] = draw(st.sampled_from(ZONES_VALID))
    length = draw(st.sampled_from([None, 0, 1, 2, 30, 90, 24 * 60, 3 * 24 * 60 + 7]))
    if length is not None:
        if all_day:
            data["end"] = str(day + timedelta(days=length % 4))
        else:
            finish = start + timedelta(minutes=length)
            data["end"] = (
                f"{finish:%H:%M}"
                if finish.date() == day and draw(st.booleans())
                else f"{finish:%Y-%m-%d %H:%M}"
            )
    if draw(st.integers(0, 3)) > 0:
        data["repeat"], series = draw(plausible_repeat(start))
        if series:
            data["occurrences"] = draw(plausible_changes(series, all_day))
    for key in draw(
        st.lists(
            st.sampled_from(
                [
                    "partners",
                    "audiences",
                    "languages",
                    "access",
                    "status",
                    "draft",
                    "image",
                    "uid",
                    "contact",
                ]
            ),
            unique=True,
            max_size=4,
        )
    ):
        data[key] = draw(
            {
                "partners": st.just(["youth-haven"]),
                "audiences": st.just(["teens"]),
                "languages": st.just(["no", "es"]),
                "access": st.just(["wheelchair"]),
                "status": st.sampled_from(["cancelled", "postponed"]),
                "draft": st.sampled_from(["true", "false"]),
                "image": st.just("media/teens.jpg"),
                "uid": st.just("pinned@example.org"),
                "contact": st.just({"email": "a@b.org"}),
            }[key]
        )
    if "image" in data:
        data["image_alt"] = "Two teens at a laptop"
    if draw(st.integers(0, 9)) == 0:  # now and then, one hostile value
        data[draw(st.sampled_from(sorted(data)))] = draw(hostile_value_near)
    damage = draw(mutations) if draw(st.integers(0, 9)) == 0 else []
    return mutate(draw(front_matter_text(data)), damage)


@st.composite
def plausible_repeat(draw, start: datetime) -> tuple[dict, list[datetime]]:
    every = draw(st.sampled_from(["day", "week", "month", "year"]))
    interval = draw(st.sampled_from([1, 1, 2, 3]))
    freq = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}[every]
    parts, on = [f"FREQ={freq}"], None
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    weekday = start.weekday()
    if every == "week":
        days = sorted({weekday, *draw(st.lists(st.integers(0, 6), max_size=2))})
        on = [WEEKDAY_NAMES[d] for d in days]
        parts.append("BYDAY=" + ",".join(RRULE_DAYS[d] for d in days))
    elif every == "month":
        week = (start.day - 1) // 7
        last_week = (start + timedelta(days=7)).month != start.month
        choice = draw(st.sampled_from(["number", "ordinal"] + (["last"] if last_week else [])))
        byday = RRULE_DAYS[weekday]
        if choice == "number":
            on, rule_part = [str(start.day)], f"BYMONTHDAY={start.day}"
        elif choice == "ordinal":
            on = [f"{ORDINAL_NAMES[week]} {WEEKDAY_NAMES[weekday]}"]
            rule_part = f"BYDAY={week + 1}{byday}"
        else:
            on, rule_part = [f"last {WEEKDAY_NAMES[weekday]}"], f"BYDAY=-1{byday}"
        parts.append(rule_part)
    end = draw(st.sampled_from(["until", "count", "open"]))
    repeat: dict = {}
    if end == "until":
        repeat["until"] = str(start.date() + timedelta(days=draw(st.integers(0, 400))))
        parts.append(f"UNTIL={repeat['until'].replace('-', '')}")
    elif end == "count":
        repeat["count"] = draw(st.integers(1, 40))
        parts.append(f"COUNT={repeat['count']}")
    if draw(st.booleans()):
        repeat["rrule"] = ";".join(parts)
        repeat.pop("until", None), repeat.pop("count", None)
    else:
        repeat = {
            "every": every,
            **({"interval": interval} if interval != 1 else {}),
            **({"on": on} if on else {}),
            **repeat,
        }
    rule = ";".join(parts)
    try:
        series = list(rrulestr(rule, dtstart=start).xafter(start, count=40, inc=True))
    except (ValueError, OverflowError):
        series = []
    if series and draw(st.booleans()):
        excepted = draw(st.lists(st.sampled_from(series), max_size=3, unique=True))
        repeat["except"] = [str(moment.date()) for moment in excepted]
    if series and draw(st.booleans()):
        taken = {d.date() for d in series}
        offsets = draw(st.lists(st.integers(1, 60), max_size=2))
        extra = [start.date() + timedelta(days=k) for k in offsets]
        repeat["also"] = sorted({str(d) for d in extra if d not in taken})
    excepted = set(repeat.get("except", []))
    return repeat, [d for d in series if str(d.date()) not in excepted]


@st.composite
def plausible_changes(draw, series: list[datetime], all_day: bool) -> dict:
    changes = {}
    for moment in draw(st.lists(st.sampled_from(series), max_size=3, unique=True)):
        new: dict = {}
        if draw(st.booleans()):
            new["status"] = "cancelled"
            new["note"] = "Closed for the holiday"
        if draw(st.booleans()):
            new["start"] = (
                str(moment.date() + timedelta(days=draw(st.integers(0, 2))))
                if all_day
                else draw(st.sampled_from(["16:00", "02:30", "01:30", "00:00", "23:59"]))
            )
        if draw(st.booleans()):
            new["end"] = (
                str(moment.date() + timedelta(days=draw(st.integers(0, 3))))
                if all_day
                else draw(
                    st.sampled_from(
                        ["18:00", "03:30", "23:59", f"{moment.date() + timedelta(days=1)} 01:00"]
                    )
                )
            )
        if draw(st.booleans()):
            new["location"] = draw(st.sampled_from(["central", "youth-haven"]))
        changes[str(moment.date())] = new or {"note": "Same as ever"}
    return changes


@hostile_settings(200)
@given(text=plausible_event())
def test_accepted_events_expand_over_a_year(text):
    check_hub({EVENT_FILE: text})


# Exact line numbers: an unknown key is reported on its own line, however the lines around it are
# written (comments, blank lines, block and quoted multi-line values, CRLF or CR line endings, BOM).

FILLER = [
    ["# a comment"],
    [""],
    ["summary: |", "  Line one.", "", "  Line three."],
    ["accessibility: >-", "  Folded", "  text."],
    ["cost: 'multi", "  line'"],
    ['status_note: "two\\nlines"'],
    ["extra:", "  a: 1", "  b: [1,", "    2]", "  c:", "    - x"],
    ["room: Teen Center  # trailing comment"],
    ["audiences:", "  - teens", "  # inside"],
    ["languages: [no,", "  es]"],
    ["image_alt: 'It''s a ''quote'''"],
    ["   "],
    ["contact: {email: a@b.org,", "  phone: 555-0100}"],
]


@hostile_settings(80)
@given(
    filler=st.lists(st.sampled_from(range(len(FILLER))), unique=True, max_size=6),
    position=st.integers(0, 10),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
    body=st.sampled_from(["", "Body\n\nmore\n"]),
)
def test_unknown_key_is_reported_on_its_own_line(filler, position, newline, bom, body):
    blocks = [["title: X"], ["start: 2026-12-02 15:30"], ["location: central"]]
    blocks += [FILLER[i] for i in filler]
    blocks.insert(position % (len(blocks) + 1), ["zzz: 1"])
    lines = [line for block in blocks for line in block]
    text = ("\ufeff" if bom else "") + newline.join(["---", *lines, "---", body])
    checked = check_hub({EVENT_FILE: text}, tolerate_known=False)
    expected = lines.index("zzz: 1") + 2
    found = [p.line for p in checked.loaded.problems if p.message.startswith("unknown key 'zzz'")]
    assert found == [expected], checked.stdout


TOML_FILLER = [
    ["# a comment"],
    [""],
    ['description = "a # not a comment = x"'],
    ["library = 'Riverside = Library'"],
    ['repository = "https://example.org/x"  # c'],
    ['branch = """main"""'],
    ['logo_alt = """', "Multi", "line", '"""'],
    ["horizon_months = 6"],
    ['"language" = "en"'],
    ["  feed_past_days   =   30"],
    ['default_duration = "1h"'],
    ["accent_color = '#0b5394'"],
]
TOML_TABLES = [
    ["[audiences]", 'kids = "Kids"'],
    ["[ categories ]", "technology = 'Tech'"],
    ['["languages"]', 'en = "English"', '"es" = "Español"'],
]


@hostile_settings(60)
@given(
    filler=st.lists(st.sampled_from(range(len(TOML_FILLER))), unique=True, max_size=6),
    tables=st.lists(st.sampled_from(range(len(TOML_TABLES))), unique=True, max_size=3),
    position=st.integers(0, 20),
    key=st.sampled_from(["zzz", '"zzz"', "'zzz'", "  zzz"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_unknown_setting_is_reported_on_its_own_line(filler, tables, position, key, newline):
    blocks = [['title = "Hub"'], ['base_url = "https://example.org/"'], ['timezone = "UTC"']]
    blocks += [TOML_FILLER[i] for i in filler]
    blocks.insert(position % (len(blocks) + 1), [f"{key} = 1"])  # before any [table]
    blocks += [TOML_TABLES[i] for i in tables]
    lines = [line for block in blocks for line in block]
    checked = check_hub({SITE_FILE: newline.join(lines) + newline}, tolerate_known=False)
    expected = lines.index(f"{key} = 1") + 1
    found = [p.line for p in checked.loaded.problems if p.message.startswith("unknown key 'zzz'")]
    assert found == [expected], checked.stdout


@hostile_settings(60)
@given(
    lines=st.lists(
        st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20),
        min_size=1,
        max_size=8,
    ),
    at=st.integers(0, 100),
    newline=st.sampled_from(["\n", "\r\n"]),
    bad=st.sampled_from([b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\xc0\xaf", b"\xfe"]),
)
def test_a_byte_that_is_not_utf8_is_reported_on_its_line(lines, at, newline, bad):
    rows = ["---", *lines, "---", "Body"]
    row = at % len(rows)
    data = newline.encode().join(
        line.encode() + (bad if i == row else b"") for i, line in enumerate(rows)
    )
    checked = check_hub({EVENT_FILE: data}, tolerate_known=False)
    found = [p.line for p in checked.loaded.problems if p.src_path == f"content/{EVENT_FILE}"]
    assert found == [row + 1], checked.stdout


# --------------------------------------------------------------------------------------------
# Regression tests for the bugs found (KNOWN_BUGS). Each is the minimal input hypothesis found or
# a hand-reduced one; each fails today and must pass once the generator is fixed.
# --------------------------------------------------------------------------------------------


def event_file(*lines: str) -> str:
    return "\n".join(["---", "title: X", *lines, "---", ""])


def strict_check(files: dict[str, str | bytes]) -> Checked:
    return check_hub(files, tolerate_known=False)


@pytest.mark.parametrize(
    "files",
    [
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02 15:30", "online: https://a.org", "timezone: [America/Chicago]"
            )
        },
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02 15:30", "online: https://a.org", "timezone: {name: UTC}"
            )
        },
        {SITE_FILE: 'title = "T"\nbase_url = "https://a.org/"\ntimezone = ["UTC"]\n'},
    ],
    ids=["event-list", "event-mapping", "site-toml-list"],
)
def test_regression_timezone_that_is_not_a_scalar(files):
    checked = strict_check(files)
    assert checked.code == 1


@pytest.mark.parametrize(
    "line",
    [
        "start: 0000-01-01",
        "start: 9999-12-32",
        "start: 2026-12-02\nrepeat: {every: day, until: 0000-05-01}",
    ],
    ids=["year-0", "past-9999", "until-year-0"],
)
def test_regression_date_outside_the_calendar(line):
    checked = strict_check({EVENT_FILE: event_file(line, "online: https://a.org")})
    assert checked.code == 1


@pytest.mark.parametrize(
    "lines",
    [
        ("start: 9999-12-31 23:30",),
        ("start: 0001-01-01 00:30", "timezone: Asia/Tokyo"),
        ("start: 9999-12-31 23:30", "timezone: UTC"),
    ],
    ids=["9999-chicago", "0001-tokyo", "9999-default-end"],
)
def test_regression_time_at_the_edge_of_the_calendar(lines):
    checked = strict_check({EVENT_FILE: event_file(*lines, "online: https://a.org")})
    assert checked.code == 1


def test_regression_all_day_event_on_the_last_day_expands():
    checked = strict_check({EVENT_FILE: event_file("start: 9999-12-31", "online: https://a.org")})
    assert checked.code == 1 or hostile_event(checked.with_drafts) is None


def test_regression_huge_default_duration():
    checked = strict_check(
        {
            SITE_FILE: 'title = "T"\nbase_url = "https://a.org/"\n'
            'timezone = "UTC"\ndefault_duration = "99999999999999h"\n'
        }
    )
    assert checked.code == 1


@pytest.mark.parametrize(
    "files",
    [
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02 15:30",
                "online: https://a.org",
                "repeat: {every: day, count: " + "9" * 5000 + "}",
            )
        },
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02 15:30",
                "online: https://a.org",
                "repeat: {rrule: 'FREQ=DAILY;COUNT=" + "9" * 5000 + "'}",
            )
        },
        {
            SITE_FILE: 'title = "T"\nbase_url = "https://a.org/"\ntimezone = "UTC"\n'
            "horizon_months = " + "9" * 5000 + "\n"
        },
    ],
    ids=["repeat-count", "rrule-count", "site-toml-number"],
)
def test_regression_number_with_thousands_of_digits(files):
    checked = strict_check(files)
    assert checked.code == 1


# Found at commit a3abfe3 (ValueError in recurrence.describe, which read 'MO(+' as an ordinal);
# fixed in af66b2a while these tests were written. Kept as a plain regression test.
@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYDAY=MO(+1)", "FREQ=MONTHLY;BYDAY=MO(1)"])
def test_regression_rrule_byday_in_parentheses(rule):
    checked = strict_check(
        {
            EVENT_FILE: event_file(
                "start: 2026-12-07 15:30", "online: https://a.org", f"repeat: {{rrule: '{rule}'}}"
            )
        }
    )
    assert checked.code in (0, 1)


def test_regression_change_on_a_series_date_inside_a_dst_gap():
    checked = strict_check(
        {
            EVENT_FILE: event_file(
                "start: 2027-03-07 02:30",
                "online: https://a.org",
                "repeat: {every: week}",
                "occurrences:",
                "  2027-03-14: {end: '04:00'}",
            )
        }
    )
    # 02:30 does not exist on 2027-03-14: that session starts at 03:30 CDT (RFC 5545 moves a time
    # in the gap forward by the gap) and the changed end, 04:00, still comes after it.
    assert checked.code == 0, checked.stdout
    from zoneinfo import ZoneInfo

    from generator.content.recurrence import expand

    chicago = ZoneInfo("America/Chicago")
    event_ = next(iter(checked.loaded.index.events.values()))
    day = [
        o
        for o in expand(
            event_, datetime(2027, 3, 14, tzinfo=chicago), datetime(2027, 3, 15, tzinfo=chicago)
        )
    ]
    assert [(o.starts_at.isoformat(), o.ends_at.isoformat()) for o in day] == [
        ("2027-03-14T03:30:00-05:00", "2027-03-14T04:00:00-05:00")
    ]


@pytest.mark.parametrize(
    "files",
    [
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02", "online: https://a.org", "extra: " + "[" * 1000 + "]" * 1000
            )
        },
        {SITE_FILE: "x = " + "[" * 1000 + "]" * 1000 + "\n"},
    ],
    ids=["front-matter", "site-toml"],
)
def test_regression_deeply_nested_values(files):
    checked = strict_check(files)
    assert checked.code == 1


def usual_stack() -> None:
    """An 8 MiB C stack, Linux's usual default, so that the crash does not depend on the machine;
    and no core file."""
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    limit = 8 * 1024 * 1024
    resource.setrlimit(
        resource.RLIMIT_STACK, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard)
    )
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))


def test_regression_very_deeply_nested_front_matter_does_not_kill_the_process():
    with tempfile.TemporaryDirectory() as tmp:
        content = write_hub(
            Path(tmp),
            {
                EVENT_FILE: encode(
                    event_file(
                        "start: 2026-12-02",
                        "online: https://a.org",
                        "extra: " + "[" * 60_000 + "]" * 60_000,
                    )
                )
            },
        )
        run = subprocess.run(
            [sys.executable, "-m", "generator", "check", "--content", str(content)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=usual_stack,
        )
    assert run.returncode == 1 and "Traceback" not in run.stderr, (
        run.returncode,
        run.stderr[-500:],
    )


@pytest.mark.parametrize(
    "files",
    [
        {EVENT_FILE: event_file("start: 2026-12-02", "online: 'https://['")},
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02", "online: https://a.org", "registration: 'https://[x]'"
            )
        },
        {PARTNER_FILE: "---\nname: P\nwebsite: 'http://[::1'\n---\n"},
        {SITE_FILE: 'title = "T"\nbase_url = "https://["\ntimezone = "UTC"\n'},
    ],
    ids=["online", "registration", "partner-website", "site-base-url"],
)
def test_regression_web_address_with_a_broken_ipv6_host(files):
    checked = strict_check(files)
    assert checked.code == 1


def test_regression_timed_event_with_an_empty_end_is_reported():
    checked = strict_check(
        {EVENT_FILE: event_file("start: 2026-12-02 15:30", "location: central", "end: []")}
    )
    assert checked.code == 1 or hostile_event(checked.with_drafts) is not None


@pytest.mark.parametrize("line", ["location: []", "online: []"])
def test_regression_event_with_an_empty_place_is_reported(line):
    checked = strict_check({EVENT_FILE: event_file("start: 2026-12-02 15:30", line)})
    assert checked.code == 1, "accepted with no location and no online link"


@pytest.mark.parametrize("rrule", ["~", "[]"])
def test_regression_empty_rrule_is_reported(rrule):
    checked = strict_check(
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02 15:30", "online: https://a.org", f"repeat: {{rrule: {rrule}}}"
            )
        }
    )
    assert checked.code == 1, "the series was dropped without a message"


def test_regression_rrule_interval_zero_is_rejected():
    checked = strict_check(
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02 15:30",
                "online: https://a.org",
                "repeat: {rrule: 'FREQ=DAILY;INTERVAL=0'}",
            )
        }
    )
    assert checked.code == 1, "INTERVAL=0 was accepted"


def test_regression_rrule_negative_interval_is_rejected_or_expands():
    checked = strict_check(
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02 15:30",
                "online: https://a.org",
                "repeat: {rrule: 'FREQ=DAILY;INTERVAL=-1'}",
            )
        }
    )
    accepted = hostile_event(checked.with_drafts)
    if accepted is not None:
        assert_expands(accepted, tolerate_known=False)


def test_regression_control_character_is_reported_on_its_line_in_one_line():
    checked = strict_check(
        {EVENT_FILE: event_file("start: 2026-12-02", "online: https://a.org", "cost: a\x00b")}
    )
    problems = [str(p) for p in checked.loaded.problems]
    assert problems and all("\n" not in shown for shown in problems), problems
    assert checked.loaded.problems[0].line == 5, problems


@pytest.mark.parametrize(
    "files",
    [
        {EVENT_FILE: event_file("start: 2026-12-02", "online: https://a.org", '"a\\nb": 1')},
        {
            EVENT_FILE: event_file(
                "start: 2026-12-02", "online: https://a.org", 'audiences: ["te\\nens"]'
            )
        },
        {SITE_FILE: 'title = "T"\nbase_url = "https://a.org/"\ntimezone = "UTC"\n"a\\nb" = 1\n'},
    ],
    ids=["event-key", "vocabulary-word", "site-toml-key"],
)
def test_regression_every_problem_prints_on_one_line(files):
    checked = strict_check(files)
    assert checked.stdout.count("\n") == len(checked.loaded.problems), checked.stdout


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\x85"])
def test_regression_unicode_line_separators_are_refused_on_their_own_line(character):
    """libyaml counts U+0085, U+2028 and U+2029 as line breaks, which would shift every later
    line number; such a line is refused where it is instead."""
    text = event_file(
        f"summary: 'a{character}b{character}c{character}d'",
        "start: 2026-12-02",
        "online: https://a.org",
        "zzz: 1",
    )
    checked = strict_check({EVENT_FILE: text})
    line = text.split("\n").index(next(x for x in text.split("\n") if "summary" in x)) + 1
    assert [(p.line, p.message) for p in checked.loaded.problems] == [
        (line, "this line contains an invisible line-separator character; retype the line")
    ]


@pytest.mark.parametrize(
    "last_line",
    ['timezone = "UTC', 'title = "Again"', "timezone = "],
    ids=["unclosed-string", "key-given-twice", "no-value"],
)
def test_regression_toml_error_on_the_last_line_has_a_line(last_line):
    text = 'title = "Hub"\nbase_url = "https://example.org/"\n' + last_line
    checked = strict_check({SITE_FILE: text})
    assert [p.line for p in checked.loaded.problems] == [3], checked.stdout


@pytest.mark.parametrize(
    "lines, line",
    [
        (['description = """', "zzz = 2", '"""', "zzz = 1"], 7),
        (['description = """', "[audiences]", '"""', "zzz = 1"], 7),
        (["zzz.a = 1"], 4),
    ],
    ids=["key-inside-string", "table-inside-string", "dotted-key"],
)
def test_regression_site_toml_line_numbers_follow_toml_structure(lines, line):
    text = "\n".join(
        ['title = "Hub"', 'base_url = "https://example.org/"', 'timezone = "UTC"', *lines, ""]
    )
    checked = strict_check({SITE_FILE: text})
    assert [p.line for p in checked.loaded.problems if "'zzz'" in p.message] == [line], (
        checked.stdout
    )


def test_regression_not_utf8_in_a_file_with_cr_line_endings_is_on_its_line():
    data = b"---\rtitle: X\rcost: caf\xe9\r---\r"
    checked = strict_check({EVENT_FILE: data})
    assert [p.line for p in checked.loaded.problems] == [3], checked.stdout


@pytest.mark.parametrize(
    "line",
    [
        "repeat: {every: day, except: [2100-12-30]}",
        "repeat: {rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'}",
    ],
    ids=["except", "impossible-daily-rule"],
)
def test_regression_far_off_series_dates_are_checked_quickly(line):
    with tempfile.TemporaryDirectory() as tmp:
        content = write_hub(
            Path(tmp),
            {
                EVENT_FILE: encode(
                    event_file("start: 2026-12-02 15:30", "online: https://a.org", line)
                )
            },
        )
        started = stopwatch.monotonic()
        with time_limit(1):
            load(content)
    assert stopwatch.monotonic() - started < 1
