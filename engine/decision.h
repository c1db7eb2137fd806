/* decision.h: a comparison's decision table (decision.csv), the table the
 * comparison report and its PDF open with.
 *
 * One row per headline answer, one value column per scenario (in the
 * order compared, each registered in columns.csv with the scenario's
 * description as its label), then each other scenario's difference to the
 * first.  Rows, in sections, in this order:
 *   county_budget  what the county's own budget pays, in total over the
 *                  common horizon and programme by programme, the last
 *                  year's cost and its share of revenue (budget_totals.csv);
 *                  the programmes other modules add to the ledger are
 *                  lumped there (budget.county_other.total, kept) and
 *                  listed one by one right under it ("of which",
 *                  budget.county_<programme>.total, from budget.csv,
 *                  labelled as the module named the programme with
 *                  ps_budget_label);
 *   pooled_funds   the nationally or provincially pooled funds (employee
 *                  pension, medical insurance: their modules' `holder`,
 *                  module.h): first year the balance is negative, the
 *                  subsidy needed, the last year's balance; pressure
 *                  indicators, not county liabilities;
 *   funds          the other funds, likewise (a county fund says so);
 *   gaps           service gaps in 2025, 2030 and the last year
 *                  (summary.csv; negative: a surplus);
 *   plan           the plan's targets met or not.
 * Labels and units come from the declarations (columns.csv, summary.csv);
 * a row whose label is only a key is left out.  Values are raw (yuan,
 * years, "none" for a fund that stays positive); ps_decision_value and
 * ps_decision_diff give them for reading (money in 万元).
 * GPL-3.0-or-later. */
#ifndef PS_DECISION_H
#define PS_DECISION_H

#include <stddef.h>

#include "csv.h"
#include "ps_error.h"

/* Writes dir/decision.csv from the results in dir/<names[s]>/ (s < ns),
 * and registers its columns. */
int ps_decision_write(const char *dir, char names[][128], int ns, ps_err *err);

/* What `compare` says on the terminal (main prints it): the county's total
 * cost over the horizon for each scenario, named by its description, with
 * its difference to the first, read back from dir/decision.csv; lines
 * ending in "\n" in buf (empty if there is no such row). */
void ps_decision_brief(const char *dir, int lang, char *buf, size_t n);

/* A programme of the budget ledger in words, as the module that adds it
 * named it (ps_budget_label, docs/budget.md), read back from summary's
 * (a results folder's summary.csv, may be NULL) row
 * budget_county_<programme>_<year>: "2025年县级支出：住房保障（…）" gives
 * "住房保障（…）", "County's cost in 2025: Housing security (…)" gives
 * "Housing security (…)".  Else the module's name in words, else the
 * programme's name with spaces for underscores.  0 if none is readable. */
int ps_decision_programme_label(const ps_csv *summary, const char *programme, char *zh,
                                size_t nz, char *en, size_t ne);

/* A section's heading in the language ("" if unknown). */
const char *ps_decision_section(const char *section, int lang);
/* The unit as shown beside a row's label: 万元 (10,000 yuan) for yuan, %
 * for shares, nothing for years and "-". */
const char *ps_decision_unit(const char *unit, int lang);
/* A value for reading, in the unit of ps_decision_unit, rounded: money in
 * 万元 (no decimal from 100万元), shares as percentages, counts as
 * integers with separators, "none" and yes/no in words. */
const char *ps_decision_value(char *buf, size_t n, const char *value, const char *unit,
                              int lang);
/* A difference for reading, signed ("+1,234", "-3"); "" if there is none. */
const char *ps_decision_diff(char *buf, size_t n, const char *diff, const char *unit, int lang);

#endif
