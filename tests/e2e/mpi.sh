#!/bin/bash
# MPI runs of the stochastic draws (issue 8): bin/policysim-mpi under
# mpirun with 2 and 3 ranks gives exactly the single-process results; a
# failing rank, and more ranks than draws, end cleanly without hanging.
# Usage: tests/e2e/mpi.sh BIN BIN_MPI.  GPL-3.0-or-later.
set -u
exec < /dev/null # mpirun needs a standard input, even an empty one
BIN=$(realpath "$1")
MPIBIN=$(realpath "$2")
ROOT=$(realpath "$(dirname "$0")/../..")
DATA="$ROOT/data/feidong"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
# As root (CI), OpenMPI needs to be told; --oversubscribe: 3 ranks on 2 cores.
MPIRUN=(mpirun --allow-run-as-root --oversubscribe)

cat > "$T/pop.lua" <<LUA
return {
  name = "mpi", base_year = 2020, end_year = 2070,
  population = {
    base = '$DATA/population_2020.csv', mortality = '$DATA/mortality_2020.csv',
    fertility = '$DATA/asfr.csv', tfr = 1.2, mortality_improvement = 0.01,
    net_migration = { total = 1500, distribution = '$DATA/migration_distribution.csv' },
  },
}
LUA
"$BIN" run "$T/pop.lua" --draws 90 --seed 5 --threads 1 --out "$T/single" -q || bad "single-process run"
for np in 2 3; do
    if timeout 300 "${MPIRUN[@]}" -np $np "$MPIBIN" run "$T/pop.lua" --draws 90 --seed 5 --threads 1 --out "$T/np$np" -q; then
        if cmp -s "$T/single/quantiles.csv" "$T/np$np/quantiles.csv" && cmp -s "$T/single/depletion.csv" "$T/np$np/depletion.csv"; then
            ok "$np ranks: bit-identical to one process"
        else bad "$np ranks: results differ from one process"; fi
    else bad "$np ranks: mpirun failed"; fi
done
# Uneven split and more ranks than draws.
"$BIN" run "$T/pop.lua" --draws 2 --seed 5 --threads 1 --out "$T/single2" -q
if timeout 300 "${MPIRUN[@]}" -np 3 "$MPIBIN" run "$T/pop.lua" --draws 2 --seed 5 --threads 1 --out "$T/few" -q &&
   cmp -s "$T/single2/quantiles.csv" "$T/few/quantiles.csv"; then
    ok "more ranks than draws"
else bad "more ranks than draws"; fi
# A failing rank: every rank stops, rank 0 names it, nothing is written.
out=$(PS_TEST_FAIL_RANK=2 timeout 300 "${MPIRUN[@]}" -x PS_TEST_FAIL_RANK -np 3 "$MPIBIN" run "$T/pop.lua" --draws 40 --threads 1 --out "$T/failed" -q 2>&1)
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 124 ] && echo "$out" | grep -q "rank 2: injected failure" && [ ! -e "$T/failed" ]; then
    ok "a failing rank: clear error, no hang, no output"
else bad "a failing rank: exit $status: $out"; fi
# A sweep spread over ranks gives the single-process tables.
"$BIN" sweep "$T/pop.lua" --vary population.tfr=0.9:1.6:4 --vary population.net_migration.total=0:3000:3 \
    --threads 1 --out "$T/sweep1" -q --plots svg || bad "single-process sweep"
if timeout 300 "${MPIRUN[@]}" -np 3 "$MPIBIN" sweep "$T/pop.lua" --vary population.tfr=0.9:1.6:4 \
    --vary population.net_migration.total=0:3000:3 --threads 1 --out "$T/sweep3" -q --plots svg &&
   cmp -s "$T/sweep1/sweep.csv" "$T/sweep3/sweep.csv" && cmp -s "$T/sweep1/tornado.csv" "$T/sweep3/tornado.csv"; then
    ok "a sweep over 3 ranks: the single-process tables"
else bad "a sweep over 3 ranks"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
