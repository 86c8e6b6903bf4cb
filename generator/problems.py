"""Problems found in content, kept as data until the command line prints them. No I/O."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, pointing at the line to fix.

    `src_path` is relative to the working folder and '/'-separated (from the repository's top
    folder, as the workflows and `make` run, it is the path staff see on GitHub);
    `line` counts from the top of the file (1 is the first line), or is None for the whole file.
    """

    src_path: str
    line: int | None
    message: str
    level: str = ERROR

    def __post_init__(self) -> None:
        # Values quoted in messages may hold line breaks; a message must stay on its line.
        for character, shown in (
            ("\r", "\\r"),
            ("\n", "\\n"),
            ("\u2028", "\\u2028"),
            ("\u2029", "\\u2029"),
            ("\x85", "\\x85"),
        ):
            if character in self.message:
                object.__setattr__(self, "message", self.message.replace(character, shown))

    def __str__(self) -> str:
        where = self.src_path if self.line is None else f"{self.src_path}:{self.line}"
        prefix = "warning: " if self.level == WARNING else ""
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


def sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.src_path, problem.line or 0, problem.level, problem.message)


class Invalid(Exception):
    """A value that cannot be accepted; the message completes a sentence about the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
