"""The built site in a real browser, used the way patrons use it: Debian's Chromium driven by
Playwright (never a downloaded browser). Patrons' paths through the site with and without JavaScript,
the keyboard (skip link, visible focus), the 404 page GitHub Pages serves for a missing address, and
every page kind at phone and desktop widths. Anywhere, a console error, a failed request, an HTTP
error or a request to another host fails the test. Screenshots land in tests/artifacts/screens/
(git-ignored) for people to look at."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import NOW, ROOT, build_site, needs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "tests" / "artifacts" / "screens"
PAGES = {
    "home": "",
    "event": "events/teen-tech-drop-in/",
    "month": "calendar/2026/12/",
    "partner": "partners/youth-haven/",
    "impact": "impact/",
    "events": "events/",
    "subscribe": "subscribe/",
    "search": "search/?audience=teens&when=month",
    "print listing": "print/venues/central/2026/12/",
    "widget": "widget/partners/youth-haven/",
    "lobby screen": "display/eastside-branch/",
    "text only": "text/",
    "newsletter": "newsletter/teens/",
}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The build's "now" (America/Chicago), so enhance.js hides the same ended events on any day.
BROWSER_NOW = NOW + ":00-06:00"


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


class PagesServer:
    """The built site on 127.0.0.1 under /community-hub/, answering a missing address at any depth
    with the site's own 404.html and status 404, as GitHub Pages does for a project site."""

    def __init__(self, root: Path):
        site = root / "community-hub"

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args):
                super().__init__(*args, directory=str(root))

            def log_message(self, *args):
                pass

            def send_error(self, code, message=None, explain=None):
                if code != 404 or not (site / "404.html").is_file():
                    return super().send_error(code, message, explain)
                body = (site / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/community-hub/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The root URL of the sample site, built for and served under /community-hub/."""
    root = tmp_path_factory.mktemp("pages")
    server = PagesServer(root)
    assert build_site(root / "community-hub", "--base-url", server.base)[0] == 0
    yield server.base
    server.close()


def visit(browser, url: str, width: int, javascript: bool = True, scheme: str = "light"):
    """Open url in a new tab; return (page, problems) as tab() does."""
    page, problems = tab(browser, url, width, javascript, scheme)
    page.goto(url, wait_until="load")  # after every image (see test_accessibility.py)
    return page, problems


def tab(browser, site: str, width: int, javascript: bool = True, scheme: str = "light"):
    """A new tab, in a window of its own, for pages of `site`; return (page, problems) where problems
    lists, for every page the tab goes on to show, console errors, script errors, failed or foreign
    requests and HTTP errors."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
        color_scheme=scheme,
    )
    context.set_default_timeout(5_000)  # a missing link fails in seconds, not Playwright's 30
    if javascript:
        context.clock.set_fixed_time(BROWSER_NOW)
    page = context.new_page()
    problems: list[str] = []
    host = site.split("/")[2]
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})"))
    page.on(
        "request",
        lambda r: (
            problems.append(f"foreign request: {r.url}")
            if r.url.split("/")[2:3] != [host] and not r.url.startswith("data:")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    return page, problems


def heading(page) -> str:
    return page.locator("h1").inner_text()


def follow(page, link) -> None:
    """Click a link (a selector or locator) and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        (page.locator(link) if isinstance(link, str) else link).click()


def fetch_calendar(page, url: str) -> str:
    """What a calendar app gets from a feed or .ics address (webcal:// is http(s):// to apps)."""
    response = page.request.get(urljoin(page.url, re.sub(r"^webcal://", "http://", url)))
    body = response.text()
    assert (response.status, body[:15]) == (200, "BEGIN:VCALENDAR"), url
    return body


# -- patrons' paths ----------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_patron_finds_an_event_its_partner_the_calendar_and_subscribes(browser, site, javascript):
    page, problems = visit(browser, site, 375, javascript=javascript)
    assert heading(page) == "Riverside Community Hub"

    first = page.locator("section[aria-labelledby=this-week] .event-title a").first
    title = first.inner_text()
    follow(page, first)
    assert heading(page) == title
    fetch_calendar(page, page.locator(".add-to-calendar a[download]").get_attribute("href"))

    follow(page, "dl.facts a:text-is('Teens (13-18)')")
    assert (page.url, heading(page)) == (site + "audiences/teens/", "Events for Teens (13-18)")
    # Listed at its next date and again at each date that differs; any of them leads to it.
    follow(page, page.locator(".event-title a:text-is('Teen Tech Drop-In')").first)
    assert heading(page) == "Teen Tech Drop-In"

    follow(page, "dl.facts a:text-is('Riverside Area WorkForce Connect')")
    assert (page.url, heading(page)) == (
        site + "partners/workforce-connect/",
        "Riverside Area WorkForce Connect",
    )

    follow(page, "nav[aria-label=Main] a:text-is('Calendar')")
    assert (page.url, heading(page)) == (site + "calendar/2026/11/", "November 2026")
    follow(page, ".month-nav a[rel=next]")
    assert (page.url, heading(page)) == (site + "calendar/2026/12/", "December 2026")

    follow(page, "nav[aria-label=Main] a:text-is('Subscribe')")
    assert (page.url, heading(page)) == (site + "subscribe/", "Subscribe to a calendar")
    everything = page.locator("section[aria-labelledby=everything]")
    webcal = everything.locator("a[href^='webcal:']").get_attribute("href")
    address = everything.locator("input.copy").input_value()
    feed = site + "feeds/all.ics"
    assert (webcal, address) == (re.sub(r"^https?://", "webcal://", feed), feed)
    assert "BEGIN:VEVENT" in fetch_calendar(page, address)
    page.context.close()
    assert problems == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_missing_address_at_any_depth_shows_a_working_404_page(browser, site, javascript):
    # GitHub Pages answers every missing address with 404.html, so its links and assets must not
    # depend on how deep the missing address was.
    for missing in ["404.html", "no-such-page/", "events/removed-event/and/deeper/"]:
        page, problems = visit(browser, site + missing, 375, javascript=javascript)
        assert heading(page) == "Page not found"
        styled = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).borderBottomStyle"
        )
        home = page.locator("a.brand").get_attribute("href")
        follow(page, "main a:text-is('Upcoming events')")
        assert (page.url, heading(page)) == (site + "events/", "Upcoming events")
        page.context.close()
        expected = (
            []
            if missing == "404.html"
            else [
                f"HTTP 404: {site + missing}",
                "console error: Failed to load resource: the server responded with a status of 404 (Not Found)",
            ]
        )
        assert (problems, styled, home) == (expected, "solid", urlsplit(site).path)


# -- the keyboard ------------------------------------------------------------------------------

FOCUS_STATE = """element => {
  const style = getComputedStyle(element);
  let behind = element.parentElement;
  while (behind && /rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(behind).backgroundColor)) {
    behind = behind.parentElement;
  }
  const box = element.getBoundingClientRect();
  return {label: (element.getAttribute("href") || element.tagName) + " " + element.textContent.trim(),
          outline: [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor],
          shadow: style.boxShadow,
          background: behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)",
          visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight};
}"""


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(one), luminance(two)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_problems(page) -> list[str]:
    """What is wrong with the focused element's focus indicator: it must be a solid outline at
    least 2px wide, 3:1 against what is behind it, visible on screen, and gone when not focused."""
    focused = page.evaluate_handle("document.activeElement")
    state = page.evaluate(FOCUS_STATE, focused)
    style, width, colour = state["outline"]
    found = []
    if style in ("none", "hidden") or width < 2:
        found.append(f"{state['label']}: no clear outline when focused ({style} {width}px)")
    elif contrast(colour, state["background"]) < 3:
        found.append(
            f"{state['label']}: outline {colour} is only "
            f"{contrast(colour, state['background']):.1f}:1 against {state['background']}"
        )
    if not state["visible"]:
        found.append(f"{state['label']}: focused but not on screen")
    page.evaluate("element => element.blur()", focused)
    resting = page.evaluate(FOCUS_STATE, focused)
    if (resting["outline"], resting["shadow"]) == (state["outline"], state["shadow"]):
        found.append(f"{state['label']}: looks the same focused and not focused")
    page.evaluate("element => element.focus()", focused)
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_keyboard_reaches_navigation_and_add_to_calendar_with_a_visible_focus(
    browser, site, scheme
):
    page, problems = visit(browser, site + "events/teen-tech-drop-in/", 1280, scheme=scheme)
    reached, wrong = [], []
    while len(reached) < 60 and not (reached and "Outlook.com" in reached[-1]):
        page.keyboard.press("Tab")
        wrong += focus_problems(page)
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    page.context.close()
    assert reached[0] == "Skip to main content"
    assert reached[2:6] == ["Events", "Calendar", "Partners", "Subscribe"]
    assert {
        "Download every date (.ics) for Apple, Outlook and others",
        "Add one date to Google Calendar",
        "Add one date to Outlook.com",
    } <= set(reached)
    assert wrong == [], "focus not clearly visible:\n" + "\n".join(wrong)
    assert problems == []


def test_the_skip_link_is_the_first_tab_stop_and_moves_to_the_main_content(browser, site):
    page, problems = visit(browser, site + "calendar/2026/12/", 375)
    page.evaluate("window.scrollTo(0, 600)")  # away from the top, so the jump back to main shows
    page.keyboard.press("Tab")
    first = page.evaluate("""[document.activeElement.className,
                              document.activeElement.getBoundingClientRect().top]""")
    page.keyboard.press("Enter")
    after = page.evaluate("""[location.hash, document.activeElement.id,
        Math.round(document.getElementById("main").getBoundingClientRect().top)]""")
    page.keyboard.press("Tab")
    next_stop = page.evaluate("document.activeElement.closest('main') !== null")
    page.context.close()
    assert first[0] == "skip-link" and first[1] >= 0
    assert after == ["#main", "main", 0]
    assert next_stop, "the Tab after the skip link should stay in the main content"
    assert problems == []


# -- every page kind on a phone and a desktop --------------------------------------------------


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_loads_cleanly_and_fits_the_screen(browser, site, kind, width):
    page, problems = visit(browser, site + PAGES[kind], width)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{kind}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.context.close()
    assert problems == []
    assert overflow <= 0, f"{kind} is {overflow}px wider than a {width}px screen"


def test_month_reads_as_a_list_of_days_on_a_phone(browser, site):
    page, _ = visit(browser, site + "calendar/2026/12/", 375)
    header_shown = page.locator("table.month thead").is_visible()
    empty_days = page.locator("td.no-events").first.is_visible()
    first_day = page.locator("td:not(.no-events):not(.other-month) .day-number").first.inner_text()
    page.context.close()
    assert (header_shown, empty_days) == (False, False)
    assert first_day == "Tuesday, December 1"


# -- the impact charts in every colour scheme -----------------------------------------------------

CHART_COLOURS = """() => [...document.querySelectorAll("svg.chart")].map(svg => {
  const bar = getComputedStyle(svg.querySelector(".chart-bar")).fill;
  const text = getComputedStyle(svg.querySelector(".chart-value")).fill;
  const page = getComputedStyle(document.body).backgroundColor;
  const system = getComputedStyle(document.body).color;
  return {bar, text, page, system};
})"""


@pytest.mark.parametrize("forced", ["none", "active"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_impact_charts_are_readable_in_every_colour_scheme(browser, site, scheme, forced):
    """Bars stand out from the page (WCAG 1.4.11: 3:1) and their numbers read as text (4.5:1), in
    light and dark mode and with the system's forced colours (Windows High Contrast), where bars
    and numbers take the system's own text colour (Chromium does not force an SVG's fill)."""
    context = browser.new_context(
        viewport={"width": 375, "height": 900}, color_scheme=scheme, forced_colors=forced
    )
    page = context.new_page()
    page.goto(site + "impact/", wait_until="load")
    charts = page.evaluate(CHART_COLOURS)
    context.close()
    assert len(charts) == 2
    for colours in charts:
        assert contrast(colours["bar"], colours["page"]) >= 3, colours
        assert contrast(colours["text"], colours["page"]) >= 4.5, colours
        if forced == "active":
            assert colours["bar"] == colours["text"] == colours["system"], colours
