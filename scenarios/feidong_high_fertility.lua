-- High fertility variant: the baseline's TFR path plus 0.5 children per
-- woman in every year (the UN WPP convention for its high variant).
local paths = require("policysim.paths")
local baseline = require("feidong_baseline")   -- the parent's table, to read its path

return {
  extends = "feidong_baseline.lua",
  name = "feidong_high_fertility",
  description = "Baseline with TFR 0.5 higher in every year (UN-style high variant).",
  population = { tfr = paths.shift(baseline.population.tfr, 0.5) },
}
