"""`bulletin impact`: the state library survey's cells and the breakdowns, on a small hub that has
every counting rule in it, against truth computed here by hand from a table of its sessions; the
same numbers in text, CSV and JSON; the fiscal year; misuse; and the sample hub."""

from __future__ import annotations

import contextlib
import csv
import io
import json

import pytest

from generator.cli import main

from conftest import NOW, ROOT, write_hub

SITE = """\
title = "Test Hub"
base_url = "https://example.org/hub/"
timezone = "America/Chicago"
fiscal_year_start = 7

[audiences]
little = "Little ones (0-5)"
kids = "Kids (6-11)"
teens = "Teens (12-18)"
adults = "Adults"
families = "Families"
caregivers = "Parents and caregivers"

[categories]
technology = "Technology"

[languages]
en = "English"
es = "Español"
no = "Norsk"

[access]
wheelchair = "Wheelchair accessible"

[age_bands]
little = "0-5"
kids = "6-11"
teens = "12-18"
adults = "19+"
families = "all-ages"
caregivers = "none"
"""


def event(lines: str) -> str:
    return "---\n" + lines + "---\nWhat happens.\n"


def place(name: str, extra: str = "") -> str:
    return f"---\nname: {name}\naddress: 1 Main St\n{extra}---\n"


HUB = {
    "site.toml": SITE,
    "venues/central.md": place("Central Library", "library_branch: true\n"),
    "venues/eastside.md": place("Eastside Branch", "library_branch: true\n"),
    "venues/village-hall.md": place("Village Hall"),  # not the library's
    "partners/youth-haven.md": "---\nname: Youth Haven\n---\n",
    "partners/museum.md": "---\nname: History Museum\naddress: 5 Elm St\n---\n",
    "partners/clinic.md": "---\nname: Health Clinic\n---\n",
    "events/teen-tech.md": None,
    # A series: a date off, a cancelled date, a date at a partner's place, a date moved to the next
    # day (its attendance keeps the series' date), and a held date with no attendance yet.
    "events/series.md": event(
        "title: STEM Club\nstart: 2026-09-02 16:00\nend: 17:00\n"
        "repeat: {every: week, until: 2026-10-28, except: [2026-09-16]}\n"
        "occurrences:\n"
        "  2026-09-23: {status: cancelled}\n"
        "  2026-10-07: {location: museum}\n"
        "  2026-10-14: {start: 2026-10-15 16:00}\n"
        "location: central\npartners: [{partner: youth-haven, role: presenter}]\n"
        "audiences: [kids]\nlanguages: [en]\n"
        "attendance:\n  2026-09-02: 10\n  2026-09-09: 12\n  2026-09-30: 8\n"
        "  2026-10-07: 15\n  2026-10-14: 9\n  2026-10-21: 11\n"
    ),
    # Hybrid, at a venue that is not a library branch; a recording with views; two audiences of
    # which one says nothing about age.
    "events/hybrid.md": event(
        "title: Health Talk\nstart: 2026-10-10 10:00\nend: 12:00\nlocation: village-hall\n"
        "online: https://meet.example.org/talk\npartners: [clinic]\n"
        "audiences: [adults, caregivers]\nlanguages: [en, es]\n"
        "attendance: {in_person: 40, online: 25, views: 60}\n"
    ),
    # Online only, for two age bands: general interest.
    "events/webinar.md": event(
        "title: Webinar\nstart: 2026-11-05 19:00\nend: 20:00\nonline: https://meet.example.org/w\n"
        "audiences: [teens, kids]\nlanguages: [es]\nattendance: {online: 30, views: 45}\n"
    ),
    # Two audiences of different bands, with age_band saying which counts.
    "events/storytime.md": event(
        "title: Storytime\nstart: 2026-11-12 10:00\nend: 10:30\n"
        "repeat: {every: week, until: 2026-12-17}\nlocation: eastside\n"
        "audiences: [families, little]\nage_band: 0-5\nlanguages: [en, no]\n"
        "attendance:\n  2026-11-12: 20\n  2026-11-19: 18\n"
    ),
    # Two days at a partner's place (the partner is involved without being listed); no language.
    "events/weekend.md": event(
        "title: Teen Weekend\nstart: 2026-08-15\nend: 2026-08-16\nlocation: youth-haven\n"
        "audiences: [teens]\nattendance: 70\n"
    ),
    # Outside the survey counts.
    "events/room-use.md": event(
        "title: Museum Board\nstart: 2026-09-12 10:00\nlocation: central\n"
        "partners: [{partner: museum, role: host}]\nlibrary_role: room-use\nattendance: 25\n"
    ),
    "events/tax-help.md": event(
        "title: Tax Help\nstart: 2026-11-03 13:00\nend: 15:00\n"
        "repeat: {every: week, until: 2026-11-17}\nlocation: eastside\npartners: [clinic]\n"
        "one_to_one: true\nlanguages: [en]\nattendance:\n  2026-11-03: 5\n  2026-11-10: 7\n"
    ),
    "events/listed.md": event(
        "title: Museum Free Day\nstart: 2026-10-18\nlocation: museum\nlibrary_role: none\n"
    ),
    # Not held, not yet ended, outside the period, or not published: not counted.
    "events/cancelled.md": event(
        "title: Called Off\nstart: 2026-10-01 10:00\nstatus: cancelled\nlocation: central\n"
    ),
    "events/postponed.md": event(
        "title: Put Off\nstart: 2026-11-01 10:00\nstatus: postponed\nlocation: central\n"
    ),
    "events/in-progress.md": event(
        "title: Still On\nstart: 2026-11-22 11:00\nend: 13:00\nlocation: central\nattendance: 14\n"
    ),
    "events/december.md": event(
        "title: December Talk\nstart: 2026-12-02 15:30\nlocation: central\n"
    ),
    "events/straddle.md": event(
        "title: Midnight Movie\nstart: 2026-06-30 23:30\nend: 2026-07-01 01:00\n"
        "location: central\nattendance: 5\n"
    ),
    "events/draft.md": event(
        "title: Draft\nstart: 2026-10-20 10:00\nlocation: central\ndraft: true\nattendance: 99\n"
    ),
}

# Every held session of the hub from 2026-07-01 to 2026-11-22 12:00, classified by hand:
# (file, day, band, format, place, branch, partners, languages, audiences, in person, online,
# views)
HELD = [
    ("series", "2026-09-02", "6-11", "onsite", "library", "central", ["youth-haven"], ["en"], ["kids"], 10, 0, None),
    ("series", "2026-09-09", "6-11", "onsite", "library", "central", ["youth-haven"], ["en"], ["kids"], 12, 0, None),
    ("series", "2026-09-30", "6-11", "onsite", "library", "central", ["youth-haven"], ["en"], ["kids"], 8, 0, None),
    ("series", "2026-10-07", "6-11", "offsite", "partner", None, ["youth-haven", "museum"], ["en"], ["kids"], 15, 0, None),
    ("series", "2026-10-15", "6-11", "onsite", "library", "central", ["youth-haven"], ["en"], ["kids"], 9, 0, None),
    ("series", "2026-10-21", "6-11", "onsite", "library", "central", ["youth-haven"], ["en"], ["kids"], 11, 0, None),
    ("series", "2026-10-28", "6-11", "onsite", "library", "central", ["youth-haven"], ["en"], ["kids"], 0, 0, None),  # 10-28: none recorded
    ("hybrid", "2026-10-10", "19+", "offsite", "elsewhere", None, ["clinic"], ["en", "es"], ["adults", "caregivers"], 40, 25, 60),
    ("webinar", "2026-11-05", "all-ages", "virtual", "online", None, [], ["es"], ["teens", "kids"], 0, 30, 45),
    ("storytime", "2026-11-12", "0-5", "onsite", "library", "eastside", [], ["en", "no"], ["families", "little"], 20, 0, None),
    ("storytime", "2026-11-19", "0-5", "onsite", "library", "eastside", [], ["en", "no"], ["families", "little"], 18, 0, None),
    ("weekend", "2026-08-15", "12-18", "offsite", "partner", None, ["youth-haven"], [], ["teens"], 70, 0, None),
]  # fmt: skip
NOT_HELD = 3  # series 2026-09-23, cancelled.md, postponed.md
TO_COME = 6  # storytime 11-26, 12-03, 12-10, 12-17; december.md; in-progress.md (ends 13:00)
MISSING = [("content/events/series.md", "2026-10-28"), ("content/events/tax-help.md", "2026-11-17")]


def truth(first: str = "2026-07-01", last: str = "2027-06-30") -> dict:
    """The survey's cells and the breakdowns, summed from HELD for the days first to last."""
    cells = {
        "age": dict.fromkeys(["0-5", "6-11", "12-18", "19+", "all-ages"]),
        "format": dict.fromkeys(["onsite", "offsite", "virtual"]),
        "partner": dict.fromkeys(["clinic", "museum", "youth-haven"]),  # by name: Health, History
        "branch": dict.fromkeys(["central", "eastside"]),
        "language": dict.fromkeys(["en", "es", "no"]),
        "audience": dict.fromkeys(["little", "kids", "teens", "adults", "families", "caregivers"]),
        "place": dict.fromkeys(["library", "partner", "elsewhere", "online"]),
    }
    for table in cells.values():
        for key in table:
            table[key] = [0, 0]
    cells["language"]["(not given)"] = [0, 0]
    total, recordings = [0, 0], [0, 0]
    for row in HELD:
        _, day, band, fmt, where, branch, partners, languages, audiences, room, online, views = row
        if not first <= day <= last:
            continue
        people = room + online
        total[0] += 1
        total[1] += people
        cells["age"][band][0] += 1
        cells["age"][band][1] += people
        cells["format"][fmt][0] += 1
        cells["format"][fmt][1] += room
        cells["format"]["virtual"][1] += online
        cells["place"][where][0] += 1
        cells["place"][where][1] += people
        if branch:
            cells["branch"][branch][0] += 1
            cells["branch"][branch][1] += people
        for table, keys in (
            ("partner", partners),
            ("language", languages or ["(not given)"]),
            ("audience", audiences),
        ):
            for key in keys:
                cells[table][key][0] += 1
                cells[table][key][1] += people
        if views is not None:
            recordings[0] += 1
            recordings[1] += views
    if cells["language"]["(not given)"] == [0, 0]:
        del cells["language"]["(not given)"]
    return {"cells": cells, "total": total, "recordings": recordings}


def impact(*options: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["impact", "--content", "content", "--now", NOW, *options])
        except SystemExit as exit:
            code = exit.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def hub(in_tmp):
    write_hub(in_tmp, HUB)
    return in_tmp


# --- the cells, in each format -------------------------------------------------------------------

TABLES = ("age", "format", "partner", "branch", "language", "audience", "place")


def csv_cells(text: str) -> dict:
    found: dict = {}
    for row in csv.DictReader(io.StringIO(text)):
        found.setdefault(row["table"], {})[row["key"]] = [
            int(row["sessions"]),
            int(row["attendance"]),
        ]
    return found


def test_csv_has_every_cell_as_computed_by_hand(hub):
    code, out, err = impact("--format", "csv")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "table,key,label,sessions,attendance"
    found, expected = csv_cells(out), truth()
    for table in TABLES:
        assert found[table] == {
            **expected["cells"][table],
            **({"total": expected["total"]} if table in ("age", "format") else {}),
        }, table
    assert found["recordings"] == {"views": expected["recordings"]}
    assert found["outside"] == {"one-to-one": [3, 12], "room-use": [1, 25], "none": [1, 0]}
    assert found["not-counted"] == {"cancelled": [NOT_HELD, 0], "to-come": [TO_COME, 0]}
    assert found["missing"] == {"attendance": [len(MISSING), 0]}
    assert len(out.splitlines()) == 1 + sum(len(rows) for rows in found.values())


def test_json_has_every_cell_as_computed_by_hand(hub):
    code, out, _ = impact("--format", "json")
    assert code == 0
    found, expected = json.loads(out), truth()

    def cells(table: str) -> dict:
        return {
            key: {"sessions": s, "attendance": a}
            for key, (s, a) in expected["cells"][table].items()
        }

    assert found["from"] == "2026-07-01" and found["to"] == "2027-06-30"
    assert found["counted_until"] == "2026-11-22T12:00:00-06:00"
    assert found["survey"] == {
        "age": cells("age"),
        "format": cells("format"),
        "total": {"sessions": expected["total"][0], "attendance": expected["total"][1]},
        "recordings": {
            "presentations": expected["recordings"][0],
            "views": expected["recordings"][1],
        },
    }
    for table, name in (
        ("partner", "partners"),
        ("branch", "branches"),
        ("language", "languages"),
        ("audience", "audiences"),
        ("place", "places"),
    ):
        assert found[name] == cells(table), name
    assert found["outside"] == {
        "one-to-one": [
            {"path": "content/events/tax-help.md", "title": "Tax Help", "sessions": 3, "attendance": 12, "recorded": 2}
        ],
        "room-use": [
            {"path": "content/events/room-use.md", "title": "Museum Board", "sessions": 1, "attendance": 25, "recorded": 1}
        ],
        "none": [
            {"path": "content/events/listed.md", "title": "Museum Free Day", "sessions": 1, "attendance": 0, "recorded": 0}
        ],
    }  # fmt: skip
    assert found["not_counted"] == {"cancelled": NOT_HELD, "to_come": TO_COME}
    assert [(m["path"], m["date"]) for m in found["missing_attendance"]] == MISSING


TEXT = """\
Impact report: Test Hub
Sessions from 2026-07-01 to 2027-06-30 that ended by 2026-11-22 12:00.

State library survey (Public Libraries Survey): program sessions and attendance

Age group                      Sessions  Attendance
Children 0-5                          2          38
Children 6-11                         7          65
Young adults 12-18                    1          70
Adults 19+                            1          65
General interest (all ages)           1          30
Total                                12         268

Format                         Sessions  Attendance
Onsite (at the library)               8          88
Offsite                               3         125
Virtual (live online)                 1          55
Total                                12         268

Recorded presentations: 2, viewed 105 times in their first 30 days.

Breakdowns: a session counts once in each of its partners, languages and audiences,
so those rows add up to more than the total.

Partner                        Sessions  Attendance
Health Clinic                         1          65
History Museum                        1          15
Youth Haven                           8         135

Library branch                 Sessions  Attendance
Central Library                       6          50
Eastside Branch                       2          38

Language                       Sessions  Attendance
English                              10         168
Español                               2          95
Norsk                                 2          38
Not given                             1          70

Audience                       Sessions  Attendance
Little ones (0-5)                     2          38
Kids (6-11)                           8          95
Teens (12-18)                         2         100
Adults                                1          65
Families                              2          38
Parents and caregivers                1          65

Where                          Sessions  Attendance
At the library                        8          88
At a partner's site                   2          85
Elsewhere in the community            1          65
Online only                           1          30

Outside the survey counts:
One-to-one help: 3 sessions, 12 people
  content/events/tax-help.md: Tax Help: 3 sessions, 12 people (attendance recorded for 2)
Room use only: 1 session, 25 people
  content/events/room-use.md: Museum Board: 1 session, 25 people
Listed only: 1 session, 0 people
  content/events/listed.md: Museum Free Day: 1 session, attendance not recorded

Not counted: 3 sessions cancelled or postponed, 6 sessions still to come.
Attendance not recorded for 2 sessions held (counted with 0; add it under 'attendance:'):
  content/events/series.md: STEM Club: 2026-10-28
  content/events/tax-help.md: Tax Help: 2026-11-17
"""

HEADINGS = {
    "Age group": "age",
    "Format": "format",
    "Partner": "partner",
    "Library branch": "branch",
    "Language": "language",
    "Audience": "audience",
    "Where": "place",
}


def test_text_is_exact_and_its_tables_hold_the_cells_computed_by_hand(hub):
    assert impact() == (0, TEXT, "")
    # The tables of the text, read back by their labels, hold the same numbers as the truth.
    expected, tables, table = truth(), {}, None
    for line in TEXT.splitlines():
        heading = line[:30].strip()
        if heading in HEADINGS and line.endswith("Attendance"):
            table = tables.setdefault(HEADINGS[heading], [])
        elif table is not None and line.strip():
            label, sessions, attendance = line[:30].strip(), *line[30:].split()
            table.append((label, int(sessions), int(attendance)))
        else:
            table = None
    for name in TABLES:
        numbers = [row[1:] for row in tables[name] if row[0] != "Total"]
        assert numbers == [tuple(cell) for cell in expected["cells"][name].values()], name


def test_a_period_counts_only_the_sessions_that_start_in_it(hub):
    code, out, _ = impact("--from", "2026-10-01", "--to", "2026-10-31", "--format", "csv")
    found, expected = csv_cells(out), truth("2026-10-01", "2026-10-31")
    assert code == 0
    for table in ("age", "format", "place", "branch", "partner"):
        assert {k: v for k, v in found[table].items() if k != "total"} == expected["cells"][table]
    assert found["age"]["total"] == expected["total"] == [5, 100]
    # The series' date of 14 October was held on the 15th; the talk before midnight on 30 June
    # belongs to the year before.
    assert csv_cells(impact("--from", "2026-10-15", "--to", "2026-10-15", "--format", "csv")[1])[
        "age"
    ]["total"] == [1, 9]
    assert csv_cells(impact("--from", "2026-06-30", "--to", "2026-06-30", "--format", "csv")[1])[
        "age"
    ]["total"] == [1, 5]


def test_one_date_gives_its_fiscal_year(hub):
    assert json.loads(impact("--to", "2026-03-01", "--format", "json")[1])["from"] == "2025-07-01"
    found = json.loads(impact("--from", "2026-07-01", "--format", "json")[1])
    assert (found["from"], found["to"]) == ("2026-07-01", "2027-06-30")


def test_a_calendar_fiscal_year_without_the_setting(in_tmp):
    write_hub(in_tmp, {**HUB, "site.toml": SITE.replace("fiscal_year_start = 7\n", "")})
    found = json.loads(impact("--format", "json")[1])
    assert (found["from"], found["to"]) == ("2026-01-01", "2026-12-31")
    # the talk that started on 30 June now falls in the year
    assert found["survey"]["total"]["sessions"] == truth()["total"][0] + 1


@pytest.mark.parametrize(
    "options, message",
    [
        (
            ("--from", "2026-10-01", "--to", "2026-09-30"),
            "bulletin impact: --from 2026-10-01 is after --to 2026-09-30\n",
        ),
        (("--from", "July 1"), "'July 1' is not a date; write e.g. 2026-07-01"),
        (("--to", "2026-02-30"), "'2026-02-30' is not a date; write e.g. 2026-07-01"),
        (("--format", "xlsx"), "invalid choice: 'xlsx'"),
    ],
)
def test_misuse_exits_2(hub, options, message):
    code, out, err = impact(*options)
    assert (code, out) == (2, "")
    assert message in err


def test_content_with_errors_is_not_counted(in_tmp):
    write_hub(in_tmp, {**HUB, "events/webinar.md": event("title: Webinar\nstart: 2026-11-05\n")})
    code, out, err = impact()
    assert code == 1
    assert out.splitlines() == [
        "content/events/webinar.md:2: an event needs a 'location' (a venue or partner file "
        "name, or {name: ..., address: ...}) or an 'online' link, or both"
    ]
    assert err.endswith("Fix the errors first; the report needs content without them.\n")


def test_the_same_content_and_moment_give_the_same_bytes(hub):
    for form in ("text", "csv", "json"):
        assert impact("--format", form) == impact("--format", form)


def test_the_sample_hub_has_a_meaningful_report(monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = impact("--format", "json")
    assert code == 0
    found = json.loads(out)
    survey = found["survey"]
    assert found["missing_attendance"] == []  # every past session has its attendance
    assert all(cell["sessions"] for cell in survey["age"].values())
    assert all(cell["sessions"] for cell in survey["format"].values())
    assert survey["recordings"]["presentations"] >= 1
    assert sum(cell["sessions"] for cell in found["places"].values()) == survey["total"]["sessions"]
    assert all(found["places"][place]["sessions"] for place in found["places"])
    assert all(found["outside"][kind] for kind in ("one-to-one", "room-use"))
    assert found["not_counted"]["cancelled"] >= 1


# --- the /impact/ page and the partner pages ------------------------------------------------------

HTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    from conftest import build_site

    out = tmp_path_factory.mktemp("impact") / "site"
    assert build_site(out) == (0, [])
    return out


def page(site, path: str):
    import html5lib

    return html5lib.parse((site / path).read_bytes(), treebuilder="etree")


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def number(text: str) -> int:
    return int(text.replace(",", ""))


def charts_and_tables(document) -> list[tuple[dict, dict, dict]]:
    """For each chart: (its bars read out of the SVG, the attendance column of the table that
    follows it, the SVG's accessible parts)."""
    found = []
    for figure in document.iter(f"{HTML}figure"):
        svg = figure.find(f"{SVG}svg")
        labels = [text_of(t) for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-label"]
        values = [text_of(t) for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-value"]
        bars = dict(zip(labels, map(number, values), strict=True))
        parent = next(p for p in document.iter() if figure in list(p))
        table = list(parent)[list(parent).index(figure) + 1]
        assert table.tag == f"{HTML}table"
        rows = {
            text_of(row.find(f"{HTML}th")): number(text_of(row.findall(f"{HTML}td")[1]))
            for row in table.find(f"{HTML}tbody").iter(f"{HTML}tr")
        }
        title = svg.find(f"{SVG}title")
        desc = svg.find(f"{SVG}desc")
        found.append(
            (
                bars,
                rows,
                {
                    "role": svg.get("role"),
                    "labelledby": svg.get("aria-labelledby") == title.get("id"),
                    "describedby": svg.get("aria-describedby") == desc.get("id"),
                    "title": text_of(title),
                    "desc": text_of(desc),
                },
            )
        )
    return found


def test_the_charts_show_the_numbers_of_their_tables(sample_site):
    pages = ["impact/index.html", "partners/youth-haven/index.html"]
    charts = [chart for path in pages for chart in charts_and_tables(page(sample_site, path))]
    assert len(charts) == 3  # age and place on /impact/, years on the partner's page
    for bars, rows, accessible in charts:
        assert bars == rows
        assert accessible["role"] == "img" and accessible["labelledby"] and accessible["title"]
        assert accessible["describedby"]
        assert accessible["desc"] == "; ".join(f"{k}: {v:,}" for k, v in bars.items()) + "."


def test_the_impact_page_shows_this_fiscal_years_counts(sample_site, monkeypatch):
    monkeypatch.chdir(ROOT)
    counted = json.loads(impact("--format", "json")[1])
    document = page(sample_site, "impact/index.html")
    tables = {text_of(t.find(f"{HTML}caption")): t for t in document.iter(f"{HTML}table")}

    def rows(caption: str) -> dict:
        return {
            text_of(row.find(f"{HTML}th")): [number(text_of(td)) for td in row.findall(f"{HTML}td")]
            for row in tables[caption].find(f"{HTML}tbody").iter(f"{HTML}tr")
        }

    from generator.staff.impact import BAND_LABELS

    assert rows("Programs and attendance by age group") == {
        BAND_LABELS[band]: [cell["sessions"], cell["attendance"]]
        for band, cell in counted["survey"]["age"].items()
    }
    partners = rows("Programs and attendance with each partner")
    assert partners["Youth Haven"] == [4, 40]  # four comics workshops: 9 + 11 + 8 + 12
    assert sum(sessions for sessions, _ in partners.values()) == sum(
        cell["sessions"] for cell in counted["partners"].values()
    )
    headline = [
        text_of(li) for li in document.iter(f"{HTML}li") if li.find(f"{HTML}strong") is not None
    ]
    total = counted["survey"]["total"]
    assert headline[:2] == [f"{total['sessions']} programs", f"{total['attendance']} attendees"]


def test_a_partner_page_says_what_the_partnership_did(sample_site):
    def summary(slug: str) -> str | None:
        document = page(sample_site, f"partners/{slug}/index.html")
        found = [
            text_of(p) for p in document.iter(f"{HTML}p") if p.get("class") == "together-summary"
        ]
        return found[0] if found else None

    assert summary("youth-haven") == (
        "Together since 2021: 4 programs, 40 attendees, in English and Español."
    )
    # A co-sponsored job fair, and one-to-one help that is not a program.
    assert summary("workforce-connect") == (
        "Together since 2019: 1 program, 164 attendees, in English and Español. And 30 people "
        "helped one to one."
    )
    assert summary("corner-bakery") is None  # nothing held together yet
    assert summary("riverbank-gardeners") is None  # their meeting was room use only


def test_the_staff_guide_quotes_the_reports_real_beginning(monkeypatch):
    guide = (ROOT / "docs" / "staff-guide.md").read_text(encoding="utf-8")
    marker = "<!-- beginning of the output of: .venv/bin/bulletin impact -->\n```text\n"
    quoted = guide.split(marker, 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    code, out, _ = impact()
    assert code == 0 and len(quoted.splitlines()) > 5 and out.startswith(quoted)
