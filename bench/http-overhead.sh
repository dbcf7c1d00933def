#!/usr/bin/env bash
# Allowed-call overhead on loopback HTTP (issue "HTTP clients", last "Done means" line): requests/s of
# HttpURLConnection, java.net.http.HttpClient, OkHttp and Netty, each with keep-alive (one connection
# reused) and a new connection per request, without and with the agent (default policy: loopback
# allowed, nothing recorded), interleaved (the order alternates each round), on JDK 17 and 25.
# The server (JDK HttpServer, bench/src/http/HttpBench.java) runs in its own JVM without the agent.
# On JDK 17 (the last with a usable one) a third arm runs the client under the SecurityManager with a
# policy whose only SocketPermission is connect to 127.0.0.1:1024- (the in-JDK per-connect check).
# Measures per run: req/s (wall clock, load-sensitive); the client JVM's CPU time per request over the
# measured window (task-clock of the whole process, warm-up excluded); and the same for its Java threads
# only ("app CPU": without the JIT compiler and GC threads, which under load were still compiling after
# the warm-up and made the process figure swing). The "CPU ratio" none/arm uses app CPU: the throughput
# ratio the client would have if CPU were its only limit, insensitive to what else the machine runs.
# Usage: bench/http-overhead.sh [rounds] [warm-up s] [measured s]   (build first: ./mvnw -B -q -DskipTests install)
# Prints every run, then a markdown table; figures go to docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/http-server.sh   # jdk_version, start_http_server
ROUNDS=${1:-5}
WARM=${2:-2}
MEASURE=${3:-2.5}   # in 5 slices; a run's figure is its median slice
CLIENTS=${CLIENTS:-"urlconnection httpclient okhttp netty apache jetty"}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
AGENT=$PWD/agent/target/egressguard-agent.jar
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
# Everything the four clients and the benchmark need, and connect only to 127.0.0.1 (ports >= 1024).
cat > "$WORK/sm.policy" <<'POLICY'
grant {
  permission java.net.SocketPermission "127.0.0.1:1024-", "connect,resolve";
  permission java.net.URLPermission "http://127.0.0.1:*/-", "*:*";
  permission java.util.PropertyPermission "*", "read,write";
  permission java.lang.RuntimePermission "*";
  permission java.lang.reflect.ReflectPermission "*";
  permission java.io.FilePermission "<<ALL FILES>>", "read";
  permission java.lang.management.ManagementPermission "monitor";
  permission javax.management.MBeanPermission "*", "*";
  permission javax.management.MBeanServerPermission "*";
  permission javax.management.MBeanTrustPermission "register";
  permission java.net.NetPermission "*";
  permission java.util.logging.LoggingPermission "control";
  permission jdk.jfr.FlightRecorderPermission "registerEvent";
  permission jdk.jfr.FlightRecorderPermission "accessFlightRecorder";
};
POLICY
RESULTS=$WORK/results   # jdk client mode arm round req/s(median slice) req/s(best slice) cpu-µs/req app-cpu-µs/req

for JDK in $JDKS; do
  J=$JDK/bin/java
  V=$(jdk_version "$J")
  # The server stops by itself after an hour at the latest; nodelay: its headers and body are two writes.
  start_http_server "$J" 3600
  echo "== JDK $V, server pid $SERVER on 127.0.0.1:$PORT; $ROUNDS rounds, ${WARM} s warm-up + ${MEASURE} s per mode; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for c in $CLIENTS; do "$J" -cp "$CP" HttpBench "$c" "$PORT" 1 1 > /dev/null; done   # warms the server
  for r in $(seq "$ROUNDS"); do
    for c in $CLIENTS; do
      # The order of the arms rotates from round to round.
      case "$V" in 17*) ALL=(none agent sm) ;; *) ALL=(none agent) ;; esac
      ARMS=()
      for i in "${!ALL[@]}"; do ARMS+=("${ALL[$(( (i + r) % ${#ALL[@]} ))]}"); done
      for arm in "${ARMS[@]}"; do
        case "$arm" in
          agent) A=(-javaagent:"$AGENT"=queue="$WORK/q") ;;
          sm) A=(-Djava.security.manager -Djava.security.policy=="$WORK/sm.policy") ;;
          *) A=() ;;
        esac
        "$J" "${A[@]}" -cp "$CP" HttpBench "$c" "$PORT" "$WARM" "$MEASURE" 2> >(grep -v '^WARNING: .*Security Manager' >&2) | while read -r mode rps best cpu app; do
          echo "$V $c $mode $arm $r $rps $best $cpu $app" | tee -a "$RESULTS"
        done
      done
    done
    echo "-- round $r done; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
done

# Per (JDK, client, mode, arm other than none): median req/s of none and of the arm, the median of the
# per-round ratios arm/none (each pair ran back to back) with their min-max, the median process and app
# CPU µs/request of none and of the arm, and the median of the per-round app-CPU ratios none/arm.
echo
echo "| JDK | client | mode | arm | req/s none → arm | req/s ratio (min–max) | process CPU µs/req none → arm | app CPU µs/req none → arm | app-CPU ratio none/arm (min–max) |"
echo "|---|---|---|---|---|---|---|---|---|"
awk '
function med(s,   n, a, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
{ k = $1 SUBSEP $2 SUBSEP $3; rps[k, $4, $5] = $6; cpu[k, $4, $5] = $9; all[k, $4] = all[k, $4] " " $6; cpus[k, $4] = cpus[k, $4] " " $9; procs[k, $4] = procs[k, $4] " " $8
  if (!((k, $4) in seen)) { seen[k, $4] = 1; if ($4 != "none") { order[++n] = k SUBSEP $4 } } if ($5 > rounds) rounds = $5 }
END { for (i = 1; i <= n; i++) { split(order[i], f, SUBSEP); k = f[1] SUBSEP f[2] SUBSEP f[3]; arm = f[4]; rs = ""; cs = ""; lo = 1e9; hi = 0; clo = 1e9; chi = 0
    for (r = 1; r <= rounds; r++) if ((k, "none", r) in rps && (k, arm, r) in rps) {
      x = rps[k, arm, r] / rps[k, "none", r]; rs = rs " " x; if (x < lo) lo = x; if (x > hi) hi = x
      y = cpu[k, "none", r] / cpu[k, arm, r]; cs = cs " " y; if (y < clo) clo = y; if (y > chi) chi = y }
    printf "| %s | %s | %s | %s | %.0f → %.0f | %.3f (%.2f–%.2f) | %.0f → %.0f | %.0f → %.0f | **%.3f** (%.2f–%.2f) |\n", f[1], f[2], f[3], arm,
      med(all[k, "none"]), med(all[k, arm]), med(rs), lo, hi, med(procs[k, "none"]), med(procs[k, arm]), med(cpus[k, "none"]), med(cpus[k, arm]), med(cs), clo, chi } }
' "$RESULTS"
