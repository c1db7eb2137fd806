#!/bin/bash
# The whole test suite, as `make test` runs it:
#   1. gcc build: unit tests (cmocka), end-to-end tests, the independent
#      reference implementation against the engine;
#   2. clang build with the same warnings-as-errors, unit tests;
#   3. gcc build under AddressSanitizer + UndefinedBehaviorSanitizer: unit
#      and end-to-end tests.
# Prints one closing line "N passed, M failed"; exits non-zero on any failure.
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

suite() { # name, command...
    local name=$1
    shift
    local file="$log/$(echo "$name" | tr -c 'a-zA-Z0-9' '_').log"
    echo "== $name"
    "$@" > "$file" 2>&1
    local status=$?
    if [ "$status" -ne 0 ]; then show_failures "$file"; fi
    count "$name" "$file" "$status"
}

unit() { # build dir, bin dir, extra make args...
    local build=$1 bin=$2
    shift 2
    make -s BUILD="$build" BIN="$bin" "$@" all test-unit
}

SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0

suite "gcc build" make -s CC=gcc all
suite "gcc unit tests" unit build bin CC=gcc
suite "end-to-end tests" bash tests/e2e/run.sh bin/policysim
suite "reference implementation" python3 tests/reference/compare.py bin/policysim
suite "reference self-test" python3 tests/reference/selftest.py
suite "MPI build" make -s CC=gcc mpi
suite "MPI runs (2 and 3 ranks)" bash tests/e2e/mpi.sh bin/policysim bin/policysim-mpi
suite "clang build and unit tests" unit build/clang build/clang/bin CC=clang
suite "fuzz targets on their seed corpora" make -s fuzz-corpus
suite "sanitizer build" make -s CC=gcc BUILD=build/san BIN=build/san/bin OPT="-O1 -g" SAN="$SANFLAGS" all
suite "sanitizer unit tests" unit build/san build/san/bin CC=gcc OPT="-O1 -g" SAN="$SANFLAGS"
suite "sanitizer end-to-end tests" bash tests/e2e/run.sh build/san/bin/policysim

if [ ${#failed_suites[@]} -ne 0 ]; then
    echo "failed suites: ${failed_suites[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
