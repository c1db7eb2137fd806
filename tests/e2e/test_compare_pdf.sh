# End-to-end tests of the comparison's decision table (issue 11): compare
# of 2, 4 and 6 ready scenarios (short horizons) writes decision.csv, and
# report.html and report.pdf open with it: every scenario's column is on
# the page (pdftotext -bbox: each scenario's description is there, no word
# beyond the page's edges, no two words drawn over each other), depletion
# years are in the PDF, the table has no snake_case word, the county budget
# comes first and the pooled funds are called pressure indicators.  A run's
# report.pdf opens with the headline sentences, the county budget's first.
# Sourced by tests/e2e/run.sh, which provides expect, ok, bad, $BIN, $ROOT, $T.
# GPL-3.0-or-later.

if ! command -v pdftotext > /dev/null; then
    bad "compare pdf: pdftotext (poppler-utils) is not installed: bootstrap.sh test installs it"
else

CP="$T/cpdf"
mkdir -p "$CP"
# Ready scenarios, to 2026 (the plan's 2025 checks are inside), descriptions kept.
for s in feidong_baseline feidong_childcare_voucher feidong_county_pension_topup \
         feidong_recession feidong_low_fertility feidong_eldercare_vouchers_50; do
    printf 'return { extends = "%s/scenarios/%s.lua", end_year = 2026 }\n' "$ROOT" "$s" > "$CP/$s.lua"
done
S4="$CP/feidong_baseline.lua $CP/feidong_childcare_voucher.lua $CP/feidong_county_pension_topup.lua $CP/feidong_recession.lua"
# shellcheck disable=SC2086
out4=$("$BIN" compare --scripts "$ROOT/scripts" $S4 --out "$CP/c4" 2>&1)
st=$?
if [ "$st" -eq 0 ] && printf '%s\n' "$out4" | grep -q "4 scenarios compared"; then ok "compare pdf: 4 scenarios (zh)"
else bad "compare pdf: 4 scenarios (zh): exit $st" "$out4"; fi
# The terminal names the county's total cost in each scenario, in 万元, in order.
if printf '%s\n' "$out4" | python3 -c '
import csv, sys
out = sys.stdin.read()
r = next(x for x in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if x["key"] == "budget.county.total")
names = ["feidong_baseline", "feidong_childcare_voucher", "feidong_county_pension_topup", "feidong_recession"]
want = [f"  {i + 1}. {round(float(r[n]) / 1e4):,}" for i, n in enumerate(names)]
sys.exit(not (out.startswith(r["label_zh"]) and all(w in out for w in want)))' "$CP/c4/decision.csv"
then ok "compare pdf: compare prints the county total of each scenario"
else bad "compare pdf: compare's terminal lines" "$out4"; fi
expect "compare pdf: 2 scenarios (en)" 0 "2 scenarios compared" \
    "$BIN" compare --scripts "$ROOT/scripts" "$CP/feidong_baseline.lua" "$CP/feidong_county_pension_topup.lua" --out "$CP/c2" --lang en
# shellcheck disable=SC2086
expect "compare pdf: 6 scenarios (en)" 0 "6 scenarios compared" \
    "$BIN" compare --scripts "$ROOT/scripts" $S4 "$CP/feidong_low_fertility.lua" "$CP/feidong_eldercare_vouchers_50.lua" --out "$CP/c6" --lang en

# check_decision DIR LANG: the decision table's pages of DIR/report.pdf
# against DIR/decision.csv and the scenarios' own files.  Prints what is
# wrong, nothing if all is well.
check_decision() {
    python3 - "$1" "$2" <<'PY'
import csv, html, os, re, subprocess, sys
d, lang = sys.argv[1], sys.argv[2]
out = []
rows = list(csv.reader(open(f"{d}/decision.csv", encoding="utf-8")))
head, body = rows[0], rows[1:]
first = head.index("unit") + 1
names = [h for h in head[first:] if "_minus_" not in h]
cols = {}
for r in csv.DictReader(open(f"{d}/columns.csv", encoding="utf-8")):
    if r["file"] == "decision.csv":
        cols[r["column"]] = r
desc = [cols[n]["label_en"] for n in names]

sys.path.insert(0, os.environ["PS_E2E_HERE"])
import pdfwords
pages = pdfwords.pages(f"{d}/report.pdf")
title = "Decision table" if lang == "en" else "决策表"
dec = [p for p in pages if " ".join(w[4] for w in p[2][:8]).startswith(title)]
if not dec:
    print("no decision table page"); sys.exit()
if " ".join(w[4] for w in pages[0][2][:8]).find(title) != 0:
    out.append("the PDF does not open with the decision table")
stream = [w[4] for p in dec for w in p[2]]
text = " ".join(stream)
# Every word inside the page, none over another (same line, x ranges overlapping).
for pw, ph, words in dec:
    out += pdfwords.outside(pw, ph, words) + pdfwords.overlaps(words)
# The key years' pages that follow: inside the page, in words too.
ky = "Key years" if lang == "en" else "关键年份"
kyp = [p for p in pages if " ".join(w[4] for w in p[2][:8]).startswith(ky)]
if not kyp:
    out.append("no key years page")
for pw, ph, words in kyp:
    out += pdfwords.outside(pw, ph, words, "key years: ")
    snake = set(re.findall(r"\w+_\w+", " ".join(w[4] for w in words)))
    if snake:
        out.append("key years: snake_case words: " + " ".join(sorted(snake)[:5]))
# Every page of the table (each block of columns, each continued page)
# carries the first scenario's column, the one the differences refer to.
ws0 = desc[0].split()
for i, (pw, ph, words) in enumerate(dec):
    st = [w[4] for w in words]
    if not any(st[j:j + len(ws0)] == ws0 for j in range(len(st))):
        out.append(f"decision page {i + 1} lacks the first scenario's column")
# Every scenario's header: its description's words in order.
for s in desc:
    ws = s.split()
    if not any(stream[i:i + len(ws)] == ws for i in range(len(stream))):
        out.append(f"scenario header '{s}' not found whole")
# No snake_case word, no file name, in the table.
snake = sorted(set(re.findall(r"\w+_\w+|\w+\.csv", text)) - {"decision.csv"})
if snake:
    out.append("snake_case words: " + " ".join(snake[:5]))
# The county budget first, the pooled funds called pressure indicators.
if body[0][0] != "county_budget":
    out.append(f"first row is {body[0][0]}")
cb = "County budget" if lang == "en" else "县级财政"
pool = "pressure indicators" if lang == "en" else "压力指标"
if cb not in text or pool not in text or text.index(cb) > text.index(pool):
    out.append("the county budget does not come before the pooled funds")
# Money in 万元: the county's total over the horizon, rounded, as shown.
for r in body:
    if r[1] == "budget.county.total":
        v = round(float(r[first]) / 1e4)
        if f"{v:,}" not in stream:
            out.append(f"county total {v:,} (万元) not in the PDF")
        break
else:
    out.append("no county total row")
# Depletion years: each in the PDF, and equal to what the module itself
# says in summary.csv (computed there, not from the fund column).
ndep = 0
for r in body:
    if not r[1].endswith(".depletion_year"):
        continue
    mod = r[1][:-len(".depletion_year")]
    for k, n in enumerate(names):
        v = r[first + k]
        summ = {x["key"]: x["value"] for x in csv.DictReader(open(f"{d}/{n}/summary.csv", encoding="utf-8"))}
        want = summ.get(f"{mod}_depletion_year")
        if want is not None and want != v:
            out.append(f"{n}: {mod} depletion {v}, summary.csv says {want}")
        if v != "none":
            ndep += 1
            if v not in stream:
                out.append(f"depletion year {v} of {mod} not in the PDF")
label = "first year the balance is negative" if lang == "en" else "累计结余首次为负的年份"
if label not in text.replace("\n", " ") and label not in "".join(stream):
    out.append("no depletion row in the PDF")
if ndep == 0:
    out.append("no fund is depleted in any scenario: the check saw no year")
# The same table opens report.html: its first section, in words.
h = open(f"{d}/report.html", encoding="utf-8").read()
a = h.index("<h2"); b = h.index("<h2", a + 3)
sec = re.sub(r"<[^>]+>", " ", h[a:b])
if 'class="decision"' not in h[a:b]:
    out.append("report.html's first section has no decision table")
bad = sorted(set(re.findall(r"\w+_\w+", sec)))
if bad:
    out.append("report.html's first section has keys: " + " ".join(bad[:5]))
for s in desc:
    if html.escape(s, quote=False) not in h[a:b] and s not in html.unescape(h[a:b]):
        out.append(f"report.html lacks the header '{s}'")
print("\n".join(out))
PY
}
for c in c2:en c4:zh c6:en; do
    dir=${c%%:*} lang=${c##*:}
    if [ ! -s "$CP/$dir/decision.csv" ]; then bad "compare pdf: $dir has no decision.csv"; continue; fi
    msg=$(check_decision "$CP/$dir" "$lang" 2>&1)
    [ -z "$msg" ] && ok "compare pdf: $dir ($lang): decision table whole on the page, headers, depletion years, county budget first, no keys" \
                  || bad "compare pdf: $dir ($lang) decision table" "$msg"
done

# decision.csv: the county pension top-up costs the county more, by the
# resident pension's programme only; differences are value minus first.
if python3 - "$CP/c4/decision.csv" <<'PY'
import csv, sys
rows = {r["key"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
t = rows["budget.county.total"]; p = rows["budget.county_resident_pension.total"]
b, x = float(t["feidong_baseline"]), float(t["feidong_county_pension_topup"])
d = float(t["feidong_county_pension_topup_minus_feidong_baseline"])
dp = float(p["feidong_county_pension_topup_minus_feidong_baseline"])
sys.exit(not (x > b and abs(d - (x - b)) < 1e-3 and abs(d - dp) < 1e-3 * abs(d)))
PY
then ok "compare pdf: decision.csv: the top-up's extra county cost is the resident pension's"
else bad "compare pdf: decision.csv differences" "$(head -4 "$CP/c4/decision.csv")"; fi

# A run's report.pdf opens with the headline sentences, the county budget's
# first (as the terminal and report.html do), with no key on that page.
R="$CP/run"
out=$("$BIN" run "$CP/feidong_baseline.lua" --out "$R" 2>&1)
first=$(printf '%s\n' "$out" | head -1)
want=$(python3 -c 'import csv,sys; r=next(csv.DictReader(open(sys.argv[1], encoding="utf-8"))); print(r["text_zh"] if 500 <= int(r["order"]) < 600 else "")' "$R/headline.csv")
if [ -n "$want" ] && [ "$first" = "$want" ]; then ok "compare pdf: run prints the county budget's answer first"
else bad "compare pdf: run's first headline line" "$first"; fi
p1=$(pdftotext -f 1 -l 1 "$R/report.pdf" - 2>/dev/null)
s1=$(python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1], encoding="utf-8")))["text_zh"][:8])' "$R/headline.csv")
if printf '%s' "$p1" | grep -q '主要结论' && printf '%s' "$p1" | tr -d '\n' | grep -qF "$s1" &&
   printf '%s' "$p1" | grep -q '县级财政' && ! printf '%s' "$p1" | grep -Eq '[A-Za-z0-9]_[A-Za-z0-9]'; then
    ok "compare pdf: report.pdf's first page is the headline sentences"
else bad "compare pdf: report.pdf's first page" "$(printf '%s' "$p1" | head -8)"; fi

fi
