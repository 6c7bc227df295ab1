#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of txng from Debian bookworm packages.
# Idempotent and quiet: packages already present are not touched, and apt runs only when needed.
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config git
    clang-format clang-tidy
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libpugixml-dev libcli11-dev libfmt-dev libssl-dev
    libsqlite3-dev libpq-dev libspdlog-dev libtomlplusplus-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    libxlsxwriter-dev libsodium-dev unzip
    libqrencode-dev libcairo2-dev zbar-tools libdmtx-dev dmtx-utils
    fonts-dejavu-core poppler-utils
)

exec "$(dirname "$0")/apt-ensure.sh" "${packages[@]}"
