#!/usr/bin/env bash
# Install what the browser and HTML checks need, from Debian and npm only:
# Debian's Chromium (never `playwright install`), a Java runtime for the Nu HTML Checker,
# the checker itself (npm package vnu-jar) and axe-core (the accessibility engine the browser tests inject),
# both pinned in tests/tools/package-lock.json;
# and ShellCheck, which actionlint uses on the GitHub workflows' run: scripts.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)  # actionlint checks the workflows' scripts with it

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages for the browser tests: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "NOTE: missing ${missing[*]} and this user cannot install them; browser checks will be skipped (under CI=true they fail)." >&2
  fi
fi

if command -v npm >/dev/null 2>&1 && { [ ! -f tests/tools/node_modules/vnu-jar/build/dist/vnu.jar ] || ! grep -qs '"version": "'"$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' tests/tools/package.json)"'"' tests/tools/node_modules/axe-core/package.json; }; then
  echo "Installing the Nu HTML Checker and axe-core (npm vnu-jar, axe-core)..."
  (cd tests/tools && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
fi
