#!/usr/bin/env bash
# Allowed-call overhead on loopback HTTP (issue "HTTP clients", last "Done means" line): requests/s of
# HttpURLConnection, java.net.http.HttpClient, OkHttp and Netty, each with keep-alive (one connection
# reused) and a new connection per request, without and with the agent (default policy: loopback
# allowed, nothing recorded), interleaved (the order alternates each round), on JDK 17 and 25.
# The server (JDK HttpServer, bench/src/http/HttpBench.java) runs in its own JVM without the agent.
# Usage: bench/http-overhead.sh [rounds] [warm-up s] [measured s]   (build first: ./mvnw -q -DskipTests package)
# Prints every run, then a markdown table; figures go to docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
WARM=${2:-2}
MEASURE=${3:-2.5}   # in 5 slices; a run's figure is its median slice
CLIENTS=${CLIENTS:-"urlconnection httpclient okhttp netty"}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
AGENT=$PWD/agent/target/egressguard-agent.jar
LIBS=$(ls examples/okhttp/target/lib/*.jar examples/netty/target/lib/*.jar 2>/dev/null | tr '\n' ':' || true)
[ -f "$AGENT" ] && [ -n "$LIBS" ] || { echo "bench: no agent jar or example libs; run ./mvnw -q -DskipTests package first" >&2; exit 1; }
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
javac --release 11 -cp "$LIBS" -d "$WORK/classes" bench/src/http/HttpBench.java
CP=$WORK/classes:$LIBS
RESULTS=$WORK/results   # jdk client mode arm round req/s(median slice) req/s(best slice) cpu-µs/req

for JDK in $JDKS; do
  J=$JDK/bin/java
  V=$("$J" -version 2>&1 | head -n1 | sed -E 's/.*version "([^"]+)".*/\1/')
  rm -f "$WORK/port"
  # The server stops by itself after an hour at the latest; nodelay: its headers and body are two writes.
  "$J" -Dsun.net.httpserver.nodelay=true -cp "$WORK/classes" HttpBench server "$WORK/port" 3600 &
  SERVER=$!
  for _ in $(seq 100); do [ -f "$WORK/port" ] && break; sleep 0.1; done
  PORT=$(cat "$WORK/port")
  echo "== JDK $V, server pid $SERVER on 127.0.0.1:$PORT; $ROUNDS rounds, ${WARM} s warm-up + ${MEASURE} s per mode; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for c in $CLIENTS; do "$J" -cp "$CP" HttpBench "$c" "$PORT" 1 1 > /dev/null; done   # warms the server
  for r in $(seq "$ROUNDS"); do
    for c in $CLIENTS; do
      if [ $((r % 2)) = 1 ]; then ARMS="none agent"; else ARMS="agent none"; fi
      for arm in $ARMS; do
        if [ "$arm" = agent ]; then A=(-javaagent:"$AGENT"=queue="$WORK/q"); else A=(); fi
        "$J" "${A[@]}" -cp "$CP" HttpBench "$c" "$PORT" "$WARM" "$MEASURE" | while read -r mode rps best cpu; do
          echo "$V $c $mode $arm $r $rps $best $cpu" | tee -a "$RESULTS"
        done
      done
    done
    echo "-- round $r done; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
done

# Per (JDK, client, mode): median req/s without and with the agent, the median of the per-round
# ratios agent/none (each pair ran back to back) with their min-max, the ratio of the medians of
# each run's best slice (less sensitive to other load), and the median CPU µs/request.
echo
echo "| JDK | client | mode | req/s without | req/s with | ratio (median of rounds) | ratio min–max | best-slice ratio | CPU µs/req without → with |"
echo "|---|---|---|---|---|---|---|---|---|"
awk '
function med(s,   n, a, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
{ k = $1 SUBSEP $2 SUBSEP $3; rps[k, $4, $5] = $6; cpu[k, $4] = cpu[k, $4] " " $8; best[k, $4] = best[k, $4] " " $7; all[k, $4] = all[k, $4] " " $6
  if (!(k in seen)) { seen[k] = 1; order[++n] = k } if ($5 > rounds) rounds = $5 }
END { for (i = 1; i <= n; i++) { k = order[i]; split(k, f, SUBSEP); rs = ""; lo = 1e9; hi = 0
    for (r = 1; r <= rounds; r++) if ((k, "none", r) in rps && (k, "agent", r) in rps) {
      x = rps[k, "agent", r] / rps[k, "none", r]; rs = rs " " x; if (x < lo) lo = x; if (x > hi) hi = x }
    printf "| %s | %s | %s | %.0f | %.0f | %.3f | %.3f–%.3f | %.3f | %.0f → %.0f |\n", f[1], f[2], f[3], med(all[k, "none"]), med(all[k, "agent"]), med(rs), lo, hi,
      med(best[k, "agent"]) / med(best[k, "none"]), med(cpu[k, "none"]), med(cpu[k, "agent"]) } }
' "$RESULTS"
