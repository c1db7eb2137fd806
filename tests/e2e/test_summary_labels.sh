# End-to-end tests of summary.csv's labels (issue 11): every module adds
# its rows through `summarize` with declared labels and units, so no row of
# the baseline's or a stochastic run's summary.csv is labelled with its key,
# no label or unit is empty; the keys are the ones users' scripts read (the
# lists in tests/e2e/data/, taken from main before the modules moved off the
# legacy summary callback), and values are spot-checked against the
# modules' own CSVs and against sums derived from population.csv.
# Sourced by tests/e2e/run.sh (expect, ok, bad, $BIN, $ROOT, $T, $OUT).
# GPL-3.0-or-later.

KEYS="$ROOT/tests/e2e/data"
SLD="$T/summary-labels-draws"
[ -s "$OUT/summary.csv" ] || baseline "summary labels: baseline runs" "$OUT"
expect "summary labels: baseline with 4 draws runs" 0 "results in" \
    "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --draws 4 --threads 1 --out "$SLD"

# check_labels DIR KEYFILE...: summary.csv's labels and units, and its keys
# (in order) against the concatenated key files.  Prints what is wrong.
check_labels() {
    python3 - "$@" <<'PY'
import csv, sys
d, keyfiles = sys.argv[1], sys.argv[2:]
want = []
for k in keyfiles:
    want += [l.strip() for l in open(k, encoding="utf-8") if l.strip()]
bad = []
with open(d + "/summary.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
for r in rows:
    k = r["key"]
    for c in ("label_zh", "label_en", "unit"):
        if not r[c]:
            bad.append("%s: %s is empty" % (k, c))
    if r["label_zh"] == k or r["label_en"] == k:
        bad.append("%s: labelled with its key (legacy summary callback?)" % k)
    if "_" in r["label_en"].replace("(yes/no)", "") and k != "scenario":
        bad.append("%s: English label has a snake_case word: %s" % (k, r["label_en"]))
got = [r["key"] for r in rows]
missing = [k for k in want if k not in got]
extra = [k for k in got if k not in want]
if missing:
    bad.append("keys users read are gone: " + " ".join(missing))
if extra:
    bad.append("new keys (add them to tests/e2e/data/summary_keys_*.txt if meant): "
               + " ".join(extra))
if not missing and not extra and got != want:
    bad.append("keys in another order than before")
print("\n".join(bad))
PY
}

msg=$(check_labels "$OUT" "$KEYS/summary_keys_baseline.txt")
[ -z "$msg" ] && ok "summary labels: baseline rows all labelled (zh, en, unit), keys as before" \
    || bad "summary labels: baseline" "$msg"
msg=$(check_labels "$SLD" "$KEYS/summary_keys_baseline.txt" "$KEYS/summary_keys_draws.txt")
[ -z "$msg" ] && ok "summary labels: stochastic rows all labelled (zh, en, unit), keys as before" \
    || bad "summary labels: stochastic run" "$msg"

# The central projection's rows of the stochastic run are the baseline's.
if cmp -s <(python3 -c 'import csv,sys
for r in list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]: print(r[0], r[1])' "$OUT/summary.csv") \
          <(python3 -c 'import csv,sys
for r in list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:-int(sys.argv[2])]: print(r[0], r[1])' \
            "$SLD/summary.csv" "$(grep -c . "$KEYS/summary_keys_draws.txt")"); then
    ok "summary labels: the stochastic run's central rows have the baseline's values"
else
    bad "summary labels: the stochastic run's central rows differ from the baseline's"
fi

# Values: each row against the module's CSV (same number, written the same
# way) or derived independently (sums over population.csv, first negative
# fund year, the plan check's 0.5% rule).
msg=$(python3 - "$OUT" <<'PY'
import csv, math, sys
d = sys.argv[1]
def rows(name):
    with open(d + "/" + name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
summ = {r["key"]: r["value"] for r in rows("summary.csv")}
bad = []
def cell(name, year, col):
    for r in rows(name):
        if r["year"] == str(year):
            return r[col]
    return None
def same(key, want):
    got = summ.get(key)
    if got != want:
        bad.append("%s = %s, expected %s" % (key, got, want))
def close(key, want, rel=1e-12):
    got = float(summ.get(key, "nan"))
    if not (abs(got - want) <= rel * max(1.0, abs(want))):
        bad.append("%s = %r, expected %r" % (key, got, want))
# The very cell of the module's table.
same("population_2030", cell("demography.csv", 2030, "population"))
same("pension_employee_fund_2035", cell("pension_employee.csv", 2035, "fund"))
same("pension_employee_net_position_2050", cell("pension_employee.csv", 2050, "net_position"))
same("pension_resident_beneficiaries_2030", cell("pension_resident.csv", 2030, "beneficiaries"))
same("land_guarantee_insured_2025", cell("land_guarantee.csv", 2025, "insured"))
same("beds_supply_2030", cell("eldercare.csv", 2030, "beds_supply"))
same("dibao_recipients_2035", cell("assistance.csv", 2035, "recipients"))
same("medical_resident_months_held_2030", cell("medical_resident.csv", 2030, "months_held"))
same("work_injury_insured_2035", cell("work_injury.csv", 2035, "insured"))
# Aged 65+ and old-age dependency in 2035 summed from population.csv by age.
old = work = 0.0
for r in rows("population.csv"):
    if r["year"] == "2035":
        a, p = int(r["age"]), float(r["population"])
        old += p if a >= 65 else 0.0
        work += p if 15 <= a <= 64 else 0.0
close("age_65_plus_2035", old, 1e-9)
close("old_age_dependency_2035", old / work, 1e-9)
# Totals over the projection.
close("pension_employee_subsidy_needed_total",
      sum(float(r["subsidy_needed"]) for r in rows("pension_employee.csv")), 1e-9)
close("pension_resident_fiscal_cost_total",
      sum(float(r["fiscal_total"]) for r in rows("pension_resident.csv")), 1e-9)
close("land_guarantee_expenditure_total",
      sum(float(r["expenditure"]) for r in rows("land_guarantee.csv")), 1e-9)
# A gap is the need minus the supply.
close("bed_gap_2025", float(summ["beds_needed_2025"]) - float(summ["beds_supply_2025"]), 1e-9)
# Depletion years: the first year with a negative fund, or none.
for m in ("medical_employee", "medical_resident", "unemployment", "work_injury", "land_guarantee"):
    neg = [r["year"] for r in rows(m + ".csv") if float(r["fund"]) < 0]
    same(m + "_depletion_year", neg[0] if neg else "none")
neg = [r["year"] for r in rows("pension_employee.csv") if float(r["cash_fund"]) < 0]
same("pension_employee_cash_depletion_year", neg[0] if neg else "none")
same("pension_employee_headline_view", "pooled_account")
# The plan check: insured within 0.5% of the target or above it.
for m in ("unemployment", "work_injury"):
    ins, tgt = float(cell(m + ".csv", 2025, "insured")), float(summ[m + "_plan_insured_2025"])
    same(m + "_plan_met_2025", "yes" if ins >= tgt or abs(ins - tgt) <= 0.005 * tgt else "no")
print("\n".join(bad))
PY
)
[ -z "$msg" ] && ok "summary labels: values match the modules' CSVs and derivations" \
    || bad "summary labels: values" "$msg"

# The units as declared for a few rows of each kind.
if grep -q '^pension_employee_depletion_year,[0-9a-z]*,.*,year,1$' "$OUT/summary.csv" &&
   grep -q '^bed_gap_2030,.*,beds,1$' "$OUT/summary.csv" &&
   grep -q '^old_age_dependency_2025,.*,ratio,0$' "$OUT/summary.csv" &&
   grep -q '^medical_employee_months_held_2035,.*,months,0$' "$OUT/summary.csv" &&
   grep -q '^unemployment_plan_met_2025,\(yes\|no\),.*,-,1$' "$OUT/summary.csv"; then
    ok "summary labels: units as declared (year, beds, ratio, months, - for yes/no)"
else
    bad "summary labels: units" "$(grep -E '^(pension_employee_depletion_year|bed_gap_2030|old_age_dependency_2025|medical_employee_months_held_2035|unemployment_plan_met_2025),' "$OUT/summary.csv")"
fi

# The headline column (added at the end): the rows each module marks as
# headline answers (ps_summary_headline) are exactly the committed list,
# which says why per module; every other row is 0, the draws' rows too.
msg=$(python3 - "$OUT" "$SLD" "$KEYS/summary_headline_baseline.txt" <<'PY'
import csv, sys
out, sld, listed = sys.argv[1], sys.argv[2], sys.argv[3]
want = [l.strip() for l in open(listed, encoding="utf-8") if l.strip() and not l.startswith("#")]
bad = []
for d in (out, sld):
    with open(d + "/summary.csv", newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        head = next(r)
        rows = list(r)
    if head != ["key", "value", "label_zh", "label_en", "unit", "headline"]:
        bad.append("%s: header %s" % (d, ",".join(head)))
        continue
    for row in rows:
        if len(row) != 6 or row[5] not in ("0", "1"):
            bad.append("%s: row %s" % (d, ",".join(row)))
    got = [row[0] for row in rows if row[5] == "1"]
    if got != want:
        bad += ["%s: marked but not listed: %s" % (d, k) for k in got if k not in want]
        bad += ["%s: listed but not marked: %s" % (d, k) for k in want if k not in got]
        if sorted(got) == sorted(want):
            bad.append("%s: marked rows in another order" % d)
print("\n".join(bad))
PY
)
[ -z "$msg" ] && ok "summary labels: headline column marks exactly the listed rows ($(grep -vc '^#' "$KEYS/summary_headline_baseline.txt"))" \
    || bad "summary labels: headline column" "$msg"

# The report's figures behind the answers are the marked rows (labels in
# order, the draws' risk rows left out), the other rows follow.
msg=$(python3 - "$OUT" <<'PY'
import csv, html, re, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/summary.csv", newline="", encoding="utf-8")))
page = open(d + "/report.html", encoding="utf-8").read()
a = page.index('<h2 id="summary">')
first = page[a:page.index("<h3>", a)]
second = page[page.index("<h3>", a):]
second = second[:second.index("</table>")]
cells = lambda t: [html.unescape(c) for c in re.findall(r"<tr><td>(.*?)</td>", t)]
lab = "label_en" if '<html lang="en"' in page else "label_zh"
want = [r[lab] for r in rows if r["headline"] == "1"]
rest = [r[lab] for r in rows if r["headline"] == "0"]
bad = []
if cells(first) != want:
    bad.append("first table: %s" % cells(first))
if cells(second) != rest:
    bad.append("key years table differs from the unmarked rows")
print("\n".join(bad))
PY
)
[ -z "$msg" ] && ok "summary labels: the report's headline figures are the marked rows, the rest follow" \
    || bad "summary labels: report's headline figures" "$msg"

# The report's budget section lists each programme other modules add to the
# ledger (lumped in county_other) in its own column, named in the module's
# words, with the county's cost as summary.csv has it.
msg=$(python3 - "$OUT" <<'PY'
import csv, html, re, sys
d = sys.argv[1]
summ = {r["key"]: r for r in csv.DictReader(open(d + "/summary.csv", newline="", encoding="utf-8"))}
page = open(d + "/report.html", encoding="utf-8").read()
bad = []
m = re.search(r'<h3>(其中：其他模块登记的项目，逐项|Of which: the programmes other modules add, one by one)</h3>\s*<div class="scroll"><table>(.*?)</table>', page, re.S)
if not m:
    print("no table of the other programmes in the budget section")
    sys.exit()
t = m.group(2)
progs = re.findall(r'<th title="([a-z_]+)">(.*?)<br>', t)
if [p for p, _ in progs] != ["housing", "funerals"]:
    bad.append("programmes: %s" % progs)
lab = "label_en" if m.group(1).startswith("Of") else "label_zh"
for p, shown in progs:
    want = summ["budget_county_%s_2025" % p][lab]
    if not want.endswith(html.unescape(shown)) or "_" in shown:
        bad.append("%s is named %r, summary.csv %r" % (p, shown, want))
rows = {r[0]: r[1:] for r in (re.findall(r"<td[^>]*>(.*?)</td>", x) for x in re.findall(r"<tr>(.*?)</tr>", t)) if r}
for y in ("2025", "2030", "2035", "2050"):
    for k, (p, _) in enumerate(progs):
        want = "{:,.0f}".format(float(summ["budget_county_%s_%s" % (p, y)]["value"]))
        if rows.get(y, [None] * 2)[k] != want:
            bad.append("%s %s: %s, summary.csv %s" % (p, y, rows.get(y), want))
print("\n".join(bad))
PY
)
[ -z "$msg" ] && ok "summary labels: the report lists each programme other modules add to the budget, in their words" \
    || bad "summary labels: the report's other programmes" "$msg"

# No shipped module uses the legacy callback any more.
legacy=$(grep -ln '\.summary *=' "$ROOT"/engine/*.c)
[ -z "$legacy" ] && ok "summary labels: no shipped module uses the legacy summary callback" \
    || bad "summary labels: legacy summary callback still used" "$legacy"

# Stochastic series: by default every headline column its module declares
# (declared.h), which include every series drawn before (the list in
# tests/e2e/data/, taken from main before the change); each one is a
# registered column of one of its module's files.
msg=$(python3 - "$SLD" "$KEYS/quantile_series_baseline.txt" <<'PY'
import csv, sys
d, listed = sys.argv[1], [l.strip() for l in open(sys.argv[2]) if l.strip()]
got = []
with open(d + "/quantiles.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["indicator"] not in got:
            got.append(r["indicator"])
reg = set()
with open(d + "/columns.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        reg.add((r["file"].split(".")[0], r["column"]))
bad = ["series no longer drawn: " + s for s in listed if s not in got]
for s in got:
    m, c = s.split(".", 1)
    if not any(f.startswith(m) and col == c for (f, col) in reg):
        bad.append("series %s is not a registered column of a %s file" % (s, m))
print("\n".join(bad))
PY
)
[ -z "$msg" ] && ok "summary labels: stochastic series from the declared headline flags (every earlier series kept)" \
    || bad "summary labels: stochastic series" "$msg"

# Fan charts are titled with the module's name and the column's label as
# declared (not a word list in the chart code).
if grep -q '城镇职工基本养老保险：累计结余（年末）：4次随机模拟的分布' "$SLD/report.html" &&
   grep -q '城乡居民基本医疗保险：参保人数：4次随机模拟的分布' "$SLD/report.html"; then
    ok "summary labels: fan chart titles from the declarations"
else
    bad "summary labels: fan chart titles" "$(grep -o '[^>]*次随机模拟的分布' "$SLD/report.html" | head -5)"
fi

# sweep's tornado: its answers are the summary rows their modules mark as
# headline answers (ps_summary_headline) that have a unit (the yes/no plan
# checks have no swing).  The list in tests/e2e/data/ was taken from main
# when sweep still matched key patterns (27 answers); since the modules
# mark the county budget's rows (budget_county_<year>, budget_county_pv),
# the resident pension's cost to all budgets and the childcare target, it
# has those 7 more, in summary.csv's order.
SWL="$T/summary-labels-sweep"
expect "summary labels: a sweep runs" 0 "results in" \
    "$BIN" sweep "$ROOT/scenarios/feidong_baseline.lua" --scripts "$ROOT/scripts" --out "$SWL" \
    --vary population.tfr=1.0:1.4:2 --plots svg </dev/null
got=$(awk -F, 'NR>1{print $1}' "$SWL/tornado.csv" | uniq)
if [ -n "$got" ] && [ "$got" = "$(cat "$KEYS/tornado_answers_baseline.txt")" ]; then
    ok "summary labels: tornado answers are the rows marked as headline answers ($(printf '%s\n' "$got" | wc -l))"
else
    bad "summary labels: tornado answers" "$(diff <(printf '%s\n' "$got") "$KEYS/tornado_answers_baseline.txt")"
fi
# tornado.csv carries each answer's labels and unit as summary.csv has them
# (added columns), which the tornado charts are titled with.
if head -1 "$SWL/tornado.csv" | grep -qx 'answer,parameter,low,high,at_low,at_high,scenario,swing,label_zh,label_en,unit' &&
   grep -q '^population_2050,population.tfr,.*,2050年1月1日总人口,Population on 1 January 2050,persons$' "$SWL/tornado.csv" &&
   grep -q '^tornado.csv,label_en,' "$SWL/columns.csv"; then
    ok "summary labels: tornado.csv carries the answers' labels and units"
else
    bad "summary labels: tornado.csv labels" "$(head -3 "$SWL/tornado.csv")"
fi

# A comparison (2 ready scenarios to 2026): the decision table places each
# fund by its module's holder declaration, lists each programme other
# modules add to the budget ledger under the lumped row, labelled in the
# module's words, with its county lines of budget.csv summed; the
# comparison's summary table leaves out text rows (the towns method).
SLC="$T/summary-labels-compare"
mkdir -p "$SLC"
for s in feidong_baseline feidong_county_pension_topup; do
    printf 'return { extends = "%s/scenarios/%s.lua", end_year = 2026 }\n' "$ROOT" "$s" > "$SLC/$s.lua"
done
expect "summary labels: a comparison runs" 0 "2 scenarios compared" \
    "$BIN" compare --scripts "$ROOT/scripts" "$SLC/feidong_baseline.lua" \
    "$SLC/feidong_county_pension_topup.lua" --out "$SLC/c" --plots svg
msg=$(python3 - "$SLC/c" <<'PY'
import csv, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/decision.csv", newline="", encoding="utf-8")))
keys = [r["key"] for r in rows]
by = {r["key"]: r for r in rows}
bad = []
pooled = sorted(k.split(".")[0] for k in keys if k.endswith(".depletion_year") and by[k]["section"] == "pooled_funds")
if pooled != ["medical_employee", "medical_resident", "pension_employee"]:
    bad.append("pooled funds: %s" % pooled)
if "县级基金" not in by.get("land_guarantee.depletion_year", {}).get("label_zh", ""):
    bad.append("the land guarantee is not said to be a county fund")
o = keys.index("budget.county_other.total") if "budget.county_other.total" in keys else -1
want = ["budget.county_housing.total", "budget.county_funerals.total"]
if o < 0 or keys[o + 1:o + 3] != want:
    bad.append("programme rows not under the lumped row: %s" % keys[o:o + 3])
else:
    for k, zh in zip(want, ("其中：住房保障（", "其中：殡葬（")):
        if not by[k]["label_zh"].startswith(zh) or not by[k]["label_en"].startswith("of which: "):
            bad.append("%s: %s / %s" % (k, by[k]["label_zh"], by[k]["label_en"]))
    for s in ("feidong_baseline", "feidong_county_pension_topup"):
        parts = sum(float(by[k][s]) for k in want)
        if abs(parts - float(by["budget.county_other.total"][s])) > 1e-9 * abs(parts):
            bad.append("%s: housing + funerals != the lumped row" % s)
        for k, prog in zip(want, ("housing", "funerals")):
            led = sum(float(r["nominal"]) for r in csv.DictReader(open("%s/%s/budget.csv" % (d, s), encoding="utf-8"))
                      if r["programme"] == prog and r["payer"] == "county" and 2020 <= int(r["year"]) <= 2026)
            if abs(led - float(by[k][s])) > 1e-9 * max(1.0, abs(led)):
                bad.append("%s %s: %s, the ledger says %r" % (s, k, by[k][s], led))
# The headline sentences say who holds each fund (the modules pass the
# holder to ps_headline_fund): as many as the decision table places so.
fund_rows = [by[k] for k in keys if k.endswith(".depletion_year")]
said = [r["text_en"] for r in csv.DictReader(open(d + "/feidong_baseline/headline.csv", encoding="utf-8"))
        if 100 <= int(r["order"]) < 200]
for phrase in ("pooled nationally", "pooled by the province", "(a county fund)"):
    n_table = sum(phrase.replace("pooled ", "") in r["label_en"] for r in fund_rows)
    n_said = sum(phrase in t for t in said)
    if n_table != n_said or n_table == 0:
        bad.append("holders: %d fund rows say %r, %d sentences" % (n_table, phrase, n_said))
page = open(d + "/report.html", encoding="utf-8").read()
sec = page[page.index('<h2 id="summary">'):]
sec = sec[:sec.index("<h3>")]
if "share_trend" in sec or 'title="towns_method"' in sec:
    bad.append("the comparison's summary table shows the towns method")
if 'title="population_2025"' not in sec or 'title="budget_county_2025"' not in sec:
    bad.append("the comparison's summary table lacks the marked population or budget rows")
print("\n".join(bad))
PY
)
[ -z "$msg" ] && ok "summary labels: decision table: fund holders (as the sentences say), each ledger programme under the lumped row, no text rows" \
    || bad "summary labels: comparison" "$msg"
