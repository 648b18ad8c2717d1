#!/usr/bin/env bash
# Cold start of `caption one.jpg` (warm disk): wall time from process start to the caption printed, for a small-CNN
# checkpoint and a resnet18-imagenet checkpoint. One JSON line per checkpoint (median of 5 runs after 1 untimed run).
# Usage: bench/coldstart.sh <scratch folder>   (bench/run.sh calls it; builds the CLI and the bench in Release)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
work="${1:?usage: bench/coldstart.sh <scratch folder>}"
mkdir -p "$work"
dotnet build -c Release "$root/lib/CaptioningKit.Cli" -v q -nologo >&2
dotnet build -c Release "$root/bench/CaptioningKit.Bench" -v q -nologo >&2
cli="$(ls -d "$root"/lib/CaptioningKit.Cli/bin/Release/*/ | head -1)CaptioningKit.Cli"
kit="$(ls -d "$root"/bench/CaptioningKit.Bench/bin/Release/*/ | head -1)CaptioningKit.Bench"
"$kit" make-jpegs "$work/jpegs" 1 >&2
for encoder in small-cnn resnet18-imagenet; do
  checkpoint="$work/$encoder.safetensors"
  "$kit" make-checkpoint "$checkpoint" "$encoder" >&2
  "$cli" caption "$work/jpegs/0000.jpg" --checkpoint "$checkpoint" > /dev/null # warms the disk cache
  times=()
  for i in 1 2 3 4 5; do
    start=$(date +%s.%N)
    "$cli" caption "$work/jpegs/0000.jpg" --checkpoint "$checkpoint" > "$work/caption.txt"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)
  printf '{"side": "kit", "variant": "kit", "stage": "cold-start", "config": "%s", "value": %.3f, "unit": "s", "runs": 5, "times": [%s], "caption": "%s"}\n' \
    "$encoder" "$median" "$(IFS=,; echo "${times[*]}")" "$(cut -f2 "$work/caption.txt" | head -1)"
  "$kit" coldstart-steps "$checkpoint" "$work/jpegs/0000.jpg" # where the time goes (seconds since process start)
done
