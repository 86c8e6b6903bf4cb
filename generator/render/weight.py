"""What the published site weighs, part by part, counted as its files go to output.py; and the
warning when it passes the 1 GB GitHub Pages publishes, naming what can be made smaller. No I/O.

The budget (docs/format.md, "A very large hub"): 1 GB for the whole site is about 10 KB an event
for 100,000 events. Measured on bench/'s synthetic hub of 100,000 events before long feeds were
made brief, an event took about 29 KB: its page 9.6 KB, its calendar file 3.6 KB, its entries in
the feeds that list it 10.4 KB and in events.json 3.7 KB."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.problems import WARNING, Problem

LIMIT = 1_000_000_000  # GitHub Pages: "Published GitHub Pages sites may be no larger than 1 GB"
PARTS = (
    ("event pages", lambda path: path.startswith("events/") and path.endswith(".html")),
    ("event calendar files", lambda path: path.startswith("events/") and path.endswith(".ics")),
    ("feeds", lambda path: path.startswith("feeds/")),
    ("events.json", lambda path: path == "events.json"),
    ("partner pages", lambda path: path.startswith("partners/")),
)


class Weight:
    """Counts the bytes of every file that passes through `count()`, by part of the site."""

    def __init__(self) -> None:
        self.parts = {name: 0 for name, _ in PARTS} | {"everything else": 0}
        self.total = 0

    def count(self, outputs: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
        for out_path, data in outputs:
            self.parts[part_of(out_path)] += len(data)
            self.total += len(data)
            yield out_path, data

    def problems(self, settings: str, events: int) -> list[Problem]:
        """A warning on `settings` (site.toml's path as shown) when the site passes LIMIT."""
        if self.total <= LIMIT:
            return []
        parts = ", ".join(
            f"{name} {_size(size)}"
            for name, size in sorted(self.parts.items(), key=lambda item: -item[1])
            if size
        )
        each = f"; {self.total / max(events, 1) / 1000:,.0f} KB an event" if events else ""
        return [
            Problem(
                settings,
                None,
                f"the site is {_size(self.total)}, more than the 1 GB GitHub Pages publishes "
                f"({parts}{each}): lower feed_past_days here so ended events leave the feeds "
                "sooner, remove events that ended long ago from content/events (their pages go; "
                "their files stay in the repository's history), or publish the site where there "
                "is no such limit "
                '(docs/format.md, "A very large hub")',
                WARNING,
            )
        ]


def part_of(out_path: str) -> str:
    """Which part of the site a file (its path in site/) belongs to."""
    return next((name for name, test in PARTS if test(out_path)), "everything else")


def _size(size: int) -> str:
    return f"{size / 1e9:.2f} GB" if size >= 1e9 else f"{size / 1e6:,.0f} MB"
