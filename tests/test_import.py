"""`bulletin import`: partners' own calendars, served from 127.0.0.1 as each producer writes them
(tests/feeds/: Google Calendar, Outlook/Microsoft 365, Apple iCloud, WordPress's The Events
Calendar, Meetup, Eventbrite, a school district's floating times; and a malformed, an empty, a huge
and a slow feed).

The central check: for every producer, the occurrences the hub publishes for the imported events,
read back from the built feed by `recurring-ical-events` and taken from the generator's own
expansion, equal the source feed's own expansion by `recurring-ical-events` over twelve months, to
the minute, cancelled dates included. The truth side repairs nothing but what the partner's file
says (feed_timezone) and what the test states about floating times; it shares no code with the
importer.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from generator.content.load import load
from generator.content.recurrence import bounds
from generator.importer.fetch import FetchFailed, Limits, fetch

from conftest import ROOT, build_site, needs, run_cli, write_hub

FEEDS = ROOT / "tests" / "feeds"
CHICAGO = ZoneInfo("America/Chicago")
NOW = "2026-11-22T12:00"
START = datetime(2026, 11, 22, 12, 0, tzinfo=CHICAGO)
WINDOW = (START, datetime(2027, 11, 22, 12, 0, tzinfo=CHICAGO))


# -- a local server for the fixture feeds -----------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path == "/slow.ics":
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            self.wfile.write(b"BEGIN:VCALENDAR\r\n")
            self.wfile.flush()
            time.sleep(3)
            return
        if path == "/huge.ics":
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            chunk = b"X-FILLER:" + b"x" * 1000 + b"\r\n"
            try:
                for _ in range(3000):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path.startswith("/redirect/"):
            count = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            target = f"/redirect/{count - 1}" if count > 1 else "/google.ics"
            self.send_header("Location", target)
            self.end_headers()
            return
        if path == "/to-plain-http.ics":
            self.send_response(301)
            self.send_header("Location", "http://calendar.example.org/feed.ics")
            self.end_headers()
            return
        file = FEEDS / path.lstrip("/")
        if not re.fullmatch(r"/[\w.-]+\.ics", path) or not file.is_file():
            self.send_error(404, "Not Found")
            return
        data = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# -- hubs -------------------------------------------------------------------------------------------

SITE = """\
title = "Test Hub"
base_url = "https://example.org/hub/"
timezone = "America/Chicago"

[audiences]
teens = "Teens (13-18)"
adults = "Adults"
families = "Families"

[categories]
arts = "Arts"
family = "Family"

[languages]
en = "English"

[access]
wheelchair = "Wheelchair accessible"
"""


def partner(name: str, feed: str, extra: str = "") -> str:
    return f"---\nname: {name}\nkind: nonprofit\nfeed: {feed}\n{extra}---\nAbout them.\n"


def hub_with(root: Path, slug: str, feed: str, extra: str = "") -> Path:
    return write_hub(
        root,
        {
            "site.toml": SITE,
            "events/teen-tech.md": None,
            f"partners/{slug}.md": partner(slug.replace("-", " ").title(), feed, extra),
        },
    )


def imported(content: Path, slug: str) -> dict[str, str]:
    folder = content / "events" / "imported" / slug
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


def import_cli(*options: str) -> tuple[int, list[str]]:
    return run_cli(["import", "--content", "content", "--now", NOW, *options])


# -- every producer: the hub says what the partner's calendar says ---------------------------------

# (fixture, partner slug, extra partner keys, how the truth reads times without a usable zone)
PRODUCERS = {
    "google": ("youth-haven", "", None),
    "outlook": ("workforce-connect", "", None),
    "icloud": ("riverbank-gardeners", "", None),
    "wordpress": ("riverside-history-museum", "feed_defaults:\n  audiences: [families]\n", None),
    # Meetup says New York, but the club meets in Riverside: its clock times are Chicago's.
    "meetup": ("riverside-chess-club", "feed_timezone: America/Chicago\n", "wall"),
    # Eventbrite gives exact UTC instants and a wrong X-WR-TIMEZONE.
    "eventbrite": ("pathways-to-college", "feed_timezone: America/Chicago\n", None),
    # A school district's system writes no zone at all: the hub's zone applies.
    "floating": ("riverside-high-school", "", "floating"),
}


def _key_time(moment) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%MZ")
    return moment.isoformat()


def _instant(text: str) -> datetime:
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), CHICAGO)
    return datetime.strptime(text, "%Y-%m-%dT%H:%MZ").replace(tzinfo=ZoneInfo("UTC"))


def _in_window(start: str, end: str) -> bool:
    begin, finish = _instant(start), _instant(end)
    if finish == begin:
        finish += timedelta(minutes=1)
    return finish > WINDOW[0] and begin < WINDOW[1]


def expanded(data: bytes, reading: str | None = None) -> Counter:
    """(title, start, end, cancelled) of every occurrence in the window, by recurring-ical-events."""
    import recurring_ical_events

    calendar = Calendar.from_ical(data)
    found = Counter()
    query = recurring_ical_events.of(calendar)
    for component in query.between(WINDOW[0] - timedelta(days=3), WINDOW[1] + timedelta(days=3)):
        if str(component.get("CLASS", "")).upper() in ("PRIVATE", "CONFIDENTIAL"):
            continue
        start, end = component["DTSTART"].dt, component["DTEND"].dt
        if reading == "wall" and isinstance(start, datetime):
            start, end = start.replace(tzinfo=CHICAGO), end.replace(tzinfo=CHICAGO)
        if reading == "floating" and isinstance(start, datetime) and start.tzinfo is None:
            start, end = start.replace(tzinfo=CHICAGO), end.replace(tzinfo=CHICAGO)
        title = str(component.get("SUMMARY"))
        cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
        title = title.removeprefix("Cancelled: ")
        key = (title, _key_time(start), _key_time(end), cancelled)
        if _in_window(key[1], key[2]):
            found[key] += 1
    return found


def generator_expansion(content: Path, slug: str) -> Counter:
    index = load(content).index
    found = Counter()
    for occurrence in index.occurrences(*WINDOW):
        if not occurrence.event.src_path.startswith(f"content/events/imported/{slug}/"):
            continue
        start, end = bounds(occurrence)
        if occurrence.all_day:
            key_start = occurrence.starts_at.isoformat()
            key_end = (occurrence.ends_at + timedelta(days=1)).isoformat()
        else:
            key_start, key_end = _key_time(start), _key_time(end)
        found[(occurrence.event.title, key_start, key_end, occurrence.cancelled)] += 1
    return found


@pytest.mark.parametrize("producer", sorted(PRODUCERS))
def test_each_producers_feed_arrives_date_for_date(producer, server, in_tmp):
    needs(
        _has("recurring_ical_events"),
        "recurring-ical-events (pip, test extra) expands the feeds independently",
    )
    slug, extra, reading = PRODUCERS[producer]
    content = hub_with(in_tmp, slug, f"{server}/{producer}.ics", extra)
    code, out = import_cli()
    assert code == 0, out
    source = (FEEDS / f"{producer}.ics").read_bytes()
    truth = expanded(source, reading)
    assert truth, "the fixture must have occurrences in the window"
    assert sum(truth.values()) >= 2
    assert generator_expansion(content, slug) == truth
    code, lines = build_site(in_tmp / "site", content=content)
    assert code == 0, lines
    published = (in_tmp / "site" / "feeds" / "partners" / f"{slug}.ics").read_bytes()
    assert expanded(published) == truth
    # and a second import changes no byte
    before = imported(content, slug)
    assert import_cli()[0] == 0
    assert imported(content, slug) == before


def _has(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


# -- reading feeds: limits, failures, and nothing changed by a failure ------------------------------

LIMITS = Limits(seconds=1.0, max_bytes=200_000, max_redirects=3)


def test_fetch_reads_a_local_feed_and_follows_a_few_redirects(server):
    assert fetch(f"{server}/google.ics", LIMITS) == (FEEDS / "google.ics").read_bytes()
    assert fetch(f"{server}/redirect/3", LIMITS) == (FEEDS / "google.ics").read_bytes()


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/slow.ics", "the server did not send the whole feed within 1 second"),
        (
            "/huge.ics",
            "the feed is larger than 200,000 bytes, far more than a partner's calendar needs; "
            "ask the partner to publish only coming events",
        ),
        ("/redirect/4", "the server redirected more than 3 times"),
        ("/nothing-here.ics", "the server answered 404 Not Found"),
        (
            "/to-plain-http.ics",
            "the address starts with http://, which anyone on the way could change; ask the "
            "partner for the https:// address of their calendar",
        ),
    ],
)
def test_fetch_failures_say_why(server, path, reason):
    with pytest.raises(FetchFailed) as failure:
        fetch(f"{server}{path}", LIMITS)
    assert str(failure.value) == reason


def test_plain_http_is_refused_except_on_this_computer():
    with pytest.raises(FetchFailed, match="starts with http://"):
        fetch("http://calendar.example.org/feed.ics", LIMITS)
    with pytest.raises(FetchFailed, match="not a web address"):
        fetch("ftp://calendar.example.org/feed.ics", LIMITS)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".bulletin-import" not in p.parts
    }


@pytest.mark.parametrize(
    "feed, reason",
    [
        ("slow.ics", "the server did not send the whole feed within 30 seconds"),
        (
            "malformed.ics",
            "this is not an iCalendar feed: it starts with '<!DOCTYPE html> <html lang=\"en\"><head><t' "
            "instead of 'BEGIN:VCALENDAR' (is it the calendar's web page rather than its iCal address?)",
        ),
        ("gone.ics", "the server answered 404 Not Found"),
    ],
)
def test_a_failed_feed_changes_no_file_and_says_partner_address_and_reason(
    server, in_tmp, feed, reason, monkeypatch
):
    import generator.importer.run as run_module

    content = hub_with(in_tmp, "youth-haven", f"{server}/google.ics")
    assert import_cli()[0] == 0
    before = _tree(in_tmp)
    if feed == "slow.ics":
        monkeypatch.setattr(run_module, "DEFAULT_LIMITS", Limits(seconds=1.0))
        reason = reason.replace("30 seconds", "1 second")
    address = f"{server}/{feed}"
    import contextlib
    import io

    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(
            ["import", "--content", "content", "--now", NOW, "--from", f"youth-haven={address}"]
        )
    assert code == 1
    assert (
        err.getvalue()
        == f"bulletin import: youth-haven: {address}: {reason}; nothing was changed\n"
    )
    assert (
        out.getvalue() == f"youth-haven ({address}): not imported: {reason}; nothing was changed\n"
    )
    assert _tree(in_tmp) == before
    assert "Traceback" not in err.getvalue()
    health = json.loads((in_tmp / ".bulletin-import" / "health.json").read_text())
    record = health["feeds"]["youth-haven"]
    assert (record["failure"], record["events"], record["last_success"]) == (
        reason,
        5,
        "2026-11-22T18:00:00+00:00",
    )
    assert content.is_dir()


def test_an_empty_feed_imports_nothing_and_is_recorded(server, in_tmp):
    hub_with(in_tmp, "corner-bakery", f"{server}/empty.ics")
    code, out = import_cli()
    assert (code, out) == (
        0,
        [
            f"corner-bakery ({server}/empty.ics): 0 events in the feed; 0 new, 0 updated, 0 unchanged"
        ],
    )
    record = json.loads((in_tmp / ".bulletin-import" / "health.json").read_text())["feeds"]
    assert record["corner-bakery"]["events"] == 0


# -- identity and idempotence ---------------------------------------------------------------------


def test_outlook_uids_that_change_on_every_publication_keep_their_files(server, in_tmp):
    content = hub_with(in_tmp, "workforce-connect", f"{server}/outlook.ics")
    assert import_cli()[0] == 0
    before = imported(content, "workforce-connect")
    assert sorted(before) == [
        "free-tax-help-2027-02-02.md",
        "mock-interview-day-2027-03-10.md",
        "statewide-virtual-job-fair-2027-04-20.md",
    ]
    code, out = import_cli("--from", f"workforce-connect={server}/outlook-new-uids.ics")
    assert code == 0, out
    after = imported(content, "workforce-connect")
    assert sorted(after) == sorted(before)  # no duplicate, nothing marked as gone
    assert out[0].endswith("3 events in the feed; 0 new, 3 updated, 0 unchanged")
    for name in before:  # only the remembered UID (and the feed's address) changed
        changed = [
            (a, b)
            for a, b in zip(before[name].splitlines(), after[name].splitlines(), strict=True)
            if a != b
        ]
        assert all("feed:" in a or "uid:" in a for a, _ in changed), changed


def test_events_without_uid_are_known_by_start_and_title(in_tmp, tmp_path):
    content = hub_with(in_tmp, "riverside-high-school", "https://district96.example/cal.ics")
    feed = FEEDS / "floating.ics"
    assert import_cli("--from", f"riverside-high-school={feed}")[0] == 0
    before = imported(content, "riverside-high-school")
    # the same entry, its title retyped with other capitals and spacing: the same event
    edited = _sent(tmp_path, "floating.ics")
    edited.write_bytes(
        feed.read_bytes().replace(
            b"SUMMARY:Kindergarten Registration Night", b"SUMMARY:KINDERGARTEN  registration night!"
        )
    )
    assert import_cli("--from", f"riverside-high-school={edited}")[0] == 0
    after = imported(content, "riverside-high-school")
    assert sorted(after) == sorted(before)
    assert (
        'title: "KINDERGARTEN registration night!"'
        in after["kindergarten-registration-night-2027-03-10.md"]
    )


# -- staff's edits win, field by field --------------------------------------------------------------


def _sent(tmp_path: Path, name: str) -> Path:
    """Where a test keeps a changed copy of a fixture feed, under the fixture's own name (the
    imported files record the name of a file a partner sent)."""
    (tmp_path / "sent").mkdir(exist_ok=True)
    return tmp_path / "sent" / name


def _source(name: str) -> str:
    """A fixture feed's text with its CRLF line ends, as served."""
    return (FEEDS / name).read_bytes().decode("utf-8")


def test_staff_edits_win_and_the_rest_follows_the_feed(in_tmp, tmp_path):
    content = hub_with(in_tmp, "youth-haven", "https://calendar.example.org/basic.ics")
    assert import_cli("--from", f"youth-haven={FEEDS / 'google.ics'}")[0] == 0
    path = content / "events" / "imported" / "youth-haven" / "holiday-open-house-2026-12-12.md"
    text = path.read_text(encoding="utf-8")
    # staff retitle the event, write their own description and add a room and an access feature
    text = text.replace("\ntitle: Holiday Open House\n", "\ntitle: Holiday Open House at Central\n")
    text = text.replace("Cookies, cocoa and a craft table.", "Cookies and cocoa in the lobby.")
    text = text.replace(
        "\npartners: [youth-haven]\n",
        "\nroom: Lobby\npartners: [youth-haven]\naccess: [wheelchair]\n",
    )
    path.write_text(text, encoding="utf-8")
    # the partner changes the title, the description and the time
    changed = _sent(tmp_path, "google.ics")
    source = _source("google.ics")
    source = source.replace("SUMMARY:Holiday Open House", "SUMMARY:Holiday Open House & Sing-Along")
    source = source.replace(
        "DESCRIPTION:Cookies\\, cocoa and a craft table.", "DESCRIPTION:Now with carols."
    )
    source = source.replace(
        "DTSTART:20261212T180000Z\r\nDTEND:20261212T200000Z",
        "DTSTART:20261212T190000Z\r\nDTEND:20261212T210000Z",
    )
    changed.write_text(source, encoding="utf-8", newline="")
    code, out = import_cli("--from", f"youth-haven={changed}")
    assert code == 0, out
    result = path.read_text(encoding="utf-8")
    front, body = result.split("\n---\n", 1)
    assert "title: Holiday Open House at Central" in front  # staff's title kept
    assert body == "Cookies and cocoa in the lobby.\n"  # staff's description kept
    assert "room: Lobby" in front and "access: [wheelchair]" in front  # staff's additions kept
    assert "start: 2026-12-12 13:00\nend: 15:00\nrescheduled_from: 2026-12-12 12:00" in front
    assert (
        "  kept: content/events/imported/youth-haven/holiday-open-house-2026-12-12.md: kept "
        "staff's 'title'; the partner's calendar now says 'Holiday Open House & Sing-Along'"
    ) in out
    assert (
        "  kept: content/events/imported/youth-haven/holiday-open-house-2026-12-12.md: kept "
        "staff's description; the partner's calendar has a new one"
    ) in out
    assert run_cli(["check", "--content", "content"])[0] == 0
    # a second run with the same feed changes nothing more
    assert import_cli("--from", f"youth-haven={changed}")[0] == 0
    assert path.read_text(encoding="utf-8") == result


def test_a_cancelled_event_becomes_cancelled(in_tmp, tmp_path):
    content = hub_with(in_tmp, "youth-haven", "https://calendar.example.org/basic.ics")
    assert import_cli("--from", f"youth-haven={FEEDS / 'google.ics'}")[0] == 0
    cancelled = _sent(tmp_path, "google.ics")
    source = _source("google.ics")
    confirmed = "STATUS:CONFIRMED\r\nSUMMARY:Holiday Open House"
    assert confirmed in source
    cancelled.write_text(
        source.replace(confirmed, "STATUS:CANCELLED\r\nSUMMARY:Holiday Open House"),
        encoding="utf-8",
        newline="",
    )
    assert import_cli("--from", f"youth-haven={cancelled}")[0] == 0
    text = imported(content, "youth-haven")["holiday-open-house-2026-12-12.md"]
    assert "\nstatus: cancelled\n" in text
    event = load(content).index.events["holiday-open-house-2026-12-12"]
    assert event.status == "cancelled"


# -- removal: marked and reported, never deleted -------------------------------------------------


def test_an_event_that_leaves_the_feed_is_marked_not_deleted(in_tmp, tmp_path):
    content = hub_with(in_tmp, "youth-haven", "https://calendar.example.org/basic.ics")
    assert import_cli("--from", f"youth-haven={FEEDS / 'google.ics'}")[0] == 0
    source = _source("google.ics")
    start = source.index("BEGIN:VEVENT\r\nDTSTART:20261212T180000Z")
    end = source.index("END:VEVENT", start) + len("END:VEVENT\r\n")
    smaller = _sent(tmp_path, "google.ics")
    smaller.write_text(source[:start] + source[end:], encoding="utf-8", newline="")
    code, out = import_cli("--from", f"youth-haven={smaller}")
    assert code == 0
    path = "content/events/imported/youth-haven/holiday-open-house-2026-12-12.md"
    assert (
        f"  left: {path}: no longer in the partner's calendar; it stays published until staff "
        f"decide (ask the partner; then set 'status: cancelled' or delete the file)"
    ) in out
    text = (in_tmp / path).read_text(encoding="utf-8")
    assert "\n  gone: 2026-11-22\n" in text
    assert "holiday-open-house-2026-12-12" in load(content).index.events  # still published
    health = json.loads((in_tmp / ".bulletin-import" / "health.json").read_text())
    assert health["feeds"]["youth-haven"]["left_feed"] == [path]
    # the next day nothing changes again; the mark keeps its first date
    assert (
        run_cli(
            [
                "import",
                "--content",
                "content",
                "--now",
                "2026-11-23T12:00",
                "--from",
                f"youth-haven={smaller}",
            ]
        )[0]
        == 0
    )
    assert (in_tmp / path).read_text(encoding="utf-8") == text


def test_past_events_that_drop_out_of_a_feed_are_left_alone(in_tmp, tmp_path):
    content = hub_with(
        in_tmp, "riverside-history-museum", "https://riversidehistory.example/events.ics"
    )
    assert import_cli("--from", f"riverside-history-museum={FEEDS / 'wordpress.ics'}")[0] == 0
    before = imported(content, "riverside-history-museum")
    # a month later The Events Calendar lists only coming events: December's is gone, and over
    source = _source("wordpress.ics")
    start = source.index("BEGIN:VEVENT")
    end = source.index("END:VEVENT", start) + len("END:VEVENT\r\n")
    later = _sent(tmp_path, "wordpress.ics")
    later.write_text(source[:start] + source[end:], encoding="utf-8", newline="")
    code, out = run_cli(
        [
            "import",
            "--content",
            "content",
            "--now",
            "2027-01-02T12:00",
            "--from",
            f"riverside-history-museum={later}",
        ]
    )
    assert code == 0
    assert imported(content, "riverside-history-museum") == before
    assert not any("left:" in line for line in out)


# -- privacy ---------------------------------------------------------------------------------------


def test_private_entries_and_excluded_words_never_come_in(in_tmp):
    content = hub_with(
        in_tmp,
        "workforce-connect",
        "https://outlook.office365.com/owa/calendar/x/calendar.ics",
        "feed_defaults:\n  exclude: [mock interview]\n",
    )
    code, out = import_cli("--from", f"workforce-connect={FEEDS / 'outlook.ics'}")
    assert code == 0
    assert sorted(imported(content, "workforce-connect")) == [
        "free-tax-help-2027-02-02.md",
        "statewide-virtual-job-fair-2027-04-20.md",
    ]
    assert "  note: 1 private or confidential entry was left out" in out
    assert "  note: 1 entry was left out for the words in 'feed_defaults.exclude'" in out
    text = "".join(imported(content, "workforce-connect").values())
    assert "Team planning" not in text and "Staff only" not in text


def test_an_event_made_private_later_is_unpublished_not_deleted(in_tmp, tmp_path):
    content = hub_with(in_tmp, "youth-haven", "https://calendar.example.org/basic.ics")
    assert import_cli("--from", f"youth-haven={FEEDS / 'google.ics'}")[0] == 0
    source = _source("google.ics")
    private = _sent(tmp_path, "google.ics")
    private.write_text(
        source.replace("SUMMARY:Holiday Open House", "SUMMARY:Holiday Open House\r\nCLASS:PRIVATE"),
        encoding="utf-8",
        newline="",
    )
    code, out = import_cli("--from", f"youth-haven={private}")
    assert code == 0
    path = "content/events/imported/youth-haven/holiday-open-house-2026-12-12.md"
    assert (
        f"  private: {path}: the partner made this event private; it is no longer published "
        f"('draft: true'); delete the file unless it should come back"
    ) in out
    assert "\ndraft: true\n" in (in_tmp / path).read_text(encoding="utf-8")
    assert "holiday-open-house-2026-12-12" not in load(content).index.events


# -- hostile text -------------------------------------------------------------------------------------

HOSTILE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Mallory//EN\r
BEGIN:VEVENT\r
UID:evil-1\r
DTSTART:20261210T180000Z\r
DTEND:20261210T190000Z\r
SUMMARY:Party\\nlocation: elsewhere\\n---\\ndraft: true\r
DESCRIPTION:---\\ntitle: Owned\\n---\\n<script>alert(1)</script> [click](javascript:alert(2)) \r
 # Heading *bold* <img src=x onerror=alert(3)>\r
LOCATION:Hall\\n  extra: {x: 1}\r
URL:javascript:alert(4)\r
CATEGORIES:arts\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_nothing_in_a_feed_can_add_a_key_or_markup(in_tmp, tmp_path):
    content = hub_with(in_tmp, "youth-haven", "https://calendar.example.org/basic.ics")
    feed = tmp_path / "hostile.ics"
    feed.write_text(HOSTILE, encoding="utf-8", newline="")
    code, out = import_cli("--from", f"youth-haven={feed}")
    assert code == 0, out
    (name,) = imported(content, "youth-haven")
    index = load(content).index
    event = index.events[name.removesuffix(".md")]
    assert event.title == "Party location: elsewhere --- draft: true"
    assert not event.draft
    assert event.place.name == "Hall extra: {x: 1}"
    assert event.registration is None
    assert event.categories == ("arts",)
    assert event.extra == {}
    assert event.body == (
        "\\---\ntitle: Owned\n\\---\n&lt;script>alert(1)&lt;/script> "
        "\\[click\\](javascript:alert(2)) # Heading \\*bold\\* &lt;img src=x onerror=alert(3)>\n"
    )
    code, lines = build_site(in_tmp / "site", content=content)
    assert code == 0, lines
    page = (in_tmp / "site" / "events" / name.removesuffix(".md") / "index.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page and "<h2>Heading" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(2))" in page


# -- the command line ---------------------------------------------------------------------------------


def test_misuse_exits_2_with_a_reason(in_tmp):
    hub_with(in_tmp, "youth-haven", "https://calendar.example.org/basic.ics")
    import contextlib
    import io

    from generator.cli import main

    cases = [
        (
            ["--only", "nobody"],
            "bulletin import: there is no partner 'nobody' (content/partners/ has: youth-haven)\n",
        ),
        (["--from", "youth-haven"], None),
        (
            ["--from", "youth-haven=a.ics", "--from", "youth-haven=b.ics"],
            "bulletin import: --from names 'youth-haven' twice\n",
        ),
    ]
    for options, message in cases:
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            try:
                code = main(["import", "--content", "content", "--now", NOW, *options])
            except SystemExit as exit:
                code = exit.code
        assert code == 2, options
        if message:
            assert err.getvalue() == message


# -- feed health in the weekly report ----------------------------------------------------------------


def test_the_report_names_failed_empty_halved_and_gone(server, in_tmp, tmp_path):
    content = hub_with(in_tmp, "youth-haven", f"{server}/google.ics")
    assert import_cli()[0] == 0
    report = ["report", "--content", "content", "--now", NOW]
    assert not any("calendar" in line for line in run_cli(report)[1])  # healthy: nothing said
    # the calendar loses the open house (to come) and three other events: 1 of 5 left
    source = _source("google.ics")
    kept = source.split("BEGIN:VEVENT")[0] + "BEGIN:VEVENT" + source.split("BEGIN:VEVENT")[2]
    smaller = _sent(tmp_path, "google.ics")
    smaller.write_text(kept + "END:VCALENDAR\r\n", encoding="utf-8", newline="")
    assert import_cli("--from", f"youth-haven={smaller}")[0] == 0
    lines = run_cli(report)[1]
    partner_line = (
        "content/partners/youth-haven.md: Youth Haven: its calendar dropped from 5 to 1 events "
        "on the last import; last successful fetch: 2026-11-22; 5 events imported"
    )
    gone_line = (
        "content/events/imported/youth-haven/holiday-open-house-2026-12-12.md: Holiday Open "
        "House: left Youth Haven's calendar; it is still published: ask the partner, then set "
        "`status: cancelled` or delete the file"
    )
    assert partner_line in lines and gone_line in lines
    # then the address stops working
    code, _ = run_cli(
        [
            "import",
            "--content",
            "content",
            "--now",
            "2026-11-24T12:00",
            "--from",
            f"youth-haven={server}/moved.ics",
        ]
    )
    assert code == 1
    lines = run_cli(report)[1]
    assert (
        f"content/partners/youth-haven.md: Youth Haven: its calendar could not be read since "
        f"2026-11-24 ({server}/moved.ics: the server answered 404 Not Found); last successful "
        f"fetch: 2026-11-22; 5 events imported"
    ) in lines
    assert "Partner calendars to look at:" in lines
    assert content.is_dir()
