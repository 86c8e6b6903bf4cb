"""schema.org Event structured data for event pages, as Google's event rich results ask. Pure.

One Event per listed occurrence of a series (bounded by the caller). The JSON is escaped so that no
value, however hostile, can close the <script> element that holds it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from markupsafe import Markup

from generator.models import Event, Occurrence
from generator.render.urls import Urls

STATUS = {
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "rescheduled": "https://schema.org/EventRescheduled",
    "scheduled": "https://schema.org/EventScheduled",
}
MODE = {
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}
PRICE = re.compile(r"([$€£])\s*(\d+(?:\.\d{2})?)")
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}
US_ADDRESS = re.compile(
    r"(?P<street>[^,]+),\s*(?P<city>[^,]+),\s*(?P<region>[A-Z]{2})\s+"
    r"(?P<postal>\d{5}(?:-\d{4})?)(?:,\s*(?P<country>.+))?"
)
ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def event_json_ld(event: Event, occurrences: list[Occurrence], views, urls: Urls) -> Markup:
    items = [_item(event, occurrence, views, urls) for occurrence in occurrences]
    data = items[0] if len(items) == 1 else items
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: ESCAPES[m[0]], text))


def _item(event: Event, occurrence: Occurrence, views, urls: Urls) -> dict:
    site = views.site
    where = views.where(event, occurrence)
    item: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": views.summary(event),
        "url": urls.absolute(urls.event(event.slug)),
        "startDate": _date(occurrence.starts_at),
        "endDate": _date(occurrence.ends_at),
        "eventStatus": STATUS[_status(occurrence)],
        "eventAttendanceMode": MODE[_mode(event, where)],
        "organizer": {
            "@type": "Organization",
            "name": site.library or site.title,
            "url": site.base_url,
        },
    }
    previous = occurrence.recurrence_id if occurrence.moved else event.rescheduled_from
    if previous is not None and _status(occurrence) == "rescheduled":
        item["previousStartDate"] = _date(previous)
    locations = []
    if where.name:
        locations.append(_place(where))
    if where.online:
        locations.append({"@type": "VirtualLocation", "url": where.online})
    if locations:
        item["location"] = locations[0] if len(locations) == 1 else locations
    image = views.image(event.image)
    if image:
        item["image"] = [urls.absolute(image.url)]
    if event.languages:
        item["inLanguage"] = (
            list(event.languages) if len(event.languages) > 1 else event.languages[0]
        )
    performers = [
        views.index.partners[link.slug] for link in event.partners if link.role == "presenter"
    ]
    if performers:
        item["performer"] = [{"@type": "Organization", "name": p.name} for p in performers]
    if event.cost:
        offer = {
            "@type": "Offer",
            "description": event.cost,
            "url": event.registration or item["url"],
        }
        price = PRICE.search(event.cost)
        if price:
            offer.update(price=price[2], priceCurrency=CURRENCY[price[1]])
        item["offers"] = offer
    return item


def _status(occurrence: Occurrence) -> str:
    """schema.org's words for Occurrence.standing: a moved date is rescheduled; a date at
    another place is still scheduled."""
    return {"moved": "rescheduled", "changed": "scheduled"}.get(
        occurrence.standing, occurrence.standing
    )


def _mode(event: Event, where) -> str:
    if where.online and where.name:
        return "mixed"
    return "online" if where.online else "offline"


def _place(where) -> dict:
    place: dict = {"@type": "Place", "name": where.name}
    if where.address:
        match = US_ADDRESS.fullmatch(where.address)
        if match:
            address = {
                "@type": "PostalAddress",
                "streetAddress": match["street"],
                "addressLocality": match["city"],
                "addressRegion": match["region"],
                "postalCode": match["postal"],
            }
            address["addressCountry"] = match["country"] or "US"
        else:
            address = {"@type": "PostalAddress", "streetAddress": where.address}
        place["address"] = address
    elif where.withheld:
        place["address"] = {"@type": "PostalAddress", "description": where.withheld}
    if where.geo:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": where.geo[0],
            "longitude": where.geo[1],
        }
    return place


def _date(value) -> str:
    return value.isoformat() if isinstance(value, datetime) else value.isoformat()
