-- Feidong baseline with the employer rate to the pooled fund cut from 16%
-- to 14% from 2026 (a policy test; before 2019 a few provinces were at
-- about 14%: data/rules/china_rules_parameters.csv, employer rate note).
return {
  extends = "feidong_baseline.lua",
  name = "feidong_lower_employer_rate",
  description = "Baseline with the employer pension rate cut to 14% from 2026.",
  pension_employee = {
    employer_rate = { [2025] = 0.16, [2026] = 0.14 },
  },
}
