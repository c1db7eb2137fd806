/* test_work_injury.c: the work-injury insurance fund (engine/
 * work_injury.c) against hand calculations and the baseline's calibrated
 * 2025 insured.  GPL-3.0-or-later. */
#include "testutil.h"

#include "run.h"
#include "scenario.h"
#include "work_injury.h"

/* insured 10,000 at 5 per 1,000 -> 50 injuries; 4% long-term -> 2 new;
 * recipients 30 x (1 - 0.05) + 2 = 30.5; income 0.005 x 60,000 x 10,000 =
 * 3,000,000; one-off 50 x 30,000 = 1,500,000; pensions 30.5 x 42,000 =
 * 1,281,000; expenditure 2,781,000; interest 0.02 x 1,000,000 = 20,000;
 * fund 1,000,000 + 20,000 + 3,000,000 - 2,781,000 = 1,239,000. */
static void test_hand_case(void **state)
{
    (void)state;
    ps_injury_in in = {.insured = 10000, .base = 60000, .rate = 0.005, .per_1000 = 5,
                       .claim_cost = 30000, .long_term_share = 0.04, .long_term_exit = 0.05,
                       .long_term_benefit = 42000, .long_term_prev = 30,
                       .interest_rate = 0.02, .fund_prev = 1e6};
    ps_injury_out o;
    ps_injury_year(&in, &o);
    assert_rel_close(o.injuries, 50, TU_RTOL);
    assert_rel_close(o.new_long_term, 2, TU_RTOL);
    assert_rel_close(o.long_term, 30.5, TU_RTOL);
    assert_rel_close(o.income_total, 3e6, TU_RTOL);
    assert_rel_close(o.one_off, 1.5e6, TU_RTOL);
    assert_rel_close(o.pensions, 1281000, TU_RTOL);
    assert_rel_close(o.expenditure, 2781000, TU_RTOL);
    assert_rel_close(o.fund, 1239000, TU_RTOL);
}

/* Steady state: 50 x 0.04 / 0.05 = 40, and a year from it stays at 40. */
static void test_steady_state(void **state)
{
    (void)state;
    assert_rel_close(ps_injury_long_term_steady(50, 0.04, 0.05), 40, TU_RTOL);
    assert_rel_close(ps_injury_long_term_steady(50, 0.04, 0), 0, TU_RTOL);
    ps_injury_in in = {.insured = 10000, .per_1000 = 5, .long_term_share = 0.04,
                       .long_term_exit = 0.05, .long_term_prev = 40};
    ps_injury_out o;
    ps_injury_year(&in, &o);
    assert_rel_close(o.long_term, 40, TU_RTOL);
}

/* The baseline meets the plan's 74,000 insured in 2025. */
static void test_baseline(void **state)
{
    (void)state;
    ps_err err;
    ps_err_clear(&err);
    ps_scenario *sc = ps_scenario_load("scenarios/feidong_baseline.lua", NULL, "scripts", &err);
    if (!sc)
        fail_msg("%s", err.msg);
    ps_run *run = ps_run_new(sc, &err);
    if (!run || ps_run_project(run, &err))
        fail_msg("%s", err.msg);
    double v;
    assert_true(ps_run_indicator(run, "work_injury.insured", 2025, &v));
    assert_rel_close(v, 74000, 1e-6);
    assert_true(ps_run_indicator(run, "work_injury.fund", 2050, &v));
    ps_run_free(run);
    ps_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_case),
        cmocka_unit_test(test_steady_state),
        cmocka_unit_test(test_baseline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
