#!/usr/bin/env bash
# Per-dependency rules (from:) on the allowed path, side by side in one run (issue 16, "Per-dependency
# rules"): two agent JVMs run the same HttpBench client AT THE SAME TIME against one loopback server
# (as bench/http-paired.sh does), one under a policy of 1,000 rules without from: (arm "nofrom"),
# the other under the same 1,000 rules each with a from: (arm "from"); the benched destination,
# 127.0.0.1, has no from-rule, so the "from" arm must cost nothing more. Pairs per round:
#   from    nofrom vs from        the goal: req/s ratio from/nofrom >= 0.98, app-CPU ratio likewise
#   walk    nofrom vs fromhere    informational: a from-rule AT the destination naming someone else,
#                                 so every decision walks the stack (the app's classes have no coordinates)
#   control nofrom vs nofrom      what the method resolves at this load
# Usage: bench/from-ab.sh [rounds] [warm-up s] [measured s]   (build first: ./mvnw -B -q -DskipTests package,
# and the IT libraries: a failsafe run of the agent, e.g. the FromRulesIT command in CONTRIBUTING.md)
# Env: CLIENTS (urlconnection httpclient), MODES (new keep), PAIRS (from walk control), JDKS, AGENT.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/http-server.sh   # jdk_version, start_http_server
ROUNDS=${1:-3}
WARM=${2:-8}
MEASURE=${3:-5}
CLIENTS=${CLIENTS:-"urlconnection httpclient"}
MODES=${MODES:-"new keep"}
PAIRS=${PAIRS:-"from walk control"}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
AGENT=${AGENT:-$PWD/agent/target/egressguard-agent.jar}
# HttpBench compiles against every client it knows: the agent's IT copies of them (agent/target/it-libs).
LIBS=$(ls $(ls -d agent/target/it-libs/okhttp-5* | tail -1)/*.jar $(ls -d agent/target/it-libs/netty-4.2* | tail -1)/*.jar \
  $(ls -d agent/target/it-libs/httpclient5-* | sort -V | tail -1)/*.jar agent/target/it-libs/jetty/*.jar 2>/dev/null | tr '\n' ':' || true)
[ -f "$AGENT" ] && [ -n "$LIBS" ] || { echo "bench: no agent jar or IT libraries (agent/target/it-libs); build first" >&2; exit 1; }
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
javac --release 17 -cp "$LIBS" -d "$WORK/classes" bench/src/http/HttpBench.java
CP=$WORK/classes:$LIBS
RESULTS=$WORK/results   # jdk client mode pair round arm req/s app-cpu-µs/req

# The same 1,000 rules, without and with from:; and one from-rule at the benched destination.
{ echo "rules:"; for i in $(seq 0 999); do printf '  - allow: api%d.vendor%d.test\n    ports: [443]\n' "$i" "$i"; done; } > "$WORK/nofrom.yaml"
{ echo "rules:"; for i in $(seq 0 999); do printf '  - allow: api%d.vendor%d.test\n    ports: [443]\n    from: com.vendor%d:sdk\n' "$i" "$i" "$i"; done; } > "$WORK/from.yaml"
{ cat "$WORK/from.yaml"; printf '  - allow: 127.0.0.1\n    from: com.vendor0:sdk\n'; } > "$WORK/fromhere.yaml"

client() {   # client JAVA ARM CLIENT PORT MODE AT OUT
  "$1" -javaagent:"$AGENT"=queue="$WORK/q-$2-$RANDOM",policy="$WORK/$2.yaml" -Dbench.measureAt="$6" -cp "$CP" HttpBench "$3" "$4" 0 "$MEASURE" "$5" > "$7"
}

for JDK in $JDKS; do
  J=$JDK/bin/java
  V=$(jdk_version "$J")
  start_http_server "$J" 7200
  echo "== JDK $V, server on 127.0.0.1:$PORT; $ROUNDS rounds, ${WARM} s warm-up + ${MEASURE} s side by side; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for c in $CLIENTS; do "$J" -cp "$CP" HttpBench "$c" "$PORT" 1 1 > /dev/null; done   # warms the server
  for r in $(seq "$ROUNDS"); do
    for c in $CLIENTS; do
      for m in $MODES; do
        for pair in $PAIRS; do
          case $pair in from) B=from ;; walk) B=fromhere ;; control) B=nofrom ;; esac
          if (( r % 2 )); then FIRST=nofrom; SECOND=$B; else FIRST=$B; SECOND=nofrom; fi
          AT=$(( $(date +%s%3N) + 2000 + ${WARM%.*} * 1000 ))
          client "$J" "$FIRST" "$c" "$PORT" "$m" "$AT" "$WORK/a" &
          P1=$!
          client "$J" "$SECOND" "$c" "$PORT" "$m" "$AT" "$WORK/b" &
          P2=$!
          OK=1
          wait "$P1" || OK=0
          wait "$P2" || OK=0
          if [ "$OK" = 0 ]; then echo "-- $V $c $m $pair round $r: a client failed, pair left out"; continue; fi
          read -r _ rps1 _ _ app1 < "$WORK/a"
          read -r _ rps2 _ _ app2 < "$WORK/b"
          # the control's arms are told apart by their slot
          [ "$pair" = control ] && { A1=nofrom1; A2=nofrom2; (( r % 2 )) || { A1=nofrom2; A2=nofrom1; }; } || { A1=$FIRST; A2=$SECOND; }
          echo "$V $c $m $pair $r $A1 $rps1 $app1" | tee -a "$RESULTS"
          echo "$V $c $m $pair $r $A2 $rps2 $app2" | tee -a "$RESULTS"
        done
      done
    done
    echo "-- round $r done; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
done

# Per (JDK, client, mode, pair): ratio of the other arm to nofrom, req/s and app CPU per request
# (nofrom's CPU over the other's, so that > 1 is better for both), median over the rounds with min-max.
echo
echo "| JDK | client | mode | pair | rounds | req/s ratio (min–max) | app-CPU ratio (min–max) | app CPU µs/req nofrom → other |"
echo "|---|---|---|---|---|---|---|---|"
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    jdk, client, mode, pair, rnd, arm, rps, app = line.split()
    rows.setdefault((jdk, client, mode, pair), {}).setdefault(rnd, {})[arm] = (float(rps), float(app))
for (jdk, client, mode, pair), rounds in sorted(rows.items()):
    base, other = ('nofrom1', 'nofrom2') if pair == 'control' else ('nofrom', 'from' if pair == 'from' else 'fromhere')
    rr, cr, ba, oa = [], [], [], []
    for arms in rounds.values():
        if base in arms and other in arms:
            rr.append(arms[other][0] / arms[base][0]); cr.append(arms[base][1] / arms[other][1])
            ba.append(arms[base][1]); oa.append(arms[other][1])
    if not rr:
        continue
    f = lambda xs: '%.3f (%.3f–%.3f)' % (statistics.median(xs), min(xs), max(xs))
    print('| %s | %s | %s | %s | %d | %s | %s | %.1f → %.1f |' % (jdk, client, mode, pair, len(rr), f(rr), f(cr),
          statistics.median(ba), statistics.median(oa)))
PY
