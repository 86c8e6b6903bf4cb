"""What a very large hub publishes (docs/format.md, "A very large hub"): feeds that list more than
LONG_FEED events give each event's summary and a link instead of its whole description, while the
event's own calendar file keeps it; and a build whose site passes GitHub Pages' 1 GB says so,
naming what weighs most and what to change. The sample hub is far below both, so its site (the
golden one) is as it was; here the limits are lowered to reach them with the sample."""

from __future__ import annotations

import re
import tomllib

import pytest
from icalendar import Calendar

from generator.incremental.cache import forget_open_caches
from generator.render import feeds, weight

from conftest import NOW, clean, make, run_cli, tree


def descriptions(data: bytes) -> dict[tuple[str, str | None], str]:
    """Each VEVENT's DESCRIPTION by (UID, RECURRENCE-ID), read by the icalendar parser."""
    found = {}
    for component in Calendar.from_ical(data).walk("VEVENT"):
        recurrence = component.get("RECURRENCE-ID")
        key = (str(component["UID"]), recurrence.to_ical().decode() if recurrence else None)
        found[key] = str(component["DESCRIPTION"])
    return found


def body_sentences(hub) -> dict[str, list[str]]:
    """Every event's description sentences, read from its file (the part below the front-matter)."""
    sentences = {}
    for path in (hub / "content" / "events").rglob("*.md"):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        words = re.sub(r"[*_`#>\[\]()]|https?://\S+", " ", body)
        sentences[path.stem] = [s.strip() for s in re.split(r"[.!?]\s", words) if len(s) > 40]
    return sentences


@pytest.fixture
def long_feeds(sample_copy, monkeypatch):
    monkeypatch.setattr(feeds, "LONG_FEED", 12)
    return sample_copy


def test_long_feeds_give_the_summary_and_the_link_and_the_event_file_keeps_all(long_feeds):
    site = clean(long_feeds)
    bodies = body_sentences(long_feeds)
    whole = {}
    for name, data in site.items():
        if name.startswith("events/") and name.endswith(".ics"):
            whole.update(descriptions(data))
    settings = tomllib.loads((long_feeds / "content" / "site.toml").read_text(encoding="utf-8"))
    # Written in their language (tests/test_feeds.py): no whole text in the hub's to compare with.
    spoken = {f"feeds/languages/{code}.ics" for code in settings["translations"]}
    brief = short = shortened = 0
    for name, data in site.items():
        if not name.startswith("feeds/"):
            continue
        listed = descriptions(data)
        is_long = len({uid for uid, _ in listed}) > 12
        for key, text in listed.items():
            slug = key[0].split("@")[0].split(".")[0]  # a series date of its own: slug.date
            assert text.endswith(f"/events/{slug}/"), (name, key)  # the link is always there
            if name in spoken:
                assert not is_long or not any(sentence in text for sentence in bodies[slug])
                continue
            if not is_long:
                assert text == whole[key], (name, key)
                short += 1
                continue
            brief += 1
            kept = text.split("\n\n")
            parts = whole[key].split("\n\n")
            # The brief text is the whole one with parts left out, in the same order ...
            assert kept == [part for part in parts if part in kept]
            # ... and what is left out is the event's description, nothing else.
            left_out = [part for part in parts if part not in kept]
            for part in left_out:
                assert not part.startswith(("Details:", "With ", "Cost:", "Join online:"))
            assert left_out == [] or any(
                sentence in "\n\n".join(left_out) for sentence in bodies[slug]
            ), (name, key, left_out)
            shortened += bool(left_out)
    assert brief > 50 and short > 50  # both kinds were checked
    assert shortened > brief / 2  # most events have a description beyond their summary
    some = "feeds/all.ics"
    assert sum(map(len, descriptions(site[some]).values())) < sum(
        len(whole[key]) for key in descriptions(site[some])
    )


def test_long_feeds_are_the_same_from_the_cache_and_from_two_processes(long_feeds):
    expected = clean(long_feeds)
    forget_open_caches()
    assert make(long_feeds, "cold", jobs=2).problems == []
    assert tree(long_feeds / "cold") == expected
    forget_open_caches()
    assert make(long_feeds, "warm", jobs=1).problems == []
    assert tree(long_feeds / "warm") == expected


def test_a_site_past_the_limit_is_built_with_a_warning_naming_the_knobs(sample_copy, monkeypatch):
    monkeypatch.setattr(weight, "LIMIT", 1_000_000)
    code, output = run_cli(
        ["build", "--content", "content", "--out", "site", "--now", NOW, "--no-history"]
    )
    assert code == 0
    [line] = output[:-1] if len(output) > 1 else output
    assert line.startswith("content/site.toml: warning: the site is ")
    size = int(re.search(r"the site is ([\d,]+) MB", line)[1].replace(",", ""))
    published = sum(len(data) for data in tree(sample_copy / "site").values())
    assert abs(size * 1e6 - published) < 1e6  # the bytes published, marker file aside
    for words in ("more than the 1 GB GitHub Pages publishes", "feed_past_days", "event pages",
                  "feeds", "events.json", "KB an event", 'docs/format.md, "A very large hub"'):  # fmt: skip
        assert words in line
    assert (sample_copy / "site" / "index.html").exists()  # a warning: the site is built


def test_a_site_within_the_limit_says_nothing_of_its_size(sample_copy):
    code, output = run_cli(
        ["build", "--content", "content", "--out", "site", "--now", NOW, "--no-history"]
    )
    assert code == 0 and not any("GitHub Pages publishes" in line for line in output)
