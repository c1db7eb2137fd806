/* calibrate.c: see calibrate.h.  GPL-3.0-or-later. */
#include "calibrate.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "records.h"
#include "run.h"
#include "safe_file.h"
#include "scenario.h"
#include "scenario_read.h"
#include "xlsx.h"

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
    if (!rc && !(run = sp->modules ? ps_run_new_with(sc, sp->modules, err)
                                   : ps_run_new(sc, err)))
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

static int trial_eval(void *sp, double x, double *out, ps_err *err)
{
    return trial(sp, x, out, err);
}

/* Bisection of eval(x) = target over [lo, hi], where glo = eval(lo) -
 * target and eval(hi) - target differ in sign: at most maxit midpoints,
 * stopping at one within tol * max(1, |target|).  *x and *fx: the last
 * midpoint and its value; *n counts the evaluations. */
static int bisect(int (*eval)(void *, double, double *, ps_err *), void *ctx, double lo,
                  double hi, double glo, double target, double tol, int maxit, double *x,
                  double *fx, int *n, ps_err *err)
{
    for (int it = 0; it < maxit; it++) {
        double mid = 0.5 * (lo + hi);
        *x = mid;
        if (eval(ctx, mid, fx, err))
            return err->code;
        (*n)++;
        double g = *fx - target;
        if (fabs(g) <= tol * fmax(1.0, fabs(target)))
            break;
        if ((g < 0) == (glo < 0)) {
            lo = mid;
            glo = g;
        } else {
            hi = mid;
        }
    }
    return PS_OK;
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
    if (bisect(trial_eval, (void *)sp, lo, hi, glo, sp->target, tol, maxit, &mid, &fmid,
               &res->iterations, err))
        return err->code;
    res->value = mid;
    res->achieved = fmid;
    return PS_OK;
}

/* ---------------------------------------------------------------- declared calibrations */

/* One entry of `calibrations`, read and checked. */
typedef struct cal_decl {
    const ps_param_def *d;
    const char *ind;        /* the indicator: ind_buf or act_ind, NULL if not given */
    char ind_buf[256];      /* calibrations[k].indicator */
    int year;
    double target;
    double range[2];        /* NAN: the key's own range */
    char act_ind[256];      /* the indicator named by target.actual */
    char file[1024];        /* where the entry is (for params): file and line */
    int line;
    char how[2048];         /* what it is calibrated to, for params */
} cal_decl;

/* The field `name` of calibrations[k] (of calibrations[k].target when
 * in_target): a string (kind 's', copied into s, sn bytes), a number ('n')
 * or an optional {lo, hi} ('r'); an optional string ('S') or number ('N')
 * is left untouched when absent. */
static int field(ps_scenario *sc, const char *where, int k, int in_target, const char *name,
                 int kind, char *s, size_t sn, double *v, ps_err *err)
{
    char path[128];
    int t, n;
    snprintf(path, sizeof path, "calibrations[%d]%s.%s", k, in_target ? ".target" : "", name);
    if (ps_read_kind(sc, &t, err, "%s", path))
        return err->code;
    if ((kind == 's' || kind == 'S') && t == PS_V_STRING) {
        char *str;
        if (ps_read_string(sc, &str, NULL, err, "%s", path))
            return err->code;
        int fits = strlen(str) < sn;
        if (fits)
            memcpy(s, str, strlen(str) + 1);
        free(str);
        return fits ? PS_OK
                    : ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].%s is too long", where, k,
                                 name);
    }
    if ((kind == 'n' || kind == 'N') && t == PS_V_NUMBER) {
        int rc = ps_read_number(sc, -HUGE_VAL, HUGE_VAL, v, NULL, err, "%s", path);
        return rc == PS_EINPUT ? ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].%s must be "
                                            "a number (not NaN)", where, k, name)
                               : rc;
    }
    if ((kind == 'r' || kind == 'S' || kind == 'N') && t == PS_V_NIL)
        return PS_OK;
    if (kind == 'r' && t == PS_V_TABLE) {
        double r[2];
        if (ps_read_len(sc, &n, err, "%s", path))
            return err->code;
        if (n == 2) {
            int rc = ps_read_numbers(sc, -HUGE_VAL, HUGE_VAL, r, 2, &n, err, "%s", path);
            if (rc && rc != PS_EINPUT)
                return rc;
            if (!rc && r[0] < r[1]) {
                v[0] = r[0];
                v[1] = r[1];
                return PS_OK;
            }
        }
        return ps_err_set(err, PS_EINPUT,
                          "%s: calibrations[%d].range must be {LO, HI} with LO < HI", where, k);
    }
    return ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].%s must be %s", where, k, name,
                      kind == 's' || kind == 'S' ? "a string"
                      : kind == 'n' || kind == 'N' ? "a number" : "{LO, HI}");
}

/* Splits "file:line" (as ps_scenario_where writes it) into its parts. */
static void split_where(const char *where, char *file, size_t n, int *line)
{
    const char *colon = strrchr(where, ':');
    char *end;
    long l = colon ? strtol(colon + 1, &end, 10) : 0;
    if (colon && colon[1] && !*end && l > 0) {
        snprintf(file, n, "%.*s", (int)(colon - where), where);
        *line = (int)l;
    } else {
        snprintf(file, n, "%s", where);
        *line = 0;
    }
}

static int name_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The first line at or after `from` of `file` that holds `actual = "name"`
 * (or 'name'), or 0: where the entry's target is, for messages. */
static int actual_line(const char *file, int from, const char *name)
{
    ps_err e;
    size_t len;
    char *text = ps_read_regular(file, PS_MAX_INPUT_BYTES, &len, &e);
    if (!text)
        return 0;
    int line = 1, found = 0;
    size_t nl = strlen(name);
    for (char *p = text; *p && !found; p++) {
        if (*p == '\n') {
            line++;
            continue;
        }
        if (line < from || strncmp(p, "actual", 6) || (p > text && name_char(p[-1])) ||
            name_char(p[6]))
            continue;
        char *q = p + 6;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q++ != '=')
            continue;
        while (*q == ' ' || *q == '\t')
            q++;
        if ((*q == '"' || *q == '\'') && strncmp(q + 1, name, nl) == 0 && q[1 + nl] == *q)
            found = line;
    }
    free(text);
    return found;
}

/* target = { actual = INDICATOR, year = YEAR } (calibrations[k].target): the value of that row of the scenario's actuals.  The entry's
 * indicator and year default to the actual's and must agree with it. */
static int target_actual(ps_scenario *sc, const char *where, int k, cal_decl *c,
                         double cal_year, ps_err *err)
{
    char name[256];
    double year = NAN;
    char loc[1200];
    int rc;
    if ((rc = field(sc, where, k, 1, "actual", 's', name, sizeof name, NULL, err)) ||
        (rc = field(sc, where, k, 1, "year", 'N', NULL, 0, &year, err)))
        return rc;
    /* Messages point at the line of `actual = "..."` when it is found. */
    int line = actual_line(c->file, c->line, name);
    if (line)
        snprintf(loc, sizeof loc, "%s:%d", c->file, line);
    else
        snprintf(loc, sizeof loc, "%s", where);
    if (isnan(year))
        year = cal_year;
    if (isnan(year))
        return ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].target.year is needed (the "
                          "year of the actual '%s')", loc, k, name);
    if (!isnan(cal_year) && cal_year != year)
        return ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].year %g differs from "
                          "target.year %g (give one)", loc, k, cal_year, year);
    if (c->ind && strcmp(c->ind, name))
        return ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].indicator '%s' differs from "
                          "target.actual '%s' (the calibration meets the actual of its own "
                          "indicator; leave indicator out)", loc, k, c->ind, name);
    if (strlen(name) >= sizeof c->act_ind)
        return ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].target.actual is too long", loc,
                          k);
    char *path = ps_scenario_string(sc, "actuals");
    if (!path)
        return ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].target.actual '%s': the "
                          "scenario names no actuals file (actuals = \"actuals.csv\")", loc, k,
                          name);
    ps_actual *rows;
    int n;
    if (ps_actuals_read(path, &rows, &n, err)) {
        free(path);
        return err->code;
    }
    const char **names = calloc((size_t)n + 1, sizeof *names);
    int nn = 0, hit = -1, have_ind = 0;
    char years[512] = "";
    size_t yl = 0;
    double near_year = NAN;
    for (int i = 0; names && i < n; i++) {
        int dup = 0;
        for (int j = 0; j < nn; j++)
            dup |= strcmp(names[j], rows[i].indicator) == 0;
        if (!dup)
            names[nn++] = rows[i].indicator;
        if (strcmp(rows[i].indicator, name))
            continue;
        have_ind = 1;
        if (rows[i].year == year)
            hit = i;
        if (yl < sizeof years - 16)
            yl += (size_t)snprintf(years + yl, sizeof years - yl, "%s%d", yl ? ", " : "",
                                   rows[i].year);
        if (isnan(near_year) || fabs(rows[i].year - year) < fabs(near_year - year))
            near_year = rows[i].year;
    }
    if (!names)
        rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
    else if (!have_ind) {
        const char *near = ps_nearest_name(name, names, nn);
        rc = ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].target.actual: '%s' is not an "
                        "indicator of the actuals %s%s%s%s", loc, k, name, path,
                        near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    } else if (hit < 0) {
        rc = ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].%s: the actuals %s have no %g "
                        "row for '%s' (its years: %s; nearest %g)", loc, k,
                        isnan(cal_year) ? "target.year" : "year", path, year, name, years,
                        near_year);
    } else {
        char vb[32];
        const ps_actual *a = &rows[hit];
        snprintf(c->act_ind, sizeof c->act_ind, "%s", name);
        c->ind = c->act_ind;
        c->year = a->year;
        c->target = a->value;
        if (line)
            c->line = line;
        if (ps_is_xlsx_path(path))
            snprintf(c->how, sizeof c->how, "calibrated to the actual %s %d = %s %s (%s, sheet "
                     "'actuals', row %d: %s)", name, a->year, ps_fmt(vb, a->value), a->unit,
                     path, a->line, a->source);
        else
            snprintf(c->how, sizeof c->how, "calibrated to the actual %s %d = %s %s (%s:%d: %s)",
                     name, a->year, ps_fmt(vb, a->value), a->unit, path, a->line, a->source);
    }
    free(names);
    ps_actuals_free(rows, n);
    free(path);
    return rc;
}

/* Reads entry k (calibrations[k], a table) into *c. */
static int read_decl(ps_scenario *sc, const char *where, int k, cal_decl *c, ps_err *err)
{
    char param[256];
    double year = NAN;
    int rc;
    memset(c, 0, sizeof *c);
    c->range[0] = c->range[1] = NAN;
    split_where(where, c->file, sizeof c->file, &c->line);
    c->ind_buf[0] = '\0';
    if ((rc = field(sc, where, k, 0, "param", 's', param, sizeof param, NULL, err)) ||
        (rc = field(sc, where, k, 0, "indicator", 'S', c->ind_buf, sizeof c->ind_buf, NULL,
                    err)) ||
        (rc = field(sc, where, k, 0, "year", 'N', NULL, 0, &year, err)) ||
        (rc = field(sc, where, k, 0, "range", 'r', NULL, 0, c->range, err)))
        return rc;
    if (c->ind_buf[0])
        c->ind = c->ind_buf;
    const ps_param_def *d = ps_scenario_def(sc, param);
    if (!d || !(strcmp(d->type, "series") == 0 || strcmp(d->type, "number") == 0))
        return ps_err_set(err, PS_EINPUT,
                          "%s: calibrations[%d].param '%s' is not a numeric parameter", where, k,
                          param);
    c->d = d;
    int t;
    if (ps_read_kind(sc, &t, err, "calibrations[%d].target", k))
        return err->code;
    if (t == PS_V_TABLE) {
        if ((rc = target_actual(sc, where, k, c, year, err)))
            return rc;
        year = c->year;
    } else {
        if ((rc = field(sc, where, k, 0, "target", 'n', NULL, 0, &c->target, err)) ||
            (rc = field(sc, where, k, 0, "indicator", 's', c->ind_buf, sizeof c->ind_buf, NULL,
                        err)))
            return t == PS_V_NUMBER || t == PS_V_NIL
                       ? rc
                       : ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].target must be a "
                                    "number or { actual = INDICATOR, year = YEAR }", where, k);
        c->ind = c->ind_buf;
        if (isnan(year))
            return ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].year must be a number",
                              where, k);
        char vb[32];
        snprintf(c->how, sizeof c->how, "calibrated: %s in %g = %s (calibrations[%d])", c->ind,
                 year, ps_fmt(vb, c->target), k);
    }
    if (!(year >= sc->base_year && year <= sc->end_year && year == (int)year))
        return ps_err_set(err, PS_EINPUT, "%s: calibrations[%d].year %g is not a year of %d-%d",
                          where, k, year, sc->base_year, sc->end_year);
    c->year = (int)year;
    return PS_OK;
}

/* The scenario's `calibrations` list: 1 and its length, 0 when there is
 * none, or an error (negative). */
static int find_list(ps_scenario *sc, char *where, size_t n, int *len, ps_err *err)
{
    int t;
    if (!ps_scenario_where(sc, "calibrations", where, n))
        snprintf(where, n, "%s", sc->path);
    if (ps_read_kind(sc, &t, err, "calibrations"))
        return -err->code;
    if (t == PS_V_NIL)
        return 0;
    if (t != PS_V_TABLE)
        return -ps_err_set(err, PS_EINPUT, "%s: 'calibrations' must be a list of tables", where);
    if (ps_read_len(sc, len, err, "calibrations"))
        return -err->code;
    if (*len > PS_CALIB_MAX)
        return -ps_err_set(err, PS_EINPUT, "%s: more than %d calibrations", where,
                           PS_CALIB_MAX);
    return 1;
}

int ps_calibrate_declared_check(ps_scenario *sc, ps_err *err)
{
    char where[1200];
    int len = 0, rc = PS_OK, have = find_list(sc, where, sizeof where, &len, err);
    if (have <= 0)
        return have < 0 ? err->code : PS_OK;
    for (int k = 1; k <= len && !rc; k++) {
        cal_decl c;
        if (!ps_read_has_table(sc, "calibrations[%d]", k))
            rc = ps_err_set(err, PS_EINPUT, "%s: calibrations[%d] must be a table", where, k);
        else
            rc = read_decl(sc, where, k, &c, err);
    }
    return rc;
}

int ps_calibrate_declared(ps_scenario *sc, const char *path, const ps_limits *lim,
                          const char *scripts_dir, const ps_calib_fixed *fixed, int nfixed,
                          ps_calib_fixed out[PS_CALIB_MAX], double achieved[PS_CALIB_MAX],
                          int *n, ps_err *err)
{
    return ps_calibrate_declared_with(sc, path, lim, scripts_dir, NULL, fixed, nfixed, out,
                                      achieved, n, err);
}

int ps_calibrate_declared_with(ps_scenario *sc, const char *path, const ps_limits *lim,
                               const char *scripts_dir, const struct ps_module *const *mods,
                               const ps_calib_fixed *fixed, int nfixed,
                               ps_calib_fixed out[PS_CALIB_MAX], double achieved[PS_CALIB_MAX],
                               int *n, ps_err *err)
{
    ps_calib_fixed held[PS_CALIB_MAX + 8];
    char where[1200];
    int rc = PS_OK, count = 0, len = 0;
    *n = 0;
    if (nfixed > 8)
        return ps_err_set(err, PS_EINTERNAL, "more than 8 fixed keys");
    int have = find_list(sc, where, sizeof where, &len, err);
    if (have <= 0)
        return have < 0 ? err->code : PS_OK;
    for (int i = 0; i < nfixed; i++)
        held[i] = fixed[i];
    for (int k = 1; k <= len && !rc; k++) {
        cal_decl c;
        if (!ps_read_has_table(sc, "calibrations[%d]", k)) {
            rc = ps_err_set(err, PS_EINPUT, "%s: calibrations[%d] must be a table", where, k);
            break;
        }
        if ((rc = read_decl(sc, where, k, &c, err)))
            break;
        const ps_param_def *d = c.d;
        int skip = 0;
        for (int i = 0; i < nfixed; i++)
            skip |= strcmp(fixed[i].key, d->key) == 0;
        if (skip)
            continue;
        ps_calib_spec sp = {0};
        sp.scenario = path;
        sp.scripts_dir = scripts_dir;
        sp.lim = *lim;
        sp.param = d->key; /* static */
        sp.indicator = c.ind;
        sp.year = c.year;
        sp.target = c.target;
        sp.lo = isnan(c.range[0]) ? d->lo : c.range[0];
        sp.hi = isnan(c.range[0]) ? d->hi : c.range[1];
        sp.fixed = held;
        sp.nfixed = nfixed + count;
        sp.modules = mods;
        ps_calib_result res;
        if ((rc = ps_calibrate(&sp, &res, err))) {
            ps_err_prefix(err, "%s: calibrations[%d] (%s): ", where, k, d->key);
            break;
        }
        /* The solution replaces the key's value; params and parameters.csv
         * show it with what it was calibrated to. */
        if ((rc = ps_scenario_set_const(sc, d->key, res.value, err)) ||
            (rc = ps_scenario_note_calibrated(sc, d->key, res.value, c.file, c.line, c.how,
                                              err)))
            break;
        held[nfixed + count].key = d->key;
        held[nfixed + count].value = res.value;
        out[count] = held[nfixed + count];
        achieved[count] = res.achieved;
        count++;
    }
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

typedef struct in_run {
    ps_run *run;
    ps_scenario *sc;
    const char *key, *ind;
    int year;
} in_run;

static int in_run_eval(void *ctx, double x, double *out, ps_err *err)
{
    in_run *c = ctx;
    return in_run_value(c->run, c->sc, c->key, x, c->ind, c->year, out, err);
}

int ps_calibrate_declared_in_run(ps_run *run, ps_scenario *sc, ps_err *err)
{
    char where[1200];
    int rc = PS_OK, len;
    if (!ps_read_has_table(sc, "calibrations"))
        return PS_OK;
    if (!ps_scenario_where(sc, "calibrations", where, sizeof where))
        snprintf(where, sizeof where, "%s", sc->path);
    if (ps_read_len(sc, &len, err, "calibrations"))
        return err->code;
    for (int k = 1; k <= len && !rc; k++) {
        int in_draws = 0, t;
        if (!ps_read_has_table(sc, "calibrations[%d]", k))
            continue; /* the central solve reported it */
        if (ps_read_kind(sc, &t, err, "calibrations[%d].draws", k) ||
            (t == PS_V_BOOLEAN && ps_read_bool(sc, &in_draws, NULL, err,
                                               "calibrations[%d].draws", k)))
            return err->code;
        if (!in_draws)
            continue;
        cal_decl c;
        if ((rc = read_decl(sc, where, k, &c, err)))
            break;
        const ps_param_def *d = c.d;
        const char *ind = c.ind, *param = d->key;
        double year = c.year, target = c.target, *range = c.range;
        if (strcmp(d->type, "series") != 0) {
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
        int nev = 0;
        in_run ctx = {run, sc, d->key, ind, (int)year};
        rc = bisect(in_run_eval, &ctx, lo, hi, glo, target, 1e-9, 60, &mid, &fmid, &nev, err);
        if (!rc)
            rc = ps_scenario_set_const(sc, d->key, mid, err);
    }
    return rc;
}
