#!/usr/bin/env bash
# Short mode for CI: every benchmark runs once, in process, so the benchmarks keep compiling and running.
# It measures nothing worth reporting; docs/performance.md has the full command and the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project benchmarks/Ncs.Privacy.Benchmarks -- --filter '*' --job Dry --inProcess --noOverwrite --artifacts "${TMPDIR:-/tmp}/ncs-privacy-bench" "$@" \
  | grep -E "^\|| Method|Ratio|ERROR|Exception" || true
test "${PIPESTATUS[0]}" -eq 0
