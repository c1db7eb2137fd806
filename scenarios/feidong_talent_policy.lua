-- A rule-based policy: when the old-age dependency ratio first exceeds
-- 0.33, the county starts a talent-attraction programme that raises net
-- migration from 7,000 to 10,000 a year over the following five years.
-- (The threshold and the effect are illustrative assumptions.)
local rules = require("policysim.rules")

local hook, fired = rules.trigger{
  once = true,
  when = function(year, state) return state.get("old_age_dependency") > 0.33 end,
  act = function(year, state, params)
    params.set("population.net_migration.total", { [year + 1] = 7000, [year + 5] = 10000 })
  end,
}

return {
  extends = "feidong_baseline.lua",
  name = "feidong_talent_policy",
  description = "Net migration rises to 10,000 a year once the old-age dependency ratio passes 0.33.",
  hooks = { after_step = hook },
  indicators = {
    -- 1 from the year after the programme was triggered, 0 before.
    -- (Indicators are computed before the year's after_step hook runs.)
    talent_policy_active = function(year) return fired[1] and year > fired[1] and 1 or 0 end,
  },
}
