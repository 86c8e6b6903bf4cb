"""The hub in Spanish and Arabic in Debian's Chromium (clock pinned, as in test_browser.py): the
patron's path of today in each, the language switcher keeping the page, the Arabic layout mirrored
and fitting the screen, and axe-core finding nothing on every kind of page of the Arabic tree."""

from __future__ import annotations

import pytest

from conftest import needs
from test_accessibility import AXE, PAGES, RUN_AXE, TAGS, readable
from test_browser import browser, follow, heading, site, tab, visit  # noqa: F401  (fixtures)

ROOT_ONLY = ("print/", "widget/", "display/", "text/", "newsletter/")
PATHS = {
    "es": {
        "today": "Hoy",
        "teens": "Adolescentes (13-18)",
        "teens heading": "Eventos para Adolescentes (13-18)",
        "calendar": "Calendario",
        "november": "noviembre de 2026",
        "december": "diciembre de 2026",
        "subscribe": "Suscribirse",
        "subscribe heading": "Suscribirse a un calendario",
        "when": "Cuándo",
    },
    "ar": {
        "today": "اليوم",
        "teens": "المراهقون (13-18)",
        "teens heading": "فعاليات لـ المراهقون (13-18)",
        "calendar": "التقويم",
        "november": "نوفمبر 2026",
        "december": "ديسمبر 2026",
        "subscribe": "اشترك",
        "subscribe heading": "اشترك في تقويم",
        "when": "متى",
    },
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("code", ["es", "ar"])
def test_the_patrons_path_in_spanish_and_arabic(browser, site, code, javascript):  # noqa: F811
    words = PATHS[code]
    tree = site + code + "/"
    page, problems = visit(browser, tree, 375, javascript=javascript)
    assert page.locator("html").get_attribute("lang") == code
    assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else None)
    assert page.locator("#today").inner_text() == words["today"]

    first = page.locator("section[aria-labelledby=this-week] .event-title a").first
    title = first.inner_text()
    follow(page, first)
    assert page.url.startswith(tree + "events/")
    assert heading(page) == title
    assert page.locator("dl.facts dt").first.inner_text() == words["when"]

    follow(page, page.locator(f"dl.facts a:text-is('{words['teens']}')").first)
    assert (page.url, heading(page)) == (tree + "audiences/teens/", words["teens heading"])

    follow(page, f"nav[aria-label] a:text-is('{words['calendar']}')")
    assert (page.url, heading(page)) == (tree + "calendar/2026/11/", words["november"])
    follow(page, ".month-nav a[rel=next]")
    assert (page.url, heading(page)) == (tree + "calendar/2026/12/", words["december"])

    follow(page, f"header nav a:text-is('{words['subscribe']}')")
    assert (page.url, heading(page)) == (tree + "subscribe/", words["subscribe heading"])
    page.context.close()
    assert problems == []


def test_the_switcher_keeps_the_reader_on_the_same_page(browser, site):  # noqa: F811
    page, problems = visit(browser, site + "es/events/teen-tech-drop-in/", 1280)
    assert heading(page) == "Tecnología para adolescentes, sin cita"
    follow(page, ".languages a:text-is('العربية')")
    assert page.url == site + "ar/events/teen-tech-drop-in/"
    assert heading(page) == "ركن التكنولوجيا للمراهقين، دون موعد"
    follow(page, ".languages a:text-is('Tiếng Việt')")
    assert page.url == site + "vi/events/teen-tech-drop-in/"
    assert heading(page) == "Teen Tech Drop-In"  # not translated into Vietnamese: the original
    assert page.locator("h1").get_attribute("lang") == "en"
    follow(page, ".languages a:text-is('English')")
    assert (page.url, heading(page)) == (site + "events/teen-tech-drop-in/", "Teen Tech Drop-In")
    page.context.close()
    assert problems == []


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_arabic_layout_mirrors_and_fits_the_screen(browser, site, width, scheme):  # noqa: F811
    page, problems = visit(browser, site + "ar/events/teen-tech-drop-in/", width, scheme=scheme)
    brand = page.locator(".brand").bounding_box()
    assert brand is not None and brand["x"] + brand["width"] > width * 0.75  # starts on the right
    banner = page.evaluate("() => getComputedStyle(document.querySelector('.facts dt')).direction")
    assert banner == "rtl"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    # Times stay readable: digits and the Arabic word for pm, in one line of the page's text.
    assert "3:30–5:30 م" in page.locator("time").first.inner_text()
    page.context.close()
    assert problems == []


ARABIC = {kind: "ar/" + path for kind, path in PAGES.items() if not path.startswith(ROOT_ONLY)}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_kind_of_the_arabic_tree_has_no_wcag_violations(browser, site, scheme, width):  # noqa: F811
    needs(AXE.is_file(), "axe-core is not installed (npm ci)")
    page, problems = tab(browser, site, width, scheme=scheme)
    page.context.add_init_script(path=str(AXE))
    found, contrast_checked = [], 0
    for kind, path in ARABIC.items():
        page.goto(site + path, wait_until="networkidle")
        result = page.evaluate(RUN_AXE, TAGS)
        found += [readable(kind, violation) for violation in result["violations"]]
        contrast_checked += "color-contrast" in result["ran"]
    page.context.close()
    assert len(ARABIC) >= 20
    assert not found, f"{len(found)} violation(s), {scheme}, {width}px:\n" + "\n".join(found)
    assert contrast_checked == len(ARABIC)
    assert problems == []
