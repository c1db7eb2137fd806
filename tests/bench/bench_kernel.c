/* bench_kernel.c: projections per second of the population kernel alone:
 * a 101-age, two-sex, 80-year projection (inputs resolved as a run does:
 * ps_pop_year_make, ps_pop_step and the identity check every year).
 * Not a test: `make bench` runs it.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "population.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int years = 80;
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    static ps_pop pop[81];
    static ps_pop_schedules s;
    ps_pop_year y;
    ps_pop_flows fl;
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++) {
            pop[0].p[x][a] = 5000.0 - 30.0 * a + 7.0 * x;
            s.q_base[x][a] = a == 100 ? 0.6 : 0.0005 + 0.00002 * a * a / (1 + x);
            s.mig_share[x][a] = 1.0 / (PS_NSEX * PS_NAGE);
        }
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++) {
        s.asfr[a] = 0.05;
        s.asfr_sum += 0.05;
    }
    long runs = 0;
    double sink = 0.0, t0 = now(), t;
    do {
        for (int k = 0; k < 100; k++, runs++) {
            double qf = 1.0;
            for (int i = 0; i < years; i++) {
                ps_pop_year_make(&s, qf, 1.3 + 1e-6 * k, 1.11, 1500.0, &y);
                ps_pop_step(&pop[i], &y, &pop[i + 1], &fl);
                sink += ps_pop_identity_error(&pop[i], &pop[i + 1], &fl);
                qf *= 0.99;
            }
        }
        t = now() - t0;
    } while (t < seconds);
    printf("kernel: %ld projections (101 ages x 2 sexes x %d years) in %.3f s: "
           "%.0f projections/s, %.0f ns per year-step (check %g)\n",
           runs, years, t, runs / t, t / runs / years * 1e9, sink);
    return 0;
}
