#!/usr/bin/env bash
# Where an allowed HTTP call's time goes under the agent: a JFR profile of the client JVM of
# bench/http-overhead.sh (same HttpBench, same loopback server), one run per JDK, client and mode,
# counting over the measured window the execution samples whose stack holds agent code
# (io.egressguard.*, start-up frames excluded). The share is a ratio of samples taken in the same run,
# so it depends far less on other load than req/s or CPU time do; it is an upper bound of the agent's
# direct cost in the client's CPU (JFR samples only threads running Java code, not time in the kernel
# or native code, where the agent has no part on the allowed path) and does not see indirect costs
# (more allocation, other inlining decisions).
# Usage: bench/http-profile.sh [warm-up s] [measured s]   (build first: ./mvnw -B -q -DskipTests install)
# Environment: CLIENTS, MODES ("keep new"), JDKS, AGENT (another agent jar, e.g. an older build), HOST (a name
# mapped to 127.0.0.1, see bench/lib/http-host.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/http-server.sh   # jdk_version, start_http_server
WARM=${1:-8}
MEASURE=${2:-6}
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
. bench/lib/http-host.sh
echo "| JDK | client | mode | Java samples (measured window) | with agent frames | agent share | agent frames seen most (innermost agent method: samples) | load |"
echo "|---|---|---|---|---|---|---|---|"
for JDK in $JDKS; do
  J=$JDK/bin/java
  V=$(jdk_version "$J")
  start_http_server "$J" 3600
  for c in $CLIENTS; do
    for m in $MODES; do
      "$J" -javaagent:"$AGENT"=queue="$WORK/q" "${NAME_FLAGS[@]}" \
        "-XX:StartFlightRecording=filename=$WORK/r.jfr,+jdk.ExecutionSample#enabled=true,+jdk.ExecutionSample#period=1ms" \
        -cp "$CP" HttpBench "$c" "$PORT" "$WARM" "$MEASURE" "$m" > /dev/null 2>&1
      "$JDK/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$WORK/r.jfr" > "$WORK/r.txt"
      awk -v measure="$MEASURE" -v head="| $V | $c | $m |" -v la="$(cut -d' ' -f1 /proc/loadavg)" '
        function secs(t,  a) { split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
        function flush() { if (open) { n++; T[n] = tm; A[n] = (agent && !startup) ? inner : "" } }
        /jdk.ExecutionSample/ { flush(); open = 1; agent = 0; startup = 0; inner = "" }
        /startTime =/ { tm = secs($3) }
        /^[ \t]+[a-zA-Z].*line:/ { if (inner == "" && $1 ~ /^io\.egressguard\./) { inner = $1; agent = 1 } }
        /AgentStartup|AgentRuntime\.start|Journal\.open|AgentClassLoader|HookInstaller|HookTransformer|Weaver/ { startup = 1 }
        END { flush(); last = 0; for (i = 1; i <= n; i++) if (T[i] > last) last = T[i]
          for (i = 1; i <= n; i++) if (T[i] > last - measure) { total++; if (A[i] != "") { hot++; top[A[i]]++ } }
          s = ""; for (k = 0; k < 3; k++) { best = ""; b = 0; for (f in top) if (top[f] > b) { b = top[f]; best = f }
            if (best == "") break; sub(/\(.*/, "", best); s = s (s == "" ? "" : ", ") best ": " b; for (f in top) { g = f; sub(/\(.*/, "", g); if (g == best) delete top[f] } }
          printf "%s %d | %d | **%.1f %%** | %s | %s |\n", head, total, hot, total ? 100 * hot / total : 0, s, la }' "$WORK/r.txt"
    done
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
done
