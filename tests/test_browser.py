"""The built site in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser). Screenshots of the main page kinds at phone and desktop widths land in tests/artifacts/
(git-ignored) for people to look at; the checks are that nothing overflows sideways on a phone,
nothing is requested from another host, nothing fails to load and no script errors."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, needs
from test_site import Server, build_site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "tests" / "artifacts" / "screens"
PAGES = {"home": "", "event": "events/teen-tech-drop-in/", "month": "calendar/2026/12/",
         "partner": "partners/youth-haven/", "events": "events/", "subscribe": "subscribe/"}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


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


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    Server.port = Server.free_port()
    base = f"http://127.0.0.1:{Server.port}/community-hub/"
    assert build_site(root / "community-hub", "--base-url", base)[0] == 0
    server = Server(root)
    yield base
    server.httpd.shutdown()
    server.httpd.server_close()


def visit(browser, url: str, width: int, javascript: bool = True):
    """Open a page; return (page, problems) where problems lists console errors, failed or
    foreign requests and HTTP errors."""
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  java_script_enabled=javascript)
    page = context.new_page()
    problems: list[str] = []
    host = url.split("/")[2]
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("request", lambda r: problems.append(f"foreign request: {r.url}")
            if r.url.split("/")[2:3] != [host] and not r.url.startswith("data:") else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    page.goto(url)
    return page, problems


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


def test_pages_work_without_javascript(browser, site):
    page, problems = visit(browser, site, 375, javascript=False)
    page.click("text=All upcoming events")
    page.click("text=Teen Tech Drop-In >> nth=0")
    assert page.locator("h1").inner_text() == "Teen Tech Drop-In"
    page.click("text=Riverside Area WorkForce Connect")
    assert page.locator("h1").inner_text() == "Riverside Area WorkForce Connect"
    page.context.close()
    assert problems == []


def test_month_reads_as_a_list_of_days_on_a_phone(browser, site):
    page, _ = visit(browser, site + "calendar/2026/12/", 375)
    header_shown = page.locator("table.month thead").is_visible()
    empty_days = page.locator("td.no-events").first.is_visible()
    first_day = page.locator("td:not(.no-events):not(.other-month) .day-number").first.inner_text()
    page.context.close()
    assert (header_shown, empty_days) == (False, False)
    assert first_day == "Tuesday, December 1"
