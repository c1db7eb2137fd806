return {
  name = "csv_huge_number", base_year = 2020, end_year = 2025,
  population = { base = 'population_2020.csv', mortality = 'mortality_2020.csv',
    fertility = 'asfr.csv', tfr = 1.2 },
}
