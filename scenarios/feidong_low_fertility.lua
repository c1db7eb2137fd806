-- Low fertility variant: the baseline's TFR path minus 0.5 children per
-- woman in every year (the UN WPP convention for its low variant).
local paths = require("policysim.paths")
local baseline = require("feidong_baseline")

return {
  extends = "feidong_baseline.lua",
  name = "feidong_low_fertility",
  description = "Baseline with TFR 0.5 lower in every year (UN-style low variant).",
  population = { tfr = paths.shift(baseline.population.tfr, -0.5) },
}
