#!/usr/bin/env bash
# kill -9 trials: pushes batches to a real `vigil serve`, SIGKILLs it at a random moment,
# restarts, retries unacknowledged batches with their Idempotency-Key, and checks every
# batch is counted exactly once and PRAGMA integrity_check is ok.
# Usage: scripts/crash-test.sh [TRIALS]   (CI runs 3 as part of `swift test`)
set -euo pipefail
cd "$(dirname "$0")/.."
VIGIL_CRASH_TRIALS="${1:-20}" swift test --filter CrashTests/acknowledgedBatchesSurviveKillNine 2>&1 | grep -E "crash test:|✔|✘|error"
