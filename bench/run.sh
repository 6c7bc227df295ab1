#!/usr/bin/env bash
# Runs the benchmarks the way bench/README.md reports them: one core (taskset when available),
# 7 repetitions, medians. Usage: bench/run.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
build="${1:-build/release}"
out="$build/bench-results.json"
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi
"${pin[@]}" "$build/bench/txng_epcis_bench" \
    --benchmark_repetitions=7 --benchmark_report_aggregates_only=true \
    --benchmark_out="$out" --benchmark_out_format=json | tee "$build/bench-results.txt"
python3 - "$out" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
med = {b["run_name"]: b for b in data["benchmarks"] if b.get("aggregate_name") == "median"}
base = med.get("BM_Baseline_BoostJsonParse")
print("\nmedian events/s (ratio to the Boost.JSON parse baseline, same run):")
for name, b in med.items():
    ips = b.get("items_per_second", 0)
    ratio = (base["real_time"] / b["real_time"]) if base else float("nan")
    print(f"  {name:32s} {ips:12,.0f} events/s   {b['real_time']:8.3f} ms/doc   x{ratio:.2f} of baseline speed")
PY
