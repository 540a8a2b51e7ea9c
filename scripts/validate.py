#!/usr/bin/env python3
"""Thin wrapper: `python scripts/validate.py --help` is the same as `mathhub validate --help`."""

import sys

from mathhub.cli import validate_main

if __name__ == "__main__":
    sys.exit(validate_main())
