"""Every interface string of Bulletin, from the Python code (`_()`, `ngettext()`, `N_()`) and the
templates (`_()`, `ngettext()` through Jinja2's i18n extension), as the PO template
generator/locale/messages.pot that each language's catalog translates.

    python -m generator.translate.extract          # rewrite generator/locale/messages.pot

tests/test_translations.py checks that the committed template is what this makes, and that every
shipped catalog translates every string in it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from generator.translate.catalogs import TEMPLATE

TOP = Path(__file__).resolve().parent.parent.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("generator/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


def template_text(top: Path = TOP) -> bytes:
    """The PO template of every string in `top`'s generator/ and templates/, sorted, without
    line numbers or dates, so that it changes only when a string does."""
    catalog = Catalog(project="Bulletin", fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(top), METHODS, OPTIONS, KEYWORDS, comment_tags=("Translators:",)
    ):
        if filename.startswith("generator/translate/"):
            continue  # the helpers' own docstrings and examples
        catalog.add(message, None, [(filename, 0)], auto_comments=comments, context=context)
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        omit_header=True,
        sort_output=True,
        include_lineno=False,
    )
    return buffer.getvalue()


def main() -> int:
    TEMPLATE.write_bytes(template_text())
    print(f"Wrote {TEMPLATE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
