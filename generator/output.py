"""Write the built site. The only module that writes output. Files that differ from what site/
holds are first written to a staging folder beside site/, as they are rendered; only when every one
of them is written are they moved into site/ (or, on a first build, the staging folder becomes
site/). So a failed build leaves the previous site/ untouched and no leftovers, and files whose bytes
did not change keep their dates (a rebuild after a one-event edit moves only a few files)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path, PurePosixPath


def write_site(
    outputs: Iterable[tuple[str, bytes]],
    out_dir: Path,
    changed: list[str] | None = None,
    guard: AbstractContextManager[object] | None = None,
) -> int:
    """Make `out_dir` hold exactly these files; returns how many there are. `changed`, if given,
    receives the paths whose bytes were new. `guard` is held while files move into `out_dir`."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}.new-{os.getpid()}"
    retired = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    in_place = out_dir.is_dir() and not out_dir.is_symlink()
    seen: set[str] = set()
    staged: list[str] = []
    try:
        staging.mkdir()
        for out_path, data in outputs:
            _check(out_path, seen)
            seen.add(out_path)
            if in_place and _same(out_dir / out_path, data):
                continue
            target = staging / out_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            staged.append(out_path)
        with guard or nullcontext():
            if in_place and not _conflicts(out_dir, staged):
                _update(out_dir, staging, staged, seen)
            else:
                if in_place:  # a file becomes a folder or the other way round: rebuild the whole
                    _link_unchanged(out_dir, staging, seen - set(staged))
                if out_dir.exists() or out_dir.is_symlink():
                    os.replace(out_dir, retired)
                os.replace(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    if retired.is_dir() and not retired.is_symlink():
        shutil.rmtree(retired)
    elif retired.exists() or retired.is_symlink():
        retired.unlink()
    if changed is not None:
        changed.extend(staged)
    return len(seen)


def _check(out_path: str, seen: set[str]) -> None:
    parts = PurePosixPath(out_path).parts
    if not out_path or out_path.startswith("/") or ".." in parts or "\\" in out_path:
        raise ValueError(f"refusing to write outside the site: {out_path!r}")
    if out_path in seen:
        raise ValueError(f"two outputs claim {out_path!r}")


def _same(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file holding exactly `data`."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _conflicts(out_dir: Path, staged: list[str]) -> bool:
    """Whether moving the staged files in would need a folder where a file is, or the reverse."""
    checked: set[Path] = set()
    for out_path in staged:
        target = out_dir / out_path
        if target.is_dir() or target.is_symlink():
            return True
        for parent in target.parents:
            if parent == out_dir or parent in checked:
                break
            checked.add(parent)
            if parent.is_symlink() or (parent.exists() and not parent.is_dir()):
                return True
    return False


def _update(out_dir: Path, staging: Path, staged: list[str], keep: set[str]) -> None:
    """Move the staged files into out_dir (each move replaces one file at once), then remove
    what the site no longer has."""
    for out_path in staged:
        target = out_dir / out_path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / out_path, target)
    for root, folders, files in os.walk(out_dir, topdown=False):
        for name in files:
            path = Path(root, name)
            if path.relative_to(out_dir).as_posix() not in keep:
                path.unlink()
        for name in folders:
            folder = Path(root, name)
            if folder.is_symlink():
                folder.unlink()
            elif not any(folder.iterdir()):
                folder.rmdir()


def _link_unchanged(out_dir: Path, staging: Path, unchanged: set[str]) -> None:
    """Complete the staging folder with the files that did not change, as hard links (a copy
    where the file system has none)."""
    for out_path in sorted(unchanged):
        target = staging / out_path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out_dir / out_path, target)
        except OSError:
            shutil.copy2(out_dir / out_path, target)
