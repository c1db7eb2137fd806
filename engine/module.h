/* module.h: how a module (demography, pensions, medical insurance,
 * services...) plugs into a run without touching the population kernel.
 *
 * After the population step t -> t+1 the run calls every module's step for
 * year t; the module reads what it needs through run.h (the stock at t and
 * t+1, the flows, the scenario) and keeps its own results.  At the end the
 * run calls write with the results folder.  Adding a module is a new
 * .c/.h pair and one line in modules.c.
 * GPL-3.0-or-later. */
#ifndef PS_MODULE_H
#define PS_MODULE_H

#include <stdio.h>

#include "ps_error.h"
#include "run.h"

typedef struct ps_module {
    const char *name;
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
    /* Writes the module's files into dir. */
    int (*write)(void *self, ps_run *run, const char *dir, ps_err *err);
    /* Value of an indicator for a year, for scenario functions and reports:
     * returns 1 and sets *out if the module knows `name`. */
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
    /* Optional: rows "key,value" for summary.csv (the headline answers:
     * depletion years, plan checks...).  The run writes the header. */
    int (*summary)(void *self, ps_run *run, FILE *f, ps_err *err);
    void (*destroy)(void *self);
} ps_module;

/* NULL-terminated list of the modules every run has, in step order. */
extern const ps_module *const ps_modules[];

#endif
