#!/usr/bin/env bash
# Runs the docker-compose.yml demo without Docker: the same files in the same places under a scratch
# root, the collector started exactly as the image starts it (its ENTRYPOINT and CMD: the
# `egressguard` wrapper with `drain --follow`, configured by COLLECTOR_* variables), the example app
# run as the compose file runs it (plain `java -jar`, attached only through JAVA_TOOL_OPTIONS), then
# the report that `docker compose exec collector egressguard report` prints.
# Build first: ./mvnw -B -q -DskipTests package. Store: SQLite, or COLLECTOR_STORE=postgresql://...
# Usage: docker/run-without-docker.sh [ROOT]   (default: a new temporary directory, removed at exit)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
AGENT_JAR="$REPO/agent/target/egressguard-agent.jar"
COLLECTOR_BUILD_JAR="$REPO/collector/target/egressguard-collector.jar"
APP_JAR="$REPO/examples/phone-home/target/phone-home.jar"
for f in "$AGENT_JAR" "$COLLECTOR_BUILD_JAR" "$APP_JAR"; do
  [ -f "$f" ] || { echo "run-without-docker: $f is missing; build first: ./mvnw -B -q -DskipTests package" >&2; exit 1; }
done
if [ $# -gt 0 ]; then ROOT="$1"; mkdir -p "$ROOT"; else ROOT="$(mktemp -d)"; trap 'rm -rf "$ROOT"' EXIT; fi
ROOT="$(cd "$ROOT" && pwd)"

echo "== layout under $ROOT"
# Dockerfile.agent, then the compose `agent` service copying it into the shared `agent` volume
install -D -m 0444 "$AGENT_JAR" "$ROOT/opt/egressguard/egressguard-agent.jar"
install -D -m 0444 "$ROOT/opt/egressguard/egressguard-agent.jar" "$ROOT/egressguard/agent/egressguard-agent.jar"
# Dockerfile.collector
install -D -m 0644 "$COLLECTOR_BUILD_JAR" "$ROOT/opt/egressguard/egressguard-collector.jar"
install -D -m 0755 "$REPO/docker/egressguard" "$ROOT/usr/local/bin/egressguard"
install -d -m 0700 "$ROOT/var/lib/egressguard/journal" "$ROOT/var/lib/egressguard/db"
# Dockerfile.example
install -D -m 0644 "$APP_JAR" "$ROOT/app/phone-home.jar"
find "$ROOT" -type f | sed "s|^$ROOT||" | sort

# The collector container's environment (Dockerfile.collector ENV, compose may override the store).
collector_env=(
  "PATH=$PATH"
  "COLLECTOR_JAR=$ROOT/opt/egressguard/egressguard-collector.jar"
  "COLLECTOR_QUEUE=$ROOT/var/lib/egressguard/journal"
  "COLLECTOR_STORE=${COLLECTOR_STORE:-sqlite:$ROOT/var/lib/egressguard/db/egressguard.db}"
)
collector() { (cd "$ROOT/var/lib/egressguard" && env -i "${collector_env[@]}" "$ROOT/usr/local/bin/egressguard" "$@"); }

echo
echo "== collector: egressguard drain --follow (the image's ENTRYPOINT and CMD)"
(cd "$ROOT/var/lib/egressguard" && exec env -i "${collector_env[@]}" "$ROOT/usr/local/bin/egressguard" drain --follow) \
  > "$ROOT/collector.log" 2>&1 &
COLLECTOR_PID=$!
stop_collector() { kill -TERM "$COLLECTOR_PID" 2>/dev/null && wait "$COLLECTOR_PID" || true; }
trap 'stop_collector; [ $# -gt 0 ] || rm -rf "$ROOT"' EXIT

echo
echo "== app: java -jar /app/phone-home.jar with JAVA_TOOL_OPTIONS only"
env -i "PATH=$PATH" "HOME=$ROOT/app" \
  "JAVA_TOOL_OPTIONS=-javaagent:$ROOT/egressguard/agent/egressguard-agent.jar=queue=$ROOT/var/lib/egressguard/journal" \
  java -jar "$ROOT/app/phone-home.jar"

echo
echo "== waiting for the collector to store the attempt"
for _ in $(seq 1 60); do
  if collector events --format jsonl 2>/dev/null | grep -q '"host":"telemetry.plane.so"'; then break; fi
  sleep 0.5
done
collector drain --status
echo
stop_collector
echo "-- collector log"
cat "$ROOT/collector.log"

echo
echo "== egressguard report (as: docker compose exec collector egressguard report)"
collector report | tee "$ROOT/report.txt"
grep -q 'telemetry.plane.so' "$ROOT/report.txt" || { echo "run-without-docker: the report does not show the phone-home attempt" >&2; exit 1; }
