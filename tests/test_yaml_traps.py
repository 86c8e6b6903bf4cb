"""YAML 1.1's implicit typing must never change what staff wrote.

PyYAML follows YAML 1.1, where `17:30` is the base-60 number 1050, `no` is False, `on:` is the key
True, `0755` is 493, `1_000` is 1000, `1e3` is a float and `2026-12-02` a date object. Each test
below writes one such trap in a real event or partner file and checks what the model holds.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from generator.content.frontmatter import parse_document
from generator.content.reader import Context
from generator.content.validate_event import validate_event
from generator.content.validate_places import validate_partner
from generator.models import Site

CHICAGO = ZoneInfo("America/Chicago")
SITE = Site(
    title="Test",
    base_url="https://example.org/",
    timezone=CHICAGO,
    audiences={"y": "Y", "n": "N"},
    languages={"no": "Norsk", "en": "English"},
    categories={"on": "On stage", "off": "Off site"},
)
CONTEXT = Context(SITE)


def event(front_matter: str):
    document, problems = parse_document("content/events/x.md", f"---\n{front_matter}---\n")
    assert problems == []
    model, reader = validate_event(document, "x", CONTEXT)
    assert reader.problems == []
    return model


def base(extra: str = "", start: str = "2026-12-02 15:30") -> str:
    return f"title: Drop-In\nstart: {start}\nlocation: central\n{extra}"


def test_sexagesimal_time_is_a_time_not_1050():
    assert event(base("end: 17:30\n")).ends_at == datetime(2026, 12, 2, 17, 30, tzinfo=CHICAGO)


def test_time_with_seconds_is_not_63000():
    assert event(base("end: 17:30:00\n")).ends_at == datetime(2026, 12, 2, 17, 30, tzinfo=CHICAGO)


def test_one_digit_hour_is_a_time_not_90():
    model = event(base("end: 1:30\n", start="2026-12-02 00:30"))
    assert model.ends_at == datetime(2026, 12, 2, 1, 30, tzinfo=CHICAGO)


def test_norwegian_language_code_no_is_not_false():
    assert event(base("languages: [no]\n")).languages == ("no",)


def test_on_as_a_key_is_not_true():
    model = event(base("repeat:\n  every: week\n  on: [wednesday]\n  count: 2\n"))
    assert model.repeat.rule == "FREQ=WEEKLY;BYDAY=WE"


@pytest.mark.parametrize("word", ["on", "off"])
def test_on_and_off_as_values_stay_words(word):
    assert event(base(f"categories: [{word}]\n")).categories == (word,)


@pytest.mark.parametrize("word", ["y", "n"])
def test_y_and_n_stay_letters(word):
    assert event(base(f"audiences: [{word}]\n")).audiences == (word,)


@pytest.mark.parametrize(
    "written",
    [
        "0755",
        "0x1F",
        "1_000",
        "1e3",
        ".5",
        ".inf",
        ".NaN",
        "1.10",
        "12:30:45.5",
        "2026-12-02",
        "2026-12-02 15:30:00Z",
    ],
)
def test_numbers_dates_and_floats_in_text_stay_as_typed(written):
    assert event(base(f"room: {written}\nsummary: {written}\n")).summary == written


def test_zip_code_and_leading_zero_phone_stay_as_typed():
    document, _ = parse_document(
        "content/partners/p.md",
        "---\nname: P\naddress: 60546\nphone: 0044 20 7946 0000\nsince: 2021-09-01\n---\n",
    )
    partner, reader = validate_partner(document, "p", CONTEXT)
    assert reader.problems == []
    assert (partner.address, partner.phone) == ("60546", "0044 20 7946 0000")
    assert partner.since == date(2021, 9, 1)


def test_dates_are_read_in_the_events_zone_not_as_naive_utc():
    model = event(base(start="2026-12-02 15:30"))
    assert model.starts_at.utcoffset().total_seconds() == -6 * 3600


def test_occurrence_keys_stay_dates_of_the_series():
    model = event(
        base(
            "end: 17:30\nrepeat: {every: week, count: 3}\n"
            'occurrences:\n  2026-12-09: {start: "16:00"}\n'
        )
    )
    assert list(model.changes) == [date(2026, 12, 9)]
    assert model.changes[date(2026, 12, 9)].starts_at.time() == time(16, 0)


def test_extra_keeps_keys_and_values_as_typed():
    model = event(base("extra:\n  yes: no\n  0755: 1_000\n  on: 17:30\n"))
    assert model.extra == {"yes": "no", "0755": "1_000", "on": "17:30"}


@pytest.mark.parametrize("written", ["~", "null", "Null", "NULL", ""])
def test_null_words_and_empty_values_mean_no_value(written):
    assert event(base(f"cost: {written}\n")).cost is None


def test_quoted_null_is_text():
    assert event(base('cost: "null"\n')).cost == "null"


@pytest.mark.parametrize(
    "written,expected", [("true", True), ("True", True), ("TRUE", True), ("false", False)]
)
def test_true_and_false_in_any_case_are_booleans(written, expected):
    assert event(base(f"draft: {written}\n")).draft is expected


def test_explicit_python_tags_are_refused_and_never_run():
    document, problems = parse_document(
        "content/events/x.md",
        '---\nextra:\n  x: !!python/object/apply:os.system ["echo hacked"]\n---\n',
    )
    assert [str(p) for p in problems] == [
        "content/events/x.md:3: a value starts with '!', which YAML reads as a type tag and drops; "
        "put the whole value in double quotes"
    ]


def test_merge_keys_are_refused():
    document, problems = parse_document(
        "content/events/x.md", "---\nbase: &b {title: X}\nother:\n  <<: *b\n---\n"
    )
    assert document is None
    assert [str(p) for p in problems] == [
        "content/events/x.md:4: YAML anchors and aliases ('&name', '*name') are not supported; "
        "write the value out in full"
    ]


# python-frontmatter splits the file at its '---' lines and hands the front-matter to Bulletin's own
# handler. The cases below are the ones the library cannot serve alone (the README's "The libraries
# it uses" lists them): each is checked here against what staff typed.

FILE = "---\ntitle: Drop-In\nstart: 2026-12-02 15:30\n---\n    code kept\n\nLast line.  \n\n"


def test_the_body_is_kept_as_typed_with_its_first_line():
    """The library strips the body: the indentation of a Markdown code block that starts it and
    the blank lines around it would be lost, and the body's problems would name the wrong line."""
    document, problems = parse_document("content/events/x.md", FILE)
    assert problems == []
    assert document is not None
    assert document.body == "    code kept\n\nLast line.  \n\n"
    assert document.body_line == 5
    assert document.data == {"title": "Drop-In", "start": "2026-12-02 15:30"}
    assert document.lines == {("title",): 2, ("start",): 3}


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings_read_as_newlines(newline):
    """The library turns only \\r\\n into \\n; a file saved with \\r alone would be one line."""
    document, problems = parse_document("content/events/x.md", FILE.replace("\n", newline))
    assert problems == []
    assert document is not None
    assert document.body == "    code kept\n\nLast line.  \n\n"
    assert (document.data, document.lines, document.body_line) == (
        {"title": "Drop-In", "start": "2026-12-02 15:30"},
        {("title",): 2, ("start",): 3},
        5,
    )


def test_a_byte_order_mark_is_not_part_of_the_first_line():
    """With the mark kept, the library would take the closing '---' for the opening one."""
    document, problems = parse_document("content/events/x.md", "\ufeff" + FILE)
    assert problems == []
    assert document is not None
    assert document.data == {"title": "Drop-In", "start": "2026-12-02 15:30"}
    assert document.lines == {("title",): 2, ("start",): 3}


@pytest.mark.parametrize(
    "text,message",
    [
        (
            "title: Drop-In\n---\nBody\n",
            "1: couldn't find front-matter: the file must start with a line '---', then the "
            "keys, then another '---'. Did you forget the '---' lines?",
        ),
        (
            "\n\n---\ntitle: Drop-In\n---\n",
            "1: the file must start with '---'; remove the empty lines above it",
        ),
        (
            "---\ntitle: Drop-In\nBody\n",
            "1: the front-matter that starts on line 1 is never closed; add a line '---' after "
            "the last key",
        ),
    ],
)
def test_a_file_without_both_fences_is_an_error_not_a_body(text, message):
    """The library reads such a file as a body with no front-matter, saying nothing."""
    document, problems = parse_document("content/events/x.md", text)
    assert document is None
    assert [str(p) for p in problems] == [f"content/events/x.md:{message}"]


def test_a_fence_followed_by_spaces_still_closes_and_a_longer_rule_does_not():
    """'---' with trailing spaces is a fence, as GitHub shows it; '----' in the body is a rule."""
    document, problems = parse_document(
        "content/events/x.md", "---  \ntitle: Drop-In\n--- \t\nAbove\n----\nBelow\n"
    )
    assert problems == []
    assert document is not None
    assert (document.data, document.body, document.body_line) == (
        {"title": "Drop-In"},
        "Above\n----\nBelow\n",
        4,
    )
