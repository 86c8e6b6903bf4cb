"""Imported event files as text: write front-matter from raw values so that no value can add or
change a key (every text that is not a plain word, date or number is double-quoted), read an
imported file back, and replace a file only whole (a temporary file, then a rename)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

from generator.content.frontmatter import NULLS, Document, parse_document, quoted
from generator.content.validate_event import EVENT_KEYS

# Words, dates, times, numbers and web addresses that YAML keeps as typed and the checker reads.
PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]*(?:[ :][A-Za-z0-9._/+-]+)*")
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
IMPORTED = "imported"


def scalar(value: str) -> str:
    if PLAIN.fullmatch(value) and value not in NULLS and ": " not in value:
        return value
    return quoted(value)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if value is None:
        return "~"
    return scalar(str(value))


def _key(key: Any) -> str:
    key = str(key)
    return key if KEY.fullmatch(key) and key not in NULLS else quoted(key)


def _is_flat(value: Any) -> bool:
    if isinstance(value, dict):
        return all(not isinstance(v, (dict, list)) or _is_scalars(v) for v in value.values())
    return _is_scalars(value)


def _is_scalars(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value)


def emit(key: Any, value: Any, indent: int = 0) -> list[str]:
    """YAML lines for `key: value`, block style for mappings, flow style inside them."""
    pad = " " * indent
    if isinstance(value, dict) and value and (indent == 0 or not _is_flat(value)):
        lines = [f"{pad}{_key(key)}:"]
        for inner_key, inner in value.items():
            lines += emit(inner_key, inner, indent + 2)
        return lines
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        lines = [f"{pad}{_key(key)}:"]
        lines += [f"{pad}  - {_flow(item)}" for item in value]
        return lines
    return [f"{pad}{_key(key)}: {_flow(value)}"]


def render(data: dict[str, Any], body: str, comments: list[str]) -> str:
    """The whole file: comment lines, the keys in the order the guide lists them (then any others
    staff added, then `imported`), and the description."""
    order = [key for key in EVENT_KEYS if key in data and key != IMPORTED]
    order += [key for key in data if key not in EVENT_KEYS and key != IMPORTED]
    if IMPORTED in data:
        order.append(IMPORTED)
    lines = ["---"]
    for comment in comments:
        lines += [f"# {line}" for line in _wrap(comment)]
    for key in order:
        if data[key] is not None:
            lines += emit(key, data[key])
    lines.append("---")
    text = "\n".join(lines) + "\n"
    body = body.strip("\n")
    return text + (body + "\n" if body else "")


def _wrap(text: str, width: int = 98) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def fingerprint(body: str) -> str:
    """What the import remembers of a description: enough to tell whether staff changed it."""
    normal = "\n".join(line.rstrip() for line in body.strip().splitlines())
    return "sha256:" + hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def read(path: Path, src_path: str) -> tuple[Document | None, str, list]:
    """An imported file's parsed front-matter (None when it cannot be read), its text, and the
    problems found in reading it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, "", [str(error)]
    document, problems = parse_document(src_path, text)
    errors = [problem for problem in problems if problem.is_error]
    if errors:
        return None, text, errors
    return document, text, []


def write(path: Path, text: str) -> None:
    """Replace (or create) the file whole: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8", newline="\n") as file:
        file.write(text)
    os.replace(temporary, path)
