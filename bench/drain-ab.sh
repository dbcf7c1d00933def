#!/usr/bin/env bash
# The collector's drain, one checkout against another, side by side: each checkout's DrainBench writes
# its own journals (as its agent would: an older one unframed, a newer one with checksummed frames),
# then the two drain them in turn into JSON lines (where the reading shows most) and SQLite, ROUNDS
# times, interleaved. Prints each run and the medians of events/s and collector CPU per event.
# Usage: bench/drain-ab.sh OLD_CHECKOUT [events] [rounds]     (a checkout: git worktree add DIR REV)
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$(cd "$1" && pwd)
NEW=$(pwd)
N=${2:-100000}
ROUNDS=${3:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
JAVA_FLAGS=(--add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
for side in OLD NEW; do
  dir=${!side}
  (cd "$dir" && ./mvnw -o -q -pl collector -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null)
  cp="$dir/collector/target/classes:$dir/collector/target/test-classes:$(cat "$dir/collector/target/bench.cp")"
  printf '%s' "$cp" > "$WORK/$side.cp"
  java "${JAVA_FLAGS[@]}" -cp "$cp" io.egressguard.collector.bench.DrainBench generate "$N" "$WORK/$side-queue" | sed "s/^/$side: /"
done
for round in $(seq "$ROUNDS"); do
  for side in OLD NEW; do
    java "${JAVA_FLAGS[@]}" -Ddrainbench.queue="$WORK/$side-queue" -cp "$(cat "$WORK/$side.cp")" \
      io.egressguard.collector.bench.DrainBench throughput "$N" "jsonl:$WORK/$side-$round-{run}.jsonl" "sqlite:$WORK/$side-$round-{run}.db" \
      | grep ' run ' | sed "s|$WORK/$side-$round-[01]|$side|; s/^/$side /" | tee -a "$WORK/runs.txt"
    rm -f "$WORK/$side-$round-"*
  done
done
echo "medians over $ROUNDS rounds x 2 runs:"
for side in OLD NEW; do
  for store in jsonl sqlite; do
    rates=$(grep "^$side $store:" "$WORK/runs.txt" | sed -E 's/.*= ([0-9,]+) events\/s.*/\1/; s/,//g' | sort -n)
    cpus=$(grep "^$side $store:" "$WORK/runs.txt" | sed -E 's/.*CPU ([0-9.]+) us\/event.*/\1/' | sort -n)
    n=$(echo "$rates" | wc -l)
    printf '%s %-7s %8s events/s  %6s us CPU/event  (%d runs, events/s %s-%s)\n' "$side" "$store" \
      "$(echo "$rates" | sed -n "$(( (n + 1) / 2 ))p")" "$(echo "$cpus" | sed -n "$(( (n + 1) / 2 ))p")" "$n" \
      "$(echo "$rates" | head -1)" "$(echo "$rates" | tail -1)"
  done
done
