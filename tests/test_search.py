"""The search page in Debian's Chromium, its answers against the truth worked out here from the
content files (tests/truth.py reads them without the generator): for many combinations of words,
filters and "when", at pinned moments, in each language tree. Also: the address restores a search
and the back button the one before; axe finds nothing with results, with none and with an error;
a patron reaches a filtered result from the home page with the keyboard alone; the status line
announces the count; hostile addresses give a message or nothing, never an error or an element;
the search works under the Content-Security-Policy docs/format.md gives; and the index is made the
same way twice."""

from __future__ import annotations

import html
import http.server
import json
import re
import subprocess
import sys
import threading
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, quote

import pytest
from dateutil.relativedelta import relativedelta

from conftest import NOW, ROOT, build_site, needs, tree, write_hub
from test_accessibility import AXE, RUN_AXE, TAGS, readable
from test_browser import BROWSER_NOW, browser, site, tab  # noqa: F401
from truth import read_hub

HUB = read_hub(ROOT / "content")
HUB_SITE = tomllib.loads((ROOT / "content" / "site.toml").read_text(encoding="utf-8"))
ZONE = HUB.zone
BUILT = datetime.fromisoformat(NOW).replace(tzinfo=ZONE)
HORIZON = BUILT + relativedelta(months=HUB.horizon_months)
# The tree whose words the truth below is written in: the English one. The Spanish tree is
# checked by filters and windows (test_the_spanish_tree_finds_the_truth_and_says_so_in_spanish).
TREES = [("", "en")]
# Moments the searches are made at (the reader's clock, pinned): the build's own moment (a
# Sunday), a Wednesday morning (with a program on Friday evening, which is not the weekend), a
# Saturday evening thirteen days later (the index is the same; "today" and "this weekend" are
# not), and that moment read in Auckland, where it is already Sunday.
MOMENTS = {
    "build day": (BROWSER_NOW, None),
    "Wednesday morning": ("2026-11-25T08:00:00-06:00", None),
    "Saturday evening": ("2026-12-05T20:00:00-06:00", None),
    "Saturday evening, from Auckland": ("2026-12-05T20:00:00-06:00", "Pacific/Auckland"),
}
COMBINATIONS = [
    "q=tech",
    "q=storytime",
    "q=garden",
    "q=tax",
    "q=chess",
    "q=film",
    "q=library",
    "q=help&when=month",
    "q=teen&audience=teens",
    "q=craft&cost=free",
    "q=workshop&when=month",
    "audience=teens",
    "audience=teens&when=weekend",
    "audience=teens&when=month",
    "audience=kids&when=weekend",
    "audience=seniors&when=week",
    "audience=families&when=weekend",
    "audience=adults&when=today",
    "audience=job-seekers&category=careers",
    "category=technology",
    "category=health&when=month",
    "category=literacy&language=es",
    "language=es",
    "language=so&when=month",
    "venue=central&when=week",
    "venue=eastside-branch",
    "venue=westside-branch&when=month",
    "venue=central&audience=kids&when=month",
    "partner=youth-haven",
    "partner=workforce-connect&when=month",
    "access=wheelchair&when=week",
    "access=asl",
    "access=quiet-room&venue=central",
    "access=sensory-friendly&when=month",
    "cost=free&when=weekend",
    "cost=free&audience=kids&when=month",
    "when=today",
    "when=weekend",
    "when=week",
    "when=month",
    "audience=seniors&cost=free",
    "venue=eastside-branch&when=month",
    "language=es&when=month",
]
DONE = """() => {
  const root = document.getElementById("search");
  const status = document.getElementById("search-status").textContent;
  const error = document.getElementById("search-error").textContent;
  return !root.hasAttribute("aria-busy") && (error || (status && status !== root.dataset.searching));
}"""
RESULTS = """() => [...document.querySelectorAll("#search-results > li")].map(li => [
  new URL(li.querySelector("a").href).pathname,
  li.querySelector("time") ? li.querySelector("time").getAttribute("datetime") : null])"""


# -- the truth ----------------------------------------------------------------------------------


def window_days(when: str, moment: datetime) -> set[date]:
    today = moment.astimezone(ZONE).date()
    if when == "today":
        return {today}
    if when == "weekend":
        if today.weekday() == 6:
            return {today}
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        return {saturday, saturday + timedelta(days=1)}
    length = {"week": 7, "month": 30}[when]
    return {today + timedelta(days=n) for n in range(length)}


def hub_days(one) -> set[date]:
    if one.all_day:
        return {
            one.first_day + timedelta(days=n)
            for n in range((one.last_day - one.first_day).days + 1)
        }
    return {one.start.astimezone(ZONE).date()}


def place_name(event) -> str:
    location = event.data.get("location")
    if isinstance(location, dict):
        return location.get("name", "")
    if location in HUB.venues:
        return HUB.venues[location]["name"]
    if location in HUB.partners:
        return HUB.partners[location]["name"]
    return ""


def found_by(words: str, text: str) -> bool:
    """Every word of the search begins a word of the text (Pagefind matches the last word as a
    prefix too; the searches here use words whose endings stemming does not change)."""
    return all(re.search(rf"(?<!\w){re.escape(word)}", text, re.I) for word in words.split())


def expected(state: dict[str, str], moment: datetime) -> list[tuple[str, str | None]]:
    """The results a search must show: (path, the shown date's datetime), events in date order
    and then partners and venues by name."""
    base = "/community-hub/"
    days = window_days(state["when"], moment) if state.get("when") else None
    facets_given = any(
        state.get(name)
        for name in (
            "audience",
            "category",
            "language",
            "venue",
            "partner",
            "access",
            "cost",
            "when",
        )
    )
    events = []
    for slug, event in HUB.events.items():
        upcoming = [d for d in event.dates if d.end > BUILT and d.start < HORIZON]
        if not upcoming:
            continue
        places = {d.location for d in upcoming if d.location is not None}
        venues = {p for p in places if p in HUB.venues}
        partners = set(event.partners) | {p for p in places if p in HUB.partners}
        access = set(event.words("access"))
        for venue in venues:
            access |= set(_words(HUB.venues[venue].get("access")))
        held = [d for d in upcoming if not d.cancelled]
        cost = event.data.get("cost")
        have = {
            "audience": set(event.words("audiences")),
            "category": set(event.words("categories")),
            "language": set(event.words("languages")),
            "partner": partners,
            "access": access,
            "cost": {"free"} if cost is None or cost.strip().lower() == "free" else set(),
        }
        if not all(state[name] in have[name] for name in have if state.get(name)):
            continue
        if state.get("venue") and days is None and state["venue"] not in venues:
            continue
        if days is not None:
            inside = [d for d in held if hub_days(d) & days]
            if state.get("venue"):
                inside = [d for d in inside if d.location == state["venue"]]
            if not inside:
                continue
        if state.get("q"):
            names = " ".join(HUB.partners[p]["name"] for p in partners if p in HUB.partners)
            labels = " ".join(HUB_SITE["audiences"][key] for key in event.words("audiences"))
            text = " ".join(
                [
                    event.title,
                    event.data.get("summary", ""),
                    _body(slug),
                    place_name(event),
                    names,
                    labels,
                ]
            )
            if event.data.get("online"):
                text += " Online"
            if not found_by(state["q"], text):
                continue
        events.append((upcoming[0].start, slug, path_and_date(event, upcoming, days, moment)))
    events.sort(key=lambda found: (found[0], found[1]))
    shown = [found[2] for found in events]
    if state.get("q") and not facets_given:
        places = []
        for slug, partner in HUB.partners.items():
            text = " ".join(
                [
                    partner["name"],
                    partner.get("summary", ""),
                    " ".join(_words(partner.get("offers"))),
                    _body(slug, "partners"),
                ]
            )
            if found_by(state["q"], text):
                places.append((partner["name"].lower(), f"{base}partners/{slug}/"))
        for slug, venue in HUB.venues.items():
            text = " ".join([venue["name"], venue.get("address", ""), venue.get("hours", "")])
            if found_by(state["q"], text):
                places.append((venue["name"].lower(), f"{base}venues/{slug}/"))
        shown += [(path, None) for _, path in sorted(places)]
    return shown


def path_and_date(event, upcoming, days, moment) -> tuple[str, str]:
    fits = [
        d
        for d in upcoming
        if (d.all_day or d.end > moment) and (days is None or hub_days(d) & days)
    ]
    chosen = next((d for d in fits if not d.cancelled), fits[0] if fits else upcoming[0])
    shown = chosen.first_day.isoformat() if chosen.all_day else chosen.start.isoformat()
    return f"/community-hub/events/{event.slug}/", shown


def _words(value) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _body(slug: str, folder: str = "events") -> str:
    path = next((ROOT / "content" / folder).rglob(f"{slug}.md"))
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


# -- the browser --------------------------------------------------------------------------------


def open_tab(browser, site, moment=BROWSER_NOW, zone=None, width=1280):  # noqa: F811
    page, problems = tab(browser, site, width)
    if zone is not None:  # a reader elsewhere: a new context with that zone, same checks
        page.context.close()
        context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id=zone)
        context.set_default_timeout(5_000)
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        page.on(
            "console",
            lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        )
    page.context.clock.set_fixed_time(moment)
    return page, problems


def search(page, base: str, query: str, tree_prefix: str = ""):
    page.goto(f"{base}{tree_prefix}search/?{query}")
    page.wait_for_function(DONE)
    return every_result(page)


def every_result(page):
    """The results shown, after "Show more results" until there are no more."""
    while page.locator("#search-more").is_visible():
        shown = page.locator("#search-results > li").count()
        page.click("#search-more")
        page.wait_for_function(
            f"document.querySelectorAll('#search-results > li').length > {shown}"
        )
    return [tuple(result) for result in page.evaluate(RESULTS)]


def state_of(query: str) -> dict[str, str]:
    return dict(parse_qsl(query))


@pytest.mark.parametrize("prefix,language", TREES, ids=[language for _, language in TREES])
@pytest.mark.parametrize("moment", list(MOMENTS), ids=list(MOMENTS))
def test_results_equal_the_truth_for_every_combination(browser, site, prefix, language, moment):  # noqa: F811
    at, zone = MOMENTS[moment]
    page, problems = open_tab(browser, site, at, zone)
    wrong, found_any = [], 0
    for query in COMBINATIONS:
        truth = expected(state_of(query), datetime.fromisoformat(at))
        shown = search(page, site, query, prefix)
        found_any += bool(truth)
        if shown != truth:
            wrong.append(f"{query}:\n    shown {shown}\n    truth {truth}")
        status = page.locator("#search-status").inner_text()
        count = len(truth)
        said = {0: "Nothing matches. Try other words, or fewer filters.", 1: "1 result"}.get(
            count, f"{count} results"
        )
        if status != said:
            wrong.append(f"{query}: the status says {status!r}, not {said!r}")
    page.context.close()
    assert wrong == [], "\n".join(wrong)
    assert found_any >= 25, "too few combinations find anything to test much"
    assert problems == []


# The Spanish tree searches its own index (/es/pagefind/, made from the Spanish pages). Searches by
# filters and windows find the same events in every language; the words of a search depend on
# each page's translation, so the truth for them is the English tree's.
FILTERS_ONLY = [query for query in COMBINATIONS if "q=" not in query]


@pytest.mark.parametrize("moment", ["build day", "Saturday evening"])
def test_the_spanish_tree_finds_the_truth_and_says_so_in_spanish(browser, site, moment):  # noqa: F811
    from generator.translate.catalogs import messages

    spanish = messages("es").translations.gettext
    at, zone = MOMENTS[moment]
    page, problems = open_tab(browser, site, at, zone)
    wrong = []
    for query in FILTERS_ONLY:
        truth = expected(state_of(query), datetime.fromisoformat(at))
        shown = [
            (path.replace("/community-hub/es/", "/community-hub/", 1), when)
            for path, when in search(page, site, query, "es/")
        ]
        if shown != truth:
            wrong.append(f"{query}:\n    shown {shown}\n    truth {truth}")
        if any(not path.startswith("/community-hub/es/") for path, _ in every_result(page)):
            wrong.append(f"{query}: a result leaves the Spanish pages")
        count = len(truth)
        said = {
            0: spanish("Nothing matches. Try other words, or fewer filters."),
            1: spanish("1 result"),
        }.get(count, spanish("{n} results").replace("{n}", str(count)))
        status = page.locator("#search-status").inner_text()
        if status != said:
            wrong.append(f"{query}: the status says {status!r}, not {said!r}")
    assert page.locator("html").get_attribute("lang") == "es"
    page.context.close()
    assert wrong == [], "\n".join(wrong)
    assert len(FILTERS_ONLY) >= 30
    assert problems == []


def test_the_window_is_the_hubs_calendar_at_the_moment_of_the_search(browser, site):  # noqa: F811
    # The same index, searched a week after it was built: "today" is the reader's today.
    page, problems = open_tab(browser, site, "2026-12-05T19:00:00-06:00")
    today = search(page, site, "when=today")
    page.context.close()
    # The whole of the hub's today, sessions already over included.
    assert [path for path, _ in today] == [
        "/community-hub/events/flu-shot-clinic/",
        "/community-hub/events/hora-de-cuentos/",
    ]
    assert all(shown.startswith("2026-12-05T") for _, shown in today), today
    # In Auckland it is already Sunday; at the hub it is still Saturday.
    page, _ = open_tab(browser, site, "2026-12-05T19:00:00-06:00", "Pacific/Auckland")
    assert search(page, site, "when=today") == today
    page.context.close()
    assert problems == []


def test_a_shared_address_restores_the_form_and_the_results(browser, site):  # noqa: F811
    query = "q=help&audience=adults&category=careers&venue=central&when=month&cost=free"
    page, problems = open_tab(browser, site)
    first = search(page, site, query)
    page.context.close()
    other, _ = open_tab(browser, site)  # another reader, who was sent the address
    assert search(other, site, query) == first != []
    form = other.evaluate(
        """() => Object.fromEntries([...new FormData(document.getElementById("search-form"))])"""
    )
    assert form == {
        "q": "help",
        "audience": "adults",
        "category": "careers",
        "language": "",
        "venue": "central",
        "partner": "",
        "access": "",
        "when": "month",
        "cost": "free",
    }
    other.context.close()
    assert problems == []


def test_the_back_button_restores_the_previous_search(browser, site):  # noqa: F811
    page, problems = open_tab(browser, site)
    page.goto(site + "search/")
    page.wait_for_function(DONE)
    page.fill("#search-q", "tech")
    page.click("button[type=submit]")
    page.wait_for_function(DONE)
    tech = page.evaluate(RESULTS)
    assert page.url == site + "search/?q=tech"
    page.fill("#search-q", "")
    page.select_option("#search-audience", "kids")
    page.select_option("#search-when", "month")
    page.click("button[type=submit]")
    page.wait_for_function(DONE)
    kids = page.evaluate(RESULTS)
    assert page.url == site + "search/?audience=kids&when=month"
    assert kids != tech
    page.go_back()
    page.wait_for_function(DONE)
    assert (page.url, page.evaluate(RESULTS), page.input_value("#search-q")) == (
        site + "search/?q=tech",
        tech,
        "tech",
    )
    assert page.input_value("#search-audience") == ""
    page.go_forward()
    page.wait_for_function(DONE)
    assert (page.evaluate(RESULTS), page.input_value("#search-audience")) == (kids, "kids")
    page.context.close()
    assert problems == []


def test_the_status_line_announces_the_count(browser, site):  # noqa: F811
    page, problems = open_tab(browser, site)
    page.goto(site + "search/")
    page.wait_for_function(DONE)
    assert page.get_attribute("#search-status", "role") == "status"
    page.evaluate(
        """() => { window.said = [];
          new MutationObserver(() => window.said.push(document.getElementById("search-status").textContent))
            .observe(document.getElementById("search-status"), {childList: true, characterData: true, subtree: true}); }"""
    )
    page.fill("#search-q", "tech")
    page.keyboard.press("Enter")
    page.wait_for_function(DONE)
    count = len(expected({"q": "tech"}, BUILT))
    assert page.evaluate("window.said")[-1] == f"{count} results"
    page.context.close()
    assert problems == []


@pytest.mark.parametrize(
    "query,shows",
    [
        ("audience=teens&when=month", "results"),
        ("q=zzzzqqq", "none"),
        ("audience=teen", "error"),
    ],
)
def test_the_search_page_has_no_wcag_violations(browser, site, query, shows):  # noqa: F811
    needs(AXE.is_file(), "axe-core is not installed (npm ci)")
    found = []
    for scheme in ("light", "dark"):
        page, problems = tab(browser, site, 375, scheme=scheme)
        page.context.add_init_script(path=str(AXE))
        search(page, site, query)
        state = {
            "results": page.locator("#search-results > li").count() > 0,
            "none": page.locator("#search-status").inner_text().startswith("Nothing"),
            "error": page.locator("#search-error").inner_text() != "",
        }
        assert state[shows], (query, state)
        result = page.evaluate(RUN_AXE, TAGS)
        found += [readable(f"search ({shows}, {scheme})", v) for v in result["violations"]]
        page.context.close()
        assert problems == []
    assert found == [], "\n".join(found)


def test_a_keyboard_alone_reaches_a_filtered_result_from_the_home_page(browser, site):  # noqa: F811
    page, problems = open_tab(browser, site)
    page.goto(site)

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("nav[aria-label=Main] a[href$='/search/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function(DONE)
    tab_to("#search-q")
    page.keyboard.type("tech")
    tab_to("#search-audience")
    page.keyboard.press("ArrowDown")  # a select moves to the next choice with the arrow keys
    page.keyboard.press("ArrowDown")
    assert page.input_value("#search-audience") == "teens"
    tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_function(DONE)
    assert page.url == site + "search/?q=tech&audience=teens"
    tab_to("#search-results a")
    title = page.evaluate("document.activeElement.textContent")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == title == "Teen Tech Drop-In"
    page.context.close()
    assert problems == []


HOSTILE = [
    "q=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E",
    "q=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E",
    "q=%22%3E%3Csvg%20onload%3Dwindow.pwned%3D1%3E",
    "q=" + "a" * 5000,
    "q=" + quote("é" * 201),
    "audience=%3Cb%3Ebold%3C%2Fb%3E",
    "audience=teens%00",
    "venue=..%2F..%2Fetc%2Fpasswd",
    "when=yesterday",
    "when=__proto__",
    "audience=constructor",
    "cost=maybe",
    "partner=toString",
    "q=%E2%80%AE%E2%80%8Btech",
    "q=%5C%5C%27%22%60",
    "audience=teens&audience=kids&when=weekend&when=month",
    "q=" + quote("*" * 50),
    "q=%25",
]


def test_hostile_addresses_give_a_message_or_nothing_never_an_error_or_an_element(browser, site):  # noqa: F811
    page, problems = open_tab(browser, site)
    page.goto(site + "search/")
    page.wait_for_function(DONE)
    elements = page.evaluate("document.querySelectorAll('*').length")
    outcome = {}
    for query in HOSTILE:
        search(page, site, query)
        error = page.locator("#search-error").inner_text()
        status = page.locator("#search-status").inner_text()
        assert error or re.fullmatch(r"Nothing matches.*|\d+ results?", status), (query, status)
        results = page.locator("#search-results > li").count()
        added = page.evaluate("document.querySelectorAll('*').length") - elements
        # Each result is an item of at most 8 elements; nothing else is ever added.
        assert added <= 8 * results, (query, added)
        assert (
            page.evaluate(
                "document.querySelectorAll('#search b, #search svg, #search img, #search script').length"
            )
            == 0
        )
        outcome[query] = error[:40] or status
        assert page.evaluate("window.pwned") is None, query
    page.context.close()
    assert problems == []
    assert outcome["q=" + "a" * 5000].startswith("The words are too long")
    assert outcome["audience=%3Cb%3Ebold%3C%2Fb%3E"].startswith("This address asks for")
    assert outcome["when=__proto__"].startswith("This address asks for")


def test_the_search_works_under_the_documented_content_security_policy(tmp_path, browser):  # noqa: F811
    policy = re.search(r"Content-Security-Policy: (.+)", (ROOT / "docs" / "format.md").read_text())[
        1
    ]
    root = tmp_path / "pages"
    server = PolicyServer(root, {"Content-Security-Policy": policy})
    try:
        assert build_site(root / "community-hub", "--base-url", server.base)[0] == 0
        page, problems = open_tab(browser, server.base)
        violations = []
        page.on(
            "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
        )
        assert search(page, server.base, "q=tech") == expected({"q": "tech"}, BUILT)
        page.context.close()
        assert (problems, violations) == ([], [])
    finally:
        server.close()


def test_the_index_is_made_alike_twice_and_holds_only_the_hubs_pages(tmp_path, sample_site):
    # Built again in a process of its own: this one keeps the bundles it made in memory.
    command = [sys.executable, "-m", "generator", "build", "--out", str(tmp_path / "again")]
    command += ["--now", NOW, "--no-history", "--no-cache"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    bundle = {k: v for k, v in tree(sample_site).items() if k.startswith("pagefind/")}
    assert bundle == {
        k: v for k, v in tree(tmp_path / "again").items() if k.startswith("pagefind/")
    }
    names = sorted(bundle)
    assert [
        n
        for n in names
        if not re.fullmatch(
            r"pagefind/(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.(en|unknown)\.pagefind"
            r"|pagefind\.en_[0-9a-f]{10}\.pf_meta|(fragment|index|filter)/en_[0-9a-f]{7}\.pf_(fragment|index|filter))",
            n,
        )
    ] == []
    import gzip

    pages = sorted(
        json.loads(gzip.decompress(data)[len(b"pagefind_dcd") :])["url"]
        for name, data in bundle.items()
        if name.startswith("pagefind/fragment/")
    )
    upcoming = sorted(
        f"/events/{slug}/"
        for slug, event in HUB.events.items()
        if any(d.end > BUILT and d.start < HORIZON for d in event.dates)
    )
    places = sorted(
        [f"/partners/{slug}/" for slug in HUB.partners]
        + [f"/venues/{slug}/" for slug in HUB.venues]
    )
    assert pages == sorted(upcoming + places)


def test_a_hub_without_pagefind_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-program"))
    code, lines = build_site(tmp_path / "site", "--no-cache")  # a cached index needs no Pagefind
    assert code == 1
    assert any("Pagefind" in line and "could not run" in line for line in lines), lines
    assert not (tmp_path / "site").exists()


class PolicyServer:
    """The built site on 127.0.0.1 under /community-hub/, every answer carrying `headers`, as a
    library's own web server with a Content-Security-Policy would send it."""

    def __init__(self, root: Path, headers: dict[str, str]):
        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args):
                super().__init__(*args, directory=str(root))

            def log_message(self, *args):
                pass

            def end_headers(self):
                for name, value in headers.items():
                    self.send_header(name, value)
                super().end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/community-hub/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_hub_with_nothing_to_find_builds_and_its_search_page_says_nothing_matches(tmp_path):
    # Pagefind cannot make an empty index: a hub with no partner, no venue and no event to come
    # (a new hub, say) publishes none, and its search page answers without loading one.
    content = write_hub(
        tmp_path,
        {
            "partners/youth-haven.md": None,
            "venues/central.md": None,
            "events/teen-tech.md": "---\ntitle: Over\nstart: 2026-01-10 10:00\n"
            "online: https://meet.example.org/over\n---\nDone.\n",
        },
    )
    assert build_site(tmp_path / "site", content=content) == (0, [])
    built = tree(tmp_path / "site")
    assert [name for name in built if name.startswith("pagefind/")] == []
    page = built["search/index.html"].decode()
    config = json.loads(html.unescape(re.search(r'data-config="([^"]*)"', page)[1]))
    assert config["empty"] is True
