"""Whole hubs, made up by hypothesis: valid and nearly valid, with hostile text in every field
(markup, template and calendar injection, control and direction characters, odd spaces, quotes,
brackets, deep lists, escapes YAML turns into broken characters). For each one:

- `bulletin check` exits 0 => `bulletin build` exits 0, and every file it writes parses: HTML with
  html5lib in strict mode (and the JSON-LD in it), XML, JSON, and iCalendar with the icalendar
  package;
- `bulletin check` exits 1 => every message is located (`content/...[:line]: ...`), `bulletin
  build` exits 1 with the same messages, and the site built before is untouched, to the byte and
  the date.

The issue's own cases (a description nested 600 deep, an ESC in a description, U+FFFE in a title,
a 252-character file name, horizon_months = 100000, a 300-character vocabulary key) are explicit
examples, so each one is tried on every run. Builds run with Python's own recursion limit (1000):
hypothesis raises it while a test runs, which hid the 600-deep description.

Profiles: "hub" (the default: 50 hubs and the explicit examples, about ten seconds on an idle
2-core machine, the same hubs on every run) and "hub-thorough" (BULLETIN_HYPOTHESIS=thorough: 400
hubs, new ones each run, a few minutes).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from datetime import date, timedelta
from pathlib import Path

import html5lib
import icalendar
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.cli import main

from conftest import NOW, ROOT, write_hub

settings.register_profile(
    "hub",
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "hub-thorough",
    max_examples=400,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BRANCH = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9._/-]{0,20}[A-Za-z0-9_]", fullmatch=True).filter(
    lambda branch: ".." not in branch and not branch.endswith(".lock")
)
UID = st.from_regex(r"[!-~]{1,60}", fullmatch=True)
ZONES = ["Europe/Oslo", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns", "UTC"]
REPEATS = st.sampled_from(
    [
        "{every: week, count: 3}",
        "{every: day, count: 4}",
        "{every: month, on: [last friday], count: 3}",
        "{every: week, interval: 2, until: 2027-02-28}",
        "{every: year, count: 2}",
        "{rrule: 'FREQ=WEEKLY;COUNT=5'}",
    ]
)
NOW_DATE, LAST_DATE = date(2026, 11, 22), date(2027, 3, 31)  # NOW, and a few months on
PROFILE = "hub-thorough" if os.environ.get("BULLETIN_HYPOTHESIS") == "thorough" else "hub"

# Text that is fine in any field, however it looks: markup, template and calendar injection, quotes,
# brackets, scripts in other directions, emoji.
HOSTILE = [
    "<script>alert('x')</script>",
    "</title><img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "{{ 7 * 7 }}",
    "{% include 'base.html' %}",
    "{# comment",
    "BEGIN:VEVENT SUMMARY:injected END:VEVENT",
    "DESCRIPTION:x;LANGUAGE=en:y,z\\n",
    "]]><![CDATA[",
    "<!-- x -->",
    "&amp; &#0; &#x110000; &nosuch;",
    "emoji 🎉👩‍👩‍👧",
    "مرحبا بكم",
    "שלום",
    "Tết Trung Thu",
    "quote \" and ' and ` and \\",
    "colon: value # comment",
    "- list?",
    "* star",
    "&anchor *alias !tag %percent @at",
    "a" * 300,
    "[link](https://example.org/a_(b)) ![pic](media/teens.jpg) ![far](https://evil.example/x.png)",
    "[click](javascript:alert(1)) <https://example.org> <mailto:a@b.org>",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "```\ncode\n```",
    "    indented code",
    "# Heading\n\n## Sub",
    "Term\n: definition",
    "*[HTML]: Hyper Text",
    "footnote[^1]\n\n[^1]: note",
]
# Descriptions may also go up to the limits of content/body.py.
AT_THE_LIMITS = ["[" * 49, "- " * 19 + "deep", "> " * 20 + "quoted", "<b " * 160]
BEYOND_THE_LIMITS = [
    "- " * 600 + "too deep for Python-Markdown",
    "Press \x1b[1mEnter\x1b[0m",
    "back\x08space",
    "[" * 51,
    "\ufffe",
]
# Text that some fields, or every one, refuse: control and direction characters, odd spaces and
# line breaks, too much nesting, too many brackets, escapes that YAML turns into broken characters.
REFUSED = [
    "\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
    "\nEND:VCALENDAR\n",
    "\x1b[31mred\x1b[0m",
    "back\x08space",
    "nul\x00byte",
    "\u202eevil\u202c",
    "\u2066isolated\u2069",
    "\u00a0no-break\u00a0",
    "\u2028line\u2029para",
    "\ufffe\uffff",
    "\ufeffbom",
    "tab\there",
    "[" * 60,
    "- " * 30 + "deeper",
    "> " * 25 + "quoted",
    "\\ud83d",
    "\\u0000",
    "\\x1b",
    '": broken',
    "'",
    "\n  - item",
    "\n---\n",
    "\ttab",
]
PLAIN = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cc", "Cs", "Zl", "Zp"),
        exclude_characters="\ufffe\uffff",
    ),
    min_size=1,
    max_size=12,
)
TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE), PLAIN), min_size=1, max_size=3).map(" ".join)
LINE = TEXT.map(lambda text: " ".join(text.split("\n")))  # for one-line values
# Now and then a description holds what the checker must refuse (or the build would stop or
# write a broken feed): a piece in twelve, so that most hubs stay valid.
PIECE = st.one_of(st.sampled_from(HOSTILE), PLAIN, st.sampled_from(AT_THE_LIMITS))
BODY = st.lists(
    st.integers(0, 11).flatmap(lambda n: st.sampled_from(BEYOND_THE_LIMITS) if n == 0 else PIECE),
    max_size=3,
).map("\n\n".join)
SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)


def toml_quoted(text: str) -> str:
    """A TOML basic string holding `text`: controls as \\u escapes, everything else as it is."""
    escaped = "".join(
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c
        for c in text.replace("\\", "\\\\").replace('"', '\\"')
    )
    return f'"{escaped}"'


def quoted(text: str) -> str:
    """A YAML double-quoted string holding `text` (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


@st.composite
def value(draw, text=LINE) -> str:
    """A front-matter value, quoted properly (the slips come from one defect per hub)."""
    return quoted(draw(text))


@st.composite
def hubs(draw) -> dict[str, str | bytes]:
    audiences = draw(st.lists(SLUG, min_size=1, max_size=3, unique=True))
    labels = "".join(f"{key} = {toml_quoted(draw(LINE))}\n" for key in audiences)
    settings_lines = [
        f"title = {toml_quoted(draw(LINE))}",
        'base_url = "https://example.org/hub/"',
        'timezone = "America/Chicago"',
        f"horizon_months = {draw(st.integers(1, 3))}",
        f"description = {toml_quoted(draw(LINE))}",
    ]
    if draw(st.booleans()):
        empty = draw(st.integers(0, 9)) == 0  # a setting left without its value
        settings_lines.append(f"library = {'' if empty else toml_quoted(draw(LINE))}")
    if draw(st.booleans()):  # edit links, with every character a branch may have
        settings_lines.append('repository = "https://github.com/riverside-library/community-hub"')
        settings_lines.append(f"branch = {quoted(draw(BRANCH))}")
    if draw(st.booleans()):
        settings_lines.append(
            f'accent_color = "{draw(st.sampled_from(["#0b5394", "#000", "#6a1b9a"]))}"'
        )
    if draw(st.booleans()):
        settings_lines.append(f"feed_past_days = {draw(st.integers(0, 3650))}")
    if draw(st.booleans()):
        settings_lines.append(
            f'default_duration = "{draw(st.sampled_from(["90m", "24h", "1h 1m"]))}"'
        )
    if draw(st.booleans()):
        settings_lines.append('logo = "media/teens.jpg"')
        settings_lines.append(f"logo_alt = {toml_quoted(draw(LINE))}")
    files: dict[str, str | bytes] = {
        "site.toml": "\n".join(settings_lines) + f"\n\n[audiences]\n{labels}",
        "venues/central.md": (
            f"---\nname: {draw(value())}\naddress: {draw(value())}\n---\n{draw(BODY)}\n"
        ),
        "events/teen-tech.md": None,
        "partners/youth-haven.md": None,
    }
    partners = draw(st.lists(SLUG.filter(lambda slug: slug != "central"), max_size=2, unique=True))
    for slug in partners:
        draft = draw(st.sampled_from(["", "", "", "", "draft: true\n"]))
        private = draw(st.sampled_from(["", f"address: {draw(value())}\nprivate_address: true\n"]))
        files[f"partners/{slug}.md"] = (
            f"---\nname: {draw(value())}\nkind: nonprofit\nsummary: {draw(value())}\n{draft}"
            f"website: https://example.org/p?q={draw(st.integers(0, 9))}\n{private}"
            f"neighborhoods: [{draw(value())}]\noffers: [{draw(value())}, {draw(value())}]\n"
            f"---\n{draw(BODY)}\n"
        )
    for number in range(draw(st.integers(1, 3))):
        day = draw(st.dates(min_value=NOW_DATE.replace(month=10), max_value=LAST_DATE))
        start = draw(st.sampled_from([f"{day}", f"{day} 15:30", f"{day} 09:05"]))
        lines = [f"title: {draw(value())}", f"start: {start}"]
        if start.endswith(":30"):
            lines.append(f"end: {draw(st.sampled_from(['17:00', '23:59'] * 10 + ['10:00']))}")
        lines.append(
            draw(
                st.sampled_from(
                    [
                        "location: central",
                        f"location: {{name: {draw(value())}, address: {draw(value())}}}",
                        "online: https://meet.example.org/x?a=1&b=<2>",
                        *(f"location: {slug}" for slug in partners),
                    ]
                )
            )
        )
        if draw(st.booleans()):
            lines.append(f"summary: {draw(value(TEXT))}")
        if draw(st.booleans()):
            lines.append(f"accessibility: {draw(value(TEXT))}")
        if draw(st.booleans()):
            lines.append(f"cost: {draw(value())}")
        if draw(st.booleans()):
            lines.append(
                "registration: "
                + draw(st.sampled_from(["https://example.org/r", "mailto:a@b.org"]))
            )
        if draw(st.booleans()):
            lines.append(f"audiences: [{draw(st.sampled_from(audiences * 10 + ['unknown']))}]")
        if partners and draw(st.booleans()):
            lines.append(f"partners: [{draw(st.sampled_from(partners))}]")
        if draw(st.booleans()) and " " in start:
            lines.append(f"repeat: {draw(REPEATS)}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"timezone: {draw(st.sampled_from(ZONES))}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"contact: {{name: {draw(value())}, phone: {draw(value())}}}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"image: media/teens.jpg\nimage_alt: {draw(value())}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"uid: {quoted(draw(UID))}")
        if draw(st.integers(0, 3)) == 0 and not any(
            line.startswith(("repeat", "status")) for line in lines
        ):
            lines.append(f"rescheduled_from: {day - timedelta(days=7)}")
        if draw(st.booleans()):
            lines.append(f"status: {draw(st.sampled_from(['cancelled', 'postponed']))}")
            lines.append(f"status_note: {draw(value(TEXT))}")
        if draw(st.booleans()):
            lines.append(f"extra: {{note: {draw(value())}}}")
        if draw(st.integers(0, 5)) == 0:
            lines.append("draft: true")
        body = draw(BODY)
        files[f"events/event-{number}.md"] = "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"
    if draw(st.integers(0, 2)) == 0:  # nearly valid: one slip somewhere in one file
        name = draw(st.sampled_from(sorted(name for name, text in files.items() if text)))
        text = files[name]
        at = draw(st.integers(4, len(text)))  # after the opening '---' (or a first setting)
        files[name] = text[:at] + draw(st.sampled_from(REFUSED)) + text[at:]
    return files


LOCATED = re.compile(r"content/[^:]+(:\d+)?: (warning: )?\S.*")


def cli(*argv: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(argv))
    return code, out.getvalue().splitlines()


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry below `folder` (links not followed), with its bytes or target and its date."""
    found = {}
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(root, name)
            info = path.lstat()
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_file():
                found[key] = (path.read_bytes(), info.st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def earlier_site(tmp_path_factory) -> Path:
    """A folder holding a site built before (the small hub of conftest), to copy per example."""
    folder = tmp_path_factory.mktemp("earlier")
    content = write_hub(folder, {})
    code, _ = cli(
        "build", "--content", str(content), "--templates", str(ROOT / "templates"),
        "--out", str(folder / "site"), "--now", NOW, "--no-history", "--no-cache",
    )  # fmt: skip
    assert code == 0
    shutil.rmtree(content)
    return folder


def parses(path: Path, data: bytes) -> None:
    name = path.name
    if name.endswith(".html"):
        document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)
        for script in document.iter("script"):  # only the hub's own scripts and its JSON-LD
            if script.get("type") == "application/ld+json":
                json.loads(script.text)
            else:
                assert "/assets/" in script.get("src", ""), f"a script from the text: {script.text}"
        for element in document.iter():  # text never becomes an element that runs something
            assert element.tag not in ("iframe", "object", "embed"), element.tag
            assert not any(name.lower().startswith("on") for name in element.attrib), element.attrib
    elif name.endswith(".xml"):
        ElementTree.fromstring(data)
    elif name == "events.json":  # exactly what json.dumps writes, whatever the text holds
        assert data == (json.dumps(json.loads(data), ensure_ascii=False, indent=1) + "\n").encode()
    elif name.endswith(".json"):
        json.loads(data)
    elif name.endswith(".ics"):
        icalendar.Calendar.from_ical(data)


def issue_case(
    body: str = "Laptops.",
    title: str = "Teen Tech",
    slug: str = "teen-tech",
    settings: str = "",
    audiences: str = 'teens = "Teens"',
) -> dict[str, str | None]:
    """A small valid hub with one of the cases the issue found (check passed, build failed)."""
    return {
        "site.toml": 'title = "Hub"\nbase_url = "https://example.org/hub/"\n'
        f'timezone = "America/Chicago"\n{settings}\n[audiences]\n{audiences}\n',
        "venues/central.md": "---\nname: Central\naddress: 1 Main St\n---\n",
        "events/teen-tech.md": None,
        f"events/{slug}.md": f"---\ntitle: {title}\nstart: 2026-12-02 15:30\nlocation: central\n"
        f"---\n{body}\n",
        "partners/youth-haven.md": None,
    }


@settings(settings.get_profile(PROFILE))
@example(files=issue_case(body="- " * 600 + "deepest"))
@example(files=issue_case(body="Press \x1b[1mEnter\x1b[0m to go on."))
@example(files=issue_case(title='"Fair \\uFFFE"'))
@example(files=issue_case(slug="a" * 252))
@example(files=issue_case(settings="horizon_months = 100000"))
@example(files=issue_case(audiences="k" * 300 + ' = "K"'))
@example(files=issue_case(audiences='teens = "<script>alert(1)</script> &#0; <b onclick=x>"'))
@given(files=hubs())
def test_what_check_accepts_builds_and_what_it_refuses_leaves_the_site_alone(earlier_site, files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(earlier_site, root, symlinks=True, dirs_exist_ok=True)
        content = write_hub(root, files)
        before = snapshot(root)
        cwd, limit = os.getcwd(), sys.getrecursionlimit()
        os.chdir(root)
        # Python's own limit, as `bulletin` runs with; hypothesis raises it while a test runs.
        sys.setrecursionlimit(1000)
        try:
            checked, problems = cli("check", "--content", "content")
            built, output = cli(
                "build", "--content", "content", "--templates", str(ROOT / "templates"),
                "--out", "site", "--now", NOW, "--no-history", "--no-cache", "--jobs", "1",
            )  # fmt: skip
        finally:
            sys.setrecursionlimit(limit)
            os.chdir(cwd)
        for line in problems:
            assert LOCATED.fullmatch(line), f"not located: {line!r}"
        if checked == 0:
            assert (built, output) == (0, problems), f"check passed, build said {output}"
            site = root / "site"
            written = [path for path in sorted(site.rglob("*")) if path.is_file()]
            assert any(path.name == "index.html" for path in written)
            for path in written:
                try:
                    parses(path, path.read_bytes())
                except Exception as error:
                    pytest.fail(f"{path.relative_to(site)} does not parse: {error!r}")
        else:
            assert checked == 1 and any(": warning: " not in line for line in problems)
            assert (built, output) == (1, problems)
            assert snapshot(root) == before, "a refused build changed something"
        assert content.is_dir()
