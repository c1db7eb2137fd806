local t = {} for i = 1, 100 do t[i] = i end table.sort(t, function(a, b) while true do end end)
return {
  name = "sort_comparator_loop", base_year = 2020, end_year = 2025,
  population = { base = '../../../data/feidong/population_2020.csv', mortality = '../../../data/feidong/mortality_2020.csv',
    fertility = '../../../data/feidong/asfr.csv', tfr = 1.2 },
}
