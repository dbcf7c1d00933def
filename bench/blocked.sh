#!/usr/bin/env bash
# Blocked attempts (issue "Benchmarks against peers", item 3): attempts/s on 1 and 2 threads and the
# calling thread's latency p50/p99/p99.9 of a blocked HttpURLConnection POST to 127.0.0.2 (denied by
# the benchmark's policy), with bodies of 0 B, 4 KiB and 1 MiB and stacks 10, 100 and 500 frames deep;
# then events written vs dropped when the ring overflows (ring.size, default 8192 events; ring.bytes,
# default 8m of waiting events: with 4 KiB bodies about 1,000 events). On JDK 17 and 25.
#   baseline  : no agent; nothing listens on 127.0.0.2:9, the kernel refuses: the call's own cost
#   fold=0    : every attempt is built into an event and journaled (fold.window=0): the worst case
#   fold=1s   : the default; repeats of one attempt within 1 s only capture the stack and count
# Only 127.0.0.2 is contacted. Usage: bench/blocked.sh [warm-up s] [measured s]
# The warm-up is 20 s because the heap keeps growing for longer than the JIT takes: until it stops,
# the calling thread takes the page faults of first touching newly committed heap: a recorded attempt's
# p99 is 120-150 us after 4 s, ~40 us after 20 s or with -Xms1g -XX:+AlwaysPreTouch (docs/benchmarks/history.md).
# (build first: ./mvnw -B -q -DskipTests package). Needs the collector jar to count journaled events.
set -euo pipefail
cd "$(dirname "$0")/.."
WARM=${1:-20}
MEASURE=${2:-4}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
AGENT=${AGENT:-$PWD/agent/target/egressguard-agent.jar}
COLLECTOR=$PWD/collector/target/egressguard-collector.jar
[ -f "$AGENT" ] && [ -f "$COLLECTOR" ] || { echo "bench: no agent or collector jar; run ./mvnw -B -q -DskipTests package first" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
javac --release 11 -d "$WORK/classes" bench/src/BlockedBench.java
printf 'rules:\n  - deny: 127.0.0.2\n    name: bench\n' > "$WORK/policy.yaml"
echo "| JDK | variant | threads | body | depth | attempts/s | p50 µs | p99 µs | p99.9 µs | caller CPU µs/attempt | load |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"

# one JDK VARIANT THREADS BODY DEPTH [extra agent options]: one run, one table row; the journal stays in $WORK/q
one() {
  local j=$1 variant=$2 threads=$3 body=$4 depth=$5 extra=${6:-} a=()
  rm -rf "$WORK/q"
  [ "$variant" != baseline ] && a=(-javaagent:"$AGENT"=policy="$WORK/policy.yaml",queue="$WORK/q"$extra)
  "$j" "${a[@]}" -cp "$WORK/classes" BlockedBench "$threads" "$WARM" "$MEASURE" "$body" "$depth" 9 > "$WORK/out"
  # attempts=.. blocked=.. measured=.. per_s=.. p50=.. p99=.. p99.9=.. cpu_us=..
  read -r _ _ _ rate p50 p99 p999 cpu < <(tr '=' ' ' < "$WORK/out" | awk '{print $2, $4, $6, $8, $10, $12, $14, $16}')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$V" "$variant" "$threads" "$body" "$depth" "$rate" "$p50" "$p99" "$p999" "$cpu" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}

for JDK in $JDKS; do
  J=$JDK/bin/java
  V=$("$J" -version 2>&1 | head -n1 | sed -E 's/.*version "([^"]+)".*/\1/')
  for body in 0 4096 1048576; do one "$J" baseline 1 "$body" 100; done
  # The exception's own stack trace grows with depth, with or without the agent.
  one "$J" baseline 1 0 10
  one "$J" baseline 1 0 500
  for body in 0 4096 1048576; do
    for depth in 10 100 500; do one "$J" fold=0 1 "$body" "$depth" ,fold.window=0; done
  done
  one "$J" fold=1s 1 4096 100
  one "$J" fold=1s 2 4096 100
  # Two threads, every attempt an event: with the default ring (8192) and with a small one (256),
  # which overflows whenever the writer falls behind; every attempt is either written or counted.
  for ring in 8192 256; do
    one "$J" "fold=0 ring=$ring" 2 4096 100 ,fold.window=0,ring.size=$ring
    attempts=$(sed -E 's/^attempts=([0-9]+).*/\1/' "$WORK/out")
    "$J" -jar "$COLLECTOR" drain --queue="$WORK/q" --store=jsonl:"$WORK/events.jsonl" > /dev/null 2>&1
    written=$(wc -l < "$WORK/events.jsonl")
    flagged=$(grep -o '"dropped":[0-9]*' "$WORK/events.jsonl" | awk -F: '{s += $2} END {print s + 0}')
    echo "ring: JDK $V, ring.size=$ring, 2 threads, 4 KiB, depth 100, fold.window=0: attempts $attempts, events written $written," \
      "dropped $((attempts - written)); the written events report $flagged dropped before them"
    rm -f "$WORK/events.jsonl"
  done
done
