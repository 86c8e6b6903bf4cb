"""Remember finished work by a hash of everything it was made from: in memory for repeated builds in
one process (`serve`), and on disk in .bulletin-cache/ between builds. Decides nothing about content:
a miss, or a cache that cannot be read or written, only means the work is done again.

A key is the SHA-256 of the repr() of the work's inputs plus CODE, the generator's own source and
the versions of the libraries that shape its output, so a new Bulletin or a new Markdown never
reuses old results. Callers must pass every input; repr() of the models is deterministic (frozen
dataclasses of text, numbers, dates, tuples and dicts in file order; no sets).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import zlib
from importlib import metadata
from pathlib import Path

from generator import __version__

FOLDER = ".bulletin-cache"
LIBRARIES = (
    "Jinja2",
    "Markdown",
    "nh3",
    "icalendar",
    "PyYAML",
    "python-dateutil",
    "tzdata",
    "MarkupSafe",
    "imagesize",
)


def _code() -> str:
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
    package = Path(__file__).resolve().parents[1]  # generator/, with every sub-package
    for path in sorted(package.rglob("*.py")):
        digest.update(
            path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none\0".encode())
    return digest.hexdigest()


CODE = _code()


def key(kind: str, *inputs) -> str:
    """The key of one piece of work of `kind` made from `inputs` (anything with a stable repr)."""
    return kind + ":" + hashlib.sha256(f"{CODE}\0{inputs!r}".encode()).hexdigest()


def folder_for(content: Path) -> Path | None:
    """The default cache folder: .bulletin-cache/ at the top of the git repository holding the
    content (where the publishing workflow keeps it between runs); None outside a repository."""
    folder = content.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate / FOLDER
    return None


class Cache:
    """get/put bytes by key. One SQLite file per content folder (named by a hash of its path), so
    two hubs built from one repository do not push each other's work out. Entries not used by a build are dropped when it finishes, so neither
    the memory nor the disk copy grows beyond one site's worth."""

    def __init__(self, folder: Path | None, content: Path):
        self.folder = folder
        self.file = (
            (
                folder
                / (hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:16] + ".sqlite3")
            )
            if folder is not None
            else None
        )
        self.memory: dict[str, bytes] = {}  # compressed; only when there is no folder
        self.used: set[str] = set()
        self.new: dict[str, bytes] = {}
        self.hits = self.misses = 0
        self.last = (0, 0)
        self._child = False
        self._db: sqlite3.Connection | None = None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.file, timeout=10, isolation_level=None)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS work (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
                )
                gitignore = folder / ".gitignore"
                if not gitignore.exists():
                    gitignore.write_text("# Bulletin's build cache: safe to delete.\n*\n")
            except (OSError, sqlite3.Error):
                self._db = None  # a read-only checkout or a locked file: build without it

    def get(self, work_key: str) -> bytes | None:
        self.used.add(work_key)
        stored = self.memory.get(work_key)
        if stored is None and self._db is not None:
            try:
                row = self._db.execute(
                    "SELECT value FROM work WHERE key = ?", (work_key,)
                ).fetchone()
            except sqlite3.Error:
                row = None
            stored = row[0] if row is not None else None
        value = None
        if stored is not None:
            try:
                value = zlib.decompress(stored)
            except zlib.error:
                value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, work_key: str, value: bytes) -> None:
        self.used.add(work_key)
        stored = zlib.compress(value, 1)
        if self._db is None:  # on disk, SQLite's own page cache is enough
            self.memory[work_key] = stored
        self.new[work_key] = stored
        if self._db is not None and len(self.new) >= FLUSH_EVERY and not self._child:
            self._save()

    def in_child(self) -> None:
        """In a forked worker: a connection of its own (SQLite's may not cross a fork; the
        inherited one is kept, unused and unclosed) and nothing new yet."""
        self._child = True  # the parent saves what a worker hands back
        _INHERITED.append(self._db)
        if self._db is not None:
            try:
                self._db = sqlite3.connect(self.file, timeout=10, isolation_level=None)
            except sqlite3.Error:
                self._db = None
                self.memory = {}
        self.new, self.used = {}, set()

    def take(self) -> tuple[dict[str, bytes], set[str]]:
        """A worker's new entries and used keys, for the parent's absorb()."""
        new, used = self.new, self.used
        self.new, self.used = {}, set()
        return new, used

    def absorb(self, new: dict[str, bytes], used: set[str]) -> None:
        self.used |= used
        self.used |= set(new)
        if self._db is None:
            self.memory.update(new)
        self.new.update(new)
        if self._db is not None and len(self.new) >= FLUSH_EVERY:
            self._save()

    def _save(self) -> None:
        """Write what is new so far (a big hub's new work would not fit in memory otherwise)."""
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "INSERT OR REPLACE INTO work (key, value) VALUES (?, ?)", self.new.items()
                )
        except sqlite3.Error:
            pass
        self.new = {}

    def finish(self, prune: bool = True) -> None:
        """Keep only what this build used (everything, unless `prune`); save what it made."""
        if prune:
            self.memory = {k: v for k, v in self.memory.items() if k in self.used}
        if self._db is not None and (self.new or self.used):
            self._save()
            try:
                with self._db:
                    self._db.execute("BEGIN")
                    count = self._db.execute("SELECT count(*) FROM work").fetchone()[0]
                    if prune and count > len(self.used) * 1.25 + 100:
                        self._db.execute(
                            "CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)"
                        )
                        self._db.execute("DELETE FROM used")
                        self._db.executemany(
                            "INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used)
                        )
                        self._db.execute("DELETE FROM work WHERE key NOT IN (SELECT key FROM used)")
            except sqlite3.Error:
                pass
        self.last = (self.hits, self.misses)  # for tests and the benchmark
        self.new = {}
        self.used = set()
        self.hits = self.misses = 0


FLUSH_EVERY = 2000  # new entries kept in memory before they are written
_OPEN: dict[tuple[Path | None, Path], Cache] = {}
_INHERITED: list = []


def cache_for(folder: Path | None, content: Path) -> Cache:
    """One Cache per folder and content folder per process, so a second build() in the same
    process (serve) finds the first one's work."""
    where = (folder.resolve() if folder is not None else None, content.resolve())
    if where not in _OPEN:
        _OPEN[where] = Cache(*where)
    return _OPEN[where]
