"""Read one parsed file's front-matter against what its content type accepts, collecting Problems.
Pure: no I/O; one rule (unknown keys are errors that list the accepted ones) for every content type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from generator.content import values
from generator.content.body import direction_warning
from generator.content.frontmatter import Document
from generator.content.suggest import did_you_mean, did_you_mean_file
from generator.models import Image, Site
from generator.problems import ERROR, WARNING, Invalid, Problem

MISSING = object()
SINGULAR = {
    "audiences": "audience",
    "categories": "category",
    "languages": "language",
    "access": "access feature",
}
IMAGE_SUFFIXES = (".avif", ".gif", ".jpeg", ".jpg", ".png", ".svg", ".webp")


@dataclass(frozen=True)
class Context:
    """What validating one file may know beyond the file: site settings and the media files."""

    site: Site | None  # None when site.toml itself could not be read
    media: frozenset[str] = frozenset()  # paths relative to content/, e.g. "media/logo.svg"
    partners: frozenset[str] = frozenset()  # slugs of the partner files, for suggestions
    places: frozenset[str] = frozenset()  # slugs of venue and partner files


@dataclass
class Reader:
    document: Document
    context: Context
    problems: list[Problem] = field(default_factory=list)
    assign: str = ": "  # how a key is given a value: YAML's ': ', or TOML's ' = '

    @property
    def failed(self) -> bool:
        return any(problem.is_error for problem in self.problems)

    def error(self, path: tuple, message: str, level: str = ERROR) -> None:
        self.problems.append(
            Problem(self.document.src_path, self.document.line(path), message, level)
        )

    def warning(self, path: tuple, message: str) -> None:
        self.error(path, message, WARNING)

    def raw(self, path: tuple) -> Any:
        value: Any = self.document.data
        for key in path:
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                return MISSING
        return value

    def check_keys(
        self, path: tuple, accepted: Sequence[str], what: str, hints: dict[str, str] | None = None
    ) -> None:
        mapping = self.raw(path)
        if not isinstance(mapping, dict):
            return
        for key in mapping:
            if key in accepted:
                continue
            if hints and key in hints:
                self.error(path + (key,), f"unknown key '{key}': {hints[key]}")
                continue
            suggestion = did_you_mean(key, accepted)
            listed = f"the keys {what} accepts are {', '.join(accepted)}"
            if "extra" in accepted:
                listed += " (free-form data goes under 'extra:')"
            if suggestion:
                self.error(path + (key,), f"unknown key '{key}'{suggestion} ({listed})")
            else:
                self.error(path + (key,), f"unknown key '{key}'; {listed}")

    def get(
        self,
        path: tuple,
        read: Callable[[Any], Any],
        required: bool = False,
        default: Any = None,
        example: str = "",
    ) -> Any:
        """The value at `path` read by `read`, or `default` (after recording why) when absent or bad."""
        raw = self.raw(path)
        if raw is MISSING or raw is None:
            if required:
                where = path[:-1] if len(path) > 1 else ()
                hint = f", e.g. '{path[-1]}{self.assign}{example}'" if example else ""
                self.error(where, f"'{name(path)}' is required{hint}")
            return default
        try:
            value = read(raw)
        except Invalid as invalid:
            self.error(path, f"'{name(path)}' {invalid.message}")
            return default
        self.check_direction(path, raw)
        return value

    def check_direction(self, path: tuple, raw: Any) -> None:
        """A warning for an invisible text-direction control in a value (or in a list's or a
        mapping's values): the text may show in another order than it reads."""
        found = _direction_control(raw)
        if found is not None:
            inner, character = found
            self.warning(path + inner, direction_warning(f"'{name(path + inner)}'", character))

    def items(self, path: tuple) -> list[tuple[tuple, Any]]:
        """(path, raw) for each item of a list; a single value counts as a list of one."""
        raw = self.raw(path)
        if raw is MISSING or raw is None:
            return []
        if isinstance(raw, list):
            return [(path + (index,), item) for index, item in enumerate(raw) if item is not None]
        return [(path, raw)]

    def vocabulary(self, path: tuple, vocabulary: str) -> tuple[str, ...]:
        """Keys from one of site.toml's vocabularies, e.g. audiences: [teens, adults]."""
        site = self.context.site
        known = site.vocabulary(vocabulary) if site else None
        keys: list[str] = []
        for item_path, raw in self.items(path):
            try:
                key = values.scalar(raw)
            except Invalid as invalid:
                self.error(item_path, f"'{name(path)}' items {invalid.message}")
                continue
            if (
                known is not None
                and key not in known
                and "," in key
                and not isinstance(self.raw(path), list)
            ):
                # `audiences: teens, kids` is one word, "teens, kids", to YAML.
                words = ", ".join(word.strip() for word in key.split(",") if word.strip())
                self.error(
                    item_path,
                    f"'{name(path)}' has several words without square brackets, so they are "
                    f"read as one ('{key}'); write '{name(path)}{self.assign}[{words}]'",
                )
                continue
            if known is not None and key not in known:
                singular = SINGULAR[vocabulary]
                listed = ", ".join(known) or "none yet"
                self.error(
                    item_path,
                    f"unknown {singular} '{key}'{did_you_mean(key, known, known)} "
                    f"(the [{vocabulary}] of content/site.toml lists: {listed})",
                )
                continue
            if key in keys:
                self.error(item_path, f"'{key}' is listed twice in '{name(path)}'")
                continue
            keys.append(key)
        return tuple(keys)

    def language(self, path: tuple, languages: tuple[str, ...] = ()) -> str:
        """`lang:`, the language the file's own text is written in: the site's language or a
        code from its [languages]. Without it, the one language in `languages` when there is
        exactly one, else the site's."""
        site = self.context.site
        own = site.language if site else "en"
        known = [own, *(key for key in (site.languages if site else {}) if key != own)]
        default = languages[0] if len(languages) == 1 else own

        def read(raw: Any) -> str:
            code = values.scalar(raw)
            if code not in known:
                raise Invalid(
                    f"is {values.describe(raw)}, which is not one of the hub's languages"
                    f"{did_you_mean(code, known)} (the site's own, {own}, or a code from the "
                    f"[languages] of content/site.toml: {', '.join(known)})"
                )
            return code

        return self.get(path, read, default=default) or default

    def image(
        self, path: tuple, alt_path: tuple, alt_example: str = "Two teens at a laptop"
    ) -> Image | None:
        """An image file under content/media/ and its required alternative text."""
        image_path = self.get(path, self.media_file)
        alt = self.get(alt_path, values.text)
        if self.raw(path) in (MISSING, None):
            if alt is not None:
                self.error(
                    alt_path,
                    f"'{name(alt_path)}' is given but there is no "
                    f"'{name(path)}'; add the image or remove this line",
                )
            return None
        if image_path is None:
            return None
        if alt is None and self.raw(alt_path) in (MISSING, None):
            self.error(
                path,
                f"'{name(path)}' needs '{name(alt_path)}': a short description of "
                f"the picture for people who cannot see it, e.g. "
                f"'{name(alt_path)}{self.assign}{alt_example}'",
            )
            return None
        return Image(image_path, alt) if alt else None

    def media_file(self, raw: Any) -> str:
        written = values.text(raw)
        if "://" in written or written.startswith("//"):
            raise Invalid(
                "must be a file in content/media/, not a web address (the hub loads "
                "nothing from other sites): save the file in content/media/ and write "
                "media/<file name>"
            )
        path = written.lstrip("/")
        if path.startswith("content/"):
            path = path[len("content/") :]
        if "\\" in path or ".." in PurePosixPath(path).parts:
            raise Invalid(f"must be a path inside content/media/, not {values.describe(raw)}")
        if not path.startswith("media/"):
            path = "media/" + path
        if not path.lower().endswith(IMAGE_SUFFIXES):
            raise Invalid(
                f"must be an image ({', '.join(IMAGE_SUFFIXES)}), not {values.describe(raw)}"
            )
        if path not in self.context.media:
            raise Invalid(
                f"names a file that does not exist: content/{path}"
                f"{did_you_mean_file(path, self.context.media)}"
            )
        if path != written:
            raise Invalid(f"must be written as '{path}' (relative to content/)")
        return path


def _direction_control(raw: Any, inner: tuple = ()) -> tuple[tuple, str] | None:
    if isinstance(raw, str):
        control = values.BIDI.search(raw)
        return (inner, control.group()) if control else None
    items = (
        raw.items() if isinstance(raw, dict) else enumerate(raw) if isinstance(raw, list) else ()
    )
    for key, item in items:
        found = _direction_control(item, inner + (key,))
        if found is not None:
            return found
    return None


def name(path: tuple) -> str:
    """A key path as staff know it: ('repeat', 'until') -> 'repeat.until'; list positions dropped."""
    return ".".join(str(part) for part in path if not isinstance(part, int))
