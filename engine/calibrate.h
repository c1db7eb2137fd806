/* calibrate.h: find the value of a numeric parameter that makes an
 * indicator meet a target in a year (bisection over whole re-runs).
 * GPL-3.0-or-later. */
#ifndef PS_CALIBRATE_H
#define PS_CALIBRATE_H

#include "ps_error.h"
#include "sandbox.h"
#include "scenario.h"

struct ps_module; /* module.h */

/* A numeric key held at a value (a sweep point, or a calibration solved
 * before): applied to every trial before the parameter is set. */
typedef struct ps_calib_fixed {
    const char *key;
    double value;
} ps_calib_fixed;

typedef struct ps_calib_spec {
    const char *scenario;    /* scenario file */
    const char *scripts_dir;
    ps_limits lim;
    const char *param;       /* a series key, e.g. "population.tfr" */
    const char *indicator;   /* e.g. "population" or "pension_employee.insured" */
    int year;
    double target;
    double lo, hi;           /* search interval for the parameter */
    double tol;              /* relative tolerance on the indicator */
    int max_iter;
    const ps_calib_fixed *fixed; /* optional: keys held in every trial */
    int nfixed;
    /* optional: the modules of every trial's run (NULL-terminated, as for
     * ps_run_new_with); NULL: the shipped list (ps_modules) */
    const struct ps_module *const *modules;
} ps_calib_spec;

typedef struct ps_calib_result {
    double value;            /* the parameter found */
    double achieved;         /* the indicator with that value */
    int iterations;
} ps_calib_result;

/* Each trial loads the scenario afresh (so hooks cannot carry state from one
 * trial to the next), sets the parameter to a constant and projects.  The
 * indicator must move monotonically with the parameter over [lo, hi]; if
 * the target is outside the indicator's values at lo and hi the error says
 * which values it takes there. */
int ps_calibrate(const ps_calib_spec *spec, ps_calib_result *res, ps_err *err);

/* The most declared calibrations a scenario may list. */
#define PS_CALIB_MAX 16

/* A scenario's declared calibrations (the `calibrations` key, issue 13):
 * { {param = KEY, indicator = NAME, year = Y, target = V [, range = {LO, HI}]}, ... }
 * where the target may name an actual of the scenario's `actuals` file
 * instead of a number: target = { actual = INDICATOR, year = Y } (issue 14;
 * indicator and year then default to the actual's),
 * solved in order when the scenario is run, each by ps_calibrate on the
 * scenario file at `path` with `fixed` (a sweep point) and the calibrations
 * solved before it held, and set on sc.  A calibration whose parameter is
 * one of the fixed keys is skipped (the sweep's value wins).  The solutions
 * go to out[0..*n-1] (keys owned by sc's definitions); *n = 0 when the
 * scenario declares none.  Errors name the scenario and the entry. */
int ps_calibrate_declared(ps_scenario *sc, const char *path, const ps_limits *lim,
                          const char *scripts_dir, const ps_calib_fixed *fixed, int nfixed,
                          ps_calib_fixed out[PS_CALIB_MAX], double achieved[PS_CALIB_MAX],
                          int *n, ps_err *err);

/* The same, each calibration's trials run with the modules of `mods`
 * (NULL-terminated; NULL: the shipped list): what a run, a sweep or draws
 * with another module list (ps_run_new_with, ps_sweep_spec.modules,
 * ps_stoch_opts.modules) calls, so that a calibration may aim at an
 * indicator of a module of that list. */
int ps_calibrate_declared_with(ps_scenario *sc, const char *path, const ps_limits *lim,
                               const char *scripts_dir, const struct ps_module *const *mods,
                               const ps_calib_fixed *fixed, int nfixed,
                               ps_calib_fixed out[PS_CALIB_MAX], double achieved[PS_CALIB_MAX],
                               int *n, ps_err *err);

/* Reads and checks the declared calibrations without solving them (for
 * `check`): keys, years, and targets that name an actual. */
int ps_calibrate_declared_check(ps_scenario *sc, ps_err *err);

/* In a stochastic draw: the declared calibrations marked `draws = true`
 * solved again within `run` (its draw's shocks in place) by bisection over
 * projections of the run, each setting the series on sc; the run is left
 * projected with the last trial, so the caller projects it again.  Such a
 * calibration needs a series parameter (a number key is read only when a
 * run starts); a perturbed parameter loses its draw's shock. */
struct ps_run;
int ps_calibrate_declared_in_run(struct ps_run *run, ps_scenario *sc, ps_err *err);

#endif
