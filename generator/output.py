"""Write the built site. The only module that writes output.

The output folder (site/ unless --out says otherwise) is Bulletin's only if Bulletin made it:
`claim()` refuses a file, a folder that is or holds the content or templates folder, the top of a
git repository or a .git folder, and any folder with something in it that Bulletin did not write.
Every site carries the marker file MARKER, so a later build knows the folder is its own; a site
made before the marker existed is recognised by its files (`_older_site`).

Publishing is atomic: site/ is a symbolic link to a complete build in the hidden folder beside it,
`.site.bulletin/<id>/`. The folder also keeps the build before, which the next build brings up to
date as its staging folder (new and changed files written, unchanged ones hard links to the live
build's, so they keep their dates; files the site no longer has removed), then the link is replaced
with one rename(2), which a reader sees wholly before or wholly after. Making and deleting a whole
build each time would cost more than the rest of writing: thousands of folders. One build at a time
holds `.site.bulletin/lock`; a build killed at any moment leaves the old site or the new one, and
the next build removes what it left behind. Where the file system has no symbolic links, site/ is
a real folder swapped in by renameat2(RENAME_EXCHANGE) where the system has it, else by two renames
(not atomic; said in README.md).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import signal
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path, PurePosixPath

MARKER = ".bulletin-site"
MARKER_TEXT = (
    b"This folder is a site made by Bulletin (bulletin build). Every build replaces everything "
    b"in it, so keep nothing of your own here.\n"
)
STORE_SUFFIX = ".bulletin"  # site/ -> .site.bulletin/<id>/
LOCK = "lock"
# What a build made before MARKER existed: the files of an older site/ (one that holds only these,
# with SIGNATURE among them, is taken as Bulletin's and replaced).
SIGNATURE = (".nojekyll", "events.json", "feeds/all.ics")
OLDER_SITE = re.compile(
    r"\.nojekyll|404\.html|events\.json|feed\.xml|sitemap\.xml|robots\.txt"
    r"|([A-Za-z0-9][A-Za-z0-9-]*/)*index\.html"
    r"|events/[a-z0-9][a-z0-9-]*\.ics"
    r"|feeds/([a-z]+/)?[A-Za-z0-9][A-Za-z0-9-]*\.ics"
    r"|(assets|media)/[^/].*"
)
# A test hook: the build kills itself at this moment (tests/test_output.py), as a power cut or
# `kill -9` would: "staged:N" after N files are staged, "switch" just before the rename that
# publishes, "switched" just after it.
KILL_AT = "BULLETIN_TEST_KILL_AT"


class OutputRefused(Exception):
    """--out names a folder Bulletin must not write into; one line saying what to do
    (a command-line matter: exit status 2)."""


class OutputFailed(OSError):
    """The site could not be written (a full disk, a read-only folder); one line. The previous
    site is unchanged."""

    def __init__(self, code: int, message: str):
        super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def site_path(out: Path) -> Path:
    """The output folder's own path, absolute, without following the folder itself when it is
    Bulletin's link (each build points it somewhere new)."""
    absolute = Path(os.path.abspath(out))
    return absolute.parent.resolve() / absolute.name


def claim(out: Path, protected: Iterable[Path] = ()) -> None:
    """Raise OutputRefused unless `out` may hold the site: missing, empty, or made by Bulletin.
    `protected`: the content and templates folders (their repository's top is protected too).
    A quick look, before anything is read; write_site() looks again, in full, when it has the
    folder's lock."""
    _claim(out, protected, deep=False)


def write_site(
    outputs: Iterable[tuple[str, bytes]],
    out_dir: Path,
    changed: list[str] | None = None,
    guard: AbstractContextManager[object] | None = None,
    protected: Iterable[Path] = (),
    waiting: Callable[[str], None] | None = None,
) -> int:
    """Make `out_dir` hold exactly these files (and MARKER); returns how many there are.
    `changed`, if given, receives the paths whose bytes were new. `guard` is held while the new
    site is switched in. `waiting` is told, once, when another build holds the folder's lock
    (this one waits for it). Raises OutputRefused or OutputFailed (see above)."""
    protected = list(protected)
    _claim(out_dir, protected, deep=False)
    site = site_path(out_dir)
    store = site.parent / f".{site.name}{STORE_SUFFIX}"
    try:
        with _locked(store, waiting):
            live = _claim(out_dir, protected)  # again, now that no other build can change it
            _remove_leftovers(site, store, live)
            return _publish(outputs, site, store, live, changed, guard)
    except OSError as error:
        if isinstance(error, OutputFailed):
            raise
        raise _failed(out_dir, error) from error


def _publish(
    outputs: Iterable[tuple[str, bytes]],
    site: Path,
    store: Path,
    live: Path | None,
    changed: list[str] | None,
    guard: AbstractContextManager[object] | None,
) -> int:
    spare = _spare(store, live)
    staging = spare if spare is not None else store / f"{os.getpid()}-{os.urandom(4).hex()}"
    staging.mkdir(exist_ok=True)
    seen: set[str] = set()
    claimed: set[str] = set()  # folders of the site
    staged: list[str] = []
    folders = {str(staging)}
    # Plain strings and one lstat per file: with pathlib this loop took as long as the rest.
    staging_path, live_path = str(staging), str(live) if live is not None else None
    kill_at = os.environ.get(KILL_AT, "")
    try:
        for out_path, data in _with_marker(outputs):
            _check(out_path, seen, claimed)
            seen.add(out_path)
            target = os.path.join(staging_path, out_path)
            there = _make_room(target, folders)
            source = os.path.join(live_path, out_path) if live_path is not None else None
            live_file = _same(source, data) if source is not None else None
            if live_file is not None:
                if there is None or not os.path.samestat(live_file, there):
                    _put(target, source=source)  # the live file itself: it keeps its date
            else:
                if out_path != MARKER:
                    staged.append(out_path)
                if _same(target, data, there) is None:
                    _put(target, data=data)
            if kill_at == f"staged:{len(seen)}":
                _die()
        _remove_others(staging, seen)
        with guard or nullcontext():
            _switch(site, store, staging, kill_at)
    except BaseException:
        if spare is None:  # a folder this build made; a spare stays one for the next build
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if changed is not None:
        changed.extend(staged)
    return len(seen) - 1  # the marker is not one of the site's files


def _with_marker(outputs: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    yield from outputs
    yield MARKER, MARKER_TEXT


def _switch(site: Path, store: Path, staging: Path, kill_at: str) -> None:
    """Make `site` show `staging` in one step. The folder it showed before stays in `store`: the
    next build brings it up to date and switches back to it (deleting and making again thousands
    of folders on every build took longer than the whole rest of writing)."""
    link: Path | None = store / f"link-{staging.name}"
    try:
        os.symlink(f"{store.name}/{staging.name}", store / f"link-{staging.name}")
    except OSError:
        link = None  # no symbolic links here: `site` becomes the staging folder itself
    if kill_at == "switch":
        _die()
    if link is not None and (site.is_symlink() or not os.path.lexists(site)):
        os.replace(link, site)  # the publish: one rename(2)
    elif not os.path.lexists(site):
        os.rename(staging, site)
    else:  # a real folder (an older site, an empty folder, or no symbolic links): swap it out
        incoming = link if link is not None else staging
        kept = store / f"{os.getpid()}-{os.urandom(4).hex()}"
        if _exchange(incoming, site):
            os.rename(incoming, kept)  # the old folder, now under the incoming name
        else:
            os.rename(site, kept)
            os.rename(incoming, site)
    if kill_at == "switched":
        _die()


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2 with RENAME_EXCHANGE); False where the
    system or the file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


# --- whose folder it is -------------------------------------------------------------------------


def _claim(out: Path, protected: Iterable[Path], deep: bool = True) -> Path | None:
    """The folder the site is in now (None when there is none yet); OutputRefused if `out` is not
    Bulletin's to replace. `deep`: look for a git repository in every folder of the site, not
    only at its top."""
    shown = out.as_posix()
    site = site_path(out)
    store = site.parent / f".{site.name}{STORE_SUFFIX}"
    instead = "" if site.name == "site" else ", e.g. --out site"
    if not site.name or site == Path(site.anchor):
        raise OutputRefused(f"--out {shown} is the top of the disk; give a folder{instead}")
    if ".git" in site.parts:
        raise OutputRefused(
            f"--out {shown} is a .git folder or inside one, which git keeps for itself; give "
            f"another folder{instead}"
        )
    if os.path.lexists(store) and not _ours(store):
        raise OutputRefused(
            f"--out {shown}: {store.name} beside it was not made by Bulletin, which keeps its "
            f"builds there; move it away or give another folder with --out"
        )
    live = _linked(site, store)
    # Bulletin's link into its own builds folder is Bulletin's, even when what it points to was
    # emptied (`rm -rf site/` follows the link) or is gone.
    if site.is_symlink() and (
        live is None
        or not os.path.lexists(store / LOCK)
        or (os.path.lexists(live) and not live.is_dir())
    ):
        raise OutputRefused(
            f"--out {shown} is a symbolic link that Bulletin did not make; remove the link or "
            f"give another folder with --out"
        )
    if live is not None and not os.path.lexists(live):
        live = None  # Bulletin's link, to a build that is gone: nothing to keep
    if os.path.lexists(site) and not site.is_dir():
        raise OutputRefused(
            f"--out {shown} is a file, not a folder; give the folder the site goes in{instead}"
        )
    real = site.resolve()
    places = _protected(protected)
    for folder, what in places:
        if real == folder:
            raise OutputRefused(
                f"--out {shown} is {what}; the site goes in a folder of its own{instead}"
            )
    for folder, what in places:
        if real in folder.parents:
            raise OutputRefused(
                f"--out {shown} holds {what} ({_relative(folder)}); the site goes in a folder of "
                f"its own{instead}"
            )
    for folder, what in places:
        if folder in real.parents and what != "the top of the git repository":
            raise OutputRefused(
                f"--out {shown} is inside {what}, which the build reads; give a folder outside "
                f"it{instead}"
            )
    if site.is_symlink() and live is None:
        return None
    if not site.is_dir():
        return None
    folder = live if live is not None else site
    repository = (
        _find_git(folder) if deep else (".git" if os.path.lexists(folder / ".git") else None)
    )
    if repository is not None:
        raise OutputRefused(
            f"--out {shown} holds a git repository ({shown}/{repository}); Bulletin replaces "
            f"everything in its output folder, so move the repository away or give another "
            f"folder with --out"
        )
    if live is not None or _marked(site):
        return folder
    why = _older_site(site, shown)
    if why is not None:
        raise OutputRefused(
            f"--out {shown} is a folder that Bulletin did not make ({why}), so nothing was built: "
            f"Bulletin replaces everything in its output folder. Move what you want to keep out "
            f"of {shown} and delete it, or give a new or empty folder with --out"
        )
    return site


def _protected(protected: Iterable[Path]) -> list[tuple[Path, str]]:
    """The folders the site must not be, hold or be inside: the repository's top first."""
    folders, tops = [], set()
    for folder, what in zip(
        protected, ("the content folder", "the templates folder"), strict=False
    ):
        resolved = folder.resolve()
        folders.append((resolved, what))
        for candidate in (resolved, *resolved.parents):
            if os.path.lexists(candidate / ".git"):
                tops.add(candidate)
                break
    return [(top, "the top of the git repository") for top in sorted(tops)] + folders


def _relative(folder: Path) -> str:
    try:
        return folder.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return folder.as_posix()


def _linked(site: Path, store: Path) -> Path | None:
    """The build `site` names, when it is a link of the shape Bulletin makes (into `store`)."""
    if not site.is_symlink():
        return None
    parts = PurePosixPath(os.readlink(site)).parts
    if len(parts) != 2 or parts[0] != store.name or parts[1] in (".", "..", LOCK):
        return None
    folder = store / parts[1]
    return None if folder.is_symlink() else folder


def _ours(store: Path) -> bool:
    """Whether the builds folder beside the site is Bulletin's: it always holds the lock file."""
    if store.is_symlink() or not store.is_dir():
        return False
    return (store / LOCK).is_file() or not any(store.iterdir())


def _marked(folder: Path) -> bool:
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with open(marker, "rb") as file:
            return file.read(len(MARKER_TEXT) + 1) == MARKER_TEXT
    except OSError:
        return False


def _find_git(folder: Path) -> str | None:
    for root, folders, files in os.walk(folder):
        if ".git" in folders or ".git" in files:
            return Path(root, ".git").relative_to(folder).as_posix()
    return None


def _older_site(folder: Path, shown: str) -> str | None:
    """None when `folder` is empty or holds only what an older Bulletin build made; else why not."""
    found = set()
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files) + [f for f in folders if Path(root, f).is_symlink()]:
            path = Path(root, name)
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink() or not OLDER_SITE.fullmatch(relative):
                return f"{shown}/{relative} is not Bulletin's"
            found.add(relative)
    missing = [name for name in SIGNATURE if name not in found]
    if found and missing:
        return f"it has no {missing[0]}, which every Bulletin site has"
    return None


# --- one build at a time, and what killed builds left ---------------------------------------


@contextmanager
def _locked(store: Path, waiting: Callable[[str], None] | None) -> Iterator[None]:
    """Hold the builds folder's lock. A build that leaves no site behind (the first build
    failed) removes the lock file and the folder; a build that was waiting on that file finds it
    gone once it has the lock, and locks a new one."""
    import fcntl

    told = False
    while True:
        try:
            store.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(store / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except FileNotFoundError:
            continue  # the folder was removed just now by a build that published nothing
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip()
                if waiting is not None and not told:
                    waiting(f"process {holder}" if holder.isdigit() else "another process")
                    told = True
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            held = os.fstat(descriptor)
            try:
                current = os.stat(store / LOCK, follow_symlinks=False)
            except FileNotFoundError:
                continue
            if (current.st_dev, current.st_ino) != (held.st_dev, held.st_ino):
                continue  # not the lock file any more: lock the one that is
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
            try:
                yield
            finally:
                if [entry.name for entry in store.iterdir()] == [LOCK]:
                    os.unlink(store / LOCK)  # nothing was published: leave nothing behind
                    try:
                        os.rmdir(store)
                    except OSError:
                        pass  # a waiting build has just made its own lock file here
            return
        finally:
            os.close(descriptor)  # closing releases the lock; so does the process dying


def _spare(store: Path, live: Path | None) -> Path | None:
    """The earlier build kept in `store` to be brought up to date, if there is one."""
    for entry in store.iterdir():
        if entry.name != LOCK and entry != live and entry.is_dir() and not entry.is_symlink():
            return entry
    return None


def _remove_leftovers(site: Path, store: Path, live: Path | None) -> None:
    """The builds folder keeps the lock, the live build and one earlier build (the next staging
    folder, whatever state a killed build left it in); anything else was left by a killed build.
    So were the staging folders of Bulletin's earlier versions beside the site."""
    kept = False
    for entry in sorted(store.iterdir(), key=lambda entry: entry.name):
        if entry.name == LOCK or (live is not None and entry == live):
            continue
        if entry.is_dir() and not entry.is_symlink():
            if not kept and not entry.name.startswith("link-"):
                kept = True
                continue
            shutil.rmtree(entry)
        else:
            entry.unlink()
    earlier = re.compile(re.escape(f".{site.name}.") + r"(new|old)-[0-9]+")
    for entry in site.parent.iterdir():
        if earlier.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)


# --- files --------------------------------------------------------------------------------------


def _check(out_path: str, seen: set[str], folders: set[str]) -> None:
    parts = out_path.split("/")
    if not out_path or out_path.startswith("/") or ".." in parts or "\\" in out_path:
        raise ValueError(f"refusing to write outside the site: {out_path!r}")
    if out_path in seen:
        raise ValueError(f"two outputs claim {out_path!r}")
    above = ["/".join(parts[:end]) for end in range(1, len(parts))]
    if out_path in folders or any(folder in seen for folder in above):
        raise NotADirectoryError(
            errno.ENOTDIR, f"{out_path!r} would be both a file and a folder", out_path
        )
    folders.update(above)


def _same(path: str, data: bytes, info: os.stat_result | None = None) -> os.stat_result | None:
    """The file's lstat when `path` is a regular file holding exactly `data`, else None. `info`:
    its lstat, when the caller has it."""
    try:
        info = info if info is not None else os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return None
        with open(path, "rb") as file:
            return info if file.read() == data else None
    except OSError:
        return None


def _make_room(target: str, folders: set[str]) -> os.stat_result | None:
    """Folders for `target`, where an earlier build may have had a file (or the reverse); returns
    the lstat of what is at `target` now, if anything."""
    parent = os.path.dirname(target)
    if parent not in folders:
        missing = []
        while parent not in folders:
            missing.append(parent)
            parent = os.path.dirname(parent)
        for folder in reversed(missing):
            try:
                if not stat.S_ISDIR(os.lstat(folder).st_mode):
                    os.unlink(folder)
                    os.mkdir(folder)
            except FileNotFoundError:
                os.mkdir(folder)
            folders.add(folder)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(target)
        return None
    return info


def _put(target: str, data: bytes | None = None, source: str | None = None) -> None:
    """Replace `target` in one step with `data`, or with the same file as `source` (a hard link:
    it keeps its date; a copy with its date where the file system has no hard links). Never
    writes into the file that is there: it may be the live site's file too."""
    # A short name of its own: the site's names may be as long as a file name may be.
    temporary = os.path.join(os.path.dirname(target), ".bulletin-part")
    if os.path.lexists(temporary):
        os.unlink(temporary)
    if source is not None:
        try:
            os.link(source, temporary)
        except OSError as error:
            if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise
            shutil.copy2(source, temporary)
    else:
        assert data is not None  # the new bytes, or the live file to link to
        with open(temporary, "xb") as file:
            file.write(data)
    os.replace(temporary, target)


def _remove_others(folder: Path, keep: set[str]) -> None:
    """Remove what an earlier build left in the staging folder that this one does not make."""
    top = str(folder)
    for root, folders, files in os.walk(top, topdown=False):
        relative = os.path.relpath(root, top)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in files:
            if prefix + name not in keep:
                os.unlink(os.path.join(root, name))
        for name in folders:
            path = os.path.join(root, name)
            if os.path.islink(path):
                os.unlink(path)
            elif not os.listdir(path):
                os.rmdir(path)


def _failed(out: Path, error: OSError) -> OutputFailed:
    shown = out.as_posix()
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full; free some space and build again"
    elif error.errno == errno.EROFS:
        why = "it is on a read-only disk; give a folder you can write to with --out"
    elif error.errno in (errno.EACCES, errno.EPERM):
        why = "permission denied; give a folder you can write to with --out"
    else:
        where = f" ({error.filename})" if error.filename else ""
        why = f"{error.strerror or error}{where}"
    return OutputFailed(
        error.errno or 0, f"cannot write {shown}/: {why}. The previous site is unchanged."
    )
