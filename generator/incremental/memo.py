"""Whether a build would write exactly what the output folder already holds. A build that
succeeded leaves a note in the cache: a hash of every input (the content and templates folders'
files, the options, "now", the git commit the history comes from, Bulletin's own code) and the
size, time and identity of every file it left in the output folder. A later build whose inputs hash
the same, into a folder that still holds exactly those files, has nothing to do. Reads files and
git; writes nothing itself (the note goes into the cache)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.incremental.cache import Cache, Typed
from generator.incremental.cache import key as cache_key
from generator.problems import Problem

State = dict[str, tuple[int, int, int]]  # path in the site -> (size, modified ns, inode)


@dataclass(frozen=True)
class Note:
    inputs: str
    state: State
    problems: list[Problem]  # warnings, shown again by a build that has nothing to do
    written: int
    files: int  # content files read


NOTES = Typed(Note, Problem)


class Memo:
    def __init__(
        self,
        cache: Cache,
        content: Path,
        templates: Path,
        out: Path,
        options: tuple[object, ...],
        history: bool,
    ):
        """`options`: everything else the output depends on, "now" included; `history`: whether
        the build reads git history (then the commit is an input too)."""
        self.cache, self.out = cache, out
        # One note per output folder: the folder's own path, not where it points (each build
        # links it to a new folder).
        site = Path(os.path.abspath(out))
        self.place = str(site.parent.resolve() / site.name)
        self.inputs = _inputs(content, templates, out, options, history)

    def recall(self) -> Note | None:
        """The last build's note, if this build would write exactly what the folder holds."""
        found, note = self.cache.recall("memo", (self.place,), NOTES)
        if (
            not found
            or not isinstance(note, Note)
            or note.inputs != self.inputs
            or note.state != outputs(self.out)
        ):
            return None
        return note

    def remember(self, problems: list[Problem], written: int, files: int) -> None:
        note = Note(self.inputs, outputs(self.out), problems, written, files)
        self.cache.keep("memo", (self.place,), note, NOTES)


def outputs(out: Path) -> State:
    """Every file in the output folder, with what changes when anything rewrites it."""
    state: State = {}
    top = str(out)
    for root, folders, files in os.walk(top):
        folders.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            info = os.lstat(path)
            state[os.path.relpath(path, top)] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return state


def _inputs(
    content: Path, templates: Path, out: Path, options: tuple[object, ...], history: bool
) -> str:
    digest = hashlib.sha256(repr(options).encode())
    skip = {out.resolve()}
    for label, folder in (("content", content), ("templates", templates)):
        folder = folder.resolve()
        for root, folders, files in os.walk(folder):
            # Hidden folders (the cache, .git) are never read by a build; neither is the output.
            folders[:] = sorted(
                f for f in folders if not f.startswith(".") and Path(root, f) not in skip
            )
            for name in sorted(files):
                path = os.path.join(root, name)
                digest.update(f"\0{label}\0{os.path.relpath(path, folder)}\0".encode())
                try:
                    if not stat.S_ISREG(os.lstat(path).st_mode):  # a link or a pipe: never read
                        raise OSError(path)
                    with open(path, "rb") as file:
                        digest.update(file.read())
                except OSError:
                    digest.update(b"\0unreadable")
    if history:
        digest.update(b"\0git\0" + _commit(content))
    return cache_key("inputs", digest.hexdigest())  # with Bulletin's own code and libraries


def _commit(content: Path) -> bytes:
    """The commit the history is read from (the history is part of what is published)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=content, capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return b"none"
    return done.stdout.strip() if done.returncode == 0 else b"none"
