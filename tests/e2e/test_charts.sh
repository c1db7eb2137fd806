# test_charts.sh: charts, report, workbook and compare (sourced by run.sh;
# uses its helpers expect/ok/bad and $BIN $ROOT $T).  GPL-3.0-or-later.

#### charts, report and workbook of the baseline
CH="$T/charts_base"
expect "charts: baseline run with --plots png,svg --lang en" 0 "results in" \
    "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --scripts "$ROOT/scripts" --out "$CH" --plots png,svg --lang en </dev/null
# One PNG per chart with the PNG signature and the documented size.
png_ok=1
for c in pyramid_2020_2050 pyramid_2020_2035 population population_age_groups \
    population_key_years dependency births_deaths children elderly; do
    f="$CH/plots/$c.png"
    if [ ! -s "$f" ] || [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
        bad "charts: $c.png missing or not a PNG"; png_ok=0; continue
    fi
    # IHDR width and height (bytes 16..23, big-endian).
    wh=$(od -An -tu1 -j16 -N8 "$f" | awk '{printf "%d %d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
    [ "$wh" = "1280 800" ] || { bad "charts: $c.png is $wh, not 1280 800"; png_ok=0; }
    [ -s "$CH/plots/$c.svg" ] || { bad "charts: $c.svg missing"; png_ok=0; }
done
[ $png_ok = 1 ] && ok "charts: every demographic chart as PNG 1280x800 and SVG"
# Each fund file gets its chart.
for f in "$CH"/*.csv; do
    m=$(basename "$f" .csv)
    if head -1 "$f" | grep -q 'income_total' && head -1 "$f" | grep -q ',fund'; then
        if [ -s "$CH/plots/fund_$m.png" ]; then ok "charts: fund chart for $m"; else bad "charts: no fund chart for $m"; fi
    fi
done
if ls "$CH"/plots/*.pdf > /dev/null 2>&1; then bad "charts: PDF charts written without --plots pdf"; else ok "charts: only the formats asked for"; fi
# report.html: self-contained, inline SVG, the headline table.
H="$CH/report.html"
if [ -s "$H" ] && grep -q '<svg' "$H" && grep -q 'id="headline"' "$H" && grep -q 'Headline answers' "$H"; then
    ok "report.html has inline SVG charts and the headline table"; else bad "report.html incomplete"; fi
nsvg=$(grep -o '<svg' "$H" | wc -l); npng=$(ls "$CH"/plots/*.png | wc -l)
if [ "$nsvg" -eq "$npng" ]; then ok "report.html has every chart ($nsvg)"; else bad "report.html has $nsvg charts, plots/ $npng"; fi
if grep -Eq '(src|href)="(https?:|//|file:)' "$H" || grep -q '<script' "$H"; then
    bad "report.html refers to external resources"; else ok "report.html needs nothing external"; fi
grep -q 'population.tfr' "$H" && ok "report.html lists the parameters" || bad "report.html lacks the parameters"
grep -q 'sha256' "$H" && ok "report.html has the manifest" || bad "report.html lacks the manifest"
# report.pdf: header and pages (one per chart plus the headline table).
P="$CH/report.pdf"
pages=$(grep -ac '/Type */Page[^s]' "$P")
if [ "$(head -c 5 "$P")" = "%PDF-" ] && [ "$pages" -gt "$npng" ]; then ok "report.pdf: $pages pages"; else bad "report.pdf: header or pages ($pages)"; fi
# results.xlsx: a zip with one sheet per CSV.
X="$CH/results.xlsx"
ncsv=$(ls "$CH"/*.csv | wc -l)
nsheet=$(python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(sum(1 for n in z.namelist() if n.startswith('xl/worksheets/sheet')))" "$X" 2>/dev/null)
if [ "$nsheet" = "$ncsv" ]; then ok "results.xlsx has one sheet per CSV ($ncsv)"; else bad "results.xlsx has '$nsheet' sheets for $ncsv CSV files"; fi
if python3 -c "import zipfile,sys; s=zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode(); sys.exit(0 if 'ySplit=\"2\"' in s else 1)" "$X"; then
    ok "results.xlsx freezes the header rows"; else bad "results.xlsx header rows not frozen"; fi
if python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); n=c.execute('select count(*) from population').fetchone()[0]; sys.exit(0 if n==31*2*101 else 1)" "$CH/results.sqlite"; then
    ok "results.sqlite has the population table"; else bad "results.sqlite population table"; fi
# Chinese by default.
CZ="$T/charts_zh"
baseline "charts: default run (zh, png)" "$CZ"
grep -q '主要结论' "$CZ/report.html" && ok "report.html in Chinese by default" || bad "report.html not in Chinese"
ls "$CZ"/plots/*.svg > /dev/null 2>&1 && bad "svg written without --plots svg" || ok "png only by default"

#### usage errors
expect "--plots gif is a usage error" 64 "unknown format 'gif'" "$BIN" run x.lua --plots png,gif
expect "--plots empty is a usage error" 64 "plots" "$BIN" run x.lua --plots ""
expect "--lang fr is a usage error" 64 "'fr' is not zh or en" "$BIN" run x.lua --lang fr
expect "compare with one scenario is a usage error" 64 "two or more" "$BIN" compare --scripts "$ROOT/scripts" "$ROOT/scenarios/feidong_baseline.lua"

#### compare: the baseline and two alternatives
mkdir -p "$T/cmp"
for v in 1.0 1.6; do
    n=alt_tfr_${v/./_}
    cat > "$T/cmp/$n.lua" <<LUA
return { extends = "$ROOT/scenarios/feidong_baseline.lua", name = "$n", population = { tfr = $v } }
LUA
done
C="$T/cmp_out"
expect "compare baseline and two alternatives" 0 "3 scenarios compared" \
    "$BIN" compare --scripts "$ROOT/scripts" "$ROOT/scenarios/feidong_baseline.lua" "$T/cmp/alt_tfr_1_0.lua" "$T/cmp/alt_tfr_1_6.lua" --out "$C" --lang en </dev/null
if [ "$(head -1 "$C/comparison.csv")" = "scenario,year,indicator,value" ]; then ok "comparison.csv header"; else bad "comparison.csv header"; fi
# Every scenario has 31 years of population.
for s in feidong_baseline alt_tfr_1_0 alt_tfr_1_6; do
    n=$(grep -c "^$s,[0-9]*,population," "$C/comparison.csv")
    if [ "$n" -eq 31 ]; then ok "comparison.csv: $s has 31 population rows"; else bad "comparison.csv: $s has $n population rows"; fi
    [ -s "$C/$s/demography.csv" ] && ok "compare keeps $s's results" || bad "compare lacks $s/"
done
# The comparison's 2050 population equals each run's own demography.csv.
want=$(awk -F, '$1==2050{print $2}' "$C/alt_tfr_1_6/demography.csv")
got=$(awk -F, '$1=="alt_tfr_1_6" && $2==2050 && $3=="population"{print $4}' "$C/comparison.csv")
if [ -n "$want" ] && [ "$want" = "$got" ]; then ok "comparison.csv matches the run's demography.csv"; else bad "comparison.csv 2050: '$got' vs '$want'"; fi
# differences.csv: the key years; higher fertility gives more births; the first
# scenario's difference columns are value - first.
D="$C/differences.csv"
if head -1 "$D" | grep -q '^indicator,year,feidong_baseline,alt_tfr_1_0,alt_tfr_1_0_minus_feidong_baseline,alt_tfr_1_6,alt_tfr_1_6_minus_feidong_baseline'; then
    ok "differences.csv header"; else bad "differences.csv header: $(head -1 "$D")"; fi
yrs=$(awk -F, '$1=="population"{printf "%s ", $2}' "$D")
if [ "$yrs" = "2025 2030 2035 2050 " ]; then ok "differences.csv years 2025 2030 2035 2050"; else bad "differences.csv years: $yrs"; fi
if awk -F, '$1=="births" && $2==2030 {d=$7; e=$6-$3; exit !(d>0 && (d-e)*(d-e) < 1e-6)}' "$D"; then
    ok "differences.csv: TFR 1.6 has more births in 2030, difference = value - first"; else bad "differences.csv births 2030"; fi
if awk -F, '$1=="births" && $2==2030 {exit !($5<0)}' "$D"; then ok "differences.csv: TFR 1.0 has fewer births"; else bad "differences.csv TFR 1.0 births"; fi
[ -s "$C/plots/compare_population.png" ] && ok "compare: overlay chart of population" || bad "compare: no overlay chart"
grep -q '<svg' "$C/report.html" && grep -q 'differences' "$C/report.html" -i && ok "compare: report.html" || bad "compare: report.html"
# The headline: each scenario's answers side by side, before the differences.
if grep -q '<th>feidong_baseline</th><th>alt_tfr_1_0</th><th>alt_tfr_1_6</th>' "$C/report.html" &&
   grep -q '<td title="pension_employee_depletion_year">' "$C/report.html"; then
    ok "compare: report.html puts each scenario's headline answers side by side"
else bad "compare: no side-by-side headline table"; fi
[ "$(head -c 5 "$C/report.pdf")" = "%PDF-" ] && ok "compare: report.pdf" || bad "compare: report.pdf"
[ -s "$C/results.xlsx" ] && ok "compare: results.xlsx" || bad "compare: results.xlsx"
compgen -G "$C.tmp-*" > /dev/null && bad "compare left a temporary folder" || ok "compare leaves no temporary folder"
# A failing scenario leaves nothing.
echo 'return { extends = "'$ROOT'/scenarios/feidong_baseline.lua", name = "broken", population = { tfr = -3 } }' > "$T/cmp/broken.lua"
expect "compare with a bad scenario fails" 65 "broken.lua" "$BIN" compare --scripts "$ROOT/scripts" "$ROOT/scenarios/feidong_baseline.lua" "$T/cmp/broken.lua" --out "$T/cmp_bad"
if [ -e "$T/cmp_bad" ] || compgen -G "$T/cmp_bad.tmp-*" > /dev/null; then bad "failed compare left output"; else ok "failed compare leaves no output"; fi
