#!/usr/bin/env bash
# Runs the sample shop on the module path: every module in app-sample/launcher/target/modules
# (built by `mvn install`), found by ServiceLoader; the launcher names no module.
# On the embedded H2 database by default; DATABASE_URL=jdbc:postgresql://... (or postgres://...)
# runs it on PostgreSQL; BENTO_CONTRACTS=<dir> reads another contracts folder. Extra arguments go to
# Micronaut, e.g. -micronaut.server.port=8081.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
modules="$root/app-sample/launcher/target/modules"
if [ ! -d "$modules" ]; then
  echo "No module path at $modules: build first with 'mvn -q install -DskipTests'" >&2
  exit 1
fi
# one line per java.util.logging record (OpenTelemetry's logging exporter), shaped like the logback lines
exec java --module-path "$modules" --add-modules ALL-MODULE-PATH,jdk.jfr,jdk.zipfs \
  "-Djava.util.logging.SimpleFormatter.format=%1\$tH:%1\$tM:%1\$tS.%1\$tL %4\$-5s %3\$s - %5\$s%6\$s%n" \
  -Dbento.service-name=shop -Dbento.contracts="${BENTO_CONTRACTS:-$root/app-sample/contracts}" \
  -m bento.runtime.micronaut/com.bento.runtime.micronaut.BentoMicronaut "$@"
