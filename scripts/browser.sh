#!/usr/bin/env bash
# Debian's Chromium for the web journeys (Playwright drives it; `npx playwright install` needs
# the internet). Installs it when missing; in CI a Chromium that still is not there is a failure.
set -euo pipefail

CHROMIUM=${HERON_CHROMIUM:-/usr/bin/chromium}
if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi
if command -v apt-get >/dev/null; then
  SUDO=$([[ $(id -u) -eq 0 ]] && echo "" || echo "sudo")
  $SUDO apt-get install -y chromium || { $SUDO apt-get update && $SUDO apt-get install -y chromium; }
fi
if [[ ! -x "$CHROMIUM" ]]; then
  echo "browser.sh: no Chromium at $CHROMIUM; install it (apt-get install chromium) or set HERON_CHROMIUM." >&2
  exit 1
fi
