"""Reuse finished work: the cache of work keyed by its inputs (cache.py), the note that lets a build
with nothing to do stop early (memo.py), and what git history says about each file (history.py).

Knows nothing about what content means. May import only `generator.problems` and `generator.models`
(never content/, render/ or anything above them): every other package may use it.
"""
