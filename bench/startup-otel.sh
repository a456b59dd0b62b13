#!/usr/bin/env bash
# Start-up time of a small Bento-on-Micronaut application (bench/HttpBenchApp: one module, one
# endpoint) with and without bento-runtime-otel and the OpenTelemetry jars on the class path,
# measured side by side: launches alternate, and each is timed from `java` to the first HTTP 200.
# The OTLP endpoint is a closed local port, as when a collector is not up yet.
# A third launch per run keeps the JDK sender eager, to show what the deferred sender saves.
# Usage: bench/startup-otel.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
mvn -q -Pbench -pl bench -am install -DskipTests
mvn -q -Pbench -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
full="bench/target/classes:$(cat bench/target/bench-cp.txt)"
bare=$(tr ':' '\n' <<< "$full" | grep -v -e opentelemetry -e bento-runtime-otel | paste -sd:)
port=18080
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

first200() { # classpath [java options...] -> milliseconds from launch to the first 200
  local cp=$1; shift
  local t0; t0=$(date +%s%N)
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$closed" java "$@" -cp "$cp" com.bento.bench.http.HttpBenchApp \
    -micronaut.server.port=$port > /dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/prices/abc"; do sleep 0.005; done
  local t1; t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

# "eager": the OTLP exporters with the JDK sender made when the SDK is built, as before Bento's deferred
# sender (the SDK's preference setting names the JDK sender directly)
eager=-Dio.opentelemetry.sdk.common.export.HttpSenderProvider=io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider
without=(); with=(); eagers=(); ratio=(); ratio_eager=()
for r in $(seq 1 "$runs"); do
  without+=("$(first200 "$bare")"); with+=("$(first200 "$full")"); eagers+=("$(first200 "$full" "$eager")")
  ratio+=("$(awk -v a="${without[-1]}" -v b="${with[-1]}" 'BEGIN{printf "%.3f", b/a}')")
  ratio_eager+=("$(awk -v a="${without[-1]}" -v b="${eagers[-1]}" 'BEGIN{printf "%.3f", b/a}')")
  echo "run $r: without=${without[-1]} ms with=${with[-1]} ms with-eager-sender=${eagers[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "medians: without=$(median "${without[@]}") ms with=$(median "${with[@]}") ms with-eager-sender=$(median "${eagers[@]}") ms"
# launches of one run sit next to each other in time, so the ratio within a run resists the machine's drift
echo "median of the per-run ratios: with/without=$(median "${ratio[@]}") with-eager-sender/without=$(median "${ratio_eager[@]}")"
