-- policysim.rules: hooks for policies that react to the projection.
--
--   local rules = require("policysim.rules")
--   hooks = {
--     after_step = rules.trigger{
--       when = function(year, state) return state.get("old_age_dependency") > 0.40 end,
--       act = function(year, state, params) params.set("population.net_migration.total", 10000) end,
--       once = true,
--     },
--   }
--
-- A hook is function(year, state, params); params.set(key, value) changes a
-- numeric parameter from then on (a number, a path or a function), and
-- params.get(key [, year]) reads one.
-- GPL-3.0-or-later.

local M = {}

--- A hook that runs `act` in the years where `when` is true (only the first
--- such year with once = true).  Each firing is logged in events.csv (with
--- `name`, if given), and so is each params.set the act makes.  Returns the hook and a table `fired` with
--- the years it acted in.
function M.trigger(spec)
  if type(spec) ~= "table" or type(spec.when) ~= "function" or type(spec.act) ~= "function" then
    error("rules.trigger: needs { when = function, act = function [, once = true] }", 2)
  end
  local fired = {}
  local projection = nil
  local hook = function(year, state, params)
    -- A new projection (a stochastic draw, a sweep point) starts afresh:
    -- what fired in an earlier one does not carry over.
    if state and state.projection ~= projection then
      projection = state.projection
      for k in pairs(fired) do fired[k] = nil end
    end
    if spec.once and #fired > 0 then return end
    if spec.when(year, state, params) then
      fired[#fired + 1] = year
      -- events.csv: the rule fired (its source is where `when` is written)
      if params and params.triggered then params.triggered(spec.when, spec.name or "rule") end
      spec.act(year, state, params)
    end
  end
  return hook, fired
end

--- A hook that moves `key` linearly from its value in `from_year` to
--- `target` in `to_year` (a phase-in), set once in `from_year`.
function M.phase_in(key, from_year, to_year, target)
  return function(year, state, params)
    if year == from_year then
      params.set(key, { [from_year] = params.get(key, from_year), [to_year] = target })
    end
  end
end

--- One hook that runs several in order.
function M.all(...)
  local hooks = { ... }
  return function(year, state, params)
    for _, h in ipairs(hooks) do h(year, state, params) end
  end
end

return M
