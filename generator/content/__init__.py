"""Read and check content/: find the files (sources.py, the only module here that reads them), split
front-matter from the body (frontmatter.py), validate each file into models (reader.py, values.py,
clock.py, settings.py, validate_*.py), expand series (recurrence.py) and index the whole hub with its
cross-file checks (index.py); load.py runs these in order.

Produces models and Problems; writes nothing and renders nothing. May import `generator.models`,
`generator.problems` and incremental/ (to remember each file's result), never staff/, render/,
serve/ or the commands.
"""
