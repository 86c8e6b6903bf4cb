"""The command line: `bulletin build` and `bulletin check`. The only module that prints.
Exit status: 0 success, 1 content problems, 2 command-line misuse."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator import __version__
from generator.load import Loaded, load
from generator.models import UTC
from generator.now import BadNow, resolve_now
from generator.problems import Problem

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)   # exits with 2 and a usage line on misuse
    return arguments.run(arguments)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin", description="Build and check a library's community events hub.")
    parser.add_argument("--version", action="version", version=f"bulletin {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser(
        "build", help="check the content, then build the site into site/",
        description="Check every content file; if all is well, build the whole site in memory and "
                    "replace the output folder with it. A failed build changes nothing.")
    build.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                       help="the content folder (default: content)")
    build.add_argument("--templates", type=Path, default=Path("templates"), metavar="DIR",
                       help="the theme's templates (default: templates)")
    build.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                       help="where the site goes (default: site)")
    build.add_argument("--base-url", metavar="URL",
                       help="the address the site is served from, instead of site.toml's base_url "
                            "(e.g. http://127.0.0.1:8000/ to preview at the root)")
    build.add_argument("--now", metavar="DATETIME",
                       help="build as if it were this moment, e.g. 2026-12-02T09:00 (default: "
                            "SOURCE_DATE_EPOCH if set, else the clock)")
    build.add_argument("--drafts", action="store_true", help="include events and partners marked "
                                                            "draft: true")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--no-history", action="store_true",
                       help="do not read git history (calendar DTSTAMPs then use --now)")
    build.set_defaults(run=_build)
    check = commands.add_parser(
        "check", help="check every content file and report each problem as path:line: message",
        description="Check every content file; print each problem as path:line: message. Exit "
                    "status 1 when there are errors, 0 otherwise.")
    check.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                       help="the content folder (default: content)")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text for people; github for annotations on a pull request")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(run=_check)
    return parser


def _check(arguments: argparse.Namespace) -> int:
    loaded = load(arguments.content)
    show = _annotation if arguments.format == "github" else str
    for problem in loaded.problems:
        print(show(problem))
    print(_summary(loaded), file=sys.stderr)
    failed = loaded.errors or (arguments.strict and loaded.warnings)
    return EXIT_CONTENT if failed else EXIT_OK


def _build(arguments: argparse.Namespace) -> int:
    from generator.build import build

    base_url = arguments.base_url
    if base_url is not None:
        base_url = base_url if base_url.endswith("/") else base_url + "/"
        if not base_url.startswith(("http://", "https://")):
            print(f"bulletin build: --base-url {base_url!r} must start with http:// or https://",
                  file=sys.stderr)
            return EXIT_USAGE
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        resolve_now(arguments.now, epoch, UTC)   # only to report a mistyped --now as misuse
    except BadNow as error:
        print(f"bulletin build: {error}", file=sys.stderr)
        return EXIT_USAGE
    result = build(arguments.content, arguments.templates, arguments.out,
                   lambda zone: resolve_now(arguments.now, epoch, zone), base_url,
                   arguments.drafts, arguments.strict, not arguments.no_history)
    for problem in result.problems:
        print(problem)
    if result.written:
        print(f"Built {result.written} files into {arguments.out}/.", file=sys.stderr)
        return EXIT_OK
    print(_summary(result.loaded) + " Nothing was built; the previous site is unchanged.",
          file=sys.stderr)
    return EXIT_CONTENT


def _summary(loaded: Loaded) -> str:
    errors, warnings = len(loaded.errors), len(loaded.warnings)
    if not errors and not warnings:
        return f"Checked {_count(loaded.files, 'file')}: no problems."
    return (f"Checked {_count(loaded.files, 'file')}: {_count(errors, 'error')}, "
            f"{_count(warnings, 'warning')}.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command, shown on the pull request's changed line."""
    def escape(text: str, extra: str = "") -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        for character, code in (("," , "%2C"), (":", "%3A")):
            if character in extra:
                text = text.replace(character, code)
        return text
    properties = f"file={escape(problem.src_path, ',:')}"
    if problem.line is not None:
        properties += f",line={problem.line}"
    return f"::{problem.level} {properties}::{escape(problem.message)}"
