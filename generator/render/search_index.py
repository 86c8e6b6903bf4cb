"""The search index of /search/: what each event, partner and venue page is found by, made into a
Pagefind bundle (https://pagefind.app; the `pagefind` package and its program) for every language
tree of the site.

Only our own pages are indexed, and only through records made here: one small HTML document per
page, holding the words the page is found by (title, summary, description, place, partners) and, as
Pagefind filters, its facets: kind (event, partner, venue), audience, category, language, venue,
partner, access, cost (`free`) and `day`, every day of the hub's calendar (in its time zone) on
which a date of the event that is not cancelled takes place, from the build's day to the horizon.
The search page works out the days of a "when" window (today, this weekend, ...) at the moment of
the search, in the hub's time zone, and asks for any of them, so a series matches a window when
any of its dates falls inside; `venue-day` holds `<venue>/<day>` for a venue and a window together.
Each record's meta holds what a result shows (where, for whom, the summary) and the filter `dates`
its dates to come (start, end, cancelled), for the search page to show the first one inside the
window: a filter, because Pagefind makes meta values searchable and the page never filters by it.

Pagefind reads the records from a temporary folder outside the site and writes its bundle into
another; the bundle's files are returned as (out_path, bytes) like every other output, so output.py
stays the only writer of the site. pagefind_files.py makes the bundle byte-identical for the same
records (Pagefind orders filter values as a hash table does) and leaves out Pagefind's stock
interface."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.content.index import SiteIndex
from generator.incremental.cache import Cache, Memory, cached, key
from generator.models import Event, Occurrence
from generator.render import dates
from generator.render.pagefind_files import Unreadable, normalised
from generator.render.text import to_text
from generator.render.urls import Urls
from generator.translate.language import _

BUNDLE = "pagefind"  # the bundle's folder in each tree: /pagefind/, /es/pagefind/
FACETS = ("audience", "category", "language", "venue", "partner", "access")
WINDOWS = ("today", "weekend", "week", "month")
# A word every event's record holds and nothing else does: a search by filters alone looks for it,
# because Pagefind given no words loads every part of the index (1.8 MB at 10,000 events), and
# given this one word, only the small part that holds it (it sorts after every real word).
EVERY_EVENT = "zzzevent"
TIMEOUT = 600  # seconds Pagefind may take for one tree (10,000 events take about 10)


@dataclass(frozen=True)
class Tree:
    """One language tree of the site: its folder below the base path ('' or 'es/') and language.
    Each tree (render/i18n.py lists them) gets its own index and its own /search/ page."""

    prefix: str
    language: str


class SearchIndexFailed(Exception):
    """Pagefind could not make the index (its program is missing or stopped with an error)."""


@dataclass(frozen=True)
class Record:
    """One page as the index knows it."""

    url: str  # the page's URL below the base path, e.g. "events/teen-tech-drop-in/"
    title: str
    text: str  # the words the page is found by
    filters: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]
    sort: str

    def document(self, language: str) -> str:
        filters = "".join(
            f'<span data-pagefind-filter="{name}">{html.escape(value)}</span>'
            for name, value in self.filters
        )
        meta = "".join(
            f'<span data-pagefind-meta="{name}">{html.escape(value)}</span>'
            for name, value in self.meta
        )
        return (
            f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.title)}</title></head><body>"
            f"<main data-pagefind-body><h1>{html.escape(self.title)}</h1>"
            f"<p>{html.escape(self.text)}</p>"
            f'<div data-pagefind-ignore><span data-pagefind-sort="date">{self.sort}</span>'
            f"{filters}{meta}</div></main></body></html>\n"
        )


def is_free(event: Event) -> bool:
    """An event is free when it gives no cost, or its cost is the word "free"."""
    return event.cost is None or event.cost.strip().strip(".!").lower() == "free"


def event_record(
    event: Event,
    upcoming: list[Occurrence],
    index: SiteIndex,
    urls: Urls,
    describe: Callable[[Event, Occurrence], tuple[str, str]],
) -> Record:
    """`upcoming`: the event's dates that have not ended, to the horizon, in time order.
    `describe(event, occurrence)` gives the summary and the short place of a date."""
    zone = index.site.timezone
    summary, where = describe(event, upcoming[0])
    places, venue_days, days = set(), set(), set()
    partners = {link.slug for link in event.partners}
    access = set(event.access)
    for occurrence in upcoming:
        place = occurrence.location or event.location
        if place in index.venues:
            places.add(place)
            access |= set(index.venues[place].access)
        elif place in index.partners:
            partners.add(place)
        if occurrence.cancelled:
            continue
        for day in dates.days_of(occurrence, zone):
            days.add(day.isoformat())
            if place in index.venues:
                venue_days.add(f"{place}/{day.isoformat()}")
    filters = [("kind", "event")]
    filters += [("audience", key) for key in event.audiences]
    filters += [("category", key) for key in event.categories]
    filters += [("language", key) for key in event.languages]
    filters += [("venue", key) for key in sorted(places)]
    filters += [("partner", key) for key in sorted(partners)]
    filters += [("access", key) for key in sorted(access)]
    if is_free(event):
        filters.append(("cost", "free"))
    filters += [("day", day) for day in sorted(days)]
    filters += [("venue-day", value) for value in sorted(venue_days)]
    # The dates to show, as a filter the page never searches by: Pagefind makes every meta
    # value searchable, and "2026" or "30" would then find every event.
    filters += [("dates", _moments(o)) for o in upcoming]
    site = index.site
    names = [index.partners[slug].name for slug in sorted(partners) if slug in index.partners]
    parts = (summary, to_text(event.body), where, " ".join(names), EVERY_EVENT)
    text = " ".join(part for part in parts if part)
    meta = [
        ("where", where),
        ("summary", summary),
        ("audiences", ", ".join(_(site.audiences[key]) for key in event.audiences)),
    ]
    return Record(
        _below(urls, urls.event(event.slug)),
        event.title,
        text,
        tuple(filters),
        tuple(meta),
        dates.iso(upcoming[0].starts_at)[:16],
    )


def _moments(occurrence: Occurrence) -> str:
    """ "start end" or "start end cancelled": ISO instants with their offset (an all-day date:
    its first and last day), so the page can show them on the hub's clocks."""
    if occurrence.all_day:
        first, last = occurrence.days()
        moments = f"{first.isoformat()} {last.isoformat()}"
    else:
        start, end = occurrence.times()
        moments = f"{start.isoformat()} {end.isoformat()}"
    return moments + (" cancelled" if occurrence.cancelled else "")


def place_records(index: SiteIndex, urls: Urls) -> list[Record]:
    """Partners and venues, found by their words; they carry no facets, so any filter leaves
    them out, and they come after the events."""
    records = []
    for partner in index.partners.values():
        text = " ".join(
            part
            for part in (partner.summary or "", " ".join(partner.offers), to_text(partner.body))
            if part
        )
        records.append(
            Record(
                _below(urls, urls.partner(partner.slug)),
                partner.name,
                text,
                (("kind", "partner"),),
                (("where", ", ".join(partner.neighborhoods)), ("summary", partner.summary or "")),
                "~" + partner.name.lower(),
            )
        )
    for venue in index.venues.values():
        records.append(
            Record(
                _below(urls, urls.listing("venues", venue.slug)),
                venue.name,
                " ".join(part for part in (venue.address, venue.hours or "") if part),
                (("kind", "venue"),),
                (("where", venue.address),),
                "~" + venue.name.lower(),
            )
        )
    return records


def _below(urls: Urls, url: str) -> str:
    return url[len(urls.base_path) :]


def has_records(index: SiteIndex, upcoming: Iterable[Occurrence], now: datetime) -> bool:
    """Whether the index has anything in it: a partner, a venue or an event still to come."""
    return bool(index.partners or index.venues or upcoming_by_event(upcoming, now))


def upcoming_by_event(occurrences: Iterable[Occurrence], now: datetime) -> dict[str, list]:
    """Each event's dates that have not ended at `now`, in the order given."""
    found: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        if not dates.ended(occurrence, now):
            found.setdefault(occurrence.event.slug, []).append(occurrence)
    return found


BUNDLES = Memory(12)  # a few MB each at 10,000 events: the trees of the last two builds


def bundle(
    records: list[Record], tree: Tree, cache: Cache | None = None
) -> Iterator[tuple[str, bytes]]:
    """Pagefind's bundle for one tree's records, as (out_path, bytes) in path order; from the
    build's cache when the same records made it before (Pagefind's version is in every key)."""
    inputs = (tree, key("search-records", records))
    packed = cached(  # in memory too: serve and the tests build the same hub again and again
        "search-bundle",
        (*inputs, str(_program())),  # in memory, the program that made it (it may be replaced)
        lambda: cached("search-bundle", inputs, lambda: _pack(_made(records, tree)), cache),
        BUNDLES,
    )
    for path, data in _unpack(packed):
        yield f"{tree.prefix}{BUNDLE}/{path}", data


def _made(records: list[Record], tree: Tree) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="bulletin-search-") as folder:
        pages, out = Path(folder, "pages"), Path(folder, "bundle")
        for record in records:
            target = pages / record.url / "index.html"  # record.url starts with tree.prefix
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(record.document(tree.language), encoding="utf-8")
        _run_pagefind(pages, out, tree.language)
        made = {
            path.relative_to(out).as_posix(): path.read_bytes()
            for path in out.rglob("*")
            if path.is_file()
        }
    try:
        return normalised(made)
    except (Unreadable, KeyError, ValueError) as error:
        raise SearchIndexFailed(
            f"Pagefind's index is not laid out as Bulletin expects ({error}); install the "
            f"Pagefind version constraints.txt names"
        ) from error


def _pack(files: dict[str, bytes]) -> bytes:
    """Files as one value for the cache: each path and its bytes, with their lengths."""
    parts = []
    for path, data in files.items():
        name = path.encode("utf-8")
        parts += [len(name).to_bytes(4, "big"), name, len(data).to_bytes(8, "big"), data]
    return b"".join(parts)


def _unpack(packed: bytes) -> Iterator[tuple[str, bytes]]:
    at = 0
    while at < len(packed):
        size = int.from_bytes(packed[at : at + 4], "big")
        name = packed[at + 4 : at + 4 + size].decode("utf-8")
        at += 4 + size
        size = int.from_bytes(packed[at : at + 8], "big")
        yield name, packed[at + 8 : at + 8 + size]
        at += 8 + size


def _run_pagefind(pages: Path, out: Path, language: str) -> None:
    program = _program()
    try:
        done = subprocess.run(
            [
                str(program),
                "--site",
                str(pages),
                "--output-path",
                str(out),
                "--force-language",
                language.split("-")[0],
                "--silent",
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexFailed(f"Pagefind ({program}) could not run: {error}") from error
    if done.returncode != 0:
        said = " ".join((done.stderr or done.stdout).split())[:500]
        raise SearchIndexFailed(f"Pagefind stopped with status {done.returncode}: {said}")


def _program() -> Path:
    """Pagefind's program: the one the `pagefind[bin]` package ships (PAGEFIND_BINARY_PATH, as
    Pagefind's own Python package reads it, may name another)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped,import-not-found,unused-ignore]

        return Path(get_executable())
    except ImportError:
        found = shutil.which("pagefind")
        if found is None:
            raise SearchIndexFailed(
                "Pagefind is not installed, so the search index cannot be made; install "
                "Bulletin's requirements again (make site does: pip install -e .)"
            ) from None
        return Path(found)


def search_outputs(
    index: SiteIndex,
    urls: Urls,
    upcoming: Iterable[Occurrence],
    now: datetime,
    describe: Callable[[Event, Occurrence], tuple[str, str]],
    tree: Tree,
    cache: Cache | None = None,
) -> Iterator[tuple[str, bytes]]:
    """One tree's bundle, from the hub as that tree shows it (`index`, `urls` and `describe` are
    the tree's). `upcoming`: the lists' dates to the horizon, in time order. Nothing when there is
    nothing to find (Pagefind cannot make an empty index; the search page then answers every
    search with "nothing matches" without loading one: see has_records())."""
    by_event = upcoming_by_event(upcoming, now)
    records = [
        event_record(index.events[slug], found, index, urls, describe)
        for slug, found in sorted(by_event.items())
    ] + place_records(index, urls)
    if records:
        yield from bundle(records, tree, cache)
