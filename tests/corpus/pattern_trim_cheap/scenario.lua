-- Not a trick: 100 trims of a 200-byte string must fit in --max-instructions 1000000
-- (the matcher's work is about 2n^2 steps each; the coarse bound charged n^3).
local s = "  " .. ("word "):rep(39) .. " "
local t
for i = 1, 100 do t = s:match("^%s*(.-)%s*$") end
assert(#t == 194)
return {
  name = "pattern_trim_cheap", base_year = 2020, end_year = 2021,
  population = { base = '../../../data/feidong/population_2020.csv', mortality = '../../../data/feidong/mortality_2020.csv',
    fertility = '../../../data/feidong/asfr.csv', tfr = 1.2 },
}
