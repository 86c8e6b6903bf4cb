"""Message catalogs: the PO files Bulletin ships (generator/locale/<code>.po) and a hub's own
(content/translations/<code>.po), read as text with Babel and compiled in memory, so no binary .mo
file is ever committed. A hub's entries win over the shipped ones, one message at a time."""

from __future__ import annotations

import gettext
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"
TEMPLATE = LOCALE / "messages.pot"  # every interface string, extracted (translate/extract.py)
SHIPPED = ("es", "so", "vi", "ar", "zh-Hans")
# Babel dates a catalog whose file gives no POT-Creation-Date with the current minute, and that
# date is in the compiled header: a fixed one keeps the fingerprint (in every page's cache key)
# the same from one build to the next.
UNDATED = datetime(2000, 1, 1, tzinfo=UTC)


class CatalogError(Exception):
    """A PO file that cannot be read; `line` is where, when known."""

    def __init__(self, path: str, line: int | None, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Messages:
    """One language's catalog, ready for pages: gettext's object and a fingerprint for caches."""

    code: str
    translations: gettext.NullTranslations
    fingerprint: str
    missing: tuple[str, ...]  # msgids of the template with no translation here


def shipped_path(code: str) -> Path:
    return LOCALE / f"{code}.po"


# A PO line: a keyword and quoted text, more quoted text, a comment or nothing. Babel's reader
# accepts more (a missing closing quote loses the last letter), so every line is checked first.
PO_LINE = re.compile(
    r'\s*(#.*|((msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+)?"([^"\\]|\\.)*"\s*)?'
)


def read_catalog(path: Path, shown: str, code: str) -> Catalog:
    """A PO file as a Babel catalog; CatalogError names the line of a mistake."""
    try:
        data = path.read_bytes()
        for number, text in enumerate(data.decode("utf-8").splitlines(), 1):
            if not PO_LINE.fullmatch(text):
                raise CatalogError(
                    shown,
                    number,
                    "is not a valid PO file: each line holds msgid or msgstr and a text in "
                    'straight double quotes ("..."), more text in quotes, or a # comment; check '
                    "the quotes on this line",
                )
        return read_po(io.BytesIO(data), locale=_babel_code(code), abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", None) or None
        raise CatalogError(shown, line, f"is not a valid PO file ({error})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise CatalogError(shown, None, f"is not a valid PO file ({error})") from None


def template_ids() -> list:
    """Every msgid of the interface (a (singular, plural) pair for plural messages)."""
    with TEMPLATE.open("rb") as handle:
        return [message.id for message in read_po(handle) if message.id]


def formatted_ids() -> set[str]:
    """The msgids (singular) whose translation is filled in with `%`: those with a placeholder
    such as %(month)s, and every message of the templates (Jinja2 formats each one, with or
    without values)."""
    with TEMPLATE.open("rb") as handle:
        return {
            _shown_id(message.id)
            for message in read_po(handle)
            if message.id
            and (
                "python-format" in message.flags
                or any(path.startswith("templates/") for path, _ in message.locations)
            )
        }


PLACEHOLDER = re.compile(r"%\((\w+)\)")


def format_problem(message) -> str | None:
    """Why `message`'s translation would fail where the interface fills in its placeholders, or
    None. Each placeholder of the translation must be one of the message's own; any other % must
    be written %%."""
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    names = sorted({name for text in ids for name in PLACEHOLDER.findall(text)})
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    has = ", ".join(f"%({name})s" for name in names) or "none"
    for text in strings:
        try:
            text % dict.fromkeys(names, 1)
        except KeyError as error:
            return (
                f"the translation of {_shown_id(message.id)!r} uses %({error.args[0]})s, which "
                f"that message does not have (its placeholders: {has}); copy them from the msgid"
            )
        except (ValueError, TypeError):
            return (
                f"the translation of {_shown_id(message.id)!r} has a % sign that is not a "
                f"placeholder (its placeholders: {has}); write %% for a percent sign"
            )
    return None


def messages(code: str, hub_catalog: Path | None = None, shown: str = "") -> Messages:
    """The catalog for `code`: the shipped one, if any, with the hub's file laid over it."""
    shipped = shipped_path(code)
    catalog = read_catalog(shipped, str(shipped), code) if shipped.is_file() else None
    if hub_catalog is not None and hub_catalog.is_file():
        own = read_catalog(hub_catalog, shown or str(hub_catalog), code)
        formatted = formatted_ids()
        for message in own:
            problem = (
                format_problem(message)
                if message.id and _translated(message) and _shown_id(message.id) in formatted
                else None
            )
            if problem:
                raise CatalogError(
                    shown or str(hub_catalog), _msgstr_line(hub_catalog, message.lineno), problem
                )
        if catalog is None:
            catalog = own
        else:
            for message in own:
                if message.id and _translated(message):
                    if message.id in catalog:  # assigning would merge, keeping the old text
                        del catalog[message.id]
                    catalog[message.id] = message
    if catalog is None:
        catalog = Catalog(locale=_babel_code(code))
    catalog.creation_date = UNDATED
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    data = buffer.getvalue()
    translations = gettext.GNUTranslations(io.BytesIO(data))
    missing = tuple(
        _shown_id(msgid)
        for msgid in template_ids()
        if not (catalog.get(msgid) and _translated(catalog[msgid]))
    )
    return Messages(code, translations, hashlib.sha256(data).hexdigest()[:16], missing)


def _msgstr_line(path: Path, msgid_line: int | None) -> int | None:
    """The line of the translation (msgstr) that follows the msgid on `msgid_line`."""
    if msgid_line is None:
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    for number in range(msgid_line, len(lines) + 1):
        if lines[number - 1].lstrip().startswith("msgstr"):
            return number
    return msgid_line


def _translated(message) -> bool:
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _shown_id(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _babel_code(code: str) -> str:
    return code.replace("-", "_")
