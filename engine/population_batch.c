/* population_batch.c: see population_batch.h.  GPL-3.0-or-later.
 *
 * Every expression below is the single-draw one of population.c and
 * run.c (resolve_year), with the same association, so that a lane equals
 * the single-draw result bit for bit: no -ffast-math, and no contraction of
 * a*b+c into one fused multiply-add (GCC does not contract in ISO C mode;
 * Clang is told so by the pragma).  The sums use the four running totals
 * of population.c's sum4, element i going to total i % 4 and a remainder
 * beyond the last full group of four to the first total. */
#include "population_batch.h"

#include <math.h>
#include <string.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* One portable binary: the hot functions in an AVX-512 (x86-64-v4), an
 * AVX2 (x86-64-v3) and the default version, chosen by the loader from the
 * CPU (FMA is there but unused: no contraction, see above).  The exported
 * functions are plain wrappers because Clang 14 gives a cloned function
 * with external linkage no plain symbol. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(PS_NO_CLONES)
#define PS_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PS_CLONES
#endif

#define LANES for (int b = 0; b < PS_BATCH; b++)

typedef double lanes[PS_BATCH];

/* (s0 + s1) + (s2 + s3), as sum4 ends. */
static inline void sum4_end(const lanes s[4], double *out)
{
    LANES out[b] = (s[0][b] + s[1][b]) + (s[2][b] + s[3][b]);
}

/* Which of sum4's totals element i of n goes to. */
static inline int sum4_slot(int i, int n)
{
    return i < (n & ~3) ? (i & 3) : 0;
}

/* Multiplying by 1 and capping a q that is at most 1 leave it unchanged, so
 * a missing factor is a factor of 1: one loop, no branches. */
PS_CLONES
static void year_make(const ps_pop_schedules *restrict s, const ps_popb_params *restrict par,
                      ps_popb_year *restrict out)
{
    lanes mm, qf, mt;
    LANES {
        mm[b] = par->mort_mult ? par->mort_mult[b] : 1.0;
        qf[b] = par->q_factor[b];
        mt[b] = par->mig_total[b];
    }
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            double qb = s->q_base[x][a], sh = s->mig_share[x][a];
            double ic = par->imp_cum ? par->imp_cum[x][a] : 1.0;
            double *restrict q = out->q[x][a], *restrict m = out->mig[x][a];
            /* Three passes: GCC -O2 vectorises a loop with one cap, not
             * one with three in a row. */
            LANES {
                double v = qb * qf[b];
                q[b] = v > 1.0 ? 1.0 : v;
            }
            LANES {
                double v = q[b] * ic;
                q[b] = v > 1.0 ? 1.0 : v;
            }
            LANES {
                double v = q[b] * mm[b];
                q[b] = v > 1.0 ? 1.0 : v;
            }
            LANES m[b] = mt[b] * sh;
        }
    lanes scale;
    LANES scale[b] = par->tfr[b] / s->asfr_sum;
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++) {
        double asfr = s->asfr[a];
        LANES out->f[a][b] = asfr * scale[b];
    }
    LANES out->srb[b] = par->srb[b];
}

void ps_popb_year_make(const ps_pop_schedules *s, const ps_popb_params *par, ps_popb_year *out)
{
    year_make(s, par, out);
}

/* The step works on W draws at a time (the whole batch: one AVX-512
 * register), so that the running totals of each sum stay in registers. */
#define W 8
#define LW for (int l = 0; l < W; l++)
enum { NF = PS_FERT_MAX - PS_FERT_MIN + 1 };

/* Deaths, survivors aged one year and the migrants of the age they reach,
 * for sex x and draws c..c+W-1: out[a + 1] = surv[a] + (mig[a + 1] -
 * mig_deaths[a + 1]), the very sums of population.c's steps 1 and 3.  Age
 * 0 waits for the births: m0 keeps its migrants less their deaths.  The
 * survivors of women 14..48 go to sv for the births. */
static inline __attribute__((always_inline)) void sex_pass(const ps_popb *restrict in, const ps_popb_year *restrict y,
                            ps_popb *restrict out, int x, int c, double *restrict ds,
                            double *restrict du, double *restrict nm, double *restrict m0,
                            double *restrict lo, double (*restrict sv)[PS_BATCH])
{
    double s0[W] = {0}, s1[W] = {0}, s2[W] = {0}, s3[W] = {0};
    double u0[W] = {0}, u1[W] = {0}, u2[W] = {0}, u3[W] = {0};
    double t0[W] = {0}, t1[W] = {0}, t2[W] = {0}, t3[W] = {0};
    double low[W], sv99[W];
    double *const S[4] = {s0, s1, s2, s3}, *const U[4] = {u0, u1, u2, u3},
                  *const T[4] = {t0, t1, t2, t3};
    const double(*P)[PS_BATCH] = in->p[x], (*Q)[PS_BATCH] = y->q[x], (*M)[PS_BATCH] = y->mig[x];
    double(*O)[PS_BATCH] = out->p[x];
    LW {
        double m = M[0][c + l], dm = m * Q[0][c + l] * 0.5;
        u0[l] += dm;
        t0[l] += m;
        m0[l] = m - dm;
        low[l] = 0.0;
    }
#define AGE(A, J)                                                                  \
    do {                                                                           \
        int a_ = (A);                                                              \
        double sva[W];                                                             \
        LW {                                                                       \
            double d = P[a_][c + l] * Q[a_][c + l];                                \
            S[J][l] += d;                                                          \
            sva[l] = P[a_][c + l] - d;                                             \
        }                                                                          \
        if (a_ + 1 < PS_AGE_OPEN) {                                                \
            LW {                                                                   \
                double m = M[a_ + 1][c + l], dm = m * Q[a_ + 1][c + l] * 0.5;      \
                double v = sva[l] + (m - dm);                                      \
                O[a_ + 1][c + l] = v;                                              \
                U[((J) + 1) & 3][l] += dm;                                         \
                T[((J) + 1) & 3][l] += m;                                          \
                low[l] = v < low[l] ? v : low[l];                                  \
            }                                                                      \
        } else {                                                                   \
            LW sv99[l] = sva[l];                                                   \
        }                                                                          \
        if (sv && a_ >= PS_FERT_MIN - 1 && a_ < PS_FERT_MAX)                       \
            LW sv[a_ - (PS_FERT_MIN - 1)][c + l] = sva[l];                         \
    } while (0)
    for (int a = 0; a < PS_AGE_OPEN; a += 4) {
        AGE(a, 0);
        AGE(a + 1, 1);
        AGE(a + 2, 2);
        AGE(a + 3, 3);
    }
#undef AGE
    /* The open group: the survivors of 99 and of 100 and over, then its
     * migrants (element 100 of each sum goes to the first total). */
    LW {
        double d = P[PS_AGE_OPEN][c + l] * Q[PS_AGE_OPEN][c + l];
        s0[l] += d;
        double open = sv99[l] + (P[PS_AGE_OPEN][c + l] - d);
        double m = M[PS_AGE_OPEN][c + l], dm = m * Q[PS_AGE_OPEN][c + l] * 0.5;
        double v = open + (m - dm);
        O[PS_AGE_OPEN][c + l] = v;
        u0[l] += dm;
        t0[l] += m;
        low[l] = v < low[l] ? v : low[l];
    }
    LW {
        ds[c + l] = (s0[l] + s1[l]) + (s2[l] + s3[l]);
        du[c + l] = (u0[l] + u1[l]) + (u2[l] + u3[l]);
        nm[c + l] = (t0[l] + t1[l]) + (t2[l] + t3[l]);
        lo[c + l] = low[l];
    }
}

PS_CLONES
static void step(const ps_popb *restrict in, const ps_popb_year *restrict y,
                 ps_popb *restrict out, ps_popb_flows *restrict fl)
{
    lanes s[4], births, ds[PS_NSEX], du[PS_NSEX], m0[PS_NSEX], lo[PS_NSEX];
    double sv[NF][PS_BATCH]; /* survivors of women 14..48 */
    memset(fl, 0, sizeof *fl);

    /* 1 and 3. Deaths, survivors and migrants, every age but 0. */
    for (int c = 0; c < PS_BATCH; c += W) {
        sex_pass(in, y, out, PS_MALE, c, ds[PS_MALE], du[PS_MALE], fl->net_migration[PS_MALE],
                 m0[PS_MALE] + c, lo[PS_MALE], NULL);
        sex_pass(in, y, out, PS_FEMALE, c, ds[PS_FEMALE], du[PS_FEMALE],
                 fl->net_migration[PS_FEMALE], m0[PS_FEMALE] + c, lo[PS_FEMALE], sv);
    }

    /* 2. Births to women exposed at the start and at the end of the year. */
    memset(s, 0, sizeof s);
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++) {
        const double *f = y->f[a], *p0 = in->p[PS_FEMALE][a], *p1 = sv[a - PS_FERT_MIN];
        double *acc = s[sum4_slot(a - PS_FERT_MIN, NF)];
        LANES acc[b] += f[b] * (p0[b] + p1[b]) * 0.5;
    }
    sum4_end((const lanes *)s, births);
    LANES {
        double bm = births[b] * y->srb[b] / (1.0 + y->srb[b]);
        fl->births[PS_MALE][b] = bm;
        fl->births[PS_FEMALE][b] = births[b] - bm;
    }
    /* Age 0: the births less their deaths, then the migrants of age 0. */
    double any = 0.0;
    for (int x = 0; x < PS_NSEX; x++)
        LANES {
            double dn = fl->births[x][b] * y->q[x][0][b] * 0.5;
            double v = (fl->births[x][b] - dn) + m0[x][b];
            out->p[x][0][b] = v;
            fl->deaths[x][b] = (ds[x][b] + dn) + du[x][b];
            double l = v < lo[x][b] ? v : lo[x][b];
            any = l < any ? l : any;
        }

    if (any < 0.0) /* rare: emigration larger than a cell */
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++) {
                double *o = out->p[x][a];
                LANES if (o[b] < 0.0) {
                    fl->clamped[b] += -o[b];
                    o[b] = 0.0;
                }
            }
}

void ps_popb_step(const ps_popb *in, const ps_popb_year *y, ps_popb *out, ps_popb_flows *flows)
{
    step(in, y, out, flows);
}

PS_CLONES
static void total(const ps_popb *restrict p, double *restrict tot)
{
    lanes s[4], sex[PS_NSEX];
    for (int x = 0; x < PS_NSEX; x++) {
        memset(s, 0, sizeof s);
        for (int a = 0; a < PS_NAGE; a++) {
            double *acc = s[sum4_slot(a, PS_NAGE)];
            const double *v = p->p[x][a];
            LANES acc[b] += v[b];
        }
        sum4_end((const lanes *)s, sex[x]);
    }
    LANES tot[b] = sex[PS_MALE][b] + sex[PS_FEMALE][b];
}

void ps_popb_total(const ps_popb *p, double t[PS_BATCH])
{
    total(p, t);
}

double ps_popb_identity_error(const double before[PS_BATCH], const double after[PS_BATCH],
                              const ps_popb_flows *fl, double err[PS_BATCH])
{
    double worst = 0.0;
    LANES {
        double expect = before[b] + fl->clamped[b];
        for (int x = 0; x < PS_NSEX; x++)
            expect += fl->births[x][b] - fl->deaths[x][b] + fl->net_migration[x][b];
        double scale = fabs(after[b]) > 1.0 ? fabs(after[b]) : 1.0;
        err[b] = fabs(after[b] - expect) / scale;
        if (isnan(err[b]))
            worst = NAN; /* the worst of all */
        else if (err[b] > worst)
            worst = err[b];
    }
    return worst;
}

void ps_popb_set(ps_popb *bt, int lane, const ps_pop *p)
{
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            bt->p[x][a][lane] = p->p[x][a];
}

void ps_popb_get(const ps_popb *bt, int lane, ps_pop *p)
{
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            p->p[x][a] = bt->p[x][a][lane];
}

void ps_popb_get_flows(const ps_popb_flows *f, int lane, ps_pop_flows *out)
{
    for (int x = 0; x < PS_NSEX; x++) {
        out->births[x] = f->births[x][lane];
        out->deaths[x] = f->deaths[x][lane];
        out->net_migration[x] = f->net_migration[x][lane];
    }
    out->clamped = f->clamped[lane];
}
