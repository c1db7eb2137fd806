-- Feidong County (肥东县, Hefei) baseline projection from the 2020 census.
--
-- Every number below has its source in data/SOURCES.md; ASSUMPTION marks
-- those that are not read from a source, with a range worth trying.
-- Alternative scenarios extend this file and change only what differs.

return {
  name = "feidong_baseline",
  description = "Feidong County, 2020 census base, UN WPP 2024 schedules; baseline policies.",
  base_year = 2020,
  end_year = 2050,

  population = {
    -- 2020 census (7th), Feidong 340122, 5-year groups graduated to single
    -- years (Sprague; 85+ split by life-table L_x): 464,542 m, 420,250 f.
    base = "../data/feidong/population_2020.csv",

    -- UN WPP 2024 China mx 2020-2025, single years by log-linear interpolation.
    -- e0 with MODEL.md's life table: 75.35 m / 80.99 f (WPP 2020: 75.25 / 81.00).
    mortality = "../data/feidong/mortality_2020.csv",

    -- Derived: the annual decline of q by sex and age between WPP 2024's
    -- 2020-2025 and 2045-2050 schedules (medium variant), so that mortality
    -- follows the UN's path age by age.  (A single rate reproducing WPP's e0
    -- gain would be 0.0181: males 0.0206, females 0.0156.)
    mortality_improvement_by_age = "../data/feidong/mortality_improvement.csv",

    -- UN WPP 2024 China 2020 age pattern (shape only; rescaled to the TFR).
    fertility = "../data/feidong/asfr.csv",

    -- UN WPP 2024 China medium-variant TFR x 1.065, Feidong's ratio of
    -- children 0-4 per woman to China's at the 2020 census (ASSUMPTION that
    -- the ratio persists; range to try: x1.00 .. x1.19).
    tfr = {
      [2020] = 1.3160, [2021] = 1.1901, [2022] = 1.1016, [2023] = 1.0645,
      [2024] = 1.0788, [2025] = 1.0873, [2030] = 1.1302, [2035] = 1.1682,
      [2040] = 1.2044, [2045] = 1.2336, [2050] = 1.2611,
    },

    -- UN WPP 2024 China sex ratio at birth path + 0.02 (Feidong's census
    -- ratio at age 0 is 1.133 against China's 1.112).
    srb = {
      [2020] = 1.132, [2025] = 1.118, [2030] = 1.096, [2035] = 1.087,
      [2040] = 1.083, [2045] = 1.082, [2050] = 1.081,
    },

    net_migration = {
      -- ASSUMPTION: +7,000 a year, the constant that takes the census
      -- population to the 2021 bulletin's 893,000 at end-2021 given the
      -- natural decrease these schedules imply (range: 0 .. 11,000).
      total = 7000,
      -- ASSUMPTION: Rogers-Castro (1981) standard age profile.
      distribution = "../data/feidong/migration_distribution.csv",
    },
  },
}
