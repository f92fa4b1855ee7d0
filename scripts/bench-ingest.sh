#!/usr/bin/env bash
# Benchmarks `vigil serve` (release build) on loopback and prints:
#   - start-up: rebuilding the hot state from 30 days × 1,000 SLIs of minute buckets;
#   - idle RSS on the quickstart;
#   - wrk on /-/healthy: the HTTP ceiling of this machine, for the ratio;
#   - durable ingestion: batches of 1,000 events from concurrent connections (events/s,
#     p50/p99 acknowledgement latency), and p99 at a paced ~100,000 events/s;
#   - GET /api/v1/slos latency with 1,000 SLOs loaded;
#   - the CPU cost of one batch stage by stage, against Foundation's JSONSerialization.
# Needs wrk (apt-get install wrk) and sqlite3. Usage: [STATIC=1] scripts/bench-ingest.sh [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
command -v wrk >/dev/null || { echo "bench-ingest: needs wrk (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench-ingest: needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
# STATIC=1 measures the statically linked binary (Swift runtime and Foundation inside it:
# the one file to deploy), built into .build-static.
if [ "${STATIC:-0}" = 1 ]; then
  swift build -c release --static-swift-stdlib --product vigil --scratch-path .build-static >&2
  BIN="$PWD/.build-static/release/vigil"
else
  swift build -c release --product vigil >&2
  BIN="$PWD/.build/release/vigil"
fi
(cd Benchmarks && swift build -c release --product ingest-bench >&2)
WORK=$(mktemp -d)
SERVER_PID=""
trap 'if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
PORT=$((20000 + RANDOM % 20000))
URL="http://127.0.0.1:$PORT"
export BENCH_TOKEN="bench-token-$RANDOM"
HASH=$(printf %s "$BENCH_TOKEN" | sha256sum | cut -c1-64)
SLIS="${SLIS:-1000}"

mkdir -p "$WORK/config"
{
  echo "services: [{name: bench}]"
  echo "slis:"
  for i in $(seq 0 $((SLIS - 1))); do printf '  - {name: sli-%04d}\n' "$i"; done
  echo "slos:"
  for i in $(seq 0 $((SLIS - 1))); do printf '  - {name: slo-%04d, service: bench, sli: sli-%04d, objective: 0.999, window: 30d}\n' "$i" "$i"; done
  echo "server:"
  echo "  listen: 127.0.0.1:$PORT"
  echo "  limits: {max_body_bytes: 16777216, max_batch_events: 100000}"
  echo "  tokens: [{name: bench, sha256: $HASH, scopes: [admin]}]"
} > "$WORK/config/vigil.yaml"

start_server() { # config-dir data-dir
  "$BIN" serve --config "$1" --data "$2" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 3000); do
    if curl -fs "$URL/-/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  echo "server did not become ready:" >&2; cat "$WORK/serve.log" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""; }
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$SERVER_PID/status"; }
wrk_field() { # output, field: rps | p50 | p99 (p50/p99 in ms)
  case "$2" in
    rps) awk '/Requests\/sec/ {print $2}' <<<"$1" ;;
    p50|p99) awk -v want="$([ "$2" = p50 ] && echo 50% || echo 99%)" '$1 == want {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$1" ;;
  esac
}

echo "== CPU per batch, one core (decode, check, judge and sum; JSONSerialization as the peer)"
taskset -c 0 Benchmarks/.build/release/ingest-bench 1000 300 2>/dev/null || Benchmarks/.build/release/ingest-bench 1000 300

echo "== start-up: 30 days x $SLIS SLIs of minute buckets"
start_server "$WORK/config" "$WORK/data"; stop_server
NOW_MINUTE=$(( $(date +%s) / 60 ))
sqlite3 "$WORK/data/vigil.sqlite" <<SQL
PRAGMA journal_mode = DELETE;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
WITH RECURSIVE s(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM s WHERE x < $((SLIS - 1))),
               m(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM m WHERE x < 43199)
INSERT INTO minute_buckets (sli, minute, good, valid)
SELECT printf('sli-%04d', s.x), $NOW_MINUTE - 43200 + m.x, 999 + (m.x % 2), 1000 FROM s, m;
PRAGMA journal_mode = WAL;
SQL
ROWS=$(sqlite3 "$WORK/data/vigil.sqlite" "SELECT COUNT(*) FROM minute_buckets")
start_server "$WORK/config" "$WORK/data"
# /-/ready turns 200 a moment before the start-up line is logged
for _ in $(seq 1 100); do grep -q 'startup_seconds=' "$WORK/serve.log" && break; sleep 0.1; done
STARTUP=$(grep -o 'startup_seconds=[0-9.]*' "$WORK/serve.log" | cut -d= -f2 || echo "?")
echo "startup:    ${STARTUP} s to rebuild $ROWS minute buckets; RSS after start $(rss_mib) MiB"

echo "== GET /api/v1/slos with $SLIS SLOs (1 connection)"
curl -fs "$URL/api/v1/slos" >/dev/null
OUT=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency "$URL/api/v1/slos")
echo "slos page:  limit 100: $(wrk_field "$OUT" rps) req/s, p50 $(wrk_field "$OUT" p50) ms, p99 $(wrk_field "$OUT" p99) ms"
OUT=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency "$URL/api/v1/slos?limit=1000")
echo "slos all:   limit 1000: $(wrk_field "$OUT" rps) req/s, p50 $(wrk_field "$OUT" p50) ms, p99 $(wrk_field "$OUT" p99) ms"
stop_server

echo "== HTTP ceiling and durable ingestion (fresh data directory)"
start_server "$WORK/config" "$WORK/data-ingest"
OUT=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency "$URL/-/healthy")
HEALTHY=$(wrk_field "$OUT" rps)
echo "healthy:    $HEALTHY req/s (wrk -t2 -c64), p99 $(wrk_field "$OUT" p99) ms"
# one batch: 1,000 events over 20 SLIs and the last 5 minutes
export BATCH_FILE="$WORK/batch.ndjson"
: >"$BATCH_FILE"
for i in $(seq 0 999); do
  printf '{"time":"%s","sli":"sli-%04d","good":%d,"total":1}\n' "$(date -u -d "@$(( (NOW_MINUTE - 1 - i % 5) * 60 ))" +%Y-%m-%dT%H:%M:%SZ)" $((i % 20)) $(( i % 50 == 0 ? 0 : 1 )) >>"$BATCH_FILE"
done
for CONNECTIONS in 4 16; do
  OUT=$(wrk -t2 -c$CONNECTIONS -d"${SECONDS_PER_RUN}s" --latency -s scripts/bench/post-events.lua "$URL/api/v1/events")
  RPS=$(wrk_field "$OUT" rps)
  EVENTS=$(awk -v r="$RPS" 'BEGIN {printf "%.0f", r * 1000}')
  RATIO=$(awk -v r="$RPS" -v h="$HEALTHY" 'BEGIN {printf "%.1f", h / r}')
  echo "ingest:     c=$CONNECTIONS: $EVENTS events/s ($RPS batches/s of 1,000), ack p50 $(wrk_field "$OUT" p50) ms, p99 $(wrk_field "$OUT" p99) ms; /-/healthy serves ${RATIO}x the requests"
done
export DELAY_MS=25
OUT=$(wrk -t1 -c3 -d"${SECONDS_PER_RUN}s" --latency -s scripts/bench/post-events.lua "$URL/api/v1/events")
RPS=$(wrk_field "$OUT" rps)
echo "paced:      $(awk -v r="$RPS" 'BEGIN {printf "%.0f", r * 1000}') events/s (3 connections, 25 ms apart): ack p50 $(wrk_field "$OUT" p50) ms, p99 $(wrk_field "$OUT" p99) ms"
unset DELAY_MS
echo "commits:    $(curl -fs "$URL/metrics" | awk '/^vigil_commits_total/ {c=$2} /^vigil_commit_batches_sum/ {b=$2} END {printf "%.0f group commits, %.1f requests per commit", c, (c > 0 ? b / c : 0)}')"
stop_server

echo "== idle RSS on the quickstart"
start_server examples/quickstart "$WORK/data-quickstart"
sleep 3
echo "idle:       RSS $(rss_mib) MiB"
stop_server
