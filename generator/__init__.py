"""Bulletin: a static-site generator for a public library's community events hub.

Its packages are its phases: content/ reads and checks, render/ turns the hub into files, output.py
writes them, incremental/ reuses finished work, and build.py runs them in order; staff/, importer/
and serve/ are the tools beside the build, and cli.py the only module that prints. README.md's "How
it works" maps every module and what each part may import (tests/test_layout.py enforces it). This
module holds the version, written once; it imports nothing.
"""

__version__ = "0.1.0"
