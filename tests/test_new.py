"""`bulletin new event|partner|venue "Title"`: a file that passes the checker as it is, named after
the title, dated from --now, never replacing another file; misuse exits 2."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from generator.content.load import load
from generator.content.validate_event import EVENT_KEYS
from generator.content.validate_places import PARTNER_KEYS, VENUE_KEYS
from generator.content.validate_series import REPEAT_KEYS
from generator.staff.scaffold import KINDS, event_text

from conftest import bulletin, write_hub

NOW = "2027-03-04T09:00"
# `imported:` is written only by `bulletin import`, never offered to staff.
ACCEPTED = {
    "event": tuple(key for key in EVENT_KEYS if key != "imported"),
    "partner": PARTNER_KEYS,
    "venue": VENUE_KEYS,
}


@pytest.fixture
def hub_dir(tmp_path, monkeypatch):
    """The small test hub in tmp_path/content, worked on from tmp_path."""
    monkeypatch.chdir(tmp_path)
    write_hub(tmp_path, {})
    return tmp_path


def problems(drafts: bool = False) -> list[str]:
    return [str(problem) for problem in load(Path("content"), drafts).problems]


# --- the file passes the checker unchanged ----------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_file_passes_the_checker_unchanged(kind, hub_dir):
    code, _, _ = bulletin(["new", kind, "Riverside Kite Club", "--now", NOW])
    assert code == 0
    assert problems() == []
    assert problems(drafts=True) == []
    with_drafts = load(Path("content"), drafts=True).index
    published = load(Path("content")).index
    models = {"event": "events", "partner": "partners", "venue": "venues"}[kind]
    assert "riverside-kite-club" in getattr(with_drafts, models)
    # Events and partners start as drafts, so nothing is published by accident; venues have no
    # draft setting.
    assert ("riverside-kite-club" in getattr(published, models)) == (kind == "venue")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_setting_the_checker_accepts_is_in_the_file(kind, hub_dir):
    bulletin(["new", kind, "Riverside Kite Club", "--now", NOW])
    text = Path(f"content/{KINDS[kind]}/riverside-kite-club.md").read_text(encoding="utf-8")
    written = set(re.findall(r"^(?:# )?(\w+):", text, re.MULTILINE))
    assert set(ACCEPTED[kind]) - written == set()
    if kind == "event":
        nested = set(re.findall(r"^#   (\w+):", text, re.MULTILINE))
        assert set(REPEAT_KEYS) - {"rrule", "count"} - nested == set()  # both named in the note
        assert "rrule" in text and "count" in text


# Settings that go with another one, as their notes say.
NEEDS = {
    "occurrences": ("repeat",),
    "registration_required": ("registration",),
    "private_address": ("neighborhoods",),
    "status_note": ("status",),
    "feed_timezone": ("feed",),
    "feed_defaults": ("feed",),
}


def settings_not_in_use(text: str) -> list[tuple[int, int]]:
    """(first line, end line) of each commented-out setting with the lines indented under it."""
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if re.match(r"# \w+:", line)]
    groups = []
    for start in starts:
        end = start + 1
        while end < len(lines) and lines[end].startswith("#   "):
            end += 1
        groups.append((start, end))
    return groups


def uncomment(text: str, groups: list[tuple[int, int]]) -> str:
    lines = text.split("\n")
    for start, end in groups:
        lines[start:end] = [line.removeprefix("# ") for line in lines[start:end]]
    return "\n".join(lines)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_commented_out_example_is_valid_as_it_stands(kind, hub_dir):
    """Deleting the '# ' in front of a setting (and the lines under it), as the notes say, gives
    a file that still passes; only a picture needs a real file first."""
    bulletin(["new", kind, "Riverside Kite Club", "--now", NOW])
    path = Path(f"content/{KINDS[kind]}/riverside-kite-club.md")
    text = path.read_text(encoding="utf-8")
    groups = settings_not_in_use(text)
    in_use = {"event": 4, "partner": 4, "venue": 2}[kind]  # title/name, start, since, draft...
    assert len(groups) == len(ACCEPTED[kind]) - in_use
    by_key = {
        text.split("\n")[group[0]].split(":")[0].removeprefix("# "): group for group in groups
    }
    failing = {}
    for key, group in by_key.items():
        if key in ("image", "image_alt", "logo", "logo_alt"):
            continue
        with_it = [group] + [by_key[other] for other in NEEDS.get(key, ())]
        path.write_text(uncomment(text, with_it), encoding="utf-8")
        if problems(drafts=True):
            failing[key] = problems(drafts=True)
    assert failing == {}


def test_the_series_example_is_a_weekly_series_from_today(hub_dir):
    bulletin(["new", "event", "Kite Day", "--now", NOW])
    path = Path("content/events/kite-day.md")
    text = path.read_text(encoding="utf-8")
    series = [
        g
        for g in settings_not_in_use(text)
        if text.split("\n")[g[0]].startswith(("# repeat:", "# occurrences:"))
    ]
    path.write_text(uncomment(text, series), encoding="utf-8")
    assert problems(drafts=True) == []
    event = load(Path("content"), drafts=True).index.events["kite-day"]
    assert event.repeat.rule.startswith("FREQ=WEEKLY") and "BYDAY=TH" in event.repeat.rule
    assert event.changes and event.repeat.except_dates and event.repeat.also_dates


# --- what it prints, and the name it chooses -----------------------------------------------------------


def test_prints_the_path_and_the_next_step(hub_dir):
    assert bulletin(["new", "event", "Café Ñandú", "--now", NOW]) == (
        0,
        (
            "Created content/events/cafe-nandu.md\n"
            "Next: open content/events/cafe-nandu.md, fill in the date, time and place (delete the "
            "'# ' in front of any setting you use), then run `make check` (or `.venv/bin/bulletin check`). It "
            "is a draft, so it is "
            "not published until you change 'draft: true' to 'draft: false'.\n"
        ),
        "",
    )


def test_venue_next_step_warns_that_venues_are_published_at_once(hub_dir):
    code, out, _ = bulletin(["new", "venue", "Harbor Hall", "--now", NOW])
    assert code == 0
    assert out.splitlines()[1].endswith(
        "Venues have no draft setting: the page is published "
        "with the next build, so write the real address first."
    )


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Café Ñandú", "cafe-nandu"),
        ("Teen Tech Drop-In!", "teen-tech-drop-in"),
        ("  Rock & Roll: the 1950s  ", "rock-roll-the-1950s"),
        ("Đọc sách cho trẻ em", "doc-sach-cho-tre-em"),
        ("Strikkekafé på Ærø", "strikkekafe-pa-aero"),
        ("C# for kids", "c-for-kids"),
        ("Knit " * 40, ("knit-" * 12).rstrip("-")),  # at most 60 characters,
        ("Supercalifragilisticexpialidocious" * 3, ("supercalifragilisticexpialidocious" * 3)[:60]),
    ],
)
def test_file_name_comes_from_the_title(title, slug, hub_dir):
    code, out, _ = bulletin(["new", "event", title, "--now", NOW])
    assert code == 0
    assert out.startswith(f"Created content/events/{slug}.md\n")
    assert len(slug) <= 60 and not slug.endswith("-")
    assert load(Path("content"), drafts=True).index.events[slug].title == title.strip()


@pytest.mark.parametrize(
    "title",
    [
        'Room #4: "Yes" & No',
        "yes",
        "2027",
        "- a list?",
        "@home",
        "[Draft] plans",
        "{x}",
        "%d",
        "'quoted'",
        "Tom's",
        "a: b",
        "Ends with a colon:",
        "*star",
        "!important",
        "> more",
        "| pipe",
    ],
)
def test_title_is_kept_exactly_as_typed(title, hub_dir):
    code, out, _ = bulletin(["new", "event", title, "--now", NOW])
    assert code == 0, out
    assert problems(drafts=True) == []
    [event] = [
        e for e in load(Path("content"), drafts=True).index.events.values() if e.slug != "teen-tech"
    ]
    assert event.title == title


@pytest.mark.parametrize(
    "title, message",
    [
        ("", "bulletin new: the title is empty\n"),
        ("   ", "bulletin new: the title is empty\n"),
        (
            "!!!",
            "bulletin new: the title '!!!' has no letters a-z or digits to make a file name from; "
            'give it in Latin letters (e.g. "Teen Tech Drop-In") and change the title inside the '
            "file afterwards\n",
        ),
        (
            "読書会",
            "bulletin new: the title '読書会' has no letters a-z or digits to make a file name "
            'from; give it in Latin letters (e.g. "Teen Tech Drop-In") and change the title '
            "inside the file afterwards\n",
        ),
        ("Two\nlines", "bulletin new: the title must be one line\n"),
    ],
)
def test_a_title_that_cannot_name_a_file_is_misuse(title, message, hub_dir):
    assert bulletin(["new", "event", title, "--now", NOW]) == (2, "", message)
    assert sorted(p.name for p in Path("content/events").iterdir()) == ["teen-tech.md"]


# --- dates -----------------------------------------------------------------------------------------------


def test_dates_come_from_now(hub_dir):
    bulletin(["new", "event", "Kite Day", "--now", NOW])
    bulletin(["new", "partner", "Kite Club", "--now", NOW])
    event = Path("content/events/kite-day.md").read_text(encoding="utf-8")
    partner = Path("content/partners/kite-club.md").read_text(encoding="utf-8")
    assert "\nstart: 2027-03-04 10:00\n" in event
    assert "\nsince: 2027-03-04\n" in partner and "\nverified: 2027-03-04\n" in partner
    index = load(Path("content"), drafts=True).index
    assert index.partners["kite-club"].verified == date(2027, 3, 4)
    assert index.events["kite-day"].starts_at.date() == date(2027, 3, 4)


def test_today_is_the_sites_today(hub_dir):
    # 03:00 UTC on 5 March is still 4 March in Chicago, the test hub's time zone.
    bulletin(["new", "partner", "Kite Club", "--now", "2027-03-05T03:00:00+00:00"])
    assert "\nverified: 2027-03-04\n" in Path("content/partners/kite-club.md").read_text("utf-8")


def test_source_date_epoch_gives_today_when_no_now(hub_dir, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1804226400")  # 2027-03-05 06:00 UTC
    bulletin(["new", "partner", "Kite Club"])
    assert "\nsince: 2027-03-05\n" in Path("content/partners/kite-club.md").read_text("utf-8")


def test_a_mistyped_now_is_misuse(hub_dir):
    code, _, err = bulletin(["new", "event", "Kite Day", "--now", "next tuesday"])
    assert (code, err) == (
        2,
        "bulletin new: --now 'next tuesday' is not a date and time; write "
        "e.g. 2026-12-02T15:30 or 2026-12-02\n",
    )
    assert not Path("content/events/kite-day.md").exists()


# --- never replaces a file --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, title, existing",
    [
        ("event", "Teen Tech", "content/events/teen-tech.md"),
        ("venue", "Central", "content/venues/central.md"),
        ("partner", "Central", "content/venues/central.md"),  # partners and venues share names
        ("venue", "Youth Haven", "content/partners/youth-haven.md"),
    ],
)
def test_never_replaces_a_file(kind, title, existing, hub_dir):
    before = {p: p.read_bytes() for p in Path("content").rglob("*") if p.is_file()}
    code, out, err = bulletin(["new", kind, title, "--now", NOW])
    assert (code, out) == (1, "")
    noun = "title" if kind == "event" else "name"
    assert err == (
        f"bulletin new: {existing} already exists, so nothing was written; edit that "
        f"file, or give another {noun}\n"
    )
    assert {p: p.read_bytes() for p in Path("content").rglob("*") if p.is_file()} == before


def test_an_event_in_a_year_folder_counts_too(hub_dir):
    Path("content/events/2027").mkdir()
    Path("content/events/teen-tech.md").rename("content/events/2027/kite-day.md")
    code, _, err = bulletin(["new", "event", "Kite Day", "--now", NOW])
    assert code == 1 and "content/events/2027/kite-day.md already exists" in err
    assert not Path("content/events/kite-day.md").exists()


# --- misuse ------------------------------------------------------------------------------------------------


def test_an_unknown_kind_is_misuse(hub_dir):
    code, out, err = bulletin(["new", "program", "Kite Day"])
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "bulletin new: error: argument kind: invalid choice: 'program' "
        "(choose from 'event', 'partner', 'venue', 'translation')"
    )


def test_a_missing_title_is_misuse(hub_dir):
    code, _, err = bulletin(["new", "event"])
    assert code == 2 and "the following arguments are required: title" in err


def test_a_missing_content_folder_is_misuse(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert bulletin(["new", "event", "Kite Day", "--content", "nowhere"]) == (
        2,
        "",
        "bulletin new: nowhere is not a folder; run bulletin from the repository's top "
        "folder or give --content\n",
    )


def test_content_option_and_a_hub_whose_settings_are_broken(tmp_path, monkeypatch):
    """The file is still written (with general examples) while site.toml has a mistake."""
    monkeypatch.chdir(tmp_path)
    write_hub(tmp_path / "elsewhere", {"site.toml": "title = \n"})
    code, out, _ = bulletin(
        ["new", "event", "Kite Day", "--content", "elsewhere/content", "--now", NOW]
    )
    assert code == 0 and out.startswith("Created elsewhere/content/events/kite-day.md\n")
    text = Path("elsewhere/content/events/kite-day.md").read_text(encoding="utf-8")
    assert text == event_text("Kite Day", date(2027, 3, 4))


def test_the_examples_use_the_hubs_own_names(hub_dir):
    bulletin(["new", "event", "Kite Day", "--now", NOW])
    text = Path("content/events/kite-day.md").read_text(encoding="utf-8")
    assert "\nlocation: central\n" in text
    assert "\n## one or more of kids, teens\n# audiences: [kids]\n" in text
    assert "\n# partners: [youth-haven]\n" in text


def test_examples_never_point_at_a_draft(hub_dir):
    Path("content/partners/aaa-draft-partner.md").write_text(
        "---\nname: Draft\ndraft: true\n---\n", encoding="utf-8"
    )
    bulletin(["new", "event", "Kite Day", "--now", NOW])
    text = Path("content/events/kite-day.md").read_text(encoding="utf-8")
    assert "\n# partners: [youth-haven]\n" in text and "aaa-draft-partner" not in text


def test_a_file_made_meanwhile_is_not_replaced(hub_dir, monkeypatch):
    """Someone else saves the same file between the check and the write."""
    from generator.staff import scaffold

    real = scaffold.file_text

    def meanwhile(*arguments):
        Path("content/events/kite-day.md").write_text("theirs", encoding="utf-8")
        return real(*arguments)

    monkeypatch.setattr(scaffold, "file_text", meanwhile)
    assert bulletin(["new", "event", "Kite Day", "--now", NOW]) == (
        1,
        "",
        "bulletin new: content/events/kite-day.md already exists, so nothing was written\n",
    )
    assert Path("content/events/kite-day.md").read_text(encoding="utf-8") == "theirs"
