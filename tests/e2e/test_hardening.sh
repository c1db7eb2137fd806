# test_hardening.sh: sourced by tests/e2e/run.sh (uses its BIN, ROOT, DATA, T,
# ok, bad, expect).  The malformed-input corpus (tests/corpus), inputs that are
# not regular files, require and symbolic links, --out on a folder that is not
# ours, and runs killed at random moments.  GPL-3.0-or-later.

H="$T/hardening"
mkdir -p "$H"

# No results folder and no temporary folder left at $1.
nothing_left() {
    if [ -e "$1" ] || compgen -G "$1.tmp-*" > /dev/null || compgen -G "$1.old-*" > /dev/null; then
        bad "$2: a folder was left behind"
    else
        ok "$2: nothing left"
    fi
}

#### the scenario boundary: no C file outside it includes a Lua header or calls Lua
if msg=$(bash "$ROOT/tests/lua_boundary.sh" "$ROOT" 2>&1); then
    ok "lua boundary: modules read the scenario only through engine/scenario_read.h"
else
    bad "lua boundary: C files outside the boundary use Lua" "$msg"
fi

#### the corpus: every case ends within 10 s of CPU time with its status and message
# The bound is on CPU time (ulimit -t: SIGXCPU, then SIGKILL), which the
# machine's load does not stretch; a wall-clock bound of 10 s killed the one
# full run (description_newline: 1.2 s of CPU under ASan, 11 s of wall time
# at load 13).  A case that blocks without computing is still stopped, by
# the 60 s wall-clock backstop.
for dir in "$ROOT"/tests/corpus/*/; do
    name=$(basename "$dir")
    want=$(awk '$1 == "status" {print $2}' "$dir/expect")
    pat=$(sed -n 's/^message //p' "$dir/expect")
    absent=$(sed -n 's/^absent //p' "$dir/expect")
    args=$(sed -n 's/^args //p' "$dir/expect")
    out="$H/out-$name"
    start=$(date +%s)
    msg=$(cd "$dir" && ulimit -t 10 && timeout -s KILL 60 "$BIN" run scenario.lua --out "$out" -q \
        --max-instructions 1000000 $args 2>&1)
    status=$?
    took=$(( $(date +%s) - start ))
    if [ "$status" -ne "$want" ]; then
        bad "corpus $name: exit $status, expected $want (${took}s)" "$msg"
    elif [ -n "$pat" ] && ! printf '%s\n' "$msg" | grep -Eq -- "$pat"; then
        bad "corpus $name: message does not match /$pat/" "$msg"
    elif [ -n "$absent" ] && printf '%s\n' "$msg" | grep -q -- "$absent"; then
        bad "corpus $name: message shows '$absent'" "$msg"
    else
        ok "corpus $name (exit $status, ${took}s)"
    fi
    if [ "$want" -ne 0 ]; then
        nothing_left "$out" "corpus $name"
    fi
done
# A valid description with newlines and quotes: parameters.csv reads back.
if [ -s "$H/out-description_newline/parameters.csv" ] &&
    python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); d=[x for x in r if x[0]=="description"]; sys.exit(0 if d and "two\nlines" in d[0][1] and "\"quotes\"" in d[0][1] else 1)' \
        "$H/out-description_newline/parameters.csv"; then
    ok "a description with a newline is written and read back"
else
    bad "a description with a newline: parameters.csv"
fi
rm -rf "$H"/out-*

#### names that are not regular files are refused at once
HS="$H/scen"
mkdir -p "$HS"
cp "$ROOT"/tests/corpus/os_time/scenario.lua "$HS/ok.lua"
sed -i '1d; s#\.\./\.\./\.\./data/feidong#'"$DATA"'#g' "$HS/ok.lua"
mkfifo "$HS/fifo.lua" "$HS/fifo.csv"
expect "a FIFO as scenario is refused at once" 65 "fifo.lua: cannot read it: it is a pipe" \
    timeout -s KILL 5 "$BIN" check "$HS/fifo.lua"
expect "a folder as scenario is refused" 65 "cannot read it: it is a folder" "$BIN" check "$HS"
expect "a device as scenario is refused" 65 "/dev/zero: cannot read it: it is a device" \
    timeout -s KILL 5 "$BIN" check /dev/zero
for what in fifo dev dir; do
    case $what in
    fifo) f="$HS/fifo.csv"; pat="fifo.csv: cannot read it: it is a pipe" ;;
    dev) f=/dev/zero; pat="/dev/zero: cannot read it: it is a device" ;;
    dir) f="$HS"; pat="cannot read it: it is a folder" ;;
    esac
    sed "s#base = '[^']*'#base = '$f'#" "$HS/ok.lua" > "$HS/data_$what.lua"
    expect "a $what as a data file is refused at once" 65 "$pat" \
        timeout -s KILL 5 "$BIN" run "$HS/data_$what.lua" --out "$H/out-$what" -q
    nothing_left "$H/out-$what" "a $what as a data file"
done
expect "--max-instructions below 10000 is a usage error" 64 "below 10000" \
    "$BIN" run "$HS/ok.lua" --max-instructions 9999

#### require: no way out of the allowed folders through a symbolic link
mkdir -p "$H/outside" "$H/req"
echo 'return { secret = "outside" }' > "$H/outside/evil.lua"
ln -s "$H/outside/evil.lua" "$H/req/evil.lua"
ln -s "$H/outside" "$H/req/sub"
{ echo 'local m = require("evil")'; cat "$HS/ok.lua"; } > "$H/req/a.lua"
{ echo 'local m = require("sub.evil")'; cat "$HS/ok.lua"; } > "$H/req/b.lua"
expect "require does not follow a symbolic link out" 65 "leads outside its folder" "$BIN" check "$H/req/a.lua"
expect "require does not follow a linked folder out" 65 "leads outside its folder" "$BIN" check "$H/req/b.lua"

#### --out: a folder that is not ours is never emptied
mkdir -p "$H/mine"
echo "years of work" > "$H/mine/thesis.txt"
expect "--out on a folder of the user's is refused" 64 "does not hold policysim results.*--force" \
    "$BIN" run "$HS/ok.lua" --out "$H/mine" -q
if [ "$(cat "$H/mine/thesis.txt" 2>/dev/null)" = "years of work" ] && ! compgen -G "$H/mine.tmp-*" > /dev/null; then
    ok "the user's folder is untouched"; else bad "the user's folder was changed"; fi
expect "--force replaces it" 0 "" "$BIN" run "$HS/ok.lua" --out "$H/mine" -q --force
if [ ! -e "$H/mine/thesis.txt" ] && [ -s "$H/mine/manifest.json" ]; then ok "--force wrote the results"; else bad "--force"; fi
expect "our own folder is replaced without --force" 0 "" "$BIN" run "$HS/ok.lua" --out "$H/mine" -q

#### full disk while writing: exit 74, nothing left (a file-size limit stands in for the disk)
msg=$( (ulimit -f 64; "$BIN" run "$HS/ok.lua" --out "$H/full" -q) 2>&1); status=$?
if [ "$status" -eq 74 ]; then ok "a full disk gives exit 74"; else bad "a full disk gives exit $status, expected 74" "$msg"; fi
nothing_left "$H/full" "a full disk"

#### a disk that fills up during the charts (SVG and PDF files cairo writes, in parallel
# chart processes, so the one that meets the full disk varies): exit 74 naming the file,
# not exit 70 "not an SVG file", and nothing left.  A real full disk: a tmpfs sized
# to hold the tables but only half of the charts, mounted in a private mount namespace
# (unshare -m: root with CAP_SYS_ADMIN, as in CI); skipped with a message elsewhere.
mkdir -p "$H/mnt"
if ! unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs "$1"' sh "$H/mnt" 2> /dev/null; then
    echo "SKIP: a disk full during the charts (needs root and 'unshare -m' + mount of a tmpfs)"
else
    "$BIN" run "$HS/ok.lua" --out "$H/disk-ref" --plots svg -q
    kib() { xargs -0 -r du -ck 2> /dev/null | awk 'END { print $1 + 0 }'; }
    data_k=$(find "$H/disk-ref" -type f ! -name '*.svg' ! -name 'report.*' -print0 | kib)
    svg_k=$(find "$H/disk-ref" -type f -name '*.svg' -print0 | kib)
    size=$((data_k + svg_k / 2))
    msg=$(unshare -m sh -c 'mount -t tmpfs -o size="$1"k tmpfs "$2" || exit 99
        "$3" run "$4" --out "$2/out" -q --plots svg; echo "status=$?"; echo "left:$(ls -A "$2")"' \
        sh "$size" "$H/mnt" "$BIN" "$HS/ok.lua" 2>&1)
    if printf '%s\n' "$msg" | grep -q '^status=74$' &&
       printf '%s\n' "$msg" | grep -Eq '/mnt/out/.*\.(svg|pdf): cannot write the (SVG|PDF) chart: No space left on device'; then
        ok "a disk full during the charts: exit 74, the message names the chart file ($data_k KiB of tables, $svg_k KiB of charts, a ${size} KiB disk)"
    else
        bad "a disk full during the charts (a ${size} KiB disk)" "$msg"
    fi
    if printf '%s\n' "$msg" | grep -q '^left:$'; then ok "a disk full during the charts: nothing left"
    else bad "a disk full during the charts left files" "$msg"; fi
fi

#### signals at random moments: never a half-written folder, nothing stale after the next run
complete() { [ -s "$1/manifest.json" ] && [ -s "$1/demography.csv" ] && [ -e "$1/.policysim" ]; }
killed_run() { # name, signal, extra args...
    local name=$1 sig=$2
    shift 2
    local out="$H/k-$name"
    local delay
    delay=$(awk -v s="$RANDOM" 'BEGIN { printf "%.2f", (s % 90) / 100 }')
    "$BIN" run "$HS/ok.lua" --out "$out" -q "$@" > /dev/null 2>&1 &
    local pid=$!
    sleep "$delay"
    kill "-$sig" "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    local status=$?
    local want=$((128 + $(kill -l "$sig")))
    if [ -e "$out" ] && ! complete "$out"; then
        bad "$name: SIG$sig after ${delay}s left a half-written folder"
    elif [ "$sig" != KILL ] && [ "$status" -ne 0 ] && [ "$status" -ne "$want" ]; then
        bad "$name: SIG$sig after ${delay}s: exit $status, expected $want (or 0 if it had finished)"
    elif [ "$sig" != KILL ] && compgen -G "$out.tmp-*" > /dev/null; then
        bad "$name: SIG$sig after ${delay}s left a temporary folder"
    else
        ok "$name: SIG$sig after ${delay}s (exit $status)"
    fi
    # The next run cleans whatever a killed run left.
    "$BIN" run "$HS/ok.lua" --out "$out" -q > /dev/null 2>&1
    if complete "$out" && ! compgen -G "$out.tmp-*" > /dev/null && ! compgen -G "$out.old-*" > /dev/null; then
        ok "$name: the next run leaves nothing stale"
    else
        bad "$name: stale folders after the next run" "$(ls -a "$H")"
    fi
}
killed_run int INT
killed_run term TERM
killed_run kill KILL
killed_run draws_int INT --draws 40 --threads 2
killed_run draws_term TERM --draws 40 --threads 2
killed_run draws_kill KILL --draws 40 --threads 2
