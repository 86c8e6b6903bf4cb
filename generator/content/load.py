"""Load a hub: find sources, parse front-matter, validate into models, index. Reads content through
sources.py only; writes nothing but the build's cache (each file's model and problems). Every problem
in every file is collected before anything is built."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, is_dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import models
from generator.content.body import body_problems
from generator.content.frontmatter import parse_document
from generator.content.index import SiteIndex, build_index
from generator.content.media_check import active_file, svg_problem
from generator.content.reader import Context
from generator.content.settings import read_settings
from generator.content.sources import Source, display_path, find_sources, media_bytes
from generator.content.today import earlier_year_warnings
from generator.content.translations import Translations, read_translations
from generator.content.validate_event import validate_event
from generator.content.validate_places import validate_partner, validate_venue
from generator.incremental.cache import Cache, Typed, cached
from generator.incremental.cache import key as cache_key
from generator.incremental.history import added_times
from generator.problems import Problem, sort_key

# A media file named in a description, as a picture or a link: media/events/flyer.pdf.
MEDIA_NAMED = re.compile(r"(?<![\w/.-])media/[^\s()<>\[\]\"'`]+")
VALIDATORS = {"event": validate_event, "partner": validate_partner, "venue": validate_venue}
# What the cache keeps of each file: its model (or None) and its problems, as data. Every model
# class is named, so a new one is cached like the others without being listed here.
RESULTS = Typed(
    *(value for value in vars(models).values() if isinstance(value, type) and is_dataclass(value)),
    Problem,
)


@dataclass
class Loaded:
    index: SiteIndex | None  # None when site.toml could not be read
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # content files read, site.toml included
    # What checking one more version of an event file needs (preview.py), from this load:
    context: Context | None = None  # what validation sees besides the file
    seen: str = ""  # that context's cache key
    sources: list[Source] = field(default_factory=list)
    models: dict[str, list] = field(default_factory=dict)  # by kind, in source order
    translations: Translations = field(default_factory=Translations)  # files and catalogs

    def unpublished_media(self, drafts: bool) -> frozenset[str]:
        """Media that only drafts use (as a picture, a logo, or named in the description): left
        out of the site, so nothing of an unpublished event or partner is published."""
        if drafts:
            return frozenset()
        used: dict[bool, set[str]] = {True: set(), False: set()}
        if self.index is not None and self.index.site.logo is not None:
            used[False].add(self.index.site.logo.path)
        for model in (item for kind in self.models.values() for item in kind):
            draft = getattr(model, "draft", False)
            picture = getattr(model, "image", None) or getattr(model, "logo", None)
            if picture is not None:
                used[draft].add(picture.path)
            used[draft].update(MEDIA_NAMED.findall(getattr(model, "body", "")))
        return frozenset(used[True] - used[False])

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]


def load(
    content_dir: Path,
    drafts: bool = False,
    added: tuple[Source, ...] = (),
    cache: Cache | None = None,
    now: Callable[[ZoneInfo], datetime] | None = None,
) -> Loaded:
    """`added`: files checked as if they were in content_dir, without writing them (from-issue
    checks a proposed event this way before it writes anything, import a new version of a file
    it would replace: an added file takes the place of the one at its path). `cache` remembers
    each file's model and problems by its text and everything else validation sees. `now` (given
    by `check` and `build`, as options.py reads it) adds the checks that depend on the day: no
    attendance for a session to come (index.py), and events dated in a year that is over
    (today.py, which needs the repository's full history and is skipped without it)."""
    found = find_sources(content_dir)
    replaced = {source.src_path for source in added}
    found.sources = [s for s in found.sources if s.src_path not in replaced] + list(added)
    problems = list(found.problems)
    if not content_dir.is_dir():
        return Loaded(None, problems)
    site, site_problems = read_settings(found.settings_path, found.settings_text, found.media)
    problems += site_problems
    problems += _media_problems(content_dir, found.media)
    partners = frozenset(s.slug for s in found.sources if s.kind == "partner")
    context = Context(
        site, found.media, partners, partners | {s.slug for s in found.sources if s.kind == "venue"}
    )

    models: dict[str, list] = {"event": [], "partner": [], "venue": []}
    # What validating a file may see besides the file (sorted: frozensets have no stable order),
    # hashed once: with thousands of partners it is far longer than any one file.
    seen = (
        cache_key(
            "context", site, sorted(found.media), sorted(context.partners), sorted(context.places)
        )
        if cache is not None
        else ""
    )
    for source in found.sources:
        model, file_problems = read_one(source, context, seen, cache)
        problems += file_problems
        if model is not None:
            models[source.kind].append(model)

    translations, translation_problems = read_translations(found, site, models)
    problems += translation_problems
    index = None
    if site is not None:
        index, index_problems = build_index(
            site,
            found.sources,
            models["event"],
            models["partner"],
            models["venue"],
            drafts,
            now(site.timezone) if now is not None else None,
        )
        problems += index_problems
        history = added_times(content_dir / "events") if now is not None else None
        if now is not None and history is not None:
            texts = {source.src_path: source.text for source in found.sources}
            problems += earlier_year_warnings(models["event"], texts, history, now(site.timezone))
    files = len(found.sources) + len(found.translations) + (found.settings_text is not None)
    return Loaded(
        index,
        sorted(set(problems), key=sort_key),
        files,
        context,
        seen,
        found.sources,
        models,
        translations,
    )


def _media_problems(content_dir: Path, media: frozenset[str]) -> list[Problem]:
    """Media that would run as code on the hub's address: pages, scripts, SVGs with more than
    drawing in them (media_check.py)."""
    problems = []
    folder = display_path(content_dir)
    for path in sorted(media):
        shown = path if folder == "." else f"{folder}/{path}"
        active = active_file(path)
        if active is not None:
            problems.append(Problem(shown, None, active))
        elif path.lower().endswith(".svg"):
            try:
                refused = svg_problem(media_bytes(content_dir, path))
            except OSError as error:
                refused = (None, f"cannot be read ({error.strerror or error}); check the file")
            if refused is not None:
                problems.append(Problem(shown, *refused))
    return problems


def read_one(
    source: Source, context: Context, seen: str, cache: Cache | None
) -> tuple[object | None, list[Problem]]:
    """One file's model (None when it has errors) and problems."""

    def read() -> tuple[object | None, list[Problem]]:
        document, problems = parse_document(source.src_path, source.text)
        model = None
        if document is not None and not any(problem.is_error for problem in problems):
            model, reader = VALIDATORS[source.kind](document, source.slug, context)
            body = body_problems(document)
            problems = problems + reader.problems + body
            if any(problem.is_error for problem in body):
                model = None
        return model, problems

    # `seen` stands for `context` (see load()); the file's own path and text are the rest.
    inputs = (source.kind, source.slug, source.src_path, source.text, seen)
    model, problems = cached("load", inputs, read, cache, RESULTS)
    return model, list(problems)
