"""The build, in order: load and check everything; then render pages, feeds and data files and hand
them to output.py as they are made, which puts them in place only when all of them are written.
Nothing is written unless every file passed. Work is reused from the cache (incremental/) where its
inputs are unchanged, and events are rendered by several processes when the hub is big enough."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.content.fingerprint import schedule_fingerprint
from generator.content.load import Loaded, load
from generator.content.sources import display_path, image_size, read_tree, theme_problems
from generator.incremental.cache import Cache, folder_for, open_cache
from generator.incremental.history import History
from generator.incremental.memo import Memo
from generator.models import UTC
from generator.options import BuildOptions
from generator.output import claim, write_site
from generator.problems import Problem
from generator.render.data_files import data_files
from generator.render.edit_links import edit_links_for
from generator.render.feeds import Feeds
from generator.render.i18n import spoken, tree_index, trees
from generator.render.outreach import Outreach
from generator.render.pages import Pages, template_problem
from generator.render.parallel import TemplateFailed, per_event_outputs
from generator.render.search_index import SearchIndexFailed, search_outputs
from generator.render.search_index import Tree as SearchTree
from generator.render.urls import Urls
from generator.render.weight import Weight


@dataclass
class Built:
    loaded: Loaded
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    changed: list[str] = field(default_factory=list)  # files whose bytes were new
    renderer: Pages | None = None  # after a success only: serve renders edits with it
    cache: Cache | None = None  # the cache the build used (its `last` counts hits and misses)


def build(
    options: BuildOptions,
    guard: AbstractContextManager[object] | None = None,
    waiting: Callable[[str], None] | None = None,
) -> Built:
    """Build the site `options` describe. `guard` is held while the new site is switched in
    (serve's requests wait on it, not on the whole build); `waiting` is told when another build
    of the same folder goes first. Raises output.OutputRefused before reading anything when the
    output folder is not Bulletin's to replace, and output.OutputFailed when it cannot be written."""
    claim(options.out, (options.content, options.templates))
    cache = None
    if options.cache:
        folder = options.cache_dir if options.cache_dir is not None else folder_for(options.content)
        cache = open_cache(folder, options.content)
    memo = None
    if options.skip_unchanged and cache is not None:
        memo = Memo(
            cache,
            options.content,
            options.templates,
            options.out,
            (
                options.now(UTC).isoformat(),
                options.base_url,
                options.drafts,
                options.strict,
                options.history,
            ),
            options.history,
        )
        note = memo.recall()
        if note is not None:
            cache.finish(prune=False)  # nothing was used, but everything is still wanted
            return Built(
                Loaded(None, note.problems, note.files), note.problems, note.written, cache=cache
            )
    try:
        result = _build(options, cache, guard, waiting)
        if memo is not None and result.written:
            memo.remember(result.problems, result.written, result.loaded.files)
        return result
    finally:
        if cache is not None:
            cache.finish()


def _build(
    options: BuildOptions,
    cache: Cache | None,
    guard: AbstractContextManager[object] | None,
    waiting: Callable[[str], None] | None,
) -> Built:
    # 1. Find, parse, validate and index every content file; stop on any error.
    loaded = load(options.content, options.drafts, cache=cache, now=options.now)
    result = Built(loaded, list(loaded.problems) + theme_problems(options.templates), cache=cache)
    if (
        any(problem.is_error for problem in result.problems)
        or (options.strict and loaded.warnings)
        or loaded.index is None
    ):
        return result
    index = loaded.index
    # 2. What rendering needs besides the hub: "now", addresses, media sizes, git history.
    now = options.now(index.site.timezone)
    urls = Urls(options.base_url or index.site.base_url)
    unpublished = loaded.unpublished_media(options.drafts)
    media = [
        (path, data)
        for path, data in read_tree(options.content / "media", "media/")
        if path not in unpublished
    ]
    sizes = {path: image_size(data) for path, data in media}
    history = History()
    if options.history:
        paths = {event.src_path: Path(event.src_path) for event in index.events.values()}
        names = sorted(path for path, _ in media)
        fingerprint = schedule_fingerprint(index.site, set(names))
        history = History.from_git(paths, fingerprint, cache, (index.site, names))
    renderer = Pages(
        index, urls, now, options.templates, sizes, edit_links_for(index, options.content)
    )
    feeds = Feeds(index, urls, now, history, renderer.views)
    renderer.cache = renderer.views.cache = feeds.cache = cache
    outreach = Outreach(renderer)
    # The pages again in each language of `translations`, under /<code>/ (render/i18n.py).
    renderer.trees = trees(index, urls, loaded.translations)
    renderer.language = renderer.trees[0].language
    translated = [
        renderer.in_tree(tree, tree_index(index, loaded.translations, tree.language.code))
        for tree in renderer.trees[1:]
    ]
    # The feeds' own words in the hub's language; a language feed in a translation's language.
    feeds.language = renderer.language
    feeds.spoken = {
        pages.language.code: feeds.in_language(pages.index, pages.urls, pages.views, pages.language)
        for pages in translated
    }

    # 3. Render, one file at a time, straight into the writer.
    def outputs() -> Iterator[tuple[str, bytes]]:
        html_pages = []
        for out_path, data in per_event_outputs(renderer, feeds, options.jobs, translated):
            if out_path.endswith(".html"):
                html_pages.append(out_path)
            yield out_path, data
        for pages in (renderer, *translated):
            for out_path, data in pages.aggregates():
                html_pages.append(out_path)
                yield out_path, data
        yield from feeds.aggregates()
        for pages in (renderer, *translated):  # each language's search index, in its words
            yield from spoken(
                pages.language,
                search_outputs(
                    pages.index,
                    pages.urls,
                    pages.upcoming,
                    now,
                    pages.views.search_description,
                    SearchTree(pages.urls.tree, pages.language.code),
                    cache,
                ),
            )
        yield from data_files(
            index,
            urls,
            now,
            history,
            renderer.views,
            renderer.horizon,
            html_pages,
            tuple((tree.language.code, tree.urls.tree) for tree in renderer.trees)
            if len(renderer.trees) > 1
            else (),
        )
        # Print, partners' sites, lobby screens, text only, newsletters: not in the sitemap.
        yield from outreach.render()
        yield from media
        yield from read_tree(options.templates / "assets", "assets/")

    # 4. Write: the output folder changes only when every file has been made.
    weight = Weight()
    try:
        result.written = write_site(
            weight.count(outputs()),
            options.out,
            result.changed,
            guard,
            (options.content, options.templates),
            waiting,
        )
        result.renderer = renderer
        settings = (display_path(options.content) + "/site.toml").removeprefix("./")
        result.problems += weight.problems(settings, len(index.events))
    except jinja2.TemplateError as error:
        result.problems.append(template_problem(error, options.templates))
    except TemplateFailed as failed:
        result.problems.append(failed.problem)
    except SearchIndexFailed as failed:
        result.problems.append(Problem(display_path(options.content), None, str(failed)))
    return result
