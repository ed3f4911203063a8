#!/usr/bin/env bash
# Builds the benchmarks, proves every library right (SelfCheck), runs all JMH benchmarks with -prof gc (3 forks),
# measures the in-memory replay guard's heap (ReplayGuardHeap) and runs the multi-process load test (LoadTest), and
# writes benchmarks/RESULTS.md with the git commit and the load average. Not part of CI: about 50 minutes on 2 cores
# for everything; run it on a quiet machine.
#
#   benchmarks/run.sh                                            # the JDK on PATH (or $JAVA_HOME)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh  # another JDK
#   RESULTS=benchmarks/RESULTS-jdk25.md JAVA_HOME=... benchmarks/run.sh   # keep both reports
#   benchmarks/run.sh 'Kairos\.|Limit'                            # extra JMH arguments (a subset, -p, ...)
#   SKIP_LOAD=1 benchmarks/run.sh                                # JMH only (no heap measurement, no load test)
#   LOAD_ARGS='accounts=100 rounds=100' benchmarks/run.sh         # LoadTest options (see its Javadoc)
#
# JMH_OPTS overrides the run length (default below); the whole command line lands in the report.
set -euo pipefail
cd "$(dirname "$0")/.."

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jmh_opts="${JMH_OPTS:--f 3 -wi 3 -w 1s -i 5 -r 1s}"
results="${RESULTS:-benchmarks/RESULTS.md}"
json=benchmarks/target/jmh-result.json
invocation="${JAVA_HOME:+JAVA_HOME=$JAVA_HOME }${JMH_OPTS:+JMH_OPTS='$JMH_OPTS' }${RESULTS:+RESULTS=$RESULTS }${SKIP_LOAD:+SKIP_LOAD=$SKIP_LOAD }${LOAD_ARGS:+LOAD_ARGS='$LOAD_ARGS' }benchmarks/run.sh${*:+ $*}"

echo "== build"
mvn -q -pl benchmarks -am package -DskipTests

commit="$(git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== self-check"
"$java_bin" -cp benchmarks/target/benchmarks.jar dev.kairos.benchmarks.SelfCheck

# shellcheck disable=SC2206 # jmh_opts is meant to split into words
jmh=("$java_bin" -jar benchmarks/target/benchmarks.jar $jmh_opts -prof gc -rf json -rff "$json" "$@")
echo "== ${jmh[*]}"
"${jmh[@]}" | tee benchmarks/target/jmh-output.txt

heap=benchmarks/target/replay-guard-heap.txt
loadtest=benchmarks/target/load-test.md
if [[ -z "${SKIP_LOAD:-}" ]]; then
    echo "== ReplayGuardHeap"
    "$java_bin" -Xmx2g -cp benchmarks/target/benchmarks.jar dev.kairos.benchmarks.ReplayGuardHeap | tee "$heap"
    echo "== LoadTest"
    # shellcheck disable=SC2086 # LOAD_ARGS is meant to split into words
    "$java_bin" -cp benchmarks/target/benchmarks.jar dev.kairos.benchmarks.LoadTest ${LOAD_ARGS:-} out="$loadtest"
else
    : >"$heap"
    : >"$loadtest"
fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== report"
python3 benchmarks/report.py "$json" "$results" \
    --invocation "$invocation" --jmh-command "${jmh[*]}" --cores "$(nproc)" \
    --load "before: $load_before; after: $load_after" --commit "$commit" \
    --heap "$heap" --heap-before benchmarks/measurements/replay-guard-heap-before.txt --load-test "$loadtest" \
    --selfcheck "$("$java_bin" -cp benchmarks/target/benchmarks.jar dev.kairos.benchmarks.SelfCheck)"
echo "wrote $results"
