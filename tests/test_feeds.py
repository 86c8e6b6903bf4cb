"""Calendar feeds as calendar apps read them.

Every .ics the sample hub builds is linted byte by byte, then read by two parsers that share no code
with the generator or with the icalendar package that writes the feeds: Mozilla's ical.js
(Thunderbird's, run with node: tests/js/) and allenporter's `ical` (Home Assistant's). What they
expand must equal the generator's own occurrence list, to the minute, in UTC. The VTIMEZONEs are
read by three parsers and compared with zoneinfo hour by hour. DTSTAMP and SEQUENCE are checked in a
throwaway git repository, and text that tries to start a second event must stay text.

Tests that need node, ical.js or `ical` skip with a loud reason when they are missing, and fail
instead under BULLETIN_REQUIRE_ALL=1 (CI): see conftest.needs.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import io
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from importlib.util import find_spec
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from dateutil.tz import tzical
from icalendar import Calendar

from generator.build import build
from generator.content.index import SiteIndex
from generator.content.recurrence import bounds, expand
from generator.incremental.history import History
from generator.models import Place
from generator.options import BuildOptions
from generator.render.feeds import Feeds, feed_catalogue
from generator.render.urls import Urls
from generator.render.views import Views
from generator.render.vtimezone import vtimezone

from conftest import ROOT, git, needs, write_hub

UTC = UTC
CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=CHICAGO)
WINDOW = (NOW, NOW + relativedelta(months=12))
NODE = shutil.which("node")
JS = ROOT / "tests" / "js"
ICALJS_INSTALLED = (ROOT / "node_modules" / "ical.js" / "package.json").is_file()
DURATION = re.compile(r"[+-]?P(\d+W|(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)")
UTC_STAMP = re.compile(r"\d{8}T\d{6}Z")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # CR and LF are checked apart

# Zones whose rules trip VTIMEZONE writers: southern hemisphere, 30- and 45-minute offsets and
# steps, negative DST (Dublin, Casablanca), Ramadan changes that follow the moon (Casablanca),
# "Sunday on or after the 2nd" (Santiago), "Saturday on or before the 30th" (Gaza), and zones that
# changed or dropped their rules in 2018-2024 (Sao Paulo, Mexico City, Nuuk, Cairo, Asuncion, Apia,
# Fiji, Tehran).
TRICKY_ZONES = (
    "America/Chicago",
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Pacific/Chatham",
    "America/Santiago",
    "Africa/Casablanca",
    "Asia/Gaza",
    "Africa/Cairo",
    "America/Asuncion",
    "Asia/Tehran",
    "America/Nuuk",
    "Pacific/Apia",
    "America/Mexico_City",
    "Pacific/Fiji",
)


# -- outside tools ---------------------------------------------------------------------------------


def need_icaljs() -> None:
    needs(
        NODE is not None and ICALJS_INSTALLED,
        "ical.js feed checks need node and node_modules/ical.js: install node, then run "
        "`npm ci` in the repository root",
    )


def need_ical() -> None:
    needs(
        find_spec("ical") is not None,
        "the `ical` parser is not installed: run `make test` (or .venv/bin/pip install "
        "-c constraints.txt -e '.[test]')",
    )


def need_git() -> None:
    needs(shutil.which("git") is not None, "DTSTAMP/SEQUENCE checks need git on PATH")


def test_a_missing_tool_skips_loudly_here_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("BULLETIN_REQUIRE_ALL", raising=False)
    needs(True, "present")
    with pytest.raises(pytest.skip.Exception, match="NOT CHECKED, TOOL MISSING: node"):
        needs(False, "node")
    monkeypatch.setenv("BULLETIN_REQUIRE_ALL", "1")
    with pytest.raises(pytest.fail.Exception, match="node .BULLETIN_REQUIRE_ALL=1"):
        needs(False, "node")


def node(script: str, *arguments: str, stdin: str | None = None) -> dict:
    result = subprocess.run(
        [NODE, str(JS / script), *arguments],
        input=stdin,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{script} failed:\n{result.stderr}"
    return json.loads(result.stdout)


# -- building --------------------------------------------------------------------------------------


@dataclass
class Site:
    index: SiteIndex
    out: Path
    feeds: dict[str, bytes]  # out_path -> bytes, for every .ics


def build_hub(root: Path, out: Path, now: datetime = NOW, history: bool = False) -> Site:
    """`bulletin build` of root/content, run from root as the CLI would be."""
    with contextlib.chdir(root):
        result = build(
            BuildOptions(
                Path("content"),
                ROOT / "templates",
                out,
                lambda zone: now.astimezone(zone),
                history=history,
            )
        )
    assert result.written, [str(problem) for problem in result.problems]
    feeds = {
        path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*.ics"))
    }
    return Site(result.loaded.index, out, feeds)


def render_feeds(index: SiteIndex, now: datetime) -> dict[str, bytes]:
    """The feeds alone, from an index a test may have altered (no history: DTSTAMP is `now`)."""
    urls = Urls(index.site.base_url)
    return dict(Feeds(index, urls, now, History(), Views(index, urls, now, {})).render())


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Site:
    return build_hub(ROOT, tmp_path_factory.mktemp("sample-site"))


# -- reading .ics without icalendar: content lines and components ----------------------------------


@dataclass
class Line:
    name: str
    params: dict[str, str]
    value: str

    def text(self) -> str:
        """The value as TEXT (RFC 5545 3.3.11), unescaped."""
        return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], self.value)


@dataclass
class Component:
    name: str
    lines: list[Line]
    children: list[Component]
    raw: bytes = b""  # the component's own bytes, folded, as written

    def all(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.name == name]

    def one(self, name: str) -> Line | None:
        found = self.all(name)
        return found[0] if len(found) == 1 else None

    def value(self, name: str) -> str | None:
        line = self.one(name)
        return line.value if line else None

    def walk(self, name: str) -> list[Component]:
        found = [self] if self.name == name else []
        for child in self.children:
            found += child.walk(name)
        return found


CONTENT_LINE = re.compile(r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:]*))*):(.*)', re.S)
PARAMETER = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)')


def parse_ics(data: bytes) -> Component:
    """A minimal RFC 5545 reader: enough to check structure, deliberately not icalendar's."""
    physical = data.split(b"\r\n")
    if physical and physical[-1] == b"":
        physical.pop()
    logical: list[tuple[str, bytes]] = []
    for line in physical:
        if line[:1] in (b" ", b"\t") and logical:
            text, raw = logical[-1]
            logical[-1] = (text + line[1:].decode("utf-8", "replace"), raw + b"\r\n" + line)
        else:
            logical.append((line.decode("utf-8", "replace"), line))
    root = Component("", [], [])
    stack = [root]
    starts: list[int] = []
    raws = [raw for _, raw in logical]
    for number, (text, _) in enumerate(logical):
        match = CONTENT_LINE.fullmatch(text)
        assert match, f"not a content line: {text!r}"
        name = match[1].upper()
        params = {key.upper(): value.strip('"') for key, value in PARAMETER.findall(match[2])}
        line = Line(name, params, match[3])
        if name == "BEGIN":
            child = Component(line.value.upper(), [], [])
            stack[-1].children.append(child)
            stack.append(child)
            starts.append(number)
        elif name == "END":
            assert len(stack) > 1 and stack[-1].name == line.value.upper(), (
                f"END:{line.value} does not close BEGIN:{stack[-1].name}"
            )
            stack[-1].raw = b"\r\n".join(raws[starts.pop() : number + 1])
            stack.pop()
        else:
            stack[-1].lines.append(line)
    assert len(stack) == 1, f"BEGIN:{stack[-1].name} is never closed"
    assert [child.name for child in root.children] == ["VCALENDAR"], "not exactly one VCALENDAR"
    return root.children[0]


# -- the byte-level lint ---------------------------------------------------------------------------


def lint(data: bytes) -> list[str]:
    """Everything a strict reader could trip on, as one message per problem."""
    problems = []
    if data.startswith(codecs.BOM_UTF8):
        problems.append("starts with a UTF-8 byte-order mark")
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    physical = data.split(b"\r\n")
    if physical[-1] == b"":
        physical.pop()
    for number, line in enumerate(physical, 1):
        if b"\r" in line or b"\n" in line:
            problems.append(f"line {number}: a bare CR or LF (lines must end with CRLF only)")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets (at most 75)")
        try:
            control = CONTROL.search(line.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(f"line {number}: not valid UTF-8 by itself (a fold split a character)")
            continue
        if control:
            problems.append(
                f"line {number}: control character U+{ord(control[0]):04X} (some "
                f"readers end the line there)"
            )
    if problems:
        return problems
    calendar = parse_ics(data)
    problems += _lint_calendar(calendar)
    zones = {zone.value("TZID") for zone in calendar.walk("VTIMEZONE")}
    for component in calendar.walk("VCALENDAR")[0].children:
        for line in [line for c in [component] + component.children for line in c.lines]:
            if "TZID" in line.params and line.params["TZID"] not in zones:
                problems.append(f"{line.name}: TZID={line.params['TZID']} has no VTIMEZONE")
    events = calendar.walk("VEVENT")
    for event in events:
        problems += _lint_event(event)
    problems += _lint_uids(events)
    return problems


def _lint_calendar(calendar: Component) -> list[str]:
    problems = []
    for name in (
        "VERSION",
        "PRODID",
        "NAME",
        "X-WR-CALNAME",
        "DESCRIPTION",
        "URL",
        "SOURCE",
        "REFRESH-INTERVAL",
        "X-PUBLISHED-TTL",
    ):
        if calendar.one(name) is None:
            problems.append(f"the calendar needs exactly one {name}")
    if calendar.value("VERSION") not in (None, "2.0"):
        problems.append("VERSION is not 2.0")
    if calendar.all("METHOD"):
        problems.append("METHOD present: a subscription is a snapshot, not a scheduling message")
    refresh = calendar.one("REFRESH-INTERVAL")
    if refresh and (
        refresh.params.get("VALUE") != "DURATION" or not DURATION.fullmatch(refresh.value)
    ):
        problems.append(f"REFRESH-INTERVAL must be VALUE=DURATION with a duration: {refresh}")
    ttl = calendar.value("X-PUBLISHED-TTL")
    if ttl and not DURATION.fullmatch(ttl):
        problems.append(f"X-PUBLISHED-TTL is not a duration: {ttl}")
    for zone in calendar.walk("VTIMEZONE"):
        if not [c for c in zone.children if c.name in ("STANDARD", "DAYLIGHT")]:
            problems.append(f"VTIMEZONE {zone.value('TZID')} has no observance")
    return problems


def _lint_event(event: Component) -> list[str]:
    uid = event.value("UID")
    problems = [
        f"VEVENT {uid}: needs exactly one {name}"
        for name in ("UID", "DTSTAMP", "DTSTART")
        if event.one(name) is None
    ]
    if problems:
        return problems
    start = event.one("DTSTART")
    stamp = event.value("DTSTAMP")
    if not UTC_STAMP.fullmatch(stamp):
        problems.append(f"VEVENT {uid}: DTSTAMP {stamp} is not in UTC")
    all_day = start.params.get("VALUE") == "DATE"
    end = event.one("DTEND")
    if all_day:
        if not (end and end.params.get("VALUE") == "DATE" and end.value > start.value):
            problems.append(f"VEVENT {uid}: an all-day event needs an exclusive DTEND date")
        if event.value("TRANSP") != "TRANSPARENT":
            problems.append(f"VEVENT {uid}: an all-day event must be TRANSP:TRANSPARENT")
    elif "TZID" not in start.params or start.value.endswith("Z"):
        problems.append(f"VEVENT {uid}: a timed DTSTART needs a TZID (never UTC or floating)")
    elif end is None or end.params.get("TZID") != start.params["TZID"]:
        problems.append(f"VEVENT {uid}: DTEND must be in the DTSTART's zone")
    kind = ("VALUE", "DATE") if all_day else ("TZID", start.params.get("TZID"))
    for name in ("EXDATE", "RDATE", "RECURRENCE-ID"):
        for line in event.all(name):
            if line.params.get(kind[0]) != kind[1] or line.value.endswith("Z"):
                problems.append(f"VEVENT {uid}: {name} must use the DTSTART's {kind[0]}={kind[1]}")
    for rule in event.all("RRULE"):
        until = dict(part.split("=", 1) for part in rule.value.split(";")).get("UNTIL")
        if until and (
            bool(UTC_STAMP.fullmatch(until)) == all_day
            or (all_day and not re.fullmatch(r"\d{8}", until))
        ):
            problems.append(
                f"VEVENT {uid}: UNTIL={until} must be a date for an all-day series "
                f"and a UTC time otherwise"
            )
    return problems


def _lint_uids(events: list[Component]) -> list[str]:
    """One master per UID; other VEVENTs with that UID override distinct dates of a series."""
    problems = []
    by_uid = defaultdict(list)
    for event in events:
        by_uid[event.value("UID")].append(event)
    for uid, group in by_uid.items():
        masters = [event for event in group if not event.all("RECURRENCE-ID")]
        overrides = [event.value("RECURRENCE-ID") for event in group if event.all("RECURRENCE-ID")]
        if len(masters) != 1:
            problems.append(
                f"UID {uid}: {len(masters)} VEVENTs without RECURRENCE-ID (one expected)"
            )
        elif overrides and not masters[0].all("RRULE"):
            problems.append(f"UID {uid}: overrides of an event that does not repeat")
        if len(set(overrides)) != len(overrides):
            problems.append(f"UID {uid}: two overrides of the same date")
    return problems


def test_the_lint_catches_what_it_is_for():
    good = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nNAME:n\r\nX-WR-CALNAME:n\r\n"
        b"DESCRIPTION:d\r\nURL:https://x/\r\nSOURCE:https://x/a.ics\r\n"
        b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\nX-PUBLISHED-TTL:PT12H\r\n"
        b"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261122T000000Z\r\nDTSTART;VALUE=DATE:20261201\r\n"
        b"DTEND;VALUE=DATE:20261202\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert lint(good) == []
    assert lint(codecs.BOM_UTF8 + good) == ["starts with a UTF-8 byte-order mark"]
    assert lint(good.replace(b"NAME:n\r\n", b"NAME:n\n")) == [
        "line 4: a bare CR or LF (lines must end with CRLF only)"
    ]
    long = "DESCRIPTION:" + "é" * 40  # 92 octets; folding after 74 octets would split an é
    assert lint(
        good.replace(b"DESCRIPTION:d", long.encode()[:75] + b"\r\n " + long.encode()[75:])
    ) == [
        "line 6: not valid UTF-8 by itself (a fold split a character)",
        "line 7: not valid UTF-8 by itself (a fold split a character)",
    ]
    assert lint(good.replace(b"DESCRIPTION:d", long.encode())) == ["line 6: 92 octets (at most 75)"]
    assert lint(
        good.replace(b"DTSTART;VALUE=DATE:20261201", b"DTSTART;TZID=Europe/Paris:20261201T100000")
    ) == [
        "DTSTART: TZID=Europe/Paris has no VTIMEZONE",
        "VEVENT a: DTEND must be in the DTSTART's zone",
    ]
    event = good[good.index(b"BEGIN:VEVENT") : good.index(b"END:VCALENDAR")]
    assert lint(good.replace(b"END:VEVENT\r\n", b"END:VEVENT\r\n" + event)) == [
        "UID a: 2 VEVENTs without RECURRENCE-ID (one expected)"
    ]
    assert lint(good.replace(b"DESCRIPTION:d", "DESCRIPTION:a\u2028b".encode())) == [
        "line 6: control character U+2028 (some readers end the line there)"
    ]
    assert lint(good.replace(b"VERSION:2.0\r\n", b"VERSION:2.0\r\nMETHOD:PUBLISH\r\n")) == [
        "METHOD present: a subscription is a snapshot, not a scheduling message"
    ]


def test_every_feed_passes_the_byte_level_lint(sample):
    assert len(sample.feeds) > 60
    problems = {path: lint(data) for path, data in sample.feeds.items()}
    assert {path: found for path, found in problems.items() if found} == {}


def test_feeds_name_and_describe_themselves(sample):
    urls = Urls(sample.index.site.base_url)
    feeds = {
        urls.out_path(feed.url): feed
        for _, group in feed_catalogue(sample.index, urls)
        for feed in group
    }
    assert "feeds/all.ics" in feeds and "feeds/partners/fire-station-2.ics" in feeds
    for path, feed in feeds.items():
        calendar = parse_ics(sample.feeds[path])
        assert calendar.one("NAME").text() == calendar.one("X-WR-CALNAME").text() == feed.name
        assert calendar.value("SOURCE") == feed.absolute
        assert calendar.value("REFRESH-INTERVAL") == calendar.value("X-PUBLISHED-TTL") == "PT12H"
    # A comma in a name is TEXT and must be escaped (it once went out raw).
    fire = parse_ics(sample.feeds["feeds/partners/fire-station-2.ics"])
    assert fire.value("NAME") == r"Riverside Community Hub: Riverside Fire Department\, Station 2"


# -- expansions: the generator, ical.js and `ical` -------------------------------------------------

Key = tuple[str, str, str, bool]  # (UID, start, end, cancelled); times as 2026-12-02T21:30Z


def _minute(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def _moment(text: str) -> datetime:
    """A key's start or end as an instant; an all-day date begins at midnight in the site's zone."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(), CHICAGO)
    return datetime.strptime(text, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)


def in_window(key: Key) -> bool:
    """The generator's rule (recurrence._overlaps): overlaps [start, end)."""
    return _moment(key[2]) > WINDOW[0] and _moment(key[1]) < WINDOW[1]


def generator_keys(index: SiteIndex) -> dict[str, list[Key]]:
    found = defaultdict(list)
    for occurrence in index.occurrences(*WINDOW):
        uid = index.uid(occurrence.event)
        if occurrence.all_day:
            start = occurrence.starts_at.isoformat()
            end = (occurrence.ends_at + timedelta(days=1)).isoformat()
        else:
            start, end = (_minute(moment) for moment in bounds(occurrence))
        found[uid].append((uid, start, end, occurrence.cancelled))
    return {uid: sorted(keys) for uid, keys in found.items()}


def icaljs_keys(paths: list[Path]) -> dict[str, dict[str, list[Key]]]:
    """ical.js's expansion of each file, grouped by UID, within the window."""
    stop = (WINDOW[1] + timedelta(days=3)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    expanded = node("expand.mjs", stop, *map(str, paths))
    result = {}
    for path in paths:
        grouped = defaultdict(list)
        for item in expanded[str(path)]:
            key = (item["uid"], item["start"], item["end"], item["status"] == "CANCELLED")
            if in_window(key):
                grouped[item["uid"]].append(key)
        result[str(path)] = {uid: sorted(keys) for uid, keys in grouped.items()}
    return result


def ical_calendar(data: bytes):
    """Parse with allenporter's `ical`. It would take a TZID it knows (America/Chicago) from its
    own zone database; renamed, the feed's own VTIMEZONE must carry the times."""
    from ical.calendar_stream import IcsCalendarStream

    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    text = re.sub(r"(TZID[=:])", r"\1Feed-", text)
    return IcsCalendarStream.calendar_from_ics(text)


def ical_keys(data: bytes) -> dict[str, list[Key]]:
    calendar = ical_calendar(data)
    grouped = defaultdict(list)
    timeline = calendar.timeline_tz(CHICAGO)
    for event in timeline.overlapping(WINDOW[0] - timedelta(days=3), WINDOW[1] + timedelta(days=3)):
        if isinstance(event.dtstart, datetime):
            assert str(event.dtstart.tzinfo).startswith("Feed-"), event.dtstart
            start, end = _minute(event.dtstart), _minute(event.dtend)
        else:
            start, end = event.dtstart.isoformat(), event.dtend.isoformat()
        key = (event.uid, start, end, str(event.status or "").endswith("CANCELLED"))
        if in_window(key):
            grouped[event.uid].append(key)
    return {uid: sorted(keys) for uid, keys in grouped.items()}


def uids(data: bytes) -> set[str]:
    return {event.value("UID") for event in parse_ics(data).walk("VEVENT")}


def expected_for(feed: bytes, expected: dict[str, list[Key]]) -> dict[str, list[Key]]:
    return {uid: keys for uid, keys in expected.items() if uid in uids(feed)}


def test_the_sample_window_holds_every_hard_case(sample):
    """What the expansion tests below compare must include the cases that break calendars."""
    index = sample.index
    occurrences = index.occurrences(*WINDOW)
    site_zone = index.site.timezone

    def spans(change: datetime) -> bool:  # a series seen on both sides of a DST change
        for event in index.events.values():
            if event.repeat is None or event.all_day:
                continue
            mine = [o for o in occurrences if o.event is event and not o.moved]
            offsets = {o.starts_at.utcoffset() for o in mine}
            if (
                any(o.starts_at < change for o in mine)
                and any(o.starts_at > change for o in mine)
                and len(offsets) == 2
                and len({o.starts_at.time() for o in mine}) == 1
            ):
                return True
        return False

    assert spans(datetime(2027, 3, 14, 12, tzinfo=site_zone)), "spring forward"
    assert spans(datetime(2027, 11, 7, 12, tzinfo=site_zone)), "fall back"
    assert any(o.moved for o in occurrences)
    assert any(o.cancelled and o.event.repeat for o in occurrences)
    assert any(o.cancelled and not o.event.repeat for o in occurrences)
    assert any(o.all_day and o.ends_at > o.starts_at for o in occurrences)
    assert any(not o.all_day and o.ends_at.date() > o.starts_at.date() for o in occurrences)
    assert any(o.event.timezone != site_zone and not o.all_day for o in occurrences)
    assert any(o.location for o in occurrences)


def test_icaljs_expands_every_feed_as_the_generator_does(sample):
    need_icaljs()
    expected = generator_keys(sample.index)
    paths = {name: sample.out / name for name in sample.feeds}
    expanded = icaljs_keys(list(paths.values()))
    assert expanded[str(paths["feeds/all.ics"])] == expected
    wrong = {
        name: expanded[str(path)]
        for name, path in paths.items()
        if expanded[str(path)] != expected_for(sample.feeds[name], expected)
    }
    assert wrong == {}


def test_ical_package_expands_every_feed_as_the_generator_does(sample):
    need_ical()
    expected = generator_keys(sample.index)
    assert ical_keys(sample.feeds["feeds/all.ics"]) == expected
    wrong = {
        name: found
        for name, data in sample.feeds.items()
        if (found := ical_keys(data)) != expected_for(data, expected)
    }
    assert wrong == {}


def test_parsers_see_cancelled_and_postponed_events_as_such(sample):
    need_icaljs()
    path = sample.out / "feeds" / "all.ics"
    expanded = node("expand.mjs", "2028-01-01T00:00:00Z", str(path))[str(path)]
    by_summary = defaultdict(set)
    for item in expanded:
        by_summary[item["summary"]].add(item["status"])
    assert by_summary["Cancelled: Holiday Card Workshop"] == {"CANCELLED"}
    assert by_summary["Cancelled: Teen Tech Drop-In"] == {"CANCELLED"}  # one date of a series
    assert by_summary["Postponed: Winter Stargazing Night"] == {"TENTATIVE"}
    assert {
        item["status"]
        for item in expanded
        if not item["summary"].startswith(("Cancelled: ", "Postponed: "))
    } == {"CONFIRMED"}


# -- VTIMEZONE: three readers against zoneinfo, hour by hour ---------------------------------------


@dataclass
class Hour:
    wall: datetime  # naive local time
    fold: int
    ambiguous: bool  # repeated by a fall-back: readers may pick either
    offset: timedelta  # zoneinfo's


def hours(key: str, first_year: int, last_year: int, every: int = 1) -> list[Hour]:
    """zoneinfo's answer at UTC hours from the start of first_year to the end of last_year: every
    hour when `every` is 1; else every `every` hours (coprime with 24, so the local clock hour
    varies), and hour by hour for two days either side of each change zoneinfo knows. A reader's
    transition at a wrong hour shows near zoneinfo's; one on a wrong day, or an extra one, leaves
    a wrong offset for longer than `every` hours."""
    zone = ZoneInfo(key)
    start, end = datetime(first_year, 1, 1, tzinfo=UTC), datetime(last_year + 1, 1, 1, tzinfo=UTC)
    moments = set()
    moment, previous = start, None
    while moment < end:
        offset = moment.astimezone(zone).utcoffset()
        if previous is not None and offset != previous:
            moments.update(moment + timedelta(hours=step) for step in range(-48 - every, 49))
        moments.add(moment)
        moment, previous = moment + timedelta(hours=every), offset
    found = []
    for moment in sorted(m for m in moments if start <= m < end):
        local = moment.astimezone(zone)
        wall = local.replace(tzinfo=None)
        ambiguous = (
            wall.replace(tzinfo=zone, fold=0).utcoffset()
            != wall.replace(tzinfo=zone, fold=1).utcoffset()
        )
        found.append(Hour(wall, local.fold, ambiguous, local.utcoffset()))
    return found


def vtimezone_mismatches(
    data: bytes, years: dict[str, tuple[int, int]], path: Path, every: int = 1
) -> dict[str, list]:
    """Where each reader's offset for a local time differs from zoneinfo's, per reader and zone.
    dateutil honours `fold`, so it is also asked about the repeated hour; the others are not."""
    text = data.decode("utf-8")
    samples = {key: hours(key, *span, every=every) for key, span in years.items()}
    mismatches: dict[str, list] = {}

    def report(reader: str, key: str, wrong: list) -> None:
        if wrong:
            mismatches[f"{reader} {key}"] = [f"{len(wrong)} hours, first {wrong[0]}"]

    dateutil = tzical(io.StringIO(text))
    for key, found in samples.items():
        zone = dateutil.get(key)
        report(
            "dateutil",
            key,
            [
                (h.wall, h.fold, h.offset)
                for h in found
                if zone.utcoffset(h.wall.replace(fold=h.fold)) != h.offset
            ],
        )
    if find_spec("ical") is not None:
        from ical.calendar_stream import IcsCalendarStream
        from ical.timezone import IcsTimezoneInfo

        parsed = IcsCalendarStream.calendar_from_ics(text)
        zones = {zone.tz_id: IcsTimezoneInfo.from_timezone(zone) for zone in parsed.timezones}
        for key, found in samples.items():
            report(
                "ical",
                key,
                [
                    (h.wall, h.offset)
                    for h in found
                    if not h.ambiguous and zones[key].utcoffset(h.wall) != h.offset
                ],
            )
    if NODE is not None and ICALJS_INSTALLED:
        path.write_bytes(data)
        wanted = {
            key: [h.wall.strftime("%Y-%m-%dT%H:%M") for h in found if not h.ambiguous]
            for key, found in samples.items()
        }
        answered = node("offsets.mjs", str(path), stdin=json.dumps(wanted))
        for key, found in samples.items():
            clear = [h for h in found if not h.ambiguous]
            report(
                "ical.js",
                key,
                [
                    (h.wall, h.offset)
                    for h, seconds in zip(clear, answered[key], strict=True)
                    if seconds != h.offset.total_seconds()
                ],
            )
    return mismatches


def feed_years(calendar: Component) -> tuple[int, int]:
    """The years of the times a feed gives, and up to the end of the next twelve months (which an
    open-ended series reaches)."""
    years = set()
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"):
            for line in event.all(name):
                years.update(int(value[:4]) for value in line.value.split(","))
    return min(years), max(years | {WINDOW[1].year})


def test_feed_vtimezones_match_zoneinfo_hour_by_hour(sample, tmp_path):
    need_icaljs()
    need_ical()
    checked = set()
    for name, data in sample.feeds.items():
        calendar = parse_ics(data)
        first, last = feed_years(calendar)
        for zone in calendar.walk("VTIMEZONE"):
            if (zone.raw, first, last) in checked:
                continue
            checked.add((zone.raw, first, last))
            single = (
                b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
                + zone.raw
                + b"\r\nEND:VCALENDAR\r\n"
            )
            assert (
                vtimezone_mismatches(
                    single, {zone.value("TZID"): (first, last)}, tmp_path / "zone.ics"
                )
                == {}
            ), (name, zone.value("TZID"))
    assert len(checked) >= 2  # Chicago and New York at least


@pytest.mark.parametrize(
    "years, every", [((2026, 2027), 7), ((2018, 2024), 13)], ids=["2026-27", "2018-24"]
)
def test_vtimezones_of_tricky_zones_match_zoneinfo(years, every, tmp_path):
    """Casablanca once failed here: its Ramadan changes fit no yearly rule, so they were written as
    observances with a DTSTART alone, which neither `ical` nor (beside an RDATE) ical.js counts.
    Hour by hour near each change only, to keep the suite quick (see `hours`)."""
    need_icaljs()
    need_ical()
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", "-//Bulletin tests//EN")
    for key in TRICKY_ZONES:
        calendar.add_component(vtimezone(ZoneInfo(key), *years))
    assert (
        vtimezone_mismatches(
            calendar.to_ical(), {key: years for key in TRICKY_ZONES}, tmp_path / "zones.ics", every
        )
        == {}
    )


def test_vtimezones_use_rules_where_the_zone_has_one():
    """Rules, not lists, wherever a rule is in force: ical.js reads one value of a multi-valued
    RDATE only, and Outlook prefers rules."""

    def observances(key: str) -> list[str]:
        text = vtimezone(ZoneInfo(key), 2026, 2027).to_ical().decode()
        return [block for block in text.split("BEGIN:")[2:]]

    chicago = observances("America/Chicago")
    assert len(chicago) == 2 and all("RRULE:FREQ=YEARLY;BYDAY=" in block for block in chicago)
    assert all("RDATE" not in block for block in chicago)
    santiago = observances("America/Santiago")  # first Sunday on or after the 2nd
    assert len(santiago) == 2 and all("RRULE" in block for block in santiago)
    gaza = "".join(observances("Asia/Gaza"))
    assert "BYDAY=SA;BYMONTHDAY=24,25,26,27,28,29,30;BYMONTH=10" in gaza
    for block in observances("Africa/Casablanca"):  # the moon's calendar: listed, one a line
        assert "RRULE" not in block and block.count("RDATE:") >= 3
        assert not re.search(r"RDATE:[^\r]*,", block)


# -- byte-identical builds, and what one change changes --------------------------------------------


def test_two_builds_of_unchanged_content_give_identical_feeds(sample, tmp_path):
    again = build_hub(ROOT, tmp_path / "again")
    assert again.feeds.keys() == sample.feeds.keys()
    assert [name for name in sample.feeds if again.feeds[name] != sample.feeds[name]] == []


def events_of(data: bytes) -> dict[tuple, bytes]:
    """Each VEVENT's bytes by (UID, RECURRENCE-ID)."""
    return {
        (event.value("UID"), event.value("RECURRENCE-ID")): event.raw
        for event in parse_ics(data).walk("VEVENT")
    }


def rest_of(data: bytes) -> bytes:
    """The feed without its VEVENTs: header and VTIMEZONEs."""
    calendar = parse_ics(data)
    for event in calendar.walk("VEVENT"):
        data = data.replace(event.raw + b"\r\n", b"")
    return data


def diff(before: Site, after: Site) -> dict[str, set]:
    """Per feed, the (UID, RECURRENCE-ID) of every VEVENT that changed, came or went; "rest" when
    anything outside the VEVENTs changed."""
    assert before.feeds.keys() == after.feeds.keys()
    changed = {}
    for name, data in before.feeds.items():
        old, new = events_of(data), events_of(after.feeds[name])
        keys = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        if rest_of(data) != rest_of(after.feeds[name]):
            keys.add("rest")
        if keys:
            changed[name] = keys
    return changed


def field(site: Site, feed: str, uid: str, name: str) -> str:
    return next(
        event.value(name)
        for event in parse_ics(site.feeds[feed]).walk("VEVENT")
        if event.value("UID") == uid and not event.all("RECURRENCE-ID")
    )


def test_history_sets_dtstamp_and_sequence_and_one_change_touches_one_event(tmp_path):
    need_git()
    repo = tmp_path / "hub"
    shutil.copytree(ROOT / "content", repo / "content")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "content")
    git(repo, "commit", "-q", "-m", "Sample hub", when="2026-11-01T10:00:00Z")
    first = build_hub(repo, tmp_path / "site-1", history=True)
    uid = "genealogy-getting-started@riverside-library.github.io"
    own = "events/genealogy-getting-started.ics"
    assert field(first, own, uid, "DTSTAMP") == "20261101T100000Z"  # the commit, not the build
    assert field(first, own, uid, "SEQUENCE") == "0"

    event = repo / "content" / "events" / "2027" / "genealogy-getting-started.md"
    event.write_text(
        event.read_text(encoding="utf-8").replace(
            "start: 2027-01-23 10:00", "start: 2027-01-23 09:30"
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "Genealogy starts earlier", when="2026-11-10T09:00:00Z")
    second = build_hub(repo, tmp_path / "site-2", history=True)
    changes = diff(first, second)
    assert all(keys == {(uid, None)} for keys in changes.values()), changes
    assert own in changes and "feeds/all.ics" in changes
    assert {name for name in first.feeds if uid in uids(first.feeds[name])} == set(changes)
    assert field(second, own, uid, "SEQUENCE") == "1"
    assert (
        field(second, own, uid, "DTSTAMP")
        == field(second, own, uid, "LAST-MODIFIED")
        == "20261110T090000Z"
    )
    assert field(second, own, uid, "DTSTART") == "20270123T093000"

    # Words only: a new DTSTAMP, the same SEQUENCE.
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a friend.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Genealogy: more words", when="2026-11-12T09:00:00Z")
    third = build_hub(repo, tmp_path / "site-3", history=True)
    assert field(third, own, uid, "SEQUENCE") == "1"
    assert field(third, own, uid, "DTSTAMP") == "20261112T090000Z"

    # Moved into another folder: the same event (same slug, same UID), so its history goes on.
    (repo / "content" / "events" / "archive").mkdir()
    git(repo, "mv", "content/events/2027/genealogy-getting-started.md", "content/events/archive/")
    git(repo, "commit", "-q", "-m", "File genealogy away", when="2026-11-13T09:00:00Z")
    fourth = build_hub(repo, tmp_path / "site-4", history=True)
    assert field(fourth, own, uid, "SEQUENCE") == "1"
    assert diff(third, fourth).keys() <= {
        name for name in third.feeds if uid in uids(third.feeds[name])
    }


# -- text that tries to become structure -----------------------------------------------------------

INJECTION = "\nBEGIN:VEVENT\nUID:intruder@example.org\nDTSTART:20261203T100000Z\nEND:VEVENT"


def test_a_summary_or_body_that_spells_out_an_event_stays_text(tmp_path):
    write_hub(
        tmp_path,
        {
            "events/teen-tech.md": (
                "---\ntitle: Teen Tech Drop-In\nsummary: |\n  Bring a laptop."
                + INJECTION.replace("\n", "\n  ")
                + "\nstatus: postponed\nstatus_note: |\n  Later."
                + INJECTION.replace("\n", "\n  ")
                + "\nstart: 2026-12-02 15:30\nend: 17:30\n"
                "location: central\n---\nGet help with laptops.\r\n"
                + INJECTION.replace("\n", "\r\n")
                + "\nEND:VCALENDAR\n"
            )
        },
    )
    site = build_hub(tmp_path, tmp_path / "site")
    for name, data in site.feeds.items():
        assert lint(data) == [], name
        assert len(parse_ics(data).walk("VEVENT")) <= 1 and "intruder@example.org" not in uids(data)
    data = site.feeds["events/teen-tech.ics"]
    assert uids(data) == {"teen-tech@example.org"}
    description = parse_ics(data).walk("VEVENT")[0].one("DESCRIPTION").text()
    assert "BEGIN:VEVENT\nUID:intruder@example.org" in description
    _one_event_for_both_parsers(data, tmp_path, "Postponed: Teen Tech Drop-In")


def test_a_title_with_a_line_break_makes_exactly_one_event(tmp_path):
    """Titles are one line by the format's rules; the feed writer must not rely on that."""
    content = write_hub(tmp_path, {})
    with contextlib.chdir(tmp_path):
        from generator.content.load import load

        index = load(Path("content")).index
    event = index.events["teen-tech"]
    title = (
        "Teen Tech" + INJECTION + "\r\nEND:VCALENDAR\rX-EVIL:1\u2028BEGIN:VEVENT\x85UID:x"
        "\x0bEND:VEVENT\x01!"
    )
    index.events["teen-tech"] = dataclasses.replace(
        event,
        title=title,
        location=None,
        room=None,
        place=Place("Hall" + INJECTION, "1 Main St;\nBEGIN:VALARM", (41.8, -87.8)),
    )
    assert content.is_dir()
    feeds = render_feeds(index, NOW)
    for name, data in feeds.items():
        assert lint(data) == [], name
        calendar = parse_ics(data)
        assert len(calendar.walk("VEVENT")) <= 1 and calendar.walk("VALARM") == [], name
    data = feeds["events/teen-tech.ics"]
    calendar = parse_ics(data)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.one("SUMMARY").text() == (
        "Teen Tech" + INJECTION + "\nEND:VCALENDAR\nX-EVIL:1\nBEGIN:VEVENT\nUID:x\nEND:VEVENT!"
    )
    assert calendar.one("NAME").text() == vevent.one("SUMMARY").text()
    _one_event_for_both_parsers(data, tmp_path, vevent.one("SUMMARY").text())


def _one_event_for_both_parsers(data: bytes, tmp_path: Path, summary: str) -> None:
    need_icaljs()
    need_ical()
    path = tmp_path / "one.ics"
    path.write_bytes(data)
    expanded = node("expand.mjs", "2028-01-01T00:00:00Z", str(path))[str(path)]
    assert [(item["uid"], item["summary"]) for item in expanded] == [
        ("teen-tech@example.org", summary)
    ]
    events = ical_calendar(data).events
    assert [(event.uid, event.summary) for event in events] == [("teen-tech@example.org", summary)]


# -- which events a feed keeps ---------------------------------------------------------------------


def test_cancelled_events_stay_until_feed_past_days_after_their_end(sample):
    index = sample.index
    cancelled = index.events["holiday-card-workshop"]
    assert cancelled.status == "cancelled" and index.site.feed_past_days == 30
    uid = index.uid(cancelled)
    end = cancelled.ends_at
    kept = render_feeds(index, end + timedelta(days=29, hours=23))
    gone = render_feeds(index, end + timedelta(days=30, minutes=1))
    (vevent,) = [
        e for e in parse_ics(kept["feeds/all.ics"]).walk("VEVENT") if e.value("UID") == uid
    ]
    assert vevent.value("STATUS") == "CANCELLED"
    assert vevent.one("SUMMARY").text() == "Cancelled: Holiday Card Workshop"
    assert vevent.one("DESCRIPTION").text().startswith("Cancelled: our presenter is unwell.")
    assert uid not in uids(gone["feeds/all.ics"])
    assert uid in uids(gone["events/holiday-card-workshop.ics"])  # "add to calendar" still works


def test_finished_series_leave_feeds_and_open_ended_ones_stay(sample):
    index = sample.index
    finished = index.events["citizenship-class"]  # count: 8
    last = max(o.ends_at for o in expand(finished))
    open_ended = index.events["friday-film-club"]
    assert finished.repeat.count and open_ended.repeat.open_ended
    kept = render_feeds(index, last + timedelta(days=29))["feeds/all.ics"]
    later = render_feeds(index, last + timedelta(days=31))["feeds/all.ics"]
    far = render_feeds(index, datetime(2031, 6, 1, tzinfo=CHICAGO))["feeds/all.ics"]
    assert index.uid(finished) in uids(kept) and index.uid(finished) not in uids(later)
    assert index.uid(open_ended) in uids(far)
    assert lint(far) == []


def test_postponed_events_say_so_in_title_and_description(sample):
    (vevent,) = parse_ics(sample.feeds["events/stargazing-night.ics"]).walk("VEVENT")
    assert vevent.one("SUMMARY").text() == "Postponed: Winter Stargazing Night"
    assert vevent.one("DESCRIPTION").text().startswith("Postponed because the forecast")
    assert vevent.value("STATUS") == "TENTATIVE"


def test_series_carry_their_exceptions_and_overrides(sample):
    calendar = parse_ics(sample.feeds["events/teen-tech-drop-in.ics"])
    master, *overrides = calendar.walk("VEVENT")
    assert master.one("RRULE").value == "FREQ=WEEKLY;UNTIL=20270527T045959Z;BYDAY=WE"
    assert master.one("EXDATE").value == "20261223T153000,20261230T153000"
    assert master.one("RDATE").value == "20261219T153000"
    assert [
        (o.value("RECURRENCE-ID"), o.value("DTSTART"), o.value("STATUS")) for o in overrides
    ] == [
        ("20270113T153000", "20270113T160000", "CONFIRMED"),
        ("20270210T153000", "20270211T153000", "CONFIRMED"),
        ("20270217T153000", "20270217T153000", "CANCELLED"),
        ("20270324T153000", "20270324T153000", "CONFIRMED"),
    ]
    assert "Eastside Branch" in overrides[3].one("LOCATION").text()
    book_sale = parse_ics(sample.feeds["events/winter-book-sale.ics"]).walk("VEVENT")[0]
    assert (book_sale.value("DTSTART"), book_sale.value("DTEND")) == ("20270306", "20270309")


def test_uids_stay_put_and_are_unique_across_the_hub(sample):
    all_events = parse_ics(sample.feeds["feeds/all.ics"]).walk("VEVENT")
    masters = Counter(e.value("UID") for e in all_events if not e.all("RECURRENCE-ID"))
    assert max(masters.values()) == 1
    assert "winter-book-sale@riverside" in masters  # a pinned uid
    assert "teen-tech-drop-in@riverside-library.github.io" in masters


def test_history_follows_a_renamed_file_only_while_its_calendar_identity_holds(tmp_path):
    """A renamed file with a pinned uid is the same event to calendar apps, so its SEQUENCE must
    not fall back to 0 (apps would ignore later updates); renamed without one, it is a new event."""
    need_git()
    from generator.content.fingerprint import schedule_fingerprint
    from generator.content.load import load

    write_hub(tmp_path, {})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-q", "-m", "Hub", when="2026-11-01T10:00:00Z")
    events = tmp_path / "content" / "events"
    old = events / "teen-tech.md"
    old.write_text(old.read_text(encoding="utf-8").replace("15:30", "16:00"), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Later start", when="2026-11-02T10:00:00Z")

    def record(name: str):
        with contextlib.chdir(tmp_path):
            index = load(Path("content")).index
            src_path = f"content/events/{name}.md"
            history = History.from_git(
                {src_path: Path(src_path)}, schedule_fingerprint(index.site, set())
            )
            return history.of(src_path)

    assert record("teen-tech").sequence == 1

    pinned = old.read_text(encoding="utf-8").replace(
        "location:", "uid: teen-tech@example.org\nlocation:"
    )
    old.unlink()
    (events / "teen-tech-2026.md").write_text(pinned, encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Rename, keeping the uid", when="2026-11-03T10:00:00Z")
    kept = record("teen-tech-2026")
    assert (kept.sequence, kept.first.day, kept.changed.day) == (1, 1, 3)

    unpinned = (
        (events / "teen-tech-2026.md")
        .read_text(encoding="utf-8")
        .replace("uid: teen-tech@example.org\n", "")
    )
    (events / "teen-tech-2026.md").unlink()
    (events / "teen-tech-winter.md").write_text(unpinned, encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Rename, a new event", when="2026-11-04T10:00:00Z")
    fresh = record("teen-tech-winter")
    assert (fresh.sequence, fresh.first.day, fresh.changed.day) == (0, 4, 4)
