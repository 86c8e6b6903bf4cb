"""Calendar feeds as calendar apps read them.

Every .ics the sample hub and a hub of the cases calendar apps get wrong (tests/hubs/clock-changes:
both clock changes, the gap and the repeated hour, overnight programs across them, extra, moved and
cancelled dates, other zones, one with a 30-minute change) builds is linted byte by byte, then read
by four readers that share no code with the generator: Mozilla's ical.js (Thunderbird's, run with
node: tests/js/), allenporter's `ical` (Home Assistant's), and, with Debian's own Python and
packages, libical (GNOME, Evolution; GObject bindings) and recurring-ical-events (on Debian's
python3-icalendar, not the version that writes the feeds): tests/tools/debian_expand.py. What each
reads must equal what the content says, to the minute, worked out independently by tests/truth.py.
The VTIMEZONEs are read by three parsers and compared with zoneinfo hour by hour. DTSTAMP and
SEQUENCE are checked in a throwaway git repository, and text that tries to start a second event
must stay text.

Tests that need node, ical.js, `ical` or Debian's readers skip with a loud reason when they are
missing, and fail instead under BULLETIN_REQUIRE_ALL=1 (CI): see conftest.needs.
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
from generator.content.recurrence import expand
from generator.incremental.history import History
from generator.models import Place
from generator.options import BuildOptions
from generator.render.feeds import Feeds, feed_catalogue
from generator.render.urls import Urls
from generator.render.views import Views
from generator.render.vtimezone import vtimezone

import truth
from conftest import ROOT, SITE_TOML, git, needs, write_hub

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
    elif start.value.endswith("Z"):
        # UTC only where a wall-clock time would be ambiguous, and never for a rule.
        if event.all("RRULE"):
            problems.append(f"VEVENT {uid}: a series' DTSTART needs a TZID (never UTC)")
        if end is None or not end.value.endswith("Z"):
            problems.append(f"VEVENT {uid}: DTEND must be in UTC when DTSTART is")
    elif "TZID" not in start.params:
        problems.append(f"VEVENT {uid}: a timed DTSTART needs a TZID or UTC (never floating)")
    elif end is None or end.params.get("TZID") != start.params["TZID"]:
        problems.append(f"VEVENT {uid}: DTEND must be in the DTSTART's zone")
    if event.all("RDATE"):
        problems.append(f"VEVENT {uid}: RDATE (extra dates are VEVENTs of their own)")
    if event.all("DURATION"):
        problems.append(f"VEVENT {uid}: DURATION (every VEVENT gives DTEND)")
    if event.all("RECURRENCE-ID") and start.value.endswith("Z"):
        return problems  # an override written in UTC: its RECURRENCE-ID keeps the series' zone
    kind = ("VALUE", "DATE") if all_day else ("TZID", start.params.get("TZID"))
    for name in ("EXDATE", "RECURRENCE-ID"):
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


@pytest.mark.parametrize("hub_name", ["sample", "clock-changes"])
def test_every_feed_passes_the_byte_level_lint(hub_name, hubs):
    site = hubs[hub_name].site
    assert len(site.feeds) > 25
    problems = {path: lint(data) for path, data in site.feeds.items()}
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


STORY_TIME = """\
---
title: Story Time
summary: Stories and songs for families.
start: 2026-12-05 10:00
end: 11:00
repeat: {every: week, on: [saturday], until: 2027-01-30}
occurrences:
  2026-12-12: {status: cancelled, note: Closed for the holiday party}
location: central
partners: [{partner: youth-haven, role: host}]
languages: [es]
registration: https://example.org/register
registration_required: true
cost: $2 a family
accessibility: Ground floor.
---
Bring the little ones.
"""
HORA_DEL_CUENTO = """\
---
title: Hora del cuento
summary: Cuentos y canciones para familias.
cost: 2 dólares por familia
accessibility: Planta baja.
occurrences:
  2026-12-12: {note: Cerrado por la fiesta de fin de año}
---
Traiga a los pequeños.
"""


def _story_time_feeds(tmp_path: Path, site_toml: str, translated: bool = True) -> Site:
    files = {"site.toml": site_toml, "events/story-time.md": STORY_TIME}
    if translated:
        files["events/story-time.es.md"] = HORA_DEL_CUENTO
    write_hub(tmp_path, files)
    return build_hub(tmp_path, tmp_path / "site")


def _texts(data: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    """A feed's calendar properties and each VEVENT's, as TEXT."""
    calendar = parse_ics(data)
    own = {line.name: line.text() for line in calendar.lines}
    return own, [
        {line.name: line.text() for line in vevent.lines} for vevent in calendar.walk("VEVENT")
    ]


def test_a_language_feed_speaks_its_language_and_every_other_feed_the_hubs(tmp_path):
    """`/feeds/languages/es.ics` of a hub published in Spanish too is in Spanish: its name and
    description, the words the feed adds to each event, the dates, the event's translation file,
    and links to the Spanish pages. Every other feed keeps the hub's language, with the same UIDs
    and times (docs/format.md, "The hub in several languages")."""
    site_toml = SITE_TOML.replace("[audiences]", 'translations = ["es"]\n\n[audiences]', 1)
    site = _story_time_feeds(tmp_path, site_toml)
    spanish, english = site.feeds["feeds/languages/es.ics"], site.feeds["feeds/all.ics"]
    own, events = _texts(spanish)
    assert own["NAME"] == own["X-WR-CALNAME"] == "Test Hub: Español"
    assert own["DESCRIPTION"] == own["X-WR-CALDESC"] == "Eventos de Test Hub: Español"
    assert own["URL"] == "https://example.org/hub/es/languages/es/"
    assert own["SOURCE"] == "https://example.org/hub/feeds/languages/es.ics"  # one address
    story = [e for e in events if e["UID"].startswith("story-time")]
    usual = next(e for e in story if "RRULE" in e)
    cancelled = next(e for e in story if "RECURRENCE-ID" in e)
    assert usual["SUMMARY"] == "Hora del cuento"
    assert usual["DESCRIPTION"] == (
        "Cuentos y canciones para familias.\n\nTraiga a los pequeños.\n\n"
        "Inscripción obligatoria: https://example.org/register\n\nCon Youth Haven\n\n"
        "Accesibilidad: Planta baja.\n\nCosto: 2 dólares por familia\n\n"
        "Más información: https://example.org/hub/es/events/story-time/"
    )
    assert cancelled["SUMMARY"] == "Cancelado: Hora del cuento"
    assert cancelled["DESCRIPTION"].startswith("Cerrado por la fiesta de fin de año\n\nCuentos")
    # The same event in the hub's own language everywhere else, as the same calendar entries.
    own, events = _texts(english)
    assert own["NAME"] == "Test Hub"
    english_story = [e for e in events if e["UID"].startswith("story-time")]
    assert next(e for e in english_story if "RRULE" in e)["DESCRIPTION"] == (
        "Stories and songs for families.\n\nBring the little ones.\n\n"
        "Registration required: https://example.org/register\n\nWith Youth Haven\n\n"
        "Accessibility: Ground floor.\n\nCost: $2 a family\n\n"
        "Details: https://example.org/hub/events/story-time/"
    )
    times = ("UID", "DTSTART", "DTEND", "RRULE", "RECURRENCE-ID", "STATUS", "SEQUENCE")
    assert [{k: e.get(k) for k in times} for e in english_story] == [
        {k: e.get(k) for k in times} for e in story
    ]
    assert _texts(site.feeds["events/story-time.ics"])[1][0]["SUMMARY"] == "Story Time"
    # Every reader reads the Spanish feed.
    for data in (spanish, english):
        assert lint(data) == []
        Calendar.from_ical(data)


def test_a_hub_in_another_language_writes_its_feeds_in_it(tmp_path):
    """A hub whose own language is Spanish: its feeds' own words and dates are Spanish."""
    site_toml = SITE_TOML.replace("[audiences]", 'language = "es"\n\n[audiences]', 1)
    site = _story_time_feeds(tmp_path, site_toml, translated=False)
    own, events = _texts(site.feeds["feeds/audiences/teens.ics"])
    assert own["DESCRIPTION"] == "Eventos de Test Hub: Teens (13-18)"
    own, events = _texts(site.feeds["feeds/all.ics"])
    cancelled = next(e for e in events if "RECURRENCE-ID" in e)
    assert cancelled["SUMMARY"] == "Cancelado: Story Time"
    assert cancelled["DESCRIPTION"].endswith(
        "Más información: https://example.org/hub/events/story-time/"
    )


# -- expansions: four independent readers against the content ------------------------------------

Key = tuple[str, str, str, bool]  # (UID, start, end, cancelled); times as 2026-12-02T21:30Z
PARSERS = ("ical.js", "ical", "recurring-ical-events", "libical")
DEBIAN_PYTHON = Path("/usr/bin/python3")
TOOLS = ROOT / "tests" / "tools"
# A date that stands on its own, or a part of a series after a cut, has a UID of its own made from
# the event's (calendar_plan.py): "<local>.20261219@host", "<local>.from-20261108@host".
PART = re.compile(r"\.(?:from-)?\d{8}(?=@|$)")


def base_uid(uid: str) -> str:
    return PART.sub("", uid, count=1)


def _minute(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def _moment(text: str, zone: ZoneInfo = CHICAGO) -> datetime:
    """A key's start or end as an instant; an all-day date begins at midnight in the site's zone."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(), zone)
    return datetime.strptime(text, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Hub:
    """A built hub, what its content says (tests/truth.py) and the window the readers expand."""

    name: str
    site: Site
    content: truth.Hub
    window: tuple[datetime, datetime]

    def overlaps(self, key: Key) -> bool:
        zone = self.content.zone
        return _moment(key[2], zone) > self.window[0] and _moment(key[1], zone) < self.window[1]

    def expected(self) -> dict[str, list[Key]]:
        """Every date of every event overlapping the window, by the event's UID, from the content."""
        found = {}
        for event in self.content.events.values():
            keys = []
            for when in truth.in_window(event, *self.window):
                if when.all_day:
                    start, end = (
                        when.first_day.isoformat(),
                        (when.last_day + timedelta(1)).isoformat(),
                    )
                else:
                    start, end = _minute(when.start), _minute(when.end)
                keys.append((event.uid, start, end, when.cancelled))
            if keys:
                found[event.uid] = sorted(keys)
        return found

    def expected_for(self, feed: bytes) -> dict[str, list[Key]]:
        listed = {base_uid(uid) for uid in uids(feed)}
        return {uid: keys for uid, keys in self.expected().items() if uid in listed}


def need_debian(reader: str) -> None:
    package = {
        "libical": "python3-gi gir1.2-ical-3.0",
        "recurring-ical-events": ("python3-recurring-ical-events"),
    }[reader]
    probe = (
        "import gi; gi.require_version('ICalGLib', '3.0')"
        if reader == "libical"
        else ("import recurring_ical_events")
    )
    available = (
        DEBIAN_PYTHON.exists()
        and subprocess.run(
            [str(DEBIAN_PYTHON), "-c", probe], capture_output=True, check=False
        ).returncode
        == 0
    )
    needs(available, f"{reader} is read with Debian's Python: apt-get install {package}")


def read_with(parser: str, hub: Hub) -> dict[str, dict[str, list[Key]]]:
    """What `parser` reads in each feed of the hub, by feed and base UID, within the window."""
    paths = {name: hub.site.out / name for name in hub.site.feeds}
    wide = (hub.window[0] - timedelta(days=3), hub.window[1] + timedelta(days=3))
    stamp = lambda moment: moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    if parser == "ical.js":
        need_icaljs()
        raw = node("expand.mjs", stamp(wide[1]), *map(str, paths.values()))
    elif parser == "ical":
        need_ical()
        raw = {str(path): ical_items(hub.site.feeds[name], wide) for name, path in paths.items()}
    else:
        need_debian(parser)
        result = subprocess.run(
            [
                str(DEBIAN_PYTHON),
                str(TOOLS / "debian_expand.py"),
                parser,
                stamp(wide[0]),
                stamp(wide[1]),
                *map(str, paths.values()),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        raw = json.loads(result.stdout)
    found = {}
    for name, path in paths.items():
        grouped = defaultdict(list)
        for item in raw[str(path)]:
            key = (base_uid(item["uid"]), item["start"], item["end"], item["status"] == "CANCELLED")
            if hub.overlaps(key):
                grouped[key[0]].append(key)
        found[name] = {uid: sorted(keys) for uid, keys in grouped.items()}
    return found


def ical_calendar(data: bytes):
    """Parse with allenporter's `ical`. It would take a TZID it knows (America/Chicago) from its
    own zone database; renamed, the feed's own VTIMEZONE must carry the times."""
    from ical.calendar_stream import IcsCalendarStream

    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    text = re.sub(r"(TZID[=:])", r"\1Feed-", text)
    return IcsCalendarStream.calendar_from_ics(text)


def ical_items(data: bytes, window: tuple[datetime, datetime]) -> list[dict]:
    items = []
    for event in ical_calendar(data).timeline_tz(CHICAGO).overlapping(*window):
        if isinstance(event.dtstart, datetime):
            if event.dtstart.tzinfo is not UTC and event.dtstart.utcoffset() != timedelta(0):
                assert str(event.dtstart.tzinfo).startswith("Feed-"), event.dtstart
            start, end = _minute(event.start), _minute(event.end)
        else:
            start, end = event.start.isoformat(), event.end.isoformat()
        status = str(event.status or "").rsplit(".", 1)[-1] or None
        items.append(
            {
                "uid": event.uid,
                "start": start,
                "end": end,
                "status": status,
                "summary": event.summary,
            }
        )
    return items


def uids(data: bytes) -> set[str]:
    return {event.value("UID") for event in parse_ics(data).walk("VEVENT")}


CLOCKS_NOW = datetime(2026, 10, 1, 12, 0, tzinfo=CHICAGO)


@pytest.fixture(scope="module")
def hubs(sample, tmp_path_factory) -> dict[str, Hub]:
    clocks_root = ROOT / "tests" / "hubs" / "clock-changes"
    clocks = build_hub(clocks_root, tmp_path_factory.mktemp("clocks-site"), CLOCKS_NOW)
    return {
        "sample": Hub("sample", sample, truth.read_hub(ROOT / "content"), WINDOW),
        "clock-changes": Hub(
            "clock-changes",
            clocks,
            truth.read_hub(clocks_root / "content"),
            (CLOCKS_NOW, datetime(2028, 1, 1, tzinfo=CHICAGO)),
        ),
    }


READ: dict[tuple[str, str], dict] = {}  # (parser, hub) -> read_with(), read once per test run


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


@pytest.mark.parametrize("hub_name", ["sample", "clock-changes"])
@pytest.mark.parametrize("parser", PARSERS)
def test_every_reader_reads_every_feed_as_the_content_says(parser, hub_name, hubs):
    """Every occurrence of every feed, to the minute, with its cancelled status, as the content
    says: the sample, and a hub of the cases calendar apps get wrong (tests/hubs/clock-changes)."""
    hub = hubs[hub_name]
    found = READ.setdefault((parser, hub_name), read_with(parser, hub))
    expected = hub.expected()
    assert found["feeds/all.ics"] == expected
    wrong = {
        name: keys for name, keys in found.items() if keys != hub.expected_for(hub.site.feeds[name])
    }
    assert wrong == {}


def Z(*parts) -> str:  # noqa: N802
    return _minute(datetime(*parts, tzinfo=UTC))


def test_the_clock_changes_hub_holds_every_hard_case(hubs):
    """The dates the readers are held to, worked out by hand here (not by tests/truth.py)."""
    expected = hubs["clock-changes"].expected()

    def dates(slug: str) -> list[tuple[str, str]]:
        return [key[1:3] for key in expected[f"{slug}@example.org"]]

    # 01:30 on the night the clocks go back is the first 01:30 (CDT); 02:30 happens once (CST).
    assert dates("stargazing-fall-back") == [(Z(2026, 11, 1, 6, 30), Z(2026, 11, 1, 8, 30))]
    assert (Z(2026, 11, 1, 6, 30), Z(2026, 11, 1, 8, 30)) in dates("night-owls")
    assert (Z(2026, 11, 1, 6, 30), Z(2026, 11, 1, 6, 45)) in dates("daily-night-shift")
    # 02:30 does not exist on the night the clocks go forward: that date moves on by the gap.
    assert (Z(2027, 3, 14, 8, 30), Z(2027, 3, 14, 9, 30)) in dates("early-birds")
    assert (Z(2027, 3, 14, 15), Z(2027, 3, 14, 16)) in dates("early-birds-moved")
    # Overnight until 02:00 on the wall clock: five hours in the autumn, three in the spring.
    assert (Z(2026, 11, 1, 3), Z(2026, 11, 1, 8)) in dates("lock-in")
    assert (Z(2027, 3, 14, 4), Z(2027, 3, 14, 8)) in dates("lock-in")
    assert dates("lock-in-from-the-long-night")[0] == (Z(2026, 11, 1, 4), Z(2026, 11, 1, 9))
    assert len(dates("lock-in-from-the-long-night")) == 3
    # Lord Howe Island: half-hour changes. 01:45 twice in April (the first, +11:00; 02:45 once,
    # +10:30, so 90 minutes that night); 02:15 never in October (moved to 02:45, +11:00).
    assert (Z(2027, 4, 3, 14, 45), Z(2027, 4, 3, 16, 15)) in dates("lord-howe-walk")
    assert (Z(2027, 10, 2, 15, 45), Z(2027, 10, 2, 16, 45)) in dates("lord-howe-talk")
    # London changes two weeks after Chicago: 18:00 there is 18:00Z, then 17:00Z.
    assert [start for start, _ in dates("london-book-club")][3:5] == [
        Z(2027, 3, 25, 18),
        Z(2027, 4, 1, 17),
    ]
    assert ("2026-11-11", "2026-11-12") in dates("harvest-days")  # an extra all-day date


def test_feeds_write_what_every_reader_reads(hubs):
    """The encodings of calendar_plan.py: a cut series, a date on its own in UTC, overrides for the
    nights an overnight program spans a clock change, and no RDATE or X-WR-TIMEZONE anywhere."""
    feeds = hubs["clock-changes"].site.feeds
    for data in feeds.values():
        assert b"RDATE" not in data and b"X-WR-TIMEZONE" not in data

    def vevents(slug: str) -> list[tuple[str, str, str, str, str | None]]:
        return [
            (
                e.value("UID"),
                e.value("DTSTART"),
                e.value("DTEND"),
                e.value("RRULE") or "",
                e.value("RECURRENCE-ID"),
            )
            for e in parse_ics(feeds[f"events/{slug}.ics"]).walk("VEVENT")
        ]

    assert vevents("stargazing-fall-back") == [
        ("stargazing-fall-back@example.org", "20261101T063000Z", "20261101T083000Z", "", None)
    ]
    assert vevents("night-owls") == [
        (
            "night-owls@example.org",
            "20261018T013000",
            "20261018T023000",
            "FREQ=WEEKLY;UNTIL=20261025T063000Z;BYDAY=SU",
            None,
        ),
        (
            "night-owls.from-20261108@example.org",
            "20261108T013000",
            "20261108T023000",
            "FREQ=WEEKLY;UNTIL=20261122T073000Z;BYDAY=SU",
            None,
        ),
        ("night-owls.20261101@example.org", "20261101T063000Z", "20261101T083000Z", "", None),
    ]
    lock_in = vevents("lock-in")
    assert [entry[4] for entry in lock_in[1:]] == ["20261031T220000", "20270313T220000"]
    # Those nights in UTC: 22:00 CDT to 02:00 CST, and 22:00 CST to 03:00 CDT.
    assert lock_in[1][1:3] == ("20261101T030000Z", "20261101T080000Z")
    assert lock_in[2][1:3] == ("20270314T040000Z", "20270314T080000Z")
    long_night = vevents("lock-in-from-the-long-night")
    assert [entry[0] for entry in long_night] == [
        "lock-in-from-the-long-night@example.org",
        "lock-in-from-the-long-night.20261031@example.org",
    ]
    assert long_night[0][1:4] == (
        "20261107T230000",
        "20261108T030000",
        "FREQ=WEEKLY;UNTIL=20261115T050000Z;BYDAY=SA",
    )


# A reader simply wrong, whatever the feed says: Debian's recurring-ical-events 2.0.1 reads TEXT
# with Debian's python3-icalendar 4.0.3, whose unescaping turns the correctly escaped "\\\\N" (a
# backslash, then N) into a line break and drops the N. There is no other way to write a
# backslash, so its users see "C:\\New Folder" as "C:" and "ew Folder" on two lines (README.md).
KNOWN_WRONG_TEXT = {"recurring-ical-events": "Copy to C:\new Folder"}


def test_text_stays_as_written_in_every_reader(hubs):
    """'\\N' in text is two characters, not a line break: icalendar would have written it as one."""
    hub = hubs["clock-changes"]
    data = hub.site.feeds["events/windows-paths.ics"]
    (vevent,) = parse_ics(data).walk("VEVENT")
    assert vevent.value("SUMMARY") == "Copy to C:\\\\New Folder"
    assert (
        vevent.one("DESCRIPTION")
        .text()
        .startswith(
            "Save your work in C:\\New\\notes, not on the desktop.\n\nThen open C:\\Users\\Public."
        )
    )
    need_icaljs()
    path = hub.site.out / "events" / "windows-paths.ics"
    assert [
        i["summary"] for i in node("expand.mjs", "2028-01-01T00:00:00Z", str(path))[str(path)]
    ] == ["Copy to C:\\New Folder"]
    for reader in ("libical", "recurring-ical-events"):
        need_debian(reader)
        result = subprocess.run(
            [
                str(DEBIAN_PYTHON),
                str(TOOLS / "debian_expand.py"),
                reader,
                "2026-01-01T00:00:00Z",
                "2028-01-01T00:00:00Z",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        summaries = [i["summary"] for i in json.loads(result.stdout)[str(path)]]
        assert summaries == [KNOWN_WRONG_TEXT.get(reader, "Copy to C:\\New Folder")], reader
    need_ical()
    assert [e.summary for e in ical_calendar(data).events] == ["Copy to C:\\New Folder"]


def test_descriptions_say_what_changed_and_never_start_blank(hubs):
    feeds = hubs["clock-changes"].site.feeds
    (moved,) = parse_ics(feeds["events/moved-event.ics"]).walk("VEVENT")
    assert moved.one("DESCRIPTION").text() == (
        "Rescheduled from Saturday, November 28, 2026, 10 am. Moved a week later because of the "
        "parade.\n\nDetails: https://example.org/clocks/events/moved-event/"
    )
    bare = parse_ics(feeds["events/no-summary.ics"])
    assert bare.one("DESCRIPTION").text() == "Untitled Gathering"  # the calendar's, never empty
    (vevent,) = bare.walk("VEVENT")
    assert (
        vevent.one("DESCRIPTION").text() == "Details: https://example.org/clocks/events/no-summary/"
    )
    for data in feeds.values():
        for event in parse_ics(data).walk("VEVENT"):
            text = event.one("DESCRIPTION").text()
            assert text and not text.startswith("\n") and "\n\n\n" not in text


def test_a_feed_with_no_events_still_holds_a_component(hubs):
    """RFC 5545 3.4 asks for at least one component; vobject refuses a calendar without."""
    calendar = parse_ics(hubs["clock-changes"].site.feeds["feeds/categories/nothing-yet.ics"])
    assert [child.name for child in calendar.children] == ["VTIMEZONE"]
    assert calendar.walk("VTIMEZONE")[0].value("TZID") == "America/Chicago"


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
    master, *overrides, extra = calendar.walk("VEVENT")
    assert master.one("RRULE").value == "FREQ=WEEKLY;UNTIL=20270527T045959Z;BYDAY=WE"
    assert master.one("EXDATE").value == "20261223T153000,20261230T153000"
    assert master.all("RDATE") == []
    # The extra Saturday is an event of its own, with a UID made from the series' and its date.
    assert (extra.value("UID"), extra.value("DTSTART"), extra.value("DTEND")) == (
        "teen-tech-drop-in.20261219@riverside-library.github.io",
        "20261219T153000",
        "20261219T173000",
    )
    assert extra.one("DTSTART").params == {"TZID": "America/Chicago"}
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
