"""`bulletin import`: bring partners' own calendars (their `feed:`) into the hub as ordinary event
files under content/events/imported/<partner>/, for staff to review in a pull request.

fetch.py reads a feed (limited in time, size and redirects; https, or http on this computer only);
parse.py reads it with the icalendar package and repairs the usual defects (X-WR-TIMEZONE, Windows
zone names, floating times, missing UIDs, duplicates, private entries); shape.py says each feed event
in the hub's format (a series where the format can say exactly the same, else its dates one by one);
files.py writes and reads the files; run.py does it all in order (finds the file each event already
has, lets staff's edits win field by field, marks events that left the feed, checks every file) and
returns what happened as data, which report.py words and cli.py prints; health.py remembers how each
feed fared.

May import content/ (to check every file with the real checker before writing it), incremental/,
`generator.models` and `generator.problems`; never render/, serve/, staff/ or the commands.
"""
