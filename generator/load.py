"""Load a hub: find sources, parse front-matter, validate into models, index. Reads content through
sources.py only; writes nothing. Every problem in every file is collected before anything is built."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.frontmatter import parse_document
from generator.index import SiteIndex, build_index
from generator.problems import Problem, sort_key
from generator.reader import Context
from generator.settings import read_settings
from generator.sources import find_sources
from generator.validate_event import validate_event
from generator.validate_places import validate_partner, validate_venue

VALIDATORS = {"event": validate_event, "partner": validate_partner, "venue": validate_venue}


@dataclass
class Loaded:
    index: SiteIndex | None          # None when site.toml could not be read
    problems: list[Problem] = field(default_factory=list)
    files: int = 0                   # content files read, site.toml included

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]


def load(content_dir: Path, drafts: bool = False) -> Loaded:
    found = find_sources(content_dir)
    problems = list(found.problems)
    if not content_dir.is_dir():
        return Loaded(None, problems)
    site, site_problems = read_settings(found.settings_path, found.settings_text, found.media)
    problems += site_problems
    partners = frozenset(s.slug for s in found.sources if s.kind == "partner")
    context = Context(site, found.media, partners,
                      partners | {s.slug for s in found.sources if s.kind == "venue"})

    models: dict[str, list] = {"event": [], "partner": [], "venue": []}
    for source in found.sources:
        document, parse_problems = parse_document(source.src_path, source.text)
        problems += parse_problems
        if document is None or any(problem.is_error for problem in parse_problems):
            continue
        model, reader = VALIDATORS[source.kind](document, source.slug, context)
        problems += reader.problems
        if model is not None:
            models[source.kind].append(model)

    index = None
    if site is not None:
        index, index_problems = build_index(site, found.sources, models["event"],
                                            models["partner"], models["venue"], drafts)
        problems += index_problems
    files = len(found.sources) + (found.settings_text is not None)
    return Loaded(index, sorted(set(problems), key=sort_key), files)
