/* sandbox.c: see sandbox.h.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#define HOOK_EVERY 10000 /* instructions between two checks */
#define MAX_DIRS 16

struct ps_sandbox {
    lua_State *L;
    ps_limits lim;
    size_t mem_used;
    long long instructions;
    int tripped;        /* 1: instruction budget, 2: memory */
    int ndirs;
    char *dirs[MAX_DIRS]; /* folders require may read, scripts/ first */
};

/* Registry keys (addresses of these statics are unique and immutable). */
static const char SAFE_KEY = 'S';
static const char SB_KEY = 'B';
static const char LOADED_KEY = 'L';

/* ---------------------------------------------------------------- limits */

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    ps_sandbox *sb = ud;
    if (nsize == 0) {
        if (ptr)
            sb->mem_used -= osize;
        free(ptr);
        return NULL;
    }
    size_t old = ptr ? osize : 0;
    if (nsize > old && sb->mem_used + (nsize - old) > sb->lim.max_memory) {
        sb->tripped = sb->tripped ? sb->tripped : 2;
        return NULL;
    }
    void *np = realloc(ptr, nsize);
    if (np)
        sb->mem_used = sb->mem_used - old + nsize;
    return np;
}

static ps_sandbox *get_sb(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &SB_KEY);
    ps_sandbox *sb = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return sb;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    ps_sandbox *sb = get_sb(L);
    if (!sb->tripped) {
        sb->instructions += HOOK_EVERY;
        if (sb->instructions <= sb->lim.max_instructions)
            return;
        sb->tripped = 1;
        /* From now on fire at every instruction, so that a pcall in the
         * script that catches this error gets no further. */
        lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    }
    char msg[128];
    if (sb->tripped == 1)
        snprintf(msg, sizeof msg, "instruction limit of %lld exceeded (a runaway loop?)",
                 sb->lim.max_instructions);
    else
        snprintf(msg, sizeof msg, "memory limit of %d MiB exceeded",
                 (int)(sb->lim.max_memory >> 20));
    luaL_where(L, 0); /* in a hook, level 0 is the interrupted function */
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    lua_error(L);
}

/* ---------------------------------------------------------------- safe globals */

static int safe_print(lua_State *L)
{
    int n = lua_gettop(L);
    fputs("[scenario] ", stderr);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

/* load(chunk [, chunkname [, mode [, env]]]): text only; without env the
 * chunk gets a fresh sandboxed global table. */
static int push_new_env(lua_State *L);
static int safe_load(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    int has_env = !lua_isnoneornil(L, 4);
    if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env)
        lua_pushvalue(L, 4);
    else
        push_new_env(L);
    if (!lua_setupvalue(L, -2, 1))
        lua_pop(L, 1);
    return 1;
}

static int safe_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") == 0) {
        lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT, 0) +
                              lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
        return 1;
    }
    return luaL_error(L, "collectgarbage('%s') is not available to scenarios", opt);
}

static int valid_module_name(const char *n)
{
    if (!*n || *n == '.')
        return 0;
    for (const char *p = n; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return 0;
        if (p[0] == '.' && p[1] == '.')
            return 0;
    }
    return 1;
}

/* require(name): modules from the scenario folders and scripts/ only, text
 * only, each in its own sandboxed global table, cached per sandbox. */
static int safe_require(lua_State *L)
{
    ps_sandbox *sb = get_sb(L);
    const char *name = luaL_checkstring(L, 1);
    if (!valid_module_name(name))
        return luaL_error(L, "require '%s': module names are letters, digits, '_' and '.'",
                          name);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &LOADED_KEY);
    if (lua_getfield(L, -1, name) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    char rel[512], path[4096];
    snprintf(rel, sizeof rel, "%s", name);
    for (char *p = rel; *p; p++)
        if (*p == '.')
            *p = '/';
    luaL_Buffer tried;
    luaL_buffinit(L, &tried);
    /* The most recently added scenario folder first, scripts/ (dirs[0]) last. */
    for (int k = sb->ndirs - 1; k >= 0; k--) {
        int d = k == 0 ? 0 : k;
        snprintf(path, sizeof path, "%s/%s.lua", sb->dirs[d], rel);
        FILE *f = fopen(path, "r");
        if (!f) {
            luaL_addstring(&tried, "\n\tno file '");
            luaL_addstring(&tried, path);
            luaL_addstring(&tried, "'");
            continue;
        }
        fclose(f);
        luaL_pushresult(&tried);
        lua_pop(L, 1);
        if (luaL_loadfilex(L, path, "t") != LUA_OK)
            return lua_error(L);
        push_new_env(L);
        lua_setupvalue(L, -2, 1);
        lua_pushstring(L, name);
        lua_call(L, 1, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushboolean(L, 1);
        }
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, name);
        return 1;
    }
    luaL_pushresult(&tried);
    return luaL_error(L, "module '%s' not found in the scenario's folder or scripts/:%s",
                      name, lua_tostring(L, -1));
}

/* The global table every file sees through __index: read-only, and an
 * unknown name is an error rather than a silent nil. */
static int env_index(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &SAFE_KEY);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, -2) != LUA_TNIL)
        return 1;
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "undeclared global '%s'", lua_tostring(L, 2));
    return luaL_error(L, "undeclared global");
}

static int env_newindex(lua_State *L)
{
    const char *n = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    return luaL_error(L, "assignment to undeclared global '%s' (declare it with 'local')",
                      n);
}

/* Pushes a fresh global table for one file. */
static int push_new_env(lua_State *L)
{
    lua_newtable(L);
    lua_newtable(L);
    lua_pushcfunction(L, env_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    return 1;
}

/* Copies the listed fields of the library table on top into a new table. */
static void copy_fields(lua_State *L, const char *const *names)
{
    int src = lua_gettop(L);
    lua_newtable(L);
    for (const char *const *n = names; *n; n++) {
        lua_getfield(L, src, *n);
        lua_setfield(L, -2, *n);
    }
    lua_remove(L, src);
}

static const char *const BASE_NAMES[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "select",
    "tonumber", "tostring", "type", "rawequal", "rawlen", "rawget", "rawset",
    "setmetatable", "getmetatable", "_VERSION", NULL};
static const char *const STRING_NAMES[] = {
    "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
    "rep", "reverse", "sub", "upper", "pack", "packsize", "unpack", NULL};
static const char *const TABLE_NAMES[] = {
    "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL};
static const char *const MATH_NAMES[] = {
    "abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max",
    "maxinteger", "min", "mininteger", "modf", "pi", "rad", "sin", "sqrt", "tan",
    "tointeger", "type", "ult", "atan", "asin", "acos", NULL};
static const char *const UTF8_NAMES[] = {
    "char", "charpattern", "codes", "codepoint", "len", "offset", NULL};
static const char *const OS_NAMES[] = {"time", "clock", "date", "difftime", NULL};
static const char *const CO_NAMES[] = {
    "create", "resume", "running", "status", "wrap", "yield", "isyieldable", NULL};

static int build_safe(lua_State *L)
{
    /* Open the standard libraries we take pieces from, then keep only the
     * allow-listed names; the full tables stay unreachable. */
    luaL_requiref(L, "_G", luaopen_base, 1);
    luaL_requiref(L, "string", luaopen_string, 1);
    luaL_requiref(L, "table", luaopen_table, 1);
    luaL_requiref(L, "math", luaopen_math, 1);
    luaL_requiref(L, "utf8", luaopen_utf8, 1);
    luaL_requiref(L, "os", luaopen_os, 1);
    luaL_requiref(L, "coroutine", luaopen_coroutine, 1);
    lua_settop(L, 0);

    lua_newtable(L); /* safe */
    int safe = lua_gettop(L);
    lua_pushglobaltable(L);
    for (const char *const *n = BASE_NAMES; *n; n++) {
        lua_getfield(L, -1, *n);
        lua_setfield(L, safe, *n);
    }
    lua_pop(L, 1);
    struct { const char *lib; const char *const *names; } libs[] = {
        {"string", STRING_NAMES}, {"table", TABLE_NAMES}, {"math", MATH_NAMES},
        {"utf8", UTF8_NAMES}, {"os", OS_NAMES}, {"coroutine", CO_NAMES}};
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        lua_getglobal(L, libs[i].lib);
        copy_fields(L, libs[i].names);
        lua_setfield(L, safe, libs[i].lib);
    }
    lua_pushcfunction(L, safe_print);
    lua_setfield(L, safe, "print");
    lua_pushcfunction(L, safe_load);
    lua_setfield(L, safe, "load");
    lua_pushcfunction(L, safe_require);
    lua_setfield(L, safe, "require");
    lua_pushcfunction(L, safe_collectgarbage);
    lua_setfield(L, safe, "collectgarbage");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &SAFE_KEY);

    /* Strings' metatable gives s:upper() etc.: point it at the safe copy and
     * hide it, so that no script can reach or change the real one. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &SAFE_KEY);
    lua_getfield(L, -1, "string");
    lua_setfield(L, -3, "__index");
    lua_pop(L, 1);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    /* Nothing a script could use is left in the real globals. */
    lua_newtable(L);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &LOADED_KEY);
    return 0;
}

/* ---------------------------------------------------------------- public */

ps_sandbox *ps_sandbox_new(const ps_limits *lim, const char *scripts_dir, ps_err *err)
{
    ps_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) {
        ps_err_set(err, PS_EINTERNAL, "out of memory");
        return NULL;
    }
    sb->lim.max_instructions = lim && lim->max_instructions > 0
                                   ? lim->max_instructions : PS_DEFAULT_MAX_INSTRUCTIONS;
    sb->lim.max_memory = lim && lim->max_memory > 0 ? lim->max_memory
                                                    : PS_DEFAULT_MAX_MEMORY;
    sb->dirs[sb->ndirs++] = strdup(scripts_dir ? scripts_dir : "/nonexistent");
    sb->L = lua_newstate(limited_alloc, sb);
    if (!sb->L || !sb->dirs[0]) {
        ps_sandbox_free(sb);
        ps_err_set(err, PS_EINTERNAL, "cannot create a Lua state (out of memory)");
        return NULL;
    }
    lua_pushlightuserdata(sb->L, sb);
    lua_rawsetp(sb->L, LUA_REGISTRYINDEX, &SB_KEY);
    lua_pushcfunction(sb->L, build_safe);
    if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
        ps_err_set(err, PS_EINTERNAL, "cannot set up the Lua sandbox: %s",
                   lua_tostring(sb->L, -1));
        ps_sandbox_free(sb);
        return NULL;
    }
    lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
    return sb;
}

void ps_sandbox_free(ps_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    for (int i = 0; i < sb->ndirs; i++)
        free(sb->dirs[i]);
    free(sb);
}

struct lua_State *ps_sandbox_lua(ps_sandbox *sb) { return sb->L; }
void ps_sandbox_push_env(ps_sandbox *sb) { push_new_env(sb->L); }
long long ps_sandbox_instructions(const ps_sandbox *sb) { return sb->instructions; }
size_t ps_sandbox_memory(const ps_sandbox *sb) { return sb->mem_used; }

/* Message handler: the error plus a short traceback (lua.c's msghandler). */
static int msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Keeps the traceback short: only lines naming a Lua file, at most 6. */
static void shorten_traceback(const char *in, char *out, size_t outsz)
{
    const char *tb = strstr(in, "\nstack traceback:");
    size_t n = 0;
    if (!tb) {
        snprintf(out, outsz, "%s", in);
        return;
    }
    n = (size_t)snprintf(out, outsz, "%.*s", (int)(tb - in), in);
    const char *p = tb + 1;
    int kept = 0;
    while ((p = strchr(p, '\n')) && kept < 6 && n < outsz) {
        p++;
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *t = p;
        while (*t == '\t' || *t == ' ')
            t++;
        if (len && *t != '[' && strncmp(t, "(...", 4) != 0 && strncmp(t, "loader:", 7) != 0 &&
            memchr(t, ':', len)) {
            if (!kept)
                n += (size_t)snprintf(out + n, outsz - n, "\ntraceback:");
            if (n < outsz)
                n += (size_t)snprintf(out + n, outsz - n, "\n    %.*s",
                                      (int)(len - (size_t)(t - p)), t);
            kept++;
        }
    }
}

int ps_sandbox_call(ps_sandbox *sb, int nargs, int nresults, ps_err *err)
{
    lua_State *L = sb->L;
    if (sb->tripped) {
        lua_pop(L, nargs + 1);
        return ps_err_set(err, PS_ELIMIT, "the scenario's %s limit was exceeded earlier",
                          sb->tripped == 1 ? "instruction" : "memory");
    }
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, msghandler);
    lua_insert(L, base);
    int rc = lua_pcall(L, nargs, nresults, base);
    if (rc == LUA_OK) {
        lua_remove(L, base);
        return PS_OK;
    }
    const char *m = lua_tostring(L, -1);
    char buf[PS_ERR_MAX];
    if (rc == LUA_ERRMEM || sb->tripped == 2) {
        sb->tripped = 2;
        snprintf(buf, sizeof buf, "memory limit of %d MiB exceeded by the scenario",
                 (int)(sb->lim.max_memory >> 20));
    } else {
        shorten_traceback(m ? m : "(no message)", buf, sizeof buf);
    }
    lua_settop(L, base - 1);
    return ps_err_set(err, sb->tripped ? PS_ELIMIT : PS_EINPUT, "%s", buf);
}

static int add_dir_of(ps_sandbox *sb, const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    for (int i = 1; i < sb->ndirs; i++)
        if (strcmp(sb->dirs[i], dir) == 0)
            return 0;
    if (sb->ndirs == MAX_DIRS)
        return -1;
    if (!(sb->dirs[sb->ndirs] = strdup(dir)))
        return -1;
    sb->ndirs++;
    return 0;
}

int ps_sandbox_loadfile(ps_sandbox *sb, const char *path, ps_err *err)
{
    lua_State *L = sb->L;
    FILE *f = fopen(path, "r");
    if (!f)
        return ps_err_set(err, PS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    fclose(f);
    if (add_dir_of(sb, path))
        return ps_err_set(err, PS_EINPUT, "%s: too many scenario folders", path);
    int rc = luaL_loadfilex(L, path, "t");
    if (rc != LUA_OK) {
        ps_err_set(err, rc == LUA_ERRMEM ? PS_ELIMIT : PS_EINPUT, "%s",
                   lua_tostring(L, -1));
        lua_pop(L, 1);
        return err ? err->code : PS_EINPUT;
    }
    push_new_env(L);
    lua_setupvalue(L, -2, 1);
    return PS_OK;
}
