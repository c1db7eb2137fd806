# tests/e2e/test_pension.sh: the pension modules end to end, sourced by
# tests/e2e/run.sh (helpers expect/ok/bad/bad_run, $BIN, $ROOT, $T).
# The baseline and the four alternatives run; every fund file satisfies
# fund[t] = fund[t-1] + interest + income_total - expenditure; the
# calibration meets the plan (81,000 employee insured in 2025 within 0.5%,
# 520,000+ resident insured); the reform leaves fewer retirees in 2035.
# GPL-3.0-or-later.

PS_SCRIPTS="$ROOT/scripts"
PEN="$T/pension"
mkdir -p "$PEN"
# The baseline: a copy of the results of run.sh's one baseline run (its helper baseline).
baseline "pension: feidong_baseline runs" "$PEN/feidong_baseline"
for s in feidong_no_retirement_reform feidong_lower_employer_rate \
    feidong_indexation_60pct feidong_flexible_coverage; do
    expect "pension: $s runs" 0 "" "$BIN" run "$ROOT/scenarios/$s.lua" --scripts "$PS_SCRIPTS" \
        --out "$PEN/$s" -q --plots svg
done

# value KEY FILE: the summary value of KEY.
pen_value() { awk -F, -v k="$1" '$1==k{print $2}' "$2"; }

B="$PEN/feidong_baseline"
for f in pension_employee pension_resident land_guarantee; do
    if [ ! -s "$B/$f.csv" ]; then bad "pension: baseline writes $f.csv"; continue; fi
    ok "pension: baseline writes $f.csv"
    h=$(head -1 "$B/$f.csv")
    miss=""
    for c in year insured contributors beneficiaries income_total expenditure interest fund; do
        case ",$h," in *",$c,"*) ;; *) miss="$miss $c" ;; esac
    done
    [ "$f" = pension_employee ] && case ",$h," in *",retirees,"*) ;; *) miss="$miss retirees" ;; esac
    if [ -z "$miss" ]; then ok "pension: $f.csv has the fund columns"; else bad "pension: $f.csv lacks$miss"; fi
    rows=$(($(wc -l < "$B/$f.csv") - 1))
    if [ "$rows" -eq 31 ]; then ok "pension: $f.csv has a row a year"; else bad "pension: $f.csv has $rows rows"; fi
done

# The fund identity, read back from every fund file of every scenario.
for s in "$PEN"/*/; do
    for f in pension_employee pension_resident land_guarantee; do
        [ -s "$s/$f.csv" ] || continue
        worst=$(awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i; next}
            {fu=$c["fund"]; if(NR>2){e=fu-(prev+$c["interest"]+$c["income_total"]-$c["expenditure"]);
              sc=(fu<0?-fu:fu)+(prev<0?-prev:prev)+$c["income_total"]+$c["expenditure"];
              r=e/(sc>0?sc:1); if(r<0)r=-r; if(r>w)w=r} prev=fu}
            END{printf "%.3g", w+0}' "$s/$f.csv")
        if awk -v w="$worst" 'BEGIN{exit !(w < 1e-12)}'; then
            ok "pension: identity in $(basename "$s")/$f.csv (worst $worst)"
        else
            bad "pension: identity in $(basename "$s")/$f.csv off by $worst"
        fi
    done
done

# The individual accounts (issue 13), read back from every scenario's file:
# ia_balance[t] = ia_balance[t-1] + ia_contributions + ia_interest - benefits_from_ia.
for s in "$PEN"/*/; do
    worst=$(awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i; next}
        {b=$c["ia_balance"]; if(NR>2){e=b-(prev+$c["ia_contributions"]+$c["ia_interest"]-$c["benefits_from_ia"]);
          sc=b+prev+$c["ia_contributions"]+$c["benefits_from_ia"]; r=e/(sc>0?sc:1); if(r<0)r=-r; if(r>w)w=r} prev=b}
        END{printf "%.3g", w+0}' "$s/pension_employee.csv")
    if awk -v w="$worst" 'BEGIN{exit !(w < 1e-12)}'; then
        ok "pension: account identity in $(basename "$s") (worst $worst)"
    else bad "pension: account identity in $(basename "$s") off by $worst"; fi
done
# The three views: the headline is the pooled account's; the cash view and
# the county's net position are in the file and the summary.
for k in pension_employee_headline_view pension_employee_cash_depletion_year pension_employee_net_position_2025; do
    v=$(pen_value "$k" "$B/summary.csv")
    if [ -n "$v" ]; then ok "pension: summary $k = $v"; else bad "pension: summary lacks $k"; fi
done
# A number key (not a series) can be calibrated: the opening fund that
# keeps the pooled account at 0 at the end of 2021.
mkdir -p "$T/pen_cal"
printf 'return { extends = "%s", name = "pen_cal", end_year = 2022 }\n' \
    "$ROOT/scenarios/feidong_baseline.lua" > "$T/pen_cal/scenario.lua"
expect "pension: calibrate base_fund_months" 0 "base_fund_months = [0-9.]+ gives" "$BIN" calibrate \
    "$T/pen_cal/scenario.lua" --scripts "$PS_SCRIPTS" --param pension_employee.base_fund_months \
    --indicator pension_employee.fund --year 2021 --target 0 --range 0:60

# Calibration: the plan's figures in 2025.
ins=$(pen_value pension_employee_insured_2025 "$B/summary.csv")
if awk -v v="$ins" 'BEGIN{exit !(v >= 81000*0.995 && v <= 81000*1.005)}'; then
    ok "pension: employee insured 2025 = $ins (plan 81,000)"
else bad "pension: employee insured 2025 = '$ins', not 81,000 +- 0.5%"; fi
rins=$(pen_value pension_resident_insured_2025 "$B/summary.csv")
if awk -v v="$rins" 'BEGIN{exit !(v >= 520000)}'; then
    ok "pension: resident insured 2025 = $rins (plan 520,000 and above)"
else bad "pension: resident insured 2025 = '$rins', below 520,000"; fi

# The reform: fewer retirees in 2035 than without it.
r1=$(pen_value pension_employee_retirees_2035 "$B/summary.csv")
r0=$(pen_value pension_employee_retirees_2035 "$PEN/feidong_no_retirement_reform/summary.csv")
if awk -v a="$r1" -v b="$r0" 'BEGIN{exit !(a > 0 && a < b)}'; then
    ok "pension: retirees 2035 with the reform $r1 < without $r0"
else bad "pension: retirees 2035 with the reform '$r1', without '$r0'"; fi

# Summary rows: depletion year (a year or none) and the subsidy over the horizon.
dep=$(pen_value pension_employee_depletion_year "$B/summary.csv")
if echo "$dep" | grep -Eq '^(none|20[0-9]{2})$'; then ok "pension: depletion year '$dep'"; else bad "pension: depletion year '$dep'"; fi
sub=$(pen_value pension_employee_subsidy_needed_total "$B/summary.csv")
if awk -v v="$sub" 'BEGIN{exit !(v >= 0)}' && [ -n "$sub" ]; then ok "pension: subsidy needed $sub"; else bad "pension: subsidy needed '$sub'"; fi

# The alternatives do what they say: a lower employer rate needs more
# subsidy; under 60% indexation the 2030 adjustment is 0.6 x the wage
# growth of 2029 (the scenario's function reads it through state.get).
s_low=$(pen_value pension_employee_subsidy_needed_total "$PEN/feidong_lower_employer_rate/summary.csv")
if awk -v a="$s_low" -v b="$sub" 'BEGIN{exit !(a > b)}'; then ok "pension: lower employer rate needs more subsidy"; else bad "pension: lower employer rate subsidy $s_low vs $sub"; fi
col() { awk -F, -v c="$1" -v y="$2" 'NR==1{for(i=1;i<=NF;i++)if($i==c)k=i} $1==y{print $k}' "$3"; }
F60="$PEN/feidong_indexation_60pct/pension_employee.csv"
i30=$(col indexation 2030 "$F60"); g29=$(col wage_growth 2029 "$F60")
if awk -v i="$i30" -v g="$g29" 'BEGIN{d=i-0.6*g; exit !(g > 0 && d < 1e-15 && d > -1e-15)}'; then
    ok "pension: 60% indexation: 2030 adjustment $i30 = 0.6 x $g29"
else bad "pension: 60% indexation: 2030 adjustment '$i30', wage growth 2029 '$g29'"; fi
c0=$(col contributors 2035 "$B/pension_employee.csv"); c1=$(col contributors 2035 "$PEN/feidong_flexible_coverage/pension_employee.csv")
if awk -v a="$c1" -v b="$c0" 'BEGIN{exit !(a > 1.1 * b)}'; then ok "pension: flexible coverage raises contributors 2035 ($c1 > $c0)"; else bad "pension: flexible coverage contributors 2035 $c1 vs $c0"; fi

# Scenario functions read the module's indicators.
mkdir -p "$T/pen_get"
cat > "$T/pen_get/scenario.lua" <<LUA
return {
  extends = "$ROOT/scenarios/feidong_baseline.lua",
  name = "pen_get", end_year = 2022,
  indicators = {
    fund_check = function(year, state) return state.get("pension_employee.fund", year) end,
  },
}
LUA
expect "pension: state.get reads pension_employee.fund" 0 "" "$BIN" run "$T/pen_get/scenario.lua" \
    --scripts "$PS_SCRIPTS" --out "$T/out-pen_get" -q
if [ -s "$T/out-pen_get/indicators.csv" ] && \
    [ "$(awk -F, 'NR==2{print $2}' "$T/out-pen_get/indicators.csv")" = "$(awk -F, 'NR==1{for(i=1;i<=NF;i++)if($i=="fund")c=i} NR==2{print $c}' "$T/out-pen_get/pension_employee.csv")" ]; then
    ok "pension: indicator equals the fund column"
else bad "pension: indicator and fund column differ"; fi

# Bad parameters: clear messages naming the key, file and line, no output.
pen_bad() { # name, Lua for the pension_employee section, pattern
    mkdir -p "$T/$1"
    cat > "$T/$1/scenario.lua" <<LUA
return {
  extends = "$ROOT/scenarios/feidong_baseline.lua",
  name = "$1",
  pension_employee = { $2 },
}
LUA
    expect "$1" 65 "$3" "$BIN" run "$T/$1/scenario.lua" --scripts "$PS_SCRIPTS" --out "$T/out-$1"
    if [ -e "$T/out-$1" ]; then bad "$1: an output folder was left behind"; else ok "$1: no output written"; fi
}
pen_bad pen_negative_rate "employer_rate = -0.02," "pen_negative_rate/scenario.lua:[0-9]+.*pension_employee.employer_rate"
pen_bad pen_age_80 "retirement_age = function(b, g) return 80 end," "pension_employee.retirement_age.*outside 40..75"
printf 'age,months\n59,145\n60,139\n62,125\n63,117\n' > "$T/pen_gap_divisor.csv"
pen_bad pen_divisor_gap "divisor = '$T/pen_gap_divisor.csv'," "pen_gap_divisor.csv:4: column 'age'.*gap"
pen_bad pen_unknown_key "employer_rat = 0.1," "employer_rat"
