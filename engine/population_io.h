/* population_io.h: reads the population inputs from CSV files, strictly:
 * every error names the file, the line and the column.  GPL-3.0-or-later. */
#ifndef PS_POPULATION_IO_H
#define PS_POPULATION_IO_H

#include "population.h"
#include "ps_error.h"

/* sex,age,<col>: values in [lo, hi]; each (sex, age) at most once, and
 * every cell present if require_every_cell (missing cells are 0 otherwise). */
int ps_read_sex_age_table(const char *path, const char *col, double lo, double hi,
                          int require_every_cell, double out[PS_NSEX][PS_NAGE], ps_err *err);

/* sex,age,population: every (sex, age 0..100) exactly once, no negatives. */
int ps_read_base_population(const char *path, ps_pop *out, ps_err *err);

/* sex,age and qx or mx (not both): every cell exactly once; qx in [0,1],
 * mx in [0,2] converted with q = m/(1 + m/2).  With closed != 0 the open
 * age has q = 1.  q at age 100 must be > 0. */
int ps_read_mortality(const char *path, int closed, double q[PS_NSEX][PS_NAGE],
                      ps_err *err);

/* age,asfr: ages 15..49 at most once each (missing ages are 0), values in
 * [0,1], sum > 0. */
int ps_read_fertility(const char *path, double asfr[PS_NAGE], double *sum, ps_err *err);

/* sex,age,share: shares >= 0, at most once each, normalised to sum 1. */
int ps_read_migration_distribution(const char *path, double share[PS_NSEX][PS_NAGE],
                                   ps_err *err);

/* ------------------------------------------------------------ inputs by year
 * (issue 13: what a UN WPP or provincial projection gives).  A table by
 * year holds ny years, increasing, each a [sex][age] array; its value in a
 * year is linear between the given years and flat outside them, like a
 * path (MODEL.md 1).  Tables without a year column have one year. */
typedef struct ps_year_table {
    int ny;
    int *years;
    double (*v)[PS_NSEX][PS_NAGE];
} ps_year_table;

void ps_year_table_free(ps_year_table *t); /* frees the arrays, not t */
void ps_year_table_at(const ps_year_table *t, int year, double out[PS_NSEX][PS_NAGE]);

/* [year,]sex,age,qx|mx: as ps_read_mortality, for every year of the table
 * (each year needs every cell). */
int ps_read_mortality_table(const char *path, int closed, ps_year_table *t, ps_err *err);

/* [year,]age,asfr: as ps_read_fertility for every year (the schedule is in
 * v[y][0][age]); each year's rates must sum to more than 0. */
int ps_read_fertility_table(const char *path, ps_year_table *t, ps_err *err);

/* year,sex,age,net: signed net migrants by age at the end of the year
 * (missing cells are 0). */
int ps_read_migration_counts(const char *path, ps_year_table *t, ps_err *err);

/* "male"/"female" (any case) to PS_MALE/PS_FEMALE, else -1. */
int ps_sex_from_name(const char *s);
const char *ps_sex_name(int sex);

#endif
