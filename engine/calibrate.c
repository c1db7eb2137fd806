/* calibrate.c: see calibrate.h.  GPL-3.0-or-later. */
#include "calibrate.h"

#include <math.h>
#include <string.h>

#include "run.h"
#include "scenario.h"

/* Indicator value with the parameter set to x. */
static int trial(const ps_calib_spec *sp, double x, double *out, ps_err *err)
{
    ps_scenario *sc = ps_scenario_load(sp->scenario, &sp->lim, sp->scripts_dir, err);
    if (!sc)
        return err->code;
    int rc = ps_scenario_set_const(sc, sp->param, x, err);
    ps_run *run = NULL;
    if (!rc && sp->year > sc->end_year)
        rc = ps_err_set(err, PS_EUSAGE, "year %d is after the scenario's end_year %d",
                        sp->year, sc->end_year);
    if (!rc && !(run = ps_run_new(sc, err)))
        rc = err->code;
    if (!rc)
        rc = ps_run_project(run, err);
    if (!rc && !ps_run_indicator(run, sp->indicator, sp->year, out))
        rc = ps_err_set(err, PS_EUSAGE, "no indicator '%s' in %d (see the columns of the "
                        "result files, e.g. demography.csv)", sp->indicator, sp->year);
    ps_run_free(run);
    ps_scenario_free(sc);
    return rc;
}

int ps_calibrate(const ps_calib_spec *sp, ps_calib_result *res, ps_err *err)
{
    double lo = sp->lo, hi = sp->hi, flo, fhi, fmid = NAN, mid = NAN;
    int maxit = sp->max_iter > 0 ? sp->max_iter : 60;
    double tol = sp->tol > 0 ? sp->tol : 1e-9;
    memset(res, 0, sizeof *res);
    if (!(lo < hi))
        return ps_err_set(err, PS_EUSAGE, "calibrate: the range %g:%g is empty", lo, hi);
    if (trial(sp, lo, &flo, err) || trial(sp, hi, &fhi, err))
        return err->code;
    double glo = flo - sp->target, ghi = fhi - sp->target;
    if (glo * ghi > 0)
        return ps_err_set(err, PS_EINPUT,
                          "calibrate: %s in %d is %.10g with %s = %g and %.10g with %s = %g; "
                          "the target %.10g is not between them (widen --range)",
                          sp->indicator, sp->year, flo, sp->param, lo, fhi, sp->param, hi,
                          sp->target);
    res->iterations = 2;
    for (int it = 0; it < maxit; it++) {
        mid = 0.5 * (lo + hi);
        if (trial(sp, mid, &fmid, err))
            return err->code;
        res->iterations++;
        double g = fmid - sp->target;
        if (fabs(g) <= tol * fmax(1.0, fabs(sp->target)))
            break;
        if ((g < 0) == (glo < 0)) {
            lo = mid;
            glo = g;
        } else {
            hi = mid;
        }
    }
    res->value = mid;
    res->achieved = fmid;
    return PS_OK;
}
