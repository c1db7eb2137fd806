/* population.h: the cohort-component kernel (MODEL.md section 1).
 *
 * Pure arithmetic on caller-owned structs: no allocation, no I/O, no global
 * state, so any number of projections can run at once, one per thread.
 * Reading files and resolving scenario parameters happen elsewhere
 * (population_io.h, run.h); this file is what must be exactly right.
 *
 * GPL-3.0-or-later. */
#ifndef PS_POPULATION_H
#define PS_POPULATION_H

#define PS_NAGE 101       /* ages 0..100 */
#define PS_AGE_OPEN 100   /* 100 means "100 and over" */
#define PS_FERT_MIN 15
#define PS_FERT_MAX 49

enum { PS_MALE = 0, PS_FEMALE = 1, PS_NSEX = 2 };

/* Persons by sex and single age at 1 January of a year (one region). */
typedef struct ps_pop {
    double p[PS_NSEX][PS_NAGE];
} ps_pop;

/* The age schedules a projection keeps fixed, as read from the scenario's
 * files: base-year death probabilities, the fertility shape and the
 * migration age/sex shape (normalised so that its cells sum to 1). */
typedef struct ps_pop_schedules {
    double q_base[PS_NSEX][PS_NAGE];
    double asfr[PS_NAGE];       /* 0 outside 15..49 */
    double asfr_sum;            /* > 0 */
    double mig_share[PS_NSEX][PS_NAGE];
} ps_pop_schedules;

/* Everything one step t -> t+1 needs, resolved for year t. */
typedef struct ps_pop_year {
    double q[PS_NSEX][PS_NAGE];   /* probability of dying within the year */
    double f[PS_NAGE];            /* births per woman of each age this year */
    double srb;                   /* males per female at birth */
    double mig[PS_NSEX][PS_NAGE]; /* net migrants by age at the end of the year */
} ps_pop_year;

/* The flows of one step. */
typedef struct ps_pop_flows {
    double births[PS_NSEX];
    double deaths[PS_NSEX];
    double net_migration[PS_NSEX];
    double clamped;  /* persons added by clamping negative cells to 0 */
} ps_pop_flows;

/* Builds the year's inputs: q = q_base * q_factor (q_factor is the product
 * of (1 - improvement) over the years since the base year, 1 in the base
 * year), f = asfr * tfr / sum(asfr), migrants = total * share. */
void ps_pop_year_make(const ps_pop_schedules *s, double q_factor, double tfr,
                      double srb, double mig_total, ps_pop_year *out);

/* One step.  `in` and `out` must not alias.  Fills out and flows. */
void ps_pop_step(const ps_pop *in, const ps_pop_year *y, ps_pop *out,
                 ps_pop_flows *flows);

/* A step of `frac` of a year (0 < frac <= 1) from a date within the year to
 * the next 1 January (population.base_date, MODEL.md 1): deaths with
 * q*frac (deaths spread uniformly over the year), a share frac of every age
 * cell moves up one age (ages spread uniformly within the cell), births and
 * migrants are frac of the year's, and women exposed at the end are the
 * survivors at their end-of-step ages.  frac = 1 is the full step's
 * arithmetic (use ps_pop_step for it).  `in` and `out` must not alias. */
void ps_pop_step_frac(const ps_pop *in, const ps_pop_year *y, double frac, ps_pop *out,
                      ps_pop_flows *flows);

/* |P(t+1) - (P(t) + births - deaths + migration + clamped)| / P(t+1): the
 * accounting identity, which the caller requires to be below 1e-9. */
double ps_pop_identity_error(const ps_pop *in, const ps_pop *out,
                             const ps_pop_flows *flows);

/* Life expectancy at every age from one sex's q, with half a year lived by
 * those who die at each age and the open group living 1/m more years,
 * m = q/(1 - q/2).  q[PS_AGE_OPEN] must be > 0. */
void ps_life_expectancy(const double q[PS_NAGE], double e[PS_NAGE]);

/* Sums over both sexes of ages lo..hi inclusive. */
double ps_pop_sum(const ps_pop *p, int lo, int hi);
double ps_pop_sum_sex(const ps_pop *p, int sex, int lo, int hi);

/* Median age, ages taken as intervals [a, a+1): the first age at which the
 * cumulative count reaches half the total, interpolated within it. */
double ps_pop_median_age(const ps_pop *p);

#endif
