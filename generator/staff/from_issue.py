"""Turn a partner's event proposal (a submitted issue form) into a new event file that passes the
checker, or into a comment telling the partner what to fix. Writes that one new file and nothing
else, never overwrites, never prints.

The partner's text is untrusted: every value is cleaned of invisible characters and written as a
double-quoted YAML string, so nothing typed into the form can add or change a front-matter key, and
the file name is made from the title's letters and digits only. The finished file is checked by the
real checker (generator.content.load, with the file added in memory) before it is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from generator.content import values
from generator.content.frontmatter import quoted
from generator.content.load import load
from generator.content.sources import Source, display_path
from generator.models import Partner, Site, Venue
from generator.problems import Invalid
from generator.staff.issue_form import FIELDS, LABELS, Form, read_form

MAX_BODY = 65_536  # characters: GitHub's own limit for an issue body
MAX_BYTES = 4 * MAX_BODY  # UTF-8 takes at most 4 bytes a character; read no more than this
LIMITS = {"title": 120, "description": 10_000, "accessibility": 2_000}
LINE_LIMIT = 300  # every other one-line field
SLUG_LENGTH = 60
FAR_AHEAD = relativedelta(years=2)
REQUIRED = ("title", "date", "description", "organisation", "contact_name", "contact_email")
# Windows cannot have a file named like a device, whatever the extension; staff may clone there.
DEVICE_NAMES = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(10)),
    *(f"lpt{n}" for n in range(10)),
}
MARKER = "<!-- bulletin from-issue -->"
# C0 and C1 controls except tab and newline, lone surrogates and the two non-characters: invisible,
# and YAML or the checker would refuse them.
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\ufeff]")
LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
TIME_24 = re.compile(r"(\d{1,2})[:.h](\d{2})", re.ASCII)
TIME_12 = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?", re.ASCII | re.IGNORECASE)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")  # what Python-Markdown escapes


class HubUnreadable(Exception):
    """The hub's own settings cannot be read, so no proposal can be checked (not the partner's
    doing: staff must fix content/site.toml first)."""


@dataclass
class Proposal:
    """What became of a proposal: `src_path` of the file written, or `problems` for the partner."""

    src_path: str | None = None
    problems: list[str] = field(default_factory=list)  # Markdown, one item each
    notes: list[str] = field(default_factory=list)  # Markdown, for the staff who review it

    def comment(self) -> str:
        """The Markdown comment that tells the partner what to fix."""
        items = "\n".join(f"- {problem}" for problem in self.problems)
        return (
            f"{MARKER}\nThank you for proposing an event! Before library staff can review it, "
            f"please fix the following. To change your proposal, edit this issue: choose "
            f"**Edit** from the **···** menu at the top right of it.\n\n{items}\n\n"
            f"Your proposal is checked again each time you save the issue.\n"
        )


def read_body(path: Path) -> bytes:
    """The issue body's bytes, at most MAX_BYTES + 1 of them (enough to tell it is too long).
    Raises OSError when the file cannot be read."""
    with path.open("rb") as file:
        return file.read(MAX_BYTES + 1)


def propose(
    data: bytes, content_dir: Path, issue: int | None, now_for: Callable[[ZoneInfo], datetime]
) -> Proposal:
    """Check a proposal and, when it is fine, write content/events/<slug>.md."""
    loaded = load(content_dir)  # published partners only: drafts are named nowhere public
    if loaded.index is None:
        raise HubUnreadable(
            "; ".join(str(problem) for problem in loaded.errors) or f"{content_dir} cannot be read"
        )
    site = loaded.index.site
    proposal = Proposal()
    text = _decode(data, proposal)
    if text is None:
        return proposal
    form = read_form(text)
    if len(form.missing) == len(FIELDS):
        proposal.problems.append(
            "This issue was not made with the **Propose an event** form, so there is nothing to "
            "read. Please open a new issue and choose **Propose an event**."
        )
        return proposal
    today = now_for(site.timezone).date()
    event = _Event(form, site, today, proposal)
    event.read(list(loaded.index.venues.values()), list(loaded.index.partners.values()))
    if proposal.problems:
        return proposal

    events_dir = content_dir / "events"
    assert event.title is not None and event.day is not None  # else proposal.problems
    slug = _slug(event.title, event.day, _taken(events_dir))
    path = events_dir / f"{slug}.md"
    src_path = display_path(path)
    file_text, line_fields = event.render(issue)
    checked = load(content_dir, added=(Source("event", slug, src_path, file_text),))
    for problem in checked.problems:
        if problem.src_path != src_path:
            continue  # other files' problems are the staff's to fix, in their own pull request
        label = LABELS.get(line_fields.get(problem.line or 0, ""), "Your proposal")
        if problem.is_error:
            proposal.problems.append(
                f"**{label}**: the calendar's checker says: {_defuse(problem.message)}"
            )
        else:
            proposal.notes.append(f"The checker warns about {src_path}: {_defuse(str(problem))}")
    if proposal.problems:
        return proposal

    _write(path, events_dir, file_text)
    proposal.src_path = src_path
    return proposal


def _decode(data: bytes, proposal: Proposal) -> str | None:
    try:
        text = data[:MAX_BYTES].decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if len(data) > MAX_BYTES or (text is not None and len(text) > MAX_BODY):
        proposal.problems.append(
            f"The proposal is too long: the form takes at most "
            f"{MAX_BODY:,} characters. Please shorten the description."
        )
        return None
    if text is None:
        proposal.problems.append(
            "The proposal could not be read as text. Please open a new issue "
            "with the **Propose an event** form and type the details again."
        )
    return text


class _Event:
    """The proposal's values, cleaned and checked one field at a time; problems go to `proposal`."""

    def __init__(self, form: Form, site: Site, today: date, proposal: Proposal):
        self.form, self.site, self.today = form, site, today
        self.problems, self.notes = proposal.problems, proposal.notes
        self.title: str | None = None
        self.day: date | None = None
        self.start: time | None = None
        self.end: time | None = None
        self.location: str | None = None
        self.place: dict[str, str] | None = None
        self.online: str | None = None
        self.accessibility: str | None = None
        self.cost: str | None = None
        self.registration: str | None = None
        self.audiences: list[str] = []
        self.partner: str | None = None
        self.organisation: str | None = None
        self.contact_name: str | None = None
        self.contact_email: str | None = None
        self.description = ""
        self.unreadable: set[str] = set()  # fields already reported as unreadable

    def problem(self, field_id: str, message: str) -> None:
        self.problems.append(f"**{LABELS[field_id]}**: {message}")

    def text(self, field_id: str, multiline: bool = False) -> str | None:
        """A field's text without invisible characters; None (and a problem if required) when
        empty; too long a text is a problem."""
        if field_id in self.form.missing and field_id in REQUIRED:
            self.problem(
                field_id,
                f"this section is missing from the issue (it may have been "
                f"deleted while editing). Add it back: a line "
                f"`### {LABELS[field_id]}`, an empty line, then the answer.",
            )
            return None
        raw = self.form.values.get(field_id) or ""
        if multiline:
            value = INVISIBLE.sub("", LINE_BREAKS.sub("\n", raw)).strip()
        else:
            value = " ".join(INVISIBLE.sub("", LINE_BREAKS.sub(" ", raw)).split())
        if not value:
            if field_id in REQUIRED:
                self.problem(field_id, "this is empty; please fill it in.")
            return None
        limit = LIMITS.get(field_id, LINE_LIMIT)
        if len(value) > limit:
            self.problem(
                field_id,
                f"this is {len(value):,} characters long; please keep it to {limit:,} or fewer.",
            )
            return None
        return value

    def read(self, venues: list[Venue], partners: list[Partner]) -> None:
        self.title = self.text("title")
        self._read_when()
        self._read_where(venues, partners)
        self.description = self.text("description", multiline=True) or ""
        self._read_audiences()
        self.accessibility = self.text("accessibility", multiline=True)
        self.cost = self.text("cost")
        self.registration = self._web_address("registration")
        self.organisation = self.text("organisation")
        if self.organisation:
            self.partner = _match(self.organisation, partners)
            if self.partner is None:
                # The same words whether or not a draft partner has the name: notes are public
                # (the Actions log, the pull request), and a draft is not.
                self.notes.append(
                    f"{_code(self.organisation)} is not a published partner (no published "
                    f"partner page has that name), so the description names it. If they "
                    f"should have a partner page, add or publish one and list it under "
                    f"`partners:`."
                )
        self.contact_name = self.text("contact_name")
        email = self.text("contact_email")
        if email:
            try:
                self.contact_email = values.email(email)
            except Invalid:
                self.problem(
                    "contact_email",
                    f"{_code(email)} is not an email address; write it like events@example.org.",
                )
        if "confirmation" not in self.form.ticked or not self.form.ticked["confirmation"]:
            self.problem(
                "confirmation",
                "the box is not ticked. Tick it to confirm that you may "
                "propose this event for your organisation.",
            )

    def _read_when(self) -> None:
        written = self.text("date")
        example = f"{self.today.year + 1}-03-14"
        if written:
            match = values.DATE.fullmatch(written)
            if not match:
                self.problem(
                    "date",
                    f"{_code(written)} is not written as a date; write it as "
                    f"year-month-day, e.g. {example}.",
                )
            else:
                try:
                    self.day = values.calendar_date(written)
                except Invalid as invalid:
                    reason = re.sub(r"^\S+ ", "", invalid.message)  # drop the echoed value
                    self.problem("date", f"{_code(written)} {reason}.")
        if self.day is not None and self.day < self.today:
            self.problem(
                "date",
                f"{self.day} has already passed; the calendar takes events from "
                f"today ({self.today}) on.",
            )
            self.day = None
        elif self.day is not None and self.day > self.today + FAR_AHEAD:
            self.problem("date", f"{self.day} is more than two years away; please check the year.")
            self.day = None
        self.start = self._time("start_time")
        self.end = self._time("end_time")
        if self.end is not None and self.start is None and "start_time" not in self.unreadable:
            self.problem(
                "end_time",
                "there is an end time but no start time. Add the start time, "
                "or leave both empty for an all-day event.",
            )
        elif self.start is not None and self.end is not None and self.end <= self.start:
            relation = "the same as" if self.end == self.start else "before"
            self.problem(
                "end_time",
                f"{self.end:%H:%M} is {relation} the start time "
                f"({self.start:%H:%M}). If the event goes on past midnight, "
                f"leave the end time empty and say when it ends in the "
                f"description.",
            )

    def _time(self, field_id: str) -> time | None:
        written = self.text(field_id)
        if written is None:
            return None
        hour = minute = None
        twelve = TIME_12.fullmatch(written)
        twenty_four = TIME_24.fullmatch(written)
        if twelve and 1 <= int(twelve[1]) <= 12:
            hour = int(twelve[1]) % 12 + (12 if twelve[3].lower() == "p" else 0)
            minute = int(twelve[2] or 0)
        elif twenty_four:
            hour, minute = int(twenty_four[1]), int(twenty_four[2])
        if hour is None or minute is None or hour > 23 or minute > 59:
            self.unreadable.add(field_id)
            self.problem(
                field_id, f"{_code(written)} is not a time of day; write it like 15:30 or 3:30 pm."
            )
            return None
        return time(hour, minute)

    def _read_where(self, venues: list[Venue], partners: list[Partner]) -> None:
        where = self.text("where")
        address = self.text("address")
        self.online = self._web_address("online")
        if where is None:
            if address is not None:
                self.problem(
                    "where",
                    "there is an address but no place name; write the name of "
                    "the place (for example the building or the organisation).",
                )
            elif self.online is None and "online" not in self.unreadable:
                self.problem(
                    "where",
                    "this is empty. Write the library branch or the name of the "
                    "place, or give an **Online link** for an online event.",
                )
            return
        self.location = _match(where, [*venues, *partners])
        if self.location is not None:
            if address is not None:
                self.notes.append(
                    f"The proposal gives the address {_code(address)} for "
                    f"{_code(where)}; the event uses the address in the "
                    f"`{self.location}` file instead. Check that they agree."
                )
            return
        if address is None:
            branches = ", ".join(venue.name for venue in venues)
            known = (
                f" or the name of one of the library's branches ({branches})" if branches else ""
            )
            self.problem(
                "where",
                f"the calendar does not know a place called {_code(where)}. "
                f"Add its street address under **Address**{known}. For an "
                f"online-only event, leave **Where** empty.",
            )
            return
        self.place = {"name": where, "address": address}

    def _web_address(self, field_id: str) -> str | None:
        written = self.text(field_id)
        if written is None:
            return None
        try:
            return values.web_address(written)
        except Invalid:
            self.unreadable.add(field_id)
            self.problem(
                field_id,
                f"{_code(written)} is not a web address; copy the whole link, "
                f"starting with https://",
            )
            return None

    def _read_audiences(self) -> None:
        labels = self.site.audiences
        by_name = {label.casefold(): key for key, label in labels.items()}
        by_name.update({key.casefold(): key for key in labels})
        for ticked in self.form.ticked.get("audience", ()):
            cleaned = " ".join(INVISIBLE.sub("", ticked).split())
            key = by_name.get(cleaned.casefold())
            if key is None:
                choices = ", ".join(labels.values()) or "none"
                self.problem(
                    "audience",
                    f"{_code(cleaned)} is not one of this calendar's "
                    f"audiences ({choices}). Untick it, or choose from those.",
                )
            elif key not in self.audiences:
                self.audiences.append(key)

    def render(self, issue: int | None) -> tuple[str, dict[int, str]]:
        """The event file's text, and which form field each front-matter line came from."""
        lines: list[tuple[str, str]] = []  # (text, field id)
        where = f" in issue #{issue}" if issue is not None else ""
        lines.append(
            (
                f'# Proposed by a partner{where} with the "Propose an event" form. '
                f"Merging this file publishes it.",
                "",
            )
        )
        lines.append((f"title: {_quoted_text(self.title)}", "title"))
        start = f"{self.day} {self.start:%H:%M}" if self.start is not None else f"{self.day}"
        lines.append((f"start: {start}", "start_time" if self.start is not None else "date"))
        if self.end is not None:
            lines.append((f'end: "{self.end:%H:%M}"', "end_time"))
        if self.location is not None:
            lines.append((f"location: {self.location}", "where"))
        elif self.place is not None:
            lines += [
                ("location:", "where"),
                (f"  name: {_quoted_text(self.place['name'])}", "where"),
                (f"  address: {_quoted_text(self.place['address'])}", "address"),
            ]
        if self.online is not None:
            lines.append((f"online: {_quoted_text(self.online)}", "online"))
        if self.partner is not None:
            lines += [
                ("partners:", "organisation"),
                (f"  - partner: {self.partner}", "organisation"),
                ("    role: host", "organisation"),
            ]
        if self.audiences:
            lines.append((f"audiences: [{', '.join(self.audiences)}]", "audience"))
        if self.accessibility is not None:
            lines.append((f"accessibility: {_quoted_text(self.accessibility)}", "accessibility"))
        if self.cost is not None:
            lines.append((f"cost: {_quoted_text(self.cost)}", "cost"))
        if self.registration is not None:
            lines.append((f"registration: {_quoted_text(self.registration)}", "registration"))
        lines += [
            ("contact:", "contact_name"),
            (f"  name: {_quoted_text(self.contact_name)}", "contact_name"),
            (f"  email: {_quoted_text(self.contact_email)}", "contact_email"),
        ]
        body = self.description
        if self.partner is None:
            body += f"\n\nOrganised by {_markdown_text(self.organisation)}."
        text = "---\n" + "".join(f"{line}\n" for line, _ in lines) + "---\n" + body + "\n"
        return text, {
            number: field_id for number, (_, field_id) in enumerate(lines, start=2) if field_id
        }


def _match(name: str, places: Sequence[Venue | Partner]) -> str | None:
    """The slug of the venue or partner that `name` names (by file name or by name), if any."""
    wanted = values.slugify(name)
    if not wanted:
        return None
    for place in places:
        if wanted in (place.slug, values.slugify(place.name)):
            return place.slug
    return None


def _taken(events_dir: Path) -> set[str]:
    """Every name in use anywhere under events/, drafts and broken files included, lowercased (on
    some computers Story.md and story.md are the same file) and without '.md'."""
    taken: set[str] = set()
    for _root, folders, names in os.walk(events_dir):
        taken |= {name.lower().removesuffix(".md") for name in [*folders, *names]}
    return taken


def _slug(title: str, day: date, taken: set[str]) -> str:
    """A new file name from the title's letters and digits: never a path, never one in use."""
    slug = values.slugify(title)
    if len(slug) > SLUG_LENGTH:
        slug = (
            slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
            if "-" in slug[: SLUG_LENGTH + 1]
            else slug[:SLUG_LENGTH]
        )
        slug = slug.strip("-")
    if not values.SLUG.fullmatch(slug):
        slug = f"event-{day.isoformat()}"  # a title in a script with no Latin letters
    if slug in DEVICE_NAMES:
        slug += "-event"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def _write(path: Path, events_dir: Path, text: str) -> None:
    events_dir.mkdir(parents=True, exist_ok=True)
    if path.resolve().parent != events_dir.resolve():  # the slug makes this impossible; be sure
        raise ValueError(f"refusing to write {path} outside {events_dir}")
    with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
        file.write(text)


def _quoted_text(text: str | None) -> str:
    assert text is not None
    return quoted(text)


def _code(text: str, limit: int = 80) -> str:
    """Partner text quoted in a comment: as inline code, so no @mention, link or formatting in it
    takes effect."""
    text = " ".join(text.replace("`", "'").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"`{text}`" if text else "(nothing)"


def _markdown_text(text: str | None) -> str:
    """Plain text that Markdown shows as typed (no links, emphasis or HTML)."""
    assert text is not None
    return MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


def _defuse(message: str) -> str:
    """A checker message in a comment: an '@' in it must not mention anyone."""
    return message.replace("@", "@\u2060")
