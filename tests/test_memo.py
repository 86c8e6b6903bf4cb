"""A build with nothing to do (generator/incremental/memo.py): when every input is as the last build into the
output folder found it, and the folder still holds exactly what that build wrote, `bulletin build`
does nothing. Any other change must build again and publish what a clean build publishes.
Nothing here measures time."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build import build
from generator.options import BuildOptions

from conftest import NOW, at, clean, edit, run_cli, tree
from conftest import make as shared_make


@pytest.fixture
def hub(sample_copy):
    return sample_copy


def shown(root: Path) -> str | None:
    """Which complete build root/site shows. A build that runs publishes a new one (output.py
    switches the link site/ to it, even when no byte changed); a build with nothing to do leaves
    site/ as it was."""
    site = root / "site"
    return os.readlink(site) if site.is_symlink() else None


@pytest.fixture
def ran(hub) -> list[int]:
    """One item for each build of `hub` that really ran: filled by make() below."""
    RAN[hub] = []
    yield RAN[hub]
    del RAN[hub]


RAN: dict[Path, list[int]] = {}


def make(root: Path, now: str = NOW, base_url: str | None = None, **options):
    """A build that may do nothing (skip_unchanged); one item in the `ran` list when it ran."""
    before = shown(root)
    result = shared_make(root, "site", now, base_url=base_url, skip_unchanged=True, **options)
    if shown(root) != before:
        RAN.setdefault(root, []).append(1)
    return result


def test_nothing_changed_nothing_is_done(hub, ran):
    first = make(hub)
    assert first.written and ran == [1]
    times = {p: p.stat().st_mtime_ns for p in (hub / "site").rglob("*")}
    again = make(hub)
    assert ran == [1], "the second build did nothing"
    assert (again.written, again.problems) == (first.written, first.problems)
    assert {p: p.stat().st_mtime_ns for p in (hub / "site").rglob("*")} == times


def test_the_warnings_are_shown_again(hub, ran):
    (hub / "content" / "notes.txt").write_text("not content\n", encoding="utf-8")
    first = make(hub)
    assert [p.message for p in first.problems] == [
        "is not something Bulletin reads, so it is not published; content/ holds site.toml and "
        "the folders events/, partners/, venues/, media/ and translations/"
    ]
    again = make(hub)
    assert ran == [1] and again.problems == first.problems


def tamper(root: Path) -> None:
    page = root / "site" / "index.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<main", b"<MAIN", 1))


def extra(root: Path) -> None:
    (root / "site" / "stray.html").write_text("left over\n", encoding="utf-8")


def removed(root: Path) -> None:
    (root / "site" / "events" / "teen-tech-drop-in" / "index.html").unlink()


CHANGES = {
    "an event": lambda root: edit(
        root / "content/events/teen-tech-drop-in.md",
        "title: Teen Tech Drop-In",
        "title: Teen Tech Evening",
    ),
    "a partner": lambda root: edit(root / "content/partners/youth-haven.md", "name:", "name: The"),
    "site.toml": lambda root: edit(root / "content/site.toml", 'title = "', 'title = "The '),
    "a template": lambda root: edit(root / "templates/event.html", "<h1", "<h1 "),
    "a stylesheet": lambda root: edit(root / "templates/assets/style.css", "}", "}\n"),
    "a new media file": lambda root: shutil.copy(
        root / "content/media/events/teen-tech.svg", root / "content/media/events/new.svg"
    ),
    "a page in site/ edited": tamper,
    "a file added to site/": extra,
    "a page removed from site/": removed,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_builds_again(hub, ran, change):
    make(hub)
    CHANGES[change](hub)
    make(hub)
    assert ran == [1, 1]
    assert tree(hub / "site") == clean(hub)


@pytest.mark.parametrize("option", ["now", "base_url", "drafts"])
def test_other_options_build_again(hub, ran, option):
    make(hub)
    changed = {
        "now": {"now": "2026-11-23T12:00"},
        "base_url": {"base_url": "https://x.example/"},
        "drafts": {"drafts": True},
    }[option]
    make(hub, **changed)
    assert ran == [1, 1]


def test_a_new_commit_builds_again_when_the_history_is_read(hub, ran):
    def git(*args: str) -> None:
        subprocess.run(
            ["git", *args],
            cwd=hub,
            check=True,
            capture_output=True,
            env={
                **os.environ,
                "GIT_AUTHOR_NAME": "t",
                "GIT_AUTHOR_EMAIL": "t@x",
                "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@x",
                "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z",
                "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z",
            },
        )

    git("init", "-q")
    git("add", "content")
    git("commit", "-q", "-m", "first")
    make(hub, history=True)
    make(hub, history=True)
    assert ran == [1]
    git("commit", "-q", "--allow-empty", "-m", "second")
    make(hub, history=True)
    assert ran == [1, 1]


def test_without_the_cache_every_build_runs(hub, ran):
    for _ in range(2):
        before = shown(hub)
        build(
            BuildOptions(
                hub / "content",
                hub / "templates",
                hub / "site",
                at(NOW),
                history=False,
                jobs=1,
                cache=False,
                skip_unchanged=True,
            )
        )
        ran.append(int(shown(hub) != before))
    assert ran == [1, 1]


def test_bulletin_build_reports_the_same_either_way(hub):
    argv = [
        "build",
        "--content",
        "content",
        "--templates",
        "templates",
        "--out",
        "site",
        "--now",
        NOW,
        "--no-history",
        "--cache",
        "cache",
    ]
    first = run_cli(argv)
    before = shown(hub)
    assert run_cli(argv) == first
    assert shown(hub) == before, "the second build did nothing"
