# Sourced by tests/e2e/run.sh: the scenario language (issue 3) with results
# computed by hand, the scripts/ library inside the real sandbox, the
# documentation's examples, calibrate.  GPL-3.0-or-later.

#### a hand-computable population
# 1,000 women aged 30 in 2020 and nobody else; nobody dies (q = 0 below 100,
# q(100) = 1 because the open age needs q > 0); fertility flat over 15..49
# (asfr = 1 at each of the 35 ages, so f(a) = TFR/35); SRB = 1; no migration.
H="$T/hand"
mkdir -p "$H"
{ echo "sex,age,population"; for s in male female; do for a in $(seq 0 100); do
    if [ $s = female ] && [ $a = 30 ]; then echo "$s,$a,1000"; else echo "$s,$a,0"; fi; done; done; } > "$H/pop.csv"
{ echo "sex,age,qx"; for s in male female; do for a in $(seq 0 100); do
    if [ $a = 100 ]; then echo "$s,$a,1"; else echo "$s,$a,0"; fi; done; done; } > "$H/q.csv"
{ echo "age,asfr"; for a in $(seq 15 49); do echo "$a,1"; done; } > "$H/asfr.csv"
hand_scenario() { # file, tfr expression, extra top-level Lua
    cat > "$H/$1" <<LUA
return {
  name = "hand", base_year = 2020, end_year = 2023,
  population = { base = "pop.csv", mortality = "q.csv", fertility = "asfr.csv",
                 srb = 1, tfr = $2 },
  ${3:-}
}
LUA
}
births_of() { awk -F, -v y="$2" 'NR>1 && $1==y {print $5}' "$1/demography.csv"; }

# Births in 2020 = sum_a f(a) (F(a) + F'(a))/2: the women are aged 30 at the
# start of the year (F(30) = 1000) and their survivors are aged 31 at its end
# (F'(31) = 1000), so the sum is (1000 + 1000)/2 = 1000 and births = TFR/35 * 1000.
# A per-year function of the state: TFR = 2.1 while women aged 30 exist
# (2020: births = 2.1/35 * 1000 = 60), else 0.35 (2021: 0.35/35 * 1000 = 10).
hand_scenario fn.lua 'function(year, state) if state.pop("female", 30) > 0 then return 2.1 else return 0.35 end end'
expect "hand case: function of the state runs" 0 "" "$BIN" run "$H/fn.lua" --out "$H/out-fn" -q
b20=$(births_of "$H/out-fn" 2020); b21=$(births_of "$H/out-fn" 2021)
if awk -v a="$b20" -v b="$b21" 'BEGIN{exit !(a - 60 < 1e-9 && 60 - a < 1e-9 && b - 10 < 1e-9 && 10 - b < 1e-9)}'; then
    ok "hand case: births 60 then 10 from the per-year function"
else bad "hand case: births $b20, $b21 (expected 60, 10)"; fi

# A hook: TFR 2.1, and after the 2020 step the hook sets it to 0.7 for the
# years ahead: births 2020 = 60, 2021 = 0.7/35 * 1000 = 20, 2022 = 20.
# Population: 1000, 1060, 1080, 1100.  An indicator records params.get.
hand_scenario hook.lua '2.1' 'hooks = { after_step = function(year, state, params)
      if year == 2020 then params.set("population.tfr", 0.7) end end },
  indicators = { women_30_34 = function(year, state) return state.pop("female", 30, 34) end }'
expect "hand case: hook runs" 0 "" "$BIN" run "$H/hook.lua" --out "$H/out-hook" -q
got=$(awk -F, 'NR>1{printf "%s:%.9g:%s ", $1, $2, ($5 == "" ? "" : sprintf("%.9g", $5))}' "$H/out-hook/demography.csv")
if [ "$got" = "2020:1000:60 2021:1060:20 2022:1080:20 2023:1100: " ]; then
    ok "hand case: the hook changed TFR for the years ahead (births 60, 20, 20)"
else bad "hand case: got $got"; fi
if grep -q '^2022,1000$' "$H/out-hook/indicators.csv"; then ok "hand case: custom indicator written"; else bad "hand case: indicators.csv" "$(cat "$H/out-hook/indicators.csv")"; fi
hand_scenario badset.lua '2.1' 'hooks = { before_step = function(year, state, params) params.set("population.tfr", -3) end }'
bad_run_at() { expect "$1" 65 "$2" "$BIN" run "$H/$3" --out "$H/out-x"; }
bad_run_at "params.set checks the range" "params.set: 'population.tfr' is -3, outside" badset.lua
hand_scenario badkey.lua '2.1' 'hooks = { before_step = function(year, state, params) params.set("population.trf", 1) end }'
bad_run_at "params.set rejects unknown keys" "'population.trf' is not a numeric parameter" badkey.lua
hand_scenario badind.lua '2.1' 'indicators = { x = function() return "many" end }'
bad_run_at "an indicator returning a string" "indicators.x in 2020: the function returned string" badind.lua
hand_scenario readonly.lua 'function(year, state) state.year = 1 return 1 end'
bad_run_at "the state is read-only" "the state is read-only" readonly.lua

#### the scripts/ library, run inside the real sandbox
cat > "$H/lib.lua" <<'LUA'
local paths = require("policysim.paths")
local idx = require("policysim.indexation")
local cal = require("policysim.calibrate")
local rules = require("policysim.rules")
local function near(a, b) return math.abs(a - b) <= 1e-12 * math.max(1, math.abs(b)) end
-- paths.at: linear between points, flat outside (1 + (2-1)*5/10 = 1.5).
assert(near(paths.at({ [2020] = 1, [2030] = 2 }, 2025), 1.5), "paths.at mid")
assert(paths.at({ [2020] = 1, [2030] = 2 }, 2010) == 1 and paths.at({ [2020] = 1, [2030] = 2 }, 2040) == 2, "paths.at flat")
assert(paths.at(3.5, 2000) == 3.5, "paths.at number")
-- paths.step holds a value until the next point.
local st = paths.step{ [2020] = 10, [2025] = 20 }
assert(st(2019) == 10 and st(2024) == 10 and st(2025) == 20 and st(2099) == 20, "paths.step")
-- paths.growth: 100 * 1.05^2 = 110.25; backwards 100 / 1.05.
local g = paths.growth(2020, 100, 0.05)
assert(near(g(2022), 110.25) and near(g(2019), 100 / 1.05), "paths.growth")
local sh = paths.shift({ [2020] = 1.2, [2030] = 1.4 }, 0.5)
assert(near(sh[2020], 1.7) and near(sh[2030], 1.9), "paths.shift")
local fr = paths.freeze_from({ [2020] = 100, [2030] = 200 }, 2025)
assert(fr[2020] == 100 and fr[2025] == 150 and fr[2030] == nil, "paths.freeze_from")
-- indexation: 0.6 * 0.05 = 0.03; 0.5*0.06 + 0.5*0.02 = 0.04; 100*1.04^2 = 108.16.
assert(near(idx.share_of(0.05, 0.6)(2030), 0.03), "share_of")
assert(near(idx.mixed(0.06, 0.02, 0.5)(2030), 0.04), "mixed")
assert(near(idx.compound(2020, 100, 0.04)(2022), 108.16), "compound")
assert(idx.bounded(0.09, 0, 0.05)(2030) == 0.05, "bounded")
-- calibrate.solve: x^2 = 2 on [0, 2] gives sqrt(2).
assert(math.abs(cal.solve(function(x) return x * x end, 2, 0, 2) - math.sqrt(2)) < 1e-9, "solve")
assert(not pcall(cal.solve, function(x) return x end, 5, 0, 1), "solve outside the interval fails")
local hook, fired = rules.trigger{ once = true, when = function(y) return y >= 2022 end, act = function() end }
hook(2021); hook(2022); hook(2023)
assert(#fired == 1 and fired[1] == 2022, "rules.trigger once")
return { name = "lib", base_year = 2020, end_year = 2021,
  population = { base = "pop.csv", mortality = "q.csv", fertility = "asfr.csv", tfr = 1 } }
LUA
expect "scripts/ library checks pass in the sandbox" 0 "lib: OK" "$BIN" check "$H/lib.lua"
printf 'local p = require("policysim.paths")\nlocal x = p.at({[2020]="x"}, 2020)\nreturn x\n' > "$H/libbad.lua"
expect "library errors name the caller's line" 65 "libbad.lua:2: paths.at: value for 2020 is not a number" "$BIN" check "$H/libbad.lua"

#### every example in docs/scenarios.md runs (extracted as written)
D="$T/docs"
mkdir -p "$D/scenarios"
ln -s "$ROOT/data" "$D/data"
cp "$ROOT"/scenarios/*.lua "$D/scenarios/"
awk -v dir="$D/scenarios" '
    /^```lua/ { inblock = 1; name = ""; next }
    /^```/ { inblock = 0; next }
    inblock && name == "" && /^-- example: / { name = $3; print > (dir "/" name); next }
    inblock && name != "" { print >> (dir "/" name) }' "$ROOT/docs/scenarios.md"
n=0
for ex in "$D"/scenarios/example_*.lua; do
    [ -e "$ex" ] || continue
    n=$((n + 1))
    expect "docs example $(basename "$ex") runs" 0 "" "$BIN" run "$ex" --out "$D/out-$n" -q --plots svg
done
if [ "$n" -ge 4 ]; then ok "docs/scenarios.md has $n tested examples"; else bad "docs/scenarios.md has only $n examples"; fi

#### ready scenarios of this issue
for s in feidong_high_fertility feidong_low_fertility feidong_zero_migration feidong_talent_policy; do
    expect "scenario $s runs" 0 "" "$BIN" run "$ROOT/scenarios/$s.lua" --out "$T/s-$s" -q --plots svg
done
# High fertility has more births than low in 2030; zero migration a smaller 2050 population.
b_hi=$(births_of "$T/s-feidong_high_fertility" 2030); b_lo=$(births_of "$T/s-feidong_low_fertility" 2030)
if awk -v a="$b_hi" -v b="$b_lo" 'BEGIN{exit !(a > b * 1.5)}'; then ok "high fertility: more births than low ($b_hi > $b_lo)"; else bad "births hi $b_hi lo $b_lo"; fi
# (the census carried from 1 November 2020, issue 13: the ratio passes 0.33 in 2035)
if grep -q '^2036,1$' "$T/s-feidong_talent_policy/indicators.csv" && ! grep -q '^2035,1$' "$T/s-feidong_talent_policy/indicators.csv"; then
    ok "talent policy triggers after the dependency ratio passes 0.33 (in 2035)"
else bad "talent policy trigger year" "$(grep ',1$' "$T/s-feidong_talent_policy/indicators.csv" | head -3)"; fi

#### calibrate
# (14 months from the census of 1 November 2020 to end-2021, issue 13)
expect "calibrate finds net migration for 893,000 at end-2021" 0 \
    "population.net_migration.total = 884[0-9.]* gives population = 89(2999.99|3000.00)" \
    "$BIN" calibrate "$ROOT/scenarios/feidong_baseline.lua" --param population.net_migration.total \
    --indicator population --year 2022 --target 893000 --range 0:20000
expect "calibrate: target out of reach" 65 "is not between them" \
    "$BIN" calibrate "$ROOT/scenarios/feidong_baseline.lua" --param population.tfr \
    --indicator population --year 2022 --target 5 --range 1:2
expect "calibrate: missing options" 64 "needs --param" "$BIN" calibrate "$ROOT/scenarios/feidong_baseline.lua"

#### docs/scenarios.md lists every key the engine knows
missing=$("$BIN" keys | awk -F'|' 'NR>2 {gsub(/[` ]/, "", $2); print $2}' | while read -r k; do
    grep -qF "\`$k\`" "$ROOT/docs/scenarios.md" || echo "$k"; done)
if [ -z "$missing" ]; then ok "docs/scenarios.md documents every key"; else bad "docs/scenarios.md lacks: $missing"; fi
