# End-to-end tests of the township layer (engine/towns.c, docs/towns.md).
# Sourced by tests/e2e/run.sh, which provides expect, ok, bad, bad_run,
# write_scenario, $STD_POP, $BIN, $ROOT, $T, $DATA.  GPL-3.0-or-later.

TW="$T/towns-base"
TSC="$ROOT/scenarios"
baseline "towns: baseline runs" "$TW"

hdr=$(head -1 "$TW/towns.csv")
if [ "$hdr" = "year,town,population,births,deaths,net_migration,age_0_2,age_60_plus,age_80_plus" ]; then
    ok "towns: towns.csv has its columns"; else bad "towns: towns.csv header" "$hdr"; fi
n=$(awk -F, 'NR>1 && $1==2020' "$TW/towns.csv" | wc -l)
rows=$(($(wc -l < "$TW/towns.csv") - 1))
if [ "$n" -eq 20 ] && [ "$rows" -eq 620 ]; then ok "towns: 20 census units x 31 years"; else bad "towns: $n units in 2020, $rows rows"; fi
# The bulletin's published 2020 figures, as given.
for pair in 店埠镇:297984 撮镇镇:134249 经开区:125480; do
    t=${pair%%:*} v=${pair##*:}
    got=$(awk -F, -v t="$t" '$1==2020 && $2==t {print $3}' "$TW/towns.csv")
    if awk -v g="$got" -v v="$v" 'BEGIN{exit !(g+0 > v-1e-6 && g+0 < v+1e-6)}'; then ok "towns: $t 2020 is $v"; else bad "towns: $t 2020 is '$got'"; fi
done

# Towns sum to the county every year (population, births, deaths) to 1e-9.
worst=$(awk -F, 'FNR==1{f++; if(f==1) for(i=1;i<=NF;i++) h[$i]=i; next}
    f==1 { P[$1]=$h["population"]; B[$1]=$h["births"]; D[$1]=$h["deaths"]; next }
    { p[$1]+=$3; if($4!="") b[$1]+=$4; if($5!="") d[$1]+=$5 }
    END { for (y in P) { e=(p[y]-P[y])/P[y]; if(e<0)e=-e; if(e>w)w=e;
              if (B[y]!="") { e=(b[y]-B[y])/B[y]; if(e<0)e=-e; if(e>w)w=e; e=(d[y]-D[y])/D[y]; if(e<0)e=-e; if(e>w)w=e } }
          printf "%.3g", w+0 }' "$TW/demography.csv" "$TW/towns.csv")
if awk -v w="$worst" 'BEGIN{exit !(w < 1e-9)}'; then ok "towns: towns sum to the county every year ($worst)"; else bad "towns: towns off the county by $worst"; fi
# A town's identity: P(t+1) = P(t) + births - deaths + net migration.
worst=$(awk -F, 'NR>1 { k=$2; if (k in last && lb[k]!="") { e=$3-(last[k]+lb[k]-ld[k]+lm[k]); if(e<0)e=-e; if(e>w)w=e }
    last[k]=$3; lb[k]=$4; ld[k]=$5; lm[k]=$6 } END{printf "%.3g", w+0}' "$TW/towns.csv")
if awk -v w="$worst" 'BEGIN{exit !(w < 1e-6)}'; then ok "towns: each town's flows add up ($worst persons)"; else bad "towns: a town's flows are off by $worst"; fi

# Services by town: supply adds up to the county's (split by 2020 demand).
for pair in childcare_slots:childcare.csv:supply beds:eldercare.csv:beds_supply; do
    IFS=: read -r svc file col <<< "$pair"
    worst=$(awk -F, -v s="$svc" -v c="$col" 'FNR==1{f++; if(f==1) for(i=1;i<=NF;i++) if($i==c) k=i; next}
        f==1 { S[$1]=$k; next } $3==s { t[$1]+=$5 }
        END { for (y in S) { e=t[y]-S[y]; if(e<0)e=-e; if(e>w)w=e } printf "%.3g", w+0 }' "$TW/$file" "$TW/town_services.csv")
    if awk -v w="$worst" 'BEGIN{exit !(w < 1e-6)}'; then ok "towns: $svc supply by town adds up to the county's"; else bad "towns: $svc supply off by $worst"; fi
done
# A town short of a service names a town with a surplus of it that year,
# or none when no town has a surplus.
badnear=$(awk -F, 'NR>1 { g[$1","$2","$3]=$6; if ($6<0) surplus[$1","$3]=1 }
    NR>1 && $6>0 { if ($7!="") want[$1","$7","$3]=1; else if (($1","$3) in nowant) ; else nowant[$1","$3]=1 }
    END { for (k in want) if (!(g[k] < 0)) n++; for (k in nowant) if (k in surplus) n++; print n+0 }' "$TW/town_services.csv")
if [ "$badnear" -eq 0 ]; then ok "towns: every named nearest town has a surplus"; else bad "towns: $badnear nearest towns without a surplus"; fi
if grep -q '^towns_beds_worst_town_2035,' "$TW/summary.csv" && grep -q '^towns_method,share_trend' "$TW/summary.csv"; then
    ok "towns: summary names the town with the largest gap"; else bad "towns: summary lacks the towns rows"; fi
if grep -q 'town_services.csv,gap,' "$TW/columns.csv" && grep -q 'towns.csv,population,' "$TW/columns.csv"; then
    ok "towns: columns registered in columns.csv"; else bad "towns: columns.csv lacks the towns' columns"; fi

#### policies by town
LB="$T/towns-liangyuan"
expect "towns: new beds in 梁园 run" 0 "" "$BIN" run "$TSC/feidong_towns_liangyuan_beds.lua" --out "$LB" -q
if cmp -s "$TW/towns.csv" "$LB/towns.csv"; then ok "towns: a supply policy leaves towns.csv alone"; else bad "towns: towns.csv changed"; fi
# Demand, supply and gap: only 梁园's beds rows change (the nearest-surplus
# columns of other towns may point to 梁园 now).
diffs=$(paste -d'|' "$TW/town_services.csv" "$LB/town_services.csv" | awk -F'|' '{
    split($1,a,","); split($2,b,","); if (a[1]","a[2]","a[3]","a[4]","a[5]","a[6] != b[1]","b[2]","b[3]","b[4]","b[5]","b[6]) print a[1], a[2], a[3] }')
others=$(echo "$diffs" | awk 'NF && !($2=="梁园镇" && $3=="beds")' | wc -l)
mine=$(echo "$diffs" | awk '$2=="梁园镇" && $3=="beds" {print $1}' | sort -n | head -1)
ndiff=$(echo "$diffs" | awk 'NF' | wc -l)
if [ "$others" -eq 0 ] && [ "$mine" = "2026" ] && [ "$ndiff" -eq 25 ]; then ok "towns: the beds policy changes only 梁园's beds rows, from 2026"; else bad "towns: policy rows changed: $ndiff rows, others $others, first $mine" "$(echo "$diffs" | head -5)"; fi
s25=$(awk -F, '$1==2026 && $2=="梁园镇" && $3=="beds" {print $5}' "$LB/town_services.csv")
s0=$(awk -F, '$1==2026 && $2=="梁园镇" && $3=="beds" {print $5}' "$TW/town_services.csv")
if awk -v a="$s25" -v b="$s0" 'BEGIN{d=a-b; exit !(d > 199.999999 && d < 200.000001)}'; then ok "towns: 梁园 has 200 more beds in 2026"; else bad "towns: 梁园 beds $s0 -> $s25"; fi

CZ="$T/towns-cuozhen"
expect "towns: resettlement into 撮镇 runs" 0 "" "$BIN" run "$TSC/feidong_towns_cuozhen_resettlement.lua" --out "$CZ" -q
d=$(awk -F, 'FNR==1{f++; next} $2=="撮镇镇" && $1==2028 {v[f]=$3} END{printf "%.9f", v[2]-v[1]}' "$TW/towns.csv" "$CZ/towns.csv")
same=$(awk -F, 'FNR==1{f++; next} $1<=2027 {k=$1","$2; if(f==1) a[k]=$3; else if (a[k]!=$3) n++} END{print n+0}' "$TW/towns.csv" "$CZ/towns.csv")
if awk -v d="$d" 'BEGIN{exit !(d > 4999.999 && d < 5000.001)}' && [ "$same" -eq 0 ]; then
    ok "towns: 5,000 more in 撮镇 from 2028, nothing changes before"; else bad "towns: 撮镇 +$d, $same rows changed before 2028"; fi
if cmp -s "$TW/demography.csv" "$CZ/demography.csv"; then ok "towns: a resettlement within the county leaves the county alone"; else bad "towns: the county changed"; fi

#### bad towns files: exit 65, file, line and field named, no results folder
TDIR="$T/towns-files"
mkdir -p "$TDIR"
printf 'town,population\nA,500000\nB,384792\n' > "$TDIR/ok.csv"
printf 'town,population\nA,500000\nB,-384792\n' > "$TDIR/negative.csv"
printf 'town,population\nA,500000\nB,400000\n' > "$TDIR/toomany.csv"
printf 'town,service,supply\nA,beds,100\nC,beds,50\n' > "$TDIR/supply_unknown.csv"
printf 'town,service,supply\nA,beds,-100\n' > "$TDIR/supply_negative.csv"
write_scenario towns_negative "$STD_POP" "towns = { file = '$TDIR/negative.csv' },"
bad_run towns_negative "negative.csv:3: column 'population': -384792 is negative"
write_scenario towns_toomany "$STD_POP" "towns = { file = '$TDIR/toomany.csv' },"
bad_run towns_toomany "toomany.csv:3: column 'population': the towns so far sum to 900000, more than the county"
write_scenario towns_supply_unknown "$STD_POP" "towns = { file = '$TDIR/ok.csv', supply = '$TDIR/supply_unknown.csv' },"
bad_run towns_supply_unknown "supply_unknown.csv:3: column 'town': 'C' is not a town of towns.file"
write_scenario towns_supply_negative "$STD_POP" "towns = { file = '$TDIR/ok.csv', supply = '$TDIR/supply_negative.csv' },"
bad_run towns_supply_negative "supply_negative.csv:2: column 'supply': -100 is negative"
write_scenario towns_bad_policy "$STD_POP" "towns = { file = '$TDIR/ok.csv', policies = { { town = 'X', service = 'beds', from = 2025, add = 1 } } },"
bad_run towns_bad_policy "scenario.lua:[0-9]+: towns.policies\[1\]: 'town': 'X' is not a town"

#### charts, report section, compare by town
miss=""
for c in towns_population towns_age_60_plus towns_gap_childcare_slots towns_gap_beds; do
    [ -s "$TW/plots/$c.png" ] || miss="$miss $c"
done
if [ -z "$miss" ]; then ok "towns: small multiples and ranked gap charts drawn"; else bad "towns: charts missing:$miss"; fi
if grep -q 'id="towns"' "$TW/report.html" && grep -q '经开区' "$TW/report.html"; then
    ok "towns: the report has a towns section"; else bad "towns: no towns section in report.html"; fi
TC="$T/towns-compare"
expect "towns: compare by town" 0 "" "$BIN" compare "$TSC/feidong_baseline.lua" \
    "$TSC/feidong_towns_cuozhen_resettlement.lua" --out "$TC" -q
d25=$(awk -F, '$1=="撮镇镇" && $2==2025 && $3=="population" {print $6}' "$TC/town_differences.csv")
d30=$(awk -F, '$1=="撮镇镇" && $2==2030 && $3=="population" {print $6}' "$TC/town_differences.csv")
o30=$(awk -F, '$1=="店埠镇" && $2==2030 && $3=="population" {print $6}' "$TC/town_differences.csv")
sum30=$(awk -F, '$2==2030 && $3=="population" {s+=$6} END{printf "%.6f", s}' "$TC/town_differences.csv")
if [ "$d25" = "0" ] && awk -v a="$d30" -v b="$o30" -v s="$sum30" 'BEGIN{exit !(a > 5000 && b < 0 && s*s < 1e-6)}'; then
    ok "towns: town_differences.csv shows the move (撮镇 +$d30 in 2030, the towns' changes sum to 0)"
else bad "towns: town_differences.csv: 2025 $d25, 2030 $d30, 店埠 $o30, sum $sum30"; fi
if [ -s "$TC/plots/compare_towns_population_1.png" ]; then ok "towns: compare charts the towns' differences"; else bad "towns: no compare_towns_population_1 chart"; fi
if grep -q '^town_differences.csv,town,' "$TC/columns.csv"; then ok "towns: town_differences.csv registered"; else bad "towns: town_differences.csv not in columns.csv"; fi

#### nearest surplus: by distance when given, else the largest surplus
printf 'town,population\nA,500000\nB,300000\nC,84792\n' > "$TDIR/abc.csv"
printf 'town,service,supply\nA,home_care_stations,0\nB,home_care_stations,500\nC,home_care_stations,400\n' > "$TDIR/abc_supply.csv"
printf 'from,to,km\nA,B,30\nC,A,10\nB,C,25\n' > "$TDIR/abc_km.csv"
write_scenario towns_near_km "$STD_POP" "towns = { file = '$TDIR/abc.csv', supply = '$TDIR/abc_supply.csv', distances = '$TDIR/abc_km.csv' },"
write_scenario towns_near_size "$STD_POP" "towns = { file = '$TDIR/abc.csv', supply = '$TDIR/abc_supply.csv' },"
expect "towns: run with distances" 0 "" "$BIN" run "$T/towns_near_km/scenario.lua" --out "$T/out-near-km" -q
expect "towns: run without distances" 0 "" "$BIN" run "$T/towns_near_size/scenario.lua" --out "$T/out-near-size" -q
km=$(awk -F, '$1==2025 && $2=="A" && $3=="home_care_stations" {print $7 "/" $9}' "$T/out-near-km/town_services.csv")
sz=$(awk -F, '$1==2025 && $2=="A" && $3=="home_care_stations" {print $7 "/" $9}' "$T/out-near-size/town_services.csv")
if [ "$km" = "C/10" ] && [ "$sz" = "B/" ]; then ok "towns: nearest surplus is C at 10 km, or B (largest) without distances"; else bad "towns: nearest '$km' and '$sz'"; fi

#### a policy's amount written as a numeric string stays valid (Lua took "500"
#### as 500 before the typed readers); a string that is no number is refused
write_scenario towns_move_0 "$STD_POP" "towns = { file = '$TDIR/ok.csv', policies = { { town = 'A', year = 2025, move_in = 0 } } },"
write_scenario towns_move_num "$STD_POP" "towns = { file = '$TDIR/ok.csv', policies = { { town = 'A', year = 2025, move_in = 500 } } },"
write_scenario towns_move_str "$STD_POP" "towns = { file = '$TDIR/ok.csv', policies = { { town = 'A', year = 2025, move_in = ' 500 ' } } },"
expect "towns: move_in = 500" 0 "" "$BIN" run "$T/towns_move_num/scenario.lua" --out "$T/out-move-num" -q --plots svg
expect "towns: move_in = ' 500 '" 0 "" "$BIN" run "$T/towns_move_str/scenario.lua" --out "$T/out-move-str" -q --plots svg
expect "towns: move_in = 0" 0 "" "$BIN" run "$T/towns_move_0/scenario.lua" --out "$T/out-move-0" -q --plots svg
if [ -s "$T/out-move-num/towns.csv" ] && cmp -s "$T/out-move-num/towns.csv" "$T/out-move-str/towns.csv" &&
   ! cmp -s "$T/out-move-num/towns.csv" "$T/out-move-0/towns.csv"; then
    ok "towns: move_in = ' 500 ' gives the same towns as move_in = 500 (and not those of 0)"
else bad "towns: move_in as a numeric string differs from the number"; fi
write_scenario towns_move_text "$STD_POP" "towns = { file = '$TDIR/ok.csv', policies = { { town = 'A', year = 2025, move_in = '500 people' } } },"
bad_run towns_move_text "towns.policies\\[1\\]: a resettlement needs 'year' \\(a year\\) and 'move_in'"
