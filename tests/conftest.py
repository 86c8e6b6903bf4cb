"""Shared fixtures: a tiny valid hub to break one thing at a time, and a way to run the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
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


def bulletin(argv: list[str]) -> tuple[int, str, str]:
    """`bulletin ARGV...` in this process: (exit status, standard output, standard error);
    argparse's own exit for misuse is returned as its status. The suite's one CLI runner."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def run_cli(argv: list[str]) -> tuple[int, list[str]]:
    """bulletin() when only the exit status and the lines of standard output matter."""
    code, out, _ = bulletin(argv)
    return code, out.splitlines()


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
    from generator.incremental.cache import forget_open_caches

    monkeypatch.chdir(tmp_path)
    forget_open_caches()
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    yield tmp_path
    forget_open_caches()


def git(repo: Path, *arguments: str, when: str | None = None) -> str:
    """Run git in `repo` as a staff member, ignoring this machine's settings; `when` dates the
    commit. Returns what it prints."""
    environment = dict(
        os.environ,
        GIT_AUTHOR_NAME="Staff",
        GIT_AUTHOR_EMAIL="staff@example.org",
        GIT_COMMITTER_NAME="Staff",
        GIT_COMMITTER_EMAIL="staff@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    if when:
        environment.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    result = subprocess.run(
        ["git", *arguments], cwd=repo, env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(autouse=True, scope="session")
def cache_key_of_the_test_machine(tmp_path_factory):
    """The key that signs cache entries lives in $XDG_CACHE_HOME/bulletin/: the tests keep theirs
    apart from the developer's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def edit(path: Path, old: str, new: str) -> Path:
    """Replace the first `old` in the file at `path` with `new` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def make(root: Path, out: str = "site", now: str = NOW, cache: str | None = "cache", **options):
    """build() of root/content with root/templates into root/out, at the pinned `now`, without
    git history, in one process unless `jobs` says otherwise; the cache in root/`cache` (None: no
    cache at all). Returns what build() returns."""
    from generator.build import build
    from generator.options import BuildOptions

    options.setdefault("history", False)
    options.setdefault("jobs", 1)
    return build(
        BuildOptions(
            root / "content",
            root / "templates",
            root / out,
            at(now),
            cache_dir=root / cache if cache else None,
            cache=cache is not None,
            **options,
        )
    )


def clean(root: Path, now: str = NOW, **options) -> dict[str, bytes]:
    """What a clean build (no cache, one process) of root publishes, built into root/clean."""
    remove_site(root / "clean")
    result = make(root, "clean", now, cache=None, **options)
    assert [str(p) for p in result.problems if p.is_error] == []
    return tree(root / "clean")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample hub built once per test process (build_site's options), for tests that only
    read it: never write into it."""
    site = tmp_path_factory.mktemp("sample") / "site"
    assert build_site(site) == (0, [])
    return site
