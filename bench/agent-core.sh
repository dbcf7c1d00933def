#!/usr/bin/env bash
# Agent-core benchmarks (issue "Agent core"): start-up added to a trivial main, allowed-connect
# overhead, and the calling thread's cost of a blocked attempt; on JDK 17 and 25, runs interleaved.
# Usage: bench/agent-core.sh [runs]   (build first: ./mvnw -q -DskipTests package)
# Figures are written to docs/BENCHMARKS.md by hand from this script's output.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-21}
AGENT=$PWD/agent/target/egressguard-agent.jar
[ -f "$AGENT" ] || { echo "bench: no $AGENT; run ./mvnw -q -DskipTests package first" >&2; exit 1; }
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
javac --release 11 -d "$WORK/classes" bench/src/*.java
mkdir -p "$WORK/empty"
cat > "$WORK/Empty.java" <<'JAVA'
public class Empty { public static void premain(String a, java.lang.instrument.Instrumentation i) { } }
JAVA
javac -d "$WORK/empty" "$WORK/Empty.java"
printf 'Premain-Class: Empty\n' > "$WORK/empty.mf"
jar cfm "$WORK/empty-agent.jar" "$WORK/empty.mf" -C "$WORK/empty" Empty.class
printf 'rules:\n  - deny: 127.0.0.2\n    name: bench\n' > "$WORK/policy.yaml"

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n1; }

for JDK in $JDKS; do
  J=$JDK/bin/java
  echo "== $($J -version 2>&1 | head -n1) — $RUNS interleaved runs of a trivial main"
  : > "$WORK/none"; : > "$WORK/empty-t"; : > "$WORK/eg"
  for i in $(seq "$RUNS"); do
    ms "$J" -cp "$WORK/classes" Hello >> "$WORK/none"
    ms "$J" -javaagent:"$WORK/empty-agent.jar" -cp "$WORK/classes" Hello >> "$WORK/empty-t"
    ms "$J" -javaagent:"$AGENT"=queue="$WORK/q" -cp "$WORK/classes" Hello >> "$WORK/eg"
  done
  n=$(median < "$WORK/none"); e=$(median < "$WORK/empty-t"); g=$(median < "$WORK/eg")
  echo "startup median ms: no agent $n, empty agent $e (+$((e - n))), egressguard $g (+$((g - n)))"
  echo "peak RSS KiB: no agent $(rss "$J" -cp "$WORK/classes" Hello), egressguard $(rss "$J" -javaagent:"$AGENT"=queue="$WORK/q" -cp "$WORK/classes" Hello)"
  for k in 1 2 3; do
    "$J" -cp "$WORK/classes" ConnectBench allowed 20000 | sed 's/^/no agent   /'
    "$J" -javaagent:"$AGENT"=queue="$WORK/q" -cp "$WORK/classes" ConnectBench allowed 20000 | sed 's/^/egressguard /'
  done
  # The same refused attempt without the agent (nothing listens on 127.0.0.2:9): the baseline cost.
  "$J" -cp "$WORK/classes" ConnectBench blocked 20000 9 | sed 's/^/no agent (refused) /'
  "$J" -javaagent:"$AGENT"=policy="$WORK/policy.yaml",queue="$WORK/q" -cp "$WORK/classes" ConnectBench blocked 20000 9 | sed 's/^/egressguard /'
  "$J" -javaagent:"$AGENT"=policy="$WORK/policy.yaml",queue="$WORK/q",fold.window=0 -cp "$WORK/classes" ConnectBench blocked 20000 9 | sed 's/^/egressguard fold.window=0 /'
done
