"""The render cache, parallel rendering and incremental writing never change what is published:
every build below is compared byte for byte with a clean build (no cache, one process) of the same
content, templates and "now". Nothing here measures time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import build
from generator.incremental.cache import forget_open_caches
from generator.options import BuildOptions

from conftest import NOW, at, clean, edit, run_cli, tree
from conftest import make as shared_make


@pytest.fixture
def hub(sample_copy):
    return sample_copy


def make(root: Path, out: str, now: str = NOW, jobs: int | None = 1, **options):
    """conftest's make(), which must build without a problem."""
    result = shared_make(root, out, now, jobs=jobs, **options)
    assert [str(p) for p in result.problems] == []
    return result


def stats(result) -> tuple[int, int]:
    """(hits, misses) of a build."""
    return result.cache.last


def forget_memory() -> None:
    """As if the next build ran in a new process: only the disk cache remains."""
    forget_open_caches()


def test_output_is_identical_with_and_without_the_cache_and_with_one_or_two_workers(hub):
    expected = clean(hub)
    assert stats(make(hub, "cold-one", jobs=1))[0] == 0  # nothing to reuse yet
    assert tree(hub / "cold-one") == expected
    make(hub, "cold-two", jobs=2, cache="cache-two")
    assert tree(hub / "cold-two") == expected
    forget_memory()
    hits, misses = stats(make(hub, "warm-two", jobs=2, cache="cache-two"))
    assert hits > 0 and misses == 0  # everything came from the disk cache
    assert tree(hub / "warm-two") == expected
    make(hub, "warm-one", jobs=1)
    assert tree(hub / "warm-one") == expected


def test_a_hub_outside_a_repository_keeps_its_cache_beside_the_content(hub):
    """A hub not in git (downloaded as a zip file, say) keeps its cache in .bulletin-cache/ beside
    the content folder: a new process's build reuses the first one's work from disk."""
    expected = clean(hub)
    assert not (hub / ".git").exists()
    for name in ("first", "second"):
        forget_memory()  # each build as a new process: only the disk remains
        result = build(
            BuildOptions(
                hub / "content", hub / "templates", hub / name, at(NOW), history=False, jobs=1
            )
        )  # the default folder
        assert result.problems == []
        assert tree(hub / name) == expected
    assert result.cache is not None
    assert result.cache.last[0] > 0 and result.cache.last[1] == 0
    kept = {path.suffix or path.name for path in (hub / ".bulletin-cache").iterdir()}
    assert {".gitignore", ".sqlite3"} <= kept
    assert not list((hub / "content").rglob("*.sqlite3*"))


@pytest.mark.parametrize("from_disk", [False, True], ids=["same-process", "new-process"])
def test_editing_one_event_rebuilds_exactly_like_a_clean_build(hub, from_disk):
    make(hub, "site", jobs=2)
    unrelated = hub / "site" / "events" / "friday-film-club" / "index.html"
    unrelated_stamp = unrelated.stat().st_mtime_ns
    event = hub / "content" / "events" / "teen-tech-drop-in.md"
    text = event.read_text(encoding="utf-8")
    start = next(line for line in text.splitlines() if line.startswith("title:"))
    edit(event, start, "title: Teen Tech Night (new name)")
    if from_disk:
        forget_memory()
    result = make(hub, "site", jobs=2)
    assert tree(hub / "site") == clean(hub)
    assert "events/teen-tech-drop-in/index.html" in result.changed
    assert "feeds/all.ics" in result.changed
    assert "events/friday-film-club/index.html" not in result.changed
    assert unrelated.stat().st_mtime_ns == unrelated_stamp  # unchanged files are not rewritten
    hits, misses = stats(result)
    assert hits > misses > 0


def test_renaming_a_partner_changes_every_event_page_that_names_it(hub):
    make(hub, "site")
    edit(
        hub / "content" / "partners" / "youth-haven.md",
        "name: Youth Haven",
        "name: Youth Haven Drop-In Center",
    )
    make(hub, "site")
    built = tree(hub / "site")
    assert built == clean(hub)
    naming = [
        name
        for name, data in built.items()
        if name.startswith("events/") and b"Youth Haven Drop-In Center" in data
    ]
    assert len(naming) > 3


def test_editing_a_template_rerenders_every_page(hub):
    make(hub, "site", jobs=2)
    edit(
        hub / "templates" / "event.html",
        "<h1{{ lang_of(lang) }}>{{ event.title }}</h1>",
        "<h1{{ lang_of(lang) }}>{{ event.title }}</h1><!-- edited theme -->",
    )
    make(hub, "site", jobs=2)
    built = tree(hub / "site")
    assert built == clean(hub)
    pages = [
        name
        for name in built
        if name.startswith("events/")
        and name.count("/") == 2
        and name.endswith("/index.html")
        and name != "events/past/index.html"
    ]
    assert pages and all(b"<!-- edited theme -->" in built[name] for name in pages)


def test_a_later_now_leaves_no_stale_page(hub):
    make(hub, "site", jobs=2)
    # Later the same day and the same month too: the theme (which shows this month) is the same.
    for moment in (
        "2026-11-22T20:00",
        "2026-11-28T12:00",
        "2027-01-20T09:00",
        "2027-06-01T18:30",
        NOW,
    ):
        make(hub, "site", now=moment, jobs=2)
        assert tree(hub / "site") == clean(hub, moment), moment


def test_the_cache_never_turns_a_content_error_into_a_success(hub):
    make(hub, "site")
    before = tree(hub / "site")
    event = hub / "content" / "events" / "teen-tech-drop-in.md"
    start = next(
        line for line in event.read_text(encoding="utf-8").splitlines() if line.startswith("start:")
    )
    edit(event, start, "start: 2026-13-01 15:30")
    for attempt in range(2):  # the second time, the file's problems come from the cache
        code, output = run_cli(
            [
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
        )
        assert code == 1
        assert output == [
            "content/events/teen-tech-drop-in.md:4: 'start' 2026-13-01 is not "
            "a real date (there is no month 13; write it as YYYY-MM-DD, e.g. "
            "2026-12-02)"
        ], attempt
        assert tree(hub / "site") == before


def test_warnings_come_back_from_the_cache_too(hub):
    event = hub / "content" / "events" / "teen-tech-drop-in.md"
    room = next(
        line for line in event.read_text(encoding="utf-8").splitlines() if line.startswith("room:")
    )
    edit(event, room, room + " #3")
    outputs = []
    for _ in range(2):
        forget_memory()
        code, output = run_cli(
            [
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
        )
        outputs.append((code, output))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 0 and any("is a comment in YAML" in line for line in outputs[0][1])


def test_a_template_mistake_in_a_worker_is_reported_like_any_other(hub):
    (hub / "templates" / "event.html").write_text(
        "{% extends 'base.html' %}\n{% block main %}\n{{ oops(\n{% endblock %}\n"
    )
    code, output = run_cli(
        [
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
            "--jobs",
            "2",
            "--cache",
            "cache",
        ]
    )
    assert (code, output) == (
        1,
        ["templates/event.html:4: the template cannot be used: unexpected '%'"],
    )
    assert sorted(p.name for p in hub.iterdir()) == ["cache", "content", "templates"]


def test_a_damaged_cache_is_ignored(hub):
    expected = clean(hub)
    make(hub, "site")
    forget_memory()
    database = next((hub / "cache").glob("*.sqlite3"))
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE work SET value = x'00ff'")
    make(hub, "again")
    assert tree(hub / "again") == expected
    forget_memory()
    for path in (hub / "cache").iterdir():
        if path.is_file() and path.name != ".gitignore":
            path.write_bytes(b"not a database")
    make(hub, "third")
    assert tree(hub / "third") == expected


@given(
    st.text(alphabet=st.sampled_from("ab \\^;,:\t") | st.characters(codec="utf-8"), max_size=400)
)
def test_fast_line_folding_gives_icalendars_own_bytes(line):
    from generator.render import icalfold

    line = line.replace("\n", " ")
    assert icalfold.fold(line) == icalfold.ORIGINAL(line)
    assert icalfold.fold(line, 20) == icalfold.ORIGINAL(line, 20)


def test_events_json_from_remembered_entries_is_what_a_clean_build_writes(hub, monkeypatch):
    """events.json is spliced from each event's remembered entry: after a one-off event's title
    and a series' skipped dates change, only those two entries are written again, and the file is
    byte for byte what a clean build writes."""
    import json

    from generator.render import data_files

    make(hub, "site")
    swap = hub / "content" / "events" / "2026" / "costume-swap.md"
    swap.write_text(
        swap.read_text().replace("title: Halloween Costume Swap", "title: Costume Swap")
    )
    drop_in = hub / "content" / "events" / "teen-tech-drop-in.md"
    drop_in.write_text(
        drop_in.read_text().replace("except: [2026-12-23, 2026-12-30]", "except: [2026-12-23]")
    )
    written = []  # the entries made again: cached() runs make() only for work it cannot reuse
    real = data_files.cached

    def counted(kind, inputs, make, store, *rest):
        if kind == "events-json":
            return real(
                kind, inputs, lambda: written.append(inputs[0]["slug"]) or make(), store, *rest
            )
        return real(kind, inputs, make, store, *rest)

    monkeypatch.setattr(data_files, "cached", counted)
    make(hub, "again")
    monkeypatch.undo()
    expected = clean(hub)["events.json"]
    assert (hub / "again" / "events.json").read_bytes() == expected
    assert sorted(written) == ["costume-swap", "teen-tech-drop-in"]
    entries = {entry["slug"]: entry for entry in json.loads(expected)["events"]}
    assert entries["costume-swap"]["title"] == "Costume Swap"
    assert "2026-12-30" in [
        o["series_date"][:10] for o in entries["teen-tech-drop-in"]["occurrences"]
    ]


def test_events_json_is_what_json_dumps_writes():
    """The entries' own encoder gives json.dumps(indent=1)'s bytes, and leaves to json what it
    does not know."""
    import json

    from generator.render.data_files import indented_json

    value = {
        "text": 'é "q" \\ \n\t\x00 \u2028 😀',
        "none": None,
        "yes": True,
        "no": False,
        "whole": -12,
        "real": 41.8781,
        "tiny": 1e-07,
        "empty list": [],
        "empty map": {},
        "list": [1, [], {}, [None, "x"], {"a": [0.5]}],
        "map": {"inner": {"deeper": []}},
    }
    for level in (0, 1, 2, 5):
        assert indented_json(value, "\n" + " " * level) == json.dumps(
            value, ensure_ascii=False, indent=1
        ).replace("\n", "\n" + " " * level)

    class Whole(int):
        pass

    for unknown in (float("nan"), float("-inf"), (1, 2), {1: "a"}, Whole(3)):
        with pytest.raises(TypeError):
            indented_json([unknown], "\n")


def test_a_compiled_template_is_reused_only_while_its_text_and_settings_are_the_same(tmp_path):
    """render/template_loader.py: every build makes a new Jinja environment, and a template is
    compiled once in the process; a new text, or an environment that compiles otherwise (here its
    whitespace settings), compiles anew."""
    import jinja2

    from generator.render.template_loader import Loader

    (tmp_path / "page.html").write_text("{% if true %}\n  x\n{% endif %}\n", encoding="utf-8")

    def template(**settings) -> jinja2.Template:
        return jinja2.Environment(loader=Loader(str(tmp_path)), **settings).get_template(
            "page.html"
        )

    def code(page: jinja2.Template):
        return page.root_render_func.__code__

    first, again = template(), template()
    assert first.render() == again.render() == "\n  x\n"
    assert code(again) is code(first)  # compiled once
    trimmed = template(trim_blocks=True, lstrip_blocks=True)
    assert trimmed.render() == "  x\n" and code(trimmed) is not code(first)
    (tmp_path / "page.html").write_text("{% if true %}\n  y\n{% endif %}\n", encoding="utf-8")
    edited = template()
    assert edited.render() == "\n  y\n" and code(edited) is not code(first)
