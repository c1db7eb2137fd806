# End-to-end tests of the results schema (issue 11): every column of every
# CSV a run writes is declared in columns.csv with both labels and a unit;
# summary.csv carries labels; headline sentences; events.  Sourced by
# tests/e2e/run.sh, which provides expect, ok, bad, $BIN, $ROOT, $T.
# GPL-3.0-or-later.

SCH="$T/schema-draws"
expect "schema: baseline with 12 draws runs" 0 "results in" \
    "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --draws 12 --threads 1 --out "$SCH"

# check_columns DIR: every CSV header column is a row of DIR/columns.csv
# whose labels and unit are not empty.  Prints what is wrong, nothing if all is well.
check_columns() {
    python3 - "$1" <<'PY'
import csv, glob, os, sys
d = sys.argv[1]
reg = {}
with open(os.path.join(d, "columns.csv"), newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        reg[(r["file"], r["column"])] = r
bad = []
files = sorted(glob.glob(os.path.join(d, "*.csv")))
if len(files) < 10:
    bad.append("only %d CSV files" % len(files))
for path in files:
    name = os.path.basename(path)
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    for c in header:
        r = reg.get((name, c))
        if r is None:
            bad.append("%s: column %s is not in columns.csv" % (name, c))
        elif not (r["label_zh"] and r["label_en"] and r["unit"] and r["kind"]):
            bad.append("%s: column %s has an empty label, unit or kind" % (name, c))
for (name, c) in reg:
    if not os.path.exists(os.path.join(d, name)):
        bad.append("columns.csv lists %s, which was not written" % name)
print("\n".join(bad))
PY
}

# The core part's baseline folder, run here when this part runs on its own.
[ -s "$OUT/summary.csv" ] || baseline "schema: baseline runs" "$OUT"
for dir in "$OUT" "$SCH"; do
    what=$([ "$dir" = "$SCH" ] && echo "stochastic run" || echo "baseline")
    msg=$(check_columns "$dir")
    if [ -z "$msg" ]; then ok "schema: every CSV column of the $what is in columns.csv with labels and a unit"
    else bad "schema: columns.csv of the $what" "$msg"; fi
done

# The fund columns carry their units and kinds.
if grep -q '^pension_employee.csv,fund,.*,yuan,fund$' "$OUT/columns.csv" &&
   grep -q '^demography.csv,tfr,.*,children per woman,rate$' "$OUT/columns.csv" &&
   grep -q '^quantiles.csv,p50,' "$SCH/columns.csv"; then
    ok "schema: units and kinds as declared"
else
    bad "schema: units and kinds" "$(grep -E '^(pension_employee.csv,fund|demography.csv,tfr|quantiles.csv,p50),' "$OUT/columns.csv" "$SCH/columns.csv")"
fi

# summary.csv: the new header, keys and values as before, labels never empty.
if head -1 "$OUT/summary.csv" | grep -qx 'key,value,label_zh,label_en,unit,headline' &&
   grep -q '^base_year,2020,' "$OUT/summary.csv" &&
   grep -q '^stochastic_draws,12,' "$SCH/summary.csv"; then
    ok "schema: summary.csv has labels and units, keys and values unchanged"
else
    bad "schema: summary.csv" "$(head -3 "$OUT/summary.csv")"
fi

# headline.csv and the terminal: sentences, no snake_case word.
out=$("$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --out "$T/schema-headline" 2>&1)
n=$(printf '%s\n' "$out" | grep -vc '^policysim:')
if [ "$n" -ge 1 ] && ! printf '%s\n' "$out" | grep -v '^policysim:' | grep -Eq '[A-Za-z0-9]_[A-Za-z0-9]'; then
    ok "schema: run prints $n headline sentences without keys"
else
    bad "schema: run's headline" "$out"
fi
quiet=$("$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --out "$T/schema-headline" -q 2>&1)
[ -z "$quiet" ] && ok "schema: run -q prints nothing" || bad "schema: run -q printed" "$quiet"

# The report's first section (from its first heading to the second) holds
# the answers in words: no snake_case key, no file name, in both languages;
# the funds the county does not hold say so.  Above it, the page's title
# and heading name the scenario by its description, not by its key, which
# is in a small line after the headline section.
"$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --out "$T/schema-en" --lang en -q
for d in "$T/schema-headline" "$T/schema-en"; do
    msg=$(python3 - "$d/report.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
a = h.index("<h2"); b = h.index("<h2", a + 3)
text = re.sub(r"<[^>]+>", " ", h[a:b])
bad = re.findall(r"\w+_\w+|\w+\.csv", text)
if len(re.findall(r"<li>", h[a:b])) < 5: bad.append("fewer than 5 sentences")
if not re.search("pressure indicator|压力指标", text): bad.append("no word on who holds the funds")
top = re.sub(r"<[^>]+>", " ", re.search(r"<title>[^<]*</title>", h).group(0) + h[h.index("<body"):a])
bad += ["above the first section: " + w for w in re.findall(r"\w+_\w+|\w+\.(?:csv|lua)", top)]
if "baseline policies" not in top: bad.append("the heading does not name the scenario by its description")
if not re.search(r"<small>[^<]*feidong_baseline\.lua[^<]*feidong_baseline", h[b:]):
    bad.append("no small line with the scenario's file and name after the headline section")
print(" ".join(bad))
PY
)
    [ -z "$msg" ] && ok "schema: headline section of $(basename "$d")/report.html is in words" \
                  || bad "schema: headline section of $(basename "$d")/report.html" "$msg"
done

# events.csv: the talent policy's rule fires and its params.set is logged
# with the scenario's line; the report lists it; the flows chart marks it.
EV="$T/schema-talent"
expect "schema: talent policy runs" 0 "" "$BIN" run "$ROOT/scenarios/feidong_talent_policy.lua" --out "$EV" -q
if [ "$(head -1 "$EV/events.csv")" = "year,source,key,old,new,note" ] &&
   grep -Eq '^[0-9]{4},feidong_talent_policy\.lua:[0-9]+,rule,' "$EV/events.csv" &&
   grep -Eq '^[0-9]{4},feidong_talent_policy\.lua:[0-9]+,population\.net_migration\.total,.*10000' "$EV/events.csv"; then
    ok "schema: events.csv has the talent rule and its params.set with file:line"
else
    bad "schema: events.csv of the talent policy" "$(cat "$EV/events.csv")"
fi
grep -q 'id="events"' "$EV/report.html" && ok "schema: the report lists the events" || bad "schema: no events in report.html"
[ "$(wc -l < "$OUT/events.csv")" -eq 1 ] && ok "schema: the baseline has no events (header only)" || bad "schema: baseline events.csv" "$(cat "$OUT/events.csv")"
