#!/bin/bash
# The whole test suite, as `make test` runs it:
#   1. gcc build: unit tests (cmocka), end-to-end tests, the independent
#      reference implementation against the engine;
#   2. clang build with the same warnings-as-errors, unit tests;
#   3. gcc build under AddressSanitizer + UndefinedBehaviorSanitizer: unit
#      and end-to-end tests.
# Chains 1 and 2+3 run side by side (see below); each suite reports its CPU
# time.  Prints one closing line "N passed, M failed"; exits non-zero on any failure.
# GPL-3.0-or-later.
set -u
cd "$(dirname "$0")/.."
# Tests read no input: give them /dev/null even where stdin is closed (CI),
# which mpirun in particular does not cope with.
exec < /dev/null
pass=0
fail=0
failed_suites=()
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

count() { # suite-name, log file, exit status
    local name=$1 file=$2 status=$3 p=0 f=0 line
    # cmocka: "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s), listed below:"
    while read -r line; do
        case "$line" in
        "[  PASSED  ] "*) p=$((p + $(echo "$line" | grep -oE '[0-9]+' | head -1))) ;;
        "[  FAILED  ] "*"test(s), listed below:"*) f=$((f + $(echo "$line" | grep -oE '[0-9]+' | head -1))) ;;
        esac
    done < "$file"
    # our scripts: "N passed, M failed"
    local plain
    plain=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$file" | tail -1)
    if [ -n "$plain" ]; then
        p=$((p + $(echo "$plain" | cut -d' ' -f1)))
        f=$((f + $(echo "$plain" | cut -d' ' -f3)))
    fi
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    # A step that reports no count of its own (a build) counts as one check.
    if [ "$status" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then p=1; fi
    pass=$((pass + p))
    fail=$((fail + f))
    if [ "$f" -ne 0 ]; then failed_suites+=("$name"); fi
    echo "-- $name: $p passed, $f failed"
}

# On failure: every "FAIL:" line of the log with the indented lines after it
# (the check's own detail), then the log's last lines (a crash, a sanitizer
# report, a build error).
show_failures() { # log file
    local file=$1
    if grep -q '^FAIL: ' "$file"; then
        echo "-- failing checks:"
        awk '/^FAIL: /{show=1; print; next} show && /^[ \t]/{print; next} {show=0}' "$file"
        echo "-- last lines of the log:"
    fi
    tail -n 40 "$file"
}

# run NAME COMMAND...: runs a suite into its own log, quietly; its CPU time
# (user+sys, seconds, children included) goes into NAME.cpu.
logname() { echo "$log/$(echo "$1" | tr -c 'a-zA-Z0-9' '_')"; }
run() {
    local f
    f=$(logname "$1")
    shift
    local t0
    cpu_now
    t0=$CPU
    "$@" > "$f.log" 2>&1
    echo $? > "$f.rc"
    cpu_now
    awk -v a="$t0" -v b="$CPU" 'BEGIN { printf "%.1f\n", b - a }' > "$f.cpu"
}
# cpu_now: sets CPU to this shell's children's user+sys CPU seconds so far
# (bash `times`, 2nd line; in a pipe or $(...) it would report a subshell's,
# hence the file).
cpu_now() {
    local f="$log/times.$BASHPID"
    times > "$f"
    CPU=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } print s }' "$f")
}

# report NAME: the suite's heading, its failing checks if it failed, its count.
report() {
    local f
    f=$(logname "$1")
    local status
    status=$(cat "$f.rc" 2> /dev/null || echo 1)
    echo "== $1 (cpu $(cat "$f.cpu" 2> /dev/null || echo ?) s)"
    if [ "$status" -ne 0 ]; then show_failures "$f.log"; fi
    grep -E '^left out here: ' "$f.log" || true
    # the end-to-end parts' CPU and wall time (tests/e2e/run.sh)
    grep -E '^time: ' "$f.log" || true
    count "$1" "$f.log" "$status"
}

unit() { # build dir, bin dir, extra make args...
    local build=$1 bin=$2
    shift 2
    make -s BUILD="$build" BIN="$bin" "$@" all test-unit
}

SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0

# Two independent chains run side by side, one per core: the gcc build and
# its tests, and the clang and sanitizer builds and theirs.  Each chain keeps
# its order (a build before its tests); the end-to-end scripts run
# E2E_JOBS at a time inside their suite (tests/e2e/run.sh).  The reports
# come afterwards in the fixed order below, whatever finished first.
export E2E_JOBS=${E2E_JOBS:-2}
(
    run "gcc build" make -s CC=gcc all
    run "gcc unit tests" unit build bin CC=gcc
    run "end-to-end tests" bash tests/e2e/run.sh bin/policysim
    run "reference implementation" python3 tests/reference/compare.py bin/policysim
    run "reference self-test" python3 tests/reference/selftest.py
    run "MPI build" make -s CC=gcc mpi
    run "MPI runs (2 and 3 ranks)" bash tests/e2e/mpi.sh bin/policysim bin/policysim-mpi
) &
gcc_chain=$!
(
    run "clang build and unit tests" unit build/clang build/clang/bin CC=clang
    run "fuzz targets on their seed corpora" make -s fuzz-corpus
    run "sanitizer build" make -s CC=gcc BUILD=build/san BIN=build/san/bin OPT="-O1 -g" SAN="$SANFLAGS" all
    run "sanitizer unit tests" unit build/san build/san/bin CC=gcc OPT="-O1 -g" SAN="$SANFLAGS"
    # Under the sanitizers, the e2e parts that check what the files say (the
    # schema's columns and words, summary labels, WPP validation, fan charts,
    # the Feidong workbook read back) are left out: the engine code that
    # writes those files runs under the sanitizers in the other parts, and
    # the workbook reader in its unit tests and fuzz corpus.  The gcc suite
    # runs every part.  This keeps `make test` well under 10 minutes on 2 cores.
    run "sanitizer end-to-end tests" env E2E_SKIP="test_schema.sh test_summary_labels.sh test_validation.sh test_fan.sh test_actuals_xlsx.sh" \
        bash tests/e2e/run.sh build/san/bin/policysim
) &
other_chain=$!
wait "$gcc_chain" "$other_chain"

for name in "gcc build" "gcc unit tests" "end-to-end tests" "reference implementation" \
    "reference self-test" "MPI build" "MPI runs (2 and 3 ranks)" "clang build and unit tests" \
    "fuzz targets on their seed corpora" "sanitizer build" "sanitizer unit tests" "sanitizer end-to-end tests"; do
    report "$name"
done

if [ ${#failed_suites[@]} -ne 0 ]; then
    echo "failed suites: ${failed_suites[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
