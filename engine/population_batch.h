/* population_batch.h: the cohort-component kernel of population.h over a
 * batch of PS_BATCH draws at once.
 *
 * Same arithmetic as ps_pop_year_make + ps_pop_step + the identity check,
 * laid out as a structure of arrays with the draws innermost
 * (p[sex][age][draw]), so that every loop over draws is a plain vector
 * loop.  Each draw's numbers are computed with the same operations in the
 * same order as the single-draw path, so a lane of the batch equals, to
 * the last bit, the single-draw projection of that draw (tested in
 * tests/unit/test_population_batch.c).  The hot functions are compiled
 * three times (GCC/Clang target_clones: x86-64-v4 with AVX-512, x86-64-v3
 * with AVX2 and FMA, and the default x86-64), the best chosen for the CPU
 * when the program starts: one portable binary.
 *
 * Pure arithmetic on caller-owned structs, like population.h.
 * GPL-3.0-or-later. */
#ifndef PS_POPULATION_BATCH_H
#define PS_POPULATION_BATCH_H

#include "population.h"

/* Draws per batch: one AVX-512 register, two AVX2 ones; small enough that
 * a year's inputs and both stocks stay in the first-level cache. */
#define PS_BATCH 8

typedef struct ps_popb {
    double p[PS_NSEX][PS_NAGE][PS_BATCH];
} ps_popb;

/* One year's kernel inputs, draw by draw (the batch form of ps_pop_year).
 * f is filled for the fertile ages PS_FERT_MIN..PS_FERT_MAX only. */
typedef struct ps_popb_year {
    double q[PS_NSEX][PS_NAGE][PS_BATCH];
    double f[PS_NAGE][PS_BATCH];
    double srb[PS_BATCH];
    double mig[PS_NSEX][PS_NAGE][PS_BATCH];
} ps_popb_year;

/* The year's draw-level parameters.  q_factor, tfr, srb and mig_total as
 * in ps_pop_year_make, one per draw.  imp_cum (or NULL): the age-specific
 * improvement factor (1 - rate)^(t - base), the same for every draw.
 * mort_mult (or NULL): a draw's mortality multiplier exp(deviation). */
typedef struct ps_popb_params {
    double q_factor[PS_BATCH];
    double tfr[PS_BATCH];
    double srb[PS_BATCH];
    double mig_total[PS_BATCH];
    const double (*imp_cum)[PS_NAGE];  /* [PS_NSEX][PS_NAGE] or NULL */
    const double *mort_mult;           /* [PS_BATCH] or NULL */
} ps_popb_params;

typedef struct ps_popb_flows {
    double births[PS_NSEX][PS_BATCH];
    double deaths[PS_NSEX][PS_BATCH];
    double net_migration[PS_NSEX][PS_BATCH];
    double clamped[PS_BATCH];
} ps_popb_flows;

/* The year's inputs for every draw: q capped at 1 after each factor (as
 * the run resolves them: q_base * q_factor, then * imp_cum, then *
 * mort_mult), f = asfr * (tfr / asfr_sum), migrants = total * share. */
void ps_popb_year_make(const ps_pop_schedules *s, const ps_popb_params *par,
                       ps_popb_year *out);

/* One step of every draw.  `in` and `out` must not alias. */
void ps_popb_step(const ps_popb *in, const ps_popb_year *y, ps_popb *out,
                  ps_popb_flows *flows);

/* Each draw's total population (the same sum as ps_pop_sum(p, 0, 100)). */
void ps_popb_total(const ps_popb *p, double total[PS_BATCH]);

/* The accounting identity of each draw (ps_pop_identity_error), from the
 * totals before and after the step; returns the largest error. */
double ps_popb_identity_error(const double before[PS_BATCH], const double after[PS_BATCH],
                              const ps_popb_flows *flows, double err[PS_BATCH]);

/* Copies draw `lane` in or out of a batch. */
void ps_popb_set(ps_popb *b, int lane, const ps_pop *p);
void ps_popb_get(const ps_popb *b, int lane, ps_pop *p);
void ps_popb_get_flows(const ps_popb_flows *f, int lane, ps_pop_flows *out);

#endif
