#!/usr/bin/env bash
# Every stage of the kit against a PyTorch peer in the same shapes, one after the other, on this machine.
# Usage: bench/run.sh [--quick] [--rounds N] [--no-shapes] [--no-memory] [--no-cold-start]
# Prints one JSON line per stage and round (also saved to bench/out/run-<time>.jsonl) and a table of ratios.
# Each stage runs in N rounds (3; 1 with --quick), kit then peer in odd rounds and peer then kit in even ones, so a
# machine whose speed drifts over minutes (a shared VM) slows both sides alike; the table takes each round's ratio.
# Needs the .NET SDK and, for the peer, Debian's python3-torch, python3-torchvision, python3-pil and
# libopenblas0-pthread (bench/README.md). Run it under the CPU lock on a shared machine: flock /work/cpu.lock bench/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
quick=0; shapes=1; memory=1; cold=1; rounds=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  a="${args[$i]}"
  case "$a" in
    --quick) quick=1 ;;
    --rounds)
      rounds="${args[$((i + 1))]:-}"; i=$((i + 1))
      if ! [[ "$rounds" =~ ^[1-9][0-9]?$ ]]; then echo "run.sh: --rounds needs a whole number from 1 to 99, got '$rounds'. Fix: e.g. --rounds 3." >&2; exit 2; fi ;;
    --no-shapes) shapes=0 ;;
    --no-memory) memory=0 ;;
    --no-cold-start) cold=0 ;;
    *) echo "run.sh: unknown option $a. Fix: --quick, --rounds N, --no-shapes, --no-memory or --no-cold-start." >&2; exit 2 ;;
  esac
done
peer_python=/usr/bin/python3
if ! "$peer_python" -c 'import torch, torchvision, PIL' 2>/dev/null; then
  echo "run.sh: $peer_python cannot import torch, torchvision and PIL. Fix: apt-get install python3-torch python3-torchvision python3-pil libopenblas0-pthread" >&2
  exit 2
fi

echo "building Release ..." >&2
dotnet build -c Release "$root/bench/CaptioningKit.Bench" -v q -nologo >&2
kit="$(ls -d "$root"/bench/CaptioningKit.Bench/bin/Release/*/ | head -1)CaptioningKit.Bench"

tmp="$(mktemp -d /tmp/ck-bench-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$root/bench/out"
results="$root/bench/out/run-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
: > "$results"

repeats=5; images=256; memory_steps=1000; default_rounds=3
if [ "$quick" = 1 ]; then repeats=3; images=64; memory_steps=100; default_rounds=1; fi
rounds="${rounds:-$default_rounds}"
"$kit" make-jpegs "$tmp/jpegs" "$images" >&2

# The issue's configuration and the shapes demo's decoder (CaptionerConfig.ForShapes: 8x8 grid of 130 channels,
# attention 128, embedding 64, hidden 256, captions of at most 16 tokens, batch 32).
issue=(--config issue --batch 64 --pixels 64 --features 2048 --attention 512 --embed 256 --hidden 512 --vocab 5000 --steps 20)
shapes_cfg=(--config shapes --batch 32 --pixels 64 --features 130 --attention 128 --embed 64 --hidden 256 --vocab 32 --steps 15)

# The peer runs with OpenBLAS's own choice of kernel: this machine's environment may pin OPENBLAS_CORETYPE (and
# OPENBLAS_L2_SIZE) for older OpenBLAS builds, which slows it; peer.py checks its sgemm result against float64.
peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$peer_python" "$here/peer.py" --repeats "$repeats" --threads 2 "$@"; }
kitrun() { "$kit" compare --repeats "$repeats" --threads 2 "$@"; }
both() { # kit and peer, same arguments, in alternating order round by round
  for ((round = 1; round <= rounds; round++)); do
    if ((round % 2 == 1)); then
      kitrun "$@" | tee -a "$results"; peer "$@" | tee -a "$results"
    else
      peer "$@" | tee -a "$results"; kitrun "$@" | tee -a "$results"
    fi
  done
}

both --stages sgemm
both "${issue[@]}" --stages train,greedy,beam
if [ "$shapes" = 1 ]; then both "${shapes_cfg[@]}" --stages train,greedy,beam; fi
both --stages encoder
both --stages images --jpegs "$tmp/jpegs"
if [ "$memory" = 1 ]; then kitrun "${shapes_cfg[@]}" --stages memory --memory-steps "$memory_steps" | tee -a "$results"; fi
if [ "$cold" = 1 ]; then "$here/coldstart.sh" "$tmp/cold" | tee -a "$results"; fi

echo
"$peer_python" "$here/table.py" "$results"
echo "(results: $results)"
