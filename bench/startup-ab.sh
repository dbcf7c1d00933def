#!/usr/bin/env bash
# Start-up A/B of two agent builds against no agent and the OpenTelemetry agent, on the small HTTP
# service (bench/src/startup/TinyService.java), JDK 17 and 25: each round runs none, BEFORE, AFTER
# and OpenTelemetry back to back. Prints "jdk arm round wall-ms peak-rss-KiB cpu-ms load" per run;
# then per JDK and arm the median (min-max) of the per-round differences to "none".
# Usage: bench/startup-ab.sh BEFORE.jar AFTER.jar [rounds]   (OpenTelemetry: fetched as bench/startup.sh does)
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$(realpath "$1"); AFTER=$(realpath "$2"); ROUNDS=${3:-5}
ARMS=${ARMS:-"none before after otel"}   # ARMS="none before after": the two builds only, many rounds quickly
case " $ARMS " in *" otel "*) . bench/lib/otel-agent.sh ;; esac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
javac --release 11 -d "$WORK/classes" bench/src/startup/TinyService.java
export OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
for JDK in ${JDKS:-/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64}; do
  J=$JDK/bin/java
  "$J" -cp "$WORK/classes" TinyService > /dev/null   # page cache and CDS archive warm
  for r in $(seq "$ROUNDS"); do
    for arm in $ARMS; do
      case $arm in
        none) A=() ;;
        before) A=(-javaagent:"$BEFORE"=queue="$WORK/q") ;;
        after) A=(-javaagent:"$AFTER"=queue="$WORK/q") ;;
        otel) A=(-javaagent:"$OTEL") ;;
      esac
      s=$(date +%s%N)
      /usr/bin/time -f '%M %U %S' -o "$WORK/time" "$J" "${A[@]}" -cp "$WORK/classes" TinyService > /dev/null 2> "$WORK/err"
      e=$(date +%s%N)
      read -r rss u sy < <(tail -n1 "$WORK/time")
      echo "$(basename "$JDK") $arm $r $(( (e - s) / 1000000 )) $rss $(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.0f", (u + s) * 1000 }') $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done | tee "$WORK/runs"

echo
echo "| JDK | arm | rounds | added wall ms | added CPU ms | added peak RSS MiB |"
echo "|---|---|---|---|---|---|"
python3 - "$WORK/runs" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    jdk, arm, r, wall, rss, cpu, _ = line.split()
    runs[(jdk, r)][arm] = (int(wall), int(rss), int(cpu))
def cell(xs, fmt):
    return (fmt + ' (' + fmt + '…' + fmt + ')') % (statistics.median(xs), min(xs), max(xs))
for jdk in sorted({k[0] for k in runs}):
    for arm in ('before', 'after', 'otel'):
        d = [(a[arm][0] - a['none'][0], a[arm][2] - a['none'][2], (a[arm][1] - a['none'][1]) / 1024)
             for (j, _), a in runs.items() if j == jdk and arm in a and 'none' in a]
        if d:
            print('| %s | %s | %d | %s | %s | %.1f |' % (jdk, arm, len(d), cell([x[0] for x in d], '+%d'),
                  cell([x[1] for x in d], '+%d'), statistics.median(x[2] for x in d)))
EOF
