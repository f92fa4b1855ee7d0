#!/usr/bin/env python3
"""Writes to stdout the last N minutes (default 30) of shop-web's traffic during a canary
release: 95 % of requests on version 2.3.9, 5 % on 2.4.0, each event labelled with its
`version` (the label the quickstart's release policy splits by).

shop-web-requests  2.3.9: 950 requests a minute, 1 failure (0.1 %)
                   2.4.0:  50 requests a minute, 2 failures (4 %) — the bad release
shop-web-latency   2.3.9: 950 a minute, 5 slower than 300 ms (0.5 %)
                   2.4.0:  50 a minute, none slower

Deterministic but for the clock: the minutes end at the current one.
Usage: python3 examples/quickstart/canary-events.py [--minutes 30] [--canary-failures 2] | vigil events push -
"""
import argparse
import datetime as dt
import json

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--minutes", type=int, default=30)
parser.add_argument("--canary-failures", type=int, default=2, help="failed 2.4.0 requests a minute (of 50)")
args = parser.parse_args()

now = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
for ago in range(args.minutes, 0, -1):
    stamp = (now - dt.timedelta(minutes=ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for version, total, failed, slow in [("2.3.9", 950, 1, 5), ("2.4.0", 50, args.canary_failures, 0)]:
        labels = {"version": version}
        print(json.dumps({"time": stamp, "sli": "shop-web-requests", "good": total - failed, "total": total, "labels": labels}))
        print(json.dumps({"time": stamp, "sli": "shop-web-latency", "good": total - slow, "total": total, "labels": labels}))
