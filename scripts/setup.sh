#!/usr/bin/env bash
# Installs everything Pasokh needs on Debian 12 (run as root, or with sudo available). Idempotent: a second run is fast.
# Usage: scripts/setup.sh
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  qt6-multimedia-dev qt6-charts-dev libqt6sql6-sqlite libgl-dev qtkeychain-qt6-dev
  libsqlite3-dev sqlite3 libcsv-dev libyaml-cpp-dev libmd4c-dev libmd4c-html0
  libboost-dev libboost-system-dev libssl-dev libsodium-dev libpq-dev postgresql
  liblinphone-dev kamailio kamailio-tls-modules sip-tester sox openssl espeak-ng
  libyaml-cpp-dev libmd4c-dev libmd4c-html0
  fonts-noto-core xvfb xauth imagemagick
  fiu-utils faketime clang-format
  # tests/integration/keychain: a private session bus and the Secret Service behind QtKeychain
  dbus-daemon gnome-keyring libsecret-1-0
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Vazirmatn, the Persian UI font, from the npm registry package `vazirmatn` (Debian 12 does not package it).
FONT_DIR=/usr/local/share/fonts/vazirmatn
if [ ! -f "$FONT_DIR/Vazirmatn-Regular.ttf" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null || true
  fi
  if command -v npm >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    if (cd "$tmp" && npm pack --silent vazirmatn@33 >/dev/null 2>&1 && tar xzf vazirmatn-*.tgz); then
      $SUDO mkdir -p "$FONT_DIR"
      $SUDO cp "$tmp"/package/fonts/ttf/Vazirmatn-{Regular,Medium,Bold}.ttf "$FONT_DIR"/
      $SUDO cp "$tmp"/package/OFL.txt "$FONT_DIR"/ 2>/dev/null || true
      command -v fc-cache >/dev/null && $SUDO fc-cache -f "$FONT_DIR" >/dev/null 2>&1 || true
    else
      echo "setup: could not fetch the vazirmatn font package; the console falls back to Noto Sans Arabic" >&2
    fi
    rm -rf "$tmp"
  else
    echo "setup: npm is not available; the console falls back to Noto Sans Arabic" >&2
  fi
fi
