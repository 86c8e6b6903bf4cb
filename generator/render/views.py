"""What templates see: small typed views of events, occurrences, places and partners, with every
label, URL and formatted date worked out here, so templates only lay things out. No I/O but the
build's cache (Markdown results are kept there, see incremental/cache.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote_plus

from generator.content.index import SiteIndex
from generator.content.recurrence import describe as describe_series
from generator.incremental.cache import TEXT, Cache, Memory, cached
from generator.incremental.cache import key as cache_key
from generator.models import Event, Occurrence, Partner
from generator.render import dates
from generator.render.dates import first_day
from generator.render.listing import Entry
from generator.render.text import first_sentence, to_html
from generator.render.urls import Urls
from generator.translate.language import N_, _, current

# Labels in English, translated where they are shown (translate/language.py).
ROLE_LABELS = {
    "host": N_("Host"),
    "co-host": N_("Co-host"),
    "presenter": N_("Presenter"),
    "sponsor": N_("Sponsor"),
    "supporter": N_("Supporter"),
}
KIND_LABELS = {
    "nonprofit": N_("Nonprofits"),
    "government": N_("Government"),
    "school": N_("Schools"),
    "business": N_("Businesses"),
    "library": N_("Libraries"),
    "cultural": N_("Arts and culture"),
    "faith": N_("Faith communities"),
    "health": N_("Health"),
    "community-group": N_("Community groups"),
    None: N_("Other partners"),
}
WITHHELD = N_("Address given on registration")
STATUS_LABELS = {
    "cancelled": N_("Cancelled"),
    "postponed": N_("Postponed"),
    "rescheduled": N_("Rescheduled"),
    "moved": N_("Moved"),
    "changed": N_("Changed"),
    "scheduled": "",
}


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class ImageView:
    url: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class Where:
    """Where an occurrence happens, as patrons may see it."""

    name: str | None = None
    url: str | None = None  # the venue's or partner's page
    address: str | None = None  # None when withheld or unknown
    map_url: str | None = None  # a plain link to OpenStreetMap; nothing is loaded from it
    room: str | None = None
    withheld: str | None = None  # shown instead of a private address
    online: str | None = None
    geo: tuple[float, float] | None = None

    @property
    def short(self) -> str:
        if self.name:
            return _("%(place)s and online") % {"place": self.name} if self.online else self.name
        return _("Online") if self.online else ""


@dataclass(frozen=True)
class Item:
    """One occurrence in a list of events."""

    title: str
    url: str
    day: date  # the hub's day it starts on
    time: str  # "3:30 pm – 5:30 pm" or "All day", on the hub's clocks
    start_iso: str
    summary: str
    where: str
    status: str  # "", "Cancelled", "Postponed", "Rescheduled", "Moved", "Changed" (translated)
    note: str | None
    series: str | None  # "every Wednesday until 26 May 2027"
    cancelled: bool
    place_changed: bool = False  # this date is somewhere other than the series' usual place
    elsewhere: str | None = None  # "7 pm – 8 pm New York time", for an event in another zone
    lang: str | None = None  # the event's text's language, when not the page's
    standing: str = "scheduled"  # Occurrence.standing, for the badge's class (status is words)
    # When the item is shown in its list (listing.py): ISO instants for enhance.js, and whether
    # it is hidden at the build's moment (the page without JavaScript).
    shown_from: str | None = None
    shown_until: str | None = None
    hidden: bool = False

    @property
    def day_label(self) -> str:
        return dates.day(self.day)


@dataclass(frozen=True)
class Group:
    """A day of a list: its heading, ISO date and items; hidden when all its items are."""

    label: str
    iso: str
    items: list[Item]

    @property
    def hidden(self) -> bool:
        return all(item.hidden for item in self.items)


class Views:
    """Builds views for one build: the index, its URLs, 'now' and the media files' sizes."""

    def __init__(
        self, index: SiteIndex, urls: Urls, now: datetime, media_sizes: dict[str, tuple[int, int]]
    ):
        self.index, self.urls, self.now, self.media_sizes = index, urls, now, media_sizes
        self.site = index.site
        self.cache: Cache | None = None  # set by the build
        self.summaries = Memory()  # for this build (the hub and its media are fixed)
        self._media_key: str | None = None

    def in_tree(self, index: SiteIndex, urls: Urls) -> Views:
        """A copy for another language's pages (i18n.py), sharing the Markdown and summaries."""
        copy = object.__new__(Views)
        copy.__dict__.update(self.__dict__)
        copy.index, copy.urls, copy.site = index, urls, index.site
        return copy

    # -- single things ---------------------------------------------------------------------
    def summary(self, event: Event) -> str:
        if event.summary:
            return event.summary
        return self._remembered("summary", lambda: first_sentence(event.body), event.body)

    def body_html(self, body: str) -> str:
        media_url = self.urls.media("media/")
        return self._remembered(
            "html",
            lambda: to_html(body, media_url, self.media_sizes),
            body,
            media_url,
            self.media_key(),
        )

    def media_key(self) -> str:
        """The media files' sizes, for cache keys (hashed once: a hub may have thousands)."""
        if self._media_key is None:
            self._media_key = cache_key("media", sorted(self.media_sizes.items()))
        return self._media_key

    def know_summary(self, event: Event, summary: str) -> None:
        """summary() worked out elsewhere (by a worker process)."""
        if not event.summary:
            self.summaries.keep("summary", (event.body,), summary, TEXT)

    def _remembered(self, kind: str, make, *inputs) -> str:
        """Markdown dominates a build's time: its results are cached by the text they come from.
        Summaries, short and shown in every list, are also kept in memory for the whole build."""
        memory = self.summaries if kind == "summary" else None
        return cached(kind, inputs, lambda: cached(kind, inputs, make, self.cache, TEXT), memory)

    def image(self, image) -> ImageView | None:
        if image is None:
            return None
        width, height = self.media_sizes.get(image.path, (0, 0))
        return ImageView(self.urls.media(image.path), image.alt, width, height)

    def where(self, event: Event, occurrence: Occurrence | None = None) -> Where:
        slug = occurrence.location if occurrence and occurrence.location else event.location
        room = occurrence.room if occurrence and occurrence.room else event.room
        online = event.online
        if event.place is not None and slug == event.location:
            place = event.place
            return Where(
                place.name,
                None,
                place.address,
                map_link(place.address, place.geo),
                None,
                None,
                online,
                place.geo,
            )
        venue = self.index.venues.get(slug) if slug else None
        if venue is not None:
            return Where(
                venue.name,
                self.urls.listing("venues", venue.slug),
                venue.address,
                map_link(venue.address, venue.geo),
                room,
                None,
                online,
                venue.geo,
            )
        partner = self.index.partners.get(slug) if slug else None
        if partner is not None:
            withheld = None
            if partner.private_address:
                areas = ", ".join(partner.neighborhoods)
                withheld = f"{areas}. {_(WITHHELD)}" if areas else _(WITHHELD)
            return Where(
                partner.name,
                self.urls.partner(partner.slug),
                partner.public_address,
                map_link(partner.public_address, partner.public_geo),
                room,
                withheld,
                online,
                partner.public_geo,
            )
        return Where(online=online)

    def search_description(self, event: Event, occurrence: Occurrence) -> tuple[str, str]:
        """The summary and the short place a search result shows (render/search_index.py)."""
        return self.summary(event), self.where(event, occurrence).short

    def status(self, occurrence: Occurrence) -> str:
        """The badge a list shows for the date (Occurrence.standing); none when scheduled."""
        label = STATUS_LABELS[occurrence.standing]
        return _(label) if label else ""

    def item(self, occurrence: Occurrence, entry: Entry | None = None) -> Item:
        """A list's item; `entry` says when the list shows it (listing.py)."""
        event = occurrence.event
        start = occurrence.starts_at
        zone = self.site.timezone
        return Item(
            title=event.title,
            url=self.urls.event(event.slug),
            day=first_day(occurrence, zone),
            time=dates.time_range(occurrence, zone),
            start_iso=dates.iso(start),
            summary=self.summary(event),
            where=self.where(event, occurrence).short,
            status=self.status(occurrence),
            note=occurrence.note,
            series=series(event),
            cancelled=occurrence.cancelled,
            place_changed=bool(
                occurrence.location
                and occurrence.location != event.location
                or occurrence.room
                and occurrence.room != event.room
            ),
            elsewhere=dates.elsewhere(occurrence, zone),
            lang=self.lang(event.lang),
            standing=occurrence.standing,
            shown_from=_iso(entry.shown_from) if entry else None,
            shown_until=_iso(entry.shown_until) if entry else None,
            hidden=entry is not None and not entry.shown_at(self.now),
        )

    def items(self, entries: list[Entry]) -> list[Item]:
        return [self.item(entry.occurrence, entry) for entry in entries]

    def lang(self, code: str) -> str | None:
        """The lang attribute text in `code` needs on a page in the language being made."""
        return None if code == current().code else code

    def labels(self, vocabulary: str, keys: tuple[str, ...]) -> list[Link]:
        words = self.site.vocabulary(vocabulary)
        return [Link(_(words[key]), self.urls.listing(vocabulary, key)) for key in keys]

    def partner_links(self, event: Event) -> list[tuple[Link, str | None]]:
        links = []
        for link in event.partners:
            partner = self.index.partners[link.slug]
            links.append(
                (
                    Link(partner.name, self.urls.partner(partner.slug)),
                    _(ROLE_LABELS[link.role]) if link.role in ROLE_LABELS else None,
                )
            )
        return links

    # -- lists -------------------------------------------------------------------------------
    def grouped(self, entries: list[Entry]) -> list[Group]:
        """A list's items grouped by the hub's day they start on, in order."""
        groups: dict[date, list[Item]] = {}
        for item in self.items(entries):
            groups.setdefault(item.day, []).append(item)
        return [Group(dates.day(day), day.isoformat(), items) for day, items in groups.items()]

    def partners_by_kind(self) -> list[tuple[str, list[Partner]]]:
        groups: dict[str | None, list[Partner]] = {}
        for partner in sorted(self.index.partners.values(), key=lambda p: p.name.lower()):
            groups.setdefault(partner.kind, []).append(partner)
        order = list(KIND_LABELS)
        return [(_(KIND_LABELS[kind]), groups[kind]) for kind in order if kind in groups]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def map_link(address: str | None, geo: tuple[float, float] | None) -> str | None:
    """A plain link to OpenStreetMap (a link only: no map is embedded, nothing loads from there)."""
    if geo is not None:
        lat, lon = geo
        return f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"
    if address:
        return f"https://www.openstreetmap.org/search?query={quote_plus(address)}"
    return None


def series(event: Event) -> str | None:
    """How a series repeats, in the language being made ('every Wednesday until May 20')."""
    repeat = event.repeat
    if repeat is None:
        return None
    if current().english:
        return repeat.description
    held = repeat.count
    if held is not None:  # as validate_series.py counts it: the dates actually held
        held = held - len(repeat.except_dates) + len(repeat.also_dates)
    return describe_series(repeat.rule, event.starts_at, repeat.until, held)  # type: ignore[arg-type]
