#!/usr/bin/env bash
# The quick-start demo: an app that phones home runs under the agent, the collector drains its
# journal into SQLite and prints the report. Build first: ./mvnw -B -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")"
AGENT=agent/target/egressguard-agent.jar
COLLECTOR=collector/target/egressguard-collector.jar
APP=examples/phone-home/target/phone-home.jar
# One small app per HTTP client: each calls its own local service (allowed) and posts a usage
# report to a tracker domain (refused by the built-in catalog before any lookup).
CLIENTS="http-urlconnection http-client okhttp netty reactor-netty vertx"
CLIENT_JARS=""
for c in $CLIENTS; do CLIENT_JARS="$CLIENT_JARS examples/$c/target/$c.jar"; done
for f in "$AGENT" "$COLLECTOR" "$APP" $CLIENT_JARS; do
  [ -f "$f" ] || { echo "demo: $f is missing; build first: ./mvnw -B -q -DskipTests package" >&2; exit 1; }
done
DEMO=egressguard-demo
rm -rf "$DEMO"
mkdir -p "$DEMO"

echo "== 1. the app runs under the agent (policy: the built-in defaults)"
java -javaagent:"$AGENT"=queue="$DEMO/journal" -jar "$APP"
for jar in $CLIENT_JARS; do
  echo "-- $(basename "$jar" .jar)"
  java -javaagent:"$AGENT"=queue="$DEMO/journal" -jar "$jar"
done

echo
echo "== 2. the collector drains the journal into SQLite"
java -jar "$COLLECTOR" drain --queue "$DEMO/journal" --store "sqlite:$DEMO/egressguard.db"

echo
echo "== 3. the report"
java -jar "$COLLECTOR" report --store "sqlite:$DEMO/egressguard.db"

echo
echo "== 4. the recorded event, as JSON"
java -jar "$COLLECTOR" events --store "sqlite:$DEMO/egressguard.db" --format jsonl
