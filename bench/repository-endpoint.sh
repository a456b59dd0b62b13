#!/usr/bin/env bash
# Throughput of an endpoint that reads one product through Bento's pool (bench/HttpBenchApp with
# -Dbench.db), on the embedded H2 default and on PostgreSQL at 127.0.0.1:5432, alternating rounds.
# The server is pinned to CPU 0 (one active processor), wrk to CPU 1; the database server, for
# PostgreSQL, competes with both. Usage: bench/repository-endpoint.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; secs=${2:-10}
mvn -q -Pbench -pl bench -am install -DskipTests
mvn -q -Pbench -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
cp="bench/target/classes:$(cat bench/target/bench-cp.txt)"
psql -q -h 127.0.0.1 -U postgres -d test -c "drop table if exists bench_product, bento_schema_benchstore, bento_migration_history, bento_schema_state" || true

run() { # db -> requests/s
  local log; log=$(mktemp)
  taskset -c 0 java -Xms256m -Xmx256m -XX:ActiveProcessorCount=1 -cp "$cp" -Dbench.db="$1" \
    com.bento.bench.http.HttpBenchApp -micronaut.server.port=0 > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 150); do grep -q READY "$log" && break; sleep 0.1; done
  local port; port=$(awk '/READY/{print $2}' "$log")
  taskset -c 1 wrk -t1 -c16 -d3s "http://127.0.0.1:$port/products/2" > /dev/null
  taskset -c 1 wrk -t1 -c16 -d"${secs}s" "http://127.0.0.1:$port/products/2" | awk '/Requests\/sec/{print $2}'
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -f "$log"
}
for r in $(seq 1 "$rounds"); do
  echo "round $r: h2=$(run h2) postgres=$(run postgres) req/s"
done
