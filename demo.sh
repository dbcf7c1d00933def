#!/usr/bin/env bash
# The quick-start demo: an app that phones home runs under the agent, the collector drains its
# journal into SQLite and prints the report. Build first: ./mvnw -B -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")"
AGENT=agent/target/egressguard-agent.jar
COLLECTOR=collector/target/egressguard-collector.jar
APP=examples/phone-home/target/phone-home.jar
for f in "$AGENT" "$COLLECTOR" "$APP"; do
  [ -f "$f" ] || { echo "demo: $f is missing; build first: ./mvnw -B -q -DskipTests package" >&2; exit 1; }
done
DEMO=egressguard-demo
rm -rf "$DEMO"
mkdir -p "$DEMO"

echo "== 1. the app runs under the agent (policy: the built-in defaults)"
java -javaagent:"$AGENT"=queue="$DEMO/journal" -jar "$APP"

echo
echo "== 2. the collector drains the journal into SQLite"
java -jar "$COLLECTOR" drain --queue "$DEMO/journal" --store "sqlite:$DEMO/egressguard.db"

echo
echo "== 3. the report"
java -jar "$COLLECTOR" report --store "sqlite:$DEMO/egressguard.db"

echo
echo "== 4. the recorded event, as JSON"
java -jar "$COLLECTOR" events --store "sqlite:$DEMO/egressguard.db" --format jsonl
