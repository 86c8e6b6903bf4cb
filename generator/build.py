"""The build, in order: load and check everything, then render pages, feeds and data files and hand
them to output.py as they are made, which swaps them in only when all of them are written. Nothing
is written unless every file passed. Work is reused from the cache (cache.py) where its inputs are
unchanged, and events are rendered by several processes when the hub is big enough to pay."""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from generator.cache import Cache, cache_for, folder_for
from generator.data_files import data_files
from generator.edit_links import EditLinks
from generator.feeds import Feeds
from generator.fingerprint import schedule_fingerprint
from generator.history import History
from generator.index import SiteIndex
from generator.load import Loaded, load
from generator.memo import Memo
from generator.models import UTC
from generator.output import write_site
from generator.pages import Pages
from generator.preview import Preview
from generator.problems import Problem
from generator.sources import display_path, image_size, read_tree, repository_top
from generator.urls import Urls


@dataclass
class Built:
    loaded: Loaded
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    changed: list[str] = field(default_factory=list)   # files whose bytes were new
    preview: Preview | None = None   # for showing edits at once (serve); after a success only


def build(content: Path, templates: Path, out: Path, now: Callable[[ZoneInfo], datetime],
          base_url: str | None = None, drafts: bool = False, strict: bool = False,
          use_history: bool = True, jobs: int | None = None, cache_dir: Path | None = None,
          use_cache: bool = True, skip_unchanged: bool = False,
          guard: AbstractContextManager | None = None) -> Built:
    """`now(zone)` gives the build's "now" in the site's zone, once site.toml has been read.
    `jobs`: processes rendering events (default: every core, for a hub big enough to pay).
    `cache_dir`: where earlier builds' work is kept (default: .bulletin-cache/ at the top of the
    git repository; outside one, only in memory for later builds in this process).
    `skip_unchanged`: do nothing when every input is as the last build into `out` found it and
    `out` still holds exactly what that build wrote (memo.py). `guard` is held while files move
    into `out` (serve's requests wait on it, not on the whole build)."""
    cache = cache_for(cache_dir if cache_dir is not None else folder_for(content), content) \
        if use_cache else None
    memo = None
    if skip_unchanged and cache is not None:
        memo = Memo(cache, content, templates, out, (
            now(UTC).isoformat(), base_url, drafts, strict, use_history), use_history)
        note = memo.recall()
        if note is not None:
            cache.finish(prune=False)   # nothing was used, but everything is still wanted
            return Built(Loaded(None, note.problems, note.files), note.problems, note.written)
    try:
        result = _build(content, templates, out, now, base_url, drafts, strict, use_history, jobs,
                        cache, guard)
        if memo is not None and result.written:
            memo.remember(result.problems, result.written, result.loaded.files)
        return result
    finally:
        if cache is not None:
            cache.finish()


def _build(content: Path, templates: Path, out: Path, now: Callable[[ZoneInfo], datetime],
           base_url: str | None, drafts: bool, strict: bool, use_history: bool,
           jobs: int | None, cache: Cache | None,
           guard: AbstractContextManager | None = None) -> Built:
    loaded = load(content, drafts, cache=cache)
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
    renderer = Pages(index, urls, now, templates, sizes, _edit_links(index, content))
    feeds = Feeds(index, urls, now, history, renderer.views)
    renderer.cache = renderer.views.cache = feeds.cache = cache

    def outputs() -> Iterator[tuple[str, bytes]]:
        # Each event's page and .ics first (in parallel when it pays), then what lists many events.
        html_pages = []
        for out_path, data in per_event_outputs(renderer, feeds, jobs):
            if out_path.endswith(".html"):
                html_pages.append(out_path)
            yield out_path, data
        for out_path, data in renderer.aggregates():
            html_pages.append(out_path)
            yield out_path, data
        yield from feeds.aggregates()
        yield from data_files(index, urls, now, history, renderer.views, renderer.horizon,
                              html_pages)
        yield from media
        yield from read_tree(templates / "assets", "assets/")

    try:
        result.written = write_site(outputs(), out, result.changed, guard)
        result.preview = Preview(content, loaded, renderer, drafts, cache)
    except jinja2.TemplateError as error:
        result.problems.append(_template_problem(error, templates))
    except _TemplateFailed as failed:
        result.problems.append(failed.problem)
    return result


# -- events in parallel ------------------------------------------------------------------------
# Worker processes are forked, so they share the loaded hub, the templates and the cache's memory
# with the parent without copying; each renders a run of events (in slug order) and sends back the
# bytes, which the parent writes in that same order: the output does not depend on `jobs`.
MIN_EVENTS_PER_JOB = 200
_WORK: tuple[Pages, Feeds] | None = None


class _TemplateFailed(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def default_jobs(events: int) -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, events // MIN_EVENTS_PER_JOB))


def per_event_outputs(renderer: Pages, feeds: Feeds,
                      jobs: int | None) -> Iterator[tuple[str, bytes]]:
    """Each event's page and .ics, in slug order. Also hands the parent's feeds and views what the
    workers worked out (VEVENTs and summaries), which the pages and feeds listing many events use."""
    global _WORK
    slugs = list(renderer.index.events)
    if jobs is None:
        # Forking a process that runs other threads (serve's web server) can copy a lock held
        # by one of them; such a caller renders in its own process unless it asks otherwise.
        jobs = default_jobs(len(slugs)) if threading.active_count() == 1 else 1
    jobs = max(1, jobs)
    if jobs == 1 or len(slugs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        _WORK = (renderer, feeds)
        try:
            for slug in slugs:
                event = renderer.index.events[slug]
                yield renderer.event(event)
                yield feeds.event_feed(event)
        finally:
            _WORK = None
        return
    size = max(20, len(slugs) // (jobs * 8))
    chunks = [slugs[i:i + size] for i in range(0, len(slugs), size)]
    _WORK = (renderer, feeds)
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_child) as pool:
            for status, done, new, used in pool.imap(_event_chunk, chunks):
                if status == "template":
                    raise _TemplateFailed(done)
                if status == "error":
                    raise RuntimeError(f"rendering events failed in a worker process:\n{done}")
                if renderer.cache is not None:
                    renderer.cache.absorb(new, used)
                for slug, page, ics, vevent, summary in done:
                    event = renderer.index.events[slug]
                    feeds.know(event, vevent)
                    renderer.views.know_summary(event, summary)
                    yield page
                    yield ics
    finally:
        _WORK = None


def _child() -> None:
    renderer, _ = _WORK
    if renderer.cache is not None:
        renderer.cache.in_child()


def _event_chunk(slugs: list[str]):
    renderer, feeds = _WORK
    done = []
    try:
        for slug in slugs:
            event = renderer.index.events[slug]
            done.append((slug, renderer.event(event), feeds.event_feed(event),
                         feeds.event_bytes(event), renderer.views.summary(event)))
            feeds.forget(event)   # the parent keeps the VEVENTs; a worker needs each only once
    except jinja2.TemplateError as error:
        return "template", _template_problem(error, renderer.templates), None, None
    except Exception:   # a bug: the parent reports it with this process's traceback
        return "error", traceback.format_exc(), None, None
    cache = renderer.cache
    new, used = cache.take() if cache is not None else ({}, set())
    return "ok", done, new, used


def _edit_links(index: SiteIndex, content: Path) -> EditLinks | None:
    """Staff's edit links need each file's path from the top of the repository."""
    top = repository_top(content)
    # resolve() makes system calls for every folder on the way, which added up to seconds for
    # thousands of files. Content files are never links (sources.py refuses them), so a file
    # resolves to its resolved folder plus its name: each folder is resolved once.
    folders: dict[str, str] = {}
    files = {}
    for kind in (index.events, index.partners, index.venues):
        for item in kind.values():
            parent, slash, name = item.src_path.rpartition("/")   # src_path is '/'-separated
            if parent not in folders:
                folders[parent] = Path(parent or slash or ".").resolve().relative_to(top).as_posix()
            files[item.src_path] = name if folders[parent] == "." else f"{folders[parent]}/{name}"
    folder = content.resolve().relative_to(top).as_posix()
    return EditLinks.for_site(index.site, files, "" if folder == "." else folder)


def _template_problem(error: jinja2.TemplateError, templates: Path) -> Problem:
    """A mistake in a template, pointed at like a mistake in content."""
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    where = display_path(Path(name)) if name else display_path(templates)
    message = re.sub(r"\s+", " ", str(error.message or error)).strip()
    return Problem(where, line, f"the template cannot be used: {message}")
