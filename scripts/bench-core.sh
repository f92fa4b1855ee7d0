#!/usr/bin/env bash
# Benchmarks one evaluation cycle of VigilCore: 10,000 SLOs over 30-day per-minute series
# (budget, four burn-rate tiers, current burn, time to exhaustion). Prints time per cycle
# (goal ≤ 100 ms on one core), peak memory, and a naive-summation baseline for the ratio.
# Usage: scripts/bench-core.sh [SLO count] [cycles]
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
swift build -c release --product core-bench >&2
# taskset pins the run to one core, as the goal is stated per core.
if command -v taskset >/dev/null; then
  exec taskset -c 0 .build/release/core-bench "${1:-10000}" "${2:-30}"
fi
exec .build/release/core-bench "${1:-10000}" "${2:-30}"
