local s = string.rep("a", 200) for i = 1, 1e12 do string.find(s, "a*a*a*b") end
return {
  name = "pattern_small_many", base_year = 2020, end_year = 2025,
  population = { base = '../../../data/feidong/population_2020.csv', mortality = '../../../data/feidong/mortality_2020.csv',
    fertility = '../../../data/feidong/asfr.csv', tfr = 1.2 },
}
