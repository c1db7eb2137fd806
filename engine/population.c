/* population.c: see population.h.  GPL-3.0-or-later. */
#include "population.h"

#include <math.h>
#include <string.h>

void ps_pop_year_make(const ps_pop_schedules *s, double q_factor, double tfr,
                      double srb, double mig_total, ps_pop_year *out)
{
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            double q = s->q_base[x][a] * q_factor;
            out->q[x][a] = q > 1.0 ? 1.0 : q; /* only if improvement < 0 */
            out->mig[x][a] = mig_total * s->mig_share[x][a];
        }
    double scale = tfr / s->asfr_sum;
    for (int a = 0; a < PS_NAGE; a++)
        out->f[a] = s->asfr[a] * scale;
    out->srb = srb;
}

/* Sum with four running totals: a single chain of additions is bound by
 * the adder's latency, and these sums are most of a step's time. */
static inline double sum4(const double *x, int n)
{
    /* The four totals side by side, so that the compiler adds them as
     * vectors (the same additions in the same order, so the same sums). */
    double s[4] = {0, 0, 0, 0};
    int i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++)
            s[k] += x[i + k];
    for (; i < n; i++)
        s[0] += x[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

void ps_pop_step(const ps_pop *in, const ps_pop_year *y, ps_pop *out,
                 ps_pop_flows *fl)
{
    double surv[PS_NSEX][PS_NAGE], d[PS_NAGE];
    memset(fl, 0, sizeof *fl);

    /* 1. Deaths and survivors; survivors age by one year. */
    for (int x = 0; x < PS_NSEX; x++) {
        for (int a = 0; a < PS_NAGE; a++) {
            d[a] = in->p[x][a] * y->q[x][a];
            surv[x][a] = in->p[x][a] - d[a];
        }
        fl->deaths[x] = sum4(d, PS_NAGE);
        for (int a = 1; a < PS_AGE_OPEN; a++)
            out->p[x][a] = surv[x][a - 1];
        out->p[x][PS_AGE_OPEN] = surv[x][PS_AGE_OPEN - 1] + surv[x][PS_AGE_OPEN];
    }

    /* 2. Births to women exposed at the start and at the end of the year. */
    double bw[PS_FERT_MAX - PS_FERT_MIN + 1];
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++)
        bw[a - PS_FERT_MIN] = y->f[a] * (in->p[PS_FEMALE][a] + surv[PS_FEMALE][a - 1]) * 0.5;
    double births = sum4(bw, PS_FERT_MAX - PS_FERT_MIN + 1);
    fl->births[PS_MALE] = births * y->srb / (1.0 + y->srb);
    fl->births[PS_FEMALE] = births - fl->births[PS_MALE];
    for (int x = 0; x < PS_NSEX; x++) {
        double dn = fl->births[x] * y->q[x][0] * 0.5;
        out->p[x][0] = fl->births[x] - dn;
        fl->deaths[x] += dn;
    }

    /* 3. Net migrants by age at the end of the year, half exposed. */
    for (int x = 0; x < PS_NSEX; x++) {
        int negative = 0;
        for (int a = 0; a < PS_NAGE; a++) {
            d[a] = y->mig[x][a] * y->q[x][a] * 0.5;
            out->p[x][a] += y->mig[x][a] - d[a];
            negative |= out->p[x][a] < 0.0;
        }
        fl->deaths[x] += sum4(d, PS_NAGE);
        fl->net_migration[x] = sum4(y->mig[x], PS_NAGE);
        if (negative) /* rare: emigration larger than a cell */
            for (int a = 0; a < PS_NAGE; a++)
                if (out->p[x][a] < 0.0) {
                    fl->clamped += -out->p[x][a];
                    out->p[x][a] = 0.0;
                }
    }
}

void ps_pop_step_frac(const ps_pop *in, const ps_pop_year *y, double frac, ps_pop *out,
                      ps_pop_flows *fl)
{
    double surv[PS_NSEX][PS_NAGE], q[PS_NSEX][PS_NAGE];
    memset(fl, 0, sizeof *fl);
    for (int x = 0; x < PS_NSEX; x++) {
        /* 1. Deaths within the fraction; survivors: frac of each cell ages. */
        for (int a = 0; a < PS_NAGE; a++) {
            q[x][a] = y->q[x][a] * frac;
            double d = in->p[x][a] * q[x][a];
            fl->deaths[x] += d;
            surv[x][a] = in->p[x][a] - d;
        }
        out->p[x][0] = (1 - frac) * surv[x][0];
        for (int a = 1; a < PS_AGE_OPEN; a++)
            out->p[x][a] = (1 - frac) * surv[x][a] + frac * surv[x][a - 1];
        out->p[x][PS_AGE_OPEN] = surv[x][PS_AGE_OPEN] + frac * surv[x][PS_AGE_OPEN - 1];
    }
    /* 2. Births: frac of a year at the mean of the women at the start and
     * at the end (the survivors at their end-of-step ages). */
    double births = 0;
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++) {
        double end = (1 - frac) * surv[PS_FEMALE][a] + frac * surv[PS_FEMALE][a - 1];
        births += y->f[a] * (in->p[PS_FEMALE][a] + end) * 0.5;
    }
    births *= frac;
    fl->births[PS_MALE] = births * y->srb / (1.0 + y->srb);
    fl->births[PS_FEMALE] = births - fl->births[PS_MALE];
    for (int x = 0; x < PS_NSEX; x++) {
        double dn = fl->births[x] * q[x][0] * 0.5;
        out->p[x][0] += fl->births[x] - dn;
        fl->deaths[x] += dn;
    }
    /* 3. frac of the year's migrants, by age at the end, half exposed. */
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            double m = y->mig[x][a] * frac, d = m * q[x][a] * 0.5;
            out->p[x][a] += m - d;
            fl->deaths[x] += d;
            fl->net_migration[x] += m;
            if (out->p[x][a] < 0.0) {
                fl->clamped += -out->p[x][a];
                out->p[x][a] = 0.0;
            }
        }
}

double ps_pop_identity_error(const ps_pop *in, const ps_pop *out,
                             const ps_pop_flows *fl)
{
    double before = ps_pop_sum(in, 0, PS_AGE_OPEN);
    double after = ps_pop_sum(out, 0, PS_AGE_OPEN);
    double expect = before + fl->clamped;
    for (int x = 0; x < PS_NSEX; x++)
        expect += fl->births[x] - fl->deaths[x] + fl->net_migration[x];
    double scale = fabs(after) > 1.0 ? fabs(after) : 1.0;
    return fabs(after - expect) / scale;
}

void ps_life_expectancy(const double q[PS_NAGE], double e[PS_NAGE])
{
    double l[PS_NAGE], L[PS_NAGE];
    l[0] = 1.0;
    for (int a = 0; a < PS_AGE_OPEN; a++) {
        L[a] = l[a] * (1.0 - q[a] * 0.5);
        l[a + 1] = l[a] * (1.0 - q[a]);
    }
    double qo = q[PS_AGE_OPEN];
    double m = qo / (1.0 - qo * 0.5);
    L[PS_AGE_OPEN] = l[PS_AGE_OPEN] / m;
    double T = 0.0;
    for (int a = PS_AGE_OPEN; a >= 0; a--) {
        T += L[a];
        /* Nobody reaches age a when an earlier q is 1: report 0 years left. */
        e[a] = l[a] > 0.0 ? T / l[a] : 0.0;
    }
}

/* sum4 for the modules' sums over ages (issue 18), in an AVX2 version
 * (x86-64-v3: the four totals are the four lanes of one vector, added in
 * the same order, so the same sums) and the default one, chosen by the
 * loader from the CPU as in population_batch.c. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(PS_NO_CLONES)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
static double sum4_ages(const double *x, int n)
{
    return sum4(x, n); /* inlined into each clone */
}

double ps_pop_sum_sex(const ps_pop *p, int sex, int lo, int hi)
{
    /* One age (the commonest call, in modules' loops over ages): what sum4
     * gives for one cell, x + 0 (only -0 changes, to +0), without the loop. */
    if (lo == hi)
        return p->p[sex][lo] + 0.0;
    return hi < lo ? 0.0 : sum4_ages(&p->p[sex][lo], hi - lo + 1);
}

double ps_pop_sum(const ps_pop *p, int lo, int hi)
{
    if (lo == hi)
        return (p->p[PS_MALE][lo] + 0.0) + (p->p[PS_FEMALE][lo] + 0.0);
    return ps_pop_sum_sex(p, PS_MALE, lo, hi) + ps_pop_sum_sex(p, PS_FEMALE, lo, hi);
}

double ps_pop_median_age(const ps_pop *p)
{
    double half = ps_pop_sum(p, 0, PS_AGE_OPEN) * 0.5, cum = 0.0;
    if (half <= 0.0)
        return NAN;
    for (int a = 0; a < PS_NAGE; a++) {
        double n = p->p[PS_MALE][a] + p->p[PS_FEMALE][a];
        if (cum + n >= half && n > 0.0)
            return a + (half - cum) / n;
        cum += n;
    }
    return PS_AGE_OPEN;
}
