return { name = "f", base_year = 2020, end_year = 2023,
  population = { base = "DATA/population_2020.csv", mortality = "DATA/mortality_2020.csv", fertility = "DATA/asfr.csv", tfr = 1.2 } }
