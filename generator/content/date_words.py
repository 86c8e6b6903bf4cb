"""How messages name dates: the day of a date, and the date of a series nearest to one that is not
among its dates. Shared by the checks of a series and of its attendance. Pure."""

from __future__ import annotations

from datetime import datetime

from generator.content.recurrence import Rule


def day(moment: datetime) -> str:
    """'Wednesday 2026-12-02'."""
    return f"{moment:%A} {moment.date()}"


def nearest(rule: Rule, start: datetime) -> str:
    """ "; did you mean 2026-12-09 (Wednesday)?": the series' date nearest to `start`, or ""."""
    before = rule.before(start)
    after = rule.after(start)
    candidates = [moment for moment in (before, after) if moment is not None]
    if not candidates:
        return ""
    closest = min(candidates, key=lambda moment: abs(moment - start))
    return f"; did you mean {closest.date()} ({closest:%A})?"
