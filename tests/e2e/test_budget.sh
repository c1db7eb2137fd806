# End-to-end tests of the county budget ledger (issue 12): budget.csv and
# pools.csv of the baseline, the ledger against the modules' own columns,
# the summary against the ledger, bad shares, the alternative scenarios.
# Sourced by tests/e2e/run.sh (expect, ok, bad, $BIN, $ROOT, $T).
# GPL-3.0-or-later.

BU="$T/budget-base"
SC="$ROOT/scenarios"
baseline "budget: baseline runs" "$BU"

if [ "$(head -1 "$BU/budget.csv")" = "year,programme,payer,nominal,real" ]; then
    ok "budget: budget.csv header"; else bad "budget: budget.csv header" "$(head -1 "$BU/budget.csv")"; fi
if [ "$(head -1 "$BU/pools.csv")" = "year,fund,gap,net_position" ]; then
    ok "budget: pools.csv header"; else bad "budget: pools.csv header" "$(head -1 "$BU/pools.csv")"; fi
# 31 years x programmes (the 8 built in and those other modules add, such as
# housing and funerals) x 7 payers, each programme and payer once a year
np=$(awk -F, 'NR>1{p[$2]=1} END{n=0; for(x in p) n++; print n}' "$BU/budget.csv")
n=$(awk -F, 'NR>1{k[$1","$2","$3]++; n++} END{d=0; for(x in k) if(k[x]>1) d++; print n "/" d}' "$BU/budget.csv")
if [ "$np" -ge 8 ] && [ "$n" = "$((31 * np * 7))/0" ]; then ok "budget: one row per year, programme and payer ($np programmes)"; else bad "budget: rows/duplicates $n for $np programmes"; fi
for p in resident_pension resident_medical medical_assistance land_guarantee social_assistance \
    childcare elderly_care county_employer; do
    grep -q "^2030,$p,county," "$BU/budget.csv" || bad "budget: no $p rows"
done
if awk -F, 'NR>1 && $3 !~ /^(central|provincial|municipal|county|fund|individual|employer)$/{exit 1}' "$BU/budget.csv"; then
    ok "budget: every payer is one of the seven"; else bad "budget: unknown payer"; fi
# pooled funds are not programmes of the ledger
if ! grep -Eq ',(employee_pension|medical_employee),' "$BU/budget.csv" &&
    grep -q '^2030,employee_pension,' "$BU/pools.csv"; then
    ok "budget: pooled funds only in pools.csv"; else bad "budget: pooled funds in the ledger or missing"; fi

# val FILE COL YEAR
val() {
    awk -F, -v c="$2" -v y="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} $1==y{print $k}' "$1"
}
# ledger YEAR PROGRAMME PAYER-REGEX: sum of nominal
ledger() {
    awk -F, -v y="$1" -v p="$2" -v r="^($3)\$" '$1==y && $2==p && $3 ~ r {s+=$4} END{printf "%.10g", s}' "$BU/budget.csv"
}
close() { awk -v a="$1" -v b="$2" 'BEGIN{d=a-b; if(d<0)d=-d; m=(b<0?-b:b); exit !(d <= 1e-9*m + 1e-6)}'; }

# Every year: the resident medical subsidy (government payers) is insured x
# the per-capita subsidy of medical_resident.csv, and the individual
# payer its premium income; the land guarantee's payers sum to its
# expenditure; the resident pension's central line is its fiscal_central
# and its fund line the IA pensions not paid by the budget.
worst=""
for y in 2020 2025 2030 2040 2050; do
    gov=$(ledger $y resident_medical 'central|provincial|municipal|county')
    want=$(awk -v a="$(val "$BU/medical_resident.csv" insured $y)" -v b="$(val "$BU/medical_resident.csv" subsidy $y)" 'BEGIN{printf "%.10g", a*b}')
    close "$gov" "$want" || worst="$worst medical-subsidy-$y($gov/$want)"
    close "$(ledger $y resident_medical individual)" "$(val "$BU/medical_resident.csv" premium_income $y)" || worst="$worst premium-$y"
    close "$(ledger $y land_guarantee '[a-z]+')" "$(val "$BU/land_guarantee.csv" expenditure $y)" || worst="$worst land-$y"
    close "$(ledger $y resident_pension central)" "$(val "$BU/pension_resident.csv" fiscal_central $y)" || worst="$worst pension-central-$y"
    fund=$(awk -v a="$(val "$BU/pension_resident.csv" ia_pension_paid $y)" -v b="$(val "$BU/pension_resident.csv" ia_paid_by_budget $y)" 'BEGIN{printf "%.10g", a-b}')
    close "$(ledger $y resident_pension fund)" "$fund" || worst="$worst pension-fund-$y"
    # government lines = fiscal_total + premiums paid for 3% of participants at 100 yuan
    want=$(awk -v a="$(val "$BU/pension_resident.csv" fiscal_total $y)" -v b="$(val "$BU/pension_resident.csv" participants $y)" 'BEGIN{printf "%.10g", a + b*0.03*100}')
    close "$(ledger $y resident_pension 'central|provincial|municipal|county')" "$want" || worst="$worst pension-gov-$y"
done
# childcare from 2025: children 0-2 x 3,600 x 0.95 + inclusive slots x 2,400 + construction
for y in 2025 2030 2045; do
    want=$(awk -v k="$(val "$BU/childcare.csv" children_0_2 $y)" -v s="$(val "$BU/childcare.csv" supply $y)" -v c="$(val "$BU/childcare.csv" construction_cost $y)" 'BEGIN{printf "%.10g", k*3600*0.95 + s*0.6*2400 + c}')
    close "$(ledger $y childcare '[a-z]+')" "$want" || worst="$worst childcare-$y"
done
if [ -z "$worst" ]; then ok "budget: the ledger agrees with the modules' own columns"; else bad "budget: ledger disagrees:$worst"; fi

# The summary against the ledger: county total and per programme.
worst=""
for y in 2025 2030 2035 2050; do
    s=$(grep "^budget_county_$y," "$BU/summary.csv" | cut -d, -f2)
    c=$(awk -F, -v y=$y '$1==y && $3=="county"{s+=$4} END{printf "%.10g", s}' "$BU/budget.csv")
    close "$s" "$c" || worst="$worst total-$y"
    s=$(grep "^budget_county_childcare_$y," "$BU/summary.csv" | cut -d, -f2)
    close "$s" "$(ledger $y childcare county)" || worst="$worst childcare-$y"
    r=$(awk -F, -v y=$y '$1==y && $3=="county"{s+=$5} END{printf "%.10g", s}' "$BU/budget.csv")
    close "$(grep "^budget_county_real_$y," "$BU/summary.csv" | cut -d, -f2)" "$r" || worst="$worst real-$y"
done
for k in budget_county_share_revenue_2030 budget_county_pv budget_fiscal_gap budget_growth_demography_2035; do
    grep -q "^$k,[-0-9.]" "$BU/summary.csv" || worst="$worst missing-$k"
done
if [ -z "$worst" ]; then ok "budget: summary keys match the ledger"; else bad "budget: summary:$worst"; fi
# the decomposition's parts add up to the change
w=$(awk -F, 'NR>1{d=$4-($5+$6+$7+$8+$9); if(d<0)d=-d; m=($4<0?-$4:$4); if(d>1e-6*m+1) print $1","$2}' "$BU/budget_decomposition.csv" | head -3)
if [ -z "$w" ]; then ok "budget: decomposition parts add up to the change"; else bad "budget: decomposition off" "$w"; fi

#### bad shares: exit 65, the key named, nothing written
mkdir -p "$T/bshare"
cat > "$T/bshare/s.lua" <<LUA
return { extends = "$SC/feidong_baseline.lua", name = "bshare",
  budget = { childcare = { central = 0.9, provincial = 0.2 } } }
LUA
expect "budget: shares above 1 are an error naming the keys" 65 \
    "'budget.childcare.central' \+ 'budget.childcare.provincial'.*above 1" \
    "$BIN" run "$T/bshare/s.lua" --out "$T/bshare/out"
[ -e "$T/bshare/out" ] && bad "budget: bad shares left a results folder"
cat > "$T/bshare/n.lua" <<LUA
return { extends = "$SC/feidong_baseline.lua", name = "bshare",
  budget = { social_assistance = { municipal = -0.05 } } }
LUA
expect "budget: a negative share is an error naming the key" 65 \
    "'budget.social_assistance.municipal' is -0.05" "$BIN" run "$T/bshare/n.lua" --out "$T/bshare/out"
cat > "$T/bshare/p.lua" <<LUA
return { extends = "$SC/feidong_baseline.lua", name = "bshare",
  pension_resident = { province_share = 0.8 }, budget = { resident_pension = { municipal_share = 0.3 } } }
LUA
expect "budget: resident pension local shares above 1" 65 \
    "'pension_resident.province_share' \+ 'budget.resident_pension.municipal_share'" \
    "$BIN" run "$T/bshare/p.lua" --out "$T/bshare/out"

#### the alternative scenarios change what they should, by hand
# county top-up: +20 yuan a month from 2026, all county: beneficiaries x 240
expect "budget: county pension top-up runs" 0 "results in" "$BIN" run "$SC/feidong_county_pension_topup.lua" --out "$T/bu-topup" --plots svg
d=$(awk -v a="$(grep '^budget_county_resident_pension_2030,' "$T/bu-topup/summary.csv" | cut -d, -f2)" \
        -v b="$(grep '^budget_county_resident_pension_2030,' "$BU/summary.csv" | cut -d, -f2)" 'BEGIN{printf "%.10g", a-b}')
want=$(awk -v n="$(val "$BU/pension_resident.csv" beneficiaries 2030)" 'BEGIN{printf "%.10g", n*12*20}')
if close "$d" "$want"; then ok "budget: the top-up costs the county beneficiaries x 240 in 2030 ($d)"; else bad "budget: top-up adds $d, expected $want"; fi
# childcare voucher: children 0-2 x 0.95 x 1,200, all county
expect "budget: childcare voucher runs" 0 "results in" "$BIN" run "$SC/feidong_childcare_voucher.lua" --out "$T/bu-voucher" --plots svg
d=$(awk -v a="$(grep '^budget_county_childcare_2030,' "$T/bu-voucher/summary.csv" | cut -d, -f2)" \
        -v b="$(grep '^budget_county_childcare_2030,' "$BU/summary.csv" | cut -d, -f2)" 'BEGIN{printf "%.10g", a-b}')
want=$(awk -v k="$(val "$BU/childcare.csv" children_0_2 2030)" 'BEGIN{printf "%.10g", k*0.95*1200}')
want_voucher=$want
if close "$d" "$want"; then ok "budget: the voucher costs the county children x 0.95 x 1,200 ($d)"; else bad "budget: voucher adds $d, expected $want"; fi
# elderly-care vouchers at 50%: (moderate + severe) x (0.5 - 0.2) x 9,600 x 0.025 to the county
expect "budget: elderly-care vouchers at 50% run" 0 "results in" "$BIN" run "$SC/feidong_eldercare_vouchers_50.lua" --out "$T/bu-eld" --plots svg
d=$(awk -v a="$(grep '^budget_county_elderly_care_2030,' "$T/bu-eld/summary.csv" | cut -d, -f2)" \
        -v b="$(grep '^budget_county_elderly_care_2030,' "$BU/summary.csv" | cut -d, -f2)" 'BEGIN{printf "%.10g", a-b}')
want=$(awk -v m="$(val "$BU/eldercare.csv" level_moderate_dependent 2030)" -v s="$(val "$BU/eldercare.csv" level_severe_dependent 2030)" 'BEGIN{printf "%.10g", (m+s)*0.3*800*12*(1-0.9-0.05-0.025)}')
if close "$d" "$want"; then ok "budget: 50% take-up costs the county (moderate+severe) x 0.3 x 9,600 x 0.025 ($d)"; else bad "budget: vouchers add $d, expected $want"; fi

#### the answers in words and the declared columns
if grep -q '^500,.*县本级.*万元.*million yuan' "$BU/headline.csv" && grep -q '^520,.*财政缺口' "$BU/headline.csv"; then
    ok "budget: the headline opens the budget answers with units"; else bad "budget: no budget headline" "$(cat "$BU/headline.csv" 2>&1 | head -5)"; fi
if grep -q '^pools.csv,net_position,.*not a county liability' "$BU/columns.csv" &&
    grep -q '^budget.csv,nominal,' "$BU/columns.csv" && grep -q '^budget_totals.csv,county_share_revenue,' "$BU/columns.csv"; then
    ok "budget: its files are declared in columns.csv, pools as not a county liability"; else bad "budget: columns.csv lacks the budget files"; fi
# budget_totals.csv's county column is the ledger's county rows
c=$(val "$BU/budget_totals.csv" county 2040)
l=$(awk -F, '$1==2040 && $3=="county"{s+=$4} END{printf "%.10g", s}' "$BU/budget.csv")
if close "$c" "$l"; then ok "budget: budget_totals.csv agrees with the ledger"; else bad "budget: totals $c vs ledger $l"; fi

#### charts, compare and draws
for c in budget_county_by_programme budget_payer_shares budget_share_of_revenue; do
    if [ -s "$BU/plots/$c.png" ] && [ "$(head -c 4 "$BU/plots/$c.png" | od -An -c | tr -d ' ')" = "211PNG" ]; then
        ok "budget: chart $c"; else bad "budget: chart $c missing"; fi
done
expect "budget: compare baseline and the childcare voucher" 0 "compared" \
    "$BIN" compare "$SC/feidong_baseline.lua" "$SC/feidong_childcare_voucher.lua" --out "$T/bu-cmp" --lang en --plots svg
first=$(sed -n 2p "$T/bu-cmp/differences.csv" | cut -d, -f1)
d=$(awk -F, '$1=="budget.county_childcare" && $2==2030{print $5}' "$T/bu-cmp/differences.csv")
if [ "$first" = "budget.county" ] && close "$d" "$want_voucher"; then
    ok "budget: compare lists the budget differences first ($d in 2030)"; else bad "budget: compare first row '$first', childcare difference '$d' (want $want_voucher)"; fi
expect "budget: 8 draws" 0 "results in" "$BIN" run "$SC/feidong_baseline.lua" --draws 8 --out "$T/bu-draws" --threads 2
p=$(grep '^budget_exceeds_risk_share_probability_by_2050,' "$T/bu-draws/summary.csv" | cut -d, -f2)
nq=$(grep -c ',budget.county,' "$T/bu-draws/quantiles.csv")
if awk -v p="$p" 'BEGIN{exit !(p != "" && p >= 0 && p <= 1)}' && [ "$nq" -eq 31 ] &&
    ! grep -q '^budget,' "$T/bu-draws/depletion.csv"; then
    ok "budget: draws give the county cost's quantiles and the probability of exceeding the risk share ($p)"
else bad "budget: draws: probability '$p', $nq quantile rows"; fi
if grep -q '<h2 id="budget">' "$BU/report.html" && grep -q 'county_land_guarantee' "$BU/report.html"; then
    ok "budget: the report has the county budget section"; else bad "budget: report lacks the budget section"; fi
n=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"select count(*) from budget where payer='county' and year=2030\").fetchone()[0])" "$BU/results.sqlite" 2>&1)
if [ "$n" = "$np" ]; then ok "budget: results.sqlite has the ledger"; else bad "budget: results.sqlite budget table: '$n'"; fi
