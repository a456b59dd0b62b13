#!/usr/bin/env bash
# Two builds of the sample's image side by side: trains each one's start-up archive
# (bin/bento-sample-train), then launches them in turn, run after run, timing each from the start of
# the command to the first HTTP 200 of GET /products and reading its RSS then; prints medians and the
# ratio B/A. For comparing two ways of building the image (say, a build-image.sh of an earlier commit,
# `git show <commit>:jlink/build-image.sh > /tmp/old.sh; bash /tmp/old.sh . /tmp/old-image`).
# Usage: bench/image-ab.sh <image A> <image B> [runs] (default 7)
# FRESH=1 starts each launch in an empty folder, so on an empty embedded database that it migrates
# (a first start); by default every launch after the first finds the database up to date (a restart).
# Each launch's database phase (`database_time` of /bento/startup: pool, migrations) is printed beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
a=$1; b=$2; runs=${3:-7}
port=18191
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -rf "$work"' EXIT
for image in "$a" "$b"; do
  [ -x "$image/bin/bento-sample" ] || { echo "no $image/bin/bento-sample: build the image first" >&2; exit 1; }
  "$image/bin/bento-sample-train" $port > /dev/null
done
declare -A times rss dbs
for r in $(seq 1 "$runs"); do
  line="run $r:"
  for way in A B; do
    image=$a; [ $way = B ] && image=$b
    # each way on a database of its own: two builds may keep their schema differently
    dir=$work/$way; mkdir -p "$dir"
    if [ "${FRESH:-0}" = 1 ]; then dir=$work/$way-$r; mkdir "$dir"; fi
    t0=$(date +%s%N)
    (cd "$dir" && exec "$image/bin/bento-sample" -micronaut.server.port=$port > "$work/last.log" 2>&1) &
    pid=$!
    wait_answer "http://127.0.0.1:$port/products" "$pid" "$work/last.log"
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    # the JVM is the subshell's exec'd child: its pid is the subshell's
    kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
    db=$(curl -s -m 10 "http://127.0.0.1:$port/bento/startup" | grep -o '"database_time":[0-9.]*' | cut -d: -f2 \
      | awk '{printf "%d", $1 * 1000}')
    times[$way]+="$ms "; rss[$way]+="$kb "; dbs[$way]+="${db:-0} "
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    line+=" $way=${ms}ms (database ${db:-?}ms)"
  done
  echo "$line"
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ma=$(median <<< "${times[A]}"); mb=$(median <<< "${times[B]}")
ra=$(median <<< "${rss[A]}"); rb=$(median <<< "${rss[B]}")
da=$(median <<< "${dbs[A]}"); dbb=$(median <<< "${dbs[B]}")
echo "A = $a: median $ma ms, RSS $((ra / 1024)) MB, database phase $da ms"
echo "B = $b: median $mb ms, RSS $((rb / 1024)) MB, database phase $dbb ms"
printf 'B / A = %.3f (time), %.3f (RSS), %.3f (database phase); %s runs, %s cores\n' \
  "$(awk -v x="$mb" -v y="$ma" 'BEGIN{print x/y}')" "$(awk -v x="$rb" -v y="$ra" 'BEGIN{print x/y}')" \
  "$(awk -v x="$dbb" -v y="$da" 'BEGIN{print (y > 0) ? x/y : 0}')" "$runs" "$(nproc)"
