"""Read typed values (text, numbers, dates, times, addresses) from the text staff typed. Pure.

Each reader takes the raw front-matter value (str, list, dict or None) and returns the typed value or
raises Invalid with the end of a sentence that starts with the key's name, e.g. "'end' " +
"is not a time: '5.30pm' (write it as HH:MM in 24-hour form, e.g. 17:30)".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from generator.content.suggest import did_you_mean
from generator.problems import Invalid

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
# Digits are ASCII only: re's \d would also accept full-width and Arabic-Indic digits.
DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)
DATETIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})(?:[ T]+|T)(\d{1,2}:\d{2}(?::\d{2})?)", re.ASCII)
TWELVE_HOUR = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
OFFSET = re.compile(r".*\d(?:Z|[+-]\d{2}:?\d{2})$")
DURATION = re.compile(
    r"(?:(\d{1,3})\s*h(?:ours?)?)?\s*(?:(\d{1,4})\s*m(?:in(?:utes?)?)?)?", re.IGNORECASE | re.ASCII
)
EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")
# C0 and C1 control characters other than tab and newline, and the Unicode line/paragraph separators:
# invisible, and able to break a calendar feed or a page.
# U+FFFE and U+FFFF are not characters at all, and no XML file (an Atom feed, a sitemap) may hold them.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Invisible controls that change the order text is shown in (right-to-left overrides, embeddings
# and isolates): legitimate now and then, and a way to make text look different from what it says.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# A slug or a vocabulary key names files on the site, the longest being '<name>.ics': with the 255
# bytes a file name may have on every common file system, a name may have 251.
MAX_NAME = 255 - len(".ics")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DATE_EXAMPLE = "write it as YYYY-MM-DD, e.g. 2026-12-02"
FIRST_YEAR, LAST_YEAR = 1970, 2100  # a community calendar's dates; also bounds every series
LARGEST_NUMBER = 100_000
TIME_EXAMPLE = "write it as HH:MM in 24-hour form, e.g. 17:30"
DATETIME_EXAMPLE = "write it as YYYY-MM-DD HH:MM, e.g. 2026-12-02 15:30"


def describe(raw: Any) -> str:
    """How a raw value is quoted back to the person who wrote it."""
    if isinstance(raw, str):
        return repr(raw) if len(raw) <= 60 else repr(raw[:57] + "...")
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "a mapping"
    return "empty"


def scalar(raw: Any) -> str:
    if isinstance(raw, list):
        raise Invalid("must be a single value, not a list")
    if isinstance(raw, dict):
        raise Invalid("must be a single value, not a mapping ('key: value' lines)")
    if raw is None:
        raise Invalid("is empty")
    return raw.strip()


def text(raw: Any, multiline: bool = False) -> str:
    """Text as written, without surrounding spaces; one line unless `multiline`."""
    value = scalar(raw)
    if not value:
        raise Invalid("is empty")
    control = CONTROL.search(value)
    if control:
        raise Invalid(
            f"contains an invisible control character (U+{ord(control.group()):04X}); "
            "retype the value"
        )
    if not multiline and "\n" in value:
        raise Invalid("must be one line")
    return value


def text_list(raw: Any) -> tuple[str, ...]:
    """A list of short texts; a single text is a list of one."""
    items = raw if isinstance(raw, list) else [raw]
    return tuple(text(item) for item in items if item is not None)


def boolean(raw: Any) -> bool:
    value = scalar(raw).lower()
    if value in ("true", "false"):
        return value == "true"
    raise Invalid(f"must be true or false, not {describe(raw)}")


def whole_number(raw: Any, minimum: int = 0, maximum: int = LARGEST_NUMBER) -> int:
    value = scalar(raw)
    if not re.fullmatch(r"[0-9]+", value):
        raise Invalid(f"must be a whole number, not {describe(raw)}")
    if len(value) > 9 or int(value) > maximum:
        raise Invalid(f"must be at most {maximum}, not {describe(raw)}")
    number = int(value)
    if number < minimum:
        raise Invalid(f"must be at least {minimum}, not {number}")
    return number


def number(raw: Any) -> float:
    value = scalar(raw)
    if not re.fullmatch(r"[+-]?([0-9]{1,9}(\.[0-9]{0,15})?|\.[0-9]{1,15})", value):
        raise Invalid(f"must be a number, not {describe(raw)}")
    return float(value)


def geo(raw: Any) -> tuple[float, float]:
    """[latitude, longitude] in decimal degrees; "41.83, -87.82" is accepted too."""
    parts = raw if isinstance(raw, list) else scalar(raw).split(",")
    if len(parts) != 2:
        raise Invalid("must be [latitude, longitude], e.g. [41.8339, -87.8231]")
    try:
        latitude, longitude = number(parts[0]), number(parts[1])
    except Invalid:
        raise Invalid(
            "must be two numbers [latitude, longitude], e.g. [41.8339, -87.8231]"
        ) from None
    if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
        raise Invalid(
            f"is not on the map: latitude must be between -90 and 90 and longitude "
            f"between -180 and 180 (found {latitude:g}, {longitude:g})"
        )
    return latitude, longitude


def calendar_date(raw: Any) -> date:
    value = scalar(raw)
    match = DATE.fullmatch(value)
    if not match:
        if DATETIME.fullmatch(value):
            raise Invalid(f"must be a date without a time, not {describe(raw)}")
        raise Invalid(f"is not a date: {describe(raw)} ({DATE_EXAMPLE})")
    year, month, day = map(int, match.groups())
    return _real_date(year, month, day, value)


def _real_date(year: int, month: int, day: int, written: str) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(
            f"{written} is out of range: the year must be between {FIRST_YEAR} and {LAST_YEAR}"
        )
    if not 1 <= month <= 12:
        raise Invalid(f"{written} is not a real date (there is no month {month}; {DATE_EXAMPLE})")
    try:
        return date(year, month, day)
    except ValueError:
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        raise Invalid(
            f"{written} is not a real date ({MONTHS[month - 1]} {year} has {last} days)"
        ) from None


def clock_time(raw: Any) -> time:
    value = scalar(raw)
    match = TIME.fullmatch(value)
    if not match:
        _reject_twelve_hour(value)
        raise Invalid(f"is not a time: {describe(raw)} ({TIME_EXAMPLE})")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour == 24 and minute == 0 and second == 0:
        raise Invalid(
            "is 24:00; for an event that ends at midnight give the next day's date and "
            "00:00, e.g. 2027-01-01 00:00"
        )
    if hour > 23 or minute > 59 or second > 59:
        raise Invalid(f"{value} is not a real time of day ({TIME_EXAMPLE})")
    return time(hour, minute, second)


def _reject_twelve_hour(value: str) -> None:
    match = TWELVE_HOUR.search(value)
    if match:
        hour, minute = int(match[1]) % 12, int(match[2] or 0)
        if match[3].lower() == "p":
            hour += 12
        if hour < 24 and minute < 60:
            raise Invalid(
                f"must use 24-hour time: write {hour:02d}:{minute:02d} for "
                f"'{match.group().strip()}'"
            )


def date_or_datetime(raw: Any) -> date | datetime:
    """A date (an all-day event) or a local date and time (no UTC offset: the zone is separate)."""
    value = scalar(raw)
    if DATE.fullmatch(value):
        return calendar_date(value)
    if OFFSET.match(value):
        raise Invalid(
            f"must not carry a UTC offset ({describe(raw)}); write the local time and "
            "set 'timezone' if the event is not in the site's time zone"
        )
    match = DATETIME.fullmatch(value)
    if not match:
        if TIME.fullmatch(value):
            raise Invalid(f"needs a date as well as a time ({DATETIME_EXAMPLE})")
        _reject_twelve_hour(value)
        raise Invalid(
            f"is not a date or a date and time: {describe(raw)} ({DATETIME_EXAMPLE}, "
            "or just the date for an all-day event)"
        )
    day = calendar_date(match[1])
    return datetime.combine(day, clock_time(match[2]))


def duration(raw: Any) -> timedelta:
    value = scalar(raw)
    match = DURATION.fullmatch(value)
    if not value or not match or not (match[1] or match[2]):
        raise Invalid(f"is not a length of time: {describe(raw)} (write e.g. 1h, 90m or 1h30m)")
    length = timedelta(hours=int(match[1] or 0), minutes=int(match[2] or 0))
    if not length:
        raise Invalid("must be longer than zero")
    if length > timedelta(hours=24):
        raise Invalid(f"must be at most 24 hours, not {describe(raw)}")
    return length


def web_address(raw: Any, schemes: tuple[str, ...] = ("https", "http")) -> str:
    value = text(raw)
    try:
        parts = urlsplit(value) if not re.search(r"\s", value) else None
    except ValueError:  # e.g. a broken IPv6 address: https://[
        parts = None
    if parts and parts.scheme.lower() == "mailto" and "mailto" in schemes:
        address = parts.path.split("?")[0]
        if not EMAIL.fullmatch(address):
            raise Invalid(
                f"must be mailto: and an email address, such as mailto:teens@example.org, not "
                f"{describe(raw)}"
            )
        return value
    if parts and parts.scheme.lower() in schemes and parts.netloc:
        return value
    if parts and not parts.scheme and re.fullmatch(r"[\w.-]+\.[a-z]{2,}(/\S*)?", value, re.I):
        raise Invalid(f"must start with https:// (write https://{value})")
    raise Invalid(f"must be a web address starting with https://, not {describe(raw)}")


def email(raw: Any) -> str:
    value = text(raw)
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    if not EMAIL.fullmatch(value):
        raise Invalid(f"is not an email address: {describe(raw)}")
    return value


def slug_reference(raw: Any, known: frozenset[str] | None = None) -> str:
    """A slug naming another file, e.g. a partner; checked against the files by the index.
    `known` (the slugs that exist) makes the suggestion for a mistyped one."""
    value = scalar(raw)
    if not SLUG.fullmatch(value):
        suggestion = slugify(value)
        if known:
            close = did_you_mean(suggestion, sorted(known))
            suggestion = close.split("'")[1] if close else ""
        hint = f" (did you mean '{suggestion}'?)" if suggestion and suggestion != value else ""
        raise Invalid(
            f"{describe(raw)} is not a file name: use the file's name without '.md', in "
            f"lowercase letters, digits and hyphens{hint}"
        )
    return value


# Letters that Unicode does not split into a base letter and an accent, so NFKD alone would drop
# them: Norwegian, Danish, German, Vietnamese, Polish, Icelandic, French.
FOLDED = str.maketrans(
    {
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
        "œ": "oe",
        "Œ": "oe",
    }
)


def slugify(name: str) -> str:
    """The slug staff should use for a name: 'Teen Tech Drop-In!' -> 'teen-tech-drop-in',
    'Café Ñandú' -> 'cafe-nandu', 'Đọc sách' -> 'doc-sach'."""
    ascii_name = (
        unicodedata.normalize("NFKD", name.translate(FOLDED)).encode("ascii", "ignore").decode()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def choice(raw: Any, choices: tuple[str, ...]) -> str:
    """One word from a fixed list, e.g. a status or a partner's kind."""
    value = scalar(raw)
    if value in choices:
        return value
    raise Invalid(
        f"is {describe(raw)}{did_you_mean(value, choices)} (choose one of: {', '.join(choices)})"
    )
