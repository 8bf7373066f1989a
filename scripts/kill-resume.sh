#!/usr/bin/env bash
# Kill-and-resume check: trains CONFIG once without interruption, then N times starts the same config, kills the JVM
# with SIGKILL after a random delay, resumes the run with --resume (again and again until it finishes) and compares
# the final weights with the uninterrupted run's. Usage: scripts/kill-resume.sh N CONFIG [--set key=value ...]
# Exit 0 only when every resumed run ends with the uninterrupted run's weights, byte for byte.
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/kill-resume.sh N CONFIG [--set key=value ...]" >&2; exit 2; }
n="$1"; config="$2"; shift 2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
P="$here/pipeline"
runs="$(mktemp -d "${TMPDIR:-/tmp}/multipose-kill.XXXXXX")"
"$P" --version >/dev/null 2>&1
echo "kill-resume: $n runs of $config into $runs"
start=$(date +%s)
"$P" train --config "$config" --quiet --set "output.runs_dir=$runs" --set output.name=reference "$@" >/dev/null 2>&1 \
    || { echo "the uninterrupted run failed" >&2; exit 1; }
full=$(( $(date +%s) - start ))
ref=$(md5sum "$runs/reference/checkpoints/last/weights.mpt" | cut -c1-12)
echo "uninterrupted: ${full}s, weights $ref"
same=0
for i in $(seq 1 "$n"); do
  name="killed-$i"
  delay=$(( 8 + RANDOM % (full > 16 ? full - 8 : 8) ))
  "$P" train --config "$config" --quiet --set "output.runs_dir=$runs" --set "output.name=$name" "$@" \
      >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  pkill -KILL -P "$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  kills=1
  until "$P" train --resume "$runs/$name" --quiet >"$runs/$name.resume.out" 2>&1; do
    kills=$((kills + 1))
    [ "$kills" -gt 5 ] && break
  done
  w=$(md5sum "$runs/$name/checkpoints/last/weights.mpt" 2>/dev/null | cut -c1-12)
  epoch=$(grep -o 'resumed from [^ ]* (epoch [0-9]*, [0-9]* compounds' "$runs/$name/train.log" | head -n 1)
  [ "$w" = "$ref" ] && same=$((same + 1))
  echo "run $i: killed after ${delay}s; ${epoch:-killed before the first checkpoint}; final weights ${w:--} $([ "$w" = "$ref" ] && echo identical || echo DIFFERENT)"
done
echo "summary: $same of $n killed-and-resumed runs end with the uninterrupted run's weights"
[ "$same" -eq "$n" ]
