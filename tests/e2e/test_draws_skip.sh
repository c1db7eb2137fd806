# Sourced by tests/e2e/run.sh: stochastic draws leave out the modules whose
# results no chosen series needs and nobody reads (issue 18), and come out
# the same to the last bit as draws that step every module
# (POLICYSIM_DRAWS_ALL_MODULES=1): the baseline; a scenario with hooks and
# custom indicators; and one whose hook reads a left-out module only in the
# draws where the TFR is high, using its value (so a stale value would change
# the results): the draw is projected again with that module.
# GPL-3.0-or-later.

K="$T/skip"
mkdir -p "$K"
same_draws() { # name, scenario, draws
    local name=$1 scen=$2 n=$3
    if ! "$BIN" run "$scen" --draws "$n" --seed 5 --threads 2 --out "$K/$name-skip" -q --plots svg > "$K/$name.log" 2>&1 ||
       ! POLICYSIM_DRAWS_ALL_MODULES=1 "$BIN" run "$scen" --draws "$n" --seed 5 --threads 2 \
           --out "$K/$name-all" -q --plots svg >> "$K/$name.log" 2>&1; then
        bad "draws of $name" "$(cat "$K/$name.log")"
        return
    fi
    local f diff=
    for f in quantiles.csv depletion.csv summary.csv; do
        cmp -s "$K/$name-skip/$f" "$K/$name-all/$f" || diff="$diff $f"
    done
    if [ -z "$diff" ]; then ok "$name: draws leaving out unread modules = draws with every module"
    else bad "$name: draws differ when unread modules are left out:$diff"; fi
}
same_draws baseline "$ROOT/scenarios/feidong_baseline.lua" 24
same_draws talent "$ROOT/scenarios/feidong_talent_policy.lua" 24

# The central TFR of 2030; in draws above it, the hook reads the budget's
# county cost (module `budget`, not asked for in the draws and read by
# nobody in the central run) into the custom indicator `echo`, which is
# asked for: a stale budget would change echo's quantiles.  (echo's value
# is reset in the base year, so nothing carries over between draws.)
"$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --out "$K/central" -q --plots svg > /dev/null 2>&1
tfr=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "tfr") c = i } $1 == 2030 { print $c }' \
      "$K/central/demography.csv")
cat > "$K/probe.lua" <<LUA
local extra = 0
return {
  extends = "$ROOT/scenarios/feidong_baseline.lua",
  name = "probe",
  indicators = { echo = function(year, state) return extra end },
  stochastic = { indicators = { "demography.population", "indicators.echo" } },
  hooks = {
    before_step = function(year) if year == 2020 then extra = 0 end end,
    after_step = function(year, state, params)
      if year == 2030 and state.get("demography.tfr") > ${tfr:-0} then
        extra = state.get("budget.county")
      end
    end,
  },
}
LUA
same_draws probe "$K/probe.lua" 30
if grep -q ',indicators.echo,' "$K/probe-skip/quantiles.csv" &&
   awk -F, '$1 == 2040 && $2 == "indicators.echo" { exit !($10 > 1e8 && $4 < 1e7) }' "$K/probe-skip/quantiles.csv"; then
    ok "probe: some draws read the budget, some not"
else bad "probe: echo does not vary as planned" "$(grep ',indicators.echo,' "$K/probe-skip/quantiles.csv" | head -3)"; fi
