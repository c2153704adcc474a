#!/usr/bin/env bash
# HTTP benchmark of the privacy endpoints (issue 18): the NCS webshop sample (samples/Ncs.Webshop) bound to loopback, a
# small export against the erasure plan of the same customer, driven by Debian's wrk (apt-get install -y wrk).
# Prints, per endpoint: requests/s, p50/p99 latency, the error count, and the server's resident memory before and after.
#
#   bash benchmarks/http/run-wrk.sh                # 200 connections, 2 threads, 20 s per endpoint, customer 1 (Anna)
#   CONNECTIONS=50 DURATION=10s SUBJECT=2 bash benchmarks/http/run-wrk.sh
#   STACKS=/tmp/stacks bash benchmarks/http/run-wrk.sh   # also the server's managed stacks 5 s into each run (dotnet-stack on PATH)
#
# The server runs in Release, Development environment (its sample audit key and operator account), logging at Warning,
# on a SQLite file of its own in a temporary folder (created and seeded on start); it is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONNECTIONS="${CONNECTIONS:-200}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-20s}"
SUBJECT="${SUBJECT:-1}"
PORT="${PORT:-5187}"
BASE="http://127.0.0.1:${PORT}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ncs-http-bench.XXXXXX")"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release samples/Ncs.Webshop/Ncs.Webshop.csproj -o "$work/bin" -v quiet -nologo >/dev/null
ASPNETCORE_ENVIRONMENT=Development DOTNET_gcServer="${DOTNET_gcServer:-0}" dotnet "$work/bin/Ncs.Webshop.dll" \
  --contentRoot "$work/bin" --urls "$BASE" --ConnectionStrings:Webshop="Data Source=$work/webshop.db" --Logging:LogLevel:Default=Warning \
  >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs "$BASE/" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$BASE/" >/dev/null || { echo "the sample did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

token="$(curl -fs -X POST "$BASE/account/login" -H 'Content-Type: application/json' \
  -d '{"email":"privacy@ncscolour.example","password":"Sample-Only-Operator-1!"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')"
auth="Authorization: Bearer $token"
export_url="$BASE/api/privacy/subjects/customer/$SUBJECT/export"
plan_url="$BASE/api/privacy/subjects/customer/$SUBJECT/erasure-plan"
for url in "$export_url" "$plan_url"; do
  status="$(curl -s -o "$work/probe" -w '%{http_code}' -H "$auth" "$url")"
  [[ "$status" == 200 ]] || { echo "GET $url answered $status: $(head -c 300 "$work/probe")" >&2; exit 1; }
done
echo "response sizes: export $(curl -s -H "$auth" "$export_url" | wc -c) bytes, erasure plan $(curl -s -H "$auth" "$plan_url" | wc -c) bytes"

rss() { awk '/VmRSS/ { print int($2 / 1024) " MiB" }' "/proc/$server/status"; }
echo "load before: $(uptime)"
echo "server memory after start: $(rss)"
for name in export erasure-plan; do
  url="$export_url"; [[ "$name" == erasure-plan ]] && url="$plan_url"
  wrk -t1 -c10 -d3s -H "$auth" "$url" >/dev/null # warm-up: JIT, connection pools, EF Core's query cache
  echo "== $name: GET $url, $CONNECTIONS connections, $THREADS threads, $DURATION (memory before: $(rss))"
  sampler=""
  if [[ -n "${STACKS:-}" ]]; then
    mkdir -p "$STACKS"; (sleep 5; dotnet-stack report -p "$server" >"$STACKS/$name.txt" 2>&1 || true) & sampler=$!
  fi
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency -H "$auth" "$url" | tee "$work/$name.txt" \
    | grep -E "Requests/sec|Non-2xx|Socket errors|^\s+(50|99)%" || true
  [[ -z "$sampler" ]] || wait "$sampler"
  echo "   memory after: $(rss)"
done
echo "load after: $(uptime)"
