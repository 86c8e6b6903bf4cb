"""`bulletin from-issue`: a partner's proposal, made with the issue form, becomes an event file that
passes the checker, or a comment that says what to fix. Issue bodies are built from the form
template itself, exactly as GitHub renders them; hostile ones never add a key or escape events/."""

from __future__ import annotations

import contextlib
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.frontmatter import parse_document
from generator.content.load import load

from conftest import NOW, ROOT, bulletin, tree, write_hub

TEMPLATE = ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-event.yml"
WORKFLOW = ROOT / ".github" / "workflows" / "from-issue.yml"
CONFIRM = (
    "I may propose this event for my organisation, and I understand that library staff "
    "review it and may edit it before it is published."
)
FULL = {
    "title": "Family Chess Afternoon",
    "date": "2027-03-14",
    "start_time": "2:00 pm",
    "end_time": "16:00",
    "where": "Riverside Community Garden",
    "address": "12 Pine St, Riverside, IL 60546",
    "online": "https://meet.example.org/chess",
    "description": "Learn chess with us. Boards are provided.\n\nBring a friend!",
    "audience": ["Kids (0-12)", "Teens (13-18)"],
    "accessibility": "Step-free entrance on Pine St.\nA quiet corner is available.",
    "cost": "$5, free for kids",
    "registration": "https://example.org/register",
    "organisation": "Riverside Chess Club",
    "contact_name": "Sam Okafor",
    "contact_email": "sam@chess.example",
    "confirmation": [CONFIRM],
}
MINIMAL = {
    "title": "Seed Swap",
    "date": "2027-04-10",
    "where": "Central Library",
    "description": "Bring seeds, take seeds.",
    "organisation": "Riverbank Gardeners",
    "contact_name": "Lee",
    "contact_email": "lee@garden.example",
    "confirmation": [CONFIRM],
}
HEADER = (
    '---\n# Proposed by a partner in issue #7 with the "Propose an event" form. Merging '
    "this file publishes it.\n"
)
COMMENT_START = (
    "<!-- bulletin from-issue -->\nThank you for proposing an event! Before library "
    "staff can review it, please fix the following. To change your proposal, edit "
    "this issue: choose **Edit** from the **···** menu at the top right of it.\n\n"
)
COMMENT_END = "\n\nYour proposal is checked again each time you save the issue.\n"


def form_elements() -> list[dict]:
    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    return [element for element in template["body"] if element["type"] != "markdown"]


def render(answers: dict) -> str:
    """The issue body GitHub writes for a submitted form: `### label`, a blank line, the value
    (`_No response_` when empty), checkboxes as `- [X] option` / `- [ ] option`."""
    sections = []
    for element in form_elements():
        label = element["attributes"]["label"]
        value = answers.get(element["id"])
        if element["type"] == "checkboxes":
            options = [option["label"] for option in element["attributes"]["options"]]
            ticked = value or []
            options += [extra for extra in ticked if extra not in options]
            text = "\n".join(
                f"- [{'X' if option in ticked else ' '}] {option}" for option in options
            )
        else:
            text = value if value else "_No response_"
        sections.append(f"### {label}\n\n{text}")
    return "\n\n".join(sections)


@pytest.fixture
def propose(tmp_path, monkeypatch):
    """propose(answers or body text or bytes, files={...}) -> (code, stdout, stderr, new files)."""
    monkeypatch.chdir(tmp_path)

    def run(answers, files: dict | None = None, *options: str):
        write_hub(tmp_path, files or {})
        body = tmp_path / "issue.md"
        data = answers if isinstance(answers, (str, bytes)) else render(answers)
        body.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        before = tree(tmp_path)
        code, out, err = bulletin(
            ["from-issue", "issue.md", "--issue", "7", "--now", NOW, *options]
        )
        after = tree(tmp_path)
        assert all(after.get(path) == data for path, data in before.items()), "a file changed"
        new = {path: data.decode("utf-8") for path, data in after.items() if path not in before}
        return code, out, err, new

    return run


def comment(*items: str) -> str:
    return COMMENT_START + "\n".join(f"- {item}" for item in items) + COMMENT_END


# --- the form template and the reader agree ------------------------------------------------------


def test_template_fields_match_what_the_reader_expects():
    from generator.staff.from_issue import REQUIRED
    from generator.staff.issue_form import FIELDS

    elements = form_elements()
    assert [(e["id"], e["attributes"]["label"], e["type"]) for e in elements] == [
        (field.id, field.label, field.kind) for field in FIELDS
    ]
    required = {e["id"] for e in elements if e.get("validations", {}).get("required")}
    assert required == set(REQUIRED) - {"confirmation"}
    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    assert template["labels"] == ["event-proposal"]
    assert {"name", "description", "title", "labels", "body"} <= set(template)
    confirmation = elements[-1]["attributes"]["options"]
    assert [option["label"] for option in confirmation] == [CONFIRM]
    assert confirmation[0]["required"] is True


def test_template_follows_githubs_issue_form_schema(tmp_path):
    """GitHub silently leaves a broken form out of the issue chooser; check-jsonschema carries
    GitHub's schema, so this runs offline. A copy with a mistake shows the check can fail."""
    import subprocess
    import sys

    def validate(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "check_jsonschema",
                "--builtin-schema",
                "vendor.github-issue-forms",
                str(path),
            ],
            capture_output=True,
            text=True,
        )

    assert validate(TEMPLATE).returncode == 0, validate(TEMPLATE).stdout
    broken = tmp_path / "broken.yml"
    broken.write_text(
        TEMPLATE.read_text(encoding="utf-8").replace("type: input", "type: text", 1),
        encoding="utf-8",
    )
    assert validate(broken).returncode == 1


def test_template_audiences_are_the_sample_hubs_labels():
    """If a library changes [audiences] in site.toml, the form's checkboxes must change too."""
    import tomllib

    site = tomllib.loads((ROOT / "content" / "site.toml").read_text(encoding="utf-8"))
    audience = next(e for e in form_elements() if e["id"] == "audience")
    assert [option["label"] for option in audience["attributes"]["options"]] == list(
        site["audiences"].values()
    ), "update the Audience checkboxes in " + str(TEMPLATE)


# --- proposals that become events ----------------------------------------------------------------


def test_full_proposal_becomes_exactly_this_file(propose):
    code, out, err, new = propose(FULL)
    assert (code, out) == (0, "content/events/family-chess-afternoon.md\n")
    assert new == {
        "content/events/family-chess-afternoon.md": HEADER
        + """\
title: "Family Chess Afternoon"
start: 2027-03-14 14:00
end: "16:00"
location:
  name: "Riverside Community Garden"
  address: "12 Pine St, Riverside, IL 60546"
online: "https://meet.example.org/chess"
audiences: [kids, teens]
accessibility: "Step-free entrance on Pine St.\\nA quiet corner is available."
cost: "$5, free for kids"
registration: "https://example.org/register"
contact:
  name: "Sam Okafor"
  email: "sam@chess.example"
---
Learn chess with us. Boards are provided.

Bring a friend!

Organised by Riverside Chess Club.
"""
    }
    assert err == (
        "- `Riverside Chess Club` is not a published partner (no published partner page has "
        "that name), so the description names it. If they should have a partner page, add or "
        "publish one and list it under `partners:`.\n"
    )
    assert bulletin(["check", "--content", "content"])[:2] == (0, "")
    event = load(Path("content")).index.events["family-chess-afternoon"]
    assert (event.title, event.starts_at.isoformat(), event.ends_at.isoformat()) == (
        "Family Chess Afternoon",
        "2027-03-14T14:00:00-05:00",
        "2027-03-14T16:00:00-05:00",
    )
    assert event.accessibility == "Step-free entrance on Pine St.\nA quiet corner is available."
    assert (event.place.name, event.contact.email, event.audiences) == (
        "Riverside Community Garden",
        "sam@chess.example",
        ("kids", "teens"),
    )


def test_minimal_proposal_is_an_all_day_event_at_a_branch(propose):
    code, out, err, new = propose(MINIMAL)
    assert (code, out) == (0, "content/events/seed-swap.md\n")
    assert (
        new["content/events/seed-swap.md"]
        == HEADER
        + """\
title: "Seed Swap"
start: 2027-04-10
location: central
contact:
  name: "Lee"
  email: "lee@garden.example"
---
Bring seeds, take seeds.

Organised by Riverbank Gardeners.
"""
    )
    event = load(Path("content")).index.events["seed-swap"]
    assert event.all_day and str(event.starts_at) == str(event.ends_at) == "2027-04-10"


def test_venue_and_partner_are_matched_by_name_or_file_name(propose):
    answers = dict(
        MINIMAL,
        where="  central  LIBRARY ",
        organisation="Youth Haven",
        address="1000 Main St",
        start_time="09:30",
    )
    code, out, err, new = propose(answers)
    assert (
        new["content/events/seed-swap.md"]
        == HEADER
        + """\
title: "Seed Swap"
start: 2027-04-10 09:30
location: central
partners:
  - partner: youth-haven
    role: host
contact:
  name: "Lee"
  email: "lee@garden.example"
---
Bring seeds, take seeds.
"""
    )
    assert err == (
        "- The proposal gives the address `1000 Main St` for `central LIBRARY`; the "
        "event uses the address in the `central` file instead. Check that they agree.\n"
    )
    code, out, err, new = propose(dict(MINIMAL, title="Drop-in", where="youth-haven"))
    assert "location: youth-haven\n" in new["content/events/drop-in.md"]


def test_a_draft_partner_is_named_nowhere_public(propose):
    """from-issue's notes go into the public Actions log and the pull request: a proposal from an
    organisation that is a draft partner gets the same note as one from a stranger, naming neither
    the draft's file nor that it exists."""
    draft = "---\nname: Riverbank Gardeners\ndraft: true\n---\n"
    code, out, err, new = propose(MINIMAL, {"partners/riverbank-gardeners.md": draft})
    assert code == 0 and "partners:" not in new["content/events/seed-swap.md"]
    assert err == (
        "- `Riverbank Gardeners` is not a published partner (no published partner page has "
        "that name), so the description names it. If they should have a partner page, add or "
        "publish one and list it under `partners:`.\n"
    )
    assert "riverbank-gardeners" not in out + err + "".join(new.values())


def test_non_english_text_is_kept_and_the_slug_is_plain_ascii(propose):
    answers = dict(
        MINIMAL,
        title="Tết Trung Thu cho gia đình",
        organisation="Hội Phụ Huynh",
        description="Làm lồng đèn và ăn bánh trung thu. ¡Bienvenidos!",
    )
    code, out, err, new = propose(answers)
    assert out == "content/events/tet-trung-thu-cho-gia-dinh.md\n"
    text = new["content/events/tet-trung-thu-cho-gia-dinh.md"]
    assert 'title: "Tết Trung Thu cho gia đình"\n' in text
    assert text.endswith(
        "---\nLàm lồng đèn và ăn bánh trung thu. ¡Bienvenidos!\n\nOrganised by Hội Phụ Huynh.\n"
    )
    # A title with no Latin letters at all is named after its date.
    code, out, err, new = propose(dict(MINIMAL, title="Сказки для детей"))
    assert out == "content/events/event-2027-04-10.md\n"
    assert load(Path("content")).index.events["event-2027-04-10"].title == "Сказки для детей"


def test_taken_names_get_a_number_and_nothing_is_overwritten(propose):
    taken = "---\ntitle: Seed Swap\nstart: 2026-05-01\nlocation: central\n---\n"
    files = {
        "events/seed-swap.md": taken,
        "events/2027/seed-swap-2.md": taken.replace("Seed Swap", "Seed Swap Two"),
        "events/seed-swap-3.md": taken.replace("Seed", "Third"),
        "events/SEED-SWAP-4.md": "not even an event",
    }
    code, out, err, new = propose(MINIMAL, files)
    assert (code, out, list(new)) == (
        0,
        "content/events/seed-swap-5.md\n",
        ["content/events/seed-swap-5.md"],
    )


# --- hostile text --------------------------------------------------------------------------------

INJECTIONS = [
    # (title as submitted, title as published, file name)
    (
        "Story Time\n---\nstatus: cancelled",
        "Story Time --- status: cancelled",
        "story-time-status-cancelled",
    ),
    (
        'x"\nstatus: cancelled\ntitle: "y',
        'x" status: cancelled title: "y',
        "x-status-cancelled-title-y",
    ),
    (
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/object/apply:os.system ['echo hi']",
        "python-object-apply-os-system-echo-hi",
    ),
    ("!Free for all", "!Free for all", "free-for-all"),
    ("&anchor Story", "&anchor Story", "anchor-story"),
    ("*alias", "*alias", "alias"),
    ("Room #3 # not a comment", "Room #3 # not a comment", "room-3-not-a-comment"),
    ("key: value", "key: value", "key-value"),
    (
        "Quiz\u2028status: cancelled\u2029x\x85y",
        "Quiz status: cancelled x y",
        "quiz-status-cancelled-x-y",
    ),
    ("Bell\x07 and\x00 null\x1b[31m\x7f\x9b", "Bell and null[31m", "bell-and-null-31m"),
    ("\ufeffBOM title\ufffe", "BOM title", "bom-title"),
    (
        "- [a, b] {c: d} 'e' \\ \"f\" %g @h `i` |j >k",
        "- [a, b] {c: d} 'e' \\ \"f\" %g @h `i` |j >k",
        "a-b-c-d-e-f-g-h-i-j-k",
    ),
    ("no", "no", "no"),
    ("null", "null", "null"),
]


@pytest.mark.parametrize("submitted, published, slug", INJECTIONS)
def test_title_cannot_add_or_change_a_key(propose, submitted, published, slug):
    code, out, err, new = propose(dict(FULL, title=submitted))
    assert (code, out) == (0, f"content/events/{slug}.md\n")
    text = new[f"content/events/{slug}.md"]
    document, problems = parse_document("x.md", text)
    assert problems == []
    assert sorted(document.data) == [
        "accessibility",
        "audiences",
        "contact",
        "cost",
        "end",
        "location",
        "online",
        "registration",
        "start",
        "title",
    ]
    event = load(Path("content")).index.events[slug]
    assert (event.title, event.status) == (published, "scheduled")


def test_description_and_place_cannot_add_a_key(propose):
    description = "---\ntitle: Injected\nstatus: cancelled\n---\n\n<script>alert(1)</script> text"
    answers = dict(
        FULL,
        description=description,
        where="Hall\nstatus: cancelled",
        address="1 Main St\n---\nstatus: cancelled",
        cost="&a\n*a",
        accessibility='"\n---\nstatus: cancelled',
        organisation="[x](javascript:y) <b>",
    )
    code, out, err, new = propose(answers)
    text = new["content/events/family-chess-afternoon.md"]
    document, problems = parse_document("x.md", text)
    assert problems == [] and "status" not in document.data
    assert document.data["location"] == {
        "name": "Hall status: cancelled",
        "address": "1 Main St --- status: cancelled",
    }
    assert document.data["cost"] == "&a *a"
    assert document.data["accessibility"] == '"\n---\nstatus: cancelled'
    assert document.body == (description + "\n\nOrganised by \\[x\\]\\(javascript:y\\) &lt;b\\>.\n")
    assert load(Path("content")).index.events["family-chess-afternoon"].status == "scheduled"


PATH_TRICKS = [
    ("../../etc/passwd", "etc-passwd"),
    ("/etc/passwd", "etc-passwd"),
    ("a/b\\c", "a-b-c"),
    ("..", "event-2027-03-14"),
    (".hidden", "hidden"),
    ("con", "con-event"),
    ("CON", "con-event"),
    ("nul.txt", "nul-txt"),
    ("ｃｏｎ", "con-event"),  # full-width letters
    ("Сon", "on"),  # a Cyrillic С that looks Latin
    ("ﬁle", "file"),  # a ligature
    ("Chess " * 19, "-".join(["chess"] * 10)),  # cut at a hyphen, at most 60 characters
]


@pytest.mark.parametrize("title, slug", PATH_TRICKS)
def test_no_title_makes_a_path_outside_events(propose, title, slug):
    code, out, err, new = propose(dict(FULL, title=title))
    assert (code, out, list(new)) == (
        0,
        f"content/events/{slug}.md\n",
        [f"content/events/{slug}.md"],
    )


# --- proposals that need fixing ------------------------------------------------------------------


def test_every_problem_is_listed_and_nothing_is_written(propose):
    answers = dict(
        FULL,
        date="2027-02-30",
        start_time="25:00",
        end_time="3 pm",
        online="meet.example.org/x",
        registration="sign up at the desk",
        contact_email="sam at chess",
        audience=["Kids (0-12)", "Toddlers"],
        confirmation=[],
        title="",
        where="Riverside Community Garden",
        address="",
    )
    code, out, err, new = propose(answers)
    assert (code, new) == (1, {})
    assert out == comment(
        "**Event title**: this is empty; please fill it in.",
        "**Date**: `2027-02-30` is not a real date (February 2027 has 28 days).",
        "**Start time**: `25:00` is not a time of day; write it like 15:30 or 3:30 pm.",
        "**Online link**: `meet.example.org/x` is not a web address; copy the whole link, "
        "starting with https://",
        "**Where**: the calendar does not know a place called `Riverside Community Garden`. Add "
        "its street address under **Address** or the name of one of the library's branches "
        "(Central Library). For an online-only event, leave **Where** empty.",
        "**Audience**: `Toddlers` is not one of this calendar's audiences (Kids (0-12), Teens "
        "(13-18)). Untick it, or choose from those.",
        "**Registration link**: `sign up at the desk` is not a web address; copy the whole link, "
        "starting with https://",
        "**Contact email**: `sam at chess` is not an email address; write it like "
        "events@example.org.",
        "**Confirmation**: the box is not ticked. Tick it to confirm that you may propose this "
        "event for your organisation.",
    )


@pytest.mark.parametrize(
    "changes, problem",
    [
        (
            {"date": "14 March 2027"},
            "**Date**: `14 March 2027` is not written as a date; write it as "
            "year-month-day, e.g. 2027-03-14.",
        ),
        (
            {"date": "2026-11-21"},
            "**Date**: 2026-11-21 has already passed; the calendar takes events "
            "from today (2026-11-22) on.",
        ),
        (
            {"date": "2028-11-23"},
            "**Date**: 2028-11-23 is more than two years away; please check the year.",
        ),
        (
            {"date": "2207-01-01"},
            "**Date**: `2207-01-01` is out of range: the year must be between 1970 and 2100.",
        ),
        (
            {"start_time": "16:00", "end_time": "15:00"},
            "**End time**: 15:00 is before the start time (16:00). If the event goes on past midnight, "
            "leave the end time empty and say when it ends in the description.",
        ),
        (
            {"start_time": "4pm", "end_time": "16:00"},
            "**End time**: 16:00 is the same as the start time (16:00). If the event goes on past "
            "midnight, leave the end time empty and say when it ends in the description.",
        ),
        (
            {"start_time": "", "end_time": "16:00"},
            "**End time**: there is an end time but no start time. Add the start time, or leave both "
            "empty for an all-day event.",
        ),
        (
            {"where": "", "address": "", "online": ""},
            "**Where**: this is empty. Write the library branch or the name of the place, or give an "
            "**Online link** for an online event.",
        ),
        (
            {"where": "", "online": ""},
            "**Where**: there is an address but no place name; write the name of the place (for "
            "example the building or the organisation).",
        ),
        (
            {"title": "A" * 121},
            "**Event title**: this is 121 characters long; please keep it to 120 or fewer.",
        ),
        (
            {"description": "x" * 10_001},
            "**Description**: this is 10,001 characters long; please keep it to 10,000 or fewer.",
        ),
        (
            {"where": "@everyone `rm -rf` " + "x" * 100, "address": ""},
            "**Where**: the calendar does not know a place called `@everyone 'rm -rf' "
            + "x" * 60
            + "…`. Add its street address under **Address** or the name of one of the library's "
            "branches (Central Library). For an online-only event, leave **Where** empty.",
        ),
    ],
)
def test_one_problem_in_plain_words(propose, changes, problem):
    code, out, err, new = propose(dict(FULL, **changes))
    assert (code, out, new) == (1, comment(problem), {})


def test_times_in_twelve_and_twenty_four_hour_form(propose):
    for written, shown in [
        ("9am", "09:00"),
        ("12 pm", "12:00"),
        ("12:30 a.m.", "00:30"),
        ("7.15 PM", "19:15"),
        ("7:05", "07:05"),
        ("18h30", "18:30"),
    ]:
        code, out, err, new = propose(dict(MINIMAL, title=f"At {written}", start_time=written))
        assert f"start: 2027-04-10 {shown}\n" in next(iter(new.values())), written


def test_a_time_that_does_not_exist_is_explained_by_the_checker(propose):
    # 02:30 on 14 March 2027 is skipped when Chicago moves its clocks forward.
    code, out, err, new = propose(dict(FULL, start_time="02:30", end_time="04:00"))
    assert (code, new) == (1, {})
    assert out.startswith(COMMENT_START + "- **Start time**: the calendar's checker says: 'start' ")
    assert "2027-03-14 02:30" in out and out.endswith(COMMENT_END)


def test_not_a_form_at_all(propose):
    code, out, err, new = propose("Hi, can you add our bake sale on Saturday? Thanks!")
    assert (code, out, new) == (
        1,
        comment(
            "This issue was not made with the **Propose an event** form, so there is nothing to "
            "read. Please open a new issue and choose **Propose an event**."
        ),
        {},
    )


def test_a_deleted_section_is_named(propose):
    body = render(FULL).replace("### Date\n\n2027-03-14\n\n", "")
    code, out, err, new = propose(body)
    assert (code, out, new) == (
        1,
        comment(
            "**Date**: this section is missing from the issue (it may have been deleted while "
            "editing). Add it back: a line `### Date`, an empty line, then the answer."
        ),
        {},
    )


def test_a_heading_inside_the_description_stays_in_the_description(propose):
    description = "### Date\n\nNot the date.\n\n### Schedule\n\n- 2pm: start"
    code, out, err, new = propose(dict(FULL, description=description))
    assert code == 0
    assert next(iter(new.values())).endswith(
        "---\n" + description + "\n\nOrganised by Riverside Chess Club.\n"
    )


def test_windows_line_endings_as_the_github_api_gives_them(propose):
    code, out, err, new = propose(render(FULL).replace("\n", "\r\n"))
    assert code == 0
    assert next(iter(new.values())).endswith(
        "---\nLearn chess with us. Boards are provided.\n\n"
        "Bring a friend!\n\nOrganised by Riverside Chess Club.\n"
    )


@pytest.mark.parametrize("size", [65_537, 2 * 1024 * 1024])
def test_huge_input_is_refused_with_a_message(propose, size):
    body = render(FULL).replace("Bring a friend!", "x" * size)
    code, out, err, new = propose(body)
    assert (code, out, new) == (
        1,
        comment(
            "The proposal is too long: the form takes at most 65,536 characters. Please shorten the "
            "description."
        ),
        {},
    )


def test_text_that_is_not_utf8_is_refused(propose):
    code, out, err, new = propose(render(FULL).encode("utf-8").replace(b"Bring", b"Br\xffing"))
    assert (code, out, new) == (
        1,
        comment(
            "The proposal could not be read as text. Please open a new issue with the **Propose an "
            "event** form and type the details again."
        ),
        {},
    )


# --- misuse --------------------------------------------------------------------------------------


def test_misuse_exits_2_with_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_hub(tmp_path, {})
    assert bulletin(["from-issue", "missing.md"]) == (
        2,
        "",
        "bulletin from-issue: cannot read missing.md: No such file or directory\n",
    )
    Path("issue.md").write_text(render(FULL), encoding="utf-8")
    assert bulletin(["from-issue", "issue.md", "--now", "soon"]) == (
        2,
        "",
        "bulletin from-issue: --now 'soon' is not a date and time; write e.g. "
        "2026-12-02T15:30 or 2026-12-02\n",
    )
    code, out, err = bulletin(["from-issue", "issue.md", "--issue", "-3"])
    assert code == 2 and "'-3' is not an issue number" in err
    Path("content/site.toml").write_text("title = \n", encoding="utf-8")
    code, out, err = bulletin(["from-issue", "issue.md", "--now", NOW])
    assert (code, out) == (2, "")
    assert err.startswith(
        "bulletin from-issue: the hub's own settings have errors, so no "
        "proposal can be checked; run bulletin check and fix them first: "
        "content/site.toml:1: "
    )
    assert list(Path("content/events").iterdir()) == [Path("content/events/teen-tech.md")]


# --- any text at all -----------------------------------------------------------------------------

FIELD_IDS = [element["id"] for element in form_elements()]
# Fields of free text, where most text is acceptable: drawn more often, so that many examples
# get as far as writing a file.
FREE_TEXT = [
    "title",
    "where",
    "address",
    "description",
    "accessibility",
    "cost",
    "organisation",
    "contact_name",
]
any_text = st.one_of(
    st.text(max_size=200),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Zl", "Zp", "Zs", "P", "S", "Lu"]),
        max_size=40,
    ),
    st.sampled_from(
        [
            "---",
            "\n---\n",
            "title: x\nstatus: cancelled",
            "!x",
            "&a",
            "*a",
            "#",
            "_No response_",
            "### Date",
            "- [X] Kids (0-12)",
            "\u2028",
            "..",
            "con",
        ]
    ),
)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    replaced=st.dictionaries(
        st.one_of(st.sampled_from(FREE_TEXT), st.sampled_from(FIELD_IDS)), any_text, max_size=4
    )
)
def test_any_text_gives_a_comment_or_one_checked_file(replaced):
    answers = dict(
        FULL,
        **{
            key: ([value] if key in ("audience", "confirmation") else value)
            for key, value in replaced.items()
        },
    )
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        root = Path(folder)
        write_hub(root, {})
        (root / "issue.md").write_text(render(answers), encoding="utf-8")
        before = tree(root)
        code, out, err = bulletin(["from-issue", "issue.md", "--now", NOW])
        new = sorted(set(tree(root)) - set(before))
        if code == 1:
            assert new == [] and out.startswith(COMMENT_START) and out.endswith(COMMENT_END)
            return
        assert code == 0 and new == [out.strip()] and out.startswith("content/events/")
        assert Path(out.strip()).parent.resolve() == (root / "content" / "events").resolve()
        loaded = load(Path("content"))
        assert loaded.errors == []
        event = next(e for e in loaded.index.events.values() if e.src_path == out.strip())
        assert event.title == published(answers["title"]) and event.status == "scheduled"


def published(title: str) -> str:
    """The promise made for titles: line breaks become spaces, invisible control characters go,
    and runs of spaces become one."""
    for line_break in "\r\x0b\x0c\x85\u2028\u2029":
        title = title.replace(line_break, " ")
    title = "".join(
        character
        for character in title
        if character in "\t\n"
        or character not in "\ufeff\ufffe\uffff"
        and unicodedata.category(character) not in ("Cc", "Cs")
    )
    return " ".join(title.split())


# --- the workflow --------------------------------------------------------------------------------


def test_workflow_never_puts_issue_text_into_a_script():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
    assert workflow["permissions"] == {}
    check, pull_request = workflow["jobs"]["check"], workflow["jobs"]["pull-request"]
    assert check["permissions"] == {"contents": "read", "issues": "write"}
    assert pull_request["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "issues": "write",
        "actions": "write",
    }
    # Only staff can add the label that lets a proposal reach a branch.
    assert "convert-to-pr" in pull_request["if"] and "!contains" in check["if"]
    assert all(
        step.get("with", {}).get("persist-credentials") is False
        for step in check["steps"]
        if step.get("uses", "").startswith("actions/checkout")
    )
    assert "Closes #$ISSUE_NUMBER" in pull_request["steps"][-1]["run"]
    # A push made with the job's token starts no workflow, so the checks are started by name.
    assert 'gh workflow run check.yml --ref "$branch"' in pull_request["steps"][-1]["run"]


def test_a_description_that_would_break_the_build_is_refused(propose):
    """Anyone can open an issue: a description nested 600 deep once passed from-issue and then
    stopped every later Pages build with a RecursionError."""
    code, out, _, new = propose({**MINIMAL, "description": "- " * 600})
    assert (code, new) == (1, {})
    assert out == comment(
        "**Your proposal**: the calendar's checker says: lists and quotes in the description are "
        "nested 600 deep on this line; keep it to 20 (content never needs more, and the page "
        "could not be made)"
    )
