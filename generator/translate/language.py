"""The language a page is being made in, and the words and dates it needs.

Rendering sets the language with `speaking(language)`; everything below it (templates through
Jinja2's i18n extension, labels in Python through `_()` and `ngettext()`, dates and times) asks
`current()`. The default, English, is the text as written in the code: its dates and times keep
the hub's own English style ("3:30 pm – 5:30 pm"); every other language takes CLDR's (Babel)."""

from __future__ import annotations

import gettext as gnu
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from babel import Locale
from babel.dates import format_date, format_interval, format_time, match_skeleton
from babel.lists import format_list


@dataclass(frozen=True, eq=False)
class Language:
    """One interface language: its code (a BCP 47 tag: es, zh-Hans), its catalog, and a
    fingerprint of the catalog that page caches include."""

    code: str
    translations: gnu.NullTranslations = field(default_factory=gnu.NullTranslations)
    fingerprint: str = ""

    @property
    def english(self) -> bool:
        """The text as written in the code: English, with the hub's own way with times."""
        return self.code == "en" or self.code.startswith("en-")

    @cached_property
    def locale(self) -> Locale:
        try:
            return Locale.parse(self.code.replace("-", "_"))
        except (ValueError, LookupError):
            return Locale.parse(self.code.split("-")[0]) if "-" in self.code else Locale("en")

    @property
    def rtl(self) -> bool:
        return self.locale.character_order == "right-to-left"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def own_name(self) -> str:
        """The language's name in its own script: 'Español', 'العربية', '中文（简体）'."""
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:]

    @property
    def key(self) -> str:
        return f"{self.code}:{self.fingerprint}"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return self.translations.ngettext(singular, plural, number)

    # -- dates and times in CLDR's words (every language but English) ---------------------------
    def day(self, value: date, with_year: bool) -> str:
        if with_year:
            return format_date(value, "full", locale=self.locale)
        return format_date(value, self._pattern("MMMMEd", full_weekday=True), locale=self.locale)

    def month_year(self, value: date) -> str:
        return format_date(value, self._pattern("yMMMM"), locale=self.locale)

    def calendar_day(self, value: date) -> str:
        return format_date(value, "long", locale=self.locale)

    def short_day(self, value: date) -> str:
        return format_date(value, self._pattern("MMMEd"), locale=self.locale)

    def weekday(self, number: int) -> str:
        """Monday is 0."""
        return self.locale.days["format"]["wide"][number]

    def clock(self, value: datetime) -> str:
        return format_time(value, "short", locale=self.locale)

    def clock_range(self, start: datetime, end: datetime) -> str:
        skeleton = "hm" if "h" in self.locale.time_formats["short"].pattern else "Hm"
        return format_interval(start, end, skeleton, locale=self.locale)

    def city(self, zone_key: str, english: str) -> str:
        """A time zone's city in this language (CLDR), else as `english` says it."""
        city: str | None = self.locale.time_zones.get(zone_key, {}).get("city")
        return city or english

    def join(self, words: list[str]) -> str:
        return format_list(words, locale=self.locale)

    def _pattern(self, skeleton: str, full_weekday: bool = False) -> str:
        skeletons = self.locale.datetime_skeletons
        best = match_skeleton(skeleton, skeletons) or skeleton
        pattern = str(skeletons[best].pattern) if best in skeletons else skeleton
        if full_weekday:
            pattern = re.sub(r"E+|c+", "EEEE", pattern)
        return pattern


ENGLISH = Language("en")
_current: ContextVar[Language] = ContextVar("language", default=ENGLISH)


def current() -> Language:
    return _current.get()


@contextmanager
def speaking(language: Language) -> Iterator[Language]:
    """Everything made inside is in `language`."""
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """The interface text `message` (written in English) in the current language."""
    return _current.get().gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    return _current.get().ngettext(singular, plural, number)


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is written (a table of labels); `_()` translates
    it where it is shown."""
    return message
