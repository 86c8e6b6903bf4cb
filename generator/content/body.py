"""Check a file's Markdown body (the description below the front-matter) for what would stop or
stall the build, or break a feed: invisible control characters, direction overrides, nesting
deeper than Python-Markdown's recursion can take, a body too long, and paragraphs with so many
brackets that Markdown's link search takes minutes. Pure: works on the text it is given.

The limits are measured, not guessed: Python-Markdown recurses once per level of lists and quotes
and fails near 300 levels; its link search scans from every '[' to the end of the paragraph, so a
paragraph of 10,000 '[' took 19 s, and 1,000 '[' before 100,000 letters 34 s. At the limits below,
the slowest body found (50 '[' then 20,000 letters) takes about half a second to render, and
random bodies within them at most 0.3 s (tests/test_safety.py builds each limit).
"""

from __future__ import annotations

import re

from generator.content.frontmatter import Document, split_lines
from generator.content.values import BIDI, CONTROL
from generator.problems import WARNING, Problem

MAX_LENGTH = 20_000  # characters: a long description is still a few pages
MAX_DEPTH = 20  # lists and quotes inside each other; real descriptions use two or three
MAX_BRACKETS = 50  # '[' in one paragraph (each link or picture has one)
MAX_ANGLES = 500  # '<' in one paragraph (raw HTML tags; 20 times cheaper than '[', still quadratic)
# A list or quote marker at the start of a line, each one a level of nesting.
MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))")
# Where Markdown starts a new block, so the link search starts afresh: an empty line, a list item,
# a quote, a heading.
NEW_BLOCK = re.compile(r"[ \t]*(?:$|>|#|[-*+][ \t]|[0-9]{1,9}[.)][ \t])")


def body_problems(document: Document) -> list[Problem]:
    problems: list[Problem] = []
    body, first = document.body, document.body_line

    def problem(line: int, message: str, level: str = "error") -> None:
        problems.append(Problem(document.src_path, line, message, level))

    if len(body) > MAX_LENGTH:
        problem(
            first,
            f"the description is {len(body):,} characters long; keep it to {MAX_LENGTH:,} or "
            f"fewer (link to a longer text elsewhere)",
        )
        return problems  # the rest would only say more about a text that must be shortened
    lines = split_lines(body)
    block_start: int | None = first
    brackets = angles = 0
    for number, line in enumerate(lines, start=first):
        control = CONTROL.search(line)
        if control:
            problem(
                number,
                f"the description contains an invisible control character "
                f"(U+{ord(control.group()):04X}) on this line; retype the line",
            )
        bidi = BIDI.search(line)
        if bidi:
            problem(number, direction_warning("the description", bidi.group()), WARNING)
        depth = _depth(line)
        if depth > MAX_DEPTH:
            problem(
                number,
                f"lists and quotes in the description are nested {depth} deep on this line; "
                f"keep it to {MAX_DEPTH} (content never needs more, and the page could not be "
                f"made)",
            )
        if NEW_BLOCK.match(line):
            brackets, angles = 0, 0
            block_start = number if line.strip() else None
        elif block_start is None:
            block_start = number
        brackets += line.count("[")
        angles += line.count("<")
        if brackets > MAX_BRACKETS:
            problem(
                block_start or number,
                f"the paragraph of the description that starts on this line has more than "
                f"{MAX_BRACKETS} '[' characters; a link or picture needs one each, and more would "
                f"take minutes to make into a page: remove the extra ones",
            )
            brackets = -(10**9)  # one message per paragraph
        if angles > MAX_ANGLES:
            problem(
                block_start or number,
                f"the paragraph of the description that starts on this line has more than "
                f"{MAX_ANGLES} '<' characters, which would take minutes to make into a page: "
                f"write fewer, or use words such as 'under' and 'less than'",
            )
            angles = -(10**9)
    return problems


def direction_warning(what: str, character: str) -> str:
    return (
        f"{what} contains an invisible text-direction control (U+{ord(character):04X}), which "
        f"can make the text show in a different order from how it reads; retype it unless you "
        f"put it there on purpose"
    )


def _depth(line: str) -> int:
    """Levels of nesting a line can open: each list or quote marker at its start, and each four
    columns of indentation (Python-Markdown nests a block by four spaces)."""
    markers, position = 0, 0
    while True:
        match = MARKER.match(line, position)
        if not match:
            break
        markers += 1
        position = match.end()
    indent = len(line) - len(line.lstrip(" \t"))
    columns = len(line[:indent].expandtabs(4))
    return markers + columns // 4
