/* scenario.c: see scenario.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "scenario.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "module.h"
#include "output.h"
#include "path.h"
#include "records.h"
#include "safe_file.h"
#include "scenario_read.h"

extern const char ps_loader_lua[]; /* generated from engine/loader.lua */

#define INF HUGE_VAL

/* ---------------------------------------------------------------- schema */

static const ps_param_def SCHEMA[] = {
    {"name", "string", 1, NULL, NULL, 0, 0, NULL,
     "short name of the scenario; results go to out/<name>/ by default"},
    {"description", "string", 0, NULL, NULL, 0, 0, NULL, "one or two sentences for the report"},
    {"extends", "string", 0, NULL, NULL, 0, 0, NULL,
     "file of the scenario this one changes (relative to this file)"},
    {"base_year", "integer", 1, NULL, "year", 1900, 2200, NULL,
     "year of the base population (stock on 1 January)"},
    {"end_year", "integer", 1, NULL, "year", 1900, 2300, NULL, "last year projected"},
    {"population", "section", 1, NULL, NULL, 0, 0, NULL, "the cohort-component projection"},
    {"population.base", "file", 1, NULL, "persons", 0, 0, NULL,
     "CSV sex,age,population: the base-year stock, ages 0..100"},
    {"population.base_date", "string", 0, NULL, "date", 0, 0,
     "default: 1 January of base_year",
     "\"YYYY-MM-DD\" in base_year: the date of the base population (a census: "
     "\"2020-11-01\"); the first step carries it to 1 January of base_year + 1 with a "
     "fractional step (MODEL.md 1)"},
    {"population.mortality", "file", 1, NULL, NULL, 0, 0, NULL,
     "CSV sex,age,qx or sex,age,mx: base-year mortality, ages 0..100; with a 'year' column "
     "(year,sex,age,qx|mx) a table by year, linear between the given years"},
    {"population.mortality_closed", "boolean", 0, "false", NULL, 0, 0,
     "engine convention (MODEL.md 1)",
     "true: the table is closed, q = 1 at age 100"},
    {"population.mortality_improvement", "series", 0, "0", "per year", -0.2, 0.2,
     "assumption: no improvement unless the scenario says so",
     "annual rate of decline of every q: q(t) = q(base) * prod(1 - rate)"},
    {"population.mortality_improvement_by_age", "file", 0, NULL, "per year", 0, 0, NULL,
     "CSV sex,age,rate: improvement by sex and age, q(t) = q(base) * (1 - rate)^(t - base); "
     "multiplies with mortality_improvement: both apply when both are set"},
    {"population.fertility", "file", 1, NULL, NULL, 0, 0, NULL,
     "CSV age,asfr: the shape of fertility over ages 15..49; with a 'year' column "
     "(year,age,asfr) a shape by year, linear between the given years"},
    {"population.tfr", "series", 1, NULL, "children per woman", 0, 10, NULL,
     "total fertility rate; the asfr schedule is rescaled to it each year"},
    {"population.srb", "series", 0, "1.112", "males per female", 0.8, 1.5,
     "UN WPP 2024, China, sex ratio at birth 2020 (data/raw/china_wpp2024_annual_indicators.csv)",
     "sex ratio at birth"},
    {"population.net_migration", "section", 0, NULL, NULL, 0, 0, NULL, "net migration"},
    {"population.net_migration.total", "series", 0, "0", "persons per year", -1e9, 1e9,
     "assumption: a closed population unless the scenario says so",
     "net migrants in the year (negative: net emigration)"},
    {"population.net_migration.distribution", "file", 0, NULL, NULL, 0, 0, NULL,
     "CSV sex,age,share: age/sex distribution of net migrants (normalised)"},
    {"population.net_migration.by_age", "file", 0, NULL, "persons per year", 0, 0, NULL,
     "CSV year,sex,age,net: signed net migrants by age at the end of the year (outflows at "
     "some ages, inflows at others), linear between the given years and flat outside; "
     "added to total x distribution"},
    {"stochastic", "section", 0, NULL, NULL, 0, 0, NULL,
     "uncertainty of a run with --draws N (MODEL.md 6)"},
    {"stochastic.mortality_sd", "number", 0, "0.02", "log q per year", 0, 1,
     "assumption: a random walk on log q with 2% s.d. a year, about the size of "
     "Lee-Carter k(t) innovations for national mortality (range 0.005..0.05)",
     "s.d. of the yearly step of the mortality index (random walk on log q)"},
    {"stochastic.tfr_sd", "number", 0, "0.06", "children per woman", 0, 2,
     "assumption: with tfr_ar 0.9, a stationary s.d. of 0.14, an 80% band of about "
     "+-0.18 around the path, near UN WPP 2024's probabilistic band for China by 2050 "
     "(range 0.02..0.12)",
     "s.d. of the yearly innovation of the TFR deviation (AR(1) around the path)"},
    {"stochastic.tfr_ar", "number", 0, "0.9", NULL, -0.99, 0.99,
     "assumption: strong persistence of fertility deviations (range 0.7..0.97)",
     "autocorrelation of the TFR deviation"},
    {"stochastic.tfr_min", "number", 0, "0.6", "children per woman", 0, 10,
     "assumption: lowest TFR a draw may reach", "lower bound of a draw's TFR"},
    {"stochastic.tfr_max", "number", 0, "2.5", "children per woman", 0, 10,
     "assumption: highest TFR a draw may reach", "upper bound of a draw's TFR"},
    {"stochastic.migration_sd", "number", 0, "2000", "persons per year", 0, 1e9,
     "assumption: net migration varies by about 2,000 a year around its path "
     "(range 500..5000 for Feidong)",
     "s.d. of the yearly innovation of the net migration deviation"},
    {"stochastic.migration_ar", "number", 0, "0.5", NULL, -0.99, 0.99,
     "assumption: migration shocks half persist into the next year",
     "autocorrelation of the net migration deviation"},
    {"stochastic.perturb", "table", 0, NULL, NULL, 0, 0, NULL,
     "other parameters that vary: { [\"key\"] = { sd =, ar =, lo =, hi = } } "
     "(wage growth, fund returns)"},
    {"stochastic.indicators", "table", 0, NULL, NULL, 0, 0, NULL,
     "list of result names to summarise (default: the headline series of every module)"},
    {"stochastic.pilot", "number", 0, "200", "draws", 10, 100000,
     "engine convention: the first draws set each histogram's range",
     "number of pilot draws"},
    {"actuals", "file", 0, NULL, NULL, 0, 0, NULL,
     "past figures to check the projection against (docs/county.md): CSV "
     "year,indicator,value,unit,source, or an .xlsx workbook (sheet 'actuals'); "
     "a run writes backtest.csv"},
    {"records", "file", 0, NULL, NULL, 0, 0, NULL,
     "the county's own base-year stocks replacing assumptions (docs/county.md): CSV "
     "record,year,value,unit,source, or an .xlsx workbook (sheet 'records')"},
    {"calibrations", "table", 0, NULL, NULL, 0, 0, NULL,
     "{ {param = KEY, indicator = NAME, year = Y, target = V, range = {LO, HI}, "
     "draws = false}, ... } (target = {actual = INDICATOR, year = Y}: a row of `actuals`): solved in order (bisection over whole runs) when the scenario "
     "runs, and again at every sweep point; draws use the central run's solution, or solve "
     "it again in every draw with draws = true"},
    {"hooks", "section", 0, NULL, NULL, 0, 0, NULL, "functions run every year"},
    {"hooks.before_step", "function", 0, NULL, NULL, 0, 0, NULL,
     "function(year, state, params) run before the year's step"},
    {"hooks.after_step", "function", 0, NULL, NULL, 0, 0, NULL,
     "function(year, state, params) run after the year's step"},
    {NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL}};

const ps_param_def *ps_scenario_core_schema(void) { return SCHEMA; }

/* The keys every scenario may set: the core's, then each module's. */
static int build_defs(ps_scenario *sc, ps_err *err)
{
    int n = 0;
    for (const ps_param_def *d = SCHEMA; d->key; d++)
        n++;
    for (int m = 0; ps_modules[m]; m++)
        for (const ps_param_def *d = ps_modules[m]->params; d && d->key; d++)
            n++;
    sc->defs = calloc((size_t)n, sizeof *sc->defs);
    sc->series = calloc((size_t)n, sizeof *sc->series);
    if (!sc->defs || !sc->series)
        return ps_err_set(err, PS_EINTERNAL, "out of memory");
    for (const ps_param_def *d = SCHEMA; d->key; d++)
        sc->defs[sc->ndefs++] = d;
    for (int m = 0; ps_modules[m]; m++)
        for (const ps_param_def *d = ps_modules[m]->params; d && d->key; d++)
            sc->defs[sc->ndefs++] = d;
    for (int i = 0; i < sc->ndefs; i++)
        sc->series[i].ref = LUA_NOREF;
    return PS_OK;
}

static int def_index(const ps_scenario *sc, const char *key)
{
    for (int i = 0; i < sc->ndefs; i++)
        if (strcmp(sc->defs[i]->key, key) == 0)
            return i;
    return -1;
}

const ps_param_def *ps_scenario_def(const ps_scenario *sc, const char *key)
{
    int i = def_index(sc, key);
    return i < 0 ? NULL : sc->defs[i];
}

int ps_scenario_ndefs(const ps_scenario *sc) { return sc->ndefs; }
const ps_param_def *ps_scenario_def_at(const ps_scenario *sc, int i) { return sc->defs[i]; }

const ps_series *ps_scenario_series(const ps_scenario *sc, const char *key)
{
    int i = def_index(sc, key);
    return i >= 0 && strcmp(sc->defs[i]->type, "series") == 0 ? &sc->series[i] : NULL;
}

/* ---------------------------------------------------------------- privileges */

static int priv_loadfile(lua_State *L)
{
    ps_sandbox *sb = lua_touserdata(L, lua_upvalueindex(1));
    const char *path = luaL_checkstring(L, 1);
    ps_err err;
    if (ps_sandbox_loadfile(sb, path, &err)) {
        lua_pushstring(L, err.msg); /* names the file and line already */
        return lua_error(L);
    }
    return 1;
}

static int priv_readtext(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    ps_err err;
    size_t len;
    char *text = ps_read_regular(path, PS_MAX_INPUT_BYTES, &len, &err);
    if (!text)
        return 0;
    lua_pushlstring(L, text, len);
    free(text);
    return 1;
}

static void push_schema(ps_scenario *sc, lua_State *L)
{
    lua_newtable(L);
    for (int i = 0; i < sc->ndefs; i++) {
        const ps_param_def *d = sc->defs[i];
        lua_newtable(L);
        lua_pushstring(L, d->type);
        lua_setfield(L, -2, "type");
        lua_pushboolean(L, d->required);
        lua_setfield(L, -2, "required");
        lua_pushstring(L, d->doc);
        lua_setfield(L, -2, "doc");
        lua_setfield(L, -2, d->key);
    }
}

/* ---------------------------------------------------------------- reading the merged table */

/* Pushes cfg[key] for a dotted key (nil if any part is missing). */
static int push_key(lua_State *L, int cfg_ref, const char *key)
{
    char part[256];
    lua_rawgeti(L, LUA_REGISTRYINDEX, cfg_ref);
    const char *p = key;
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        snprintf(part, sizeof part, "%.*s", (int)len, p);
        if (!lua_istable(L, -1)) {
            lua_pop(L, 1);
            lua_pushnil(L);
            return LUA_TNIL;
        }
        /* Raw: reading the scenario never runs its code (a metatable's
         * __index cannot err or loop here). */
        lua_pushstring(L, part);
        lua_rawget(L, -2);
        lua_remove(L, -2);
        p += len;
        if (*p == '.')
            p++;
    }
    return lua_type(L, -1);
}

char *ps_scenario_string(ps_scenario *sc, const char *key)
{
    ps_err err;
    char *s = NULL;
    int kind;
    if (ps_read_kind(sc, &kind, &err, "%s", key) || kind != PS_V_STRING ||
        ps_read_string(sc, &s, NULL, &err, "%s", key))
        return NULL;
    return s;
}

static void series_free(lua_State *L, ps_series *s);
static void drop_saved(ps_scenario *sc, lua_State *L, int i);

/* Parses the Lua value on top of the stack (popped) into a series for the
 * parameter d: a number, a path {[year] = number} or a function.  `where`
 * prefixes messages.  On success the old content of *s is released. */
static int parse_series(lua_State *L, const ps_param_def *d, const char *where,
                        ps_series *s, ps_err *err)
{
    ps_series n;
    memset(&n, 0, sizeof n);
    n.key = d->key;
    n.ref = LUA_NOREF;
    n.lo = d->lo;
    n.hi = d->hi;
    int t = lua_type(L, -1);
    if (t == LUA_TNIL) {
        n.kind = PS_SERIES_CONST;
        n.value = d->deflt ? strtod(d->deflt, NULL) : 0.0;
        lua_pop(L, 1);
    } else if (t == LUA_TNUMBER) {
        n.kind = PS_SERIES_CONST;
        n.value = lua_tonumber(L, -1);
        lua_pop(L, 1);
        if (!(n.value >= n.lo && n.value <= n.hi)) {
            char vb[32];
            return ps_err_set(err, PS_EINPUT, "%s'%s' is %s, outside [%g, %g]", where, d->key,
                              ps_fmt_msg(vb, n.value), n.lo, n.hi);
        }
    } else if (t == LUA_TFUNCTION) {
        n.kind = PS_SERIES_FUNC;
        n.ref = luaL_ref(L, LUA_REGISTRYINDEX);
    } else if (t == LUA_TTABLE) {
        n.kind = PS_SERIES_PATH;
        int cnt = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            cnt++;
            lua_pop(L, 1);
        }
        if (cnt == 0) {
            lua_pop(L, 1);
            return ps_err_set(err, PS_EINPUT,
                              "%s'%s': a path needs at least one {[year] = value}", where, d->key);
        }
        n.years = malloc((size_t)cnt * sizeof *n.years);
        n.values = malloc((size_t)cnt * sizeof *n.values);
        if (!n.years || !n.values) {
            series_free(L, &n);
            lua_pop(L, 1);
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
        }
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            char kb[64];
            if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1800 ||
                lua_tointeger(L, -2) > 2300) {
                if (lua_type(L, -2) == LUA_TSTRING)
                    snprintf(kb, sizeof kb, "'%s'", lua_tostring(L, -2));
                else if (lua_type(L, -2) == LUA_TNUMBER)
                    snprintf(kb, sizeof kb, "%.17g", lua_tonumber(L, -2));
                else
                    snprintf(kb, sizeof kb, "(a %s)", luaL_typename(L, -2));
                lua_pop(L, 3);
                series_free(L, &n);
                return ps_err_set(err, PS_EINPUT,
                                  "%s'%s': path key %s is not a year (a whole number 1800..2300)",
                                  where, d->key, kb);
            }
            int y = (int)lua_tointeger(L, -2);
            if (lua_type(L, -1) != LUA_TNUMBER) {
                const char *tn = luaL_typename(L, -1);
                lua_pop(L, 3);
                series_free(L, &n);
                return ps_err_set(err, PS_EINPUT, "%s'%s' [%d]: value must be a number, got %s",
                                  where, d->key, y, tn);
            }
            double v = lua_tonumber(L, -1);
            lua_pop(L, 1);
            if (!(v >= n.lo && v <= n.hi)) {
                char vb[32];
                lua_pop(L, 2);
                series_free(L, &n);
                return ps_err_set(err, PS_EINPUT, "%s'%s' [%d] is %s, outside [%g, %g]",
                                  where, d->key, y, ps_fmt_msg(vb, v), d->lo, d->hi);
            }
            /* Insertion sort by year: paths have a handful of points. */
            int i = n.n++;
            while (i > 0 && n.years[i - 1] > y) {
                n.years[i] = n.years[i - 1];
                n.values[i] = n.values[i - 1];
                i--;
            }
            n.years[i] = y;
            n.values[i] = v;
        }
        lua_pop(L, 1);
    } else {
        const char *tn = luaL_typename(L, -1);
        lua_pop(L, 1);
        return ps_err_set(err, PS_EINPUT,
                          "%s'%s' must be a number, a dated path {[year] = value} or a "
                          "function(year, state), got %s",
                          where, d->key, tn);
    }
    n.shock = s->shock; /* a draw's shock survives a params.set */
    series_free(L, s);
    *s = n;
    return PS_OK;
}

/* Reads every series parameter of the merged scenario (defaults included). */
static int load_series(ps_scenario *sc, ps_err *err)
{
    lua_State *L = ps_sandbox_lua(sc->sb);
    for (int i = 0; i < sc->ndefs; i++) {
        const ps_param_def *d = sc->defs[i];
        char where[1200];
        if (strcmp(d->type, "series") != 0)
            continue;
        if (ps_scenario_where(sc, d->key, where, sizeof where - 2))
            strcat(where, ": ");
        else
            snprintf(where, sizeof where, "%s: ", sc->path);
        push_key(L, sc->cfg_ref, d->key);
        if (parse_series(L, d, where, &sc->series[i], err))
            return err->code;
    }
    return PS_OK;
}

static void series_free(lua_State *L, ps_series *s)
{
    free(s->years);
    free(s->values);
    if (s->ref != LUA_NOREF && L)
        luaL_unref(L, LUA_REGISTRYINDEX, s->ref);
    memset(s, 0, sizeof *s);
    s->ref = LUA_NOREF;
}

static void series_where(ps_scenario *sc, const ps_series *s, char *where, size_t n)
{
    if (!ps_scenario_where(sc, s->key, where, n))
        snprintf(where, n, "%s", sc->path);
}

/* The series' own value, before any stochastic shock. */
static int series_base_at(ps_scenario *sc, const ps_series *s, int year, double *out,
                          ps_err *err)
{
    if (s->kind == PS_SERIES_CONST) {
        *out = s->value;
        return PS_OK;
    }
    if (s->kind == PS_SERIES_PATH) {
        *out = ps_path_at(s->years, s->values, s->n, year);
        return PS_OK;
    }
    lua_State *L = ps_sandbox_lua(sc->sb);
    char where[1200];
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->ref);
    lua_pushinteger(L, year);
    if (sc->view_ref != LUA_NOREF)
        lua_rawgeti(L, LUA_REGISTRYINDEX, sc->view_ref);
    else
        lua_pushnil(L);
    if (ps_sandbox_call(sc->sb, 2, 1, err)) {
        series_where(sc, s, where, sizeof where);
        return ps_err_prefix(err, "%s: '%s' in %d: ", where, s->key, year);
    }
    if (lua_type(L, -1) != LUA_TNUMBER) {
        const char *tn = luaL_typename(L, -1);
        lua_pop(L, 1);
        series_where(sc, s, where, sizeof where);
        return ps_err_set(err, PS_EINPUT,
                          "%s: '%s': the function returned %s in %d (a number is needed)",
                          where, s->key, tn, year);
    }
    double v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (!(v >= s->lo && v <= s->hi)) {
        series_where(sc, s, where, sizeof where);
        return ps_err_set(err, PS_EINPUT,
                          "%s: '%s': the function returned %.17g in %d, outside [%g, %g]",
                          where, s->key, v, year, s->lo, s->hi);
    }
    *out = v;
    return PS_OK;
}

int ps_series_at(ps_scenario *sc, const ps_series *s, int year, double *out, ps_err *err)
{
    if (series_base_at(sc, s, year, out, err))
        return err->code;
    const ps_shock *k = &s->shock;
    if (k->values && year >= k->base && year < k->base + k->n) {
        /* A stochastic draw: the value plus the draw's deviation, kept
         * within the draw's bounds and the parameter's range. */
        double v = *out + k->values[year - k->base];
        double lo = k->lo > s->lo ? k->lo : s->lo, hi = k->hi < s->hi ? k->hi : s->hi;
        *out = v < lo ? lo : v > hi ? hi : v;
    }
    return PS_OK;
}

void ps_series_set_shock(const ps_series *s, const double *values, int base, int n, double lo,
                         double hi)
{
    /* The shock is run state, not scenario content: the series stays
     * logically const for modules that only read it. */
    ps_shock *k = (ps_shock *)&s->shock;
    k->values = values;
    k->base = base;
    k->n = n;
    k->lo = lo;
    k->hi = hi;
}

/* ---------------------------------------------------------------- load */

/* The value of a key when it is a number (*isnum), through the protected
 * readers (scenario_read.h). */
static int key_number(ps_scenario *sc, const char *key, int *isnum, double *v, ps_err *err)
{
    int kind;
    *isnum = 0;
    if (ps_read_kind(sc, &kind, err, "%s", key))
        return err->code;
    if (kind != PS_V_NUMBER)
        return PS_OK;
    *isnum = 1;
    return ps_read_number(sc, -HUGE_VAL, HUGE_VAL, v, NULL, err, "%s", key);
}

int ps_scenario_bool(ps_scenario *sc, const char *key, int deflt)
{
    ps_err err;
    int kind, v = deflt;
    if (ps_read_kind(sc, &kind, &err, "%s", key) || kind != PS_V_BOOLEAN ||
        ps_read_bool(sc, &v, NULL, &err, "%s", key))
        return deflt;
    return v;
}

int ps_scenario_number_opt(ps_scenario *sc, const char *key, int *set, double *out,
                           ps_err *err)
{
    const ps_param_def *d = ps_scenario_def(sc, key);
    char where[1200], vb[32];
    double v = NAN;
    if (key_number(sc, key, set, &v, err))
        return err->code;
    if (!*set) {
        if (d && d->deflt) {
            *out = strtod(d->deflt, NULL);
            *set = 1;
        }
        return PS_OK;
    }
    if (d && !(v >= d->lo && v <= d->hi)) {
        if (!ps_scenario_where(sc, key, where, sizeof where))
            snprintf(where, sizeof where, "%s", sc->path);
        return ps_err_set(err, PS_EINPUT, "%s: '%s' is %s, outside [%g, %g]", where, key,
                          ps_fmt_msg(vb, v), d->lo, d->hi);
    }
    *out = v;
    return PS_OK;
}

int ps_scenario_number(ps_scenario *sc, const char *key, double *out, ps_err *err)
{
    const ps_param_def *d = ps_scenario_def(sc, key);
    char where[1200];
    int isnum;
    double v = NAN;
    if (!d)
        return ps_err_set(err, PS_EINTERNAL, "unknown key '%s'", key);
    if (key_number(sc, key, &isnum, &v, err))
        return err->code;
    *out = isnum ? v : d->deflt ? strtod(d->deflt, NULL) : 0.0;
    if (!(*out >= d->lo && *out <= d->hi)) {
        if (!ps_scenario_where(sc, key, where, sizeof where))
            snprintf(where, sizeof where, "%s", sc->path);
        return ps_err_set(err, PS_EINPUT, "%s: '%s' is %.17g, outside [%g, %g]", where, key,
                          *out, d->lo, d->hi);
    }
    return PS_OK;
}

/* Sets cfg[key] = value (top of the stack, popped) for a dotted key,
 * creating the sections on the way. */
static void set_key(lua_State *L, int cfg_ref, const char *key)
{
    char part[256];
    lua_rawgeti(L, LUA_REGISTRYINDEX, cfg_ref);
    const char *p = key, *dot;
    while ((dot = strchr(p, '.'))) {
        snprintf(part, sizeof part, "%.*s", (int)(dot - p), p);
        if (lua_getfield(L, -1, part) != LUA_TTABLE) {
            lua_pop(L, 1);
            lua_newtable(L);
            lua_pushvalue(L, -1);
            lua_setfield(L, -3, part);
        }
        lua_remove(L, -2);
        p = dot + 1;
    }
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, p);
    lua_pop(L, 2);
}

int ps_scenario_set_const(ps_scenario *sc, const char *key, double value, ps_err *err)
{
    int i = def_index(sc, key);
    lua_State *L = ps_sandbox_lua(sc->sb);
    if (i >= 0 && (strcmp(sc->defs[i]->type, "number") == 0 ||
                   strcmp(sc->defs[i]->type, "integer") == 0)) {
        /* A number key (read when a run starts): the value replaces the
         * scenario's, range-checked; an integer key takes the nearest integer. */
        const ps_param_def *d = sc->defs[i];
        int is_int = strcmp(d->type, "integer") == 0;
        double v = is_int ? nearbyint(value) : value;
        if (!(v >= d->lo && v <= d->hi))
            return ps_err_set(err, PS_EINPUT, "'%s' = %.17g is outside [%g, %g]", key, v,
                              d->lo, d->hi);
        if (is_int)
            lua_pushinteger(L, (lua_Integer)v);
        else
            lua_pushnumber(L, v);
        set_key(L, sc->cfg_ref, key);
        return PS_OK;
    }
    if (i < 0 || strcmp(sc->defs[i]->type, "series") != 0)
        return ps_err_set(err, PS_EUSAGE, "'%s' is not a numeric parameter", key);
    drop_saved(sc, L, i);
    lua_pushnumber(L, value);
    return parse_series(L, sc->defs[i], "", &sc->series[i], err);
}

/* Records where a key's value came from when it is not the scenario's own:
 * file, line (if > 0), the source text and a label ("calibrated": params
 * shows the source as it is; none: "record: <source>"). */
static void set_origin(ps_scenario *sc, lua_State *L, const char *key, const char *file,
                       int line, const char *source, const char *label)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->prov_ref);
    lua_newtable(L);
    lua_pushstring(L, file);
    lua_setfield(L, -2, "file");
    if (line > 0) {
        lua_pushinteger(L, line);
        lua_setfield(L, -2, "line");
    }
    lua_pushstring(L, source ? source : "");
    lua_setfield(L, -2, "source");
    if (label) {
        lua_pushstring(L, label);
        lua_setfield(L, -2, "label");
    }
    lua_setfield(L, -2, key);
    lua_pop(L, 1);
}

int ps_scenario_override(ps_scenario *sc, const char *key, int year, double value,
                         const char *file, int line, const char *source, ps_err *err)
{
    int i = def_index(sc, key);
    const char *ty = i >= 0 ? sc->defs[i]->type : "";
    if (i < 0 || (strcmp(ty, "series") && strcmp(ty, "number") && strcmp(ty, "integer")))
        return ps_err_set(err, PS_EINTERNAL, "'%s' is not a numeric parameter", key);
    const ps_param_def *d = sc->defs[i];
    char vb[32];
    if (!(value >= d->lo && value <= d->hi))
        return ps_err_set(err, PS_EINPUT, "%s:%d: %s for '%s' is outside [%g, %g]", file, line,
                          ps_fmt_msg(vb, value), key, d->lo, d->hi);
    if (strcmp(ty, "integer") == 0 && value != (double)(long long)value)
        return ps_err_set(err, PS_EINPUT, "%s:%d: '%s' needs a whole number, got %s", file,
                          line, key, ps_fmt_msg(vb, value));
    lua_State *L = ps_sandbox_lua(sc->sb);
    /* A dated path keeps its other points: the record replaces the
     * value of its year. */
    if (year && strcmp(ty, "series") == 0 && push_key(L, sc->cfg_ref, key) == LUA_TTABLE) {
        lua_pushnumber(L, value);
        lua_rawseti(L, -2, year);
        lua_pop(L, 1);
    } else {
        if (year && strcmp(ty, "series") == 0)
            lua_pop(L, 1); /* the pushed value that was not a path */
        if (strcmp(ty, "integer") == 0)
            lua_pushinteger(L, (lua_Integer)value);
        else
            lua_pushnumber(L, value);
        set_key(L, sc->cfg_ref, key);
    }
    set_origin(sc, L, key, file, line, source, NULL);
    if (strcmp(ty, "series") == 0) {
        char where[1200];
        snprintf(where, sizeof where, "%s:%d: ", file, line);
        push_key(L, sc->cfg_ref, key);
        return parse_series(L, d, where, &sc->series[i], err);
    }
    return PS_OK;
}

int ps_scenario_note_calibrated(ps_scenario *sc, const char *key, double value,
                                const char *file, int line, const char *how, ps_err *err)
{
    int i = def_index(sc, key);
    if (i < 0)
        return ps_err_set(err, PS_EINTERNAL, "'%s' is not a parameter", key);
    lua_State *L = ps_sandbox_lua(sc->sb);
    if (strcmp(sc->defs[i]->type, "integer") == 0)
        lua_pushinteger(L, (lua_Integer)nearbyint(value));
    else
        lua_pushnumber(L, value);
    set_key(L, sc->cfg_ref, key);
    set_origin(sc, L, key, file, line, how, "calibrated");
    return PS_OK;
}

/* The source a record gave for a key it set (NULL if none). */
static const char *record_source(ps_scenario *sc, const char *key, char *buf, size_t n)
{
    lua_State *L = ps_sandbox_lua(sc->sb);
    const char *res = NULL;
    int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->prov_ref);
    if (lua_getfield(L, -1, key) == LUA_TTABLE &&
        lua_getfield(L, -1, "source") == LUA_TSTRING && *lua_tostring(L, -1)) {
        if (lua_getfield(L, -2, "label") == LUA_TSTRING) /* a calibration's own text */
            snprintf(buf, n, "%s", lua_tostring(L, -2));
        else
            snprintf(buf, n, "record: %s", lua_tostring(L, -2));
        res = buf;
    }
    lua_settop(L, top);
    return res;
}

/* ---------------------------------------------------------------- params API for hooks */

/* params.set(key, value): from now on the series `key` is `value` (a
 * number, a path or a function), so a hook can change the years ahead. */
/* "file.lua:LINE" of the function at stack level `level` (1: the caller of
 * the C function), or of the function at index `fn` if fn != 0. */
static void lua_where(lua_State *L, int level, int fn, char *buf, size_t n)
{
    lua_Debug ar;
    snprintf(buf, n, "?");
    if (fn) {
        lua_pushvalue(L, fn);
        if (!lua_getinfo(L, ">S", &ar))
            return;
    } else if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "Sl", &ar)) {
        return;
    }
    const char *src = ar.short_src, *slash = strrchr(src, '/');
    snprintf(buf, n, "%s:%d", slash ? slash + 1 : src, fn ? ar.linedefined : ar.currentline);
}

/* The values of series i in the given years as text: "7000" for one
 * year, "2035: 7000; 2039: 10000" for several. */
static void series_text(ps_scenario *sc, int i, const int *years, int ny, char *buf, size_t n)
{
    ps_err err;
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < ny && len + 40 < n; k++) {
        double v;
        if (ps_series_at(sc, &sc->series[i], years[k], &v, &err) != PS_OK)
            continue;
        if (ny == 1)
            len += (size_t)snprintf(buf + len, n - len, "%.10g", v);
        else
            len += (size_t)snprintf(buf + len, n - len, "%s%d: %.10g", len ? "; " : "",
                                    years[k], v);
    }
}

/* The years a params.set value names: a path's years (sorted, at most
 * max), else the year after the current one. */
static int set_years(lua_State *L, int idx, int next, int *years, int max)
{
    int n = 0;
    if (lua_type(L, idx) == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, idx) && n < max) {
            if (lua_isinteger(L, -2))
                years[n++] = (int)lua_tointeger(L, -2);
            lua_pop(L, 1);
        }
        if (n == max)
            lua_pop(L, 2); /* lua_next stopped early: key and value */
        for (int a = 1; a < n; a++)
            for (int b = a; b > 0 && years[b - 1] > years[b]; b--) {
                int t = years[b];
                years[b] = years[b - 1];
                years[b - 1] = t;
            }
    }
    if (n == 0)
        years[n++] = next;
    return n;
}

/* Keeps a copy of series i as it is before a hook's params.set changes it
 * (ps_scenario_undo_sets puts it back).  Returns non-zero if out of memory. */
static int save_series(ps_scenario *sc, lua_State *L, int i)
{
    if (!sc->saved) {
        sc->saved = calloc((size_t)sc->ndefs, sizeof *sc->saved);
        sc->saved_set = calloc((size_t)sc->ndefs, 1);
        if (!sc->saved || !sc->saved_set)
            return 1;
    }
    const ps_series *s = &sc->series[i];
    ps_series c = *s;
    c.years = NULL;
    c.values = NULL;
    c.ref = LUA_NOREF;
    if (s->n > 0 && s->years) {
        c.years = malloc((size_t)s->n * sizeof *c.years);
        c.values = malloc((size_t)s->n * sizeof *c.values);
        if (!c.years || !c.values) {
            free(c.years);
            free(c.values);
            return 1;
        }
        memcpy(c.years, s->years, (size_t)s->n * sizeof *c.years);
        memcpy(c.values, s->values, (size_t)s->n * sizeof *c.values);
    }
    if (s->ref != LUA_NOREF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, s->ref);
        c.ref = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    sc->saved[i] = c;
    sc->saved_set[i] = 1;
    return 0;
}

/* Forgets the copy of series i (an explicit set replaces the series whole). */
static void drop_saved(ps_scenario *sc, lua_State *L, int i)
{
    if (sc->saved_set && sc->saved_set[i]) {
        series_free(L, &sc->saved[i]);
        sc->saved_set[i] = 0;
    }
}

void ps_scenario_undo_sets(ps_scenario *sc)
{
    if (!sc->saved_set)
        return;
    lua_State *L = ps_sandbox_lua(sc->sb);
    for (int i = 0; i < sc->ndefs; i++)
        if (sc->saved_set[i]) {
            ps_shock shock = sc->series[i].shock; /* a draw's shock stays */
            series_free(L, &sc->series[i]);
            sc->series[i] = sc->saved[i];
            sc->series[i].shock = shock;
            memset(&sc->saved[i], 0, sizeof sc->saved[i]);
            sc->saved[i].ref = LUA_NOREF;
            sc->saved_set[i] = 0;
        }
}

static int params_set(lua_State *L)
{
    ps_scenario *sc = lua_touserdata(L, lua_upvalueindex(1));
    const char *key = luaL_checkstring(L, 1);
    luaL_checkany(L, 2);
    int i = def_index(sc, key);
    if (i < 0 || strcmp(sc->defs[i]->type, "series") != 0)
        return luaL_error(L, "params.set: '%s' is not a numeric parameter", key);
    ps_err err;
    lua_settop(L, 2);
    /* For events.csv: the values in the years the new value names (the
     * next year for a number or a function), before and after. */
    char where[512], old_v[256] = "", new_v[256] = "", note[160];
    int years[8], t = lua_type(L, 2);
    int ny = sc->on_event ? set_years(L, 2, sc->current_year + 1, years, 8) : 0;
    if (sc->on_event) {
        series_text(sc, i, years, ny, old_v, sizeof old_v);
        lua_where(L, 1, 0, where, sizeof where);
    }
    if (!sc->saved_set || !sc->saved_set[i]) {
        if (save_series(sc, L, i))
            return luaL_error(L, "params.set: out of memory");
    }
    if (parse_series(L, sc->defs[i], "params.set: ", &sc->series[i], &err)) {
        lua_pushstring(L, err.msg);
        return lua_error(L);
    }
    if (sc->on_event) {
        series_text(sc, i, years, ny, new_v, sizeof new_v);
        snprintf(note, sizeof note, "params.set in %d: %s", sc->current_year,
                 t == LUA_TNUMBER  ? "a number from then on"
                 : t == LUA_TTABLE ? "a path (values in its years)"
                                   : "a function (value the next year)");
        if (sc->on_event(sc->event_ctx, sc->current_year, where, key, old_v, new_v, note))
            return luaL_error(L, "params.set: out of memory");
    }
    return 0;
}

/* params.triggered(fn [, name]): records in events.csv that a rule fired
 * this year; its source is where fn (the rule's condition) is defined. */
static int params_triggered(lua_State *L)
{
    ps_scenario *sc = lua_touserdata(L, lua_upvalueindex(1));
    luaL_checktype(L, 1, LUA_TFUNCTION);
    const char *name = luaL_optstring(L, 2, "rule");
    char where[512];
    lua_where(L, 0, 1, where, sizeof where);
    if (sc->on_event && sc->on_event(sc->event_ctx, sc->current_year, where, name, "", "",
                                     "rule triggered"))
        return luaL_error(L, "params.triggered: out of memory");
    return 0;
}

/* params.get(key [, year]): the value of a numeric parameter in a year
 * (default: the hook's year). */
static int params_get(lua_State *L)
{
    ps_scenario *sc = lua_touserdata(L, lua_upvalueindex(1));
    const char *key = luaL_checkstring(L, 1);
    const ps_series *s = ps_scenario_series(sc, key);
    if (!s)
        return luaL_error(L, "params.get: '%s' is not a numeric parameter", key);
    int year = (int)luaL_optinteger(L, 2, sc->current_year);
    double v;
    ps_err err;
    if (ps_series_at(sc, s, year, &v, &err)) {
        lua_pushstring(L, err.msg);
        return lua_error(L);
    }
    lua_pushnumber(L, v);
    return 1;
}

static int make_params_api(lua_State *L)
{
    ps_scenario *sc = lua_touserdata(L, 1);
    lua_newtable(L);
    lua_pushlightuserdata(L, sc);
    lua_pushcclosure(L, params_set, 1);
    lua_setfield(L, -2, "set");
    lua_pushlightuserdata(L, sc);
    lua_pushcclosure(L, params_get, 1);
    lua_setfield(L, -2, "get");
    lua_pushlightuserdata(L, sc);
    lua_pushcclosure(L, params_triggered, 1);
    lua_setfield(L, -2, "triggered");
    return 1;
}

/* A required integer key, range-checked against its definition. */
static int get_int(ps_scenario *sc, const char *key, int *out, ps_err *err)
{
    lua_State *L = ps_sandbox_lua(sc->sb);
    const ps_param_def *d = ps_scenario_def(sc, key);
    char where[1200];
    int isint = push_key(L, sc->cfg_ref, key) == LUA_TNUMBER && lua_isinteger(L, -1);
    lua_Integer v = isint ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    if (!ps_scenario_where(sc, key, where, sizeof where))
        snprintf(where, sizeof where, "%s", sc->path);
    if (!isint)
        return ps_err_set(err, PS_EINPUT, "%s: '%s' must be a whole number", where, key);
    if (d && (v < (lua_Integer)d->lo || v > (lua_Integer)d->hi))
        return ps_err_set(err, PS_EINPUT, "%s: '%s' is %lld, outside %g..%g", where, key,
                          (long long)v, d->lo, d->hi);
    *out = (int)v;
    return PS_OK;
}

static int get_ref(ps_scenario *sc, const char *key)
{
    lua_State *L = ps_sandbox_lua(sc->sb);
    if (push_key(L, sc->cfg_ref, key) == LUA_TFUNCTION)
        return luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1);
    return LUA_NOREF;
}

ps_scenario *ps_scenario_load(const char *path, const ps_limits *lim,
                              const char *scripts_dir, ps_err *err)
{
    ps_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    sc->cfg_ref = sc->prov_ref = sc->view_ref = sc->params_ref = LUA_NOREF;
    sc->hook_before = sc->hook_after = LUA_NOREF;
    if (!(sc->path = strdup(path))) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto fail;
    }
    FILE *f = ps_fopen_regular(path, err);
    if (!f)
        goto fail;
    fclose(f);
    if (build_defs(sc, err) || !(sc->sb = ps_sandbox_new(lim, scripts_dir, err)))
        goto fail;
    lua_State *L = ps_sandbox_lua(sc->sb);

    /* Compile the trusted loader and give it its privileges. */
    if (luaL_loadbufferx(L, ps_loader_lua, strlen(ps_loader_lua), "=loader", "t")) {
        ps_err_set(err, PS_EINTERNAL, "loader: %s", lua_tostring(L, -1));
        goto fail;
    }
    ps_sandbox_push_env(sc->sb);
    lua_setupvalue(L, -2, 1);
    lua_newtable(L);
    push_schema(sc, L);
    lua_setfield(L, -2, "schema");
    lua_pushlightuserdata(L, sc->sb);
    lua_pushcclosure(L, priv_loadfile, 1);
    lua_setfield(L, -2, "loadfile");
    lua_pushcfunction(L, priv_readtext);
    lua_setfield(L, -2, "readtext");
    ps_sandbox_push_trusted_string(sc->sb);
    lua_setfield(L, -2, "string");
    lua_pushstring(L, path);
    lua_setfield(L, -2, "main");
    if (ps_sandbox_call(sc->sb, 1, 1, err))
        goto fail;
    lua_getfield(L, -1, "load");
    lua_remove(L, -2);
    lua_pushstring(L, path);
    if (ps_sandbox_call(sc->sb, 1, 3, err))
        goto fail;
    /* files, prov, cfg on the stack */
    int nf = (int)luaL_len(L, -1);
    sc->files = calloc((size_t)nf, sizeof *sc->files);
    if (!sc->files) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        goto fail;
    }
    for (int i = 1; i <= nf; i++) {
        lua_rawgeti(L, -1, i);
        sc->files[sc->nfiles++] = strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    sc->prov_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    sc->cfg_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    sc->name = ps_scenario_string(sc, "name");
    sc->description = ps_scenario_string(sc, "description");
    if (get_int(sc, "base_year", &sc->base_year, err) ||
        get_int(sc, "end_year", &sc->end_year, err))
        goto fail;
    char where[1200];
    if (sc->end_year <= sc->base_year) {
        if (!ps_scenario_where(sc, "end_year", where, sizeof where))
            snprintf(where, sizeof where, "%s", path);
        ps_err_set(err, PS_EINPUT, "%s: end_year %d must be after base_year %d", where,
                   sc->end_year, sc->base_year);
        goto fail;
    }
    if (sc->end_year - sc->base_year > 300) {
        ps_err_set(err, PS_EINPUT, "%s: a horizon of %d years is more than 300", path,
                   sc->end_year - sc->base_year);
        goto fail;
    }
    if (!sc->name || !sc->name[0]) {
        if (!ps_scenario_where(sc, "name", where, sizeof where))
            snprintf(where, sizeof where, "%s", path);
        ps_err_set(err, PS_EINPUT, "%s: 'name' is empty (it names the results folder)", where);
        goto fail;
    }
    for (const char *p = sc->name; *p; p++)
        if (*p == '/' || *p == '\\' || (p == sc->name && *p == '.') ||
            (unsigned char)*p < 0x20) {
            ps_err_set(err, PS_EINPUT,
                       "%s: name '%s' must not contain '/', '\\' or control characters, nor "
                       "start with '.'", path, sc->name);
            goto fail;
        }
    sc->pop_base = ps_scenario_string(sc, "population.base");
    sc->pop_mortality = ps_scenario_string(sc, "population.mortality");
    sc->pop_fertility = ps_scenario_string(sc, "population.fertility");
    sc->pop_mig_dist = ps_scenario_string(sc, "population.net_migration.distribution");
    sc->pop_imp_age = ps_scenario_string(sc, "population.mortality_improvement_by_age");
    sc->mortality_closed = ps_scenario_bool(sc, "population.mortality_closed", 0);
    if (load_series(sc, err))
        goto fail;
    const ps_series *mig = ps_scenario_series(sc, "population.net_migration.total");
    if (!sc->pop_mig_dist && !(mig->kind == PS_SERIES_CONST && mig->value == 0.0)) {
        ps_err_set(err, PS_EINPUT,
                   "%s: 'population.net_migration.total' is set but "
                   "'population.net_migration.distribution' (a CSV sex,age,share) is missing",
                   path);
        goto fail;
    }
    lua_pushcfunction(L, make_params_api);
    lua_pushlightuserdata(L, sc);
    if (ps_sandbox_call(sc->sb, 1, 1, err))
        goto fail;
    sc->params_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    sc->current_year = sc->base_year;
    sc->hook_before = get_ref(sc, "hooks.before_step");
    sc->hook_after = get_ref(sc, "hooks.after_step");
    if (ps_records_apply(sc, err))
        goto fail;
    return sc;
fail:
    ps_scenario_free(sc);
    return NULL;
}

void ps_scenario_free(ps_scenario *sc)
{
    if (!sc)
        return;
    /* The Lua state first: nothing of the scenario can run after this
     * (scripts have no finalizers), then what its functions pointed to. */
    ps_sandbox_free(sc->sb);
    sc->sb = NULL;
    if (sc->series)
        for (int i = 0; i < sc->ndefs; i++)
            series_free(NULL, &sc->series[i]);
    free(sc->series);
    if (sc->saved)
        for (int i = 0; i < sc->ndefs; i++)
            if (sc->saved_set[i])
                series_free(NULL, &sc->saved[i]);
    free(sc->saved);
    free(sc->saved_set);
    free(sc->defs);
    for (int i = 0; i < sc->nfiles; i++)
        free(sc->files[i]);
    free(sc->files);
    free(sc->path);
    free(sc->name);
    free(sc->description);
    free(sc->pop_base);
    free(sc->pop_mortality);
    free(sc->pop_fertility);
    free(sc->pop_mig_dist);
    free(sc->pop_imp_age);
    free(sc);
}

/* ---------------------------------------------------------------- params */

static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

/* A value as text: numbers round-trip, paths as {[y]=v, ...}. */
static void value_text(lua_State *L, int idx, char *buf, size_t n)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            snprintf(buf, n, "%lld", (long long)lua_tointeger(L, idx));
        else
            ps_fmt(buf, lua_tonumber(L, idx));
        break;
    case LUA_TSTRING:
        snprintf(buf, n, "%s", lua_tostring(L, idx));
        break;
    case LUA_TBOOLEAN:
        snprintf(buf, n, "%s", lua_toboolean(L, idx) ? "true" : "false");
        break;
    case LUA_TFUNCTION: {
        lua_Debug ar;
        lua_pushvalue(L, idx);
        lua_getinfo(L, ">S", &ar);
        snprintf(buf, n, "function (%s:%d)", ar.short_src, ar.linedefined);
        break;
    }
    case LUA_TTABLE: {
        /* Sorted by year for a path. */
        int years[512], cnt = 0;
        lua_pushnil(L);
        while (lua_next(L, idx) && cnt < 512) {
            if (lua_isinteger(L, -2))
                years[cnt++] = (int)lua_tointeger(L, -2);
            lua_pop(L, 1);
        }
        for (int i = 1; i < cnt; i++)
            for (int j = i; j > 0 && years[j - 1] > years[j]; j--) {
                int t = years[j];
                years[j] = years[j - 1];
                years[j - 1] = t;
            }
        size_t used = (size_t)snprintf(buf, n, "{");
        for (int i = 0; i < cnt && used < n; i++) {
            lua_rawgeti(L, idx, years[i]);
            char num[32];
            used += (size_t)snprintf(buf + used, n - used, "%s[%d]=%s", i ? ", " : "",
                                     years[i], ps_fmt(num, lua_tonumber(L, -1)));
            lua_pop(L, 1);
        }
        if (used < n)
            snprintf(buf + used, n - used, "}");
        break;
    }
    default:
        snprintf(buf, n, "(%s)", lua_typename(L, lua_type(L, idx)));
    }
}

int ps_scenario_write_params(ps_scenario *sc, FILE *f, ps_err *err)
{
    lua_State *L = ps_sandbox_lua(sc->sb);
    char val[4096], where[1200], rsrc[1200];
    fputs("key,value,unit,set_in,source\n", f);
    for (int i = 0; i < sc->ndefs; i++) {
        const ps_param_def *d = sc->defs[i];
        if (strcmp(d->type, "section") == 0 || strcmp(d->key, "extends") == 0)
            continue;
        int t = push_key(L, sc->cfg_ref, d->key);
        const char *w = ps_scenario_where(sc, d->key, where, sizeof where);
        if (t == LUA_TNIL)
            snprintf(val, sizeof val, "%s", d->deflt ? d->deflt : "");
        else
            value_text(L, -1, val, sizeof val);
        lua_pop(L, 1);
        if (t == LUA_TNIL && !d->deflt)
            continue; /* optional and unset: nothing to trace */
        csv_field(f, d->key);
        fputc(',', f);
        csv_field(f, val);
        fputc(',', f);
        csv_field(f, d->unit ? d->unit : "");
        fputc(',', f);
        csv_field(f, w ? w : "default");
        fputc(',', f);
        const char *rs = w ? record_source(sc, d->key, rsrc, sizeof rsrc) : NULL;
        csv_field(f, rs ? rs : w ? "scenario" : (d->source ? d->source : ""));
        fputc('\n', f);
    }
    if (ferror(f))
        return ps_err_set(err, PS_EIO, "cannot write the parameter list");
    return PS_OK;
}

/* ---------------------------------------------------------------- documentation */

static void md_rows(FILE *f, const ps_param_def *d)
{
    for (; d && d->key; d++) {
        fprintf(f, "| `%s` | %s%s | %s | %s | %s | %s |\n", d->key, d->type,
                d->required ? " (required)" : "", d->deflt ? d->deflt : "",
                d->unit ? d->unit : "", d->doc ? d->doc : "", d->source ? d->source : "");
    }
}

void ps_schema_write_markdown(FILE *f)
{
    fputs("| key | type | default | unit | meaning | source of the default |\n"
          "|---|---|---|---|---|---|\n", f);
    md_rows(f, SCHEMA);
    for (int m = 0; ps_modules[m]; m++)
        md_rows(f, ps_modules[m]->params);
}
