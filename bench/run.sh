#!/usr/bin/env bash
# Scrape and stats-summary benchmark at 100, 5,000 and 50,000 devices (see bench/README.md).
# Usage: bench/run.sh            writes bench/RESULTS.md
#   TOM_BENCH_JVM_OPTIONS="..."  the controller's JVM options instead of the README's
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server is required (apt-get install redis-server)" >&2; exit 1; }
command -v jstat >/dev/null || { echo "jstat (from the JDK) is required" >&2; exit 1; }

# the controller's JVM options, exactly as README.md and docker/Dockerfile start it
CONTROLLER_JVM_OPTIONS="${TOM_BENCH_JVM_OPTIONS:--Xmx512m -XX:G1HeapRegionSize=4m}"

mvn -q -B -DskipTests package
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.tom.monitoring.bench.ScrapeBenchmark target/tom-monitoring.jar bench/RESULTS.md "$CONTROLLER_JVM_OPTIONS"
