#!/usr/bin/env python3
"""A webhook receiver for Vigil's tests and the quickstart.

Appends one JSON line per request to LOG: the path, the Idempotency-Key, whether the
X-Vigil-Signature verifies against SECRET, the HTTP status answered, and the body.
While the file DOWN exists it answers 503 (an outage); `--fail-after-read N` makes it
answer 500 to the first N requests it has *read and logged* (the receiver got the
message but the sender cannot know: that is how duplicates arise).

usage: webhook-sink.py PORT LOG [--secret S] [--down FILE] [--fail-after-read N]
"""
import argparse, hashlib, hmac, json, os, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("log")
parser.add_argument("--secret", default=None)
parser.add_argument("--down", default=None)
parser.add_argument("--fail-after-read", type=int, default=0)
args = parser.parse_args()
state = {"failures_left": args.fail_after_read}


def verify(header, body):
    if not args.secret or not header:
        return None
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    expected = hmac.new(args.secret.encode(), (fields.get("t", "") + ".").encode() + body, hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(fields.get("t", "0"))) <= 300
    return fresh and hmac.compare_digest(expected, fields.get("v1", ""))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *_):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if args.down and os.path.exists(args.down):
            status = 503
        elif state["failures_left"] > 0:
            state["failures_left"] -= 1
            status = 500
        else:
            status = 200
        entry = {
            "path": self.path, "key": self.headers.get("Idempotency-Key"), "status": status,
            "signature_valid": verify(self.headers.get("X-Vigil-Signature"), body),
            "body": json.loads(body or b"null"),
        }
        if status != 503:
            with open(args.log, "a") as log:
                log.write(json.dumps(entry) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


def exit_with_parent(parent=os.getppid()):
    # A test that crashes cannot stop its sink: leave when the parent goes.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


import threading
threading.Thread(target=exit_with_parent, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print("listening", flush=True)
server.serve_forever()
