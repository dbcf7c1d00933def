#!/usr/bin/env bash
# Interleaved A/B of the goal rows of bench/blocked.sh (item 3): one thread, a 4 KiB body, depth 100,
# fold.window=0 (every attempt recorded) and the default 1 s, for two agent jars, plus the same call
# without an agent; ROUNDS rounds on each JDK, the jars' order alternating between rounds, so both see
# the same machine load. One line per run (round, JDK, jar, variant, BlockedBench's figures, load),
# then the medians and min-max per JDK, jar and variant.
#   Usage: bench/blocked-ab.sh JAR_A JAR_B [rounds] [warm-up s] [measured s]
# The warm-up defaults to 20 s for the reason given in bench/blocked.sh (a growing heap's first-touch
# page faults land on the calling thread). Only 127.0.0.2 is contacted (denied by the benchmark's policy; nothing listens there).
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1
B=$2
ROUNDS=${3:-3}
WARM=${4:-20}
MEASURE=${5:-4}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
javac --release 11 -d "$WORK/classes" bench/src/BlockedBench.java
printf 'rules:\n  - deny: 127.0.0.2\n    name: bench\n' > "$WORK/policy.yaml"

# run ROUND JDK NAME JAR VARIANT [agent options]: one BlockedBench run, one line
run() {
  local round=$1 j=$2 name=$3 jar=$4 variant=$5 extra=${6:-} a=() v
  rm -rf "$WORK/q"
  [ "$jar" != - ] && a=(-javaagent:"$jar"=policy="$WORK/policy.yaml",queue="$WORK/q"$extra)
  v=$("$j" -version 2>&1 | head -n1 | sed -E 's/.*version "([0-9]+).*/\1/')
  echo "round=$round jdk=$v jar=$name variant=$variant $("$j" "${a[@]}" -cp "$WORK/classes" BlockedBench 1 "$WARM" "$MEASURE" 4096 100 9) load=$(cut -d' ' -f1 /proc/loadavg)"
}

for ((r = 1; r <= ROUNDS; r++)); do
  for JDK in $JDKS; do
    J=$JDK/bin/java
    run "$r" "$J" none - baseline
    if ((r % 2)); then order="A B"; else order="B A"; fi
    for x in $order; do
      if [ "$x" = A ]; then jar=$A; else jar=$B; fi
      run "$r" "$J" "$x" "$jar" fold=0 ,fold.window=0
      run "$r" "$J" "$x" "$jar" fold=1s
    done
  done
done | tee "$WORK/runs"

echo
echo "| JDK | jar | variant | runs | p50 µs | p99 µs | p99.9 µs | caller CPU µs/attempt | attempts/s | load |"
echo "|---|---|---|---|---|---|---|---|---|---|"
python3 - "$WORK/runs" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = dict(kv.split('=', 1) for kv in line.split())
    rows.setdefault((f['jdk'], f['jar'], f['variant']), []).append(f)
def cell(rs, k, fmt):
    xs = sorted(float(r[k]) for r in rs)
    return (fmt + ' (' + fmt + '–' + fmt + ')') % (statistics.median(xs), xs[0], xs[-1])
for (jdk, jar, variant), rs in sorted(rows.items()):
    print('| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |' % (jdk, jar, variant, len(rs),
          cell(rs, 'p50', '%.1f'), cell(rs, 'p99', '%.0f'), cell(rs, 'p99.9', '%.0f'),
          cell(rs, 'cpu_us', '%.1f'), cell(rs, 'per_s', '%.0f'), cell(rs, 'load', '%.1f')))
EOF
