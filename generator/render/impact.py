"""What the /impact/ page and the "Our work together" section of partner pages show: the counts of
staff/impact.py (the only place that counts) as table rows, and the same numbers as bar charts
that templates/_charts.html draws as inline SVG. Pure: geometry and formatted numbers, no words
beyond the survey's labels; the templates hold the sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.content.index import SiteIndex
from generator.render.urls import Urls
from generator.staff.impact import (
    BAND_LABELS,
    PLACE_LABELS,
    Impact,
    Tally,
    Together,
    amount,
    fiscal_year_name,
)
from generator.translate.language import _

CHART_WIDTH = 360  # user units of the SVG's viewBox; the chart scales to its column
VALUE_ROOM = 64  # at the end of the longest bar, for its number
ROW_HEIGHT = 42  # a label line, then the bar with its number


@dataclass(frozen=True)
class Row:
    """One line of a table: what it counts, programs and attendance, as shown."""

    label: str
    url: str | None
    sessions: str
    attendance: str


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the number as the table shows it
    top: int  # the row's top, in chart units
    length: float  # the bar's length, in chart units


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: one bar per row of its table, in the same order."""

    id: str  # unique on the page; the SVG's title and description hang from it
    bars: tuple[Bar, ...]
    width: int = CHART_WIDTH

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 4


@dataclass(frozen=True)
class Figure:
    """A chart and its table: the same numbers, drawn and written."""

    chart: Chart
    rows: tuple[Row, ...]
    total: Row | None = None


def figure(
    chart_id: str, items: Sequence[tuple[str, str | None, Tally]], total: Tally | None
) -> Figure:
    """Attendance drawn as bars, with programs and attendance in the table."""
    largest = max((tally.attendance for _, _, tally in items), default=0)
    longest = CHART_WIDTH - VALUE_ROOM
    bars = tuple(
        Bar(
            label,
            amount(tally.attendance),
            position * ROW_HEIGHT,
            round(longest * tally.attendance / largest, 1) if largest else 0,
        )
        for position, (label, _, tally) in enumerate(items)
    )
    rows = tuple(
        Row(label, url, amount(tally.sessions), amount(tally.attendance))
        for label, url, tally in items
    )
    shown_total = (
        Row(_("Total"), None, amount(total.sessions), amount(total.attendance)) if total else None
    )
    return Figure(Chart(chart_id, bars), rows, shown_total)


@dataclass(frozen=True)
class ImpactPage:
    """Everything /impact/ shows for the fiscal year so far."""

    year: str  # "2026-27"
    start: date
    end: date
    programs: int
    attendance: int
    partners: int
    languages: int
    missing: int  # programs held without attendance recorded
    recordings: int
    views: int
    by_age: Figure
    by_place: Figure
    by_partner: tuple[Row, ...]
    by_language: tuple[Row, ...]


def impact_page(impact: Impact, index: SiteIndex, urls: Urls) -> ImpactPage:
    site = index.site
    partners = [
        (index.partners[slug].name, urls.partner(slug), tally)
        for slug, tally in impact.partners.items()
        if tally.sessions
    ]
    languages = [
        (_(site.languages.get(code, code)), urls.listing("languages", code), tally)
        for code, tally in impact.languages.items()
        if tally.sessions and code in site.languages
    ]
    return ImpactPage(
        year=fiscal_year_name(site, impact.start),
        start=impact.start,
        end=impact.end,
        programs=impact.total.sessions,
        attendance=impact.total.attendance,
        partners=len(partners),
        languages=len(languages),
        missing=sum(1 for session in impact.missing if session.kind == "program"),
        recordings=impact.recordings.sessions,
        views=impact.recordings.attendance,
        by_age=figure(
            "by-age",
            [(_(BAND_LABELS[band]), None, tally) for band, tally in impact.bands.items()],
            impact.total,
        ),
        by_place=figure(
            "by-place",
            [(_(PLACE_LABELS[place]), None, tally) for place, tally in impact.places.items()],
            impact.total,
        ),
        by_partner=figure("by-partner", partners, None).rows,
        by_language=figure("by-language", languages, None).rows,
    )


@dataclass(frozen=True)
class PartnerSection:
    """A partner's "Our work together": since when, how much, in which languages, year by year."""

    since: int  # the year the partnership began (its `since`, else its first program)
    programs: int
    attendance: int
    recorded: int  # programs with attendance recorded
    views: int
    languages: tuple[str, ...]  # labels, in the site's order
    helped: int  # people helped one to one
    by_year: Figure | None  # None when there are no programs, only one-to-one help


def partner_section(record: Together, since: date | None, index: SiteIndex) -> PartnerSection:
    site = index.site
    first = since or record.first
    by_year = None
    if record.programs.sessions:
        by_year = figure(
            "by-year",
            [
                (fiscal_year_name(site, start), None, tally)
                for start, tally in record.by_year.items()
            ],
            record.programs if len(record.by_year) > 1 else None,
        )
    return PartnerSection(
        since=first.year if first else 0,
        programs=record.programs.sessions,
        attendance=record.programs.attendance,
        recorded=record.recorded,
        views=record.views,
        languages=tuple(_(site.languages[code]) for code in record.languages),
        helped=record.helped.attendance,
        by_year=by_year,
    )
