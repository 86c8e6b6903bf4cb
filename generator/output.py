"""Write the built site. The only module that writes output: everything is rendered in memory
first, written to a temporary folder beside site/, and swapped in only when all of it is written,
so a failed build leaves the previous site/ untouched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath


def write_site(outputs: list[tuple[str, bytes]], out_dir: Path) -> int:
    """Replace `out_dir` with exactly these files; returns how many were written."""
    seen: set[str] = set()
    for out_path, _ in outputs:
        parts = PurePosixPath(out_path).parts
        if not out_path or out_path.startswith("/") or ".." in parts or "\\" in out_path:
            raise ValueError(f"refusing to write outside the site: {out_path!r}")
        if out_path in seen:
            raise ValueError(f"two outputs claim {out_path!r}")
        seen.add(out_path)
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}.new-{os.getpid()}"
    retired = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        for out_path, data in outputs:
            target = staging / out_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if out_dir.exists():
            os.replace(out_dir, retired)
        os.replace(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    if retired.exists():
        shutil.rmtree(retired)
    return len(outputs)
