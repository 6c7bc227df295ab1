#!/usr/bin/env bash
# Runs the benchmarks the way bench/README.md reports them: one core (taskset when available),
# 7 repetitions, medians, ratio to the Boost.JSON baseline of the same run. A second pass repeats
# them with glibc's malloc told to keep freed memory (GLIBC_TUNABLES), which README discusses.
# Usage: bench/run.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
build="${1:-build/release}"
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi
tuned="glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432"

for config in default tuned; do
    out="$build/bench-results-$config.json"
    if [ "$config" = tuned ]; then export GLIBC_TUNABLES="$tuned"; else unset GLIBC_TUNABLES; fi
    "${pin[@]}" "$build/bench/txng_epcis_bench" \
        --benchmark_repetitions=7 --benchmark_report_aggregates_only=true \
        --benchmark_out="$out" --benchmark_out_format=json >/dev/null
    python3 - "$out" "$config" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
med = {b["run_name"]: b for b in data["benchmarks"] if b.get("aggregate_name") == "median"}
base = med.get("BM_Baseline_BoostJsonParse")
print(f"\n[{sys.argv[2]} malloc] median of 7, 1,000-event document, one core:")
for name, b in med.items():
    ips = b.get("items_per_second", 0)
    ratio = (base["real_time"] / b["real_time"]) if base else float("nan")
    print(f"  {name:30s} {ips:10,.0f} events/s  {b['real_time']:7.3f} ms/doc  speed x{ratio:.2f} of baseline")
PY
done
