"""Links for staff on the published pages: "Edit this page on GitHub" on every event, partner and
venue page, and "Propose an event" on the events page, made from site.toml's `repository` and
`branch`; none at all without `repository`. Read back with html5lib, an independent parser."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import html5lib
import pytest

from generator.content.load import load
from generator.staff.scaffold import PROPOSED_TITLE, Hub, event_text

from conftest import ROOT, SITE_TOML, build_site, run_cli, write_hub

HTML = "{http://www.w3.org/1999/xhtml}"
REPOSITORY = "https://github.com/riverside-library/community-hub"


def staff_links(page: Path) -> list[tuple[str, str]]:
    """(label, address) of each link in the page's "For library staff" line."""
    document = html5lib.parse(page.read_bytes(), treebuilder="etree")
    links = []
    for paragraph in document.iter(f"{HTML}p"):
        if "staff-links" in (paragraph.get("class") or "").split():
            links += [("".join(a.itertext()), a.get("href")) for a in paragraph.iter(f"{HTML}a")]
    return links


@pytest.fixture
def sample(sample_site) -> Path:
    return sample_site


def test_every_event_partner_and_venue_page_links_to_its_file_in_githubs_editor(sample):
    index = load(ROOT / "content").index
    pages = {
        **{f"events/{slug}": e.src_path for slug, e in index.events.items()},
        **{f"partners/{slug}": p.src_path for slug, p in index.partners.items()},
        **{f"venues/{slug}": v.src_path for slug, v in index.venues.items()},
    }
    for page, src_path in pages.items():
        in_repository = Path(src_path).resolve().relative_to(ROOT).as_posix()
        assert staff_links(sample / page / "index.html") == [
            ("Edit this page on GitHub", f"{REPOSITORY}/edit/main/{in_repository}")
        ], page


@pytest.mark.parametrize(
    "page, address",
    [
        ("events/teen-tech-drop-in", f"{REPOSITORY}/edit/main/content/events/teen-tech-drop-in.md"),
        ("events/seed-swap", f"{REPOSITORY}/edit/main/content/events/2027/seed-swap.md"),
        ("partners/youth-haven", f"{REPOSITORY}/edit/main/content/partners/youth-haven.md"),
        ("venues/central", f"{REPOSITORY}/edit/main/content/venues/central.md"),
    ],
)
def test_the_exact_edit_address(sample, page, address):
    assert staff_links(sample / page / "index.html") == [("Edit this page on GitHub", address)]


def test_other_pages_have_no_edit_link(sample):
    for page in (
        "index.html",
        "partners/index.html",
        "subscribe/index.html",
        "404.html",
        "audiences/teens/index.html",
        "events/past/index.html",
    ):
        assert staff_links(sample / page) == [], page


def propose_address(site: Path) -> str:
    [(label, address)] = staff_links(site / "events" / "index.html")
    assert label == "Propose an event on GitHub"
    return address


def test_propose_an_event_opens_githubs_new_file_page_with_the_scaffold(sample):
    address = propose_address(sample)
    parts = urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPOSITORY}/new/main/content/events"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query["filename"] == ["name-of-the-event.md"]
    index = load(ROOT / "content").index
    assert query["value"] == [event_text(PROPOSED_TITLE, date(2026, 11, 22), Hub.of(index))]
    assert len(address) < 8000, "GitHub and browsers may cut a longer address"


def test_the_proposed_file_passes_the_checker(sample, tmp_path, monkeypatch):
    query = parse_qs(urlsplit(propose_address(sample)).query)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "content", "content")
    Path("content/events", query["filename"][0]).write_text(query["value"][0], encoding="utf-8")
    assert [str(p) for p in load(Path("content"), drafts=True).problems] == []
    assert "name-of-the-event" in load(Path("content"), drafts=True).index.events


def build_hub(
    root: Path, settings: str, files: dict | None = None, content: str = "content"
) -> Path:
    write_hub(
        root,
        {
            "site.toml": SITE_TOML.replace("[audiences]", settings + "\n[audiences]"),
            **(files or {}),
        },
    )
    if content != "content":
        (root / content).parent.mkdir(parents=True, exist_ok=True)
        (root / "content").rename(root / content)
    site = root / "site"
    assert build_site(site, content=root / content) == (0, [])
    return site


def every_page(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_links_without_repository(tmp_path):
    site = build_hub(tmp_path, "")
    assert all(staff_links(page) == [] for page in every_page(site))
    assert not any(b"github" in page.read_bytes().lower() for page in every_page(site))


def test_branch_and_odd_folder_names_are_escaped(tmp_path):
    site = build_hub(
        tmp_path,
        'repository = "https://github.com/o/hub/"\nbranch = "staff/spring-2027"',
        {
            "events/teen-tech.md": None,
            "events/Spring & Summer #1/teen-tech.md": (ROOT / "tests" / "conftest.py")
            .read_text()
            .split('EVENT = """\\\n')[1]
            .split('"""')[0],
        },
    )
    [(_, address)] = staff_links(site / "events" / "teen-tech" / "index.html")
    assert address == (
        "https://github.com/o/hub/edit/staff/spring-2027/content/events/"
        "Spring%20%26%20Summer%20%231/teen-tech.md"
    )
    assert unquote(urlsplit(address).path).endswith(
        "/content/events/Spring & Summer #1/teen-tech.md"
    )
    assert propose_address(site).startswith(
        "https://github.com/o/hub/new/staff/spring-2027/content/events?filename="
    )


def test_a_content_folder_deeper_in_the_repository(tmp_path):
    (tmp_path / ".git").mkdir()  # the top of the repository
    site = build_hub(
        tmp_path, 'repository = "https://github.com/o/hub.git"', content="hubs/riverside/content"
    )
    assert staff_links(site / "venues" / "central" / "index.html") == [
        (
            "Edit this page on GitHub",
            "https://github.com/o/hub/edit/main/hubs/riverside/content/venues/central.md",
        )
    ]
    assert propose_address(site).startswith(
        "https://github.com/o/hub/new/main/hubs/riverside/content/events?filename="
    )


def test_without_git_the_path_starts_at_the_content_folder(tmp_path):
    site = build_hub(
        tmp_path / "download", 'repository = "https://github.com/o/hub"', content="data"
    )
    assert staff_links(site / "venues" / "central" / "index.html") == [
        ("Edit this page on GitHub", "https://github.com/o/hub/edit/main/data/venues/central.md")
    ]


@pytest.mark.parametrize(
    "setting, message",
    [
        (
            'repository = "https://github.com/o/hub?x=1"',
            "'repository' must be the repository's web address, e.g. "
            "\"https://github.com/riverside-library/community-hub\", not 'https://github.com/o/hub?x=1'",
        ),
        (
            'repository = "https://github.com/o/hub\\" onclick=\\"x"',
            "'repository' must be the repository's web address, e.g. "
            '"https://github.com/riverside-library/community-hub", not '
            "'https://github.com/o/hub\" onclick=\"x'",
        ),
        (
            'repository = "http://github.com/o/hub"',
            "'repository' must be the repository's web address, e.g. "
            "\"https://github.com/riverside-library/community-hub\", not 'http://github.com/o/hub'",
        ),
        (
            'repository = "https://github.com/o"',
            "'repository' must be the repository's web address, e.g. "
            "\"https://github.com/riverside-library/community-hub\", not 'https://github.com/o'",
        ),
        (
            'branch = "main?x=<b>"',
            "'branch' must be the name of a branch, such as \"main\" (letters, digits, '.', '_', '-' "
            "and '/'), not 'main?x=<b>'",
        ),
        (
            'branch = "../main"',
            "'branch' must be the name of a branch, such as \"main\" (letters, digits, '.', '_', '-' "
            "and '/'), not '../main'",
        ),
        (
            'branch = "staff edits"',
            "'branch' must be the name of a branch, such as \"main\" (letters, digits, '.', '_', '-' "
            "and '/'), not 'staff edits'",
        ),
    ],
)
def test_settings_refuse_an_address_or_branch_that_cannot_make_a_link(
    setting, message, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    write_hub(tmp_path, {"site.toml": SITE_TOML.replace("[audiences]", setting + "\n[audiences]")})
    assert run_cli(["check"]) == (1, [f"content/site.toml:5: {message}"])
