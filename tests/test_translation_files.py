"""Translation files and a hub's catalogs as `bulletin check` reads them (exact messages that name
the fix), `bulletin new translation`, and `bulletin report`'s events in a language the pages are
not published in."""

from __future__ import annotations

import shutil

from conftest import EVENT, ROOT, SITE_TOML, build_site, bulletin, run_cli, write_hub
from test_docs_examples import GUIDE, TRANSLATION_EXAMPLE

SPANISH = SITE_TOML.replace(
    'timezone = "America/Chicago"\n', 'timezone = "America/Chicago"\ntranslations = ["es"]\n'
)
TRANSLATION = """\
---
title: Tecnología para adolescentes
summary: Ayuda con computadoras.
---
Ayuda con computadoras portátiles.
"""


def test_a_translation_passes_and_a_mistaken_key_names_the_original(hub):
    assert hub({"site.toml": SPANISH, "events/teen-tech.es.md": TRANSLATION}) == (0, [])
    code, lines = hub(
        {
            "site.toml": SPANISH,
            "events/teen-tech.es.md": TRANSLATION.replace(
                "summary:", "start: 2026-12-03 15:30\nsummary:"
            ),
        }
    )
    assert (code, lines[0]) == (
        1,
        "content/events/teen-tech.es.md:3: 'start' cannot be translated: a translation holds "
        "only text (title, summary, status_note, accessibility, cost, image_alt, occurrences) "
        "and a description; every other setting comes from content/events/teen-tech.md, so "
        "change it there",
    )


def test_a_translation_without_its_original_or_its_language_is_an_error(hub):
    code, lines = hub({"site.toml": SPANISH, "events/teen-tek.es.md": TRANSLATION})
    assert (code, lines[0]) == (
        1,
        "content/events/teen-tek.es.md: translates content/events/teen-tek.md, which does not "
        "exist; a translation is named after the file it translates (<name>.<language "
        "code>.md); did you mean 'teen-tech'?",
    )
    code, lines = hub({"site.toml": SPANISH, "events/teen-tech.fr.md": TRANSLATION})
    assert (code, lines[0]) == (
        1,
        "content/events/teen-tech.fr.md: is a translation into 'fr', which content/site.toml "
        'does not publish (translations lists: es): add "fr" to translations in '
        "content/site.toml, or rename the file",
    )


def test_text_still_the_same_as_the_original_is_a_warning(hub):
    same = TRANSLATION.replace("title: Tecnología para adolescentes", "title: Teen Tech Drop-In")
    code, lines = hub({"site.toml": SPANISH, "events/teen-tech.es.md": same})
    assert (code, lines[0]) == (
        0,
        "content/events/teen-tech.es.md:2: warning: 'title' is the same as in "
        "content/events/teen-tech.md: translate it, or remove the line to show the original",
    )


def test_a_language_without_a_catalog_and_a_catalog_missing_strings_are_warnings(hub):
    french = SITE_TOML.replace(
        'timezone = "America/Chicago"\n', 'timezone = "America/Chicago"\ntranslations = ["fr"]\n'
    )
    code, lines = hub({"site.toml": french})
    assert (code, lines[0]) == (
        0,
        "content/site.toml: warning: publishes the interface in 'fr', for which Bulletin has no "
        "message catalog, so its pages would be in English: add content/translations/fr.po "
        "(copy generator/locale/messages.pot and translate it)",
    )
    partial = 'msgid "When"\nmsgstr "Quand"\n'
    code, lines = hub({"site.toml": french, "translations/fr.po": partial})
    assert code == 0
    assert lines[0] == (
        "content/translations/fr.po: warning: has no translation of ' and ', so pages in 'fr' "
        "show it in English: add it to content/translations/fr.po"
    )
    assert not any("'When'" in line for line in lines)
    code, lines = hub({"site.toml": french, "translations/fr.po": 'msgid "When"\nmsgstr "Quand\n'})
    assert code == 1
    assert lines[0] == (
        "content/translations/fr.po:2: is not a valid PO file: each line holds msgid or msgstr "
        'and a text in straight double quotes ("..."), more text in quotes, or a # comment; '
        "check the quotes on this line"
    )


def test_a_hubs_catalog_keeps_only_the_english_tags_and_shows_any_other_markup_as_text(in_tmp):
    """Jinja2 takes a translation as HTML; a hub's catalog comes from whoever edits the
    repository, so a translation may use the tags its English text has, and nothing else."""
    french = SITE_TOML.replace(
        'timezone = "America/Chicago"\n', 'timezone = "America/Chicago"\ntranslations = ["fr"]\n'
    )
    catalog = (
        'msgid "When"\nmsgstr "<script>alert(1)</script>Quand & où"\n\n'
        'msgid "<a href=\\"%(search)s\\">Search events</a> by words, topic, language, place, '
        'accessibility and date."\n'
        'msgstr "<a href=\\"%(search)s\\">Chercher</a> <img src=x onerror=alert(1)> &#0;"\n'
    )
    content = write_hub(in_tmp, {"site.toml": french, "translations/fr.po": catalog})
    assert build_site(in_tmp / "site", content=content)[0] == 0
    event = (in_tmp / "site/fr/events/teen-tech/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Quand &amp; où" in event
    assert "<script>alert" not in event
    home = (in_tmp / "site/fr/index.html").read_text()
    assert (
        '<a href="/hub/fr/search/">Chercher</a> &lt;img src=x onerror=alert(1)&gt; &amp;#0;' in home
    )


def test_a_translation_whose_placeholders_would_break_the_build_is_an_error(hub, in_tmp):
    """The interface fills in a translation's placeholders with `%`: one the message does not
    have, or a lone % sign, would stop the build, so `check` names the line and the fix."""
    wrong = {
        'msgid "Events in %(month)s."\nmsgstr "Eventos %(mes)s."\n': (
            "content/translations/es.po:2: the translation of 'Events in %(month)s.' uses "
            "%(mes)s, which that message does not have (its placeholders: %(month)s); copy them "
            "from the msgid"
        ),
        '#, python-format\nmsgid "Cancelled: %(title)s"\nmsgstr "Cancelado: %(title)s 100%"\n': (
            "content/translations/es.po:3: the translation of 'Cancelled: %(title)s' has a % sign "
            "that is not a placeholder (its placeholders: %(title)s); write %% for a percent sign"
        ),
        # Every message of the templates is filled in, placeholders or not.
        '# A comment.\n\nmsgid "Cancelled."\nmsgstr "Cancelado al 100%."\n': (
            "content/translations/es.po:4: the translation of 'Cancelled.' has a % sign that is "
            "not a placeholder (its placeholders: none); write %% for a percent sign"
        ),
    }
    for catalog, message in wrong.items():
        code, lines = hub({"site.toml": SPANISH, "translations/es.po": catalog})
        assert (code, lines[0]) == (1, message)
    # Written as the check says, each builds; a message the code shows as it is keeps its %.
    right = (
        'msgid "Events in %(month)s."\nmsgstr "Eventos: 100%% de %(month)s."\n\n'
        'msgid "Postponed"\nmsgstr "Aplazado al 100%"\n'
    )
    code, lines = hub({"site.toml": SPANISH, "translations/es.po": right})
    assert code == 0
    assert build_site(in_tmp / "site", content=in_tmp / "content")[0] == 0
    calendar = (in_tmp / "site/es/calendar/2026/12/index.html").read_text()
    assert "Eventos: 100% de diciembre de 2026." in calendar


def test_a_translations_setting_that_lists_the_hubs_own_language_is_an_error(hub):
    own = SITE_TOML.replace(
        'timezone = "America/Chicago"\n',
        'timezone = "America/Chicago"\ntranslations = ["en", "es"]\n',
    )
    code, lines = hub({"site.toml": own})
    assert (code, lines[0]) == (
        1,
        "content/site.toml:4: 'translations' lists 'en', the hub's own language (`language`), "
        "which is published at the root already; remove it from translations",
    )


def test_new_translation_writes_every_text_to_translate_and_never_replaces(in_tmp):
    write_hub(in_tmp, {"site.toml": SPANISH})
    assert bulletin(["new", "translation", "es", "events/teen-tech"]) == (
        0,
        "Created content/events/teen-tech.es.md\n"
        "Translate each text in it into Español, then run bulletin check.\n",
        "",
    )
    text = (in_tmp / "content/events/teen-tech.es.md").read_text(encoding="utf-8")
    assert 'title: "Teen Tech Drop-In"\n' in text and text.endswith("Get help with laptops.\n")
    code, lines = run_cli(["check", "--content", "content"])
    assert (code, lines) == (
        0,
        [
            "content/events/teen-tech.es.md:5: warning: 'title' is the same as in "
            "content/events/teen-tech.md: translate it, or remove the line to show the original",
            "content/events/teen-tech.es.md:7: warning: the description is the same as in "
            "content/events/teen-tech.md: translate it, or remove it to show the original",
        ],
    )
    assert bulletin(["new", "translation", "es", "events/teen-tech"])[0] == 1
    assert bulletin(["new", "translation", "fr", "events/teen-tech"]) == (
        1,
        "",
        "bulletin new: the pages are not published in 'fr' (translations in content/site.toml "
        'lists: es); add "fr" there first\n',
    )


def test_report_lists_coming_events_held_in_a_language_not_published(in_tmp):
    norwegian = EVENT.replace("location: central\n", "location: central\nlanguages: [no]\n")
    write_hub(in_tmp, {"site.toml": SPANISH, "events/teen-tech.md": norwegian})
    code, out, _ = bulletin(["report", "--content", "content", "--now", "2026-11-22T12:00"])
    assert (
        "content/events/teen-tech.md: Teen Tech Drop-In: held in Norsk (no), but the pages are "
        'not published in it: add "no" to `translations` and its words in '
        "content/translations/no.po (Bulletin ships no catalog for it)"
    ) in out.splitlines()


def test_the_guides_translation_example_passes_the_checker_in_the_sample(in_tmp):
    examples = list(TRANSLATION_EXAMPLE.finditer(GUIDE.read_text(encoding="utf-8")))
    assert examples
    shutil.copytree(ROOT / "content", in_tmp / "content")
    for example in examples:
        text = example["text"].replace("...", "")
        (in_tmp / "content" / example["path"]).write_text(text, encoding="utf-8")
    assert run_cli(["check", "--content", "content"]) == (0, [])
