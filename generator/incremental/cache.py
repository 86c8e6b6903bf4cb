"""Reuse finished work: the one mechanism, `cached(kind, inputs, make, store)`. Decides nothing about
content: a miss, or a store that cannot be read or written, only means the work is done again.

THE RULE. `inputs` holds everything `make()` reads besides Bulletin's own code and the libraries
that shape its output (those are in every key: see CODE): the same inputs must always make the same
value. Each input is a value whose repr() is deterministic and shows all of its content: text,
numbers, True/False/None, dates, times and time zones, tuples, lists and dicts of these in a fixed
order (sorted, or in file order; never a set), frozen dataclasses of these (the models), or the
key() of other such inputs (to hash a large shared input once). Never an object with an identity
(its repr shows an address) and never something read from outside make()'s inputs at run time.
Only a Memory that belongs to one object may leave out what is fixed for that object's life (a
renderer's Memory is keyed by an event's slug: its hub and "now" do not change).

Where the value is kept (`store`):
- `Cache`: a build's cache, between builds. In memory for repeated builds in one process (`serve`)
  and on disk in .bulletin-cache/ (SQLite). Values are encoded by a Codec into bytes that are data,
  never code (no pickle), and each entry carries an HMAC made with a key that never lives in the
  repository (KEY_FILE), so a cache folder that was not written by this machine's builds (one
  committed to the repository, say) is never believed. A cache folder tracked by git is not opened.
  Entries not used by a build are dropped when it finishes.
- `Memory`: this process's memory, for quick work repeated within a build or between builds in
  one process (Markdown conversions, time zones, recurrence rules); values kept as they are,
  at most `size` of them (the most recently used).
- None: nothing is kept; make() runs every time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import zlib
from collections.abc import Callable, Hashable
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import wraps
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from generator import __version__

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

FOLDER = ".bulletin-cache"
LIBRARIES = (
    "Jinja2",
    "Markdown",
    "nh3",
    "icalendar",
    "PyYAML",
    "python-frontmatter",
    "python-dateutil",
    "tzdata",
    "MarkupSafe",
    "imagesize",
    "segno",
    "pagefind-bin",
)
FLUSH_EVERY = 2000  # new entries kept in memory before they are written


def code_fingerprint(package: Path) -> str:
    """A hash of every module of the package at `package` (all sub-packages), Python's version and
    the libraries' versions: any change to any of them gives another fingerprint."""
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
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


CODE = code_fingerprint(Path(__file__).resolve().parents[1])  # generator/, every sub-package


def key(kind: str, *inputs: Any) -> str:
    """The key of one piece of work of `kind` made from `inputs` (see THE RULE above)."""
    return kind + ":" + hashlib.sha256(f"{CODE}\0{inputs!r}".encode()).hexdigest()


# -- codecs: what a Cache keeps on disk is data ---------------------------------------------------


class Codec(Generic[T]):
    """Turns a value into bytes and back. decode() raises ValueError (or TypeError, KeyError) for
    bytes it does not understand, which the cache treats as a miss."""

    def encode(self, value: T) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> T:
        raise NotImplementedError


class _Bytes(Codec[bytes]):
    def encode(self, value: bytes) -> bytes:
        return value

    def decode(self, data: bytes) -> bytes:
        return data


class _Text(Codec[str]):
    def encode(self, value: str) -> bytes:
        return value.encode("utf-8")

    def decode(self, data: bytes) -> str:
        return data.decode("utf-8")


BYTES: Codec[bytes] = _Bytes()
TEXT: Codec[str] = _Text()


class Typed(Codec[Any]):
    """JSON for plain values and for the frozen dataclasses named when it is made (and only
    those): tuples, dicts with any keys, dates, times, durations and time zones keep their types,
    so a decoded value equals the encoded one and has the same repr()."""

    def __init__(self, *types: type):
        self.types = {kind.__name__: kind for kind in types}

    def encode(self, value: Any) -> bytes:
        return json.dumps(self._plain(value), ensure_ascii=False, separators=(",", ":")).encode()

    def decode(self, data: bytes) -> Any:
        return self._value(json.loads(data))

    def _plain(self, value: Any) -> Any:
        if value is None or isinstance(value, bool | str):
            return value
        if type(value) is int:
            return value
        if type(value) is float:
            return {"float": repr(value)}
        if isinstance(value, list):
            return [self._plain(item) for item in value]
        if isinstance(value, tuple):
            return {"tuple": [self._plain(item) for item in value]}
        if isinstance(value, dict):
            return {"dict": [[self._plain(k), self._plain(v)] for k, v in value.items()]}
        if isinstance(value, datetime):
            return {"datetime": value.replace(tzinfo=None).isoformat(), "fold": value.fold,
                    "tz": self._plain(value.tzinfo)}  # fmt: skip
        if isinstance(value, date):
            return {"date": value.isoformat()}
        if isinstance(value, time) and value.tzinfo is None:
            return {"time": value.isoformat()}
        if isinstance(value, timedelta):
            return {"timedelta": [value.days, value.seconds, value.microseconds]}
        if isinstance(value, ZoneInfo) and value.key:
            return {"zone": value.key}
        if isinstance(value, timezone):
            return {"offset": self._plain(value.utcoffset(None))}
        kind = type(value).__name__
        if is_dataclass(value) and self.types.get(kind) is type(value):
            return {"type": kind, "fields": {f.name: self._plain(getattr(value, f.name))
                                             for f in fields(value)}}  # fmt: skip
        raise TypeError(f"the cache does not keep {type(value).__name__} values")

    def _value(self, plain: Any) -> Any:
        if not isinstance(plain, dict):
            if isinstance(plain, list):
                return [self._value(item) for item in plain]
            return plain
        [tag] = [name for name in plain if name not in ("fold", "tz", "fields")]
        data = plain[tag]
        if tag == "float":
            return float(data)
        if tag == "tuple":
            return tuple(self._value(item) for item in data)
        if tag == "dict":
            return {self._value(k): self._value(v) for k, v in data}
        if tag == "datetime":
            moment = datetime.fromisoformat(data).replace(fold=plain["fold"])
            return moment.replace(tzinfo=self._value(plain["tz"]))
        if tag == "date":
            return date.fromisoformat(data)
        if tag == "time":
            return time.fromisoformat(data)
        if tag == "timedelta":
            return timedelta(*data)
        if tag == "zone":
            return ZoneInfo(data)
        if tag == "offset":
            return timezone(self._value(data))
        if tag == "type":
            kind = self.types[data]  # only the types named: a KeyError for any other
            return kind(**{name: self._value(v) for name, v in plain["fields"].items()})
        raise ValueError(f"unknown tag {tag!r}")


# -- stores ---------------------------------------------------------------------------------------


class Memory:
    """Values kept in this process's memory as they are, by (kind, inputs): at most `size` of
    them, the most recently used (None: no limit, only for inputs from a small fixed set)."""

    def __init__(self, size: int | None = None):
        self.size = size
        self.values: dict[Hashable, Any] = {}

    def address(self, kind: str, inputs: tuple[Any, ...]) -> Hashable:
        return (kind, inputs)

    def recall(self, kind: str, inputs: tuple[Any, ...], codec: Codec[Any]) -> tuple[bool, Any]:
        return self.recall_at(self.address(kind, inputs), codec)

    def keep(self, kind: str, inputs: tuple[Any, ...], value: Any, codec: Codec[Any]) -> None:
        self.keep_at(self.address(kind, inputs), value, codec)

    def forget(self, kind: str, inputs: tuple[Any, ...]) -> None:
        self.values.pop(self.address(kind, inputs), None)

    def recall_at(self, address: Hashable, codec: Codec[Any]) -> tuple[bool, Any]:
        found = self.values.pop(address, _MISSING)
        if found is _MISSING:
            return False, None
        self.values[address] = found  # now the most recently used
        return True, found

    def keep_at(self, address: Hashable, value: Any, codec: Codec[Any]) -> None:
        self.values[address] = value
        if self.size is not None and len(self.values) > self.size:
            del self.values[next(iter(self.values))]


_MISSING = object()


def key_file() -> Path:
    """Where this machine keeps the key that signs its cache entries: outside any repository, in
    $XDG_CACHE_HOME/bulletin/ (~/.cache/bulletin/ by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bulletin" / "cache-key"


def _secret() -> bytes | None:
    """This machine's key, made on first use; None when it can be neither read nor made."""
    path = key_file()
    try:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}-{os.getpid()}-{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(32))
        try:
            os.link(draft, path)  # complete or not at all; a key made meanwhile is kept
        except FileExistsError:
            pass
        finally:
            draft.unlink()
        secret = path.read_bytes()
        return secret if len(secret) >= 32 else None
    except OSError:
        return None


def tracked_by_git(folder: Path) -> bool:
    """Whether git tracks any file in `folder`: a cache that came with the repository."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "--", "."],
            cwd=folder,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and bool(done.stdout.strip())


def folder_for(content: Path) -> Path:
    """The default cache folder: .bulletin-cache/ at the top of the git repository holding the
    content (where the publishing workflow keeps it between runs); outside a repository (a hub
    downloaded as a zip file, say), beside the content folder, so that every build there is not
    a first build. Never inside the content folder, whose every file is read as content."""
    folder = content.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate / FOLDER
    return folder.parent / FOLDER


class Cache:
    """A build's store (see the module's docstring). One SQLite file per content folder (named by
    a hash of its path), so two hubs built from one repository do not push each other's work out;
    no folder: memory only. Entries not used by a build are dropped when it finishes, so neither
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
        self.last = (0, 0)  # (hits, misses) of the last build that finished
        self._child = False
        self._db: sqlite3.Connection | None = None
        self._secret = _secret() if folder is not None else None
        if folder is not None and self._secret is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                if tracked_by_git(folder):  # it came with the repository: never believe it
                    return
                self._db = sqlite3.connect(self.file, timeout=10, isolation_level=None)  # type: ignore[arg-type]
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS work (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
                )
                gitignore = folder / ".gitignore"
                if not gitignore.exists():
                    gitignore.write_text("# Bulletin's build cache: safe to delete.\n*\n")
            except (OSError, sqlite3.Error):
                self._db = None  # a read-only checkout or a locked file: build without it

    def address(self, kind: str, inputs: tuple[Any, ...]) -> Hashable:
        return key(kind, *inputs)

    def recall(self, kind: str, inputs: tuple[Any, ...], codec: Codec[Any]) -> tuple[bool, Any]:
        return self.recall_at(self.address(kind, inputs), codec)

    def keep(self, kind: str, inputs: tuple[Any, ...], value: Any, codec: Codec[Any]) -> None:
        self.keep_at(self.address(kind, inputs), value, codec)

    def recall_at(self, address: Hashable, codec: Codec[Any]) -> tuple[bool, Any]:
        assert isinstance(address, str)
        data = self.get(address)
        if data is None:
            return False, None
        try:
            return True, codec.decode(data)
        except (ValueError, TypeError, KeyError):  # unreadable: made again
            self.hits, self.misses = self.hits - 1, self.misses + 1
            return False, None

    def keep_at(self, address: Hashable, value: Any, codec: Codec[Any]) -> None:
        assert isinstance(address, str)
        try:
            data = codec.encode(value)
        except (TypeError, ValueError):  # a value the codec does not know is not kept
            return
        self.put(address, data)

    def get(self, work_key: str) -> bytes | None:
        """The bytes kept under `work_key`, or None."""
        self.used.add(work_key)
        stored = self.memory.get(work_key)
        if stored is None and self._db is not None:
            try:
                row = self._db.execute(
                    "SELECT value FROM work WHERE key = ?", (work_key,)
                ).fetchone()
            except sqlite3.Error:
                row = None
            stored = self._verified(work_key, row[0]) if row is not None else None
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

    def _signature(self, work_key: str, stored: bytes) -> bytes:
        assert self._secret is not None
        return hmac.digest(self._secret, work_key.encode() + b"\0" + stored, "sha256")

    def _verified(self, work_key: str, row: object) -> bytes | None:
        """A disk entry's value when this machine's key signed it for this key; else None."""
        if not isinstance(row, bytes) or len(row) < 32:
            return None
        signature, stored = row[:32], row[32:]
        if not hmac.compare_digest(signature, self._signature(work_key, stored)):
            return None
        return stored

    def in_child(self) -> None:
        """In a forked worker: a connection of its own (SQLite's may not cross a fork; the
        inherited one is kept, unused and unclosed) and nothing new yet."""
        self._child = True  # the parent saves what a worker hands back
        _INHERITED.append(self._db)
        if self._db is not None:
            try:
                self._db = sqlite3.connect(self.file, timeout=10, isolation_level=None)  # type: ignore[arg-type]
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
        assert self._db is not None
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "INSERT OR REPLACE INTO work (key, value) VALUES (?, ?)",
                    ((k, self._signature(k, v) + v) for k, v in self.new.items()),
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
        self.last = (self.hits, self.misses)
        self.new = {}
        self.used = set()
        self.hits = self.misses = 0


Store = Cache | Memory
_INHERITED: list[sqlite3.Connection | None] = []


def cached(
    kind: str,
    inputs: tuple[Any, ...],
    make: Callable[[], T],
    store: Store | None,
    codec: Codec[Any] = BYTES,
) -> T:
    """The value `make()` makes from `inputs`, from `store` when it holds it (see THE RULE)."""
    if store is None:
        return make()
    address = store.address(kind, inputs)  # worked out once: make() may take what it needs
    found, value = store.recall_at(address, codec)
    if found:
        return value  # type: ignore[no-any-return]
    value = make()
    store.keep_at(address, value, codec)
    return value


def remembered(size: int | None) -> Callable[[F], F]:
    """A function of its arguments alone, its results kept in a Memory of `size` through
    cached(): the arguments are the inputs (so they follow THE RULE, and must be hashable)."""

    def wrap(function: F) -> F:
        memory = Memory(size)
        kind = function.__qualname__

        @wraps(function)
        def call(*arguments: Any) -> Any:
            return cached(kind, arguments, lambda: function(*arguments), memory)

        call.memory = memory  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap


_OPEN = Memory()  # this process's caches, by (folder, content folder)


def open_cache(folder: Path | None, content: Path) -> Cache:
    """One Cache per folder and content folder per process, so a second build() in the same
    process (serve) finds the first one's work."""
    where = (folder.resolve() if folder is not None else None, content.resolve())
    return cached("cache", where, lambda: Cache(*where), _OPEN)


def forget_open_caches() -> None:
    """Forget every cache this process has open, as a new process would start: only what is on
    disk remains."""
    _OPEN.values.clear()
