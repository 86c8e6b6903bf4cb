"""Git history read in one pass (generator/incremental/history.py) gives exactly what the reader
it replaced gave: one `git log --follow` and one `git show` per version of each event file, kept
here as the reference. Checked on a repository with edits, moves, renames with and without a
pinned uid, a deletion and a file made again under the same name, branches merged, a version that
does not load, an edit not yet committed and a file git does not track; then the whole site built
with history, with either reader, with and without the cache, in one or two processes."""

from __future__ import annotations

import contextlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.content.fingerprint import schedule_fingerprint
from generator.content.load import load
from generator.incremental.cache import Memory, forget_open_caches
from generator.incremental.history import Fingerprint, History, Record
from generator.incremental.history import _git as git_output

from conftest import ROOT, at, edit, git, needs, remove_site, tree

NOW = "2026-11-20T12:00:00"
AFRESH = "".join(
    f"\nSession {n}: bring question sheet {n * 7}, practice card {n * 13} and notes {n}.\n"
    for n in range(1, 40)
)


# -- the reference: the reader history.py had before, one git call per file and version ----------


def reference_history(paths: dict[str, Path], fingerprint: Fingerprint) -> History:
    folder = next(iter(paths.values())).parent
    top = Path((run_git(folder, "rev-parse", "--show-toplevel") or "").strip())
    records = {}
    for src_path, path in paths.items():
        relative = path.resolve().relative_to(top.resolve()).as_posix()
        log = run_git(top, "log", "--follow", "--name-only", "--format=%x00%H %ct", "--", relative)
        versions = []
        name = relative
        for entry in (log or "").split("\0")[1:]:
            lines = [line for line in entry.splitlines() if line]
            commit, stamp = lines[0].split()
            name = lines[-1] if len(lines) > 1 else name
            versions.append((commit, datetime.fromtimestamp(int(stamp), UTC), name))
        versions.reverse()
        if not versions:
            continue
        first, sequence, previous = versions[0][1], 0, None
        for commit, time, name in versions:
            text = run_git(top, "show", f"{commit}:{name}")
            current = fingerprint(name, text) if text is not None else None
            if current is None:
                continue
            if previous is not None and current[0] != previous[0]:
                first, sequence = time, 0
            elif previous is not None and current[1] != previous[1]:
                sequence += 1
            previous = current
        records[src_path] = Record(first, versions[-1][1], sequence)
    return History(records)


def run_git(folder: Path, *arguments: str) -> str | None:
    return git_output(folder, *arguments, strip=False)  # text as subprocess reads it, or None


# -- a hub with a history worth following ---------------------------------------------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    needs(shutil.which("git") is not None, "history checks need git on PATH")
    repo = tmp_path_factory.mktemp("history")
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copytree(ROOT / "templates", repo / "templates")
    events = repo / "content" / "events"
    day = iter(range(1, 28))

    def commit(message: str) -> None:
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", message, when=f"2026-10-{next(day):02d}T10:00:00Z")

    git(repo, "init", "-q", "-b", "main")
    commit("The hub")
    edit(events / "2027" / "genealogy-getting-started.md", "10:00", "09:30")
    commit("Genealogy starts earlier")
    edit(events / "friday-film-club.md", "\n---\n", "\n---\nBring a cushion.\n\n")
    commit("Film club: more words")
    (events / "archive").mkdir()
    git(repo, "mv", "content/events/citizenship-class.md", "content/events/archive/")
    commit("Citizenship class filed away")
    # Renamed and edited at once, its uid pinned: the same event to calendar apps.
    old = events / "chair-yoga-for-seniors.md"
    text = old.read_text(encoding="utf-8")
    pinned = text.replace(
        "\n---\n", "\nuid: chair-yoga-for-seniors@riverside-library.github.io\n---\n", 1
    )
    old.unlink()
    (events / "chair-yoga.md").write_text(pinned + "\nMats provided.\n", encoding="utf-8")
    commit("Chair yoga renamed, uid kept")
    edit(events / "chair-yoga.md", "Mats provided.", "Mats and chairs provided.")
    commit("Chair yoga: words")
    # Renamed without a pinned uid: a new event.
    git(repo, "mv", "content/events/free-tax-help.md", "content/events/tax-help.md")
    for code in ("es", "vi"):  # its translations follow it (named after the file they translate)
        git(
            repo,
            "mv",
            f"content/events/free-tax-help.{code}.md",
            f"content/events/tax-help.{code}.md",
        )
    commit("Tax help renamed")
    # Branches: each edits its own events, and one event on both sides.
    git(repo, "checkout", "-q", "-b", "side")
    edit(events / "benefits-help-desk.md", "\n---\n", "\n---\nSide branch words.\n\n")
    commit("Side: benefits desk")
    edit(events / "english-conversation-circle.md", "\n---\n", "\n---\nSide words.\n\n")
    commit("Side: conversation circle")
    git(repo, "checkout", "-q", "main")
    edit(events / "dia-de-los-ninos.md", "\n---\n", "\n---\nMain words.\n\n")
    commit("Main: dia de los ninos")
    path = events / "english-conversation-circle.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMain branch words.\n", encoding="utf-8")
    commit("Main: conversation circle")
    git(repo, "merge", "-q", "--no-edit", "side")
    # Deleted, then made again under the same name.
    baby = events / "baby-and-toddler-storytime.md"
    kept = baby.read_text(encoding="utf-8")
    baby.unlink()
    commit("Storytime removed")
    baby.write_text(kept.replace("10:30", "10:15", 1), encoding="utf-8")
    commit("Storytime back, later")
    # A version that does not load, then mended.
    film = events / "friday-film-club.md"
    good = film.read_text(encoding="utf-8")
    film.write_text(good.replace("\n---\n", "\n  broken: [\n---\n", 1), encoding="utf-8")
    commit("Film club: a typo")
    film.write_text(good.replace("18:30", "18:00"), encoding="utf-8")
    commit("Film club: mended, earlier")
    # Renamed away, and a new file under the old name, written afresh (see the test of a copy).
    moved = (events / "archive" / "citizenship-class.md").read_text(encoding="utf-8")
    git(repo, "mv", "content/events/archive/citizenship-class.md", "content/events/civics.md")
    commit("Citizenship class is civics now")
    (events / "archive" / "citizenship-class.md").write_text(
        moved.replace("10:00", "11:00", 1) + AFRESH, encoding="utf-8"
    )
    commit("A new citizenship class in the archive")
    # Not committed: an edit, and a file git does not track.
    edit(events / "dia-de-los-ninos.md", "Main words.", "Uncommitted words.")
    (events / "untracked-event.md").write_text(
        (events / "tax-help.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return repo


def readers(repo: Path, store=None) -> tuple[dict, dict]:
    with contextlib.chdir(repo):
        index = load(Path("content")).index
        assert index is not None
        paths = {event.src_path: Path(event.src_path) for event in index.events.values()}
        fingerprint = schedule_fingerprint(index.site, set())
        new = History.from_git(paths, fingerprint, store, (index.site, []))
        old = reference_history(paths, fingerprint)
    return new.records, old.records


def test_one_pass_gives_what_one_call_per_file_gave(repo):
    new, old = readers(repo)
    assert new == old
    # The history above is all there: every kind of change reached some record.
    sequences = {src_path.rsplit("/", 1)[-1]: record.sequence for src_path, record in new.items()}
    assert sequences["genealogy-getting-started.md"] == 1
    # Followed through the rename (its first commit is the hub's), and the uid held.
    assert new["content/events/chair-yoga.md"].first == datetime(2026, 10, 1, 10, tzinfo=UTC)
    assert new["content/events/civics.md"].first == datetime(2026, 10, 16, 10, tzinfo=UTC)
    assert new["content/events/archive/citizenship-class.md"].sequence == 1
    assert new["content/events/tax-help.md"].first == datetime(2026, 10, 7, 10, tzinfo=UTC)
    assert sequences["friday-film-club.md"] == 1
    assert sequences["baby-and-toddler-storytime.md"] == 1
    assert "content/events/untracked-event.md" not in new
    assert new["content/events/dia-de-los-ninos.md"].changed == datetime(
        2026, 10, 10, 10, tzinfo=UTC
    )


def test_records_kept_in_a_store_are_the_records_read(repo):
    memory = Memory()
    first, _ = readers(repo, memory)
    assert len(memory.values) == len(first)
    again, old = readers(repo, memory)
    assert again == first == old


def test_no_git_repository_means_no_history(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    with contextlib.chdir(tmp_path):
        index = load(Path("content")).index
        assert index is not None
        paths = {event.src_path: Path(event.src_path) for event in index.events.values()}
        history = History.from_git(paths, schedule_fingerprint(index.site, set()))
    assert history.records == {}


# -- the whole site, with history -----------------------------------------------------------------


def build(
    repo: Path, out: str, cache: str | None = None, jobs: int = 1, history: bool = True
) -> dict[str, bytes]:
    from generator.build import build
    from generator.options import BuildOptions

    forget_open_caches()
    remove_site(repo / out)
    with contextlib.chdir(repo):
        result = build(
            BuildOptions(
                Path("content"),
                Path("templates"),
                Path(out),
                at(NOW),
                history=history,
                cache=cache is not None,
                cache_dir=Path(cache) if cache else None,
                jobs=jobs,
            )
        )
    assert [str(p) for p in result.problems if p.is_error] == []
    return tree(repo / out)


def test_the_site_with_history_is_the_same_with_either_reader_cache_or_processes(repo, monkeypatch):
    site = build(repo, "site-new")
    assert build(repo, "site-cold", cache="cache-a") == site
    assert build(repo, "site-warm", cache="cache-a") == site  # records from the cache
    assert build(repo, "site-two", cache="cache-b", jobs=2) == site
    monkeypatch.setattr(
        History, "from_git", classmethod(lambda cls, paths, fp, *rest: reference_history(paths, fp))
    )
    assert build(repo, "site-old") == site
    # History reached the feeds: an event changed in history says so.
    feed = site["events/genealogy-getting-started.ics"].decode()
    assert "SEQUENCE:1" in feed and "DTSTAMP:20261002T100000Z" in feed


def test_a_name_used_again_keeps_its_count_even_when_the_new_file_is_a_copy(tmp_path):
    """The one difference from the reader it replaced, decided on purpose: `git log --follow`
    followed a new file back into the history of any file it resembled (a copy), so a new file
    under a name used before, made from another event's text, restarted that name's SEQUENCE at
    0, and calendar apps that still held the old event ignored the new one. A name's history is
    now its own: the count goes on (CHANGELOG.md)."""
    needs(shutil.which("git") is not None, "history checks need git on PATH")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    events = tmp_path / "content" / "events"
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "The hub", when="2026-10-01T10:00:00Z")
    git(tmp_path, "mv", "content/events/citizenship-class.md", "content/events/civics.md")
    git(tmp_path, "commit", "-q", "-m", "Renamed", when="2026-10-02T10:00:00Z")
    copy = (events / "civics.md").read_text(encoding="utf-8").replace("10:00", "11:00", 1)
    (events / "citizenship-class.md").write_text(copy, encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "A copy under the old name", when="2026-10-03T10:00:00Z")
    new, old = readers(tmp_path)
    name = "content/events/citizenship-class.md"
    third = datetime(2026, 10, 3, 10, tzinfo=UTC)
    assert old[name] == Record(third, third, 0)
    assert new[name] == Record(datetime(2026, 10, 1, 10, tzinfo=UTC), third, 1)
    assert {k: v for k, v in new.items() if k != name} == {
        k: v for k, v in old.items() if k != name
    }


def test_the_repository_settings_staff_may_have_change_nothing(repo):
    """Settings that change what `git log` prints, set in the repository (as a staff member's own
    settings would be): the records stay the same."""
    expected, _ = readers(repo)
    settings = {
        "log.follow": "true",
        "diff.renames": "false",
        "diff.noprefix": "true",
        "diff.mnemonicPrefix": "true",
        "color.ui": "always",
        "core.quotePath": "true",
        "log.decorate": "full",
        "diff.external": "false",
    }
    try:
        for name, value in settings.items():
            git(repo, "config", name, value)
        assert readers(repo)[0] == expected
    finally:
        for name in settings:
            git(repo, "config", "--unset", name)


def test_history_changes_only_the_files_that_carry_it(repo):
    """With history or without it, every page is the same; only the calendar files, the Atom feed
    and the sitemap (which carry DTSTAMP, SEQUENCE, dates of announcement and change) differ."""
    with_history = build(repo, "site-history", cache="cache-h")
    without = build(repo, "site-none", cache="cache-h", history=False)  # the same cache
    assert with_history.keys() == without.keys()
    differ = {name for name in with_history if with_history[name] != without[name]}
    carriers = {name for name in differ if name.endswith(".ics")} | {"feed.xml", "sitemap.xml"}
    assert differ <= carriers, sorted(differ - carriers)
    assert "feeds/all.ics" in differ and "events/genealogy-getting-started.ics" in differ
