#!/usr/bin/env bash
# Allowed-call overhead measured side by side (issue "HTTP clients", last "Done means" line): the
# client without the agent and the client with it run AT THE SAME TIME against one loopback server and
# measure the same wall-clock window (HttpBench -Dbench.measureAt), so the rest of the machine's load
# weighs on both alike instead of on whichever arm ran during a busy second. On a CPU-bound machine the
# scheduler gives each client thread a fair share, so the ratio of requests/s is the ratio of CPU cost
# per request; the ratio of the Java threads' CPU per request ("app CPU") is given too.
# A control pair, no agent against no agent, runs in every round the same way: its spread is what the
# method can resolve on this machine at this load; a goal of "within 2 %" is shown only when the agent
# pair's ratio is within 2 % and the control's spread is narrower than that.
# Usage: bench/http-paired.sh [rounds] [warm-up s] [measured s]   (build first: ./mvnw -B -q -DskipTests install)
# Env: CLIENTS (urlconnection httpclient okhttp netty apache jetty), MODES (keep new), JDKS, AGENT (jar), HOST.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/http-server.sh   # jdk_version, start_http_server
ROUNDS=${1:-5}
WARM=${2:-8}
MEASURE=${3:-5}
CLIENTS=${CLIENTS:-"urlconnection httpclient okhttp netty apache jetty"}
MODES=${MODES:-"keep new"}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
AGENT=${AGENT:-$PWD/agent/target/egressguard-agent.jar}
# OkHttp and Netty from the examples; Apache HttpClient 5 and Jetty from the agent's IT libraries
# (copied at pre-integration-test: './mvnw -B -q -DskipTests install' makes them).
LIBS=$(ls examples/okhttp/target/lib/*.jar examples/netty/target/lib/*.jar $(ls -d agent/target/it-libs/httpclient5-* 2>/dev/null | sort -V | tail -1)/*.jar \
  agent/target/it-libs/jetty/*.jar 2>/dev/null | tr '\n' ':' || true)
[ -f "$AGENT" ] && [ -n "$LIBS" ] && ls agent/target/it-libs/jetty/*.jar >/dev/null 2>&1 || { echo "bench: no agent jar or example libs; run ./mvnw -B -q -DskipTests install first" >&2; exit 1; }
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
javac --release 17 -cp "$LIBS" -d "$WORK/classes" bench/src/http/HttpBench.java
CP=$WORK/classes:$LIBS
RESULTS=$WORK/results   # jdk client mode pair round slot arm req/s app-cpu-µs/req

. bench/lib/http-host.sh   # HOST=<name>: send to a name mapped to 127.0.0.1 (NAME_FLAGS)

client() {   # client JAVA ARM NAME PORT MODE AT OUT
  local A=()
  [ "$2" = agent ] && A=(-javaagent:"$AGENT"=queue="$WORK/q")
  "$1" "${A[@]}" "${NAME_FLAGS[@]}" -Dbench.measureAt="$6" -cp "$CP" HttpBench "$3" "$4" 0 "$MEASURE" "$5" > "$7"
}

for JDK in $JDKS; do
  J=$JDK/bin/java
  V=$(jdk_version "$J")
  start_http_server "$J" 7200
  echo "== JDK $V, server pid $SERVER on 127.0.0.1:$PORT; $ROUNDS rounds, ${WARM} s warm-up + ${MEASURE} s side by side; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for c in $CLIENTS; do "$J" -cp "$CP" HttpBench "$c" "$PORT" 1 1 > /dev/null; done   # warms the server
  for r in $(seq "$ROUNDS"); do
    for c in $CLIENTS; do
      for m in $MODES; do
        for pair in agent control; do
          [ "$pair" = agent ] && B=agent || B=none
          # Which of the two starts first alternates; both get the whole warm-up either way.
          if (( r % 2 )); then FIRST=none; SECOND=$B; else FIRST=$B; SECOND=none; fi
          AT=$(( $(date +%s%3N) + 2000 + ${WARM%.*} * 1000 ))
          client "$J" "$FIRST" "$c" "$PORT" "$m" "$AT" "$WORK/a" &
          P1=$!
          client "$J" "$SECOND" "$c" "$PORT" "$m" "$AT" "$WORK/b" &
          P2=$!
          # A client that fails (the JDK HttpClient once lost a kept-alive connection mid-run) costs
          # its pair, not the whole run: the pair is left out of the medians and said so.
          OK=1
          wait "$P1" || OK=0
          wait "$P2" || OK=0
          if [ "$OK" = 0 ]; then echo "-- $V $c $m $pair round $r: a client failed, pair left out"; continue; fi
          read -r _ rps1 _ _ app1 < "$WORK/a"
          read -r _ rps2 _ _ app2 < "$WORK/b"
          echo "$V $c $m $pair $r 1 $FIRST $rps1 $app1" | tee -a "$RESULTS"
          echo "$V $c $m $pair $r 2 $SECOND $rps2 $app2" | tee -a "$RESULTS"
        done
      done
    done
    echo "-- round $r done; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
done

# Per (JDK, client, mode): the agent pair's ratios agent/none (req/s) and none/agent (app CPU per request),
# the control pair's ratios second/first, medians over the rounds with min-max.
echo
echo "| JDK | client | mode | rounds | req/s none → agent | **req/s ratio agent/none** (min–max) | app-CPU ratio none/agent (min–max) | control req/s ratio (min–max) | control app-CPU ratio (min–max) |"
echo "|---|---|---|---|---|---|---|---|---|"
awk '
function med(s,   n, a, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
function lo(s,   n, a, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m }
function hi(s,   n, a, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > m + 0) m = a[i]; return m }
{ k = $1 SUBSEP $2 SUBSEP $3; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
  if ($4 == "agent") { rps[k, $5, $7] = $8; app[k, $5, $7] = $9 } else { crps[k, $5, $6] = $8; capp[k, $5, $6] = $9 }
  rounds[k, $5] = 1 }
END { for (i = 1; i <= n; i++) { k = order[i]; split(k, f, SUBSEP); r1 = ""; a1 = ""; r0 = ""; a0 = ""; nn = ""; na = ""; cnt = 0
    for (r = 1; r <= 100; r++) if ((k, r) in rounds) { cnt++
      if ((k, r, "none") in rps && (k, r, "agent") in rps) { r1 = r1 " " rps[k, r, "agent"] / rps[k, r, "none"]; a1 = a1 " " app[k, r, "none"] / app[k, r, "agent"]; nn = nn " " rps[k, r, "none"]; na = na " " rps[k, r, "agent"] }
      if ((k, r, 1) in crps && (k, r, 2) in crps) { r0 = r0 " " crps[k, r, 2] / crps[k, r, 1]; a0 = a0 " " capp[k, r, 1] / capp[k, r, 2] } }
    printf "| %s | %s | %s | %d | %.0f → %.0f | **%.3f** (%.3f–%.3f) | %.3f (%.3f–%.3f) | %.3f (%.3f–%.3f) | %.3f (%.3f–%.3f) |\n", f[1], f[2], f[3], cnt,
      med(nn), med(na), med(r1), lo(r1), hi(r1), med(a1), lo(a1), hi(a1), med(r0), lo(r0), hi(r0), med(a0), lo(a0), hi(a0) } }
' "$RESULTS"
