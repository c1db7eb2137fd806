-- The national elderly-care consumption vouchers (up to 800 yuan a month for
-- the moderately and severely disabled, from 2026; Xinhua 2026-01-22,
-- data/rules/budget_rules.csv) used by half of those eligible, against the
-- baseline's ASSUMPTION of 20% (issue 12).  The county pays its share of the
-- vouchers (default 2.5%: 1 - 0.9 central - 0.05 provincial - 0.025 city).
return {
  extends = "feidong_baseline.lua",
  name = "feidong_eldercare_vouchers_50",
  description = "Baseline with the national elderly-care vouchers taken up by 50% of the moderately and severely disabled from 2026.",
  budget = {
    elderly_care = { take_up = 0.5 },
  },
}
