#!/usr/bin/env python3
"""Thin wrapper: `python scripts/new_cartridge.py --help` is the same as `mathhub new-cartridge --help`."""

import sys

from mathhub.cli import new_cartridge_main

if __name__ == "__main__":
    sys.exit(new_cartridge_main())
