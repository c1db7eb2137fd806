# End-to-end tests of the towns pages and of the comparison charts'
# legends in report.pdf (issue 11).  A run of the baseline (en and zh) and
# a comparison of the baseline with the Cuozhen resettlement (en and zh),
# to 2030: on every towns page (the towns' small multiples, the gaps by
# town, the comparison's differences by town) every word is inside the
# page (pdftotext -bbox); the comparison's overlay charts name each
# scenario by its description in their legends, no page of the comparison
# PDF shows a scenario's key, and comparison.csv keeps the keys.
# Sourced by tests/e2e/run.sh, which provides expect, ok, bad, $BIN, $ROOT, $T.
# GPL-3.0-or-later.

if ! command -v pdftotext > /dev/null; then
    bad "towns pages: pdftotext (poppler-utils) is not installed: bootstrap.sh test installs it"
else

TP="$T/towns_pages"
mkdir -p "$TP"
# Ready scenarios to 2030: the resettlement (2027) moves people between
# towns by 2030, the comparison's last year on its towns charts.
for s in feidong_baseline feidong_towns_cuozhen_resettlement; do
    printf 'return { extends = "%s/scenarios/%s.lua", end_year = 2030 }\n' "$ROOT" "$s" > "$TP/$s.lua"
done
for lang in en zh; do
    expect "towns pages: run ($lang)" 0 "" \
        "$BIN" run "$TP/feidong_baseline.lua" --scripts "$ROOT/scripts" --out "$TP/run_$lang" \
        --lang "$lang" --plots svg -q
    expect "towns pages: compare ($lang)" 0 "" \
        "$BIN" compare "$TP/feidong_baseline.lua" "$TP/feidong_towns_cuozhen_resettlement.lua" \
        --scripts "$ROOT/scripts" --out "$TP/cmp_$lang" --lang "$lang" --plots svg -q
done

# check_pages DIR LANG KIND (run or compare): prints what is wrong,
# nothing if all is well.
check_pages() {
    python3 - "$1" "$2" "$3" <<'PY'
import csv, glob, html, os, re, subprocess, sys
d, lang, kind = sys.argv[1:4]
out = []
sys.path.insert(0, os.environ["PS_E2E_HERE"])
import pdfwords
pages = pdfwords.pages(f"{d}/report.pdf")
def head(p):
    return " ".join(w[4] for w in p[2][:12])
# The towns pages: their titles say "by town" / "各乡镇".
mark = "by town" if lang == "en" else "各乡镇"
towns = [p for p in pages if mark in head(p)]
want = 4 if kind == "run" else 3   # run: 2 small multiples, 2 gaps; compare: population, 2 gaps
if len(towns) < want:
    out.append(f"{len(towns)} towns pages, expected at least {want}")
for pw, ph, words in towns:
    out += pdfwords.outside(pw, ph, words, f"'{head((pw, ph, words))[:40]}': ")
if kind == "compare":
    names = [r["scenario"] for r in csv.DictReader(open(f"{d}/comparison.csv", encoding="utf-8"))]
    names = list(dict.fromkeys(names))
    if names != ["feidong_baseline", "feidong_towns_cuozhen_resettlement"]:
        out.append(f"comparison.csv's scenarios are {names}, not the keys")
    desc = []
    for n in names:
        par = {r["key"]: r["value"] for r in csv.DictReader(open(f"{d}/{n}/parameters.csv", encoding="utf-8"))}
        desc.append(par["description"])
    # Each overlay chart's legend: the first words of every description.
    starts = [s.split()[:5] for s in desc]
    def has(words, seq):
        st = [w[4] for w in words]
        return any(st[i:i + len(seq)] == seq for i in range(len(st)))
    legend = [p for p in pages if all(has(p[2], s) for s in starts)]
    charts = [f for f in glob.glob(f"{d}/plots/compare_*.svg") if "compare_towns_" not in f]
    if len(charts) < 20 or len(legend) < len(charts):
        out.append(f"{len(legend)} pages name both scenarios by their descriptions; "
                   f"{len(charts)} overlay charts")
    # The towns differences name the two scenarios by their descriptions too.
    tdiff = [p for p in towns if all(has(p[2], s[:3]) for s in starts)]
    if len(tdiff) < 3:
        out.append(f"{len(tdiff)} towns difference pages name the scenarios by description")
    # No scenario key on any page.
    keys = sorted({w[4] for p in pages for w in p[2] if any(n in w[4] for n in names)})
    if keys:
        out.append("scenario keys in the PDF: " + " ".join(keys[:5]))
print("\n".join(out))
PY
}
for c in run_en:en:run run_zh:zh:run cmp_en:en:compare cmp_zh:zh:compare; do
    IFS=: read -r dir lang kind <<< "$c"
    if [ ! -s "$TP/$dir/report.pdf" ]; then bad "towns pages: $dir has no report.pdf"; continue; fi
    msg=$(check_pages "$TP/$dir" "$lang" "$kind" 2>&1)
    if [ -z "$msg" ]; then
        if [ "$kind" = run ]; then ok "towns pages: $dir: every word of the towns pages inside the page"
        else ok "towns pages: $dir: towns pages inside the page; legends and towns charts name the scenarios by description; no key in the PDF; keys kept in comparison.csv"; fi
    else
        bad "towns pages: $dir" "$msg"
    fi
done

fi
