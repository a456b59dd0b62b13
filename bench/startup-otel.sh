#!/usr/bin/env bash
# Start-up time of a small Bento-on-Micronaut application (bench/HttpBenchApp: one module, one
# endpoint) with and without bento-runtime-otel and the OpenTelemetry jars on the class path,
# measured side by side: launches alternate, and each is timed from `java` to the first HTTP 200.
# The OTLP endpoint is a closed local port, as when a collector is not up yet.
# A third launch per run keeps the JDK sender eager, to show what the deferred sender saves.
# With ARCHIVE=1 each way (without, with) first trains its own start-up archive (the AOT cache on
# JDK 25, AppCDS on JDK 17) and every launch uses it, as the shipped image does; the eager way is
# left out then.
# Usage: [ARCHIVE=1] [JAVA_HOME=...] bench/startup-otel.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-7}
archive=${ARCHIVE:-0}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
java="$java_home/bin/java"
version=$("$java" -version 2>&1 | awk -F'"' '/version/{print $2}' | cut -d. -f1)
JAVA_HOME="$java_home" mvn -q -Pbench -pl bench -am install -DskipTests
JAVA_HOME="$java_home" mvn -q -Pbench -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
work=bench/target/startup-otel
mkdir -p "$work"
# the application's classes as a jar: a start-up archive refuses a non-empty directory on the class path
"$java_home/bin/jar" cf "$work/bench-app.jar" -C bench/target/classes .
full="$work/bench-app.jar:$(cat bench/target/bench-cp.txt)"
bare=$(tr ':' '\n' <<< "$full" | grep -v -e opentelemetry -e bento-runtime-otel | paste -sd:)
port=18080
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true' EXIT
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "port $port already answers: stop what listens there (ss -ltnp | grep $port)" >&2; exit 1
fi

start() { # classpath [java options...] -> the app in the background, its pid in $pid
  local cp=$1; shift
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$closed" "$java" "$@" -cp "$cp" com.bento.bench.http.HttpBenchApp \
    -micronaut.server.port=$port > "$work/last.log" 2>&1 &
  pid=$!
}
wait_200() { wait_answer "http://127.0.0.1:$port/prices/abc" "$pid" "$work/last.log"; }
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
first200() { # classpath [java options...] -> milliseconds from launch to the first 200
  local t0; t0=$(date +%s%N)
  start "$@"
  wait_200
  local t1; t1=$(date +%s%N)
  stop
  echo $(( (t1 - t0) / 1000000 ))
}

without_opts=(); with_opts=()
if [ "$archive" = 1 ]; then
  if [ "$version" -ge 25 ]; then train_opt=-XX:AOTCacheOutput; use_opt=-XX:AOTCache; ext=aot
  else train_opt=-XX:ArchiveClassesAtExit; use_opt=-XX:SharedArchiveFile; ext=jsa; fi
  for way in without with; do # one training run each: start, a few requests, SIGTERM (the archive is written at exit)
    cp=$bare; [ $way = with ] && cp=$full
    rm -f "$work/$way.$ext"
    start "$cp" "$train_opt=$work/$way.$ext"; wait_200
    for i in 1 2 3; do curl -sf -o /dev/null "http://127.0.0.1:$port/prices/train$i"; done
    stop
    [ -f "$work/$way.$ext" ] || { echo "training '$way' wrote no archive; its output:" >&2; cat "$work/last.log" >&2; exit 1; }
  done
  without_opts=("$use_opt=$work/without.$ext"); with_opts=("$use_opt=$work/with.$ext")
fi

# "eager": the OTLP exporters with the JDK sender made when the SDK is built, as before Bento's deferred
# sender (the SDK's preference setting names the JDK sender directly)
eager=-Dio.opentelemetry.sdk.common.export.HttpSenderProvider=io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider
without=(); with=(); eagers=(); ratio=(); ratio_eager=()
for r in $(seq 1 "$runs"); do
  without+=("$(first200 "$bare" "${without_opts[@]}")"); with+=("$(first200 "$full" "${with_opts[@]}")")
  ratio+=("$(awk -v a="${without[-1]}" -v b="${with[-1]}" 'BEGIN{printf "%.3f", b/a}')")
  line="run $r: without=${without[-1]} ms with=${with[-1]} ms"
  if [ "$archive" != 1 ]; then
    eagers+=("$(first200 "$full" "$eager")")
    ratio_eager+=("$(awk -v a="${without[-1]}" -v b="${eagers[-1]}" 'BEGIN{printf "%.3f", b/a}')")
    line+=" with-eager-sender=${eagers[-1]} ms"
  fi
  echo "$line"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mode="class path"; [ "$archive" = 1 ] && mode="class path, each way with its own archive ($ext)"
echo "JDK $version, $mode, $runs runs"
# launches of one run sit next to each other in time, so the ratio within a run resists the machine's drift
if [ "$archive" = 1 ]; then
  echo "medians: without=$(median "${without[@]}") ms with=$(median "${with[@]}") ms"
  echo "median of the per-run ratios: with/without=$(median "${ratio[@]}")"
else
  echo "medians: without=$(median "${without[@]}") ms with=$(median "${with[@]}") ms with-eager-sender=$(median "${eagers[@]}") ms"
  echo "median of the per-run ratios: with/without=$(median "${ratio[@]}") with-eager-sender/without=$(median "${ratio_eager[@]}")"
fi
