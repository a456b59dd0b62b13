#!/usr/bin/env bash
# Start-up of the sample shop, launched seven ways side by side in one run: each launch is timed from
# the start of the command to the first HTTP 200 of GET /products, then its RSS is read and it is
# stopped with SIGTERM. Launches rotate through the ways run after run, so a noisy machine weighs on
# all of them alike; the table gives medians.
#   cp          the sample on the class path, plain `java`
#   cp+archive  the same with a start-up archive trained on it (AppCDS on JDK 17, AOT cache on 25)
#   mp          the sample on the module path (app-sample/run.sh's command)
#   image       jlink/target/image/bin/bento-sample (every module linked into the image), no archive
#   image+arch  the same after bin/bento-sample-train
#   bare        bench/bare-shop: the same endpoints and tables on plain Micronaut, no Bento, class path
#               (its H2 database is in memory, so it runs its Flyway migrations at every start; the
#               sample's is a file kept in the folder, so its restarts find the schema up to date)
#   bare+arch   the same with an archive trained the same way
# For the sample's launches it also reads /bento/startup and reports Bento's own share of the time to
# the first 200: discovery and ordering (resolution_time), registration (register_time) and the
# bridge into Micronaut (bridge_time).
# Usage: bench/startup.sh [runs] (default 7); JAVA_HOME selects the JDK (17 or 25).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
root=$(pwd)
runs=${1:-7}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
java="$java_home/bin/java"
version=$("$java" -version 2>&1 | awk -F'"' '/version/{print $2}' | cut -d. -f1)
work="$root/bench/target/startup"
mkdir -p "$work"

echo "building the sample, the bare shop and the image with JDK $version"
JAVA_HOME="$java_home" mvn -q -B -Pbench install -DskipTests
JAVA_HOME="$java_home" jlink/build-image.sh "$root" jlink/target/image > /dev/null

modules="$root/app-sample/launcher/target/modules"
sample_cp=$(ls "$modules"/*.jar | paste -sd:)
bare_cp="$(ls "$root"/bench/bare-shop/target/bench-bare-shop-*.jar):$(ls "$root"/bench/bare-shop/target/lib/*.jar | paste -sd:)"
sample_props=(-Dbento.service-name=shop -Dbento.contracts="$root/app-sample/contracts")
main=com.bento.runtime.micronaut.BentoMicronaut
port=18190
pid=""
# a launch left running by a failed step would answer the next launches' requests: stop it on any exit
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true' EXIT
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "port $port already answers: stop what listens there (ss -ltnp | grep $port)" >&2; exit 1
fi

if [ "$version" -ge 25 ]; then
  train_opt() { echo "-XX:AOTCacheOutput=$1.aot"; }
  use_opt() { echo "-XX:AOTCache=$1.aot"; }
else
  train_opt() { echo "-XX:ArchiveClassesAtExit=$1.jsa"; }
  use_opt() { echo "-XX:SharedArchiveFile=$1.jsa"; }
fi

launch() { # way -> starts it in the background on $port; the pid is in $pid
  case "$1" in
    cp) exec "$java" -cp "$sample_cp" "${sample_props[@]}" $main -micronaut.server.port=$port ;;
    cp+archive) exec "$java" $(use_opt "$work/sample-cp") -cp "$sample_cp" "${sample_props[@]}" $main -micronaut.server.port=$port ;;
    mp) exec "$java" --module-path "$modules" --add-modules ALL-MODULE-PATH,jdk.jfr,jdk.zipfs "${sample_props[@]}" \
          -m bento.runtime.micronaut/$main -micronaut.server.port=$port ;;
    image) exec jlink/target/image/bin/bento-sample -micronaut.server.port=$port ;;
    image+arch) exec jlink/target/image/bin/bento-sample -micronaut.server.port=$port ;;
    bare) exec "$java" -cp "$bare_cp" bare.shop.Application -micronaut.server.port=$port ;;
    bare+arch) exec "$java" $(use_opt "$work/bare") -cp "$bare_cp" bare.shop.Application -micronaut.server.port=$port ;;
  esac > "$work/last.log" 2>&1 &
  pid=$!   # each branch execs, so this is the JVM's pid
}

exercise() { # the requests a training run makes; a new product each time, as the database is kept between runs
  local sku="train-$(date +%s%N)"
  curl -sf -o /dev/null -XPOST "http://127.0.0.1:$port/products" -H 'Content-Type: application/json' \
    -d "{\"sku\":\"$sku\",\"name\":\"Training\",\"price_cents\":1}" || { echo "training: POST /products failed" >&2; exit 1; }
  curl -sf -o /dev/null "http://127.0.0.1:$port/products"
  curl -sf -o /dev/null -XPOST "http://127.0.0.1:$port/orders" -H 'Content-Type: application/json' \
    -d "{\"sku\":\"$sku\",\"quantity\":1}" || { echo "training: POST /orders failed" >&2; exit 1; }
}

wait_200() { wait_answer "http://127.0.0.1:$port/products" "$pid" "$work/last.log"; }

stop() {
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

train() { # name classpath main [props...]: one run that writes the archive at exit
  local name=$1 cp=$2 cls=$3; shift 3
  rm -f "$work/$name.jsa" "$work/$name.aot"
  "$java" $(train_opt "$work/$name") -cp "$cp" "$@" "$cls" -micronaut.server.port=$port > "$work/train-$name.log" 2>&1 &
  pid=$!
  wait_200; exercise; stop
}

echo "training the archives"
train sample-cp "$sample_cp" $main "${sample_props[@]}"
train bare "$bare_cp" bare.shop.Application
jlink/target/image/bin/bento-sample-train $port > /dev/null
# the image's launcher uses its archive whenever it is there: keep it aside for the runs without it
image_archive=$(ls jlink/target/image/lib/bento-sample.jsa jlink/target/image/lib/bento-sample.aot 2>/dev/null || true)
mv "$image_archive" "$work/image-archive"

ways=(cp cp+archive mp image image+arch bare bare+arch)
declare -A times rss shares
for r in $(seq 1 "$runs"); do
  line="run $r:"
  for way in "${ways[@]}"; do
    if [ "$way" = image+arch ]; then cp "$work/image-archive" "$image_archive"; else rm -f "$image_archive"; fi
    t0=$(date +%s%N)
    launch "$way"
    wait_200
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
    times[$way]+="$ms "; rss[$way]+="$kb "
    case "$way" in bare*) ;; *)
      share=$(curl -sf "http://127.0.0.1:$port/bento/startup" | python3 -c '
import json, sys
m = json.load(sys.stdin)
own = m["resolution_time"] + m["register_time"] + m["bridge_time"]
print("%.1f" % (own * 1000))')
      shares[$way]+="$(awk -v o="$share" -v t="$ms" 'BEGIN{printf "%.2f", 100*o/t}') "
      ;;
    esac
    stop
    line+=" $way=${ms}ms"
  done
  echo "$line"
done
cp "$work/image-archive" "$image_archive"

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A med
for way in "${ways[@]}"; do med[$way]=$(median <<< "${times[$way]}"); done
echo
echo "JDK $version, $runs runs each, $(nproc) cores; median ms from launch to the first 200 of GET /products"
echo "| way | median ms | vs cp | RSS after first 200 (MB) | Bento's own share |"
echo "|---|---|---|---|---|"
for way in "${ways[@]}"; do
  m=${med[$way]}
  r=$(median <<< "${rss[$way]}")
  s=$( [ -n "${shares[$way]:-}" ] && echo "$(median <<< "${shares[$way]}")%" || echo "-")
  printf '| %s | %s | %.3f | %.0f | %s |\n' "$way" "$m" "$(awk -v a="$m" -v b="${med[cp]}" 'BEGIN{print a/b}')" \
    "$(awk -v k="$r" 'BEGIN{print k/1024}')" "$s"
done
echo
printf 'sample cp / bare cp = %.3f; sample cp+archive / bare+arch = %.3f\n' \
  "$(awk -v a="${med[cp]}" -v b="${med[bare]}" 'BEGIN{print a/b}')" \
  "$(awk -v a="${med[cp+archive]}" -v b="${med[bare+arch]}" 'BEGIN{print a/b}')"
printf 'image+arch / bare+arch = %.3f (target <= 1.00 on JDK 25 with its AOT cache, <= 1.05 on JDK 17 with AppCDS)\n' \
  "$(awk -v a="${med[image+arch]}" -v b="${med[bare+arch]}" 'BEGIN{print a/b}')"
printf 'image+arch / cp = %.3f (target <= 0.35)\n' "$(awk -v a="${med[image+arch]}" -v b="${med[cp]}" 'BEGIN{print a/b}')"
printf 'RSS image+arch / bare+arch = %.3f (target <= 1.00)\n' \
  "$(awk -v a="$(median <<< "${rss[image+arch]}")" -v b="$(median <<< "${rss[bare+arch]}")" 'BEGIN{print a/b}')"
rm -f "$image_archive"
echo "image size without its archive: $(du -sh jlink/target/image | cut -f1)"
cp "$work/image-archive" "$image_archive"
echo "image size with its archive:    $(du -sh jlink/target/image | cut -f1)"
