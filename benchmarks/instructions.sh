#!/bin/bash
# Machine instructions per variant (valgrind cachegrind: deterministic, independent of the load).
# The tree is first copied to one fixed folder (/tmp/instr_fixed, under a lock), so two trees
# are measured at the same path (the folder's name alone moves the count by ~0.3 M through str hashes), and the
# count is averaged over PYTHONHASHSEED 0 1 2.   bash benchmarks/instructions.sh TREE [example] [n]  (needs valgrind)
# INSTR_DIR=/tmp/other: another fixed folder (and lock), so that two people measure at once; compare only
# figures measured in the same folder.
T=$(realpath "$1"); EX=${2:-nn231}; N=${3:-200}
PY=$(python -c "import sys;print(sys.executable)")
F=${INSTR_DIR:-/tmp/instr_fixed}
exec 9>"$F.lock"; flock 9
rm -rf $F; mkdir -p $F
(cd $T && tar --exclude=.git --exclude=output --exclude='__pycache__' -cf - symbp templates examples) | (cd $F && tar xf -)
W=$F/ws.py
cat > $W <<'PYEOF'
import os, sys
os.environ["SYMBP_WORKERS"] = "1"
sys.path.insert(0, os.environ["INSTR_FOLDER"])
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import build_worksheet
spec = load_spec(example_path(sys.argv[1]))
build_worksheet(spec, 20, 3)
n = int(sys.argv[2])
if n: build_worksheet(spec, n, 11)
PYEOF
$PY -c "import sys; sys.path.insert(0,'$F'); import symbp.worksheet" >/dev/null 2>&1  # compile .pyc once
ir() { INSTR_FOLDER=$F PYTHONHASHSEED=$2 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null $PY $W $EX $1 2>&1 | grep -E "I *refs" | awk '{gsub(",","",$NF); print $NF}'; }
out=""
for s in 0 1 2; do a=$(ir 0 $s); b=$(ir $N $s); out="$out $(( (b-a)/N ))"; done
python -c "
v=[int(x)/1e6 for x in '$out'.split()]
print(f'$(basename $T) $EX: {sum(v)/len(v):.3f} M instructions a variant (hash seeds 0 1 2: ' + ' '.join(f'{x:.3f}' for x in v) + ')')"
