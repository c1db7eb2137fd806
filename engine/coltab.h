/* coltab.h: declared output columns for the households, housing and
 * funerals modules (one static array per module: key, labels zh/en, unit,
 * kind), a year-by-column table of doubles and its CSV writer.  Kept in
 * one place so that moving these modules onto the results schema
 * (engine/table.h, issue 11) is mechanical.  GPL-3.0-or-later. */
#ifndef PS_COLTAB_H
#define PS_COLTAB_H

#include <stdio.h>

#include "ps_error.h"

typedef struct ps_coldef {
    const char *key;      /* CSV column and indicator name */
    const char *label_zh;
    const char *label_en;
    const char *unit;     /* "persons", "households", "yuan", "units", "plots", "" */
    const char *kind;     /* "stock", "flow", "ratio", "money" */
} ps_coldef;

/* ny rows of ncol doubles (NaN: no value), row i the year base + i. */
typedef struct ps_coltab {
    const ps_coldef *cols;
    int ncol, base, ny;
    double *v; /* ny * ncol */
} ps_coltab;

int ps_coltab_init(ps_coltab *t, const ps_coldef *cols, int ncol, int base, int ny,
                   ps_err *err);
void ps_coltab_free(ps_coltab *t);
/* Every value NaN again (a new projection). */
void ps_coltab_clear(ps_coltab *t);
static inline double *ps_coltab_row(ps_coltab *t, int year) { return t->v + (size_t)(year - t->base) * (size_t)t->ncol; }
/* Column index of key, or -1. */
int ps_coltab_find(const ps_coltab *t, const char *key);
/* module.h's indicator and column callbacks over the table. */
int ps_coltab_indicator(const ps_coltab *t, const char *name, int year, double *out);
const double *ps_coltab_column(const ps_coltab *t, const char *name, int *stride);
/* dir/file: "year," then every column key; one row a year. */
int ps_coltab_write(const ps_coltab *t, const char *dir, const char *file, ps_err *err);

#endif
