/* county.h: `policysim init`, a ready project for any county from its
 * census table, and the data template for its records and actuals.
 *
 * The census table is CSV (or a sheet of an .xlsx workbook: the sheet
 * 'census' if there is one, else the first) with the header
 * age,male,female, `age` a single year (37), a group (1-4, 35-39) or an
 * open last group (85+), mixed as censuses publish them.  The layout of
 * data/raw/census2020_*.csv (area_code,...,age_start,age_end,male,female)
 * is read too, with `area` choosing the area.
 *
 * GPL-3.0-or-later. */
#ifndef PS_COUNTY_H
#define PS_COUNTY_H

#include "graduation.h"
#include "ps_error.h"

/* Reads a census table into *groups (sorted as in the file, checked by
 * ps_grad_check; the caller frees *groups).  area: the area_code to take
 * from a multi-area table (NULL: the table must hold one area). */
int ps_census_read(const char *path, const char *area, ps_age_group **groups, int *n,
                   ps_err *err);

typedef struct ps_init_spec {
    const char *dir;        /* the project folder to create (must not exist) */
    const char *census;     /* census table */
    const char *area;       /* area_code in a multi-area table, or NULL */
    const char *name;       /* scenario name (default: the folder's name) */
    const char *base_date;  /* YYYY-MM-DD (default 2020-11-01, the 7th census) */
    const char *shape;      /* CSV sex,age,population of a larger area at the
                               same date: graduate by its shape (NULL: Sprague) */
    const char *data_dir;   /* the project's data/ folder (default schedules) */
} ps_init_spec;

typedef struct ps_init_result {
    double total[2];        /* census totals by sex */
    int ngroups, fallbacks;
    char name[256];
    int base_year;
} ps_init_result;

/* Creates spec->dir with scenario.lua, README.md, data/ (the graduated
 * population and copies of the default schedules with their sources),
 * actuals.csv, records.csv and template.xlsx.  Written to a temporary
 * folder and moved into place only when complete. */
int ps_init_county(const ps_init_spec *spec, ps_init_result *res, ps_err *err);

/* Writes the data template: path.xlsx with sheets README (zh and en),
 * actuals and records.  base_year fills the records' year column. */
int ps_template_write_xlsx(const char *path, int base_year, ps_err *err);
/* The same filled with the rows of an actuals table and/or a records table
 * (CSV or workbook; NULL: the empty template), their '#' comment lines
 * shown on the README sheet, written to path.part.xlsx and renamed into place
 * when complete; the actuals are read back and must be the same.  The
 * file's creation date is fixed, so the same rows give the same bytes.
 * `policysim template`. */
int ps_template_write_xlsx_from(const char *path, int base_year, const char *actuals,
                                const char *records, ps_err *err);
/* The same as CSV files (header, comment lines, one row per record). */
int ps_template_write_csv(const char *actuals_path, const char *records_path, int base_year,
                          ps_err *err);

#endif
