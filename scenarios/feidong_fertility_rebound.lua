-- Fertility rebound: Feidong's TFR rises from the baseline's 2025 value to
-- 1.6 in 2030 and stays there (an illustrative pro-natalist outcome, not a
-- forecast: 1.6 is about the level of the late 2010s nationally).  Everything
-- else is the baseline; the childcare module shows the extra demand.
return {
  extends = "feidong_baseline.lua",
  name = "feidong_fertility_rebound",
  description = "Baseline with the TFR rising to 1.6 by 2030.",
  population = {
    -- Baseline path to 2025 (China to NBS births x 1.2018, data/SOURCES.md 4.1a),
    -- then linear to 1.6 in 2030.
    tfr = {
      [2020] = 1.5047, [2021] = 1.3633, [2022] = 1.2569, [2023] = 1.2174,
      [2024] = 1.3165, [2025] = 1.2269, [2030] = 1.6,
    },
  },
}
