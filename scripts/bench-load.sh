#!/usr/bin/env bash
# `vigil load` against wrk on the same target: nginx from Debian on 127.0.0.1 serving a
# small static file. wrk and vigil load (release build) run alternately, PAIRS pairs, with
# the same connections, threads and duration; prints each run's req/s, the vigil/wrk ratio
# per pair and the median ratio, and client CPU-seconds per 100k requests for both (the
# children's rusage). Then an open-model run at 50 % of the measured maximum, with its
# p50/p99. Needs wrk and nginx (apt-get install wrk nginx).
# Usage: scripts/bench-load.sh [seconds per run] [connections] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS="${2:-64}"
THREADS="${3:-1}"
PAIRS="${PAIRS:-3}"
command -v wrk >/dev/null || { echo "bench-load: needs wrk (apt-get install wrk)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench-load: needs nginx (apt-get install nginx)" >&2; exit 1; }
swift build -c release --product vigil >&2
BIN="$PWD/.build/release/vigil"
WORK=$(mktemp -d)
trap '[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=$((20000 + RANDOM % 20000))
mkdir -p "$WORK/html" "$WORK/logs"
printf 'hello from nginx, a small static file for the load benchmark\n' > "$WORK/html/index.html"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
error_log $WORK/logs/error.log;
pid $WORK/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  server { listen 127.0.0.1:$PORT; root $WORK/html; }
}
CONF
# nginx's workers run as an unprivileged user: they must be able to read the file
chmod -R a+rX "$WORK"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"
sleep 0.5
URL="http://127.0.0.1:$PORT/"
status=$(python3 -c "import urllib.request; print(urllib.request.urlopen('$URL').status)")
[ "$status" = 200 ] || { echo "bench-load: nginx answered $status, not 200" >&2; exit 1; }

# Runs a command, prints its stdout, and its CPU seconds (user+system) to $WORK/cpu.
measure() {
  python3 - "$WORK/cpu" "$@" <<'PY'
import resource, subprocess, sys
out = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout.decode()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%.3f" % (usage.ru_utime + usage.ru_stime))
sys.stdout.write(out)
PY
}

echo "target: nginx $("$NGINX" -v 2>&1 | sed 's/.*\///'), 1 worker; clients: -c $CONNECTIONS -t $THREADS -d ${SECONDS_PER_RUN}s; $(nproc) cores"
ratios=()
best=0
for pair in $(seq 1 "$PAIRS"); do
  wrk_out=$(measure wrk -c "$CONNECTIONS" -t "$THREADS" -d "${SECONDS_PER_RUN}s" "$URL")
  wrk_cpu=$(cat "$WORK/cpu")
  wrk_rps=$(echo "$wrk_out" | awk '/Requests\/sec/ {print $2}')
  wrk_requests=$(echo "$wrk_out" | awk '/requests in/ {print $1}')
  if echo "$wrk_out" | grep -q "Non-2xx"; then echo "bench-load: wrk saw error answers: $wrk_out" >&2; exit 1; fi
  vigil_out=$(measure "$BIN" load "$URL" -c "$CONNECTIONS" -t "$THREADS" -d "${SECONDS_PER_RUN}s" --output json)
  vigil_cpu=$(cat "$WORK/cpu")
  read -r vigil_rps vigil_requests vigil_errors < <(echo "$vigil_out" | python3 -c 'import json,sys; d=json.load(sys.stdin); e=d["summary"]["errors"]; print(d["requests_per_second"], d["summary"]["requests"], sum(e.values()))')
  [ "$vigil_errors" = 0 ] || { echo "bench-load: vigil load saw $vigil_errors errors" >&2; exit 1; }
  ratio=$(python3 -c "print(f'{$vigil_rps / $wrk_rps:.3f}')")
  ratios+=("$ratio")
  best=$(python3 -c "print(max($best, $vigil_rps, $wrk_rps))")
  python3 -c "print(f'pair $pair: wrk {$wrk_rps:>10.0f} req/s ({$wrk_cpu * 100000 / $wrk_requests:.2f} CPU-s/100k)   vigil load {$vigil_rps:>10.0f} req/s ({$vigil_cpu * 100000 / $vigil_requests:.2f} CPU-s/100k)   ratio {$ratio}')"
done
echo "median vigil/wrk ratio: $(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(( (PAIRS + 1) / 2 ))p")"

rate=$(python3 -c "print(int($best * 0.5))")
open_out=$("$BIN" load "$URL" -c "$CONNECTIONS" -t "$THREADS" -d "${SECONDS_PER_RUN}s" --rate "$rate" --output json)
echo "$open_out" | python3 -c "$(cat <<'PY'
import json, sys
d = json.load(sys.stdin)
s = d["summary"]
l = s["latency"]
p = l["percentiles"]
print("open model at %.0f req/s (50 %% of the best): %.0f req/s, p50 %.3f ms, p99 %.3f ms, max %.3f ms"
      % (s["target_rate"], d["requests_per_second"], p["50"] * 1e3, p["99"] * 1e3, l["max"] * 1e3))
PY
)"
