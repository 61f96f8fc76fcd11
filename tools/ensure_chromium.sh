#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with the playwright Python package (no
# `playwright install`: it would download a browser). Install Chromium when it is missing
# and we are root; otherwise say exactly what to install.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  /usr/bin/chromium --version
else
  echo "The browser tests need Debian's Chromium at /usr/bin/chromium." >&2
  echo "Install it with:  sudo apt-get install -y chromium" >&2
  exit 1
fi
