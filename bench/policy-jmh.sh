#!/usr/bin/env bash
# Policy decision time against the number of rules, with JMH (issue "Benchmarks against peers", item 4).
# Builds bench/jmh (Maven profile "bench", not part of the default build) and runs
# PolicyDecisionBench on JDK 17 and 25: 10, 1,000 and 100,000 rules; 1 fork, 3 x 1 s warm-up,
# 5 x 1 s measured. Mode: sample time (each sampled call timed on its own), reported as the median
# and 99th percentile. On a loaded machine the average time (-bm avgt) counts the time slices the
# thread spends descheduled (at load 15 on 2 cores it read 0.6-3.4 µs with errors larger than the
# scores); the median call is not preempted.
# Usage: bench/policy-jmh.sh [JMH options, default -bm sample; e.g. -bm avgt -f 2]
set -euo pipefail
cd "$(dirname "$0")/.."
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
./mvnw -B -q -Pbench -pl bench/jmh -am -DskipTests package
[ $# -gt 0 ] || set -- -bm sample
for JDK in $JDKS; do
  echo "== $("$JDK/bin/java" -version 2>&1 | head -n1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$JDK/bin/java" -jar bench/jmh/target/benchmarks.jar PolicyDecisionBench "$@" 2>&1 | sed -n '/^Benchmark /,$p' \
    | grep -E '^Benchmark |avgt|p0\.50 |p0\.99 '
  echo "-- load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
