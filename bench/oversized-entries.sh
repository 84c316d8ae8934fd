#!/usr/bin/env bash
# What reading tom:failed_commands costs Redis itself, within the 8 MB entry bound and past it
# (docs/api.md, "Entries past 8 MB"). Starts a throwaway redis-server and the controller as the
# README does, writes the entries with redis-cli, then for each case requests failed_commands and
# device_stats while a second client pings Redis, and reports Redis's own SLOWLOG time of the
# controller's longest script and the longest ping seen beside the request.
# Usage: bench/oversized-entries.sh      writes bench/oversized-entries.md
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

work=$(mktemp -d)
controller=""
trap stop_all EXIT
start_redis --slowlog-log-slower-than 0 --slowlog-max-len 100000
http_port=$(free_port)
cli() { redis-cli -p "$redis_port" "$@"; }

TOM_REDIS_URL="redis://127.0.0.1:$redis_port/0" TOM_HTTP_PORT=$http_port \
  java -Xmx512m -XX:G1HeapRegionSize=4m -jar target/tom-monitoring.jar > "$work/controller.log" 2>&1 &
controller=$!
until curl -sf "http://127.0.0.1:$http_port/observe/health/ready" >/dev/null 2>&1; do sleep 0.2; done

add_entries() { # count size-in-bytes job-prefix
  head -c "$2" /dev/zero | tr '\0' e > "$work/field"
  for i in $(seq 1 "$1"); do
    cli -x XADD tom:failed_commands '*' device 10.7.7.7 error_type other command show job_id "$3-$i" attempts 1 \
      error < "$work/field" > /dev/null
  done
}

measure() { # label path
  cli slowlog reset > /dev/null
  # a client beside the request: PING every 10 ms, the longest wait for PONG in ms when stopped
  python3 -c '
import signal, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
longest, running = 0.0, True
def stop(*_):
    global running
    running = False
signal.signal(signal.SIGTERM, stop)
while running:
    started = time.monotonic()
    s.sendall(b"PING\r\n")
    reply = b""
    while not reply.endswith(b"\r\n"):
        reply += s.recv(64)
    longest = max(longest, (time.monotonic() - started) * 1000)
    time.sleep(0.01)
print("%.1f" % longest)
' "$redis_port" > "$work/latency" &
  local pinger=$!
  sleep 1
  local started status
  started=$(date +%s%N)
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://127.0.0.1:$http_port$2")
  local wall=$(( ($(date +%s%N) - started) / 1000000 ))
  sleep 1
  kill -TERM "$pinger" 2>/dev/null || true
  wait "$pinger" 2>/dev/null || true
  # SLOWLOG entries: id, time, microseconds, command...; the controller's scripts are EVAL_RO
  local script_us
  script_us=$(cli --raw slowlog get 100000 | awk 'prev_is_time { us = $1; prev_is_time = 0; next }
    /^[0-9]{10}$/ { prev_is_time = 1; next } /^EVAL_RO$/ && us > max { max = us } END { print max + 0 }')
  local ping_max
  ping_max=$(cat "$work/latency")
  printf '| %s | %s | %s | %d | %.1f | %s |\n' "$1" "$2" "$status" "$wall" "$(echo "$script_us / 1000" | bc -l)" \
    "${ping_max:-?}" | tee -a "$work/rows"
}

add_entries 120 $((3 * 1024 * 1024)) three-mb
add_entries 20 $((8 * 1024 * 1024 - 4096)) eight-mb
measure "120 x 3 MB + 20 x 8 MB" "/api/monitoring/failed_commands?limit=1000"
measure "same" "/api/monitoring/device_stats/10.7.7.7"
add_entries 1 $((150 * 1024 * 1024)) huge
measure "+ 1 x 150 MB (newest)" "/api/monitoring/failed_commands?limit=10"
measure "same, again" "/api/monitoring/failed_commands?limit=10"

{
  echo "# Oversized tom:failed_commands entries: what a read costs Redis"
  echo
  echo "Written by \`bench/oversized-entries.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(redis-server --version | cut -d' ' -f3), the README's JVM options)."
  echo "*longest script*: Redis's own SLOWLOG time of the controller's longest Lua script during the request;"
  echo "*longest ping*: the longest another client, sending PING every 10 ms meanwhile, waited for PONG (ms)."
  echo
  echo "| entries | request | status | wall ms | longest script ms | longest ping ms |"
  echo "|---|---|---|---|---|---|"
  cat "$work/rows"
  echo
  grep -o 'Entry [^ ]* of tom:failed_commands is [^:]*' "$work/controller.log" | sed 's/^/Logged: /' | head -3
} > bench/oversized-entries.md
echo "wrote bench/oversized-entries.md"
