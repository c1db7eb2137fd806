return { name = "f", base_year = 2020, end_year = 2023,
  population = { base = "DATA/population_2020.csv", mortality = "DATA/mortality_2020.csv", fertility = "DATA/asfr.csv", tfr = function(y, state) return state.total() > 1 and 1.3 or 1.1 end, srb = { [2020] = 1.1, [2030] = 1.05 } },
  hooks = { before_step = function(y, state, params) params.set("population.tfr", params.get("population.tfr") * 1.01) end,
  after_step = function(y, state) local x = state.pop("female", 20, 34) end } }
