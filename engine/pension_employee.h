/* pension_employee.h: the urban employee basic pension (城镇职工基本养老保险,
 * 统账结合), MODEL.md section 2, as a module (ps_pension_employee_module).
 *
 * The module is active when the scenario has a `pension_employee` section;
 * it then writes pension_employee.csv (one row a year) and summary rows.
 * Other modules (the resident pension, medical insurance) read its
 * contributors and retirees through the accessor below, with the state
 * from ps_run_module_state(run, "pension_employee").
 *
 * The pure formulas are exported too, so that tests can check them against
 * hand calculations.
 * GPL-3.0-or-later. */
#ifndef PS_PENSION_EMPLOYEE_H
#define PS_PENSION_EMPLOYEE_H

#include "module.h"
#include "population.h"
#include "ps_error.h"

extern const ps_module ps_pension_employee_module;

/* Retirement groups: men, women whose original statutory age was 55
 * (cadres), women whose original age was 50 (workers). */
enum { PS_PE_MALE = 0, PS_PE_FEMALE_CADRE = 1, PS_PE_FEMALE_WORKER = 2, PS_PE_NGROUP = 3 };

/* "male", "female_cadre", "female_worker". */
const char *ps_pe_group_name(int group);

/* Contributors and retirees of year `year` by sex and age (person-years
 * lived in the year, the measure every flow of the module uses), written to
 * the caller's arrays.  state is ps_run_module_state(run, "pension_employee").
 * Returns PS_OK; PS_EINPUT if the scenario has no pension_employee section
 * (both arrays are then zero); PS_EUSAGE if the year is not computed yet. */
int ps_pension_employee_insured(void *state, int year, double contributors[PS_NSEX][PS_NAGE],
                                double retirees[PS_NSEX][PS_NAGE], ps_err *err);

/* The year's average wage W(t) (`wage`), contribution base per contributor
 * (`contribution_base`) and average pension in yuan a month (`avg_pension`,
 * NaN in a year without pensioners), as in pension_employee.csv; any
 * pointer may be NULL.  Returns 1, or 0 if the module is off or the year is
 * not computed (the outputs are then NaN).  The same values as
 * state.get("pension_employee.wage") etc., without a look-up by name
 * (medical, unemployment and work injury read them every year of every
 * draw). */
int ps_pension_employee_wages(const void *state, int year, double *wage, double *base,
                              double *avg_pension);

/* 1 if the scenario configured the employee pension. */
int ps_pension_employee_active(const void *state);

/* ------------------------------------------------------------ formulas */

/* Basic pension per month: W(t-1)/12 * (1 + avg_index)/2 * years * 1%.
 * wage_prev is the annual average wage of the previous year. */
double ps_pe_basic_pension(double wage_prev, double avg_index, double years);

/* Transitional pension per month for service before the individual
 * account existed: W(t-1)/12 * avg_index * deemed_years * coef. */
double ps_pe_transitional_pension(double wage_prev, double avg_index, double deemed_years,
                                  double coef);

/* For a cohort born uniformly over one calendar year whose statutory
 * retirement age is R and that is aged a (completed) on 1 January of the
 * year, with u = a + 1 - R: the share retired on 1 January (g0), the share
 * retiring within the year (n) and the share of the year lived in
 * retirement averaged over the cohort (lived, in years). */
void ps_pe_retire_shares(double u, double *g0, double *n, double *lived);

/* A divisor table 计发月数 by whole age [lo, hi], interpolated linearly for
 * a fractional age; returns NaN outside the table. */
double ps_pe_divisor_at(const double *months, int lo, int hi, double age);

/* Reads a divisor table (CSV age,months: whole ages without gaps, months
 * > 0) into months[0..100]; sets *lo and *hi.  Errors name file, line and
 * column. */
int ps_pe_read_divisor(const char *path, double months[PS_NAGE], int *lo, int *hi,
                       ps_err *err);

#endif
