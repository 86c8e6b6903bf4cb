"""Shared fixtures: a tiny valid hub to break one thing at a time, and a way to run the CLI."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent

SITE_TOML = """\
title = "Test Hub"
base_url = "https://example.org/hub/"
timezone = "America/Chicago"

[audiences]
kids = "Kids (0-12)"
teens = "Teens (13-18)"

[categories]
technology = "Technology"

[languages]
en = "English"
es = "Español"
no = "Norsk"

[access]
wheelchair = "Wheelchair accessible"
"""

PARTNER = """\
---
name: Youth Haven
kind: nonprofit
---
Shelter and drop-in services.
"""

VENUE = """\
---
name: Central Library
address: 1000 Main St, Riverside, IL 60546
---
"""

EVENT = """\
---
title: Teen Tech Drop-In
start: 2026-12-02 15:30
end: 17:30
location: central
---
Get help with laptops.
"""


class Link(str):
    """A value for write_hub(): a symbolic link to this target instead of a file."""


PIPE = b"\0named pipe"  # a value for write_hub(): a named pipe (FIFO) instead of a file


def write_hub(root: Path, files: dict[str, str | bytes]) -> Path:
    """A valid hub in root/content, with `files` (paths relative to content/) added or replaced;
    a value of None removes the file; Link(target) makes a symbolic link, PIPE a named pipe."""
    content = root / "content"
    base = {
        "site.toml": SITE_TOML,
        "partners/youth-haven.md": PARTNER,
        "venues/central.md": VENUE,
        "events/teen-tech.md": EVENT,
        "media/teens.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
    }
    base.update(files)
    for name, text in base.items():
        path = content / name
        if text is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, Link):
            path.symlink_to(text)
        elif text is PIPE:
            os.mkfifo(path)
        elif isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(
                textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8"
            )
    return content


@pytest.fixture
def hub(tmp_path, monkeypatch):
    """Call hub({...}) to write a hub and get `bulletin check`'s (exit code, output lines)."""
    monkeypatch.chdir(tmp_path)

    def run(files: dict[str, str | bytes], *options: str) -> tuple[int, list[str]]:
        write_hub(tmp_path, files)
        return run_cli(["check", "--content", "content", *options])

    return run


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Work in tmp_path, so messages name content/... as staff would see them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(argv: list[str]) -> tuple[int, list[str]]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return code, out.getvalue().splitlines()


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current build (review the diff!)",
    )


def needs(available: bool, reason: str) -> None:
    """Skip loudly when a checking tool is missing here; fail instead when BULLETIN_REQUIRE_ALL=1
    (CI sets it), so a check can never silently stop running there."""
    import os

    if available:
        return
    if os.environ.get("BULLETIN_REQUIRE_ALL") == "1":
        pytest.fail(
            f"{reason} (BULLETIN_REQUIRE_ALL=1: every checking tool must be installed)",
            pytrace=False,
        )
    pytest.skip(f"NOT CHECKED, TOOL MISSING: {reason}")


NOW = "2026-11-22T12:00"


def build_site(out: Path, *options: str, content: Path | None = None) -> tuple[int, list[str]]:
    """`bulletin build` of the sample (or `content`) with the pinned --now and no git history."""
    return run_cli(
        [
            "build",
            "--content",
            str(content or ROOT / "content"),
            "--templates",
            str(ROOT / "templates"),
            "--out",
            str(out),
            "--now",
            NOW,
            "--no-history",
            *options,
        ]
    )


def remove_site(folder: Path) -> None:
    """Remove a site Bulletin built, with its builds folder (`folder` is a link to one of them),
    so the next build starts from nothing."""
    if folder.is_symlink():
        folder.unlink()
        shutil.rmtree(folder.parent / f".{folder.name}.bulletin", ignore_errors=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by its '/'-separated path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def at(moment: str):
    """A build's `now` callable for a pinned moment, read in the site's zone like --now."""
    from generator.options import resolve_now

    return lambda zone: resolve_now(moment, None, zone)


@pytest.fixture
def sample_copy(tmp_path, monkeypatch):
    """A copy of the sample hub and theme to edit, as the working folder, with a fresh
    process-wide cache state."""
    from generator.incremental import cache as cache_module

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache_module, "_OPEN", {})
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path
