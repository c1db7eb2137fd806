-- Resident medical insurance financing frozen at its 2025 level: the
-- individual premium (400) and the fiscal subsidy per participant (700)
-- stay at their 2025 values in every later year.
local paths = require("policysim.paths")
local baseline = require("feidong_baseline")

local function frozen(p)
  return function(year, state) return paths.at(p, math.min(year, 2025)) end
end

return {
  extends = "feidong_baseline.lua",
  name = "feidong_premium_frozen",
  description = "Resident medical premium and subsidy frozen at 2025 levels.",
  medical_resident = {
    premium = frozen(baseline.medical_resident.premium),
    subsidy = frozen(baseline.medical_resident.subsidy),
  },
}
