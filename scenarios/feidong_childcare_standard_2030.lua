-- The planning standard raised to 6 slots per 1,000 residents from 2030.
-- The national 2030 target is not numeric in data/ (china_rules_parameters.csv,
-- childcare, "target for 2030 (numeric)": none found; the 2025 guideline only
-- says the system is "basically established" by 2030): 6 is an ILLUSTRATIVE
-- value (the 2025 target of 4.5 was passed nationally, >4.7 by October 2025).
-- The standard stays 4.5 to 2029 and steps to 6 in 2030.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_childcare_standard_2030",
  description = "Baseline with the childcare standard raised to 6 slots per 1,000 residents from 2030.",
  childcare = {
    standard_per_1000 = { [2020] = 1.8, [2025] = 4.5, [2029] = 4.5, [2030] = 6 },
  },
}
