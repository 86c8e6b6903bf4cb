"""The hub's domain: Site, Partner, Venue, Event, Occurrence. Plain data; no I/O, no validation.

Path vocabulary used throughout: `src_path` is relative to the working folder (where the command
runs; the repository's top folder in the workflows and with `make`) and '/'-separated, as in error
messages (see content/sources.py's display_path); `slug` is a file name without '.md'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

PARTNER_KINDS = (
    "nonprofit",
    "government",
    "school",
    "business",
    "library",
    "cultural",
    "faith",
    "health",
    "community-group",
)
PARTNER_ROLES = ("host", "co-host", "presenter", "sponsor", "supporter")
EVENT_STATUSES = ("scheduled", "cancelled", "postponed")
OCCURRENCE_STATUSES = ("scheduled", "cancelled")
VOCABULARIES = ("audiences", "categories", "languages", "access")
# The library's part in an event. Sponsored and co-sponsored programs count in the state library
# survey; other groups using a library room, and events the hub only lists, do not.
LIBRARY_ROLES = ("sponsor", "co-sponsor", "room-use", "none")
# The age bands of the Public Libraries Survey (IMLS PLS): children 0-5, children 6-11, young
# adults 12-18, adults 19+, and general interest (all ages). "none" maps an audience that says
# nothing about age (caregivers, job seekers): it does not decide a program's band.
AGE_BANDS = ("0-5", "6-11", "12-18", "19+", "all-ages")
AUDIENCE_BANDS = AGE_BANDS + ("none",)


@dataclass(frozen=True)
class Site:
    """Settings and vocabularies from content/site.toml."""

    title: str
    base_url: str  # always ends with '/'
    timezone: ZoneInfo
    description: str | None = None
    library: str | None = None
    language: str = "en"
    # the languages the interface is also published in, each under /<code>/ (FORMAT: several
    # languages)
    translations: tuple[str, ...] = ()
    repository: str | None = None
    branch: str = "main"
    default_duration: timedelta = timedelta(hours=1)
    horizon_months: int = 6
    feed_past_days: int = 30
    verify_every_months: int = 6
    fiscal_year_start: int = 1  # the month (1-12) the library's fiscal year starts
    logo: Image | None = None
    accent_color: str | None = None
    # key -> label shown to patrons, in the order written in site.toml
    audiences: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    access: dict[str, str] = field(default_factory=dict)
    # audience key -> one of AUDIENCE_BANDS, from [age_bands]; audiences not listed say nothing
    age_bands: dict[str, str] = field(default_factory=dict)

    def vocabulary(self, name: str) -> dict[str, str]:
        words: dict[str, str] = getattr(self, name)
        return words


@dataclass(frozen=True)
class Image:
    path: str  # relative to content/, always under media/, e.g. "media/teen-tech.jpg"
    alt: str


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Place:
    """A place written inline in an event: `location: {name:, address:, geo:}`."""

    name: str
    address: str | None = None
    geo: tuple[float, float] | None = None


@dataclass(frozen=True)
class Venue:
    slug: str
    src_path: str
    name: str
    address: str
    body: str = ""
    geo: tuple[float, float] | None = None
    hours: str | None = None
    access: tuple[str, ...] = ()
    accessibility: str | None = None
    website: str | None = None
    phone: str | None = None
    image: Image | None = None
    library_branch: bool = False  # a branch of the library: programs here are "onsite"
    lang: str = "en"  # the language the file's text is written in (`lang:`, else the site's)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FeedDefaults:
    """A partner's `feed_defaults:`, applied by `bulletin import` to the events of its feed."""

    audiences: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    location: str | None = None  # a venue or partner slug
    exclude: tuple[str, ...] = ()  # words that keep an entry out of the hub


@dataclass(frozen=True)
class Partner:
    slug: str
    src_path: str
    name: str
    kind: str | None = None
    body: str = ""
    summary: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    geo: tuple[float, float] | None = None
    private_address: bool = False
    logo: Image | None = None
    audiences: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    neighborhoods: tuple[str, ...] = ()
    since: date | None = None
    verified: date | None = None
    feed: str | None = None
    feed_timezone: ZoneInfo | None = None  # the zone the feed's times are really in
    feed_defaults: FeedDefaults = field(default_factory=FeedDefaults)
    draft: bool = False
    lang: str = "en"  # the language the file's text is written in (`lang:`, or as for events)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def public_address(self) -> str | None:
        """The address patrons may see: None when the partner keeps it private."""
        return None if self.private_address else self.address

    @property
    def public_geo(self) -> tuple[float, float] | None:
        return None if self.private_address else self.geo


@dataclass(frozen=True)
class PartnerLink:
    slug: str
    role: str | None = None


@dataclass(frozen=True)
class Change:
    """A change to one date of a series (`occurrences:` in the event file)."""

    starts_at: datetime | date | None = None  # None: as the series says
    ends_at: datetime | date | None = None
    status: str = "scheduled"
    note: str | None = None
    location: str | None = None  # a venue or partner slug
    room: str | None = None


@dataclass(frozen=True)
class Attendance:
    """How many people took part in one session, recorded after it. None: not given."""

    in_person: int | None = None  # in the room
    online: int | None = None  # joined the live session online
    views: int | None = None  # views of its recording in the 30 days after the session

    @property
    def people(self) -> int:
        """Everyone at the live session, in the room and online."""
        return (self.in_person or 0) + (self.online or 0)


@dataclass(frozen=True)
class Repeat:
    """How a series repeats. `rule` is the RFC 5545 RRULE text (without DTSTART), as generated from
    `every`/`interval`/`on`/`until`/`count` or as written under `rrule:`; `until` is inclusive."""

    rule: str
    except_dates: tuple[date, ...] = ()
    also_dates: tuple[date, ...] = ()
    until: date | None = None
    count: int | None = None
    description: str = ""  # e.g. "every Wednesday", for pages

    @property
    def open_ended(self) -> bool:
        return self.until is None and self.count is None


@dataclass(frozen=True)
class Event:
    slug: str
    src_path: str
    title: str
    starts_at: datetime | date  # aware datetime for a timed event; a date for an all-day one
    ends_at: datetime | date  # aware and after starts_at; for all-day, the last day (inclusive)
    timezone: ZoneInfo
    body: str = ""
    summary: str | None = None
    repeat: Repeat | None = None
    changes: dict[date, Change] = field(default_factory=dict)  # keyed by the series' own date
    status: str = "scheduled"
    status_note: str | None = None
    rescheduled_from: datetime | date | None = None
    location: str | None = None  # a venue or partner slug
    place: Place | None = None  # an inline place
    room: str | None = None
    online: str | None = None
    partners: tuple[PartnerLink, ...] = ()
    audiences: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    accessibility: str | None = None
    cost: str | None = None
    registration: str | None = None
    registration_required: bool = False
    contact: Contact | None = None
    image: Image | None = None
    draft: bool = False
    uid: str | None = None  # pinned calendar identity, if the file gives one
    library_role: str = "sponsor"  # one of LIBRARY_ROLES; "co-sponsor" by default with partners
    one_to_one: bool = False  # help given one person at a time: not a program in the survey
    age_band: str | None = None  # one of AGE_BANDS, when the audiences do not say it
    # Attendance by session: keyed like `changes`, by the series' own date, or for a single event
    # by the day it starts.
    attendance: dict[date, Attendance] = field(default_factory=dict)
    # The language the file's text (title, summary, description, notes) is written in: `lang:`,
    # else the event's one language when `languages` names exactly one, else the site's.
    lang: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)
    # the line of each attendance entry, for problems found once "now" is known
    attendance_lines: dict[date, int] = field(default_factory=dict, compare=False, repr=False)
    # other files this one names, for the index to check: (what, slug, line), what being
    # "partner" or "place" (a venue or a partner)
    references: tuple[tuple[str, str, int], ...] = field(default=(), compare=False, repr=False)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.starts_at, datetime)

    def times(self) -> tuple[datetime, datetime]:
        """Start and end of a timed one (aware); only for what is not all-day."""
        start, end = self.starts_at, self.ends_at
        assert isinstance(start, datetime) and isinstance(end, datetime), "an all-day date"
        return start, end

    def days(self) -> tuple[date, date]:
        """First and last day (inclusive) of an all-day one; only for what is all-day."""
        start, end = self.starts_at, self.ends_at
        assert not isinstance(start, datetime) and not isinstance(end, datetime), "a timed date"
        return start, end

    @property
    def length(self) -> timedelta:
        """How long the event is by the clock on the wall, as written (23:00 to 03:00 is four
        hours even on a night the clocks change); whole days for all-day events."""
        if self.all_day:
            return self.duration
        start, end = self.times()
        return end.replace(tzinfo=None) - start.replace(tzinfo=None)

    @property
    def duration(self) -> timedelta:
        """Elapsed time from start to end (whole days for all-day events, counting the last day)."""
        start, end = self.starts_at, self.ends_at
        if isinstance(start, datetime) and isinstance(end, datetime):
            return end.astimezone(UTC) - start.astimezone(UTC)
        assert not isinstance(start, datetime) and not isinstance(end, datetime)
        return end - start + timedelta(days=1)


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of an event: the event itself, or one date of a series."""

    event: Event
    starts_at: datetime | date
    ends_at: datetime | date  # as on Event: aware datetime, or the inclusive last day
    recurrence_id: datetime | date | None = None  # the series' own start for this date
    status: str = "scheduled"  # this date's status; see `cancelled` for the effective one
    note: str | None = None
    location: str | None = None
    room: str | None = None

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled" or self.event.status == "cancelled"

    @property
    def moved(self) -> bool:
        return self.recurrence_id is not None and self.recurrence_id != self.starts_at

    @property
    def standing(self) -> str:
        """This date's status as patrons and calendar apps are told it, worked out here and
        nowhere else: 'cancelled' (this date, or the whole event), 'postponed', 'rescheduled'
        (the event has a new date), 'moved' (this date of a series is at another time),
        'changed' (at another place or in another room on this date), else 'scheduled'."""
        event = self.event
        if self.cancelled:
            return "cancelled"
        if event.status == "postponed":
            return "postponed"
        if event.rescheduled_from is not None:
            return "rescheduled"
        if self.moved:
            return "moved"
        if self.location or self.room:
            return "changed"
        return "scheduled"

    @property
    def irregular(self) -> bool:
        """A date of a series that staff wrote about on its own: an extra date (`also`), or one
        changed under `occurrences` (another time or place, cancelled, or given a note). Lists
        show every irregular date, besides a series' next date."""
        event, series_date = self.event, self.recurrence_id
        if event.repeat is None or series_date is None:
            return False
        day = series_date if not isinstance(series_date, datetime) else series_date.date()
        return day in event.changes or day in event.repeat.also_dates

    @property
    def all_day(self) -> bool:
        return self.event.all_day

    def times(self) -> tuple[datetime, datetime]:
        """Start and end of a timed one (aware); only for what is not all-day."""
        start, end = self.starts_at, self.ends_at
        assert isinstance(start, datetime) and isinstance(end, datetime), "an all-day date"
        return start, end

    def days(self) -> tuple[date, date]:
        """First and last day (inclusive) of an all-day one; only for what is all-day."""
        start, end = self.starts_at, self.ends_at
        assert not isinstance(start, datetime) and not isinstance(end, datetime), "a timed date"
        return start, end


UTC = ZoneInfo("UTC")
