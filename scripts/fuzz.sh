#!/usr/bin/env bash
# Fuzzes one of Vigil's parsers with libFuzzer for a while (docs/fuzzing.md).
# Usage: scripts/fuzz.sh TARGET SECONDS [JOBS=1]
#   TARGET: events-json events-csv config load-scenario probe-condition label-matcher
#           duration promql-template (`scripts/fuzz.sh list` lists them)
# Builds vigil-fuzz once with -sanitize=fuzzer,address in release mode into .build-fuzz
# (≈10 min the first time), starts from the seeds in Fuzz/corpus/TARGET (new inputs it
# finds go to .build-fuzz/corpus/TARGET, not the repository), and leaves any crash as
# .build-fuzz/crashes/TARGET/crash-*: copy it into Fuzz/regressions/TARGET once fixed,
# where the tests replay it. Prints libFuzzer's last status line and the CPU time the
# fuzzer used; exits 1 on a crash. FUZZ_SKIP_BUILD=1 reuses the binary already built
# (for a long run of several targets while the working tree changes).
set -euo pipefail
cd "$(dirname "$0")/.."
targets="events-json events-csv config load-scenario probe-condition label-matcher duration promql-template"
target="${1:?usage: scripts/fuzz.sh TARGET SECONDS [JOBS]}"
if [ "$target" = list ]; then echo "$targets"; exit 0; fi
seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS [JOBS]}"
jobs="${3:-1}"
case " $targets " in *" $target "*) ;; *) echo "fuzz: unknown target '$target' (one of: $targets)" >&2; exit 2 ;; esac
export PATH="/opt/swift/usr/bin:$PATH"

mkdir -p .build-fuzz
# -DFUZZING drops the driver's replay `main`, so libFuzzer's own runs the target.
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  swift build -c release --scratch-path .build-fuzz --product vigil-fuzz \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING >.build-fuzz/build.log 2>&1 \
      || { tail -30 .build-fuzz/build.log >&2; exit 1; }
fi
binary="$(swift build -c release --scratch-path .build-fuzz --show-bin-path)/vigil-fuzz"

corpus=".build-fuzz/corpus/$target"
crashes=".build-fuzz/crashes/$target"
mkdir -p "$corpus" "$crashes"
log=".build-fuzz/$target.log"
status=0
# Swift's own backtracer would take the fatal signal before libFuzzer could keep the input.
# The CPU seconds (user + system, of the fuzzer and its workers) are what "fuzzed for
# N CPU-minutes" counts: on a busy machine they fall short of the wall-clock seconds.
TIMEFORMAT='%3U %3S'
{ time SWIFT_BACKTRACE=enable=no VIGIL_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 \
    "$binary" "$corpus" "Fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 \
    $([ "$jobs" -gt 1 ] && echo "-jobs=$jobs -workers=$jobs") >"$log" 2>&1; } 2>".build-fuzz/$target.cpu" || status=$?
# With -jobs, libFuzzer writes each job's output to fuzz-N.log in the current directory.
if [ "$jobs" -gt 1 ]; then cat fuzz-*.log >>"$log" 2>/dev/null || true; rm -f fuzz-*.log; fi
executions=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{s += $2} END {print s + 0}')
cpu=$(awk '{printf "%.0f", $1 + $2}' ".build-fuzz/$target.cpu" 2>/dev/null || echo "?")
echo "$target: $executions executions in ${seconds}s × $jobs job(s), ${cpu} CPU-s; corpus $(ls "$corpus" | wc -l) inputs"
grep -E "^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)" "$log" | tail -1 || true
if compgen -G "$crashes/*-*" >/dev/null; then
  echo "fuzz: findings in $crashes:" >&2
  ls "$crashes" >&2
  grep -E "Fatal error|ERROR: AddressSanitizer|SUMMARY" "$log" | head -5 >&2
  exit 1
fi
exit $status
