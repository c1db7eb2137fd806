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

#include <lauxlib.h>
#include <lua.h>

#include "module.h"
#include "output.h"

#define MAX_INDICATORS 64

typedef struct {
    int base, ny, n;
    char *name[MAX_INDICATORS];
    char *label[MAX_INDICATORS][2], *unit[MAX_INDICATORS]; /* as the scenario gives them */
    ps_column_def def[MAX_INDICATORS + 1];                 /* indicators.csv's columns */
    int ref[MAX_INDICATORS];
    double *val; /* ny x n */
    ps_scenario *sc;
} indicators;

static const ps_param_def PARAMS[] = {
    {"indicators", "table", 0, NULL, NULL, 0, 0, NULL,
     "custom indicators: { name = function(year, state) return number end, ... }"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int valid_name(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

/* indicators.NAME given as a table (on the stack top): its labels and
 * unit, and its `value` function left on the stack top instead. */
static int read_labels(lua_State *L, indicators *d, int i, const char *where, ps_err *err)
{
    static const char *const F[3] = {"label_zh", "label_en", "unit"};
    for (int k = 0; k < 3; k++) {
        int t = lua_getfield(L, -1, F[k]);
        if (t != LUA_TNIL && (t != LUA_TSTRING || !*lua_tostring(L, -1))) {
            lua_pop(L, 3);
            return ps_err_set(err, PS_EINPUT, "%s: indicators.%s.%s must be a non-empty string",
                              where, d->name[i], F[k]);
        }
        if (t == LUA_TSTRING) {
            char *v = strdup(lua_tostring(L, -1));
            if (!v) {
                lua_pop(L, 3);
                return ps_err_set(err, PS_EINTERNAL, "out of memory");
            }
            if (k < 2)
                d->label[i][k] = v;
            else
                d->unit[i] = v;
        }
        lua_pop(L, 1);
    }
    lua_getfield(L, -1, "value");
    lua_remove(L, -2);
    return PS_OK;
}

static void ind_destroy(void *self)
{
    indicators *d = self;
    lua_State *L = ps_sandbox_lua(d->sc->sb);
    for (int i = 0; i < d->n; i++) {
        free(d->name[i]);
        free(d->label[i][0]);
        free(d->label[i][1]);
        free(d->unit[i]);
        luaL_unref(L, LUA_REGISTRYINDEX, d->ref[i]);
    }
    free(d->val);
    free(d);
}

static int ind_create(ps_run *run, void **self, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    lua_State *L = ps_sandbox_lua(sc->sb);
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
    if (ps_scenario_push(sc, "indicators") != LUA_TTABLE) {
        lua_pop(L, 1);
        return PS_OK;
    }
    /* Names first, sorted, so that columns come out in a stable order. */
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING || !valid_name(lua_tostring(L, -1))) {
            lua_pop(L, 2);
            return ps_err_set(err, PS_EINPUT,
                              "%s: indicators: names must be identifiers (letters, digits, _)",
                              where);
        }
        if (d->n == MAX_INDICATORS) {
            lua_pop(L, 2);
            return ps_err_set(err, PS_EINPUT, "%s: more than %d indicators", where,
                              MAX_INDICATORS);
        }
        d->ref[d->n] = LUA_NOREF;
        d->name[d->n++] = strdup(lua_tostring(L, -1));
    }
    qsort(d->name, (size_t)d->n, sizeof d->name[0], cmp_name);
    for (int i = 0; i < d->n; i++) {
        int t = lua_getfield(L, -1, d->name[i]);
        if (t == LUA_TTABLE && read_labels(L, d, i, where, err))
            return err->code; /* read_labels popped the stack */
        if (lua_type(L, -1) != LUA_TFUNCTION) {
            const char *tn = luaL_typename(L, -1);
            lua_pop(L, 2);
            return ps_err_set(err, PS_EINPUT,
                              "%s: indicators.%s must be a function(year, state) or "
                              "{ value = function(year, state), label_zh = ..., label_en = ..., "
                              "unit = ... }, got %s",
                              where, d->name[i], tn);
        }
        d->ref[i] = luaL_ref(L, LUA_REGISTRYINDEX);
        char **lab = d->label[i];
        if ((!lab[0] && !(lab[0] = strdup(d->name[i]))) ||
            (!lab[1] && !(lab[1] = strdup(d->name[i]))) ||
            (!d->unit[i] && !(d->unit[i] = strdup("-")))) {
            lua_pop(L, 1);
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
        }
        d->def[i] = (ps_column_def){d->name[i], lab[0], lab[1], d->unit[i], PS_KIND_STOCK, 1};
    }
    d->def[d->n] = (ps_column_def){NULL, NULL, NULL, NULL, 0, 0};
    lua_pop(L, 1);
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
    lua_State *L = ps_sandbox_lua(sc->sb);
    for (int i = 0; i < d->n; i++) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, d->ref[i]);
        lua_pushinteger(L, year);
        lua_rawgeti(L, LUA_REGISTRYINDEX, sc->view_ref);
        if (ps_sandbox_call(sc->sb, 2, 1, err))
            return ps_err_prefix(err, "indicators.%s in %d: ", d->name[i], year);
        int t = lua_type(L, -1);
        double v = lua_tonumber(L, -1);
        lua_pop(L, 1);
        if (t == LUA_TNIL)
            continue;
        if (t != LUA_TNUMBER || !isfinite(v))
            return ps_err_set(err, PS_EINPUT,
                              "indicators.%s in %d: the function returned %s (a finite "
                              "number or nil is needed)",
                              d->name[i], year, t == LUA_TNUMBER ? "a non-finite number"
                                                                 : lua_typename(L, t));
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
    .params = PARAMS,
    .create = ind_create,
    .step = ind_step,
    .write = ind_write,
    .indicator = ind_indicator,
    .reset = ind_reset,
    .destroy = ind_destroy,
};
