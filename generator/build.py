"""The build, in order: load and check everything, then render pages, feeds and data files in memory,
then write them all at once. Nothing is written unless every file passed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import jinja2

from generator.data_files import data_files
from generator.feeds import Feeds
from generator.fingerprint import schedule_fingerprint
from generator.history import History
from generator.load import Loaded, load
from generator.output import write_site
from generator.pages import Pages
from generator.problems import Problem
from generator.sources import display_path, image_size, read_tree
from generator.urls import Urls


@dataclass
class Built:
    loaded: Loaded
    problems: list[Problem] = field(default_factory=list)
    written: int = 0


def build(content: Path, templates: Path, out: Path, now: Callable[[ZoneInfo], datetime],
          base_url: str | None = None, drafts: bool = False, strict: bool = False,
          use_history: bool = True) -> Built:
    """`now(zone)` gives the build's "now" in the site's zone, once site.toml has been read."""
    loaded = load(content, drafts)
    result = Built(loaded, list(loaded.problems))
    if loaded.errors or (strict and loaded.warnings) or loaded.index is None:
        return result
    index = loaded.index
    now = now(index.site.timezone)
    urls = Urls(base_url or index.site.base_url)
    media = read_tree(content / "media", "media/")
    sizes = {path: image_size(data) for path, data in media}
    history = History()
    if use_history:
        paths = {event.src_path: Path(event.src_path) for event in index.events.values()}
        history = History.from_git(paths, schedule_fingerprint(index.site, {p for p, _ in media}))
    renderer = Pages(index, urls, now, templates, sizes)
    try:
        pages = renderer.render()
    except jinja2.TemplateError as error:
        result.problems.append(_template_problem(error, templates))
        return result
    outputs = pages + Feeds(index, urls, now, history, renderer.views).render()
    outputs += data_files(index, urls, now, history, renderer.views, renderer.horizon,
                          [path for path, _ in pages])
    outputs += media + read_tree(templates / "assets", "assets/")
    result.written = write_site(outputs, out)
    return result


def _template_problem(error: jinja2.TemplateError, templates: Path) -> Problem:
    """A mistake in a template, pointed at like a mistake in content."""
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    where = display_path(Path(name)) if name else display_path(templates)
    message = re.sub(r"\s+", " ", str(error.message or error)).strip()
    return Problem(where, line, f"the template cannot be used: {message}")
