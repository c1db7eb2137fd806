# End-to-end test of the county budget pages of a run's report.pdf (issue
# 11): right after the headline pages, in zh and en, the county's own cost
# programme by programme in the key years (each programme other modules
# add named in its module's words), its total, share of revenue, and the
# line that the pooled funds' balances are pressure indicators, not county
# liabilities.  On those pages (pdftotext -bbox and -layout): every word
# inside the page, none over another, no word with an underscore and no
# file name, every programme's name, and the county's total in each year
# shown equal to budget.csv's county lines summed here (awk), rounded to
# 万元; each other programme's row equal to its own county line.  The
# headline pages before them have no word with an underscore either.  The
# budget chart's legend names those programmes in words, not by key.
# The zh baseline is the shared one (run.sh's helper `baseline`).
# Sourced by tests/e2e/run.sh (expect, ok, baseline, bad, $BIN, $ROOT, $T).
# GPL-3.0-or-later.

if ! command -v pdftotext > /dev/null; then
    bad "report budget pdf: pdftotext (poppler-utils) is not installed: bootstrap.sh test installs it"
else

RB_ZH="$T/rbp-zh"
RB_EN="$T/rbp-en"
baseline "report budget pdf: baseline runs (zh)" "$RB_ZH"
expect "report budget pdf: baseline runs (en)" 0 "results in" \
    "$BIN" run "$ROOT/scenarios/feidong_baseline.lua" --lang en --out "$RB_EN"

# check_budget_pdf DIR LANG: prints what is wrong, nothing if all is well.
check_budget_pdf() {
    # The county's cost a year, from budget.csv's county lines (nominal,
    # yuan) summed independently of the engine: "year total" in 万元.
    awk -F, 'NR > 1 && $3 == "county" { s[$1] += $4 }
             END { for (y in s) printf "%s %.0f\n", y, s[y] / 1e4 }' "$1/budget.csv" > "$T/rbp-$2.county"
    # Each programme's county line a year, in 万元: "programme year value".
    awk -F, 'NR > 1 && $3 == "county" { printf "%s %s %.0f\n", $2, $1, $4 / 1e4 }' \
        "$1/budget.csv" > "$T/rbp-$2.programme"
    python3 - "$1" "$2" "$T/rbp-$2" <<'PY'
import csv, html, os, re, subprocess, sys
d, lang, sums = sys.argv[1], sys.argv[2], sys.argv[3]
en = lang == "en"
out = []
title = "County budget: what the county itself pays" if en else "县级财政：县本级支出"
cont = " (continued)" if en else "（续）"
head_title = "Policy simulation" if en else "政策模拟报告"

sys.path.insert(0, os.environ["PS_E2E_HERE"])
import pdfwords
pages = pdfwords.pages(f"{d}/report.pdf")
layout = subprocess.run(["pdftotext", "-layout", f"{d}/report.pdf", "-"],
                        capture_output=True, text=True, check=True).stdout.split("\f")

def joined(words):
    return ("" if not en else " ").join(w[4] for w in words)

def starts(words, t):
    s = " ".join(w[4] for w in words[:12])
    return s.startswith(t)

# The budget pages: the table's title (or it continued) then its note;
# the budget chart's longer title is another page.
note = "Current prices" if en else "当年价"
bud = [i for i, (pw, ph, ws) in enumerate(pages)
       if starts(ws, title + " " + note) or starts(ws, title + cont + " " + note)
       or starts(ws, title + note) or starts(ws, title + cont + note)]
if not bud:
    print("no county budget page in report.pdf"); sys.exit()
if bud != list(range(bud[0], bud[-1] + 1)):
    out.append(f"budget pages not together: {bud}")
before = [i for i in range(bud[0]) if not starts(pages[i][2], head_title)]
if before or bud[0] == 0:
    out.append(f"budget pages not right after the headline pages (pages before them: {before})")
# ... and those headline pages (the sentences, the figures behind them)
# name no key either: the scenario is named by its description.
keys = sorted({w[4] for i in range(bud[0]) for w in pages[i][2] if "_" in w[4]})
if keys:
    out.append("headline pages: words with an underscore: " + " ".join(keys[:6]))

stream = []
for i in bud:
    pw, ph, ws = pages[i]
    stream += ws
    out += pdfwords.outside(pw, ph, ws, f"page {i + 1}: ") + pdfwords.overlaps(ws, f"page {i + 1}: ")
text = joined(stream)
bad_words = sorted({w[4] for w in stream if "_" in w[4] or re.search(r"\.(csv|xlsx|sqlite)\b", w[4])})
if bad_words:
    out.append("words with an underscore or file names: " + " ".join(bad_words[:6]))
need = (["pressure indicators", "not county liabilities", "national / provincial"] if en
        else ["压力指标", "不是县级负债", "全国/省级"])
for n in need:
    if n not in text:
        out.append(f"no '{n}' on the budget pages")

# Programme names: the built-in ones as budget_totals.csv's columns are
# labelled (columns.csv), the others as their module named them (the
# label of summary.csv's budget_county_<programme>_<year> row).
lab = "label_en" if en else "label_zh"
cols = {r["column"]: r[lab] for r in csv.DictReader(open(f"{d}/columns.csv", encoding="utf-8"))
        if r["file"] == "budget_totals.csv"}
progs = []
for r in csv.DictReader(open(f"{d}/budget.csv", encoding="utf-8")):
    if r["programme"] not in progs:
        progs.append(r["programme"])
summ = {r["key"]: r for r in csv.DictReader(open(f"{d}/summary.csv", encoding="utf-8"))}
others = {}
for p in progs:
    if "county_" + p in cols:
        names = [cols["county_" + p]]
    else:
        row = next((summ[k] for k in summ if re.fullmatch(f"budget_county_{p}_\\d{{4}}", k)), None)
        if not row:
            out.append(f"no summary row for programme {p}")
            continue
        name = re.sub(r"^County's cost in \d{4}: " if en else r"^\d{4}年县级支出：", "", row[lab])
        if name == row[lab]:
            out.append(f"summary label of {p} not in the expected form: {row[lab]}")
        others[p] = name
        names = [name]
    for n in names:
        if (" " if en else "").join(n.split()) not in text:
            out.append(f"programme name not on the budget pages: {n}")
if len(others) < 2:
    out.append(f"expected the programmes other modules add (housing, funerals): {sorted(others)}")

# Rows of the table from the layout text: label, then one value per year.
lines = [l for i in bud for l in layout[i].splitlines()]
years = None
for l in lines:
    ys = re.findall(r"(?<![\d,])((?:19|20|21)\d\d)(?![\d,])", l)
    if ("10,000 yuan" in l or "万元" in l) and len(ys) >= 3:
        years = ys
        break
if not years:
    out.append("no header of years"); print("\n".join(out)); sys.exit()
if "2030" not in years or "2035" not in years:
    out.append(f"key years missing: {years}")

def row_values(label):
    for l in lines:
        s = l.strip()
        if s.startswith(label) and not s[len(label):].lstrip().startswith(("(", "（")):
            vals = s[len(label):].split()
            if len(vals) == len(years):
                return vals
    return None

tot = dict(l.split() for l in open(f"{sums}.county"))
got = row_values(cols["county"])
want = [f"{int(tot[y]):,}" for y in years]
if got != want:
    out.append(f"county total {got} != budget.csv's county lines summed {want} (years {years})")
pw_ = {}
for l in open(f"{sums}.programme"):
    p, y, v = l.split()
    pw_[(p, y)] = v
for p, name in others.items():
    # (a long name wraps: its row's values sit on its first line)
    vals = None
    for l in lines:
        s = l.strip()
        m = re.match(r"^(.*?)\s{2,}([-\d,.\s]+)$", s)
        if m and name.startswith(m.group(1).replace("of which: ", "").replace("其中：", "")) and \
                m.group(1).startswith(("of which: ", "其中：")):
            vals = m.group(2).split()
            break
    want = [f"{int(pw_[(p, y)]):,}" for y in years]
    if vals != want:
        out.append(f"{p}: {vals} != budget.csv's county lines {want}")
# The budget chart that follows names those programmes in their modules'
# words too (up to the bracket), not by their keys.
ct = "County budget: what the county itself pays, by programme" if en else "县级财政：县本级支出（分项目）"
chart = [ws for pw, ph, ws in pages if ct in joined(ws)]
if not chart:
    out.append("no budget chart page")
for ws in chart[:1]:
    t = joined(ws)
    for p, name in others.items():
        short = re.split(r" \(|（", name)[0]
        if short not in t or re.search(rf"\b{p}\b", " ".join(w[4] for w in ws)):
            out.append(f"budget chart: {p} not named '{short}' (or its key shown)")
print("\n".join(out))
PY
}

for pair in "$RB_ZH zh" "$RB_EN en"; do
    set -- $pair
    msg=$(check_budget_pdf "$1" "$2")
    [ -z "$msg" ] && ok "report budget pdf ($2): budget pages after the headline, inside the page, no key, programmes named, totals = budget.csv's county lines" \
        || bad "report budget pdf ($2)" "$msg"
done

fi
