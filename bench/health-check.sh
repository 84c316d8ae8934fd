#!/usr/bin/env bash
# What the container's HEALTHCHECK (docker/tom-health) costs per probe: wall time, CPU-seconds
# (user + system, the probe and its curl) and peak RSS, measured with GNU time over 20 probes of a
# running controller, plain HTTP and with a web configuration (TLS and basic auth).
# Usage: bench/health-check.sh      writes bench/health-check.md
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in curl openssl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
. bench/lib.sh

work=$(mktemp -d)
controller=""
trap stop_all EXIT
start_redis

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
  -subj "/CN=tom-monitoring" 2>/dev/null
# basic auth user "bench", password "bench-secret"
cat > "$work/web.yml" <<'WEB'
tls_server_config:
  cert_file: cert.pem
  key_file: key.pem
basic_auth_users:
  bench: "$2a$10$cS5tW2JL4VFNgG4LqfSgo.HK5h88WODwLqBYc3nMIvbHUaWM8H9YW"
WEB

measure() { # label, then the controller's extra environment (NAME=value ...)
  local label=$1; shift
  local port; port=$(free_port)
  env "$@" TOM_REDIS_URL="redis://127.0.0.1:$redis_port/0" TOM_HTTP_PORT="$port" \
    java -Xmx512m -XX:G1HeapRegionSize=4m -jar target/tom-monitoring.jar > "$work/controller.log" 2>&1 &
  controller=$!
  local probe_env=(TOM_HTTP_PORT="$port" "$@")
  until env "${probe_env[@]}" docker/tom-health 2>/dev/null; do sleep 0.5; done
  : > "$work/times"
  for _ in $(seq 1 20); do
    env "${probe_env[@]}" /usr/bin/time -a -o "$work/times" -f '%e %U %S %M' docker/tom-health
  done
  kill "$controller"; wait "$controller" 2>/dev/null || true; controller=""
  awk -v label="$label" '{ wall += $1; cpu += $2 + $3; if ($4 > rss) rss = $4; n++ }
    END { printf "| %s | %d | %.1f | %.1f | %.1f |\n", label, n, wall / n * 1000, cpu / n * 1000, rss / 1024 }' \
    "$work/times" | tee -a "$work/rows"
}

measure "plain HTTP"
measure "TLS and basic auth (TOM_WEB_CONFIG_FILE)" TOM_WEB_CONFIG_FILE="$work/web.yml"

{
  echo "# The container's health check: what one probe costs"
  echo
  echo "Written by \`bench/health-check.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(curl --version | head -1 | cut -d' ' -f1-2))."
  echo "Each row: 20 probes of a running controller by \`docker/tom-health\` (sh and curl), measured with GNU time;"
  echo "CPU is user + system of the probe and its curl, RSS the largest of them."
  echo
  echo "| controller | probes | wall ms (mean) | CPU ms (mean) | peak RSS MB |"
  echo "|---|---|---|---|---|"
  cat "$work/rows"
  echo
  echo "Before: the HEALTHCHECK started a JVM (\`java -Xmx32m -XX:TieredStopAtLevel=1 ... HealthProbe\`),"
  echo "measured in issue 20 at 1.0-1.3 s wall, 630-670 ms CPU and 62 MB peak RSS per probe."
} > bench/health-check.md
echo "wrote bench/health-check.md"
