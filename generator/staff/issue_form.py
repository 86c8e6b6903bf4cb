"""Read the body GitHub writes for a submitted "Propose an event" issue form into field values.
Pure: takes the body's text; judges nothing about the values beyond how they are laid out.

GitHub renders each form field as a `### <label>` line, an empty line and the value; an empty
optional field is `_No response_` and checkboxes are `- [X] option` / `- [ ] option` lines. The
labels here must match .github/ISSUE_TEMPLATE/propose-event.yml (a test compares them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NO_RESPONSE = "_No response_"
CHECKBOX = re.compile(r"[-*]\s*\[([ xX])\]\s*(.*)")


@dataclass(frozen=True)
class Field:
    id: str  # the `id` in the form template
    label: str  # the heading GitHub writes, `### <label>`
    kind: str  # "input", "textarea" or "checkboxes"


FIELDS = (
    Field("title", "Event title", "input"),
    Field("date", "Date", "input"),
    Field("start_time", "Start time", "input"),
    Field("end_time", "End time", "input"),
    Field("where", "Where", "input"),
    Field("address", "Address", "input"),
    Field("online", "Online link", "input"),
    Field("description", "Description", "textarea"),
    Field("audience", "Audience", "checkboxes"),
    Field("accessibility", "Accessibility", "textarea"),
    Field("cost", "Cost", "input"),
    Field("registration", "Registration link", "input"),
    Field("organisation", "Your organisation", "input"),
    Field("contact_name", "Contact name", "input"),
    Field("contact_email", "Contact email", "input"),
    Field("confirmation", "Confirmation", "checkboxes"),
)
LABELS = {field.id: field.label for field in FIELDS}


@dataclass(frozen=True)
class Form:
    """The submitted values. `values[id]` is the text written (None when empty or `_No response_`);
    for checkboxes, `ticked[id]` lists the ticked options. `missing` lists the ids whose heading is
    not in the body at all (the issue was not made with the form, or was edited by hand)."""

    values: dict[str, str | None]
    ticked: dict[str, tuple[str, ...]]
    missing: tuple[str, ...]


def read_form(body: str) -> Form:
    lines = body.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # The headings come in the template's order; a `### ...` line inside a description that is not
    # the next expected label is part of the description.
    starts: dict[str, int] = {}
    position = 0
    for field in FIELDS:
        heading = f"### {field.label}"
        for number in range(position, len(lines)):
            if lines[number].rstrip() == heading:
                starts[field.id] = number
                position = number + 1
                break
    found = sorted(starts.items(), key=lambda item: item[1])
    values: dict[str, str | None] = {}
    ticked: dict[str, tuple[str, ...]] = {}
    for index, (field_id, start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(lines)
        text = "\n".join(lines[start + 1 : end]).strip("\n")
        value = None if text.strip() in ("", NO_RESPONSE) else text.strip()
        values[field_id] = value
        if _kind(field_id) == "checkboxes":
            matches = (CHECKBOX.fullmatch(line.strip()) for line in (value or "").split("\n"))
            ticked[field_id] = tuple(
                match[2].strip()
                for match in matches
                if match and match[1] in "xX" and match[2].strip()
            )
    missing = tuple(field.id for field in FIELDS if field.id not in starts)
    return Form(values, ticked, missing)


def _kind(field_id: str) -> str:
    return next(field.kind for field in FIELDS if field.id == field_id)
