#!/usr/bin/env bash
# The Micronaut host's JMH benchmarks (FilterBenchmark, ResponseWriteBenchmark). They reach the host's
# package-private types, so they are kept in the host's own test tree rather than in bench/ (a second
# jar with the package com.bento.runtime.micronaut would split it). This compiles that test tree with
# JMH's annotation processor and runs JMH on the class path.
# Usage: bench/host.sh [JMH arguments...] (default: both benchmarks, -f 1 -wi 3 -w 2 -i 5 -r 2).
# JAVA_HOME selects the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
host=modules/bento.runtime.micronaut
JAVA_HOME="$java_home" mvn -q -B install -DskipTests -pl "$host" -am
JAVA_HOME="$java_home" mvn -q -B -pl "$host" test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
if [ $# -eq 0 ]; then set -- "FilterBenchmark|ResponseWriteBenchmark" -f 1 -wi 3 -w 2 -i 5 -r 2; fi
# bench's logback.xml sends the access log to a NOP appender (the line is made, not written); the forks
# JMH starts inherit this JVM's arguments
exec "$java_home/bin/java" -Dlogback.configurationFile="$PWD/bench/src/main/resources/logback.xml" -cp "$host/target/test-classes:$host/target/classes:$(cat "$host/target/bench.classpath")" \
  org.openjdk.jmh.Main "$@"
