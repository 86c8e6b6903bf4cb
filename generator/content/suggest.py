"""'Did you mean' suggestions for misspelt keys, slugs and vocabulary. Pure."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str], labels: dict[str, str] | None = None) -> str:
    """ "; did you mean 'teens'?" or "": by case, by the label patrons see, or by spelling."""
    choices = list(choices)
    folded = word.strip().lower()
    for choice in choices:
        if choice.lower() == folded or (labels and labels[choice].strip().lower() == folded):
            return f"; did you mean '{choice}'?"
    close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
