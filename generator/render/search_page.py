"""The /search/ page of each language tree, and what the list pages share with it: the filters
form and the links between list pages ("Browse"). The search itself happens in the reader's
browser (templates/assets/search.js, over the index search_index.py makes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.content.index import SiteIndex
from generator.models import Event, Site
from generator.render.search_index import (
    BUNDLE,
    EVERY_EVENT,
    FACETS,
    WINDOWS,
    Tree,
    has_records,
)
from generator.render.urls import Urls
from generator.render.views import Link
from generator.translate.language import N_, _

if TYPE_CHECKING:
    from generator.render.pages import Pages

MAX_QUERY = 200  # characters of a search; longer asks the reader to shorten it
FACET_LABELS = {  # in English here; translated where a page shows them (facets(), windows())
    "audience": (N_("Who for"), N_("Anyone")),
    "category": (N_("Topic"), N_("Any topic")),
    "language": (N_("Language"), N_("Any language")),
    "venue": (N_("Branch or place"), N_("Anywhere")),
    "partner": (N_("Partner"), N_("Any partner")),
    "access": (N_("Accessibility"), N_("Any")),
}
WINDOW_LABELS = {
    "today": N_("Today"),
    "weekend": N_("This weekend"),
    "week": N_("The next 7 days"),
    "month": N_("The next 30 days"),
}
assert tuple(FACET_LABELS) == FACETS and tuple(WINDOW_LABELS) == WINDOWS
# The search's word for each kind of list page (/audiences/teens/ is ?audience=teens).
FACET_OF = {
    "audiences": "audience",
    "categories": "category",
    "languages": "language",
    "venues": "venue",
    "access": "access",
}


@dataclass(frozen=True)
class Facet:
    name: str  # the address's word: ?audience=teens
    label: str
    anyone: str  # the choice that sets no filter
    options: list[tuple[str, str]]  # (key, label)


def facets(index: SiteIndex) -> list[Facet]:
    """The form's choices, in the language being spoken."""
    site = index.site
    options = {
        "audience": _labels(site.audiences),
        "category": _labels(site.categories),
        "language": _labels(site.languages),
        "venue": [
            (v.slug, v.name) for v in sorted(index.venues.values(), key=lambda v: v.name.lower())
        ],
        "partner": [
            (p.slug, p.name) for p in sorted(index.partners.values(), key=lambda p: p.name.lower())
        ],
        "access": _labels(site.access),
    }
    return [
        Facet(name, _(FACET_LABELS[name][0]), _(FACET_LABELS[name][1]), options[name])
        for name in FACETS
    ]


def windows() -> list[tuple[str, str]]:
    """The "When" choices, in the language being spoken."""
    return [(key, _(label)) for key, label in WINDOW_LABELS.items()]


def _labels(words: dict[str, str]) -> list[tuple[str, str]]:
    """site.toml's words, as the hub's catalog for the language being spoken says them."""
    return [(key, _(label)) for key, label in words.items()]


def browse(index: SiteIndex, urls: Urls) -> list[tuple[str, list[Link]]]:
    """Every list page, by kind: what each list page and the search page link to. The headings
    and site.toml's words are in English here: the template says them in the page's language."""
    site = index.site
    groups = [
        (
            N_("Who for"),
            [Link(label, urls.listing("audiences", k)) for k, label in site.audiences.items()],
        ),
        (
            N_("Topics"),
            [Link(label, urls.listing("categories", k)) for k, label in site.categories.items()],
        ),
        (
            N_("Languages"),
            [Link(label, urls.listing("languages", k)) for k, label in site.languages.items()],
        ),
        (
            N_("Branches and places"),
            [
                Link(v.name, urls.listing("venues", v.slug))
                for v in sorted(index.venues.values(), key=lambda v: v.name.lower())
            ],
        ),
        (
            N_("Accessibility"),
            [Link(label, urls.listing("access", k)) for k, label in site.access.items()],
        ),
    ]
    return [(heading, links) for heading, links in groups if links]


def weekend_links(site: Site, urls: Urls) -> list[Link]:
    """The home page's "This weekend" and "Teens (13-18) this weekend", one per audience."""
    return [Link(_("This weekend"), urls.search_for(when="weekend"))] + [
        Link(
            _("%(audience)s this weekend") % {"audience": _(label)},
            urls.search_for(audience=key, when="weekend"),
        )
        for key, label in site.audiences.items()
    ]


def more_like_this(event: Event, site: Site, urls: Urls) -> Link | None:
    """An event page's "More like this": the search for its first topic, else its first
    audience, from now on."""
    if event.categories:
        key = event.categories[0]
        return Link(_(site.categories[key]), urls.search_for(category=key))
    if event.audiences:
        key = event.audiences[0]
        return Link(_(site.audiences[key]), urls.search_for(audience=key))
    return None


def config(index: SiteIndex, urls: Urls, tree: Tree, empty: bool = False) -> str:
    """What search.js needs, as JSON for a data attribute: where the tree's index is, the hub's
    time zone, and the facets' known values (anything else in an address is refused)."""
    site = index.site
    return json.dumps(
        {
            "bundle": urls.file(f"{tree.prefix}{BUNDLE}/"),
            "base": urls.base_path,
            "zone": site.timezone.key,
            "lang": tree.language,
            "known": {facet.name: [key for key, _ in facet.options] for facet in facets(index)},
            "windows": list(WINDOWS),
            "maxQuery": MAX_QUERY,
            "everyEvent": EVERY_EVENT,
            "empty": empty,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def search_pages(pages: Pages) -> Iterator[tuple[str, bytes]]:
    """/search/ of the tree `pages` makes (/es/search/ for the Spanish one), reading that tree's
    own index."""
    tree = Tree(pages.urls.tree, pages.language.code)
    url = pages.urls.page("search")
    meta = pages._meta(
        _("Search events"),
        url,
        _(
            "Find events of %(library)s by words, who they are for, topic, language, place, "
            "accessibility, cost and date."
        )
        % {"library": pages.site.library or pages.site.title},
        "search",
    )
    yield pages._page(
        "search.html",
        pages.urls.out_path(url),
        meta,
        facets=facets(pages.index),
        windows=windows(),
        config=config(
            pages.index,
            pages.urls,
            tree,
            not has_records(pages.index, pages.upcoming, pages.now),
        ),
        max_query=MAX_QUERY,
    )
