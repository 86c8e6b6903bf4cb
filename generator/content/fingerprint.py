"""What a calendar app must be told about when it changes: an event's time, place and status.
Pure. Used with the file's git history to set SEQUENCE in feeds."""

from __future__ import annotations

from collections.abc import Callable

from generator.content.frontmatter import parse_document
from generator.content.index import calendar_uid
from generator.content.reader import Context
from generator.content.validate_event import validate_event
from generator.models import Event, Site


def fingerprint(event: Event) -> tuple:
    repeat = event.repeat
    changes = tuple(
        sorted(
            (day, change.starts_at, change.ends_at, change.status, change.location, change.room)
            for day, change in event.changes.items()
        )
    )
    return (
        event.starts_at,
        event.ends_at,
        event.timezone.key,
        (repeat.rule, repeat.until, repeat.count, repeat.except_dates, repeat.also_dates)
        if repeat
        else None,
        changes,
        event.location,
        event.place,
        event.room,
        event.online,
        event.status,
        event.rescheduled_from,
    )


def schedule_fingerprint(site: Site, media: set[str]) -> Callable[[str, str], tuple | None]:
    """A function from (path, one version's text) to that version's (calendar identity,
    fingerprint), or None when that version does not load. The identity (the pinned uid, else
    slug@host) tells a moved file, still the same event, from a renamed one, a new event."""
    context = Context(site, frozenset(media))

    def of(src_path: str, text: str) -> tuple | None:
        document, problems = parse_document(src_path, text)
        if document is None or problems:
            return None
        slug = src_path.rsplit("/", 1)[-1].removesuffix(".md")
        event, _ = validate_event(document, slug, context)
        return (calendar_uid(event, site), fingerprint(event)) if event is not None else None

    return of
