"""Read content/site.toml into the Site model: settings and vocabularies. Pure: takes the file's text.

The TOML is turned into the same shape as front-matter (text values with a line map) so that one
Reader, with one set of messages, checks every kind of content file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from generator.content import clock, values
from generator.content.frontmatter import Document, split_lines
from generator.content.reader import MISSING, Context, Reader
from generator.content.suggest import did_you_mean
from generator.models import AUDIENCE_BANDS, VOCABULARIES, Site
from generator.problems import Invalid, Problem

SITE_KEYS = (
    "title",
    "description",
    "library",
    "base_url",
    "timezone",
    "language",
    "translations",
    "repository",
    "branch",
    "default_duration",
    "horizon_months",
    "feed_past_days",
    "verify_every_months",
    "fiscal_year_start",
    "logo",
    "logo_alt",
    "accent_color",
    *VOCABULARIES,
    "age_bands",  # the survey's age group of each audience, a table like them
)
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")
# A GitHub (or GitHub Enterprise) repository's address; owner and name as GitHub allows them.
REPOSITORY = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
BRANCH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/-]*")
HEX_COLOUR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
# Ranges a hub needs, and that keep a build small and its dates on the calendar: a horizon of
# 100,000 months is past the year 9999 (and a few hundred months made thousands of month pages).
MAX_HORIZON_MONTHS = 60
MAX_FEED_PAST_DAYS = 3650
MAX_VERIFY_MONTHS = 120
MINIMUM_CONTRAST = 4.5  # WCAG 2.2 AA for normal text: the accent colours links on white


def read_settings(
    src_path: str, text: str | None, media: frozenset[str]
) -> tuple[Site | None, list[Problem]]:
    if text is None:
        return None, [
            Problem(
                src_path,
                None,
                "is missing: every hub needs content/site.toml with "
                "at least title, base_url and timezone",
            )
        ]
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
        match = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = (
            int(match[1])
            if match
            else len(split_lines(text.rstrip("\n")))
            if "end of document" in str(error)
            else None
        )
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        if not isinstance(error, tomllib.TOMLDecodeError):
            # tomllib gives no position here; the culprit is a huge number or deep nesting, so
            # point at the longest line.
            reason = "a value is far too long or nested far too deep"
            lines = split_lines(text)
            line = max(range(len(lines)), key=lambda i: len(lines[i])) + 1
        hint = ""
        if "Invalid value" in reason or "Expected" in reason:
            hint = '; text values need double quotes, e.g. title = "Riverside Community Hub"'
        return None, [Problem(src_path, line, f"is not valid TOML ({reason}){hint}")]

    document = Document(src_path, _as_text(data), _key_lines(text))
    reader = Reader(document, Context(None, media), assign=" = ")
    reader.check_keys((), SITE_KEYS, "site.toml")
    title = reader.get(("title",), values.text, required=True, example='"Riverside Community Hub"')
    base_url = reader.get(
        ("base_url",),
        values.web_address,
        required=True,
        example='"https://riverside-library.github.io/community-hub/"',
    )
    timezone = reader.get(("timezone",), clock.zone, required=True, example='"America/Chicago"')
    settings = dict(
        description=reader.get(("description",), values.text),
        library=reader.get(("library",), values.text),
        language=reader.get(("language",), _language_tag, default="en"),
        translations=reader.get(("translations",), _translations, default=()),
        repository=reader.get(("repository",), _repository),
        branch=reader.get(("branch",), _branch, default="main"),
        default_duration=reader.get(
            ("default_duration",), values.duration, default=timedelta(hours=1)
        ),
        horizon_months=reader.get(
            ("horizon_months",),
            lambda raw: values.whole_number(raw, minimum=1, maximum=MAX_HORIZON_MONTHS),
            default=6,
        ),
        feed_past_days=reader.get(
            ("feed_past_days",),
            lambda raw: values.whole_number(raw, maximum=MAX_FEED_PAST_DAYS),
            default=30,
        ),
        verify_every_months=reader.get(
            ("verify_every_months",),
            lambda raw: values.whole_number(raw, minimum=1, maximum=MAX_VERIFY_MONTHS),
            default=6,
        ),
        fiscal_year_start=reader.get(("fiscal_year_start",), _month, default=1),
        logo=reader.image(("logo",), ("logo_alt",), alt_example='"Riverside Public Library"'),
        accent_color=reader.get(("accent_color",), _accent_colour),
    )
    for vocabulary in VOCABULARIES:
        settings[vocabulary] = _vocabulary(reader, vocabulary)
    settings["age_bands"] = _age_bands(reader, settings["audiences"])
    if settings["language"] in (settings["translations"] or ()):
        reader.error(
            ("translations",),
            f"'translations' lists {settings['language']!r}, the hub's own language (`language`), which is "
            f"published at the root already; remove it from translations",
        )
    if reader.failed or title is None or base_url is None or timezone is None:
        return None, reader.problems
    if not base_url.endswith("/"):
        base_url += "/"
    return Site(title=title, base_url=base_url, timezone=timezone, **settings), reader.problems


def _vocabulary(reader: Reader, vocabulary: str) -> dict[str, str]:
    table = reader.raw((vocabulary,))
    if table is MISSING:
        return {}
    if not isinstance(table, dict):
        reader.error(
            (vocabulary,),
            f"'{vocabulary}' must be a table: a line [{vocabulary}] and "
            f'then lines such as teens = "Teens (13-18)"',
        )
        return {}
    labels: dict[str, str] = {}
    for key in table:
        if key in SITE_KEYS and _misplaced_setting(reader, vocabulary, key):
            reader.error(
                (vocabulary, key),
                f"'{key}' is a setting, but it comes after the line "
                f"[{vocabulary}], so TOML reads it as part of that "
                f"list; move it above the first [table] line",
            )
            continue
        pattern = LANGUAGE_TAG if vocabulary == "languages" else values.SLUG
        if len(key.encode()) > values.MAX_NAME:
            reader.error(
                (vocabulary, key),
                f"[{vocabulary}] key '{key[:20]}…' is {len(key)} characters long; a key may have "
                f"at most {values.MAX_NAME}, because the site makes files named after it: "
                f"shorten it",
            )
            continue
        if not pattern.fullmatch(key):
            kind = (
                "a language code such as es or zh-Hant"
                if vocabulary == "languages"
                else "lowercase letters, digits and hyphens (it becomes part of a web address)"
            )
            suggestion = values.slugify(key)
            hint = f", e.g. {suggestion}" if vocabulary != "languages" and suggestion else ""
            reader.error((vocabulary, key), f"[{vocabulary}] key '{key}' must be {kind}{hint}")
            continue
        label = reader.get((vocabulary, key), values.text)
        if label is not None:
            labels[key] = label
    return labels


def _age_bands(reader: Reader, audiences: dict[str, str]) -> dict[str, str]:
    """[age_bands]: each audience's band in the state library survey (models.AUDIENCE_BANDS)."""
    path = ("age_bands",)
    table = reader.raw(path)
    if table is MISSING:
        return {}
    if not isinstance(table, dict):
        reader.error(
            path,
            "'age_bands' must be a table: a line [age_bands] and then lines such as "
            'teens = "12-18"',
        )
        return {}
    bands: dict[str, str] = {}
    for key in table:
        if key in SITE_KEYS:
            reader.error(
                path + (key,),
                f"'{key}' is a setting, but it comes after the line [age_bands], so TOML reads "
                f"it as part of that list; move it above the first [table] line",
            )
            continue
        if key not in audiences:
            hint = did_you_mean(key, audiences, audiences) or (
                f" (it lists: {', '.join(audiences) or 'none yet'})"
            )
            reader.error(
                path + (key,), f"[age_bands] names '{key}', which is not in [audiences]{hint}"
            )
            continue
        band = reader.get(path + (key,), lambda raw: values.choice(raw, AUDIENCE_BANDS))
        if band is not None:
            bands[key] = band
    for key in audiences:
        if key not in table:
            reader.warning(
                path,
                f"[age_bands] gives no band to the audience '{key}', so it does not decide "
                f'any program\'s band in the impact report; add {key} = "none" (or its band: '
                f"{', '.join(AUDIENCE_BANDS[:-1])})",
            )
    return bands


def _month(raw: Any) -> int:
    """A month as a number (7) or an English name ("July")."""
    value = values.scalar(raw)
    names = [month.lower() for month in values.MONTHS]
    if value.lower() in names:
        return names.index(value.lower()) + 1
    if re.fullmatch(r"[0-9]{1,2}", value) and 1 <= int(value) <= 12:
        return int(value)
    raise Invalid(
        f"must be the month the fiscal year starts, a number from 1 to 12 or its name "
        f'(7 or "July"), not {values.describe(raw)}'
    )


def _misplaced_setting(reader: Reader, vocabulary: str, key: str) -> bool:
    """Whether `key = ...` under [vocabulary], named like a setting, is that setting written too
    low (TOML puts every line after a [table] into the table) rather than a word of the
    vocabulary: `language = "Language learning"` under [categories] is a category. It is the
    setting when it cannot be a vocabulary key, or when the setting is not given above and the
    value reads as one."""
    pattern = LANGUAGE_TAG if vocabulary == "languages" else values.SLUG
    if not pattern.fullmatch(key):
        return True
    if reader.raw((key,)) is not MISSING:  # given above: this one is a word of the vocabulary
        return False
    raw = reader.raw((vocabulary, key))
    if key in VOCABULARIES or not isinstance(raw, str):
        return False  # those settings are tables; a text value cannot be one
    try:
        SETTING_VALUES[key](raw) if key != "logo" else reader.media_file(raw)
    except Invalid:
        return False
    return True


def _repository(raw: Any) -> str:
    """The repository's web address, which edit links are made from: https://host/owner/name."""
    value = values.text(raw)
    address = value.rstrip("/").removesuffix(".git")
    if not REPOSITORY.fullmatch(address):
        raise Invalid(
            f"must be the repository's web address, e.g. "
            f'"https://github.com/riverside-library/community-hub", not '
            f"{values.describe(raw)}"
        )
    return address


def _branch(raw: Any) -> str:
    value = values.text(raw)
    if not BRANCH.fullmatch(value) or ".." in value or value.endswith((".lock", "/", ".")):
        raise Invalid(
            f"must be the name of a branch, such as \"main\" (letters, digits, '.', "
            f"'_', '-' and '/'), not {values.describe(raw)}"
        )
    return value


def _language_tag(raw: Any) -> str:
    value = values.text(raw)
    if not LANGUAGE_TAG.fullmatch(value):
        raise Invalid(f"must be a language code such as en or es, not {values.describe(raw)}")
    return value


def _translations(raw: Any) -> tuple[str, ...]:
    """`translations = ["es", "so", "vi", "ar"]`: the languages the interface is also published
    in, each under /<code>/."""
    if not isinstance(raw, list):
        raise Invalid(
            f'must be a list of language codes, e.g. translations = ["es", "so", "vi", "ar"], '
            f"not {values.describe(raw)}"
        )
    codes = tuple(_language_tag(item) for item in raw)
    for position, code in enumerate(codes):
        if code in codes[:position]:
            raise Invalid(f"lists {code!r} twice; give each language once")
    return codes


def _accent_colour(raw: Any) -> str:
    value = values.text(raw)
    if not HEX_COLOUR.fullmatch(value):
        raise Invalid(
            f'must be a colour written as # and six hex digits, e.g. "#0b5394", '
            f"not {values.describe(raw)}"
        )
    if len(value) == 4:
        value = "#" + "".join(digit * 2 for digit in value[1:])
    ratio = contrast_with_white(value)
    if ratio < MINIMUM_CONTRAST:
        raise Invalid(
            f"{value} is too light to read on white (contrast {ratio:.1f}:1; links and "
            f"buttons need at least {MINIMUM_CONTRAST}:1): choose a darker colour"
        )
    return value.lower()


def contrast_with_white(colour: str) -> float:
    """WCAG 2.2 contrast ratio of a #rrggbb colour against white."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


def _as_text(value: Any) -> Any:
    """TOML's typed values as the text a person would have typed, so the Reader reads them alike."""
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return str(value)


def _key_lines(text: str) -> dict[tuple, int]:
    """The line of each `key =` and `[table]`, as (table, key) paths like the front-matter's.
    Lines inside multi-line strings are skipped; a dotted key counts for its first part."""
    lines: dict[tuple, int] = {}
    table: tuple = ()
    inside: str | None = None  # the delimiter of an open multi-line string
    for number, line in enumerate(split_lines(text), start=1):
        if inside is not None:
            if line.count(inside) % 2 == 1:
                inside = None
            continue
        for delimiter in ('"""', "'''"):
            if line.count(delimiter) % 2 == 1:
                inside = delimiter
        header = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if header:
            table = (header[1].strip('"'),)
            lines[table] = number
            continue
        key = re.match(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]""", line)
        if key:
            lines.setdefault(table + (key[1].strip("\"'"),), number)
    return lines


# How each setting's value is read (for telling a misplaced setting from a vocabulary word).
SETTING_VALUES: dict[str, Callable[[Any], object]] = {
    "title": values.text,
    "description": values.text,
    "library": values.text,
    "base_url": values.web_address,
    "timezone": clock.zone,
    "language": _language_tag,
    "translations": _translations,
    "repository": _repository,
    "branch": _branch,
    "default_duration": values.duration,
    "horizon_months": values.whole_number,
    "feed_past_days": values.whole_number,
    "verify_every_months": values.whole_number,
    "logo_alt": values.text,
    "accent_color": _accent_colour,
}
