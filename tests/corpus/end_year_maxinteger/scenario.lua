return {
  name = "end_year_maxinteger", base_year = 2020, end_year = math.maxinteger,
  population = { base = '../../../data/feidong/population_2020.csv', mortality = '../../../data/feidong/mortality_2020.csv',
    fertility = '../../../data/feidong/asfr.csv', tfr = 1.2 },
}
