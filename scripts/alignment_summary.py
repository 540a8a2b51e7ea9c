#!/usr/bin/env python3
"""Thin wrapper: `python scripts/alignment_summary.py --help` is the same as `mathhub coverage --help`."""

import sys

from mathhub.cli import coverage_main

if __name__ == "__main__":
    sys.exit(coverage_main())
