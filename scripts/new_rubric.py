#!/usr/bin/env python3
"""Thin wrapper: `python scripts/new_rubric.py --help` is the same as `mathhub new-rubric --help`."""

import sys

from mathhub.cli import new_rubric_main

if __name__ == "__main__":
    sys.exit(new_rubric_main())
