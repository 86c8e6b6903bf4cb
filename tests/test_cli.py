"""The command line as staff and CI use it: exit codes, output formats, misuse."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli


def test_sample_hub_passes_check_with_no_output(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run_cli(["check"]) == (0, [])


def test_summary_goes_to_stderr_so_stdout_stays_machine_readable(hub, capsys):
    from generator.cli import main

    hub({"events/teen-tech.md": "no front-matter\n"})
    assert main(["check", "--content", "content"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "Checked 4 files: 1 error, 0 warnings.\n"
    assert captured.out.startswith("content/events/teen-tech.md:1: couldn't find front-matter")


def test_github_format_prints_annotations_with_escaped_text(hub):
    code, output = hub(
        {
            "events/teen-tech.md": "---\ntitle: 100% fun\nstart: 2026-12-02 15:30\n"
            "location: central\nstatus: canceled\n---\n",
            "weird, name:/x.md": "not read",
        },
        "--format",
        "github",
    )
    assert code == 1
    assert output == [
        "::error file=content/events/teen-tech.md,line=5::'status' is 'canceled'; did you mean "
        "'cancelled'? (choose one of: scheduled, cancelled, postponed)",
        "::warning file=content/weird%2C name%3A::is not something Bulletin reads, so it is not "
        "published; content/ holds site.toml and the folders events/, partners/, venues/, media/ and translations/",
    ]


def test_annotation_escapes_percent_and_keeps_one_line(hub):
    # A line break quoted from content is shown as \n, so the annotation stays one command, and
    # '%' is written %25, as GitHub reads it.
    code, output = hub(
        {
            "events/teen-tech.md": "---\ntitle: Teen Tech\nstart: 2026-12-02 15:30\n"
            'location: central\nstatus: "100% sure\\nnext"\n---\n',
        },
        "--format",
        "github",
    )
    assert (code, output) == (
        1,
        [
            "::error file=content/events/teen-tech.md,line=5::'status' is '100%25 sure\\nnext' "
            "(choose one of: scheduled, cancelled, postponed)"
        ],
    )


def test_warnings_pass_unless_strict(hub):
    files = {
        "events/teen-tech.md": "---\ntitle: X\nstart: 2026-12-02 15:30\nlocation: central\n"
        "status_note: Bring a laptop\n---\n"
    }
    assert hub(files)[0] == 0
    assert hub(files, "--strict")[0] == 1


def test_missing_content_folder_is_a_content_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli(["check", "--content", "nowhere"]) == (
        1,
        [
            "nowhere: is not a folder; run bulletin from the repository's top folder or give --content"
        ],
    )


@pytest.mark.parametrize(
    "argv", [[], ["check", "--format", "xml"], ["frobnicate"], ["check", "--bogus"]]
)
def test_misuse_exits_2_with_usage(argv, capsys):
    from generator.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage: bulletin" in capsys.readouterr().err


def test_python_dash_m_and_console_script_both_run():
    script = Path(sys.executable).parent / "bulletin"
    for command in ([sys.executable, "-m", "generator", "check"], [str(script), "check"]):
        result = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        assert (result.returncode, result.stdout) == (0, ""), result.stderr
        assert result.stderr.startswith("Checked ")
