/* scenario_read.c: see scenario_read.h.  One of the files at the Lua
 * boundary (with scenario.c, sandbox.c and lua_view.c): the only place
 * modules' reads of a scenario touch the Lua stack.
 * GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "scenario_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "output.h"

#define PATH_MAX_LEN 512

const char *ps_value_kind_name(int kind)
{
    static const char *const N[] = {"nil",   "boolean",  "number",     "string",
                                    "table", "function", "other value"};
    return kind >= 0 && kind <= PS_V_OTHER ? N[kind] : "other value";
}

static int kind_of(lua_State *L, int idx)
{
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
    case LUA_TNONE:
        return PS_V_NIL;
    case LUA_TBOOLEAN:
        return PS_V_BOOLEAN;
    case LUA_TNUMBER:
        return PS_V_NUMBER;
    case LUA_TSTRING:
        return PS_V_STRING;
    case LUA_TTABLE:
        return PS_V_TABLE;
    case LUA_TFUNCTION:
        return PS_V_FUNCTION;
    default:
        return PS_V_OTHER;
    }
}

/* ---------------------------------------------------------------- protected calls */

/* Runs fn(L, ud) in a protected call of its own.  Reading is not script
 * code: no hook counts it and no limit applies (the sandbox's limits are
 * for scripts, sandbox.c), so the only error is a real allocation
 * failure, which becomes an error value instead of a Lua panic. */
typedef struct {
    int (*fn)(lua_State *L, ps_scenario *sc, void *ud, ps_err *err);
    ps_scenario *sc;
    void *ud;
    ps_err *err;
    int rc;
} tramp_ctx;

static int tramp(lua_State *L)
{
    tramp_ctx *c = lua_touserdata(L, 1);
    lua_settop(L, 0);
    c->rc = c->fn(L, c->sc, c->ud, c->err);
    return 0;
}

static int protect(ps_scenario *sc, int (*fn)(lua_State *, ps_scenario *, void *, ps_err *),
                   void *ud, ps_err *err)
{
    lua_State *L = ps_sandbox_lua(sc->sb);
    tramp_ctx c = {fn, sc, ud, err, PS_OK};
    int top = lua_gettop(L);
    lua_pushcfunction(L, tramp);
    lua_pushlightuserdata(L, &c);
    int rc = lua_pcall(L, 1, 0, 0);
    if (rc != LUA_OK) {
        const char *m = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        char buf[512];
        snprintf(buf, sizeof buf, "%s", rc == LUA_ERRMEM ? "out of memory" : m ? m : "?");
        lua_settop(L, top);
        return ps_err_set(err, rc == LUA_ERRMEM ? PS_EINTERNAL : PS_EINPUT,
                          "%s: reading the scenario: %s", sc->path, buf);
    }
    lua_settop(L, top);
    return c.rc;
}

/* ---------------------------------------------------------------- paths */

/* Pushes the value at `path` (nil if any part is missing); raw reads only.
 * Returns 0, or -1 if the path itself is malformed (an engine bug). */
static int push_path(lua_State *L, ps_scenario *sc, const char *path)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->cfg_ref);
    const char *p = path;
    while (*p) {
        if (*p == '.')
            p++;
        if (*p == '[' && p[1] == '"') {
            const char *e = strstr(p + 2, "\"]");
            if (!e)
                return -1;
            lua_pushlstring(L, p + 2, (size_t)(e - p - 2));
            p = e + 2;
        } else if (*p == '[') {
            char *e;
            long long i = strtoll(p + 1, &e, 10);
            if (*e != ']')
                return -1;
            lua_pushinteger(L, (lua_Integer)i);
            p = e + 1;
        } else {
            size_t len = strcspn(p, ".[");
            if (len == 0)
                return -1;
            lua_pushlstring(L, p, len);
            p += len;
        }
        if (lua_type(L, -2) == LUA_TTABLE) {
            lua_rawget(L, -2);
        } else {
            lua_pop(L, 1);
            lua_pushnil(L);
        }
        lua_remove(L, -2);
    }
    return 0;
}

/* "file:line" where the longest scenario key that starts the path was
 * set, else the scenario's file.  Raw reads of the loader's provenance
 * table (plain, built by the engine). */
static const char *where_of(lua_State *L, ps_scenario *sc, const char *path, char *buf,
                            size_t n)
{
    char key[PATH_MAX_LEN];
    size_t len = strcspn(path, "[");
    snprintf(key, sizeof key, "%.*s", (int)len, path);
    snprintf(buf, n, "%s", sc->path);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->prov_ref);
    for (;;) {
        lua_pushstring(L, key);
        if (lua_type(L, -2) == LUA_TTABLE && lua_rawget(L, -2) == LUA_TTABLE) {
            lua_pushstring(L, "file");
            lua_rawget(L, -2);
            lua_pushstring(L, "line");
            lua_rawget(L, -3);
            if (lua_type(L, -2) == LUA_TSTRING && lua_isinteger(L, -1))
                snprintf(buf, n, "%s:%lld", lua_tostring(L, -2), (long long)lua_tointeger(L, -1));
            else if (lua_type(L, -2) == LUA_TSTRING)
                snprintf(buf, n, "%s", lua_tostring(L, -2));
            lua_pop(L, 4);
            return buf;
        }
        lua_pop(L, 1);
        char *dot = strrchr(key, '.');
        if (!dot)
            break;
        *dot = '\0';
    }
    lua_pop(L, 1);
    return buf;
}

typedef struct {
    const char *key;
    char *buf;
    size_t n;
    int found;
} where_req;

static int do_where(lua_State *L, ps_scenario *sc, void *ud, ps_err *err)
{
    where_req *w = ud;
    (void)err;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->prov_ref);
    lua_pushstring(L, w->key);
    if (lua_type(L, -2) == LUA_TTABLE && lua_rawget(L, -2) == LUA_TTABLE) {
        lua_pushstring(L, "file");
        lua_rawget(L, -2);
        lua_pushstring(L, "line");
        lua_rawget(L, -3);
        if (lua_type(L, -2) == LUA_TSTRING && lua_isinteger(L, -1))
            snprintf(w->buf, w->n, "%s:%lld", lua_tostring(L, -2),
                     (long long)lua_tointeger(L, -1));
        else
            snprintf(w->buf, w->n, "%s", lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2)
                                                                       : sc->path);
        w->found = 1;
    }
    return PS_OK;
}

/* scenario.h: read here, protected, like every other read. */
const char *ps_scenario_where(ps_scenario *sc, const char *key, char *buf, size_t n)
{
    where_req w = {key, buf, n, 0};
    ps_err err;
    if (protect(sc, do_where, &w, &err) || !w.found)
        return NULL;
    return buf;
}

/* ---------------------------------------------------------------- one value */

enum { W_KIND, W_NUMBER, W_INTEGER, W_STRING, W_BOOL, W_LEN, W_NUMBERS, W_KEYS, W_FUNCTION };

typedef struct {
    const char *path;
    int want;
    int optional;       /* nil allowed */
    double lo, hi;      /* W_NUMBER, W_NUMBERS */
    long long ilo, ihi; /* W_INTEGER */
    int max;            /* W_NUMBERS, W_KEYS */
    /* results */
    int kind, set;
    double num;
    long long integer;
    char *str;
    int len;
    double *nums;
    char **keys;
    int ref;
} req;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int bad(lua_State *L, ps_scenario *sc, const req *r, ps_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int bad(lua_State *L, ps_scenario *sc, const req *r, ps_err *err, const char *fmt, ...)
{
    char where[1200], what[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    where_of(L, sc, r->path, where, sizeof where);
    return ps_err_set(err, PS_EINPUT, "%s: '%s' %s", where, r->path, what);
}

static int check_number(lua_State *L, ps_scenario *sc, const req *r, double v, const char *name,
                        ps_err *err)
{
    char vb[32];
    if (!(v >= r->lo && v <= r->hi))
        return isnan(v) ? bad(L, sc, r, err, "%sis %s", name, ps_fmt_msg(vb, v))
                        : bad(L, sc, r, err, "%sis %s, outside [%g, %g]", name,
                              ps_fmt_msg(vb, v), r->lo, r->hi);
    return PS_OK;
}

static int read_keys(lua_State *L, ps_scenario *sc, req *r, ps_err *err)
{
    int n = 0, rc = PS_OK;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            int k = kind_of(L, -1);
            lua_pop(L, 1);
            rc = bad(L, sc, r, err, "has a key that is not a name (a %s)", ps_value_kind_name(k));
            break;
        }
        if (n == r->max) {
            lua_pop(L, 1);
            rc = bad(L, sc, r, err, "has more than %d entries", r->max);
            break;
        }
        char **nk = realloc(r->keys, (size_t)(n + 1) * sizeof *nk);
        char *s = nk ? strdup(lua_tostring(L, -1)) : NULL;
        if (nk)
            r->keys = nk;
        if (!s) {
            lua_pop(L, 1);
            rc = ps_err_set(err, PS_EINTERNAL, "out of memory");
            break;
        }
        r->keys[n++] = s;
    }
    r->len = n;
    if (rc) {
        ps_read_keys_free(r->keys, n);
        r->keys = NULL;
        r->len = 0;
        return rc;
    }
    if (n)
        qsort(r->keys, (size_t)n, sizeof *r->keys, cmp_str);
    return PS_OK;
}

static int do_read(lua_State *L, ps_scenario *sc, void *ud, ps_err *err)
{
    req *r = ud;
    if (push_path(L, sc, r->path))
        return ps_err_set(err, PS_EINTERNAL, "malformed scenario path '%s'", r->path);
    r->kind = kind_of(L, -1);
    r->set = r->kind != PS_V_NIL;
    if (r->want == W_KIND)
        return PS_OK;
    if (r->kind == PS_V_NIL) {
        if (r->want == W_LEN || r->want == W_NUMBERS || r->want == W_KEYS) {
            r->len = 0;
            return PS_OK;
        }
        return r->optional ? PS_OK : bad(L, sc, r, err, "is missing");
    }
    static const char *const NEED[] = {
        [W_NUMBER] = "a number",          [W_INTEGER] = "a whole number",
        [W_STRING] = "a string",          [W_BOOL] = "true or false",
        [W_LEN] = "a list",               [W_NUMBERS] = "a list of numbers",
        [W_KEYS] = "a table",             [W_FUNCTION] = "a function"};
    static const int KIND[] = {[W_NUMBER] = PS_V_NUMBER,  [W_INTEGER] = PS_V_NUMBER,
                               [W_STRING] = PS_V_STRING,  [W_BOOL] = PS_V_BOOLEAN,
                               [W_LEN] = PS_V_TABLE,      [W_NUMBERS] = PS_V_TABLE,
                               [W_KEYS] = PS_V_TABLE,     [W_FUNCTION] = PS_V_FUNCTION};
    if (r->kind != KIND[r->want] ||
        (r->want == W_INTEGER && !lua_isinteger(L, -1)))
        return bad(L, sc, r, err, "must be %s, got %s", NEED[r->want],
                   r->kind == PS_V_NUMBER ? "a number with a fraction" : ps_value_kind_name(r->kind));
    switch (r->want) {
    case W_NUMBER:
        r->num = lua_tonumber(L, -1);
        return check_number(L, sc, r, r->num, "", err);
    case W_INTEGER:
        r->integer = (long long)lua_tointeger(L, -1);
        if (r->integer < r->ilo || r->integer > r->ihi)
            return bad(L, sc, r, err, "is %lld, outside [%lld, %lld]", r->integer, r->ilo,
                       r->ihi);
        return PS_OK;
    case W_STRING: {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        if (!(r->str = malloc(len + 1)))
            return ps_err_set(err, PS_EINTERNAL, "out of memory");
        memcpy(r->str, s, len + 1);
        return PS_OK;
    }
    case W_BOOL:
        r->num = lua_toboolean(L, -1);
        return PS_OK;
    case W_LEN: {
        lua_Unsigned n = lua_rawlen(L, -1);
        if (n > 100000000)
            return bad(L, sc, r, err, "has more than 100000000 elements");
        r->len = (int)n;
        return PS_OK;
    }
    case W_NUMBERS: {
        lua_Unsigned n = lua_rawlen(L, -1);
        if (n > (lua_Unsigned)r->max)
            return bad(L, sc, r, err, "has %llu numbers, at most %d are allowed",
                       (unsigned long long)n, r->max);
        for (int i = 1; i <= (int)n; i++) {
            char name[32];
            snprintf(name, sizeof name, "[%d] ", i);
            if (lua_rawgeti(L, -1, i) != LUA_TNUMBER)
                return bad(L, sc, r, err, "[%d] must be a number, got %s", i,
                           ps_value_kind_name(kind_of(L, -1)));
            r->nums[i - 1] = lua_tonumber(L, -1);
            lua_pop(L, 1);
            if (check_number(L, sc, r, r->nums[i - 1], name, err))
                return err->code;
        }
        r->len = (int)n;
        return PS_OK;
    }
    case W_KEYS:
        return read_keys(L, sc, r, err);
    case W_FUNCTION:
        r->ref = luaL_ref(L, LUA_REGISTRYINDEX);
        if (r->ref <= 0) { /* LUA_REFNIL cannot happen: it is a function */
            r->ref = 0;
            return ps_err_set(err, PS_EINTERNAL, "no reference for '%s'", r->path);
        }
        return PS_OK;
    }
    return PS_OK;
}

/* Formats the path and runs the request. */
static int run_req(ps_scenario *sc, req *r, ps_err *err, const char *fmt, va_list ap)
{
    char path[PATH_MAX_LEN];
    int n = vsnprintf(path, sizeof path, fmt, ap);
    if (n < 0 || (size_t)n >= sizeof path)
        return ps_err_set(err, PS_EINPUT, "%s: a scenario name is too long (%.60s...)", sc->path,
                          path);
    r->path = path;
    int rc = protect(sc, do_read, r, err);
    r->path = NULL;
    return rc;
}

#define RUN(r)                                                                                 \
    do {                                                                                       \
        va_list ap;                                                                            \
        va_start(ap, fmt);                                                                     \
        int rc_ = run_req(sc, &(r), err, fmt, ap);                                             \
        va_end(ap);                                                                            \
        if (rc_)                                                                               \
            return rc_;                                                                        \
    } while (0)

int ps_read_kind(ps_scenario *sc, int *kind, ps_err *err, const char *fmt, ...)
{
    req r = {.want = W_KIND};
    RUN(r);
    *kind = r.kind;
    return PS_OK;
}

int ps_read_has_table(ps_scenario *sc, const char *fmt, ...)
{
    ps_err err;
    req r = {.want = W_KIND};
    va_list ap;
    va_start(ap, fmt);
    int rc = run_req(sc, &r, &err, fmt, ap);
    va_end(ap);
    return !rc && r.kind == PS_V_TABLE;
}

int ps_read_number(ps_scenario *sc, double lo, double hi, double *out, int *set, ps_err *err,
                   const char *fmt, ...)
{
    req r = {.want = W_NUMBER, .optional = set != NULL, .lo = lo, .hi = hi};
    RUN(r);
    if (set)
        *set = r.set;
    if (r.set)
        *out = r.num;
    return PS_OK;
}

int ps_read_integer(ps_scenario *sc, long long lo, long long hi, long long *out, int *set,
                    ps_err *err, const char *fmt, ...)
{
    req r = {.want = W_INTEGER, .optional = set != NULL, .ilo = lo, .ihi = hi};
    RUN(r);
    if (set)
        *set = r.set;
    if (r.set)
        *out = r.integer;
    return PS_OK;
}

int ps_read_string(ps_scenario *sc, char **out, int *set, ps_err *err, const char *fmt, ...)
{
    req r = {.want = W_STRING, .optional = set != NULL};
    *out = NULL;
    RUN(r);
    if (set)
        *set = r.set;
    *out = r.str;
    return PS_OK;
}

int ps_read_bool(ps_scenario *sc, int *out, int *set, ps_err *err, const char *fmt, ...)
{
    req r = {.want = W_BOOL, .optional = set != NULL};
    RUN(r);
    if (set)
        *set = r.set;
    if (r.set)
        *out = r.num != 0;
    return PS_OK;
}

int ps_read_len(ps_scenario *sc, int *n, ps_err *err, const char *fmt, ...)
{
    req r = {.want = W_LEN};
    RUN(r);
    *n = r.len;
    return PS_OK;
}

int ps_read_numbers(ps_scenario *sc, double lo, double hi, double *out, int max, int *n,
                    ps_err *err, const char *fmt, ...)
{
    req r = {.want = W_NUMBERS, .lo = lo, .hi = hi, .max = max, .nums = out};
    *n = 0;
    RUN(r);
    *n = r.len;
    return PS_OK;
}

int ps_read_keys(ps_scenario *sc, char ***keys, int *n, int max, ps_err *err, const char *fmt,
                 ...)
{
    req r = {.want = W_KEYS, .max = max};
    *keys = NULL;
    *n = 0;
    RUN(r);
    *keys = r.keys;
    *n = r.len;
    return PS_OK;
}

void ps_read_keys_free(char **keys, int n)
{
    for (int i = 0; keys && i < n; i++)
        free(keys[i]);
    free(keys);
}

/* ---------------------------------------------------------------- functions */

int ps_read_function(ps_scenario *sc, ps_fn *fn, ps_err *err, const char *fmt, ...)
{
    req r = {.want = W_FUNCTION};
    fn->ref = 0;
    RUN(r);
    fn->ref = r.ref;
    return PS_OK;
}

void ps_fn_release(ps_scenario *sc, ps_fn *fn)
{
    if (!fn || fn->ref <= 0)
        return;
    luaL_unref(ps_sandbox_lua(sc->sb), LUA_REGISTRYINDEX, fn->ref); /* does not allocate */
    fn->ref = 0;
}

typedef struct {
    const ps_fn *fn;
    const ps_arg *args;
    int nargs;
    int kind;
    double num;
} call_req;

static int do_call(lua_State *L, ps_scenario *sc, void *ud, ps_err *err)
{
    call_req *c = ud;
    if (c->fn->ref <= 0)
        return ps_err_set(err, PS_EINTERNAL, "calling an empty function handle");
    luaL_checkstack(L, c->nargs + 4, "too many arguments");
    lua_rawgeti(L, LUA_REGISTRYINDEX, c->fn->ref);
    for (int i = 0; i < c->nargs; i++) {
        const ps_arg *a = &c->args[i];
        if (a->kind == PS_ARG_INT)
            lua_pushinteger(L, (lua_Integer)a->i);
        else if (a->kind == PS_ARG_STRING && a->s)
            lua_pushstring(L, a->s);
        else if (a->kind == PS_ARG_STATE && sc->view_ref != LUA_NOREF)
            lua_rawgeti(L, LUA_REGISTRYINDEX, sc->view_ref);
        else
            lua_pushnil(L);
    }
    /* The function runs as a script: the sandbox's limits and traceback. */
    if (ps_sandbox_call(sc->sb, c->nargs, 1, err))
        return err->code;
    c->kind = kind_of(L, -1);
    c->num = c->kind == PS_V_NUMBER ? lua_tonumber(L, -1) : NAN;
    lua_pop(L, 1);
    return PS_OK;
}

int ps_fn_call(ps_scenario *sc, const ps_fn *fn, const ps_arg *args, int nargs, int *kind,
               double *num, ps_err *err)
{
    call_req c = {fn, args, nargs, PS_V_NIL, NAN};
    int rc = protect(sc, do_call, &c, err);
    if (rc)
        return rc;
    *kind = c.kind;
    *num = c.num;
    return PS_OK;
}
