/* unemployment.h: the unemployment insurance fund (失业保险), MODEL.md
 * section 4, as a module (ps_unemployment_module), active when the scenario
 * has an `unemployment` section; writes unemployment.csv.
 *
 * Insured = coverage x persons aged age_min..age_max (coverage calibrated
 * to the plan's 62,000 in 2025); contributions = rate x base x insured;
 * claimants = unemployment rate x insured x take-up; the benefit is a share
 * of the minimum wage path (失业保险条例 Art.18: below the minimum wage and
 * above the dibao).  The arithmetic is a pure function for the tests.
 * GPL-3.0-or-later. */
#ifndef PS_UNEMPLOYMENT_H
#define PS_UNEMPLOYMENT_H

#include "module.h"
#include "population.h"

extern const ps_module ps_unemployment_module;

/* coverage x sum of persons[s][a] over both sexes and ages lo..hi. */
double ps_si_insured(const double persons[PS_NSEX][PS_NAGE], int lo, int hi, double coverage);

typedef struct ps_unemp_in {
    double insured;
    double base;              /* contribution base per insured, yuan/year */
    double rate;              /* employer + employee contribution rate */
    double unemployment_rate; /* share of the insured unemployed (average in the year) */
    double take_up;           /* share of those who draw benefit */
    double benefit_share;     /* benefit as a share of the minimum wage */
    double min_wage;          /* yuan/month */
    double other_share;       /* other spending as a share of contributions */
    double interest_rate, fund_prev;
} ps_unemp_in;

typedef struct ps_unemp_out {
    double claimants, benefit, income_total, benefits, other, expenditure, interest, fund;
} ps_unemp_out;

/* claimants = insured x unemployment_rate x take_up (claimant-years);
 * benefit = benefit_share x min_wage x 12 per claimant-year;
 * income = rate x base x insured; expenditure = claimants x benefit +
 * other_share x income; interest = rate x fund_prev; fund by the identity. */
void ps_unemp_year(const ps_unemp_in *in, ps_unemp_out *out);

#endif
