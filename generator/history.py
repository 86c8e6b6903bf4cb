"""When each content file last changed, and how often an event's time, place or status changed,
read from the repository's git history. Reads git; writes nothing.

Calendar apps need a DTSTAMP that stays put while an event is unchanged (so feeds are byte-identical
from build to build) and a SEQUENCE that grows when the time, place or status changes (so an update
replaces the old copy). Both come from the commits that touched the event's file. Without git
history (a downloaded copy, or a shallow clone: the Pages workflow must fetch the full history),
every event gets SEQUENCE 0 and the build's "now" as its DTSTAMP.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Record:
    first: datetime      # first commit of the file: when the event was announced
    changed: datetime    # last commit of the file
    sequence: int        # how many times the schedule fingerprint changed


class History:
    def __init__(self, records: dict[str, Record] | None = None):
        self.records = records or {}

    def of(self, src_path: str) -> Record | None:
        return self.records.get(src_path)

    @classmethod
    def from_git(cls, paths: dict[str, Path], fingerprint: Callable[[str, str], object]) -> "History":
        """`paths` maps each src_path to its file; `fingerprint(src_path, text)` reduces one version
        of a file to what a calendar app must hear about (None for a version that does not load)."""
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
            log = _git(top, "log", "--format=%H %ct", "--", relative)
            if not log:
                continue
            commits = [line.split() for line in log.splitlines()][::-1]   # oldest first
            times = [datetime.fromtimestamp(int(ct), timezone.utc) for _, ct in commits]
            sequence = 0
            previous = None
            for commit, _ in commits:
                text = _git(top, "show", f"{commit}:{relative}", strip=False)
                current = fingerprint(src_path, text) if text is not None else None
                if current is None:
                    continue
                if previous is not None and current != previous:
                    sequence += 1
                previous = current
            records[src_path] = Record(times[0], times[-1], sequence)
        return cls(records)


def _git(folder: Path, *arguments: str, strip: bool = True) -> str | None:
    try:
        result = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True,
                                encoding="utf-8", errors="replace", check=False)
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() if strip else result.stdout
