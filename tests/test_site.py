"""The public site: the whole sample output against a golden copy, links under the Pages sub-path,
structured data read by an independent parser, hostile content, and builds that fail safely."""

from __future__ import annotations

import difflib
import hashlib
import http.server
import json
import re
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import html5lib
import pytest

from conftest import ROOT, build_site, tree, write_hub

GOLDEN = ROOT / "tests" / "golden"
HTML = "{http://www.w3.org/1999/xhtml}"


def digest(folder: Path) -> str:
    return hashlib.sha256(
        json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in tree(folder).items()}).encode()
    ).hexdigest()


# -- the whole output -------------------------------------------------------------------------


def ours(files: dict[str, bytes]) -> dict[str, bytes]:
    """The site but Pagefind's search bundles (/pagefind/, /<code>/pagefind/): compressed files
    made by Pagefind's program, which tests/test_search.py checks by searching them."""
    return {path: data for path, data in files.items() if not SEARCH_BUNDLE.match(path)}


SEARCH_BUNDLE = re.compile(r"([a-z]{2,3}(-[A-Za-z]+)?/)?pagefind/")


def test_sample_site_matches_the_golden_copy(sample_site, request):
    built = ours(tree(sample_site))
    if request.config.getoption("--update-golden"):
        import shutil

        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(sample_site, GOLDEN, ignore=shutil.ignore_patterns("pagefind"))
        pytest.skip("tests/golden/ rewritten; review it with git diff")
    expected = tree(GOLDEN)
    assert sorted(built) == sorted(expected), "files added or missing (run pytest --update-golden)"
    for name in expected:
        if built[name] != expected[name]:
            diff = "\n".join(
                list(
                    difflib.unified_diff(
                        expected[name].decode(errors="replace").splitlines(),
                        built[name].decode(errors="replace").splitlines(),
                        "golden/" + name,
                        "built/" + name,
                        lineterm="",
                    )
                )[:40]
            )
            pytest.fail(
                f"{name} differs from the golden copy (pytest --update-golden to accept):\n{diff}"
            )


def test_two_builds_are_byte_identical(tmp_path, sample_site):
    build_site(tmp_path / "two")
    assert tree(sample_site) == tree(tmp_path / "two")


def test_every_published_path_exists(sample_site):
    files = set(tree(sample_site))
    for path in [
        "index.html",
        "events/index.html",
        "events/past/index.html",
        "events/teen-tech-drop-in/index.html",
        "events/teen-tech-drop-in.ics",
        "calendar/2026/12/index.html",
        "partners/index.html",
        "partners/youth-haven/index.html",
        "impact/index.html",
        "venues/central/index.html",
        "audiences/teens/index.html",
        "categories/technology/index.html",
        "languages/so/index.html",
        "subscribe/index.html",
        "feeds/all.ics",
        "feeds/partners/youth-haven.ics",
        "feeds/venues/central.ics",
        "feeds/audiences/teens.ics",
        "feeds/categories/technology.ics",
        "feeds/languages/es.ics",
        "feed.xml",
        "events.json",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        ".nojekyll",
        "assets/style.css",
        "media/logo.svg",
        "print/venues/central/2026/11/index.html",
        "print/venues/central/2026/12/index.html",
        "print/partners/youth-haven/2026/12/index.html",
        "widget/partners/youth-haven/index.html",
        "widget/venues/central/index.html",
        "widget/audiences/teens/index.html",
        "widget/categories/technology/index.html",
        "widget/languages/so/index.html",
        "display/central/index.html",
        "text/index.html",
        "newsletter/index.html",
        "newsletter/teens/index.html",
        "assets/widget.js",
        "assets/widget-frame.js",
        "assets/display.js",
    ]:
        assert path in files, path
    drafts = {
        "events/chess-club-launch/index.html",
        "partners/riverside-chess-club/index.html",
        "widget/partners/riverside-chess-club/index.html",
        "print/partners/riverside-chess-club/2026/12/index.html",
    }
    assert not drafts & files


# -- links under the GitHub Pages sub-path ------------------------------------------------------


class Server:
    """The built site served on 127.0.0.1 under a sub-path, as GitHub Pages serves a project."""

    def __init__(self, root: Path):
        def handler(*args):
            return http.server.SimpleHTTPRequestHandler(*args, directory=str(root))

        http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    port = 0

    @staticmethod
    def free_port() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(root URL of the site, site folder) for a build served under /community-hub/."""
    root = tmp_path_factory.mktemp("pages")
    Server.port = Server.free_port()
    base = f"http://127.0.0.1:{Server.port}/community-hub/"
    assert build_site(root / "community-hub", "--base-url", base)[0] == 0
    server = Server(root)
    yield base, root / "community-hub"
    server.httpd.shutdown()
    server.httpd.server_close()


def parse(data: bytes):
    return html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=True)


def references(document) -> list[str]:
    found = []
    for element in document.iter():
        tag = element.tag.replace(HTML, "")
        for attribute in {"a": ["href"], "link": ["href"], "img": ["src"], "script": ["src"]}.get(
            tag, []
        ):
            value = element.get(attribute)
            if value:
                found.append(value)
    return found


def test_every_internal_link_image_and_feed_resolves_under_the_sub_path(served):
    base, folder = served
    pages = sorted(p for p in folder.rglob("*.html"))
    checked: dict[str, bytes] = {}
    broken = []
    for page in pages:
        page_url = urljoin(base, page.relative_to(folder).as_posix().removesuffix("index.html"))
        for reference in references(parse(page.read_bytes())):
            target = urljoin(page_url, reference)
            parts = urlsplit(target)
            if (
                parts.scheme in ("mailto", "tel", "webcal", "data")
                or parts.netloc != urlsplit(base).netloc
            ):
                continue
            assert target.startswith(base), f"{page}: {reference} leaves the site's sub-path"
            address = target.split("#")[0]
            if address not in checked:
                try:
                    with urllib.request.urlopen(address) as response:
                        checked[address] = response.read()
                except urllib.error.HTTPError as error:
                    broken.append(f"{page.relative_to(folder)}: {reference} -> {error.code}")
                    checked[address] = b""
                    continue
            if "#" in target and checked[address]:
                anchor = target.split("#", 1)[1]
                ids = {e.get("id") for e in parse(checked[address]).iter()}
                if anchor not in ids:
                    broken.append(f"{page.relative_to(folder)}: {reference} has no #{anchor}")
    assert broken == []
    assert len(checked) > 150


def test_site_also_works_at_the_root(tmp_path):
    assert build_site(tmp_path / "site", "--base-url", "http://127.0.0.1:9/")[0] == 0
    home = (tmp_path / "site" / "index.html").read_text()
    assert 'href="/events/"' in home and "/community-hub/" not in home


# -- structured data ----------------------------------------------------------------------------


def json_ld(page: Path) -> list[dict]:
    scripts = [
        e
        for e in parse(page.read_bytes()).iter(f"{HTML}script")
        if e.get("type") == "application/ld+json"
    ]
    items = []
    for script in scripts:
        data = json.loads(script.text)
        items += data if isinstance(data, list) else [data]
    return items


def test_every_event_page_has_google_event_properties(served):
    _, folder = served
    pages = sorted(p for p in (folder / "events").glob("*/index.html") if p.parent.name != "past")
    assert len(pages) > 40
    for page in pages:
        items = json_ld(page)
        assert items, page
        for item in items:
            assert item["@type"] == "Event" and item["name"]
            for key in (
                "startDate",
                "endDate",
                "eventStatus",
                "eventAttendanceMode",
                "location",
                "description",
                "organizer",
                "url",
            ):
                assert key in item, (page, key)
            if "T" in item["startDate"]:
                assert item["startDate"][-6] in "+-", item["startDate"]  # an offset, not local
            locations = (
                item["location"] if isinstance(item["location"], list) else [item["location"]]
            )
            for location in locations:
                assert location["@type"] in ("Place", "VirtualLocation")
                if location["@type"] == "Place":
                    assert location["name"] and location["address"]


def ld(folder: Path, slug: str) -> list[dict]:
    return json_ld(folder / "events" / slug / "index.html")


def test_cancelled_postponed_rescheduled_and_hybrid_events_say_so(served):
    _, folder = served
    assert (
        ld(folder, "holiday-card-workshop")[0]["eventStatus"] == "https://schema.org/EventCancelled"
    )
    assert ld(folder, "stargazing-night")[0]["eventStatus"] == "https://schema.org/EventPostponed"
    moved = ld(folder, "fire-safety-open-house")[0]
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved["previousStartDate"] == "2026-12-05T10:00:00-06:00"
    hybrid = ld(folder, "library-board-meeting")[0]
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in hybrid["location"]] == ["Place", "VirtualLocation"]
    series = ld(folder, "teen-tech-drop-in")
    assert 1 < len(series) <= 12
    assert any(i["eventStatus"] == "https://schema.org/EventCancelled" for i in series)
    private = ld(folder, "teen-zine-workshop")[0]["location"]
    assert "streetAddress" not in json.dumps(private)


# -- hostile content ----------------------------------------------------------------------------

HOSTILE = """\
---
title: "</script><script>alert('title')</script> <b onmouseover=alert(1)>"
summary: "<img src=x onerror=alert('summary')>"
start: 2026-12-02 15:30
location: central
---
Hello <script>alert('body')</script> <img src=x onerror="alert('img')">
[click](javascript:alert('link')) <a href="JaVaScRiPt:alert(1)">two</a>
<iframe src="https://evil.example"></iframe> <style>body{display:none}</style>
"""


def test_hostile_content_is_shown_as_text_and_never_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_hub(tmp_path, {"events/teen-tech.md": HOSTILE})
    assert build_site(tmp_path / "site", content=content)[0] == 0
    page = (tmp_path / "site" / "events" / "teen-tech" / "index.html").read_bytes()
    document = parse(page)
    scripts = [e for e in document.iter(f"{HTML}script")]
    assert [(s.get("src") or "", s.get("type")) for s in scripts] == [
        ("/hub/assets/enhance.js", None),
        ("", "application/ld+json"),
    ]
    for element in document.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib), element.attrib
        for name in ("href", "src"):
            assert not (element.get(name) or "").strip().lower().startswith("javascript:")
        assert element.tag.replace(HTML, "") not in ("iframe", "style", "object", "embed")
    heading = next(document.iter(f"{HTML}h1"))
    assert heading.text == "</script><script>alert('title')</script> <b onmouseover=alert(1)>"
    assert (
        json_ld(tmp_path / "site" / "events" / "teen-tech" / "index.html")[0]["name"]
        == heading.text
    )


# -- failing safely -----------------------------------------------------------------------------


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_hub(tmp_path, {})
    assert build_site(tmp_path / "site", content=content)[0] == 0
    before = digest(tmp_path / "site")
    write_hub(
        tmp_path,
        {"events/teen-tech.md": "---\ntitle: Broken\nstart: 2026-13-01\nlocation: central\n---\n"},
    )
    code, output = build_site(tmp_path / "site", content=content)
    assert code == 1
    assert output == [
        "content/events/teen-tech.md:3: 'start' 2026-13-01 is not a real date "
        "(there is no month 13; write it as YYYY-MM-DD, e.g. 2026-12-02)"
    ]
    assert digest(tmp_path / "site") == before
    # No leftovers: beside the content, the site, the folder of its one build and the build cache
    # (a hub outside git keeps it there).
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".bulletin-cache",
        ".site.bulletin",
        "content",
        "site",
    ]
    assert sorted(p.name for p in (tmp_path / ".site.bulletin").iterdir()) == sorted(
        ["lock", (tmp_path / "site").readlink().name]
    )


def test_a_template_mistake_is_reported_like_a_content_mistake(tmp_path, monkeypatch):
    import shutil

    from conftest import run_cli

    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates" / "past.html").write_text(
        "{% extends 'base.html' %}\n{% block main %}\n{{ oops(\n{% endblock %}\n"
    )
    code, output = run_cli(
        [
            "build",
            "--content",
            str(ROOT / "content"),
            "--templates",
            "templates",
            "--out",
            "site",
            "--now",
            "2026-11-22T12:00",
            "--no-history",
        ]
    )
    assert code == 1
    assert output == ["templates/past.html:4: the template cannot be used: unexpected '%'"]
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("option", [["--now", "next tuesday"], ["--base-url", "example.org"]])
def test_build_misuse_exits_2(tmp_path, option):
    assert build_site(tmp_path / "site", *option)[0] == 2


# What a patron downloads for one page: its HTML plus the stylesheets and scripts it loads from
# assets/, uncompressed, in bytes. One budget per kind of page; a new kind of page needs its own
# line. The comment is the sample's heaviest page of that kind when the budget was set: raise a
# budget only on purpose.
PAGE_BUDGETS = [  # (kind, page, budget) first match wins
    # The measured size is the largest page of its kind in any language tree of the sample; the
    # budgets were set on 2026-12-02, when issues 14 and 15 landed together, about 4% above it.
    # Issue 14 added the language switcher and hreflang links (about 1.2 KB a page with four
    # translations) and the trees in other languages (Arabic text weighs up to 1.5 KB more).
    # Lists grew with issue 13: every date that differs from a series' pattern, the entries a
    # page needs to stay true until the next night's build, and the subscribe choices.
    ("home", r"index\.html", 34_500),  # 31.2 KB in English, 33.2 KB in Arabic
    # Issue 15 added the filters form (events), the links between lists (venue, audience, topic,
    # language and access pages) and the access feeds (subscribe).
    ("upcoming events", r"events/index\.html", 72_000),  # 65.1 KB; 69.6 KB in Arabic
    ("past events", r"events/past/index\.html", 26_500),  # 24.7 KB; 25.6 KB in Arabic
    (
        "event",
        r"events/[^/]+/index\.html",
        54_000,
    ),  # 46.6 KB; 51.7 KB in Arabic (the longest translated event)
    ("month", r"calendar/\d{4}/\d{2}/index\.html", 36_000),  # 33.1 KB; 34.4 KB in Arabic
    ("partners", r"partners/index\.html", 30_000),  # 26.9 KB; 28.7 KB in Arabic
    (
        "partner",
        r"partners/[^/]+/index\.html",
        42_000,
    ),  # 37.6 KB; 40.4 KB in Arabic, with its record and the widget box
    ("impact", r"impact/index\.html", 29_000),  # 26.2 KB; 27.7 KB in Arabic
    ("venue", r"venues/[^/]+/index\.html", 42_500),  # 37.7 KB; 40.6 KB in Arabic
    (
        "audience, topic, language",
        r"(audiences|categories|languages|access)/[^/]+/index\.html",
        56_500,
    ),  # 51.0 KB; 54.9 KB in Arabic
    ("subscribe", r"subscribe/index\.html", 123_000),  # 112.4 KB; 118.2 KB in Arabic
    ("404", r"404\.html", 20_500),  # 19.0 KB; 19.4 KB in Arabic
    ("print listing", r"print/(venues|partners)/[^/]+/\d{4}/\d{2}/index\.html", 30_000),  # 20.5 KB
    ("widget", r"widget/[a-z]+/[^/]+/index\.html", 8_000),  # 4.0 KB with widget-frame.js
    ("lobby screen", r"display/[^/]+/index\.html", 12_000),  # 8.1 KB with display.js
    ("text only", r"text/(\d+/)?index\.html", 20_000),  # 5.6 KB; at most 20,000 at any size
    ("newsletter", r"newsletter/([^/]+/)?index\.html", 30_000),  # 2.6 KB; at most 40 events
    ("search", r"search/index\.html", 47_000),  # 43.0 KB with search.js; 45.2 KB in Arabic
]
ASSET_REFERENCE = re.compile(r'<(?:link rel="stylesheet" href|script src)="[^"]*/assets/([^"/]+)"')


def test_every_kind_of_page_stays_within_its_weight_budget(sample_site):
    site = sample_site
    over, unbudgeted, seen = [], [], set()
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        # Every language's tree holds to the same budgets (/es/events/... is an "event" page).
        path = re.sub(r"^(es|so|vi|ar)/", "", name)
        kind = next(((k, b) for k, pattern, b in PAGE_BUDGETS if re.fullmatch(pattern, path)), None)
        if kind is None:
            unbudgeted.append(name)
            continue
        seen.add(kind[0])
        html = page.read_text(encoding="utf-8")
        assets = sum(
            (site / "assets" / asset).stat().st_size for asset in ASSET_REFERENCE.findall(html)
        )
        if page.stat().st_size + assets > kind[1]:
            over.append(
                f"{name} ({kind[0]}): {page.stat().st_size + assets:,} bytes, budget {kind[1]:,}"
            )
    assert (over, unbudgeted) == ([], [])
    assert seen == {kind for kind, _, _ in PAGE_BUDGETS}


def test_every_page_has_one_h1_a_main_landmark_and_a_skip_link(served):
    _, folder = served
    for page in folder.rglob("*.html"):
        document = parse(page.read_bytes())
        assert len(list(document.iter(f"{HTML}h1"))) == 1, page
        assert len(list(document.iter(f"{HTML}main"))) == 1, page
        # Pages with the site's navigation start with a link past it; the widget, the lobby
        # screen, the text-only listing and the newsletter have no navigation to skip.
        if list(document.iter(f"{HTML}nav")):
            links = [a for a in document.iter(f"{HTML}a") if a.get("href") == "#main"]
            assert links and links[0].get("class") == "skip-link", page
        else:
            kind = page.relative_to(folder).parts[0]
            assert kind in ("widget", "display", "text", "newsletter"), page


def test_source_date_epoch_fixes_now_when_no_now_is_given(tmp_path, monkeypatch, sample_site):
    from conftest import run_cli

    def build(out, *options):
        return run_cli(
            [
                "build",
                "--content",
                str(ROOT / "content"),
                "--templates",
                str(ROOT / "templates"),
                "--out",
                str(out),
                "--no-history",
                *options,
            ]
        )

    # The shared sample is built with --now 2026-11-22T12:00 in the site's zone (UTC-6).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795370400")  # 2026-11-22T18:00:00Z
    assert build(tmp_path / "epoch")[0] == 0
    assert tree(tmp_path / "epoch") == tree(sample_site)


def test_a_write_that_fails_halfway_leaves_the_previous_site_and_no_leftovers(tmp_path):
    from generator.output import MARKER, MARKER_TEXT, write_site

    site = tmp_path / "site"
    write_site([("index.html", b"old")], site)
    # "a" as a file and "a/b" below it cannot both be written: the write fails part-way.
    with pytest.raises(OSError):
        write_site([("index.html", b"new"), ("a", b"x"), ("a/b", b"y")], site)
    assert tree(site) == {"index.html": b"old", MARKER: MARKER_TEXT}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.bulletin", "site"]
    assert sorted(p.name for p in (tmp_path / ".site.bulletin").iterdir()) == sorted(
        ["lock", site.readlink().name]
    )
