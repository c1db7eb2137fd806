/* indicators.c: custom indicators defined by the scenario in Lua.
 *
 *   indicators = {
 *     cemetery_plots = function(year, state) return 0.6 * state.get("deaths") end,
 *   }
 *
 * An indicator may carry labels and a unit for the results (columns.csv,
 * the report, the workbook):
 *
 *   cemetery_plots = { value = function(year, state) ... end,
 *                      label_zh = "墓位需求", label_en = "Cemetery plots", unit = "plots" },
 *
 * Each function is called every year after the other modules, with the
 * year and the read-only state; it returns a number, or nil for "no value
 * this year" (an empty cell; for example flows in the last year).  The
 * values go to indicators.csv (one column per indicator, sorted by name)
 * and can be read by other functions as state.get("indicators.NAME").
 * GPL-3.0-or-later. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "output.h"
#include "scenario_read.h"

#define MAX_INDICATORS 64

typedef struct {
    int base, ny, n;
    char *name[MAX_INDICATORS];
    char *label[MAX_INDICATORS][2], *unit[MAX_INDICATORS]; /* as the scenario gives them */
    ps_column_def def[MAX_INDICATORS + 1];                 /* indicators.csv's columns */
    ps_fn fn[MAX_INDICATORS];
    double *val; /* ny x n */
    ps_scenario *sc;
} indicators;

static const ps_param_def PARAMS[] = {
    {"indicators", "table", 0, NULL, NULL, 0, 0, NULL,
     "custom indicators: { name = function(year, state) return number end, ... }"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

static int valid_name(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

static void ind_destroy(void *self)
{
    indicators *d = self;
    for (int i = 0; i < d->n; i++) {
        free(d->name[i]);
        free(d->label[i][0]);
        free(d->label[i][1]);
        free(d->unit[i]);
        ps_fn_release(d->sc, &d->fn[i]);
    }
    free(d->val);
    free(d);
}

/* indicators.NAME: a function, or a table with its `value` function,
 * labels and unit. */
static int read_indicator(indicators *d, int i, const char *where, ps_err *err)
{
    static const char *const F[3] = {"label_zh", "label_en", "unit"};
    ps_scenario *sc = d->sc;
    const char *name = d->name[i];
    int kind, fkind;
    if (ps_read_kind(sc, &kind, err, "indicators.%s", name))
        return err->code;
    if (kind == PS_V_TABLE) {
        for (int k = 0; k < 3; k++) {
            char *v;
            int t;
            if (ps_read_kind(sc, &t, err, "indicators.%s.%s", name, F[k]))
                return err->code;
            if (t == PS_V_NIL)
                continue;
            if (t == PS_V_STRING && ps_read_string(sc, &v, NULL, err, "indicators.%s.%s", name, F[k]))
                return err->code;
            if (t != PS_V_STRING || !*v) {
                if (t == PS_V_STRING)
                    free(v);
                return ps_err_set(err, PS_EINPUT,
                                  "%s: indicators.%s.%s must be a non-empty string", where, name,
                                  F[k]);
            }
            if (k < 2)
                d->label[i][k] = v;
            else
                d->unit[i] = v;
        }
        if (ps_read_kind(sc, &fkind, err, "indicators.%s.value", name))
            return err->code;
    } else {
        fkind = kind;
    }
    if (fkind != PS_V_FUNCTION)
        return ps_err_set(err, PS_EINPUT,
                          "%s: indicators.%s must be a function(year, state) or "
                          "{ value = function(year, state), label_zh = ..., label_en = ..., "
                          "unit = ... }, got %s",
                          where, name, ps_value_kind_name(fkind));
    return kind == PS_V_TABLE ? ps_read_function(sc, &d->fn[i], err, "indicators.%s.value", name)
                              : ps_read_function(sc, &d->fn[i], err, "indicators.%s", name);
}

static int ind_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    indicators *d = calloc(1, sizeof *d);
    char where[1200];
    if (!d)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    d->sc = sc;
    d->base = ps_run_base_year(run);
    d->ny = ps_run_end_year(run) - d->base + 1;
    *self = d;
    if (!ps_scenario_where(sc, "indicators", where, sizeof where))
        snprintf(where, sizeof where, "%s", sc->path);
    if (!ps_read_has_table(sc, "indicators"))
        return PS_OK;
    /* Names sorted, so that columns come out in a stable order. */
    char **names;
    int n;
    if (ps_read_keys(sc, &names, &n, 1 << 20, err, "indicators"))
        return err->code == PS_EINPUT
                   ? ps_err_set(err, PS_EINPUT,
                                "%s: indicators: names must be identifiers (letters, digits, _)",
                                where)
                   : err->code;
    for (int i = 0; i < n; i++)
        if (!valid_name(names[i])) {
            ps_read_keys_free(names, n);
            return ps_err_set(err, PS_EINPUT,
                              "%s: indicators: names must be identifiers (letters, digits, _)",
                              where);
        }
    if (n > MAX_INDICATORS) {
        ps_read_keys_free(names, n);
        return ps_err_set(err, PS_EINPUT, "%s: more than %d indicators", where, MAX_INDICATORS);
    }
    for (int i = 0; i < n; i++)
        d->name[i] = names[i];
    free(names);
    d->n = n;
    for (int i = 0; i < d->n; i++) {
        if (read_indicator(d, i, where, err))
            return err->code;
        char **lab = d->label[i];
        if ((!lab[0] && !(lab[0] = strdup(d->name[i]))) ||
            (!lab[1] && !(lab[1] = strdup(d->name[i]))) ||
            (!d->unit[i] && !(d->unit[i] = strdup("-"))))
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
        d->def[i] = (ps_column_def){d->name[i], lab[0], lab[1], d->unit[i], PS_KIND_STOCK, 1};
    }
    d->def[d->n] = (ps_column_def){NULL, NULL, NULL, NULL, 0, 0};
    d->val = malloc((size_t)(d->ny * (d->n ? d->n : 1)) * sizeof *d->val);
    if (!d->val)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (int k = 0; k < d->ny * d->n; k++)
        d->val[k] = NAN;
    return PS_OK;
}

static int ind_step(void *self, ps_run *run, int year, ps_err *err)
{
    indicators *d = self;
    ps_scenario *sc = ps_run_scenario(run);
    ps_arg args[2] = {{PS_ARG_INT, year, NULL}, {PS_ARG_STATE, 0, NULL}};
    for (int i = 0; i < d->n; i++) {
        int kind;
        double v;
        if (ps_fn_call(sc, &d->fn[i], args, 2, &kind, &v, err))
            return ps_err_prefix(err, "indicators.%s in %d: ", d->name[i], year);
        if (kind == PS_V_NIL)
            continue;
        if (kind != PS_V_NUMBER || !isfinite(v))
            return ps_err_set(err, PS_EINPUT,
                              "indicators.%s in %d: the function returned %s (a finite "
                              "number or nil is needed)",
                              d->name[i], year, kind == PS_V_NUMBER ? "a non-finite number"
                                                                    : ps_value_kind_name(kind));
        d->val[(year - d->base) * d->n + i] = v;
    }
    return PS_OK;
}

static int ind_write(void *self, ps_run *run, const char *dir, ps_err *err)
{
    indicators *d = self;
    (void)run;
    if (d->n == 0)
        return PS_OK;
    FILE *f = ps_open_out(dir, "indicators.csv", err);
    if (!f)
        return err->code;
    fputs("year", f);
    for (int i = 0; i < d->n; i++)
        fprintf(f, ",%s", d->name[i]);
    fputc('\n', f);
    for (int y = 0; y < d->ny; y++) {
        fprintf(f, "%d", d->base + y);
        for (int i = 0; i < d->n; i++)
            ps_put(f, d->val[y * d->n + i], 0);
        fputc('\n', f);
    }
    if (ps_close_out(f, dir, "indicators.csv", err))
        return err->code;
    ps_table_def def = {"indicators.csv", NULL, d->def};
    return ps_columns_register_table(dir, &def, err);
}

static int ind_indicator(void *self, const char *name, int year, double *out)
{
    indicators *d = self;
    int y = year - d->base;
    if (y < 0 || y >= d->ny)
        return 0;
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->name[i], name) == 0 && !isnan(d->val[y * d->n + i])) {
            *out = d->val[y * d->n + i];
            return 1;
        }
    return 0;
}

static int ind_reset(void *self, ps_run *run, ps_err *err)
{
    indicators *d = self;
    (void)run;
    (void)err;
    for (int k = 0; k < d->ny * d->n; k++)
        d->val[k] = NAN;
    return PS_OK;
}

const ps_module ps_indicators_module = {
    .name = "indicators",
    .label_zh = "自定义指标",
    .label_en = "Custom indicators",
    .params = PARAMS,
    .create = ind_create,
    .step = ind_step,
    .write = ind_write,
    .indicator = ind_indicator,
    .reset = ind_reset,
    .destroy = ind_destroy,
};
