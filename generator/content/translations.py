"""Translations of content files (`teen-tech-drop-in.es.md` beside `teen-tech-drop-in.md`) and a
hub's message catalogs (`content/translations/<code>.po`). Pure but for reading the catalogs.

A translation file holds only text keys and a Markdown body; everything else comes from the file it
translates. `translate()` lays a translation over a model, giving the model a page in that
language shows; a model without a translation is shown as it is, marked with its own `lang`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.content import values
from generator.content.body import body_problems
from generator.content.frontmatter import parse_document
from generator.content.sources import Found, Source
from generator.content.suggest import did_you_mean
from generator.models import Event, Site
from generator.problems import WARNING, Invalid, Problem
from generator.translate.catalogs import CatalogError, Messages, messages, shipped_path

# The keys a translation file may hold, by kind (FORMAT: "The hub in several languages").
TEXT_KEYS = {
    "event": (
        "title",
        "summary",
        "status_note",
        "accessibility",
        "cost",
        "image_alt",
        "occurrences",
    ),
    "partner": ("name", "summary", "offers"),
    "venue": ("name", "hours", "accessibility", "image_alt"),
}
FOLDER = {"event": "events", "partner": "partners", "venue": "venues"}


@dataclass(frozen=True)
class Translation:
    """One translation file, read: its text keys (`notes` for occurrences, by the series' date)."""

    kind: str
    slug: str
    code: str
    src_path: str
    text: dict[str, Any] = field(default_factory=dict)
    notes: dict[date, str] = field(default_factory=dict)
    body: str = ""


@dataclass
class Translations:
    """Every translation file and catalog of a hub, by language code."""

    files: dict[str, dict[tuple[str, str], Translation]] = field(default_factory=dict)
    catalogs: dict[str, Messages] = field(default_factory=dict)

    def of(self, code: str, kind: str, slug: str) -> Translation | None:
        return self.files.get(code, {}).get((kind, slug))


def read_translations(
    found: Found, site: Site | None, models: dict[str, list]
) -> tuple[Translations, list[Problem]]:
    """Check every translation file against the file it translates and site.toml's
    `translations`, and read the catalogs of the languages published."""
    result, problems = Translations(), list[Problem]()
    if site is None:
        return result, problems
    mains = {(kind, model.slug): model for kind in models for model in models[kind]}
    existing = {(source.kind, source.slug): source for source in found.sources}
    for source in found.translations:
        translation, file_problems = _read_file(source, site, existing, mains)
        problems += file_problems
        if translation is not None:
            result.files.setdefault(translation.code, {})[(source.kind, translation.slug)] = (
                translation
            )
    own = () if site.language == "en" or site.language.startswith("en-") else (site.language,)
    for code in own + site.translations:
        hub = found.catalogs.get(code)
        shown = f"{found.settings_path.rsplit('/', 1)[0]}/translations/{code}.po"
        if hub is None and not shipped_path(code).is_file():
            problems.append(
                Problem(
                    found.settings_path,
                    None,
                    f"publishes the interface in {code!r}, for which Bulletin has no message "
                    f"catalog, so its pages would be in English: add {shown} (copy "
                    f"generator/locale/messages.pot and translate it)",
                    WARNING,
                )
            )
        try:
            result.catalogs[code] = messages(code, hub, shown)
        except CatalogError as error:
            problems.append(Problem(error.path, error.line, error.message))
            continue
        if hub is not None or shipped_path(code).is_file():
            for msgid in result.catalogs[code].missing[:MISSING_SHOWN]:
                problems.append(
                    Problem(
                        shown if hub is not None else str(shipped_path(code)),
                        None,
                        f"has no translation of {msgid!r}, so pages in {code!r} show it in "
                        f"English: add it to {shown}",
                        WARNING,
                    )
                )
    for code, path in found.catalogs.items():
        if code not in site.translations and code != site.language:
            problems.append(
                Problem(
                    f"{found.settings_path.rsplit('/', 1)[0]}/translations/{path.name}",
                    None,
                    f"is a catalog for {code!r}, which content/site.toml does not publish: "
                    f'add "{code}" to translations in content/site.toml, or remove the file',
                    WARNING,
                )
            )
    return result, problems


MISSING_SHOWN = 20  # missing catalog strings listed per language (a new catalog lacks them all)


def _read_file(
    source: Source, site: Site, existing: dict, mains: dict
) -> tuple[Translation | None, list[Problem]]:
    slug, code = source.slug.split(".", 1)
    folder = source.src_path.rsplit("/", 1)[0]
    main_path = f"{folder}/{slug}.md"
    problems: list[Problem] = []
    if (source.kind, slug) not in existing:
        known = [s for kind, s in existing if kind == source.kind]
        hint = did_you_mean(slug, known)
        problems.append(
            Problem(
                source.src_path,
                None,
                f"translates {main_path}, which does not exist; a translation is named after "
                f"the file it translates (<name>.<language code>.md){hint}",
            )
        )
        return None, problems
    if code not in site.translations:
        listed = ", ".join(site.translations) or "none"
        problems.append(
            Problem(
                source.src_path,
                None,
                f"is a translation into {code!r}, which content/site.toml does not publish "
                f'(translations lists: {listed}): add "{code}" to translations in '
                f"content/site.toml, or rename the file",
            )
        )
        return None, problems
    document, parse_problems = parse_document(source.src_path, source.text)
    problems += parse_problems
    if document is None or any(problem.is_error for problem in parse_problems):
        return None, problems
    allowed = TEXT_KEYS[source.kind]
    text: dict[str, Any] = {}
    notes: dict[date, str] = {}
    for key, raw in document.data.items():
        line = document.line((key,))
        if key not in allowed:
            problems.append(
                Problem(
                    source.src_path,
                    line,
                    f"'{key}' cannot be translated: a translation holds only text "
                    f"({', '.join(allowed)}) and a description; every other setting comes "
                    f"from {main_path}, so change it there",
                )
            )
            continue
        try:
            if key == "occurrences":
                notes = _notes(raw, mains.get((source.kind, slug)))
            elif key == "offers":
                text[key] = values.text_list(raw)
            else:
                text[key] = values.text(raw)
        except Invalid as error:
            problems.append(Problem(source.src_path, line, f"'{key}' {error}"))
    problems += body_problems(document)
    if any(problem.is_error for problem in problems):
        return None, problems
    main = mains.get((source.kind, slug))
    if main is not None:
        problems += _untranslated(source.src_path, document, main, text, notes, main_path)
    return Translation(source.kind, slug, code, source.src_path, text, notes, document.body), (
        problems
    )


def _untranslated(
    src_path: str, document, main: Any, text: dict, notes: dict, main_path: str
) -> list[Problem]:
    """A warning for each text still the same as the original's (`bulletin new translation`
    fills every text in with the original, to be replaced)."""
    found = []
    originals = {key: getattr(main, key, None) for key in text}
    if "image_alt" in text:
        originals["image_alt"] = main.image.alt if getattr(main, "image", None) else None
    same = [key for key, value in text.items() if value and value == originals.get(key)]
    same += [
        ("occurrences", day)
        for day, note in notes.items()
        if main.changes.get(day) is not None and note == main.changes[day].note
    ]
    for key in same:
        shown = f"the note of {key[1]}" if isinstance(key, tuple) else f"'{key}'"
        path = (key[0], str(key[1]), "note") if isinstance(key, tuple) else (key,)
        found.append(
            Problem(
                src_path,
                document.line(path),
                f"{shown} is the same as in {main_path}: translate it, or remove the line to "
                f"show the original",
                WARNING,
            )
        )
    if document.body.strip() and document.body.strip() == main.body.strip():
        found.append(
            Problem(
                src_path,
                document.body_line,
                f"the description is the same as in {main_path}: translate it, or remove it to "
                f"show the original",
                WARNING,
            )
        )
    return found


def _notes(raw: Any, main: Event | None) -> dict[date, str]:
    if not isinstance(raw, dict):
        raise Invalid("must list dates, each with its note: 2027-01-13: {note: Empieza tarde}")
    notes = {}
    for key, entry in raw.items():
        day = values.calendar_date(key)
        if not isinstance(entry, dict) or set(entry) != {"note"}:
            raise Invalid(
                f"{key}: a translation gives only the date's note, e.g. {key}: {{note: ...}}; "
                f"its other changes come from the event's own file"
            )
        if main is not None and day not in main.changes:
            raise Invalid(
                f"{key} is not a date the event's own file changes under 'occurrences', so it "
                f"has no note to translate"
            )
        notes[day] = values.text(entry["note"])
    return notes


def translate(model: Any, translation: Translation | None, code: str) -> Any:
    """`model` as a page in `code` shows it: its translated text where there is a translation (and
    then `lang` is `code`), else the model as it is."""
    if translation is None:
        return model
    text = dict(translation.text)
    changes: dict[str, Any] = {"lang": code}
    if translation.body:
        changes["body"] = translation.body
    alt = text.pop("image_alt", None)
    if alt is not None and getattr(model, "image", None) is not None:
        changes["image"] = dataclasses.replace(model.image, alt=alt)
    if isinstance(model, Event):
        if translation.notes:
            changes["changes"] = {
                day: dataclasses.replace(change, note=translation.notes.get(day, change.note))
                for day, change in model.changes.items()
            }
    text.pop("occurrences", None)
    return dataclasses.replace(model, **text, **changes)
