#!/usr/bin/env bash
# Micronaut AOT on the bare shop (bench/bare-shop), JDK 25, side by side: the shop with its JDK AOT cache,
# and the same with Micronaut AOT's generated optimisations (service-loading tables, a precomputed and
# sealed environment, logback configured from code) on the class path, trained into its own cache.
# Each run launches both once, times the first 200 of GET /products and reads the RSS.
# Usage: bench/micronaut-aot.sh [runs] (default 7). Micronaut AOT 2.8.0: the micronaut-parent's 2.9.0
# CLI is not served by the Maven mirror here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-7}
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
work="$root/bench/target/micronaut-aot"; mkdir -p "$work"
port=18196
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true' EXIT

mvn -q -B -Pbench install -DskipTests -pl bench/bare-shop -am
(cd bench/bare-shop && mvn -q -B io.micronaut.maven:micronaut-maven-plugin:4.11.6:aot-analysis \
  -Dmicronaut.aot.enabled=true -Dmicronaut.aot.version=2.8.0 -Dmicronaut.aot.config=aot-jar.properties \
  -Dmicronaut.aot.packageName=bare.shop.aot -Dexec.mainClass=bare.shop.Application)
# the JDK's AOT cache takes jars only
jar cf "$work/bare-aot.jar" -C bench/bare-shop/target/aot/jit/generated/classes .
bare_cp="$(ls "$root"/bench/bare-shop/target/bench-bare-shop-*.jar):$(ls "$root"/bench/bare-shop/target/lib/*.jar | paste -sd:)"
aot_cp="$work/bare-aot.jar:$bare_cp"

start() {
  "$java" "$@" bare.shop.Application -micronaut.server.port=$port > "$work/last.log" 2>&1 &
  pid=$!
  until curl -m 5 -sf -o /dev/null "http://127.0.0.1:$port/products"; do
    kill -0 "$pid" 2>/dev/null || { echo "the shop died; its output:" >&2; cat "$work/last.log" >&2; exit 1; }
    sleep 0.005
  done
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
train() { # name classpath
  rm -f "$work/$1.aot"
  start -XX:AOTCacheOutput="$work/$1.aot" -cp "$2"
  local sku="train-$(date +%s%N)"
  curl -sf -o /dev/null -XPOST "http://127.0.0.1:$port/products" -H 'Content-Type: application/json' \
    -d "{\"sku\":\"$sku\",\"name\":\"Training\",\"price_cents\":1}"
  curl -sf -o /dev/null "http://127.0.0.1:$port/products"
  curl -sf -o /dev/null -XPOST "http://127.0.0.1:$port/orders" -H 'Content-Type: application/json' -d "{\"sku\":\"$sku\",\"quantity\":1}"
  stop
  echo "$1 cache: $(( $(stat -c %s "$work/$1.aot") / 1048576 )) MB"
}
one() { # name classpath -> "ms rss_kB"
  local t0; t0=$(date +%s%N)
  start -XX:AOTCache="$work/$1.aot" -cp "$2"
  local t1; t1=$(date +%s%N)
  local kb; kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
  stop
  echo "$(( (t1 - t0) / 1000000 )) $kb"
}
train plain "$bare_cp"
train micronaut-aot "$aot_cp"
ratios=(); rss_ratios=()
for r in $(seq 1 "$runs"); do
  read -r a ka < <(one plain "$bare_cp")
  read -r b kb < <(one micronaut-aot "$aot_cp")
  ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.3f", b/a}')")
  rss_ratios+=("$(awk -v a="$ka" -v b="$kb" 'BEGIN{printf "%.3f", b/a}')")
  echo "run $r: bare+cache=${a} ms ${ka} kB, bare+cache+micronaut-aot=${b} ms ${kb} kB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "median of per-run ratios, with Micronaut AOT / without: time $(median "${ratios[@]}"), RSS $(median "${rss_ratios[@]}")"
