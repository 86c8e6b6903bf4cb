"""serve shows an edited event's page at once, before the rebuild (generator/serve/preview.py): that page
must be byte for byte the page the rebuild then writes, and anything the preview cannot show
exactly (a new file, a partner, a template, a mistake, a draft) must wait for the rebuild.
Nothing here measures time."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.serve.preview import Preview

from conftest import edit
from conftest import make as shared_make

EVENT = "content/events/teen-tech-drop-in.md"  # a weekly series with changed dates
SINGLE = "content/events/2026/fafsa-completion-night.md"  # one date
MONTHLY = "content/events/friday-film-club.md"


@pytest.fixture
def hub(sample_copy):
    return sample_copy


def make(root: Path, out: str, cache: bool = True):
    result = shared_make(root, out, cache="cache" if cache else None)
    assert [str(p) for p in result.problems] == []
    return Preview(root / "content", result.loaded, result.renderer, False, result.cache)


def replace(root: Path, path: str, old: str, new: str) -> Path:
    return edit(root / path, old, new)


EDITS = {
    "title": (EVENT, "title: Teen Tech Drop-In", "title: Teen Tech Evening"),
    "time of a series": (EVENT, "start: 2026-12-02 15:30", "start: 2026-12-02 16:00"),
    "series ends earlier": (EVENT, "until: 2027-05-26", "until: 2027-04-14"),
    "a date cancelled": (MONTHLY, "except: [2026-12-25]", "except: [2026-11-27, 2026-12-25]"),
    "moved to another venue": (MONTHLY, "location: eastside-branch", "location: central"),
    "single event cancelled": (SINGLE, "\n---\n", "\nstatus: cancelled\n---\n"),
    "body": (SINGLE, "\n---\n", "\n---\nA new first sentence for the summary.\n\n"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_previewed_page_is_the_page_the_rebuild_writes(hub, edit):
    path, old, new = EDITS[edit]
    before = make(hub, "site")
    file = replace(hub, path, old, new)
    shown = before.pages([file])
    [out_path] = shown
    assert out_path == f"events/{file.stem}/index.html"
    assert shown[out_path] != (hub / "site" / out_path).read_bytes(), "the edit shows"
    make(hub, "clean", cache=False)
    assert shown[out_path] == (hub / "clean" / out_path).read_bytes()


def test_two_events_saved_together_are_both_shown(hub):
    before = make(hub, "site")
    files = [
        replace(hub, EVENT, "title: Teen Tech Drop-In", "title: Teen Tech Evening"),
        replace(hub, SINGLE, "\n---\n", "\nstatus: postponed\n---\n"),
    ]
    shown = before.pages(files)
    make(hub, "clean", cache=False)
    assert sorted(shown) == [f"events/{f.stem}/index.html" for f in sorted(files)]
    for out_path, data in shown.items():
        assert data == (hub / "clean" / out_path).read_bytes()


def test_saving_without_a_change_shows_nothing_new(hub):
    before = make(hub, "site")
    assert before.pages([hub / EVENT]) == {}


def new_event(root: Path) -> Path:
    file = root / "content/events/brand-new.md"
    file.write_text(
        (root / SINGLE).read_text(encoding="utf-8").replace("uid:", "x-uid:"), encoding="utf-8"
    )
    return file


def deleted(root: Path) -> Path:
    (root / SINGLE).unlink()
    return root / SINGLE


def latin1(root: Path) -> Path:
    (root / EVENT).write_bytes(b"---\ntitle: caf\xe9\n---\n")
    return root / EVENT


WAITS = {
    "a mistake": lambda root: replace(root, EVENT, "start: 2026-12-02 15:30", "start: 2026-12-32"),
    "broken YAML": lambda root: replace(root, EVENT, "title: Teen Tech Drop-In", "title: [Teen"),
    "unknown partner": lambda root: replace(
        root, EVENT, "partner: youth-haven", "partner: youth-heaven"
    ),
    "now a draft": lambda root: replace(root, SINGLE, "\n---\n", "\ndraft: true\n---\n"),
    "a new event": new_event,
    "a deleted event": deleted,
    "a partner": lambda root: replace(
        root, "content/partners/youth-haven.md", "name:", "name: New"
    ),
    "a venue": lambda root: replace(root, "content/venues/central.md", "name:", "name: New"),
    "a template": lambda root: replace(root, "templates/event.html", "<h1", "<h1 "),
    "site.toml": lambda root: replace(root, "content/site.toml", "title", "title"),
    "not UTF-8": lambda root: latin1(root),
}


@pytest.mark.parametrize("change", list(WAITS))
def test_what_the_preview_cannot_show_exactly_waits_for_the_rebuild(hub, change):
    before = make(hub, "site")
    file = WAITS[change](hub)
    assert before.pages([file]) is None
    # together with an edit it could show, too: a page must never mix old and new
    edited = replace(hub, MONTHLY, "location: eastside-branch", "location: central")
    assert before.pages([edited, file]) is None
