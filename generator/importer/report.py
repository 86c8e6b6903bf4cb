"""What an import did, as text for people and as Markdown for the import pull request. Pure."""

from __future__ import annotations

import re

from generator.importer.run import Outcome, Result

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|~])")


def _counts(outcome: Outcome) -> str:
    parts = [
        f"{len(outcome.created)} new",
        f"{len(outcome.updated)} updated",
        f"{outcome.unchanged} unchanged",
    ]
    if outcome.left_feed:
        parts.append(f"{len(outcome.left_feed)} left the feed")
    return ", ".join(parts)


def _lines(outcome: Outcome) -> list[tuple[str, str]]:
    """(kind, text) for each thing to say about one partner's import."""
    found = [("created", path) for path in outcome.created]
    found += [("updated", path) for path in outcome.updated if path not in outcome.left_feed]
    found += [
        (
            "left",
            f"{path}: no longer in the partner's calendar; it stays published until staff "
            f"decide (ask the partner; then set 'status: cancelled' or delete the file)",
        )
        for path in outcome.left_feed
    ]
    found += [
        (
            "private",
            f"{path}: the partner made this event private; it is no longer published "
            f"('draft: true'); delete the file unless it should come back",
        )
        for path in outcome.made_private
    ]
    found += [("kept", text) for text in outcome.kept]
    found += [("note", text) for text in outcome.notes]
    found += [("problem", str(problem)) for problem in outcome.problems]
    return found


def as_text(result: Result) -> str:
    out = []
    for outcome in result.outcomes:
        if outcome.failure:
            out.append(
                f"{outcome.partner} ({outcome.address}): not imported: {outcome.failure}; "
                f"nothing was changed\n"
            )
            continue
        out.append(
            f"{outcome.partner} ({outcome.address}): {outcome.events} events in the feed; "
            f"{_counts(outcome)}\n"
        )
        out += [f"  {kind}: {text}\n" for kind, text in _lines(outcome)]
    if not result.outcomes:
        out.append("No partner has a 'feed'; nothing to import.\n")
    return "".join(out)


HEADINGS = {
    "created": "New events",
    "updated": "Updated events",
    "left": "Gone from the partner's calendar",
    "private": "Made private by the partner",
    "kept": "Staff's changes kept",
    "note": "Notes",
    "problem": "Not imported",
}


def as_markdown(result: Result) -> str:
    out = []
    for outcome in result.outcomes:
        heading = f"### {_escape(outcome.name)} (`{outcome.partner}`)"
        if outcome.failure:
            out.append(
                f"{heading}\n\nThe calendar at <{outcome.address}> could not be read: "
                f"{_escape(outcome.failure)}. Nothing was changed.\n"
            )
            continue
        part = [f"{heading}\n", f"{outcome.events} events in the calendar: {_counts(outcome)}.\n"]
        lines = _lines(outcome)
        for kind, title in HEADINGS.items():
            items = [text for found, text in lines if found == kind]
            if items:
                part.append(f"\n**{title}**\n\n" + "".join(f"- {_escape(t)}\n" for t in items))
        out.append("".join(part))
    return "\n".join(out)


def _escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;")).replace("@", "@\u2060")
