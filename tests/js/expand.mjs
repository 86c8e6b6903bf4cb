// Expand iCalendar feeds with Mozilla's ical.js, independently of the generator and of Python.
// Usage: node tests/js/expand.mjs STOP FILE...   (STOP: an ISO 8601 instant, e.g. 2027-11-24T00:00:00Z)
// Prints {"FILE": [{uid, start, end, allDay, status, summary}, ...], ...} as JSON: timed starts
// and ends in UTC to the minute ("2026-12-02T21:30Z"), all-day ones as dates with DTEND exclusive.
// Only the feed's own VTIMEZONEs are used: ical.js ships no zone database, so a wrong VTIMEZONE
// shows up here as a wrong UTC time.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const LIMIT = 10000;   // occurrences per series: a runaway rule fails loudly instead of hanging

function instant(time) {
  if (time.isDate) return time.toString();   // YYYY-MM-DD
  return time.toJSDate().toISOString().slice(0, 16) + "Z";
}

function expandFeed(text, stopSeconds) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const found = [];
  for (const component of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(component);
    if (event.isRecurrenceException()) continue;   // reached through its series below
    const occurrences = [];
    if (event.isRecurring()) {
      const iterator = event.iterator();
      let next;
      while ((next = iterator.next()) && next.toUnixTime() < stopSeconds) {
        if (occurrences.length >= LIMIT) throw new Error(`${event.uid}: over ${LIMIT} occurrences`);
        const details = event.getOccurrenceDetails(next);
        occurrences.push([details.item, details.startDate, details.endDate]);
      }
    } else {
      occurrences.push([event, event.startDate, event.endDate]);
    }
    for (const [item, start, end] of occurrences) {
      found.push({
        uid: event.uid,
        start: instant(start),
        end: instant(end),
        allDay: start.isDate,
        status: item.component.getFirstPropertyValue("status"),
        summary: item.summary,
      });
    }
  }
  return found;
}

const [stop, ...files] = process.argv.slice(2);
const stopSeconds = Date.parse(stop) / 1000;
if (!files.length || Number.isNaN(stopSeconds)) {
  console.error("usage: node tests/js/expand.mjs STOP FILE...");
  process.exit(2);
}
const result = {};
for (const file of files) result[file] = expandFeed(readFileSync(file, "utf8"), stopSeconds);
process.stdout.write(JSON.stringify(result));
