#!/usr/bin/env bash
# Builds the benchmark module and runs the benchmarks; writes bench/RESULTS.md.
# Usage: bench/run.sh [--quick] [--jmh-long] [--only quality,jmh,memory,throughput,latency] [--out FILE] [--keep]
# See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# Offline first (dependencies in ~/.m2); online if something is missing.
./mvnw -B -q -o -pl bench -am package -DskipTests || ./mvnw -B -q -pl bench -am package -DskipTests
export BENCH_COMMAND="bench/run.sh${*:+ $*}"
# The monitor runs inside this JVM: its heap is the monitor's heap (the memory goal is 512 MB).
exec java -Xmx512m -XX:+UseG1GC -jar bench/target/bench.jar "$@"
