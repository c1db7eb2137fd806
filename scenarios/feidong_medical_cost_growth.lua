-- Faster medical cost growth: per-capita medical cost grows 1.5 percentage
-- points a year faster than in the baseline from 2026, in both schemes
-- (the excess over wage growth seen nationally in 2022-2024 persisting).
local paths = require("policysim.paths")
local baseline = require("feidong_baseline")

local function faster(p)
  return function(year, state)
    local base = paths.at(p, year)
    if year >= 2026 then return base + 0.015 end
    return base
  end
end

return {
  extends = "feidong_baseline.lua",
  name = "feidong_medical_cost_growth",
  description = "Baseline with medical cost growth 1.5 points a year faster from 2026.",
  medical_employee = { excess_cost_growth = faster(baseline.medical_employee.excess_cost_growth) },
  medical_resident = { excess_cost_growth = faster(baseline.medical_resident.excess_cost_growth) },
}
