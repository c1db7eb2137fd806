-- New care beds in 梁园镇 from 2026.  The plan reserves land for elderly-care
-- institutions in eight towns, 梁园 among them (basic public services chapter,
-- key projects column: "在陈集、白龙、古城、桥头集、八斗、长临河、包公、梁园预留养老服务业用地").
-- ILLUSTRATIVE: 200 beds (one mid-sized institution); the plan gives no number.
-- The county's bed supply path is unchanged: these beds are added to 梁园's
-- share of it, so the other towns' rows stay as in the baseline.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_towns_liangyuan_beds",
  description = "Baseline with an institution of 200 care beds in 梁园镇 from 2026 (illustrative).",
  towns = {
    policies = {
      { town = "梁园镇", service = "beds", from = 2026, add = 200 },
    },
  },
}
