#!/usr/bin/env python3
"""Thin wrapper: `python scripts/usage_summary.py --help` is the same as `mathhub usage --help`."""

import sys

from mathhub.cli import usage_main

if __name__ == "__main__":
    sys.exit(usage_main())
