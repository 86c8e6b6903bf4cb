"""What patrons see equals what the content says, at every moment of a week, with and without
JavaScript (issue 13).

The site is built as the Publish workflow builds it, every night at 06:17 UTC; at each moment the
site served is the last night's build. Debian's Chromium (Playwright, its clock set to the moment)
opens the home page, /events/, /events/past/, an audience page and a partner page, and the events
they show (each section, each day's group, each title with its start) must equal what the content
says for that moment, worked out here from the files alone (tests/truth.py), never from the
generator. Without JavaScript a page shows what was true when it was built, so it is held to the
build's moment; with JavaScript, to the reader's.

Two weeks, each with a clock change: the sample hub around the spring-forward Sunday (teen
programs, a library with many series), and the clock-changes hub around the fall-back Sunday
(sessions past midnight, at 01:30 on the night 01:30 happens twice, an overnight lock-in).
Moments: just after midnight (before that night's build), each session's start and end, and late
evening; one browser, one tab per mode, reused.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from generator.build import build
from generator.options import BuildOptions

import truth
from conftest import ROOT, needs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NIGHTLY = time(6, 17)  # UTC, as .github/workflows/pages.yml's cron
MOMENTS_PER_DAY = 6  # besides just after midnight and late evening


@dataclass(frozen=True)
class Week:
    name: str
    content: Path
    first: date  # the hub's days, first and last
    last: date
    audience: str
    partner: str


WEEKS = [
    Week("sample", ROOT / "content", date(2027, 3, 10), date(2027, 3, 16), "teens", "youth-haven"),
    Week(
        "clock-changes",
        ROOT / "tests" / "hubs" / "clock-changes" / "content",
        date(2026, 10, 29),
        date(2026, 11, 3),
        "night-owls",
        "youth-haven",
    ),
]


# -- what the content says at a moment ------------------------------------------------------------

Shown = tuple[str, str, str, str]  # (list, day group or "", title, start as in <time datetime>)


def start_text(when: truth.Date) -> str:
    return when.first_day.isoformat() if when.all_day else when.start.isoformat()


def hub_day(when: truth.Date, zone: ZoneInfo) -> date:
    return when.first_day if when.all_day else when.start.astimezone(zone).date()


def day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), zone)


def upcoming(hub: truth.Hub, built: datetime, moment: datetime, keep) -> set[Shown]:
    """An upcoming list: in the build's window, each event's dates written about on their own
    that have not ended, and its next date: the first not ended and not cancelled (any, for a
    cancelled event). `keep(event, date)` picks the list's dates."""
    horizon = built + relativedelta(months=hub.horizon_months)
    shown = set()
    for event in hub.events.values():
        dates = [
            d
            for d in event.dates
            if d.end > built and d.start < horizon and d.end > moment and keep(event, d)
        ]
        candidates = [d for d in dates if event.cancelled or not d.cancelled]
        for d in dates:
            if d.irregular or (candidates and d is candidates[0]):
                shown.add(
                    ("upcoming-list", hub_day(d, hub.zone).isoformat(), event.title, start_text(d))
                )
    return shown


def involves_partner(slug: str):
    return lambda event, d: slug in event.partners or d.location == slug


def expected(page: str, week: Week, hub: truth.Hub, built: datetime, moment: datetime):
    zone = hub.zone
    today = moment.astimezone(zone).date()
    if page == "home":
        shown = set()
        for event in hub.events.values():
            for d in event.dates:
                first = hub_day(d, zone)
                if day_start(first, zone) <= moment < d.end:
                    shown.add(("today-list", "", event.title, start_text(d)))
                if day_start(first - timedelta(days=7), zone) <= moment < day_start(first, zone):
                    shown.add(("week-list", first.isoformat(), event.title, start_text(d)))
        assert today  # (the day is in the moment)
        return shown
    if page == "events":
        return upcoming(hub, built, moment, lambda event, d: True)
    if page == "audience":
        return upcoming(hub, built, moment, lambda e, d: week.audience in e.words("audiences"))
    if page == "past":
        shown = set()
        for event in hub.events.values():
            if event.open_ended or not event.dates:
                continue
            last = max(event.dates, key=lambda d: (d.start, d.end))
            finished = max(d.end for d in event.dates)
            if finished <= moment < last.end + relativedelta(years=2):
                shown.add(("past-list", "", event.title, start_text(last)))
        return shown
    if page == "partner":
        involved = involves_partner(week.partner)
        shown = upcoming(hub, built, moment, involved)
        ended = sorted(
            (
                (d.start, event.title, start_text(d))
                for event in hub.events.values()
                for d in event.dates
                if involved(event, d) and d.end <= moment < d.end + timedelta(days=90)
            ),
            reverse=True,
        )[:10]
        return shown | {("recent-list", "", title, start) for _, title, start in ended}
    raise AssertionError(page)


# -- the site as published, night after night -----------------------------------------------------


def nightly_builds(week: Week, zone: ZoneInfo) -> list[datetime]:
    """The build moments serving the week: the night before its first day, then each night."""
    first = datetime.combine(week.first - timedelta(days=1), NIGHTLY, UTC)
    last = datetime.combine(week.last + timedelta(days=1), NIGHTLY, UTC)
    moments, moment = [], first
    while moment <= last:
        moments.append(moment.astimezone(zone))
        moment += timedelta(days=1)
    return moments


def moments(week: Week, hub: truth.Hub) -> list[datetime]:
    """Moments across the week: just after midnight (the night's build is later), late evening,
    and each session's start and end (a minute either side), a few a day, spread out."""
    zone = hub.zone
    found = []
    day = week.first
    while day <= week.last:
        edges = sorted(
            {
                edge + shift
                for event in hub.events.values()
                for d in event.dates
                for edge in (d.start, d.end)
                if edge.astimezone(zone).date() == day
                for shift in (timedelta(minutes=-1), timedelta(minutes=1))
            }
        )
        step = max(1, len(edges) // MOMENTS_PER_DAY)
        found += [
            datetime.combine(day, time(0, 5), zone),
            *edges[::step][:MOMENTS_PER_DAY],
            datetime.combine(day, time(23, 55), zone),
        ]
        day += timedelta(days=1)
    return sorted(set(found))


class Server:
    def __init__(self, root: Path):
        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args):
                super().__init__(*args, directory=str(root))

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    needs(CHROMIUM is not None, "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        needs(False, "the playwright package is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


VISIBLE = """() => Array.from(document.querySelectorAll("li.event"))
  .filter((item) => item.checkVisibility())
  .map((item) => {
    const list = item.closest("[id$='-list']");
    const day = item.closest(".day");
    return [list ? list.id : "", day ? day.querySelector("time").getAttribute("datetime") : "",
            item.querySelector(".event-title").textContent.trim(),
            item.querySelector(".meta time").getAttribute("datetime")];
  })"""
NOTES = """() => Array.from(document.querySelectorAll("[data-empty-for]"))
  .filter((note) => note.checkVisibility()).map((note) => note.getAttribute("data-empty-for"))"""
PAGES = {"home": "", "events": "events/", "past": "events/past/"}
LISTS = {  # the lists with a note for when they show nothing ("No more events today.")
    "home": ("today-list", "week-list"),
    "events": ("upcoming-list",),
    "past": ("past-list",),
    "audience": ("upcoming-list",),
    "partner": ("upcoming-list",),
}


def paths(week: Week) -> dict[str, str]:
    return {
        **PAGES,
        "audience": f"audiences/{week.audience}/",
        "partner": f"partners/{week.partner}/",
    }


@pytest.mark.parametrize("week", WEEKS, ids=lambda week: week.name)
def test_every_list_shows_the_truth_at_every_moment_of_the_week(browser, week, tmp_path):
    hub = truth.read_hub(week.content)
    server = Server(tmp_path)
    try:
        builds = []
        for number, moment in enumerate(nightly_builds(week, hub.zone)):
            out = tmp_path / f"night-{number}"
            result = build(
                BuildOptions(
                    week.content,
                    ROOT / "templates",
                    out,
                    lambda zone, moment=moment: moment.astimezone(zone),
                    base_url=f"{server.base}night-{number}/",
                    history=False,
                    cache_dir=tmp_path / "cache",
                )
            )
            assert result.written, [str(problem) for problem in result.problems]
            builds.append((moment, f"{server.base}night-{number}/"))
        wrong = []
        for javascript in (False, True):
            context = browser.new_context(java_script_enabled=javascript)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            checked = set()
            for moment in moments(week, hub):
                built, base = max(b for b in builds if b[0] <= moment)
                if not javascript:
                    if built in checked:
                        continue  # a page without script is the same all night
                    checked.add(built)
                    moment_seen = built
                else:
                    page.clock.set_fixed_time(moment)
                    moment_seen = moment
                for name, path in paths(week).items():
                    page.goto(base + path)
                    seen = {tuple(item) for item in page.evaluate(VISIBLE)}
                    want = expected(name, week, hub, built, moment_seen)
                    # A list showing nothing shows its note instead ("No more events today.").
                    seen |= {("note", note, "", "") for note in page.evaluate(NOTES)}
                    want |= {
                        ("note", listed, "", "")
                        for listed in LISTS[name]
                        if not any(shown[0] == listed for shown in want)
                    }
                    if seen != want:
                        wrong.append(
                            f"{'with' if javascript else 'without'} JavaScript, "
                            f"{moment_seen:%a %Y-%m-%d %H:%M %Z} (built {built:%a %H:%M}), "
                            f"{name}: missing {sorted(want - seen)}, extra {sorted(seen - want)}"
                        )
            assert errors == []
            context.close()
        assert wrong == []
    finally:
        server.close()
