# Sourced by tests/e2e/run.sh: a hook's params.set and a rule's memory
# belong to the projection that made them.  Each stochastic draw starts from
# the scenario's own values, whichever draws ran before it on the same
# thread, so the quantiles are the same for 1, 2 and 3 threads.  The rule
# fires once per projection in 2030 and sets net migration from the draw's
# own population (so a value carried over from another draw, or a rule that
# stays silent because it fired in an earlier draw, changes the quantiles of
# the years after 2030 with the thread count).  GPL-3.0-or-later.

H="$T/drawhooks"
mkdir -p "$H"
cat > "$H/hooks.lua" <<LUA
local rules = require("policysim.rules")
local hook = rules.trigger{
  once = true,
  when = function(year, state) return year >= 2030 end,
  act = function(year, state, params)
    params.set("population.net_migration.total", state.total() / 100)
  end,
}
return {
  name = "drawhooks", base_year = 2020, end_year = 2040,
  population = { $STD_POP },
  stochastic = { tfr_sd = 0.2 },
  hooks = { after_step = hook },
}
LUA
for th in 1 2 3; do
    expect "hook draws with $th thread(s)" 0 "" "$BIN" run "$H/hooks.lua" --draws 12 --seed 5 \
        --threads $th --out "$H/t$th" -q --plots svg
done
if [ -f "$H/t1/quantiles.csv" ] && cmp -s "$H/t1/quantiles.csv" "$H/t2/quantiles.csv" &&
    cmp -s "$H/t1/quantiles.csv" "$H/t3/quantiles.csv"; then
    ok "hook's params.set does not carry over between draws (1, 2, 3 threads agree)"
else
    bad "quantiles with a params.set hook differ between thread counts" \
        "$(diff "$H/t1/quantiles.csv" "$H/t2/quantiles.csv" 2>&1 | head -5)"
fi
