"""Entry point for `python -m generator`; the command line lives in cli.py."""

import sys

from generator.cli import main

sys.exit(main())
