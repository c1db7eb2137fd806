-- A resettlement project moving 5,000 residents into 撮镇镇 in 2027.  The plan
-- names resettlement housing there (basic housing section: "撮镇镇建华新村三期等安置房建设").
-- ILLUSTRATIVE: 5,000 people in 2027, moving from the other towns in proportion
-- to their population (give `origin = "<town>"` to move them from one town).
-- The county total is unchanged: the move is within the county.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_towns_cuozhen_resettlement",
  description = "Baseline with 5,000 residents resettled into 撮镇镇 in 2027 (illustrative).",
  towns = {
    policies = {
      { town = "撮镇镇", year = 2027, move_in = 5000 },
    },
  },
}
