"""Show an edited event's own page at once, before the rebuild that follows: the changed files are
read and checked again and their pages rendered against the last build's hub. serve.py shows these
pages from memory until that rebuild replaces site/. Reads the changed files; writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.index import build_index
from generator.content.load import Loaded, read_one
from generator.content.sources import read_source
from generator.incremental.cache import Cache
from generator.models import Event
from generator.render.pages import Pages


@dataclass
class Preview:
    """What a successful build knew: its hub as loaded, and its page renderer."""

    content: Path
    loaded: Loaded
    renderer: Pages
    drafts: bool
    cache: Cache | None

    def pages(self, changed: list[Path]) -> dict[str, bytes] | None:
        """The new pages of the changed event files, by path in the site; None unless every
        change is an edit of a published event's file that still passes every check (anything
        else, such as a new file, a partner or a template, waits for the rebuild)."""
        loaded, index = self.loaded, self.renderer.index
        events_folder = (self.content / "events").resolve()
        known = {source.src_path: source for source in loaded.sources if source.kind == "event"}
        sources, models = list(loaded.sources), list(loaded.models.get("event", []))
        edited: list[Event] = []
        for path in dict.fromkeys(changed):
            path = Path(path)
            if (
                path.suffix != ".md"
                or events_folder not in path.resolve().parents
                or not path.is_file()
                or path.is_symlink()
            ):
                return None
            source, problems = read_source(path, "event")
            old = known.get(source.src_path) if source is not None else None
            if (
                problems
                or source is None
                or old is None
                or old.slug not in index.events
                or index.events[old.slug].src_path != old.src_path
            ):
                return None
            if source.text == old.text:
                continue
            assert loaded.context is not None  # the last build succeeded
            model, problems = read_one(
                source, loaded.context, loaded.seen, self.cache if loaded.seen else None
            )
            if (
                not isinstance(model, Event)
                or any(problem.is_error for problem in problems)
                or (model.draft and not self.drafts)
            ):
                return None
            sources[sources.index(old)] = source
            models = [model if m.src_path == model.src_path else m for m in models]
            edited.append(model)
        if not edited:
            return {}
        revised, problems = build_index(
            index.site,
            sources,
            models,
            loaded.models.get("partner", []),
            loaded.models.get("venue", []),
            self.drafts,
            self.renderer.now,
        )
        if problems:
            return None
        renderer = self.renderer.revised(revised, edited)
        return dict(renderer.event(event) for event in edited)
