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

import subprocess
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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


class History:
    def __init__(self, records: dict[str, Record] | None = None):
        self.records = records or {}

    def of(self, src_path: str) -> Record | None:
        return self.records.get(src_path)

    @classmethod
    def from_git(cls, paths: dict[str, Path], fingerprint: Fingerprint) -> History:
        """`paths` maps each src_path to its file; `fingerprint(path, text)` reduces one version
        of a file to (identity, schedule), or None for a version that does not load."""
        if not paths:
            return cls()
        folder = next(iter(paths.values())).parent
        root = _git(folder, "rev-parse", "--show-toplevel")
        if root is None or _git(folder, "rev-parse", "--is-shallow-repository") == "true":
            return cls()
        top = Path(root)
        records = {}
        for src_path, path in paths.items():
            relative = path.resolve().relative_to(top.resolve()).as_posix()
            record = _record(top, _versions(top, relative), fingerprint)
            if record is not None:
                records[src_path] = record
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
    return {(top / name).resolve(): when for name, when in added.items()}


def _versions(top: Path, relative: str) -> list[Version]:
    """The commits that touched the file, oldest first, following renames."""
    log = _git(
        top, "log", "--follow", "--name-only", "--format=%x00%H %ct", "--", relative, strip=False
    )
    versions = []
    path = relative
    for entry in (log or "").split("\0")[1:]:
        lines = [line for line in entry.splitlines() if line]
        commit, stamp = lines[0].split()
        path = lines[-1] if len(lines) > 1 else path  # a merge lists no file: keep the newer name
        versions.append(Version(commit, datetime.fromtimestamp(int(stamp), UTC), path))
    return versions[::-1]


def _record(top: Path, versions: list[Version], fingerprint: Fingerprint) -> Record | None:
    """Count schedule changes along the versions; a change of calendar identity (a renamed file
    without a pinned uid is a new event to calendar apps) starts the count again."""
    if not versions:
        return None
    first, sequence, previous = versions[0].time, 0, None
    for version in versions:
        text = _git(top, "show", f"{version.commit}:{version.path}", strip=False)
        current = fingerprint(version.path, text) if text is not None else None
        if current is None:
            continue
        if previous is not None and current[0] != previous[0]:
            first, sequence = version.time, 0
        elif previous is not None and current[1] != previous[1]:
            sequence += 1
        previous = current
    return Record(first, versions[-1].time, sequence)


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
