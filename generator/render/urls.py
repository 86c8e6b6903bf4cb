"""Where each page lives: its site-absolute URL (with the base path) and its file in site/. Pure.

Every link on every page is site-absolute and starts with the base path of `base_url` (for a GitHub
Pages project site, "/<repository>/"), so the same files work wherever they are served from that
path. `out_path` is relative to site/ and '/'-separated.

A hub published in several languages has one tree of pages per translation under `/<code>/`
(`tree`); files that do not depend on the language (feeds, data, media, assets) stay at the root.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

ROOT_ONLY = ("print", "widget", "display", "text", "newsletter")  # see in_every_tree()


@dataclass(frozen=True)
class Urls:
    base_url: str  # absolute, ends with '/': "https://example.org/hub/"
    tree: str = ""  # "" for the default language's pages, "es/" for the Spanish tree

    def in_tree(self, code: str | None) -> Urls:
        """The same hub's URLs for the pages of the translation `code` (None: the default)."""
        return Urls(self.base_url, f"{code}/" if code else "")

    def in_every_tree(self, url: str) -> bool:
        """Whether the page at `url` is published in every language (not print, widgets,
        lobby screens, text-only pages and newsletters: those are in the hub's language only)."""
        rest = url[len(self.base_path + self.tree) :]
        return rest.split("/", 1)[0] not in ROOT_ONLY

    def same_page(self, url: str, other: Urls) -> str:
        """`url`, a page of this tree, as the page at the same place in `other`'s tree."""
        own = self.base_path + self.tree
        rest = url[len(own) :] if url.startswith(own) else ""
        return other.base_path + other.tree + rest

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def absolute(self, url: str) -> str:
        """A site-absolute URL as a full address, for feeds, sitemaps and canonical links."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{url}"

    def out_path(self, url: str) -> str:
        """The file in site/ that serves `url`."""
        relative = url[len(self.base_path) :]
        return relative + "index.html" if relative.endswith("/") or not relative else relative

    def page(self, *parts: str) -> str:
        return self.base_path + self.tree + "".join(f"{part}/" for part in parts)

    def file(self, path: str) -> str:
        return self.base_path + path

    home = property(lambda self: self.page())
    events = property(lambda self: self.page("events"))
    past = property(lambda self: self.page("events", "past"))
    partners = property(lambda self: self.page("partners"))
    subscribe = property(lambda self: self.page("subscribe"))
    impact = property(lambda self: self.page("impact"))
    search = property(lambda self: self.page("search"))
    atom = property(lambda self: self.file("feed.xml"))
    data = property(lambda self: self.file("events.json"))
    all_feed = property(lambda self: self.file("feeds/all.ics"))

    def event(self, slug: str) -> str:
        return self.page("events", slug)

    def event_ics(self, slug: str) -> str:
        return self.file(f"events/{slug}.ics")

    def month(self, year: int, month: int) -> str:
        return self.page("calendar", f"{year:04d}", f"{month:02d}")

    def partner(self, slug: str) -> str:
        return self.page("partners", slug)

    def search_for(self, **state: str) -> str:
        """The search page with these choices made, e.g. search_for(audience="teens",
        when="weekend"): /search/?audience=teens&when=weekend (FORMAT.md's "Search and filters")."""
        return self.search + ("?" + urlencode(state) if state else "")

    def listing(self, kind: str, key: str) -> str:
        """A filtered list: kind is venues, audiences, categories, languages or access."""
        return self.page(kind, key)

    def feed(self, kind: str, key: str) -> str:
        """A filtered feed: kind is partners, venues, audiences, categories, languages or access."""
        return self.file(f"feeds/{kind}/{key}.ics")

    # -- beyond the website (render/outreach.py) ----------------------------------------------
    # Published once, in the hub's own language, at the root: every tree links there.
    text = property(lambda self: self._root("text"))
    newsletter = property(lambda self: self._root("newsletter"))

    def print_month(self, kind: str, slug: str, year: int, month: int) -> str:
        """A month's events to print for a notice board: kind is venues or partners."""
        return self._root("print", kind, slug, f"{year:04d}", f"{month:02d}")

    def widget(self, kind: str, key: str) -> str:
        """The events partners show on their own sites: kind as for listing(), or partners."""
        return self._root("widget", kind, key)

    def display(self, slug: str) -> str:
        """A venue's lobby screen."""
        return self._root("display", slug)

    def text_page(self, number: int) -> str:
        """The text-only listing, in parts of at most 20 KB: /text/, /text/2/, ..."""
        return self.text if number == 1 else self._root("text", str(number))

    def newsletter_for(self, audience: str | None) -> str:
        return self._root("newsletter", audience) if audience else self.newsletter

    def _root(self, *parts: str) -> str:
        return self.base_path + "".join(f"{part}/" for part in parts)

    def asset(self, name: str) -> str:
        return self.file(f"assets/{name}")

    def media(self, path: str) -> str:
        """`path` is relative to content/, e.g. media/logo.svg."""
        return self.file(path)
