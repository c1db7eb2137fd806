-- A county childcare voucher (issue 12): 1,200 yuan a year per child under 3
-- from 2026 on top of the national subsidy of 3,600, paid by the county for
-- every child the national subsidy reaches (take-up 0.95).  ASSUMPTION: the
-- amount is one third of the national subsidy, in the range of the local
-- vouchers announced in 2025 (Jiangxi 200 yuan once; Sichuan 200 yuan a
-- month to providers, China Daily 2025-08-19/22, data/rules/budget_rules.csv).
return {
  extends = "feidong_baseline.lua",
  name = "feidong_childcare_voucher",
  description = "Baseline with a county childcare voucher of 1,200 yuan a year per child under 3 from 2026.",
  budget = {
    childcare = { local_topup = { [2025] = 0, [2026] = 1200 } },
  },
}
