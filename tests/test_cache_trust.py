"""The build cache holds data, never code, and believes only what this machine's builds wrote; and
any change to Bulletin's own code makes every piece of earlier work invalid. Each test plants what
an attacker or a stale cache would, and shows that the site is still what a clean build publishes."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.incremental.cache import Cache, code_fingerprint, forget_open_caches
from generator.options import BuildOptions

from conftest import NOW, ROOT, at, git, tree, write_hub

PACKAGE = ROOT / "generator"


def make(root: Path, out: str, cache: Path | None):
    result = build(
        BuildOptions(
            root / "content",
            root / "templates",
            root / out,
            at(NOW),
            history=False,
            jobs=1,
            cache_dir=cache,
            cache=cache is not None,
        )
    )
    assert [str(p) for p in result.problems] == []
    return result


def keys(folder: Path) -> list[str]:
    [database] = folder.glob("*.sqlite3")
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT key FROM work")]


def plant(folder: Path, content: Path, value: bytes, kind: str = "") -> int:
    """Replace every entry (of `kind`) of the cache in `folder` with `value`, signed with this
    machine's key (as a cache written here would be). Returns how many entries there were."""
    forget_open_caches()
    found = [work_key for work_key in keys(folder) if work_key.startswith(kind)]
    cache = Cache(folder, content)
    for work_key in found:
        cache.put(work_key, value)
    cache.finish(prune=False)
    forget_open_caches()
    return len(found)


class Payload:
    """Unpickling this runs code: it creates the file `path`."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


@pytest.fixture
def hub(sample_copy):
    return sample_copy


def test_a_cache_holding_pickles_runs_no_code(hub):
    expected = (make(hub, "clean", None), tree(hub / "clean"))[1]
    make(hub, "site", hub / "cache")
    ran = hub / "code-ran"
    # Each file's checked model and problems: the entries that are objects rather than bytes.
    assert plant(hub / "cache", hub / "content", pickle.dumps(Payload(ran)), "load:") > 50
    make(hub, "again", hub / "cache")
    assert not ran.exists()
    assert tree(hub / "again") == expected


def test_entries_signed_by_another_machine_are_not_believed(hub, monkeypatch):
    expected = (make(hub, "clean", None), tree(hub / "clean"))[1]
    monkeypatch.setenv("XDG_CACHE_HOME", str(hub / "other-machine"))
    make(hub, "site", hub / "cache")
    plant(hub / "cache", hub / "content", b"<p>planted</p>")
    monkeypatch.setenv("XDG_CACHE_HOME", str(hub / "this-machine"))
    forget_open_caches()
    result = make(hub, "again", hub / "cache")
    assert tree(hub / "again") == expected
    assert result.cache is not None and result.cache.last[0] == 0  # not one entry believed


def test_this_machines_entries_are_believed(hub):
    """The control for the two tests around it: the same cache, unplanted, is used."""
    make(hub, "site", hub / "cache")
    forget_open_caches()
    result = make(hub, "again", hub / "cache")
    assert result.cache is not None and result.cache.last[1] == 0


def test_a_cache_folder_tracked_by_git_is_never_opened(hub):
    expected = (make(hub, "clean", None), tree(hub / "clean"))[1]
    git(hub, "init", "-q")
    make(hub, "site", hub / ".bulletin-cache")
    plant(hub / ".bulletin-cache", hub / "content", b"<p>planted</p>")
    git(hub, "add", "-f", ".bulletin-cache")  # what a pull request could commit
    result = make(hub, "again", hub / ".bulletin-cache")
    assert tree(hub / "again") == expected
    # Never opened: only this build's own repeats (the same QR code on several pages) are found.
    assert result.cache is not None and result.cache._db is None


def test_the_pages_workflow_removes_a_committed_cache_and_keeps_its_key_with_its_cache():
    steps = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())["jobs"]["build"][
        "steps"
    ]
    restore = next(
        i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/cache")
    )
    removes = [i for i, s in enumerate(steps) if "rm -rf .bulletin-cache" in s.get("run", "")]
    assert removes and removes[0] < restore
    paths = steps[restore]["with"]["path"].split()
    assert ".bulletin-cache" in paths and "~/.cache/bulletin" in paths


@pytest.mark.parametrize(
    "module", sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))
)
def test_editing_any_module_changes_the_code_in_every_key(tmp_path, module):
    copy = tmp_path / "generator"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(copy)
    with open(copy / module, "a", encoding="utf-8") as file:
        file.write("\n# edited\n")
    assert code_fingerprint(copy) != before


BUILD = """
import sys
from pathlib import Path
from generator.build import build
from generator.options import BuildOptions
from generator.options import resolve_now
root = Path(sys.argv[1])
result = build(BuildOptions(root / "content", root / "templates", root / "site",
                            lambda zone: resolve_now("2026-11-22T12:00", None, zone),
                            history=False, jobs=1, cache_dir=root / "cache"))
assert not result.problems, result.problems
print(*result.cache.last)
"""


def test_a_new_process_with_an_edited_module_reuses_nothing(tmp_path):
    """End to end: a build in a new process reuses the cache, unless a module of any sub-package
    changed in between (here the Markdown module of render/)."""
    shutil.copytree(PACKAGE, tmp_path / "code" / "generator")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    write_hub(tmp_path, {})
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "code")}

    def hits_and_misses() -> list[int]:
        done = subprocess.run(
            [sys.executable, "-c", BUILD, str(tmp_path)],
            capture_output=True,
            text=True,
            env=environment,
            cwd=tmp_path,  # not the repository, whose generator/ would come first
            check=True,
        )
        return [int(n) for n in done.stdout.split()]

    cold = hits_and_misses()  # (hits are work reused within the build itself)
    assert cold[1] > 0 and hits_and_misses()[1] == 0  # unchanged code: everything reused
    with open(tmp_path / "code/generator/render/text.py", "a", encoding="utf-8") as file:
        file.write("\n# edited\n")
    assert hits_and_misses() == cold  # edited code: nothing reused
