#!/usr/bin/env bash
# Schemathesis against `vigil serve` on the quickstart: every phase (examples, coverage,
# fuzzing, stateful) and every check, bounded in examples and time; CI runs it after the
# tests (.ci/run) and fails on any finding. Settings: schemathesis.toml (why a 422 may
# answer a schema-valid request). Prints the per-phase summary and the findings by
# kind, and exits as schemathesis does.
# Usage: scripts/schemathesis.sh [MAX_EXAMPLES=15] [MAX_SECONDS=300] [VIGIL=.build/debug/vigil]
# SCHEMATHESIS_LOG=FILE keeps schemathesis' full report (each finding with its curl);
# SCHEMATHESIS_SEED=N repeats a run. One worker: with two, Hypothesis' lambda-source
# cache raced ("AST constructor recursion depth mismatch") in one run of five.
# Needs: pip install schemathesis (4.x)
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-15}"
seconds="${2:-300}"
vigil="${3:-.build/debug/vigil}"
dir="$(mktemp -d /tmp/vigil-st-XXXXXX)"
port=$((20000 + RANDOM % 20000))
"$vigil" serve --config examples/quickstart --data "$dir/data" --listen "127.0.0.1:$port" --log-level error >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.1; done
status=0
(cd "$dir" && st --config-file "$OLDPWD/schemathesis.toml" run "$OLDPWD/docs/openapi.yaml" --url "http://127.0.0.1:$port" -H "Authorization: Bearer quickstart-admin-token" \
    --checks all --max-examples "$examples" --max-time "$seconds" --workers 1 --continue-on-failure ${SCHEMATHESIS_SEED:+--seed "$SCHEMATHESIS_SEED"}) \
    >"$dir/st.log" 2>&1 || status=$?
[ -n "${SCHEMATHESIS_LOG:-}" ] && cp "$dir/st.log" "$SCHEMATHESIS_LOG"
grep -E "^ (✅|❌|⏭)|^     (✅|❌)" "$dir/st.log" || true
echo "findings by kind:"
grep -E "^- ST[0-9]+" "$dir/st.log" | sort | uniq -c | sort -rn || echo "  none"
exit $status
