"""Render every HTML page with the Jinja2 templates in templates/. Returns (out_path, bytes) pairs;
writes nothing but the build's cache (finished pages). Which occurrences each page lists is decided
here, from the index and "now"."""

from __future__ import annotations

import calendar
import dataclasses
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import jinja2
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from generator.content.index import SiteIndex
from generator.content.recurrence import expand, following, occurrence_key
from generator.content.sources import display_path
from generator.incremental.cache import TEXT, Cache, cached
from generator.models import Event, Occurrence
from generator.problems import Problem
from generator.render import dates, listing
from generator.render.edit_links import EditLinks
from generator.render.feeds import Feed, add_to_google, add_to_outlook, feed_catalogue
from generator.render.i18n import Alternate, Tree, alternates, spoken
from generator.render.impact import impact_page, partner_section
from generator.render.jsonld import event_json_ld
from generator.render.qr import qr_svg
from generator.render.search_page import (
    FACET_OF,
    browse,
    facets,
    more_like_this,
    search_pages,
    weekend_links,
    windows,
)
from generator.render.template_loader import Loader
from generator.render.urls import Urls
from generator.render.views import Item, Link, Views, map_link, series
from generator.staff import impact as counting
from generator.staff.scaffold import Hub
from generator.translate.language import Language, _, ngettext, speaking

UPCOMING_DATES_SHOWN = 12  # an event page lists this many of a series' next dates
SPOTLIGHT = 3  # partners on the home page, rotating weekly
PAST_MONTHS_IN_CALENDAR = 3  # months before this one that get a calendar page
FAR_YEARS = 5  # how far ahead an event page looks for its next date


@dataclass(frozen=True)
class PageMeta:
    """What base.html needs for every page."""

    title: str
    url: str
    canonical: str
    description: str
    section: str  # which navigation item is current
    calendar_feed: str | None = None  # <link rel="alternate" type="text/calendar">
    image: str | None = None  # Open Graph image, absolute
    staff_links: tuple[Link, ...] = ()  # GitHub links for library staff, in the footer
    # Lists of events stay true for listing.LIFETIME after the build; then a note says so.
    stale_from: str | None = None
    built: str | None = None  # when the page was made, in words
    lang: str = ""  # the page's language (a BCP 47 tag) and its direction, ltr or rtl
    direction: str = "ltr"
    alternates: tuple[Alternate, ...] = ()  # the page in every language the hub publishes


def environment(templates: Path, urls: Urls, index: SiteIndex) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=Loader(str(templates)),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        urls=urls, site=index.site, dates=dates, month_url=urls.month, qr_code=qr_svg
    )
    env.filters["amount"] = counting.amount  # every count on a page: 1,240
    # {{ _("When") }}: interface text in the language the page is being made in (i18n.py).
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: interface_markup(_(message), message),
        ngettext=lambda singular, plural, number: interface_markup(
            ngettext(singular, plural, number), singular + plural
        ),
        newstyle=True,
    )
    env.globals["hub_label"] = _  # a label the hub wrote (site.toml), from its own catalog if any
    return env


TAG = re.compile(r"<[^<>]*>")


def interface_markup(text: str, english: str) -> Markup:
    """A translated interface text as the page's markup. Jinja2 takes a translation as HTML, but a
    hub's own catalog (content/translations/) comes from whoever edits the repository: only the
    tags the English text has are kept as tags; any other <, > or & is shown as it is typed."""
    allowed = set(TAG.findall(english)) if "<" in english else set()
    parts, at = [], 0
    for tag in TAG.finditer(text) if "<" in text else ():
        parts.append(_as_text(text[at : tag.start()]))
        parts.append(tag[0] if tag[0] in allowed else _as_text(tag[0]))
        at = tag.end()
    parts.append(_as_text(text[at:]))
    return Markup("".join(parts))


def _as_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Pages:
    def __init__(
        self,
        index: SiteIndex,
        urls: Urls,
        now: datetime,
        templates: Path,
        media_sizes: dict[str, tuple[int, int]],
        edit: EditLinks | None = None,
    ):
        self.index, self.urls, self.now, self.edit = index, urls, now, edit
        self.site = index.site
        self.templates = templates
        self.cache: Cache | None = None  # set by the build to reuse pages rendered before
        self._theme: str | None = None
        self._impact: tuple[counting.Impact, dict[str, counting.Together]] | None = None
        self._feeds: dict[tuple[str, str], Feed] | None = None
        self.views = Views(index, urls, now, media_sizes)
        self.language = Language(index.site.language)
        self.trees: list[Tree] = []  # every language's tree, set by the build when there are more
        self._environment()
        self.horizon = now + relativedelta(months=self.site.horizon_months)
        self._dates()

    def _environment(self) -> None:
        self.env = environment(self.templates, self.urls, self.index)
        self.env.globals.update(
            this_month_url=self.urls.month(self.now.year, self.now.month),
            site_logo=self.views.image(self.index.site.logo),
            # site.toml's text is in the site's language: marked so on other languages' pages
            hub_lang=None if self.language.code == self.site.language else self.site.language,
            text_lang=self.views.lang,  # the lang attribute a text in a given language needs
            browse=browse(self.index, self.urls),
            qr_code=self._qr_code,
        )

    def _dates(self) -> None:
        self.window = self.index.occurrences(self.now, self.horizon)
        self.upcoming = [o for o in self.window if not dates.ended(o, self.now)]
        self.next_of = _next_by_event(self.upcoming)
        self._in_window: dict[tuple[str, str], list[Occurrence]] | None = None

    def _qr_code(self, address: str, label: str) -> Markup:
        """qr.py's code for `address`, kept in the build's cache: each takes segno about 40 ms,
        and print listings, lobby screens and flyers are made again on every build."""
        svg = cached("qr", (address, label), lambda: str(qr_svg(address, label)), self.cache, TEXT)
        return Markup(svg)

    def in_tree(self, tree: Tree, index: SiteIndex) -> Pages:
        """A copy that makes the pages of `tree` (a language's pages, under /<code>/), from
        `index`, the hub as that language shows it (i18n.tree_index). The theme's fingerprint,
        the media, the impact count and Markdown results are shared with this one."""
        self._theme_key()
        copy = object.__new__(Pages)
        copy.__dict__.update(self.__dict__)
        copy.index, copy.urls, copy.language = index, tree.urls, tree.language
        copy.views = self.views.in_tree(index, tree.urls)
        copy._feeds = None
        copy._environment()
        copy._dates()
        return copy

    def revised(self, index: SiteIndex, events: list[Event]) -> Pages:
        """A copy for `index`, a hub where only `events` changed (same files, same partners and
        places): their next dates are worked out again; nothing else is. So only event() may be
        used for them; pages listing many events would still show the old versions."""
        copy = object.__new__(Pages)
        copy.__dict__.update(self.__dict__)
        copy.index = index
        copy.views = object.__new__(Views)
        copy.views.__dict__.update(self.views.__dict__)
        copy.views.index = index
        copy.next_of = dict(self.next_of)
        for event in events:
            copy.next_of.pop(event.slug, None)
            found = sorted(
                (o for o in expand(event, self.now, self.horizon) if not dates.ended(o, self.now)),
                key=occurrence_key,
            )
            copy.next_of.update(_next_by_event(found))
        return copy

    def render(self) -> list[tuple[str, bytes]]:
        return [*(self.event(event) for event in self.index.events.values()), *self.aggregates()]

    def aggregates(self) -> Iterator[tuple[str, bytes]]:
        """Every page but the events' own: the pages that list many things, made one at a time
        as they are written, in the tree's language."""
        return spoken(self.language, self._aggregates())

    def _aggregates(self) -> Iterator[tuple[str, bytes]]:
        yield self.home()
        yield self.events()
        yield self.past()
        yield self.partner_directory()
        yield self.impact()
        yield self.subscribe()
        yield self.not_found()
        yield from search_pages(self)
        for slug in self.index.partners:
            yield self.partner(slug)
        for slug in self.index.venues:
            yield self.listing("venues", slug)
        for vocabulary in ("audiences", "categories", "languages", "access"):
            for key in self.site.vocabulary(vocabulary):
                yield self.listing(vocabulary, key)
        yield from self.months()

    def _page(
        self, template: str, out_path: str, meta: PageMeta, remember: bool = False, **data
    ) -> tuple[str, bytes]:
        """`remember`: look the page up in the cache by everything the template is given (its
        whole context, the theme's files and its globals) before rendering it."""

        def render() -> bytes:
            return self.env.get_template(template).render(page=meta, **data).encode("utf-8")

        inputs = (template, out_path, self._theme_key(), meta, data)
        return out_path, cached("page", inputs, render, self.cache if remember else None)

    def _theme_key(self) -> str:
        """The theme's files and globals, and the language (its catalog) the page is made in."""
        if self._theme is None:
            self._theme = theme_fingerprint(self.env, self.templates)
        return f"{self._theme}:{self.language.key}:{self.urls.tree}"

    def _meta(self, title: str, url: str, description: str, section: str, **extra) -> PageMeta:
        return PageMeta(
            title,
            url,
            self.urls.absolute(url),
            description,
            section,
            **extra,
            lang=self.language.code,
            direction=self.language.direction,
            alternates=alternates(url, self.urls, self.trees, self.language),
        )

    def _list_meta(self, title: str, url: str, description: str, section: str, **extra):
        """A page of lists of events, which says so when it is older than they stay true."""
        return self._meta(
            title,
            url,
            description,
            section,
            stale_from=(self.now + listing.LIFETIME).isoformat(),
            built=_("%(day)s, %(time)s")
            % {"day": dates.day(self.now.date()), "time": dates.clock(self.now)},
            **extra,
        )

    def involving(self, what: str, key: str) -> list[Occurrence]:
        """index.involving(what, key) over the lists' window, from one expansion of every event
        (a page per partner, venue and word would otherwise expand the same events again)."""
        if self._in_window is None:
            self._in_window = {}
            for occurrence in self.window:
                for involved in sorted(self.index.involved(occurrence)):
                    self._in_window.setdefault(involved, []).append(occurrence)
        return self._in_window.get((what, key), [])

    def feed_choices(self, kind: str, key: str) -> Feed:
        """The feed for a list page's "Subscribe" choices."""
        if self._feeds is None:
            self._feeds = {
                (feed.kind, feed.key): feed
                for _, feeds in feed_catalogue(self.index, self.urls)
                for feed in feeds
            }
        return self._feeds[(kind, key)]

    def _edit_links(self, src_path: str) -> tuple[Link, ...]:
        if self.edit is None:
            return ()
        return (Link(_("Edit this page on GitHub"), self.edit.edit(src_path)),)

    def _propose_links(self) -> tuple[Link, ...]:
        if self.edit is None:
            return ()
        return (
            Link(
                _("Propose an event on GitHub"),
                self.edit.propose_event(self.now.date(), Hub.of(self.index)),
            ),
        )

    # -- pages --------------------------------------------------------------------------------
    def home(self) -> tuple[str, bytes]:
        today = self.now.date()
        zone = self.site.timezone
        today_entries, week_entries = listing.home(
            self.index.occurrences(*listing.home_window(self.now, zone)), self.now, zone
        )
        partners = sorted(self.index.partners.values(), key=lambda p: p.slug)
        start = (self.now.isocalendar().week * SPOTLIGHT) % len(partners) if partners else 0
        spotlight = (partners[start:] + partners[:start])[:SPOTLIGHT]
        meta = self._list_meta(
            self.site.title,
            self.urls.home,
            self.site.description or self.site.title,
            "home",
            calendar_feed=self.urls.all_feed,
        )
        return self._page(
            "home.html",
            self.urls.out_path(self.urls.home),
            meta,
            today=self.views.items(today_entries),
            week=self.views.grouped(week_entries),
            audiences=self.views.labels("audiences", tuple(self.site.audiences)),
            weekend=weekend_links(self.site, self.urls),
            spotlight=spotlight,
            views=self.views,
            this_month=self.urls.month(today.year, today.month),
        )

    def events(self) -> tuple[str, bytes]:
        entries = listing.upcoming(self.index.occurrences(self.now, self.horizon), self.now)
        meta = self._list_meta(
            _("Upcoming events"),
            self.urls.events,
            _("Every upcoming program of %(library)s and its partners.")
            % {"library": self.site.library or self.site.title},
            "events",
            calendar_feed=self.urls.all_feed,
            staff_links=self._propose_links(),
        )
        return self._page(
            "events.html",
            self.urls.out_path(self.urls.events),
            meta,
            groups=self.views.grouped(entries),
            this_month=self.urls.month(self.now.year, self.now.month),
            feed=self.feed_choices("all", "all"),
            facets=facets(self.index),
            windows=windows(),
        )

    def past(self) -> tuple[str, bytes]:
        entries = listing.past(self.index.events.values(), self.now)
        meta = self._list_meta(
            _("Past events"),
            self.urls.past,
            _("Programs that have already taken place."),
            "events",
        )
        return self._page(
            "past.html",
            self.urls.out_path(self.urls.past),
            meta,
            items=self.views.items(entries),
        )

    def event(self, event: Event) -> tuple[str, bytes]:
        # Looked up first by what the page is made from, which is quick to hash; its context
        # (below) takes longer to make than the page takes to fetch. "now" is in this key as it
        # is, so a build at a later moment falls back to the context's key in _page().
        inputs = (
            self._theme_key(),
            event,
            self.now,
            self.site,
            self.urls,
            self.views.media_key(),
            self._edit_links(event.src_path),
            self._places(event),
        )
        with speaking(self.language):
            html = cached("event-page", inputs, lambda: self._event(event)[1], self.cache)
        return self.urls.out_path(self.urls.event(event.slug)), html

    def _places(self, event: Event) -> list:
        """The venues and partners an event's page shows, as they are now."""
        named = sorted(
            slug
            for slug in {
                event.location,
                *(c.location for c in event.changes.values()),
                *(link.slug for link in event.partners),
            }
            if slug is not None
        )
        return [(self.index.venues.get(slug), self.index.partners.get(slug)) for slug in named]

    def _event(self, event: Event) -> tuple[str, bytes]:
        url = self.urls.event(event.slug)
        # Beyond the horizon too: an event announced a year ahead still shows its date.
        upcoming = [
            o
            for o in expand(event, self.now, self.now + relativedelta(years=FAR_YEARS))
            if not dates.ended(o, self.now)
        ]
        if not upcoming:  # announced further ahead than that, or over
            upcoming = following(event, self.now, UPCOMING_DATES_SHOWN)
        if upcoming:
            current = self.next_of.get(event.slug) or next(
                (o for o in upcoming if not o.cancelled), upcoming[0]
            )
        else:
            held = expand(event, None, self.now)
            current = held[-1] if held else Occurrence(event, event.starts_at, event.ends_at)
        image = self.views.image(event.image)
        google, google_series = add_to_google(event, current, self.views, self.urls)
        meta = self._meta(
            event.title,
            url,
            self.views.summary(event),
            "events",
            calendar_feed=self.urls.event_ics(event.slug),
            image=self.urls.absolute(image.url) if image else None,
            staff_links=self._edit_links(event.src_path),
        )
        json_ld = event_json_ld(
            event, upcoming[:UPCOMING_DATES_SHOWN] or [current], self.views, self.urls
        )
        return self._page(
            "event.html",
            self.urls.out_path(url),
            meta,
            remember=True,
            event=event,
            current=current,
            when=dates.when(current, self.site.timezone),
            status=self.views.status(current),
            where=self.views.where(event, current),
            next_dates=[self.views.item(o) for o in upcoming[:UPCOMING_DATES_SHOWN]]
            if event.repeat
            else [],
            more_dates=max(0, len(upcoming) - UPCOMING_DATES_SHOWN),
            partners=self.views.partner_links(event),
            audiences=self.views.labels("audiences", event.audiences),
            categories=self.views.labels("categories", event.categories),
            languages=self.views.labels("languages", event.languages),
            access=self.views.labels("access", event.access),
            summary=self.views.summary(event),
            body=self.views.body_html(event.body),
            image=image,
            rescheduled_from=_moment(event.rescheduled_from),
            ended=not upcoming,
            json_ld=json_ld,
            ics=self.urls.event_ics(event.slug),
            series=series(event),
            google=google,
            google_series=google_series,
            outlook=add_to_outlook(event, current, self.views, self.urls),
            one_date=dates.day(dates.first_day(current, self.site.timezone)),
            subscribe=Feed(
                "event",
                event.slug,
                event.title,
                self.urls.event_ics(event.slug),
                self.urls.absolute(self.urls.event_ics(event.slug)),
                url,
            ),
            lang=self.views.lang(event.lang),
            more_like_this=more_like_this(event, self.site, self.urls),
        )

    def partner(self, slug: str) -> tuple[str, bytes]:
        partner = self.index.partners[slug]
        url = self.urls.partner(slug)
        upcoming = listing.upcoming(self.involving("partners", slug), self.now)
        recent_window = (self.now - listing.RECENT - timedelta(days=1), self.now + listing.LIFETIME)
        recent = listing.recent(self.index.involving("partners", slug, *recent_window), self.now)
        recent_items = self.views.items(recent)
        shown = [item for item in recent_items if not item.hidden][: listing.RECENT_SHOWN]
        recent_items = [
            item if item in shown else dataclasses.replace(item, hidden=True)
            for item in recent_items
        ]
        logo = self.views.image(partner.logo)
        record = self._counted()[1].get(slug)
        meta = self._list_meta(
            partner.name,
            url,
            partner.summary
            or _("%(partner)s, a partner of %(library)s.")
            % {"partner": partner.name, "library": self.site.library or self.site.title},
            "partners",
            calendar_feed=self.urls.feed("partners", slug),
            image=self.urls.absolute(logo.url) if logo else None,
            staff_links=self._edit_links(partner.src_path),
        )
        return self._page(
            "partner.html",
            self.urls.out_path(url),
            meta,
            partner=partner,
            lang=self.views.lang(partner.lang),
            logo=logo,
            body=self.views.body_html(partner.body),
            audiences=self.views.labels("audiences", partner.audiences),
            languages=self.views.labels("languages", partner.languages),
            upcoming=self.views.grouped(upcoming),
            recent=recent_items,
            recent_limit=listing.RECENT_SHOWN,
            feed=self.feed_choices("partners", slug),
            address=partner.public_address,
            map_url=map_link(partner.public_address, partner.public_geo),
            together=partner_section(record, partner.since, self.index) if record else None,
            print_months=[  # the links to its printable months (outreach.py prints them)
                (dates.month_year(month), month.year, month.month)
                for month in listing.print_months(self.now.date())
            ],
        )

    def partner_directory(self) -> tuple[str, bytes]:
        meta = self._meta(
            _("Our partners"),
            self.urls.partners,
            _("The organisations %(library)s works with.")
            % {"library": self.site.library or _("the library")},
            "partners",
        )
        groups = [
            (
                label,
                [
                    (
                        p,
                        self.views.labels("audiences", p.audiences),
                        self.views.labels("languages", p.languages),
                    )
                    for p in members
                ],
            )
            for label, members in self.views.partners_by_kind()
        ]
        return self._page(
            "partners.html", self.urls.out_path(self.urls.partners), meta, groups=groups
        )

    def impact(self) -> tuple[str, bytes]:
        """/impact/: what the library and its partners did in this fiscal year so far."""
        counted = self._counted()[0]
        meta = self._meta(
            _("What our partnerships achieved"),
            self.urls.impact,
            _("Programs and attendance of %(library)s and its partners this fiscal year.")
            % {"library": self.site.library or self.site.title},
            "partners",
        )
        return self._page(
            "impact.html",
            self.urls.out_path(self.urls.impact),
            meta,
            report=impact_page(counted, self.index, self.urls),
            today=self.now.date(),
        )

    def _counted(self) -> tuple[counting.Impact, dict[str, counting.Together]]:
        """This fiscal year's count and each partner's record: one pass over the hub's sessions
        for /impact/ and every partner page."""
        if self._impact is None:
            self._impact = counting.this_year_and_partners(self.index, self.now)
        return self._impact

    def listing(self, vocabulary: str, key: str) -> tuple[str, bytes]:
        url = self.urls.listing(vocabulary, key)
        if vocabulary == "venues":
            title = self.index.venues[key].name
        else:
            title = _(self.site.vocabulary(vocabulary)[key])
        entries = listing.upcoming(self.involving(vocabulary, key), self.now)
        heading = {
            "venues": _("Events at"),
            "audiences": _("Events for"),
            "categories": _("Events:"),
            "languages": _("Events in"),
            "access": _("Accessibility:"),
        }[vocabulary]
        meta = self._list_meta(
            _("%(heading)s %(title)s") % {"heading": heading, "title": title},
            url,
            _("Upcoming events: %(title)s.") % {"title": title},
            "events",
            calendar_feed=self.urls.feed(vocabulary, key),
            staff_links=self._edit_links(self.index.venues[key].src_path)
            if vocabulary == "venues"
            else (),
        )
        return self._page(
            "listing.html",
            self.urls.out_path(url),
            meta,
            venue=self.index.venues.get(key) if vocabulary == "venues" else None,
            venue_image=self.views.image(self.index.venues[key].image)
            if vocabulary == "venues"
            else None,
            venue_access=[_(self.site.access[a]) for a in self.index.venues[key].access]
            if vocabulary == "venues"
            else [],
            groups=self.views.grouped(entries),
            feed=self.feed_choices(vocabulary, key),
            heading=_("%(heading)s %(title)s") % {"heading": heading, "title": title},
            heading_words=heading,
            venue_lang=self.views.lang(self.index.venues[key].lang)
            if vocabulary == "venues"
            else None,
            search=self.urls.search_for(**{FACET_OF[vocabulary]: key}),
        )

    def months(self) -> Iterator[tuple[str, bytes]]:
        first = date(self.now.year, self.now.month, 1) - relativedelta(
            months=PAST_MONTHS_IN_CALENDAR
        )
        last = date(self.horizon.year, self.horizon.month, 1)
        months = []
        month = first
        while month <= last:
            months.append(month)
            month += relativedelta(months=1)
        tz = self.site.timezone
        start = datetime.combine(first, datetime.min.time(), tz)
        end = datetime.combine(last + relativedelta(months=1), datetime.min.time(), tz)
        by_day: dict[date, list[Item]] = {}
        for occurrence in self.index.occurrences(start, end):
            for day in dates.days_of(occurrence, tz):
                by_day.setdefault(day, []).append(self.views.item(occurrence))
        for position, month in enumerate(months):
            previous = months[position - 1] if position else None
            following = months[position + 1] if position + 1 < len(months) else None
            yield self._month(month, by_day, previous, following)

    def _month(
        self, month: date, by_day: dict, previous: date | None, following: date | None
    ) -> tuple[str, bytes]:
        url = self.urls.month(month.year, month.month)
        weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(month.year, month.month)
        title = dates.month_year(month)
        meta = self._meta(
            _("Calendar: %(month)s") % {"month": title},
            url,
            _("Events in %(month)s.") % {"month": title},
            "calendar",
            calendar_feed=self.urls.all_feed,
        )

        def link(m: date | None) -> Link | None:
            return Link(dates.month_year(m), self.urls.month(m.year, m.month)) if m else None

        return self._page(
            "month.html",
            self.urls.out_path(url),
            meta,
            month=month,
            weeks=weeks,
            by_day=by_day,
            previous=link(previous),
            following=link(following),
            today=self.now.date(),
            title=title,
        )

    def subscribe(self) -> tuple[str, bytes]:
        meta = self._meta(
            _("Subscribe to a calendar"),
            self.urls.subscribe,
            _(
                "Add the hub's events to Google Calendar, Outlook, Apple Calendar or "
                "any calendar app, and keep them up to date."
            ),
            "subscribe",
            calendar_feed=self.urls.all_feed,
        )
        return self._page(
            "subscribe.html",
            self.urls.out_path(self.urls.subscribe),
            meta,
            catalogue=feed_catalogue(self.index, self.urls),
        )

    def not_found(self) -> tuple[str, bytes]:
        meta = self._meta(
            _("Page not found"),
            self.urls.file(f"{self.urls.tree}404.html"),
            _("This page does not exist."),
            "",
        )
        return self._page("404.html", f"{self.urls.tree}404.html", meta)


def template_problem(error: jinja2.TemplateError, templates: Path) -> Problem:
    """A mistake in a template, pointed at like a mistake in content."""
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    where = display_path(Path(name)) if name else display_path(templates)
    message = re.sub(r"\s+", " ", str(error.message or error)).strip()
    return Problem(where, line, f"the template cannot be used: {message}")


def theme_fingerprint(env: jinja2.Environment, templates: Path) -> str:
    """Every file of the theme and every global the templates see, for page cache keys. Jinja's own
    globals are left out (their repr holds memory addresses); `at 0x...` is dropped from the rest."""
    digest = hashlib.sha256()
    if templates.is_dir():
        for path in sorted(p for p in templates.rglob("*") if p.is_file()):
            digest.update(path.relative_to(templates).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    ours = {
        name: value
        for name, value in env.globals.items()
        if name not in jinja2.defaults.DEFAULT_NAMESPACE
    }
    digest.update(re.sub(r" at 0x[0-9a-fA-F]+", "", repr(sorted(ours.items()))).encode())
    return digest.hexdigest()


def _next_by_event(upcoming: list[Occurrence]) -> dict[str, Occurrence]:
    """Each event's next occurrence that is not cancelled, else its next one."""
    chosen: dict[str, Occurrence] = {}
    for occurrence in upcoming:
        slug = occurrence.event.slug
        if slug not in chosen or (chosen[slug].cancelled and not occurrence.cancelled):
            chosen[slug] = occurrence
    return chosen


def _moment(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return _("%(day)s, %(time)s") % {"day": dates.day(value.date()), "time": dates.clock(value)}
    return dates.day(value)
