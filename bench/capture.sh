#!/usr/bin/env bash
# Capture and query benchmark (bench/README.md, "Capture over HTTP"): the txng server against plain
# SQLite inserts of the same rows, measured in the same run, for simple ObjectEvents and for the
# generated Vietnamese supply chain. Usage: bench/capture.sh [BUILD_DIR] [EVENTS]
set -euo pipefail
build="${1:-build/release}"
events="${2:-1000000}"
for kind in simple chain; do
    echo "== $kind, $events events =="
    "$build/bench/txng_capture_bench" --events "$events" --kind "$kind" --clients 2 --queries 2000
done
