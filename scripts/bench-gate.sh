#!/usr/bin/env bash
# Benchmarks the release gate on the quickstart (docs/safe-change.md), against the
# server's own floor in the same run:
#   - POST /api/v1/gate, N sequential asks (default 500): p50 and p99, against
#     GET /-/healthy asked the same way (the HTTP floor: the ratio is the gate's own cost);
#   - a retrospective canary run of 288 one-minute intervals over 288 minutes of a
#     canary as good as its baseline: the time to judge every interval (a store read and
#     a transaction per interval).
# 127.0.0.1 only. Usage: scripts/bench-gate.sh [VIGIL_BINARY] [ASKS]
# (default: a release build, made if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-}"
ASKS="${2:-500}"
if [ -z "$BIN" ]; then swift build -c release --product vigil >&2; BIN="$PWD/.build/release/vigil"; fi
WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/config"
for file in examples/quickstart/*.yaml; do sed "s/127.0.0.1:9470/127.0.0.1:$PORT/g" "$file" > "$WORK/config/$(basename "$file")"; done
"$BIN" serve --config "$WORK/config" --data "$WORK/data" > "$WORK/serve.log" 2>&1 & PID=$!
export VIGIL_SERVER="http://127.0.0.1:$PORT" VIGIL_TOKEN=quickstart-demo-token
for _ in $(seq 1 100); do curl -sf "$VIGIL_SERVER/-/ready" > /dev/null && break; sleep 0.2; done
"$BIN" events push examples/quickstart/events.ndjson > /dev/null
python3 examples/quickstart/canary-events.py --minutes 288 --canary-failures 0 | "$BIN" events push - > /dev/null

python3 - "$VIGIL_SERVER" "$ASKS" <<'PY'
import http.client, json, statistics, sys, time, urllib.parse
base, asks = sys.argv[1], int(sys.argv[2])
url = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Authorization": "Bearer quickstart-demo-token", "Content-Type": "application/json"}

def timed(method, path, body=None):
    samples = []
    for _ in range(asks):
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status == 200, answer.status
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]

floor = timed("GET", "/-/healthy")
gate = timed("POST", "/api/v1/gate", json.dumps({"service": "shop-web", "version": "2.4.0"}))
print(f"GET /-/healthy      p50 {floor[0]:.2f} ms  p99 {floor[1]:.2f} ms  ({asks} sequential asks, one connection)")
print(f"POST /api/v1/gate   p50 {gate[0]:.2f} ms  p99 {gate[1]:.2f} ms  ratio p50 {gate[0] / floor[0]:.1f}x")

start = time.strftime("%Y-%m-%dT%H:%M:00Z", time.gmtime(time.time() - 288 * 60))
body = json.dumps({"service": "shop-web", "baseline_version": "2.3.9", "canary_version": "2.4.0", "start": start, "duration": "288m", "interval": "1m"})
started = time.perf_counter()
connection.request("POST", "/api/v1/canary-runs", body=body, headers=headers)
answer = connection.getresponse()
run = json.loads(answer.read())
elapsed = time.perf_counter() - started
print(f"canary run          {len(run['intervals'])} intervals judged in {elapsed * 1000:.0f} ms "
      f"({elapsed * 1000 / max(1, len(run['intervals'])):.2f} ms each), status {run['status']}")
PY
