-- The county adds 20 yuan a month to the resident basic pension from 2026
-- (issue 12), on top of the baseline's local top-up of 20 (an ASSUMPTION):
-- 40 yuan a month from 2026.  The county pays the whole increase (the
-- budget keys resident_pension.topup_provincial and topup_municipal stay 0),
-- so its resident-pension cost rises by beneficiaries x 12 x 20 a year.
-- A top-up that rises by 20 each year instead would be
--   local_topup = function(year) return 20 + 20 * math.max(0, year - 2025) end
return {
  extends = "feidong_baseline.lua",
  name = "feidong_county_pension_topup",
  description = "Baseline with a county top-up of the resident basic pension of +20 yuan a month from 2026, paid by the county.",
  pension_resident = {
    local_topup = { [2025] = 20, [2026] = 40 },
  },
}
