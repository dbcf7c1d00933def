# Sourced by the start-up benches: sets OTEL to the OpenTelemetry Java agent jar (version
# OTEL_VERSION, default 2.31.1), fetched once from Maven Central into bench/target.
OTEL_VERSION=${OTEL_VERSION:-2.31.1}
OTEL=$PWD/bench/target/opentelemetry-javaagent-$OTEL_VERSION.jar
if [ ! -f "$OTEL" ]; then
  ./mvnw -B -q -N dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:"$OTEL_VERSION" \
    -DoutputDirectory="$PWD/bench/target"
fi
