#!/usr/bin/env bash
# Policy decision time against the number of rules, with JMH (issue "Benchmarks against peers", item 4).
# Builds bench/jmh (Maven profile "bench", not part of the default build) and runs
# PolicyDecisionBench on JDK 17 and 25: 10, 1,000 and 100,000 rules; 1 fork, 3 x 1 s warm-up,
# 5 x 1 s measured (JMH prints the mean with its 99.9 % confidence interval).
# Usage: bench/policy-jmh.sh [extra JMH options, e.g. -f 2]
set -euo pipefail
cd "$(dirname "$0")/.."
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
./mvnw -B -q -Pbench -pl bench/jmh -am -DskipTests package
for JDK in $JDKS; do
  echo "== $("$JDK/bin/java" -version 2>&1 | head -n1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$JDK/bin/java" -jar bench/jmh/target/benchmarks.jar PolicyDecisionBench "$@" 2>&1 | sed -n '/^Benchmark /,$p'
  echo "-- load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
