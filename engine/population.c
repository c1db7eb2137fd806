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

void ps_pop_step(const ps_pop *in, const ps_pop_year *y, ps_pop *out,
                 ps_pop_flows *fl)
{
    double surv[PS_NSEX][PS_NAGE];
    memset(fl, 0, sizeof *fl);

    /* 1. Deaths and survivors; survivors age by one year. */
    for (int x = 0; x < PS_NSEX; x++) {
        for (int a = 0; a < PS_NAGE; a++) {
            double d = in->p[x][a] * y->q[x][a];
            surv[x][a] = in->p[x][a] - d;
            fl->deaths[x] += d;
        }
        for (int a = 1; a < PS_AGE_OPEN; a++)
            out->p[x][a] = surv[x][a - 1];
        out->p[x][PS_AGE_OPEN] = surv[x][PS_AGE_OPEN - 1] + surv[x][PS_AGE_OPEN];
    }

    /* 2. Births to women exposed at the start and at the end of the year. */
    double births = 0.0;
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++)
        births += y->f[a] * (in->p[PS_FEMALE][a] + surv[PS_FEMALE][a - 1]) * 0.5;
    fl->births[PS_MALE] = births * y->srb / (1.0 + y->srb);
    fl->births[PS_FEMALE] = births - fl->births[PS_MALE];
    for (int x = 0; x < PS_NSEX; x++) {
        double d = fl->births[x] * y->q[x][0] * 0.5;
        out->p[x][0] = fl->births[x] - d;
        fl->deaths[x] += d;
    }

    /* 3. Net migrants by age at the end of the year, half exposed. */
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            double m = y->mig[x][a];
            double d = m * y->q[x][a] * 0.5;
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

double ps_pop_sum_sex(const ps_pop *p, int sex, int lo, int hi)
{
    double s = 0.0;
    for (int a = lo; a <= hi; a++)
        s += p->p[sex][a];
    return s;
}

double ps_pop_sum(const ps_pop *p, int lo, int hi)
{
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
