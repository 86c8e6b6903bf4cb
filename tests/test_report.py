"""`bulletin report`: partner pages to verify, partners with no recent events, coming events
without accessibility information or with an undescribed picture, and past sessions without
attendance, on small hubs whose every line is known, at the boundaries (exactly six months, leap
days, 90 days), and on the sample hub."""

from __future__ import annotations

import pytest

from conftest import NOW, ROOT, SITE_TOML, bulletin, write_hub


def partner(name: str, extra: str = "") -> str:
    return f"---\nname: {name}\nkind: nonprofit\n{extra}---\nAbout them.\n"


def event(title: str, lines: str) -> str:
    return f"---\ntitle: {title}\n{lines}---\nWhat happens.\n"


VENUE_WITH_ACCESS = "---\nname: Eastside Branch\naddress: 2 East St\naccess: [wheelchair]\n---\n"
HUB = {
    "partners/youth-haven.md": None,
    "venues/eastside.md": VENUE_WITH_ACCESS,
    # verified exactly six months before NOW (2026-11-22): not yet due
    "partners/fresh.md": partner("Fresh Partner", "verified: 2026-05-22\n"),
    "partners/stale.md": partner("Stale Partner", "verified: 2026-05-21\n"),
    "partners/unverified.md": partner(
        "Unverified Partner",
        "address: 1 Secret Rd\nprivate_address: true\nneighborhoods: [Eastside]\n",
    ),
    "partners/future.md": partner("Future Partner", "verified: 2027-01-01\n"),
    "partners/draft.md": partner("Draft Partner", "draft: true\n"),
    "partners/cancelled.md": partner("Cancelled Partner", "verified: 2026-11-01\n"),
    "partners/edge.md": partner("Edge In", "verified: 2026-11-01\n"),
    "partners/edge-out.md": partner("Edge Out", "verified: 2026-11-01\n"),
    "partners/series.md": partner("Series Partner", "verified: 2026-11-01\n"),
    "events/fresh-meetup.md": event(
        "Fresh Meetup",
        "start: 2026-11-12 10:00\nlocation: central\npartners: [fresh]\naccess: [wheelchair]\n",
    ),
    "events/stale-series.md": event(
        "Stale Series",
        "start: 2026-01-07 18:00\nrepeat:\n  every: "
        "week\n  on: [wednesday]\n  until: 2026-08-19\n"
        "location: central\npartners: [stale]\n",
    ),
    "events/secret-workshop.md": event(
        "Secret Workshop",
        "start: 2026-12-05 10:00\nlocation: "
        "central\npartners: [unverified]\n"
        "accessibility: Step-free.\n",
    ),
    "events/future-fair.md": event("Future Fair", "start: 2026-10-01 10:00\nlocation: future\n"),
    "events/cancelled-talk.md": event(
        "Cancelled Talk",
        "start: 2026-11-01 10:00\nstatus: cancelled\nlocation: central\npartners: [cancelled]\n",
    ),
    # 90 days before NOW is 2026-08-24 12:00: one event still runs then, the other has ended
    "events/edge-in.md": event(
        "Edge In Talk", "start: 2026-08-24 10:00\nend: 13:00\nlocation: central\npartners: [edge]\n"
    ),
    "events/edge-out.md": event(
        "Edge Out Talk",
        "start: 2026-08-24 10:00\nend: 11:00\nlocation: central\npartners: [edge-out]\n",
    ),
    "events/weekly-club.md": event(
        "Weekly Club",
        "start: 2025-06-04 17:00\nrepeat:\n  every: "
        "week\n  on: [wednesday]\nlocation: eastside\n"
        "partners: [series]\n",
    ),
    "events/online-talk.md": event(
        "Online Talk", "start: 2026-12-10 19:00\nonline: https://meet.example.org/x\n"
    ),
    "events/past-no-access.md": event("Past Event", "start: 2026-10-01 10:00\nlocation: central\n"),
    "events/photo-file.md": event(
        "Photo File",
        "start: 2026-12-03 10:00\nlocation: eastside\n"
        "image: media/teens.jpg\nimage_alt: Teens.JPG\n",
    ),
    "events/photo-stem.md": event(
        "Photo Stem",
        "start: 2026-12-03 10:00\nlocation: eastside\nimage: media/teens.jpg\nimage_alt: teens\n",
    ),
    "events/photo-generic.md": event(
        "Photo Generic",
        "start: 2026-12-03 10:00\nlocation: eastside\nimage: media/teens.jpg\nimage_alt: Photo\n",
    ),
    "events/photo-short.md": event(
        "Photo Short",
        "start: 2026-12-03 10:00\nlocation: eastside\nimage: media/teens.jpg\nimage_alt: Kid\n",
    ),
    "events/photo-good.md": event(
        "Photo Good",
        "start: 2026-12-03 10:00\nlocation: eastside\n"
        "image: media/teens.jpg\nimage_alt: Two teens "
        "at a laptop\n",
    ),
    "events/photo-past.md": event(
        "Photo Past",
        "start: 2026-10-03 10:00\nlocation: eastside\nimage: media/teens.jpg\nimage_alt: teens\n",
    ),
}

EXPECTED = """\
Partner pages to verify (every 6 months):
content/partners/future.md: Future Partner: `verified:` is 2027-01-01, a day still to come; set it to the day you last checked the page
content/partners/stale.md: Stale Partner: last verified 2026-05-21, 6 months ago (due 2026-11-21)
content/partners/unverified.md: Unverified Partner: never verified (the file has no `verified:` date)

Partners with no events in the last 90 days:
content/partners/cancelled.md: Cancelled Partner: no events in the last 90 days (last: none; next: none planned)
content/partners/edge-out.md: Edge Out: no events in the last 90 days (last: 2026-08-24 Edge Out Talk; next: none planned)
content/partners/stale.md: Stale Partner: no events in the last 90 days (last: 2026-08-19 Stale Series; next: none planned)
content/partners/unverified.md: Unverified Partner: no events in the last 90 days (last: none; next: 2026-12-05 Secret Workshop)

Coming events without accessibility information:
content/events/online-talk.md: Online Talk: no `access` or `accessibility`
content/events/teen-tech.md: Teen Tech Drop-In: no `access` or `accessibility`, and its venue (content/venues/central.md) gives none either

Coming events whose picture is not described:
content/events/photo-file.md: Photo File: `image_alt` only repeats the file name (teens.jpg)
content/events/photo-generic.md: Photo Generic: `image_alt` ("Photo") does not say what the picture shows
content/events/photo-short.md: Photo Short: `image_alt` ("Kid") is too short to say what the picture shows
content/events/photo-stem.md: Photo Stem: `image_alt` only repeats the file name (teens.jpg)
"""


@pytest.fixture
def report(tmp_path, monkeypatch):
    """report(files, *options) -> (exit code, stdout, stderr) for a hub with `files`."""
    monkeypatch.chdir(tmp_path)

    def run(files: dict, *options: str) -> tuple[int, str, str]:
        write_hub(tmp_path, files)
        return bulletin(["report", "--content", "content", "--now", NOW, *options])

    return run


def test_every_category_with_exact_lines(report):
    code, out, err = report(HUB)
    assert bulletin(["check", "--content", "content"])[:2] == (0, "")
    assert (code, out) == (0, EXPECTED)
    assert err == (
        "Report: 3 partner pages to verify, 4 partners with no events in the last 90 "
        "days, 2 coming events without accessibility information, 4 pictures not "
        "described.\n"
    )
    assert "Secret Rd" not in out and "Draft" not in out  # private addresses, draft partners


def test_an_event_that_ended_90_days_ago_no_longer_counts(report):
    files = {
        "partners/youth-haven.md": partner("Youth Haven", "verified: 2026-11-01\n"),
        "events/teen-tech.md": event(
            "Teen Tech",
            "start: 2026-08-24 10:00\nend: 11:00\n"
            "location: central\npartners: [youth-haven]"
            "\naccess: [wheelchair]\n",
        ),
    }
    # Days are counted on the calendar: 90 days before 22 November 10:59 is 24 August 10:59,
    # although summer time has ended in between.
    assert report(files, "--now", "2026-11-22T10:59")[:2] == (0, "")
    assert report(files, "--now", "2026-11-22T11:00")[:2] == (
        0,
        (
            "Partners with no events in the last 90 days:\n"
            "content/partners/youth-haven.md: Youth Haven: no events in the last 90 days (last: "
            "2026-08-24 Teen Tech; next: none planned)\n"
        ),
    )


@pytest.mark.parametrize(
    "verified, every, now, due",
    [
        ("2026-05-22", 6, "2026-11-22", None),  # exactly six months ago
        ("2026-05-21", 6, "2026-11-22", "6 months ago (due 2026-11-21)"),
        ("2024-02-29", 12, "2025-02-28", None),  # a year after a leap day
        ("2024-02-29", 12, "2025-03-01", "12 months ago (due 2025-02-28)"),
        ("2026-08-31", 6, "2027-02-28", None),  # six months after the 31st
        ("2026-08-31", 6, "2027-03-01", "6 months ago (due 2027-02-28)"),
        ("2027-08-31", 6, "2028-02-29", None),  # ... into a leap year
        ("2027-08-31", 6, "2028-03-01", "6 months ago (due 2028-02-29)"),
        ("2020-01-15", 1, "2026-11-22", "82 months ago (due 2020-02-15)"),
    ],
)
def test_verification_is_due_by_calendar_months(report, verified, every, now, due):
    site = SITE_TOML.replace("[audiences]", f"verify_every_months = {every}\n\n[audiences]")
    files = {
        "site.toml": site,
        "partners/youth-haven.md": partner("Youth Haven", f"verified: {verified}\n"),
        "events/teen-tech.md": event(
            "Teen Tech",
            f"start: {now}\nlocation: central\npartners: [youth-haven]\naccess: [wheelchair]\n",
        ),
    }
    code, out, err = report(files, "--now", f"{now}T23:00")
    expected = (
        ""
        if due is None
        else (
            f"Partner pages to verify (every {every} month{'s' if every > 1 else ''}):\n"
            f"content/partners/youth-haven.md: Youth Haven: last verified {verified}, {due}\n"
        )
    )
    assert (code, out) == (0, expected)


def test_markdown_links_each_file_and_shows_names_as_written(report):
    site = SITE_TOML.replace(
        'timezone = "America/Chicago"\n',
        'timezone = "America/Chicago"\n'
        'repository = "https://github.com/example/hub"\nbranch = "trunk"\n',
    )
    files = {
        "site.toml": site,
        "partners/youth-haven.md": partner('"Café & Co *new* [1] <b> @team #2 Drop-In"'),
        "events/teen-tech.md": event(
            "Teen Tech", "start: 2026-12-02 15:30\nlocation: central\npartners: [youth-haven]\n"
        ),
    }
    code, out, err = report(files, "--format", "markdown")
    link = (
        "[content/partners/youth-haven.md](https://github.com/example/hub/blob/trunk/content/"
        "partners/youth-haven.md)"
    )
    name = "Café &amp; Co \\*new\\* \\[1\\] \\<b\\> @\u2060team \\#2 Drop-In"
    assert (code, out) == (
        0,
        f"""\
## Partner pages to verify (every 6 months)

Check each page with the partner (`verify_every_months` in content/site.toml says how often), \
then set `verified:` to the day you checked.

- {link} — {name}: never verified (the file has no `verified:` date)

## Partners with no events in the last 90 days

Ask whether they have something planned, or whether the partnership has changed.

- {link} — {name}: no events in the last 90 days (last: none; next: 2026-12-02 Teen Tech)

## Coming events without accessibility information

Add `access:` (the features from content/site.toml) or `accessibility:` (in words) to the event, \
or to its venue.

- [content/events/teen-tech.md](https://github.com/example/hub/blob/trunk/content/events/\
teen-tech.md) — Teen Tech: no `access` or `accessibility`, and its venue \
(content/venues/central.md) gives none either
""",
    )


def test_without_a_repository_markdown_names_files_as_code(report):
    code, out, err = report(
        {"partners/youth-haven.md": partner("Youth Haven", "verified: 2026-11-01\n")},
        "--format",
        "markdown",
    )
    assert out.splitlines()[-1] == (
        "- `content/events/teen-tech.md` — Teen Tech Drop-In: no "
        "`access` or `accessibility`, and its venue "
        "(content/venues/central.md) gives none either"
    )


def test_nothing_to_report_prints_nothing(report):
    files = {
        "partners/youth-haven.md": partner("Youth Haven", "verified: 2026-11-01\n"),
        "events/teen-tech.md": event(
            "Teen Tech",
            "start: 2026-11-20 15:30\nlocation: "
            "central\npartners: [youth-haven]\n"
            "accessibility: Step-free.\n",
        ),
    }
    for format in ("text", "markdown"):
        assert report(files, "--format", format) == (0, "", "Nothing to report.\n")


def test_content_errors_are_printed_like_check_and_exit_1(report):
    code, out, err = report(
        {"events/teen-tech.md": event("X", "start: 2026-13-01\nlocation: central\n")}
    )
    assert (code, out) == (
        1,
        "content/events/teen-tech.md:3: 'start' 2026-13-01 is not a real "
        "date (there is no month 13; write it as YYYY-MM-DD, e.g. "
        "2026-12-02)\n",
    )
    assert err == (
        "Checked 4 files: 1 error, 0 warnings. Fix the errors first; the report needs "
        "content without them.\n"
    )


def test_misuse_exits_2(report):
    code, out, err = report({}, "--now", "next week")
    assert (code, out) == (2, "")
    assert err == (
        "bulletin report: --now 'next week' is not a date and time; write e.g. "
        "2026-12-02T15:30 or 2026-12-02\n"
    )
    assert report({}, "--format", "html")[0] == 2


def test_sample_hub_report(monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = bulletin(["report", "--now", NOW])
    assert code == 0
    lines = out.splitlines()
    for line in [
        "content/partners/corner-bakery.md: Harmon's Corner Bakery: last verified 2025-12-01, "
        "11 months ago (due 2026-06-01)",
        "content/partners/riverbank-gardeners.md: Riverbank Community Garden: never verified (the "
        "file has no `verified:` date)",
        "content/partners/two-rivers-library-cooperative.md: Two Rivers Library Cooperative: last "
        "verified 2026-03-15, 8 months ago (due 2026-09-15)",
        "content/events/2027/riverwalk-cleanup.md: Earth Day River Cleanup: no `access` or "
        "`accessibility`",
    ]:
        assert line in lines
    # The draft partner is left out; every line names a file that exists.
    assert "riverside-chess-club" not in out
    files = [line.split(":")[0] for line in lines if line.startswith("content/")]
    assert files and all((ROOT / path).is_file() for path in files)
    assert bulletin(["report", "--now", NOW]) == (code, out, err)  # the same facts, the same bytes
    code, markdown, _ = bulletin(["report", "--now", NOW, "--format", "markdown"])
    links = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert len(links) == len(files) and all(
        line.startswith("- [content/")
        and "](https://github.com/riverside-library/community-hub/blob/main/content/" in line
        for line in links
    )


def test_past_sessions_without_attendance_are_listed_once_the_hub_records_attendance(report):
    weekly = (
        "start: 2026-09-02 16:00\nrepeat:\n  every: week\n  until: 2026-12-30\n"
        "occurrences:\n  2026-09-23: {status: cancelled}\n"
        "location: central\naccess: [wheelchair]\n"
    )
    files = {
        "partners/youth-haven.md": partner("Youth Haven", "verified: 2026-11-01\n"),
        # Every Wednesday from 2 September: 11 held by 22 November (23 September is cancelled),
        # three of them with attendance.
        "events/teen-tech.md": event(
            "Teen Tech",
            weekly + "partners: [youth-haven]\n"
            "attendance:\n  2026-09-02: 12\n  2026-09-09: 9\n  2026-11-18: 14\n",
        ),
        "events/book-club.md": event(
            "Book Club",
            "start: 2026-10-15 18:00\nrepeat: {every: month, count: 3}\nlocation: central\n"
            "access: [wheelchair]\n",
        ),
        # Room use needs no attendance; one-to-one help does; so does a program in the previous
        # fiscal year (from 1 January 2025 here, the year starting in January), not the one before.
        "events/meeting.md": event(
            "Meeting", "start: 2026-10-01 18:00\nlocation: central\nlibrary_role: room-use\n"
        ),
        "events/tax-help.md": event(
            "Tax Help", "start: 2025-03-04 18:00\nlocation: central\none_to_one: true\n"
        ),
        "events/old.md": event("Old Talk", "start: 2024-12-31 18:00\nlocation: central\n"),
    }
    code, out, err = report(files)
    assert (code, out) == (
        0,
        "Past sessions without attendance:\n"
        "content/events/book-club.md: Book Club: no attendance for 2026-10-15, 2026-11-15\n"
        "content/events/tax-help.md: Tax Help: no attendance for 2025-03-04\n"
        "content/events/teen-tech.md: Teen Tech: no attendance for 8 sessions, from 2026-09-16 "
        "to 2026-11-11\n",
    )
    assert err.endswith(
        "0 pictures not described, 3 events with past sessions without attendance.\n"
    )
    markdown = report(files, "--format", "markdown")[1]
    assert "## Past sessions without attendance\n\nAdd `attendance:` to the event" in markdown


def test_a_hub_that_records_no_attendance_is_not_asked_for_it(report):
    files = {
        "partners/youth-haven.md": partner("Youth Haven", "verified: 2026-11-01\n"),
        "events/teen-tech.md": event(
            "Teen Tech",
            "start: 2026-11-20 15:30\nlocation: central\npartners: [youth-haven]\n"
            "accessibility: Step-free.\n",
        ),
    }
    assert report(files) == (0, "", "Nothing to report.\n")
    files["events/teen-tech.md"] = files["events/teen-tech.md"].replace(
        "---\nWhat", "attendance: 12\n---\nWhat"
    )
    files["events/talk.md"] = event(
        "Talk", "start: 2026-11-21 15:30\nlocation: central\naccessibility: Step-free.\n"
    )
    assert report(files)[1] == (
        "Past sessions without attendance:\ncontent/events/talk.md: Talk: no attendance for "
        "2026-11-21\n"
    )
