#!/usr/bin/env bash
# deepj (pure Java), deepj with OpenBLAS, and PyTorch on the same workloads, side by side.
#
#   DEEPJ_PYTHON=/opt/torchenv/bin/python bench/compare.sh                 # everything, 1 and 2 threads
#   bench/compare.sh --threads 1 sgemm-1024x1024x1024 exp                  # a selection
#   bench/compare.sh --list                                                # the bench names
#
# Options (passed to both sides): --threads LIST, --warmup-ms N, --measure-ms N; --impl LIST limits
# the Java side (deepj,deepj-openblas); --no-torch skips PyTorch; --no-build reuses the last build.
# Environment: DEEPJ_PYTHON (default python3), DEEPJ_MVN_FLAGS (extra Maven flags, e.g. -o),
# JAVA_HOME (used if it is a JDK 25+, else one is looked for in /usr/lib/jvm), DEEPJ_JAVA_OPTS (extra JVM
# flags for the Java side, e.g. -XX:+UseParallelGC).
# Output: progress on stderr; on stdout INFO/NOTE lines, one RESULT line per figure, then the table.
set -euo pipefail
cd "$(dirname "$0")/.."

java_args=() py_args=() build=1 torch=1
while [ $# -gt 0 ]; do
  case "$1" in
    --threads|--warmup-ms|--measure-ms) java_args+=("$1" "$2"); py_args+=("$1" "$2"); shift 2 ;;
    --impl) java_args+=("$1" "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    --no-torch) torch=0; shift ;;
    --list) build=0; set -- ; java_args=(--list) ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) java_args+=("$1"); py_args+=("$1"); shift ;;
  esac
done

is25() { "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; }
if [ -z "${JAVA_HOME:-}" ] || ! is25 "$JAVA_HOME"; then
  JAVA_HOME=
  for d in /usr/lib/jvm/*; do
    if [ -x "$d/bin/java" ] && is25 "$d"; then JAVA_HOME="$d"; break; fi
  done
  [ -n "$JAVA_HOME" ] || { echo "compare.sh: no JDK 25 found (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME
fi

jar=deepj-bench/target/benchmarks.jar
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  # shellcheck disable=SC2086  # DEEPJ_MVN_FLAGS is a list of flags
  ./mvnw -q -B -ntp ${DEEPJ_MVN_FLAGS:-} -pl deepj-bench -am package -DskipTests >&2
fi
# The same collector as the ./deepj launcher: on 2 cores G1's concurrent threads compete with the
# compute threads (mlp at 2 threads: 33-48k examples/s with G1, 46-48k with ParallelGC). The heap starts at
# its maximum (a quarter of the memory): grown from the default small start, ParallelGC copied a ResNet step's
# live activations into the old generation for seconds (1.9 s of pauses in 9 s of resnet-small at 2 threads).
# shellcheck disable=SC2206  # DEEPJ_JAVA_OPTS is a list of flags
java=("$JAVA_HOME/bin/java" ${DEEPJ_JAVA_OPTS:--XX:+UseParallelGC -XX:InitialRAMPercentage=25} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$jar")

if [ "${java_args[*]:-}" = "--list" ]; then
  "${java[@]}" ai.deepj.bench.Compare --list 2>/dev/null
  exit 0
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "INFO $(date -u +%Y-%m-%dT%H:%MZ) $(uname -n), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" | tee -a "$out"
"${java[@]}" ai.deepj.bench.Compare "${java_args[@]}" 2> >(grep -v 'Using incubator modules' >&2) | tee -a "$out"
if [ "$torch" = 1 ]; then
  "${DEEPJ_PYTHON:-python3}" bench/torch_bench.py "${py_args[@]}" | tee -a "$out" \
    || echo "NOTE torch run failed (${DEEPJ_PYTHON:-python3})" | tee -a "$out"
fi

echo
echo "Figures: best sample after warm-up (GFLOP/s = 2MNK / time; Melem/s = 2^20 / time). Higher is better."
"${java[@]}" ai.deepj.bench.ResultTable < "$out" 2>/dev/null
echo
echo "Kernel microbenchmarks (JMH):"
echo "  $JAVA_HOME/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar $jar [regexp, e.g. ElementwiseBench] [-p threads=1]"
