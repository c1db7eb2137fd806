#!/bin/bash
# make bench: the population kernel alone and the whole command.
# Benchmarks only; nothing here is a test.  GPL-3.0-or-later.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
CC=${CC:-cc}
mkdir -p "$BUILD/bench"
$CC -std=c11 -O2 -Iengine -o "$BUILD/bench/bench_kernel" tests/bench/bench_kernel.c \
    "$BUILD/libpolicysim.a" $(pkg-config --libs lua5.4 libcrypto) -lm
"$BUILD/bench/bench_kernel" 3

# The whole command: load the scenario, read the data, project, write, rename.
scen=${1:-scenarios/feidong_baseline.lua}
out=$(mktemp -d)
n=20
start=$(date +%s.%N)
for i in $(seq $n); do bin/policysim run "$scen" --out "$out/r" -q; done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n=$n -v f="$scen" \
    'BEGIN{printf "whole command: %s, %d runs, %.1f ms per run\n", f, n, (e-s)/n*1000}'
rm -rf "$out"
