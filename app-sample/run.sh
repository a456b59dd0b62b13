#!/usr/bin/env bash
# Runs the sample shop on the module path: every module in app-sample/launcher/target/modules
# (built by `mvn install`), found by ServiceLoader; the launcher names no module.
# On the embedded H2 database by default; DATABASE_URL=jdbc:postgresql://... (or postgres://...)
# runs it on PostgreSQL. Extra arguments go to Micronaut, e.g. -micronaut.server.port=8081.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
modules="$root/app-sample/launcher/target/modules"
if [ ! -d "$modules" ]; then
  echo "No module path at $modules: build first with 'mvn -q install -DskipTests'" >&2
  exit 1
fi
exec java --module-path "$modules" --add-modules ALL-MODULE-PATH,jdk.jfr,jdk.zipfs \
  -Dbento.service-name=shop -Dbento.contracts="$root/app-sample/contracts" \
  -m bento.runtime.micronaut/com.bento.runtime.micronaut.BentoMicronaut "$@"
