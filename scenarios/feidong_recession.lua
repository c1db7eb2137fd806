-- A recession: the unemployment rate among the insured doubles (3% -> 6%)
-- for three years, 2027-2029, and returns to the baseline in 2030.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_recession",
  description = "Unemployment doubling for three years (2027-2029).",
  unemployment = {
    unemployment_rate = { [2026] = 0.03, [2027] = 0.06, [2029] = 0.06, [2030] = 0.03 },
  },
}
