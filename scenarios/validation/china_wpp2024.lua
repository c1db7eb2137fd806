-- National validation (issue 13): China from its 2020 census (31 provinces, 1 November
-- 2020, five-year groups graduated by `policysim init`) projected with UN WPP 2024's
-- inputs for China: its mortality (2020-2025 schedule and the decline of q to 2045-2050
-- by sex and age, the same files the Feidong baseline uses), its fertility pattern, and
-- its TFR, sex ratio at birth and net migration year by year (estimates to 2023, medium
-- variant after; data/raw/china_wpp2024_annual_indicators.csv).  tests/e2e/
-- test_validation.sh checks the total population and births against WPP's own.
-- Population only: no module runs.
return {
  name = "validation_china_wpp2024",
  description = "China 2020 census projected with UN WPP 2024 inputs, checked against WPP's population and births.",
  base_year = 2020,
  end_year = 2050,
  population = {
    base = "../../data/china/population_2020.csv",
    base_date = "2020-11-01",
    mortality = "../../data/feidong/mortality_2020.csv",
    mortality_improvement_by_age = "../../data/feidong/mortality_improvement.csv",
    -- WPP 2024 China age pattern by year (data/derive_china_asfr_by_year.py), rescaled to the TFR
    fertility = "../../data/china/asfr_by_year.csv",
    tfr = {
      [2020] = 1.23568, [2021] = 1.11744, [2022] = 1.0344, [2023] = 0.999488,
      [2024] = 1.01298, [2025] = 1.02091, [2026] = 1.03081, [2027] = 1.03778,
      [2028] = 1.04588, [2029] = 1.05187, [2030] = 1.06119, [2031] = 1.06824,
      [2032] = 1.07655, [2033] = 1.08213, [2034] = 1.08899, [2035] = 1.09691,
      [2036] = 1.10324, [2037] = 1.11203, [2038] = 1.11998, [2039] = 1.1254,
      [2040] = 1.13089, [2041] = 1.13464, [2042] = 1.1396, [2043] = 1.14668,
      [2044] = 1.1522, [2045] = 1.15836, [2046] = 1.16318, [2047] = 1.1678,
      [2048] = 1.17167, [2049] = 1.17786, [2050] = 1.18416,
    },
    srb = {
      [2020] = 1.112, [2021] = 1.104, [2022] = 1.106, [2023] = 1.108, [2024] = 1.103,
      [2025] = 1.098, [2026] = 1.093, [2027] = 1.088, [2028] = 1.083, [2029] = 1.079,
      [2030] = 1.076, [2031] = 1.073, [2032] = 1.071, [2033] = 1.07, [2034] = 1.068,
      [2035] = 1.067, [2036] = 1.066, [2037] = 1.065, [2038] = 1.064, [2039] = 1.064,
      [2040] = 1.063, [2041] = 1.063, [2042] = 1.062, [2043] = 1.062, [2044] = 1.062,
      [2045] = 1.062, [2046] = 1.062, [2047] = 1.061, [2048] = 1.061, [2049] = 1.061,
      [2050] = 1.061,
    },
    net_migration = {
      -- WPP 2024 net migration of China (persons a year); Rogers-Castro profile (ASSUMPTION)
      total = {
      [2020] = -91577, [2021] = -379749, [2022] = -293846, [2023] = -567724,
      [2024] = -318992, [2025] = -268126, [2026] = -232107, [2027] = -213469,
      [2028] = -232722, [2029] = -218245, [2030] = -199192, [2031] = -222918,
      [2032] = -228020, [2033] = -232173, [2034] = -215494, [2035] = -213426,
      [2036] = -218480, [2037] = -223836, [2038] = -186665, [2039] = -214488,
      [2040] = -206247, [2041] = -216496, [2042] = -208443, [2043] = -187322,
      [2044] = -160266, [2045] = -191600, [2046] = -219507, [2047] = -183361,
      [2048] = -189302, [2049] = -201101, [2050] = -171498,
      },
      distribution = "../../data/feidong/migration_distribution.csv",
    },
  },
}
