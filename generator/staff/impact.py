"""Count what the library and its partners achieved: program sessions and attendance in the cells
of the state library survey (the IMLS Public Libraries Survey), with breakdowns by partner, branch,
language, audience and place. Pure: reads a loaded SiteIndex. These rules are the only ones:
`bulletin impact`, the weekly report, the /impact/ page and the partner pages all count with them.

The rules, as docs/format.md explains them to staff ("What the impact report counts"):
- A session is one date of an event (each date of a series is a session). It belongs to the period
  in which it starts (the day in the site's time zone) and is counted once it has ended; cancelled
  and postponed sessions are not counted, nor drafts.
- Only programs the library sponsors or co-sponsors count in the survey. Room use by other groups
  (`library_role: room-use`), events the hub only lists (`library_role: none`) and one-to-one help
  (`one_to_one: true`) are listed apart.
- Each program session counts once in one age band and once in one format:
  - band: the event's `age_band`, else the bands [age_bands] gives its audiences ("none" aside):
    one band gives that band; several, or none at all, give general interest (all ages);
  - format: at a library branch (`library_branch: true`) it is onsite; at a partner's place,
    another venue or a place written out, offsite; online only, virtual. A hybrid session counts
    once, onsite or offsite; its online attendance counts as virtual attendance.
- A session's attendance is everyone at the live session (in person and online). Views of a
  recording count apart: each session with `views` is one recorded presentation. A session held
  without attendance recorded counts with 0 and is listed, so it can be filled in.
- Breakdowns count a session once in each of its partners, languages and audiences, so their rows
  add up to more than the total; the age bands, the formats and the places each add up to it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from generator.content.index import SiteIndex
from generator.content.recurrence import bounds
from generator.models import AGE_BANDS, Attendance, Event, Occurrence, Site
from generator.translate.language import N_

# --- the words: labels for the survey's cells and the report's rows -----------------------------
BAND_LABELS = {
    "0-5": N_("Children 0-5"),
    "6-11": N_("Children 6-11"),
    "12-18": N_("Young adults 12-18"),
    "19+": N_("Adults 19+"),
    "all-ages": N_("General interest (all ages)"),
}
FORMAT_LABELS = {
    "onsite": "Onsite (at the library)",
    "offsite": "Offsite",
    "virtual": "Virtual (live online)",
}
PLACE_LABELS = {
    "library": N_("At the library"),
    "partner": N_("At a partner's site"),
    "elsewhere": N_("Elsewhere in the community"),
    "online": N_("Online only"),
}
OUTSIDE_LABELS = {
    "one-to-one": "One-to-one help",
    "room-use": "Room use only",
    "none": "Listed only",
}
NOT_GIVEN = "(not given)"  # the row of sessions with no language, or no audience
FORMATS = tuple(FORMAT_LABELS)
PLACES = tuple(PLACE_LABELS)
OUTSIDE = tuple(OUTSIDE_LABELS)
EARLIEST = date(1970, 1, 1)
DATES_NAMED = 5  # sessions named one by one in a list of dates; more are given as a range


def amount(number: int) -> str:
    """A count as people read it: 1,240. Every count the report and the pages show goes through
    here."""
    return f"{number:,}"


# --- sessions -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Session:
    """One held date of an event, placed in the survey's cells."""

    occurrence: Occurrence
    day: date  # the day it starts, in the site's zone
    key: date  # its key under `attendance:` (the series' own date, or a single event's start day)
    kind: str  # "program", or one of OUTSIDE
    band: str  # one of AGE_BANDS
    format: str  # one of FORMATS
    place: str  # one of PLACES
    branch: str | None  # the library branch's slug, when it is at one
    partners: tuple[str, ...]  # partners involved: named in `partners`, or the place itself
    attendance: Attendance | None  # None: not recorded yet

    @property
    def event(self) -> Event:
        return self.occurrence.event

    @property
    def people(self) -> int:
        return self.attendance.people if self.attendance else 0


@dataclass
class Tally:
    sessions: int = 0
    attendance: int = 0

    def add(self, people: int, sessions: int = 1) -> None:
        self.sessions += sessions
        self.attendance += people


@dataclass
class Listed:
    """An event's sessions outside the survey counts."""

    event: Event
    sessions: int = 0
    people: int = 0
    recorded: int = 0  # sessions with attendance


@dataclass
class Impact:
    site: Site
    start: date
    end: date  # inclusive
    now: datetime
    bands: dict[str, Tally]
    formats: dict[str, Tally]  # attendance split by format: a hybrid's online people are virtual
    total: Tally
    recordings: Tally  # sessions: recorded presentations; attendance: their views
    partners: dict[str, Tally]
    branches: dict[str, Tally]
    languages: dict[str, Tally]
    audiences: dict[str, Tally]
    places: dict[str, Tally]
    outside: dict[str, list[Listed]]
    names: dict[str, str] = field(default_factory=dict)  # partners' and branches' names by slug
    not_held: int = 0  # cancelled or postponed sessions in the period
    to_come: int = 0  # sessions in the period that have not ended
    missing: list[Session] = field(default_factory=list)  # held, attendance not recorded


def fiscal_year(site: Site, day: date) -> tuple[date, date]:
    """The first and last day of the fiscal year that holds `day`."""
    month = site.fiscal_year_start
    start = date(day.year if day.month >= month else day.year - 1, month, 1)
    return start, start + relativedelta(years=1) - timedelta(days=1)


def fiscal_year_name(site: Site, start: date) -> str:
    """'2026' for a calendar year, '2026-27' for a year from July 2026."""
    if site.fiscal_year_start == 1:
        return str(start.year)
    return f"{start.year}-{(start.year + 1) % 100:02d}"


def sessions_between(
    index: SiteIndex, start: date, end: date, now: datetime
) -> tuple[list[Session], list[Occurrence], list[Occurrence]]:
    """(held sessions, cancelled or postponed ones, ones not ended at `now`) that start from `start`
    to `end` (inclusive days in the site's zone), in time order."""
    tz = index.site.timezone
    window_start = datetime.combine(start, time(), tz)
    window_end = datetime.combine(end + timedelta(days=1), time(), tz)
    held, not_held, to_come = [], [], []
    for occurrence in index.occurrences(window_start, window_end):
        begins, ends = bounds(occurrence)
        if not window_start <= begins < window_end:
            continue  # began before the period: counted in the period it began in
        if occurrence.cancelled or occurrence.event.status == "postponed":
            not_held.append(occurrence)
        elif ends > now:
            to_come.append(occurrence)
        else:
            held.append(session_of(index, occurrence))
    return held, not_held, to_come


def session_of(index: SiteIndex, occurrence: Occurrence) -> Session:
    event = occurrence.event
    begins = bounds(occurrence)[0]
    key = _attendance_key(occurrence)
    place, branch = _place(index, occurrence)
    if event.library_role in ("room-use", "none"):
        kind = event.library_role
    else:
        kind = "one-to-one" if event.one_to_one else "program"
    return Session(
        occurrence,
        begins.astimezone(index.site.timezone).date(),
        key,
        kind,
        age_band(index.site, event),
        {"library": "onsite", "online": "virtual"}.get(place, "offsite"),
        place,
        branch,
        index.partners_of(occurrence),
        event.attendance.get(key),
    )


def age_band(site: Site, event: Event) -> str:
    if event.age_band:
        return event.age_band
    bands = {site.age_bands.get(audience, "none") for audience in event.audiences} - {"none"}
    return bands.pop() if len(bands) == 1 else "all-ages"


def _attendance_key(occurrence: Occurrence) -> date:
    own = occurrence.recurrence_id if occurrence.recurrence_id is not None else occurrence.starts_at
    return own.date() if isinstance(own, datetime) else own


def _place(index: SiteIndex, occurrence: Occurrence) -> tuple[str, str | None]:
    """(one of PLACES, the branch's slug when it is at a branch)."""
    event = occurrence.event
    slug = occurrence.location or event.location
    if slug is None:
        return ("elsewhere" if event.place is not None else "online"), None
    venue = index.venues.get(slug)
    if venue is not None:
        return ("library", slug) if venue.library_branch else ("elsewhere", None)
    return "partner", None


# --- the report ---------------------------------------------------------------------------------
def count(index: SiteIndex, start: date, end: date, now: datetime) -> Impact:
    """Every cell and breakdown for the sessions from `start` to `end` (inclusive) held by `now`."""
    return _count(index, start, end, now, *sessions_between(index, start, end, now))


def this_year_and_partners(index: SiteIndex, now: datetime) -> tuple[Impact, dict[str, Together]]:
    """What the pages show, from one pass over the hub's sessions: the count of the fiscal year
    holding `now` (the /impact/ page) and every partner's record (the partner pages)."""
    start, end = fiscal_year(index.site, now.astimezone(index.site.timezone).date())
    held, not_held, to_come = sessions_between(index, EARLIEST, end, now)

    def this_year(found: list) -> list:
        return [item for item in found if _day(index, item) >= start]

    return (
        _count(index, start, end, now, this_year(held), this_year(not_held), this_year(to_come)),
        _together(index, held),
    )


def _day(index: SiteIndex, item: Session | Occurrence) -> date:
    if isinstance(item, Session):
        return item.day
    return bounds(item)[0].astimezone(index.site.timezone).date()


def _count(
    index: SiteIndex,
    start: date,
    end: date,
    now: datetime,
    held: list[Session],
    not_held: list[Occurrence],
    to_come: list[Occurrence],
) -> Impact:
    site = index.site
    impact = Impact(
        site,
        start,
        end,
        now,
        bands={band: Tally() for band in AGE_BANDS},
        formats={name: Tally() for name in FORMATS},
        total=Tally(),
        recordings=Tally(),
        partners={slug: Tally() for slug in _by_name(index)},
        branches={slug: Tally() for slug, venue in index.venues.items() if venue.library_branch},
        languages={code: Tally() for code in site.languages},
        audiences={key: Tally() for key in site.audiences},
        places={name: Tally() for name in PLACES},
        outside={kind: [] for kind in OUTSIDE},
        names={
            **{slug: venue.name for slug, venue in index.venues.items()},
            **{slug: partner.name for slug, partner in index.partners.items()},
        },
        not_held=len(not_held),
        to_come=len(to_come),
    )
    listed: dict[tuple[str, str], Listed] = {}
    for session in held:
        event, people = session.event, session.people
        if session.kind != "program":
            entry = listed.get((session.kind, event.slug))
            if entry is None:
                entry = listed[(session.kind, event.slug)] = Listed(event)
                impact.outside[session.kind].append(entry)
            entry.sessions += 1
            entry.people += people
            entry.recorded += session.attendance is not None
            if session.kind == "one-to-one" and session.attendance is None:
                impact.missing.append(session)
            continue
        if session.attendance is None:
            impact.missing.append(session)
        impact.total.add(people)
        impact.bands[session.band].add(people)
        attendance = session.attendance or Attendance()
        impact.formats[session.format].add(attendance.in_person or 0)
        impact.formats["virtual"].add(attendance.online or 0, sessions=0)
        if attendance.views is not None:
            impact.recordings.add(attendance.views)
        impact.places[session.place].add(people)
        if session.branch is not None:
            impact.branches[session.branch].add(people)
        for slug in session.partners:
            impact.partners[slug].add(people)
        for code in event.languages or (NOT_GIVEN,):
            impact.languages.setdefault(code, Tally()).add(people)
        for key in event.audiences or (NOT_GIVEN,):
            impact.audiences.setdefault(key, Tally()).add(people)
    return impact


def _by_name(index: SiteIndex) -> list[str]:
    return sorted(index.partners, key=lambda slug: (index.partners[slug].name.casefold(), slug))


def missing_attendance(
    index: SiteIndex, since: date, now: datetime
) -> list[tuple[Event, list[date]]]:
    """Each event with held sessions (programs and one-to-one help) since `since` that have no
    attendance yet, with those sessions' keys under `attendance:`; by file."""
    held, _, _ = sessions_between(index, since, now.astimezone(index.site.timezone).date(), now)
    by_event: dict[str, tuple[Event, list[date]]] = {}
    for session in held:
        if session.kind in ("program", "one-to-one") and session.attendance is None:
            by_event.setdefault(session.event.src_path, (session.event, []))[1].append(session.key)
    return [by_event[path] for path in sorted(by_event)]


def dates_named(days: list[date]) -> str:
    """'2026-10-14, 2026-10-21', or for many '12 sessions, from 2026-09-02 to 2026-11-18'."""
    if len(days) <= DATES_NAMED:
        return ", ".join(str(day) for day in days)
    return f"{len(days)} sessions, from {days[0]} to {days[-1]}"


def report_since(site: Site, today: date) -> date:
    """How far back the weekly report looks for missing attendance: the start of the previous
    fiscal year, whose survey may not be filed yet."""
    return fiscal_year(site, today)[0] - relativedelta(years=1)


# --- what each partner did with the library -----------------------------------------------------
@dataclass
class Together:
    """A partner's programs with the library, from the first to `now`."""

    first: date | None = None  # the first program's day
    programs: Tally = field(default_factory=Tally)
    views: int = 0
    recorded: int = 0  # programs with attendance
    languages: list[str] = field(default_factory=list)  # in the site's order
    by_year: dict[date, Tally] = field(default_factory=dict)  # by fiscal year's first day
    helped: Tally = field(default_factory=Tally)  # one-to-one help: sessions, people


def together(index: SiteIndex, now: datetime) -> dict[str, Together]:
    """Each partner's record (partners with no held program or one-to-one help are left out).
    The partners of a session are those its event names and the partner whose place it is at: one
    query over the hub's sessions, for every partner page at once."""
    today = now.astimezone(index.site.timezone).date()
    return _together(index, sessions_between(index, EARLIEST, today, now)[0])


def _together(index: SiteIndex, held: list[Session]) -> dict[str, Together]:
    site = index.site
    records: dict[str, Together] = {}
    spoken: dict[str, set[str]] = {}
    for session in held:
        if session.kind not in ("program", "one-to-one"):
            continue
        for slug in session.partners:
            record = records.setdefault(slug, Together())
            record.first = min(record.first or session.day, session.day)
            if session.kind == "one-to-one":
                record.helped.add(session.people)
                continue
            record.programs.add(session.people)
            record.recorded += session.attendance is not None
            if session.attendance and session.attendance.views:
                record.views += session.attendance.views
            year = fiscal_year(site, session.day)[0]
            record.by_year.setdefault(year, Tally()).add(session.people)
            spoken.setdefault(slug, set()).update(session.event.languages)
    for slug, record in records.items():
        record.languages = [code for code in site.languages if code in spoken.get(slug, ())]
        record.by_year = dict(sorted(record.by_year.items()))
    return records


# --- `bulletin impact`: text, CSV and JSON ------------------------------------------------------
TABLES = (  # (table, its heading in the text report)
    ("age", "Age group"),
    ("format", "Format"),
    ("partner", "Partner"),
    ("branch", "Library branch"),
    ("language", "Language"),
    ("audience", "Audience"),
    ("place", "Where"),
)


def rows(impact: Impact) -> list[tuple[str, str, str, int, int]]:
    """(table, key, label, sessions, attendance): every count of the report, in order, as the CSV
    has them. For "recordings", sessions are recorded presentations and attendance their views."""
    site = impact.site
    labels = {
        "age": BAND_LABELS,
        "format": FORMAT_LABELS,
        "partner": impact.names,
        "branch": impact.names,
        "language": {**site.languages, NOT_GIVEN: "Not given"},
        "audience": {**site.audiences, NOT_GIVEN: "Not given"},
        "place": PLACE_LABELS,
    }
    tables = {
        "age": impact.bands,
        "format": impact.formats,
        "partner": impact.partners,
        "branch": impact.branches,
        "language": impact.languages,
        "audience": impact.audiences,
        "place": impact.places,
    }
    found = []
    for name, _heading in TABLES:
        for key, tally in tables[name].items():
            found.append((name, key, labels[name][key], tally.sessions, tally.attendance))
        if name in ("age", "format"):
            found.append((name, "total", "Total", impact.total.sessions, impact.total.attendance))
        if name == "format":
            found.append(
                (
                    "recordings",
                    "views",
                    "Recorded presentations; views in their first 30 days",
                    impact.recordings.sessions,
                    impact.recordings.attendance,
                )
            )
    for kind in OUTSIDE:
        entries = impact.outside[kind]
        found.append(
            (
                "outside",
                kind,
                OUTSIDE_LABELS[kind],
                sum(entry.sessions for entry in entries),
                sum(entry.people for entry in entries),
            )
        )
    found += [
        ("not-counted", "cancelled", "Cancelled or postponed", impact.not_held, 0),
        ("not-counted", "to-come", "Still to come", impact.to_come, 0),
        (
            "missing",
            "attendance",
            "Held, attendance not recorded (counted as 0)",
            len(impact.missing),
            0,
        ),
    ]
    return found


def as_csv(impact: Impact) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("table", "key", "label", "sessions", "attendance"))
    writer.writerows(rows(impact))
    return out.getvalue()


def as_json(impact: Impact) -> str:
    def cells(tallies: dict[str, Tally]) -> dict:
        return {
            key: {"sessions": tally.sessions, "attendance": tally.attendance}
            for key, tally in tallies.items()
        }

    def listed(entries: list[Listed]) -> list[dict]:
        return [
            {
                "path": entry.event.src_path,
                "title": entry.event.title,
                "sessions": entry.sessions,
                "attendance": entry.people,
                "recorded": entry.recorded,
            }
            for entry in entries
        ]

    document = {
        "title": impact.site.title,
        "from": impact.start.isoformat(),
        "to": impact.end.isoformat(),
        "counted_until": impact.now.isoformat(),
        "survey": {
            "age": cells(impact.bands),
            "format": cells(impact.formats),
            "total": cells({"total": impact.total})["total"],
            "recordings": {
                "presentations": impact.recordings.sessions,
                "views": impact.recordings.attendance,
            },
        },
        "partners": cells(impact.partners),
        "branches": cells(impact.branches),
        "languages": cells(impact.languages),
        "audiences": cells(impact.audiences),
        "places": cells(impact.places),
        "outside": {kind: listed(impact.outside[kind]) for kind in OUTSIDE},
        "not_counted": {"cancelled": impact.not_held, "to_come": impact.to_come},
        "missing_attendance": [
            {"path": session.event.src_path, "date": session.key.isoformat()}
            for session in impact.missing
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def as_text(impact: Impact) -> str:
    """The report for people: the survey's two tables, the breakdowns, then what is left out."""
    by_table: dict[str, list[tuple[str, int, int]]] = {}
    for name, _key, label, sessions, attendance in rows(impact):
        by_table.setdefault(name, []).append((label, sessions, attendance))
    width = max(len(label) for name, _ in TABLES for label, _, _ in by_table.get(name, []))
    width = max(width, max(len(heading) for _, heading in TABLES))

    def table(name: str, heading: str) -> list[str]:
        lines = [f"{heading:<{width}}  {'Sessions':>10}  {'Attendance':>10}"]
        lines += [
            f"{label:<{width}}  {amount(sessions):>10}  {amount(attendance):>10}"
            for label, sessions, attendance in by_table.get(name, [])
        ]
        if name == "branch" and len(lines) == 1:
            lines.append("(none: no venue has 'library_branch: true')")
        return lines

    until = impact.now.strftime("%Y-%m-%d %H:%M")
    lines = [
        f"Impact report: {impact.site.title}",
        f"Sessions from {impact.start} to {impact.end} that ended by {until}.",
        "",
        "State library survey (Public Libraries Survey): program sessions and attendance",
        "",
        *table("age", "Age group"),
        "",
        *table("format", "Format"),
        "",
        f"Recorded presentations: {amount(impact.recordings.sessions)}, viewed "
        f"{amount(impact.recordings.attendance)} times in their first 30 days.",
        "",
        "Breakdowns: a session counts once in each of its partners, languages and audiences,",
        "so those rows add up to more than the total.",
    ]
    for name, heading in TABLES[2:]:
        lines += ["", *table(name, heading)]
    lines += ["", "Outside the survey counts:"]
    for kind in OUTSIDE:
        entries = impact.outside[kind]
        if not entries:
            lines.append(f"{OUTSIDE_LABELS[kind]}: none")
            continue
        sessions = sum(entry.sessions for entry in entries)
        people = sum(entry.people for entry in entries)
        lines.append(f"{OUTSIDE_LABELS[kind]}: {_sessions(sessions)}, {_people(people)}")
        for entry in sorted(entries, key=lambda entry: entry.event.src_path):
            if not entry.recorded:
                recorded = ", attendance not recorded"
            elif entry.recorded < entry.sessions:
                recorded = f", {_people(entry.people)} (attendance recorded for {entry.recorded})"
            else:
                recorded = f", {_people(entry.people)}"
            lines.append(
                f"  {entry.event.src_path}: {entry.event.title}: {_sessions(entry.sessions)}"
                f"{recorded}"
            )
    lines += [
        "",
        f"Not counted: {_sessions(impact.not_held)} cancelled or postponed, "
        f"{_sessions(impact.to_come)} still to come.",
    ]
    if impact.missing:
        lines.append(
            f"Attendance not recorded for {_sessions(len(impact.missing))} held (counted "
            f"with 0; add it under 'attendance:'):"
        )
        by_event: dict[str, list[Session]] = {}
        for session in impact.missing:
            by_event.setdefault(session.event.src_path, []).append(session)
        for path in sorted(by_event):
            found = by_event[path]
            days = dates_named([session.key for session in found])
            lines.append(f"  {path}: {found[0].event.title}: {days}")
    return "\n".join(lines) + "\n"


def _sessions(number: int) -> str:
    return f"{amount(number)} session{'' if number == 1 else 's'}"


def _people(number: int) -> str:
    return f"{amount(number)} {'person' if number == 1 else 'people'}"
