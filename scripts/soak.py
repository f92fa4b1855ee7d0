#!/usr/bin/env python3
"""The soak's driver (scripts/soak.sh): sends events at a fixed rate to `vigil serve`,
samples the server every 10 s, and writes the samples to a CSV and a PNG chart.

Every SAMPLE seconds it records: seconds since start, the server's RSS (KiB, from
/proc/PID/status), its open file descriptors (/proc/PID/fd), the p50/p99 of the ingest
acknowledgements in that window (ms), events acknowledged, batches refused, the data
directory's size (bytes) and the webhook sink's deliveries so far. At the end it judges:
RSS growth after warm-up under 5 %, descriptors flat, p99 stable (the last quarter's
median p99 within 2x the first quarter's after warm-up), nothing refused — and exits 1
naming what did not hold.

usage: soak.py URL TOKEN PID DATA_DIR SINK_LOG SECONDS RATE CSV PNG
"""
import http.client, json, os, statistics, sys, time, urllib.parse

url, token, pid, data_dir, sink_log = sys.argv[1:6]
seconds, rate = int(sys.argv[6]), int(sys.argv[7])
csv_path, png_path = sys.argv[8], sys.argv[9]
SAMPLE = 10
BATCH = 100  # events per request: RATE / BATCH requests a second
parsed = urllib.parse.urlparse(url)
connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"}


def rss_kib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def descriptors():
    return len(os.listdir(f"/proc/{pid}/fd"))


def size(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except FileNotFoundError:
                pass
    return total


def deliveries():
    try:
        with open(sink_log) as log:
            return sum(1 for _ in log)
    except FileNotFoundError:
        return 0


def batch(now):
    """BATCH events, one request each; 2 % bad: enough to burn the budget and keep the
    notifier paging."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
    good = '{"time":"%s","sli":"soak-requests","good":1,"total":1}' % stamp
    bad = '{"time":"%s","sli":"soak-requests","good":0,"total":1}' % stamp
    bad_count = BATCH // 50
    return ("\n".join([good] * (BATCH - bad_count) + [bad] * bad_count)).encode(), BATCH


def post(body):
    global connection
    for attempt in range(2):
        try:
            connection.request("POST", "/api/v1/events", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except (http.client.HTTPException, OSError):
            connection.close()
            connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    return 0


rows = []
start = time.monotonic()
interval = BATCH / rate
next_send = start
window_latencies, acknowledged, refused = [], 0, 0
next_sample = start + SAMPLE
while time.monotonic() - start < seconds:
    now = time.monotonic()
    if now < next_send:
        time.sleep(min(next_send - now, 0.01))
        continue
    next_send += interval
    body, events = batch(time.time())
    sent = time.monotonic()
    status = post(body)
    window_latencies.append((time.monotonic() - sent) * 1000)
    if status == 200:
        acknowledged += events
    else:
        refused += 1
    if time.monotonic() >= next_sample:
        next_sample += SAMPLE
        window_latencies.sort()
        p = lambda q: window_latencies[min(len(window_latencies) - 1, int(q * len(window_latencies)))] if window_latencies else 0
        row = dict(seconds=round(time.monotonic() - start), rss_kib=rss_kib(), fds=descriptors(), p50_ms=round(p(0.5), 3),
                   p99_ms=round(p(0.99), 3), events=acknowledged, refused=refused, db_bytes=size(data_dir), deliveries=deliveries())
        rows.append(row)
        print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        window_latencies = []

with open(csv_path, "w") as out:
    out.write(",".join(rows[0].keys()) + "\n")
    for row in rows:
        out.write(",".join(str(v) for v in row.values()) + "\n")

# The verdict, after a warm-up of the first 10 % (at least one sample).
warm = rows[max(1, len(rows) // 10):]
problems = []
base, last = warm[0]["rss_kib"], statistics.median(r["rss_kib"] for r in warm[-max(1, len(warm) // 10):])
growth = (last - base) / base
fds = [r["fds"] for r in warm]
quarter = max(1, len(warm) // 4)
early_p99 = statistics.median(r["p99_ms"] for r in warm[:quarter])
late_p99 = statistics.median(r["p99_ms"] for r in warm[-quarter:])
if growth >= 0.05:
    problems.append(f"RSS grew {growth:.1%} after warm-up ({base} → {last} KiB)")
if max(fds) - min(fds) > 8:
    problems.append(f"descriptors moved from {min(fds)} to {max(fds)}")
if late_p99 > 2 * max(early_p99, 1):
    problems.append(f"p99 rose from {early_p99} ms to {late_p99} ms")
if rows[-1]["refused"]:
    problems.append(f"{rows[-1]['refused']} batches refused")
summary = (f"soak: {seconds}s at {rate} events/s: {rows[-1]['events']} events acknowledged, RSS {base}→{last} KiB "
           f"({growth:+.1%} after warm-up), fds {min(fds)}–{max(fds)}, p99 {early_p99}→{late_p99} ms, "
           f"db {rows[-1]['db_bytes'] / 1e6:.1f} MB, {rows[-1]['deliveries']} webhook deliveries")
print(summary)

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    minutes = [r["seconds"] / 60 for r in rows]
    figure, axes = plt.subplots(4, 1, figsize=(9, 9), sharex=True)
    for axis, key, label in zip(axes, ["rss_kib", "fds", "p99_ms", "db_bytes"],
                                ["RSS (MiB)", "open descriptors", "ingest p99 (ms)", "database (MB)"]):
        scale = {"rss_kib": 1 / 1024, "db_bytes": 1 / 1e6}.get(key, 1)
        axis.plot(minutes, [r[key] * scale for r in rows])
        axis.set_ylabel(label)
        axis.grid(alpha=0.3)
    axes[-1].set_xlabel("minutes")
    figure.suptitle(summary, fontsize=8, wrap=True)
    figure.tight_layout()
    figure.savefig(png_path, dpi=100)
except ImportError:
    print("soak: no chart (pip install matplotlib)", file=sys.stderr)

if problems:
    print("soak: did not hold: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
