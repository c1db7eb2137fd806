#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Derive the Feidong County (肥东县) 2020 base-year demographic inputs.

Reads only data/raw/ (verbatim copies of public source files, see
data/SOURCES.md) and writes data/feidong/:

  population_2020.csv         sex,age,population   (age 0..100, 100 = 100+)
  mortality_2020.csv          sex,age,mx           (WPP 2024, 2020-2025)
  mortality_improvement.csv   sex,age,rate         (optional, WPP 2020-25 -> 2045-50)
  asfr.csv                    age,asfr             (ages 15..49, shape only)
  migration_distribution.csv  sex,age,share        (ASSUMPTION: Rogers-Castro)

Python 3 standard library only; deterministic (no randomness, no clock,
fixed iteration order, floats written with repr()).  Run from the repo root:

    python3 data/derive_feidong.py

Every method is documented in data/SOURCES.md.  The script checks its own
invariants with assert and prints a summary, including the scalar baseline
parameters (TFR path, SRB, mortality improvement, net migration) that are
reported in data/SOURCES.md.
"""

import csv
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, "raw")
OUT = os.path.join(HERE, "feidong")

FEIDONG = "340122"
CHINA = "000000"
MAX_AGE = 100                     # 100 = 100 and over
SEXES = ("male", "female")
MX_PERIOD = "2020-2025"
MX_PERIOD_LATE = "2045-2050"
ASFR_YEAR = 2020

# --------------------------------------------------------------------------
# Sprague fifth-difference osculatory multipliers (Sprague 1880, J. Inst.
# Actuaries 22:270-285), as tabulated in Shryock & Siegel, The Methods and
# Materials of Demography (1976), Appendix C, and Judson & Popoff (2004),
# Appendix C of Siegel & Swanson (eds.), 2nd ed.; the same values are used by
# DemoTools graduate_sprague().  Each panel: 5 rows (the 5 single years of the
# target group) x 5 columns (the 5 consecutive 5-year group totals used).
# The open group is NOT used as a column: the last two closed groups use the
# end panels over the last five closed groups.
# --------------------------------------------------------------------------
SPRAGUE_FIRST = (   # target = group 1; uses groups 1..5
    (0.3616, -0.2768, 0.1488, -0.0336, 0.0),
    (0.2640, -0.0960, 0.0400, -0.0080, 0.0),
    (0.1840, 0.0400, -0.0320, 0.0080, 0.0),
    (0.1200, 0.1360, -0.0720, 0.0160, 0.0),
    (0.0704, 0.1968, -0.0848, 0.0176, 0.0),
)
SPRAGUE_SECOND = (  # target = group 2; uses groups 1..5
    (0.0336, 0.2272, -0.0752, 0.0144, 0.0),
    (0.0080, 0.2320, -0.0480, 0.0080, 0.0),
    (-0.0080, 0.2160, -0.0080, 0.0000, 0.0),
    (-0.0160, 0.1840, 0.0400, -0.0080, 0.0),
    (-0.0176, 0.1408, 0.0912, -0.0144, 0.0),
)
SPRAGUE_MIDDLE = (  # target = group i; uses groups i-2..i+2
    (-0.0128, 0.0848, 0.1504, -0.0240, 0.0016),
    (-0.0016, 0.0144, 0.2224, -0.0416, 0.0064),
    (0.0064, -0.0336, 0.2544, -0.0336, 0.0064),
    (0.0064, -0.0416, 0.2224, 0.0144, -0.0016),
    (0.0016, -0.0240, 0.1504, 0.0848, -0.0128),
)
# The last two panels are the first two reversed (rows and columns).
SPRAGUE_NEXT_TO_LAST = tuple(tuple(reversed(r)) for r in reversed(SPRAGUE_SECOND))
SPRAGUE_LAST = tuple(tuple(reversed(r)) for r in reversed(SPRAGUE_FIRST))


def check_sprague_panels():
    """Column sums: 1 for the target group's column, 0 for the others."""
    for panel, target in ((SPRAGUE_FIRST, 0), (SPRAGUE_SECOND, 1),
                          (SPRAGUE_MIDDLE, 2), (SPRAGUE_NEXT_TO_LAST, 3),
                          (SPRAGUE_LAST, 4)):
        for j in range(5):
            s = sum(panel[i][j] for i in range(5))
            assert abs(s - (1.0 if j == target else 0.0)) < 1e-12, (panel, j, s)


def cumulative_pchip(groups):
    """Fallback graduation (all groups at once): monotone piecewise-cubic
    Hermite interpolation of the cumulative total C(x) at the group
    boundaries x = 0, 5, 10, ... (relative to the first group), with the
    Fritsch-Carlson / Fritsch-Butland (PCHIP) tangents: harmonic mean of
    the adjacent secants in the interior (0 where a secant is 0), the
    adjacent secant at the two ends.  Single-year values are
    C(x+1) - C(x): every group sum is exact (C is interpolated at the
    boundaries) and, C being monotone, no value is negative.
    References: Fritsch & Carlson (1980) SIAM J. Numer. Anal. 17:238-246;
    Fritsch & Butland (1984) SIAM J. Sci. Stat. Comput. 5:300-304."""
    n = len(groups)
    h = 5.0
    cum = [0.0]
    for g in groups:
        assert g >= 0.0
        cum.append(cum[-1] + g)
    d = [g / h for g in groups]                      # secants
    m = [0.0] * (n + 1)
    m[0], m[n] = d[0], d[n - 1]
    for k in range(1, n):
        if d[k - 1] > 0.0 and d[k] > 0.0:
            m[k] = 2.0 / (1.0 / d[k - 1] + 1.0 / d[k])
    out = []
    for k in range(n):
        def C(t):                                    # t in [0, 1] within interval k
            h00 = 2 * t ** 3 - 3 * t ** 2 + 1
            h10 = t ** 3 - 2 * t ** 2 + t
            h01 = -2 * t ** 3 + 3 * t ** 2
            h11 = t ** 3 - t ** 2
            return h00 * cum[k] + h10 * h * m[k] + h01 * cum[k + 1] + h11 * h * m[k + 1]
        vals = [C((j + 1) / 5.0) - C(j / 5.0) for j in range(5)]
        out.append([max(0.0, v) if v > -1e-9 * (groups[k] + 1.0) else v for v in vals])
    return out


def sprague(groups):
    """Split consecutive closed 5-year group totals (at least 5 groups) into
    single years with Sprague multipliers.  Returns (singles, fallback_groups):
    any group where Sprague gives a negative value is replaced by that
    group's values from cumulative_pchip() and its index is listed in
    fallback_groups."""
    n = len(groups)
    assert n >= 5
    pchip = cumulative_pchip(groups)
    out = []
    fallback = []
    for i in range(n):
        if i == 0:
            panel, base = SPRAGUE_FIRST, 0
        elif i == 1:
            panel, base = SPRAGUE_SECOND, 0
        elif i == n - 2:
            panel, base = SPRAGUE_NEXT_TO_LAST, n - 5
        elif i == n - 1:
            panel, base = SPRAGUE_LAST, n - 5
        else:
            panel, base = SPRAGUE_MIDDLE, i - 2
        vals = [sum(panel[r][c] * groups[base + c] for c in range(5))
                for r in range(5)]
        if min(vals) < 0.0:
            vals = pchip[i]
            fallback.append(i)
        # remove floating-point residue so the group sum is exact
        s = sum(vals)
        if s > 0.0:
            vals = [v * (groups[i] / s) for v in vals]
        out.extend(vals)
    return out, fallback


# --------------------------------------------------------------------------
# Reading the raw files
# --------------------------------------------------------------------------
def read_csv(name):
    with open(os.path.join(RAW, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def census_groups(rows, area):
    """[(age_start, age_end or None, male, female)] in file order."""
    out = []
    for r in rows:
        if r["area_code"] == area:
            end = int(r["age_end"]) if r["age_end"] != "" else None
            out.append((int(r["age_start"]), end, int(r["male"]), int(r["female"])))
    return out


def profile_value(rows, area, indicator):
    for r in rows:
        if r["area_code"] == area and r["indicator_zh"] == indicator:
            return float(r["value"])
    raise KeyError((area, indicator))


# --------------------------------------------------------------------------
# Life-table helpers (MODEL.md section 1 convention)
# --------------------------------------------------------------------------
def q_from_m(m):
    return m / (1.0 + m / 2.0)


def life_table_L(mx, start=0):
    """Person-years L_x for ages start..100 with l_start = 1:
    q = m/(1+m/2), L_a = l_a (1 - q_a/2) for a < 100, L_100 = l_100 / m_100."""
    l = 1.0
    L = []
    for a in range(start, MAX_AGE):
        q = q_from_m(mx[a])
        L.append(l * (1.0 - q / 2.0))
        l *= (1.0 - q)
    L.append(l / mx[MAX_AGE])
    return L


def e0_from_q(qx):
    """e0 from q with the engine's output convention (MODEL.md 'Outputs'):
    half a year lived by those who die, open group lives 1/m, m = q/(1-q/2)."""
    l = 1.0
    e = 0.0
    for a in range(MAX_AGE):
        e += l * (1.0 - qx[a] / 2.0)
        l *= (1.0 - qx[a])
    m100 = qx[MAX_AGE] / (1.0 - qx[MAX_AGE] / 2.0)
    e += l / m100
    return e


def e0_abridged(groups_m):
    """e0 straight from the abridged WPP table (widths 1,4,5,...,5, open 100+),
    same convention: nq = n m/(1 + n m/2), nL = n l (1 - nq/2), open l/m."""
    widths = [1, 4] + [5] * 19
    l, e = 1.0, 0.0
    for w, m in zip(widths, groups_m[:-1]):
        q = w * m / (1.0 + w * m / 2.0)
        e += w * l * (1.0 - q / 2.0)
        l *= (1.0 - q)
    return e + l / groups_m[-1]


# --------------------------------------------------------------------------
# Mortality: abridged WPP mx -> single years
# --------------------------------------------------------------------------
def wpp_abridged(rows, period, sex):
    col = "mx_" + sex
    vals = {}
    for r in rows:
        if r["period"] == period:
            key = r["age_start"]
            age = 100 if key == "100+" else int(key)
            vals[age] = float(r[col])
    starts = [0, 1] + list(range(5, 100, 5)) + [100]
    assert sorted(vals) == starts, sorted(vals)
    return [vals[a] for a in starts]


def single_year_mx(groups_m):
    """Age 0: m(0).  Ages 1-4: m(1-4) (flat).  Ages 5..99: log-linear
    interpolation of ln m in age, the single year x placed at x + 0.5 and
    the knots at the group mid-points (1-4 at 3.0, 5-9 at 7.5, ...,
    95-99 at 97.5) plus the open group 100+ at 100.5.  Age 100: m(100+)."""
    knots_x = [3.0] + [a + 2.5 for a in range(5, 100, 5)] + [100.5]
    knots_y = [math.log(v) for v in groups_m[1:]]
    assert len(knots_x) == len(knots_y) == 21
    mx = [0.0] * (MAX_AGE + 1)
    mx[0] = groups_m[0]
    for a in range(1, 5):
        mx[a] = groups_m[1]
    for a in range(5, MAX_AGE):
        x = a + 0.5
        k = 0
        while not (knots_x[k] <= x <= knots_x[k + 1]):
            k += 1
        w = (x - knots_x[k]) / (knots_x[k + 1] - knots_x[k])
        mx[a] = math.exp(knots_y[k] * (1.0 - w) + knots_y[k + 1] * w)
    mx[MAX_AGE] = groups_m[-1]
    return mx


# --------------------------------------------------------------------------
# Rogers-Castro model migration schedule (7-parameter "fundamental" form)
# --------------------------------------------------------------------------
RC_FUND = dict(a1=0.02, alpha1=0.1, a2=0.06, alpha2=0.1, mu2=20.0,
               lambda2=0.4, c=0.003)


def rogers_castro(x, p=RC_FUND):
    return (p["a1"] * math.exp(-p["alpha1"] * x)
            + p["a2"] * math.exp(-p["alpha2"] * (x - p["mu2"])
                                 - math.exp(-p["lambda2"] * (x - p["mu2"])))
            + p["c"])


# --------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------
def fmt(v):
    r = repr(float(v))
    return "0.0" if r == "-0.0" else r


def write_csv(name, comments, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for c in comments:
            assert "\n" not in c
            f.write("# " + c + "\n")
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(fmt(v) if isinstance(v, float) else str(v) for v in r) + "\n")
    return path


def path_value(path, year):
    """Scenario-path convention: linear between points, flat outside."""
    ys = sorted(path)
    if year <= ys[0]:
        return path[ys[0]]
    if year >= ys[-1]:
        return path[ys[-1]]
    for a, b in zip(ys, ys[1:]):
        if a <= year <= b:
            return path[a] + (path[b] - path[a]) * (year - a) / (b - a)


def bisect(f, lo, hi, tol=1e-12):
    flo = f(lo)
    for _ in range(200):
        mid = (lo + hi) / 2.0
        fm = f(mid)
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
        if hi - lo < tol:
            break
    return (lo + hi) / 2.0


# --------------------------------------------------------------------------
def main():
    check_sprague_panels()
    os.makedirs(OUT, exist_ok=True)

    census = read_csv("census2020_age_sex_feidong_hefei_anhui_china.csv")
    profile = read_csv("census2020_profile_feidong_hefei_anhui_china.csv")
    mxrows = read_csv("china_wpp2024_mx_abridged_5yr_periods.csv")
    asfrrows = read_csv("china_wpp2024_asfr_5yr_annual.csv")
    ind = {int(r["year"]): r for r in read_csv("china_wpp2024_annual_indicators.csv")}
    facts = read_csv("cited_facts.csv")
    census10 = read_csv("census2010_age_sex_feidong_hefei_anhui.csv")
    profile10 = read_csv("census2010_profile_feidong_hefei_anhui.csv")

    # ---------------- mortality ----------------
    mx, mx_late, groups_by_sex = {}, {}, {}
    for s in SEXES:
        g = wpp_abridged(mxrows, MX_PERIOD, s)
        groups_by_sex[s] = g
        mx[s] = single_year_mx(g)
        mx_late[s] = single_year_mx(wpp_abridged(mxrows, MX_PERIOD_LATE, s))
        for sched in (mx[s], mx_late[s]):
            assert len(sched) == MAX_AGE + 1
            assert all(v > 0.0 for v in sched)
            # monotone (non-decreasing) from age 12 (the 10-14 knot) to 100
            for a in range(12, MAX_AGE):
                assert sched[a + 1] >= sched[a], (s, a)
        # the knots are reproduced exactly at ages 0, 1-4, 100
        assert mx[s][0] == g[0] and mx[s][1] == g[1] and mx[s][100] == g[-1]

    e0 = {s: e0_from_q([q_from_m(m) for m in mx[s]]) for s in SEXES}
    e0_late = {s: e0_from_q([q_from_m(m) for m in mx_late[s]]) for s in SEXES}
    e0_abr = {s: e0_abridged(groups_by_sex[s]) for s in SEXES}
    e0_wpp_2020 = {"male": float(ind[2020]["e0_male"]),
                   "female": float(ind[2020]["e0_female"])}
    e0_wpp_avg = {s: sum(float(ind[y]["e0_" + s]) for y in range(2020, 2025)) / 5.0
                  for s in SEXES}
    for s in SEXES:
        assert abs(e0[s] - e0_wpp_2020[s]) < 1.0, (s, e0[s])

    write_csv("mortality_2020.csv",
              ["Source: UN WPP 2024 (PPgp/wpp2024 mxM5/mxF5), China, abridged mx for 2020-2025; "
               "see data/SOURCES.md.",
               "Method: age 0 and 100(+) as given, 1-4 flat at m(1-4), 5-99 log-linear in ln m "
               "between group mid-points; derived by data/derive_feidong.py."],
              ("sex", "age", "mx"),
              [(s, a, mx[s][a]) for s in SEXES for a in range(MAX_AGE + 1)])

    # ---------------- mortality improvement ----------------
    years = 25.0   # mid-point 2022.5 -> 2047.5
    imp_rows = []
    imp_age = {}
    for s in SEXES:
        imp_age[s] = []
        for a in range(MAX_AGE + 1):
            r = 1.0 - (q_from_m(mx_late[s][a]) / q_from_m(mx[s][a])) ** (1.0 / years)
            imp_age[s].append(r)
            imp_rows.append((s, a, r))
    write_csv("mortality_improvement.csv",
              ["OPTIONAL. Annual decline of q by age: 1-(q[2045-2050]/q[2020-2025])^(1/25), "
               "both single-year schedules built as mortality_2020.csv from WPP 2024 medium.",
               "Use with q(t) = q(base)*(1-rate)^(t-base); see data/SOURCES.md."],
              ("sex", "age", "rate"), imp_rows)

    q20 = {s: [q_from_m(m) for m in mx[s]] for s in SEXES}

    def uniform_rate_matching_e0(s):
        target = e0_late[s]
        return bisect(lambda r: e0_from_q([q * (1.0 - r) ** years for q in q20[s]]) - target,
                      0.0, 0.2)

    imp_e0 = {s: uniform_rate_matching_e0(s) for s in SEXES}
    # group-level (abridged) mean annual decline of mx, simple mean over the 22 groups
    imp_grp_mean = {}
    for s in SEXES:
        g0 = wpp_abridged(mxrows, MX_PERIOD, s)
        g1 = wpp_abridged(mxrows, MX_PERIOD_LATE, s)
        rates = [1.0 - (b / a) ** (1.0 / years) for a, b in zip(g0, g1)]
        imp_grp_mean[s] = sum(rates) / len(rates)

    # ---------------- population ----------------
    groups = census_groups(census, FEIDONG)
    assert [g[0] for g in groups] == [0, 1] + list(range(5, 90, 5))
    assert groups[-1][1] is None and groups[-1][0] == 85
    total = {"male": sum(g[2] for g in groups), "female": sum(g[3] for g in groups)}
    assert total["male"] == 464542 and total["female"] == 420250
    assert total["male"] == profile_value(profile, FEIDONG, "人口数_男")
    assert total["female"] == profile_value(profile, FEIDONG, "人口数_女")

    pop = {}
    fallbacks = {}
    for si, s in enumerate(SEXES):
        col = 2 + si
        age0 = groups[0][col]
        g14 = groups[1][col]
        five = [age0 + g14] + [g[col] for g in groups[2:-1]]      # 0-4, 5-9, ..., 80-84
        assert len(five) == 17
        open85 = groups[-1][col]
        singles, fb = sprague([float(v) for v in five])
        fallbacks[s] = [(5 * i) for i in fb]
        p = [0.0] * (MAX_AGE + 1)
        p[0] = float(age0)
        s14 = sum(singles[1:5])
        assert s14 > 0.0
        for a in range(1, 5):
            p[a] = singles[a] * (g14 / s14)
        for a in range(5, 85):
            p[a] = singles[a]
        # open group 85+ -> 85..100 in proportion to stationary L_x
        L = life_table_L(mx[s], start=85)
        sL = sum(L)
        for k, a in enumerate(range(85, MAX_AGE + 1)):
            p[a] = open85 * L[k] / sL
        pop[s] = p

        # --- invariants ---
        assert all(v >= 0.0 for v in p), s
        assert abs(p[0] - age0) < 1e-9
        for (a0, a1, m, f) in groups:
            hi = MAX_AGE if a1 is None else a1
            gs = sum(p[a] for a in range(a0, hi + 1))
            assert abs(gs - (m if s == "male" else f)) < 1e-6, (s, a0, gs)
        assert abs(sum(p) - total[s]) < 1e-6

    write_csv("population_2020.csv",
              ["Source: 2020 census county tabulation (leiii/census), Feidong 340122, 5-year groups; "
               "see data/SOURCES.md.",
               "Method: Sprague multipliers (age 0 as given, 1-4 rescaled), 85+ split by stationary L_x "
               "of mortality_2020.csv; group sums exact. Census date 2020-11-01 used as base."],
              ("sex", "age", "population"),
              [(s, a, pop[s][a]) for s in SEXES for a in range(MAX_AGE + 1)])

    # ---------------- fertility (ASFR shape) ----------------
    pasfr = {}
    tfr2020 = None
    for r in asfrrows:
        if int(r["year"]) == ASFR_YEAR:
            pasfr[r["age_group"]] = float(r["pasfr_percent"])
            tfr2020 = float(r["tfr"])
    order = ["10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54"]
    assert sorted(pasfr) == sorted(order)
    assert abs(sum(pasfr.values()) - 100.0) < 1e-3
    # group total of single-year rates = 5 * annual group rate = TFR * pasfr / 100
    fgroups = [tfr2020 * pasfr[k] / 100.0 for k in order]
    fsingles, ffb = sprague(fgroups)                   # ages 10..54
    asfr = {a: fsingles[a - 10] for a in range(15, 50)}
    # the file's comment line states that 15-19 (index 1) is the only kept
    # group needing the fallback; keep it true
    assert [i for i in ffb if 1 <= i <= 7] == [1], ffb
    dropped_share = (pasfr["10-14"] + pasfr["50-54"]) / 100.0
    assert all(v >= 0.0 for v in asfr.values())
    for gi, k in enumerate(order[1:-1], start=1):
        a0 = int(k.split("-")[0])
        assert abs(sum(asfr[a] for a in range(a0, a0 + 5)) - fgroups[gi]) < 1e-12
    asfr_sum = sum(asfr.values())
    assert abs(asfr_sum - tfr2020 * (1.0 - dropped_share)) < 1e-9
    write_csv("asfr.csv",
              ["Source: UN WPP 2024 China pasfr 2020 x TFR 2020 (1.235682); shape only, the engine "
               "rescales to TFR(t). See data/SOURCES.md.",
               "Method: Sprague split of groups 10-14..50-54 (15-19: monotone cumulative-spline "
               "fallback), ages 15-49 kept, 10-14 and 50-54 dropped (0.089%); group sums exact."],
              ("age", "asfr"), [(a, asfr[a]) for a in range(15, 50)])

    # ---------------- migration distribution (ASSUMPTION) ----------------
    # Rogers-Castro is a schedule of migration RATES; the age distribution of
    # migrants is rate x population at risk.  The population at risk is the
    # stationary (life-table) population L_x of mortality_2020.csv with equal
    # radices for the two sexes, so the shares carry no imprint of Feidong's
    # irregular cohorts and the constant term c does not put implausibly many
    # migrants at the oldest ages, where few people live.
    rc = [rogers_castro(float(a) + 0.5) for a in range(MAX_AGE + 1)]
    Lstat = {s: life_table_L(mx[s], start=0) for s in SEXES}
    raw_share = {s: [rc[a] * Lstat[s][a] for a in range(MAX_AGE + 1)] for s in SEXES}
    norm = sum(sum(raw_share[s]) for s in SEXES)
    share = {s: [v / norm for v in raw_share[s]] for s in SEXES}
    tot_share = sum(share["male"]) + sum(share["female"])
    male_share = sum(share["male"])
    assert abs(tot_share - 1.0) < 1e-12
    assert all(v > 0.0 for s in SEXES for v in share[s])
    write_csv("migration_distribution.csv",
              ["ASSUMPTION: Rogers-Castro (1981) 7-parameter 'fundamental' rate schedule (a1=.02 "
               "alpha1=.1 a2=.06 alpha2=.1 mu2=20 lambda2=.4 c=.003) at age x+0.5,",
               "times stationary L_x of mortality_2020.csv, equal radix by sex; shares sum to 1. "
               "Not fitted to Feidong data. See data/SOURCES.md."],
              ("sex", "age", "share"),
              [(s, a, share[s][a]) for s in SEXES for a in range(MAX_AGE + 1)])

    # ======================================================================
    # Scalar / path parameters for the baseline scenario (reported only)
    # ======================================================================
    tfr_path = {y: float(ind[y]["tfr"]) for y in (2020, 2021, 2022, 2023, 2024, 2025,
                                                   2030, 2035, 2040, 2045, 2050)}
    srb_path = {y: float(ind[y]["srb"]) for y in (2020, 2025, 2030, 2035, 2040, 2045, 2050)}

    # Relative fertility of Feidong vs China, 2020 census:
    # (a) children ever born per woman 15-64 (long form);
    ceb_f = profile_value(profile, FEIDONG, "15-64岁妇女平均活产子女数")
    ceb_c = profile_value(profile, CHINA, "15-64岁妇女平均活产子女数")
    # (b) child-woman ratio 0-4 / women 15-49, indirectly standardised with
    #     China's WPP 2016-2020 mean fertility age pattern.
    wgroups = ["15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49"]
    pat = {k: 0.0 for k in wgroups}
    for r in asfrrows:
        if 2016 <= int(r["year"]) <= 2020 and r["age_group"] in pat:
            pat[r["age_group"]] += float(r["pasfr_percent"]) / 5.0

    def cwr_std(area, kids_ages):
        gs = census_groups(census, area)
        kids = sum(g[2] + g[3] for g in gs if g[0] in kids_ages)
        expw = sum(g[3] * pat["%d-%d" % (g[0], g[1])] for g in gs
                   if g[1] is not None and 15 <= g[0] <= 45)
        return kids / expw

    fert_ratio_cwr = cwr_std(FEIDONG, (0, 1)) / cwr_std(CHINA, (0, 1))     # ages 0-4
    fert_ratio_cwr0 = cwr_std(FEIDONG, (0,)) / cwr_std(CHINA, (0,))        # age 0 only
    fert_ratio_ceb = ceb_f / ceb_c
    # Recommended Feidong factor on China's TFR path: the 0-4 standardised
    # child-woman ratio, rounded to 3 decimals (ASSUMPTION, see SOURCES.md).
    tfr_factor = round(fert_ratio_cwr, 3)
    assert 1.0 <= tfr_factor <= 1.1

    # SRB evidence: census sex ratio at age 0 and 1-4
    sr0 = groups[0][2] / groups[0][3]
    sr14 = groups[1][2] / groups[1][3]
    srb_census_china = None
    for r in facts:
        if r["indicator"].startswith("sex ratio at birth (2020 census)"):
            srb_census_china = float(r["value"])
    assert srb_census_china == 111.3

    # --- natural increase and net migration estimate ---
    res_2021 = None
    for r in facts:
        if r["area"] == "Feidong County" and r["year"] == "2021" and \
                r["indicator"].startswith("resident population end of year"):
            res_2021 = float(r["value"]) * 10000.0
    assert res_2021 == 893000.0
    census_total = profile_value(profile, FEIDONG, "人口数_合计")
    assert census_total == 884792

    def project(p0, tfr_of, srb_of, imp, nm_total, years_list):
        """Minimal copy of MODEL.md section 1 (one region), used only to
        estimate natural increase; the engine is the reference."""
        P = {s: list(p0[s]) for s in SEXES}
        fsum = sum(asfr.values())
        log = []
        for t in years_list:
            k = t - years_list[0]
            q = {s: [min(1.0, q_from_m(m) * (1.0 - imp[s]) ** k) for m in mx[s]] for s in SEXES}
            srb = srb_of(t)
            f = {a: asfr[a] * tfr_of(t) / fsum for a in asfr}
            # survivors
            S = {s: [P[s][a] * (1.0 - q[s][a]) for a in range(MAX_AGE + 1)] for s in SEXES}
            deaths = sum(P[s][a] - S[s][a] for s in SEXES for a in range(MAX_AGE + 1))
            births = sum(f[a] * (P["female"][a] + S["female"][a - 1]) / 2.0 for a in f)
            new = {}
            for s in SEXES:
                n = [0.0] * (MAX_AGE + 1)
                for a in range(1, MAX_AGE + 1):
                    n[a] = S[s][a - 1]
                n[MAX_AGE] += S[s][MAX_AGE]
                frac = srb / (1.0 + srb) if s == "male" else 1.0 / (1.0 + srb)
                b_s = births * frac
                n[0] = b_s * (1.0 - q[s][0] / 2.0)
                deaths += b_s - n[0]
                for a in range(MAX_AGE + 1):
                    n[a] += nm_total * share[s][a] * (1.0 - q[s][a] / 2.0)
                new[s] = n
            migr_deaths = sum(nm_total * share[s][a] * q[s][a] / 2.0
                              for s in SEXES for a in range(MAX_AGE + 1))
            before = sum(sum(P[s]) for s in SEXES)
            P = new
            after = sum(sum(P[s]) for s in SEXES)
            assert abs(after - (before + births - deaths - migr_deaths + nm_total)) < 1e-6 * before
            log.append((t, births, deaths + migr_deaths, after))
        return P, log

    imp_mean = (imp_e0["male"] + imp_e0["female"]) / 2.0
    # Recommended SRB path: WPP China path + Feidong offset (census age-0 sex
    # ratio minus WPP 2020 SRB), offset rounded to 2 decimals (ASSUMPTION).
    srb_offset = round(sr0 - srb_path[2020], 2)
    srb_rec = {y: round(v + srb_offset, 3) for y, v in srb_path.items()}
    tfr_rec = {y: round(v * tfr_factor, 4) for y, v in tfr_path.items()}
    imp_rec = {s: round(imp_e0[s], 4) for s in SEXES}
    tfr_of = lambda t: path_value(tfr_rec, t)
    srb_of = lambda t: path_value(srb_rec, t)
    _, log0 = project(pop, tfr_of, srb_of, imp_rec, 0.0, [2020, 2021])
    _, log_china = project(pop, lambda t: path_value(tfr_path, t), lambda t: srb_path[2020],
                           imp_rec, 0.0, [2020, 2021])
    ni_2020 = log0[0][1] - log0[0][2]
    ni_2021 = log0[1][1] - log0[1][2]
    cbr_2021 = 1000.0 * log0[1][1] / log0[0][3]
    cdr_2021 = 1000.0 * log0[1][2] / log0[0][3]
    # (1) model-time calibration: base 884,792 at "1 Jan 2020", 893,000 at 1 Jan 2022
    change = res_2021 - census_total
    nm_model = bisect(lambda nm: project(pop, tfr_of, srb_of, imp_rec, nm,
                                         [2020, 2021])[1][-1][3] - res_2021,
                      -50000.0, 50000.0, 1e-6)
    # (2) real time: census 1 Nov 2020 -> 31 Dec 2021 is 14 months
    months = 14.0
    ni_real = ni_2021 * months / 12.0
    nm_real = (change - ni_real) * 12.0 / months
    # (3) bulletin year 2021 alone: +0.8 (10k) during 2021, rounded to 1,000
    nm_2021_bulletin = 8000.0 - ni_2021
    # (4) 2010-2020 intercensal: total change minus natural increase at 2010
    #     census CBR/CDR declining linearly to the model's 2021 rates
    tot10 = sum(int(r["male"]) + int(r["female"]) for r in census10 if r["area_code"] == FEIDONG)
    assert tot10 == 861960
    cbr10 = profile_value(profile10, FEIDONG, "出生率（‰）")
    cdr10 = profile_value(profile10, FEIDONG, "死亡率（‰）")
    ni_decade = 0.0
    pmid = (tot10 + census_total) / 2.0
    for k in range(10):
        w = (k + 0.5) / 10.0
        rate = (cbr10 - cdr10) * (1.0 - w) + (cbr_2021 - cdr_2021) * w
        ni_decade += rate / 1000.0 * pmid
    nm_decade_per_year = (census_total - tot10 - ni_decade) / 10.0

    # China CBR/CDR applied to Feidong (crude alternative)
    ni_china_rates_2021 = (float(ind[2021]["cbr_per1000"]) - float(ind[2021]["cdr_per1000"])) \
        / 1000.0 * census_total

    # ---------------- summary ----------------
    def r3(v):
        return "%.3f" % v

    print("policysim data/derive_feidong.py: wrote", ", ".join(sorted(os.listdir(OUT))))
    print("population: male %.6f female %.6f (census 464542 / 420250); "
          "Sprague fallback groups: male %s female %s" % (sum(pop["male"]), sum(pop["female"]),
                                                         fallbacks["male"] or "none",
                                                         fallbacks["female"] or "none"))
    print("population 85+ split: age 100+ male %.1f female %.1f" % (pop["male"][100], pop["female"][100]))
    print("mortality 2020-2025 e0 (single-year, MODEL.md convention): male %s female %s" %
          (r3(e0["male"]), r3(e0["female"])))
    print("   same convention on the abridged WPP table: male %s female %s" %
          (r3(e0_abr["male"]), r3(e0_abr["female"])))
    print("   WPP e0 2020: male %s female %s; WPP mean 2020-2024: male %s female %s" %
          (r3(e0_wpp_2020["male"]), r3(e0_wpp_2020["female"]),
           r3(e0_wpp_avg["male"]), r3(e0_wpp_avg["female"])))
    print("mortality 2045-2050 e0: male %s female %s" % (r3(e0_late["male"]), r3(e0_late["female"])))
    print("mortality improvement (uniform rate on q matching 2045-50 e0): male %.5f female %.5f mean %.5f"
          % (imp_e0["male"], imp_e0["female"], imp_mean))
    print("   simple mean over 22 abridged groups of mx decline: male %.5f female %.5f" %
          (imp_grp_mean["male"], imp_grp_mean["female"]))
    print("   by-age rate range: male %.5f..%.5f female %.5f..%.5f" %
          (min(imp_age["male"]), max(imp_age["male"]), min(imp_age["female"]), max(imp_age["female"])))
    print("asfr: sum 15-49 %.6f (TFR 2020 %.6f x (1 - %.6f dropped)); Sprague fallback groups: %s" %
          (asfr_sum, tfr2020, dropped_share, [10 + 5 * i for i in ffb] or "none"))
    print("   peak single-year asfr at age %d" % max(asfr, key=lambda a: asfr[a]))
    print("migration shares: sum %.15f, male %.4f, peak age %d, share 65+ %.4f, 85+ %.4f" %
          (tot_share, male_share, max(range(101), key=lambda a: share["female"][a]),
           sum(share[s][a] for s in SEXES for a in range(65, 101)),
           sum(share[s][a] for s in SEXES for a in range(85, 101))))
    print("TFR path (WPP 2024 China): " + ", ".join("%d=%s" % (y, ind[y]["tfr"]) for y in sorted(tfr_path)))
    print("fertility Feidong/China: CEB 15-64 ratio %.4f (%.2f/%.2f); standardised child-woman ratio "
          "0-4 %.4f, age 0 %.4f -> factor %.3f" % (fert_ratio_ceb, ceb_f, ceb_c, fert_ratio_cwr,
                                                   fert_ratio_cwr0, tfr_factor))
    print("recommended TFR path (China x %.3f): " % tfr_factor +
          ", ".join("%d=%.4f" % (y, tfr_rec[y]) for y in sorted(tfr_rec)))
    print("SRB: WPP " + ", ".join("%d=%s" % (y, ind[y]["srb"]) for y in sorted(srb_path)) +
          "; census China %.1f; Feidong census sex ratio age 0 %.4f, 1-4 %.4f" % (srb_census_china, sr0, sr14))
    print("recommended SRB path (WPP + %.2f): " % srb_offset +
          ", ".join("%d=%.3f" % (y, srb_rec[y]) for y in sorted(srb_rec)))
    print("natural increase (recommended TFR/SRB, improvement %.4f/%.4f, no migration): "
          "2020 %.0f, 2021 %.0f" % (imp_rec["male"], imp_rec["female"], ni_2020, ni_2021))
    print("   births/deaths 2020 %.0f/%.0f (census age 0: %d); 2021 %.0f/%.0f, CBR %.2f CDR %.2f per 1000"
          % (log0[0][1], log0[0][2], groups[0][2] + groups[0][3], log0[1][1], log0[1][2],
             cbr_2021, cdr_2021))
    print("   with unadjusted China TFR and SRB 1.112: births 2020 %.0f, 2021 %.0f; NI 2020 %.0f, 2021 %.0f"
          % (log_china[0][1], log_china[1][1], log_china[0][1] - log_china[0][2],
             log_china[1][1] - log_china[1][2]))
    print("   China CBR-CDR 2021 applied to Feidong: %.0f" % ni_china_rates_2021)
    print("net migration: model-time calibration (884,792 -> 893,000 in 2 steps) %.0f per year" % nm_model)
    print("   real-time 2020-11-01..2021-12-31 (change %.0f, NI %.0f): %.0f per year" %
          (change, ni_real, nm_real))
    print("   bulletin 2021 (+8,000 rounded) minus NI 2021: %.0f" % nm_2021_bulletin)
    print("   2010-2020 intercensal: change %d, NI %.0f, NM %.0f per year" %
          (census_total - tot10, ni_decade, nm_decade_per_year))


if __name__ == "__main__":
    main()
