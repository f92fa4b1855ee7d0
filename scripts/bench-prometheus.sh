#!/usr/bin/env bash
# Prometheus evaluating Vigil's generated rules against VigilCore evaluating the same SLOs
# from the same data, in one run on this machine:
#   1. prometheus-bench writes N SLOs with PromQL SLIs (default 1,000), the rules
#      `vigil rules prometheus` makes of them, and 30 days of their counters as OpenMetrics;
#   2. promtool turns the counters into TSDB blocks (`tsdb create-blocks-from openmetrics`);
#   3. a real Prometheus (Debian's) opens the blocks, compacts them, and evaluates the
#      rules; from its own metrics, the CPU seconds one round of every group costs
#      (process_cpu_seconds_total over a window ÷ rounds completed in it, from
#      prometheus_rule_group_iterations_total), median of several windows;
#   4. VigilCore evaluates the same SLOs (every window, budget, burn rates, tiers) from
#      the same per-minute counts, one thread.
# Prints both, and the ratio. Needs prometheus and promtool (apt-get install prometheus).
# Usage: [WINDOW=seconds] scripts/bench-prometheus.sh [SLOs] [days] [step seconds] [windows]
set -euo pipefail
cd "$(dirname "$0")/.."
SLOS="${1:-1000}"
DAYS="${2:-30}"
STEP="${3:-60}"
ROUNDS="${4:-3}"
WINDOW="${WINDOW:-120}"
INTERVAL=30
command -v prometheus >/dev/null || { echo "bench-prometheus: needs prometheus (apt-get install prometheus)" >&2; exit 1; }
command -v promtool >/dev/null || { echo "bench-prometheus: needs promtool (apt-get install prometheus)" >&2; exit 1; }
calc() { python3 -c "print($1)"; }
(cd Benchmarks && swift build -c release --product prometheus-bench >&2)
BENCH="$PWD/Benchmarks/.build/release/prometheus-bench"
WORK=$(mktemp -d)
PROM_PID=""
trap 'if [ -n "$PROM_PID" ]; then kill "$PROM_PID" 2>/dev/null || true; wait "$PROM_PID" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

"$BENCH" generate "$WORK" "$SLOS" "$DAYS" "$STEP"
echo "rule groups: $(grep -c '^- name:' "$WORK/rules.yaml"), rules: $(grep -c -E '^  - (record|alert):' "$WORK/rules.yaml"), OpenMetrics: $(du -sh "$WORK/openmetrics" | cut -f1)"
promtool check rules "$WORK/rules.yaml" | tail -1

started=$(date +%s.%N)
# One file per 2-hour block, two at a time (promtool 2.42 reads its whole input once per
# block it cuts).
ls "$WORK"/openmetrics/*.om | xargs -P 2 -I{} promtool tsdb create-blocks-from openmetrics -q {} "$WORK/tsdb" \
  >"$WORK/blocks.log" 2>&1 || { tail "$WORK/blocks.log" >&2; exit 1; }
echo "promtool: $(ls "$WORK/tsdb" | wc -l) blocks created in $(calc "round($(date +%s.%N) - $started, 1)") s ($(du -sh "$WORK/tsdb" | cut -f1) on disk)"
rm -r "$WORK/openmetrics"

PORT=$((20000 + RANDOM % 20000))
cat >"$WORK/prometheus.yml" <<YAML
global:
  evaluation_interval: ${INTERVAL}s
rule_files: [rules.yaml]
YAML
# Prometheus evaluates the rules against the blocks; no scraping, loopback only.
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --storage.tsdb.retention.time=$((DAYS + 30))d --web.listen-address="127.0.0.1:$PORT" \
  --log.level=warn >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
query() { curl -sf "http://127.0.0.1:$PORT/api/v1/query" --data-urlencode "query=$1" | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "none")'; }
# Prometheus's own metrics, read from its /metrics (it does not scrape itself here):
# metric("sum"|"min"|"max"|"count", name) over every series of that name.
metric() {
  curl -sf "http://127.0.0.1:$PORT/metrics" | python3 -c '
import sys
how, name = sys.argv[1], sys.argv[2]
values = [float(line.rsplit(" ", 1)[1]) for line in sys.stdin
          if line.startswith(name + "{") or line.startswith(name + " ")]
print("none" if not values else {"sum": sum, "min": min, "max": max, "count": len}[how](values))' "$1" "$2"
}
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null || { cat "$WORK/prometheus.log" >&2; exit 1; }

# Prometheus compacts the 2-hour blocks into larger ones after start; measuring during
# that would charge it for work a long-running server has done long ago. Wait until the
# block count holds for two compaction periods (a minute each).
blocks=$(metric sum prometheus_tsdb_blocks_loaded); steady=0
while [ "$steady" -lt 13 ]; do
  sleep 10
  now=$(metric sum prometheus_tsdb_blocks_loaded)
  if [ "$now" = "$blocks" ]; then steady=$((steady + 1)); else steady=0; blocks=$now; fi
done
echo "prometheus: compaction settled at $blocks blocks"

# Prometheus evaluates its groups concurrently (each on its own timer), so their wall
# durations overlap and cannot be summed. What one round costs is measured as CPU: the
# process's CPU seconds over a window (it does nothing else here: no scraping, compaction
# settled) divided by the rounds completed in it (rule group iterations ÷ groups).
groups=$(metric count prometheus_rule_group_iterations_total)
per_round=()
for window in $(seq 1 "$ROUNDS"); do
  cpu0=$(metric sum process_cpu_seconds_total); iterations0=$(metric sum prometheus_rule_group_iterations_total)
  sleep "$WINDOW"
  cpu1=$(metric sum process_cpu_seconds_total); iterations1=$(metric sum prometheus_rule_group_iterations_total)
  rounds=$(calc "($iterations1 - $iterations0) / $groups")
  [ "$(calc "int($rounds > 0)")" = 1 ] || { echo "bench-prometheus: no rule evaluation in ${WINDOW} s; give a longer window" >&2; exit 1; }
  cost=$(calc "($cpu1 - $cpu0) / $rounds")
  per_round+=("$cost")
  echo "prometheus window $window: $(calc "round($rounds, 2)") rounds of $groups groups in ${WINDOW} s, $(calc "round($cpu1 - $cpu0, 2)") CPU s: $(calc "round($cost, 3)") CPU s per round (slowest group's last run $(calc "round($(metric max prometheus_rule_group_last_duration_seconds), 3)") s wall)"
done
failures=$(metric sum prometheus_rule_evaluation_failures_total)
recorded=$(query 'count(slo:sli_error:ratio_rate30d)')
period=$(query 'avg(slo:period_error_budget_remaining:ratio)')
echo "prometheus: $recorded SLOs with a 30-day error ratio, average budget remaining $period, rule evaluation failures $failures"
[ "$(calc "int($failures)")" = "0" ] || { echo "bench-prometheus: Prometheus failed to evaluate rules" >&2; tail "$WORK/prometheus.log" >&2; exit 1; }
[ "$recorded" = "$SLOS" ] || { echo "bench-prometheus: expected $SLOS SLOs evaluated, got $recorded" >&2; exit 1; }
prometheus_seconds=$(printf '%s\n' "${per_round[@]}" | sort -g | sed -n "$(( (${#per_round[@]} + 1) / 2 ))p")

# SIGKILL: a graceful stop waits for every group's evaluation in flight (minutes when
# saturated), and the data is thrown away anyway.
kill -9 "$PROM_PID"; wait "$PROM_PID" 2>/dev/null || true; PROM_PID=""
vigil_output=$("$BENCH" vigil "$WORK" 20)
echo "$vigil_output" | grep -v '^VIGIL_SECONDS='
vigil_seconds=$(echo "$vigil_output" | sed -n 's/^VIGIL_SECONDS=//p')
echo
printf 'one evaluation of %s SLOs over %s days: Prometheus (generated rules) %.3f CPU s, VigilCore %.6f s (one thread), ratio %.0f×\n' \
  "$SLOS" "$DAYS" "$prometheus_seconds" "$vigil_seconds" "$(calc "$prometheus_seconds / $vigil_seconds")"
