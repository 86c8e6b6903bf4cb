"""Expand iCalendar files with calendar readers that Debian packages, independently of the
generator and of the Python packages in the project's virtual environment. Run with Debian's
/usr/bin/python3 (`apt-get install python3-gi gir1.2-ical-3.0 python3-recurring-ical-events`;
.ci/run installs them):

- libical, the C library under Evolution, GNOME Calendar and many others, through its GObject
  bindings (gir1.2-ical-3.0);
- recurring-ical-events, on Debian's own python3-icalendar (not the version that writes the feeds).

Usage: /usr/bin/python3 tests/tools/debian_expand.py READER START END FILE...   READER: libical or
recurring-ical-events; START, END: UTC, e.g. 2026-11-22T00:00:00Z. Prints {"FILE": [{uid, start,
end, status, summary}, ...]} as JSON, the occurrences starting in [START, END): timed ones in UTC
to the minute ("2026-12-02T21:30Z"), all-day ones as dates with the end exclusive, as
tests/js/expand.mjs does. `--version READER` prints the reader's version.

libical expands a series' RRULE, RDATE and EXDATE itself (icalcomponent_foreach_recurrence) but
leaves overrides to the application; as Evolution does (e_cal_client_generate_instances), an
instance is dropped when an override of the same UID has a RECURRENCE-ID at the same instant, and
each override is listed with its own times. TZIDs are resolved against the file's VTIMEZONEs.
"""

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

PACKAGES = {"libical": "gir1.2-ical-3.0", "recurring-ical-events": "python3-recurring-ical-events"}


def children(component, kind):
    child = component.get_first_component(kind)
    while child is not None:
        yield child
        child = component.get_next_component(kind)


def instant(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%MZ")


def day(time) -> str:
    return f"{time.get_year():04d}-{time.get_month():02d}-{time.get_day():02d}"


def libical(text: str, start: datetime, end: datetime) -> list[dict]:
    import gi

    gi.require_version("ICalGLib", "3.0")
    from gi.repository import ICalGLib

    utc = ICalGLib.Timezone.get_utc_timezone()
    K, P = ICalGLib.ComponentKind, ICalGLib.PropertyKind  # noqa: N806
    root = ICalGLib.Component.new_from_string(text)
    if root is None or root.isa() != K.VCALENDAR_COMPONENT:
        raise SystemExit("libical could not read the file as one VCALENDAR")
    zones = {}
    for vtimezone in children(root, K.VTIMEZONE_COMPONENT):
        zone = ICalGLib.Timezone.new()
        zone.set_component(vtimezone.clone())
        zones[zone.get_tzid()] = zone

    def seconds(component, kind):
        """DTSTART, DTEND or RECURRENCE-ID as (time_t, the ICalGLib.Time), its TZID resolved."""
        prop = component.get_first_property(kind)
        if prop is None:
            return None
        value = prop.get_datetime_with_component(component)
        if value.is_date() or value.is_utc():
            return value.as_timet_with_zone(utc), value
        parameter = prop.get_first_parameter(ICalGLib.ParameterKind.TZID_PARAMETER)
        zone = zones.get(parameter.get_tzid()) if parameter is not None else None
        return value.as_timet_with_zone(zone or utc), value

    events = list(children(root, K.VEVENT_COMPONENT))
    overrides = {}  # UID -> RECURRENCE-ID instants
    found = []
    for event in events:
        if event.get_first_property(P.RECURRENCEID_PROPERTY) is not None:
            overrides.setdefault(event.get_uid(), set()).add(
                seconds(event, P.RECURRENCEID_PROPERTY)[0]
            )
    low = ICalGLib.Time.new_from_timet_with_zone(
        int((start - timedelta(days=3)).timestamp()), 0, utc
    )
    high = ICalGLib.Time.new_from_timet_with_zone(
        int((end + timedelta(days=3)).timestamp()), 0, utc
    )
    for event in events:
        uid = event.get_uid()
        status = event.get_first_property(P.STATUS_PROPERTY)
        common = {
            "uid": uid,
            "status": status.get_value_as_string() if status is not None else None,
            "summary": event.get_summary(),
        }
        begin, first = seconds(event, P.DTSTART_PROPERTY)
        all_day = first.is_date()
        ending = seconds(event, P.DTEND_PROPERTY)
        recurring = event.get_first_property(P.RRULE_PROPERTY) is not None or (
            event.get_first_property(P.RDATE_PROPERTY) is not None
        )
        if event.get_first_property(P.RECURRENCEID_PROPERTY) is not None or not recurring:
            finish = ending[0] if ending else begin
            spans = [(begin, finish)]
        else:
            spans = []
            skipped = overrides.get(uid, set())

            def each(component, span, _data, spans=spans, skipped=skipped):
                if span.get_start() not in skipped:
                    spans.append((span.get_start(), span.get_end()))

            event.foreach_recurrence(low, high, each, None)
        for opening, closing in spans:
            if not start.timestamp() <= opening < end.timestamp():
                continue
            if all_day:
                as_day = lambda s: datetime.fromtimestamp(s, UTC).date().isoformat()  # noqa: E731
                found.append({**common, "start": as_day(opening), "end": as_day(closing)})
            else:
                found.append({**common, "start": instant(opening), "end": instant(closing)})
    return found


def recurring(text: str, start: datetime, end: datetime) -> list[dict]:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(text)
    found = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        opening = event["DTSTART"].dt
        closing = event["DTEND"].dt if "DTEND" in event else opening + event["DURATION"].dt
        if isinstance(opening, datetime):
            as_text = lambda m: m.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")  # noqa: E731
        else:
            as_text = date.isoformat
        status = event.get("STATUS")
        found.append(
            {
                "uid": str(event["UID"]),
                "status": str(status) if status is not None else None,
                "summary": str(event.get("SUMMARY")),
                "start": as_text(opening),
                "end": as_text(closing),
            }
        )
    return found


READERS = {"libical": libical, "recurring-ical-events": recurring}


def version(reader: str) -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", PACKAGES[reader]], capture_output=True, text=True
    )
    return f"{reader} {result.stdout.strip() or 'unknown'} (Debian's {PACKAGES[reader]})"


def main() -> None:
    if sys.argv[1] == "--version":
        print(version(sys.argv[2]))
        return
    reader, begin, finish, *files = sys.argv[1:]
    parse = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))  # noqa: E731
    result = {}
    for name in files:
        with open(name, encoding="utf-8") as handle:
            result[name] = READERS[reader](handle.read(), parse(begin), parse(finish))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
