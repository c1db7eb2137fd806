/* households.h: households from a headship-rate projection (issue 16).
 *
 * Persons P[s][a] live in collective quarters (dormitories, institutions)
 * at rate collective[s][a]; the rest are the family-household population.
 * Households = sum P (1 - collective) headship x trend factor (each
 * household has one reference person, 户主).  Persons living alone (one-
 * person households) at rate alone[s][a], and persons 65+ in couple-only
 * households (both 65+, 空巢 with the elderly living alone) at rate
 * couple_only[s][a], both of the family-household population.  Households
 * of two persons and more are split into size classes 2, 3, 4 and 5+ by a
 * shifted Poisson distribution with their mean size (a labelled
 * assumption), the 5+ class taking the persons left so that persons add
 * up exactly.
 *
 * The module is ps_households_module (modules.c).  Home-based elderly care
 * can read households.elderly_alone, households.elderly_couple_only and
 * households.empty_nest_elderly through ps_run_column, or compute them
 * for any population with ps_households_compute.  GPL-3.0-or-later. */
#ifndef PS_HOUSEHOLDS_H
#define PS_HOUSEHOLDS_H

#include "population.h"
#include "ps_error.h"
#include "run.h"

#define PS_HH_ELDERLY_AGE 65 /* the census's household tables count 65+ */

typedef struct ps_hh_rates {
    double headship[PS_NSEX][PS_NAGE];    /* of the family-household population */
    double collective[PS_NSEX][PS_NAGE];  /* of all persons */
    double alone[PS_NSEX][PS_NAGE];       /* of the family-household population */
    double couple_only[PS_NSEX][PS_NAGE]; /* of the family-household population, ages 65+ */
} ps_hh_rates;

/* Reads CSV sex,age_from,age_to,headship,collective,alone,couple_only (sex
 * male or female; ages 0..100 covered exactly once for each sex; rates in
 * [0, 1]; alone <= headship; alone + couple_only <= 1; couple_only 0 below
 * age 65).  Errors name file, line and column. */
int ps_households_read_rates(const char *path, ps_hh_rates *r, ps_err *err);

typedef struct ps_hh_year {
    double population, collective, household_population, households, average_size;
    double size[5];        /* households of 1, 2, 3, 4 and 5+ persons */
    double persons_5plus;  /* persons in households of 5+ */
    double elderly, elderly_alone, elderly_couple_only, empty_nest_elderly;
} ps_hh_year;

/* One year's households from population p: headship and alone rates are
 * multiplied by head_factor and alone_factor (capped at 1, alone at the
 * headship rate).  Returns PS_EINPUT if households of two persons and more
 * would average under 2 persons (rates that cannot hold: too many
 * households for the persons). */
int ps_households_compute(const ps_pop *p, const ps_hh_rates *r, double head_factor,
                          double alone_factor, ps_hh_year *out, ps_err *err);

/* Size classes of `multi` households of two persons and more holding
 * `persons` persons (mean m = persons / multi >= 2): shares of 2, 3, 4 from
 * 2 + Poisson(m - 2), the 5+ class the rest; out[0..3] households of 2, 3,
 * 4 and 5+, *persons_5plus the persons left for the 5+ class. */
int ps_households_size_classes(double multi, double persons, double out[4],
                               double *persons_5plus);

/* The empty-nest elderly of `year` as the households module gives them in
 * households.csv: *alone persons 65+ living alone, *couples couple-only
 * households of two people 65+.  For a module that needs them in the same
 * year whether it steps before or after households (eldercare): once the
 * run has stepped every module up to year - 1, the module's row of `year`
 * if it has stepped `year`, else computed now with its rates and the trend
 * factors of `year` (the same numbers).  Returns PS_OK, or an error if the
 * run has no households section or `year` cannot be given yet. */
int ps_households_empty_nest(ps_run *run, int year, double *alone, double *couples,
                             ps_err *err);

#endif
