"""The command line: `bulletin check` (more commands arrive with the site). The only module that
prints. Exit status: 0 success, 1 content problems, 2 command-line misuse."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import __version__
from generator.load import Loaded, load
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
