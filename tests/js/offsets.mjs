// Read the VTIMEZONEs of an iCalendar file with Mozilla's ical.js and give the UTC offset it finds
// for local wall-clock times, which is how it places every DTSTART;TZID=... of a feed.
// Usage: node tests/js/offsets.mjs FILE < times.json
//   times.json: {"TZID": ["2027-03-14T03:00", ...]}; prints {"TZID": [offset seconds, ...]}.
// ical.js ships no zone database, so the answer comes from the file's VTIMEZONE alone.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node tests/js/offsets.mjs FILE < times.json");
  process.exit(2);
}
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
const zones = new Map(calendar.getAllSubcomponents("vtimezone").map((component) => {
  const zone = new ICAL.Timezone(component);
  return [zone.tzid, zone];
}));
const wanted = JSON.parse(readFileSync(0, "utf8"));
const result = {};
for (const [tzid, times] of Object.entries(wanted)) {
  const zone = zones.get(tzid);
  if (!zone) throw new Error(`no VTIMEZONE for ${tzid}`);
  result[tzid] = times.map((text) => zone.utcOffset(ICAL.Time.fromDateTimeString(text + ":00")));
}
process.stdout.write(JSON.stringify(result));
