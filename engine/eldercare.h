/* eldercare.h: elderly care (养老服务), MODEL.md section 5: people 60+,
 * 65+, 80+; dependent elderly from age-specific disability rates; care beds
 * needed by care level against a supply path; community meal-service
 * users; subsidies for low-income elderly; cost.  The module is
 * ps_eldercare_module (modules.c); the readers and the arithmetic are
 * exported for the unit tests.  GPL-3.0-or-later. */
#ifndef PS_ELDERCARE_H
#define PS_ELDERCARE_H

#include "population.h"
#include "ps_error.h"

#define PS_ELDERCARE_MAX_LEVELS 8
#define PS_ELDERCARE_NAME 32

/* Care levels of the dependent (e.g. mild / moderate / severe). */
typedef struct ps_care_levels {
    int n;
    char name[PS_ELDERCARE_MAX_LEVELS][PS_ELDERCARE_NAME]; /* identifiers */
    double share[PS_ELDERCARE_MAX_LEVELS];    /* of the dependent; sum 1 */
    double bed_rate[PS_ELDERCARE_MAX_LEVELS]; /* share needing an institution bed */
    int nursing[PS_ELDERCARE_MAX_LEVELS];     /* 1: that bed must be nursing-type */
} ps_care_levels;

/* Reads CSV age_from,age_to,rate (rate in [0, 1], ages 0..100, bands
 * not overlapping) into rate[age] (ages not covered get 0).  Every age
 * from 60 to 100 must be covered.  Errors name file, line and column. */
int ps_eldercare_read_disability(const char *path, double rate[PS_NAGE], ps_err *err);

/* Reads CSV level,share,bed_rate,nursing (shares in [0, 1] summing to 1
 * within 1e-6; bed_rate in [0, 1]; nursing 0 or 1; level an identifier). */
int ps_eldercare_read_levels(const char *path, ps_care_levels *lv, ps_err *err);

/* Dependent persons: sum over ages a >= 60 of P[a] * min(1, rate[a] * scale). */
double ps_eldercare_dependent(const ps_pop *p, const double rate[PS_NAGE], double scale);

/* Beds needed for `dependent` persons: per level dependent * share * bed_rate
 * into beds[level] (OUT); returns the total; *nursing (OUT, may be NULL)
 * gets the part at levels that need nursing-type beds. */
double ps_eldercare_beds(double dependent, const ps_care_levels *lv,
                         double beds[PS_ELDERCARE_MAX_LEVELS], double *nursing);

/* Dependent persons aged age_from and over (age_from >= 60): as
 * ps_eldercare_dependent over those ages only. */
double ps_eldercare_dependent_from(const ps_pop *p, const double rate[PS_NAGE], double scale,
                                   int age_from);

/* Home-based care of the empty-nest elderly (空巢, issue 16): `alone`
 * persons 65+ living alone and `couples` couple-only households of two
 * people 65+, both from the households module; `dep65` the share of people
 * 65+ who are dependent (independence of dependency and living
 * arrangement assumed).  empty_nest = alone + 2 couples; dependent =
 * empty_nest x dep65; visits = empty_nest x visit_rate; users = dependent x
 * uptake; visit_cost = visits x visit_cost (yuan a year); care_cost = 12 x
 * users x subsidy (yuan a month). */
typedef struct ps_eldercare_home {
    double alone, couple_persons, empty_nest, dependent, visits, users, visit_cost, care_cost;
} ps_eldercare_home;
void ps_eldercare_home_care(double alone, double couples, double dep65, double visit_rate,
                            double visit_cost, double uptake, double subsidy,
                            ps_eldercare_home *out);

#endif
