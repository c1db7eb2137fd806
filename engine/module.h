/* module.h: how a module (demography, pensions, medical insurance,
 * services...) plugs into a run without touching the population kernel.
 *
 * After the population step t -> t+1 the run calls every module's step for
 * year t; the module reads what it needs through run.h (the stock at t and
 * t+1, the flows, the scenario) and keeps its own results.  At the end the
 * run writes the module's tables (table.h) and calls write with the
 * results folder.  Adding a module is a new .c/.h pair and one line in
 * modules.c; docs/modules.md shows how, with childcare.c as the example.
 * GPL-3.0-or-later. */
#ifndef PS_MODULE_H
#define PS_MODULE_H

#include <stdio.h>

#include "ps_error.h"
#include "run.h"
#include "summary.h"
#include "table.h"

/* At most this many tables per module. */
#define PS_MODULE_MAX_TABLES 32

typedef struct ps_module {
    const char *name;
    /* The module's name in words, for chart titles, tables and sentences
     * ("城镇职工基本养老保险", "Urban employee pension"); see declared.h. */
    const char *label_zh, *label_en;
    /* Optional: the definitions of the module's tables that are static
     * (NULL-terminated), so that presenters know their columns' labels,
     * units and headline flags without a run (declared.h).  A module with
     * `tables` whose definitions are static lists them here too. */
    const ps_table_def *const *declares;
    /* Who holds the module's fund (PS_HOLDER_*, summary.h): the county
     * (PS_HOLDER_COUNTY), a national or provincial pool, whose balance
     * the county reports as a pressure indicator, not a liability
     * (PS_HOLDER_NATIONAL, PS_HOLDER_PROVINCE), or unstated (0: no fund, or
     * nothing said).  The comparison's decision table places the fund by
     * it (declared.h: ps_module_holder). */
    int holder;
    /* The scenario keys this module reads, NULL-terminated (or NULL):
     * "module.key" with type, default, unit, range and source, so that
     * validation, `params` and the report know them. */
    const ps_param_def *params;
    /* Allocates the module's state for this run (*self); may read the
     * scenario and data files.  Sized from the run's years: the per-year
     * step must not allocate. */
    int (*create)(ps_run *run, void **self, ps_err *err);
    /* Computes year `year` (base..end). */
    int (*step)(void *self, ps_run *run, int year, ps_err *err);
    /* Optional: the module's results tables (table.h), at most max of them
     * into out; returns how many (0 when the module is off).  The run
     * writes each with ps_table_write_csv (so its columns are in
     * columns.csv), and, unless the module has its own `indicator` and
     * `column`, finds the module's indicators among the columns of its
     * tables with one row a year. */
    int (*tables)(void *self, const ps_table **out, int max);
    /* Optional: writes the module's other files into dir (after its
     * tables); a CSV written here registers its columns with
     * ps_columns_register. */
    int (*write)(void *self, ps_run *run, const char *dir, ps_err *err);
    /* Optional when `tables` is given: value of an indicator for a year,
     * for scenario functions and reports: returns 1 and sets *out if the
     * module knows `name`. */
    int (*indicator)(void *self, const char *name, int year, double *out);
    /* Optional, for speed (stochastic draws read every series of every
     * draw): the address of indicator `name`'s value in the base year, the
     * following years `*stride` doubles apart (NaN: no value), or NULL if
     * the module has no such indicator.  Valid until the next projection. */
    const double *(*column)(void *self, const char *name, int *stride);
    /* Optional: makes *self ready for a new projection of the same run (a
     * stochastic draw) without re-reading files or re-calling the scenario
     * for what cannot change; without it the run destroys and re-creates
     * the module before each projection after the first. */
    int (*reset)(void *self, ps_run *run, ps_err *err);
    /* Optional: rows of summary.csv with labels and units (summary.h:
     * depletion years, plan checks...). */
    int (*summarize)(void *self, ps_run *run, ps_summary *s, ps_err *err);
    /* Optional: the module's headline answers as sentences in both
     * languages (summary.h), for the report's first section and `run`. */
    int (*headline)(void *self, ps_run *run, ps_headline *h, ps_err *err);
    /* Deprecated, kept for modules outside this tree (no shipped module
     * uses it): rows "key,value" for summary.csv, labelled with the key
     * itself.  Use `summarize`. */
    int (*summary)(void *self, ps_run *run, FILE *f, ps_err *err);
    void (*destroy)(void *self);
} ps_module;

/* NULL-terminated list of the modules every run has, in step order. */
extern const ps_module *const ps_modules[];

#endif
