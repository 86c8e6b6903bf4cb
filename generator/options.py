"""What a build is asked to do (BuildOptions, shared by `bulletin build`, `serve` and the tests) and
when "now" is for it: --now, else SOURCE_DATE_EPOCH, else the clock. Pure apart from reading the
clock when neither is given."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo


class BadNow(ValueError):
    """--now or SOURCE_DATE_EPOCH cannot be read; a command-line mistake (exit status 2)."""


def resolve_now(option: str | None, epoch: str | None, tz: ZoneInfo) -> datetime:
    """An aware datetime in the site's zone. --now takes 2026-12-02, 2026-12-02T15:30 (the site's
    local time) or a time with an offset such as 2026-12-02T15:30:00-06:00."""
    if option:
        text = option.strip().replace(" ", "T", 1)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise BadNow(
                f"--now {option!r} is not a date and time; write e.g. 2026-12-02T15:30 "
                f"or 2026-12-02"
            ) from None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=tz)
        return moment.astimezone(tz)
    if epoch:
        if not re.fullmatch(r"\d+", epoch.strip()):
            raise BadNow(f"SOURCE_DATE_EPOCH {epoch!r} must be a whole number of seconds")
        return datetime.fromtimestamp(int(epoch), UTC).astimezone(tz)
    return datetime.now(tz)


def clock(zone: ZoneInfo) -> datetime:
    """The build's "now" when nothing pins it: the clock, in the site's zone."""
    return datetime.now(zone)


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build depends on besides the files it reads.

    `now(zone)` gives the build's "now" in the site's zone, once site.toml has been read.
    `base_url` replaces site.toml's (a preview at http://localhost:8000/, say).
    `history`: read git history for the feeds' DTSTAMP and SEQUENCE.
    `jobs`: processes rendering events (None: every core, for a hub big enough to pay).
    `cache_dir`: where earlier builds' work is kept (None: .bulletin-cache/ at the top of the git
    repository; outside one, beside the content folder); `cache=False`
    ignores it. `skip_unchanged`: do nothing when every input is as the last build into `out`
    found it and `out` still holds exactly what that build wrote (incremental/memo.py)."""

    content: Path = Path("content")
    templates: Path = Path("templates")
    out: Path = Path("site")
    now: Callable[[ZoneInfo], datetime] = clock
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    history: bool = True
    jobs: int | None = None
    cache_dir: Path | None = None
    cache: bool = True
    skip_unchanged: bool = False
