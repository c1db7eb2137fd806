# tests/e2e/test_calibrations.sh: declared calibrations (issue 13), sourced by
# tests/e2e/run.sh (helpers expect/ok/bad, $BIN, $ROOT, $T).  A scenario that
# declares the employee pension's coverage to meet 85,000 insured in 2025
# meets it when run, and at both ends of a migration sweep, where the
# population moves by 60,000 (without the declaration the insured would move
# with it); a bad declaration is one clear error.  GPL-3.0-or-later.

CAL="$T/cal"
mkdir -p "$CAL"
cal_scenario() { # file, extra Lua inside calibrations = { ... }
    cat > "$1" <<LUA
return {
  extends = "$ROOT/scenarios/feidong_baseline.lua",
  name = "cal", end_year = 2026,
  calibrations = { $2 },
}
LUA
}
cal_scenario "$CAL/s.lua" '{ param = "pension_employee.coverage_scale", indicator = "pension_employee.insured", year = 2025, target = 85000, range = { 0.6, 1.0 } }'
expect "calibrations: the declared calibration is solved when the scenario runs" 0 \
    "calibrated pension_employee.coverage_scale = 0\.[0-9]+" \
    "$BIN" run "$CAL/s.lua" --scripts "$ROOT/scripts" --out "$CAL/out" --plots svg
cal_v() { awk -F, -v k="$1" '$1==k{print $2}' "$2"; }
v=$(cal_v pension_employee_insured_2025 "$CAL/out/summary.csv")
if awk -v v="$v" 'BEGIN{exit !(v > 84999 && v < 85001)}'; then ok "calibrations: insured 2025 = $v (target 85,000)"
else bad "calibrations: insured 2025 = '$v', not 85,000"; fi

expect "calibrations: a sweep re-solves them at every point" 0 "" "$BIN" sweep "$CAL/s.lua" \
    --scripts "$ROOT/scripts" --vary population.net_migration.total=0:14000:2 --out "$CAL/sw" -q
sw() { awk -F, -v p="$1" -v k="$2" '$2==p && $3==k{print $4}' "$CAL/sw/sweep.csv"; }
p0=$(sw 0 population_2025); p1=$(sw 14000 population_2025)
i0=$(sw 0 pension_employee_insured_2025); i1=$(sw 14000 pension_employee_insured_2025)
if awk -v a="$p0" -v b="$p1" -v i="$i0" -v j="$i1" 'BEGIN{exit !(b - a > 50000 && i > 84999 && i < 85001 && j > 84999 && j < 85001)}'; then
    ok "calibrations: population 2025 $p0 .. $p1 across the sweep, insured $i0 and $i1"
else bad "calibrations: sweep population '$p0' '$p1', insured '$i0' '$i1'"; fi

cal_scenario "$CAL/bad.lua" '{ param = "pension_employee.no_such_key", indicator = "pension_employee.insured", year = 2025, target = 85000 }'
expect "calibrations: an unknown parameter is one clear error" 65 \
    "calibrations\[1\]\.param 'pension_employee.no_such_key' is not a numeric parameter" \
    "$BIN" run "$CAL/bad.lua" --scripts "$ROOT/scripts" --out "$CAL/out-bad"
cal_scenario "$CAL/bad2.lua" '{ param = "pension_employee.coverage_scale", indicator = "pension_employee.insured", year = 2099, target = 85000 }'
expect "calibrations: a year outside the run is refused" 65 "calibrations\[1\]\.year 2099" \
    "$BIN" run "$CAL/bad2.lua" --scripts "$ROOT/scripts" --out "$CAL/out-bad2"

# draws = true: solved again in every draw, with the draw's own mortality and
# migration; without it the draws use the central solution and the insured
# of 2025 spread around the target (84,347 .. 85,080 in 4 draws when written).
cal_scenario "$CAL/d.lua" '{ param = "pension_employee.coverage_scale", indicator = "pension_employee.insured", year = 2025, target = 85000, range = { 0.6, 1.0 }, draws = true }'
expect "calibrations: draws = true re-solves them in every draw" 0 "" "$BIN" run "$CAL/d.lua" \
    --scripts "$ROOT/scripts" --draws 3 --threads 1 --out "$CAL/dr" -q
q=$(awk -F, '$1==2025 && $2=="pension_employee.insured"{lo=1e18; hi=-1e18;
        for (i = 3; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i } print lo, hi}' "$CAL/dr/quantiles.csv")
if awk -v q="$q" 'BEGIN{split(q, a, " "); exit !(a[1] > 84999 && a[2] < 85001)}'; then
    ok "calibrations: every draw meets 85,000 insured in 2025 (quantiles $q)"
else bad "calibrations: draws' insured 2025 quantiles '$q'"; fi
