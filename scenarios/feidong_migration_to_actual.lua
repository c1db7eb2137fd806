-- Feidong baseline with net migration solved, every time the scenario runs,
-- so that the projection meets the county's own count of residents at
-- end-2021 (893,000: the 2022 row of data/feidong/actuals.csv, the 2021
-- statistical bulletin) instead of the baseline's assumed 7,000 a year.
-- A declared calibration whose target is an actual (docs/scenarios.md):
-- replace the actuals file with newer counts and the level follows them.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_migration_to_actual",
  description = "Baseline with net migration calibrated to the end-2021 resident count (actuals).",
  calibrations = {
    { param = "population.net_migration.total",
      target = { actual = "demography.population", year = 2022 }, range = { 0, 20000 } },
  },
}
