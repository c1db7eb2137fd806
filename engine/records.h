/* records.h: a county's own figures.
 *
 *  - records (scenario key `records`): base-year stocks that replace
 *    assumptions, CSV `record,year,value,unit,source` or the sheet
 *    'records' of an .xlsx workbook.  `record` is one of the names below
 *    (childcare_slots, eldercare_beds, ...) or any numeric scenario key;
 *    each replaces its key's value (a dated path keeps its other points)
 *    when the scenario is loaded, and `params` shows the row and source.
 *  - actuals (scenario key `actuals`): past figures, CSV
 *    `year,indicator,value,unit,source` or the sheet 'actuals'; the
 *    indicator is a result column "module.column" (demography.population,
 *    pension_employee.insured, ...).  A run writes backtest.csv
 *    `year,indicator,actual,projected,error,error_pct` (error = projected -
 *    actual, error_pct = 100 error / actual).
 *
 * A row with an empty value is skipped (the template lists every record).
 * An unknown record or indicator is refused with the nearest known name.
 * GPL-3.0-or-later. */
#ifndef PS_RECORDS_H
#define PS_RECORDS_H

#include "csv.h"
#include "ps_error.h"

struct ps_scenario;
struct ps_run;

typedef struct ps_record_def {
    const char *name;      /* record name in the template */
    const char *key;       /* the scenario key it replaces */
    const char *key2;      /* a second key set to the same value, or NULL */
    const char *year_key;  /* an integer key set to the record's year, or NULL */
    int base_only;         /* 1: the year must be the scenario's base_year */
    const char *unit;
    const char *zh, *en;   /* what to enter */
} ps_record_def;

/* The known record names, terminated by a NULL name. */
const ps_record_def *ps_record_defs(void);

/* Applies the scenario's `records` file, if set.  Called by
 * ps_scenario_load. */
int ps_records_apply(struct ps_scenario *sc, ps_err *err);

/* Opens a table: a CSV file, or the sheet `sheet` of an .xlsx workbook
 * (first_if_missing: the first sheet when none has that name).  Errors on
 * the table should go through ps_table_where. */
ps_csv *ps_table_open(const char *path, const char *sheet, int first_if_missing,
                      ps_err *err);
/* Makes an error on a table opened with ps_table_open name the sheet, row
 * and column letter when the table is a sheet. */
int ps_table_where(ps_err *err, const ps_csv *t);

/* One row of actuals. */
typedef struct ps_actual {
    int year;
    char *indicator, *unit, *source;
    double value;
    int line;
} ps_actual;

/* Reads an actuals table (checks years, numbers, duplicates; not the
 * indicator names).  *rows is freed with ps_actuals_free. */
int ps_actuals_read(const char *path, ps_actual **rows, int *n, ps_err *err);
void ps_actuals_free(ps_actual *rows, int n);

/* If the run's scenario names actuals: checks every indicator against the
 * result columns written in dir (module.csv headers) and writes
 * dir/backtest.csv.  Called by ps_run_write after the modules. */
int ps_backtest_write(struct ps_run *run, const char *dir, ps_err *err);

/* The nearest of n names to s (Levenshtein), or NULL. */
const char *ps_nearest_name(const char *s, const char *const *names, int n);

#endif
