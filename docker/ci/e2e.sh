#!/usr/bin/env bash
# The deployment files for real: builds the three images and runs docker-compose.yml with no route out
# at all, once draining into SQLite and once into PostgreSQL (the README's commands), and proves:
#   - the app's phone-home never reaches the fake internet (zero connections), and the collector's
#     `egressguard report` inside its container names the destination, the culprit and the payload;
#   - the collector's health check turns healthy, it runs as a non-root user, the journal files in the
#     shared volume are owner-only and the app's uid's, the images' USER and HEALTHCHECK and the
#     services' read-only root file systems hold;
#   - `docker kill -s KILL` of the collector in the middle of a drain, then a restart, loses and
#     duplicates no event;
#   - the control: the same app image without the agent on the same network DOES reach the fake
#     internet (so the zero above can fail);
#   - teardown leaves no container, network or volume of the stack behind.
# Every packet stays on one network namespace's loopback (docker/ci/compose.offline.yml): no test sends
# anything to a private-range or public address. Base images come from Debian's packages
# (docker/ci/base-images.sh). Needs the jars: ./mvnw -B -q -DskipTests package.
# Usage: docker/ci/e2e.sh   (ends with "e2e: N passed, M failed"; exit 1 when M > 0)
# Without a Docker engine (none running and none can be started) it prints one line and exits 0.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$REPO"
CI_DIR="$REPO/docker/ci"
OUT="$REPO/docker/target/e2e"
FLOOD=${EG_E2E_FLOOD:-20000}

log() { echo "e2e: $*"; }
PASSED=0
FAILED=0
check() { # check DESCRIPTION COMMAND...: one assertion; the run goes on after a failure
  local what=$1; shift
  if "$@"; then PASSED=$((PASSED + 1)); log "ok   $what"; else FAILED=$((FAILED + 1)); log "FAIL $what"; fi
}
equals() { [ "$1" = "$2" ] || { echo "    expected [$2], got [$1]" >&2; return 1; }; }
contains() { grep -qE -- "$2" <<<"$1" || { echo "    no /$2/ in:" >&2; head -c 3000 <<<"$1" | sed 's/^/    | /' >&2; return 1; }; }
lacks() { ! grep -qE -- "$2" <<<"$1" || { echo "    /$2/ found in:" >&2; grep -E -- "$2" <<<"$1" | head -5 | sed 's/^/    | /' >&2; return 1; }; }

# ------------------------------------------------------------------ engine
STARTED_DOCKERD=
ensure_engine() {
  docker info >/dev/null 2>&1 && return 0
  command -v dockerd >/dev/null && [ "$(id -u)" = 0 ] || return 1
  # No bridge and no iptables rules: containers get loopback only unless they ask for more.
  mkdir -p "$OUT"
  dockerd --bridge=none --iptables=false --ip6tables=false >"$OUT/dockerd.log" 2>&1 &
  STARTED_DOCKERD=$!
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$STARTED_DOCKERD" 2>/dev/null || break
    sleep 1
  done
  tail -n 5 "$OUT/dockerd.log" >&2
  return 1
}
stop_engine() {
  if [ -n "$STARTED_DOCKERD" ]; then kill -TERM "$STARTED_DOCKERD" 2>/dev/null && wait "$STARTED_DOCKERD" 2>/dev/null || true; fi
}
rm -rf "$OUT" && mkdir -p "$OUT"
if ! ensure_engine; then
  log "SKIPPED: no Docker engine is running and none could be started (dockerd missing or not root); the images and the compose stack were not tested"
  exit 0
fi
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi

for jar in agent/target/egressguard-agent.jar collector/target/egressguard-collector.jar examples/phone-home/target/phone-home.jar; do
  [ -f "$jar" ] || { log "$jar is missing: build first with ./mvnw -B -q -DskipTests package"; exit 1; }
done

# ------------------------------------------------------------------ base images and fixtures
t0=$(date +%s)
while IFS='=' read -r k v; do export "$k=$v"; done < <("$CI_DIR/base-images.sh")
docker build -q --network none -t egressguard-ci/postgres:15 --build-arg "BASE_IMAGE=$EG_PG_BASE_IMAGE" "$CI_DIR/postgres" >/dev/null
export EG_POSTGRES_IMAGE=egressguard-ci/postgres:15 EG_CI="$CI_DIR" EG_FIXTURES="$OUT/fixtures"
javac --release 17 -d "$EG_FIXTURES" "$CI_DIR"/fixtures/*.java
log "base images ready in $(( $(date +%s) - t0 )) s: $EG_JRE_IMAGE, $EG_BUSYBOX_IMAGE, $EG_JDK_IMAGE, $EG_MINBASE_IMAGE, $EG_POSTGRES_IMAGE"

# ------------------------------------------------------------------ the README's commands
# The test runs the README's compose lines themselves: "docker compose" is Compose 2 where it is
# installed, else Debian's docker-compose (Compose 1.29), and the test's override files go after the
# README's options (plus exec -T: there is no terminal here).
README_UP=$(grep -E '^docker compose .*-f docker/docker-compose.yml up ' README.md || true)
README_REPORT=$(grep -E '^docker compose .*-f docker/docker-compose.yml exec collector ' README.md || true)
README_HTTP=$(grep -E '^docker compose .*-f docker/docker-compose.yml run .*http-client' README.md || true)
README_DOWN=$(grep -E '^docker compose .*-f docker/docker-compose.yml down' README.md || true)
README_OPTIONS=${README_UP#docker compose }
README_OPTIONS=${README_OPTIONS%% up *}
same_options() { for l in "$README_REPORT" "$README_HTTP" "$README_DOWN"; do [ "${l#docker compose $README_OPTIONS }" != "$l" ] || return 1; done; }
check "the README says how to start the stack, run the second demo, read the report and tear down, with the same options" \
  same_options
PROJECT=$(sed -nE 's/.*-p ([a-z0-9_-]+).*/\1/p' <<<"$README_OPTIONS")
check "the README names the project (-p)" test -n "$PROJECT"
PROJECT=${PROJECT:-egressguard-demo}
unset COMPOSE_PROJECT_NAME
FILES=()
# shellcheck disable=SC2086 # the README's words
compose() { "${COMPOSE[@]}" $README_OPTIONS "${FILES[@]}" "$@"; }
readme() { # readme LINE: the README's command, with the test's files
  local rest=${1#docker compose $README_OPTIONS }
  rest=${rest/#exec /exec -T }
  rest=${rest/#run /run -T }
  # shellcheck disable=SC2086 # the README's words
  compose $rest
}
project_left() { # what of the stack is left: containers, networks, volumes
  docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"
  docker network ls -q --filter "label=com.docker.compose.project=$PROJECT"
  docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT"
}
teardown() { [ ${#FILES[@]} -eq 0 ] || compose down -v --remove-orphans -t 20 >>"$OUT/compose.log" 2>&1 || true; }
on_exit() { local rc=$?; teardown; stop_engine; exit $rc; }
trap on_exit EXIT

wait_for() { # wait_for SECONDS COMMAND...: until COMMAND succeeds
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 1; done
}
quietly() { # quietly COMMAND...: output to compose.log, and its tail when COMMAND fails
  "$@" >>"$OUT/compose.log" 2>&1 || { tail -n 20 "$OUT/compose.log" | sed 's/^/    | /' >&2; return 1; }
}
cannot_write() { ! compose exec -T "$1" touch "$2" 2>/dev/null; }
cid() { compose ps -q "$1"; }
state() { docker inspect -f "$2" "$(cid "$1")"; }
healthy() { [ "$(state collector '{{.State.Health.Status}}')" = healthy ]; }
exited() { [ "$(state "$1" '{{.State.Status}}')" = exited ]; }
counts() { compose exec -T fake-internet cat /tmp/counts; }
stored_events() { compose exec -T collector egressguard events --format jsonl 2>/dev/null; }
has_events() { local e; e=$(stored_events); grep -q '"telemetry.plane.so"' <<<"$e" && grep -q '"api.segment.io"' <<<"$e"; }

# ------------------------------------------------------------------ one run of the stack
run_stack() { # run_stack NAME EXTRA_FILE...
  local name=$1; shift
  FILES=(-f docker/ci/compose.offline.yml)
  for f in "$@"; do FILES+=(-f "$f"); done
  log "---- $name: ${COMPOSE[*]} $README_OPTIONS ${FILES[*]}"
  compose down -v --remove-orphans -t 5 >>"$OUT/compose.log" 2>&1 || true # what an aborted run left
  local t=$(date +%s)
  local failed_before=$FAILED
  if quietly readme "$README_UP"; then
    check "$name: up --build -d (README)" true
  else
    check "$name: up --build -d (README)" false
    compose logs --no-color 2>&1 | tail -n 40 | sed 's/^/    | /'
    teardown
    FILES=()
    return 0
  fi
  log "$name: stack up in $(( $(date +%s) - t )) s"
  check "$name: no network was created (every service is on the fake internet's loopback)" \
    test -z "$(docker network ls -q --filter "label=com.docker.compose.project=$PROJECT")"

  check "$name: the app ran and exited" wait_for 90 exited app
  local app_log; app_log=$(compose logs --no-color app 2>&1)
  check "$name: the app exited 0" equals "$(state app '{{.State.ExitCode}}')" 0
  check "$name: the JVM picked up the agent from JAVA_TOOL_OPTIONS alone" contains "$app_log" 'Picked up JAVA_TOOL_OPTIONS: -javaagent:/egressguard/agent/egressguard-agent.jar'
  # blocked at the name lookup (no DNS query leaves), which the JDK reports as UnknownHostException
  check "$name: the agent stopped the phone-home" contains "$app_log" 'phone-home to telemetry.plane.so failed: java.net.UnknownHostException'
  # the image's second demo POSTs a JSON report: the record keeps that payload
  local http; http=$(readme "$README_HTTP" 2>&1) || true
  check "$name: the agent refused the HttpClient demo's POST" contains "$http" 'usage report failed: .*EgressBlockedException: egressguard blocked api.segment.io:443'
  check "$name: the agent copier exited 0" equals "$(state agent '{{.State.ExitCode}}')" 0
  check "$name: the collector's health check turns healthy" wait_for 120 healthy
  check "$name: the running health check is the image's" equals "$(state collector '{{json .Config.Healthcheck.Test}}')" \
    "$(docker image inspect -f '{{json .Config.Healthcheck.Test}}' egressguard/collector:0.1.0)"
  check "$name: the collector stored both attempts" wait_for 60 has_events

  local report; report=$(readme "$README_REPORT" 2>&1) || true
  echo "$report" >"$OUT/report-$name.txt"
  check "$name: report names the blocked destinations" contains "$report" '1: telemetry\.plane\.so \(1\)'
  check "$name: ... both" contains "$report" '1: api\.segment\.io:443 \(1\)'
  check "$name: ... with their vendors, blocked" contains "$report" 'Plane +1 +blocked 1'
  check "$name: ... both" contains "$report" 'Segment +1 +blocked 1'
  check "$name: report names the culprits (class, method, line)" contains "$report" 'PhoneHome\.main\(PhoneHome\.java:[0-9]+\)'
  check "$name: ... both" contains "$report" 'culprit io\.egressguard\.examples\.httpclient\.HttpClientExample\.post\(HttpClientExample\.java:[0-9]+\)'
  check "$name: report shows the refused request's payload" contains "$report" '\{"event":"app_started","installId":"3f2a","client":"HttpClient"\}'
  check "$name: the fake internet saw nothing" equals "$(counts)" "connections=0 bytes=0"

  # users, files, read-only root file systems
  check "$name: the collector's process runs as uid 10001 (not root)" contains \
    "$(compose exec -T collector cat /proc/1/status)" $'Uid:\t10001\t10001\t10001'
  check "$name: the app ran as uid 10001" equals "$(state app '{{.Config.User}}')" "10001:10001"
  local journal; journal=$(compose exec -T -u 0 collector find /var/lib/egressguard/journal -mindepth 1 -printf '%U:%G %m %y %p\n')
  echo "$journal" >"$OUT/journal-$name.txt"
  # A short-lived app's events may all be in spill.log, the file in front of Chronicle's queue (*.cq4).
  check "$name: the shared volume holds the app's journal (*.cq4 or spill.log)" contains "$journal" '(\.cq4|/spill\.log)$'
  check "$name: every journal file and directory belongs to the app's uid and gid (10001)" \
    equals "$(awk '$1 != "10001:10001"' <<<"$journal")" ""
  check "$name: ... and is owner-only (no group or other permission bits)" equals "$(awk '$2 !~ /00$/' <<<"$journal")" ""
  for s in agent app collector; do
    check "$name: $s has a read-only root file system" equals "$(state $s '{{.HostConfig.ReadonlyRootfs}}')" true
  done
  check "$name: writing to the collector's root file system fails" cannot_write collector /var/lib/egressguard/probe

  kill_mid_drain "$name"
  check "$name: the fake internet still saw nothing after $FLOOD more attempts" equals "$(counts)" "connections=0 bytes=0"

  # the control: the same app image, without the agent, on the same network
  local control; control=$(compose run --rm --no-deps -T -e JAVA_TOOL_OPTIONS= app 2>&1) || true
  echo "$control" >"$OUT/control-$name.txt"
  check "$name: control: without the agent the phone-home gets out" contains "$control" 'phone-home to telemetry.plane.so was NOT stopped'
  check "$name: control: the fake internet saw it" contains "$(counts)" '^connections=1 bytes=[1-9]'

  compose logs --no-color >"$OUT/logs-$name.txt" 2>&1 || true
  if [ "$FAILED" -gt "$failed_before" ]; then
    log "$name: the services' last log lines (all in $OUT/logs-$name.txt)"
    tail -n 60 "$OUT/logs-$name.txt" | sed 's/^/    | /'
  fi
  t=$(date +%s)
  check "$name: down -v (README)" quietly readme "$README_DOWN"
  check "$name: down -v leaves no container, network or volume" test -z "$(project_left)"
  log "$name: torn down in $(( $(date +%s) - t )) s"
  FILES=()
}

# kill -s KILL of the collector while it drains a backlog, a restart, and then every event once.
kill_mid_drain() {
  local name=$1 before flood at_kill after ids
  before=$(stored_events | wc -l)
  compose stop -t 20 collector >>"$OUT/compose.log" 2>&1
  local t=$(date +%s)
  flood=$(compose run --rm --no-deps -T -v "$EG_FIXTURES:/fixtures:ro" \
    -e "JAVA_TOOL_OPTIONS=-javaagent:/egressguard/agent/egressguard-agent.jar=queue=/var/lib/egressguard/journal,fold.window=0,ring.size=65536,ring.bytes=512m" \
    app java -cp /fixtures Flood "$FLOOD" telemetry.plane.so 443 2>&1 | tail -n 1)
  log "$name: kill: $FLOOD attempts in $(( $(date +%s) - t )) s"
  check "$name: kill: the agent refused all $FLOOD attempts ($flood)" equals "$flood" "refused=$FLOOD connected=0"
  # small batches and a status line every 200 ms: the kill lands between two commits
  local files=("${FILES[@]}")
  FILES+=(-f docker/ci/compose.kill.yml)
  compose up -d --no-deps collector >>"$OUT/compose.log" 2>&1
  local c; c=$(cid collector)
  local n=0 deadline=$(( $(date +%s) + 60 ))
  while [ "$n" -le "$before" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    n=$(docker logs "$c" 2>&1 | grep -oE '[0-9,]+ stored' | tail -n 1 | tr -dc 0-9 || true)
    n=${n:-0}
    sleep 0.1
  done
  docker kill -s KILL "$c" >/dev/null
  docker logs "$c" >"$OUT/killed-collector-$name.log" 2>&1
  check "$name: kill: the collector died of SIGKILL" equals "$(docker inspect -f '{{.State.ExitCode}}' "$c")" 137
  at_kill=$(compose run --rm --no-deps -T collector events --format jsonl 2>/dev/null | wc -l)
  log "$name: kill: $before events before, $at_kill in the store at the kill, $((before + FLOOD)) expected"
  check "$name: kill: it was killed mid-drain ($before < $at_kill < $((before + FLOOD)))" \
    test "$at_kill" -gt "$before" -a "$at_kill" -lt "$((before + FLOOD))"
  docker start "$c" >/dev/null
  all_in() { [ "$(stored_events | wc -l)" -ge "$((before + FLOOD))" ]; }
  wait_for 120 all_in || true
  sleep 2 # anything beyond the expected count would come in now
  ids=$(stored_events | grep -oE '^\{"v":[0-9]+,"id":"[^"]+"' | sort)
  after=$(wc -l <<<"$ids")
  check "$name: kill: after the restart every event is stored ($after of $((before + FLOOD)))" equals "$after" "$((before + FLOOD))"
  check "$name: kill: and none twice" equals "$(uniq -d <<<"$ids" | wc -l)" 0
  FILES=("${files[@]}")
}

# ------------------------------------------------------------------ the images
run_stack sqlite docker/ci/compose.sqlite.yml
run_stack postgresql

sizes=""
for image in egressguard/agent:0.1.0 egressguard/collector:0.1.0 egressguard/example-phone-home:0.1.0; do
  sizes+="$image $(( $(docker image inspect -f '{{.Size}}' "$image") / 1000000 )) MB; "
done
log "image sizes (on $EG_BUSYBOX_IMAGE / $EG_MINBASE_IMAGE / $EG_JRE_IMAGE): $sizes"
check "agent image runs as a non-root user" equals "$(docker image inspect -f '{{.Config.User}}' egressguard/agent:0.1.0)" "65532:65532"
check "collector image runs as a non-root user" equals "$(docker image inspect -f '{{.Config.User}}' egressguard/collector:0.1.0)" "10001:10001"
check "example image runs as a non-root user" equals "$(docker image inspect -f '{{.Config.User}}' egressguard/example-phone-home:0.1.0)" "10001:10001"
check "the agent jar in its image is readable, not writable, for the image's user" docker run --rm --network none \
  egressguard/agent:0.1.0 sh -c 'test -r /opt/egressguard/egressguard-agent.jar && ! test -w /opt/egressguard/egressguard-agent.jar'
check "collector image has a HEALTHCHECK (drain --status)" contains \
  "$(docker image inspect -f '{{json .Config.Healthcheck.Test}}' egressguard/collector:0.1.0)" 'egressguard drain --status'
check "nothing of the stack is left" test -z "$(project_left)"
log "total $(( $(date +%s) - t0 )) s"
echo "e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
