local t = os.date()
return {
  name = "os_date", base_year = 2020, end_year = 2025,
  population = { base = '../../../data/feidong/population_2020.csv', mortality = '../../../data/feidong/mortality_2020.csv',
    fertility = '../../../data/feidong/asfr.csv', tfr = 1.2 },
}
