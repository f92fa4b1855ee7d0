#!/usr/bin/env bash
# The dashboard in a real browser (issue 9): `vigil serve --demo` on the quickstart with its
# three example days loaded and the README's canary release of 2.4.0 (issue 20), headless
# Chromium screenshots of the overview, an SLO page, the deployment page and the on-call page at desktop and
# phone widths, each checked by scripts/check-page.py: it fails when a page
# errors, is blank, or lacks its table or chart.
#
#   scripts/browser-test.sh [VIGIL_BINARY] [OUT_DIR]
#
# Defaults: .build/debug/vigil and docs/screenshots (the README's pictures). Exit 2 when
# Chromium is not installed (apt-get install chromium).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
vigil=${1:-$root/.build/debug/vigil}
out=${2:-$root/docs/screenshots}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then echo "browser-test: chromium is not installed (apt-get install chromium)"; exit 2; fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/config" "$out"
for file in "$root"/examples/quickstart/*.yaml; do
  sed "s/127.0.0.1:9470/127.0.0.1:$port/g" "$file" > "$work/config/$(basename "$file")"
done
base="http://127.0.0.1:$port"
"$vigil" serve --config "$work/config" --data "$work/data" --demo > "$work/serve.log" 2>&1 &
pid=$!

# GET a path; prints the status (000 when nothing answers).
status() { python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).status)
except urllib.error.HTTPError as error:
    print(error.code)
except Exception:
    print("000")
PY
}
for _ in $(seq 1 100); do [ "$(status "$base/-/ready")" = 200 ] && break; sleep 0.2; done
[ "$(status "$base/-/ready")" = 200 ] || { echo "browser-test: vigil serve did not become ready"; cat "$work/serve.log"; exit 1; }
VIGIL_TOKEN=quickstart-demo-token "$vigil" events push --server "$base" "$root/examples/quickstart/events.ndjson"
# Demo traffic counts once its first minute is complete: wait for the current burn.
burning() { python3 - "$base/api/v1/slos/shop-web-availability" <<'PY'
import json, sys, urllib.request
slo = json.load(urllib.request.urlopen(sys.argv[1], timeout=5))["slo"]
print("yes" if slo["current_burn"]["burn_rate"] is not None else "no")
PY
}
for _ in $(seq 1 80); do [ "$(burning)" = yes ] && break; sleep 1; done
# The README's release: 2.4.0 on 5 % of traffic for 30 minutes, its canary run, the gate
# (which fails: exit 1 is expected) and the rollback.
export VIGIL_TOKEN=quickstart-demo-token VIGIL_SERVER=$base
python3 "$root/examples/quickstart/canary-events.py" | "$vigil" events push - > /dev/null
change() { python3 - "$base/api/v1/changes" "$1" <<'PY'
import sys, urllib.request
request = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), headers={"Authorization": "Bearer quickstart-demo-token", "Content-Type": "application/json"})
urllib.request.urlopen(request, timeout=5)
PY
}
started=$(date -u -d '-30 min' +%Y-%m-%dT%H:%M:00Z)
change '{"service":"shop-web","version":"2.4.0","stage":"5%","author":"ci","description":"payment client on HTTP/2","time":"'"$started"'"}'
"$vigil" canary run --service shop-web --baseline-version 2.3.9 --canary-version 2.4.0 --since 30m --duration 30m --interval 5m > /dev/null || true
"$vigil" gate --service shop-web --version 2.4.0 > /dev/null || true
change '{"service":"shop-web","version":"2.3.9","kind":"rollback","author":"ci","description":"canary failed"}'

shoot() { # name path width height expected...
  local name=$1 path=$2 width=$3 height=$4; shift 4
  local code; code=$(status "$base$path")
  [ "$code" = 200 ] || { echo "FAIL $name: $path answered $code"; return 1; }
  local flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars
               --user-data-dir="$work/profile" --window-size="$width,$height")
  timeout 90 "$browser" "${flags[@]}" --screenshot="$out/$name.png" "$base$path" > /dev/null 2>&1
  timeout 90 "$browser" "${flags[@]}" --dump-dom "$base$path" > "$work/$name.html" 2> /dev/null
  local expects=()
  for fragment in "$@"; do expects+=(--expect "$fragment"); done
  python3 "$root/scripts/check-page.py" "$out/$name.png" "$work/$name.html" "${expects[@]}"
}

failed=0
slo="/slos/shop-web-availability?range=7d"
# the time-zone button shows only if its inline script ran under the page's CSP
shoot overview-desktop / 1280 1000 '<table class="slos">' 'shop-web-availability' 'id="local-tz">My time zone' || failed=1
shoot overview-phone / 390 844 '<table class="slos">' || failed=1
shoot slo-desktop "$slo" 1280 1000 'Error budget burn-down' '<path class="series"' '<line class="reference"' || failed=1
shoot slo-phone "$slo" 390 844 'Error budget burn-down' '<path class="series"' || failed=1
shoot status-desktop /status 1280 800 '<div class="uptime"' || failed=1
shoot deployment-desktop /deployments/shop-web/2.4.0 1280 1000 'Canary run 1: 2.4.0 against 2.3.9' 'rolled back to 2.3.9' 'fail (exit 1)' || failed=1
shoot deployment-phone /deployments/shop-web/2.4.0 390 844 'Canary run 1' || failed=1
shoot oncall-desktop /oncall 1280 1000 '<h1>On call</h1>' 'storefront-primary' '<svg class="chart"' 'Sam Ode instead of Dana Reyes' || failed=1
shoot oncall-phone /oncall 390 844 '<h1>On call</h1>' || failed=1
exit $failed
