-- Zero net migration: what Feidong's population would do on its own.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_zero_migration",
  description = "Baseline with no net migration (natural change only).",
  population = { net_migration = { total = 0 } },
}
