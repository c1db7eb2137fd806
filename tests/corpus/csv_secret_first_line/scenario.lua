return {
  name = "csv_secret_first_line", base_year = 2020, end_year = 2025,
  population = { base = 'secret.csv', mortality = 'mortality_2020.csv',
    fertility = 'asfr.csv', tfr = 1.2 },
}
