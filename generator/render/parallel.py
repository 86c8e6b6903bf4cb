"""Each event's page and calendar file, rendered by several processes when the hub is big enough
to pay. Writes nothing: yields (out_path, bytes) in slug order, whatever the number of processes.

Worker processes are forked, so they share the loaded hub, the templates and the cache's memory
with the parent without copying; each renders a run of events (in slug order) and sends back the
bytes, which the parent yields in that same order: the output does not depend on `jobs`.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from collections.abc import Iterator

import jinja2

from generator.problems import Problem
from generator.render.feeds import Feeds
from generator.render.pages import Pages, template_problem

MIN_EVENTS_PER_JOB = 200
# What the forked workers render with: set by the parent just before it forks, so each child
# inherits it without pickling a whole hub.
_WORK: tuple[Pages, Feeds, list[Pages]] | None = None


class TemplateFailed(Exception):
    """A template could not be used (in a worker or not); `problem` says where."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def default_jobs(events: int) -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, events // MIN_EVENTS_PER_JOB))


def per_event_outputs(
    renderer: Pages, feeds: Feeds, jobs: int | None, trees: list[Pages] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Each event's page and .ics, in slug order, then its page in each other language's tree
    (`trees`). Also hands the parent's feeds and views what the workers worked out (VEVENTs and
    summaries), which the pages and feeds listing many events use."""
    trees = trees or []
    global _WORK
    slugs = list(renderer.index.events)
    if jobs is None:
        # Forking a process that runs other threads (serve's web server) can copy a lock held
        # by one of them; such a caller renders in its own process unless it asks otherwise.
        jobs = default_jobs(len(slugs)) if threading.active_count() == 1 else 1
    jobs = max(1, jobs)
    if jobs == 1 or len(slugs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        _WORK = (renderer, feeds, trees)
        try:
            for slug in slugs:
                event = renderer.index.events[slug]
                yield renderer.event(event)
                yield feeds.event_feed(event)
                for tree in trees:
                    yield tree.event(tree.index.events[slug])
        finally:
            _WORK = None
        return
    size = max(20, len(slugs) // (jobs * 8))
    chunks = [slugs[i : i + size] for i in range(0, len(slugs), size)]
    _WORK = (renderer, feeds, trees)
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_child) as pool:
            for status, done, new, used in pool.imap(_event_chunk, chunks):
                if status == "template":
                    raise TemplateFailed(done)
                if status == "error":
                    raise RuntimeError(f"rendering events failed in a worker process:\n{done}")
                if renderer.cache is not None:
                    renderer.cache.absorb(new, used)
                for slug, page, ics, vevent, brief, summary, translated in done:
                    event = renderer.index.events[slug]
                    feeds.know(event, vevent, brief)
                    renderer.views.know_summary(event, summary)
                    yield page
                    yield ics
                    yield from translated
    finally:
        _WORK = None


def _child() -> None:
    assert _WORK is not None
    renderer = _WORK[0]
    if renderer.cache is not None:
        renderer.cache.in_child()


def _event_chunk(slugs: list[str]):
    assert _WORK is not None
    renderer, feeds, trees = _WORK
    done = []
    try:
        for slug in slugs:
            event = renderer.index.events[slug]
            done.append(
                (
                    slug,
                    renderer.event(event),
                    feeds.event_feed(event),
                    feeds.event_bytes(event),
                    feeds.event_bytes(event, brief=True) if feeds.brief else None,
                    renderer.views.summary(event),
                    [tree.event(tree.index.events[slug]) for tree in trees],
                )
            )
            feeds.forget(event)  # the parent keeps the VEVENTs; a worker needs each only once
    except jinja2.TemplateError as error:
        return "template", template_problem(error, renderer.templates), None, None
    except Exception:  # a bug: the parent reports it with this process's traceback
        return "error", traceback.format_exc(), None, None
    cache = renderer.cache
    new, used = cache.take() if cache is not None else ({}, set())
    return "ok", done, new, used
