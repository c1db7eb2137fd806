# test_fan.sh: fan charts, the depletion chart and the risk section of a run
# with --draws, and the tornado charts of a sweep (sourced by run.sh; uses its
# helpers expect/ok/bad and $BIN $ROOT $T).  GPL-3.0-or-later.

# png_size FILE: "WIDTH HEIGHT" from the IHDR, or nothing if not a PNG.
png_size() {
    [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || return 0
    od -An -tu1 -j16 -N8 "$1" | awk '{printf "%d %d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
}

#### a run with draws
FD="$T/fan_run"
expect "fan: baseline with --draws 40 --lang en" 0 "results in" \
    "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --scripts "$ROOT/scripts" --out "$FD" \
    --draws 40 --seed 3 --lang en </dev/null
fan_ok=1
for c in fan_demography_population fan_demography_old_age_dependency fan_pension_employee_fund \
    depletion_probability; do
    s=$(png_size "$FD/plots/$c.png")
    [ "$s" = "1280 800" ] || { bad "fan: $c.png is '$s', not a 1280x800 PNG"; fan_ok=0; }
done
[ $fan_ok = 1 ] && ok "fan: population, dependency, fund and depletion charts as 1280x800 PNG"
# Every fund in depletion.csv whose balance varies (a 95% range wider than
# a millionth of the median: less is the histograms' rounding) gets a fan.
nfund=0; nfan=0
for f in $(awk -F, 'NR>1{print $1}' "$FD/depletion.csv" | sort -u); do
    nfund=$((nfund + 1))
    if awk -F, -v i="$f.fund" '$2==i { m = $7 < 0 ? -$7 : $7; if ($10 - $4 > 1e-6 * m) found=1 } END{exit !found}' "$FD/quantiles.csv"; then
        if [ -s "$FD/plots/fan_${f}_fund.png" ]; then nfan=$((nfan + 1)); else bad "fan: no fan chart for $f's fund"; fi
    else
        nfan=$((nfan + 1)) # no spread: no chart, by design
    fi
done
if [ "$nfund" -gt 0 ] && [ "$nfan" = "$nfund" ]; then ok "fan: a fan chart for each of the $nfund funds that vary"; else bad "fan: $nfan of $nfund funds"; fi
H="$FD/report.html"
if grep -q '<h2 id="risk">' "$H" && grep -q 'Draws: <b>40</b>, seed <b>3</b>' "$H"; then
    ok "report.html has the risk section with draws and seed"; else bad "report.html lacks the risk section"; fi
# Each fund's row: P by 2030, 2035, 2050 (the end) and a median year.
nrow=$(grep -c '<td class="n">[0-9.]*%</td><td class="n">[0-9.]*%</td><td class="n">[0-9.]*%</td><td class="n">\(after \)\?[0-9]*</td>' "$H")
if [ "$nrow" = "$nfund" ]; then ok "report.html: a probability row for each of the $nfund funds"; else bad "report.html: $nrow probability rows for $nfund funds"; fi
grep -q 'stochastic.tfr_sd' "$H" && grep -q 'Total fertility: an AR(1)' "$H" && ok "report.html says what varies" || bad "report.html lacks what varies"
if grep -q 'id="chart-fan_demography_population"' "$H" && grep -q 'id="chart-depletion_probability"' "$H"; then
    ok "report.html has the fan and depletion charts"; else bad "report.html lacks the fan charts"; fi
nsvg=$(grep -o '<svg' "$H" | wc -l); npng=$(ls "$FD"/plots/*.png | wc -l)
[ "$nsvg" -eq "$npng" ] && ok "report.html has every chart ($nsvg)" || bad "report.html has $nsvg charts, plots/ $npng"
pages=$(grep -ac '/Type */Page[^s]' "$FD/report.pdf")
[ "$pages" -gt "$npng" ] && ok "report.pdf: $pages pages" || bad "report.pdf: $pages pages for $npng charts"
if python3 -c "
import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
q=c.execute('select count(*) from quantiles').fetchone()[0]
d=c.execute('select count(*) from depletion').fetchone()[0]
sys.exit(0 if q>0 and d>0 else 1)" "$FD/results.sqlite"; then ok "results.sqlite has the quantiles and depletion tables"; else bad "results.sqlite lacks quantiles/depletion"; fi
if python3 -c "
import zipfile,sys
w=zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode()
sys.exit(0 if 'name=\"quantiles\"' in w and 'name=\"depletion\"' in w else 1)" "$FD/results.xlsx"; then ok "results.xlsx has the quantiles and depletion sheets"; else bad "results.xlsx lacks quantiles/depletion"; fi
# Drawn by one process or several: the same files, byte for byte.
F1="$T/fan_run_1proc"
PS_CHART_PROCS=1 "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --scripts "$ROOT/scripts" --out "$F1" \
    --draws 40 --seed 3 --lang en -q </dev/null
same=1
for f in "$FD"/plots/*.png; do cmp -s "$f" "$F1/plots/$(basename "$f")" || { same=0; bad "fan: $(basename "$f") differs between 1 and several processes"; }; done
[ $same = 1 ] && ok "charts drawn by one process or several are identical"
# cairo numbers its SVG surfaces with a per-process counter, and the
# manifest has the time of the run: alike but for those.
norm() { sed -e 's/surface[0-9]*/surface/g' -e '/&quot;date&quot;/d' "$1"; }
if cmp -s <(norm "$FD/report.html") <(norm "$F1/report.html"); then
    ok "report.html identical for one process or several (but cairo's surface numbers and the date)"; else bad "report.html differs with PS_CHART_PROCS=1"; fi

#### a sweep: tornado charts
SW="$T/fan_sweep"
expect "tornado: sweep of TFR and migration" 0 "results in" \
    "$BIN" sweep "$ROOT/scenarios/feidong_baseline.lua" --scripts "$ROOT/scripts" --out "$SW" \
    --vary population.tfr=1.0:1.4:3 --vary population.net_migration.total=0:12000:3 --lang en </dev/null
s=$(png_size "$SW/plots/tornado_population_2050.png")
[ "$s" = "1280 800" ] && ok "tornado: population 2050 as a 1280x800 PNG" || bad "tornado: population_2050 is '$s'"
# An answer with a number in any run has its chart, "none" or not; one that
# is "none" in every run has none.
miss=0; nchart=0
for a in $(awk -F, 'NR>1{print $1}' "$SW/tornado.csv" | sort -u); do
    if awk -F, -v a="$a" '$1==a && ($5!="none" || $6!="none" || $7!="none") {f=1} END{exit !f}' "$SW/tornado.csv"; then
        nchart=$((nchart + 1))
        [ -s "$SW/plots/tornado_$a.png" ] || { miss=1; bad "tornado: no chart for $a"; }
    elif [ -e "$SW/plots/tornado_$a.png" ]; then
        miss=1; bad "tornado: a chart for $a, which is none in every run"
    fi
done
[ $miss = 0 ] && ok "tornado: a chart for each of the $nchart answers with a number"
