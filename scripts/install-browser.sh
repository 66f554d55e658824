#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
# Idempotent; needs root to install, as on CI. Prints the browser's path.
set -euo pipefail
for b in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$b" ]; then echo "$b"; exit 0; fi
done
if [ "$(id -u)" != 0 ]; then echo "install-browser: chromium missing and not root" >&2; exit 1; fi
log=$(mktemp); trap 'rm -f "$log"' EXIT
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1 \
  || { cat "$log" >&2; echo "install-browser: could not install chromium" >&2; exit 1; }
echo /usr/bin/chromium
