#!/usr/bin/env bash
# Runs the hostile-input corpus of docs/reliability.md against ./pipeline and prints one Markdown table row per case:
# the case, the command, the exit code, the first line the command printed to stderr (or stdout), and whether the
# outcome is the expected one (exit code and a fragment of the message or of rejects.csv). Then the totals: cases
# with the expected outcome, crashes (exit 3 or a Java stack trace), and pose records silently lost (read by prepare
# but neither kept nor rejected, from summary.json). Usage:  scripts/hostile-inputs.sh [WORKDIR]
# Takes about 3 minutes (one JVM per case). Needs chattr (e2fsprogs) for the unwritable-directory case.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
P="$here/pipeline"
D="$here/datasets/demo"
W="${1:-$(mktemp -d "${TMPDIR:-/tmp}/multipose-hostile.XXXXXX")}"
mkdir -p "$W" && cd "$W" || exit 2
"$P" --version >/dev/null 2>&1 || { echo "cannot run $P" >&2; exit 2; }

# ---- fixtures ---------------------------------------------------------------------------------------------------
: > zero_bytes.sdf
echo "just a file" > afile
mkdir -p somedir
awk '{print} /^\$\$\$\$/{n++; if (n == 8) exit}' "$D/poses.sdf" > two.sdf          # 2 compounds x 4 poses
python3 - "$W" <<'EOF'
import gzip, os, re, sys
w = sys.argv[1]
recs = open(os.path.join(w, 'two.sdf')).read().split('$$$$\n')[:-1]
atom = re.compile(r'^ *-?\d+\.\d{4} +-?\d+\.\d{4} +-?\d+\.\d{4} [A-Z]')
def edit(rec, fn):
    out, k = [], 0
    for l in rec.split('\n'):
        if atom.match(l):
            l = fn(k, l); k += 1
        out.append(l)
    return '\n'.join(out)
def save(name, rs):
    open(os.path.join(w, name), 'w').write(''.join(r + '$$$$\n' for r in rs))
save('far.sdf', [edit(recs[0], lambda k, l: '%10.4f' % (float(l[:10]) + 500) + l[10:])] + recs[1:])
save('huge.sdf', [edit(recs[0], lambda k, l: '%10.4f' % 99999.0 + l[10:] if k == 0 else l)] + recs[1:])
save('unknown_element.sdf', [edit(recs[0], lambda k, l: l[:31] + 'Xx ' + l[34:] if k == 1 else l)] + recs[1:])
save('nan_coordinate.sdf', [edit(recs[0], lambda k, l: '       nan' + l[10:] if k == 0 else l)] + recs[1:])
save('flat_2d.sdf', [edit(recs[0], lambda k, l: l[:20] + '%10.4f' % 0.0 + l[30:])] + recs[1:])
save('truncated.sdf', recs[:1])
open(os.path.join(w, 'truncated.sdf'), 'a').write(recs[1][:200])
save('v3000.sdf', [recs[0].replace('V2000', 'V3000')] + recs[1:])
open(os.path.join(w, 'garbage.sdf'), 'wb').write(bytes(range(256)) * 40)
open(os.path.join(w, 'not_gzip.sdf.gz'), 'wb').write(b'this is not gzip data\n' * 10)
with gzip.open(os.path.join(w, 'cut.sdf.gz'), 'wb') as g:
    g.write(''.join(r + '$$$$\n' for r in recs).encode())
data = open(os.path.join(w, 'cut.sdf.gz'), 'rb').read()
open(os.path.join(w, 'cut.sdf.gz'), 'wb').write(data[: len(data) // 2])
head = 'compound_id,measure,value,unit,qualifier,stderr\n'
rows = {'pk_minus3': 'demo_001,pIC50,-3,,=,', 'pk_99': 'demo_001,pIC50,99,,=,',
        'kd_1e-300': 'demo_001,Kd,1e-300,M,=,', 'qualifier_gtgt': 'demo_001,IC50,4.0,uM,>>,',
        'value_text': 'demo_001,IC50,abc,uM,=,', 'unit_unknown': 'demo_001,IC50,4.0,furlong,=,',
        'value_nan': 'demo_001,IC50,NaN,uM,=,', 'value_empty': 'demo_001,IC50,,uM,=,'}
for k, r in rows.items():
    open(os.path.join(w, 'aff_%s.csv' % k), 'w').write(head + r + '\ndemo_002,IC50,4.5,uM,=,0.6\n')
EOF
mkdir -p loop && cp two.sdf loop/ && ln -sfn ../loop loop/self
: > empty_receptor.pdb
head -c 3000 /dev/urandom > garbage_receptor.pdb
printf 'seed: [1\n' > broken.yaml
R="--receptor demo=$D/receptor.pdb"
Q="$here/configs/quickstart.yaml"
small="--set training.epochs=1 --set output.runs_dir=$W/runs"
"$P" prepare --poses two.sdf $R --affinities "$D/affinities.csv" --quiet --out ds >/dev/null 2>&1
cp -r ds ds_flipped && python3 -c "
import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" ds_flipped/poses.arrow
printf 'seed: 1\nthreads: 2\ndata: {dataset: %s}\nsplit: {method: random, fractions: [0.5, 0.0, 0.5]}\n' "$W/ds" > tiny.yaml
printf 'grid: {resolution: 1.0, dimension: 23.0}\nmodel: {architecture: small}\ntraining: {epochs: 1, batch_size: 1}\n' >> tiny.yaml
printf 'output: {runs_dir: %s}\n' "$W/runs" >> tiny.yaml
"$P" train --config tiny.yaml --set output.name=base --quiet >/dev/null 2>&1
RUN="$W/runs/base"

# ---- cases ------------------------------------------------------------------------------------------------------
ok=0; total=0; crashes=0; lost=0
echo "| # | case | command | exit | message (first line) | expected | outcome |"
echo "|---|---|---|---|---|---|---|"
# case NAME EXPECTED_EXIT EXPECTED_FRAGMENT -- COMMAND...   (the fragment is looked for in stderr, stdout and any
# rejects.csv under the case's --out; "-" = no fragment)
case_() {
  local name="$1" want="$2" frag="$3"; shift 4
  total=$((total + 1))
  local out="c$total.out" err="c$total.err"
  "$@" >"$out" 2>"$err"
  local rc=$?
  local msg; msg=$(grep -v -e '^WARNING: Using incubator' -e '^\s*$' "$err" | head -n 1)
  [ -z "$msg" ] && msg=$(grep -v '^\s*$' "$out" | head -n 1)
  local found=1
  if [ "$frag" != "-" ]; then
    found=0
    grep -qF -- "$frag" "$out" "$err" && found=1
    for r in $(grep -o -- '--out [^ ]*' <<<"$*" | cut -d' ' -f2); do
      if [ -f "$r/rejects.csv" ] && grep -qF -- "$frag" "$r/rejects.csv"; then
        found=1
        [ "$rc" -eq 0 ] && msg="rejects.csv: $(grep -F -- "$frag" "$r/rejects.csv" | head -n 1)"
      fi
    done
  fi
  msg=${msg//$W\//}; msg=${msg//$here\//}; msg=${msg//|/\\|}; msg=${msg:0:220}
  local crash=0
  { [ "$rc" -eq 3 ] || grep -q -e 'Exception' -e '^\s*at [a-z]' "$err"; } && crash=1
  crashes=$((crashes + crash))
  local verdict="unexpected"
  [ "$rc" -eq "$want" ] && [ "$found" -eq 1 ] && [ "$crash" -eq 0 ] && { verdict="expected"; ok=$((ok + 1)); }
  local cmd="${*//$W\//}"; cmd="${cmd//$here\//}"; cmd="${cmd//|/\\|}"
  printf '| %d | %s | `%s` | %d | %s | exit %d%s | %s |\n' "$total" "$name" "$cmd" "$rc" "$msg" "$want" \
      "$([ "$frag" = "-" ] || echo ", \"$frag\"")" "$verdict"
}
# records read by prepare that are neither kept nor rejected (from summary.json of an output directory)
count_lost() {
  [ -f "$1/summary.json" ] || return 0
  local n; n=$(python3 - "$1" <<'EOF'
import csv, json, os, sys
d = sys.argv[1]; s = json.load(open(os.path.join(d, 'summary.json')))
read = s['counts']['in']['pose_records']; kept = s['stats']['poses'] if 'stats' in s else s['counts']['out']['poses']
rej = sum(1 for r in csv.DictReader(open(os.path.join(d, 'rejects.csv'))) if r['record'].startswith('record'))
print(max(0, read - kept - rej))
EOF
)
  lost=$((lost + ${n:-0}))
}

case_ "--out is a file" 2 "is a file" -- "$P" prepare --poses two.sdf $R --quiet --out afile
case_ "--out under a file" 2 "is a file" -- "$P" prepare --poses two.sdf $R --quiet --out afile/ds
mkdir -p locked && chattr +i locked 2>/dev/null
case_ "--out in an unwritable directory" 2 "cannot write there" -- "$P" prepare --poses two.sdf $R --quiet --out locked/ds
chattr -i locked 2>/dev/null
case_ "--out name longer than 255 bytes" 2 "bytes long" -- "$P" prepare --poses two.sdf $R --quiet --out "$(printf 'n%.0s' {1..300})"
case_ "grid --out is a file" 2 "is a file" -- "$P" grid --ligand two.sdf --out afile
case_ "train output.runs_dir is a file" 2 "is a file" -- "$P" train --config "$Q" --set output.runs_dir=afile --quiet
case_ "report --out is a file" 2 "is a file" -- "$P" report --predictions "$RUN" --out afile
case_ "predict --out under a file" 2 "is a file" -- "$P" predict --run "$RUN" --dataset ds --out afile/p
case_ "evaluate --out is a file" 2 "is a file" -- "$P" evaluate --run "$RUN" --out afile
case_ "refine --out is a directory" 2 "is a directory" -- "$P" refine --run "$RUN" --receptor "$D/receptor.pdb" --ligand two.sdf --out somedir
case_ "demo-data --out is a file" 2 "is a file" -- "$P" demo-data --out afile
case_ "train into a run directory that is not empty" 2 "not empty" -- "$P" train --config tiny.yaml --set output.name=base --quiet
"$P" train --config tiny.yaml --set output.name=race --quiet >race1.out 2>race1.err & r1=$!
"$P" train --config tiny.yaml --set output.name=race --quiet >race2.out 2>race2.err & r2=$!
wait $r1; e1=$?; wait $r2; e2=$?
total=$((total + 1)); loser=$([ "$e1" -ne 0 ] && cat race1.err || cat race2.err | grep -v WARNING | head -n 1)
if [ $((e1 + e2)) -eq 2 ] && grep -q "another run claimed" race1.err race2.err; then v=expected; ok=$((ok + 1)); else v=unexpected; fi
printf '| %d | two trains with the same output.name at once | `train --config tiny.yaml --set output.name=race` x2 | %d, %d | %s | one exit 0, one exit 2 naming the other | %s |\n' \
    "$total" "$e1" "$e2" "$(grep -h "another run" race1.err race2.err | head -n 1 | cut -c1-200)" "$v"
"$P" train --config tiny.yaml --quiet >same1.out 2>&1 & r1=$!
"$P" train --config tiny.yaml --quiet >same2.out 2>&1 & r2=$!
wait $r1; e1=$?; wait $r2; e2=$?
total=$((total + 1)); dirs=$(ls -d runs/tiny-* 2>/dev/null | wc -l)
if [ "$e1" -eq 0 ] && [ "$e2" -eq 0 ] && [ "$dirs" -eq 2 ]; then v=expected; ok=$((ok + 1)); else v=unexpected; fi
printf '| %d | two trains with default names in the same second | `train --config tiny.yaml` x2 | %d, %d | %s | both exit 0, two run directories | %s |\n' \
    "$total" "$e1" "$e2" "$(ls -d runs/tiny-* | xargs -n1 basename | tr '\n' ' ')" "$v"
case_ "train on a dataset modified after prepare" 2 "changed after prepare" -- "$P" train --config tiny.yaml --set data.dataset="$W/ds_flipped" --set output.name=flip --quiet
case_ "predict on a modified dataset" 2 "changed after prepare" -- "$P" predict --run "$RUN" --dataset ds_flipped --out pflip
case_ "evaluate on a modified dataset" 2 "changed after prepare" -- "$P" evaluate --run "$RUN" --dataset ds_flipped --out eflip
case_ "dataset stats --verify on a modified dataset" 2 "changed after prepare" -- "$P" dataset stats ds_flipped --verify
for k in pk_minus3:implausible pk_99:implausible kd_1e-300:implausible "qualifier_gtgt:unknown qualifier" \
         "value_text:non-numeric" "unit_unknown:unit" "value_nan:" "value_empty:missing value"; do
  f=${k%%:*}; frag=${k#*:}; [ -z "$frag" ] && frag="aff_$f.csv"
  case_ "affinity row: ${f//_/ }" 0 "$frag" -- "$P" prepare --poses two.sdf $R --affinities "aff_$f.csv" --quiet --out "p_$f"
  count_lost "p_$f"
done
for k in far:"pose away from the receptor" huge:"pose away from the receptor" unknown_element:"'Xx'" \
         nan_coordinate:- flat_2d:"2D" truncated:"truncated record" v3000:"V3000"; do
  f=${k%%:*}; frag=${k#*:}
  [ "$frag" = "-" ] && frag="$f.sdf,record 1"
  case_ "pose file: ${f//_/ }" 0 "$frag" -- "$P" prepare --poses "$f.sdf" $R --quiet --out "p_$f"
  count_lost "p_$f"
done
case_ "pose file: binary garbage (the only file)" 2 "garbage.sdf" -- "$P" prepare --poses garbage.sdf $R --quiet --out p_garbage
case_ "pose file: .gz that is not gzip, next to a good file" 0 "not gzip data" -- "$P" prepare --poses '{two.sdf,not_gzip.sdf.gz}' $R --quiet --out p_notgz
case_ "pose file: gzip cut in half, next to a good file" 0 "truncated gzip" -- "$P" prepare --poses '{two.sdf,cut.sdf.gz}' $R --quiet --out p_cut
count_lost p_cut
case_ "pose file: zero bytes (prepare)" 2 "the file is empty" -- "$P" prepare --poses zero_bytes.sdf $R --quiet --out p_zero
case_ "pose file: zero bytes (grid)" 2 "the file is empty" -- "$P" grid --ligand zero_bytes.sdf --out g_zero
case_ "grid: pose 500 Å from the receptor" 0 "no atom of" -- "$P" grid --ligand far.sdf --receptor "$D/receptor.pdb" --out g_far
case_ "poses: a symbolic link loop under the folder" 0 "symbolic link loop" -- "$P" prepare --poses loop $R --quiet --out p_loop
count_lost p_loop
case_ "receptor: empty file" 2 "empty_receptor.pdb" -- "$P" prepare --poses two.sdf --receptor demo=empty_receptor.pdb --quiet --out p_er
case_ "receptor: binary garbage" 2 "garbage_receptor.pdb" -- "$P" prepare --poses two.sdf --receptor demo=garbage_receptor.pdb --quiet --out p_gr
case_ "receptor: missing file" 2 "nonexistent.pdb" -- "$P" prepare --poses two.sdf --receptor demo=nonexistent.pdb --quiet --out p_mr
case_ "--set optimizer.lr=.inf" 2 "optimizer.lr" -- "$P" train --config "$Q" --set optimizer.lr=.inf --set output.runs_dir="$W/runs_inf" --quiet
total=$((total + 1)); if [ ! -e runs_inf ] || [ -z "$(ls -A runs_inf)" ]; then v=expected; ok=$((ok + 1)); else v=unexpected; fi
printf '| %d | ... and no run directory is left behind | `ls runs_inf` | - | %s | nothing created | %s |\n' "$total" "$(ls -A runs_inf 2>/dev/null | head -c 80)" "$v"
case_ "--set of an unknown key" 2 "unknown" -- "$P" train --config "$Q" --set optimizer.learning_rate=1 --quiet
case_ "--set training.epochs=-1" 2 "training.epochs" -- "$P" train --config "$Q" --set training.epochs=-1 --quiet
case_ "config with a YAML syntax error" 2 "broken.yaml" -- "$P" train --config broken.yaml --quiet
case_ "config file missing" 2 "nonexistent.yaml" -- "$P" train --config nonexistent.yaml --quiet
case_ "predict --run that is not a run" 2 "not a run directory" -- "$P" predict --run somedir --dataset ds --out p_nr
case_ "--resume of a missing directory" 2 "nonexistent_run" -- "$P" train --resume nonexistent_run
case_ "--checkpoint that does not exist" 2 "checkpoint" -- "$P" evaluate --run "$RUN" --checkpoint epoch-0099 --out e_cp
# kill -9 during prepare, then the same prepare again
( "$P" prepare --poses "$D/poses.sdf" $R --affinities "$D/affinities.csv" --workers 1 --quiet --out p_kill >/dev/null 2>&1 & pid=$!
  for _ in $(seq 1 200); do ls p_kill/*.tmp >/dev/null 2>&1 && break; sleep 0.05; done; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null )
left=$(ls p_kill/*.tmp 2>/dev/null | wc -l)
case_ "prepare again after kill -9 left $left temporary file(s)" 0 "-" -- "$P" prepare --poses "$D/poses.sdf" $R --affinities "$D/affinities.csv" --out p_kill
total=$((total + 1)); after=$(ls p_kill/*.tmp 2>/dev/null | wc -l)
if [ "$after" -eq 0 ] && { [ "$left" -eq 0 ] || grep -q "interrupted prepare" "c$((total - 1)).out"; }; then v=expected; ok=$((ok + 1)); else v=unexpected; fi
printf '| %d | ... no *.tmp remains, and the removal is said | `ls p_kill/*.tmp` | - | %s | 0 left, a note line | %s |\n' "$total" "$after left; $(grep -h "interrupted" "c$((total - 1)).out" | head -n 1 | cut -c1-120)" "$v"

echo
echo "cases: $total; expected outcome: $ok; crashes (exit 3 or a stack trace): $crashes; pose records silently lost: $lost"
echo "work directory: $W"
