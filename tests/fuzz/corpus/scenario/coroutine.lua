local co = coroutine.wrap(function() for i = 1, 1e9 do coroutine.yield(i) end end)
return { name = "f", base_year = 2020, end_year = 2023,
  population = { base = "DATA/population_2020.csv", mortality = "DATA/mortality_2020.csv", fertility = "DATA/asfr.csv", tfr = function(y) co() return 1.2 end } }
