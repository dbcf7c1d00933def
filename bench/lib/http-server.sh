# Sourced by the HTTP benchmarks: the JDK's version and the loopback HttpBench server they all send to.
# jdk_version JAVA: prints the JDK's version string.
jdk_version() {
  "$1" -version 2>&1 | head -n1 | sed -E 's/.*version "([^"]+)".*/\1/'
}

# start_http_server JAVA SECONDS: starts HttpBench's server (classes in $WORK/classes) on 127.0.0.1
# for at most SECONDS; sets SERVER (its pid) and PORT once it has written its port to $WORK/port.
start_http_server() {
  rm -f "$WORK/port"
  "$1" -Dsun.net.httpserver.nodelay=true -cp "$WORK/classes" HttpBench server "$WORK/port" "$2" &
  SERVER=$!
  for _ in $(seq 100); do [ -f "$WORK/port" ] && break; sleep 0.1; done
  PORT=$(cat "$WORK/port")
}
