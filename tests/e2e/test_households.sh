# End-to-end tests of the households, housing and funerals modules (issue
# 16).  Sourced by tests/e2e/run.sh, which provides expect, ok, bad,
# bad_run, write_scenario, $STD_POP, $BIN, $ROOT, $T.  GPL-3.0-or-later.

HH="$T/baseline"
[ -s "$HH/summary.csv" ] || baseline "households: baseline runs" "$HH"

# within NAME A B TOL: |A - B| <= TOL.
within() {
    if awk -v a="$2" -v b="$3" -v t="$4" 'BEGIN{ d=a-b; if(d<0)d=-d; exit !(a!="" && b!="" && d<=t) }'; then
        ok "$1 ($2 against $3)"; else bad "$1 ($2 against $3)"; fi
}
# hcol FILE NAME YEAR: the value of column NAME in the row of YEAR.
hcol() {
    awk -F, -v c="$2" -v y="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next}
        $1==y{ if(k) print $k; else print "NOCOL" }' "$1"
}

#### households.csv: the census in 2020, the identities every year
case "$(head -1 "$HH/households.csv")" in
    year,households,average_size,one_person,elderly_alone,elderly_couple_only,*collective_population*)
        ok "households: households.csv has the required columns first" ;;
    *) bad "households: households.csv header" "$(head -1 "$HH/households.csv")" ;;
esac
# 2020 census, Feidong: 329,719 family households of 804,667 persons, 89,064 of
# one person, 80,125 persons in collective quarters.
within "households: 2020 households are the census's" "$(hcol "$HH/households.csv" households 2020)" 329719 0.5
within "households: 2020 household population" "$(hcol "$HH/households.csv" household_population 2020)" 804667 0.5
within "households: 2020 one-person households" "$(hcol "$HH/households.csv" one_person 2020)" 89064 0.5
within "households: 2020 collective quarters" "$(hcol "$HH/households.csv" collective_population 2020)" 80125 0.5
# households x average size = household population; + collective = population
# = demography's population; size classes add up to households and persons.
worst=$(awk -F, 'FNR==1{for(i=1;i<=NF;i++) h[FILENAME,$i]=i; next}
    FILENAME ~ /demography/ { pop[$1]=$h[FILENAME,"population"]; next }
    { f=FILENAME; e=$h[f,"households"]*$h[f,"average_size"]-$h[f,"household_population"]; if(e<0)e=-e; e/= $h[f,"household_population"]; if(e>w)w=e;
      e=$h[f,"household_population"]+$h[f,"collective_population"]-pop[$1]; if(e<0)e=-e; e/=pop[$1]; if(e>w)w=e;
      e=$h[f,"one_person"]+$h[f,"two_person"]+$h[f,"three_person"]+$h[f,"four_person"]+$h[f,"five_plus"]-$h[f,"households"]; if(e<0)e=-e; e/=$h[f,"households"]; if(e>w)w=e;
      e=$h[f,"one_person"]+2*$h[f,"two_person"]+3*$h[f,"three_person"]+4*$h[f,"four_person"]+$h[f,"five_plus_persons"]-$h[f,"household_population"]; if(e<0)e=-e; e/=$h[f,"household_population"]; if(e>w)w=e;
      if($h[f,"five_plus_persons"] < 5*$h[f,"five_plus"]-1e-6) w=1 }
    END{printf "%.3g", w+0}' "$HH/demography.csv" "$HH/households.csv")
if awk -v w="$worst" 'BEGIN{exit !(w < 1e-9)}'; then ok "households: every household person is in the population (worst $worst)"; else bad "households: identities off by $worst"; fi

#### funerals.csv: deaths are the projection's, split without loss
worst=$(awk -F, 'FNR==1{for(i=1;i<=NF;i++) h[FILENAME,$i]=i; next}
    FILENAME ~ /demography/ { d[$1]=$h[FILENAME,"deaths"]; next }
    $h[FILENAME,"deaths"]=="" || d[$1]=="" { next }
    { f=FILENAME; n++; e=$h[f,"deaths"]-d[$1]; if(e<0)e=-e; if(e>w)w=e;
      e=$h[f,"cremations"]+$h[f,"body_burials"]-d[$1]; if(e<0)e=-e; if(e>w)w=e;
      e=$h[f,"eco_burials"]+$h[f,"cemetery_burials"]-d[$1]; if(e<0)e=-e; if(e>w)w=e;
      e=$h[f,"public_plots_needed"]+$h[f,"other_plots_needed"]-$h[f,"plots_needed"]; if(e<0)e=-e; if(e>w)w=e }
    END{printf "%d %.3g", n, w+0}' "$HH/demography.csv" "$HH/funerals.csv")
if awk -v n="${worst% *}" -v w="${worst#* }" 'BEGIN{exit !(n == 30 && w < 1e-6)}'; then
    ok "funerals: deaths into funerals sum to the projection's deaths ($worst)"; else bad "funerals: deaths do not add up ($worst)"; fi

# The run's last year (2050) has no step after it: funerals takes the deaths
# a step from 2050 with 2050's rates gives, which is what a run one year
# longer projects for 2050 (an independent run, not the same code path: there
# the population step of 2050 -> 2051 makes the flow). Its cost reaches the
# county budget of 2050 (before this, funerals.csv's 2050 row was empty and
# the budget booked no funerals in 2050).
mkdir -p "$T/hh_2051"
cat > "$T/hh_2051/scenario.lua" <<LUA
return { extends = "$ROOT/scenarios/feidong_baseline.lua", name = "hh_2051", end_year = 2051 }
LUA
expect "funerals: the baseline run one year longer" 0 "results in" \
    "$BIN" run "$T/hh_2051/scenario.lua" --out "$T/hh_2051/out" --plots svg
within "funerals: the last year's deaths are those of a run one year longer" \
    "$(hcol "$HH/funerals.csv" deaths 2050)" "$(hcol "$T/hh_2051/out/demography.csv" deaths 2050)" 1e-6
within "funerals: the last year's cost is that of a run one year longer" \
    "$(hcol "$HH/funerals.csv" cost 2050)" "$(hcol "$T/hh_2051/out/funerals.csv" cost 2050)" 1e-3
if awk -v c="$(awk -F, '$1==2050 && $2=="funerals" && $3=="county" {print $4}' "$HH/budget.csv")" \
       -v f="$(hcol "$HH/funerals.csv" cost_county 2050)" 'BEGIN{exit !(c > 0 && (c-f)^2 < 1e-6)}'; then
    ok "funerals: the county budget books the last year's funerals"
else bad "funerals: budget.csv 2050 funerals county is not funerals.csv's cost_county"; fi
grep -q '^budget_county_funerals_2050,[^,]*,2050年县级支出：殡葬' "$HH/summary.csv" &&
    ok "funerals: the budget's summary names the programme in words" ||
    bad "funerals: budget_county_funerals_2050's label is not the programme's name in words"

#### housing.csv: parts add up
worst=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next}
    { e=$h["demand"]-$h["demand_low_income"]-$h["demand_graduates"]-$h["demand_non_hukou"]; if(e<0)e=-e; if(e>w)w=e;
      e=$h["rental_cost"]-$h["rental_build_cost"]-$h["rental_operating_cost"]-$h["rent_subsidy_cost"]; if(e<0)e=-e; if(e>w)w=e;
      e=$h["old_community_cost"]-$h["old_cost_central"]-$h["old_cost_provincial"]-$h["old_cost_municipal"]-$h["old_cost_residents"]-$h["old_cost_county"]; if(e<0)e=-e; if(e>w)w=e;
      e=$h["subsidy_households"]+$h["unit_demand"]-$h["demand"]; if(e<0)e=-e; if(e>w)w=e }
    END{printf "%.3g", w+0}' "$HH/housing.csv")
if awk -v w="$worst" 'BEGIN{exit !(w < 1e-3)}'; then ok "housing: demand and costs add up"; else bad "housing: parts off by $worst"; fi
# The plan: pre-2000 communities renovated by 2022.
if grep -Eq '^old_communities_plan_met_2022,yes(,|$)' "$HH/summary.csv"; then ok "housing: old communities done by 2022"; else bad "housing: 2022 plan check missing"; fi
# Low-income demand follows the assistance module: recipients / size x need.
low=$(hcol "$HH/housing.csv" low_income_households 2030)
want=$(awk -v r="$(hcol "$HH/assistance.csv" recipients 2030)" -v s="$(hcol "$HH/households.csv" average_size 2030)" 'BEGIN{printf "%.6f", r/s}')
within "housing: low-income households are assistance recipients over household size" "$low" "$want" 0.001

#### eldercare reads the empty-nest elderly for home-based care
# eldercare.csv's empty-nest elderly are households.csv's every year, and its
# cost is the four costs of before plus the visits and home care.
worst=$(awk -F, 'FNR==1{for(i=1;i<=NF;i++) h[FILENAME,$i]=i; next}
    FILENAME ~ /households/ { en[$1]=$h[FILENAME,"empty_nest_elderly"]; next }
    { f=FILENAME; n++; e=$h[f,"empty_nest_elderly"]-en[$1]; if(e<0)e=-e; if(e>w)w=e;
      e=$h[f,"empty_nest_alone"]+$h[f,"empty_nest_couple"]-$h[f,"empty_nest_elderly"]; if(e<0)e=-e; if(e>w)w=e;
      e=$h[f,"cost"]-$h[f,"subsidy_cost"]-$h[f,"meal_cost"]-$h[f,"bed_operating_cost"]-$h[f,"bed_construction_cost"]-$h[f,"home_visit_cost"]-$h[f,"home_care_cost"];
      if(e<0)e=-e; if(e>w)w=e }
    END{printf "%d %.3g", n, w+0}' "$HH/households.csv" "$HH/eldercare.csv")
if awk -v n="${worst% *}" -v w="${worst#* }" 'BEGIN{exit !(n == 31 && w < 1e-3)}'; then
    ok "eldercare: empty-nest elderly are households', cost includes home-based care ($worst)"; else bad "eldercare: home-based care link ($worst)"; fi

#### a cemetery of capacity n fills in the year the cumulative plots reach n
TW="$T/hh-towns"
mkdir -p "$TW"
printf 'id,name,population_2020,cemeteries,capacity,used\none,甲,1000,1,20000,0\n' > "$TW/one.csv"
write_scenario hh-cemetery "$STD_POP" "funerals = { townships = '$TW/one.csv', public_share = 1, expand = false,
    cremation_rate = 0.9, eco_share = 0.2, plots_per_death = 0.5 },"
expect "funerals: one-township scenario runs" 0 "results in" "$BIN" run "$T/hh-cemetery/scenario.lua" --out "$T/hh-cem-out"
# Independently: plots = (deaths - 0.9 x 0.2 x deaths) x 0.5 from demography's deaths,
# accumulated until 20,000.
want=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next}
    { u+=($h["deaths"]*(1-0.9*0.2))*0.5; if(!y && u>=20000) y=$1 }
    END{print y ? y : "none"}' "$T/hh-cem-out/demography.csv")
got=$(awk -F, '$1=="cemetery_fill_year_one"{print $2}' "$T/hh-cem-out/summary.csv")
if [ -n "$got" ] && [ "$got" = "$want" ] && [ "$got" != none ]; then ok "funerals: capacity 20,000 fills in $got, as computed from the deaths"; else bad "funerals: fill year $got, expected $want"; fi

#### draws and compare carry the new columns
expect "households: draws run" 0 "" "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --draws 3 --threads 1 --out "$T/hh-draws" -q
if grep -q '^[0-9]*,households.households,' "$T/hh-draws/quantiles.csv" && grep -q ',housing.cost_county,' "$T/hh-draws/quantiles.csv" && grep -q ',funerals.plots_needed,' "$T/hh-draws/quantiles.csv" &&
   grep -q '^2030,eldercare.home_care_users,' "$T/hh-draws/quantiles.csv"; then
    ok "households: quantiles.csv has households, housing, funerals and home-based care series"; else bad "households: quantiles.csv lacks the new series"; fi

#### bad inputs: file, line and field; exit 65; nothing written
RB="$T/hh-bad"
mkdir -p "$RB"
{ echo "sex,age_from,age_to,headship,collective,alone,couple_only"
  echo "male,0,100,0.5,0,0.1,0"; echo "female,0,100,1.5,0,0.1,0"; } > "$RB/rates.csv"
write_scenario hh-bad-rates "$STD_POP" "households = { rates = '$RB/rates.csv' },"
bad_run hh-bad-rates "rates.csv:3: column 'headship': 1.5 is outside"
printf 'id,name,population_2020,cemeteries\na,x,-3,1\n' > "$RB/towns.csv"
write_scenario hh-bad-towns "$STD_POP" "funerals = { townships = '$RB/towns.csv' },"
bad_run hh-bad-towns "towns.csv:2: column 'population_2020': -3 is negative"
write_scenario hh-bad-schedule "$STD_POP" "assistance = { groups = '$ROOT/data/services/assistance_groups.csv' },
  housing = { units = 100, old_start = 2024,
    old_end = 2021 },"
bad_run hh-bad-schedule "scenario.lua:[0-9]+.*'housing.old_end' 2021 is before old_start 2024"
write_scenario hh-bad-noassist "$STD_POP" "housing = { units = 100 },"
bad_run hh-bad-noassist "housing section needs the assistance section"
write_scenario hh-bad-trend "$STD_POP" "households = { rates = '$ROOT/data/households/rates_2020.csv', headship_trend = 0.5 },"
bad_run hh-bad-trend "households.headship_trend"

#### the county budget ledger carries housing and funerals (31 years of each,
#### the last year of funerals included)
worst=$(awk -F, 'FNR==1{for(i=1;i<=NF;i++) h[FILENAME,$i]=i; next}
    FILENAME ~ /budget.csv/ { if ($h[FILENAME,"payer"]=="county") c[$h[FILENAME,"programme"],$1]=$h[FILENAME,"nominal"];
                              t[$h[FILENAME,"programme"],$1]+=$h[FILENAME,"nominal"]; next }
    FILENAME ~ /housing.csv/ { n++; e=c["housing",$1]-$h[FILENAME,"cost_county"]; if(e<0)e=-e; if(e>w)w=e;
        e=t["housing",$1]-$h[FILENAME,"cost"]-$h[FILENAME,"old_cost_residents"]; if(e<0)e=-e; if(e>w)w=e; next }
    FILENAME ~ /funerals.csv/ && $h[FILENAME,"cost"]!="" { n++; e=c["funerals",$1]-$h[FILENAME,"cost_county"]; if(e<0)e=-e; if(e>w)w=e;
        e=t["funerals",$1]-$h[FILENAME,"cost"]; if(e<0)e=-e; if(e>w)w=e }
    END{printf "%d %.3g", n, w+0}' "$HH/budget.csv" "$HH/housing.csv" "$HH/funerals.csv")
if awk -v n="${worst% *}" -v w="${worst#* }" 'BEGIN{exit !(n == 62 && w < 1e-3)}'; then
    ok "households: budget.csv has the housing and funerals costs by payer ($worst)"; else bad "households: budget lines differ from the modules' costs ($worst)"; fi

#### compare and sweeps carry the new columns
cat > "$T/hh-more-subsidy.lua" <<LUA
return { extends = "$ROOT/scenarios/feidong_baseline.lua", name = "more_subsidy",
  housing = { subsidy_share = 0.6 } }
LUA
expect "housing: compare runs" 0 "" "$BIN" compare "$ROOT/scenarios/feidong_baseline.lua" "$T/hh-more-subsidy.lua" --out "$T/hh-cmp" -q --plots svg
# More households served by a subsidy: fewer units needed, so the gap falls.
d=$(awk -F, '$1=="housing.gap" && $2==2025 {print $4 - $3}' "$T/hh-cmp/differences.csv")
if awk -v d="$d" 'BEGIN{exit !(d != "" && d < -100)}' && grep -q '^more_subsidy,2030,households.households,' "$T/hh-cmp/comparison.csv"; then
    ok "housing: compare shows the gap falling with more subsidies ($d)"; else bad "housing: compare differences ($d)"; fi
expect "housing: sweep runs" 0 "" "$BIN" sweep "$ROOT/scenarios/feidong_baseline.lua" --vary housing.subsidy_share=0.2:0.6:2 --threads 1 --out "$T/hh-sweep" -q
if awk -F, '$1=="rental_housing_gap_2025" && $2=="housing.subsidy_share" {f=1; if (!($5 > $6)) f=0} END{exit !f}' "$T/hh-sweep/tornado.csv" &&
   grep -q '^housing.subsidy_share,0.6,cemetery_first_fill_year,' "$T/hh-sweep/sweep.csv"; then
    ok "housing: the sweep's tornado has the rental gap, sweep.csv the cemetery answers"; else bad "housing: sweep tables"; fi
# The link off (eldercare.home_care_link = false) gives the eldercare cost of
# before: lower by the baseline's visits and home care, every year compared.
cat > "$T/hh-no-home.lua" <<LUA
return { extends = "$ROOT/scenarios/feidong_baseline.lua", name = "no_home_care",
  eldercare = { home_care_link = false } }
LUA
expect "eldercare: compare with the home-care link off runs" 0 "" "$BIN" compare "$ROOT/scenarios/feidong_baseline.lua" "$T/hh-no-home.lua" --out "$T/hh-cmp-home" -q --plots svg
worst=$(awk -F, 'FNR==1{for(i=1;i<=NF;i++) h[FILENAME,$i]=i; next}
    FILENAME ~ /eldercare/ { home[$1]=$h[FILENAME,"home_visit_cost"]+$h[FILENAME,"home_care_cost"]; next }
    $1=="eldercare.cost" { n++; e=$5+home[$2]; if(e<0)e=-e; if(e>w)w=e }
    END{printf "%d %.3g", n, w+0}' "$HH/eldercare.csv" "$T/hh-cmp-home/differences.csv")
if awk -v n="${worst% *}" -v w="${worst#* }" 'BEGIN{exit !(n == 4 && w < 1e-3)}' &&
   grep -q '^feidong_baseline,2030,eldercare.home_care_users,' "$T/hh-cmp-home/comparison.csv" &&
   ! grep -q 'home_care' "$T/hh-cmp-home/no_home_care/eldercare.csv"; then
    ok "eldercare: link off lowers the cost by the home-based care ($worst), compare carries it"; else bad "eldercare: link off ($worst)"; fi
# A sweep of the uptake carries the home-care rows: users = the empty-nest
# dependent (baseline summary) x uptake, at 0.2 and at 1.
expect "eldercare: sweep of the home-care uptake runs" 0 "" "$BIN" sweep "$ROOT/scenarios/feidong_baseline.lua" --vary eldercare.home_care_uptake=0.2:1:2 --threads 1 --out "$T/hh-sweep-home" -q
dep=$(awk -F, '$1=="empty_nest_dependent_2030"{print $2}' "$HH/summary.csv")
lo=$(awk -F, '$1=="eldercare.home_care_uptake" && $2=="0.2" && $3=="home_care_users_2030"{print $4}' "$T/hh-sweep-home/sweep.csv")
hi=$(awk -F, '$1=="eldercare.home_care_uptake" && $2=="1" && $3=="home_care_users_2030"{print $4}' "$T/hh-sweep-home/sweep.csv")
if awk -v d="$dep" -v l="$lo" -v h="$hi" 'BEGIN{ e1=l-0.2*d; e2=h-d; if(e1<0)e1=-e1; if(e2<0)e2=-e2; exit !(d>0 && l!="" && h!="" && e1<1e-6*d && e2<1e-6*d) }'; then
    ok "eldercare: the sweep's home-care users are the empty-nest dependent x uptake ($lo, $hi of $dep)"; else bad "eldercare: sweep home-care rows ($lo, $hi of $dep)"; fi
