#!/bin/bash
# make bench: performance figures, never asserted (tests do not time).
#   1. the population kernel alone, in the form stochastic runs use
#      (projections per second; built by `make bench-kernel` with the
#      engine's flags), against the same step in numpy vectorised over draws
#      (tests/bench/bench_numpy.py, the comparison, not the engine), and
#      their ratio; then the whole model's draws to 2100 (draws/s on 2
#      threads, and instructions per draw if valgrind is installed);
#   2. the whole `run` command on the Feidong baseline (with its charts,
#      report and workbook);
#   3. stochastic draws of the whole Feidong model to 2100: 1 thread against
#      2, 1 MPI rank against 2 (if bin/policysim-mpi is built), draws of the
#      population alone, and the peak memory for N = 10,000 (and 100,000
#      with BENCH_FULL=1).
# Wall-clock figures on a shared machine vary from run to run: the kernel
# figures are the best of many rounds; compare runs of the same machine.
# GPL-3.0-or-later.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
CC=${CC:-cc}
N=${BENCH_DRAWS:-2000}
mkdir -p "$BUILD/bench"
[ -x "$BUILD/bench/bench_kernel" ] || make -s BUILD="$BUILD" "$BUILD/bench/bench_kernel"
kline=$("$BUILD/bench/bench_kernel" 3)
echo "$kline"
# The numpy comparison: Debian's python3-numpy (apt-get install python3-numpy),
# with whichever python3 has it.
py=
for p in python3 /usr/bin/python3; do
    if command -v "$p" > /dev/null && "$p" -c 'import numpy' 2> /dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
    nline=$("$py" tests/bench/bench_numpy.py 3)
    echo "$nline"
    c=$(echo "$kline" | head -1 | sed -n 's/.*: \([0-9]*\) projections\/s.*/\1/p')
    n=$(echo "$nline" | sed -n 's/.*: \([0-9]*\) projections\/s.*/\1/p')
    awk -v c="$c" -v n="$n" 'BEGIN{printf "kernel / numpy: %.1fx (batched C kernel against numpy over a batch of draws, same work)\n", c/n}'
else
    echo "numpy comparison: SKIPPED, numpy is not installed (apt-get install python3-numpy); no ratio"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b - a}'; }

# The whole model's draws (issue 18), right after the kernel: draws per
# second of wall clock on 2 threads (the time of the run with N draws less
# the same run without), and, with valgrind, the instructions per draw
# (callgrind counting the draw loop only, thread_main, on 1 thread:
# BENCH_CG_DRAWS draws, default 50), which other processes cannot change.
whole_line() {
    local a b c d z
    a=$(now); bin/policysim run scenarios/feidong_baseline_2100.lua --out "$out/w0" -q --plots svg; b=$(now)
    c=$(now)
    bin/policysim run scenarios/feidong_baseline_2100.lua --draws "$N" --threads 2 --seed 7 \
        --out "$out/w1" -q --plots svg
    d=$(now)
    z=$(secs "$a" "$b")
    awk -v n="$N" -v t="$(secs "$c" "$d")" -v z="$z" 'BEGIN{d=t-z; if (d <= 0) d = 1e-9;
        printf "whole model to 2100, 2 threads: %.0f draws/s (%d draws: %.2f s more than the run without draws, %.2f s)\n", n/d, n, d, z}'
    if command -v valgrind > /dev/null; then
        local k=${BENCH_CG_DRAWS:-50} f="$out/cg.out" ir
        valgrind --tool=callgrind --toggle-collect=thread_main --callgrind-out-file="$f" \
            bin/policysim run scenarios/feidong_baseline_2100.lua --draws "$k" --threads 1 \
            --seed 7 --out "$out/w2" -q --plots svg > /dev/null 2>&1 &&
            ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$f" | head -1)
        if [ -n "${ir:-}" ]; then
            awk -v ir="$ir" -v k="$k" 'BEGIN{printf "whole model to 2100: %.1f M instructions per draw (callgrind, draw loop only, %d draws, 1 thread)\n", ir/k/1e6, k}'
        else
            echo "whole model to 2100: instructions per draw not measured (callgrind failed)"
        fi
    else
        echo "whole model to 2100: instructions per draw SKIPPED (valgrind is not installed)"
    fi
}
whole_line

# 2. The whole command.  First the issue 18 target (under 1 s on 2 cores): the
# deterministic baseline with its default outputs (CSV, PNG charts, report.html and
# .pdf, workbook, database), the median of 3 runs, with the load average.
ts=()
for i in 1 2 3; do
    a=$(now); bin/policysim run scenarios/feidong_baseline.lua --out "$out/r" -q; b=$(now)
    ts+=("$(secs "$a" "$b")")
done
med=$(printf '%s\n' "${ts[@]}" | sort -n | sed -n 2p)
echo "deterministic baseline (default outputs): $(awk -v m="$med" 'BEGIN{printf "%.2f", m}') s wall (median of 3: ${ts[*]} s; load average $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?))"
# Then 5 times, the mean.
t0=$(now)
for i in 1 2 3 4 5; do bin/policysim run scenarios/feidong_baseline.lua --out "$out/r" -q; done
t1=$(now)
echo "whole command (baseline 2020-2050 with charts, report, workbook): $(awk -v s="$(secs "$t0" "$t1")" 'BEGIN{printf "%.0f", s/5*1000}') ms per run"
t0=$(now)
for i in 1 2 3 4 5; do bin/policysim run scenarios/feidong_baseline.lua --out "$out/r" -q --plots svg; done
t1=$(now)
echo "  of which with SVG charts only: $(awk -v s="$(secs "$t0" "$t1")" 'BEGIN{printf "%.0f", s/5*1000}') ms per run"

# Charts and report alone, on the results of the last run (10 times).
$CC -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -Iengine -Iplots -o "$BUILD/bench/bench_charts" \
    tests/bench/bench_charts.c "$BUILD/libpolicysim.a" \
    $(pkg-config --libs lua5.4 libcrypto gsl plplot xlsxwriter sqlite3 zlib libzip expat cairo) -lm -pthread
"$BUILD/bench/bench_charts" "$out/r" 10

# 3. Draws: the time of a run with N draws less the time of the same run without.
base_time() { # scenario
    local a b
    a=$(now); bin/policysim run "$1" --out "$out/b" -q --plots svg; b=$(now)
    secs "$a" "$b"
}
draws_rate() { # label, scenario, threads, [mpirun -np K]
    local label=$1 scen=$2 th=$3 np=${4:-0} a b t0s
    t0s=$(base_time "$scen")
    a=$(now)
    if [ "$np" -gt 0 ]; then
        mpirun --allow-run-as-root --oversubscribe -np "$np" bin/policysim-mpi run "$scen" \
            --draws "$N" --threads "$th" --out "$out/d" -q --plots svg
    else
        bin/policysim run "$scen" --draws "$N" --threads "$th" --out "$out/d" -q --plots svg
    fi
    b=$(now)
    awk -v l="$label" -v n="$N" -v t="$(secs "$a" "$b")" -v z="$t0s" \
        'BEGIN{d=t-z; printf "%s: %d draws in %.2f s (+%.2f s central run): %.0f draws/s\n", l, n, d, z, n/d}'
}
draws_rate "whole model to 2100, 1 thread " scenarios/feidong_baseline_2100.lua 1
draws_rate "whole model to 2100, 2 threads" scenarios/feidong_baseline_2100.lua 2
if [ -x bin/policysim-mpi ] && command -v mpirun > /dev/null; then
    draws_rate "whole model to 2100, 1 MPI rank x 1 thread " scenarios/feidong_baseline_2100.lua 1 1
    draws_rate "whole model to 2100, 2 MPI ranks x 1 thread" scenarios/feidong_baseline_2100.lua 1 2
fi
# The population alone: a scenario with the population section only.
sed -n '/^return {/,/^  },/p' scenarios/feidong_baseline.lua | sed "s|\"\.\./data|\"$PWD/data|g; s|name = \"feidong_baseline\"|name = \"pop2100\"|; s|end_year = 2050|end_year = 2100|" > "$out/pop.lua"
echo "}" >> "$out/pop.lua"
draws_rate "population alone to 2100, 1 thread" "$out/pop.lua" 1
# Peak memory does not grow with N: 10,000 draws (and 100,000).
if [ ! -x /usr/bin/time ]; then
    echo "peak memory: install Debian's 'time' package to measure it"
    exit 0
fi
for n in 10000 ${BENCH_FULL:+100000}; do
    /usr/bin/time -f "peak memory, $n draws of the whole model to 2100, 2 threads: %M KB (%e s wall)" \
        bin/policysim run scenarios/feidong_baseline_2100.lua --draws "$n" --threads 2 --out "$out/m" -q --plots svg
done
