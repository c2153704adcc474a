#!/usr/bin/env bash
# Short mode for CI: every benchmark runs once, in process, on small data sets (NCS_PRIVACY_BENCH_SHORT=1), so the
# benchmarks keep compiling, their setup checks (the baselines do the same job) keep passing, and they keep running.
# It measures nothing worth reporting; docs/performance.md has the full command and the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export NCS_PRIVACY_BENCH_SHORT=1
dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --filter '*' --job Dry --inProcess --noOverwrite --artifacts "${TMPDIR:-/tmp}/ncs-privacy-bench-short" "$@" \
  | grep -E "^\||^// (Export|Erasure|Retention|Generat)| Method|Ratio|ERROR|Exception|failed" || true
test "${PIPESTATUS[0]}" -eq 0
