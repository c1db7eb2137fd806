-- Feidong baseline with higher coverage of flexible workers (灵活就业):
-- ASSUMPTION that enrolment drives raise the scheme's coverage by 1.5% a
-- year from 2026 to 2035 (+15% in all), then hold it.  Flexible workers
-- contribute near the base floor (base index 0.6 on the new members): the
-- average base index falls from 0.8 to about 0.78.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_flexible_coverage",
  description = "Baseline with the employee pension's coverage 15% higher by 2035 (flexible workers).",
  pension_employee = {
    coverage_scale = { [2025] = 0.7252981491386892, [2035] = 0.8340928715094926 },
    base_index = { [2025] = 0.8, [2035] = 0.7739 },
  },
}
