#!/usr/bin/env bash
# The contracts gate in a cold JVM: each launch is a fresh `java` on the sample's module path that
# finds the contracts provider with ServiceLoader and checks app-sample/contracts once
# (com.bento.bench.gate.GateCold prints the milliseconds of that call, class loading included).
# Two ways, alternating launch by launch so a noisy machine weighs on both alike:
#   full      bento.contracts.compiled=off: parse YAML and JSON, meta-validate and compile the schemas
#   compiled  the folder's compiled file (written by the first check; see CompiledContracts)
# Usage: bench/contracts-gate.sh [runs] (default 15); JAVA_HOME selects the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
java="$java_home/bin/java"
JAVA_HOME="$java_home" mvn -q -B -Pbench install -DskipTests
modules=app-sample/launcher/target/modules
folder="$PWD/app-sample/contracts"
once() { # way -> milliseconds
  "$java" -Dbento.contracts.compiled="$1" -p "$modules" --add-modules bento.runtime.contracts -cp bench/target/classes \
    com.bento.bench.gate.GateCold "$folder" infra catalog ordering events cache | awk '$2=="passed"{print $1} $2!="passed"{print "gate failed: " $0 > "/dev/stderr"; exit 1}'
}
once "" > /dev/null   # writes the compiled file
full=(); compiled=()
for r in $(seq 1 "$runs"); do
  full+=("$(once off)"); compiled+=("$(once "")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
a=$(median "${full[@]}"); b=$(median "${compiled[@]}")
echo "JDK $("$java" -version 2>&1 | awk -F'"' '/version/{print $2}'), $runs runs each"
echo "full:     median $a ms (min $(printf '%s\n' "${full[@]}" | sort -n | head -1), max $(printf '%s\n' "${full[@]}" | sort -n | tail -1))"
echo "compiled: median $b ms (min $(printf '%s\n' "${compiled[@]}" | sort -n | head -1), max $(printf '%s\n' "${compiled[@]}" | sort -n | tail -1))"
echo "compiled/full = $(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.3f", b/a}')"
