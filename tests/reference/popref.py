#!/usr/bin/env python3
"""Independent reference implementation of the policysim population model.

Written from /work/shared/MODEL.md section 1 (cohort-component, single-year age,
two sexes, one region) and the fixed conventions of the engine's interface, without
looking at the engine's C source.  Python 3 standard library only.

Usage as a program (mirrors `bin/policysim run SCENARIO.lua --out DIR` for the
population part only):

    python3 tests/reference/popref.py SCENARIO.lua --out DIR

writes DIR/population.csv and DIR/demography.csv.

Usage as a module:

    import popref
    res = popref.run_scenario_file("case/scenario.lua")
    res.population[year][sex][age]      # sex 0 = male, 1 = female
    res.demography                      # list of dicts, column -> float or None

Conventions (see MODEL.md and the test brief):
  * state P[s][a] at 1 January of year t, a = 0..100 (100 = 100+);
  * a path {year: value} is linear between its points, flat outside; the step
    t -> t+1 uses its value at t;
  * q_t = q_base * (1 - imp)^(t - base_year); mx input: q = m / (1 + m/2);
  * f[a] = asfr[a] * TFR(t) / sum(asfr), a = 15..49;
  * M[s][a] = total(t) * share[s][a] / sum(share), by age at the end of the year;
  * step: S = P(1-q); aging with open group 100; births from the mean of F(t) and
    the survivors F' of women one year younger; newborns survive with 1 - q0/2;
    migrants added with 1 - q[a]/2; negative cells clamped to 0 and counted;
  * deaths D = sum P q + sum births_s q_s0/2 + sum M q/2.
  * population.base_date (docs/MODEL.md 1): the base stock is on that date in
    base_year; the first step lasts f = (days to 1 January of base_year + 1)
    / (days in the year): q -> f q, a share f of every age moves up one age,
    births and migrants are f times a year's (women at the end are at their
    end-of-step ages), cbr/cdr of that row are per year (divided by f).
"""

import datetime

import csv
import math
import os
import sys

SEXES = ("male", "female")
MAXAGE = 100
NAGES = MAXAGE + 1
FERT_MIN, FERT_MAX = 15, 49

DEMOGRAPHY_COLUMNS = [
    "year", "population", "male", "female", "births", "deaths", "net_migration",
    "tfr", "e0_male", "e0_female", "e60_male", "e60_female", "cbr", "cdr",
    "old_age_dependency", "total_dependency", "median_age", "age_0", "age_1",
    "age_2", "age_3_5", "age_60_plus", "age_65_plus", "age_80_plus", "clamped",
]
# Flows of the year t -> t+1: empty in the last row.
FLOW_COLUMNS = ("births", "deaths", "net_migration", "cbr", "cdr", "clamped")


class RefError(Exception):
    pass


# --------------------------------------------------------------------------- paths

class Path:
    """Piecewise-linear path over integer years, flat outside its points."""

    def __init__(self, points):
        if isinstance(points, (int, float)):
            points = {0: float(points)}
        if not points:
            raise RefError("empty path")
        self.pts = sorted((float(y), float(v)) for y, v in points.items())

    def __call__(self, t):
        pts = self.pts
        t = float(t)
        if t <= pts[0][0]:
            return pts[0][1]
        if t >= pts[-1][0]:
            return pts[-1][1]
        for (y0, v0), (y1, v1) in zip(pts, pts[1:]):
            if y0 <= t <= y1:
                if t == y1:
                    return v1
                if t == y0:
                    return v0
                w = (t - y0) / (y1 - y0)
                return v0 + (v1 - v0) * w
        raise AssertionError("unreachable")


# --------------------------------------------------------------------------- inputs

def _sex_index(label):
    s = label.strip().lower()
    if s in ("male", "m"):
        return 0
    if s in ("female", "f"):
        return 1
    raise RefError("bad sex label %r" % label)


def _read_rows(path):
    with open(path, newline="") as fh:
        # Lines starting with '#' are comments (source notes in data files).
        rows = [r for r in csv.reader(fh) if r and any(c.strip() for c in r)
                and not r[0].lstrip().startswith("#")]
    if not rows:
        raise RefError("%s: empty" % path)
    header = [h.strip().lower() for h in rows[0]]
    return header, rows[1:]


def read_sex_age(path, value_cols, required_full=False):
    """Read `sex,age,<value>` -> (column name, table[2][101])."""
    header, rows = _read_rows(path)
    col = None
    for c in value_cols:
        if c in header:
            col = c
            break
    if col is None or "sex" not in header or "age" not in header:
        raise RefError("%s: expected columns sex,age,%s, got %s"
                       % (path, "|".join(value_cols), header))
    isx, iag, ival = header.index("sex"), header.index("age"), header.index(col)
    tab = [[0.0] * NAGES for _ in SEXES]
    seen = [[False] * NAGES for _ in SEXES]
    for r in rows:
        s = _sex_index(r[isx])
        a = int(float(r[iag]))
        if not 0 <= a <= MAXAGE:
            raise RefError("%s: age %d out of range" % (path, a))
        tab[s][a] = float(r[ival])
        seen[s][a] = True
    if required_full:
        for s in range(2):
            for a in range(NAGES):
                if not seen[s][a]:
                    raise RefError("%s: missing %s age %d" % (path, SEXES[s], a))
    return col, tab


def read_mortality(path):
    col, tab = read_sex_age(path, ("qx", "q", "mx", "m"), required_full=True)
    if col in ("mx", "m"):
        tab = [[m / (1.0 + m / 2.0) for m in row] for row in tab]
    for s in range(2):
        for a in range(NAGES):
            if not 0.0 <= tab[s][a] <= 1.0:
                raise RefError("%s: q out of [0,1] at %s %d" % (path, SEXES[s], a))
    return tab


def read_asfr(path):
    header, rows = _read_rows(path)
    if "age" not in header or "asfr" not in header:
        raise RefError("%s: expected columns age,asfr" % path)
    ia, iv = header.index("age"), header.index("asfr")
    asfr = [0.0] * NAGES
    for r in rows:
        a = int(float(r[ia]))
        if not FERT_MIN <= a <= FERT_MAX:
            raise RefError("%s: fertility age %d outside 15..49" % (path, a))
        asfr[a] = float(r[iv])
    return asfr


def read_by_year(path, value_cols, with_sex=True):
    """`year,[sex,]age,<value>` -> {year: table} (table[2][101], or a list
    of 101 without sex), or None when the file has no year column."""
    header, rows = _read_rows(path)
    if "year" not in header:
        return None
    col = next((c for c in value_cols if c in header), None)
    if col is None:
        raise RefError("%s: expected a column %s" % (path, "|".join(value_cols)))
    iy, ia, iv = header.index("year"), header.index("age"), header.index(col)
    isx = header.index("sex") if with_sex else None
    out = {}
    for r in rows:
        y = int(float(r[iy]))
        tab = out.setdefault(y, [[0.0] * NAGES for _ in SEXES] if with_sex else [0.0] * NAGES)
        v = float(r[iv])
        if col in ("mx", "m"):
            v = v / (1.0 + v / 2.0)
        if with_sex:
            tab[_sex_index(r[isx])][int(float(r[ia]))] = v
        else:
            tab[int(float(r[ia]))] = v
    return out


def by_year(d, t):
    """A table by year at year t: linear between the given years, flat outside."""
    ys = sorted(d)
    if t <= ys[0]:
        return d[ys[0]]
    if t >= ys[-1]:
        return d[ys[-1]]
    for y0, y1 in zip(ys, ys[1:]):
        if y0 <= t <= y1:
            w = (t - y0) / (y1 - y0)

            def mix(a, b):
                if isinstance(a, list):
                    return [mix(x, z) for x, z in zip(a, b)]
                return (1 - w) * a + w * b
            return mix(d[y0], d[y1])
    raise RefError("by_year")


class Inputs:
    def __init__(self, base_year, end_year, pop, q_base, improvement, asfr,
                 tfr, srb, mig_total, mig_share, improvement_by_age=None, base_frac=1.0,
                 q_by_year=None, asfr_by_year=None, mig_by_age=None):
        self.base_year = int(base_year)
        self.end_year = int(end_year)
        if self.end_year < self.base_year:
            raise RefError("end_year before base_year")
        self.pop = [list(map(float, row)) for row in pop]
        self.q_base = [list(map(float, row)) for row in q_base]
        self.improvement = float(improvement)
        # MODEL.md 1: "an annual improvement rate per age": q(t) = q(base) *
        # (1 - rate[s][a])^(t - base_year), on top of the uniform rate.
        self.improvement_by_age = improvement_by_age
        self.base_frac = base_frac
        # inputs by year (docs/MODEL.md 1): tables {year: ...} linear between years
        self.q_by_year = q_by_year
        self.asfr_by_year = asfr_by_year
        self.mig_by_age = mig_by_age
        self.asfr = list(map(float, asfr))
        self.tfr = tfr if isinstance(tfr, Path) else Path(tfr)
        self.srb = srb if isinstance(srb, Path) else Path(srb)
        self.mig_total = (mig_total if isinstance(mig_total, Path)
                          else Path(mig_total if mig_total is not None else 0.0))
        if mig_share is None:
            mig_share = [[0.0] * NAGES for _ in SEXES]
        tot = sum(sum(row) for row in mig_share)
        if tot == 0.0:
            # Only acceptable when migration is zero everywhere.
            if any(v != 0.0 for _, v in self.mig_total.pts):
                raise RefError("migration distribution sums to 0")
            self.mig_share = [[0.0] * NAGES for _ in SEXES]
        else:
            self.mig_share = [[v / tot for v in row] for row in mig_share]


# --------------------------------------------------------------------------- model

def q_for_year(inp, t):
    k = t - inp.base_year
    fac = (1.0 - inp.improvement) ** k
    base = by_year(inp.q_by_year, t) if inp.q_by_year else inp.q_base
    if inp.improvement_by_age is None:
        return [[qa * fac for qa in row] for row in base]
    return [[min(1.0, qa * fac * (1.0 - r) ** k) for qa, r in zip(row, rrow)]
            for row, rrow in zip(base, inp.improvement_by_age)]


def life_expectancy(q_sex, x):
    """e_x from one sex's single-year q (l_0 = 1, half year lived by decedents,
    open group living 1/m_100 with m_100 = q_100 / (1 - q_100/2))."""
    l = [0.0] * NAGES
    l[0] = 1.0
    for a in range(MAXAGE):
        l[a + 1] = l[a] * (1.0 - q_sex[a])
    L = [l[a] * (1.0 - q_sex[a] / 2.0) for a in range(MAXAGE)]
    q100 = q_sex[MAXAGE]
    if q100 == 0.0:
        raise RefError("q at age 100 is zero: open-group life expectancy undefined")
    m100 = q100 / (1.0 - q100 / 2.0)
    L.append(l[MAXAGE] / m100)
    if l[x] == 0.0:
        raise RefError("l_%d is zero" % x)
    return sum(L[x:]) / l[x]


def median_age(tot):
    n = sum(tot)
    half = n / 2.0
    cum = 0.0
    for a in range(NAGES):
        if cum + tot[a] >= half and tot[a] > 0.0:
            return a + (half - cum) / tot[a]
        cum += tot[a]
    return float("nan")


def step(inp, t, P, frac=1.0):
    """One projection step t -> t+1 (or a fraction frac of it from a base
    date to the next 1 January).  Returns (P', flows dict)."""
    q = q_for_year(inp, t)
    if frac != 1.0:
        q = [[x * frac for x in row] for row in q]
    S = [[P[s][a] * (1.0 - q[s][a]) for a in range(NAGES)] for s in range(2)]
    Pn = [[0.0] * NAGES for _ in range(2)]
    for s in range(2):
        for a in range(NAGES):               # a share frac moves up one age
            up = S[s][a] * frac
            Pn[s][a] += S[s][a] - up
            Pn[s][min(a + 1, MAXAGE)] += up

    # births
    tfr = inp.tfr(t)
    asfr = by_year(inp.asfr_by_year, t) if inp.asfr_by_year else inp.asfr
    asum = sum(asfr[FERT_MIN:FERT_MAX + 1])
    B = 0.0
    for a in range(FERT_MIN, FERT_MAX + 1):
        f = asfr[a] * tfr / asum
        F = P[1][a]
        Fp = S[1][a - 1] * frac + S[1][a] * (1.0 - frac)
        B += f * (F + Fp) / 2.0
    B *= frac
    srb = inp.srb(t)
    boys = B * srb / (1.0 + srb)
    births = [boys, B - boys]
    for s in range(2):
        Pn[s][0] += births[s] * (1.0 - q[s][0] / 2.0)

    # migration
    total = inp.mig_total(t)
    extra = by_year(inp.mig_by_age, t) if inp.mig_by_age else [[0.0] * NAGES for _ in SEXES]
    M = [[(total * inp.mig_share[s][a] + extra[s][a]) * frac for a in range(NAGES)]
         for s in range(2)]
    for s in range(2):
        for a in range(NAGES):
            Pn[s][a] += M[s][a] * (1.0 - q[s][a] / 2.0)

    clamped = 0.0
    for s in range(2):
        for a in range(NAGES):
            if Pn[s][a] < 0.0:
                clamped += -Pn[s][a]
                Pn[s][a] = 0.0

    deaths = 0.0
    for s in range(2):
        for a in range(NAGES):
            deaths += P[s][a] * q[s][a]
        deaths += births[s] * q[s][0] / 2.0
        for a in range(NAGES):
            deaths += M[s][a] * q[s][a] / 2.0
    netmig = sum(sum(row) for row in M)

    # accounting identity (internal consistency of the reference)
    before = sum(map(sum, P))
    after = sum(map(sum, Pn))
    rhs = before + B - deaths + netmig + clamped
    scale = max(abs(after), abs(before), abs(B), abs(deaths), abs(netmig), 1.0)
    if abs(after - rhs) > 1e-9 * scale:
        raise RefError("accounting identity fails in %d: %r vs %r" % (t, after, rhs))

    return Pn, {"births": B, "deaths": deaths, "net_migration": netmig,
                "clamped": clamped}


def stocks(P):
    tot = [P[0][a] + P[1][a] for a in range(NAGES)]
    n = sum(tot)

    def rng(lo, hi):
        return sum(tot[lo:hi + 1])

    p0_14, p15_64, p65 = rng(0, 14), rng(15, 64), rng(65, MAXAGE)
    return {
        "population": n,
        "male": sum(P[0]),
        "female": sum(P[1]),
        "old_age_dependency": p65 / p15_64 if p15_64 else float("nan"),
        "total_dependency": (p0_14 + p65) / p15_64 if p15_64 else float("nan"),
        "median_age": median_age(tot),
        "age_0": tot[0], "age_1": tot[1], "age_2": tot[2],
        "age_3_5": rng(3, 5),
        "age_60_plus": rng(60, MAXAGE),
        "age_65_plus": p65,
        "age_80_plus": rng(80, MAXAGE),
    }


class Result:
    def __init__(self):
        self.years = []
        self.population = {}   # year -> [2][101]
        self.demography = []   # list of dict column -> float | None


def project(inp):
    res = Result()
    P = [list(row) for row in inp.pop]
    for t in range(inp.base_year, inp.end_year + 1):
        res.years.append(t)
        res.population[t] = [list(row) for row in P]
        row = {"year": t}
        row.update(stocks(P))
        q = q_for_year(inp, t)
        row["tfr"] = inp.tfr(t)
        row["e0_male"] = life_expectancy(q[0], 0)
        row["e0_female"] = life_expectancy(q[1], 0)
        row["e60_male"] = life_expectancy(q[0], 60)
        row["e60_female"] = life_expectancy(q[1], 60)
        if t < inp.end_year:
            frac = inp.base_frac if t == inp.base_year else 1.0
            Pn, fl = step(inp, t, P, frac)
            mean = (sum(map(sum, P)) + sum(map(sum, Pn))) / 2.0 * frac
            row.update(fl)
            nan = float("nan")
            row["cbr"] = fl["births"] / mean * 1000.0 if mean else nan
            row["cdr"] = fl["deaths"] / mean * 1000.0 if mean else nan
            P = Pn
        else:
            for c in FLOW_COLUMNS:
                row[c] = None
        res.demography.append({c: row[c] for c in DEMOGRAPHY_COLUMNS})
    return res


# --------------------------------------------------------------------------- output

def _fmt(v):
    if v is None:
        return ""
    if isinstance(v, int):
        return str(v)
    return repr(float(v))


def write_outputs(res, outdir):
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "population.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["year", "sex", "age", "population"])
        for t in res.years:
            for s in range(2):
                for a in range(NAGES):
                    w.writerow([t, SEXES[s], a, _fmt(res.population[t][s][a])])
    with open(os.path.join(outdir, "demography.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(DEMOGRAPHY_COLUMNS)
        for row in res.demography:
            w.writerow([_fmt(row[c]) for c in DEMOGRAPHY_COLUMNS])


# --------------------------------------------------------------------------- Lua subset

class _LuaParser:
    """Parser for the data-only Lua subset scenarios use: `return { ... }` with
    nested table constructors, strings, numbers, booleans, nil, unary minus and
    comments.  Anything else (function calls, arithmetic) is rejected."""

    def __init__(self, text):
        self.toks = self._lex(text)
        self.i = 0

    @staticmethod
    def _lex(text):
        toks = []
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c.isspace():
                i += 1
            elif text.startswith("--", i):
                if text.startswith("--[", i):
                    j = i + 3
                    eq = 0
                    while j < n and text[j] == "=":
                        eq += 1
                        j += 1
                    if j < n and text[j] == "[":
                        close = "]" + "=" * eq + "]"
                        k = text.find(close, j + 1)
                        if k < 0:
                            raise RefError("unterminated long comment")
                        i = k + len(close)
                        continue
                k = text.find("\n", i)
                i = n if k < 0 else k + 1
            elif c in "\"'":
                j = i + 1
                buf = []
                while j < n and text[j] != c:
                    if text[j] == "\\" and j + 1 < n:
                        nxt = text[j + 1]
                        buf.append({"n": "\n", "t": "\t", "\\": "\\", '"': '"',
                                    "'": "'"}.get(nxt, nxt))
                        j += 2
                    else:
                        buf.append(text[j])
                        j += 1
                if j >= n:
                    raise RefError("unterminated string")
                toks.append(("str", "".join(buf)))
                i = j + 1
            elif text.startswith("[[", i) or text.startswith("[=", i):
                j = i + 1
                eq = 0
                while j < n and text[j] == "=":
                    eq += 1
                    j += 1
                if j < n and text[j] == "[":
                    close = "]" + "=" * eq + "]"
                    k = text.find(close, j + 1)
                    if k < 0:
                        raise RefError("unterminated long string")
                    s = text[j + 1:k]
                    if s.startswith("\n"):
                        s = s[1:]
                    toks.append(("str", s))
                    i = k + len(close)
                else:
                    toks.append(("sym", "["))
                    i += 1
            elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
                j = i
                if text.startswith(("0x", "0X"), i):
                    j = i + 2
                    while j < n and (text[j].isalnum()):
                        j += 1
                    toks.append(("num", float(int(text[i + 2:j], 16))))
                else:
                    while j < n and (text[j].isdigit() or text[j] in ".eE" or
                                     (text[j] in "+-" and text[j - 1] in "eE")):
                        j += 1
                    lit = text[i:j]
                    if any(ch in lit for ch in ".eE"):
                        toks.append(("num", float(lit)))
                    else:
                        toks.append(("num", int(lit)))
                i = j
            elif c.isalpha() or c == "_":
                j = i
                while j < n and (text[j].isalnum() or text[j] == "_"):
                    j += 1
                toks.append(("name", text[i:j]))
                i = j
            elif c in "{}[]=,;-":
                toks.append(("sym", c))
                i += 1
            else:
                raise RefError("unsupported character %r in scenario" % c)
        toks.append(("eof", None))
        return toks

    def peek(self):
        return self.toks[self.i]

    def take(self, kind=None, val=None):
        tok = self.toks[self.i]
        if (kind and tok[0] != kind) or (val is not None and tok[1] != val):
            raise RefError("scenario parse error near token %r" % (tok,))
        self.i += 1
        return tok

    def chunk(self):
        self.take("name", "return")
        v = self.value()
        if self.peek() == ("sym", ";"):
            self.take()
        self.take("eof")
        return v

    def value(self):
        tok = self.peek()
        if tok == ("sym", "-"):
            self.take()
            v = self.value()
            if not isinstance(v, (int, float)):
                raise RefError("unary minus on non-number")
            return -v
        if tok[0] in ("num", "str"):
            self.take()
            return tok[1]
        if tok[0] == "name":
            self.take()
            if tok[1] == "true":
                return True
            if tok[1] == "false":
                return False
            if tok[1] == "nil":
                return None
            raise RefError("unsupported expression %r in scenario" % tok[1])
        if tok == ("sym", "{"):
            return self.table()
        raise RefError("scenario parse error near %r" % (tok,))

    def table(self):
        self.take("sym", "{")
        out = {}
        pos = 1
        while self.peek() != ("sym", "}"):
            tok = self.peek()
            if tok == ("sym", "["):
                self.take()
                k = self.value()
                self.take("sym", "]")
                self.take("sym", "=")
                out[k] = self.value()
            elif tok[0] == "name" and self.toks[self.i + 1] == ("sym", "="):
                self.take()
                self.take("sym", "=")
                out[tok[1]] = self.value()
            else:
                out[pos] = self.value()
                pos += 1
            if self.peek() in (("sym", ","), ("sym", ";")):
                self.take()
            else:
                break
        self.take("sym", "}")
        return out


def parse_lua_scenario(text):
    return _LuaParser(text).chunk()


# --------------------------------------------------------------------------- scenario

def _path_arg(v, what):
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, dict):
        pts = {}
        for k, x in v.items():
            if not isinstance(k, (int, float)):
                raise RefError("%s: path keys must be years" % what)
            pts[k] = float(x)
        return pts
    raise RefError("%s: expected number or {[year]=value} path" % what)


def inputs_from_scenario(sc, base_dir):
    pop = sc.get("population")
    if not isinstance(pop, dict):
        raise RefError("scenario has no population table")

    def f(name):
        return os.path.join(base_dir, name)

    _, base = read_sex_age(f(pop["base"]), ("population",))
    q = read_mortality(f(pop["mortality"]))
    asfr = read_asfr(f(pop["fertility"]))
    mig = pop.get("net_migration") or {}
    share = None
    if mig.get("distribution") is not None:
        _, share = read_sex_age(f(mig["distribution"]), ("share",))
    qy = read_by_year(f(pop["mortality"]), ("qx", "q", "mx", "m"))
    ay = read_by_year(f(pop["fertility"]), ("asfr",), with_sex=False)
    my = None
    if mig.get("by_age") is not None:
        my = read_by_year(f(mig["by_age"]), ("net",))
    return Inputs(
        q_by_year=qy, asfr_by_year=ay, mig_by_age=my,
        base_frac=base_fraction(pop.get("base_date"), sc["base_year"]),
        base_year=sc["base_year"], end_year=sc["end_year"], pop=base, q_base=q,
        improvement=pop.get("mortality_improvement", 0.0) or 0.0, asfr=asfr,
        tfr=_path_arg(pop["tfr"], "tfr"), srb=_path_arg(pop.get("srb", 1.06), "srb"),
        mig_total=_path_arg(mig.get("total", 0.0), "net_migration.total"),
        mig_share=share)


def base_fraction(date, base_year):
    """Length of the first step for population.base_date (1 if unset)."""
    if not date:
        return 1.0
    d = datetime.date.fromisoformat(date)
    if d.year != base_year:
        raise RefError("base_date %s is not in base_year %d" % (date, base_year))
    nxt = datetime.date(base_year + 1, 1, 1)
    return (nxt - d).days / (nxt - datetime.date(base_year, 1, 1)).days


def run_scenario_file(path):
    with open(path) as fh:
        sc = parse_lua_scenario(fh.read())
    inp = inputs_from_scenario(sc, os.path.dirname(os.path.abspath(path)))
    return project(inp)


def main(argv):
    args = list(argv[1:])
    if args and args[0] == "run":
        args = args[1:]
    out = None
    if "--out" in args:
        k = args.index("--out")
        out = args[k + 1]
        del args[k:k + 2]
    if len(args) != 1 or out is None:
        sys.stderr.write("usage: popref.py [run] SCENARIO.lua --out DIR\n")
        return 2
    try:
        res = run_scenario_file(args[0])
    except (RefError, OSError, KeyError, ValueError) as e:
        sys.stderr.write("popref: error: %s\n" % e)
        return 1
    write_outputs(res, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
