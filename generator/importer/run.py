"""`bulletin import` from start to end, one partner at a time: read the feed, shape its events,
find each one's file, merge field by field (what staff changed stays), mark coming events that left
the feed, check every new or changed file with the real checker, then write the ones that pass.
A feed that cannot be read or parsed changes nothing. Returns what happened; prints nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from generator.content.frontmatter import parse_document
from generator.content.index import SiteIndex
from generator.content.load import load
from generator.content.reader import Context
from generator.content.sources import Source, display_path
from generator.content.validate_event import validate_event
from generator.content.values import slugify
from generator.importer import files, health
from generator.importer.fetch import DEFAULT_LIMITS, FetchFailed, Limits, fetch, read_file
from generator.importer.parse import FeedEvent, FeedUnreadable, Hints, normal_title, parse_feed
from generator.importer.shape import Defaults, Hub, Shaped, moment_text, shape
from generator.models import UTC, Partner
from generator.problems import Problem

FOLDER = ("events", "imported")
AHEAD = relativedelta(months=12)  # how far ahead events are imported
OWNED = (
    "title",
    "start",
    "end",
    "timezone",
    "repeat",
    "occurrences",
    "status",
    "location",
    "online",
    "registration",
    "partners",
    "audiences",
    "categories",
    "languages",
    "access",
)
BODY = "body"
SLUG_WORDS = 50


class UsageError(Exception):
    """The command was given something it cannot use (no such partner, a bad --from)."""


@dataclass
class Outcome:
    """What one partner's import did."""

    partner: str
    name: str
    address: str
    failure: str | None = None  # why nothing was imported
    events: int = 0  # events in the feed, after privacy and `exclude`
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    left_feed: list[str] = field(default_factory=list)  # marked this time
    made_private: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # staff's values kept against a changed feed
    notes: list[str] = field(default_factory=list)  # repairs and things to look at
    problems: list[Problem] = field(default_factory=list)  # files not written, and why
    source: str = ""  # what the files record as where they came from: the address, or the
    # name of the file a partner sent (never a path on someone's computer)
    blocked: set[str] = field(default_factory=set)  # UIDs of imported files that cannot be read


@dataclass
class Result:
    outcomes: list[Outcome]


def run_import(
    content_dir: Path,
    now_for: Callable[[ZoneInfo], datetime],
    only: str | None = None,
    sources: dict[str, str] | None = None,
    limits: Limits | None = None,
) -> Result:
    """Import every partner's feed (or `only` one); `sources` maps a partner to a file or address
    read instead of its `feed`. `now_for(zone)` is the moment of the import (--now is read in the
    site's zone)."""
    sources = dict(sources or {})
    limits = limits if limits is not None else DEFAULT_LIMITS
    loaded = load(content_dir, drafts=True)
    if loaded.index is None or loaded.context is None:
        raise UsageError(
            "content/site.toml has errors, so nothing can be imported; run bulletin check: "
            + "; ".join(str(problem) for problem in loaded.errors)
        )
    index = loaded.index
    now = now_for(index.site.timezone)
    with_feeds = sorted(slug for slug, p in index.partners.items() if p.feed or slug in sources)
    for slug in [*sources, *([only] if only else [])]:
        if slug not in index.partners:
            known = ", ".join(sorted(index.partners)) or "none"
            raise UsageError(f"there is no partner '{slug}' (content/partners/ has: {known})")
    if only is not None:
        if only not in with_feeds:
            raise UsageError(
                f"partner '{only}' has no 'feed' in its file; add one, or give "
                f"--from {only}=FILE_OR_URL"
            )
        with_feeds = [only]
    records = health.load_health(content_dir) or {}
    taken = _taken(content_dir / "events")
    outcomes = []
    for slug in with_feeds:
        partner = index.partners[slug]
        address = sources.get(slug) or partner.feed or ""
        outcome = Outcome(slug, partner.name, address)
        outcome.source = address if "://" in address else Path(address).name
        _import_partner(content_dir, index, loaded.context, partner, now, limits, taken, outcome)
        stamp = now.astimezone(UTC).replace(microsecond=0).isoformat()
        previous = records.get(slug)
        if outcome.failure is not None:
            records[slug] = health.failed(previous, slug, address, stamp, outcome.failure)
        else:
            records[slug] = health.succeeded(
                previous, slug, address, stamp, outcome.events, _still_gone(content_dir, slug)
            )
        outcomes.append(outcome)
    health.save_health(content_dir, records)
    return Result(outcomes)


def _import_partner(
    content_dir: Path,
    index: SiteIndex,
    context: Context,
    partner: Partner,
    now: datetime,
    limits: Limits,
    taken: set[str],
    outcome: Outcome,
) -> None:
    site = index.site
    defaults = Defaults(**vars(partner.feed_defaults))
    try:
        if "://" in outcome.address:
            data = fetch(outcome.address, limits)
        else:
            data = read_file(Path(outcome.address), limits)
        feed = parse_feed(
            data, Hints(site.timezone, partner.feed_timezone, tuple(defaults.exclude))
        )
    except (FetchFailed, FeedUnreadable) as error:
        outcome.failure = str(error)
        return
    outcome.notes += feed.notes
    if feed.private:
        outcome.notes.append(
            f"{feed.private} private or confidential entr{'y was' if feed.private == 1 else 'ies were'} "
            f"left out"
        )
    if feed.excluded:
        outcome.notes.append(
            f"{feed.excluded} entr{'y was' if feed.excluded == 1 else 'ies were'} left out for "
            f"the words in 'feed_defaults.exclude'"
        )
    today = now.astimezone(site.timezone).date()
    window = _window(now, site.feed_past_days)
    hub = Hub(site, partner, defaults, {**index.partners, **index.venues}, window)

    def validate(fields: dict[str, Any], body: str):
        text = files.render(_data(fields), body, [])
        document, problems = parse_document("candidate.md", text)
        if document is None or any(problem.is_error for problem in problems):
            return None
        model, reader = validate_event(document, "candidate", context)
        return None if reader.failed else model

    shaped: list[tuple[str | None, FeedEvent, Shaped]] = []
    for event in feed.events:
        result = shape(event, hub, validate)
        shaped.append((event.uid, event, result))
        for detached_id, detached in result.detached:
            shaped.append((detached_id, detached, shape(detached, hub, validate)))
    outcome.events = len([item for item in shaped if item[2].fields])

    folder = content_dir.joinpath(*FOLDER, partner.slug)
    existing = _existing(folder, outcome)
    feed_ids = {identity for identity, _, _ in shaped if identity}
    unmatched = dict(existing)
    changed: dict[Path, str] = {}
    for identity, event, result in shaped:
        if not result.fields:
            continue
        path = _match(identity, result, unmatched, feed_ids)
        if path is None and identity and identity in outcome.blocked:
            continue  # its file has a mistake (reported): never a second copy
        if path is None:
            if _ended_before(event, window[0]):
                continue  # long past: not worth a new file
            path = folder / f"{_slug(event, taken)}.md"
            text = _new_text(result, outcome.source, identity)
            changed[path] = text
            outcome.created.append(display_path(path))
            continue
        document, old_text = unmatched.pop(path)
        text = _merged_text(document, result, outcome, identity, display_path(path))
        if text != old_text:
            changed[path] = text
            outcome.updated.append(display_path(path))
        else:
            outcome.unchanged += 1
    for path, (document, old_text) in sorted(unmatched.items()):
        uid = str(document.data[files.IMPORTED].get("uid") or "").split("#", 1)[0]
        if uid and uid in feed.private_uids:
            text = _private_text(document)
            if text != old_text:
                changed[path] = text
                outcome.updated.append(display_path(path))
                outcome.made_private.append(display_path(path))
            continue
        gone = _gone_text(document, today, now, site.timezone)
        if gone is not None and gone != old_text:
            changed[path] = gone
            outcome.updated.append(display_path(path))
            outcome.left_feed.append(display_path(path))
    _check_and_write(content_dir, changed, outcome)


def _window(now: datetime, past_days: int) -> tuple[datetime, datetime]:
    """Dates listed one by one run from the month of (now - feed_past_days) to the end of the
    month twelve months ahead, so the list changes once a month rather than every day."""
    first = (now - timedelta(days=past_days)).date().replace(day=1)
    last = (now + AHEAD).date().replace(day=1) + relativedelta(months=1)
    return (datetime.combine(first, time(), UTC), datetime.combine(last, time(), UTC))


def _ended_before(event: FeedEvent, moment: datetime) -> bool:
    if event.rrule or event.rdates:
        return False
    end = event.ends_at
    if isinstance(end, datetime):
        return end.astimezone(UTC) < moment
    return datetime.combine(end, time(), event.zone).astimezone(UTC) < moment


# -- the files already imported -----------------------------------------------------------------


def _existing(folder: Path, outcome: Outcome) -> dict[Path, tuple[Any, str]]:
    found: dict[Path, tuple[Any, str]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        document, text, problems = files.read(path, display_path(path))
        if document is None:
            uid = re.search(r'^\s*uid:\s*"?([^"\n]+)"?\s*$', text, re.M)
            if uid:
                outcome.blocked.add(uid[1].strip())
            outcome.problems.append(
                Problem(
                    display_path(path),
                    problems[0].line if problems and hasattr(problems[0], "line") else None,
                    "was not updated: it has a mistake that bulletin check reports; fix it, and "
                    "the next import updates it",
                )
            )
            continue
        imported = document.data.get(files.IMPORTED)
        if not isinstance(imported, dict):
            continue  # a file staff added by hand: not the importer's
        found[path] = (document, text)
    return found


def _last(document) -> dict[str, Any]:
    imported = document.data.get(files.IMPORTED) or {}
    last = imported.get("last") if isinstance(imported, dict) else None
    return last if isinstance(last, dict) else {}


def _key(fields: dict[str, Any]) -> tuple:
    return (fields.get("start"), normal_title(str(fields.get("title") or "")))


def _match(identity, result: Shaped, unmatched: dict, feed_ids: set) -> Path | None:
    """The file of this event: by its UID; else (no UID, or one that changed, as Outlook's do) by
    start and title as last imported, among files whose UID the feed no longer has."""
    for path, (document, _) in unmatched.items():
        if identity and document.data[files.IMPORTED].get("uid") == identity:
            return path
    key = _key(result.fields)
    for path, (document, _) in unmatched.items():
        uid = document.data[files.IMPORTED].get("uid")
        if (not uid or uid not in feed_ids) and _key(_last(document)) == key:
            return path
    return None


def _still_gone(content_dir: Path, partner: str) -> list[str]:
    folder = content_dir.joinpath(*FOLDER, partner)
    gone = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        document, _, _ = files.read(path, display_path(path))
        imported = document.data.get(files.IMPORTED) if document else None
        if isinstance(imported, dict) and imported.get("gone"):
            gone.append(display_path(path))
    return gone


# -- file text ----------------------------------------------------------------------------------


def _data(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def _comments(result: Shaped) -> list[str]:
    comments = [
        "Imported from the partner's own calendar by bulletin import. You may change any value: "
        "the import never overwrites a value staff changed. Leave the 'imported' lines as they "
        "are (they say where the event came from and what was last imported)."
    ]
    if result.comment:
        comments.append(result.comment)
    return comments


def _imported(address: str, identity: str | None, last: dict[str, Any], gone=None) -> dict:
    block: dict[str, Any] = {"feed": address}
    if identity:
        block["uid"] = identity
    if gone:
        block["gone"] = gone
    block["last"] = last
    return block


def _last_of(fields: dict[str, Any], body: str) -> dict[str, Any]:
    last = {key: fields[key] for key in OWNED if fields.get(key) is not None}
    last[BODY] = files.fingerprint(body)
    return last


def _new_text(result: Shaped, address: str, identity: str | None) -> str:
    data = _data(result.fields)
    data[files.IMPORTED] = _imported(address, identity, _last_of(result.fields, result.body))
    return files.render(data, result.body, _comments(result))


def _merged_text(document, result: Shaped, outcome: Outcome, identity, src_path: str) -> str:
    """Each owned value from the feed, unless staff changed it since the last import."""
    current = dict(document.data)
    last = _last(document)
    new = result.fields
    merged = {key: value for key, value in current.items() if key != files.IMPORTED}
    staff_moved = current.get("start") != last.get("start")
    for key in OWNED:
        mine, before, theirs = current.get(key), last.get(key), new.get(key)
        if mine == before:
            merged[key] = theirs
        elif theirs != before:
            outcome.kept.append(
                f"{src_path}: kept staff's '{key}'; the partner's calendar now says "
                f"{_shown(theirs)}"
            )
    body = document.body
    if files.fingerprint(body) == last.get(BODY):
        body = result.body
    elif files.fingerprint(result.body) != last.get(BODY):
        outcome.kept.append(
            f"{src_path}: kept staff's description; the partner's calendar has a new one"
        )
    single = not new.get("repeat")
    if single and not staff_moved and last.get("start") and new.get("start") != last.get("start"):
        earlier = current.get("rescheduled_from") or last.get("start")
        merged["rescheduled_from"] = earlier if earlier != merged.get("start") else None
    if merged.get("status") == "cancelled" or merged.get("repeat"):
        merged["rescheduled_from"] = None
    merged[files.IMPORTED] = _imported(outcome.source, identity, _last_of(new, result.body))
    return files.render(_data(merged), body, _comments(result))


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _gone_text(document, today: date, now: datetime, zone) -> str | None:
    """A coming event that left the feed: marked with the day it was first missed (never
    deleted). One already over is left as it is: feeds drop past events."""
    imported = dict(document.data[files.IMPORTED])
    if imported.get("gone"):
        return None
    if not _still_to_come(document, now, zone):
        return None
    imported["gone"] = today.isoformat()
    data = dict(document.data)
    data[files.IMPORTED] = imported
    comments = [line for line in _leading_comments(document) if line]
    return files.render(data, document.body, comments or _comments(Shaped({}, "")))


def _leading_comments(document) -> list[str]:
    return []


def _private_text(document) -> str:
    """An imported event the partner has since made private: no longer published (`draft`),
    never deleted; staff decide."""
    data = dict(document.data)
    data["draft"] = "true"
    return files.render(data, document.body, _comments(Shaped({}, "")))


def _still_to_come(document, now: datetime, zone) -> bool:
    """True unless every date the file gives is over (a series with no end always counts)."""
    data = document.data
    repeat = data.get("repeat")
    texts = [data.get("start"), data.get("end")]
    if isinstance(repeat, dict):
        if not any(key in repeat for key in ("until", "count")) and "rrule" in repeat:
            rule = str(repeat["rrule"]).upper()
            if "UNTIL=" not in rule and "COUNT=" not in rule:
                return True
        elif not any(key in repeat for key in ("until", "count", "rrule")):
            return True
        texts += [repeat.get("until")] + list(repeat.get("also") or [])
        rule = str(repeat.get("rrule") or "")
        if "UNTIL=" in rule.upper():
            value = rule.upper().split("UNTIL=", 1)[1][:8]
            texts.append(f"{value[:4]}-{value[4:6]}-{value[6:8]}")
        if "count" in repeat or "COUNT=" in rule.upper():
            return True  # counted series: cheap to keep as coming; staff decide
    latest = None
    for text in texts:
        if not isinstance(text, str) or len(text) < 10:
            continue
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            continue
        latest = day if latest is None or day > latest else latest
    return latest is None or latest >= now.astimezone(zone).date()


def _taken(events_dir: Path) -> set[str]:
    taken: set[str] = set()
    if events_dir.is_dir():
        for path in events_dir.rglob("*"):
            taken.add(path.name.lower().removesuffix(".md"))
    return taken


def _slug(event: FeedEvent, taken: set[str]) -> str:
    words = slugify(event.title)[:SLUG_WORDS].strip("-") or "event"
    base = f"{words}-{moment_text(event.starts_at)[:10]}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


# -- checking, then writing ---------------------------------------------------------------------


def _check_and_write(content_dir: Path, changed: dict[Path, str], outcome: Outcome) -> None:
    """Check every new or changed file as `bulletin check` would, with all of them in place;
    write those with no error. A file with an error is left as it was (or not made)."""
    if not changed:
        return
    added = tuple(
        Source("event", path.stem, display_path(path), text) for path, text in changed.items()
    )
    checked = load(content_dir, drafts=True, added=added)
    failed: set[str] = set()
    for problem in checked.problems:
        if problem.src_path not in {source.src_path for source in added}:
            continue
        if problem.is_error:
            failed.add(problem.src_path)
            outcome.problems.append(
                Problem(
                    problem.src_path,
                    problem.line,
                    f"not imported, because the file would have this mistake: {problem.message}",
                )
            )
    for path, text in sorted(changed.items()):
        shown = display_path(path)
        if shown in failed:
            for found in (outcome.created, outcome.updated, outcome.left_feed):
                if shown in found:
                    found.remove(shown)
            continue
        files.write(path, text)
