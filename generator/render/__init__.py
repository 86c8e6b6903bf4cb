"""Turn a loaded hub into the published files: HTML pages (pages.py with views.py, dates.py,
text.py, listing.py, jsonld.py, edit_links.py, impact.py's charts and tables, and the templates),
the outreach pages (outreach.py: print listings, widgets, lobby screens, text-only pages and
newsletters, with qr.py's codes), calendar feeds (feeds.py, calendar_plan.py, vtimezone.py,
icalfold.py), data files (data_files.py), the addresses of all of these (urls.py), and the process
pool that renders events in parallel (parallel.py). Everything here returns (out_path, bytes);
nothing here writes a file.

May import content/, incremental/, staff/ (the "Propose an event" link uses `bulletin new`'s text;
the impact page and partner pages count with `bulletin impact`'s rules), `generator.models` and
`generator.problems`; never importer/, serve/, build.py or the commands.
"""
