# Shared by the bin/ scripts: a Java 21+ JDK, and the machine's PostgreSQL and Redis running.
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
# free_port FROM: the first port from FROM on that no socket uses, in any state. Start below the
# ephemeral range (32768 and up): an outgoing connection may hold any port there, and a server
# told to listen on it then fails to start (seen in CI with PostgreSQL on 55432).
free_port() {
  local p=$1
  while answers 127.0.0.1 "$p" || [ -n "$(ss -Htan "sport = :$p" 2>/dev/null)" ]; do p=$((p + 1)); done
  echo "$p"
}
# rss_mb PID: the process's resident set, MiB
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

ensure_postgres() {
  if ! answers 127.0.0.1 5432 && command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  fi
  answers 127.0.0.1 5432 || { echo "PostgreSQL is not answering at 127.0.0.1:5432" >&2; return 1; }
}

ensure_redis() {
  if ! answers 127.0.0.1 6379 && command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  fi
}

# one_benchmark_at_a_time SCRIPT "$@" (SCRIPT relative to the repository, the working directory):
# runs the calling script again under a machine-wide lock, or stops
# with one line when another benchmark holds it. Two at once measure each other, and the first to
# end drops the other's database (seen). The lock's descriptor is not passed on (-o), so a service
# or broker a benchmark starts cannot keep holding it.
one_benchmark_at_a_time() {
  [ -n "${EVENT_SERVICE_BENCH_LOCK:-}" ] && return 0
  local script=$1; shift
  local lock=/tmp/event-service-bench.lock
  if ! flock -n "$lock" true; then
    echo "$script: another benchmark is running on this machine (lock $lock); wait for it to end" >&2
    exit 2
  fi
  export EVENT_SERVICE_BENCH_LOCK=$lock
  exec flock -n -o "$lock" bash "$script" "$@"
}
