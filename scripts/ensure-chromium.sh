#!/usr/bin/env bash
# The report's browser test needs Debian's chromium. Install it when we can (root or sudo);
# otherwise say so: the test then skips locally, and fails under CI (CI=true).
set -u
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else SUDO=none; fi
if [ "$SUDO" != none ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the report's browser test (apt-get)..." >&2
  $SUDO apt-get update -qq >/dev/null && \
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null && exit 0
fi
echo "note: chromium is not installed and could not be installed here; the browser test will skip" \
     "(install Debian's 'chromium' package to run it)." >&2
exit 0
