/* test_unemployment.c: the unemployment insurance fund (engine/
 * unemployment.c) against hand calculations, the recession's doubling, the
 * baseline's calibrated 2025 insured and its identity.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include "run.h"
#include "scenario.h"
#include "unemployment.h"

static ps_unemp_in hand_case(void)
{
    ps_unemp_in in = {.insured = 1000, .base = 60000, .rate = 0.01,
                      .unemployment_rate = 0.05, .take_up = 0.4, .benefit_share = 0.9,
                      .min_wage = 2000, .other_share = 0.2, .interest_rate = 0.02,
                      .fund_prev = 500000};
    return in;
}

/* income 0.01 x 60,000 x 1,000 = 600,000; claimants 1,000 x 0.05 x 0.4 = 20;
 * benefit 0.9 x 2,000 x 12 = 21,600 a year; benefits 432,000; other 0.2 x
 * 600,000 = 120,000; expenditure 552,000; interest 0.02 x 500,000 = 10,000;
 * fund 500,000 + 10,000 + 600,000 - 552,000 = 558,000. */
static void test_hand_case(void **state)
{
    (void)state;
    ps_unemp_in in = hand_case();
    ps_unemp_out o;
    ps_unemp_year(&in, &o);
    assert_rel_close(o.income_total, 600000, TU_RTOL);
    assert_rel_close(o.claimants, 20, TU_RTOL);
    assert_rel_close(o.benefit, 21600, TU_RTOL);
    assert_rel_close(o.benefits, 432000, TU_RTOL);
    assert_rel_close(o.other, 120000, TU_RTOL);
    assert_rel_close(o.expenditure, 552000, TU_RTOL);
    assert_rel_close(o.interest, 10000, TU_RTOL);
    assert_rel_close(o.fund, 558000, TU_RTOL);
}

/* Doubling the unemployment rate doubles claimants and benefits (40,
 * 864,000) and takes the fund to 558,000 - 432,000 = 126,000. */
static void test_recession_doubles_claims(void **state)
{
    (void)state;
    ps_unemp_in in = hand_case();
    ps_unemp_out o;
    in.unemployment_rate = 0.10;
    ps_unemp_year(&in, &o);
    assert_rel_close(o.claimants, 40, TU_RTOL);
    assert_rel_close(o.benefits, 864000, TU_RTOL);
    assert_rel_close(o.fund, 126000, TU_RTOL);
}

/* Ages 16..59 only: 10 + 20 + 30 (ages 16, 59 and a woman of 30) counted,
 * 1,000 at 15 and at 60 not; x coverage 0.5 = 30. */
static void test_insured_ages(void **state)
{
    (void)state;
    static double p[PS_NSEX][PS_NAGE];
    p[PS_MALE][15] = 1000;
    p[PS_MALE][16] = 10;
    p[PS_MALE][59] = 20;
    p[PS_FEMALE][30] = 30;
    p[PS_FEMALE][60] = 1000;
    assert_rel_close(ps_si_insured(p, 16, 59, 0.5), 30, TU_RTOL);
    assert_rel_close(ps_si_insured(p, 0, 100, 1), 2060, TU_RTOL);
}

/* The baseline meets the plan's 62,000 insured in 2025 (coverage found by
 * `policysim calibrate`), and its fund identity holds every year. */
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
    double v, f0 = NAN;
    assert_true(ps_run_indicator(run, "unemployment.insured", 2025, &v));
    assert_rel_close(v, 62000, 1e-6);
    for (int y = ps_run_base_year(run); y <= ps_run_end_year(run); y++) {
        double f, i, inc, ex;
        assert_true(ps_run_indicator(run, "unemployment.fund", y, &f));
        assert_true(ps_run_indicator(run, "unemployment.interest", y, &i));
        assert_true(ps_run_indicator(run, "unemployment.income_total", y, &inc));
        assert_true(ps_run_indicator(run, "unemployment.expenditure", y, &ex));
        if (y > ps_run_base_year(run))
            assert_rel_close(f, f0 + i + inc - ex, 1e-9);
        f0 = f;
    }
    ps_run_free(run);
    ps_scenario_free(sc);
}

/* A negative rate is refused when the scenario loads, naming the key. */
static void test_negative_rate(void **state)
{
    (void)state;
    char *dir = tu_make_temp_dir();
    char path[4200], cwd[4096], base[4200];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(base, sizeof base, "%s/scenarios/feidong_baseline.lua", cwd);
    snprintf(path, sizeof path, "%s/s.lua", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "return { extends = '%s', unemployment = { rate = -0.01 } }\n", base);
    fclose(f);
    ps_err err;
    ps_err_clear(&err);
    ps_scenario *sc = ps_scenario_load(path, NULL, "scripts", &err);
    assert_null(sc);
    assert_err(&err, PS_EINPUT, "unemployment.rate", "-0.01");
    unlink(path);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_case),
        cmocka_unit_test(test_recession_doubles_claims),
        cmocka_unit_test(test_insured_ages),
        cmocka_unit_test(test_baseline),
        cmocka_unit_test(test_negative_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
