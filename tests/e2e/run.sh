#!/bin/bash
# End-to-end tests of the policysim command line: the baseline's files, the
# accounting identity in its output, every bad input with its message, the
# sandbox and the limits.  Prints one line per check and "N passed, M failed".
#
#   tests/e2e/run.sh BIN              every part: "core" (the checks in this
#                                     file) and each tests/e2e/test_*.sh, run
#                                     as separate processes, E2E_JOBS (default
#                                     2) at a time; each part's output is
#                                     printed whole, in order, after it ends
#   tests/e2e/run.sh BIN PART...      only those parts, one after the other in
#                                     this process (PART = core or test_x.sh)
#
# Every part has its own temporary folder $T and the helpers below; a part
# must not rely on another part's files.  GPL-3.0-or-later.
set -u
BIN=$(realpath "${1:-bin/policysim}")
ROOT=$(realpath "$(dirname "$0")/../..")
DATA="$ROOT/data/feidong"
HERE="$ROOT/tests/e2e"
export PS_E2E_HERE="$HERE"   # tests/e2e/pdfwords.py, imported by the PDF layout parts
shift $(( $# > 0 ? 1 : 0 ))

# cpu_now FILE: sets CPU to this shell's CPU time and its children's
# (user+sys, seconds) so far (bash `times`, through FILE: in $(...) it would
# report a subshell's).
cpu_now() {
    times > "$1"
    CPU=$(awk '{ for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } } END { printf "%.2f", s }' "$1")
}

if [ $# -eq 0 ]; then
    # All parts, in parallel; totals summed from each part's closing line.
    L=$(mktemp -d)
    trap 'rm -rf "$L"' EXIT
    # E2E_SKIP: parts to leave out (space-separated names), each said on a
    # line of its own, never silently (the sanitizer suite uses it).
    parts=(core)
    for extra in "$HERE"/test_*.sh; do
        [ -e "$extra" ] || continue
        name=$(basename "$extra")
        case " ${E2E_SKIP:-} " in
            *" $name "*) echo "left out here: $name (E2E_SKIP; the gcc suite runs it)" ;;
            *) parts+=("$name") ;;
        esac
    done
    # The Feidong baseline with default options, run once here before any
    # part starts, for the parts that only read its results: PS_BASELINE_DIR
    # is its results folder, PS_BASELINE_DIR.status and .log its exit status
    # and output (the helper `baseline` below copies the folder into a
    # part's own).  It is made read-only, and after every part ended its
    # files must be unchanged.
    SB="$L/shared"
    mkdir -p "$SB"
    sb_wall=$EPOCHREALTIME
    cpu_now "$L/times"
    sb_cpu=$CPU
    "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --out "$SB/baseline" > "$SB/baseline.log" 2>&1
    echo $? > "$SB/baseline.status"
    cpu_now "$L/times"
    awk -v c0="$sb_cpu" -v c1="$CPU" -v w0="$sb_wall" -v w1="$EPOCHREALTIME" \
        'BEGIN { printf "time: shared baseline %.1f s cpu, %.1f s wall\n", c1 - c0, w1 - w0 }'
    sb_sum() { (cd "$SB" && find . | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum; }
    sb_before=$(sb_sum)
    chmod -R a-w "$SB"
    trap 'chmod -R u+w "$L"; rm -rf "$L"' EXIT
    export PS_BASELINE_DIR="$SB/baseline"
    # The slowest parts start first (the four that took the most CPU, 43-62
    # s each under the sanitizers, when measured), so that no long part
    # starts last and runs alone at the end; the order changes nothing else
    # (the reports below keep the parts' order).
    slow=" test_scenario_language.sh test_compare_pdf.sh test_budget.sh test_households.sh "
    { for part in "${parts[@]}"; do case "$slow" in *" $part "*) echo "$part" ;; esac; done
      for part in "${parts[@]}"; do case "$slow" in *" $part "*) ;; *) echo "$part" ;; esac; done; } |
        xargs -P "${E2E_JOBS:-2}" -I{} sh -c 'bash "$1" "$2" "$3" > "$4/$3.log" 2>&1; echo $? > "$4/$3.rc"' \
            sh "$HERE/run.sh" "$BIN" {} "$L"
    pass=0
    fail=0
    for part in "${parts[@]}"; do
        # (the part prints its own "== test_x.sh" heading)
        # the part's own closing count line is replaced by the total below
        grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$L/$part.log"
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$L/$part.log" | tail -1)
        rc=$(cat "$L/$part.rc" 2>/dev/null || echo 1)
        p=0 f=0
        if [ -n "$line" ]; then p=${line%% *}; f=$(echo "$line" | cut -d' ' -f3); fi
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            f=1
            echo "FAIL: $part exited with status $rc${line:+ after $line}${line:- before its count}"
        fi
        pass=$((pass + p))
        fail=$((fail + f))
    done
    if [ "$(sb_sum)" = "$sb_before" ]; then pass=$((pass + 1)); echo "ok: no part changed the shared baseline"
    else fail=$((fail + 1)); echo "FAIL: a part changed the shared baseline's files ($SB)"; fi
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
# The baseline's results folder: the core part writes it; a part that needs
# it runs it when it is absent ([ -s "$OUT/summary.csv" ] || ...).
OUT="$T/baseline"

ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/    /'; }

# expect NAME STATUS PATTERN CMD...: exit status and a message matching PATTERN (ERE).
expect() {
    local name=$1 want=$2 pat=$3
    shift 3
    local out status
    out=$("$@" 2>&1)
    status=$?
    if [ "$status" -ne "$want" ]; then
        bad "$name: exit $status, expected $want" "$out"
    elif [ -n "$pat" ] && ! echo "$out" | grep -Eq -- "$pat"; then
        bad "$name: message does not match /$pat/" "$out"
    else
        ok "$name"
    fi
}

# baseline NAME DIR: the Feidong baseline's results (default options) in
# DIR, with the check `expect NAME 0 "results in" BIN run
# scenarios/feidong_baseline.lua --out DIR`.  With PS_BASELINE_DIR (set by
# `run.sh BIN`, which runs the baseline once for every part: the results
# folder, with PS_BASELINE_DIR.status and .log beside it) the check is on
# that run's exit status and output, and DIR is a copy of the folder (a
# part may change its copy, never the shared one); without it (a part run
# on its own), the baseline runs here.  For parts that only read the
# baseline's results; a part that changes options or the scenario runs its own.
baseline() {
    local name=$1 dir=$2 sb=${PS_BASELINE_DIR:-}
    if [ -z "$sb" ]; then
        expect "$name" 0 "results in" "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --out "$dir"
        return
    fi
    local status out
    status=$(cat "$sb.status" 2> /dev/null || echo "?")
    out=$(cat "$sb.log" 2> /dev/null)
    if [ "$status" != 0 ]; then
        bad "$name: exit $status, expected 0 (the shared baseline run, $sb)" "$out"
    elif ! echo "$out" | grep -Eq -- "results in"; then
        bad "$name: message does not match /results in/ (the shared baseline run)" "$out"
    elif ! mkdir -p "$dir" || ! cp -R "$sb/." "$dir" || ! chmod -R u+w "$dir"; then
        bad "$name: cannot copy the shared baseline $sb to $dir"
    else
        ok "$name"
    fi
}

# A scenario in $T/NAME/scenario.lua whose population block is the baseline's
# with some lines replaced.  $1 = folder name; stdin = extra Lua for population.
write_scenario() { # dir, population-body (Lua), [top-level extra]
    mkdir -p "$T/$1"
    cat > "$T/$1/scenario.lua" <<LUA
return {
  name = "$1", base_year = 2020, end_year = 2030,
  population = {
$2
  },
  ${3:-}
}
LUA
}

STD_POP="    base = '$DATA/population_2020.csv', mortality = '$DATA/mortality_2020.csv',
    fertility = '$DATA/asfr.csv', tfr = 1.2, srb = 1.11, mortality_improvement = 0.01,
    net_migration = { total = 1500, distribution = '$DATA/migration_distribution.csv' },"

# The standard population block with one setting replaced.
pop_with() { local p=$STD_POP; printf '%s' "${p/"$1"/"$2"}"; }

# bad_run NAME PATTERN: runs $T/NAME/scenario.lua, expects exit 65, the
# pattern, and no results folder (nor a temporary one) left behind.
bad_run() {
    local name=$1 pat=$2
    expect "$name" 65 "$pat" "$BIN" run "$T/$name/scenario.lua" --out "$T/out-$name"
    if [ -e "$T/out-$name" ] || compgen -G "$T/out-$name.tmp-*" > /dev/null; then
        bad "$name: an output folder was left behind"
    else
        ok "$name: no output written"
    fi
}

core() {
#### command line
expect "--help" 0 "Usage: policysim" "$BIN" --help
expect "--version" 0 "^policysim [0-9]+\.[0-9]+" "$BIN" --version
expect "no arguments is a usage error" 64 "Usage" "$BIN"
expect "unknown command" 64 "unknown command 'frobnicate'" "$BIN" frobnicate x.lua
expect "unknown option" 64 "unknown option '--bogus'" "$BIN" run x.lua --bogus 1
expect "run without a scenario" 64 "needs a scenario" "$BIN" run
expect "missing scenario file" 65 "nope.lua: cannot open" "$BIN" run "$T/nope.lua"
expect "bad --max-memory" 64 "max-memory" "$BIN" run x.lua --max-memory lots

#### the baseline
OUT="$T/baseline"
baseline "baseline runs" "$OUT"
for f in population.csv demography.csv manifest.json parameters.csv; do
    if [ -s "$OUT/$f" ]; then ok "baseline writes $f"; else bad "baseline writes $f"; fi
done
rows=$(wc -l < "$OUT/population.csv")
# 2020..2050 = 31 years x 2 sexes x 101 ages, plus the header.
if [ "$rows" -eq $((31 * 2 * 101 + 1)) ]; then ok "population.csv has 6263 lines"; else bad "population.csv has $rows lines"; fi
head1=$(head -1 "$OUT/demography.csv")
for c in year population male female births deaths net_migration tfr e0_male e0_female \
    e60_male e60_female cbr cdr old_age_dependency total_dependency median_age age_0 age_1 \
    age_2 age_3_5 age_60_plus age_65_plus age_80_plus; do
    case ",$head1," in *",$c,"*) ;; *) bad "demography.csv lacks column $c"; continue ;; esac
done
ok "demography.csv has every required column"
# The 2020 census total, exactly.
p2020=$(awk -F, 'NR==2{print $2}' "$OUT/demography.csv")
if [ "$p2020" = "884792" ]; then ok "2020 population is the census 884,792"; else bad "2020 population is $p2020"; fi
# Flows are empty in the last row.
last=$(tail -1 "$OUT/demography.csv" | cut -d, -f5-7)
if [ "$last" = ",," ]; then ok "last row has no flows"; else bad "last row flows: '$last'"; fi
# Accounting identity from the written numbers: P(t+1) = P(t) + B - D + M + clamped.
worst=$(awk -F, 'NR>1{y[NR]=$1;p[NR]=$2;b[NR]=$5;d[NR]=$6;m[NR]=$7;c[NR]=$25;n=NR}
    END{w=0; for(i=2;i<n;i++){e=(p[i]+b[i]-d[i]+m[i]+c[i]-p[i+1])/p[i+1]; if(e<0)e=-e; if(e>w)w=e}; printf "%.3g", w}' "$OUT/demography.csv")
if awk -v w="$worst" 'BEGIN{exit !(w < 1e-12)}'; then ok "identity holds in demography.csv (worst $worst)"; else bad "identity off by $worst"; fi
# population.csv sums to demography.csv's totals.
awk -F, 'NR>1{s[$1]+=$4} END{for(y in s) printf "%s %.10g\n", y, s[y]}' "$OUT/population.csv" | sort > "$T/sum1"
awk -F, 'NR>1{printf "%s %.10g\n", $1, $2}' "$OUT/demography.csv" | sort > "$T/sum2"
if cmp -s "$T/sum1" "$T/sum2"; then ok "population.csv adds up to demography.csv"; else bad "population.csv and demography.csv disagree"; fi
if grep -q '"sha256": "[0-9a-f]\{64\}"' "$OUT/manifest.json"; then ok "manifest has hashes"; else bad "manifest lacks hashes"; fi
# A re-run replaces the folder and leaves nothing temporary.
echo stale > "$OUT/stale.txt"
expect "re-run into the same folder" 0 "" "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --out "$OUT" -q
if [ ! -e "$OUT/stale.txt" ] && ! compgen -G "$OUT.tmp-*" > /dev/null && ! compgen -G "$OUT.old-*" > /dev/null; then
    ok "re-run replaced the folder cleanly"; else bad "re-run left stale or temporary files"; fi
expect "check" 0 "feidong_baseline: OK" "$BIN" check "$ROOT/scenarios/feidong_baseline.lua"
expect "params lists tfr with its line" 0 "population.tfr,.*feidong_baseline.lua:[0-9]+" "$BIN" params "$ROOT/scenarios/feidong_baseline.lua"
expect "params lists defaults with their source" 0 "population.mortality_closed,false,,default," "$BIN" params "$ROOT/scenarios/feidong_baseline.lua"
if [ ! -e out ] || [ "$(pwd)" != "$ROOT" ]; then :; fi

#### bad data files: one clear message (file, line, field), exit 65, no output
mkcsv() { mkdir -p "$T/$1"; cp "$DATA"/*.csv "$T/$1/"; }
data_case() { # name, file to edit, sed expression, pattern
    local name=$1 file=$2 sedx=$3 pat=$4
    mkcsv "$name"
    sed -i "$sedx" "$T/$name/$file"
    write_scenario "$name" "    base = 'population_2020.csv', mortality = 'mortality_2020.csv',
    fertility = 'asfr.csv', tfr = 1.2, mortality_improvement = 0.01,
    net_migration = { total = 1500, distribution = 'migration_distribution.csv' },"
    bad_run "$name" "$pat"
}
data_case malformed_csv population_2020.csv '5s/$/,7/' "population_2020.csv:5: 4 fields where the header has 3 columns"
data_case missing_column population_2020.csv 's/^sex,age,population$/sex,age,persons/' "population_2020.csv:[0-9]+: missing column 'population'"
data_case non_numeric population_2020.csv '6s/,[^,]*$/,lots/' "population_2020.csv:6: column 'population': 'lots' is not a number"
data_case age_out_of_range population_2020.csv '7s/^male,[0-9]*,/male,101,/' "population_2020.csv:7: column 'age': 101 is outside 0..100"
data_case repeated_age population_2020.csv '8s/^male,[0-9]*,/male,3,/' "population_2020.csv:8: column 'age': male age 3 appears twice"
data_case negative_population population_2020.csv '9s/,[^,]*$/,-12/' "population_2020.csv:9: column 'population': -12 is negative"
data_case unknown_sex population_2020.csv '10s/^male/M/' "population_2020.csv:10: column 'sex': 'M' is not a sex"
data_case missing_row population_2020.csv '/^female,37,/d' "population_2020.csv: no row for female age 37"
data_case rate_above_one mortality_2020.csv '12s/,[^,]*$/,2.5/' "mortality_2020.csv:12: column 'mx': 2.5 is outside \[0, 2\]"
data_case qx_above_one mortality_2020.csv 's/^sex,age,mx$/sex,age,qx/; 12s/,[^,]*$/,1.5/' "mortality_2020.csv:12: column 'qx': 1.5 is outside \[0, 1\]"
data_case fertility_age asfr.csv '4s/^15,/14,/' "asfr.csv:4: column 'age': 14 is outside 15..49"
data_case negative_share migration_distribution.csv '5s/,[^,]*$/,-0.1/' "migration_distribution.csv:5: column 'share': -0.1 is negative"
data_case unterminated_quote population_2020.csv '5s/^male/"male/' "population_2020.csv:5: unterminated quoted field"
# A missing file.
write_scenario missing_file "    base = 'nowhere.csv', mortality = '$DATA/mortality_2020.csv', fertility = '$DATA/asfr.csv', tfr = 1.2,"
bad_run missing_file "nowhere.csv: cannot open"

#### bad scenarios: file and line, the key, a suggestion
write_scenario tfr_year_key "$STD_POP
    tfr2 = 0," ""
sed -i 's/tfr2 = 0,/tfr_path = 1,/' "$T/tfr_year_key/scenario.lua"
bad_run tfr_year_key "scenario.lua:[0-9]+: unknown key 'population.tfr_path' \(did you mean 'tfr'\?\)"
write_scenario non_year_key "$(pop_with 'tfr = 1.2,' "tfr = { [2020] = 1.3, soon = 1.4 },")" ""
bad_run non_year_key "scenario.lua:[0-9]+: 'population.tfr': path key 'soon' is not a year"
write_scenario typo_top "$STD_POP" "end_yaer = 2040,"
bad_run typo_top "scenario.lua:[0-9]+: unknown key 'end_yaer' \(did you mean 'end_year'\?\)"
write_scenario wrong_type "$(pop_with 'srb = 1.11,' "srb = 'high',")" ""
bad_run wrong_type "scenario.lua:[0-9]+: 'population.srb' must be a number, a dated path"
write_scenario tfr_out_of_range "$(pop_with 'tfr = 1.2,' "tfr = -1,")" ""
bad_run tfr_out_of_range "'population.tfr' is -1, outside"
write_scenario fn_nil "$(pop_with 'tfr = 1.2,' "tfr = function(year) if year < 2025 then return 1.2 end end,")" ""
bad_run fn_nil "'population.tfr': the function returned nil in 2025"
write_scenario fn_error "$(pop_with 'tfr = 1.2,' "tfr = function(year) error('no data for ' .. year) end,")" ""
bad_run fn_error "scenario.lua:[0-9]+: no data for 2020"
mkdir -p "$T/syntax_error"; printf 'return {\n  name = "x",\n  base_year = 2020 +,\n}\n' > "$T/syntax_error/scenario.lua"
bad_run syntax_error "scenario.lua:3: unexpected symbol"
mkdir -p "$T/not_a_table"; echo 'return 42' > "$T/not_a_table/scenario.lua"
bad_run not_a_table "must return a table \(this one returns number\)"
mkdir -p "$T/missing_required"; echo 'return { name = "x", base_year = 2020, end_year = 2030 }' > "$T/missing_required/scenario.lua"
bad_run missing_required "has no 'population'"
write_scenario end_before_base "$STD_POP" ""
sed -i 's/end_year = 2030/end_year = 2010/' "$T/end_before_base/scenario.lua"
bad_run end_before_base "end_year 2010 must be after base_year 2020"
write_scenario runtime_error "$STD_POP" "description = nil .. 'x',"
bad_run runtime_error "scenario.lua:[0-9]+: attempt to concatenate a nil value"
write_scenario migration_without_distribution "$(pop_with 'distribution = ' "dummy_unused = ")" ""
sed -i "s/, dummy_unused = '[^']*'//" "$T/migration_without_distribution/scenario.lua"
bad_run migration_without_distribution "'population.net_migration.distribution' .* is missing"

#### the sandbox: every escape fails, limits stop runaway scripts
sandbox_case() { # name, Lua statement run when the scenario loads, pattern
    write_scenario "$1" "$STD_POP" ""
    sed -i "1i $2" "$T/$1/scenario.lua"
    bad_run "$1" "$3"
}
sandbox_case os_execute "os.execute('touch $T/pwned')" "os.execute is not available to scenarios"
sandbox_case io_popen "io.popen('touch $T/pwned')" "undeclared global 'io'"
sandbox_case io_open_write "local f = io.open('$T/pwned', 'w')" "undeclared global 'io'"
sandbox_case debug_lib "debug.sethook()" "undeclared global 'debug'"
sandbox_case package_lib "package.loadlib('libc.so.6', 'system')" "undeclared global 'package'"
sandbox_case dofile_gone "dofile('/etc/passwd')" "undeclared global 'dofile'"
sandbox_case loadfile_gone "loadfile('/etc/passwd')" "undeclared global 'loadfile'"
sandbox_case string_dump "local f = string.dump(print)" "attempt to call a nil value \(field 'dump'\)"
sandbox_case binary_chunk "assert(load('\\\\27Lua'))" "attempt to load a binary chunk"
sandbox_case require_native "require('os')" "module 'os' not found"
sandbox_case require_path "require('../../etc/passwd')" "module names are letters"
sandbox_case global_write "x = 1" "assignment to undeclared global 'x'"
sandbox_case string_metatable "getmetatable('').__index = nil" "attempt to index a string value"
sandbox_case rawset_globals "rawset(_G, 'x', 1)" "undeclared global '_G'"
if [ -e "$T/pwned" ]; then bad "a sandbox escape created a file"; else ok "no escape created a file"; fi
sandbox_case infinite_loop "while true do end" "instruction limit of [0-9]+ exceeded"
sandbox_case pcall_cannot_swallow "for i = 1, 100 do pcall(function() while true do end end) end" "instruction limit of [0-9]+ exceeded"
sandbox_case memory_bomb "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end" "memory limit of 512 MiB exceeded"
expect "--max-memory lowers the limit" 65 "memory limit of 32 MiB exceeded" "$BIN" run "$T/memory_bomb/scenario.lua" --max-memory 32
write_scenario runaway_function "$(pop_with 'tfr = 1.2,' "tfr = function(y) while true do end end,")" ""
expect "runaway per-year function" 65 "instruction limit" "$BIN" run "$T/runaway_function/scenario.lua" --out "$T/out-rf" --max-instructions 5000000
expect "limits are options" 65 "instruction limit of 100000 exceeded" "$BIN" run "$T/infinite_loop/scenario.lua" --max-instructions 100000

#### scenario language: functions of (year, state), hooks, inheritance
write_scenario fn_state "$(pop_with 'tfr = 1.2,' "tfr = function(year, state) return state.pop('female', 20, 34) > 80000 and 1.5 or 1.1 end,")" ""
expect "a function of (year, state) runs" 0 "" "$BIN" run "$T/fn_state/scenario.lua" --out "$T/out-fn" -q
mkdir -p "$T/inherit"
cat > "$T/inherit/a.lua" <<LUA
return { name = "a", base_year = 2020, end_year = 2030,
  population = { $STD_POP } }
LUA
printf 'return { extends = "a.lua", name = "b", population = { tfr = 1.7 } }\n' > "$T/inherit/b.lua"
printf 'return { extends = "b.lua", name = "c",\n  population = { net_migration = { total = 0 } } }\n' > "$T/inherit/c.lua"
expect "three-level inheritance resolves" 0 "population.tfr,1.7,.*b.lua:1" "$BIN" params "$T/inherit/c.lua"
expect "inheritance merges sections" 0 "population.net_migration.distribution,.*a.lua:[0-9]+" "$BIN" params "$T/inherit/c.lua"
expect "the child's override wins" 0 "population.net_migration.total,0,.*c.lua:2" "$BIN" params "$T/inherit/c.lua"
printf 'return { extends = "cyc2.lua", name = "c1" }\n' > "$T/inherit/cyc1.lua"
printf 'return { extends = "cyc1.lua", name = "c2" }\n' > "$T/inherit/cyc2.lua"
expect "an inheritance cycle is an error" 65 "'extends' forms a cycle" "$BIN" check "$T/inherit/cyc1.lua"
}

#### the parts named on the command line, in this process; each part ends
#### with a line "time: PART C s cpu, W s wall" (CPU: user+sys, children included)
for _e2e_part in "$@"; do
    _e2e_wall=$EPOCHREALTIME
    cpu_now "$T/.e2e-times"
    _e2e_cpu=$CPU
    if [ "$_e2e_part" = core ]; then
        core
    else
        echo "== $_e2e_part"
        # shellcheck disable=SC1090
        source "$HERE/$_e2e_part"
    fi
    cpu_now "$T/.e2e-times"
    awk -v p="$_e2e_part" -v c0="$_e2e_cpu" -v c1="$CPU" -v w0="$_e2e_wall" -v w1="$EPOCHREALTIME" \
        'BEGIN { printf "time: %s %.1f s cpu, %.1f s wall\n", p, c1 - c0, w1 - w0 }'
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
