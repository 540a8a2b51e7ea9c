#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing and we are root.
# Never downloads a browser of its own (no `playwright install`).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "NOTE: /usr/bin/chromium is missing and this user cannot install it; browser tests will be skipped (they fail under CI=true)." >&2
