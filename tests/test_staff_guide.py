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

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.content.load import load

from conftest import NOW, ROOT, bulletin, needs
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


def bulletin_arguments(command: str) -> list[str]:
    """The arguments `bulletin` gets from a command as the guide writes it: `.venv/bin/bulletin
    ...`, or a `make` target, as the Makefile's recipe runs it (read with `make -n`)."""
    words = shlex.split(command)
    if words[0] == ".venv/bin/bulletin":
        return words[1:]
    assert words[0] == "make", command
    variables = dict(word.split("=", 1) for word in words[2:])
    recipe = subprocess.run(
        ["make", "-n", "-s", "-C", str(ROOT), *words[1:]],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in recipe.splitlines() if line.startswith(".venv/bin/bulletin ")]
    if not lines:  # a target that runs something else (make test)
        return []
    (line,) = lines
    return [
        variables.get("TITLE", "") if word == "$BULLETIN_TITLE" else word
        for word in shlex.split(line)[1:]
    ]


@pytest.mark.parametrize("quoted", list(OUTPUT.finditer(TEXT)), ids=lambda m: m["command"])
def test_the_quoted_command_output_is_what_the_command_prints(quoted, in_tmp):

    needs(shutil.which("make") is not None, "make is not installed")
    copy_sample(in_tmp)
    arguments = bulletin_arguments(quoted["command"])
    code, out, _ = bulletin([*arguments, "--now", NOW])
    assert (code, out) == (0, quoted["output"])


def commands(text: str) -> list[str]:
    """Every command line in the text's ```sh blocks, and every `make ...` in its code spans."""
    found = []
    for block in re.findall(r"^```sh\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        found += [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    found += re.findall(r"`(make [^`]+)`", text)
    return found


DOCUMENTED = sorted(
    {
        command
        for document in (GUIDE, ROOT / "README.md", ROOT / "docs" / "format.md")
        for command in commands(document.read_text(encoding="utf-8"))
    }
)


@pytest.mark.parametrize("command", DOCUMENTED)
def test_every_documented_command_works_as_written(command):
    """A newcomer types what the guides show: a make target that exists, or .venv/bin/bulletin
    with a command it has. Never a bare `bulletin`, which is not on anyone's PATH."""
    from generator.cli import main

    needs(shutil.which("make") is not None, "make is not installed")
    words = shlex.split(command)
    assert words[0] in ("make", ".venv/bin/bulletin"), command
    if words[0] == "make":
        targets = [word for word in words[1:] if "=" not in word]
        dry_run = subprocess.run(
            ["make", "-n", "-C", str(ROOT), *words[1:]], capture_output=True, text=True
        )
        assert dry_run.returncode == 0, dry_run.stderr
        assert targets and all(
            re.search(rf"^{t}:", MAKEFILE, re.MULTILINE)
            or re.search(rf"^[^:\n]*\b{t}\b[^:\n]*:", MAKEFILE, re.MULTILINE)
            for t in targets
        ), command
    arguments = bulletin_arguments(command)
    if not arguments:
        return
    with pytest.raises(SystemExit) as exit_status:
        with contextlib.redirect_stdout(io.StringIO()):
            main([arguments[0], "--help"])
    assert exit_status.value.code == 0


MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def test_make_new_event_writes_the_file_with_the_title_as_typed(tmp_path):
    """The make target end to end: a title with '$', quotes and a backslash reaches the file."""
    needs(shutil.which("make") is not None, "make is not installed")
    needs((ROOT / ".venv" / "bin" / "bulletin").exists(), "run `make test` first (no .venv)")
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    title = 'The $5 "Mystery" Box \\ Sale'
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed-runtime", "new-event", f"TITLE={title}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"},
    )
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "content" / "events" / "the-5-mystery-box-sale.md").read_text()
    assert 'title: The $5 "Mystery" Box \\ Sale\n' in written
    missing = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed-runtime", "new-venue"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert (missing.returncode, missing.stderr.splitlines()[0]) == (
        2,
        'Give the title, e.g.: make new-venue TITLE="Family Chess Afternoon"',
    )


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


def test_make_site_installs_only_what_building_needs():
    """A preview needs Bulletin and its runtime libraries, not the test tools (Playwright and
    the rest); `make test` adds those."""
    needs(shutil.which("make") is not None, "make is not installed")

    def installs(target: str) -> list[str]:
        recipe = subprocess.run(
            ["make", "-n", "-B", "-C", str(ROOT), target], capture_output=True, text=True
        ).stdout
        return [line for line in recipe.splitlines() if "pip install" in line]

    for target in ("site", "serve", "check"):
        assert [line.rsplit(" ", 1)[-1] for line in installs(target)] == ["."], target
    # make test adds the test tools, and two calendar readers installed apart (see the Makefile).
    assert [line.rsplit(" ", 1)[-1] for line in installs("test")] == [
        ".",
        "'.[test]'",
        "x-wr-timezone",
    ]
