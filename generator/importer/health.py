"""How each partner's feed fared: the last successful fetch, the events it gave, the failure since
when and why, and the imported events that left it. Kept in .bulletin-import/health.json at the top
of the repository (git-ignored, like the build cache; the import workflow keeps it between runs),
so that `bulletin report` can tell staff about feeds that failed, went empty or shrank by half,
while an unchanged import still changes no file in content/."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.content.sources import repository_top

FOLDER = ".bulletin-import"
FILE = "health.json"


@dataclass
class FeedHealth:
    partner: str
    address: str
    last_attempt: str  # ISO 8601, the import's "now"
    last_success: str | None = None
    events: int | None = None  # events the last successful fetch gave (after privacy)
    previous_events: int | None = None  # and the successful fetch before it
    failed_since: str | None = None
    failure: str | None = None  # why the last attempt failed, if it did
    left_feed: list[str] = field(default_factory=list)  # src_paths of coming events gone from it


def health_path(content_dir: Path) -> Path:
    return repository_top(content_dir) / FOLDER / FILE


def load_health(content_dir: Path) -> dict[str, FeedHealth] | None:
    """Every partner's record, or None when no import has run here (or the file is unreadable)."""
    path = health_path(content_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {slug: FeedHealth(**record) for slug, record in data["feeds"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_health(content_dir: Path, records: dict[str, FeedHealth]) -> None:
    path = health_path(content_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    data = {"feeds": {slug: asdict(records[slug]) for slug in sorted(records)}}
    temporary = path.with_name(f".{FILE}.tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def succeeded(
    previous: FeedHealth | None, partner: str, address: str, now: str, events: int, left: list[str]
) -> FeedHealth:
    before = previous.events if previous is not None else None
    return FeedHealth(partner, address, now, now, events, before, None, None, sorted(left))


def failed(
    previous: FeedHealth | None, partner: str, address: str, now: str, why: str
) -> FeedHealth:
    if previous is None:
        return FeedHealth(partner, address, now, None, None, None, now, why, [])
    return FeedHealth(
        partner,
        address,
        now,
        previous.last_success,
        previous.events,
        previous.previous_events,
        previous.failed_since or now,
        why,
        previous.left_feed,
    )
