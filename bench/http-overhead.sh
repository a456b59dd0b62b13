#!/usr/bin/env bash
# Throughput of one JSON endpoint with and without Bento's request filter (request id, timing,
# in-flight count, route check), measured side by side: rounds alternate off/on so drift on this
# shared machine hits both. The server is pinned to CPU 0 and wrk to CPU 1 (taskset), so that they
# do not fight for one core. Needs wrk (apt-get install wrk). Usage: bench/http-overhead.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}; secs=${2:-10}
mvn -q -Pbench -pl bench -am install -DskipTests
mvn -q -Pbench -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
cp="bench/target/classes:$(cat bench/target/bench-cp.txt)"

run() { # filter-enabled -> prints requests/s
  local log; log=$(mktemp)
  taskset -c 0 java -Xms256m -Xmx256m -XX:ActiveProcessorCount=1 -cp "$cp" -Dbento.filter.enabled="$1" com.bento.bench.http.HttpBenchApp \
    -micronaut.server.port=0 > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do grep -q READY "$log" && break; sleep 0.1; done
  local port; port=$(awk '/READY/{print $2}' "$log")
  taskset -c 1 wrk -t1 -c16 -d3s "http://127.0.0.1:$port/prices/abc" > /dev/null          # warm-up
  taskset -c 1 wrk -t1 -c16 -d"${secs}s" "http://127.0.0.1:$port/prices/abc" | awk '/Requests\/sec/{print $2}'
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -f "$log"
}

off=(); on=()
for r in $(seq 1 "$rounds"); do
  off+=("$(run false)"); on+=("$(run true)")
  echo "round $r: off=${off[-1]} on=${on[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
m_off=$(median "${off[@]}"); m_on=$(median "${on[@]}")
echo "median off=$m_off on=$m_on req/s; on/off=$(awk -v a="$m_on" -v b="$m_off" 'BEGIN{printf "%.3f", a/b}')"
