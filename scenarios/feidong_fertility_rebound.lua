-- Fertility rebound: Feidong's TFR rises from the baseline's 2025 value to
-- 1.6 in 2030 and stays there (an illustrative pro-natalist outcome, not a
-- forecast: 1.6 is about the level of the late 2010s nationally).  Everything
-- else is the baseline; the childcare module shows the extra demand.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_fertility_rebound",
  description = "Baseline with the TFR rising to 1.6 by 2030.",
  population = {
    -- Baseline path to 2025 (UN WPP 2024 x 1.065), then linear to 1.6 in 2030.
    tfr = {
      [2020] = 1.3160, [2021] = 1.1901, [2022] = 1.1016, [2023] = 1.0645,
      [2024] = 1.0788, [2025] = 1.0873, [2030] = 1.6,
    },
  },
}
