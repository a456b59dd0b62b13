#!/usr/bin/env bash
# Builds jlink/target/image: one run-time image of the JDK that runs the build (17 or 25) with every
# module of the sample shop linked in, the contracts in image/app/contracts, and the launcher
# image/bin/bento-sample. jlink takes explicit modules only, so the automatic ones (Micronaut, Netty,
# OpenTelemetry, HikariCP, ...) are first given module descriptors (jlink/src/main/java/shop/image/LinkAll.java).
# Linked, the launch needs no --module-path: the modules' descriptors and their resolved graph are in
# the image, which on JDK 17 saves the ~0.5 s the JVM spent finding and resolving 85 jars at each start.
#
# JDK modules: derived from what the sample uses, then verified by running it (see the image test):
# java.sql (JDBC), java.naming (HikariCP, H2), java.management (HikariCP, Micronaut), java.xml (logback,
# for a configuration file given with -Dlogback.configurationFile), java.net.http (OpenTelemetry's OTLP sender), java.logging, jdk.unsupported (Netty, Bento's SIGTERM handling), jdk.zipfs (Micronaut
# opens jars as file systems) and jdk.jfr (Netty's HTTP server records JFR events on each request);
# jdeps asks for java.desktop, java.compiler and java.scripting, which only H2's tools use (LinkAll makes
# such requires static), and misses jdk.zipfs.
# Usage: jlink/build-image.sh <project root> <image dir>
set -euo pipefail
root=$1; image=$2
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
modules="$root/app-sample/launcher/target/modules"
[ -d "$modules" ] || { echo "no $modules: build app-sample first" >&2; exit 1; }
version=$("$java_home/bin/java" -version 2>&1 | awk -F'"' '/version/{print $2}' | cut -d. -f1)

rm -rf "$image"
jdk_modules=java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.unsupported,jdk.zipfs,jdk.jfr
work="$image.link"
"$java_home/bin/java" "$root/jlink/src/main/java/shop/image/LinkAll.java" "$modules" "$work" "$jdk_modules"
roots=$(cat "$work/roots.txt")
jmods=""
[ -d "$java_home/jmods" ] && jmods="$java_home/jmods:"   # Temurin 25 has none: it links from its own run-time image
compress=2; [ "$version" -ge 21 ] && compress=zip-6
# native debug symbols are of no use in a shipped runtime: libjvm.so loses a few megabytes
strip_native=""
command -v objcopy > /dev/null && strip_native="--strip-native-debug-symbols=objcopy=$(command -v objcopy)"
"$java_home/bin/jlink" --module-path "$jmods$work/linked" \
  --add-modules "$jdk_modules,$roots" \
  --strip-debug $strip_native --no-header-files --no-man-pages --compress="$compress" --generate-cds-archive \
  --output "$image"
# The JDK's default CDS archive is kept (classes.jsa); its twin for heaps of 32 GB and more, where
# compressed oops are off, is dropped: 11 MB that a service of this size never uses (such a JVM
# still runs, without the default archive).
rm -f "$image/lib/server/classes_nocoops.jsa"

mkdir -p "$image/app"
cp -r "$root/app-sample/contracts" "$image/app/contracts"
# the contracts checked now, as the image's launcher will name them, so its first start reads the compiled
# file instead of parsing and meta-validating every file (a copied .bento from a local run is not trusted)
rm -rf "$image/app/contracts/.bento"
image_abs=$(cd "$image" && pwd)
# only the checker and a logging back end for its library: without the SLF4J bridge for System.Logger, the
# JDK's own exit logging stays at its INFO default instead of printing a DEBUG stack trace
"$image/bin/java" --limit-modules bento.runtime.contracts,ch.qos.logback.classic \
  -m bento.runtime.contracts/com.bento.contracts.CompileContracts "$image_abs/app/contracts"
echo "$version" > "$image/app/jdk-version"

{
  echo '#!/bin/sh'
  echo '# Runs the sample shop with this image'"'"'s Java and the modules linked into it. Uses the start-up'
  echo '# archive made by bento-sample-train when it is there: the AOT cache on JDK 25, AppCDS on JDK 17.'
  # nothing requires some of the modules Micronaut needs (its serde, for one): every linked module is a root
  echo "roots=$roots"
  cat <<'LAUNCHER'
here=$(cd "$(dirname "$0")/.." && pwd)
archive=""
if [ -f "$here/lib/bento-sample.aot" ]; then
  archive="-XX:AOTCache=$here/lib/bento-sample.aot"
elif [ -f "$here/lib/bento-sample.jsa" ]; then
  archive="-XX:SharedArchiveFile=$here/lib/bento-sample.jsa"
fi
# jdk.jfr and jdk.zipfs are used without being required by any module (Netty records JFR events,
# Micronaut opens jars as file systems), so they are added by name
# one line per java.util.logging record (OpenTelemetry's logging exporter), shaped like the logback lines
exec "$here/bin/java" $archive $BENTO_JAVA_OPTS --add-modules "$roots,jdk.jfr,jdk.zipfs" \
  "-Djava.util.logging.SimpleFormatter.format=%1\$tH:%1\$tM:%1\$tS.%1\$tL %4\$-5s %3\$s - %5\$s%6\$s%n" \
  -Dbento.service-name=shop -Dbento.contracts="${BENTO_CONTRACTS:-$here/app/contracts}" \
  -m bento.runtime.micronaut/com.bento.runtime.micronaut.BentoMicronaut "$@"
LAUNCHER
} > "$image/bin/bento-sample"
chmod +x "$image/bin/bento-sample"

cat > "$image/bin/bento-sample-train" <<'TRAIN'
#!/bin/sh
# Makes the start-up archive: runs the shop, calls its endpoints, stops it with SIGTERM; the JVM
# writes the archive at exit (AOT cache on JDK 25, dynamic AppCDS archive on JDK 17).
# The shop runs twice: first on an empty database, which it migrates, then on that database, now up
# to date, with the archive recorded. The archive so holds what a restart loads and not what only a
# first start on an empty database needs (Flyway, DDL): on JDK 25 every class in the AOT cache is
# loaded at start, used or not, so those classes would cost every restart time and memory.
here=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-18765}
rm -f "$here/lib/bento-sample.aot" "$here/lib/bento-sample.jsa"
if [ "$(cat "$here/app/jdk-version")" -ge 25 ]; then
  opts="-XX:AOTCacheOutput=$here/lib/bento-sample.aot"
else
  opts="-XX:ArchiveClassesAtExit=$here/lib/bento-sample.jsa"
fi
# in a folder of its own: the training runs' embedded database is thrown away with it
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
run() { # JVM options, log file, whether to make a client's requests: one run of the shop
  BENTO_JAVA_OPTS="$1" "$here/bin/bento-sample" -micronaut.server.port=$port > "$2" 2>&1 &
  pid=$!
  i=0
  until curl -m 10 -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    i=$((i+1))
    if [ $i -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
      echo "training run did not start; see $2" >&2; kill $pid 2>/dev/null; exit 1
    fi
    sleep 0.1
  done
  if [ "$3" = requests ]; then
    # a new product each time: the database outlives the run, and a repeated one would train the 409 path instead
    sku="train-$(date +%s%N)"
    curl -m 10 -sf -o /dev/null -XPOST "http://127.0.0.1:$port/products" -H 'Content-Type: application/json' \
      -d "{\"sku\":\"$sku\",\"name\":\"Training\",\"price_cents\":1}" || echo "training: POST /products failed" >&2
    curl -m 10 -sf -o /dev/null "http://127.0.0.1:$port/products"
    curl -m 10 -sf -o /dev/null -XPOST "http://127.0.0.1:$port/orders" -H 'Content-Type: application/json' \
      -d "{\"sku\":\"$sku\",\"quantity\":1}" || echo "training: POST /orders failed" >&2
    curl -m 10 -sf -o /dev/null "http://127.0.0.1:$port/bento/info"
  fi
  kill -TERM $pid
  wait $pid || true
}
# the first run only migrates: it records nothing, so requests would be work for nothing
run "" "$here/lib/train-migrate.log" no-requests
run "$opts" "$here/lib/train.log" requests
ls "$here"/lib/bento-sample.* >/dev/null 2>&1 || { echo "no archive written; see $here/lib/train.log" >&2; exit 1; }
TRAIN
chmod +x "$image/bin/bento-sample-train"
du -sh "$image" | awk '{print "image size: " $1}'
