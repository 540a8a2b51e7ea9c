#!/usr/bin/env python3
"""Thin wrapper: `python scripts/import_case.py PACKAGE.json --framework ID` is `mathhub import-case PACKAGE.json --framework ID`."""

import sys

from mathhub.cli import import_case_main

if __name__ == "__main__":
    sys.exit(import_case_main())
