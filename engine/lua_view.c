/* lua_view.c: see lua_view.h.
 *
 * state.year, state.base_year, state.end_year
 * state.pop(sex, age_lo, age_hi)  persons at 1 January of the current year;
 *      sex "male", "female" or nil for both; ages default to 0..100, one age
 *      if only age_lo is given
 * state.total()                   the whole population
 * state.get(name [, year])        an indicator of any module for a year
 *      already computed ("births", "demography.old_age_dependency", ...)
 *
 * The run rides in a box (a full userdata) that is an upvalue of each C
 * function: no C global.  When the run ends (or a new run of the same
 * scenario installs its view) the box is emptied, so a script that kept
 * `state` gets an error instead of reading freed memory.  Writing to the
 * view is an error.
 * GPL-3.0-or-later. */
#include "lua_view.h"

#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "population_io.h"

typedef struct view_box {
    ps_run *run;
} view_box;

static ps_run *view_run(lua_State *L)
{
    view_box *b = lua_touserdata(L, lua_upvalueindex(1));
    if (!b || !b->run)
        luaL_error(L, "this state belongs to a run that has ended");
    return b->run;
}

static int view_pop(lua_State *L)
{
    ps_run *run = view_run(L);
    int sex = -1;
    if (!lua_isnoneornil(L, 1)) {
        sex = ps_sex_from_name(luaL_checkstring(L, 1));
        luaL_argcheck(L, sex >= 0, 1, "'male', 'female' or nil expected");
    }
    lua_Integer lo = luaL_optinteger(L, 2, 0);
    lua_Integer hi = luaL_optinteger(L, 3, lua_isnoneornil(L, 2) ? PS_AGE_OPEN : lo);
    luaL_argcheck(L, lo >= 0 && lo <= PS_AGE_OPEN, 2, "age outside 0..100");
    luaL_argcheck(L, hi >= lo && hi <= PS_AGE_OPEN, 3, "age outside age_lo..100");
    const ps_pop *p = ps_run_pop(run, ps_run_current_year(run));
    if (!p)
        return luaL_error(L, "the population of %d is not known yet", ps_run_current_year(run));
    double s = sex < 0 ? ps_pop_sum(p, (int)lo, (int)hi)
                       : ps_pop_sum_sex(p, sex, (int)lo, (int)hi);
    lua_pushnumber(L, s);
    return 1;
}

static int view_total(lua_State *L)
{
    ps_run *run = view_run(L);
    const ps_pop *p = ps_run_pop(run, ps_run_current_year(run));
    lua_pushnumber(L, p ? ps_pop_sum(p, 0, PS_AGE_OPEN) : 0.0);
    return 1;
}

static int view_get(lua_State *L)
{
    ps_run *run = view_run(L);
    const char *name = luaL_checkstring(L, 1);
    lua_Integer year = luaL_optinteger(L, 2, ps_run_current_year(run));
    double v;
    if (!ps_run_indicator(run, name, (int)year, &v))
        return luaL_error(L, "no value of '%s' for %d (unknown name, or not computed yet)",
                          name, (int)year);
    lua_pushnumber(L, v);
    return 1;
}

static int view_index(lua_State *L)
{
    ps_run *run = view_run(L);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "year") == 0)
        lua_pushinteger(L, ps_run_current_year(run));
    else if (strcmp(k, "base_year") == 0)
        lua_pushinteger(L, ps_run_base_year(run));
    else if (strcmp(k, "end_year") == 0)
        lua_pushinteger(L, ps_run_end_year(run));
    else if (strcmp(k, "projection") == 0)
        lua_pushinteger(L, ps_run_projection(run));
    else {
        lua_pushvalue(L, 2);
        lua_rawget(L, lua_upvalueindex(2)); /* the methods */
        if (lua_isnil(L, -1))
            return luaL_error(L, "state has no field '%s' (fields: year, base_year, "
                                 "end_year, projection, pop, total, get)", k);
    }
    return 1;
}

static int view_newindex(lua_State *L)
{
    return luaL_error(L, "the state is read-only");
}

static int install(lua_State *L)
{
    ps_run *run = lua_touserdata(L, 1);
    view_box **out = lua_touserdata(L, 2);
    view_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->run = run;
    *out = box;
    int bi = lua_gettop(L);
    lua_newtable(L); /* the view: always empty */
    lua_newtable(L); /* metatable */
    lua_pushvalue(L, bi);
    lua_newtable(L); /* methods */
    static const luaL_Reg methods[] = {
        {"pop", view_pop}, {"total", view_total}, {"get", view_get}, {NULL, NULL}};
    for (const luaL_Reg *m = methods; m->name; m++) {
        lua_pushvalue(L, bi);
        lua_pushcclosure(L, m->func, 1);
        lua_setfield(L, -2, m->name);
    }
    lua_pushcclosure(L, view_index, 2);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, view_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    return 1;
}

int ps_lua_view_install(ps_run *run, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    lua_State *L = ps_sandbox_lua(sc->sb);
    view_box *box = NULL;
    lua_pushcfunction(L, install);
    lua_pushlightuserdata(L, run);
    lua_pushlightuserdata(L, &box);
    if (ps_sandbox_call(sc->sb, 2, 1, err))
        return err->code;
    if (sc->view_box)
        ((view_box *)sc->view_box)->run = NULL;
    sc->view_box = box;
    if (sc->view_ref != LUA_NOREF)
        luaL_unref(L, LUA_REGISTRYINDEX, sc->view_ref);
    sc->view_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return PS_OK;
}

int ps_lua_view_call_hook(ps_run *run, int ref, int year, ps_err *err)
{
    ps_scenario *sc = ps_run_scenario(run);
    lua_State *L = ps_sandbox_lua(sc->sb);
    if (ref == LUA_NOREF)
        return PS_OK; /* the scenario has no such hook */
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    lua_pushinteger(L, year);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->view_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->params_ref);
    return ps_sandbox_call(sc->sb, 3, 0, err);
}

void ps_lua_view_detach(ps_run *run)
{
    ps_scenario *sc = ps_run_scenario(run);
    if (sc && sc->view_box && ((view_box *)sc->view_box)->run == run)
        ((view_box *)sc->view_box)->run = NULL;
}
