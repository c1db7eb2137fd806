#!/usr/bin/env python3
# bench_numpy.py: THE COMPARISON, NOT THE ENGINE.  The population kernel's
# step written in numpy and vectorised over a batch of draws, to set the C
# kernel's speed against (`make bench` prints both and their ratio).
#
# The same work as tests/bench/bench_kernel.c: per draw and year, q from the
# base schedule times the improvement factors and the draw's mortality
# multiplier (capped at 1), f from the draw's TFR, migrants from the draw's
# total; deaths, survivors aged one year, the open group, births to women
# exposed at the start and end of the year split by the SRB, infant deaths,
# migrants half exposed, negative cells clamped; totals and the accounting
# identity checked.  Arrays are (sex, age, draw), draws innermost, updated
# in place where numpy allows.  Prints one line with "N projections/s"
# (a projection = one draw of 101 ages x 2 sexes x 80 years).
#
#   python3 tests/bench/bench_numpy.py [SECONDS] [DRAWS_PER_BATCH ...]
# GPL-3.0-or-later.
import sys
import time

try:
    import numpy as np
except ImportError:
    print("numpy comparison: numpy is not installed (apt-get install python3-numpy); "
          "no ratio")
    sys.exit(0)

NS, NA, OPEN, F0, F1, YEARS, PATHS = 2, 101, 100, 15, 49, 80, 64


def setup():
    a = np.arange(NA, dtype=float)
    start = np.empty((NS, NA))
    qbase = np.empty((NS, NA))
    for x in range(NS):
        start[x] = 5000.0 - 30.0 * a + 7.0 * x
        qbase[x] = 0.0005 + 0.00002 * a * a / (1 + x)
        qbase[x, OPEN] = 0.6
    share = np.full((NS, NA), 1.0 / (NS * NA))
    imp_age = np.tile(0.01 + 0.0001 * a, (NS, 1))
    asfr = np.zeros(NA)
    asfr[F0:F1 + 1] = 0.05
    qf = 0.995 ** np.arange(YEARS)
    rng = np.random.default_rng(12345)
    mort = np.exp(np.cumsum(np.c_[np.zeros(PATHS), (rng.random((PATHS, YEARS - 1)) - 0.5) * 0.05], axis=1))
    tfr = np.empty((PATHS, YEARS))
    t = np.full(PATHS, 1.3)
    for i in range(YEARS):
        t = 1.3 + 0.7 * (t - 1.3) + (rng.random(PATHS) - 0.5) * 0.1
        tfr[:, i] = t
    srb = np.full((PATHS, YEARS), 1.11)
    mig = 1500.0 + (rng.random((PATHS, YEARS)) - 0.5) * 1000.0
    return start, qbase, share, imp_age, asfr, qf, mort, tfr, srb, mig


def project(B, data):
    """One batch of B draws, 80 years; returns the worst identity error."""
    start, qbase, share, imp_age, asfr, qf, mort, tfr, srb, mig = data
    idx = np.arange(B) % PATHS
    m_mort, m_tfr, m_srb, m_mig = mort[idx], tfr[idx], srb[idx], mig[idx]
    pop = np.repeat(start[:, :, None], B, axis=2)
    out = np.empty_like(pop)
    q = np.empty_like(pop)
    d = np.empty_like(pop)
    migr = np.empty_like(pop)
    imp_cum = np.ones((NS, NA))
    asfr_f = asfr[F0:F1 + 1, None] / asfr.sum()
    total = pop.sum(axis=(0, 1))
    worst = 0.0
    for i in range(YEARS):
        if i:
            imp_cum *= 1.0 - imp_age
        # The year's inputs for every draw.
        np.multiply((qbase * qf[i] * imp_cum)[:, :, None], m_mort[:, i], out=q)
        np.minimum(q, 1.0, out=q)
        f = asfr_f * m_tfr[:, i]
        np.multiply(share[:, :, None], m_mig[:, i], out=migr)
        # Deaths and survivors, aged one year.
        np.multiply(pop, q, out=d)
        deaths = d.sum(axis=1)
        np.subtract(pop, d, out=d)          # survivors
        out[:, 1:OPEN] = d[:, :OPEN - 1]
        out[:, OPEN] = d[:, OPEN - 1] + d[:, OPEN]
        # Births.
        births = (f * (pop[1, F0:F1 + 1] + d[1, F0 - 1:F1])).sum(axis=0) * 0.5
        s = m_srb[:, i]
        bm = births * s / (1.0 + s)
        bsex = np.stack([bm, births - bm])
        dn = bsex * q[:, 0] * 0.5
        out[:, 0] = bsex - dn
        deaths += dn
        # Migrants, half exposed; clamping.
        np.multiply(migr, q, out=d)
        d *= 0.5
        deaths += d.sum(axis=1)
        out += migr
        out -= d
        netmig = migr.sum(axis=1)
        neg = np.minimum(out, 0.0)
        clamped = -neg.sum(axis=(0, 1))
        np.maximum(out, 0.0, out=out)
        # Totals and the identity.
        after = out.sum(axis=(0, 1))
        expect = total + clamped + (bsex - deaths + netmig).sum(axis=0)
        err = np.abs(after - expect) / np.maximum(np.abs(after), 1.0)
        worst = max(worst, float(err.max()))
        total = after
        pop, out = out, pop
    return worst


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    sizes = [int(v) for v in sys.argv[2:]] or [64, 256, 1024, 4096]
    data = setup()
    best, best_b, worst = 0.0, 0, 0.0
    for B in sizes:
        t0 = time.perf_counter()
        while True:
            a = time.perf_counter()
            worst = max(worst, project(B, data))
            r = B / (time.perf_counter() - a)
            if r > best:
                best, best_b = r, B
            if time.perf_counter() - t0 > seconds / len(sizes):
                break
    print(f"numpy comparison ({np.__version__}, best batch {best_b} draws): {best:.0f} projections/s "
          f"(101 ages x 2 sexes x {YEARS} years; identity error <= {worst:.1e})")


if __name__ == "__main__":
    main()
