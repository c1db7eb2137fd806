-- policysim.retirement: statutory retirement ages of the urban employee
-- pension, for the scenario key pension_employee.retirement_age.
--
--   local retirement = require("policysim.retirement")
--   retirement_age = retirement.reform_2025,          -- the baseline
--   retirement_age = retirement.pre_2025,             -- no reform
--   min_contribution_years = retirement.min_contribution_years,
--
-- Groups: "male" (original age 60), "female_cadre" (original 55),
-- "female_worker" (original 50).  Ages are in years, fractional (months/12).
--
-- The 2025 reform (全国人大常委会关于实施渐进式延迟法定退休年龄的决定,
-- 2024-09-13, and the State Council 办法 Art.1-2; rows "statutory retirement
-- age reform start" .. "delay in months by birth month" of
-- data/rules/china_rules_parameters.csv): from 1 January 2025 the age rises
-- by one month for every four months of birth date (men 60 -> 63, original-55
-- women 55 -> 58) or every two months (original-50 women 50 -> 55):
--   delay = min(cap, ceil(k / step)), k = month of the ORIGINAL retirement
--   counted from 2025-01 = 1 (k <= 0: no delay), step 4 or 2, cap 36 or 60.
-- Samples (data/rules/SOURCES-rules.md, retirement-age-rules.json): a man born
-- 1965-01 retires at 60y1m, one born 1976-12 at 63; a woman worker born
-- 1975-01 at 50y1m, one born 1984-12 at 55.
-- GPL-3.0-or-later.

local M = {}

local ORIGINAL = { male = 60, female_cadre = 55, female_worker = 50 }
local STEP = { male = 4, female_cadre = 4, female_worker = 2 }
local CAP = { male = 36, female_cadre = 36, female_worker = 60 }

local function check(fn, birth_year, group, birth_month)
  if math.type(birth_year) ~= "integer" then
    error(string.format("bad argument #1 to '%s' (whole birth year expected, got %s)",
      fn, tostring(birth_year)), 3)
  end
  if ORIGINAL[group] == nil then
    error(string.format("bad argument #2 to '%s' (group \"male\", \"female_cadre\" or " ..
      "\"female_worker\" expected, got %s)", fn, tostring(group)), 3)
  end
  if birth_month ~= nil and (math.type(birth_month) ~= "integer" or birth_month < 1
      or birth_month > 12) then
    error(string.format("bad argument #3 to '%s' (birth month 1..12 expected, got %s)",
      fn, tostring(birth_month)), 3)
  end
end

-- Delay in months for one birth month under the 2025 reform.
local function delay_months(birth_year, group, birth_month)
  local k = (birth_year + ORIGINAL[group] - 2025) * 12 + birth_month
  if k <= 0 then return 0 end
  return math.min(CAP[group], (k + STEP[group] - 1) // STEP[group])
end

-- Statutory age before the reform (the 1978 rules): 60, 55 or 50.
function M.pre_2025(birth_year, group, birth_month)
  check("pre_2025", birth_year, group, birth_month)
  return ORIGINAL[group]
end

-- Statutory age under the 2025 reform.  With birth_month, the exact age of
-- that month; without it, the mean over the twelve birth months of the year
-- (the cohort's average, which the engine spreads over annual cells).
function M.reform_2025(birth_year, group, birth_month)
  check("reform_2025", birth_year, group, birth_month)
  if birth_month then
    return ORIGINAL[group] + delay_months(birth_year, group, birth_month) / 12
  end
  local sum = 0
  for m = 1, 12 do sum = sum + delay_months(birth_year, group, m) end
  return ORIGINAL[group] + sum / 144
end

-- Minimum contribution years for a monthly pension, by calendar year of
-- retirement: 15, then +0.5 a year from 2030 to 20 in 2039 (办法 Art.2).
function M.min_contribution_years(year)
  if math.type(year) ~= "integer" then
    error(string.format("bad argument #1 to 'min_contribution_years' (whole year expected, got %s)",
      tostring(year)), 2)
  end
  if year < 2030 then return 15 end
  return math.min(20, 15 + 0.5 * (year - 2029))
end

return M
