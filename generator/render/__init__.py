"""Turn a loaded hub into the published files: HTML pages (pages.py with views.py, dates.py,
text.py, jsonld.py, impact.py's charts and tables, and the templates), calendar feeds (feeds.py,
vtimezone.py, icalfold.py), data files (data_files.py), staff's edit links, and the process pool that renders events in parallel
(parallel.py). Everything here returns (out_path, bytes); nothing here writes a file.

May import content/, incremental/, staff/ (the "Propose an event" link uses `bulletin new`'s text;
the impact page and partner pages count with `bulletin impact`'s rules),
`generator.models` and `generator.problems`; never serve/ or the commands.
"""
