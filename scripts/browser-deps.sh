#!/usr/bin/env bash
# Installs the npm packages of the browser tests (tests/browser: playwright-core, pinned in its
# package-lock.json) when tests/browser/node_modules is missing or older than the lock file.
# Idempotent and quiet. Needs Node.js 20 or newer with npm (scripts/install-deps.sh). No browser
# is downloaded: the tests drive Debian's chromium, /usr/bin/chromium.
set -euo pipefail

dir="$(cd "$(dirname "$0")/../tests/browser" && pwd)"
installed="$dir/node_modules/.package-lock.json"  # written by npm at each install

if [ -f "$dir/node_modules/playwright-core/package.json" ] && [ "$installed" -nt "$dir/package-lock.json" ]; then
    exit 0
fi

for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "browser-deps: $tool not found; run scripts/install-deps.sh" >&2
        exit 1
    fi
done
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
    echo "browser-deps: Node.js $(node --version) is too old for playwright-core; 20 or newer is needed" >&2
    exit 1
fi

cd "$dir"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
