"""The text of a new translation file (`bulletin new translation es events/teen-tech-drop-in`): the
text keys the file it translates gives, each filled in with the original to translate, and the
description. It passes `bulletin check`, which warns about every line still the same as the
original, so nothing untranslated is published as if it were translated unnoticed."""

from __future__ import annotations

import json

from generator.content.frontmatter import parse_document
from generator.content.translations import TEXT_KEYS

FOLDERS = {"events": "event", "partners": "partner", "venues": "venue"}


class CannotTranslate(Exception):
    """What to tell staff when the file named cannot be translated."""


def translation_text(kind: str, code: str, src_path: str, text: str, language_name: str) -> str:
    document, problems = parse_document(src_path, text)
    if document is None or any(problem.is_error for problem in problems):
        raise CannotTranslate(
            f"{src_path} has mistakes (bulletin check lists them); fix them first"
        )
    lines = [
        "---",
        f"# The {language_name} version of {src_path}. Replace each text below with its",
        "# translation; `bulletin check` points at every line still the same as the original.",
        "# Only these texts go here: every other setting comes from the original file.",
    ]
    for key in TEXT_KEYS[kind]:
        value = document.data.get(key)
        if key == "occurrences":
            notes = {
                day: change.get("note")
                for day, change in (value or {}).items()
                if isinstance(change, dict) and change.get("note")
            }
            if notes:
                lines.append("occurrences:")
                lines += [
                    f"  {day}: {{note: {json.dumps(note, ensure_ascii=False)}}}"
                    for day, note in notes.items()
                ]
        elif isinstance(value, list):
            items = ", ".join(json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"{key}: [{items}]")
        elif isinstance(value, str):
            lines.append(f"{key}: {json.dumps(' '.join(value.split()), ensure_ascii=False)}")
    lines.append("---")
    body = document.body.strip("\n")
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")
