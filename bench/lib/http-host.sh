# Sourced by the HTTP benches after WORK is made: HOST=<name> makes the clients (but Netty's, which
# dials 127.0.0.1) send to that name, which a hosts file maps to 127.0.0.1, so nothing is looked up
# anywhere else. Sets NAME_FLAGS, the JVM flags every client gets (none for the default 127.0.0.1).
HOST=${HOST:-127.0.0.1}
NAME_FLAGS=()
if [ "$HOST" != 127.0.0.1 ]; then
  printf '127.0.0.1 %s\n' "$HOST" > "$WORK/hosts"
  NAME_FLAGS=(-Djdk.net.hosts.file="$WORK/hosts" -Dbench.host="$HOST")
fi
