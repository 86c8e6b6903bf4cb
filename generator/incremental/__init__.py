"""Reuse finished work: the one cache mechanism, cached(kind, inputs, make, store), and its rule
(cache.py), the note that lets a build with nothing to do stop early (memo.py), and what git history
says about each file (history.py).

Knows nothing about what content means. May import only `generator.problems`, `generator.models`
and the version (never content/, render/ or anything above them): every other package may use it.
"""
