# End-to-end tests of `policysim init`, records, actuals and backtest.csv
# (issue 14).  Sourced by tests/e2e/run.sh, which provides expect, ok, bad,
# $BIN, $ROOT, $T.  GPL-3.0-or-later.

RAW="$ROOT/data/raw/census2020_age_sex_feidong_hefei_anhui_china.csv"
I="$T/init"
mkdir -p "$I"

# A short run of a project: a scenario extending DIR/scenario.lua to 2026.
short() { # dir name extra-lua
    cat > "$1/short_$2.lua" <<LUA
return { extends = "scenario.lua", name = "$2", end_year = 2026, ${3:-} }
LUA
    echo "$1/short_$2.lua"
}

# col FILE NAME YEAR: the value of column NAME in the row of YEAR.
icol() {
    awk -F, -v c="$2" -v y="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next}
        $1==y{ if(k) print $k; else print "NOCOL" }' "$1"
}

# ---- 1. A generated census whose single years are known: a cubic in age
# (Sprague reproduces cubics), five-year groups 0, 1-4, ..., 80-84, 85+.
python3 - "$I/cubic.csv" "$I/cubic_truth.csv" <<'PY'
import sys
f = lambda a, k: k * (20000 + 300*a - 12*a*a + 0.1*a**3)
groups = [(0, 0), (1, 4)] + [(a, a + 4) for a in range(5, 85, 5)]
with open(sys.argv[1], "w") as out:
    out.write("# a test county: single years are a cubic in age\nage,male,female\n")
    for lo, hi in groups:
        lab = str(lo) if lo == hi else "%d-%d" % (lo, hi)
        out.write("%s,%r,%r\n" % (lab, sum(f(a, 1) for a in range(lo, hi + 1)),
                                 sum(f(a, 0.95) for a in range(lo, hi + 1))))
    out.write("85+,4000,6000\n")
with open(sys.argv[2], "w") as out:
    for a in range(85):
        out.write("%d,%r,%r\n" % (a, f(a, 1), f(a, 0.95)))
PY
expect "init: generated census" 0 "project in" "$BIN" init "$I/cubic" --census "$I/cubic.csv"
if [ -s "$I/cubic/scenario.lua" ] && [ -s "$I/cubic/README.md" ] && [ -s "$I/cubic/template.xlsx" ] \
    && [ -s "$I/cubic/actuals.csv" ] && [ -s "$I/cubic/records.csv" ] && [ -s "$I/cubic/data/population.csv" ]; then
    ok "init: the project has scenario.lua, README.md, the data and the template"
else
    bad "init: project files missing" "$(ls -R "$I/cubic" 2>&1)"
fi
# Single years 0..84 equal the known cubic; group sums (85+ included) are exact.
msg=$(python3 - "$I/cubic/data/population.csv" "$I/cubic_truth.csv" "$I/cubic.csv" <<'PY'
import sys, csv
pop = {}
for r in csv.reader(l for l in open(sys.argv[1]) if not l.startswith("#")):
    if r[0] != "sex": pop[(r[0], int(r[1]))] = float(r[2])
worst = 0.0
for line in open(sys.argv[2]):
    a, m, f = line.split(",")
    for s, v in (("male", float(m)), ("female", float(f))):
        worst = max(worst, abs(pop[(s, int(a))] - v) / v)
gworst = 0.0
for r in csv.DictReader(l for l in open(sys.argv[3]) if not l.startswith("#")):
    lab = r["age"]
    lo, hi = (int(lab[:-1]), 100) if lab.endswith("+") else ((int(lab), int(lab)) if "-" not in lab else tuple(map(int, lab.split("-"))))
    for s in ("male", "female"):
        g = float(r[s]); got = sum(pop[(s, a)] for a in range(lo, hi + 1))
        gworst = max(gworst, abs(got - g) / g)
print("ok" if worst < 1e-9 and gworst < 1e-12 else "single-year error %g, group error %g" % (worst, gworst))
PY
)
if [ "$msg" = ok ]; then ok "init: known single years recovered, group sums exact"; else bad "init: graduation" "$msg"; fi
if "$BIN" keys | grep -q '`population.base_date`'; then
    if grep -q '^    base_date = "2020-11-01",$' "$I/cubic/scenario.lua"; then ok "init: the census date is the scenario's base_date"
    else bad "init: no base_date in the scenario"; fi
fi
S=$(short "$I/cubic" cubic_short)
expect "init: the generated project runs" 0 "" "$BIN" run "$S" --out "$I/out-cubic" -q --plots png
if [ -f "$I/out-cubic/demography.csv" ]; then ok "init: the generated project wrote its results"; else bad "init: no results for the generated project"; fi

# ---- 2. Hefei's 2020 census (five-year groups, the project's raw table).
expect "init: Hefei from the raw table" 0 "project in" "$BIN" init "$I/hefei" --census "$RAW" --area 340100
S=$(short "$I/hefei" hefei_short)
expect "init: the Hefei project runs" 0 "" "$BIN" run "$S" --out "$I/out-hefei" -q
want=$(awk -F, '$1=="340100"{s+=$6+$7} END{printf "%d", s}' "$RAW")
got=$(icol "$I/out-hefei/demography.csv" population 2020)
if awk -v a="$got" -v b="$want" 'BEGIN{d=a-b; exit !(d < 1e-6 && d > -1e-6)}'; then
    ok "init: Hefei base total $got = census total $want"
else
    bad "init: Hefei base total $got, census total $want"
fi

# ---- 3. Feidong's base population regenerated from the raw table equals
# data/feidong/population_2020.csv (written by data/derive_feidong.py).
expect "init: Feidong from the raw table" 0 "" "$BIN" init "$I/feidong" --census "$RAW" --area 340122 -q
msg=$(python3 - "$I/feidong/data/population.csv" "$ROOT/data/feidong/population_2020.csv" <<'PY'
import sys, csv
def rd(p):
    return {(r[0], r[1]): float(r[2]) for r in csv.reader(l for l in open(p) if not l.startswith("#")) if r[0] != "sex"}
a, b = rd(sys.argv[1]), rd(sys.argv[2])
w = max(abs(a[k] - b[k]) / max(b[k], 1e-300) for k in b)
print("ok" if len(a) == 202 and w < 1e-9 else "max relative difference %g" % w)
PY
)
if [ "$msg" = ok ]; then ok "init: Feidong's population equals derive_feidong.py's"; else bad "init: Feidong population" "$msg"; fi

# ---- 4. A filled template (CSV): records change their keys, backtest rows
# are projected - actual, computed here from the run's own result files.
P="$I/feidong"
cat > "$P/records_filled.csv" <<'CSV'
record,year,value,unit,source
childcare_slots,2020,2000,slots,test: county health commission 2020
eldercare_beds,2020,4000,beds,test: civil affairs bureau 2020
dibao_standard_urban,2022,760,yuan/person/month,test: county notice 2022
dibao_standard_rural,2022,620,yuan/person/month,test: county notice 2022
employee_pension_retirees,2020,,persons,
county_payroll_staff,2020,9000,persons,test: county finance bureau payroll 2020
county_revenue,2023,6000000000,yuan,test: county final accounts 2023
CSV
cat > "$P/actuals_filled.csv" <<'CSV'
year,indicator,value,unit,source
2022,demography.population,893000,persons,test: bulletin
2021,childcare.supply,2100,slots,test
2019,demography.births,7000,persons,test: before the base year
CSV
S=$(short "$P" filled 'records = "records_filled.csv", actuals = "actuals_filled.csv"')
params=$("$BIN" params "$S" 2>&1)
if echo "$params" | grep -q '^childcare.supply_base,2000,slots,.*records_filled.csv:2,record: test: county health commission 2020$' &&
   echo "$params" | grep -q '^eldercare.beds_supply,{\[2020\]=4000},beds,.*records_filled.csv:3,record:' &&
   echo "$params" | grep -q '^assistance.standard_rural,620,.*records_filled.csv:5,record:' &&
   echo "$params" | grep -q '^assistance.standard_year,2022,' &&
   echo "$params" | grep -q '^budget.county_employer.staff,9000,persons,.*records_filled.csv:7,record: test: county finance bureau payroll 2020$' &&
   echo "$params" | grep -q '^budget.revenue,6000000000,yuan,.*records_filled.csv:8,record:' &&
   echo "$params" | grep -q '^budget.revenue_year,2023,'; then
    ok "records: params shows each replaced key with the record's row and source"
else
    bad "records: params" "$(echo "$params" | grep -E 'supply_base|beds_supply|standard_|staff|revenue')"
fi
expect "records+actuals: the run" 0 "" "$BIN" run "$S" --out "$I/out-filled" -q
O="$I/out-filled"
sup=$(icol "$O/childcare.csv" supply 2020)
beds=$(icol "$O/eldercare.csv" beds_supply 2020)
if [ "$sup" = 2000 ] && [ "$beds" = 4000 ]; then ok "records: the run uses the records (slots $sup, beds $beds)"
else bad "records: slots $sup beds $beds in the results"; fi
check_backtest() { # outdir label
    local o=$1 p22 p21 msg
    p22=$(icol "$o/demography.csv" population 2022)
    p21=$(icol "$o/childcare.csv" supply 2021)
    msg=$(awk -F, -v p22="$p22" -v p21="$p21" '
        NR==1 { if ($0 != "year,indicator,actual,projected,error,error_pct") { print "header " $0; bad=1 }; next }
        function near(a, b) { d = a - b; if (d < 0) d = -d; return d <= 1e-9 * (b < 0 ? -b : b) + 1e-9 }
        $1==2022 && $2=="demography.population" { n++
            if (!(near($3, 893000) && near($4, p22) && near($5, p22 - 893000) && near($6, 100 * (p22 - 893000) / 893000))) { print "2022: " $0; bad=1 } }
        $1==2021 && $2=="childcare.supply" { n++
            if (!(near($4, p21) && near($5, p21 - 2100) && near($6, 100 * (p21 - 2100) / 2100))) { print "2021: " $0; bad=1 } }
        $1==2019 && $2=="demography.births" { n++; if ($4 != "" || $5 != "") { print "2019: " $0; bad=1 } }
        END { if (!bad && n == 3 && NR == 4) print "ok"; else if (!bad) print "rows " n " of " NR - 1 }' "$o/backtest.csv")
    if [ "$msg" = ok ]; then ok "backtest ($2): rows equal projected - actual"; else bad "backtest ($2)" "$msg"; fi
}
check_backtest "$O" csv

# ---- 5. The same filled template as an .xlsx workbook (written here by
# Python's zipfile: an independent writer) gives the same backtest.
python3 - "$P" <<'PY'
import sys, zipfile
d = sys.argv[1]
def cell(ref, v):
    if isinstance(v, str):
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v)
    return '<c r="%s"><v>%r</v></c>' % (ref, v)
def sheet(rows):
    body = "".join('<row r="%d">%s</row>' % (i, "".join(cell("%s%d" % (chr(65 + j), i), v)
                   for j, v in enumerate(r) if v is not None)) for i, r in enumerate(rows, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % body)
def book(path, sheets):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>%s</sheets></workbook>'
               % "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1) for i, (n, _) in enumerate(sheets)))
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>'
               % "".join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                         'Target="worksheets/sheet%d.xml"/>' % (i + 1, i + 1) for i in range(len(sheets))))
    for i, (_, rows) in enumerate(sheets):
        z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), sheet(rows))
    z.close()
A = ["year", "indicator", "value", "unit", "source"]
R = ["record", "year", "value", "unit", "source"]
readme = ("README", [["说明 / how to fill"]])
actuals = [A, [2022, "demography.population", 893000, "persons", "test: bulletin"],
           [2021, "childcare.supply", 2100, "slots", "test"],
           [2019, "demography.births", 7000, "persons", "test: before the base year"]]
records = [R, ["childcare_slots", 2020, 2000, "slots", "test: county health commission 2020"],
           ["eldercare_beds", 2020, 4000, "beds", "test: civil affairs bureau 2020"]]
book(d + "/filled.xlsx", [readme, ("actuals", actuals), ("records", records)])
book(d + "/bad_missing.xlsx", [readme, ("records", records)])
bad = [list(r) for r in actuals]; bad[2][2] = "about 2,100"
book(d + "/bad_text.xlsx", [readme, ("actuals", bad)])
bad = [list(r) for r in actuals]; bad[3][1] = "demography.birth"
book(d + "/bad_unknown.xlsx", [readme, ("actuals", bad)])
bad = [list(r) for r in actuals] + [[2022, "demography.population", 894000, "persons", "again"]]
book(d + "/bad_dup.xlsx", [readme, ("actuals", bad)])
PY
S=$(short "$P" filledx 'records = "filled.xlsx", actuals = "filled.xlsx"')
expect "records+actuals (xlsx): the run" 0 "" "$BIN" run "$S" --out "$I/out-filledx" -q
if [ "$(icol "$I/out-filledx/childcare.csv" supply 2020)" = 2000 ]; then ok "records (xlsx): slots replaced"
else bad "records (xlsx): slots not replaced"; fi
check_backtest "$I/out-filledx" xlsx

# ---- 6. Malformed workbooks: the sheet, row and column are named; exit 65;
# no results folder.
bad_book() { # name pattern
    local s
    s=$(short "$P" "$1" "actuals = \"$1.xlsx\"")
    expect "actuals: $1" 65 "$2" "$BIN" run "$s" --out "$I/out-$1" -q
    if [ -e "$I/out-$1" ]; then bad "actuals: $1 left a results folder"; fi
}
bad_book bad_missing "bad_missing.xlsx: no sheet 'actuals' \(the workbook has 'README', 'records'\)"
bad_book bad_text "bad_text.xlsx, sheet 'actuals', row 3, column C \('value'\): 'about 2,100' is not a number"
bad_book bad_unknown "bad_unknown.xlsx, sheet 'actuals', row 4, column B \('indicator'\): unknown indicator 'demography.birth' \(did you mean 'demography.births'\?\)"
bad_book bad_dup "bad_dup.xlsx, sheet 'actuals', row 5, column A \('year'\): demography.population for 2022 appears twice \(first at row 2\)"
S=$(short "$P" bad_text_check 'actuals = "bad_text.xlsx"')
expect "actuals: check finds text in a number cell" 65 "bad_text.xlsx, sheet 'actuals', row 3, column C" "$BIN" check "$S"
printf 'record,year,value,unit,source\nchildcare_slot,2020,5,slots,x\n' > "$P/rec_unknown.csv"
S=$(short "$P" rec_unknown 'records = "rec_unknown.csv"')
expect "records: unknown name" 65 "rec_unknown.csv:2: column 'record': unknown record 'childcare_slot' \(did you mean 'childcare_slots'\?\)" "$BIN" check "$S"
printf 'record,year,value,unit,source\nchildcare_slots,2021,5,slots,x\n' > "$P/rec_year.csv"
S=$(short "$P" rec_year 'records = "rec_year.csv"')
expect "records: base-year stock in another year" 65 "rec_year.csv:2: column 'year': 'childcare_slots' is a base-year figure" "$BIN" check "$S"
printf 'record,year,value,unit,source\nchildcare_slots,2020,5,slots,\n' > "$P/rec_nosrc.csv"
S=$(short "$P" rec_nosrc 'records = "rec_nosrc.csv"')
expect "records: a record without a source" 65 "rec_nosrc.csv:2: column 'source': empty" "$BIN" check "$S"

printf 'record,year,value,unit,source\ndibao_standard_urban,2022,760,yuan/person/month,x\ndibao_standard_rural,2023,620,yuan/person/month,y\n' > "$P/rec_years.csv"
S=$(short "$P" rec_years 'records = "rec_years.csv"')
expect "records: urban and rural standards of different years" 65 "rec_years.csv:3: column 'year': 'dibao_standard_urban' and 'dibao_standard_rural' set assistance.standard_year: they must be of the same year \(2022 and 2023\)" "$BIN" check "$S"

# ---- 7. Census errors and usage.
printf 'age,male,female\n0,10,9\n1-4,40,38\n5-x,50,47\n' > "$I/badage.csv"
expect "init: bad age label" 65 "badage.csv:4: column 'age': '5-x' is not an age" "$BIN" init "$I/x1" --census "$I/badage.csv"
printf 'age,male,female\n0,10,9\n1-4,40,38\n6-9,50,47\n10+,5,6\n' > "$I/gap.csv"
expect "init: a gap between groups" 65 "gap.csv:4: column 'age': ages 5..5 are missing" "$BIN" init "$I/x2" --census "$I/gap.csv"
printf 'age,male,female\n0,10,9\n1-4,-40,38\n5+,5,6\n' > "$I/neg.csv"
expect "init: a negative count" 65 "neg.csv:3: column 'male': -40 is negative" "$BIN" init "$I/x3" --census "$I/neg.csv"
if [ ! -e "$I/x1" ] && [ ! -e "$I/x2" ] && [ ! -e "$I/x3" ]; then ok "init: failures leave no folder"; else bad "init: a failure left a folder"; fi
expect "init: an existing folder is refused" 64 "already exists" "$BIN" init "$I/cubic" --census "$I/cubic.csv"
expect "init: --census is needed" 64 "needs --census" "$BIN" init "$I/x4"
expect "init: several areas need --area" 65 "several areas .*--area" "$BIN" init "$I/x5" --census "$RAW"

# ---- 8. The report has a backtest section with the rows (HTML and PDF).
if grep -q '<h2 id="backtest">' "$O/report.html" && grep -q 'demography.population' "$O/report.html"; then
    ok "backtest: report.html has the backtest section"
else
    bad "backtest: report.html lacks the backtest section"
fi
if command -v pdftotext > /dev/null; then
    if pdftotext "$O/report.pdf" - 2>/dev/null | grep -q 'childcare.supply'; then
        ok "backtest: report.pdf has the backtest table"
    else
        bad "backtest: report.pdf lacks the backtest table"
    fi
fi
