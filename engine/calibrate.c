/* calibrate.c: see calibrate.h.  GPL-3.0-or-later. */
#include "calibrate.h"

#include <math.h>
#include <string.h>

#include <lua.h>

#include "run.h"
#include "scenario.h"

/* Indicator value with the parameter set to x. */
static int trial(const ps_calib_spec *sp, double x, double *out, ps_err *err)
{
    ps_scenario *sc = ps_scenario_load(sp->scenario, &sp->lim, sp->scripts_dir, err);
    if (!sc)
        return err->code;
    int rc = PS_OK;
    for (int i = 0; !rc && i < sp->nfixed; i++)
        rc = ps_scenario_set_const(sc, sp->fixed[i].key, sp->fixed[i].value, err);
    if (!rc)
        rc = ps_scenario_set_const(sc, sp->param, x, err);
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

/* ---------------------------------------------------------------- declared calibrations */

/* The field `name` of the table on top of the stack: a string (kind 's'),
 * a number ('n') or an optional {lo, hi} ('r'). */
static int field(lua_State *L, ps_scenario *sc, int k, const char *name, int kind,
                 const char **s, double *v, ps_err *err)
{
    char where[1200];
    if (!ps_scenario_where(sc, "calibrations", where, sizeof where))
        snprintf(where, sizeof where, "%s", sc->path);
    int t = lua_getfield(L, -1, name), rc = PS_OK;
    if (kind == 's' && t == LUA_TSTRING)
        *s = lua_tostring(L, -1);
    else if (kind == 'n' && t == LUA_TNUMBER)
        *v = lua_tonumber(L, -1);
    else if (kind == 'r' && t == LUA_TNIL)
        rc = PS_OK;
    else if (kind == 'r' && t == LUA_TTABLE && lua_rawlen(L, -1) == 2) {
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        if (lua_type(L, -2) == LUA_TNUMBER && lua_type(L, -1) == LUA_TNUMBER &&
            lua_tonumber(L, -2) < lua_tonumber(L, -1)) {
            v[0] = lua_tonumber(L, -2);
            v[1] = lua_tonumber(L, -1);
        } else {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: calibrations[%d].range must be {LO, HI} with LO < HI", where, k);
        }
        lua_pop(L, 2);
    } else
        rc = ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].%s must be %s", where, k, name,
                        kind == 's' ? "a string" : kind == 'n' ? "a number" : "{LO, HI}");
    if (kind == 's' && !rc)
        lua_pop(L, 1); /* the string stays reachable from the table */
    else
        lua_pop(L, 1);
    return rc;
}

int ps_calibrate_declared(ps_scenario *sc, const char *path, const ps_limits *lim,
                          const char *scripts_dir, const ps_calib_fixed *fixed, int nfixed,
                          ps_calib_fixed out[PS_CALIB_MAX], double achieved[PS_CALIB_MAX],
                          int *n, ps_err *err)
{
    lua_State *L = ps_sandbox_lua(sc->sb);
    ps_calib_fixed held[PS_CALIB_MAX + 8];
    char where[1200];
    int rc = PS_OK, count = 0;
    *n = 0;
    if (!ps_scenario_where(sc, "calibrations", where, sizeof where))
        snprintf(where, sizeof where, "%s", sc->path);
    int t = ps_scenario_push(sc, "calibrations");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return PS_OK;
    }
    if (t != LUA_TTABLE) {
        lua_pop(L, 1);
        return ps_err_set(err, PS_EINPUT, "%s: 'calibrations' must be a list of tables", where);
    }
    int len = (int)lua_rawlen(L, -1);
    if (len > PS_CALIB_MAX || nfixed > 8) {
        lua_pop(L, 1);
        return ps_err_set(err, PS_EINPUT, "%s: more than %d calibrations", where, PS_CALIB_MAX);
    }
    for (int i = 0; i < nfixed; i++)
        held[i] = fixed[i];
    for (int k = 1; k <= len && !rc; k++) {
        if (lua_rawgeti(L, -1, k) != LUA_TTABLE) {
            lua_pop(L, 1);
            rc = ps_err_set(err, PS_EINPUT, "%s: calibrations[%d] must be a table", where, k);
            break;
        }
        ps_calib_spec sp = {0};
        double year = 0, range[2] = {NAN, NAN};
        const char *param = NULL, *ind = NULL;
        if ((rc = field(L, sc, k, "param", 's', &param, NULL, err)) ||
            (rc = field(L, sc, k, "indicator", 's', &ind, NULL, err)) ||
            (rc = field(L, sc, k, "year", 'n', NULL, &year, err)) ||
            (rc = field(L, sc, k, "target", 'n', NULL, &sp.target, err)) ||
            (rc = field(L, sc, k, "range", 'r', NULL, range, err))) {
            lua_pop(L, 1);
            break;
        }
        const ps_param_def *d = ps_scenario_def(sc, param);
        if (!d || !(strcmp(d->type, "series") == 0 || strcmp(d->type, "number") == 0)) {
            lua_pop(L, 1);
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: calibrations[%d].param '%s' is not a numeric parameter", where,
                            k, param);
            break;
        }
        if (!(year >= sc->base_year && year <= sc->end_year && year == (int)year)) {
            lua_pop(L, 1);
            rc = ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].year %g is not a year of %d-%d",
                            where, k, year, sc->base_year, sc->end_year);
            break;
        }
        int skip = 0;
        for (int i = 0; i < nfixed; i++)
            skip |= strcmp(fixed[i].key, d->key) == 0;
        lua_pop(L, 1);
        if (skip)
            continue;
        sp.scenario = path;
        sp.scripts_dir = scripts_dir;
        sp.lim = *lim;
        sp.param = d->key; /* static: outlives the Lua string */
        sp.indicator = ind;
        sp.year = (int)year;
        sp.lo = isnan(range[0]) ? d->lo : range[0];
        sp.hi = isnan(range[0]) ? d->hi : range[1];
        sp.fixed = held;
        sp.nfixed = nfixed + count;
        ps_calib_result res;
        if ((rc = ps_calibrate(&sp, &res, err))) {
            ps_err_prefix(err, "%s: calibrations[%d] (%s): ", where, k, d->key);
            break;
        }
        if ((rc = ps_scenario_set_const(sc, d->key, res.value, err)))
            break;
        held[nfixed + count].key = d->key;
        held[nfixed + count].value = res.value;
        out[count] = held[nfixed + count];
        achieved[count] = res.achieved;
        count++;
    }
    lua_pop(L, 1);
    *n = count;
    return rc;
}

/* One value of the indicator with the series `key` at x, in `run`. */
static int in_run_value(ps_run *run, ps_scenario *sc, const char *key, double x,
                        const char *ind, int year, double *out, ps_err *err)
{
    if (ps_scenario_set_const(sc, key, x, err) || ps_run_project(run, err))
        return err->code;
    if (!ps_run_indicator(run, ind, year, out))
        return ps_err_set(err, PS_EUSAGE, "no indicator '%s' in %d", ind, year);
    return PS_OK;
}

int ps_calibrate_declared_in_run(ps_run *run, ps_scenario *sc, ps_err *err)
{
    lua_State *L = ps_sandbox_lua(sc->sb);
    char where[1200];
    int rc = PS_OK;
    if (ps_scenario_push(sc, "calibrations") != LUA_TTABLE) {
        lua_pop(L, 1);
        return PS_OK;
    }
    if (!ps_scenario_where(sc, "calibrations", where, sizeof where))
        snprintf(where, sizeof where, "%s", sc->path);
    int len = (int)lua_rawlen(L, -1);
    for (int k = 1; k <= len && !rc; k++) {
        if (lua_rawgeti(L, -1, k) != LUA_TTABLE) {
            lua_pop(L, 1);
            continue; /* the central solve reported it */
        }
        int in_draws = lua_getfield(L, -1, "draws") == LUA_TBOOLEAN && lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (!in_draws) {
            lua_pop(L, 1);
            continue;
        }
        double year = 0, target = 0, range[2] = {NAN, NAN};
        const char *param = NULL, *ind = NULL;
        if ((rc = field(L, sc, k, "param", 's', &param, NULL, err)) ||
            (rc = field(L, sc, k, "indicator", 's', &ind, NULL, err)) ||
            (rc = field(L, sc, k, "year", 'n', NULL, &year, err)) ||
            (rc = field(L, sc, k, "target", 'n', NULL, &target, err)) ||
            (rc = field(L, sc, k, "range", 'r', NULL, range, err))) {
            lua_pop(L, 1);
            break;
        }
        lua_pop(L, 1);
        const ps_param_def *d = ps_scenario_def(sc, param);
        if (!d || strcmp(d->type, "series") != 0) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: calibrations[%d]: draws = true needs a series parameter "
                            "('%s' is read once when a run starts)", where, k, param);
            break;
        }
        double lo = isnan(range[0]) ? d->lo : range[0], hi = isnan(range[0]) ? d->hi : range[1];
        double flo, fhi, mid = lo, fmid = NAN;
        if ((rc = in_run_value(run, sc, d->key, lo, ind, (int)year, &flo, err)) ||
            (rc = in_run_value(run, sc, d->key, hi, ind, (int)year, &fhi, err)))
            break;
        double glo = flo - target;
        if (glo * (fhi - target) > 0) {
            rc = ps_err_set(err, PS_EINPUT,
                            "%s: calibrations[%d] (%s): in this draw %s in %d is %.10g at %g "
                            "and %.10g at %g; the target %.10g is not between them",
                            where, k, d->key, ind, (int)year, flo, lo, fhi, hi, target);
            break;
        }
        for (int it = 0; it < 60; it++) {
            mid = 0.5 * (lo + hi);
            if ((rc = in_run_value(run, sc, d->key, mid, ind, (int)year, &fmid, err)))
                break;
            double g = fmid - target;
            if (fabs(g) <= 1e-9 * fmax(1.0, fabs(target)))
                break;
            if ((g < 0) == (glo < 0)) {
                lo = mid;
                glo = g;
            } else {
                hi = mid;
            }
        }
        if (!rc)
            rc = ps_scenario_set_const(sc, d->key, mid, err);
    }
    lua_pop(L, 1);
    return rc;
}
