# Sourced by the bench scripts (footprint, health-check, oversized-entries), run from the
# repository's root: a throwaway redis-server and controller, and what stops them.
#   work=$(mktemp -d); controller=""; trap stop_all EXIT; start_redis [redis-server options]

# the jar, built when missing, and redis-server
command -v redis-server >/dev/null || { echo "redis-server is required (apt-get install redis-server)" >&2; exit 1; }
[ -f target/tom-monitoring.jar ] || mvn -q -B -DskipTests package

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# a redis-server on a free loopback port ($redis_port), its files in $work
start_redis() {
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize yes \
    --logfile "$work/redis.log" "$@"
  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done
}

# the controller ($controller, when running), Redis and $work
stop_all() {
  [ -n "${controller:-}" ] && kill "$controller" 2>/dev/null && wait "$controller" 2>/dev/null || true
  [ -n "${redis_port:-}" ] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
