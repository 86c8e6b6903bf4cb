"""The hub in several languages, read back from the built sample: no English interface word is
left on the Spanish and Arabic trees (the words come from the English catalog, every one of
them), and every text written in another language than its page's carries that language's
`lang`, in lists as on its own page. Truth comes from the hub's files, read here on their own."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from babel.messages.pofile import read_po

from generator.content.load import load
from generator.render.i18n import tree_index
from generator.translate.catalogs import LOCALE, TEMPLATE

from conftest import ROOT

HTML = "{http://www.w3.org/1999/xhtml}"
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
SKIPPED = {f"{HTML}script", f"{HTML}style", f"{HTML}head", f"{HTML}code"}  # code is not words


def loaded():
    result = load(ROOT / "content")
    assert result.index is not None
    return result


def texts(page: Path, default: str):
    """Every text of the page's body (and every aria-label, alt and title), with the language it
    is marked as: the nearest lang attribute around it."""
    document = html5lib.parse(page.read_bytes(), treebuilder="etree", namespaceHTMLElements=True)
    root_lang = document.get("lang", default)
    found: list[tuple[str, str]] = []

    def walk(element, lang: str) -> None:
        if element.tag in SKIPPED:
            return
        lang = element.get("lang", lang)
        for attribute in ("aria-label", "alt", "title"):
            if element.get(attribute):
                found.append((element.get(attribute).strip(), lang))
        if element.text and element.text.strip():
            found.append((element.text.strip(), lang))
        for child in element:
            walk(child, lang)
            if child.tail and child.tail.strip():
                found.append((child.tail.strip(), lang))

    walk(document, root_lang)
    return found


def english_words(code: str) -> set[str]:
    """Every word of the interface's English text, less those the language's own catalog also
    uses (names such as Google, Outlook.com, GitHub, JSON)."""
    with TEMPLATE.open("rb") as handle:
        ids = [m.id for m in read_po(handle) if m.id]
    with (LOCALE / f"{code}.po").open("rb") as handle:
        strings = [m.string for m in read_po(handle) if m.id]
    own = set()
    for string in strings:
        for text in string if isinstance(string, tuple | list) else (string,):
            own |= {w.lower() for w in WORD.findall(re.sub(r"<[^>]+>|%\(\w+\)[sd]", " ", text))}
    words = set()
    for msgid in ids:
        for text in msgid if isinstance(msgid, tuple) else (msgid,):
            words |= {w.lower() for w in WORD.findall(re.sub(r"<[^>]+>|%\(\w+\)[sd]", " ", text))}
    return {w for w in words if w not in own and len(w) > 2}


ADDRESSES = re.compile(r"\S+@\S+|https?://\S+")


def content_texts(code: str) -> list[str]:
    """Every text the hub's files give, in this tree (translated where a translation exists):
    what staff wrote, not the interface, whatever its words."""
    result = loaded()
    index = tree_index(result.index, result.translations, code)
    found = []
    for model in [*index.events.values(), *index.partners.values(), *index.venues.values()]:
        for field in (*FIELDS, "body", "hours", "name"):
            found.append(getattr(model, field, None) or "")
        found += [c.note or "" for c in getattr(model, "changes", {}).values()]
        found += list(getattr(model, "offers", ()))
        image = getattr(model, "image", None) or getattr(model, "logo", None)
        found.append(image.alt if image else "")
    return [" ".join(text.split()) for text in found if text]


def names(code: str) -> list[str]:
    """What the hub names rather than says: partners, places, rooms, people, the hub itself and
    its addresses (proper names need no lang, WCAG 3.1.2), longest first."""
    result = loaded()
    index = tree_index(result.index, result.translations, code)
    found = {index.site.title, index.site.library or ""}
    for event in index.events.values():
        found |= {event.room or "", event.contact.name if event.contact else ""}
        found |= {c.room or "" for c in event.changes.values()}
        if event.place:
            found |= {event.place.name, event.place.address or ""}
    for place in [*index.partners.values(), *index.venues.values()]:
        found |= {place.name, getattr(place, "address", None) or ""}
        found |= {getattr(place, "public_address", None) or ""}
    return sorted((name for name in found if name), key=len, reverse=True)


@pytest.mark.parametrize("code", ["es", "ar"])
def test_no_english_interface_word_is_left_on_the_tree(sample_site, code):
    words = english_words(code)
    assert len(words) > 250  # the whole catalog's words, not a hand-picked few
    hub_names = names(code)
    written = content_texts(code)
    left = {}
    for page in sorted((sample_site / code).rglob("*.html")):
        for text, lang in texts(page, code):
            if lang != code:
                continue  # marked as another language: not the interface's
            if any(" ".join(text.split()) in staff for staff in written):
                continue  # staff's text in this language (a translation file), not the interface
            text = ADDRESSES.sub(" ", text)
            for name in hub_names:
                text = text.replace(name, " ")
            found = {w for w in WORD.findall(text) if w.lower() in words}
            if found:
                left.setdefault(page.relative_to(sample_site).as_posix(), set()).update(found)
    assert not left, "\n".join(f"{page}: {sorted(found)}" for page, found in left.items())


FIELDS = ("title", "summary", "status_note", "accessibility", "cost")


@pytest.mark.parametrize("code", ["", "es", "ar"])
def test_every_text_in_another_language_than_its_page_carries_its_lang(sample_site, code):
    """Each event's and partner's text, wherever a page of the tree shows it whole: the page's
    language, or marked with the language it is written in."""
    result = loaded()
    index = tree_index(result.index, result.translations, code) if code else result.index
    default = index.site.language
    expected: dict[str, str] = {}
    for event in index.events.values():
        for field in FIELDS:
            if getattr(event, field):
                expected[getattr(event, field)] = event.lang
        for change in event.changes.values():
            if change.note:
                expected[change.note] = event.lang
    for partner in index.partners.values():
        if partner.summary:
            expected[partner.summary] = partner.lang
    folder = sample_site / code if code else sample_site
    pages = [
        p
        for p in folder.rglob("*.html")
        if code or not re.match(r"(es|so|vi|ar)/", p.relative_to(sample_site).as_posix())
    ]
    pages = [
        p
        for p in pages
        if not re.match(
            r"(print|widget|display|text|newsletter)/", p.relative_to(folder).as_posix()
        )
    ]
    wrong, seen = [], 0
    for page in pages:
        for text, lang in texts(page, default):
            want = expected.get(text)
            if want is None:
                continue
            seen += 1
            if lang != want:
                wrong.append(
                    f"{page.relative_to(sample_site)}: {text[:40]!r} is marked {lang}, written in {want}"
                )
    assert seen > 100
    assert not wrong, "\n".join(wrong)
