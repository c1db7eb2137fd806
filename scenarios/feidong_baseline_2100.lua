-- The Feidong baseline projected to 2100 (paths stay flat after their last
-- point).  Used for long-run questions and by the stochastic benchmark.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_baseline_2100",
  description = "The Feidong baseline, projected to 2100.",
  end_year = 2100,
}
