-- The 2021 outpatient mutual-aid reform (国办发〔2021〕14号) never happens:
-- 30% of the employer contribution keeps going to individual accounts,
-- retirees' accounts keep their pre-reform credit and the pool pays only
-- chronic/special-disease outpatient care (outpatient_pool_share_pre).
return {
  extends = "feidong_baseline.lua",
  name = "feidong_outpatient_reform_reversed",
  description = "Employee medical insurance without the 2021 outpatient mutual-aid reform.",
  medical_employee = { reform_year = 3000 },
}
