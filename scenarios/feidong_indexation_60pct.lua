-- Feidong baseline with pensions in payment indexed at 60% of wage growth
-- from 2026 (the published national adjustments up to 2025 are kept).
return {
  extends = "feidong_baseline.lua",
  name = "feidong_indexation_60pct",
  description = "Baseline with pension indexation at 60% of wage growth from 2026.",
  pension_employee = {
    indexation = function(year, state)
      local published = { [2020] = 0.05, [2021] = 0.045, [2022] = 0.04, [2023] = 0.038,
                          [2024] = 0.03, [2025] = 0.02 }
      if published[year] then return published[year] end
      -- wage growth of the previous year, as the module computed it
      return 0.6 * state.get("pension_employee.wage_growth", year - 1)
    end,
  },
}
