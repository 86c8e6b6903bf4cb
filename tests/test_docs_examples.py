"""Every worked example in docs/format.md passes the checker, so the staff guide and the checker agree.

An example is a fenced block on the line right after `<!-- example: PATH -->`, PATH being relative to
content/: `events/...`, `partners/...` or `venues/...` for a complete Markdown file, or `site.toml` for
lines to add to the site settings. Each example is added to a copy of the sample hub (a site.toml
example is merged into the sample's site.toml: its lines go under the same [table] headings, and its
settings replace the sample's). The hub must then have exactly the problems the sample hub has on its
own (none), so an example is neither wrong itself nor the cause of a message on another file, and it
must really be published as the feature it shows.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.content.load import Loaded, load
from generator.content.values import SLUG
from generator.models import Attendance

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "format.md"
SAMPLE = ROOT / "content"

MARKER = re.compile(r"<!--\s*example\b")
EXAMPLE = re.compile(
    r"^<!-- example: (?P<path>\S+) -->\n```(?P<lang>[a-z]*)\n(?P<text>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
TRANSLATION_EXAMPLE = re.compile(
    r"^<!-- translation: (?P<path>\S+) -->\n```markdown\n(?P<text>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
FENCE = re.compile(r"^```(?P<lang>[a-z]*)\n(?P<text>.*?)^```$", re.MULTILINE | re.DOTALL)
YEAR = 2027  # every example is dated in this year, so the guide reads as one season


@dataclass(frozen=True)
class Example:
    path: str  # relative to content/, e.g. "events/2027/podcasting-basics.md" or "site.toml"
    lang: str  # the fence's language: markdown or toml
    text: str

    @property
    def kind(self) -> str:
        return "site" if self.path == "site.toml" else self.path.split("/")[0]

    @property
    def slug(self) -> str:
        return Path(self.path).stem


def read_examples() -> list[Example]:
    guide = GUIDE.read_text(encoding="utf-8")
    return [Example(m["path"], m["lang"], m["text"]) for m in EXAMPLE.finditer(guide)]


EXAMPLES = read_examples()


def sample_slugs() -> dict[str, set[str]]:
    """The sample's names: events (across sub-folders) and places (partners and venues share)."""
    events = {path.stem for path in (SAMPLE / "events").rglob("*.md")}
    places = {
        path.stem for folder in ("partners", "venues") for path in (SAMPLE / folder).glob("*.md")
    }
    return {"events": events, "partners": places, "venues": places}


# --- the features the guide promises a worked example for ----------------------------------------
# feature -> (example path, what the loaded model must show). `check` gets the loaded index (drafts
# included) and the example, and returns True when the example really shows the feature.


def event(index, example):
    return index.events[example.slug]


def rule(index, example):
    return event(index, example).repeat.rule


def _changes(index, example):
    e = event(index, example)
    changes = e.changes.values()
    moved_time = any(c.starts_at is not None and c.starts_at.date() in e.changes for c in changes)
    moved_day = any(
        c.starts_at is not None and c.starts_at.date() not in e.changes for c in changes
    )
    return (
        moved_time
        and moved_day
        and any(c.status == "cancelled" and c.note for c in changes)
        and any(c.location for c in changes)
    )


def _partner_location(index, example):
    e = event(index, example)
    return e.location in index.partners and index.partners[e.location].private_address


def _roles(index, example):
    links = event(index, example).partners
    return len({link.role for link in links if link.role}) >= 3 and any(
        not link.role for link in links
    )


def _vocabularies(index, example):
    e = event(index, example)
    return all((e.audiences, e.categories, e.languages, e.access, e.accessibility))


def _site_word(index, example):
    added = tomllib.loads(example.text)
    return all(
        index.site.vocabulary(table)[key] == label
        for table, words in added.items()
        for key, label in words.items()
    )


def _fall_back(index, example):
    e = event(index, example)
    # 01:30 on the night the clocks go back is the first 01:30, still on daylight time (UTC-5).
    return e.ends_at.date() == date(YEAR, 11, 7) and e.ends_at.utcoffset() == timedelta(hours=-5)


FEATURES: dict[str, tuple[str, Callable]] = {
    "one-off timed event": (
        "events/2027/podcasting-basics.md",
        lambda i, x: (
            not event(i, x).all_day
            and event(i, x).repeat is None
            and event(i, x).ends_at.date() == event(i, x).starts_at.date()
        ),
    ),
    "all-day event": (
        "events/2027/fine-free-day.md",
        lambda i, x: event(i, x).all_day and event(i, x).starts_at == event(i, x).ends_at,
    ),
    "multi-day all-day event (end is the last day)": (
        "events/2027/community-quilt-show.md",
        lambda i, x: event(i, x).all_day and event(i, x).duration == timedelta(days=3),
    ),
    "event past midnight": (
        "events/2027/perseid-meteor-watch.md",
        lambda i, x: event(i, x).ends_at.date() > event(i, x).starts_at.date(),
    ),
    "weekly series with except and also": (
        "events/knit-and-crochet-circle.md",
        lambda i, x: (
            rule(i, x).startswith("FREQ=WEEKLY")
            and event(i, x).repeat.except_dates
            and event(i, x).repeat.also_dates
        ),
    ),
    "changing one date of a series": ("events/homework-help.md", _changes),
    "monthly on the first tuesday": (
        "events/memoir-writing-group.md",
        lambda i, x: "BYDAY=1TU" in rule(i, x),
    ),
    "monthly on the last friday": (
        "events/last-friday-teen-open-mic.md",
        lambda i, x: "BYDAY=-1FR" in rule(i, x),
    ),
    "monthly on day 15": (
        "events/small-business-office-hours.md",
        lambda i, x: "BYMONTHDAY=15" in rule(i, x),
    ),
    "every other week (interval)": (
        "events/lego-build-club.md",
        lambda i, x: "INTERVAL=2" in rule(i, x),
    ),
    "series with count": (
        "events/2027/spreadsheets-for-beginners.md",
        lambda i, x: event(i, x).repeat.count == 6,
    ),
    "series with until": (
        "events/knit-and-crochet-circle.md",
        lambda i, x: event(i, x).repeat.until is not None,
    ),
    "raw rrule under repeat": (
        "events/friends-annual-meeting.md",
        lambda i, x: "rrule:" in x.text and "BYMONTH=10" in rule(i, x),
    ),
    "cancelled event": (
        "events/2027/watercolor-basics.md",
        lambda i, x: event(i, x).status == "cancelled" and event(i, x).status_note,
    ),
    "postponed event": (
        "events/2027/local-authors-fair.md",
        lambda i, x: event(i, x).status == "postponed" and event(i, x).status_note,
    ),
    "rescheduled event": (
        "events/2027/bike-repair-clinic.md",
        lambda i, x: event(i, x).rescheduled_from is not None,
    ),
    "venue location with room": (
        "events/2027/seed-starting-workshop.md",
        lambda i, x: event(i, x).location in i.venues and event(i, x).room,
    ),
    "partner location with a private address": (
        "events/2027/youth-haven-game-night.md",
        _partner_location,
    ),
    "inline location": (
        "events/2027/storytime-in-the-park.md",
        lambda i, x: event(i, x).place is not None and event(i, x).place.geo,
    ),
    "online event": (
        "events/2027/online-book-talk.md",
        lambda i, x: event(i, x).online and not event(i, x).location and not event(i, x).place,
    ),
    "hybrid event": (
        "events/2027/library-budget-town-hall.md",
        lambda i, x: event(i, x).online and event(i, x).location,
    ),
    "partners with roles": ("events/2027/healthy-cooking-on-a-budget.md", _roles),
    "audiences, categories, languages and access": (
        "events/2027/bilingual-music-and-movement.md",
        _vocabularies,
    ),
    "adding a word to site.toml": ("site.toml", _site_word),
    "image with image_alt": (
        "events/2027/picture-book-bingo.md",
        lambda i, x: event(i, x).image and event(i, x).image.alt,
    ),
    "cost, registration and contact": (
        "events/2027/intro-to-pottery.md",
        lambda i, x: all(
            (
                event(i, x).cost,
                event(i, x).registration,
                event(i, x).registration_required,
                event(i, x).contact,
            )
        ),
    ),
    "draft": ("events/2027/summer-reading-finale.md", lambda i, x: event(i, x).draft),
    "pinned uid": (
        "events/2027/youth-poetry-slam.md",
        lambda i, x: event(i, x).uid and not event(i, x).uid.startswith(x.slug + "@"),
    ),
    "extra": ("events/2027/family-escape-room.md", lambda i, x: event(i, x).extra),
    "timezone for an event elsewhere": (
        "events/2027/aquarium-virtual-field-trip.md",
        lambda i, x: event(i, x).timezone != i.site.timezone,
    ),
    "daylight saving: the repeated hour means the first": (
        "events/2027/extra-hour-stargazing.md",
        _fall_back,
    ),
    "partner file": (
        "partners/riverside-literacy-volunteers.md",
        lambda i, x: x.slug in i.partners and i.partners[x.slug].kind,
    ),
    "partner with a private address": (
        "partners/harbor-house.md",
        lambda i, x: i.partners[x.slug].private_address and i.partners[x.slug].neighborhoods,
    ),
    "venue file": ("venues/village-hall.md", lambda i, x: x.slug in i.venues),
    "attendance of a single event": (
        "events/2027/spring-job-fair.md",
        lambda i, x: list(event(i, x).attendance.values()) == [Attendance(in_person=212)],
    ),
    "attendance of a series, date by date, a cancelled date left out": (
        "events/2027/chess-for-kids.md",
        lambda i, x: (
            event(i, x).repeat
            and len(event(i, x).attendance) == 5
            and date(YEAR, 2, 2) in event(i, x).changes
            and date(YEAR, 2, 2) not in event(i, x).attendance
        ),
    ),
    "attendance of a hybrid event, split": (
        "events/2027/candidates-forum.md",
        lambda i, x: (
            list(event(i, x).attendance.values())
            == [Attendance(in_person=64, online=41, views=230)]
        ),
    ),
    "attendance online with views of the recording": (
        "events/2027/online-homebuying-basics.md",
        lambda i, x: list(event(i, x).attendance.values()) == [Attendance(online=27, views=88)],
    ),
    "room use only": (
        "events/2027/garden-club-meeting.md",
        lambda i, x: event(i, x).library_role == "room-use",
    ),
    "one-to-one help": (
        "events/2027/tech-help-appointments.md",
        lambda i, x: event(i, x).one_to_one and event(i, x).attendance,
    ),
    "age band given for a program": (
        "events/2027/lapsit-storytime.md",
        lambda i, x: event(i, x).age_band == "0-5",
    ),
    "fiscal year and an age band in site.toml": (
        "site.toml",
        lambda i, x: i.site.fiscal_year_start == 10 and i.site.age_bands["little-ones"] == "0-5",
    ),
}


# --- building a hub with examples -------------------------------------------------------------------


def merge_settings(settings: str, addition: str) -> str:
    """site.toml with `addition` merged in: lines under a [table] heading go under the same heading
    (added at the end when the sample has no such table); settings above any heading replace the
    sample's line for that setting, or go before the first heading."""
    top: list[str] = []
    tables: dict[str, list[str]] = {}
    table = None
    for line in addition.splitlines():
        header = re.fullmatch(r"\s*\[\s*([^\]\s]+)\s*\]\s*", line)
        if header:
            table = header[1]
            tables.setdefault(table, [])
        elif line.strip() and not line.lstrip().startswith("#"):
            (tables[table] if table else top).append(line)
    lines = settings.splitlines()
    for line in top:
        key = line.split("=", 1)[0].strip()
        first_table = next(
            (n for n, old in enumerate(lines) if old.lstrip().startswith("[")), len(lines)
        )
        same = [
            n for n, old in enumerate(lines[:first_table]) if old.split("=", 1)[0].strip() == key
        ]
        if same:
            lines[same[0]] = line
        else:
            lines.insert(first_table, line)
    for table, added in tables.items():
        heading = next(
            (
                n
                for n, old in enumerate(lines)
                if re.fullmatch(rf"\s*\[\s*{re.escape(table)}\s*\]\s*", old)
            ),
            None,
        )
        if heading is None:
            lines += ["", f"[{table}]", *added]
        else:
            lines[heading + 1 : heading + 1] = added
    return "\n".join(lines) + "\n"


def add(content: Path, example: Example) -> None:
    target = content / example.path
    if example.kind == "site":
        merged = merge_settings(target.read_text(encoding="utf-8"), example.text)
        target.write_text(merged, encoding="utf-8")
    else:
        assert not target.exists(), f"{example.path} would replace a file of the sample hub"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(example.text, encoding="utf-8")


def copy_sample(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(SAMPLE, content)
    return content


def shown(loaded: Loaded) -> list[str]:
    return [str(problem) for problem in loaded.problems]


# --- the guide's examples are well formed ------------------------------------------------------------


def test_every_example_marker_is_followed_by_a_fenced_block():
    guide = GUIDE.read_text(encoding="utf-8")
    assert len(MARKER.findall(guide)) == len(EXAMPLES), (
        "an '<!-- example: PATH -->' line is not directly followed by a ``` fenced block"
    )
    assert EXAMPLES, "docs/format.md has no examples"


def test_every_complete_file_in_the_guide_is_a_tested_example():
    guide = GUIDE.read_text(encoding="utf-8")
    tested = {m.start("text") for m in EXAMPLE.finditer(guide)}
    # A translation file's example (checked in test_translation_files.py).
    tested |= {m.start("text") for m in TRANSLATION_EXAMPLE.finditer(guide)}
    untested = [
        m["text"].splitlines()[1]
        for m in FENCE.finditer(guide)
        if m["text"].startswith("---\n") and m.start("text") not in tested
    ]
    assert untested == [], "complete files without an '<!-- example: PATH -->' line above them"


@pytest.mark.parametrize("example", EXAMPLES, ids=[x.path for x in EXAMPLES])
def test_example_is_named_and_fenced_as_its_kind(example):
    parts = example.path.split("/")
    if example.kind == "site":
        assert example.lang == "toml"
        assert tomllib.loads(example.text)
        return
    assert example.lang == "markdown"
    assert example.kind in ("events", "partners", "venues"), example.path
    assert example.path.endswith(".md") and SLUG.fullmatch(example.slug), example.path
    if example.kind != "events":
        assert len(parts) == 2, "partners and venues have no sub-folders"
    assert example.slug not in sample_slugs()[example.kind], (
        f"{example.path} reuses the name of a file in the sample hub"
    )
    assert example.text.startswith("---\n")


def test_example_names_are_unique():
    names = [
        (("place" if x.kind in ("partners", "venues") else x.kind), x.slug)
        for x in EXAMPLES
        if x.kind != "site"
    ]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("example", EXAMPLES, ids=[x.path for x in EXAMPLES])
def test_example_is_dated_in_the_guides_year(example):
    years = re.findall(r"\b(\d{4})-\d{1,2}-\d{1,2}\b", example.text)
    years += re.findall(r"UNTIL=(\d{4})", example.text)
    assert all(int(year) == YEAR for year in years), years


def test_every_feature_has_a_worked_example():
    paths = {x.path for x in EXAMPLES}
    missing = {feature: path for feature, (path, _) in FEATURES.items() if path not in paths}
    assert missing == {}


# --- the examples pass the real checker --------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=[x.path for x in EXAMPLES])
def test_example_passes_the_checker(example, in_tmp):
    content = copy_sample(in_tmp)
    before = shown(load(Path("content")))
    add(content, example)
    after = shown(load(Path("content")))
    assert [p for p in after if p not in before] == [], (
        f"adding {example.path} to the sample hub makes `bulletin check` report these problems"
    )
    index = load(Path("content"), drafts=True).index
    assert index is not None
    published = {"events": index.events, "partners": index.partners, "venues": index.venues}
    if example.kind != "site":
        assert example.slug in published[example.kind], f"{example.path} was not loaded"


@dataclass
class Together:
    before: list[str]  # the sample hub's own problems
    after: list[str]  # with every example added
    index: object  # with every example added, drafts included


@pytest.fixture(scope="module")
def together(tmp_path_factory) -> Together:
    """The sample hub with every example added at once."""
    root = tmp_path_factory.mktemp("guide")
    content = copy_sample(root)
    previous = os.getcwd()
    os.chdir(root)
    try:
        before = shown(load(Path("content")))
        for example in EXAMPLES:
            add(content, example)
        return Together(
            before, shown(load(Path("content"))), load(Path("content"), drafts=True).index
        )
    finally:
        os.chdir(previous)


def test_all_examples_pass_the_checker_together(together):
    assert [p for p in together.after if p not in together.before] == []


@pytest.mark.parametrize("feature", FEATURES)
def test_example_shows_its_feature(feature, together):
    path, shows = FEATURES[feature]
    example = next((x for x in EXAMPLES if x.path == path), None)
    assert example is not None, f"docs/format.md has no example {path}"
    assert together.index is not None, "the sample hub with every example added did not load"
    assert shows(together.index, example), f"the example {path} does not show '{feature}'"


# --- the guide quotes the checker's own messages -----------------------------------------------------

MESSAGES_HEADING = "## Messages from `bulletin check` and what to do"
# A table row whose first cell is one code span: `message`, or ``message`` when it contains a backtick.
QUOTED = re.compile(r"^\| (?P<ticks>`+) ?(?P<message>.+?) ?(?P=ticks) \|", re.MULTILINE)
PREFIX = re.compile(r"^(?P<path>.+?)(?::\d+)?: (?P<message>.*)$")  # path[:line]: message


def quoted_messages() -> list[str]:
    """The messages quoted in the first column of the guide's "Messages from bulletin check" tables."""
    guide = GUIDE.read_text(encoding="utf-8")
    assert MESSAGES_HEADING in guide, f"docs/format.md has no section '{MESSAGES_HEADING}'"
    section = guide.split(MESSAGES_HEADING, 1)[1].split("\n## ", 1)[0]
    return [m["message"].replace("\\|", "|") for m in QUOTED.finditer(section)]


def checker_messages() -> list[str]:
    """Every message in test_messages.EXPECTED (the real checker's output), without path:line:."""
    from test_messages import EXPECTED, EXPECTED_ELSEWHERE

    lines = [line for lines in EXPECTED.values() for line in lines] + EXPECTED_ELSEWHERE
    return [PREFIX.fullmatch(line)["message"] for line in lines]


def as_pattern(quoted: str) -> re.Pattern:
    """The quoted text as a regex, where the guide's "..." stands for any text."""
    return re.compile(".*".join(re.escape(part) for part in quoted.split("...")), re.DOTALL)


QUOTED_MESSAGES = quoted_messages()


def test_the_guide_quotes_the_checkers_messages():
    assert len(QUOTED_MESSAGES) >= 50, "the message tables of docs/format.md were not found"


@pytest.mark.parametrize("quoted", QUOTED_MESSAGES)
def test_quoted_message_is_produced_by_the_checker(quoted):
    pattern = as_pattern(quoted)
    assert any(pattern.fullmatch(message) for message in checker_messages()), (
        "docs/format.md quotes a message that the checker does not print (as recorded in "
        "tests/test_messages.py's EXPECTED); copy the checker's wording, or add a case to CASES"
    )
