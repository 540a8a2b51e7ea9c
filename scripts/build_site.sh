#!/usr/bin/env bash
# Validate, then build beside the old site and swap only on success:
# a failed build never destroys or half-overwrites site/.
set -euo pipefail
BIN=${BIN:-.venv/bin}
export NO_MKDOCS_2_WARNING=true
trap 'rm -rf .site-build' ERR
"$BIN/mathhub" validate --errors-only
rm -rf .site-build
"$BIN/mkdocs" build --strict --site-dir .site-build
rm -rf .site-old
if [ -d site ]; then mv site .site-old; fi
mv .site-build site
rm -rf .site-old
echo "Site built in site/ (open site/index.html)"
