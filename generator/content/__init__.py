"""Read and check content/: find the files (sources.py, the only module here that reads them), split
front-matter from the body (frontmatter.py), validate each file into models (reader.py, values.py,
body.py, media_check.py, clock.py, settings.py, validate_*.py, with suggest.py's and date_words.py's
wording and today.py's checks that depend on the day), expand series (recurrence.py) and index the
whole hub with its cross-file checks (index.py); load.py runs these in order, and fingerprint.py
says what a calendar app must hear about when it changes.

Produces models and Problems; writes nothing and renders nothing. May import `generator.models`,
`generator.problems` and incremental/ (to remember each file's result), never staff/, importer/,
render/, serve/, build.py or the commands.
"""
