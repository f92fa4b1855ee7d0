#!/usr/bin/env bash
# Benchmarks probe execution against the peer Prometheus users run today,
# prometheus-blackbox-exporter, in the same run and against the same local target (nginx):
#   - vigil serve with N HTTP probes every 10 s (default 10,000 → 1,000 probes/s) for D s
#     (default 60): CPU seconds per 1,000 probes (scheduling, runs, storing every run),
#     missed runs, peak RSS, and mean probe latency against nginx's own (wrk, 1 connection);
#   - blackbox_exporter driven at the same rate (wrk, paced /probe requests): CPU seconds
#     per 1,000 probes; the ratio is the figure.
# Needs nginx, prometheus-blackbox-exporter, wrk and sqlite3 from Debian; 127.0.0.1 only.
# Usage: scripts/bench-probes.sh [probes] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
PROBES="${1:-10000}"
DURATION="${2:-60}"
for tool in nginx prometheus-blackbox-exporter wrk sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench-probes: needs $tool (apt-get install nginx-light prometheus-blackbox-exporter wrk sqlite3)" >&2; exit 1; }
done
swift build -c release --product vigil >&2
BIN="$PWD/.build/release/vigil"
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
NGINX_PORT=$((20000 + RANDOM % 10000)); VIGIL_PORT=$((NGINX_PORT + 1)); BLACKBOX_PORT=$((NGINX_PORT + 2))
RATE=$((PROBES / 10))
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $WORK; proxy_temp_path $WORK; fastcgi_temp_path $WORK; uwsgi_temp_path $WORK; scgi_temp_path $WORK;
  server { listen 127.0.0.1:$NGINX_PORT; location / { return 200 "ok\n"; } }
}
NGINX
nginx -c "$WORK/nginx.conf" -p "$WORK" & PIDS+=($!)
sleep 0.5
TARGET="http://127.0.0.1:$NGINX_PORT/health"
OUT=$(wrk -t1 -c1 -d5s --latency "$TARGET")
NGINX_MS=$(awk '/Latency/ && !done {done=1; v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else {sub(/s$/,"",v); v*=1000}; printf "%.3f", v}' <<<"$OUT")
echo "== target: nginx on 127.0.0.1:$NGINX_PORT, mean latency $NGINX_MS ms (wrk, 1 connection)"

echo "== vigil serve: $PROBES HTTP probes every 10 s ($RATE probes/s) for $DURATION s"
mkdir -p "$WORK/vigil"
{
  echo "services: [{name: bench}]"
  echo "probes:"
  for i in $(seq 0 $((PROBES - 1))); do
    printf '  - {name: p%05d, service: bench, interval: 10s, timeout: 5s, http: {url: "%s?p=%d"}, conditions: ["[STATUS] == 200"]}\n' "$i" "$TARGET" "$i"
  done
  echo "server: {listen: 127.0.0.1:$VIGIL_PORT, limits: {max_concurrent_probes: 1000}}"
} > "$WORK/vigil/probes.yaml"
"$BIN" serve --config "$WORK/vigil" --data "$WORK/data" --log-level warning >"$WORK/vigil.log" 2>&1 & VIGIL=$!; PIDS+=($VIGIL)
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$VIGIL_PORT/-/ready" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 12   # one full round of every probe first
count_runs() { sqlite3 "$WORK/data/vigil.sqlite" "SELECT COUNT(*), COALESCE(SUM(missed), 0) FROM probe_runs WHERE started_at < $1"; }
T0=$(date +%s.%N); C0=$(cpu_seconds "$VIGIL")
sleep "$DURATION"
T1=$(date +%s.%N); C1=$(cpu_seconds "$VIGIL")
sleep 2   # let the last runs be written
IFS='|' read -r RUNS0 MISSED0 <<<"$(count_runs "$T0")"
IFS='|' read -r RUNS1 MISSED1 <<<"$(count_runs "$T1")"
RUNS=$((RUNS1 - RUNS0)); MISSED=$((MISSED1 - MISSED0))
MEAN=$(sqlite3 "$WORK/data/vigil.sqlite" "SELECT printf('%.3f', AVG(response_time_ms)) FROM probe_runs WHERE started_at >= $T0 AND started_at < $T1 AND missed = 0")
FAILED=$(sqlite3 "$WORK/data/vigil.sqlite" "SELECT COUNT(*) FROM probe_runs WHERE started_at >= $T0 AND started_at < $T1 AND success = 0")
PEAK=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$VIGIL/status")
VIGIL_CPU=$(awk -v c0="$C0" -v c1="$C1" -v n="$RUNS" 'BEGIN {printf "%.3f", (c1 - c0) / n * 1000}')
echo "vigil:      $RUNS runs in $(awk -v a="$T0" -v b="$T1" 'BEGIN {printf "%.1f", b - a}') s ($(awk -v n="$RUNS" -v a="$T0" -v b="$T1" 'BEGIN {printf "%.0f", n / (b - a)}')/s), $MISSED missed, $FAILED failed; CPU $(awk -v c0="$C0" -v c1="$C1" 'BEGIN {printf "%.2f", c1 - c0}') s = $VIGIL_CPU CPU-s per 1,000 probes; peak RSS $PEAK MiB"
echo "latency:    mean probe response time $MEAN ms vs nginx's $NGINX_MS ms: overhead $(awk -v a="$MEAN" -v b="$NGINX_MS" 'BEGIN {printf "%.3f", a - b}') ms"
kill "$VIGIL"; wait "$VIGIL" 2>/dev/null || true

echo "== prometheus-blackbox-exporter at the same rate ($RATE probes/s) for $DURATION s"
cat > "$WORK/blackbox.yml" <<BLACKBOX
modules:
  http_2xx:
    prober: http
    timeout: 5s
BLACKBOX
prometheus-blackbox-exporter --config.file="$WORK/blackbox.yml" --web.listen-address="127.0.0.1:$BLACKBOX_PORT" --log.level=warn >"$WORK/blackbox.log" 2>&1 & BLACKBOX=$!; PIDS+=($BLACKBOX)
sleep 1
cat > "$WORK/blackbox.lua" <<LUA
local i = 0
request = function()
  i = (i + 1) % $PROBES
  return wrk.format("GET", "/probe?module=http_2xx&target=$TARGET%3Fp%3D" .. i)
end
function delay() return 50 end
LUA
# 50 ms between a connection's requests: connections = rate / 20 keeps the rate.
CONNECTIONS=$((RATE / 20 > 0 ? RATE / 20 : 1))
B0=$(cpu_seconds "$BLACKBOX")
OUT=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$WORK/blackbox.lua" "http://127.0.0.1:$BLACKBOX_PORT")
B1=$(cpu_seconds "$BLACKBOX")
PROBED=$(awk '/requests in/ {print $1}' <<<"$OUT")
BLACKBOX_CPU=$(awk -v c0="$B0" -v c1="$B1" -v n="$PROBED" 'BEGIN {printf "%.3f", (c1 - c0) / n * 1000}')
BPEAK=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$BLACKBOX/status")
echo "blackbox:   $PROBED probes ($(awk -v n="$PROBED" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}')/s); CPU $(awk -v c0="$B0" -v c1="$B1" 'BEGIN {printf "%.2f", c1 - c0}') s = $BLACKBOX_CPU CPU-s per 1,000 probes; peak RSS $BPEAK MiB"
echo "ratio:      vigil uses $(awk -v v="$VIGIL_CPU" -v b="$BLACKBOX_CPU" 'BEGIN {printf "%.2f", v / b}')x blackbox_exporter's CPU per probe (goal <= 0.5x); peak RSS $PEAK MiB (goal <= 150 MB)"
