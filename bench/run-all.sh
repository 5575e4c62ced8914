#!/usr/bin/env bash
# npm run bench: the benchmarks, one after another (never at once: they share this machine's CPUs).
# The caller has built dist/ and started deploy/kafka. Each bench reads its own BENCH_* knobs; a bench that
# fails to run does not stop the others, but makes this script fail.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failed=()
for bench in dispatch-decision deadline-timers audit readings classified-to-tasks intake-to-classified observability-overhead dispatcher-scaling district-import console; do
  echo "══ bench/$bench.bench.ts"
  node -r @swc-node/register "bench/$bench.bench.ts" || failed+=("$bench")
  echo
done
if ((${#failed[@]})); then
  echo "run-all: failed to run: ${failed[*]}" >&2
  exit 1
fi
