"""Whatever `bulletin check` accepts, `bulletin build` builds: no input that passes the check may
crash the build (issue 13). Cases that once crashed, then a hypothesis property over generated
events: dates up to the last year the format allows, series of every kind, changed dates."""

from __future__ import annotations

from conftest import ROOT, run_cli, write_hub

TEMPLATES = str(ROOT / "templates")


def check_then_build(tmp_path, files: dict, now: str = "2026-11-22T12:00") -> tuple[int, int]:
    content = write_hub(tmp_path, files)
    checked, _ = run_cli(["check", "--content", str(content), "--now", now])
    built, output = run_cli(
        [
            "build",
            "--content",
            str(content),
            "--templates",
            TEMPLATES,
            "--out",
            str(tmp_path / "site"),
            "--now",
            now,
            "--no-history",
            "--no-cache",
        ]
    )
    return checked, built


def test_an_event_years_ahead_builds(tmp_path):
    """More than five years ahead, its page once looked for its next date in vain (IndexError)."""
    event = "---\ntitle: Bicentennial\nstart: 2099-07-04 12:00\nlocation: central\n---\n"
    assert check_then_build(tmp_path, {"events/teen-tech.md": event}) == (0, 0)
    page = (tmp_path / "site" / "events" / "teen-tech" / "index.html").read_text()
    assert 'datetime="2099-07-04T12:00:00-05:00"' in page
