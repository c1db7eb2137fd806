#!/bin/bash
# The scenario is a boundary (README, issue 17): C reads a scenario only
# through the typed, protected readers of engine/scenario_read.h and
# engine/scenario.h; modules never touch the Lua stack.  This check fails
# if a C file outside the boundary includes a Lua header, names anything
# of Lua's C API (every lua_*, luaL_* and LUA_* name the installed Lua
# headers declare), or reaches the Lua state (ps_sandbox_lua,
# ps_scenario_push).
#
#   tests/lua_boundary.sh [ROOT]     prints the offending lines; exit 1 if any
#
# The boundary itself: the files listed in ALLOWED.  GPL-3.0-or-later.
set -u
ROOT=${1:-$(dirname "$0")/..}
cd "$ROOT" || exit 2
ALLOWED="engine/scenario.c engine/scenario_read.c engine/sandbox.c engine/sandbox.h engine/lua_view.c engine/lua_view.h"

inc=$(pkg-config --variable=includedir lua5.4 2>/dev/null)
[ -n "$inc" ] && [ -d "$inc/lua5.4" ] && inc="$inc/lua5.4"
[ -f "$inc/lua.h" ] || inc=/usr/include/lua5.4
if [ ! -f "$inc/lua.h" ]; then
    echo "lua_boundary: Lua headers not found (pkg-config lua5.4)" >&2
    exit 2
fi
# Lua's C API names, from the headers themselves.
names=$(grep -ohE '\b(lua|luaL|luaopen)_[A-Za-z_0-9]+|\bLUA_[A-Z_0-9]+' \
            "$inc/lua.h" "$inc/lauxlib.h" "$inc/lualib.h" | sort -u)
pattern='#[[:space:]]*include[[:space:]]*[<"](lua|lauxlib|lualib)\.h[>"]|\bps_sandbox_lua\b|\bps_scenario_push\b'
pattern="$pattern|\\b($(echo "$names" | paste -sd'|'))\\b"

bad=0
for f in engine/*.c engine/*.h engine/mpi/*.c engine/mpi/*.h plots/*.c plots/*.h; do
    [ -f "$f" ] || continue
    case " $ALLOWED " in *" $f "*) continue ;; esac
    # comments are not code (removed, keeping line numbers)
    hits=$(perl -0pe 's{/\*.*?\*/}{"\n" x ($& =~ tr/\n//)}gse; s{//[^\n]*}{}g' "$f" |
               grep -nE "$pattern")
    if [ -n "$hits" ]; then
        echo "$hits" | sed "s#^#$f:#"
        bad=1
    fi
done
if [ $bad -ne 0 ]; then
    echo "lua_boundary: the files above use Lua directly; read the scenario through" \
         "engine/scenario_read.h (allowed: $ALLOWED)" >&2
    exit 1
fi
echo "lua_boundary: no C file outside the boundary ($ALLOWED) uses Lua"
