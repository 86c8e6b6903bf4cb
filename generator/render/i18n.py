"""The hub's pages in several languages: one tree per language (the default at the root, each
translation under /<code>/), what differs between them (the interface language, translated events,
partners and venues, their addresses), and the links between a page's versions.

What does not depend on the language is made once: the hub is read and checked once, feeds, data
files, media and assets are written once at the root, and Markdown results are shared (Views)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.content.index import SiteIndex
from generator.content.translations import Translations, translate
from generator.render.urls import Urls
from generator.translate.language import Language, speaking


@dataclass(frozen=True)
class Alternate:
    """A version of a page in one language, for hreflang links and the language switcher."""

    code: str
    name: str  # the language's name in its own script
    url: str
    absolute: str
    current: bool


@dataclass(frozen=True)
class Tree:
    """The pages in one language."""

    language: Language
    urls: Urls
    default: bool  # the site's own language, at the root


def trees(index: SiteIndex, urls: Urls, translations: Translations) -> list[Tree]:
    """The default language's tree first, then one per code in site.toml's `translations`."""
    site = index.site
    found = [Tree(language(site.language, translations), urls, True)]
    for code in site.translations:
        found.append(Tree(language(code, translations), urls.in_tree(code), False))
    return found


def language(code: str, translations: Translations) -> Language:
    """The interface language `code`, with its catalog (none for English, the text as written)."""
    messages = translations.catalogs.get(code)
    if messages is None:
        return Language(code)
    return Language(code, messages.translations, messages.fingerprint)


def tree_index(index: SiteIndex, translations: Translations, code: str) -> SiteIndex:
    """The hub as pages in `code` show it: each event, partner and venue translated where a
    translation file exists. Without any, the same index."""
    files = translations.files.get(code)
    if not files:
        return index

    def each(kind: str, models: dict) -> dict:
        return {
            slug: translate(model, files.get((kind, slug)), code) for slug, model in models.items()
        }

    return SiteIndex(
        index.site,
        each("event", index.events),
        each("partner", index.partners),
        each("venue", index.venues),
    )


def alternates(url: str, own: Urls, every: list[Tree], language: Language) -> tuple[Alternate, ...]:
    """The versions of the page at `url` (a page of the tree `own`) in every language; none when
    the hub is published in one language only."""
    if len(every) < 2 or not own.in_every_tree(url):
        return ()
    found = []
    for tree in every:
        other = own.same_page(url, tree.urls)
        found.append(
            Alternate(
                tree.language.code,
                tree.language.own_name,
                other,
                tree.urls.absolute(other),
                tree.language.code == language.code,
            )
        )
    return tuple(found)


def spoken(language: Language, pages: Iterator) -> Iterator:
    """`pages`, each made while `language` is spoken (a generator resumes in its caller's
    context, so the language is set around each step, not once around the loop)."""
    while True:
        with speaking(language):
            try:
                page = next(pages)
            except StopIteration:
                return
        yield page
