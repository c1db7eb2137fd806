/* test_childcare.c: the childcare arithmetic by hand, and the module in a
 * small run (supply accumulation, the plan calibration, bad inputs).
 * Run from the repository root (make test-unit does).  GPL-3.0-or-later. */
#include "testutil.h"

#include <limits.h>

#include "childcare.h"
#include "run.h"
#include "scenario.h"

/* 884,792 residents (the 2020 census) x 1.8 per 1,000 = 1,592.6256. */
static void test_standard_arithmetic(void **state)
{
    (void)state;
    assert_rel_close(ps_childcare_standard_demand(884792, 1.8), 1592.6256, TU_RTOL);
    /* 904,086.5 x 4.5 / 1,000 = 4,068.38925 */
    assert_rel_close(ps_childcare_standard_demand(904086.5, 4.5), 4068.38925, TU_RTOL);
    assert_rel_close(ps_childcare_standard_demand(0, 4.5), 0.0, TU_RTOL);
}

/* 5,755.2 x 0.03 = 172.656; 5,768.4 x 0.12 = 692.208; 6,073.9 x 0.21 =
 * 1,275.519; total 2,140.383. */
static void test_enrolment_demand(void **state)
{
    (void)state;
    double children[3] = {5755.2, 5768.4, 6073.9}, prop[3] = {0.03, 0.12, 0.21}, e[3];
    assert_rel_close(ps_childcare_enrolment_demand(children, prop, e), 2140.383, TU_RTOL);
    assert_rel_close(e[0], 172.656, TU_RTOL);
    assert_rel_close(e[1], 692.208, TU_RTOL);
    assert_rel_close(e[2], 1275.519, TU_RTOL);
    assert_rel_close(ps_childcare_enrolment_demand(children, prop, NULL), 2140.383, TU_RTOL);
}

/* Ratios 1:3, 1:5, 1:7: 9/3 + 25/5 + 49/7 = 3 + 5 + 7 = 15 carers;
 * 172.656/3 + 692.208/5 + 1,275.519/7 = 57.552 + 138.4416 + 182.217 =
 * 378.2106. */
static void test_carer_ratios(void **state)
{
    (void)state;
    double ratio[3] = {3, 5, 7};
    double a[3] = {9, 25, 49}, b[3] = {172.656, 692.208, 1275.519};
    assert_rel_close(ps_childcare_carers(a, ratio), 15.0, TU_RTOL);
    assert_rel_close(ps_childcare_carers(b, ratio), 378.2106, TU_RTOL);
    /* The same 21 children need more carers the younger they are:
     * 21/3 = 7 against 21/7 = 3. */
    double young[3] = {21, 0, 0}, old[3] = {0, 0, 21};
    assert_rel_close(ps_childcare_carers(young, ratio), 7.0, TU_RTOL);
    assert_rel_close(ps_childcare_carers(old, ratio), 3.0, TU_RTOL);
}

/* 1,000 slots, 5% close (50), 200 added: 1,150.  The calibration of the
 * baseline: 1,592.6256 + 5 x (150 + 465.47488) = 4,670. */
static void test_supply_accumulation(void **state)
{
    (void)state;
    double closed = -1;
    assert_rel_close(ps_childcare_supply_next(1000, 200, 0.05, &closed), 1150.0, TU_RTOL);
    assert_rel_close(closed, 50.0, TU_RTOL);
    double s = 1592.6256;
    for (int y = 2021; y <= 2025; y++)
        s = ps_childcare_supply_next(s, 150 + 465.47488, 0.0, NULL);
    assert_rel_close(s, 4670.0, 1e-12);
}

/* ------------------------------------------------------------ the module in a run */

static char *scenario_file(const char *childcare_body)
{
    char root[PATH_MAX];
    assert_non_null(getcwd(root, sizeof root));
    tu_str b = {0};
    tu_str_add(&b,
               "return { name = 't', base_year = 2020, end_year = 2026,\n"
               "  population = { base = '%s/data/feidong/population_2020.csv',\n"
               "    mortality = '%s/data/feidong/mortality_2020.csv',\n"
               "    fertility = '%s/data/feidong/asfr.csv', tfr = 1.2 },\n"
               "  childcare = {\n%s\n  },\n}\n",
               root, root, root, childcare_body);
    char *path = tu_write_temp(b.s);
    free(b.s);
    return path;
}

/* Loads and runs; returns the error code, the run in *out (or NULL). */
static int run_file(const char *path, ps_scenario **sc, ps_run **run, ps_err *err)
{
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    *run = NULL;
    *sc = ps_scenario_load(path, &lim, NULL, err);
    if (!*sc)
        return err->code;
    *run = ps_run_new(*sc, err);
    if (!*run)
        return err->code;
    return ps_run_project(*run, err);
}

static double ind(ps_run *run, const char *name, int year)
{
    double v = NAN;
    assert_true(ps_run_indicator(run, name, year, &v));
    return v;
}

/* supply_base 1,000; every year from 2021 one institution of 120 slots
 * plus 30 others, 10% of last year's slots close:
 * 2021: 1,000 - 100 + 150 = 1,050; 2022: 1,050 - 105 + 150 = 1,095;
 * 2023: 1,095 - 109.5 + 150 = 1,135.5. */
static void test_module_supply_and_gap(void **state)
{
    (void)state;
    char *path = scenario_file("    supply_base = 1000, institution_size = 120,\n"
                               "    other_additions = 30, closure_rate = 0.1,\n"
                               "    standard_per_1000 = 4.5, gap_basis = 'standard',\n"
                               "    construction_cost = 25000, operating_cost = 20000,\n");
    ps_scenario *sc;
    ps_run *run;
    ps_err err = {0};
    assert_int_equal(run_file(path, &sc, &run, &err), PS_OK);
    assert_rel_close(ind(run, "childcare.supply", 2020), 1000.0, TU_RTOL);
    assert_rel_close(ind(run, "childcare.supply", 2021), 1050.0, TU_RTOL);
    assert_rel_close(ind(run, "childcare.supply", 2022), 1095.0, TU_RTOL);
    assert_rel_close(ind(run, "childcare.supply", 2023), 1135.5, TU_RTOL);
    assert_rel_close(ind(run, "childcare.closures", 2023), 109.5, TU_RTOL);
    /* 2020: the census total 884,792 x 4.5 / 1,000 = 3,981.564; gap
     * (standard) 3,981.564 - 1,000 = 2,981.564; construction 0 in the base
     * year, operating 1,000 x 20,000 = 20,000,000. */
    assert_rel_close(ind(run, "childcare.demand_standard", 2020), 3981.564, 1e-12);
    assert_rel_close(ind(run, "childcare.gap", 2020), 2981.564, 1e-12);
    assert_rel_close(ind(run, "childcare.cost", 2020), 2.0e7, TU_RTOL);
    /* 2021: 150 new slots x 25,000 + 1,050 x 20,000 = 3,750,000 + 21,000,000. */
    assert_rel_close(ind(run, "childcare.cost", 2021), 24.75e6, TU_RTOL);
    /* 2020 children aged 0 (the census 8,091) x the default 0.03 = 242.73. */
    assert_rel_close(ind(run, "childcare.children_0", 2020), 8091.0, TU_RTOL);
    double e0 = 8091.0 * 0.03;
    double c1 = ind(run, "childcare.children_1", 2020), c2 = ind(run, "childcare.children_2", 2020);
    assert_rel_close(ind(run, "childcare.demand_enrolment", 2020), e0 + c1 * 0.12 + c2 * 0.21,
                     1e-12);
    assert_rel_close(ind(run, "childcare.carers_needed", 2020),
                     e0 / 3 + c1 * 0.12 / 5 + c2 * 0.21 / 7, 1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(path);
}

static void expect_bad(const char *body, const char *needle1, const char *needle2)
{
    char *path = scenario_file(body);
    ps_scenario *sc;
    ps_run *run;
    ps_err err = {0};
    assert_int_equal(run_file(path, &sc, &run, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, needle1, needle2);
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(path);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    /* A propensity above 1, as a constant and inside a path. */
    expect_bad("supply_base = 1, propensity_1 = 1.2,", "'childcare.propensity_1' is 1.2",
               "outside [0, 1]");
    expect_bad("supply_base = 1, propensity_2 = { [2020] = 0.2, [2030] = 1.5 },",
               "childcare.propensity_2", "1.5");
    /* A negative cost. */
    expect_bad("supply_base = 1, construction_cost = -5,", "'childcare.construction_cost' is -5",
               "outside");
    /* A function returning a bad value names the key and the year. */
    expect_bad("supply_base = 1, operating_cost = function(y) return y < 2023 and 1 or -1 end,",
               "'childcare.operating_cost'", "2023");
    /* A negative opening stock, an unknown gap basis, a missing required key. */
    expect_bad("supply_base = -3,", "'childcare.supply_base' is -3", ":");
    expect_bad("supply_base = 1, gap_basis = 'biggest',", "'childcare.gap_basis' is 'biggest'",
               "max");
    expect_bad("institution_size = 100,", "childcare.supply_base", "required");
    /* A misspelt key gets a suggestion. */
    expect_bad("supply_base = 1, propensity_O = 0.1,", "unknown key 'childcare.propensity_O'",
               "did you mean");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standard_arithmetic),
        cmocka_unit_test(test_enrolment_demand),
        cmocka_unit_test(test_carer_ratios),
        cmocka_unit_test(test_supply_accumulation),
        cmocka_unit_test(test_module_supply_and_gap),
        cmocka_unit_test(test_bad_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
