#!/usr/bin/env bash
# Installs everything Samskap needs to build, run and test: Debian packages and npm packages.
# A fast no-op when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libgtest-dev libgmock-dev
  librestinio-dev libasio-dev libfmt-dev libhttp-parser-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql postgresql-contrib
  libkainjow-mustache-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  nlohmann-json3-dev libsodium-dev libicu-dev libhowardhinnant-date-dev tzdata
  libcli11-dev libtomlplusplus-dev libspdlog-dev libcurl4-openssl-dev libstemmer-dev zlib1g-dev libxlsxwriter-dev libgmp-dev
  libpango1.0-dev libcairo2-dev fonts-dejavu-core
  chromium
)

export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js comes with the machine image; Debian's nodejs conflicts with it, so only install when absent.
if ! command -v npm >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# npm packages (design system, fonts, browser-test drivers), pinned by package-lock.json.
if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
