/* lua_view.h: the read-only view of a run that scenario functions and
 * hooks receive as `state`.  GPL-3.0-or-later. */
#ifndef PS_LUA_VIEW_H
#define PS_LUA_VIEW_H

#include "run.h"

/* Creates the view of `run` in the scenario's Lua state and records it in
 * the scenario (view_ref). */
int ps_lua_view_install(ps_run *run, ps_err *err);

/* Calls the hook function held at registry reference ref with
 * (year, state, params); a scenario without the hook (ref LUA_NOREF, as
 * the scenario's hook_before/hook_after hold then) does nothing. */
int ps_lua_view_call_hook(ps_run *run, int ref, int year, ps_err *err);

/* The run is ending: its view answers with an error from now on. */
void ps_lua_view_detach(ps_run *run);

#endif
