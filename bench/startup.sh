#!/usr/bin/env bash
# Start-up and memory against peers (issue "Benchmarks against peers", item 1): a trivial main
# (bench/src/Hello.java) and a small HTTP service (bench/src/startup/TinyService.java: a JDK HttpServer
# on 127.0.0.1 answering its first request, sent over loopback from the same JVM), each run with no
# agent, with egressguard, and with the OpenTelemetry Java agent (exporters off), on JDK 17 and 25.
# The three variants run back to back in every round (interleaved), so load from other processes hits
# them alike; each round gives a paired difference to "no agent".
# Measures per run: wall ms (launch to exit), ms to the first response (TinyService), peak RSS
# (/usr/bin/time %M) and CPU ms (user + system, all threads: the load-insensitive measure).
# Usage: bench/startup.sh [rounds]   (build first: ./mvnw -B -q -DskipTests package; the script fetches
# the OpenTelemetry agent into bench/target with ./mvnw dependency:copy). Prints every run, then tables.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-7}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
AGENT=$PWD/agent/target/egressguard-agent.jar
[ -f "$AGENT" ] || { echo "bench: no $AGENT; run ./mvnw -B -q -DskipTests package first" >&2; exit 1; }
. bench/lib/otel-agent.sh
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
javac --release 11 -d "$WORK/classes" bench/src/Hello.java bench/src/startup/TinyService.java
RESULTS=$WORK/results   # jdk app arm round wall-ms first-response-ms rss-KiB cpu-ms
export OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none

run() {   # run JDK-VERSION APP ARM ROUND JAVA ARGS...
  local v=$1 app=$2 arm=$3 r=$4; shift 4
  local s e first
  s=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  e=$(date +%s%N)
  first=-
  [ "$app" = TinyService ] && first=$(( $(tail -n1 "$WORK/out") - s / 1000000 ))
  read -r rss u sy < <(tail -n1 "$WORK/time")
  echo "$v $app $arm $r $(( (e - s) / 1000000 )) $first $rss $(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.0f", (u + s) * 1000 }')" | tee -a "$RESULTS"
}

for JDK in $JDKS; do
  J=$JDK/bin/java
  V=$("$J" -version 2>&1 | head -n1 | sed -E 's/.*version "([^"]+)".*/\1/')
  for app in Hello TinyService; do
    echo "== JDK $V, $app, $ROUNDS rounds; load: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$J" -cp "$WORK/classes" "$app" > /dev/null   # page cache and CDS archive warm
    for r in $(seq "$ROUNDS"); do
      run "$V" "$app" none "$r" "$J" -cp "$WORK/classes" "$app"
      run "$V" "$app" egressguard "$r" "$J" -javaagent:"$AGENT"=queue="$WORK/q" -cp "$WORK/classes" "$app"
      run "$V" "$app" otel "$r" "$J" -javaagent:"$OTEL" -cp "$WORK/classes" "$app"
    done
    echo "-- load: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done

# Per (JDK, app, agent): medians, and the median of the per-round differences to "no agent" with min-max.
echo
echo "| JDK | app | agent | wall ms | added wall ms (min–max) | first response ms | added CPU ms (min–max) | peak RSS MiB | added RSS MiB (min–max) |"
echo "|---|---|---|---|---|---|---|---|---|"
awk '
function med(s,   n, a, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
function mn(s,   n, a, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m }
function mx(s,   n, a, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > m + 0) m = a[i]; return m }
{ k = $1 SUBSEP $2 SUBSEP $3; w[$1, $2, $3, $4] = $5; c[$1, $2, $3, $4] = $8; m[$1, $2, $3, $4] = $7
  W[k] = W[k] " " $5; F[k] = F[k] " " $6; M[k] = M[k] " " $7; C[k] = C[k] " " $8
  if (!(k in seen)) { seen[k] = 1; order[++n] = k } if ($4 > rounds) rounds = $4 }
END { for (i = 1; i <= n; i++) { k = order[i]; split(k, f, SUBSEP); dw = ""; dc = ""; dm = ""
    for (r = 1; r <= rounds; r++) if ((f[1], f[2], "none", r) in w && (f[1], f[2], f[3], r) in w) {
      dw = dw " " (w[f[1], f[2], f[3], r] - w[f[1], f[2], "none", r]); dc = dc " " (c[f[1], f[2], f[3], r] - c[f[1], f[2], "none", r])
      dm = dm " " (m[f[1], f[2], f[3], r] - m[f[1], f[2], "none", r]) / 1024 }
    printf "| %s | %s | %s | %.0f | %s | %s | %s | %.1f | %s |\n", f[1], f[2], f[3], med(W[k]),
      f[3] == "none" ? "–" : sprintf("**%+.0f** (%+.0f…%+.0f)", med(dw), mn(dw), mx(dw)),
      f[2] == "TinyService" ? sprintf("%.0f", med(F[k])) : "–",
      f[3] == "none" ? sprintf("%.0f (total)", med(C[k])) : sprintf("%+.0f (%+.0f…%+.0f)", med(dc), mn(dc), mx(dc)),
      med(M[k]) / 1024, f[3] == "none" ? "–" : sprintf("**%+.1f** (%+.1f…%+.1f)", med(dm), mn(dm), mx(dm)) } }
' "$RESULTS"
