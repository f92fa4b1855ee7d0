#!/usr/bin/env python3
"""Writes examples/quickstart/events.ndjson: three days of the demo shop's traffic with one
incident. Deterministic (no randomness), so docs/concepts.md can compute the figures by hand.

shop-web-requests      1,000 requests every minute; 1 failure in every fifth minute
                       (minute-of-hour divisible by 5); during the incident
                       (2026-11-22 14:00 to 15:29 UTC, 90 minutes) 30 failures a minute.
shop-web-latency       a histogram every 5 minutes of the 5,000 requests: 0.5 % slower
                       than 300 ms normally, 12 % during the incident.
payments-gateway-calls 200 calls every 5 minutes, one failure every hour (on the hour).
"""
import datetime as dt
import json
import pathlib

START = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)
MINUTES = 3 * 24 * 60
INCIDENT_START = dt.datetime(2026, 11, 22, 14, 0, tzinfo=dt.timezone.utc)
INCIDENT_MINUTES = 90


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def in_incident(t):
    return INCIDENT_START <= t < INCIDENT_START + dt.timedelta(minutes=INCIDENT_MINUTES)


lines = []
for i in range(MINUTES):
    t = START + dt.timedelta(minutes=i)
    bad = 30 if in_incident(t) else (1 if t.minute % 5 == 0 else 0)
    lines.append({"time": stamp(t), "sli": "shop-web-requests", "good": 1000 - bad, "total": 1000})
    if t.minute % 5 == 4:
        # the five minutes ending now, stamped at their last minute
        slow = 600 if in_incident(t) else 25
        total = 5000
        lines.append({"time": stamp(t), "sli": "shop-web-latency",
                      "buckets": {"100": total - slow - 1200, "300": total - slow, "1000": total - slow // 5, "+Inf": total}})
        failed = 1 if t.minute == 4 else 0
        lines.append({"time": stamp(t), "sli": "payments-gateway-calls", "good": 200 - failed, "total": 200})

out = pathlib.Path(__file__).with_name("events.ndjson")
out.write_text("".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines))
print(f"wrote {len(lines)} events to {out}")
