#!/usr/bin/env bash
# The browser tests drive Debian's chromium at /usr/bin/chromium (playwright-core cannot download
# a browser here). Installed with apt-get when it is missing, so `npm test` on a fresh machine needs
# no step of its own; a machine where apt-get cannot run says what to install.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
echo "chromium is missing: installing Debian's chromium for the browser tests…" >&2
SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; }; then
  echo "Could not install chromium. Install it yourself: sudo apt-get install -y chromium" >&2
  exit 1
fi
