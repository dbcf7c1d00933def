#!/usr/bin/env bash
# The agent's journal writer, one checkout against another, side by side: JournalBench (encode +
# append through the real Chronicle sink, a ring that holds the whole round) from each, ROUNDS times
# interleaved. Prints each round and the median events/s per side.
# Usage: bench/journal-ab.sh OLD_CHECKOUT [eventBytes] [events] [rounds]   (a checkout: git worktree add DIR REV)
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$(cd "$1" && pwd)
NEW=$(pwd)
SIZE=${2:-1536}
N=${3:-200000}
ROUNDS=${4:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
GRANTS=(--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
for side in OLD NEW; do
  dir=${!side}
  (cd "$dir" && ./mvnw -o -q -pl agent -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null)
  printf '%s' "$dir/agent/target/classes:$dir/agent/target/test-classes:$(cat "$dir/agent/target/bench.cp")" > "$WORK/$side.cp"
done
for round in $(seq "$ROUNDS"); do
  for side in OLD NEW; do
    java "${GRANTS[@]}" -cp "$(cat "$WORK/$side.cp")" io.egressguard.agent.journal.JournalBench "$WORK/$side-$round" "$SIZE" "$N" \
      | grep '^writer:' | sed "s/^/$side /" | tee -a "$WORK/runs.txt"
    rm -rf "$WORK/$side-$round"
  done
done
echo "median writer events/s over $ROUNDS rounds x 3:"
for side in OLD NEW; do
  rates=$(grep "^$side " "$WORK/runs.txt" | sed -E 's/.*= ([0-9]+) events\/s.*/\1/' | sort -n)
  n=$(echo "$rates" | wc -l)
  echo "$side $(echo "$rates" | sed -n "$(( (n + 1) / 2 ))p") events/s ($n runs, $(echo "$rates" | head -1)-$(echo "$rates" | tail -1))"
done
