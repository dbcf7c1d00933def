#!/usr/bin/env bash
# Collector drain benchmarks (issue "Collector: a durable drain ..."): one-shot throughput of ~2 KiB
# events into SQLite, PostgreSQL, Kafka and JSONL, and --follow latency (append -> committed) at a fixed rate.
# Usage: bench/collector-drain.sh [events] [rate]   (needs PostgreSQL on 127.0.0.1:5432, database test)
# Kafka: the test suite's single-node KRaft broker (kafka_2.13 from the test dependencies) runs in a JVM
# of its own on 127.0.0.1, so the drain's CPU figure is the collector's and the broker's is given apart.
# Figures are copied into docs/BENCHMARKS.md ("Collector drain") by hand from this script's output.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
RATE=${2:-10000}
# One reactor run: the event module resolves to its target/classes, so nothing needs installing.
./mvnw -o -q -pl collector -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
CP=collector/target/classes:collector/target/test-classes:$(cat collector/target/bench.cp)
WORK=$(mktemp -d)
BROKER=
trap '[ -n "$BROKER" ] && kill "$BROKER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS drainbench0, drainbench1, drainbenchlatency$RATE, drainbenchlatency2000 CASCADE" >/dev/null 2>&1 || true' EXIT
JAVA_FLAGS=(--add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
PG="postgresql://postgres@127.0.0.1:5432/test?currentSchema=drainbench"
java -cp "$CP" io.egressguard.collector.store.kafka.KafkaBenchBroker "$WORK/kafka" > "$WORK/broker.log" 2>&1 &
BROKER=$!
for _ in $(seq 600); do [ -f "$WORK/kafka" ] && break; kill -0 "$BROKER" 2>/dev/null || break; sleep 0.1; done
[ -f "$WORK/kafka" ] || { echo "bench: the Kafka broker did not start:" >&2; tail -n 20 "$WORK/broker.log" >&2; exit 1; }
KAFKA="kafka://$(cat "$WORK/kafka")/drainbench"
# The journals are written by a JVM of their own, so the draining JVM starts as a collector does,
# without their garbage. {run} makes each repetition start from an empty store.
java "${JAVA_FLAGS[@]}" -cp "$CP" io.egressguard.collector.bench.DrainBench generate "$N" "$WORK/queue"
java "${JAVA_FLAGS[@]}" -Ddrainbench.queue="$WORK/queue" -Ddrainbench.brokerPid="$BROKER" -cp "$CP" io.egressguard.collector.bench.DrainBench throughput "$N" \
  "sqlite:$WORK/bench-{run}.db" "jsonl:$WORK/bench-{run}.jsonl" "${PG}{run}" "${KAFKA}{run}"
for R in $RATE 2000; do
  java "${JAVA_FLAGS[@]}" -cp "$CP" io.egressguard.collector.bench.DrainBench latency "$R" 20 "sqlite:$WORK/latency-$R.db"
  java "${JAVA_FLAGS[@]}" -cp "$CP" io.egressguard.collector.bench.DrainBench latency "$R" 20 "${PG}latency$R"
  java "${JAVA_FLAGS[@]}" -cp "$CP" io.egressguard.collector.bench.DrainBench latency "$R" 20 "${KAFKA}latency$R"
done
