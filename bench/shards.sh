#!/usr/bin/env bash
# Scrapes on a 3-primary Redis Cluster: 50,000 and 200,000 devices with one controller, 1,000,000
# split across 8 sharded controllers (see bench/README.md). Needs ~6 GB of RAM and ~15 minutes.
# Usage: bench/shards.sh          writes bench/shards.md
#   TOM_BENCH_JVM_OPTIONS="..."   the controllers' JVM options instead of the README's
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in redis-server redis-cli jstat; do
  command -v "$tool" >/dev/null || { echo "$tool is required (redis-server, redis-tools, a JDK)" >&2; exit 1; }
done
. bench/harness.sh
run_harness ShardBenchmark bench/shards.md
