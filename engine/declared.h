/* declared.h: what the shipped modules declare, read without a run.
 *
 * Every module in ps_modules names itself (label_zh, label_en) and may list
 * its static table definitions (`declares`, module.h).  The presenters ask
 * here for a module's name in words, a column's labels, unit and headline
 * flag, instead of keeping their own tables of words: a new module's
 * charts, workbook units, stochastic series and sweep answers come from
 * its own declarations.  Columns made at run time (eldercare's care
 * levels, assistance's groups) are in the run's tables and in columns.csv
 * only.  GPL-3.0-or-later. */
#ifndef PS_DECLARED_H
#define PS_DECLARED_H

#include "module.h"
#include "table.h"

/* The shipped module named `name` ("pension_employee"), or NULL. */
const ps_module *ps_module_find(const char *name);

/* A module's name in words (lang 0 zh, 1 en), or NULL if no shipped
 * module has that name (or it gives no label). */
const char *ps_module_label(const char *name, int lang);

/* Who holds the fund of the shipped module named `name` (its `holder`:
 * PS_HOLDER_COUNTY, _NATIONAL, _PROVINCE, summary.h), or
 * PS_HOLDER_UNSTATED for a module that says nothing or is not shipped. */
int ps_module_holder(const char *name);

/* The declaration of `column` of `file` ("childcare.csv") in a shipped
 * module's static tables, or NULL. */
const ps_column_def *ps_declared_column(const char *file, const char *column);

/* The declaration of column `column` of module `module`'s tables with
 * one row a year (module.column, as stochastic series and compare name
 * them), or NULL. */
const ps_column_def *ps_declared_indicator(const char *module, const char *column);

/* The first declaration of a column called `column` in any shipped
 * module's static tables (in module order), or NULL: for presenters that
 * know a column's name only. */
const ps_column_def *ps_declared_any(const char *column);

/* The tables module `m` declares: its static `declares` and, given its
 * state in a run (self, may be NULL), the tables its `tables` callback
 * returns.  Up to max definitions into out (duplicates removed); returns
 * how many. */
int ps_module_table_defs(const ps_module *m, void *self, const ps_table_def **out, int max);

/* The fund balance module `m` puts forward, as it declares it: the first
 * column of kind PS_KIND_FUND marked headline in its tables with one row
 * a year (ps_module_table_defs with no state), whatever its key
 * ("fund", "reserve"); that table into *table if table is not NULL.
 * NULL (and *table NULL) if the module declares no such column.  compare
 * and the decision table find each module's fund here. */
const ps_column_def *ps_module_fund(const ps_module *m, const ps_table_def **table);

/* Makes the modules of `mods` (NULL-terminated) known to the look-ups
 * above after the shipped ones, so that a module run from a list other
 * than ps_modules (ps_run_new_with: a test's module, an embedding
 * program's) is named by its own label, and its columns by theirs, in
 * charts, reports, draws and sweeps.  A name already known keeps its
 * first module.  ps_run_new_with calls it; ps_modules itself is a no-op.
 * Safe from several threads; the modules must stay alive; at most 64
 * (further ones are named by their key). */
void ps_module_declare(const ps_module *const *mods);

#endif
