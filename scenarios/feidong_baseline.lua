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

  -- What is public to check the projection against (backtest.csv): the 2021
  -- bulletin's resident count and the plan's 2025 targets (docs/county.md).
  actuals = "../data/feidong/actuals.csv",

  population = {
    -- 2020 census (7th), Feidong 340122, 5-year groups graduated to single
    -- years (Sprague; 85+ split by life-table L_x): 464,542 m, 420,250 f.
    base = "../data/feidong/population_2020.csv",
    -- The census counts people on 1 November 2020: the first step carries them
    -- to 1 January 2021 (61/366 of a year, docs/MODEL.md 1, issue 13).  The
    -- 2020 rows hold the census stock and the flows of November-December.
    base_date = "2020-11-01",

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

    -- China's TFR scaled to NBS births 2020-2024 (WPP 2024 medium after),
    -- x 1.2018, the level that reproduces the census's 8,091 children aged 0
    -- (data/SOURCES.md 4.1a, data/feidong/births_published.csv; issue 13).
    -- ASSUMPTION that the ratio persists (range x1.065, children 0-4 .. x1.20).
    -- Before: WPP x 1.065 (children 0-4), which gave 16% fewer births than
    -- the census's age 0.
    tfr = {
      [2020] = 1.5047, [2021] = 1.3633, [2022] = 1.2569, [2023] = 1.2174,
      [2024] = 1.3165, [2025] = 1.2269, [2030] = 1.2753, [2035] = 1.3183,
      [2040] = 1.3591, [2045] = 1.3921, [2050] = 1.4231,
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
      -- With the census carried from 1 November 2020 (base_date) only 14
      -- months pass before end-2021, and that constant would be 8,841
      -- (`calibrate ... --year 2022 --target 893000`); 7,000 is kept as the
      -- longer-run level until the actuals of 2021-2024 (issue 14) say more.
      total = 7000,
      -- ASSUMPTION: Rogers-Castro (1981) standard age profile.
      distribution = "../data/feidong/migration_distribution.csv",
    },
  },

  -- Childcare (托育) slots for children under 3 (engine/childcare.c,
  -- docs/services.md).  Sources: data/rules/china_rules_parameters.csv,
  -- topic childcare.
  childcare = {
    -- ASSUMPTION: age shape of enrolment; ages 0-2 together about 12%, the
    -- national 2025 enrolment rate (China Daily 2025-12-09).
    propensity_0 = 0.03, propensity_1 = 0.12, propensity_2 = 0.21,
    -- 14th FYP target 4.5 places per 1,000 by 2025; 2020 national actual 1.8;
    -- linear in between (ASSUMPTION), flat after 2025 (no numeric 2030 target).
    standard_per_1000 = { [2020] = 1.8, [2025] = 4.5 },
    -- CALIBRATED: no Feidong figure for 2020, so the national 2020 level,
    -- 1.8 per 1,000 x 884,792 residents = 1,592.6 slots.
    supply_base = 1592.6256,
    -- The plan: at least one public inclusive institution a year; ASSUMPTION:
    -- 150 slots each (range 60-300).
    new_institutions = 1,
    institution_size = 150,
    -- CALIBRATED so that 2025 supply is the plan's "about 4,670":
    -- (4,670 - 1,592.6256 - 5 x 150) / 5 = 465.47488 slots a year from other
    -- providers in 2021-2025; none after (the plan names no more).
    other_additions = { [2021] = 465.47488, [2025] = 465.47488, [2026] = 0 },
    closure_rate = 0,
    -- 托育机构设置标准 (2019): 1:3 under 1, 1:5 aged 1-2, 1:7 aged 2-3.
    ratio_0 = 3, ratio_1 = 5, ratio_2 = 7,
    -- ASSUMPTION (range 10,000-60,000 yuan per new slot).
    construction_cost = 30000,
    -- ASSUMPTION: national average fee about 1,900 yuan a month x 12.
    operating_cost = 22800,
    gap_basis = "max",
    -- The plan's 2025 figure, as quoted in issue 6 (the plan text is not in data/).
    plan_year = 2025,
    plan_target = 4670,
  },

  -- Elderly care (养老服务) (engine/eldercare.c, docs/services.md).
  eldercare = {
    -- Chen et al. 2023 meta-analysis, any ADL: 60-69 10.8%, 70-79 21.2%, 80+ 47.0%.
    disability = "../data/services/eldercare_disability.csv",
    disability_scale = 1,   -- 0.454: basic ADL only
    disability_trend = 0,   -- -0.031: the CHNS 1997-2006 decline
    -- ASSUMPTION: care-level shares and bed rates (see the file).
    care_levels = "../data/services/eldercare_care_levels.csv",
    -- ASSUMPTION: no Feidong figure; about 30 beds per 1,000 aged 60+ in 2020
    -- (186,197 x 0.030 = 5,586 -> 5,600), +160 a year to 2025, then flat.
    beds_supply = { [2020] = 5600, [2025] = 6400 },
    -- 14th FYP: nursing-type beds 55% by 2025; 73% by 2030 (unverified digest).
    nursing_bed_share = { [2020] = 0.40, [2025] = 0.55, [2030] = 0.73 },
    meal_rate_60_79 = 0.02, meal_rate_80 = 0.10,   -- ASSUMPTION
    meal_subsidy = 1000,                            -- ASSUMPTION
    low_income_rate = 0.04,                         -- ASSUMPTION
    service_subsidy = 50, care_subsidy = 100,       -- ASSUMPTION, yuan a month
    bed_operating_subsidy = 2400,                   -- ASSUMPTION, yuan a bed a year
    bed_construction_cost = 100000,                 -- ASSUMPTION, yuan a new bed
    -- Home-based care of the empty-nest elderly (空巢), read from the
    -- households section below (docs/services.md); home_care_link = false
    -- gives the eldercare cost without it.
    home_visit_rate = 1, home_visit_cost = 120,     -- ASSUMPTION (0.5-1; 60-360 yuan a year)
    home_care_uptake = 0.5, home_care_subsidy = 200, -- ASSUMPTION (0.2-1; 100-600 yuan a month)
  },

  -- The township layer (engine/towns.c, docs/towns.md): all 20 units of the
  -- 2020 census bulletin (18 towns and townships, 经开区, 循环园).  Published:
  -- 店埠镇, 撮镇镇 and 经开区 in 2020 and 2010; ASSUMPTION: the other 17 units'
  -- split inside their size classes and their 2010 figures (see the file).
  -- No age structure by town is public, so the share-trend method.
  towns = {
    file = "../data/feidong/towns_2020.csv",
    previous_year = 2010,
    -- ASSUMPTION: the 2010-2020 share trends slow by 15% a year (range 0.7..0.95).
    trend_damping = 0.85,
    -- No supply by town is public: the county's slots and beds are split by
    -- each town's 2020 demand (ASSUMPTION), so gaps show where demand moves.
    chart_year = 2035,
  },

  -- Social assistance: 低保 and temporary assistance (engine/assistance.c).
  assistance = {
    -- National 2024 recipients over the 2020 census urban/rural populations.
    groups = "../data/services/assistance_groups.csv",
    -- 2020 census: urban 601,520 of 884,792 = 0.6798; 2021 bulletin 71.82%.
    -- ASSUMPTION: +0.9 points a year to 2035, then flat.
    urban_share = { [2020] = 0.6798, [2021] = 0.7182, [2035] = 0.84 },
    -- National average standards 2024 (Hefei/Feidong not found).
    standard_urban = 798.1, standard_rural = 593.9, standard_year = 2024,
    standard_growth = 0.04,        -- ASSUMPTION (range 0.02-0.07)
    benefit_share = 0.6,           -- ASSUMPTION
    exit_rate = 0.15,              -- ASSUMPTION
    phaseout_share = 0.5, phaseout_months = 6, phaseout_benefit = 0.5, -- ASSUMPTION
    temporary_rate = 5, temporary_amount = 1200,                       -- ASSUMPTION
  },

  -- Households from headship rates (engine/households.c, docs/services.md).
  -- Rates by sex and age reproduce Feidong's 2020 census households (329,719),
  -- persons in them (804,667) and one-person households (89,064); age shapes
  -- ASSUMPTION (data/households/derive_households.py).
  households = {
    rates = "../data/households/rates_2020.csv",
    -- Derived 2010-2020 net of age structure: 0.6% a year; ASSUMPTION that it
    -- halves by 2035 (range 0..0.015).
    headship_trend = { [2020] = 0.006, [2035] = 0.003 },
    alone_trend = 0.01,      -- ASSUMPTION (range 0..0.04)
  },

  -- Basic housing security (the plan's section 七; engine/housing.c).
  housing = {
    -- ASSUMPTION: no Feidong count of public rental units; 3,000 in 2020,
    -- 150 a year built to 2025, then flat (range 2,000-6,000).
    units = { [2020] = 3000, [2025] = 3750 },
    -- The plan (七.1): pre-2000 communities renovated by 2022.
    old_start = 2020, old_end = 2022,
    old_stock = 9000,        -- ASSUMPTION (range 5,000-15,000)
  },

  -- Funerals and public cemeteries (the plan's section 六.4; engine/funerals.c).
  funerals = {
    townships = "../data/funerals/townships.csv",
    cremation_rate = 0.95,   -- ASSUMPTION (range 0.85-1)
    -- ASSUMPTION: eco burial rising to 2025 as the plan asks, then slower.
    eco_share = { [2020] = 0.1, [2025] = 0.3, [2035] = 0.4 },
    plots_per_cemetery = 3000, initial_use = 0.3,   -- ASSUMPTION
  },

  -- Urban employee basic pension (engine/pension_employee.c, docs/pensions.md).
  -- Sources of every default: `policysim params`; data/SOURCES.md (data/pension).
  pension_employee = {
    employment = "../data/pension/employment.csv",   -- ASSUMPTION (stylised profile)
    coverage = "../data/pension/coverage.csv",       -- ASSUMPTION (shape; scaled below)
    divisor = "../data/pension/divisor.csv",         -- 计发月数, 国发〔2005〕38号
    -- Calibrated so that the insured total in 2025 is the plan's 81,000 with:
    --   bin/policysim calibrate scenarios/feidong_baseline.lua --param pension_employee.coverage_scale --indicator pension_employee.insured --year 2025 --target 81000 --range 0:2
    coverage_scale = 0.7252981491386892,
    -- The 2025 reform (NPC decision of 2024-09-13) as the statutory rule.
    retirement_age = require("policysim.retirement").reform_2025,
    min_contribution_years = require("policysim.retirement").min_contribution_years,
    -- Derived: Anhui 计发基数 2023 6,387 x 12 = 76,644 is W(2022); back-cast at 5.5%.
    wage = 68862,
    -- Anhui 计发基数 path 2023-2026 (6,387 / 6,698 / 7,044 / 7,185 a month), then
    -- ASSUMPTION 4.5% falling to 3.5% by 2040 (range 2%..6%).
    wage_growth = { [2020] = 0.055, [2021] = 0.055, [2022] = 0.0487, [2023] = 0.0516,
                    [2024] = 0.0200, [2025] = 0.045, [2030] = 0.04, [2040] = 0.035 },
    -- 记账利率 2020-2025 (rules file), then ASSUMPTION 2.5%.
    crediting_rate = { [2020] = 0.0604, [2021] = 0.0669, [2022] = 0.0612, [2023] = 0.0397,
                       [2024] = 0.0262, [2025] = 0.0150, [2026] = 0.025 },
    -- National adjustment 2021-2025 (rules file), then ASSUMPTION 2% a year.
    indexation = { [2020] = 0.05, [2021] = 0.045, [2022] = 0.04, [2023] = 0.038,
                   [2024] = 0.03, [2025] = 0.02 },
    base_index = 0.8,            -- ASSUMPTION (range 0.6..1.0)
    contribution_density = 0.75, -- ASSUMPTION (range 0.6..0.9)
    female_cadre_share = 0.3,    -- ASSUMPTION (range 0.2..0.5)
    base_pension = 2650,         -- derived: Anhui 2010 average 1,264 a month + adjustments
    base_fund_months = 12,       -- ASSUMPTION (Anhui 2010: 15.7 months; range 0..18)
    interest_rate = 0.025,       -- ASSUMPTION (range 0.015..0.04)
    fund_floor_months = 0,       -- the fund must not go negative
  },

  -- Urban-rural resident pension (engine/pension_resident.c).
  pension_resident = {
    grades = "../data/pension/resident_grades.csv",
    -- Calibrated so that the insured total in 2025 is at least the plan's 520,000:
    --   bin/policysim calibrate scenarios/feidong_baseline.lua --param pension_resident.participation --indicator pension_resident.insured --year 2025 --target 522600 --range 0:1
    participation = 0.6966814726591108,
    eligibility = 0.95,          -- ASSUMPTION (range 0.85..1)
    -- Central minimum (rules file): 2020 88 -> 93 from July, 2021 93, 2022 98
    -- (unverified), 2023 103, 2024 123, 2025 143; ASSUMPTION +3% a year after.
    basic_pension = { [2020] = 90.5, [2021] = 93, [2022] = 98, [2023] = 103, [2024] = 123,
                      [2025] = 143, [2030] = 165.8, [2040] = 222.8, [2050] = 299.4 },
    local_topup = 20,            -- ASSUMPTION (Anhui/Hefei top-up not found; range 0..60)
    province_share = 0.5,        -- ASSUMPTION
  },

  -- Land-expropriated farmers' old-age guarantee (engine/pension_resident.c).
  land_guarantee = {
    coverage = 0.05,             -- ASSUMPTION (range 0.02..0.15)
    enrolled = 0.02,             -- ASSUMPTION (range 0.01..0.08)
    -- ASSUMPTION: Feidong urban 低保 near the national average (798.1 in 2024),
    -- growing 4% a year (range 2%..7%).
    dibao = { [2020] = 682, [2024] = 798.1, [2050] = 2215 },
    benefit_ratio = 1.0,         -- ASSUMPTION
    funding_ratio = 1.0,         -- ASSUMPTION
  },
  -- Employee basic medical insurance 职工医保 (engine/medical.c, docs/medical.md).
  -- Insured, wage and contribution base come from pension_employee.
  medical_employee = {
    -- ASSUMPTION (shape) anchored to NHSA 2024 per-capita fund spending:
    -- data/medical/derive_medical.py; replace with local claims data if available.
    cost_curve = "../data/medical/cost_employee.csv",
    curve_year = 2024,
    back_growth = 0.094,         -- derived: national per insured 2022 -> 2024
    -- Calibrated so that the pooled fund's income / expenditure in 2024 is the
    -- national 1.3116 (NHSA 2024: 17342.45 / 13222.71, rules file), i.e. costs at
    -- Feidong's wage and price level:
    --   bin/policysim calibrate scenarios/feidong_baseline.lua --param medical_employee.cost_scale --indicator medical_employee.cover_ratio --year 2024 --target 1.3116 --range 0.2:3
    cost_scale = 0.6455184310674668,
    -- ASSUMPTION: 3% above wages to 2024 (spending per insured grew ~9% a year
    -- 2022-2024 against wages ~5%), falling to 1% by 2040 (range 0..3%).
    excess_cost_growth = { [2020] = 0.03, [2024] = 0.03, [2030] = 0.015, [2040] = 0.01 },
    employer_rate = 0.065,       -- ASSUMPTION: guideline ~6% + maternity (range 0.06..0.10)
    employee_rate = 0.02,        -- national guideline (rules file)
    -- 国办发〔2021〕14号; ASSUMPTION that Anhui applied it from 2021 (try 2022).
    reform_year = 2021,
    ia_employer_share = 0.3,     -- rules file note: ~30% before 2021
    retiree_ia_rate_pre = 0.04,  -- ASSUMPTION (range 0.03..0.06)
    retiree_ia_rate = 0.02,      -- 国办发〔2021〕14号: ~2% of the reform year's pension
    inpatient_rate = 0.80,       -- ASSUMPTION (range 0.7..0.9)
    outpatient_rate = 0.55,      -- ASSUMPTION (range 0.4..0.7)
    outpatient_pool_share_pre = 0.1,  -- ASSUMPTION: 门慢门特 only (range 0.05..0.2)
    -- ASSUMPTION: pooled outpatient cover phased in over three years (range 0.2..0.6).
    outpatient_pool_share = { [2021] = 0.2, [2024] = 0.4 },
    interest_rate = 0.02,        -- ASSUMPTION (range 0.01..0.03)
    opening_months = 20,         -- ASSUMPTION (national 2024: 27.6; range 9..30)
    opening_ia_months = 24,      -- ASSUMPTION (national 2024: 27.2; range 12..30)
  },

  -- Urban-rural resident basic medical insurance 城乡居民医保 (engine/medical.c).
  medical_resident = {
    cost_curve = "../data/medical/cost_resident.csv",   -- as cost_employee.csv
    curve_year = 2024,
    back_growth = 0.088,         -- derived: national per participant 2022 -> 2024
    -- Calibrated to the national resident fund's 2024 income / expenditure 1.0487
    -- (NHSA 2024: 11180.90 / 10661.49, rules file):
    --   bin/policysim calibrate scenarios/feidong_baseline.lua --param medical_resident.cost_scale --indicator medical_resident.cover_ratio --year 2024 --target 1.0487 --range 0.2:3
    cost_scale = 0.9047943070530893,
    excess_cost_growth = { [2020] = 0.03, [2024] = 0.03, [2030] = 0.015, [2040] = 0.01 },
    participation = 0.95,        -- ASSUMPTION (national coverage > 95%; range 0.9..1)
    -- Individual premium, rules file 2017-2025 (2019 and 2022 unverified);
    -- ASSUMPTION +20 a year after 2025 (2024's step).
    premium = { [2017] = 180, [2018] = 220, [2019] = 250, [2020] = 280, [2021] = 320,
                [2022] = 350, [2023] = 380, [2024] = 400, [2025] = 400, [2026] = 420,
                [2050] = 900 },
    -- Minimum fiscal subsidy, rules file 2017-2026 (2019 unverified);
    -- ASSUMPTION +30 a year after 2026.
    subsidy = { [2017] = 450, [2018] = 490, [2019] = 520, [2020] = 550, [2021] = 580,
                [2022] = 610, [2023] = 640, [2024] = 670, [2025] = 700, [2026] = 724,
                [2050] = 1444 },
    inpatient_rate = 0.60,       -- ASSUMPTION (policy-range target ~70%; range 0.5..0.7)
    outpatient_rate = 0.40,      -- ASSUMPTION (range 0.3..0.5)
    interest_rate = 0.02,        -- ASSUMPTION
    opening_months = 9,          -- ASSUMPTION (national 2022: 9.7; range 6..12)
  },

  -- Unemployment insurance 失业保险 (engine/unemployment.c, docs/medical.md).
  unemployment = {
    -- Calibrated so that the insured in 2025 is the plan's 62,000 with:
    --   bin/policysim calibrate scenarios/feidong_baseline.lua --param unemployment.coverage --indicator unemployment.insured --year 2025 --target 62000 --range 0:1
    coverage = 0.11115806668996808,
    plan_year = 2025, plan_target = 62000,
    rate = 0.01,                 -- rules file: total rate 1% since 2017
    unemployment_rate = 0.03,    -- ASSUMPTION (range 0.02..0.055)
    take_up = 0.4,               -- ASSUMPTION (range 0.25..0.6)
    benefit_share = 0.9,         -- rules file: toward 90% of the minimum wage
    -- Anhui tier 1 (rules file: 2,060 from 2023-03-01, Feidong's tier unverified);
    -- ASSUMPTION before: Anhui's 2018 tier 1 of 1,550 (not in the rules file);
    -- 2023 is the year's average; ASSUMPTION after 2025: grows like wages.
    min_wage = { [2020] = 1550, [2022] = 1550, [2023] = 1975, [2024] = 2060, [2025] = 2060,
                 [2030] = 2567, [2040] = 3707, [2050] = 5229 },
    other_share = 0.2,           -- ASSUMPTION (range 0..0.6)
    interest_rate = 0.02,        -- ASSUMPTION
    opening_months = 24,         -- ASSUMPTION (range 12..48)
  },

  -- Work-injury insurance 工伤保险 (engine/work_injury.c, docs/medical.md).
  work_injury = {
    -- Calibrated so that the insured in 2025 is the plan's 74,000 with:
    --   bin/policysim calibrate scenarios/feidong_baseline.lua --param work_injury.coverage --indicator work_injury.insured --year 2025 --target 74000 --range 0:1
    coverage = 0.1326725313067436,
    plan_year = 2025, plan_target = 74000,
    rate = 0.005,                -- ASSUMPTION (industry classes 0.2%..1.9%; range 0.003..0.01)
    injury_rate = 4.5,           -- ASSUMPTION per 1,000 (range 3..7)
    claim_cost = 0.5,            -- ASSUMPTION x base (range 0.3..1)
    long_term_share = 0.03,      -- ASSUMPTION (range 0.02..0.06)
    long_term_exit = 0.04,       -- ASSUMPTION (range 0.03..0.08)
    long_term_benefit = 0.7,     -- 工伤保险条例 Art.35 (75%..90% grades 1-4); ASSUMPTION 0.7
    interest_rate = 0.02,        -- ASSUMPTION
    opening_months = 18,         -- ASSUMPTION (range 9..30)
  },

  -- Uncertainty for `policysim run ... --draws N` (docs/stochastic.md).  The
  -- mortality, TFR and migration processes use the engine's defaults (see
  -- `policysim keys`); wage growth and the funds' return also vary here.
  stochastic = {
    perturb = {
      -- ASSUMPTION: wage growth deviates from its path by an AR(1) with
      -- 1 point s.d. a year and persistence 0.5 (range 0.5..2 points).
      ["pension_employee.wage_growth"] = { sd = 0.01, ar = 0.5, lo = -0.05, hi = 0.15 },
      -- ASSUMPTION: the pension fund's return varies by 1 point a year,
      -- little persistence (range 0.5..2 points).
      ["pension_employee.interest_rate"] = { sd = 0.01, ar = 0.2, lo = -0.02, hi = 0.08 },
    },
  },
}
