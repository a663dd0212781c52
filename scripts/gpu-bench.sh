#!/usr/bin/env bash
# The end-to-end benchmark on a CUDA machine, in under 10 minutes: the models alone on the GPU, then the whole
# pipeline (embedded stack) with 1 and 4 streams of the sample clip, and with all five generators in a worker process
# (its RSS). The timeouts add up to 9.5 minutes. Needs a built checkout whose models are fetched
# (./fer models fetch) and a CUDA-enabled TensorFlow Java on the classpath; the workers use the GPU when TensorFlow
# sees one (device "auto"), and the figures say so. Output: one JSON object per measurement under $OUT (default ./gpu-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-gpu-bench}"
mkdir -p "$OUT"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
else
  echo "gpu-bench: no nvidia-smi: no CUDA GPU here, the figures will be the CPU's" | tee "$OUT/gpu.txt"
fi
export FER_NO_BUILD="${FER_NO_BUILD:-}"
run() { # name, timeout seconds, fer arguments...
  local name="$1" limit="$2"; shift 2
  echo "gpu-bench: $name ..." >&2
  if ! timeout "$limit" ./fer "$@" --json > "$OUT/$name.json" 2> "$OUT/$name.log"; then
    echo "gpu-bench: $name failed or ran past ${limit}s (see $OUT/$name.log)" >&2
  fi
  cat "$OUT/$name.json"
}
run models 90 bench models --device auto
# a 30 s warm-up instead of the default 2 minutes, so the three runs fit the machine's 10 minutes
run pipeline-1 150 bench pipeline --streams 1 --warm-up PT30S
run pipeline-4 180 bench pipeline --streams 4 --min-frames 200 --warm-up PT30S
run pipeline-all 150 bench pipeline --worker-stages all --worker-process --min-frames 200 --warm-up PT30S
