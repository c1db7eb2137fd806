# Sourced by tests/e2e/run.sh: the medical, unemployment and work-injury
# funds (issue 5): files, identity every year, the plan's 2025 figures,
# the alternatives, bad inputs.  GPL-3.0-or-later.

MB="$T/med_baseline"
baseline "medical: baseline runs" "$MB"

# fund[t] = fund[t-1] + interest[t] + income_total[t] - expenditure[t], every year.
med_identity() { # file
    awk -F, 'NR==1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { f = $c["fund"]; if (NR > 2) { w = p + $c["interest"] + $c["income_total"] - $c["expenditure"];
            d = f - w; if (d < 0) d = -d; s = (p < 0 ? -p : p) + 1; if (d > 1e-8 * s) bad = 1 }
          p = f; n++ }
        END { exit (bad || n < 2) }' "$1"
}
for f in medical_employee medical_resident unemployment work_injury; do
    hdr=$(head -1 "$MB/$f.csv" 2>/dev/null)
    miss=
    for c in year insured contributors beneficiaries income_total expenditure interest fund; do
        echo ",$hdr," | grep -q ",$c," || miss="$miss $c"
    done
    if [ -n "$hdr" ] && [ -z "$miss" ]; then
        ok "medical: $f.csv has the fund columns"
    else
        bad "medical: $f.csv missing or lacks:$miss"
    fi
    if med_identity "$MB/$f.csv"; then ok "medical: $f identity every year"; else bad "medical: $f identity"; fi
done
for f in medical_employee medical_resident; do
    if head -1 "$MB/$f.csv" | grep -q ",months_held"; then ok "medical: $f has months_held"; else bad "medical: $f months_held"; fi
done

sumval() { awk -F, -v k="$2" '$1 == k { print $2 }' "$1/summary.csv"; }
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * b) }'; }
near "$(sumval "$MB" unemployment_insured_2025)" 62000 && ok "medical: unemployment insured 2025 = 62,000" || bad "medical: unemployment insured 2025"
near "$(sumval "$MB" work_injury_insured_2025)" 74000 && ok "medical: work-injury insured 2025 = 74,000" || bad "medical: work-injury insured 2025"
[ "$(sumval "$MB" unemployment_plan_met_2025)" = yes ] && ok "medical: unemployment plan met" || bad "medical: unemployment plan met"
for k in medical_employee medical_resident unemployment work_injury; do
    v=$(sumval "$MB" ${k}_depletion_year)
    if echo "$v" | grep -Eq '^(none|20[0-9][0-9])$'; then ok "medical: $k depletion year ($v)"; else bad "medical: $k depletion year '$v'"; fi
done

# The alternatives run and move the answers the right way.
for s in medical_cost_growth outpatient_reform_reversed premium_frozen recession; do
    expect "medical: $s runs" 0 "results in" "$BIN" run "$ROOT/scenarios/feidong_$s.lua" --out "$T/med_$s" --plots svg
done
col2050() { awk -F, -v y="$3" 'NR==1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 == y { print $c["'"$2"'"] }' "$1"; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
lt "$(col2050 "$T/med_medical_cost_growth/medical_employee.csv" fund 2040)" "$(col2050 "$MB/medical_employee.csv" fund 2040)" \
    && ok "medical: faster cost growth lowers the employee fund" || bad "medical: faster cost growth"
lt "$(col2050 "$T/med_premium_frozen/medical_resident.csv" income_total 2035)" "$(col2050 "$MB/medical_resident.csv" income_total 2035)" \
    && ok "medical: frozen premium lowers resident income" || bad "medical: frozen premium"
lt "$(col2050 "$MB/unemployment.csv" beneficiaries 2028)" "$(col2050 "$T/med_recession/unemployment.csv" beneficiaries 2028)" \
    && ok "medical: recession raises claimants" || bad "medical: recession claimants"
lt "$(col2050 "$T/med_outpatient_reform_reversed/medical_employee.csv" outpatient_pool 2030)" "$(col2050 "$MB/medical_employee.csv" outpatient_pool 2030)" \
    && ok "medical: the reform moves outpatient spending to the pool" || bad "medical: reform shift"

# Bad inputs: a negative rate, a malformed cost curve, a missing column.
mkdir -p "$T/med_neg" "$T/med_curve" "$T/med_col"
echo "return { extends = '$ROOT/scenarios/feidong_baseline.lua', medical_employee = { employer_rate = -0.02 } }" > "$T/med_neg/scenario.lua"
bad_run med_neg "medical_employee.employer_rate.*-0.02"
sed 's/^male,40,.*/male,40,lots,12/' "$ROOT/data/medical/cost_employee.csv" > "$T/med_curve/cost.csv"
echo "return { extends = '$ROOT/scenarios/feidong_baseline.lua', medical_employee = { cost_curve = 'cost.csv' } }" > "$T/med_curve/scenario.lua"
bad_run med_curve "cost.csv:[0-9]+: column 'inpatient'"
cut -d, -f1-3 "$ROOT/data/medical/cost_resident.csv" > "$T/med_col/cost.csv"
echo "return { extends = '$ROOT/scenarios/feidong_baseline.lua', medical_resident = { cost_curve = 'cost.csv' } }" > "$T/med_col/scenario.lua"
bad_run med_col "outpatient"
