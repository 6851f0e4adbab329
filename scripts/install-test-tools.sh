#!/usr/bin/env bash
# Tools some tests use besides the .NET SDK. Each is installed only when missing; a test whose
# tool is absent (say, no root to install it) skips and says so. CI runs as root, so there
# nothing skips.
set -euo pipefail

need=()
command -v tshark >/dev/null 2>&1 || need+=(tshark)      # NVMe/TCP wire format checked by Wireshark's dissector
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)  # htpasswd files as Apache writes them
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)  # the PostgreSQL workflow store
# The dashboard's browser tests (tests/Dms.Dashboard.Tests) drive Debian's chromium through Playwright,
# never a browser Playwright downloads; fonts so its screenshots show text.
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: not root or no apt-get; tests needing ${need[*]} will skip" >&2
  exit 0
fi
echo "install-test-tools: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || echo "install-test-tools: could not install ${need[*]}; those tests will skip" >&2
