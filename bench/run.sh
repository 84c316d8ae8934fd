#!/usr/bin/env bash
# Scrape and stats-summary benchmark at 100, 5,000, 50,000 and 200,000 devices (see bench/README.md).
# Usage: bench/run.sh            writes bench/RESULTS.md
#   TOM_BENCH_JVM_OPTIONS="..."  the controller's JVM options instead of the README's
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server is required (apt-get install redis-server)" >&2; exit 1; }
command -v jstat >/dev/null || { echo "jstat (from the JDK) is required" >&2; exit 1; }
. bench/harness.sh
run_harness ScrapeBenchmark bench/RESULTS.md
