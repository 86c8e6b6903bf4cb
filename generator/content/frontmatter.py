"""Split a content file into YAML front-matter and Markdown body, keeping every value as the text
written and the line of every key. Pure: works on the text it is given; bad input becomes Problems.

YAML 1.1, which PyYAML implements, quietly turns `17:30` into the number 1050, `no` (Norwegian) into
False, `on:` into the key True, `0755` into 493, `1_000` into 1000 and `2026-12-02` into a date object.
Staff never mean any of that, so this module does not let YAML guess types at all: every scalar is
kept as the text that was typed (an empty value, `~` or `null` is "no value"), and the validator,
which knows what each key holds, reads dates, times, numbers and true/false from that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter as python_frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler

from generator.problems import Problem

try:  # libyaml is several times faster; the pure-Python composer gives the same nodes.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FENCE = re.compile(r"---[ \t]*")
MAX_DEPTH = 50  # nesting of lists and mappings; libyaml and Python's recursion have limits
NULLS = {"", "~", "null", "Null", "NULL"}
# A space that is not one to YAML, where YAML needs one: after a key's colon, or as indentation.
SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
ODD_SPACE = re.compile(
    rf"(?:(?P<key>[ ]*(?:-[ ]+)?[^\s:#'\"{SPACES}][^:#{SPACES}]*):|[ ]*)(?P<space>[{SPACES}])"
)

# PyYAML's own wording for the usual slips, and what a person should do about each.
YAML_HINTS = (
    (
        "mapping values are not allowed",
        "a value contains ': ' (put the whole value in double quotes), or this line is indented "
        "further than the line above",
    ),
    (
        "block sequence entries are not allowed",
        "a value starts with '- ', which YAML reads as a list; put the whole value in double quotes",
    ),
    (
        "could not find expected ':'",
        "a line has no ':' after its key, or a quoted value is not closed",
    ),
    (
        "found character that cannot start any token",
        "a value starts with a character YAML reserves (such as @, ` or %); put the value in quotes",
    ),
    ("found undefined alias", "'*' starts an alias in YAML; put the value in quotes"),
    ("while scanning an alias", "'*' starts an alias in YAML; put the value in quotes"),
    ("while scanning an anchor", "'&' starts an anchor in YAML; put the value in quotes"),
    ("found unexpected end of stream", "a quoted value is not closed; add the closing quote"),
    (
        "did not find expected key",
        "the indentation of this line does not match the lines above, or a value that starts with "
        "a quote or a bracket goes on after it closes; put the whole value in double quotes",
    ),
    (
        "expected <block end>, but found",
        "the indentation of this line does not match the lines above",
    ),
    ("did not find expected '-' indicator", "a list item is indented differently from the others"),
    (
        "did not find expected ','",
        "a list in [ ] or a mapping in { } is not closed, or an item with a comma needs quotes",
    ),
    (
        "found unknown escape character",
        "inside double quotes a backslash starts an escape; use single quotes instead",
    ),
    ("found a tab character", "a tab is used where YAML needs spaces; replace it with spaces"),
)


# A value that starts with a typographic quote, as pasted from a word processor.
CURLY_QUOTES = re.compile(r"\s*(- )?[^:\s]+:\s+[“”‘’„]")
LIST_ITEM = re.compile(r"\s*- ")
INDENTATION_ERRORS = ("did not find expected key", "expected <block end>", "expected '-' indicator")
LIST_NOT_LINED_UP = (
    "this list item is not lined up with the one above it; start every '- ' of a list in the "
    "same column, two spaces in from the key above the list"
)


@dataclass
class Document:
    """A content file after parsing.

    `data` holds the front-matter: dicts with str keys, lists, str values and None; `lines` maps a key
    path such as ("repeat", "until") or ("partners", 1) to its line in the file.
    """

    src_path: str
    data: dict[str, Any]
    lines: dict[tuple, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line(self, path: tuple) -> int:
        """The line of `path`, or of its nearest parent that has one (the opening '---' at worst)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


class _Alias(Exception):
    def __init__(self, line: int):
        self.line = line


def split_lines(text: str) -> list[str]:
    """Lines as YAML and GitHub count them: \\r\\n, \\r and \\n each end one line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_document(src_path: str, text: str) -> tuple[Document | None, list[Problem]]:
    """Read front-matter and body; return (None, problems) when the front-matter cannot be read.

    python-frontmatter splits the file at its '---' lines and hands the front-matter to `_Handler`,
    which composes it. What that library cannot do for staff's files is done here, around it (the
    README's "The libraries it uses" says which): a byte-order mark, \\r line endings, a file that
    does not start with '---' or never closes it (the library would quietly read the whole file as
    body), and the body as typed (the library strips it).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = split_lines(text)

    def problem(line: int | None, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(src_path, line, message)]

    if not text.strip():
        return problem(
            None,
            "the file is empty; it needs front-matter between two '---' lines "
            "(copy a file next to it to start)",
        )
    if not FENCE.fullmatch(lines[0]):
        first = next(i for i, line in enumerate(lines) if line.strip())
        if FENCE.fullmatch(lines[first]):
            return problem(
                1,
                "the file must start with '---'; remove the empty "
                f"line{'s' if first > 1 else ''} above it",
            )
        return problem(
            1,
            "couldn't find front-matter: the file must start with a line '---', then "
            "the keys, then another '---'. Did you forget the '---' lines?",
        )
    if not any(FENCE.fullmatch(line) for line in lines[1:]):
        return problem(
            1,
            "the front-matter that starts on line 1 is never closed; add a line "
            "'---' after the last key",
        )

    handler = _Handler(src_path)
    try:
        data, _ = python_frontmatter.parse("\n".join(lines), handler=handler)
    except _Unreadable as unreadable:
        return None, unreadable.problems
    # The body as typed: the library strips it, which would lose the indentation of a Markdown
    # code block that starts it and move the line numbers of its problems.
    close = handler.closing_line
    document = Document(src_path, data, handler.lines, "\n".join(lines[close + 1 :]), close + 2)
    return document, handler.problems


class _Unreadable(Exception):
    """The front-matter cannot be read: `problems` say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems


class _Handler(BaseHandler):
    """python-frontmatter's handler for content files: the fences are lines of '---', and the
    front-matter between them is composed here, keeping every value as typed and every key's line.
    One handler reads one file: the lines and the problems it found stay on it."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)  # FENCE, as a whole line
    START_DELIMITER = END_DELIMITER = "---"

    def __init__(self, src_path: str):
        super().__init__()
        self.src_path = src_path
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self.closing_line = 0  # the (0-based) line of the closing '---'

    def load(self, fm: str, **_: object) -> dict[str, Any]:
        """The front-matter `fm`: the text between the fences, from the end of the opening '---'."""
        lines = fm.split("\n")[1:-1]  # the front-matter's lines; file line = index + 2
        self.closing_line = len(lines) + 1
        return self._compose(lines)

    def _compose(self, lines: list[str]) -> dict[str, Any]:
        def unreadable(line: int, message: str) -> _Unreadable:
            return _Unreadable([Problem(self.src_path, line, message)])

        tabs = [i + 2 for i, line in enumerate(lines) if re.match(r"[ ]*\t", line)]
        if tabs:
            raise _Unreadable(
                [
                    Problem(
                        self.src_path,
                        n,
                        "a tab is used for indentation; YAML allows only "
                        "spaces, so replace the tab with spaces",
                    )
                    for n in tabs
                ]
            )
        separators = [
            i + 2 for i, line in enumerate(lines) if re.search("[\x85\u2028\u2029]", line)
        ]
        if separators:  # YAML counts these as line breaks, which would put every later line off
            raise _Unreadable(
                [
                    Problem(
                        self.src_path,
                        n,
                        "this line contains an invisible line-separator character; retype the line",
                    )
                    for n in separators
                ]
            )
        odd_spaces = [
            (i + 2, match)
            for i, line in enumerate(lines)
            if (match := ODD_SPACE.match(line)) is not None
        ]
        if odd_spaces:  # YAML sees no space there, so the error it gives is about another line
            raise _Unreadable(
                [Problem(self.src_path, n, _odd_space_message(match)) for n, match in odd_spaces]
            )
        yaml_text = "\n".join(lines)
        too_deep = _nesting_line(lines)
        if too_deep:
            raise unreadable(
                too_deep + 1,
                f"lists and mappings are nested more than {MAX_DEPTH} deep; "
                "content never needs that",
            )
        try:
            root = yaml.compose(yaml_text, Loader=_Loader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            if "end of stream" in (error.problem or "") and error.context_mark is not None:
                mark = error.context_mark  # an unclosed quote: point where it opens, not at the end
            line = mark.line + 2 if mark is not None else 1
            file_lines = ["---", *lines, "---"]
            raise unreadable(
                line, _describe_yaml_error(error, file_lines[:line] if mark else [])
            ) from None
        except yaml.reader.ReaderError as error:  # a character YAML does not allow
            line = yaml_text[: error.position].count("\n") + 2
            raise unreadable(
                line,
                f"this line contains an invisible control character "
                f"(U+{error.character:04X}) that YAML does not allow; retype the line"
                if isinstance(error.character, int)
                else "this line contains a character YAML does not allow; retype the line",
            ) from None
        except yaml.YAMLError as error:
            raise unreadable(1, f"the front-matter is not valid YAML: {error}") from None

        if root is None:
            return {}
        if not isinstance(root, yaml.MappingNode):
            raise unreadable(
                root.start_mark.line + 2,
                "the front-matter must be 'key: value' lines, such as 'title: Story Time'",
            )
        try:
            return _Converter(self.src_path, lines, self.lines, self.problems).convert(root, ())
        except _Alias as alias:
            raise unreadable(
                alias.line,
                "YAML anchors and aliases ('&name', '*name') are not supported; "
                "write the value out in full",
            ) from None


def _misaligned_item(lines: list[str]) -> bool:
    """Whether the last line is a list item indented differently from the list item above it."""
    item = LIST_ITEM.match(lines[-1]) if lines else None
    if item is None:
        return False
    for line in reversed(lines[1:-1]):
        above = LIST_ITEM.match(line)
        if above is not None:
            return len(above[0]) != len(item[0])
        if not line.startswith(" "):  # a new key: no list item above in this list
            return False
    return False


def _odd_space_message(match: re.Match) -> str:
    character = match["space"]
    what = (
        "a no-break space"
        if character == "\u00a0"
        else f"an unusual space character (U+{ord(character):04X})"
    )
    if match["key"]:
        where = f"after '{match['key'].strip()}:'"
    else:
        where = "at the start of this line"
    return (
        f"there is {what} {where}, which YAML does not count as a space (it comes with text "
        f"pasted from a word processor or a web page); replace it with an ordinary space"
    )


def _nesting_line(lines: list[str]) -> int | None:
    """The (0-based) line where brackets or indentation first nest beyond MAX_DEPTH, if any.
    A rough count, ignoring quotes: it only has to stop absurd input before the parser sees it."""
    depth = 0
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" -"))
        for character in line:
            if character in "[{":
                depth += 1
            elif character in "]}":
                depth = max(0, depth - 1)
            if depth > MAX_DEPTH:
                return number + 1
        if indent > MAX_DEPTH * 4:
            return number + 1
    return None


def _describe_yaml_error(error: yaml.MarkedYAMLError, lines: list[str]) -> str:
    """PyYAML's complaint in words staff can act on. `lines` ends with the line it points at."""
    what = error.problem or error.context or "unreadable"
    line = lines[-1] if lines else ""
    if CURLY_QUOTES.match(line):
        # Pasted from a word processor: the value looks quoted, but to YAML these are letters.
        return (
            "this value is in curly quotes (“ ” or ‘ ’), which YAML reads as ordinary letters; "
            'retype them as straight double quotes (") around the whole value'
        )
    if any(needle in what for needle in INDENTATION_ERRORS) and _misaligned_item(lines):
        return LIST_NOT_LINED_UP
    for needle, hint in YAML_HINTS:
        if needle in what or needle in (error.context or ""):
            return f"the front-matter is not valid YAML ({what}): {hint}"
    return f"the front-matter is not valid YAML ({what})"


STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value", "merge")
}


class _Converter:
    """Turns composed nodes into plain values, recording lines and the slips YAML hides."""

    def __init__(self, src_path: str, yaml_lines: list[str], lines: dict, problems: list):
        self.src_path, self.yaml_lines, self.lines, self.problems = (
            src_path,
            yaml_lines,
            lines,
            problems,
        )
        self.seen: set[int] = set()

    def problem(self, line: int, message: str, level: str = "error") -> None:
        self.problems.append(Problem(self.src_path, line, message, level))

    def convert(self, node: yaml.Node, path: tuple) -> Any:
        if id(node) in self.seen:  # the composer hands back the same node for every '*alias'
            raise _Alias(self.lines.get(path, node.start_mark.line + 2))  # where it is used
        self.seen.add(id(node))
        line = node.start_mark.line + 2
        if node.tag not in STANDARD_TAGS:
            # `summary: !Free for all` is the tag "!Free" on "for all" to YAML: text would be lost.
            self.problem(
                line,
                "a value starts with '!', which YAML reads as a type tag and drops; "
                "put the whole value in double quotes",
            )
        if isinstance(node, yaml.ScalarNode):
            self._check_comment(node)
            self._check_folded_item(node)
            if not node.style and node.value.strip() in NULLS:  # plain style is None or ''
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = item.start_mark.line + 2
                items.append(self.convert(item, path + (index,)))
            return items
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 2
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(
                    key_line, "a key must be a plain word such as 'title', not a list or a mapping"
                )
                continue
            key = key_node.value
            if key in mapping:
                shown = ".".join(str(p) for p in path + (key,))
                self.problem(
                    key_line,
                    f"'{shown}' is given twice (first on line "
                    f"{self.lines[path + (key,)]}); keep one of them",
                )
                continue
            self.lines[path + (key,)] = key_line
            mapping[key] = self.convert(value_node, path + (key,))
        return mapping

    def _check_folded_item(self, node: yaml.ScalarNode) -> None:
        """`- teens` with `  - kids` indented further below it is the one item "teens - kids" to
        YAML (a value may go on over several lines): say which line is not lined up."""
        if node.style:
            return
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            if number < len(self.yaml_lines) and LIST_ITEM.match(self.yaml_lines[number]):
                self.problem(number + 2, LIST_NOT_LINED_UP)
                return

    def _check_comment(self, node: yaml.ScalarNode) -> None:
        """`room: Room #3` is "Room" to YAML (' #' starts a comment): say so rather than lose it."""
        if node.style or node.end_mark.line >= len(self.yaml_lines):
            return
        rest = self.yaml_lines[node.end_mark.line][node.end_mark.column :]
        if re.match(r"\s+#", rest) and node.value:
            self.problem(
                node.end_mark.line + 2,
                f"the text after ' #' is a comment in YAML, so only {node.value!r} is "
                f"kept; if '#' belongs to the value, put the whole value in double quotes",
                "warning",
            )


def quoted(text: str) -> str:
    """A YAML double-quoted string holding exactly `text`, whatever it contains: what writers of
    content files (from-issue, import) use so that no value can add or change a key."""
    out = []
    for character in text:
        code = ord(character)
        if character in '"\\':
            out.append("\\" + character)
        elif character == "\n":
            out.append("\\n")
        elif character == "\t":
            out.append("\\t")
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF
            or character in "\u2028\u2029\ufeff\ufffe\uffff"
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(character)
    return '"' + "".join(out) + '"'
