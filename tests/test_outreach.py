"""The hub beyond its website, each checked against what the content says, worked out here from
the content (its events expanded by date) and not by the code that renders the pages:

- print: every kind of event page, and the monthly listings per branch and per partner, printed
  by Chromium to PDF at Letter and A4 is one page, and its QR code, rendered from the PDF to PNG by
  poppler and read by Debian's zbarimg, is the page's published address;
- the widget, pasted as the partner page shows it into a page served from another origin: the
  events equal the truth, no request goes anywhere but the hub (and no referrer tells it where),
  no cookie, axe clean inside; without JavaScript, a link and a readable page;
- the lobby screen at 1920x1080 with the browser's clock pinned at several moments, in another
  zone than the hub's: on now and next equal the truth, the clock shows the hub's time, it
  updates and reloads itself;
- the text-only listing under 20,000 bytes a part, with the sample and with 10,000 events;
- the newsletter digest: inline styles only, no script, full addresses, per audience."""

from __future__ import annotations

import http.server
import io
import re
import shutil
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import html5lib
import pytest
from dateutil.relativedelta import relativedelta

from generator.content.load import load
from generator.content.recurrence import bounds, expand
from generator.options import resolve_now

import truth
from conftest import ROOT, needs, run_cli
from test_browser import PagesServer, browser  # noqa: F401  (fixture: one browser here)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
HTML = "{http://www.w3.org/1999/xhtml}"
BUILD_NOW = "2026-12-01T07:00"  # a Tuesday, with a busy week ahead
BROWSER_NOW = BUILD_NOW + ":00-06:00"
ZONE_ELSEWHERE = "Pacific/Auckland"  # the browser's own zone, far from the hub's

LONG = """\
---
title: An Evening of Stories, Songs and Recipes From Every Corner of Riverside, Told by the Neighbours Who Brought Them Here
summary: Neighbours from a dozen countries share the stories, songs and recipes they brought with them, with tastings, a children's corner and interpreters for every language spoken in the room tonight.
start: 2026-12-10 18:00
end: 20:30
location: central
room: Community Room A
partners: [youth-haven, new-neighbors-center]
audiences: [adults, families, newcomers]
categories: [culture, food]
languages: [en, es, so, vi]
access: [wheelchair, asl, interpretation, quiet-room]
accessibility: Step-free entrance on Main St with automatic doors; the room has a hearing loop, large-print programmes and a quiet room next door; ask at the desk for a seat near the interpreters.
cost: Free, with a suggested donation of a dish to share
registration: https://example.org/register/an-evening-of-stories-songs-and-recipes-from-every-corner-of-riverside
registration_required: true
contact: {name: Ana Ruiz, email: stories@riverside-library.example, phone: 555-0100}
image: media/events/storytime.svg
image_alt: A grandmother reading to two children on a sofa
---
""" + "\n\n".join(
    f"Story {n}: "
    + "The neighbours tell of the journeys, the kitchens and the songs of home. " * 12
    for n in range(21)  # about 18,600 characters: near the longest description check allows
)


def daily(title: str, start: str, end: str, changes: str = "") -> str:
    return (
        f'---\ntitle: "{title}"\nstart: 2026-12-01 {start}\nend: {end}\n'
        "repeat:\n  every: day\n  until: 2026-12-31\n"
        + changes
        + "location: westside-branch\npartners: [youth-haven]\naudiences: [teens]\n---\n"
        "Drop in any day.\n"
    )


EXTRA = {
    "events/outreach-long-evening.md": LONG,
    "events/outreach-homework.md": daily(
        "Daily Homework Help With Volunteers From Riverside High School", "10:00", "11:00"
    ),
    "events/outreach-maker.md": daily(
        "Afternoon Maker Space: Robots, Circuits and Paper Engineering for Everyone",
        "16:00",
        "17:30",
        # the first date moved to another branch; one called off
        changes="occurrences:\n  2026-12-01: {location: central}\n"
        '  2026-12-03: {status: cancelled, note: "Staff training"}\n',
    ),
}
# Each kind of event page that must print as a one-page flyer.
FLYERS = {
    "one-off": "fafsa-completion-night",
    "series": "teen-tech-drop-in",
    "cancelled": "holiday-card-workshop",
    "online": "author-talk-online",
    "hybrid": "library-board-meeting",
    "long description": "outreach-long-evening",
    "with image": "summer-robotics-camp",
}
LISTINGS = [  # (kind, slug, month): per branch and per partner, one with more than fits
    ("venues", "central", "2026/12"),
    ("venues", "westside-branch", "2026/12"),
    ("venues", "eastside-branch", "2027/01"),
    ("partners", "youth-haven", "2026/12"),
    ("partners", "new-neighbors-center", "2027/01"),
]


class Hub:
    """The test hub: the sample plus the events above, built and served under /community-hub/."""

    def __init__(self, root: Path):
        shutil.copytree(ROOT / "content", root / "content")
        for name, text in EXTRA.items():
            (root / "content" / name).write_text(text, encoding="utf-8")
        self.server = PagesServer(root)
        self.base = self.server.base
        self.folder = root / "community-hub"
        code, output = run_cli(
            [
                "build",
                "--content",
                str(root / "content"),
                "--templates",
                str(ROOT / "templates"),
                "--out",
                str(self.folder),
                "--base-url",
                self.base,
                "--now",
                BUILD_NOW,
                "--no-history",
            ]
        )
        assert (code, output) == (0, []), output
        self.content = root / "content"
        self.index = load(root / "content", False).index
        self.zone = self.index.site.timezone
        self.now = resolve_now(BUILD_NOW, None, self.zone)

    def occurrences(self, start: datetime, end: datetime) -> list:
        found = [o for event in self.index.events.values() for o in expand(event, start, end)]
        return sorted(found, key=lambda o: (*bounds(o), o.event.slug))

    def at(self, moment: str) -> datetime:
        return datetime.fromisoformat(moment).replace(tzinfo=self.zone)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    built = Hub(tmp_path_factory.mktemp("outreach"))
    yield built
    built.server.close()


def parse(data: bytes):
    return html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=True)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def context(browser, **options):  # noqa: F811
    options.setdefault("viewport", {"width": 1280, "height": 900})
    made = browser.new_context(**options)
    made.set_default_timeout(10_000)
    return made


# -- print ---------------------------------------------------------------------------------------


def decode(pdf: bytes, folder: Path) -> list[str]:
    """The QR codes zbarimg reads on the PDF's first page, rendered to PNG by poppler."""
    (folder / "page.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", "page.pdf", "page"], cwd=folder, check=True
    )
    read = subprocess.run(
        ["zbarimg", "--raw", "-q", "page.png"], cwd=folder, capture_output=True, text=True
    )
    return read.stdout.splitlines()


def printed(browser, url: str, folder: Path) -> dict[str, tuple[int, list[str], str]]:  # noqa: F811
    """For Letter and A4: (pages, QR codes read, text) of the page at `url` printed to PDF."""
    from pypdf import PdfReader

    needs(shutil.which("pdftoppm") is not None, "poppler-utils is not installed (pdftoppm)")
    needs(shutil.which("zbarimg") is not None, "zbar-tools is not installed (zbarimg)")
    found = {}
    browsing = context(browser)
    page = browsing.new_page()
    page.goto(url, wait_until="networkidle")
    for paper in ("Letter", "A4"):
        pdf = page.pdf(format=paper)
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        found[paper] = (len(reader.pages), decode(pdf, folder), text)
    browsing.close()
    return found


@pytest.mark.parametrize("kind", sorted(FLYERS))
def test_every_kind_of_event_page_prints_on_one_page_with_a_qr_code_to_itself(
    browser,  # noqa: F811
    hub,
    kind,
    tmp_path,
):
    slug = FLYERS[kind]
    url = hub.base + f"events/{slug}/"
    event = hub.index.events[slug]
    title_start = " ".join(event.title.split()[:3])
    for paper, (pages, codes, text) in printed(browser, url, tmp_path).items():
        assert (paper, pages, codes) == (paper, 1, [url])
        assert title_start in text and "When" in text and ("Cost" in text), (paper, text[:300])
        assert "openstreetmap" not in text and "Add to Google Calendar" not in text
        assert "About this event" not in text, "the long description is left to the page"


def truth_for_listing(hub: Hub, kind: str, slug: str, month: str) -> list[tuple[str, str]]:
    first = date(int(month[:4]), int(month[5:]), 1)
    start = datetime.combine(first, datetime.min.time(), hub.zone)
    end = datetime.combine(first + relativedelta(months=1), datetime.min.time(), hub.zone)
    found = []
    for o in hub.occurrences(start, end):
        place = o.location or o.event.location
        named = place == slug or (
            kind == "partners" and slug in [link.slug for link in o.event.partners]
        )
        if named and start <= bounds(o)[0] < end and bounds(o)[1] > hub.now:
            found.append((bounds(o)[0].isoformat(), o.event.title))
    return found


@pytest.mark.parametrize(("kind", "slug", "month"), LISTINGS)
def test_monthly_listings_print_on_one_page_with_the_truth_and_a_qr_code_to_the_live_page(
    browser,  # noqa: F811
    hub,
    kind,
    slug,
    month,
    tmp_path,
):
    url = hub.base + f"print/{kind}/{slug}/{month}/"
    document = parse((hub.folder / f"print/{kind}/{slug}/{month}/index.html").read_bytes())
    lines = [
        (li.find(f"{HTML}time").get("datetime"), text_of(li.find(f"{HTML}a")))
        for li in document.iter(f"{HTML}li")
        if li.find(f"{HTML}time") is not None
    ]
    truth = truth_for_listing(hub, kind, slug, month)
    assert truth, "a listing with nothing to show proves nothing"
    assert lines == truth[:36]
    more = [text_of(p) for p in document.iter(f"{HTML}p") if p.get("class") == "print-more"]
    assert more == (
        [f"And {len(truth) - 36} more events this month: scan the code to see them all."]
        if len(truth) > 36
        else []
    )
    live = hub.base + (f"partners/{slug}/" if kind == "partners" else f"venues/{slug}/")
    for paper, (pages, codes, text) in printed(browser, url, tmp_path).items():
        assert (paper, pages, codes) == (paper, 1, [live])
        assert truth[min(len(truth), 36) - 1][1].split()[0] in text  # the last line is printed


def test_a_month_with_more_events_than_fit_says_how_many_more(hub):
    assert len(truth_for_listing(hub, "venues", "westside-branch", "2026/12")) > 36


# -- the widget on a partner's site --------------------------------------------------------------


class PartnerSite:
    """A partner's own website on another port of 127.0.0.1 (another origin), with the snippet
    its page on the hub shows pasted into a sidebar."""

    def __init__(self, root: Path, snippet: str):
        root.mkdir()
        (root / "index.html").write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Youth Haven</title>'
            '<link rel="icon" href="data:,"></head><body><main><h1>Youth Haven</h1>'
            "<p>Drop-in services for young people.</p>"
            f'<aside style="width:320px">{snippet}</aside></main></body></html>',
            encoding="utf-8",
        )

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args):
                super().__init__(*args, directory=str(root))

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def snippet_on_partner_page(hub: Hub, slug: str) -> str:
    document = parse((hub.folder / f"partners/{slug}/index.html").read_bytes())
    details = next(d for d in document.iter(f"{HTML}details") if d.get("class") == "staff-only")
    return "".join(details.find(f"{HTML}pre").itertext())


def widget_truth(hub: Hub, keep) -> list[tuple[str, str]]:
    """What a widget shows at the build's moment, from the content alone (tests/truth.py): as on
    every upcoming list, each event's next date that is not cancelled (any, for a cancelled
    event) and every date written about on its own (an extra or changed date), among the dates
    `keep(event, date)` picks; the first five in time order, as (title, start)."""
    content = truth.read_hub(hub.content)
    horizon = hub.now + relativedelta(months=content.horizon_months)
    rows = []
    for event in content.events.values():
        dates = [d for d in event.dates if hub.now < d.end and d.start < horizon and keep(event, d)]
        candidates = [d for d in dates if event.cancelled or not d.cancelled]
        for d in dates:
            if d.irregular or (candidates and d is candidates[0]):
                start = d.first_day.isoformat() if d.all_day else d.start.isoformat()
                rows.append((d.start, d.end, event.slug, event.title, start))
    rows.sort()
    return [(title, start) for _, _, _, title, start in rows[:5]]


def with_partner(slug: str):
    """A partner's dates: the partner named on the event, or the place that date is at."""
    return lambda event, d: slug in event.partners or d.location == slug


WIDGET_ITEMS = """() => [...document.querySelectorAll("li")].filter(li => !li.hidden).map(li =>
  [li.querySelector("a").textContent, li.querySelector("time").getAttribute("datetime")])"""
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                  resultTypes: ["violations"]})
  .then(result => result.violations.map(v => v.id + ": " + v.help))"""


def test_the_partner_snippet_shows_the_truth_from_the_hub_only_without_cookies_and_accessibly(
    browser,  # noqa: F811
    hub,
    tmp_path,
):
    needs(AXE.is_file(), "axe-core is not installed (npm ci)")
    snippet = snippet_on_partner_page(hub, "youth-haven")
    assert snippet == (
        f'<bulletin-events src="{hub.base}widget/partners/youth-haven/">'
        f'<a href="{hub.base}partners/youth-haven/">'
        "Upcoming events with Youth Haven at Riverside Community Hub</a></bulletin-events>\n"
        f'<script src="{hub.base}assets/widget.js" defer referrerpolicy="no-referrer"></script>'
    )
    partner = PartnerSite(tmp_path / "partner", snippet)
    browsing = context(browser)
    browsing.clock.set_fixed_time(BROWSER_NOW)
    browsing.add_init_script(path=str(AXE))
    requests, problems = [], []
    page = browsing.new_page()
    page.on("request", lambda r: requests.append((r.url, r.headers.get("referer"))))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(partner.url, wait_until="networkidle")
    page.wait_for_function(
        "() => { const f = document.querySelector('bulletin-events iframe');"
        " return f && f.style.height !== '24rem'; }"
    )
    frame = next(f for f in page.frames if f.url == hub.base + "widget/partners/youth-haven/")
    shown = frame.evaluate(WIDGET_ITEMS)
    violations = frame.evaluate(RUN_AXE, TAGS)
    frame_height = page.evaluate("document.querySelector('bulletin-events iframe').offsetHeight")
    content_height = frame.evaluate("document.documentElement.scrollHeight")
    cookies = browsing.cookies() + [frame.evaluate("document.cookie")]
    title = page.locator("bulletin-events iframe").get_attribute("title")
    browsing.close()
    partner.close()

    assert [tuple(item) for item in shown] == widget_truth(hub, with_partner("youth-haven"))
    assert len(shown) == 5
    hub_origin, partner_origin = (
        f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in (hub.base, partner.url)
    )
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u, _ in requests}
    assert origins == {hub_origin, partner_origin}
    assert [u for u, _ in requests if u.startswith(partner_origin)] == [partner.url]
    # The hub is never told which page of the partner's site the widget is on.
    assert all(not referrer or referrer.startswith(hub.base) for _, referrer in requests)
    assert cookies == [""]
    assert violations == []
    assert abs(frame_height - content_height) <= 1, "the frame is as tall as its list"
    assert title == "Upcoming events with Youth Haven at Riverside Community Hub"
    assert problems == []


def test_without_javascript_the_snippet_is_a_link_and_the_widget_page_reads_alone(
    browser,  # noqa: F811
    hub,
    tmp_path,
):
    partner = PartnerSite(tmp_path / "partner", snippet_on_partner_page(hub, "youth-haven"))
    browsing = context(browser, java_script_enabled=False)
    page = browsing.new_page()
    page.goto(partner.url)
    link = page.locator("bulletin-events a")
    assert (link.get_attribute("href"), page.locator("iframe").count()) == (
        hub.base + "partners/youth-haven/",
        0,
    )
    page.goto(hub.base + "widget/partners/youth-haven/")
    shown = [
        (a.inner_text(), t.get_attribute("datetime"))
        for a, t in zip(
            page.locator("li:not([hidden]) a").all(),
            page.locator("li:not([hidden]) time").all(),
            strict=True,
        )
    ]
    browsing.close()
    partner.close()
    assert shown == widget_truth(hub, with_partner("youth-haven"))


def test_widgets_for_a_venue_an_audience_and_a_language_hold_their_events(hub):
    def titles(path: str) -> list[tuple[str, str]]:
        document = parse((hub.folder / path / "index.html").read_bytes())
        return [
            (text_of(li.find(f".//{HTML}a")), li.find(f".//{HTML}time").get("datetime"))
            for li in document.iter(f"{HTML}li")
            if li.get("hidden") is None
        ]

    for path, wanted in [
        ("widget/venues/westside-branch", lambda event, d: d.location == "westside-branch"),
        ("widget/audiences/teens", lambda event, d: "teens" in event.words("audiences")),
        ("widget/languages/so", lambda event, d: "so" in event.words("languages")),
    ]:
        assert titles(path) == widget_truth(hub, wanted), path


# -- the lobby screen ----------------------------------------------------------------------------

MOMENTS = [
    "2026-12-01T07:00",  # the build's moment
    "2026-12-01T10:30",  # the homework help is on
    "2026-12-02T16:10",  # the maker space is on
    "2026-12-03T16:10",  # ... but not that day: cancelled
    "2026-12-05T23:30",  # late: nothing on, the next day's first
    "2026-12-07T16:59",
]
SCREEN = """() => {
  const shown = list => [...document.querySelectorAll(list + " li")].filter(li => !li.hidden)
    .map(li => [li.querySelector(".title").firstChild.textContent.trim(),
                li.querySelector("time").getAttribute("datetime"),
                !li.querySelector(".day").hidden]);
  return {now: shown("#now-list"), next: shown("#next-list"),
          clock: document.getElementById("clock").textContent,
          nothingNow: !document.getElementById("nothing-now").hidden,
          offscreen: [...document.querySelectorAll("h1, h2, .clock, li:not([hidden]), .scan")]
            .filter(e => { const box = e.getBoundingClientRect();
                           return box.bottom > innerHeight || box.right > innerWidth; })
            .map(e => e.textContent.trim().slice(0, 40)),
          height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth};
}"""


def screen_truth(hub: Hub, slug: str, moment: datetime) -> dict:
    week = hub.now + timedelta(days=7)
    held = [
        o
        for o in hub.occurrences(hub.now, week)
        if (o.location or o.event.location) == slug and bounds(o)[1] > hub.now
    ][:60]

    def line(o):
        return [o.event.title, bounds(o)[0].isoformat(), bounds(o)[0].date() != moment.date()]

    on_now = [line(o) for o in held if bounds(o)[0] <= moment < bounds(o)[1] and not o.cancelled]
    return {
        "now": [[title, start, False] for title, start, _ in on_now],
        "next": [line(o) for o in held if bounds(o)[0] > moment][:4],
    }


def clock_text(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return (
        f"{moment:%A}, {moment:%B} {moment.day} at {hour}:{moment.minute:02d} "
        f"{'AM' if moment.hour < 12 else 'PM'}"
    )


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_lobby_screen_shows_what_is_on_now_and_next_at_any_moment(browser, hub, moment):  # noqa: F811
    at = hub.at(moment)
    browsing = context(
        browser, viewport={"width": 1920, "height": 1080}, timezone_id=ZONE_ELSEWHERE
    )
    browsing.clock.set_fixed_time(at.isoformat())
    page = browsing.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(hub.base + "display/westside-branch/", wait_until="networkidle")
    shown = page.evaluate(SCREEN)
    browsing.close()
    truth = screen_truth(hub, "westside-branch", at)
    assert (shown["now"], shown["next"]) == (truth["now"], truth["next"])
    assert shown["nothingNow"] == (truth["now"] == [])
    assert shown["clock"] == clock_text(at)
    assert (shown["width"], shown["height"], shown["offscreen"]) == (1920, 1080, [])
    assert truth["next"], "the moments are chosen so that something is coming"
    assert problems == []


def test_the_lobby_screen_moves_on_by_itself_and_reloads_every_ten_minutes(browser, hub):  # noqa: F811
    start = hub.at("2026-12-01T09:55")
    browsing = context(browser, viewport={"width": 1920, "height": 1080})
    browsing.clock.install(time=start.isoformat())
    page = browsing.new_page()
    loads = []
    page.on("request", lambda r: loads.append(r.resource_type) if "display/" in r.url else None)
    address = hub.base + "display/westside-branch/"
    page.goto(address, wait_until="networkidle")
    before = page.evaluate(SCREEN)
    page.clock.run_for("06:00")  # 10:01: the homework help has started; no reload yet
    after = page.evaluate(SCREEN)
    assert loads == ["document"]
    with page.expect_navigation():
        page.clock.run_for("05:00")  # past ten minutes: the hub answers, so the page reloads
    browsing.close()
    assert (
        before["now"] == []
        and after["now"]
        == screen_truth(hub, "westside-branch", hub.at("2026-12-01T10:01"))["now"]
        != []
    )
    assert loads[:3] == ["document", "fetch", "document"]


def test_without_javascript_the_lobby_screen_shows_the_builds_moment(hub):
    document = parse((hub.folder / "display/westside-branch/index.html").read_bytes())

    def visible(list_id: str) -> list[str]:
        found = next(e for e in document.iter(f"{HTML}ul") if e.get("id") == list_id)
        return [
            li.find(f".//{HTML}time").get("datetime")
            for li in found.iter(f"{HTML}li")
            if li.get("hidden") is None
        ]

    truth = screen_truth(hub, "westside-branch", hub.now)
    assert visible("now-list") == [start for _, start, _ in truth["now"]]
    assert visible("next-list") == [start for _, start, _ in truth["next"]]


# -- text only -----------------------------------------------------------------------------------


def text_parts(folder: Path, base_path: str) -> list[bytes]:
    parts, path = [], "text/"
    while path:
        data = (folder / path / "index.html").read_bytes()
        parts.append(data)
        following = re.search(rb'<a href="([^"]+)" rel="next">', data)
        path = following.group(1).decode()[len(base_path) :] if following else None
    return parts


def test_the_text_only_listing_holds_the_coming_four_weeks_in_parts_under_20000_bytes(hub):
    parts = text_parts(hub.folder, urlsplit(hub.base).path)
    lines = []
    for data in parts:
        assert len(data) <= 20_000
        assert not re.search(rb"<img|<script|<link rel=\"stylesheet\"|<svg|style=", data)
        assert len(re.search(rb"<style>(.*?)</style>", data).group(1)) < 400  # a few lines
        lines += re.findall(rb'<li><a href="[^"]*/events/([^/"]+)/">', data)
    truth = [
        o.event.slug.encode()
        for o in hub.occurrences(hub.now, hub.now + timedelta(weeks=4))
        if bounds(o)[1] > hub.now and bounds(o)[0] < hub.now + timedelta(weeks=4)
    ]
    assert lines == truth


def test_the_text_only_listing_stays_under_20000_bytes_a_part_at_10000_events(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    from generator.render.outreach import Outreach
    from generator.render.pages import Pages
    from generator.render.urls import Urls

    synth.generate(tmp_path, 10_000)
    index = load(tmp_path / "content", False).index
    now = resolve_now(synth.NOW, None, index.site.timezone)
    pages = Pages(index, Urls(index.site.base_url), now, ROOT / "templates", {})
    outreach = Outreach(pages)
    parts = list(outreach.text_pages())
    sizes = [len(data) for _, data in parts]
    listed = sum(data.count(b"<li>") for _, data in parts)
    coming = [o for o in outreach.window if bounds(o)[0] < now + timedelta(weeks=4)]
    print(f"text only at 10,000 events: {len(parts)} parts, largest {max(sizes):,} bytes")
    assert max(sizes) <= 20_000 and len(parts) > 1
    assert listed == len(coming)
    assert [p for p, _ in parts] == ["text/index.html"] + [
        f"text/{n}/index.html" for n in range(2, len(parts) + 1)
    ]


# -- newsletter ----------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", [None, "teens", "seniors"])
def test_the_newsletter_digest_pastes_into_email_and_holds_the_week(hub, audience):
    path = f"newsletter/{audience}/" if audience else "newsletter/"
    data = (hub.folder / path / "index.html").read_bytes()
    document = parse(data)
    body = next(document.iter(f"{HTML}body"))
    assert not list(document.iter(f"{HTML}script")) and not list(document.iter(f"{HTML}style"))
    for element in body.iter():
        assert element.get("class") is None, element.tag
    for tag in ("h1", "h2", "p", "a", "table"):
        for element in body.iter(f"{HTML}{tag}"):
            assert element.get("style"), tag
    links = [a.get("href") for a in body.iter(f"{HTML}a")]
    assert links and all(link.startswith(hub.base) for link in links)
    week_end = datetime.combine(hub.now.date() + timedelta(days=7), datetime.min.time(), hub.zone)
    chosen = {}
    for o in hub.occurrences(hub.now, week_end):
        if bounds(o)[1] > hub.now and bounds(o)[0] < week_end and not o.cancelled:
            if audience is None or audience in o.event.audiences:
                chosen.setdefault(o.event.slug, o)
    truth = sorted(chosen.values(), key=lambda o: (*bounds(o), o.event.slug))
    assert truth
    titles = [
        text_of(a) for a in body.iter(f"{HTML}a") if re.search(r"/events/[^/]+/$", a.get("href"))
    ]
    assert titles == [o.event.title for o in truth]
    assert [urljoin(hub.base, link) for link in links[: len(truth)]] == [
        hub.base + f"events/{o.event.slug}/" for o in truth
    ]


def test_the_staff_guide_quotes_the_snippet_the_sample_partner_page_shows():
    guide = (ROOT / "docs" / "staff-guide.md").read_text(encoding="utf-8")
    quoted = re.search(r"<!-- widget snippet: youth-haven -->\n```html\n(.*?)\n```", guide, re.S)
    page = parse(
        (ROOT / "tests" / "golden" / "partners" / "youth-haven" / "index.html").read_bytes()
    )
    details = next(d for d in page.iter(f"{HTML}details") if d.get("class") == "staff-only")
    assert quoted.group(1) == "".join(details.find(f"{HTML}pre").itertext())
