/* work_injury.h: the work-injury insurance fund (工伤保险), MODEL.md
 * section 4, as a module (ps_work_injury_module), active when the scenario
 * has a `work_injury` section; writes work_injury.csv.
 *
 * Insured = coverage x persons aged age_min..age_max (coverage calibrated
 * to the plan's 74,000 in 2025); contributions = rate x base x insured;
 * injuries = insured x rate per 1,000; each costs a one-off amount (medical
 * care, lump sums), and a share become long-term benefit recipients
 * (disability and survivors' pensions) who leave at an exit rate.  The
 * arithmetic is a pure function for the tests.
 * GPL-3.0-or-later. */
#ifndef PS_WORK_INJURY_H
#define PS_WORK_INJURY_H

#include "module.h"

extern const ps_module ps_work_injury_module;

typedef struct ps_injury_in {
    double insured;
    double base;             /* contribution base per insured, yuan/year */
    double rate;             /* employer contribution rate (average of the classes) */
    double per_1000;         /* injuries per 1,000 insured per year */
    double claim_cost;       /* one-off cost per injury, yuan */
    double long_term_share;  /* share of injuries that give a long-term benefit */
    double long_term_exit;   /* share of long-term recipients leaving per year */
    double long_term_benefit;/* yuan per recipient per year */
    double long_term_prev;   /* recipients at the end of last year */
    double interest_rate, fund_prev;
} ps_injury_in;

typedef struct ps_injury_out {
    double injuries, new_long_term, long_term, income_total, one_off, pensions;
    double expenditure, interest, fund;
} ps_injury_out;

/* injuries = insured x per_1000 / 1000; new = injuries x share;
 * long_term = prev x (1 - exit) + new; income = rate x base x insured;
 * expenditure = injuries x claim_cost + long_term x benefit. */
void ps_injury_year(const ps_injury_in *in, ps_injury_out *out);

/* Steady-state recipients for a constant flow: injuries x share / exit
 * (0 if exit is 0). */
double ps_injury_long_term_steady(double injuries, double share, double exit_rate);

#endif
