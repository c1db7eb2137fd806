/* bench_kernel.c: projections per second of the population kernel alone,
 * in the form stochastic runs use.  A projection is one draw of 101 ages x
 * 2 sexes x 80 years with every year's q, f and migrants built for that
 * draw (its own mortality multiplier, TFR, SRB and migration total, the
 * age-specific improvement carried forward), the step, the totals and the
 * accounting identity checked.
 *
 * First line: the batched kernel (population_batch.h, PS_BATCH draws at a
 * time), the figure `make bench` compares with numpy.  Second line: the
 * single-draw kernel (population.h) on the same work.
 *
 * Built with the engine's own flags (make bench-kernel).  Not a test.
 * GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "population_batch.h"

#define YEARS 80
#define PATHS 64 /* distinct draws' input paths, used in turn */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rs = 12345;
static double urand(void)
{
    rs = rs * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rs >> 11) * 0x1.0p-53;
}

static ps_pop_schedules s;
static ps_pop start;
static double imp_age[PS_NSEX][PS_NAGE];
/* Each path's draw-level inputs by year. */
static double q_factor[YEARS], mort[PATHS][YEARS], tfr[PATHS][YEARS], srb[PATHS][YEARS],
    mig[PATHS][YEARS];

static void setup(void)
{
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            start.p[x][a] = 5000.0 - 30.0 * a + 7.0 * x;
            s.q_base[x][a] = a == 100 ? 0.6 : 0.0005 + 0.00002 * a * a / (1 + x);
            s.mig_share[x][a] = 1.0 / (PS_NSEX * PS_NAGE);
            imp_age[x][a] = 0.01 + 0.0001 * a;
        }
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++) {
        s.asfr[a] = 0.05;
        s.asfr_sum += 0.05;
    }
    double qf = 1.0;
    for (int i = 0; i < YEARS; i++) {
        q_factor[i] = qf;
        qf *= 0.995;
    }
    for (int k = 0; k < PATHS; k++) {
        double walk = 0, t = 1.3;
        for (int i = 0; i < YEARS; i++) {
            mort[k][i] = exp(walk);
            walk += (urand() - 0.5) * 0.05;
            t = 1.3 + 0.7 * (t - 1.3) + (urand() - 0.5) * 0.1;
            tfr[k][i] = t;
            srb[k][i] = 1.11;
            mig[k][i] = 1500.0 + (urand() - 0.5) * 1000.0;
        }
    }
}

/* The batched kernel: `batches` batches of PS_BATCH draws. */
static double run_batched(long batches)
{
    static ps_popb pop[2];
    static ps_popb_year y;
    static double imp_cum[PS_NSEX][PS_NAGE];
    double tot[2][PS_BATCH], err[PS_BATCH], worst = 0;
    ps_popb_flows fl;
    ps_popb_params par;
    for (long n = 0; n < batches; n++) {
        int k0 = (int)((n * PS_BATCH) % PATHS);
        for (int b = 0; b < PS_BATCH; b++)
            ps_popb_set(&pop[0], b, &start);
        ps_popb_total(&pop[0], tot[0]);
        for (int i = 0; i < YEARS; i++) {
            for (int x = 0; x < PS_NSEX; x++)
                for (int a = 0; a < PS_NAGE; a++)
                    imp_cum[x][a] = i == 0 ? 1.0 : imp_cum[x][a] * (1.0 - imp_age[x][a]);
            double mm[PS_BATCH];
            for (int b = 0; b < PS_BATCH; b++) {
                int k = (k0 + b) % PATHS;
                par.q_factor[b] = q_factor[i];
                par.tfr[b] = tfr[k][i];
                par.srb[b] = srb[k][i];
                par.mig_total[b] = mig[k][i];
                mm[b] = mort[k][i];
            }
            par.imp_cum = (const double(*)[PS_NAGE])imp_cum;
            par.mort_mult = mm;
            ps_popb_year_make(&s, &par, &y);
            ps_popb_step(&pop[i & 1], &y, &pop[(i + 1) & 1], &fl);
            ps_popb_total(&pop[(i + 1) & 1], tot[(i + 1) & 1]);
            double e = ps_popb_identity_error(tot[i & 1], tot[(i + 1) & 1], &fl, err);
            if (e > worst)
                worst = e;
        }
    }
    return worst;
}

/* The single-draw kernel on the same work, draw after draw. */
static double run_single(long draws)
{
    static ps_pop pop[2];
    static ps_pop_year y;
    static double imp_cum[PS_NSEX][PS_NAGE];
    ps_pop_flows fl;
    double worst = 0;
    for (long n = 0; n < draws; n++) {
        int k = (int)(n % PATHS);
        pop[0] = start;
        for (int i = 0; i < YEARS; i++) {
            ps_pop_year_make(&s, q_factor[i], tfr[k][i], srb[k][i], mig[k][i], &y);
            double m = mort[k][i];
            for (int x = 0; x < PS_NSEX; x++)
                for (int a = 0; a < PS_NAGE; a++) {
                    imp_cum[x][a] = i == 0 ? 1.0 : imp_cum[x][a] * (1.0 - imp_age[x][a]);
                    double q = y.q[x][a] * imp_cum[x][a];
                    q = q > 1.0 ? 1.0 : q;
                    q *= m;
                    y.q[x][a] = q > 1.0 ? 1.0 : q;
                }
            ps_pop_step(&pop[i & 1], &y, &pop[(i + 1) & 1], &fl);
            double e = ps_pop_identity_error(&pop[i & 1], &pop[(i + 1) & 1], &fl);
            if (e > worst)
                worst = e;
        }
    }
    return worst;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    setup();
    /* Each measure: repeated rounds for `seconds`, the best round kept
     * (other processes on a shared machine only ever slow a round down). */
    for (int which = 0; which < 2; which++) {
        double best = 0, worst = 0, t0 = now();
        long total = 0;
        do {
            long n = which == 0 ? 64 : 64 * PS_BATCH;
            double a = now();
            worst = which == 0 ? run_batched(n / PS_BATCH > 0 ? n / PS_BATCH : 1) : run_single(n);
            double r = n / (now() - a);
            if (r > best)
                best = r;
            total += n;
        } while (now() - t0 < seconds);
        if (which == 0)
            printf("kernel, batched (%d draws a batch): %.0f projections/s "
                   "(101 ages x 2 sexes x %d years; %.0f ns per draw-year; best of %ld projections; "
                   "identity error <= %.1e)\n",
                   PS_BATCH, best, YEARS, 1e9 / best / YEARS, total, worst);
        else
            printf("kernel, one draw at a time: %.0f projections/s (%.0f ns per draw-year)\n",
                   best, 1e9 / best / YEARS);
    }
    return 0;
}
