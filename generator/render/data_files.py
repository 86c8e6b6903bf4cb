"""The site's data files: events.json (open data), feed.xml (Atom), sitemap.xml, robots.txt and
.nojekyll. Returns (out_path, bytes); no I/O but the build's cache (events.json's entries). events.json is documented in docs/data.md."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from json.encoder import encode_basestring
from xml.sax.saxutils import escape, quoteattr

from generator.content.index import SiteIndex
from generator.content.recurrence import expand
from generator.incremental.cache import cached
from generator.incremental.history import History
from generator.models import UTC, Event
from generator.render.urls import Urls
from generator.render.views import Views

DATA_VERSION = 1
ATOM_ENTRIES = 50


def data_files(
    index: SiteIndex,
    urls: Urls,
    now: datetime,
    history: History,
    views: Views,
    horizon: datetime,
    html_pages: list[str],
    languages: tuple[tuple[str, str], ...] = (),
) -> list[tuple[str, bytes]]:
    """`languages`: (code, tree) of every language the pages are published in, the default
    first ("en", ""), ("es", "es/"): the sitemap links each page's versions."""
    return [
        ("events.json", _events_json(index, urls, now, views, horizon)),
        ("feed.xml", _atom(index, urls, now, history, views)),
        ("sitemap.xml", _sitemap(index, urls, now, history, html_pages, languages)),
        (
            "robots.txt",
            f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(urls.file('sitemap.xml'))}\n".encode(),
        ),
        (".nojekyll", b""),
    ]


def _events_json(
    index: SiteIndex, urls: Urls, now: datetime, views: Views, horizon: datetime
) -> bytes:
    site = index.site
    entries = [
        _entry_json(index, urls, now, views, horizon, event) for event in index.events.values()
    ]
    document = {
        "version": DATA_VERSION,
        "title": site.title,
        "url": site.base_url,
        "generated": now.isoformat(),
        "timezone": site.timezone.key,
        "vocabularies": {
            name: site.vocabulary(name)
            for name in ("audiences", "categories", "languages", "access")
        },
        "events": [],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1)
    if not entries:
        return (text + "\n").encode("utf-8")
    # Exactly what json.dumps(document with its entries, indent=1) writes: "events" is the last
    # key, so its list closes the document, and each entry sits two levels in.
    return (text[: -len("[]\n}")] + "[\n  ").encode("utf-8") + b",\n  ".join(entries) + b"\n ]\n}\n"


def _entry_json(
    index: SiteIndex, urls: Urls, now: datetime, views: Views, horizon: datetime, event: Event
) -> bytes:
    """One event's entry, as json.dumps(indent=1) writes it inside the list of events. Remembered
    by everything it is made from: a one-off event's by the entry itself; a series' by the entry
    without its dates plus all that expand() reads (the event and the window), so that a series
    is not expanded again."""
    window = (
        (now - timedelta(days=366), horizon)
        if event.repeat is not None and event.repeat.open_ended
        else (None, horizon)
    )
    entry = _entry(index, urls, views, event)
    if event.repeat is None:
        entry["occurrences"] = _occurrences(event, window)
        inputs: tuple = (entry,)
    else:
        inputs = (entry, event, window)

    def make() -> bytes:
        full = (
            entry if event.repeat is None else {**entry, "occurrences": _occurrences(event, window)}
        )
        try:
            text = indented_json(full, "\n  ")
        except TypeError:  # a value indented_json() does not know: json says what it makes of it
            text = json.dumps(full, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        return text.encode("utf-8")

    return cached("events-json", inputs, make, views.cache)


def _occurrences(event: Event, window: tuple[datetime | None, datetime]) -> list[dict]:
    return [
        {
            "start": _iso(o.starts_at),
            "end": _iso(o.ends_at),
            "series_date": _iso(o.recurrence_id),
            "status": o.standing if o.standing in ("cancelled", "postponed") else "scheduled",
            "note": o.note,
            "location": o.location,
            "room": o.room,
        }
        for o in expand(event, *window)
    ]


def _entry(index: SiteIndex, urls: Urls, views: Views, event: Event) -> dict:
    """An event's entry in events.json, its dates ("occurrences") still None."""
    where = views.where(event)
    return {
        "id": index.uid(event),
        "slug": event.slug,
        "url": urls.absolute(urls.event(event.slug)),
        "ics": urls.absolute(urls.event_ics(event.slug)),
        "title": event.title,
        "summary": views.summary(event),
        "description": event.body.strip(),
        "status": event.status,
        "status_note": event.status_note,
        "rescheduled_from": _iso(event.rescheduled_from),
        "all_day": event.all_day,
        "timezone": event.timezone.key,
        "start": _iso(event.starts_at),
        "end": _iso(event.ends_at),
        "repeat": {
            "rule": event.repeat.rule,
            "description": event.repeat.description,
            "until": _iso(event.repeat.until),
            "count": event.repeat.count,
        }
        if event.repeat
        else None,
        "occurrences": None,
        "location": {
            "slug": event.location,
            "name": where.name,
            "address": where.address,
            "address_withheld": where.withheld is not None,
            "geo": list(where.geo) if where.geo else None,
            "room": event.room,
        }
        if where.name
        else None,
        "online": event.online,
        "partners": [
            {"slug": link.slug, "name": index.partners[link.slug].name, "role": link.role}
            for link in event.partners
        ],
        "audiences": list(event.audiences),
        "categories": list(event.categories),
        "languages": list(event.languages),
        "access": list(event.access),
        "accessibility": event.accessibility,
        "cost": event.cost,
        "registration": event.registration,
        "registration_required": event.registration_required,
        "contact": {
            "name": event.contact.name,
            "email": event.contact.email,
            "phone": event.contact.phone,
        }
        if event.contact
        else None,
        "image": {"url": urls.absolute(urls.media(event.image.path)), "alt": event.image.alt}
        if event.image
        else None,
    }


def indented_json(value, newline: str) -> str:
    """`value` exactly as json.dumps(value, ensure_ascii=False, indent=1) writes it, each line
    after the first starting with `newline`'s spaces. json's own indenting encoder is pure Python
    and twice as slow; this one knows only plain dicts with text keys, lists, text, whole and
    finite numbers, booleans and None, and raises TypeError for anything else."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is dict:
        if not value:
            return "{}"
        if any(type(name) is not str for name in value):
            raise TypeError("a key that is not text")
        inner = newline + " "
        return (
            "{"
            + inner
            + ("," + inner).join(
                [
                    encode_basestring(name)
                    + ": "
                    + (encode_basestring(item) if type(item) is str else indented_json(item, inner))
                    for name, item in value.items()
                ]
            )
            + newline
            + "}"
        )
    if kind is list:
        if not value:
            return "[]"
        inner = newline + " "
        return (
            "["
            + inner
            + ("," + inner).join(
                [
                    encode_basestring(item) if type(item) is str else indented_json(item, inner)
                    for item in value
                ]
            )
            + newline
            + "]"
        )
    if kind is int:
        return int.__repr__(value)
    if kind is float and -math.inf < value < math.inf:  # NaN fails both comparisons
        return float.__repr__(value)
    raise TypeError(f"{kind.__name__} is not a plain JSON value")


def _atom(index: SiteIndex, urls: Urls, now: datetime, history: History, views: Views) -> bytes:
    """Events as they are announced: newest first by when their file was first committed."""

    def announced(event: Event) -> datetime:
        record = history.of(event.src_path)
        return (record.first if record else now).astimezone(UTC).replace(microsecond=0)

    def updated(event: Event) -> datetime:
        record = history.of(event.src_path)
        return (record.changed if record else now).astimezone(UTC).replace(microsecond=0)

    events = sorted(index.events.values(), key=lambda e: (announced(e), e.slug), reverse=True)
    events = events[:ATOM_ENTRIES]
    newest = max((updated(e) for e in events), default=now.astimezone(UTC).replace(microsecond=0))
    site = index.site
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(site.title)}</title>",
        f"<subtitle>{escape(site.description or '')}</subtitle>",
        f'<link rel="self" href={quoteattr(urls.absolute(urls.atom))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(site.base_url)}/>',
        f"<id>{escape(site.base_url)}</id>",
        f"<updated>{_zulu(newest)}</updated>",
        f"<author><name>{escape(site.library or site.title)}</name></author>",
    ]
    for event in events:
        page = urls.absolute(urls.event(event.slug))
        first = views.item(expand(event, None, None)[0]) if event.repeat is None else None
        when = f"{first.day_label}, {first.time}" if first else _series(event)
        lines += [
            "<entry>",
            f"<title>{escape(event.title)}</title>",
            f'<link rel="alternate" type="text/html" href={quoteattr(page)}/>',
            f"<id>{escape(page)}</id>",
            f"<published>{_zulu(announced(event))}</published>",
            f"<updated>{_zulu(updated(event))}</updated>",
            f"<summary>{escape(when + ': ' + views.summary(event))}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _sitemap(
    index: SiteIndex,
    urls: Urls,
    now: datetime,
    history: History,
    html_pages: list[str],
    languages: tuple[tuple[str, str], ...] = (),
) -> bytes:
    changed = {}
    for kind, things in (("events", index.events), ("partners", index.partners)):
        for slug, thing in things.items():
            record = history.of(thing.src_path)
            url = urls.event(slug) if kind == "events" else urls.partner(slug)
            changed[urls.out_path(url)] = record.changed if record else now
    trees = tuple(tree for _, tree in languages if tree)
    xhtml = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if trees else ""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{xhtml}>',
    ]
    for out_path in sorted(html_pages):
        tree = next((tree for tree in trees if out_path.startswith(tree)), "")
        own = out_path[len(tree) :]  # the page's path in the default language's tree
        if own == "404.html":
            continue
        lastmod = changed.get(own, now).astimezone(UTC).date().isoformat()
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" '
            f'href="{escape(urls.absolute(_page_url(urls, other + own)))}"/>'
            for code, other in languages
        )
        lines.append(
            f"<url><loc>{escape(urls.absolute(_page_url(urls, out_path)))}</loc>"
            f"<lastmod>{lastmod}</lastmod>{alternates}</url>"
        )
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _page_url(urls: Urls, out_path: str) -> str:
    return urls.base_path + (
        out_path[: -len("index.html")] if out_path.endswith("index.html") else out_path
    )


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _zulu(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _series(event: Event) -> str:
    assert event.repeat is not None
    return event.repeat.description
