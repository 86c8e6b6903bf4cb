"""Checks that depend on the day they run: a one-off event dated in a year that had already ended
when its file was written, nearly always a slip for next year ("2026" typed in January 2027). Pure
apart from the file-added times it is given (read from git by incremental/history.py)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.content.recurrence import bounds
from generator.models import Event, Occurrence
from generator.problems import WARNING, Problem

RECENT = timedelta(days=30)  # how long after a file is added its date is questioned
START_LINE = re.compile(r"start[ \t]*:", re.MULTILINE)


def earlier_year_warnings(
    events: list[Event], texts: dict[str, str], added: dict[Path, datetime], now: datetime
) -> list[Problem]:
    """A warning for each one-off event that was over, in an earlier year, when its file was added
    (or now, for a file not committed yet), while that was less than RECENT ago. Older files are
    left alone: an archive of last year's events is not a mistake. `texts` maps src_path to the
    file's text (to point at its 'start' line)."""
    problems = []
    folders: dict[Path, Path] = {}  # each folder resolved once (a content file is never a link)
    for event in events:
        if event.repeat is not None:
            continue
        path = Path(event.src_path)
        if path.parent not in folders:
            folders[path.parent] = path.parent.resolve()
        written = added.get(folders[path.parent] / path.name, now)
        if now - written > RECENT:
            continue
        start = event.starts_at
        day = start.date() if isinstance(start, datetime) else start
        local = written.astimezone(event.timezone)
        over = bounds(Occurrence(event, event.starts_at, event.ends_at))[1] <= written
        if day.year >= local.year or not over:
            continue
        suggested = _in_year(day, local.year)
        if suggested is None or suggested < local.date():
            suggested = _in_year(day, local.year + 1)
        text = texts.get(event.src_path, "")
        found = START_LINE.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        written_as = f"{suggested}" + (f" {start:%H:%M}" if isinstance(start, datetime) else "")
        hint = f"; if it is still to come, write 'start: {written_as}'" if suggested else ""
        problems.append(
            Problem(
                event.src_path,
                line,
                f"'start' {day} is in {day.year}, a year that is over, so the event is "
                f"listed only as past{hint}",
                WARNING,
            )
        )
    return problems


def _in_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None
