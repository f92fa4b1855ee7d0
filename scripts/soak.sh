#!/usr/bin/env bash
# A soak of `vigil serve`: events at a fixed rate, 1,000 probes (a tenth of them failing,
# so alerts fire and the notifier keeps delivering to a webhook sink), for a while;
# RSS, open descriptors, ingest p99 and database size sampled every 10 s into a CSV and
# a PNG chart (scripts/soak.py). Exits 1 naming what did not hold (RSS growth ≥ 5 %
# after warm-up, descriptors not flat, p99 rising, a refused batch).
# Usage: scripts/soak.sh [SECONDS=3600] [EVENTS_PER_SECOND=10000] [OUT=soak] [VIGIL]
#   VIGIL defaults to the release build if there is one, else the debug build.
# Needs: python3 (matplotlib for the chart: pip install matplotlib). Everything listens
# on 127.0.0.1 and stops with the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-3600}"
rate="${2:-10000}"
out="${3:-soak}"
vigil="${4:-$( [ -x .build/release/vigil ] && echo .build/release/vigil || echo .build/debug/vigil )}"
dir="$(mktemp -d /tmp/vigil-soak-XXXXXX)"
port=$((20000 + RANDOM % 20000))
sink_port=$((port + 1))
token="soak-token"
sha=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)

{
  cat <<YAML
services:
  - name: soak
slis:
  - name: soak-requests
    kind: ratio
alert_policies:
  - name: fast
    min_events: 100
slos:
  - name: soak-availability
    service: soak
    sli: soak-requests
    objective: 0.999
    window: 30d
    alerting: {policy: fast}
receivers:
  - name: sink
    webhook: {url: "http://127.0.0.1:$sink_port/hooks/soak"}
routing:
  receiver: sink
  group_by: [slo, probe]
  group_wait: 1s
  group_interval: 10s
  repeat_interval: 1m
server:
  listen: 127.0.0.1:$port
  evaluation_interval: 10s
  limits: {max_concurrent_probes: 64}
  tokens:
    - {name: soak, sha256: $sha, scopes: [ingest, write]}
probes:
YAML
  for i in $(seq 1 1000); do
    # Nine in ten probe the server itself; one in ten a closed port, and so fail.
    if [ $((i % 10)) -eq 0 ]; then target="http://127.0.0.1:9/down"; else target="http://127.0.0.1:$port/-/healthy"; fi
    printf '  - {name: probe-%04d, service: soak, interval: 10s, timeout: 2s, http: {url: "%s"}, conditions: ["[STATUS] == 200"]}\n' "$i" "$target"
  done
} >"$dir/vigil.yaml"

python3 scripts/webhook-sink.py "$sink_port" "$dir/hooks.jsonl" >"$dir/sink.log" 2>&1 &
sink=$!
"$vigil" serve --config "$dir/vigil.yaml" --data "$dir/data" --log-level error >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server $sink 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null || { echo "soak: the server did not start:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
echo "soak: $vigil on :$port for ${seconds}s at $rate events/s, 1000 probes; samples to $out.csv, chart $out.png"
python3 scripts/soak.py "http://127.0.0.1:$port" "$token" "$server" "$dir/data" "$dir/hooks.jsonl" "$seconds" "$rate" "$out.csv" "$out.png"
