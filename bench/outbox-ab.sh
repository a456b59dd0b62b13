#!/usr/bin/env bash
# Outbox relay throughput of two revisions side by side on the PostgreSQL at 127.0.0.1:5432: builds
# bench/target/benchmarks.jar for each (in temporary git worktrees, both with this checkout's
# OutboxThroughput harness, so only the runtime differs), then runs them alternately (old, new, new,
# old) for events over 1, 10 and 200 aggregates. Usage: bench/outbox-ab.sh <old-rev> [new-rev]
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: bench/outbox-ab.sh <old-rev> [new-rev]}; new=${2:-HEAD}
harness=bench/src/main/java/com/bento/bench/events/OutboxThroughput.java
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old" 2>/dev/null; git worktree remove --force "$work/new" 2>/dev/null; rm -rf "$work"' EXIT
for v in old new; do
  rev=$old; [ $v = new ] && rev=$new
  git worktree add -q "$work/$v" "$rev"
  cp "$harness" "$work/$v/$harness"
  (cd "$work/$v" && mvn -q -B -Pbench -DskipTests package -pl bench -am)
  cp "$work/$v/bench/target/benchmarks.jar" "$work/$v.jar"
done
for agg in 1 10 200; do
  n=500; [ "$agg" = 200 ] && n=3000
  for v in old new new old; do
    printf '%s, %s aggregate(s): ' "$v" "$agg"
    java -cp "$work/$v.jar" com.bento.bench.events.OutboxThroughput "$n" 2 4 "$agg" 2>/dev/null | grep median
  done
done
