/* table.h: declared output columns and the one results table.
 *
 * A module declares each column it writes the way it declares its
 * parameters: key (the CSV column name), Chinese and English labels, unit
 * and kind, in one static array of ps_column_def ending with {NULL}.  A
 * ps_table_def names the CSV file, the group key columns that follow
 * `year` (sex, age, town, programme...; NULL for one row a year) and the
 * value columns.  A ps_table holds the values: one row of ncols doubles
 * per (year, group), NaN for an empty cell.
 *
 * Every CSV written with ps_table_write_csv is registered in the folder's
 * columns.csv (file,column,label_zh,label_en,unit,kind), which is what the
 * presenters (workbook, SQLite, report, charts, compare) read to label
 * columns.  A CSV written by hand registers its columns with
 * ps_columns_register.  See docs/modules.md.
 *
 * Units are plain English words from a short list (ps_unit_label gives
 * the Chinese): "persons", "slots", "beds", "yuan", "yuan per year",
 * "ratio", "share", "per 1,000", "months", "years", "year", ... ; "-" for
 * text and other columns without a unit.  Money is always in yuan in the
 * tables; charts and the workbook show county money in 万元.
 * GPL-3.0-or-later. */
#ifndef PS_TABLE_H
#define PS_TABLE_H

#include <stdio.h>

#include "ps_error.h"

typedef enum {
    PS_KIND_KEY,   /* a key column: year, sex, age, town, fund... */
    PS_KIND_TEXT,  /* other text */
    PS_KIND_STOCK, /* a level on a date or over a year: persons, slots, insured */
    PS_KIND_FLOW,  /* an amount over the year: births, income, spending */
    PS_KIND_FUND,  /* a fund balance carried from year to year */
    PS_KIND_RATE,  /* a ratio, share, rate or per-1,000 figure */
    PS_KIND_PRICE  /* an amount per unit: yuan per slot, pension per person */
} ps_kind;

typedef struct ps_column_def {
    const char *key;                /* column name in the CSV; NULL ends an array */
    const char *label_zh, *label_en; /* never empty */
    const char *unit;               /* see above; "-" when none */
    ps_kind kind;
    int headline;                   /* 1: charted and shown first in reports */
} ps_column_def;

typedef struct ps_table_def {
    const char *file;             /* "childcare.csv" */
    const ps_column_def *groups;  /* key columns after `year`, {NULL}-ended, or NULL */
    const ps_column_def *columns; /* value columns, {NULL}-ended */
} ps_table_def;

/* The `year` column every table starts with. */
extern const ps_column_def ps_year_column;

/* Kind as written in columns.csv ("stock", "flow", ...), and back (-1 if unknown). */
const char *ps_kind_name(ps_kind k);
int ps_kind_parse(const char *s);

/* A unit in the language (0 zh, 1 en): "persons" -> "人". Unknown units
 * are returned as given. */
const char *ps_unit_label(const char *unit, int lang);

/* Number of entries before the {NULL} end (0 for NULL). */
int ps_column_count(const ps_column_def *defs);

/* ------------------------------------------------------------ the table */

typedef struct ps_table ps_table;

/* A table of nyears rows (base_year...) times ngroups, every cell NaN.
 * The table borrows def (and the arrays it points to), which must outlive
 * it.  ngroups must be 1 when def->groups is NULL.  The caller owns the
 * result and frees it with ps_table_free.  Checks the declarations
 * (PS_EINTERNAL: a missing label or unit, a duplicated key). */
ps_table *ps_table_new(const ps_table_def *def, int base_year, int nyears, int ngroups,
                       ps_err *err);
void ps_table_free(ps_table *t); /* NULL is a no-op */

/* Sets group g's key labels, one per group column (copied). */
int ps_table_set_group(ps_table *t, int g, const char *const *labels, ps_err *err);

/* Every cell back to NaN (a new projection); the group labels stay. */
void ps_table_clear(ps_table *t);

const ps_table_def *ps_table_get_def(const ps_table *t);
int ps_table_base(const ps_table *t);
int ps_table_nyears(const ps_table *t);
int ps_table_ngroups(const ps_table *t);
int ps_table_ncols(const ps_table *t);
/* Group g's label for group column k ("" if unset). */
const char *ps_table_group_label(const ps_table *t, int g, int k);

/* The row of (year, group): ncols doubles in the order of def->columns,
 * or NULL outside the table. */
double *ps_table_row(ps_table *t, int year, int group);
const double *ps_table_row_const(const ps_table *t, int year, int group);

/* Index of value column `key`, or -1. */
int ps_table_col(const ps_table *t, const char *key);

/* Column `key` of group g through the years: the base year's cell, later
 * years *stride doubles apart; NULL if there is no such column. */
const double *ps_table_series(const ps_table *t, const char *key, int group, int *stride);

/* Value of column `key` for year and group: 1 and *out if present and
 * not NaN, else 0. */
int ps_table_value(const ps_table *t, const char *key, int year, int group, double *out);

/* Writes dir/<def->file>: header year,<groups>,<columns>; one line per
 * year and group (years outer); numbers as ps_put writes them, NaN as an
 * empty field.  Registers the columns in dir/columns.csv. */
int ps_table_write_csv(const ps_table *t, const char *dir, ps_err *err);

/* A text field of a CSV line: quoted when it holds a comma, a quote or a
 * line break, or starts with '#' or a space; preceded by a comma unless
 * first (the text twin of ps_put). */
void ps_put_text(FILE *f, const char *s, int first);

/* ------------------------------------------------------------ columns.csv */

/* Registers the columns of a CSV written by hand: `file` is its name in
 * dir ("population.csv"), defs every column in order, {NULL}-ended (the
 * year column too if it has one: use ps_year_column's fields).  Rows of
 * the same file registered before are replaced.  PS_EINTERNAL if a label
 * or unit is empty. */
int ps_columns_register(const char *dir, const char *file, const ps_column_def *defs,
                        ps_err *err);
/* The same for a table definition (year, groups, columns). */
int ps_columns_register_table(const char *dir, const ps_table_def *def, ps_err *err);

/* columns.csv read back, for presenters.  Each declaration's `headline`
 * is the flag its module declares (declared.h), kept in memory: columns.csv
 * itself has no such column. */
typedef struct ps_columns ps_columns;
/* NULL if the folder has no columns.csv (or it cannot be read). */
ps_columns *ps_columns_read(const char *dir);
void ps_columns_free(ps_columns *c);
/* The declaration of column `column` of `file`, or NULL.  The strings
 * live as long as c. */
const ps_column_def *ps_columns_find(const ps_columns *c, const char *file, const char *column);
/* The registered rows in order: file and declaration of row i. */
int ps_columns_count(const ps_columns *c);
const char *ps_columns_file(const ps_columns *c, int i);
const ps_column_def *ps_columns_def(const ps_columns *c, int i);
/* A column's label in the language, or `column` itself if unknown. */
const char *ps_columns_label(const ps_columns *c, const char *file, const char *column,
                             int lang);
/* A column's unit in the language ("" if unknown or "-"). */
const char *ps_columns_unit(const ps_columns *c, const char *file, const char *column,
                            int lang);

#endif
