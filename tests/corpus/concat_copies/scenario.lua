local s = string.rep("x", 1e7) for i = 1, 1e9 do local t = s .. i end
return {
  name = "concat_copies", base_year = 2020, end_year = 2025,
  population = { base = '../../../data/feidong/population_2020.csv', mortality = '../../../data/feidong/mortality_2020.csv',
    fertility = '../../../data/feidong/asfr.csv', tfr = 1.2 },
}
