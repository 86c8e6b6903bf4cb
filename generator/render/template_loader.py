"""The theme's templates, each compiled once in a process for as long as its text stays the same.

Compiling a template (parsing it and making Python code of it) is most of the work of building a
small hub, and every build, `serve`'s rebuild and the preview makes a new Jinja environment. The
compiled code is reused through the one cache mechanism (incremental/cache.py), in this process's
memory: its inputs are everything the code is made from, the template's name, file and text and the
environment's settings that change how a template compiles. A template saved with new text, or an
environment set up otherwise, compiles anew."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import jinja2

from generator.incremental.cache import Memory, cached

COMPILED = Memory(200)  # a theme has a few dozen templates


class Loader(jinja2.FileSystemLoader):
    """Jinja's FileSystemLoader, with compiled code reused as the module's docstring says."""

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        source, filename, uptodate = self.get_source(environment, name)
        code = cached(
            "template",
            (settings(environment), name, filename, source),
            lambda: environment.compile(source, name, filename),
            COMPILED,
        )
        return environment.template_class.from_code(
            environment, code, globals if globals is not None else {}, uptodate
        )


def settings(environment: jinja2.Environment) -> tuple:
    """What of `environment` changes the code a template compiles to: its extensions, syntax,
    whitespace handling, autoescaping, finalize, async mode and policies (such as i18n's)."""

    def named(value: object) -> object:
        return value if isinstance(value, (bool, str, int, type(None))) else _name(value)

    return (
        tuple(sorted(environment.extensions)),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        named(environment.autoescape),
        named(environment.finalize),
        environment.optimized,
        environment.is_async,
        getattr(environment, "newstyle_gettext", None),
        tuple(sorted((key, named(value)) for key, value in environment.policies.items())),
    )


def _name(value: object) -> str:
    """A function's or object's qualified name: the same in every process, unlike its repr."""
    kind = value if callable(value) else type(value)
    return f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', repr(kind))}"
