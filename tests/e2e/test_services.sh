# End-to-end tests of the service modules (childcare, eldercare,
# assistance).  Sourced by tests/e2e/run.sh, which provides expect, ok, bad,
# bad_run, $BIN, $ROOT, $T.  GPL-3.0-or-later.

SVC="$T/svc-base"
SC="$ROOT/scenarios"
baseline "services: baseline runs" "$SVC"

# col FILE NAME YEAR: the value of column NAME in the row of YEAR.
col() {
    awk -F, -v c="$2" -v y="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next}
        $1==y{ if(k) print $k; else print "NOCOL" }' "$1"
}

for f in childcare eldercare assistance; do
    if [ -s "$SVC/$f.csv" ] && [ "$(wc -l < "$SVC/$f.csv")" -eq 32 ]; then
        ok "services: $f.csv has 31 years"
    else
        bad "services: $f.csv missing or not 31 years"
    fi
done
hdr=$(head -1 "$SVC/childcare.csv")
missing=""
for c in year children_0 children_1 children_2 demand_enrolment demand_standard supply gap \
    carers_needed cost; do
    case ",$hdr," in *",$c,"*) ;; *) missing="$missing $c" ;; esac
done
if [ -z "$missing" ]; then ok "services: childcare.csv has the required columns"; else bad "services: childcare.csv lacks$missing"; fi
hdr=$(head -1 "$SVC/eldercare.csv")
case "$hdr" in *pop_60_plus*pop_65_plus*pop_80_plus*dependent*beds_needed*beds_supply*meal_users*cost*level_severe_beds*)
    ok "services: eldercare.csv has its columns" ;; *) bad "services: eldercare.csv header" "$hdr" ;; esac
hdr=$(head -1 "$SVC/assistance.csv")
case "$hdr" in *standard_urban*recipients*phaseout_recipients*temporary_cases*spending*group_rural_recipients*)
    ok "services: assistance.csv has its columns" ;; *) bad "services: assistance.csv header" "$hdr" ;; esac

# The plan's "about 4,670" slots in 2025.
s25=$(col "$SVC/childcare.csv" supply 2025)
if awk -v s="$s25" 'BEGIN{exit !(s > 4669.5 && s < 4670.5)}'; then ok "services: 2025 supply is about 4,670 ($s25)"; else bad "services: 2025 supply is $s25"; fi
if grep -q '^childcare_plan_met_2025,yes,' "$SVC/summary.csv" && grep -q '^childcare_target_2025,4670,' "$SVC/summary.csv"; then
    ok "services: summary reports the 2025 plan check"; else bad "services: summary lacks the plan check"; fi
for k in childcare_slots_2025 childcare_gap_2025 beds_needed_2025 dibao_recipients_2025; do
    if grep -q "^$k,[-0-9.e]" "$SVC/summary.csv"; then ok "services: summary has $k"; else bad "services: summary lacks $k"; fi
done
# demand_standard = population x standard / 1,000; gap = the larger of the two gaps.
worst=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next}
    { e=$h["demand_standard"]-$h["population"]*$h["standard_per_1000"]/1000; if(e<0)e=-e; if(e>w)w=e;
      g=$h["gap_enrolment"]; if($h["gap_standard"]>g) g=$h["gap_standard"]; e=$h["gap"]-g; if(e<0)e=-e; if(e>w)w=e }
    END{printf "%.3g", w+0}' "$SVC/childcare.csv")
if awk -v w="$worst" 'BEGIN{exit !(w < 1e-6)}'; then ok "services: childcare columns agree"; else bad "services: childcare columns disagree by $worst"; fi
# Spending adds up in assistance.csv; beds by level add up in eldercare.csv.
worst=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next}
    { e=$h["spending"]-$h["regular_spending"]-$h["phaseout_spending"]-$h["temporary_spending"]; if(e<0)e=-e; if(e>w)w=e }
    END{printf "%.3g", w+0}' "$SVC/assistance.csv")
if awk -v w="$worst" 'BEGIN{exit !(w < 1e-3)}'; then ok "services: assistance spending adds up"; else bad "services: assistance spending off by $worst"; fi
worst=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next}
    { e=$h["beds_needed"]-$h["level_mild_beds"]-$h["level_moderate_beds"]-$h["level_severe_beds"]; if(e<0)e=-e; if(e>w)w=e }
    END{printf "%.3g", w+0}' "$SVC/eldercare.csv")
if awk -v w="$worst" 'BEGIN{exit !(w < 1e-6)}'; then ok "services: beds by level add up"; else bad "services: beds by level off by $worst"; fi

#### the alternatives move demand the expected way
for s in feidong_fertility_rebound feidong_childcare_enrolment_up feidong_childcare_standard_2030; do
    expect "services: $s runs" 0 "results in" "$BIN" run "$SC/$s.lua" --out "$T/svc-$s" --plots svg
done
# cmp_col NAME SCENARIO COLUMN YEAR OP: OP is gt, lt or eq against the baseline.
cmp_col() {
    local name=$1 a b
    a=$(col "$T/svc-$2/childcare.csv" "$3" "$4")
    b=$(col "$SVC/childcare.csv" "$3" "$4")
    if awk -v a="$a" -v b="$b" -v op="$5" 'BEGIN{ if(a=="" || b=="") exit 1;
        if(op=="gt") exit !(a > b*1.01); if(op=="lt") exit !(a < b*0.99); exit !(a == b) }'; then
        ok "services: $name ($a against $b)"
    else
        bad "services: $name ($a against $b)"
    fi
}
cmp_col "rebound: same demand in 2025" feidong_fertility_rebound demand_enrolment 2025 eq
cmp_col "rebound: more enrolment demand in 2030" feidong_fertility_rebound demand_enrolment 2030 gt
cmp_col "rebound: more children aged 0 in 2030" feidong_fertility_rebound children_0 2030 gt
cmp_col "enrolment up: more enrolment demand in 2030" feidong_childcare_enrolment_up demand_enrolment 2030 gt
cmp_col "enrolment up: same standard demand" feidong_childcare_enrolment_up demand_standard 2030 eq
cmp_col "enrolment up: more carers in 2030" feidong_childcare_enrolment_up carers_needed 2030 gt
cmp_col "standard 2030: same in 2029" feidong_childcare_standard_2030 demand_standard 2029 eq
cmp_col "standard 2030: more standard demand in 2030" feidong_childcare_standard_2030 demand_standard 2030 gt
cmp_col "standard 2030: same supply" feidong_childcare_standard_2030 supply 2030 eq
# 6 / 4.5 of the baseline's standard demand in 2030.
a=$(col "$T/svc-feidong_childcare_standard_2030/childcare.csv" demand_standard 2030)
b=$(col "$SVC/childcare.csv" demand_standard 2030)
if awk -v a="$a" -v b="$b" 'BEGIN{r=a/b*4.5/6; exit !(r > 0.999999 && r < 1.000001)}'; then
    ok "services: standard 2030 is 6/4.5 of the baseline's"; else bad "services: standard 2030 ratio ($a / $b)"; fi

#### scenario functions read the modules' indicators
mkdir -p "$T/svc_ind"
cat > "$T/svc_ind/scenario.lua" <<LUA
return { extends = "$SC/feidong_baseline.lua", name = "svc_ind", end_year = 2030,
  indicators = { cc_gap = function(year, state) return state.get("childcare.gap") end,
                 beds = function(year, state) return state.get("eldercare.beds_needed") end } }
LUA
expect "services: state.get reads childcare.gap" 0 "results in" "$BIN" run "$T/svc_ind/scenario.lua" --out "$T/out-svc_ind" --plots svg
a=$(col "$T/out-svc_ind/indicators.csv" cc_gap 2027)
b=$(col "$T/out-svc_ind/childcare.csv" gap 2027)
if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "services: indicator equals the column ($a)"; else bad "services: indicator '$a' against column '$b'"; fi

#### a scenario without the sections writes no service files
# a scenario of its own (the core part's out-fn is not there when this part
# runs on its own): the standard population block and no service section
write_scenario svc_none "$STD_POP" ""
expect "services: a scenario without service sections runs" 0 "" "$BIN" run "$T/svc_none/scenario.lua" --out "$T/out-fn" -q
if [ -e "$T/out-fn/population.csv" ] && [ ! -e "$T/out-fn/childcare.csv" ] && [ ! -e "$T/out-fn/eldercare.csv" ]; then
    ok "services: modules are off without their sections"; else bad "services: service files without sections"; fi

#### bad inputs: the key or file, the line, the value; exit 65, no output
svc_case() { # name, Lua body added to the derived scenario, pattern
    mkdir -p "$T/$1"
    printf 'return { extends = "%s/feidong_baseline.lua", name = "%s",\n%s\n}\n' "$SC" "$1" "$2" > "$T/$1/scenario.lua"
    bad_run "$1" "$3"
}
svc_case svc_propensity_above_one "  childcare = { propensity_1 = 1.2 }," \
    "scenario.lua:2: 'childcare.propensity_1' is 1.2, outside \[0, 1\]"
svc_case svc_propensity_path_above_one "  childcare = { propensity_2 = { [2025] = 0.2, [2030] = 1.5 } }," \
    "scenario.lua:2: 'childcare.propensity_2' \[2030\] is 1.5, outside"
svc_case svc_negative_cost "  eldercare = { meal_subsidy = -100 }," \
    "scenario.lua:2: 'eldercare.meal_subsidy' is -100, outside"
svc_case svc_negative_supply "  childcare = { supply_base = -1 }," \
    "scenario.lua:2: 'childcare.supply_base' is -1"
svc_case svc_bad_basis "  childcare = { gap_basis = 'most' }," "'childcare.gap_basis' is 'most'"
svc_case svc_typo "  assistance = { exit_rat = 0.1 }," "unknown key 'assistance.exit_rat' \(did you mean 'exit_rate'\?\)"
svc_file_case() { # name, file, sed expression, key, pattern
    mkdir -p "$T/$1"
    cp "$ROOT/data/services/$2" "$T/$1/$2"
    sed -i "$3" "$T/$1/$2"
    svc_case "$1" "  $4 = '$T/$1/$2' }," "$5"
}
svc_file_case svc_malformed eldercare_disability.csv '/^70,79/s/$/,3/' "eldercare = { disability" \
    "eldercare_disability.csv:[0-9]+: 4 fields where the header has 3 columns"
svc_file_case svc_missing_column eldercare_care_levels.csv 's/^level,share,bed_rate,nursing$/level,share,beds,nursing/' \
    "eldercare = { care_levels" "eldercare_care_levels.csv.*missing column 'bed_rate'"
svc_file_case svc_rate_above_one eldercare_disability.csv 's/^80,100,0.470$/80,100,1.47/' "eldercare = { disability" \
    "eldercare_disability.csv:[0-9]+: column 'rate': 1.47 is outside \[0, 1\]"
svc_file_case svc_shares eldercare_care_levels.csv 's/^mild,0.55/mild,0.65/' "eldercare = { care_levels" \
    "eldercare_care_levels.csv: column 'share': the shares sum to 1.1"
svc_file_case svc_bad_area assistance_groups.csv 's/^rural,rural/rural,village/' "assistance = { groups" \
    "assistance_groups.csv:[0-9]+: column 'area': 'village' is not an area"
svc_file_case svc_negative_rate assistance_groups.csv 's/^urban,urban,0,100,0.0069445$/urban,urban,0,100,-0.01/' \
    "assistance = { groups" "assistance_groups.csv:[0-9]+: column 'rate': -0.01 is negative"
