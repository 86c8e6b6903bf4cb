"""The text of a new event, partner or venue file, for `bulletin new` and the site's "Propose an
event" link. Pure: returns text and file names; the command line writes the file.

Every key of the format is in the file: the required ones filled in, the optional ones commented out
with a one-line note, so staff uncomment what they need instead of looking keys up. The file passes
`bulletin check` as it is, and events and partners start as `draft: true` so nothing is published
by accident. Examples in the notes use the hub's own venues, partners and vocabularies, so an
uncommented line is valid as it stands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from generator.content import values
from generator.content.frontmatter import parse_document
from generator.content.index import SiteIndex
from generator.models import PARTNER_KINDS
from generator.problems import Invalid

KINDS = {"event": "events", "partner": "partners", "venue": "venues"}  # kind -> folder in content/
LONGEST_SLUG = 60  # long enough for a real title, short enough for a readable web address
PROPOSED_TITLE = "Name of the event"  # the placeholder of the site's "Propose an event" link
HEADER = (
    "## A new {kind}. Lines starting with ## are notes. A line starting with one # is a\n"
    "## setting not in use: to use it, delete the '# ' in front of it. docs/format.md\n"
    "## explains every setting, with examples.\n"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class BadTitle(ValueError):
    """The title cannot name a file (command-line misuse)."""


@dataclass(frozen=True)
class Hub:
    """What a new file's notes can suggest from the hub it goes into; empty for a hub that cannot
    be read, so `bulletin new` still works while site.toml has a mistake."""

    timezone: str = ""
    default_duration: str = "1h"
    venues: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    vocabularies: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, index: SiteIndex | None) -> Hub:
        if index is None:
            return cls()
        site = index.site
        minutes = int(site.default_duration.total_seconds()) // 60
        duration = (f"{minutes // 60}h" if minutes // 60 else "") + (
            f"{minutes % 60}m" if minutes % 60 else ""
        )
        return cls(
            site.timezone.key,
            duration,
            tuple(index.venues),
            tuple(index.partners),
            {
                name: tuple(site.vocabulary(name))
                for name in ("audiences", "categories", "languages", "access")
            },
        )

    def words(self, vocabulary: str, fallback: str) -> tuple[str, str]:
        """(an example key, a note listing the keys) for one of site.toml's vocabularies."""
        keys = self.vocabularies.get(vocabulary, ())
        if not keys:
            return fallback, f"first add the word to [{vocabulary}] in content/site.toml"
        return keys[0], "one or more of " + ", ".join(keys)


def name_for(title: str) -> tuple[str, str]:
    """(the title as it goes in the file, its file name without .md): 'Café Ñandú' gives
    'cafe-nandu'. Raises BadTitle for a title that cannot be either."""
    try:
        title = values.text(title)
    except Invalid as error:
        raise BadTitle(f"the title {error.message}") from None
    slug = values.slugify(title)
    if len(slug) > LONGEST_SLUG:
        cut = slug[: LONGEST_SLUG + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:LONGEST_SLUG]
    if not slug:
        raise BadTitle(
            f"the title {title!r} has no letters a-z or digits to make a file name "
            f'from; give it in Latin letters (e.g. "Teen Tech Drop-In") and change '
            f"the title inside the file afterwards"
        )
    return title, slug


def next_step(kind: str, shown_path: str) -> str:
    """What `bulletin new` tells staff to do after creating `shown_path`."""
    what = {
        "event": "the date, time and place",
        "partner": "what you know about the partner",
        "venue": "the real address",
    }[kind]
    publish = (
        "It is a draft, so it is not published until you change 'draft: true' to 'draft: false'."
        if kind != "venue"
        else "Venues have no draft setting: the page is published with the next build, so write "
        "the real address first."
    )
    return (
        f"Next: open {shown_path}, fill in {what} (delete the '# ' in front of any setting "
        f"you use), then run `make check` (or `.venv/bin/bulletin check`). {publish}"
    )


def file_text(kind: str, title: str, today: date, hub: Hub = Hub()) -> str:
    return {"event": event_text, "partner": partner_text, "venue": venue_text}[kind](
        title, today, hub
    )


def event_text(title: str, today: date, hub: Hub = Hub()) -> str:
    weekday = WEEKDAYS[today.weekday()]
    # The series example fits a weekly series that starts today, so uncommenting it just works.
    skipped, extra, changed = (today + timedelta(days=days) for days in (7, 8, 14))
    until = today + timedelta(weeks=26)
    audience, audiences = hub.words("audiences", "teens")
    category, categories = hub.words("categories", "technology")
    language, languages = hub.words("languages", "en")
    access, accesses = hub.words("access", "wheelchair")
    if hub.venues:
        place = _line(
            "location",
            hub.venues[0],
            "where: a venue or partner file name ("
            + ", ".join(hub.venues)
            + "), or an inline place as in docs/format.md",
        )
    else:
        place = _line(
            "location",
            '{name: "Name of the place", address: "Street, Town"}',
            "where: a place written out, or a venue or partner file name",
        )
    partner = hub.partners[0] if hub.partners else "partner-file-name"
    return "".join(
        [
            "---\n",
            HEADER.format(kind="event"),
            _line("title", _yaml_text(title)),
            _optional(
                "summary",
                "One sentence shown in lists.",
                "a summary for lists; without it, lists show the description's first sentence",
            ),
            _line(
                "start",
                f"{today.isoformat()} 10:00",
                "when: YYYY-MM-DD HH:MM in 24-hour time, or only the date for an all-day event",
            ),
            _optional(
                "end",
                "11:00",
                "a time the same day, or YYYY-MM-DD HH:MM; without it the "
                f"event lasts {hub.default_duration}",
            ),
            _optional(
                "timezone",
                hub.timezone or "America/Chicago",
                "only for an event held in another time zone",
            ),
            "## a repeating program: use the repeat line and those under it that you need. every: day,\n",
            "## week, month or year; interval: 2 for every other; on: weekdays, or for a month [15],\n",
            "## [first tuesday] or [last friday]; until: the last date (or count: 12; neither: no end);\n",
            "## except: dates without a session; also: extra dates, at the same time of day; rrule:\n",
            "## a rule written in RFC 5545 form instead of every, interval, on, until and count\n",
            _optional("repeat", ""),
            _optional("  every", "week"),
            _optional("  interval", "1"),
            _optional("  on", f"[{weekday}]"),
            _optional("  until", until.isoformat()),
            _optional("  except", f"[{skipped.isoformat()}]"),
            _optional("  also", f"[{extra.isoformat()}]"),
            "## a change to one date of a series: the date, then what is different that day\n",
            _optional("occurrences", ""),
            _optional(
                f"  {changed.isoformat()}", '{start: "11:00", end: "12:00", note: Late start}'
            ),
            _optional("status", "cancelled", "scheduled (the default), cancelled or postponed"),
            _optional(
                "status_note",
                "Cancelled because of the weather.",
                "what patrons read about the status",
            ),
            _optional(
                "rescheduled_from",
                f"{today.isoformat()} 09:00",
                "the earlier start, when the event moved to a new date",
            ),
            place,
            _optional("room", "Community Room", "the room, with a venue or partner as location"),
            _optional(
                "online",
                "https://meet.example.org/your-event",
                "the link for an online or hybrid event (online only: no location line)",
            ),
            _optional(
                "partners",
                f"[{partner}]",
                f"partner file names; with a role: - {{partner: {partner}, role: host}}",
            ),
            _optional("audiences", f"[{audience}]", audiences),
            _optional("categories", f"[{category}]", categories),
            _optional("languages", f"[{language}]", "languages it is held in, " + languages),
            _optional(
                "lang", language, "the language this file is written in, if not the hub's own"
            ),
            _optional("access", f"[{access}]", accesses),
            _optional(
                "accessibility",
                "Elevator at the north entrance.",
                "anything else people with disabilities should know",
            ),
            _optional("cost", "$5", "without it, the event is free"),
            _optional("registration", "https://example.org/register"),
            _optional(
                "registration_required",
                "true",
                "true: people must register (give registration or contact too)",
            ),
            _optional("contact", "{name: Ana Ruiz, email: ana@example.org, phone: 555-0100}"),
            _optional("image", "media/picture.jpg", "a file uploaded to content/media/"),
            _optional("image_alt", "What the picture shows", "required with an image"),
            _line("draft", "true", "true: not published yet; change it to false when it is ready"),
            _optional(
                "uid",
                "old-file-name@example.org",
                "only to keep calendars in step when a file is renamed",
            ),
            _optional(
                "library_role",
                "room-use",
                "sponsor (the default without partners), co-sponsor (the default with partners), "
                "room-use (another group using a library room) or none (only listed here): the "
                "last two are not counted as library programs",
            ),
            _optional(
                "one_to_one",
                "true",
                "true: help given one person at a time (tax help, tutoring); not counted as a "
                "program",
            ),
            _optional(
                "age_band",
                "0-5",
                "the state survey's age group when the audiences do not say it: 0-5, 6-11, "
                "12-18, 19+ or all-ages",
            ),
            _optional(
                "attendance",
                "25",
                "after the event: how many came; for a series one line per date under it, "
                "e.g. '  2026-12-09: 14'; for a hybrid event {in_person: 30, online: 12}",
            ),
            _optional("extra", "", "your own 'key: value' lines, indented under it; not published"),
            "---\n",
            "Describe the event here: what happens, who it is for and what to bring.\n",
        ]
    )


def partner_text(title: str, today: date, hub: Hub = Hub()) -> str:
    audience, audiences = hub.words("audiences", "teens")
    language, languages = hub.words("languages", "en")
    return "".join(
        [
            "---\n",
            HEADER.format(kind="partner"),
            _line("name", _yaml_text(title)),
            _optional("kind", PARTNER_KINDS[0], ", ".join(PARTNER_KINDS)),
            _optional("summary", "One sentence about what they do."),
            _optional("website", "https://example.org"),
            _optional("email", "hello@example.org"),
            _optional("phone", "555-0100"),
            _optional("address", "12 Pine St, Riverside, IL 60546"),
            _optional("geo", "[41.83, -87.82]", "[latitude, longitude], for the map link"),
            _optional(
                "private_address",
                "true",
                "never show the address (e.g. a shelter); give neighborhoods too",
            ),
            _optional("logo", "media/partners/logo.svg", "a file uploaded to content/media/"),
            _optional("logo_alt", "Their logo", "required with a logo"),
            _optional("audiences", f"[{audience}]", "who they serve, " + audiences),
            _optional("offers", "[meeting space, volunteers]", "skills and resources they bring"),
            _optional("languages", f"[{language}]", languages),
            _optional(
                "lang", language, "the language this file is written in, if not the hub's own"
            ),
            _optional("neighborhoods", "[Eastside]", "shown instead of a private address"),
            _line("since", today.isoformat(), "when the partnership began"),
            _line("verified", today.isoformat(), "when staff last confirmed this page is correct"),
            _optional(
                "feed", "https://example.org/events.ics", "their own calendar, if they have one"
            ),
            _optional(
                "feed_timezone",
                hub.timezone or "America/Chicago",
                "only if their calendar's times come out wrong: the zone they really are in",
            ),
            _optional(
                "feed_defaults",
                f"{{audiences: [{audience}]}}",
                "given to every event from their calendar (also categories, languages, access, "
                "location, exclude)",
            ),
            _line("draft", "true", "true: not published yet; change it to false when it is ready"),
            _optional("extra", "", "your own 'key: value' lines, indented under it; not published"),
            "---\n",
            "About the partner and what the partnership does.\n",
        ]
    )


def venue_text(title: str, today: date, hub: Hub = Hub()) -> str:
    access, accesses = hub.words("access", "wheelchair")
    language, _ = hub.words("languages", "en")
    return "".join(
        [
            "---\n",
            HEADER.format(kind="venue"),
            "## Venues have no draft setting: write the real address before you publish.\n",
            _line("name", _yaml_text(title)),
            _line("address", "Street and number, Town", "as patrons would type it into a map"),
            _optional("geo", "[41.83, -87.82]", "[latitude, longitude], for the map link"),
            _optional("hours", "Mon-Thu 9-8, Fri-Sat 9-5, Sun 1-5"),
            _optional("access", f"[{access}]", accesses),
            _optional("accessibility", "Step-free entrance on Main St."),
            _optional("website", "https://example.org"),
            _optional("phone", "555-0100"),
            _optional("image", "media/venues/picture.jpg", "a file uploaded to content/media/"),
            _optional("image_alt", "What the picture shows", "required with an image"),
            _optional(
                "library_branch",
                "true",
                "true: a branch of the library, so programs here count as held at the library",
            ),
            _optional(
                "lang", language, "the language this file is written in, if not the hub's own"
            ),
            _optional("extra", "", "your own 'key: value' lines, indented under it; not published"),
            "---\n",
            "How to get there, parking, and what the place offers.\n",
        ]
    )


def _line(key: str, value: str, note: str = "") -> str:
    """A setting in use, with its note above it (a note after the value would be read as part of
    it by people, and the checker warns about ' #' after a value)."""
    return (f"## {note}\n" if note else "") + f"{key}: {value}".rstrip() + "\n"


def _optional(key: str, value: str, note: str = "") -> str:
    """A setting not in use: commented out, so deleting the '# ' puts it to use."""
    return (f"## {note}\n" if note else "") + f"# {key}: {value}".rstrip() + "\n"


def _yaml_text(text: str) -> str:
    """`text` as a YAML value that reads back as exactly `text`: as typed when YAML leaves it
    alone (most titles), else in double quotes (a title with ': ', ' #', a leading quote...)."""
    document, problems = parse_document("new.md", f"---\nvalue: {text}\n---\n")
    if document is not None and not problems and document.data.get("value") == text:
        return text
    return json.dumps(text, ensure_ascii=False)
