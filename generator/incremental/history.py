"""When each content file last changed, and how often an event's time, place or status changed,
read from the repository's git history. Reads git; writes nothing.

Calendar apps need a DTSTAMP that stays put while an event is unchanged (so feeds are byte-identical
from build to build) and a SEQUENCE that grows when the time, place or status changes (so an update
replaces the old copy). Both come from the commits that touched the event's file. Without git
history (a downloaded copy, or a shallow clone: the Pages workflow must fetch the full history),
every event gets SEQUENCE 0 and the build's "now" as its DTSTAMP.

A file's history goes on across renames and moves (events/ to events/2027/, or a new name with a
pinned `uid`) for as long as the calendar identity stays the same: a SEQUENCE that fell back to 0
would make calendar apps ignore every later update. Edits not yet committed are not seen.
"""

from __future__ import annotations

import os
import subprocess
from bisect import bisect_left
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from generator.incremental.cache import Store, Typed, cached, key

# One version of a file reduced to (calendar identity, what calendar apps must hear about), or None
# for a version that does not load. Called with the file's path at that version.
Fingerprint = Callable[[str, str], "tuple[str, Hashable] | None"]


@dataclass(frozen=True)
class Record:
    first: datetime  # first commit of the file: when the event was announced
    changed: datetime  # last commit of the file
    sequence: int  # how many times the schedule fingerprint changed


@dataclass(frozen=True)
class Version:
    commit: str
    time: datetime
    path: str  # the file's path in that commit, relative to the repository's top
    blob: str | None  # the file's text in that commit (git's object name); None: deleted there


RECORDS = Typed(Record)


class History:
    def __init__(self, records: dict[str, Record] | None = None):
        self.records = records or {}

    def of(self, src_path: str) -> Record | None:
        return self.records.get(src_path)

    @classmethod
    def from_git(
        cls,
        paths: dict[str, Path],
        fingerprint: Fingerprint,
        store: Store | None = None,
        inputs: tuple[object, ...] = (),
    ) -> History:
        """`paths` maps each src_path to its file; `fingerprint(path, text)` reduces one version
        of a file to (identity, schedule), or None for a version that does not load. `inputs`:
        everything `fingerprint` reads besides a version's path and text (the site's settings,
        the media), so that `store` can keep each file's record by its versions (cache.py's
        rule). One `git log` for the folder holding the files, one `git cat-file` for the texts
        of files changed more than once."""
        if not paths:
            return cls()
        folder = next(iter(paths.values())).parent
        root = _git(folder, "rev-parse", "--show-toplevel")
        if root is None or _git(folder, "rev-parse", "--is-shallow-repository") == "true":
            return cls()
        top = Path(root)
        folders = {path.parent for path in paths.values()}  # resolved once each: a file is no link
        where = {folder: folder.resolve().relative_to(top.resolve()) for folder in folders}
        wanted = {
            (where[path.parent] / path.name).as_posix(): src_path
            for src_path, path in paths.items()
        }
        log = _Log.read(top, os.path.commonpath([name.rpartition("/")[0] for name in wanted]))
        if log is None:
            return cls()
        context = key("history-context", *inputs)
        records = {}
        with _Texts(top) as texts:
            for name, src_path in wanted.items():
                versions = log.versions(name)
                if not versions:
                    continue
                records[src_path] = cached(
                    "history",
                    (tuple((v.time, v.path, v.blob) for v in versions), context),
                    partial(_record, versions, texts, fingerprint),
                    store,
                    RECORDS,
                )
        return cls(records)


def added_times(folder: Path) -> dict[Path, datetime] | None:
    """When each file now under `folder` was added to the repository (followed through renames),
    by resolved path. A file missing from the result is not committed yet. None when there is no
    full history to ask: not a git repository, or a shallow clone (whose one commit would seem to
    add every file). One `git log` for the whole folder."""
    root = _git(folder, "rev-parse", "--show-toplevel")
    if root is None or _git(folder, "rev-parse", "--is-shallow-repository") == "true":
        return None
    top = Path(root)
    log = _git(
        top,
        "log",
        "--reverse",
        "-M",
        "--diff-filter=AR",
        "--name-status",
        "--format=%x00%ct",
        "--",
        folder.resolve().relative_to(top.resolve()).as_posix(),
        strip=False,
    )
    if log is None:
        return None
    added: dict[str, datetime] = {}
    for entry in log.split("\0")[1:]:
        lines = [line for line in entry.splitlines() if line]
        when = datetime.fromtimestamp(int(lines[0]), UTC)
        for line in lines[1:]:
            status, *names = line.split("\t")
            if status.startswith("R") and len(names) == 2:
                added[names[1]] = added.pop(names[0], when)
            elif status == "A" and names:
                added[names[0]] = when
    base = top.resolve()  # git's paths never pass through a link: resolved once, not per file
    return {base / name: when for name, when in added.items()}


@dataclass(frozen=True)
class _Change:
    status: str  # git's letter: A, M, D, R (renamed: `old` is the name before), T
    old: str  # the name before the commit ("" when added)
    new: str  # the name after it ("" when deleted)
    blob: str | None  # the text after it; None when deleted


class _Log:
    """The commits that changed files in one folder, newest first, read with one `git log`.
    Each file's versions are then found the way `git log --follow FILE` finds them: every commit
    of any branch whose own change touches the file (merges show none), and, where the file was
    renamed, its older name before that commit."""

    def __init__(self, commits: list[tuple[str, datetime, list[_Change]]]):
        self.commits = commits
        # A name -> the commits that touched it, newest first, each with the change that made
        # that name (None: the commit deleted it, or renamed it away).
        self.at: dict[str, tuple[list[int], list[_Change | None]]] = {}
        for number, (_, _, changes) in enumerate(commits):
            for change in changes:
                for name, made in ((change.new, change), (change.old, None)):
                    if not name:
                        continue
                    numbers, made_there = self.at.setdefault(name, ([], []))
                    if not numbers or numbers[-1] != number:
                        numbers.append(number)
                        made_there.append(made)
                    elif made is not None:
                        made_there[-1] = made

    @classmethod
    def read(cls, top: Path, folder: str) -> _Log | None:
        output = _git(
            top,
            "-c",
            "log.follow=false",
            "log",
            "-z",
            "--full-history",
            "--no-show-signature",
            "-M",
            "-l0",  # renames found however many files a commit moves, as --follow finds them
            "--raw",
            "--no-abbrev",
            "--format=%x01%H %ct",
            "--",
            folder or ".",
            strip=False,
        )
        if output is None:
            return None
        commits: list[tuple[str, datetime, list[_Change]]] = []
        fields = iter(output.split("\0"))
        for field in fields:
            field = field.lstrip("\n")
            if field.startswith("\x01"):
                commit, stamp = field[1:].split()
                commits.append((commit, datetime.fromtimestamp(int(stamp), UTC), []))
            elif field.startswith(":") and commits:
                *_, blob, status = field.split()
                letter = status[:1]
                if letter in "RC":
                    old, new = next(fields), next(fields)
                elif letter == "D":
                    old, new = next(fields), ""
                elif letter == "A":
                    old, new = "", next(fields)
                else:
                    old = new = next(fields)
                gone = letter == "D" or set(blob) == {"0"}
                commits[-1][2].append(_Change(letter, old, new, None if gone else blob))
        return cls([commit for commit in commits if commit[2]])

    def versions(self, name: str) -> list[Version]:
        """The file's versions, oldest first, following renames."""
        found: list[Version] = []
        number = 0
        while True:
            numbers, made_there = self.at.get(name, ([], []))
            index = bisect_left(numbers, number)
            if index == len(numbers):
                return found[::-1]
            number, made = numbers[index], made_there[index]
            commit, time, _ = self.commits[number]
            # Deleted, or renamed away (made is None): git log --follow shows the deletion.
            found.append(Version(commit, time, name, made.blob if made is not None else None))
            if made is not None and made.status == "R":
                name = made.old
            number += 1


class _Texts:
    """Texts of files by their git object name, from one `git cat-file --batch` asked one at a
    time (a hub's every version would not fit in memory), decoded as _git() decodes."""

    def __init__(self, top: Path):
        self.top = top
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> _Texts:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.communicate()  # closes its input, which ends it, and its output

    def text(self, blob: str) -> str | None:
        if self.process is None:
            try:
                self.process = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.top,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError:
                return None
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(blob.encode() + b"\n")
            self.process.stdin.flush()
            header = self.process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                return None
            data = self.process.stdout.read(int(header[2]) + 1)[:-1]
        except (OSError, ValueError):
            return None
        return _decoded(data)


def _record(versions: list[Version], texts: _Texts, fingerprint: Fingerprint) -> Record:
    """Count schedule changes along the versions; a change of calendar identity (a renamed file
    without a pinned uid is a new event to calendar apps) starts the count again."""
    first, sequence, previous = versions[0].time, 0, None
    for version in versions if len(versions) > 1 else ():  # one version: nothing to count
        text = texts.text(version.blob) if version.blob is not None else None
        current = fingerprint(version.path, text) if text is not None else None
        if current is None:
            continue
        if previous is not None and current[0] != previous[0]:
            first, sequence = version.time, 0
        elif previous is not None and current[1] != previous[1]:
            sequence += 1
        previous = current
    return Record(first, versions[-1].time, sequence)


def _decoded(data: bytes) -> str:
    """Bytes from git as subprocess's text mode reads them: UTF-8, universal newlines."""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def _git(folder: Path, *arguments: str, strip: bool = True) -> str | None:
    try:
        result = subprocess.run(
            ["git", *arguments],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() if strip else result.stdout
