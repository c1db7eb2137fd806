-- Feidong baseline without the 2025 retirement-age reform: the pre-2025
-- statutory ages (men 60, women cadres 55, women workers 50) and the
-- minimum contribution period kept at 15 years.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_no_retirement_reform",
  description = "Baseline with the pre-2025 retirement ages and a 15-year minimum contribution period.",
  pension_employee = {
    retirement_age = require("policysim.retirement").pre_2025,
    min_contribution_years = function(year) return 15 end,
  },
}
