return { name = "f", base_year = 2020, end_year = 2023,
  population = { base = "DATA/population_2020.csv", mortality = "DATA/mortality_2020.csv", fertility = "DATA/asfr.csv", tfr = function(y) return ("x"):rep(100):gsub("x", "y"):len() / 100 end } }
