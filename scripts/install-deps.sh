#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of txng from Debian bookworm packages (the
# browser tests' npm packages: scripts/browser-deps.sh).
# Idempotent and quiet: packages already present are not touched, and apt runs only when needed.
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config git
    clang-format clang-tidy
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libpugixml-dev libcli11-dev libfmt-dev libssl-dev
    libsqlite3-dev libpq-dev libspdlog-dev libtomlplusplus-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    libxlsxwriter-dev libsodium-dev libjemalloc-dev unzip
    libqrencode-dev libcairo2-dev zbar-tools libdmtx-dev dmtx-utils
    fonts-dejavu-core poppler-utils
    chromium
)

# Node.js and npm for the browser tests (scripts/browser-deps.sh installs playwright-core, which
# drives the chromium above). Debian's packages only where there is no node yet: a machine that
# has Node.js from elsewhere (whose nodejs package conflicts with Debian's npm) keeps it.
if ! command -v node >/dev/null 2>&1; then
    packages+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
    packages+=(npm)
fi

exec "$(dirname "$0")/apt-ensure.sh" "${packages[@]}"
