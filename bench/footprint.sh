#!/usr/bin/env bash
# The controller's footprint with the README's JVM options, against the same options plus a
# class-data-sharing archive (AppCDS), and plus C1 only, in one run: wall time and CPU-seconds from
# start to ready, and RSS after 5 scrapes and 20 s idle (3 starts each, medians).
# Usage: bench/footprint.sh      writes bench/footprint.md
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

work=$(mktemp -d)
controller=""
trap stop_all EXIT
start_redis
README_OPTIONS="-Xmx512m -XX:G1HeapRegionSize=4m"
ticks=$(getconf CLK_TCK)

# the archive, as docker/Dockerfile builds it: a training run that starts, serves and stops
bin/cds-archive "$work/tom-monitoring.jsa" "redis://127.0.0.1:$redis_port/0" > "$work/training.log" 2>&1

start() { # JVM options; prints "wall-ms cpu-ms rss-mb"
  local port; port=$(free_port)
  local started; started=$(date +%s%N)
  # shellcheck disable=SC2086
  TOM_REDIS_URL="redis://127.0.0.1:$redis_port/0" TOM_HTTP_PORT="$port" java $1 -jar target/tom-monitoring.jar \
    > "$work/controller.log" 2>&1 &
  controller=$!
  until curl -sf "http://127.0.0.1:$port/observe/health/ready" >/dev/null 2>&1; do sleep 0.05; done
  local wall=$(( ($(date +%s%N) - started) / 1000000 ))
  local cpu; cpu=$(awk -v t="$ticks" '{ print int(($14 + $15) * 1000 / t) }' "/proc/$controller/stat")
  for _ in 1 2 3 4 5; do curl -sf "http://127.0.0.1:$port/api/metrics" > /dev/null; done
  sleep 20
  local rss; rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$controller/status")
  kill "$controller"; wait "$controller" 2>/dev/null || true; controller=""
  echo "$wall $cpu $rss"
}

measure() { # label, JVM options
  : > "$work/runs"
  for _ in 1 2 3; do start "$2" >> "$work/runs"; done
  median() { sort -n | sed -n 2p; }
  printf '| %s | `%s` | %s | %s | %s |\n' "$1" "$2" "$(cut -d' ' -f1 "$work/runs" | median)" \
    "$(cut -d' ' -f2 "$work/runs" | median)" "$(cut -d' ' -f3 "$work/runs" | median)" | tee -a "$work/rows"
}

measure "README's options" "$README_OPTIONS"
measure "+ CDS archive" "$README_OPTIONS -XX:SharedArchiveFile=$work/tom-monitoring.jsa"
measure "+ CDS archive, C1 only" "$README_OPTIONS -XX:SharedArchiveFile=$work/tom-monitoring.jsa -XX:TieredStopAtLevel=1"

{
  echo "# The controller's footprint: start-up and idle memory"
  echo
  echo "Written by \`bench/footprint.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -1))."
  echo "Each row: the median of 3 starts against an empty Redis. *to ready*: from the JVM's start until"
  echo "\`/observe/health/ready\` answers 200; *CPU*: the JVM's user + system CPU by then; *idle RSS*: after"
  echo "5 scrapes and 20 s idle. The archive comes from \`bin/cds-archive\`, as docker/Dockerfile builds it."
  echo
  echo "| JVM | options | to ready, ms | CPU to ready, ms | idle RSS, MB |"
  echo "|---|---|---|---|---|"
  sed "s|$work/||" "$work/rows"
} > bench/footprint.md
echo "wrote bench/footprint.md"
