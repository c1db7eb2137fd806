# tests/e2e/test_actuals_xlsx.sh: Feidong's actuals as a workbook and
# `policysim template` (issue 14), sourced by tests/e2e/run.sh (helpers
# expect/ok/bad, $BIN, $ROOT, $T).
#
# data/feidong/actuals.xlsx, written by the engine from actuals.csv, must hold
# the CSV's rows cell for cell (read here with Python's zipfile and XML parser,
# a reader independent of the engine's), a README sheet in Chinese and English,
# and give the baseline a byte-identical backtest.csv.  `template` refuses a
# malformed table with its file, line and column and leaves no workbook.
# GPL-3.0-or-later.

AX="$T/actx"
mkdir -p "$AX"
CSV="$ROOT/data/feidong/actuals.csv"
BOOK="$ROOT/data/feidong/actuals.xlsx"

# 1. The committed workbook against the CSV, independently read.
msg=$(python3 - "$CSV" "$BOOK" <<'PY'
import csv, re, sys, zipfile
import xml.etree.ElementTree as ET
N = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
z = zipfile.ZipFile(sys.argv[2])
shared = ["".join(t.text or "" for t in si.iter(N + "t"))
          for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(N + "si")]
rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
sheets = {s.get("name"): "xl/" + rels[s.get(R + "id")]
          for s in ET.fromstring(z.read("xl/workbook.xml")).iter(N + "sheet")}
def rows(name):
    out = []
    for row in ET.fromstring(z.read(sheets[name])).iter(N + "row"):
        cells = {}
        for c in row.iter(N + "c"):
            col = ord(re.match(r"[A-Z]", c.get("r")).group(0)) - 65
            v = c.find(N + "v")
            cells[col] = shared[int(v.text)] if c.get("t") == "s" else float(v.text)
        out.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
    return out
problems = []
if list(sheets) != ["README", "actuals", "records"]:
    problems.append("sheets %s" % list(sheets))
lines = [l for l in open(sys.argv[1], encoding="utf-8") if not l.startswith("#")]
want = list(csv.reader(lines))
got = rows("actuals")
if got[0] != want[0]:
    problems.append("header %s != %s" % (got[0], want[0]))
if len(got) != len(want):
    problems.append("%d rows in the workbook, %d in the CSV" % (len(got) - 1, len(want) - 1))
for g, w in zip(got[1:], want[1:]):
    if g != [float(w[0]), w[1], float(w[2]), w[3], w[4]]:
        problems.append("row %s != %s" % (g, w))
readme = " ".join(str(c) for r in rows("README") for c in r if c is not None)
for text in ("县级数据模板", "county data template", "actuals.csv",
             "标 TARGET 的各行为", "Rows marked TARGET"):
    if text not in readme:
        problems.append("README sheet lacks '%s'" % text)
print("; ".join(problems) or "ok %d rows" % (len(got) - 1))
PY
)
case "$msg" in
ok*) ok "actuals.xlsx: the CSV's rows cell for cell, README zh+en with the CSV's notes ($msg)" ;;
*) bad "actuals.xlsx against actuals.csv" "$msg" ;;
esac

# 2. The baseline with the workbook instead of the CSV: the same backtest.
[ -s "$OUT/backtest.csv" ] || baseline "actuals.xlsx: baseline runs" "$OUT"
cat > "$AX/book.lua" <<LUA
return {
  extends = "$ROOT/scenarios/feidong_baseline.lua",
  actuals = "$BOOK",
}
LUA
expect "actuals.xlsx: the baseline runs with the workbook" 0 "" "$BIN" run "$AX/book.lua" --out "$AX/out" -q
if [ -s "$OUT/backtest.csv" ] && cmp -s "$OUT/backtest.csv" "$AX/out/backtest.csv"; then
    ok "actuals.xlsx: backtest.csv is byte-identical to the CSV's ($(($(wc -l < "$OUT/backtest.csv") - 1)) rows)"
else bad "actuals.xlsx: backtest.csv differs" "$(diff "$OUT/backtest.csv" "$AX/out/backtest.csv" 2>&1 | head)"; fi

# 3. template: the same rows give the same bytes; records are carried.
cat > "$AX/records.csv" <<'CSV'
# a note on the records
record,year,value,unit,source
childcare_slots,2020,2000,slots,test: county health commission
eldercare_beds,2020,,beds,
CSV
expect "template: written" 0 "" "$BIN" template "$AX/a.xlsx" --actuals "$CSV" --records "$AX/records.csv" -q
sleep 1
"$BIN" template "$AX/b.xlsx" --actuals "$CSV" --records "$AX/records.csv" -q
if cmp -s "$AX/a.xlsx" "$AX/b.xlsx"; then ok "template: the same rows give the same bytes a second later"
else bad "template: two writes of the same rows differ"; fi
cat > "$AX/rec.lua" <<LUA
return {
  extends = "$ROOT/scenarios/feidong_baseline.lua",
  records = "a.xlsx",
}
LUA
expect "template: its records sheet is read back as records" 0 \
    "^childcare\.supply_base,2000,.*a\.xlsx.*record: test: county health commission" "$BIN" params "$AX/rec.lua"

# 4. A malformed table: file, line, column; no workbook left.
cat > "$AX/bad.csv" <<'CSV'
year,indicator,value,unit,source
2022,demography.population,about 893000,persons,test
CSV
expect "template: text in a number cell" 65 "bad\.csv:2: column 'value'.*not a number" \
    "$BIN" template "$AX/bad.xlsx" --actuals "$AX/bad.csv"
if ls "$AX"/bad.xlsx* > /dev/null 2>&1; then bad "template: a failed write left $(ls "$AX"/bad.xlsx*)"
else ok "template: a failed write leaves no workbook"; fi
expect "template: the workbook must be .xlsx" 64 "needs the workbook" "$BIN" template "$AX/x.csv"

# 5. The charts draw the actuals as points over their series: with Feidong's
# actuals the charts of a column that has actuals change, the others do not
# (the same run with an empty actuals file; charts are byte-reproducible).
printf 'year,indicator,value,unit,source\n' > "$AX/empty.csv"
for v in with without; do
    a=""; [ "$v" = without ] && a="actuals = \"$AX/empty.csv\","
    printf 'return { extends = "%s", name = "pts", end_year = 2030, %s }\n' \
        "$ROOT/scenarios/feidong_baseline.lua" "$a" > "$AX/pts_$v.lua"
    "$BIN" run "$AX/pts_$v.lua" --out "$AX/pts_$v" -q
done
changed=""; same=""
for c in population people_pension_employee people_pension_resident childcare households; do
    cmp -s "$AX/pts_with/plots/$c.png" "$AX/pts_without/plots/$c.png" || changed="$changed $c"
done
for c in fund_pension_employee fund_medical_resident funerals budget_county_by_programme births_deaths; do
    [ -s "$AX/pts_with/plots/$c.png" ] && cmp -s "$AX/pts_with/plots/$c.png" "$AX/pts_without/plots/$c.png" && same="$same $c"
done
if [ "$changed" = " population people_pension_employee people_pension_resident childcare households" ] &&
   [ "$same" = " fund_pension_employee fund_medical_resident funerals budget_county_by_programme births_deaths" ]; then
    ok "charts: actual points change the charts of columns with actuals (${changed# }) and no other (${same# })"
else bad "charts: changed '$changed', unchanged '$same'"; fi
