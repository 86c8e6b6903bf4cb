"""Write a seeded synthetic hub of N events, N/10 partners and a few venues, valid under
`bulletin check`, plus the same events as plain Markdown pages for the peers (Pelican, Hugo) and
the I/O floor. Writes only below the folder it is given."""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

NOW = "2026-11-22T12:00"  # every run builds as if it were this moment
START = date(2026, 1, 1)  # events spread over 2026-01-01 .. 2027-12-31
DAYS = 730

WORDS = [
    "library",
    "community",
    "program",
    "learn",
    "family",
    "reading",
    "story",
    "craft",
    "music",
    "garden",
    "computer",
    "job",
    "resume",
    "health",
    "yoga",
    "teen",
    "kids",
    "seniors",
    "neighbourhood",
    "volunteer",
    "history",
    "art",
    "science",
    "workshop",
    "class",
    "club",
    "conversation",
    "english",
    "spanish",
    "tax",
    "help",
    "citizenship",
    "food",
    "pantry",
    "bike",
    "repair",
    "knitting",
    "chess",
    "film",
    "poetry",
    "writing",
    "coding",
    "robots",
    "maker",
    "lab",
    "gardening",
    "bring",
    "friends",
    "welcome",
    "free",
    "register",
    "snacks",
    "parking",
    "accessible",
    "room",
    "branch",
    "weekly",
    "monthly",
    "evening",
    "morning",
    "afternoon",
    "question",
    "answer",
    "practice",
    "share",
    "meet",
]
AUDIENCES = ["kids", "teens", "adults", "seniors", "families"]
CATEGORIES = ["technology", "careers", "arts", "health", "literacy", "culture", "science", "games"]
LANGUAGES = ["en", "es", "so", "vi", "no"]
ACCESS = ["wheelchair", "asl", "captions", "quiet-room"]
KINDS = [
    "nonprofit",
    "government",
    "school",
    "business",
    "cultural",
    "faith",
    "health",
    "community-group",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
VENUES = ["central", "westside", "eastside", "northgate", "riverbend"]

SITE_TOML = """\
title = "Synthetic Hub"
description = "A seeded synthetic hub for benchmarks"
library = "Synthetic Public Library"
base_url = "https://example.org/hub/"
timezone = "America/Chicago"
horizon_months = 6
feed_past_days = 30

[audiences]
kids = "Kids (0-12)"
teens = "Teens (13-18)"
adults = "Adults"
seniors = "Seniors (60+)"
families = "Families"

[categories]
technology = "Technology"
careers = "Jobs and careers"
arts = "Arts and crafts"
health = "Health and wellness"
literacy = "Reading and literacy"
culture = "Culture and heritage"
science = "Science and STEM"
games = "Games and play"

[languages]
en = "English"
es = "Español"
so = "Soomaali"
vi = "Tiếng Việt"
no = "Norsk"

[access]
wheelchair = "Wheelchair accessible"
asl = "ASL interpretation"
captions = "Live captions"
quiet-room = "Quiet room available"
"""


def sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, words: int, partners: list[str]) -> str:
    """Paragraphs, a list now and then, a link now and then: about `words` words."""
    parts, count = [], 0
    while count < words:
        roll = rng.random()
        if roll < 0.15:
            items = [sentence(rng, 3, 7)[:-1] for _ in range(rng.randint(2, 5))]
            parts.append("\n".join(f"- {item}" for item in items))
            count += sum(len(item.split()) for item in items)
        else:
            paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
            if roll > 0.7:
                paragraph += (
                    f" See [our partner](https://example.org/hub/partners/"
                    f"{rng.choice(partners)}/) or **call ahead**."
                )
            parts.append(paragraph)
            count += len(paragraph.split())
    return "\n\n".join(parts) + "\n"


def title(rng: random.Random, number: int) -> str:
    return f"{' '.join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).title()} {number}"


def generate(out: Path, events: int, seed: int = 7) -> dict[str, int]:
    """Write out/content (the hub), out/pages (the same events as plain Markdown pages with
    title/date front-matter, for the peers) and return counts."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    content, pages = out / "content", out / "pages"
    for folder in ("events", "partners", "venues", "media"):
        (content / folder).mkdir(parents=True)
    pages.mkdir(parents=True)
    (content / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    partner_count = max(1, events // 10)
    partners = [f"partner-{n:06d}" for n in range(partner_count)]
    for number, slug in enumerate(partners):
        lines = [
            "---",
            f"name: {title(rng, number)} Association",
            f"kind: {rng.choice(KINDS)}",
            f"summary: {sentence(rng)}",
            f"website: https://partner{number}.example.org",
            f"address: {rng.randint(1, 999)} Elm St, Riverside, IL 60546",
        ]
        if rng.random() < 0.1:
            lines += ["private_address: true", "neighborhoods: [Eastside]"]
        lines += [
            f"audiences: [{rng.choice(AUDIENCES)}]",
            "---",
            body(rng, rng.randint(30, 120), partners),
        ]
        (content / "partners" / f"{slug}.md").write_text("\n".join(lines), encoding="utf-8")
    for number, slug in enumerate(VENUES):
        (content / "venues" / f"{slug}.md").write_text(
            f"---\nname: {slug.title()} Branch\naddress: {100 + number} Main St, Riverside, "
            f"IL 60546\ngeo: [41.83{number}, -87.82{number}]\naccess: [wheelchair]\n---\n"
            f"{sentence(rng)}\n",
            encoding="utf-8",
        )
    counts = {
        "events": events,
        "series": 0,
        "cancelled": 0,
        "online": 0,
        "partners": partner_count,
        "venues": len(VENUES),
    }
    for number in range(events):
        slug = f"event-{number:06d}"
        day = START + timedelta(days=rng.randrange(DAYS))
        hour = rng.choice([9, 10, 11, 13, 14, 15, 16, 17, 18, 19])
        the_title = title(rng, number)
        words = rng.randint(30, 400)
        text = body(rng, words, partners)
        lines = ["---", f"title: {the_title}"]
        if rng.random() < 0.5:
            lines.append(f"summary: {sentence(rng)}")
        lines += [
            f"start: {day:%Y-%m-%d} {hour:02d}:{rng.choice([0, 30]):02d}",
            f"end: {hour + 1:02d}:30",
        ]
        if rng.random() < 0.2:
            counts["series"] += 1
            weekly = rng.random() < 0.7
            if weekly:
                lines += [
                    "repeat:",
                    "  every: week",
                    f"  on: [{WEEKDAYS[day.weekday()]}]",
                    f"  until: {day + timedelta(weeks=rng.randint(4, 40)):%Y-%m-%d}",
                ]
            else:
                lines += ["repeat:", "  every: month", f"  count: {rng.randint(3, 12)}"]
            if rng.random() < 0.3:
                changed = day + timedelta(weeks=2) if weekly else day
                lines += [
                    "occurrences:",
                    f"  {changed:%Y-%m-%d}: {{status: cancelled, note: Branch closed}}",
                ]
        if rng.random() < 0.05:
            counts["cancelled"] += 1
            lines += ["status: cancelled", f"status_note: {sentence(rng)}"]
        mode = rng.random()
        if mode < 0.1:
            counts["online"] += 1
            lines.append(f"online: https://meet.example.org/{slug}")
        else:
            where = rng.choice(VENUES) if rng.random() < 0.7 else rng.choice(partners)
            lines.append(f"location: {where}")
            if mode < 0.2:
                counts["online"] += 1
                lines.append(f"online: https://meet.example.org/{slug}")
        if rng.random() < 0.6:
            lines += ["partners:", f"  - {{partner: {rng.choice(partners)}, role: host}}"]
        lines += [
            f"audiences: [{', '.join(rng.sample(AUDIENCES, rng.randint(1, 2)))}]",
            f"categories: [{rng.choice(CATEGORIES)}]",
            f"languages: [{rng.choice(LANGUAGES)}]",
            f"access: [{rng.choice(ACCESS)}]",
        ]
        if rng.random() < 0.3:
            lines.append("cost: $5")
        lines += ["---", text]
        # Sub-folders by year, as a big hub would keep them.
        year = content / "events" / f"{day.year}"
        year.mkdir(exist_ok=True)
        (year / f"{slug}.md").write_text("\n".join(lines), encoding="utf-8")
        # The same page for the peers: title, date, slug and the same Markdown body.
        (pages / f"{slug}.md").write_text(
            f'---\ntitle: "{the_title}"\ndate: {day:%Y-%m-%d}T{hour:02d}:00:00\n'
            f"slug: {slug}\n---\n{text}",
            encoding="utf-8",
        )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    print(generate(arguments.out, arguments.events, arguments.seed))


if __name__ == "__main__":
    main()
