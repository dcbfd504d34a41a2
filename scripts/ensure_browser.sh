#!/usr/bin/env bash
# Make sure the browser tests have a Chromium (and Java, for the Nu HTML
# checker). Debian's packages when run as root on Debian/Ubuntu (not where
# Ubuntu would hand chromium to snap); otherwise Playwright's own Chromium.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

need_apt=()
have chromium || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
have java || need_apt+=(default-jre-headless)
[ ${#need_apt[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && have apt-get && grep -qiE '^ID=(debian|ubuntu)' /etc/os-release \
   && ! { [ -e /usr/bin/snap ] && [[ " ${need_apt[*]} " == *" chromium "* ]]; }; then
  echo "ensure_browser: installing ${need_apt[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
elif [[ " ${need_apt[*]} " == *" chromium "* ]]; then
  echo "ensure_browser: no Debian chromium; installing Playwright's Chromium" >&2
  .venv/bin/python -m playwright install chromium
fi
