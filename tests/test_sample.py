"""The bundled sample hub is the first thing a new user sees, and the fixture every later feature
is shown with: it must stay valid and keep exercising every feature of the format."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.content.load import load
from generator.content.recurrence import expand
from generator.models import PARTNER_ROLES

from conftest import ROOT

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture(scope="module")
def sample(request):
    import os

    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        loaded = load(ROOT / "content", drafts=True)
    finally:
        os.chdir(previous)
    assert loaded.problems == []
    return loaded.index


def test_sample_loads_without_problems_and_has_the_promised_size(sample):
    published = [p for p in sample.partners.values() if not p.draft]
    assert len(published) >= 12
    assert len(sample.venues) == 3
    assert len([e for e in sample.events.values() if not e.draft]) >= 40
    assert len({p.kind for p in published}) >= 8


def test_sample_partners_cover_the_community(sample):
    partners = sample.partners.values()
    assert any(p.private_address and p.neighborhoods for p in partners)
    assert any(p.kind == "business" for p in partners)
    assert any(p.kind == "school" for p in partners)
    assert any(p.kind == "government" for p in partners)
    assert any(p.kind == "cultural" for p in partners)
    assert any(p.draft for p in partners)
    assert any(p.feed for p in partners)
    assert any(p.logo for p in partners)


def test_sample_events_exercise_every_feature(sample):
    events = [e for e in sample.events.values() if not e.draft]
    series = [e for e in events if e.repeat]
    changes = [c for e in series for c in e.changes.values()]
    assert any(e.repeat.except_dates and e.repeat.also_dates for e in series)
    assert any(c.status == "cancelled" for c in changes)
    assert any(c.starts_at is not None for c in changes)
    assert any(c.location for c in changes)
    rules = " ".join(e.repeat.rule for e in series)
    for piece in (
        "FREQ=DAILY",
        "FREQ=MONTHLY;BYDAY=1TU",
        "BYDAY=-1FR",
        "BYMONTHDAY=15",
        "FREQ=YEARLY",
        "INTERVAL=2",
        "BYDAY=2SA",
    ):
        assert piece in rules, piece
    assert any(e.repeat.count for e in series) and any(e.repeat.until for e in series)
    assert any(e.repeat.open_ended for e in series)
    assert any(e.all_day and e.ends_at > e.starts_at for e in events)  # multi-day
    assert any(not e.all_day and e.ends_at.date() > e.starts_at.date() for e in events)
    assert {e.status for e in events} == {"scheduled", "cancelled", "postponed"}
    assert any(e.rescheduled_from for e in events)
    assert any(e.online and not e.location and not e.place for e in events)  # online only
    assert any(e.online and (e.location or e.place) for e in events)  # hybrid
    assert any(e.place for e in events)  # inline place
    assert any(
        sample.partners.get(e.location) and sample.partners[e.location].private_address
        for e in events
    )
    languages = {language for e in events for language in e.languages}
    assert {"es", "so", "vi", "no"} <= languages
    roles = {link.role for e in events for link in e.partners}
    assert set(PARTNER_ROLES) <= roles
    assert any(e.timezone.key != "America/Chicago" for e in events)
    assert any(e.uid for e in events) and any(e.extra for e in events)
    assert any(e.image for e in events) and any(e.cost for e in events)
    assert any(e.registration_required for e in events) and any(e.contact for e in events)
    assert any(e.room for e in events)


def test_sample_dates_run_through_the_next_twelve_months(sample):
    occurrences = sample.occurrences(NOW - timedelta(days=60), NOW + timedelta(days=366))
    months = {(o.starts_at.year, o.starts_at.month) for o in occurrences}
    expected = {
        ((NOW.month + i - 1) // 12 + NOW.year, (NOW.month + i - 1) % 12 + 1) for i in range(12)
    }
    assert expected <= months
    assert any(o.starts_at < NOW.date() if o.all_day else o.starts_at < NOW for o in occurrences)


def test_every_sample_occurrence_ends_after_it_starts(sample):
    for event in sample.events.values():
        for occurrence in expand(event, NOW - timedelta(days=60), NOW + timedelta(days=400)):
            assert (
                occurrence.ends_at >= occurrence.starts_at
                if event.all_day
                else occurrence.ends_at > occurrence.starts_at
            ), event.slug


def test_every_past_sample_program_has_its_attendance_and_the_report_has_every_kind(sample):
    """A newcomer's first `bulletin impact` is a real report: every session held this fiscal year
    has attendance, and the sample shows each thing the report counts or sets apart."""
    from generator.staff.impact import sessions_between

    site = sample.site
    held, not_held, _ = sessions_between(sample, datetime(2026, 7, 1).date(), NOW.date(), NOW)
    published = [s for s in held if not s.event.draft]
    assert len(published) >= 20
    assert [s.event.slug for s in published if s.attendance is None and s.kind != "room-use"] == []
    kinds = {s.kind for s in published}
    assert {"program", "one-to-one", "room-use"} <= kinds
    assert {s.band for s in published if s.kind == "program"} == {
        "0-5",
        "6-11",
        "12-18",
        "19+",
        "all-ages",
    }
    assert {s.place for s in published if s.kind == "program"} == {
        "library",
        "partner",
        "elsewhere",
        "online",
    }
    attendance = [s.attendance for s in published if s.attendance]
    assert any(a.in_person and a.online for a in attendance)  # hybrid
    assert any(a.views is not None and not a.in_person for a in attendance)  # online, recorded
    assert any(s.event.repeat for s in published) and not_held  # a series, a cancelled date
    assert any(s.occurrence.location for s in published)  # one date held elsewhere
    assert site.fiscal_year_start == 7 and set(site.age_bands) == set(site.audiences)
    assert any(e.age_band for e in sample.events.values())
    assert any(e.library_role == "none" for e in sample.events.values())
