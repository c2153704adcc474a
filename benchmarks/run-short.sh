#!/usr/bin/env bash
# Short mode for CI: every benchmark runs once, in process, on small data sets (NCS_PRIVACY_BENCH_SHORT=1), so the
# benchmarks keep compiling, their setup checks (the baselines do the same job) keep passing, and they keep running.
# It measures nothing worth reporting; docs/performance.md has the full command and the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export NCS_PRIVACY_BENCH_SHORT=1
# BenchmarkDotNet exits 0 when a benchmark's setup throws (the row reads NA), so a failed run is found in its output:
# a setup check that fails (a baseline that no longer does the same job) or a model start-up refuses must fail CI.
log="$(mktemp)"
status=0
dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --filter '*' --job Dry --inProcess --noOverwrite --artifacts "${TMPDIR:-/tmp}/ncs-privacy-bench-short" "$@" >"$log" 2>&1 || status=$?
grep -E "^\||^// (Export|Erasure|Retention|Generat)| Method|Ratio|ERROR|Exception|failed" "$log" || true
if grep -qE "Benchmark run '[^']*' failed|TargetInvocationException" "$log"; then
  echo "a benchmark failed in short mode (see above)"
  status=1
fi
rm -f "$log"
exit "$status"
