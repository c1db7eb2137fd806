#!/usr/bin/env python3
"""Self-test of the reference implementation popref.py against hand-computed cases.

Run:  python3 tests/reference/selftest.py      (exit 0 when all checks pass)

Every expected number below is derived by hand in the comments, not by calling the
code under test.
"""

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import popref  # noqa: E402
from popref import Inputs, Path, project, life_expectancy, median_age  # noqa: E402

N = popref.NAGES
FAILS = []
COUNT = [0]


def check(name, got, want, tol=1e-12):
    COUNT[0] += 1
    if got is None or want is None:
        ok = got is want
    else:
        ok = abs(got - want) <= tol * max(1.0, abs(want))
    if not ok:
        FAILS.append("%s: got %r want %r" % (name, got, want))


def zeros():
    return [[0.0] * N, [0.0] * N]


def const_q(v):
    return [[v] * N, [v] * N]


def asfr_only(age, val=1.0):
    a = [0.0] * N
    a[age] = val
    return a


# --------------------------------------------------------------------------- paths
def test_paths():
    p = Path({2022: 3.0, 2018: 1.0, 2030: 0.0})   # unsorted on purpose
    check("path before first point (flat)", p(2000), 1.0)
    check("path at first point", p(2018), 1.0)
    check("path interpolated 2020 = 1 + 2*(2/4)", p(2020), 2.0)
    check("path interpolated 2021 = 1 + 2*(3/4)", p(2021), 2.5)
    check("path at inner point", p(2022), 3.0)
    check("path 2026 = 3 - 3*(4/8)", p(2026), 1.5)
    check("path after last point (flat)", p(2100), 0.0)
    check("single-point path flat", Path({2050: 7.0})(1990), 7.0)
    check("scalar path", Path(1.1)(2040), 1.1)


# --------------------------------------------------------------------------- life tables
def test_life_expectancy():
    # Constant q: l_a = (1-q)^a, L_a = l_a (1 - q/2) for a < 100,
    # m = q/(1-q/2), L_100 = l_100 (1-q/2)/q.
    # e0 = (1-q/2) [sum_{a<100} (1-q)^a + (1-q)^100 / q]
    #    = (1-q/2) [(1-(1-q)^100)/q + (1-q)^100/q] = (1-q/2)/q.
    # q = 0.1 -> 0.95/0.1 = 9.5 ; the same for every x (memoryless), so e60 = 9.5.
    check("e0 const q=0.1", life_expectancy([0.1] * N, 0), 9.5, 1e-12)
    check("e60 const q=0.1", life_expectancy([0.1] * N, 60), 9.5, 1e-12)
    check("e0 const q=0.2", life_expectancy([0.2] * N, 0), 4.5, 1e-12)
    # q = 0 below 100, q_100 = 1: L_a = 1 for a < 100, m_100 = 1/(1/2) = 2,
    # L_100 = 1/2  -> e0 = 100.5, e60 = 40.5.
    q = [0.0] * 100 + [1.0]
    check("e0 closed", life_expectancy(q, 0), 100.5)
    check("e60 closed", life_expectancy(q, 60), 40.5)
    # q_0 = 0.5, rest 0 below 100, q_100 = 1:
    # l_0 = 1, l_a = 0.5 for a >= 1; L_0 = 1*(1-0.25) = 0.75; L_1..99 = 0.5 each
    # (49.5 in all); L_100 = 0.5/2 = 0.25.  e0 = 0.75 + 49.5 + 0.25 = 50.5.
    # e60 = (40*0.5 + 0.25)/0.5 = 40.5.
    q = [0.5] + [0.0] * 99 + [1.0]
    check("e0 infant", life_expectancy(q, 0), 50.5)
    check("e60 infant", life_expectancy(q, 60), 40.5)
    try:
        life_expectancy([0.0] * N, 0)
        FAILS.append("q_100 == 0 did not raise")
    except popref.RefError:
        pass


def test_median():
    tot = [0.0] * N
    tot[14], tot[15], tot[99], tot[100] = 100.0, 200.0, 10.0, 5.0
    # N = 315, half = 157.5; cum through 14 = 100 < 157.5; through 15 = 300 >= 157.5
    # median = 15 + (157.5 - 100)/200 = 15.2875
    check("median", median_age(tot), 15.2875)
    tot = [0.0] * N
    tot[30], tot[40] = 10.0, 10.0
    # half = 10, cum through 30 = 10 reaches half -> 30 + (10 - 0)/10 = 31
    check("median exactly at boundary", median_age(tot), 31.0)


# --------------------------------------------------------------------------- projection 1
def test_projection_two_years():
    """q = 0.1 everywhere, no improvement, asfr only at 15, TFR 0.5, SRB 1,
    no migration.  P(2020): female 14 = 100, female 15 = 200, male 99 = 10,
    male 100 = 5 (total 315)."""
    pop = zeros()
    pop[1][14], pop[1][15], pop[0][99], pop[0][100] = 100.0, 200.0, 10.0, 5.0
    inp = Inputs(2020, 2022, pop, const_q(0.1), 0.0, asfr_only(15), {2020: 0.5},
                 1.0, 0.0, None)
    res = project(inp)
    d = {r["year"]: r for r in res.demography}

    # Step 2020 -> 2021
    # S: f14 = 90, f15 = 180, m99 = 9, m100 = 4.5
    # aging: f15 = 90, f16 = 180, m100 = 9 + 4.5 = 13.5
    # f[15] = 1 * 0.5 / 1 = 0.5; F[15] = 200, F'[15] = S[f][14] = 90
    # B = 0.5 * (200 + 90)/2 = 72.5; SRB 1 -> boys = girls = 36.25
    # age 0 = 36.25 * (1 - 0.05) = 34.4375 each sex
    # deaths = 315*0.1 + 72.5*0.05 = 31.5 + 3.625 = 35.125
    # P(2021) = 90 + 180 + 13.5 + 2*34.4375 = 352.375 = 315 + 72.5 - 35.125
    p21 = res.population[2021]
    check("2021 f15", p21[1][15], 90.0)
    check("2021 f16", p21[1][16], 180.0)
    check("2021 m100", p21[0][100], 13.5)
    check("2021 m0", p21[0][0], 34.4375)
    check("2021 f0", p21[1][0], 34.4375)
    check("2021 f14 empty", p21[1][14], 0.0)
    check("2020 births", d[2020]["births"], 72.5)
    check("2020 deaths", d[2020]["deaths"], 35.125)
    check("2020 net_migration", d[2020]["net_migration"], 0.0)
    check("2020 clamped", d[2020]["clamped"], 0.0)
    check("2021 population", d[2021]["population"], 352.375)
    check("2021 male", d[2021]["male"], 13.5 + 34.4375)
    check("2021 female", d[2021]["female"], 90 + 180 + 34.4375)
    # cbr = 72.5 / ((315 + 352.375)/2) * 1000 = 72.5 / 333.6875 * 1000
    check("2020 cbr", d[2020]["cbr"], 72500.0 / 333.6875)
    check("2020 cdr", d[2020]["cdr"], 35125.0 / 333.6875)

    # 2020 stocks: P0-14 = 100, P15-64 = 200, P65+ = 15
    check("2020 population", d[2020]["population"], 315.0)
    check("2020 old_age_dependency 15/200", d[2020]["old_age_dependency"], 0.075)
    check("2020 total_dependency 115/200", d[2020]["total_dependency"], 0.575)
    check("2020 median 15.2875", d[2020]["median_age"], 15.2875)
    check("2020 age_60_plus", d[2020]["age_60_plus"], 15.0)
    check("2020 age_80_plus", d[2020]["age_80_plus"], 15.0)
    check("2020 age_0", d[2020]["age_0"], 0.0)
    check("2020 tfr", d[2020]["tfr"], 0.5)
    check("2020 e0_male", d[2020]["e0_male"], 9.5)
    check("2022 e60_female", d[2022]["e60_female"], 9.5)

    # Step 2021 -> 2022
    # S: m0 = f0 = 30.99375, f15 = 81, f16 = 162, m100 = 12.15
    # F[15] = 90, F'[15] = S[f][14] = 0 -> B = 0.5 * 90/2 = 22.5, 11.25 per sex
    # age 0 = 11.25 * 0.95 = 10.6875
    # deaths = 352.375*0.1 + 22.5*0.05 = 35.2375 + 1.125 = 36.3625
    # P(2022) = 2*10.6875 + 2*30.99375 + 81 + 162 + 12.15 = 338.5125
    p22 = res.population[2022]
    check("2022 m0", p22[0][0], 10.6875)
    check("2022 f1", p22[1][1], 30.99375)
    check("2022 f16", p22[1][16], 81.0)
    check("2022 f17", p22[1][17], 162.0)
    check("2022 m100", p22[0][100], 12.15)
    check("2021 births", d[2021]["births"], 22.5)
    check("2021 deaths", d[2021]["deaths"], 36.3625)
    check("2022 population", d[2022]["population"], 338.5125)
    # 2022 ages: 0: 21.375, 1: 61.9875 -> age_1 = 61.9875, age_2 = 0
    check("2022 age_0", d[2022]["age_0"], 21.375)
    check("2022 age_1", d[2022]["age_1"], 61.9875)
    # last row: flows empty
    for c in popref.FLOW_COLUMNS:
        if d[2022][c] is not None:
            FAILS.append("last row flow %s not empty" % c)
    check("rows", len(res.demography), 3)


# --------------------------------------------------------------------------- projection 2
def test_migration_clamp_improvement():
    """q = 0.1, improvement 0.5 (q(2021) = 0.05), no births (no women 14..49),
    shares m31 = 2, f0 = 2 (normalised 1/2 each), migration path
    {2019: -40, 2023: 40}: total(2020) = -40 + 80*(1/4) = -20, total(2021) = 0.
    P(2020): male 30 = 10, female 60 = 10 (past fertility)."""
    pop = zeros()
    pop[0][30] = 10.0
    pop[1][60] = 10.0
    share = zeros()
    share[0][31] = 2.0
    share[1][0] = 2.0
    inp = Inputs(2020, 2022, pop, const_q(0.1), 0.5, asfr_only(20),
                 {2020: 1.5}, {2000: 1.0, 2040: 1.2}, {2019: -40.0, 2023: 40.0}, share)
    res = project(inp)
    d = {r["year"]: r for r in res.demography}
    # 2020 -> 2021: M[m][31] = M[f][0] = -10
    # m31 = 10*0.9 - 10*(1 - 0.05) = 9 - 9.5 = -0.5 -> clamp 0, clamped 0.5
    # f0 = 0 (no births) - 9.5 -> clamp, clamped 9.5; total clamped 10
    # f61 = 10*0.9 = 9
    # deaths = 20*0.1 + (-10*0.05) + (-10*0.05) = 2 - 1 = 1
    # identity: 20 + 0 - 1 - 20 + 10 = 9
    check("2020 net_migration", d[2020]["net_migration"], -20.0)
    check("2020 clamped", d[2020]["clamped"], 10.0)
    check("2020 deaths", d[2020]["deaths"], 1.0)
    check("2020 births", d[2020]["births"], 0.0)
    check("2021 population", d[2021]["population"], 9.0)
    check("2021 m31", res.population[2021][0][31], 0.0)
    check("2021 f0", res.population[2021][1][0], 0.0)
    check("2021 f61", res.population[2021][1][61], 9.0)
    # cdr with mean population (20 + 9)/2 = 14.5 -> 1000/14.5
    check("2020 cdr", d[2020]["cdr"], 1000.0 / 14.5)
    # 2021 -> 2022: q = 0.05, f62 = 9*0.95 = 8.55, deaths 0.45, no migration
    check("2021 deaths", d[2021]["deaths"], 0.45)
    check("2022 population", d[2022]["population"], 8.55)
    # 2022: only age 62 -> P15-64 = 8.55, P65+ = 0 -> old-age dependency 0;
    # median: half = 4.275, age 62 -> 62 + 4.275/8.55 = 62.5
    check("2022 old_age_dependency", d[2022]["old_age_dependency"], 0.0)
    check("2022 median 62.5", d[2022]["median_age"], 62.5)
    # 2021: total 0, q = 0.05 everywhere; life expectancy (1 - 0.025)/0.05 = 19.5
    check("2021 net_migration", d[2021]["net_migration"], 0.0)
    check("2021 e0_female", d[2021]["e0_female"], 19.5)
    check("2022 e60_male q=0.025", d[2022]["e60_male"], (1 - 0.0125) / 0.025)
    check("2020 e0_male", d[2020]["e0_male"], 9.5)


def test_migration_positive_and_births():
    """q = 0.2 (via mx = 0.2/(1-0.1) = 2/9 -> q = (2/9)/(1 + 1/9) = 0.2), no
    improvement, asfr 2 at 20 and 2 at 30 (sum 4), TFR 2 -> f[20] = f[30] = 1.
    SRB 3 -> boys 3/4 of births.  P(2020): female 19 = 100, female 20 = 50,
    female 30 = 10.  Migration +8 with shares female 21 = 1, male 0 = 1 -> +4 each."""
    tmp = tempfile.mkdtemp(prefix="popref_selftest_")
    try:
        with open(os.path.join(tmp, "pop.csv"), "w") as fh:
            fh.write("sex,age,population\nfemale,19,100\nfemale,20,50\nfemale,30,10\n")
        with open(os.path.join(tmp, "m.csv"), "w") as fh:
            fh.write("sex,age,mx\n")
            for s in ("male", "female"):
                for a in range(N):
                    fh.write("%s,%d,%r\n" % (s, a, 2.0 / 9.0))
        with open(os.path.join(tmp, "asfr.csv"), "w") as fh:
            fh.write("age,asfr\n20,2\n30,2\n")
        with open(os.path.join(tmp, "mig.csv"), "w") as fh:
            fh.write("sex,age,share\nfemale,21,0.25\nmale,0,0.25\n")
        with open(os.path.join(tmp, "s.lua"), "w") as fh:
            fh.write("""-- selftest scenario
return {
  name = "selftest", base_year = 2020, end_year = 2021,
  population = {
    base = "pop.csv", mortality = "m.csv", mortality_improvement = 0,
    fertility = "asfr.csv", tfr = { [2020] = 2.0 }, srb = { [1990] = 3, },
    net_migration = { total = { [2020] = 8 }, distribution = 'mig.csv' },
  },
}
""")
        res = popref.run_scenario_file(os.path.join(tmp, "s.lua"))
        out = os.path.join(tmp, "out")
        popref.write_outputs(res, out)
        with open(os.path.join(out, "demography.csv")) as fh:
            lines = fh.read().splitlines()
        if lines[0] != ",".join(popref.DEMOGRAPHY_COLUMNS):
            FAILS.append("demography header")
        if not lines[2].split(",")[4] == "":
            FAILS.append("last row births not empty")
        with open(os.path.join(out, "population.csv")) as fh:
            plines = fh.read().splitlines()
        if len(plines) != 1 + 2 * 2 * N or plines[1] != "2020,male,0,0.0" \
                or plines[102] != "2020,female,0,0.0":
            FAILS.append("population.csv layout: %r %r" % (plines[1], plines[102]))
    finally:
        shutil.rmtree(tmp)
    d = res.demography[0]
    # S: f19 = 80, f20 = 40, f30 = 8 -> P' f20 = 80, f21 = 40, f31 = 8
    # births: age 20: F = 50, F' = S[f][19] = 80 -> 1*(130)/2 = 65
    #         age 30: F = 10, F' = S[f][29] = 0  -> 1*10/2 = 5      B = 70
    # boys = 70*3/4 = 52.5, girls = 17.5
    # m0 = 52.5*0.9 + 4*0.9 = 50.85 ; f0 = 17.5*0.9 = 15.75
    # f21 = 40 + 4*0.9 = 43.6
    # deaths = 160*0.2 + 70*0.1 + 8*0.1 = 32 + 7 + 0.8 = 39.8
    # P(2021) = 160 + 70 - 39.8 + 8 = 198.2
    #         = 80 + 43.6 + 8 + 50.85 + 15.75 = 198.2
    p = res.population[2021]
    check("mx births", d["births"], 70.0)
    check("mx deaths", d["deaths"], 39.8)
    check("mx net_migration", d["net_migration"], 8.0)
    check("mx m0", p[0][0], 50.85)
    check("mx f0", p[1][0], 15.75)
    check("mx f21", p[1][21], 43.6)
    check("mx f20", p[1][20], 80.0)
    check("mx f31", p[1][31], 8.0)
    check("mx pop 2021", res.demography[1]["population"], 198.2)
    check("mx tfr", d["tfr"], 2.0)
    # e0 with q = 0.2: (1 - 0.1)/0.2 = 4.5
    check("mx e0", d["e0_female"], 4.5)
    # 2020 median: N = 160, half 80: cum through 19 = 100 >= 80 -> 19 + 80/100 = 19.8
    check("mx median", d["median_age"], 19.8)
    # cbr = 70 / ((160 + 198.2)/2) * 1000
    check("mx cbr", d["cbr"], 70000.0 / 179.1)


def test_open_group_and_lua():
    # Survivors of 99 and 100 both end in 100; nothing stays in 99.
    pop = zeros()
    pop[1][98], pop[1][99], pop[1][100] = 1.0, 2.0, 4.0
    q = const_q(0.5)
    inp = Inputs(2000, 2001, pop, q, 0.0, asfr_only(15), 1.0, 1.05, None, None)
    res = project(inp)
    # f99 = 0.5, f100 = 1 + 2 = 3
    check("open group f99", res.population[2001][1][99], 0.5)
    check("open group f100", res.population[2001][1][100], 3.0)
    sc = popref.parse_lua_scenario("""
      --[[ long
      comment ]] return { a = -1.5e-3, b = { [2020] = 1, [2030] = -2 }, c = "x--y",
      d = { 1, 2, 3; }, e = true }
    """)
    if sc != {"a": -1.5e-3, "b": {2020: 1, 2030: -2}, "c": "x--y",
              "d": {1: 1, 2: 2, 3: 3}, "e": True}:
        FAILS.append("lua parse: %r" % (sc,))


def main():
    for t in (test_paths, test_life_expectancy, test_median, test_projection_two_years,
              test_migration_clamp_improvement, test_migration_positive_and_births,
              test_open_group_and_lua):
        try:
            t()
        except Exception as e:  # noqa: BLE001
            FAILS.append("%s raised %r" % (t.__name__, e))
    for f in FAILS:
        print("FAIL " + f)
    print("%d passed, %d failed" % (COUNT[0] - len(FAILS), len(FAILS)))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
