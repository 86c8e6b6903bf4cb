"""What lists and event pages say, read back with html5lib (issue 13): every date of a series that
differs from its pattern in every list, the dates a partner's or a venue's page lists (a date moved
there included), times on the hub's clock first and another zone's labelled, text in another
language marked with `lang`, "Subscribe" choices on every list, and "Add to Google Calendar" for a
whole series where Google's link can carry it, and a plain word where it adds one date.

Each test builds a hub with the CLI at a fixed moment and reads the pages it wrote."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import html5lib
import pytest

from conftest import ROOT, run_cli, write_hub

CLOCKS = ROOT / "tests" / "hubs" / "clock-changes" / "content"
NS = {"h": "http://www.w3.org/1999/xhtml"}


def build(content: Path, out: Path, now: str) -> Path:
    code, output = run_cli(
        [
            "build",
            "--content",
            str(content),
            "--templates",
            str(ROOT / "templates"),
            "--out",
            str(out),
            "--now",
            now,
            "--no-history",
            "--no-cache",
        ]
    )
    assert code == 0, output
    return out


@pytest.fixture(scope="module")
def clocks(tmp_path_factory) -> Path:
    return build(CLOCKS, tmp_path_factory.mktemp("clocks"), "2026-10-01T12:00")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build(ROOT / "content", tmp_path_factory.mktemp("sample"), "2026-11-22T12:00")


def page(site: Path, path: str):
    return html5lib.parse((site / path / "index.html").read_bytes(), namespaceHTMLElements=True)


def text(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def items(tree, list_id: str | None = None) -> list[tuple[str, str, str, bool]]:
    """(day group, title, time text, shown at the build) of each item of a list."""
    found = []
    for day in tree.iterfind(".//h:section[@class='day']", NS):
        label = day.find(".//h:time", NS).get("datetime")
        for item in day.iterfind(".//h:li", NS):
            title = text(item.find(".//h:h3", NS) or item.find(".//h:h4", NS))
            meta = text(item.find(".//h:p[@class='meta']", NS))
            found.append((label, title, meta, item.get("hidden") is None))
    return found


def test_a_series_is_listed_at_its_next_date_and_at_every_date_that_differs(clocks):
    """Homework Club meets on Wednesdays; its extra Saturday, its late start, the session moved to
    a Thursday, the cancelled one and the one at Youth Haven are all in the list at their dates."""
    listed = [
        (day, meta)
        for day, title, meta, _ in items(page(clocks, "events"))
        if title == "Homework Club"
    ]
    assert listed == [
        ("2026-10-07", "3:30 pm – 5:30 pm · Central Library"),  # the next date
        ("2026-12-19", "3:30 pm – 5:30 pm · Central Library"),  # also
        ("2027-01-13", "4 pm – 6 pm · Central Library"),  # later start
        ("2027-02-11", "3:30 pm – 5:30 pm · Central Library"),  # moved to Thursday
        ("2027-02-17", "3:30 pm – 5:30 pm · Central Library"),  # cancelled
        ("2027-03-24", "3:30 pm – 5:30 pm · Youth Haven"),  # at a partner's place
    ]


def test_a_partners_page_lists_a_date_moved_there_and_the_venue_the_dates_still_there(clocks):
    at_youth_haven = [
        (day, title) for day, title, _, _ in items(page(clocks, "partners/youth-haven"))
    ]
    assert ("2027-03-24", "Homework Club") in at_youth_haven
    assert ("2026-10-07", "Homework Club") not in at_youth_haven  # not there on other days
    at_central = [(day, title) for day, title, _, _ in items(page(clocks, "venues/central"))]
    assert ("2026-10-07", "Homework Club") in at_central
    assert ("2027-03-24", "Homework Club") not in at_central


def test_times_are_the_hubs_first_and_another_zones_are_labelled(clocks, sample):
    listed = {title: (day, meta) for day, title, meta, _ in items(page(clocks, "events"))}
    assert listed["Author Talk from New York"] == (
        "2027-02-18",
        "6 pm – 7 pm (7 pm – 8 pm New York time) · Online",
    )
    # 01:45 on Sunday on Lord Howe Island is 8:45 am on Saturday in Chicago.
    assert listed["Island Walk"] == (
        "2027-03-27",
        "9:45 am – 10:45 am (1:45 am – 2:45 am Sun Mar 28 Lord Howe time) · Online",
    )
    tree = page(sample, "events/author-talk-online")
    when = tree.find(".//h:dl[@class='facts']//h:time", NS)
    assert (
        text(when)
        == "Thursday, February 18, 2027, 6 pm – 7 pm CST (7 pm – 8 pm EST, New York time)"
    )


def test_text_in_another_language_says_which(sample, in_tmp):
    """Hora de Cuentos is held in Spanish only, so its text is Spanish (lang="es") in lists and on
    its page; the page's own words stay English."""
    events = page(sample, "events")
    link = events.find(".//h:a[@href='/community-hub/events/hora-de-cuentos/']", NS)
    assert link.get("lang") == "es"
    assert events.get("lang") == "en"
    tree = page(sample, "events/hora-de-cuentos")
    assert tree.find(".//h:h1", NS).get("lang") == "es"
    assert tree.find(".//h:p[@class='lead']", NS).get("lang") == "es"
    assert tree.find(".//h:section[@class='description']/h:div", NS).get("lang") == "es"
    assert tree.find(".//h:h2[@id='about']", NS).get("lang") is None
    # Held in two languages, an event's text is in the site's own unless `lang:` says otherwise.
    teen = page(sample, "events/teen-tech-drop-in")
    assert teen.find(".//h:h1", NS).get("lang") is None
    content = write_hub(
        in_tmp,
        {
            "events/teen-tech.md": "---\ntitle: Tecnología para Jóvenes\nstart: 2026-12-02 15:30\n"
            "location: central\nlanguages: [en, es]\nlang: es\n---\nAyuda con laptops.\n",
            "partners/youth-haven.md": "---\nname: Refugio Juvenil\nlang: es\n---\nServicios.\n",
        },
    )
    site = build(content, in_tmp / "site", "2026-11-22T12:00")
    assert page(site, "events/teen-tech").find(".//h:h1", NS).get("lang") == "es"
    assert page(site, "partners/youth-haven").find(".//h:h1", NS).get("lang") == "es"


def choices(tree) -> dict[str, str]:
    details = tree.find(".//h:details[@class='subscribe-choices']", NS)
    links = {text(a): a.get("href") for a in details.iterfind(".//h:a", NS)}
    links["address"] = details.find(".//h:input", NS).get("value")
    return links


def test_every_list_offers_subscribing_in_each_app(sample):
    feed = "https://riverside-library.github.io/community-hub/feeds/audiences/teens.ics"
    webcal = "webcal://riverside-library.github.io/community-hub/feeds/audiences/teens.ics"
    name = "Riverside%20Community%20Hub%3A%20Teens%20%2813-18%29"
    assert choices(page(sample, "audiences/teens")) == {
        "Apple Calendar: subscribe to Riverside Community Hub: Teens (13-18)": webcal,
        "Google Calendar: subscribe to Riverside Community Hub: Teens (13-18)": (
            "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Friverside-library."
            "github.io%2Fcommunity-hub%2Ffeeds%2Faudiences%2Fteens.ics"
        ),
        "Outlook.com: subscribe to Riverside Community Hub: Teens (13-18)": (
            "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Friverside-library."
            f"github.io%2Fcommunity-hub%2Ffeeds%2Faudiences%2Fteens.ics&name={name}"
        ),
        "Microsoft 365: subscribe to Riverside Community Hub: Teens (13-18)": (
            "https://outlook.office.com/calendar/0/addfromweb?url=https%3A%2F%2Friverside-library."
            f"github.io%2Fcommunity-hub%2Ffeeds%2Faudiences%2Fteens.ics&name={name}"
        ),
        "Every calendar, and help with each app": "/community-hub/subscribe/",
        "address": feed,
    }
    for path in ("events", "partners/youth-haven", "venues/central", "categories/technology"):
        assert choices(page(sample, path))["address"].endswith(".ics")


def google(tree) -> tuple[str, dict[str, list[str]]]:
    section = tree.find(".//h:section[@class='add-to-calendar']", NS)
    link = next(a for a in section.iterfind(".//h:a", NS) if "Google" in text(a))
    return text(link), parse_qs(urlsplit(link.get("href")).query)


def test_add_to_google_calendar_adds_a_whole_series_where_it_can(sample, in_tmp):
    series = (
        "---\ntitle: Citizenship Class\nstart: 2026-11-07 10:00\nend: 12:00\n"
        "repeat: {every: week, count: 5}\nlocation: central\n---\n"
    )
    site = build(write_hub(in_tmp, {"events/teen-tech.md": series}), in_tmp / "site", "2026-11-22")
    label, query = google(page(site, "events/teen-tech"))  # three of five held by now
    assert label == "Add the series to Google Calendar"
    assert query["recur"] == ["RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=2"]
    assert query["dates"] == ["20261128T100000/20261128T120000"]  # local, in ctz
    assert query["ctz"] == ["America/Chicago"]
    label, query = google(page(sample, "events/baby-and-toddler-storytime"))  # open-ended
    assert (label, query["recur"]) == (
        "Add the series to Google Calendar",
        ["RRULE:FREQ=WEEKLY;BYDAY=WE"],
    )


def test_add_to_google_calendar_says_plainly_when_it_adds_one_date(sample):
    tree = page(sample, "events/teen-tech-drop-in")  # extra, moved and cancelled dates ahead
    label, query = google(tree)
    assert label == "Add one date to Google Calendar"
    assert "recur" not in query and query["dates"] == ["20261202T213000Z/20261202T233000Z"]
    hint = text(tree.find(".//h:section[@class='add-to-calendar']/h:p[@class='hint']", NS))
    assert hint == (
        "Google Calendar's and Outlook.com's links add only one date, Wednesday, December 2, 2026 "
        "(this program has dates that differ from its usual pattern, which Google's link cannot "
        "carry). A download adds every date as it is today. To get every date, and later changes "
        "and cancellations too, subscribe:"
    )
    label, query = google(page(sample, "events/genealogy-getting-started"))  # a one-off
    assert (label, "recur" in query) == ("Add to Google Calendar", False)
