#!/usr/bin/env bash
# System packages the tests need, from Debian (no binary downloads at install time):
#   jing: validates against the full TEI P5 schema (tei_all.rng), which libxml2 cannot compile;
#   chromium: the real browser for the reading edition's tests (driven by playwright-core).
# Installs what is missing when running as root with apt; otherwise says what to install.
set -euo pipefail
missing=()
command -v jing >/dev/null 2>&1 || missing+=(jing)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "editio: installing ${missing[*]} from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "editio: the tests need ${missing[*]}: install with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
