"""docs/staff-guide.md stays true: its example files pass the checker, the problems it shows are the
checker's real output for its broken example, the command output it quotes is what the command
prints, and the links, labels and workflow names it mentions exist.

Markers in the guide, each on the line before a fenced block (the same `example:` marker as
docs/format.md, tested with test_docs_examples.py's helpers):
  <!-- example: PATH -->        a complete file that must pass the checker, added to the sample hub
  <!-- broken: PATH -->         a file with mistakes, followed by
  <!-- check output -->          exactly the lines `bulletin check` prints for it
  <!-- output of: COMMAND -->   exactly what COMMAND prints (run in a copy of the sample hub)
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from generator.content.load import load

from conftest import NOW, ROOT, bulletin
from test_docs_examples import (
    EXAMPLE,
    FENCE,
    Example,
    add,
    copy_sample,
    sample_slugs,
    shown,
)

GUIDE = ROOT / "docs" / "staff-guide.md"
TEXT = GUIDE.read_text(encoding="utf-8")
EXAMPLES = [Example(m["path"], m["lang"], m["text"]) for m in EXAMPLE.finditer(TEXT)]
BROKEN = re.compile(
    r"^<!-- broken: (?P<path>\S+) -->\n```markdown\n(?P<text>.*?)^```\n\n"
    r"<!-- check output -->\n```text\n(?P<output>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
OUTPUT = re.compile(
    r"^<!-- output of: (?P<command>.+?) -->\n```text\n(?P<output>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


def test_every_marker_is_followed_by_its_block():
    assert len(re.findall(r"<!-- example:", TEXT)) == len(EXAMPLES) >= 5
    assert len(re.findall(r"<!-- broken:", TEXT)) == len(BROKEN.findall(TEXT)) >= 1
    assert len(re.findall(r"<!-- output of:", TEXT)) == len(OUTPUT.findall(TEXT)) >= 1


def test_every_complete_file_in_the_guide_is_tested():
    tested = {m.start("text") for m in EXAMPLE.finditer(TEXT)}
    tested |= {m.start("text") for m in BROKEN.finditer(TEXT)}
    untested = [
        m["text"].splitlines()[1]
        for m in FENCE.finditer(TEXT)
        if m["text"].startswith("---\n") and m.start("text") not in tested
    ]
    assert untested == []


@pytest.mark.parametrize("example", EXAMPLES, ids=[x.path for x in EXAMPLES])
def test_example_passes_the_checker(example, in_tmp):
    assert example.lang == "markdown" and example.kind in ("events", "partners", "venues")
    assert example.slug not in sample_slugs()[example.kind], "reuses a name of the sample hub"
    content = copy_sample(in_tmp)
    before = shown(load(Path("content")))
    add(content, example)
    assert [p for p in shown(load(Path("content"))) if p not in before] == []
    index = load(Path("content")).index
    assert example.slug in getattr(index, example.kind), "the example is not published"


def test_all_examples_pass_the_checker_together(in_tmp):
    content = copy_sample(in_tmp)
    before = shown(load(Path("content")))
    for example in EXAMPLES:
        add(content, example)
    assert [p for p in shown(load(Path("content"))) if p not in before] == []


def test_examples_show_what_their_section_says(in_tmp):
    content = copy_sample(in_tmp)
    for example in EXAMPLES:
        add(content, example)
    index = load(Path("content")).index
    assert index.events["pottery-open-studio"].status == "cancelled"
    assert index.events["pottery-open-studio"].status_note
    assert index.events["tax-help-for-seniors"].rescheduled_from is not None
    series = index.events["lego-afternoons"]
    assert series.repeat.except_dates
    assert any(change.status == "cancelled" and change.note for change in series.changes.values())
    assert index.partners["eastside-quilters"].verified is not None


@pytest.mark.parametrize("broken", list(BROKEN.finditer(TEXT)), ids=lambda m: m["path"])
def test_the_shown_problems_are_what_the_checker_prints(broken, in_tmp):
    content = copy_sample(in_tmp)
    before = shown(load(Path("content")))
    add(content, Example(broken["path"], "markdown", broken["text"]))
    new = [p for p in shown(load(Path("content"))) if p not in before]
    assert new == broken["output"].splitlines()


@pytest.mark.parametrize("quoted", list(OUTPUT.finditer(TEXT)), ids=lambda m: m["command"])
def test_the_quoted_command_output_is_what_the_command_prints(quoted, in_tmp):

    copy_sample(in_tmp)
    program, *arguments = shlex.split(quoted["command"])
    assert program == "bulletin"
    code, out, _ = bulletin([*arguments, "--now", NOW])
    assert (code, out) == (0, quoted["output"])


def test_yaml_fragments_are_taken_from_a_tested_example():
    """A few lines shown on their own (```yaml) appear as they are in one of the examples."""
    fragments = [m["text"] for m in FENCE.finditer(TEXT) if m["lang"] == "yaml"]
    assert fragments
    for fragment in fragments:
        assert any(fragment in example.text for example in EXAMPLES), fragment


# --- what the guide names exists ---------------------------------------------------------------------


def anchors(markdown: str) -> set[str]:
    """GitHub's anchors for a Markdown file's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", markdown, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower().replace("`", "")).replace(" ", "-")
        found.add(slug)
    return found


def test_links_to_sections_exist():
    format_guide = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    own = re.findall(r"\]\(#([\w-]+)\)", TEXT)
    other = re.findall(r"\]\(format\.md#([\w-]+)\)", TEXT)
    assert own and other
    assert set(own) - anchors(TEXT) == set()
    assert set(other) - anchors(format_guide) == set()


def test_the_link_labels_are_the_sites_own():
    pages = (ROOT / "generator" / "render" / "pages.py").read_text(encoding="utf-8")
    for label in ("Edit this page on GitHub", "Propose an event on GitHub"):
        assert f'"{label}"' in pages and f"**{label}**" in TEXT


def test_workflow_and_job_names_are_the_real_ones():
    workflows = {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (ROOT / ".github" / "workflows").glob("*.yml")
    }
    names = {workflow["name"] for workflow in workflows.values()}
    for name in ("Check", "Publish", "Partner report"):
        assert name in names and f"**{name}**" in TEXT
    jobs = {job["name"] for job in workflows["check.yml"]["jobs"].values()}
    for job in re.findall(r"status checks \*\*(.+?)\*\* and \*\*(.+?)\*\*", TEXT)[0]:
        assert job in jobs
    assert (
        "17 6 * * *" in [s["cron"] for s in workflows["pages.yml"][True]["schedule"]]
        and "06:17 UTC" in TEXT
    )


def test_the_issue_form_and_labels_are_the_real_ones():
    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-event.yml").read_text(encoding="utf-8")
    )
    assert f"**{form['name']}**" in TEXT
    assert f"`{form['labels'][0]}`" in TEXT
    assert "**convert-to-pr**" in TEXT and "convert-to-pr" in (
        ROOT / ".github" / "workflows" / "from-issue.yml"
    ).read_text(encoding="utf-8")


def test_the_summary_line_has_the_checkers_form(monkeypatch):

    monkeypatch.chdir(ROOT)
    code, _, err = bulletin(["check"])
    assert code == 0
    number = r"\d+"
    quoted = re.search(r"`(Checked \d+ files: no problems\.)`", TEXT)[1]
    assert re.sub(number, "N", quoted) == re.sub(number, "N", err.strip())


def test_the_readme_links_to_the_guide():
    assert "(docs/staff-guide.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
