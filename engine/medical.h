/* medical.h: the employee and resident basic medical insurance funds
 * (职工医保, 城乡居民医保), MODEL.md section 4, as two modules, and the
 * social-insurance fund helpers that unemployment.c and work_injury.c share.
 *
 * ps_medical_employee_module runs when the scenario has a `medical_employee`
 * section, ps_medical_resident_module when it has `medical_resident`; both
 * read the employee pension module's insured population for the same year
 * (so they come after it in modules.c) and write medical_employee.csv /
 * medical_resident.csv.  docs/medical.md gives the model and every input.
 *
 * The per-year arithmetic is exported as pure functions on caller-owned
 * structs (no allocation, no I/O) so that tests can check it by hand.
 * GPL-3.0-or-later. */
#ifndef PS_MEDICAL_H
#define PS_MEDICAL_H

#include <stdio.h>

#include "module.h"
#include "population.h"
#include "ps_error.h"

extern const ps_module ps_medical_employee_module;
extern const ps_module ps_medical_resident_module;

/* ------------------------------------------------------------ cost curves */

/* Gross medical cost per person per year by sex and age (yuan). */
typedef struct ps_med_curve {
    double inpatient[PS_NSEX][PS_NAGE];
    double outpatient[PS_NSEX][PS_NAGE];
} ps_med_curve;

/* Reads a CSV sex,age,inpatient,outpatient: every (sex, age 0..100)
 * exactly once, costs in [0, 1e7].  Errors name file, line and column. */
int ps_med_read_curve(const char *path, ps_med_curve *out, ps_err *err);

/* ------------------------------------------------------------ employee year */

typedef struct ps_med_emp_in {
    double contributors[PS_NSEX][PS_NAGE]; /* person-years, from the pension module */
    double retirees[PS_NSEX][PS_NAGE];
    const ps_med_curve *cost;  /* this year's gross cost per person */
    double base;               /* contribution base per contributor, yuan/year */
    double employer_rate, employee_rate;
    int reformed;              /* 1 from the outpatient mutual-aid reform year on */
    double ia_employer_share;  /* before the reform: share of the employer part to IAs */
    double retiree_paying_share; /* retirees short of the required years who still pay */
    double retiree_ia_credit;  /* yuan per retiree per year credited to IAs by the pool */
    double inpatient_rate;     /* share of inpatient cost the scheme pays */
    double outpatient_rate;    /* share of outpatient cost the scheme (IA + pool) pays */
    double outpatient_pool_share; /* share of the covered outpatient cost the pool pays */
    double interest_rate;
    double fund_prev, ia_prev; /* pooled fund and IA balances at the end of last year */
} ps_med_emp_in;

typedef struct ps_med_emp_out {
    double contributors, retirees, insured;
    double employer_contrib, employee_contrib;
    double income_total;       /* to the pooled fund */
    double ia_income;          /* contributions credited to IAs + the retiree credit */
    double retiree_ia_credit;  /* total paid by the pool into retirees' IAs */
    double inpatient, outpatient_pool, outpatient_ia_demand, outpatient_ia;
    double out_of_pocket_unfunded; /* IA demand beyond the IA balances */
    double expenditure;        /* of the pooled fund */
    double interest, fund, ia_interest, ia_balance;
    double months_held;
} ps_med_emp_out;

/* One year of the employee scheme:
 *   payers = contributors + retiree_paying_share x retirees;
 *   employer = er x base x payers, employee = ee x base x payers;
 *   IA inflow = employee + (reformed ? 0 : ia_employer_share x employer);
 *   income_total (pool) = employer - (reformed ? 0 : ia_employer_share x employer);
 *   inpatient = sum insured x inpatient cost x inpatient_rate;
 *   covered outpatient = sum insured x outpatient cost x outpatient_rate, of which
 *   the pool pays outpatient_pool_share and the IAs the rest, up to their balance
 *   (the rest is out of pocket);
 *   expenditure = inpatient + pooled outpatient + retirees' IA credit;
 *   interest = rate x fund_prev; fund = fund_prev + interest + income - expenditure. */
void ps_med_employee_year(const ps_med_emp_in *in, ps_med_emp_out *out);

/* ------------------------------------------------------------ resident year */

typedef struct ps_med_res_in {
    double participants[PS_NSEX][PS_NAGE];
    const ps_med_curve *cost;
    double premium, subsidy;   /* yuan per participant per year */
    double inpatient_rate, outpatient_rate;
    double interest_rate, fund_prev;
} ps_med_res_in;

typedef struct ps_med_res_out {
    double participants, premium_income, subsidy_income, income_total;
    double inpatient, outpatient, expenditure, interest, fund, months_held;
} ps_med_res_out;

void ps_med_resident_year(const ps_med_res_in *in, ps_med_res_out *out);

/* Participants: (persons - employee-scheme insured, floored at 0) x rate. */
void ps_med_resident_participants(const double persons[PS_NSEX][PS_NAGE],
                                  const double employee_insured[PS_NSEX][PS_NAGE],
                                  double rate, double out[PS_NSEX][PS_NAGE]);

/* The cost index K: K(base) = (1 + back_growth)^-(curve_year - base), so
 * that the curve's yuan of curve_year are brought back to the base year;
 * then K(t) = K(t-1) x wage(t)/wage(t-1) x (1 + excess(t)). */
double ps_med_cost_index_base(int base_year, int curve_year, double back_growth);
double ps_med_cost_index_next(double prev, double wage_prev, double wage, double excess);

/* ------------------------------------------------------------ fund helpers
 * Shared by the medical, unemployment and work-injury modules. */

/* fund == fund_prev + interest + income - expenditure to 1e-9 relative, or
 * PS_EINTERNAL naming the module and the year. */
int ps_sifund_check(const char *module, int year, double fund_prev, double interest,
                    double income, double expenditure, double fund, ps_err *err);

/* Months of expenditure held: fund / (expenditure / 12); NaN if no spending. */
double ps_sifund_months(double fund, double expenditure);

/* A read-only view of a results table for the fund helpers below: ny rows
 * of ncol doubles (NaN = empty), columns declared by cols.  The modules keep
 * their results in a ps_table (table.h); the view borrows its values. */
typedef struct ps_sitab {
    int base, ny, ncol;
    const ps_column_def *cols;
    double *v;
} ps_sitab;

/* A read-only view of a one-group ps_table (table.h) as a ps_sitab, for the
 * fund helpers below (ps_sifund_summarize, ps_sifund_headline) of modules
 * that keep their results in a ps_table.  Never freed; v is NULL for NULL
 * or a grouped table. */
ps_sitab ps_sitab_view(const ps_table *t);

double *ps_sitab_row(ps_sitab *t, int year); /* NULL outside the years */
/* First year whose column `col` is below zero, or 0 for none. */
int ps_sitab_depletion_year(const ps_sitab *t, int col);

/* A "number"/"integer" key of a module: its value or the default,
 * range-checked with the scenario file and line in the message.  *set is 1
 * if a value (or a default) exists. */
int ps_sifund_number(ps_scenario *sc, const char *key, int *set, double *out, ps_err *err);

/* The employee pension's results for `year` (this run, already stepped):
 * contributors and retirees by sex and age, the average wage W(t), the
 * contribution base per contributor and the average pension (yuan/month).
 * PS_EINPUT naming `who` if the scenario has no pension_employee section. */
int ps_sifund_pension(ps_run *run, const char *who, int year,
                      double contributors[PS_NSEX][PS_NAGE],
                      double retirees[PS_NSEX][PS_NAGE], double *wage, double *base,
                      double *avg_pension, ps_err *err);

/* Persons by sex and age lived in `year`: the mean of the stocks on 1
 * January of year and year+1 (the stock of `year` in the last year). */
int ps_sifund_persons(ps_run *run, int year, double out[PS_NSEX][PS_NAGE], ps_err *err);

/* The fund's headline sentence (summary.h, ps_headline_fund), saying who
 * holds the fund as its module declares (module.h `holder`,
 * PS_HOLDER_DECLARED). */
int ps_sifund_headline(ps_headline *h, const ps_sitab *t, int col_fund, int rank,
                       const char *name_zh, const char *name_en);

/* Adds the summary rows every fund has (labelled "name_zh..." and
 * "name_en: ...", units declared): PREFIX_depletion_year (or none),
 * PREFIX_insured_Y, PREFIX_fund_Y for Y in 2025, 2030, 2035 within the
 * horizon, and with a plan target PREFIX_plan_insured_Y and
 * PREFIX_plan_met_Y (within 0.5% of the target).  Errors stick to s. */
void ps_sifund_summarize(ps_summary *s, const ps_sitab *t, const char *prefix,
                         const char *name_zh, const char *name_en, int col_insured,
                         int col_fund, int plan_year, int has_target, double target);
/* PREFIX_months_held_Y for Y in 2025, 2030, 2035 within the horizon. */
void ps_sifund_summarize_months(ps_summary *s, const ps_sitab *t, const char *prefix,
                                const char *name_zh, const char *name_en, int col_months);

#endif
