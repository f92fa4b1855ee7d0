#!/usr/bin/env bash
# Full-disk trial: `vigil serve` with its data on a small tmpfs, batches posted until the
# disk fills, then the tmpfs grown again. Prints batches sent, answered 2xx and 503 (and
# anything else), what /-/ready said while full and after, and whether the store holds
# exactly the acknowledged events. Needs root (it mounts a tmpfs).
# Usage: scripts/disk-full-trial.sh [SIZE_MB=3] [VIGIL=.build/debug/vigil]
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-3}"
vigil="${2:-.build/debug/vigil}"
dir="$(mktemp -d /tmp/vigil-full-XXXXXX)"
port=$((20000 + RANDOM % 20000))
mount -t tmpfs -o "size=${size}m" tmpfs "$dir"
cleanup() { kill "${server:-0}" 2>/dev/null || true; wait "${server:-0}" 2>/dev/null || true; umount "$dir" 2>/dev/null || true; rmdir "$dir"; }
trap cleanup EXIT
"$vigil" serve --config examples/quickstart --data "$dir/data" --listen "127.0.0.1:$port" --log-level notice >"$dir.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.1; done
python3 - "$port" "$dir" <<'PY'
import json, subprocess, sys, time, urllib.request, urllib.error
port, directory = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
token = "quickstart-demo-token"
def post(body, key):
    request = urllib.request.Request(base + "/api/v1/events", data=body.encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson", "Idempotency-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers.get("Retry-After"), json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After"), json.loads(error.read() or b"{}")
def ready():
    try:
        with urllib.request.urlopen(base + "/-/ready", timeout=10) as answer: return answer.status
    except urllib.error.HTTPError as error: return error.code
now = int(time.time()) // 60 * 60
sent = ok = unavailable = other = acknowledged = consecutive = 0
codes = set()
while consecutive < 20 and sent < 5000:
    # 200 events on distinct minutes of the last week, so each batch needs new pages
    lines = [json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 60 * (1 + (sent * 200 + i) % 10000))),
                         "sli": "shop-web-requests", "good": 9, "total": 10}) for i in range(200)]
    status, retry, body = post("\n".join(lines), f"trial-{sent}")
    sent += 1
    if status == 200:
        ok += 1; acknowledged += 10 * body.get("accepted", 0); consecutive = 0
    elif status == 503:
        unavailable += 1; consecutive += 1; codes.add((body.get("error", {}).get("code"), retry))
    else:
        other += 1; codes.add((status, body.get("error", {}).get("code")))
full_ready = ready()
subprocess.run(["mount", "-o", "remount,size=64m", directory], check=True)
for _ in range(50):
    if ready() == 200: break
    time.sleep(0.2)
after_ready = ready()
status, _, body = post(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 60)), "sli": "shop-web-requests", "good": 1, "total": 1}), "after")
print(f"disk-full trial: {sent} batches of 200 events sent, {ok} answered 200, {unavailable} answered 503, {other} other; 503s carried {sorted(map(str, codes))}")
print(f"disk-full trial: /-/ready while full: {full_ready}; after the disk grew: {after_ready}; a batch after: {status}")
with open(directory + "/acknowledged", "w") as f: f.write(str(acknowledged + (1 if status == 200 else 0)))
PY
kill -TERM "$server"; wait "$server" || true
server=0
stored=$(sqlite3 "$dir/data/vigil.sqlite" "SELECT COALESCE(SUM(valid), 0) FROM minute_buckets WHERE sli = 'shop-web-requests'")
acknowledged=$(cat "$dir/acknowledged")
integrity=$(sqlite3 "$dir/data/vigil.sqlite" "PRAGMA integrity_check")
echo "disk-full trial: stored after recovery: $stored valid events (acknowledged: $acknowledged); integrity_check: $integrity"
grep -E "refuses writes|takes writes again" "$dir.log" | head -3 | sed 's/^/disk-full trial: log: /'
rm -f "$dir.log"
[ "$stored" = "$acknowledged" ] && [ "$integrity" = ok ]
