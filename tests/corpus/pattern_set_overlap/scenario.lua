local s = ("1-"):rep(1500) while true do s:find("[%d-]*[%d-]*[%d-]*x") end
return {
  name = "pattern_set_overlap", base_year = 2020, end_year = 2025,
  population = { base = '../../../data/feidong/population_2020.csv', mortality = '../../../data/feidong/mortality_2020.csv',
    fertility = '../../../data/feidong/asfr.csv', tfr = 1.2 },
}
