# Shared by the bin/ scripts: a Java 21+ JDK, and the machine's PostgreSQL and Redis running.
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
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
