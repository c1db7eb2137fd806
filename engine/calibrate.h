/* calibrate.h: find the value of a numeric parameter that makes an
 * indicator meet a target in a year (bisection over whole re-runs).
 * GPL-3.0-or-later. */
#ifndef PS_CALIBRATE_H
#define PS_CALIBRATE_H

#include "ps_error.h"
#include "sandbox.h"

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

#endif
