#!/usr/bin/env python3
"""Compare the C engine's population projection with the independent reference
popref.py on seeded pseudo-random cases.

Usage:
    python3 tests/reference/compare.py [ENGINE_BINARY] [--keep] [--cases 1,3]

ENGINE_BINARY defaults to ./bin/policysim relative to the repository root.
For every case the script writes the input CSVs and scenario.lua in a temporary
directory, runs `ENGINE run scenario.lua --out DIR`, runs popref in-process on the
same files, and compares every number of population.csv and demography.csv
(relative error <= 1e-6, or absolute error <= 1e-9 where the expected magnitude
is below 1e-3).  Prints one line per case and finally `N passed, M failed`;
exits non-zero on any failure.  --keep leaves the temporary directories in place
(their paths are printed) for inspection.
"""

import csv
import math
import io
import os
import re
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import popref  # noqa: E402

N = popref.NAGES
REL_TOL = 1e-6
ABS_TOL = 1e-9
SMALL = 1e-3
MAX_REPORT = 8


# --------------------------------------------------------------------------- generators

def smooth_shape(rng, scale):
    """A plausible age pyramid with random cohort bumps and noise."""
    ret_age = rng.uniform(55, 80)
    bumps = [(rng.uniform(0, 90), rng.uniform(2, 8), rng.uniform(-0.4, 0.8))
             for _ in range(rng.randint(2, 5))]
    pop = [[0.0] * N for _ in range(2)]
    for s in range(2):
        for a in range(N):
            base = 1.0 / (1.0 + math.exp((a - ret_age) / rng.uniform(5, 9)))
            for c, w, h in bumps:
                base *= 1.0 + h * math.exp(-((a - c) / w) ** 2)
            base *= rng.uniform(0.9, 1.1) * (1.0 + 0.08 * s * a / 100.0)
            pop[s][a] = base
    if rng.random() < 0.5:
        # integer counts (as in a census table)
        return [[float(round(v * scale)) for v in row] for row in pop]
    return [[v * scale for v in row] for row in pop]


def q_table(rng, open_q=None):
    """Gompertz-Makeham q with a higher infant rate; values in (0, 1)."""
    out = []
    A = rng.uniform(2e-4, 1e-3)
    B = rng.uniform(2e-5, 8e-5)
    c = rng.uniform(0.085, 0.105)
    for s in range(2):
        sex_f = 1.0 if s == 0 else rng.uniform(0.5, 0.8)
        row = []
        for a in range(N):
            q = (A + B * math.exp(c * a)) * sex_f
            if a == 0:
                q = rng.uniform(0.002, 0.02)
            row.append(min(q, 0.95))
        row[N - 1] = open_q[s] if open_q else rng.uniform(0.3, 0.7)
        out.append(row)
    return out


def mx_table(rng):
    out = []
    A = rng.uniform(2e-4, 1e-3)
    B = rng.uniform(2e-5, 8e-5)
    c = rng.uniform(0.085, 0.105)
    for s in range(2):
        sex_f = 1.0 if s == 0 else rng.uniform(0.5, 0.8)
        row = [min((A + B * math.exp(c * a)) * sex_f, 1.5) for a in range(N)]
        row[0] = rng.uniform(0.003, 0.02)
        row[N - 1] = rng.uniform(0.4, 0.9)
        out.append(row)
    return out


def asfr_schedule(rng, zeros=False):
    peak = rng.uniform(24, 32)
    width = rng.uniform(4, 8)
    level = rng.uniform(0.02, 0.2)
    sched = {}
    for a in range(15, 50):
        v = level * math.exp(-((a - peak) / width) ** 2) + rng.uniform(0, 1e-3)
        if zeros and (a < 18 or a > 45 or rng.random() < 0.15):
            v = 0.0
        sched[a] = v
    return sched


def path(rng, base_year, end_year, lo, hi, npts):
    """Several points, some before base_year and some after end_year."""
    years = set()
    years.add(base_year - rng.randint(1, 15))
    years.add(end_year + rng.randint(1, 15))
    while len(years) < npts:
        years.add(rng.randint(base_year, end_year))
    return {y: rng.uniform(lo, hi) for y in sorted(years)}


def mig_shares(rng, concentrate=None):
    sh = [[0.0] * N for _ in range(2)]
    peak = rng.uniform(20, 35)
    for s in range(2):
        for a in range(N):
            sh[s][a] = math.exp(-((a - peak) / 10.0) ** 2) + 0.02 * rng.random()
    if concentrate:
        for (s, a), w in concentrate.items():
            sh[s][a] = w
    return sh


def make_case(k):
    rng = random.Random(1000 + k)
    base_year = rng.choice([2015, 2020, 2021, 2023, 2024])
    c = {"name": "ref_case_%d" % k, "base_year": base_year}
    if k == 1:
        # Typical county, q table, high-entropy improvement, SRB scalar.
        c["end_year"] = base_year + 50
        c["pop"] = smooth_shape(rng, rng.uniform(2000, 9000))
        c["mort_kind"] = "qx"
        c["mort"] = q_table(rng)
        c["imp"] = 0.0137
        c["asfr"] = asfr_schedule(rng)
        c["tfr"] = path(rng, base_year, c["end_year"], 0.8, 1.9, 5)
        c["srb"] = 1.0 + rng.uniform(0.03, 0.15)
        c["mig_total"] = path(rng, base_year, c["end_year"], -3000, 5000, 6)
        c["mig_share"] = mig_shares(rng)
    elif k == 2:
        # mx table, random improvement, SRB path, asfr with zeros, 80 years.
        c["end_year"] = base_year + 80
        c["pop"] = smooth_shape(rng, rng.uniform(300, 1500))
        c["mort_kind"] = "mx"
        c["mort"] = mx_table(rng)
        c["imp"] = rng.uniform(0.005, 0.02)
        c["asfr"] = asfr_schedule(rng, zeros=True)
        c["tfr"] = path(rng, base_year, c["end_year"], 1.0, 2.3, 4)
        c["srb"] = path(rng, base_year, c["end_year"], 1.02, 1.2, 4)
        c["mig_total"] = path(rng, base_year, c["end_year"], -500, 800, 5)
        c["mig_share"] = mig_shares(rng)
    elif k == 3:
        # Strong emigration concentrated on nearly empty cells: clamping.
        c["end_year"] = base_year + 30
        pop = smooth_shape(rng, rng.uniform(500, 2000))
        for a in range(20, 31):
            pop[1][a] = 0.0              # a hole among young women
        pop[0][40] = 3.5
        c["pop"] = pop
        c["mort_kind"] = "qx"
        c["mort"] = q_table(rng)
        c["imp"] = rng.uniform(0.0, 0.03)
        c["asfr"] = asfr_schedule(rng)
        c["tfr"] = path(rng, base_year, c["end_year"], 1.1, 1.8, 3)
        c["srb"] = {base_year - 5: 1.15, base_year + 10: 1.05}
        c["mig_total"] = {base_year - 3: -20000.0, base_year + 5: -12000.0,
                          base_year + 12: 3000.0, c["end_year"] + 4: -4000.0}
        c["mig_share"] = mig_shares(rng, concentrate={(1, 25): 6.0, (1, 26): 4.0,
                                                       (0, 41): 3.0, (0, 0): 2.0})
    elif k == 4:
        # Tiny population: a few dozen persons, many empty cells, q_100 = 1.
        c["end_year"] = base_year + 60
        pop = [[0.0] * N for _ in range(2)]
        for _ in range(25):
            pop[rng.randrange(2)][rng.randrange(0, 95)] += rng.choice([1.0, 2.0, 0.5])
        pop[1][rng.randint(18, 30)] += 3.0
        c["pop"] = pop
        c["mort_kind"] = "qx"
        c["mort"] = q_table(rng, open_q=(1.0, 1.0))
        c["imp"] = rng.uniform(0.001, 0.03)
        c["asfr"] = asfr_schedule(rng)
        c["tfr"] = path(rng, base_year, c["end_year"], 1.5, 2.5, 3)
        c["srb"] = 1.06
        c["mig_total"] = path(rng, base_year, c["end_year"], -0.6, 1.5, 4)
        c["mig_share"] = mig_shares(rng)
    elif k == 5:
        # Aged population, all path points before base_year (flat) or a single
        # point; improvement 0; unnormalised asfr (sum far from TFR).
        c["end_year"] = base_year + 37
        pop = smooth_shape(rng, rng.uniform(100, 400))
        for s in range(2):
            for a in range(N):
                pop[s][a] *= 0.3 + a / 60.0
        c["pop"] = pop
        c["mort_kind"] = "mx"
        c["mort"] = mx_table(rng)
        c["imp"] = 0.0
        c["asfr"] = {a: v * 7.3 for a, v in asfr_schedule(rng).items()}
        c["tfr"] = {base_year - 10: 1.7, base_year - 2: 0.95}
        c["srb"] = {base_year + 7: 1.09}
        c["mig_total"] = {base_year + 100: 250.0}
        c["mig_share"] = mig_shares(rng)
    elif k == 6:
        # Paths with many points inside the horizon (a kink every few years).
        c["end_year"] = base_year + 45
        c["pop"] = smooth_shape(rng, rng.uniform(5000, 20000))
        c["mort_kind"] = "qx"
        c["mort"] = q_table(rng)
        c["imp"] = rng.uniform(0.005, 0.02)
        c["asfr"] = asfr_schedule(rng, zeros=True)
        c["tfr"] = path(rng, base_year, c["end_year"], 0.7, 2.0, 12)
        c["srb"] = path(rng, base_year, c["end_year"], 1.0, 1.2, 9)
        c["mig_total"] = path(rng, base_year, c["end_year"], -8000, 8000, 10)
        c["mig_share"] = mig_shares(rng)
    elif k == 7:
        # A census date within the base year (population.base_date): the
        # first step is a fraction of a year.
        c["end_year"] = base_year + 25
        c["pop"] = smooth_shape(rng, rng.uniform(5000, 20000))
        c["mort_kind"] = "qx"
        c["mort"] = q_table(rng)
        c["imp"] = rng.uniform(0.005, 0.02)
        c["asfr"] = asfr_schedule(rng)
        c["tfr"] = path(rng, base_year, c["end_year"], 0.8, 1.9, 4)
        c["srb"] = 1.11
        c["mig_total"] = path(rng, base_year, c["end_year"], -3000, 5000, 4)
        c["mig_share"] = mig_shares(rng)
        c["base_date"] = "%d-%02d-%02d" % (base_year, rng.randint(1, 12), rng.randint(1, 28))
    elif k == 8:
        # Inputs by year (issue 13): mortality tables at three years, two
        # fertility shapes (the later one older), signed migrants by age at
        # two years on top of total x distribution.
        c["end_year"] = base_year + 30
        c["pop"] = smooth_shape(rng, rng.uniform(5000, 20000))
        c["mort_kind"] = "qx"
        c["mort"] = q_table(rng)
        c["mort_years"] = {base_year - 3: q_table(rng), base_year + 8: q_table(rng),
                           base_year + 20: q_table(rng)}
        c["imp"] = rng.uniform(0.0, 0.01)
        c["asfr"] = asfr_schedule(rng)
        older = [0.0] * N
        for a in range(16, 50):
            older[a] = c["asfr"][a - 1] * rng.uniform(0.8, 1.2)
        c["asfr_years"] = {base_year + 2: c["asfr"], base_year + 15: older}
        c["tfr"] = path(rng, base_year, c["end_year"], 0.8, 1.9, 4)
        c["srb"] = 1.11
        c["mig_total"] = path(rng, base_year, c["end_year"], 0, 3000, 3)
        c["mig_share"] = mig_shares(rng)
        c["mig_by_age"] = {y: [[rng.uniform(-40, 60) if rng.random() < 0.5 else 0.0
                                for a in range(N)] for s in range(2)]
                           for y in (base_year + 1, base_year + 12)}
        c["base_date"] = "%d-07-01" % base_year
    else:
        raise ValueError(k)
    return c


NCASES = 8


# --------------------------------------------------------------------------- writing inputs

def lua_num(v):
    r = repr(float(v))
    if r in ("inf", "-inf", "nan"):
        raise ValueError(v)
    return r


def lua_path(v):
    if isinstance(v, dict):
        return "{ " + ", ".join("[%d] = %s" % (y, lua_num(x))
                                for y, x in sorted(v.items())) + " }"
    return lua_num(v)


def write_case(c, d):
    with open(os.path.join(d, "pop.csv"), "w") as fh:
        fh.write("sex,age,population\n")
        for s in range(2):
            for a in range(N):
                fh.write("%s,%d,%s\n" % (popref.SEXES[s], a, repr(c["pop"][s][a])))
    with open(os.path.join(d, "mort.csv"), "w") as fh:
        if c.get("mort_years"):
            fh.write("year,sex,age,%s\n" % c["mort_kind"])
            for y, tab in sorted(c["mort_years"].items()):
                for s in range(2):
                    for a in range(N):
                        fh.write("%d,%s,%d,%s\n" % (y, popref.SEXES[s], a, repr(tab[s][a])))
        else:
            fh.write("sex,age,%s\n" % c["mort_kind"])
            for s in range(2):
                for a in range(N):
                    fh.write("%s,%d,%s\n" % (popref.SEXES[s], a, repr(c["mort"][s][a])))
    with open(os.path.join(d, "asfr.csv"), "w") as fh:
        if c.get("asfr_years"):
            fh.write("year,age,asfr\n")
            for y, sch in sorted(c["asfr_years"].items()):
                for a in range(15, 50):
                    fh.write("%d,%d,%s\n" % (y, a, repr(sch[a])))
        else:
            fh.write("age,asfr\n")
            for a in range(15, 50):
                fh.write("%d,%s\n" % (a, repr(c["asfr"][a])))
    if c.get("mig_by_age"):
        with open(os.path.join(d, "migc.csv"), "w") as fh:
            fh.write("year,sex,age,net\n")
            for y, tab in sorted(c["mig_by_age"].items()):
                for s in range(2):
                    for a in range(N):
                        if tab[s][a]:
                            fh.write("%d,%s,%d,%s\n" % (y, popref.SEXES[s], a, repr(tab[s][a])))
    with open(os.path.join(d, "mig.csv"), "w") as fh:
        fh.write("sex,age,share\n")
        for s in range(2):
            for a in range(N):
                fh.write("%s,%d,%s\n" % (popref.SEXES[s], a, repr(c["mig_share"][s][a])))
    scen = """-- generated by tests/reference/compare.py
return {
  name = "%s",
  base_year = %d, end_year = %d,
  population = {
    base = "pop.csv", mortality = "mort.csv", mortality_improvement = %s,
    fertility = "asfr.csv", tfr = %s, srb = %s,
    net_migration = { total = %s, distribution = "mig.csv"%s },%s
  },
}
""" % (c["name"], c["base_year"], c["end_year"], lua_num(c["imp"]),
       lua_path(c["tfr"]), lua_path(c["srb"]), lua_path(c["mig_total"]),
       ', by_age = "migc.csv"' if c.get("mig_by_age") else "",
       '\n    base_date = "%s",' % c["base_date"] if c.get("base_date") else "")
    p = os.path.join(d, "scenario.lua")
    with open(p, "w") as fh:
        fh.write(scen)
    return p


# --------------------------------------------------------------------------- comparing

def read_csv(path):
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    rows = [r for r in rows if r]
    return rows[0], rows[1:]


class Cmp:
    def __init__(self):
        self.errors = []
        self.max_rel = 0.0
        self.max_abs_small = 0.0
        self.n = 0

    def err(self, msg):
        self.errors.append(msg)

    def num(self, where, got_s, want):
        """got_s: engine's cell text; want: reference float or None (empty)."""
        self.n += 1
        if want is None:
            if got_s.strip() != "":
                self.err("%s: expected empty, engine wrote %r" % (where, got_s))
            return
        if got_s.strip() == "":
            self.err("%s: engine cell empty, reference %r" % (where, want))
            return
        try:
            got = float(got_s)
        except ValueError:
            self.err("%s: engine wrote non-number %r (reference %r)" % (where, got_s, want))
            return
        if math.isnan(want) or math.isnan(got):
            if not (math.isnan(want) and math.isnan(got)):
                self.err("%s: engine %r, reference %r" % (where, got, want))
            return
        diff = abs(got - want)
        if abs(want) < SMALL:
            self.max_abs_small = max(self.max_abs_small, diff)
            if diff > ABS_TOL:
                self.err("%s: engine %r, reference %r (abs err %.3g)" % (where, got, want, diff))
        else:
            rel = diff / abs(want)
            self.max_rel = max(self.max_rel, rel)
            if rel > REL_TOL:
                self.err("%s: engine %r, reference %r (rel err %.3g)" % (where, got, want, rel))


def compare_outputs(res, outdir, cmp):
    # population.csv
    pth = os.path.join(outdir, "population.csv")
    if not os.path.exists(pth):
        cmp.err("engine wrote no population.csv")
    else:
        header, rows = read_csv(pth)
        if header != ["year", "sex", "age", "population"]:
            cmp.err("population.csv header %r" % header)
        else:
            expect = [(t, s, a) for t in res.years for s in range(2) for a in range(N)]
            if len(rows) != len(expect):
                cmp.err("population.csv has %d data rows, expected %d"
                        % (len(rows), len(expect)))
            for r, (t, s, a) in zip(rows, expect):
                where = "population.csv year %d %s age %d" % (t, popref.SEXES[s], a)
                if len(r) != 4:
                    cmp.err("%s: row %r has %d fields" % (where, r, len(r)))
                    continue
                try:
                    key_ok = (float(r[0]) == t and r[1].strip() == popref.SEXES[s]
                              and float(r[2]) == a)
                except ValueError:
                    key_ok = False
                if not key_ok:
                    cmp.err("%s: engine row key %r" % (where, r[:3]))
                    continue
                cmp.num(where, r[3], res.population[t][s][a])
    # demography.csv
    pth = os.path.join(outdir, "demography.csv")
    if not os.path.exists(pth):
        cmp.err("engine wrote no demography.csv")
        return
    header, rows = read_csv(pth)
    if header != popref.DEMOGRAPHY_COLUMNS:
        cmp.err("demography.csv header differs: engine %r" % header)
        # still compare the columns both have, by name
    if len(rows) != len(res.demography):
        cmp.err("demography.csv has %d data rows, expected %d"
                % (len(rows), len(res.demography)))
    cols = [c for c in popref.DEMOGRAPHY_COLUMNS if c in header]
    for r, ref in zip(rows, res.demography):
        if len(r) != len(header):
            cmp.err("demography.csv year %s: %d fields, header has %d"
                    % (ref["year"], len(r), len(header)))
            continue
        for c in cols:
            cmp.num("demography.csv year %d column %s" % (ref["year"], c),
                    r[header.index(c)], ref[c])


def run_case(k, engine, keep):
    c = make_case(k)
    d = tempfile.mkdtemp(prefix="policysim_ref_case%d_" % k)
    try:
        scen = write_case(c, d)
        res = popref.run_scenario_file(scen)
        out = os.path.join(d, "out")
        cmp = Cmp()
        try:
            proc = subprocess.run([engine, "run", scen, "--out", out], cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=300)
        except (OSError, subprocess.TimeoutExpired) as e:
            cmp.err("could not run engine %s: %s" % (engine, e))
            proc = None
        if proc is not None and proc.returncode != 0:
            cmp.err("engine exit status %d: %s" % (
                proc.returncode, proc.stderr.decode(errors="replace").strip()[-500:]))
        elif proc is not None:
            compare_outputs(res, out, cmp)
        info = ""
        if keep:
            info = " (inputs kept in %s)" % d
        clamped = sum(r["clamped"] or 0.0 for r in res.demography)
        if cmp.errors:
            print("FAIL case %d (%s, %d-%d, ref clamped %.6g): %d mismatches of %d values%s"
                  % (k, c["name"], c["base_year"], c["end_year"], clamped,
                     len(cmp.errors), cmp.n, info))
            for e in cmp.errors[:MAX_REPORT]:
                print("    " + e)
            if len(cmp.errors) > MAX_REPORT:
                print("    ... %d more" % (len(cmp.errors) - MAX_REPORT))
            return False
        print("ok case %d: max rel err %.3g (max abs err on |x|<1e-3: %.3g; %d values; "
              "%d-%d; ref clamped %.6g)%s"
              % (k, cmp.max_rel, cmp.max_abs_small, cmp.n, c["base_year"],
                 c["end_year"], clamped, info))
        return True
    finally:
        if not keep:
            shutil.rmtree(d, ignore_errors=True)


def _param_value(text):
    """A value as `policysim params` prints it: a number or {[y]=v, ...}."""
    text = text.strip()
    if text.startswith("{"):
        return {int(y): float(v) for y, v in re.findall(r"\[(\d+)\]=([^,}]+)", text)}
    return float(text)


def run_baseline(engine, scenario):
    """The Feidong baseline itself: its population inputs as the engine
    resolves them (`policysim params`), projected by popref, against the
    engine's own run of the scenario."""
    d = tempfile.mkdtemp(prefix="policysim_ref_baseline_")
    try:
        params = subprocess.run([engine, "params", scenario], cwd=REPO, check=True,
                                stdout=subprocess.PIPE).stdout.decode()
        vals = {r["key"]: r["value"] for r in csv.DictReader(io.StringIO(params))}
        g = lambda k: os.path.join(REPO, vals[k])
        _, base = popref.read_sex_age(g("population.base"), ("population",))
        _, share = popref.read_sex_age(g("population.net_migration.distribution"), ("share",))
        summ = subprocess.run([engine, "run", scenario, "--out", os.path.join(d, "out"), "-q"],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if summ.returncode != 0:
            print("FAIL baseline: engine exit %d: %s" % (summ.returncode, summ.stderr.decode()[-300:]))
            return False
        with open(os.path.join(d, "out", "manifest.json")) as fh:
            man = fh.read()
        by = int(re.search(r'"base_year": (\d+)', man).group(1))
        ey = int(re.search(r'"end_year": (\d+)', man).group(1))
        inp = popref.Inputs(
            base_year=by, end_year=ey, pop=base, q_base=popref.read_mortality(g("population.mortality")),
            improvement=_param_value(vals["population.mortality_improvement"]),
            asfr=popref.read_asfr(g("population.fertility")),
            tfr=popref._path_arg(_param_value(vals["population.tfr"]), "tfr"),
            srb=popref._path_arg(_param_value(vals["population.srb"]), "srb"),
            mig_total=popref._path_arg(_param_value(vals["population.net_migration.total"]), "mig"),
            mig_share=share,
            base_frac=popref.base_fraction(vals.get("population.base_date"), by))
        if vals.get("population.mortality_improvement_by_age"):
            _, inp.improvement_by_age = popref.read_sex_age(
                g("population.mortality_improvement_by_age"), ("rate",))
        res = popref.project(inp)
        cmp = Cmp()
        compare_outputs(res, os.path.join(d, "out"), cmp)
        if cmp.errors:
            print("FAIL baseline %s: %d mismatches" % (scenario, len(cmp.errors)))
            for e in cmp.errors[:MAX_REPORT]:
                print("    " + e)
            return False
        print("ok baseline %s: max rel err %.3g over %d values, %d-%d"
              % (scenario, cmp.max_rel, cmp.n, by, ey))
        return True
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main(argv):
    keep = "--keep" in argv
    args = [a for a in argv[1:] if a != "--keep"]
    cases = list(range(1, NCASES + 1))
    if "--cases" in args:
        i = args.index("--cases")
        cases = [int(x) for x in args[i + 1].split(",")]
        del args[i:i + 2]
    engine = args[0] if args else os.path.join(REPO, "bin", "policysim")
    engine = os.path.abspath(engine)
    passed = failed = 0
    for k in cases:
        try:
            ok = run_case(k, engine, keep)
        except Exception as e:  # noqa: BLE001  (a reference failure is a failure too)
            print("FAIL case %d: %s: %s" % (k, type(e).__name__, e))
            ok = False
        if ok:
            passed += 1
        else:
            failed += 1
    if "--cases" not in argv:
        try:
            ok = run_baseline(engine, "scenarios/feidong_baseline.lua")
        except Exception as e:  # noqa: BLE001
            print("FAIL baseline: %s: %s" % (type(e).__name__, e))
            ok = False
        passed, failed = passed + ok, failed + (not ok)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
