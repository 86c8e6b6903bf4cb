"""The interface's message catalogs: the committed template holds exactly the strings of the code
and templates, and every shipped catalog translates every one of them, keeping each placeholder
and each HTML tag (`make test` fails when a catalog lacks a string)."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import babel.messages.catalog
import pytest
from babel.messages.pofile import read_po

from generator.translate.catalogs import (
    LOCALE,
    SHIPPED,
    TEMPLATE,
    format_problem,
    formatted_ids,
    messages,
)
from generator.translate.extract import template_text

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def test_the_committed_template_holds_every_string_of_the_code_and_templates():
    assert TEMPLATE.read_bytes() == template_text(), (
        "generator/locale/messages.pot is out of date: run python -m generator.translate.extract "
        "and translate the new strings in every generator/locale/<code>.po"
    )


def template():
    with TEMPLATE.open("rb") as handle:
        return [message for message in read_po(handle) if message.id]


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_catalog_translates_every_string(code):
    path = LOCALE / f"{code}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code.replace("-", "_"))
    problems = []
    formatted = formatted_ids()
    for wanted in template():
        found = catalog.get(wanted.id)
        singular = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
        if found is None:
            problems.append(f"missing: {singular!r}")
            continue
        if singular in formatted and found.string and format_problem(found):
            problems.append(str(format_problem(found)))
        if found.fuzzy:
            problems.append(f"marked fuzzy: {singular!r}")
        forms = found.string if isinstance(found.string, tuple | list) else (found.string,)
        if not all(forms):
            problems.append(f"not translated: {singular!r}")
            continue
        ids = wanted.id if isinstance(wanted.id, tuple) else (wanted.id,)
        allowed = {p for text in ids for p in PLACEHOLDER.findall(text)}
        tags = sorted(TAG.findall(ids[0]))
        for form in forms:
            unknown = set(PLACEHOLDER.findall(form)) - allowed
            if unknown:
                problems.append(f"{singular!r}: unknown placeholders {sorted(unknown)}")
            if isinstance(wanted.id, str) and set(PLACEHOLDER.findall(form)) != allowed:
                problems.append(f"{singular!r}: placeholders differ")
            if sorted(TAG.findall(form)) != tags:
                problems.append(f"{singular!r}: HTML tags differ: {TAG.findall(form)}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_catalog_compiles_and_has_nothing_missing(code):
    assert messages(code).missing == ()


def test_a_hub_catalog_wins_message_by_message(tmp_path):
    own = tmp_path / "es.po"
    own.write_text('msgid "When"\nmsgstr "Fecha y hora"\n', encoding="utf-8")
    spanish = messages("es", own)
    assert spanish.translations.gettext("When") == "Fecha y hora"  # the hub's
    assert spanish.translations.gettext("Where") == "Dónde"  # the shipped one's


def test_a_catalogs_fingerprint_is_the_same_at_any_moment(tmp_path, monkeypatch):
    """The fingerprint is in every translated page's cache key: it changes with the catalogs and
    never with the clock (Babel dates a catalog without POT-Creation-Date with the current time)."""
    own = tmp_path / "es.po"
    own.write_text('msgid "When"\nmsgstr "Fecha y hora"\n', encoding="utf-8")

    def at(moment: datetime.datetime) -> SimpleNamespace:
        """Babel's `datetime` module, with its clock stopped at `moment`."""

        class Clock(datetime.datetime):
            @classmethod
            def now(cls, tz=None):
                return moment.replace(tzinfo=tz)

        return SimpleNamespace(**{**vars(datetime), "datetime": Clock})

    fingerprints = set()
    for minute in (1, 2):
        monkeypatch.setattr(
            babel.messages.catalog, "datetime", at(datetime.datetime(2026, 12, 2, 10, minute))
        )
        fingerprints |= {messages("es", own).fingerprint, messages("fr", own).fingerprint}
    assert len(fingerprints) == 2  # one for each language, whatever the time
    own.write_text('msgid "When"\nmsgstr "Cuándo"\n', encoding="utf-8")
    assert messages("es", own).fingerprint not in fingerprints
