# Sourced by tests/e2e/run.sh: stochastic draws (issue 8) on the population
# of the Feidong data: reproducible for any thread count, sane quantiles,
# Ctrl-C leaves nothing.  (MPI ranks: tests/e2e/mpi.sh.)  GPL-3.0-or-later.

S="$T/stoch"
mkdir -p "$S"
cat > "$S/pop.lua" <<LUA
return {
  name = "stoch", base_year = 2020, end_year = 2060,
  population = { $STD_POP },
}
LUA
for th in 1 2 3; do
    expect "draws with $th thread(s)" 0 "" "$BIN" run "$S/pop.lua" --draws 120 --seed 11 --threads $th --out "$S/t$th" -q
done
if cmp -s "$S/t1/quantiles.csv" "$S/t2/quantiles.csv" && cmp -s "$S/t1/quantiles.csv" "$S/t3/quantiles.csv" &&
   cmp -s "$S/t1/depletion.csv" "$S/t3/depletion.csv"; then
    ok "quantiles are bit-identical for 1, 2 and 3 threads"
else bad "quantiles differ between thread counts"; fi
if [ "$(head -1 "$S/t1/quantiles.csv")" = "year,indicator,mean,p2_5,p10,p25,p50,p75,p90,p97_5" ]; then
    ok "quantiles.csv header"; else bad "quantiles.csv header: $(head -1 "$S/t1/quantiles.csv")"; fi
# Quantiles are ordered, the mean lies within the extreme quantiles' reach.
disorder=$(awk -F, 'NR>1 && $4!="" { for (i=4;i<10;i++) if ($(i)+0 > $(i+1)+0 + 1e-9*($(i+1)<0?-$(i+1):$(i+1))) { print $1, $2; exit } }' "$S/t1/quantiles.csv")
if [ -z "$disorder" ]; then ok "quantiles are ordered in every row"; else bad "quantiles out of order: $disorder"; fi
# The base year is known: no spread.  Later years: spread.
base_row=$(grep '^2020,demography.population,' "$S/t1/quantiles.csv" | cut -d, -f4-10 | tr ',' '\n' | sort -u | wc -l)
if [ "$base_row" -eq 1 ]; then ok "no uncertainty in the base year"; else bad "the base year varies"; fi
spread=$(awk -F, '$1==2060 && $2=="demography.population" {print ($10 > $4) ? "yes" : "no"}' "$S/t1/quantiles.csv")
if [ "$spread" = yes ]; then ok "2060 population has a spread"; else bad "no spread in 2060"; fi
# Every demographic headline is summarised.
for ind in population births deaths tfr e0_male old_age_dependency age_65_plus; do
    grep -q "^2040,demography.$ind," "$S/t1/quantiles.csv" || bad "quantiles.csv lacks demography.$ind"
done
ok "quantiles.csv has the demographic headlines"
grep -q '^stochastic_draws,120,' "$S/t1/summary.csv" && ok "summary records the draws" || bad "summary lacks stochastic_draws"
expect "another seed" 0 "" "$BIN" run "$S/pop.lua" --draws 120 --seed 12 --threads 2 --out "$S/seed12" -q
if cmp -s "$S/t1/quantiles.csv" "$S/seed12/quantiles.csv"; then bad "the seed changes nothing"; else ok "the seed changes the draws"; fi
expect "--draws 0 is a usage error" 64 "positive whole number" "$BIN" run "$S/pop.lua" --draws 0
expect "--draws abc is a usage error" 64 "positive whole number" "$BIN" run "$S/pop.lua" --draws abc
cat > "$S/badstoch.lua" <<LUA
return {
  name = "badstoch", base_year = 2020, end_year = 2030,
  population = { $STD_POP },
  stochastic = { tfr_sd = -1 },
}
LUA
expect "a negative s.d. is rejected" 65 "'stochastic.tfr_sd' is -1, outside" "$BIN" run "$S/badstoch.lua" --draws 10 --out "$S/bad" -q
# Ctrl-C: the run stops cleanly and writes nothing.
timeout --preserve-status -s INT 2 "$BIN" run "$S/pop.lua" --draws 2000000 --threads 2 --out "$S/interrupted" -q > /dev/null 2>&1
status=$?
if [ "$status" -eq 130 ] && [ ! -e "$S/interrupted" ] && ! compgen -G "$S/interrupted.tmp-*" > /dev/null; then
    ok "Ctrl-C stops the draws: exit 130, nothing written"
else bad "Ctrl-C: exit $status, folder $(ls -d "$S"/interrupted* 2>/dev/null)"; fi
