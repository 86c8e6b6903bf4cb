"""When "now" is for a build: --now, else SOURCE_DATE_EPOCH, else the clock. Pure apart from
reading the clock when neither is given."""

from __future__ import annotations

import re
from datetime import datetime, timezone
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
            raise BadNow(f"--now {option!r} is not a date and time; write e.g. 2026-12-02T15:30 "
                         f"or 2026-12-02") from None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=tz)
        return moment.astimezone(tz)
    if epoch:
        if not re.fullmatch(r"\d+", epoch.strip()):
            raise BadNow(f"SOURCE_DATE_EPOCH {epoch!r} must be a whole number of seconds")
        return datetime.fromtimestamp(int(epoch), timezone.utc).astimezone(tz)
    return datetime.now(tz)
