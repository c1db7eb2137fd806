/* budget.h: the county budget ledger (MODEL.md section 7, issue 12).
 *
 * Every cost line is a programme, a payer and a year, in nominal yuan:
 * budget.csv `year,programme,payer,nominal,real`.  The payers of a
 * programme sum to its total.  The budget module (ps_budget_module, in
 * modules.c after the modules it reads) computes the built-in programmes
 * (resident_pension, resident_medical, medical_assistance, land_guarantee,
 * social_assistance, childcare, elderly_care, county_employer) from the
 * other modules' results and its own keys (budget.*), and writes
 * budget.csv, pools.csv (pooled funds: NOT county liabilities),
 * budget_decomposition.csv and summary rows.
 *
 * Other modules add their own costs to the ledger through the API below
 * (docs/modules.md, "Adding costs to the county budget"):
 *
 *     // in the module's step, for year `year`:
 *     double cost = households * rate * amount;
 *     if (ps_budget_add_split(run, "housing", year, cost, central, provincial,
 *                             municipal, share_keys, err))
 *         return err->code;
 *     ps_budget_drivers(run, "housing", year, population, households);
 *
 * A module may call the API before or after the budget module steps in the
 * same year (the ledger sums as lines arrive; totals are formed when read).
 * When a run has no budget module (a unit test's module list), the calls
 * do nothing and return PS_OK.
 * GPL-3.0-or-later. */
#ifndef PS_BUDGET_H
#define PS_BUDGET_H

#include "ps_error.h"
#include "run.h"

/* Who pays a line.  `fund` is a social-insurance fund or reserve (a
 * negative fund line is money put into the reserve). */
enum {
    PS_PAYER_CENTRAL, PS_PAYER_PROVINCIAL, PS_PAYER_MUNICIPAL, PS_PAYER_COUNTY,
    PS_PAYER_FUND, PS_PAYER_INDIVIDUAL, PS_PAYER_EMPLOYER, PS_NPAYER
};

#define PS_BUDGET_MAX_PROGRAMMES 32 /* built-in ones included */
#define PS_BUDGET_MAX_POOLS 8
#define PS_BUDGET_NAME 40           /* identifier length limit, with the NUL */
#define PS_BUDGET_LABEL 96          /* a programme's label, with the NUL */

/* "central", "provincial", ...; NULL outside 0..PS_NPAYER-1. */
const char *ps_budget_payer_name(int payer);
/* The payer's index for a name, or -1. */
int ps_budget_payer_index(const char *name);

/* A programme's label for readers (lang 0 zh, 1 en): the built-in
 * programmes' names in words, any other identifier as it is. */
const char *ps_budget_programme_label(const char *programme, int lang);

/* ------------------------------------------------------------ contribution API */

/* Adds `nominal` yuan paid by `payer` to `programme` in `year` (base..end of
 * the run).  Lines for the same programme, payer and year add up.  The
 * programme is created on first use (an identifier: letters, digits, _;
 * under PS_BUDGET_NAME characters).  A non-finite amount, an unknown payer, a
 * year outside the run or a bad name is PS_EINTERNAL (a module's bug). */
int ps_budget_add(ps_run *run, const char *programme, int payer, int year, double nominal,
                  ps_err *err);

/* Splits a government cost `total` between the levels: central, provincial
 * and municipal shares, the county the remainder.  keys[0..2] name the
 * scenario keys the shares came from, for the error message; shares that
 * are negative or sum above 1 are PS_EINPUT naming the key(s) and year. */
int ps_budget_add_split(ps_run *run, const char *programme, int year, double total,
                        double central, double provincial, double municipal,
                        const char *const keys[3], ps_err *err);

/* Optional: how the report, summary and headline name a programme a module
 * adds (its Chinese and English labels, copied; at most PS_BUDGET_LABEL - 1
 * bytes each, longer ones are cut at a character boundary).  Without it the
 * programme's name is its label.  Does nothing when the run has no budget
 * module or the name is not a programme identifier. */
void ps_budget_label(ps_run *run, const char *programme, const char *label_zh,
                     const char *label_en);

/* Optional: the programme's drivers in `year`, for the decomposition of
 * its cost growth (MODEL.md 7): `population` the people it concerns
 * (demography), `recipients` those who receive it (coverage = recipients /
 * population); the benefit level is cost / recipients / price index.
 * Without drivers, the whole real change counts as benefit level. */
void ps_budget_drivers(ps_run *run, const char *programme, int year, double population,
                       double recipients);

/* A pooled fund (employee pension, medical insurance...) in `year`: the gap
 * (the subsidy the pool would need for the county's insured) and the
 * county's net position in the pool (contributions collected in the county
 * minus benefits paid there).  pools.csv; never counted as a county cost. */
int ps_budget_add_pool(ps_run *run, const char *fund, int year, double gap,
                       double net_position, ps_err *err);

/* The ledger's amount for programme, payer and year so far (nominal yuan),
 * or NaN if the run has no budget module, the programme is unknown or the
 * year is outside the run. */
double ps_budget_cell(ps_run *run, const char *programme, int payer, int year);

/* ------------------------------------------------------------ pure pieces (tested) */

/* Checks shares[0..2] (central, provincial, municipal): each >= 0 and the
 * sum <= 1 (+1e-12).  Error PS_EINPUT: "'KEY' is -0.1 in 2030: a share
 * cannot be negative" or "'K1' + 'K2' + 'K3' = 1.2 in 2030: shares ...". */
int ps_budget_check_shares(const double shares[3], const char *const keys[3], int year,
                           ps_err *err);

/* Splits total into out[PS_NPAYER]: central, provincial, municipal by the
 * shares, county the remainder, the other payers 0.  Shares unchecked. */
void ps_budget_split(double total, double central, double provincial, double municipal,
                     double out[PS_NPAYER]);

/* Present value of x[0..n-1] at rate r, x[0] undiscounted. */
double ps_budget_pv(const double *x, int n, double r);

/* The fiscal gap: the constant share g of revenue that funds the present
 * value of cost over the horizon, PV(cost) / PV(revenue); NaN if PV(revenue)
 * is not positive. */
double ps_budget_fiscal_gap(const double *cost, const double *revenue, int n, double r);

/* Log-mean Divisia (LMDI-I) decomposition of the change of a product
 * C = prod f[k] from year 0 to year 1: part[k] = L(C1, C0) ln(f1[k] / f0[k]),
 * L(a, b) = (a - b) / ln(a / b) (= a when a == b).  The parts add up to
 * C1 - C0.  Every factor must be positive; returns -1 (parts untouched) if
 * not. */
int ps_budget_lmdi(const double *f0, const double *f1, int nf, double *part);

#endif
