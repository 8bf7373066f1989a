#!/usr/bin/env bash
# Repeats one training config N times on this machine and prints, per run, the exit code and the hashes of the last
# weights and of predictions.csv, then the number of distinct hashes and of failed runs. Usage:
#   scripts/repeat-train.sh N CONFIG [--set key=value ...]
# Runs go to a temporary runs directory (kept, its path is printed). Exit 0 only when every run passed and all
# weights and predictions are identical.
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/repeat-train.sh N CONFIG [--set key=value ...]" >&2; exit 2; }
n="$1"; config="$2"; shift 2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="$(mktemp -d "${TMPDIR:-/tmp}/multipose-repeat.XXXXXX")"
echo "repeat-train: $n runs of $config into $runs"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; ISA: $(grep -o -w -E 'avx512f|avx2|avx_vnni|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' ')"
failed=0
for i in $(seq 1 "$n"); do
  name="repeat-$i"
  start=$(date +%s)
  "$here/pipeline" train --config "$config" --quiet --set "output.runs_dir=$runs" --set "output.name=$name" "$@" \
      >"$runs/$name.out" 2>"$runs/$name.err"
  rc=$?
  secs=$(( $(date +%s) - start ))
  w=$(md5sum "$runs/$name/checkpoints/last/weights.mpt" 2>/dev/null | cut -c1-12)
  p=$(md5sum "$runs/$name/predictions.csv" 2>/dev/null | cut -c1-12)
  [ "$rc" -eq 0 ] || { failed=$((failed + 1)); echo "run $i: $(tail -n 1 "$runs/$name.err")"; }
  printf 'run %2d: exit %d  %4ds  weights %s  predictions %s\n' "$i" "$rc" "$secs" "${w:--}" "${p:--}"
  echo "${w:--} ${p:--}" >>"$runs/hashes.txt"
done
distinct=$(sort -u "$runs/hashes.txt" | wc -l)
echo "summary: $n runs, $failed failed, $distinct distinct (weights, predictions) pair(s)"
[ "$failed" -eq 0 ] && [ "$distinct" -eq 1 ]
