"""Index the validated models into a SiteIndex, checking what spans files: unique slugs and calendar
identities, references to partners and places, drafts. Pure: no I/O.

Files that failed validation are left out of the checks, but their slugs still count as existing, so
one mistake in a partner file does not also turn every event that names the partner into an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from generator.content.recurrence import expand, occurrence_key
from generator.content.sources import Source
from generator.content.suggest import did_you_mean
from generator.content.validate_attendance import attendance_to_come
from generator.models import Event, Occurrence, Partner, Site, Venue
from generator.problems import Problem

# What an event's dates can involve: ("partners", slug), ("venues", slug), or a vocabulary key.
INVOLVEMENTS = ("partners", "venues", "audiences", "categories", "languages", "access")


@dataclass
class SiteIndex:
    """Everything a build publishes, by slug, in slug order."""

    site: Site
    events: dict[str, Event] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)
    _members: dict[tuple[str, str], list[Event]] | None = field(
        default=None, repr=False, compare=False
    )

    def place(self, slug: str) -> Venue | Partner | None:
        return self.venues.get(slug) or self.partners.get(slug)

    def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Every occurrence of every published event overlapping [start, end), in time order."""
        found = [
            occurrence for event in self.events.values() for occurrence in expand(event, start, end)
        ]
        return sorted(found, key=occurrence_key)

    # -- which events involve a partner, a place or a word: one answer for pages, feeds, report --
    def involved(self, occurrence: Occurrence) -> set[tuple[str, str]]:
        """What one date of an event involves: every partner the event names, the place this
        date happens (a venue, or a partner's own place: a date moved elsewhere under
        `occurrences` involves the new place, not the usual one), the event's audiences,
        categories and languages, and its access features with those of the venue it is at."""
        event = occurrence.event
        found = {("partners", slug) for slug in self.partners_of(occurrence)}
        place = occurrence.location or event.location
        if place in self.venues:
            found.add(("venues", place))
            found |= {("access", key) for key in self.venues[place].access}
        for vocabulary in ("audiences", "categories", "languages", "access"):
            found |= {(vocabulary, key) for key in getattr(event, vocabulary)}
        return found

    def partners_of(self, occurrence: Occurrence) -> tuple[str, ...]:
        """The partners one date involves: those the event names, in its order, then the partner
        whose own place it is at (for a date moved elsewhere, the new place's)."""
        event = occurrence.event
        named = tuple(link.slug for link in event.partners)
        place = occurrence.location or event.location
        if place in self.partners and place not in named:
            return (*named, place)
        return named

    def involving(
        self, what: str, key: str, start: datetime | None, end: datetime | None
    ) -> list[Occurrence]:
        """The occurrences overlapping [start, end) that involve `key` (see involved()), in
        time order: the dates a partner's, a venue's or an audience's page lists."""
        found = [
            occurrence
            for event in self.events_involving(what, key)
            for occurrence in expand(event, start, end)
            if (what, key) in self.involved(occurrence)
        ]
        return sorted(found, key=occurrence_key)

    def events_involving(self, what: str, key: str) -> list[Event]:
        """The events, in slug order, with at least one date that involves `key`: the events
        a partner's, venue's or audience's calendar feed holds (a feed carries a whole series)."""
        if self._members is None:  # one pass over the events, not one per partner or word
            self._members = {}
            for event in self.events.values():
                kinds: set[tuple[str, str]] = set()
                for occurrence in _each_kind_of_date(event):
                    kinds |= self.involved(occurrence)
                for member in sorted(kinds):
                    self._members.setdefault(member, []).append(event)
        return self._members.get((what, key), [])

    def uid(self, event: Event) -> str:
        return calendar_uid(event, self.site)


def _each_kind_of_date(event: Event) -> list[Occurrence]:
    """A date of the event as it usually is, and each date changed under `occurrences`: between
    them, everything any of its dates involves."""
    usual = Occurrence(event, event.starts_at, event.ends_at)
    return [usual] + [
        Occurrence(
            event, event.starts_at, event.ends_at, None, c.status, c.note, c.location, c.room
        )
        for c in event.changes.values()
    ]


def calendar_uid(event: Event, site: Site) -> str:
    """The event's identity in calendar apps: its pinned `uid`, else slug@the site's host."""
    return event.uid or f"{event.slug}@{urlsplit(site.base_url).hostname}"


def build_index(
    site: Site,
    sources: list[Source],
    events: list[Event],
    partners: list[Partner],
    venues: list[Venue],
    drafts: bool = False,
    now: datetime | None = None,
) -> tuple[SiteIndex, list[Problem]]:
    """`now`, when given, also checks that no attendance is recorded for a session to come."""
    problems = _duplicate_slugs(sources)
    renamed = {problem.src_path for problem in problems}  # already told to rename; no cascade
    partners_by_slug = {partner.slug: partner for partner in partners}
    known_partners = {source.slug for source in sources if source.kind == "partner"}
    known_places = known_partners | {source.slug for source in sources if source.kind == "venue"}

    def unpublished(slug: str) -> Partner | None:
        partner = partners_by_slug.get(slug)
        return partner if partner is not None and partner.draft and not drafts else None

    for event in events:
        for what, slug, line in event.references:
            known = known_partners if what == "partner" else known_places
            if slug not in known:
                folder = (
                    "content/partners/"
                    if what == "partner"
                    else "content/venues/ or content/partners/"
                )
                problems.append(
                    Problem(
                        event.src_path,
                        line,
                        _unknown(
                            "partner" if what == "partner" else "location", slug, known, folder
                        ),
                    )
                )
            elif unpublished(slug) and not event.draft:
                problems.append(Problem(event.src_path, line, _draft(slug)))
    problems += _duplicate_uids([event for event in events if event.src_path not in renamed], site)
    if now is not None:
        problems += attendance_to_come(events, now)

    published = sorted((e for e in events if drafts or not e.draft), key=lambda e: e.slug)
    index = SiteIndex(
        site,
        events={event.slug: event for event in published},
        partners={
            p.slug: p for p in sorted(partners, key=lambda p: p.slug) if drafts or not p.draft
        },
        venues={venue.slug: venue for venue in sorted(venues, key=lambda v: v.slug)},
    )
    return index, problems


def _unknown(what: str, slug: str, known: set[str], folder: str) -> str:
    hint = did_you_mean(slug, sorted(known))
    return f"unknown {what} '{slug}'{hint} (there is no {slug}.md in {folder})"


def _draft(slug: str) -> str:
    return (
        f"'{slug}' is a draft ('draft: true' in its file), so it is not published and this "
        f"event would point to a missing page; publish it or remove it from this event"
    )


def _duplicate_slugs(sources: list[Source]) -> list[Problem]:
    problems = []
    first: dict[tuple[str, str], Source] = {}
    for source in sources:
        namespace = "event" if source.kind == "event" else "place"
        earlier = first.setdefault((namespace, source.slug), source)
        if earlier is source:
            continue
        if source.kind == earlier.kind:
            why = f"each {source.kind} needs its own file name, because it names the page"
        else:
            why = "venues and partners share names, because an event's 'location' may name either"
        for here, there in ((source, earlier), (earlier, source)):
            problems.append(
                Problem(
                    here.src_path,
                    None,
                    f"the name '{source.slug}' is also used "
                    f"by {there.src_path}; {why}: rename the "
                    f"newer file (the older one's page may "
                    f"be bookmarked)",
                )
            )
    return problems


def _duplicate_uids(events: list[Event], site: Site) -> list[Problem]:
    problems = []
    owners: dict[str, Event] = {}
    for event in sorted(events, key=lambda e: (e.uid is None, e.src_path)):
        uid = calendar_uid(event, site)
        owner = owners.setdefault(uid, event)
        if owner is not event:
            problems.append(
                Problem(
                    event.src_path,
                    None,
                    f"calendar identity '{uid}' is also used "
                    f"by {owner.src_path}; give each event its "
                    f"own 'uid' (or none)",
                )
            )
    return problems
