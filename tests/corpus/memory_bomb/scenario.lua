local t = {} for i = 1, 1e9 do t[i] = {i, i, i, i} end
return {
  name = "memory_bomb", base_year = 2020, end_year = 2025,
  population = { base = '../../../data/feidong/population_2020.csv', mortality = '../../../data/feidong/mortality_2020.csv',
    fertility = '../../../data/feidong/asfr.csv', tfr = 1.2 },
}
