-- Childcare enrolment rises to the share of families who say they want a
-- place: about 35% of families, against about 12% enrolled in 2025
-- (China Daily 2025-12-09, data/rules/china_rules_parameters.csv, topic
-- childcare, note of the 2025 row).  Each age's propensity is scaled by
-- 35/12 = 2.9167 between 2025 and 2030 (linear), then flat: 0.0875, 0.35,
-- 0.6125 (ages 0, 1, 2).  ASSUMPTION: the stated wish turns into use within
-- five years and keeps the baseline's age shape.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_childcare_enrolment_up",
  description = "Baseline with childcare enrolment rising to the 35% of families who want a place by 2030.",
  childcare = {
    propensity_0 = { [2025] = 0.03, [2030] = 0.0875 },
    propensity_1 = { [2025] = 0.12, [2030] = 0.35 },
    propensity_2 = { [2025] = 0.21, [2030] = 0.6125 },
  },
}
