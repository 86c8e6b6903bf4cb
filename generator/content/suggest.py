"""'Did you mean' suggestions for misspelt keys, slugs and vocabulary. Pure."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import PurePosixPath


def did_you_mean(word: str, choices: Iterable[str], labels: dict[str, str] | None = None) -> str:
    """ "; did you mean 'teens'?" or "": by case, by the label patrons see, or by spelling."""
    choices = list(choices)
    folded = word.strip().lower()
    for choice in choices:
        if choice.lower() == folded or (labels and labels[choice].strip().lower() == folded):
            return f"; did you mean '{choice}'?"
    close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def did_you_mean_file(path: str, files: Iterable[str]) -> str:
    """ "; did you mean 'media/teens.jpg'?" for a file name that is nearly right: the same name in
    another folder or with another extension, or a name one or two letters off. Whole paths are
    not compared: their shared 'media/events/' would make any two names look alike."""
    wanted = PurePosixPath(path)
    stem = wanted.stem.lower()
    by_stem: dict[str, list[str]] = {}
    for name in sorted(files):
        by_stem.setdefault(PurePosixPath(name).stem.lower(), []).append(name)
    close = by_stem.get(stem) or next(
        (by_stem[s] for s in difflib.get_close_matches(stem, list(by_stem), n=1, cutoff=0.8)), []
    )
    if not close:
        return ""
    best = min(
        close,
        key=lambda n: (
            PurePosixPath(n).parent != wanted.parent,
            PurePosixPath(n).suffix != wanted.suffix,
        ),
    )
    return f"; did you mean '{best}'?"
