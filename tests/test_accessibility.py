"""Every kind of page checked by axe-core (Deque's accessibility engine, from npm) in Debian's
Chromium, against the WCAG 2.0, 2.1 and 2.2 A and AA rules, in light and dark colour schemes on a
phone and a desktop. Zero violations allowed; a failure lists each rule, what it asks and where."""

from __future__ import annotations

import pytest

from conftest import ROOT, needs
from test_browser import browser, site, tab  # noqa: F401  (fixtures: one browser, one server here)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "home": "",
    "events": "events/",
    "past": "events/past/",
    "event (series, a cancelled date)": "events/teen-tech-drop-in/",
    "event (cancelled)": "events/holiday-card-workshop/",
    "event (postponed)": "events/stargazing-night/",
    "event (rescheduled)": "events/fire-safety-open-house/",
    "event (online)": "events/author-talk-online/",
    "event (hybrid)": "events/library-board-meeting/",
    "event (ended)": "events/veterans-oral-history/",
    "event (private address)": "events/teen-zine-workshop/",
    "month": "calendar/2026/12/",
    "partners": "partners/",
    "partner (with a chart of the work together)": "partners/youth-haven/",
    "partner (programs and one-to-one help)": "partners/workforce-connect/",
    "impact (charts and tables)": "impact/",
    "venue": "venues/central/",
    "audience": "audiences/teens/",
    "category": "categories/technology/",
    "language": "languages/so/",
    "accessibility feature": "access/wheelchair/",
    "subscribe": "subscribe/",
    "404": "404.html",
    "print listing (branch)": "print/venues/central/2026/12/",
    "print listing (partner)": "print/partners/youth-haven/2026/12/",
    "widget": "widget/partners/youth-haven/",
    "lobby screen": "display/eastside-branch/",
    "text only": "text/",
    "newsletter": "newsletter/teens/",
}
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                  resultTypes: ["violations"]})
  .then(result => ({violations: result.violations, ran: result.passes.map(rule => rule.id)}))"""


def readable(kind: str, violation: dict) -> str:
    where = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    more = f" (and {len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
    detail = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
    return (
        f"{kind}: {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    at {where}{more}\n    {detail}"
    )


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_kind_has_no_wcag_violations(browser, site, scheme, width):  # noqa: F811
    needs(AXE.is_file(), "axe-core is not installed (npm ci)")
    page, problems = tab(browser, site, width, scheme=scheme)
    # The engine is added to each page as it loads, from the local file: no request leaves the site.
    page.context.add_init_script(path=str(AXE))
    found, contrast_checked = [], 0
    for kind, path in PAGES.items():
        # Every image, stylesheet and script is in the HTML (no fonts, no CSS images), so the load
        # event comes after all of them: no image is cut short, and a late request would be
        # aborted by the next page and reported (tab()'s problems).
        page.goto(site + path, wait_until="load")
        result = page.evaluate(RUN_AXE, TAGS)
        found += [readable(kind, violation) for violation in result["violations"]]
        contrast_checked += "color-contrast" in result["ran"]
    page.context.close()
    assert not found, (
        f"{len(found)} accessibility violation(s), {scheme} scheme, {width}px:\n" + "\n".join(found)
    )
    assert contrast_checked == len(PAGES), "axe did not check colour contrast on every page"
    assert problems == []
