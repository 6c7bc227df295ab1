#!/usr/bin/env bash
# Trace and recall benchmark (bench/README.md, "Trace and recall"): the in-memory trace index against
# PostgreSQL 15 recursive CTEs over the same events, for the same roots, in the same run. Installs
# the Debian `postgresql` package first when it is missing (as root, or with sudo); the benchmark
# starts and removes its own throwaway cluster. Usage: bench/trace.sh [BUILD_DIR] [EVENTS]
set -euo pipefail
build="${1:-build/release}"
events="${2:-1000000}"

"$(dirname "$0")/../scripts/apt-ensure.sh" postgresql

echo "== trace and recall, $events events, txng vs PostgreSQL =="
"$build/bench/txng_trace_bench" --events "$events" --seed 7 --queries 500 --pg 1
