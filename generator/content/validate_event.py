"""Turn an event file's parsed front-matter into an Event model. Pure: no I/O, no cross-file checks
(partners and locations are looked up by the index)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from generator.content import clock, values
from generator.content.frontmatter import Document
from generator.content.reader import MISSING, Context, Reader
from generator.content.validate_attendance import read_attendance
from generator.content.validate_places import read_extra
from generator.content.validate_series import (
    read_changes,
    read_repeat,
    scalar_time_or_datetime,
    warn_about_gaps,
)
from generator.models import (
    AGE_BANDS,
    EVENT_STATUSES,
    LIBRARY_ROLES,
    PARTNER_ROLES,
    UTC,
    Attendance,
    Contact,
    Event,
    PartnerLink,
    Place,
)
from generator.problems import Invalid

EVENT_KEYS = (
    "title",
    "summary",
    "start",
    "end",
    "timezone",
    "repeat",
    "occurrences",
    "status",
    "status_note",
    "rescheduled_from",
    "location",
    "room",
    "online",
    "partners",
    "audiences",
    "categories",
    "languages",
    "lang",
    "access",
    "accessibility",
    "cost",
    "registration",
    "registration_required",
    "contact",
    "image",
    "image_alt",
    "draft",
    "uid",
    "library_role",
    "one_to_one",
    "age_band",
    "attendance",
    "extra",
    "imported",
)
IMPORTED_KEYS = ("feed", "uid", "gone", "last")  # written by `bulletin import`
PLACE_KEYS = ("name", "address", "geo")
CONTACT_KEYS = ("name", "email", "phone")
PARTNER_LINK_KEYS = ("partner", "role")
UID_CHARACTERS = r"[!-~]{1,200}"  # printable ASCII without spaces: safe in every calendar app
MOVED_KEYS = {
    key: f"'{key}' belongs under 'repeat:' (indented by two spaces)"
    for key in ("every", "interval", "on", "until", "count", "except", "also", "rrule")
}


def validate_event(document: Document, slug: str, context: Context) -> tuple[Event | None, Reader]:
    reader = Reader(document, context)
    reader.check_keys((), EVENT_KEYS, "an event", hints=MOVED_KEYS)
    site = context.site
    tz = reader.get(("timezone",), clock.zone) or (site.timezone if site else UTC)
    default_duration = site.default_duration if site else timedelta(hours=1)

    title = reader.get(("title",), values.text, required=True, example="Teen Tech Drop-In")
    starts_at, ends_at = _read_times(reader, tz, default_duration)
    repeat = rule = None
    changes: dict = {}
    changed_places: list = []
    if starts_at is not None:
        repeat, rule = read_repeat(reader, starts_at)
        duration = _elapsed(starts_at, ends_at)
        changes, changed_places = read_changes(reader, repeat, rule, starts_at, duration, tz)
        if repeat is not None and rule is not None and isinstance(starts_at, datetime):
            warn_about_gaps(reader, repeat, rule, starts_at, changes)

    status = reader.get(("status",), _status, default="scheduled")
    rescheduled_from = _read_rescheduled_from(reader, tz, status, starts_at)
    location, place = _read_location(reader)
    online = reader.get(("online",), values.web_address)
    if (
        location is None
        and place is None
        and online is None
        and reader.raw(("location",)) in (MISSING, None)
        and reader.raw(("online",)) in (MISSING, None)
    ):
        reader.error(
            ("title",),
            "an event needs a 'location' (a venue or partner file name, or "
            "{name: ..., address: ...}) or an 'online' link, or both",
        )
    room = reader.get(("room",), values.text)
    raw_location = reader.raw(("location",))
    # A location that names a file but is misspelt has its own message; 'room' is fine with it.
    if room is not None and (raw_location in (MISSING, None) or isinstance(raw_location, dict)):
        reader.error(
            ("room",),
            "'room' goes with a 'location' that names a venue or partner; for "
            "a place written out in full, put the room in its 'name'",
        )

    event_fields = dict(
        summary=reader.get(("summary",), lambda raw: values.text(raw, multiline=True)),
        status_note=reader.get(("status_note",), lambda raw: values.text(raw, multiline=True)),
        partners=_read_partners(reader),
        audiences=reader.vocabulary(("audiences",), "audiences"),
        categories=reader.vocabulary(("categories",), "categories"),
        languages=reader.vocabulary(("languages",), "languages"),
        access=reader.vocabulary(("access",), "access"),
        accessibility=reader.get(("accessibility",), lambda raw: values.text(raw, multiline=True)),
        cost=reader.get(("cost",), values.text),
        registration=reader.get(
            ("registration",), lambda raw: values.web_address(raw, ("https", "http", "mailto"))
        ),
        registration_required=reader.get(("registration_required",), values.boolean, default=False),
        contact=_read_contact(reader),
        image=reader.image(("image",), ("image_alt",)),
        draft=reader.get(("draft",), values.boolean, default=False),
        uid=reader.get(("uid",), _uid),
        one_to_one=reader.get(("one_to_one",), values.boolean, default=False),
        age_band=reader.get(("age_band",), lambda raw: values.choice(raw, AGE_BANDS)),
        extra=read_extra(reader),
    )
    _read_imported(reader)
    # Programs with partners are co-sponsored unless the file says otherwise.
    event_fields["library_role"] = reader.get(
        ("library_role",),
        lambda raw: values.choice(raw, LIBRARY_ROLES),
        default="co-sponsor" if event_fields["partners"] else "sponsor",
    )
    attendance: dict[date, Attendance] = {}
    attendance_lines: dict[date, int] = {}
    if starts_at is not None:
        attendance, attendance_lines = read_attendance(
            reader,
            starts_at,
            repeat,
            rule,
            changes,
            status,
            in_person=location is not None or place is not None,
            online=online is not None,
        )
    event_fields["lang"] = reader.language(("lang",), event_fields["languages"])
    if event_fields["status_note"] and status == "scheduled" and rescheduled_from is None:
        reader.warning(
            ("status_note",),
            "'status_note' is shown only for a cancelled, postponed or "
            "rescheduled event; this one is scheduled",
        )
    if (
        event_fields["registration_required"]
        and not event_fields["registration"]
        and not event_fields["contact"]
    ):
        reader.warning(
            ("registration_required",),
            "registration is required but there is no "
            "'registration' link or 'contact' to register with",
        )
    if reader.failed or title is None or starts_at is None or ends_at is None:
        return None, reader
    references = [("partner", link.slug, line) for link, line in event_fields["partners"]]
    event_fields["partners"] = tuple(link for link, _ in event_fields["partners"])
    if location is not None:
        references.append(("place", location, document.line(("location",))))
    references += [("place", slug, line) for slug, line in changed_places]
    return Event(
        slug=slug,
        src_path=document.src_path,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=tz,
        body=document.body,
        repeat=repeat,
        changes=changes,
        status=status,
        rescheduled_from=rescheduled_from,
        location=location,
        place=place,
        room=room,
        online=online,
        references=tuple(references),
        attendance=attendance,
        attendance_lines=attendance_lines,
        **event_fields,
    ), reader


def _read_times(reader: Reader, tz, default_duration: timedelta) -> tuple[Any, Any]:
    """(starts_at, ends_at): aware datetimes, or dates (the last day inclusive) for all-day events."""
    start = reader.get(
        ("start",), values.date_or_datetime, required=True, example="2026-12-02 15:30"
    )
    if start is None:
        return None, None
    if not isinstance(start, datetime):
        end = reader.get(("end",), _all_day_end, default=start)
        if end is not None and end < start:
            reader.error(
                ("end",),
                f"'end' ({end}) is before 'start' ({start}); for an all-day "
                f"event 'end' is the last day",
            )
            return start, None
        return start, end
    try:
        starts_at = clock.localize(start, tz)
    except Invalid as invalid:
        reader.error(("start",), f"'start' {invalid.message}")
        return None, None
    raw_end = reader.raw(("end",))
    if raw_end in (MISSING, None):
        return starts_at, (starts_at.astimezone(UTC) + default_duration).astimezone(tz)
    end = reader.get(("end",), lambda raw: scalar_time_or_datetime(raw, start.date()))
    if end is None:
        return starts_at, None
    try:
        ends_at = clock.localize(end, tz)
    except Invalid as invalid:
        reader.error(("end",), f"'end' {invalid.message}")
        return starts_at, None
    if ends_at.astimezone(UTC) <= starts_at.astimezone(UTC):
        written_time_only = values.TIME.fullmatch(values.scalar(raw_end)) is not None
        if end == start:
            reader.error(
                ("end",),
                "'end' is the same as 'start'; leave 'end' out for an event of "
                "the site's default length",
            )
        elif written_time_only and _afternoon_slip(start, end):
            # `end: 3:30` after `start: 14:00` is half past three in the afternoon, written on a
            # 12-hour clock, far more often than a thirteen-hour event past midnight.
            afternoon = end + timedelta(hours=12)
            reader.error(
                ("end",),
                f"'end' ({end:%H:%M}) is before 'start' ({start:%H:%M}); for "
                f"{end.hour}:{end:%M} pm write 'end: {afternoon:%H:%M}' (times use the 24-hour "
                f"clock; an event that ends after midnight gives the full date and time, e.g. "
                f"'end: {start.date() + timedelta(days=1)} {end:%H:%M}')",
            )
        elif written_time_only:
            reader.error(
                ("end",),
                f"'end' ({end:%H:%M}) is before 'start' ({start:%H:%M}); an "
                f"event that ends after midnight gives the full date and time, "
                f"e.g. 'end: {start.date() + timedelta(days=1)} {end:%H:%M}'",
            )
        else:
            reader.error(
                ("end",), f"'end' ({end:%Y-%m-%d %H:%M}) is before 'start' ({start:%Y-%m-%d %H:%M})"
            )
        return starts_at, None
    return starts_at, ends_at


def _afternoon_slip(start: datetime, end: datetime) -> bool:
    """An end from 1:00 to 11:59 that is after the start once read as pm (14:00 to 3:30)."""
    return 1 <= end.hour <= 11 and start.time() < (end + timedelta(hours=12)).time()


def _all_day_end(raw: Any) -> date:
    value = values.scalar(raw)
    if values.TIME.fullmatch(value) or values.DATETIME.fullmatch(value):
        raise Invalid(
            f"has a time ({value}) but 'start' is a date without one; for an all-day "
            f"event 'end' is the last day (e.g. 2027-03-08), and for a timed event "
            f"'start' needs a time too"
        )
    return values.calendar_date(value)


def _elapsed(starts_at: Any, ends_at: Any) -> timedelta:
    if ends_at is None:
        return timedelta(hours=1)
    if isinstance(starts_at, datetime):
        return ends_at.astimezone(UTC) - starts_at.astimezone(UTC)
    return ends_at - starts_at + timedelta(days=1)


def _read_rescheduled_from(reader: Reader, tz, status: str, starts_at: Any) -> Any:
    path = ("rescheduled_from",)
    earlier = reader.get(path, values.date_or_datetime)
    if earlier is None:
        return None
    if status == "cancelled":
        reader.error(
            path,
            "'rescheduled_from' says the event moved, but 'status' is cancelled; keep one of them",
        )
        return None
    if status == "postponed":
        reader.error(
            path,
            "'rescheduled_from' gives the event a new date, but 'status: postponed' "
            "says the new date is not known yet; with a new date, remove 'status' "
            "(or write 'status: scheduled')",
        )
        return None
    if "repeat" in reader.document.data:
        reader.error(
            path,
            "'rescheduled_from' is for a single event; to move one date of a series "
            "use 'occurrences'",
        )
        return None
    if isinstance(earlier, datetime):
        try:
            earlier = clock.localize(earlier, tz)
        except Invalid as invalid:
            reader.error(path, f"'rescheduled_from' {invalid.message}")
            return None
    if starts_at is not None and earlier == starts_at:
        reader.error(path, "'rescheduled_from' is the same as 'start'; give the earlier start")
        return None
    return earlier


def _read_location(reader: Reader) -> tuple[str | None, Place | None]:
    path = ("location",)
    raw = reader.raw(path)
    if raw is MISSING or raw is None:
        return None, None
    if not isinstance(raw, dict):
        return reader.get(path, lambda raw: values.slug_reference(raw, reader.context.places)), None
    reader.check_keys(path, PLACE_KEYS, "a place written out in 'location'")
    place_name = reader.get(
        path + ("name",), values.text, required=True, example="Youth Haven Common Room"
    )
    address = reader.get(path + ("address",), values.text)
    geo = reader.get(path + ("geo",), values.geo)
    return None, Place(place_name, address, geo) if place_name else None


def _read_partners(reader: Reader) -> list[tuple[PartnerLink, int]]:
    """Each partner with the line that names it."""
    links: list[tuple[PartnerLink, int]] = []
    for item_path, raw in reader.items(("partners",)):
        if isinstance(raw, dict):
            reader.check_keys(item_path, PARTNER_LINK_KEYS, "a partner in 'partners'")
            slug = reader.get(
                item_path + ("partner",),
                lambda raw: values.slug_reference(raw, reader.context.partners),
                required=True,
                example="youth-haven",
            )
            role = reader.get(item_path + ("role",), lambda raw: values.choice(raw, PARTNER_ROLES))
        else:
            slug = reader.get(
                item_path, lambda raw: values.slug_reference(raw, reader.context.partners)
            )
            role = None
        if slug is None:
            continue
        if any(link.slug == slug for link, _ in links):
            reader.error(item_path, f"partner '{slug}' is listed twice in 'partners'")
            continue
        links.append((PartnerLink(slug, role), reader.document.line(item_path)))
    return links


def _read_contact(reader: Reader) -> Contact | None:
    path = ("contact",)
    raw = reader.raw(path)
    if raw is MISSING or raw is None:
        return None
    if not isinstance(raw, dict):
        reader.error(path, "'contact' must be written as {name: ..., email: ..., phone: ...}")
        return None
    reader.check_keys(path, CONTACT_KEYS, "'contact'")
    contact = Contact(
        reader.get(path + ("name",), values.text),
        reader.get(path + ("email",), values.email),
        reader.get(path + ("phone",), values.text),
    )
    if (
        contact.email is None
        and contact.phone is None
        and not any(raw.get(key) is not None for key in ("email", "phone"))
    ):
        reader.error(path, "'contact' needs an 'email' or a 'phone' so people can get in touch")
        return None
    return contact


def _read_imported(reader: Reader) -> None:
    """`imported:` is where `bulletin import` keeps where the event came from and what it last
    imported; the hub publishes none of it."""
    path = ("imported",)
    raw = reader.raw(path)
    if raw is MISSING or raw is None:
        return
    if not isinstance(raw, dict):
        reader.error(
            path,
            "'imported' is kept by bulletin import (where the event came from); "
            "restore it from the file's history, or delete the whole 'imported' block",
        )
        return
    reader.check_keys(path, IMPORTED_KEYS, "'imported'")
    reader.get(path + ("gone",), values.calendar_date)


def _status(raw: Any) -> str:
    if values.scalar(raw).lower() in ("rescheduled", "moved"):
        raise Invalid(
            f"cannot be {values.describe(raw)}: for an event that moved, keep 'status: "
            f"scheduled' and add 'rescheduled_from' with the earlier start"
        )
    return values.choice(raw, EVENT_STATUSES)


def _uid(raw: Any) -> str:
    value = values.text(raw)
    if not re.fullmatch(UID_CHARACTERS, value):
        raise Invalid(
            f"may use only letters, digits and punctuation without spaces (at most 200), "
            f"e.g. teen-tech-drop-in@riverside; not {values.describe(raw)}"
        )
    return value
