/* test_base_date.c: population.base_date (issue 13): the fractional step
 * that carries a census taken during the base year to the next 1 January,
 * against a hand calculation, the full step it reduces to, and a run.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include "population.h"
#include "run.h"
#include "scenario.h"

/* A quarter of a year (frac = 0.25), q = 0.1 at every age, so the
 * quarter's q is 0.025 (deaths spread uniformly over the year):
 *   men 1,000 at 30: 975 survive; 0.75 stay at 30 (731.25), 0.25 reach 31
 *   (243.75).  100 at 99 and 50 at 100: 97.5 and 48.75 survive; 99 keeps
 *   73.125, 100 gets 48.75 + 24.375 = 73.125.
 *   women 1,000 at 20 (731.25 stay, 243.75 at 21), 600 at 14 (438.75 stay,
 *   146.25 reach 15).
 *   births: f = 0.1 at 15..49; start + end women by age: 20: 1,000 + 731.25,
 *   21: 0 + 243.75, 15: 0 + 146.25; 0.1 x (1,731.25 + 243.75 + 146.25)/2 =
 *   106.0625 a year, x 0.25 = 26.515625; SRB 1: 13.2578125 of each sex,
 *   newborn deaths 13.2578125 x 0.025/2 = 0.16572265625.
 *   migrants: a year's 80 men at 40 -> 20, deaths 20 x 0.025/2 = 0.25;
 *   -8 girls at 0 -> -2, "deaths" -2 x 0.0125 = -0.025.
 *   deaths: men 1,150 x 0.025 + 0.16572265625 + 0.25 = 29.16572265625;
 *   women 1,600 x 0.025 + 0.16572265625 - 0.025 = 40.14072265625. */
static void test_quarter_by_hand(void **state)
{
    (void)state;
    static ps_pop in, out;
    static ps_pop_year y;
    ps_pop_flows fl;
    memset(&in, 0, sizeof in);
    memset(&y, 0, sizeof y);
    in.p[PS_MALE][30] = 1000;
    in.p[PS_MALE][99] = 100;
    in.p[PS_MALE][100] = 50;
    in.p[PS_FEMALE][20] = 1000;
    in.p[PS_FEMALE][14] = 600;
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            y.q[x][a] = 0.1;
    for (int a = PS_FERT_MIN; a <= PS_FERT_MAX; a++)
        y.f[a] = 0.1;
    y.srb = 1;
    y.mig[PS_MALE][40] = 80;
    y.mig[PS_FEMALE][0] = -8;
    ps_pop_step_frac(&in, &y, 0.25, &out, &fl);
    assert_rel_close(out.p[PS_MALE][30], 731.25, TU_RTOL);
    assert_rel_close(out.p[PS_MALE][31], 243.75, TU_RTOL);
    assert_rel_close(out.p[PS_MALE][99], 73.125, TU_RTOL);
    assert_rel_close(out.p[PS_MALE][100], 73.125, TU_RTOL);
    assert_rel_close(out.p[PS_MALE][40], 19.75, TU_RTOL);
    assert_rel_close(out.p[PS_FEMALE][20], 731.25, TU_RTOL);
    assert_rel_close(out.p[PS_FEMALE][21], 243.75, TU_RTOL);
    assert_rel_close(out.p[PS_FEMALE][14], 438.75, TU_RTOL);
    assert_rel_close(out.p[PS_FEMALE][15], 146.25, TU_RTOL);
    assert_rel_close(fl.births[PS_MALE], 13.2578125, TU_RTOL);
    assert_rel_close(fl.births[PS_FEMALE], 13.2578125, TU_RTOL);
    assert_rel_close(out.p[PS_MALE][0], 13.2578125 - 0.16572265625, TU_RTOL);
    assert_rel_close(out.p[PS_FEMALE][0], 13.2578125 - 0.16572265625 - 1.975, TU_RTOL);
    assert_rel_close(fl.deaths[PS_MALE], 29.16572265625, TU_RTOL);
    assert_rel_close(fl.deaths[PS_FEMALE], 40.14072265625, TU_RTOL);
    assert_rel_close(fl.net_migration[PS_MALE], 20, TU_RTOL);
    assert_rel_close(fl.net_migration[PS_FEMALE], -2, TU_RTOL);
    assert_true(ps_pop_identity_error(&in, &out, &fl) < 1e-12);
}

/* frac = 1 is the full step: every cell and flow as ps_pop_step's. */
static void test_full_fraction_is_the_step(void **state)
{
    (void)state;
    static ps_pop in, a, b;
    static ps_pop_year y;
    ps_pop_flows fa, fb;
    for (int x = 0; x < PS_NSEX; x++)
        for (int k = 0; k < PS_NAGE; k++) {
            in.p[x][k] = 1000 + 37 * k + 11 * x;
            y.q[x][k] = 0.001 + 0.009 * k;
            y.mig[x][k] = (k % 7) - 3.0;
        }
    y.q[0][100] = y.q[1][100] = 1;
    for (int k = PS_FERT_MIN; k <= PS_FERT_MAX; k++)
        y.f[k] = 0.002 * (k - 10);
    y.srb = 1.1;
    ps_pop_step(&in, &y, &a, &fa);
    ps_pop_step_frac(&in, &y, 1.0, &b, &fb);
    for (int x = 0; x < PS_NSEX; x++) {
        for (int k = 0; k < PS_NAGE; k++)
            assert_rel_close(b.p[x][k], a.p[x][k], 1e-13);
        assert_rel_close(fb.births[x], fa.births[x], 1e-13);
        assert_rel_close(fb.deaths[x], fa.deaths[x], 1e-13);
        assert_rel_close(fb.net_migration[x], fa.net_migration[x], 1e-13);
    }
}

static ps_run *run_with(const char *date, ps_scenario **sc, ps_err *err)
{
    char cwd[2048], path[4200];
    char *dir = tu_make_temp_dir();
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/s.lua", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "return { extends = '%s/scenarios/feidong_baseline.lua', name = 'bd',\n"
               "  end_year = 2022, population = { %s%s%s } }\n",
            cwd, date ? "base_date = '" : "", date ? date : "", date ? "'" : "");
    fclose(f);
    *sc = ps_scenario_load(path, NULL, "scripts", err);
    ps_run *run = NULL;
    if (*sc && (run = ps_run_new(*sc, err)) && ps_run_project(run, err)) {
        ps_run_free(run);
        run = NULL;
    }
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
    return run;
}

/* The census of 1 November 2020: the 2020 step is 61/366 of a year; its
 * births are about 61/366 of a whole year's (the women barely change in
 * two months); the annualised birth rate is the whole year's within 3%;
 * 2021's stock is the census carried by that step; bad dates are refused. */
static void test_base_date_in_a_run(void **state)
{
    (void)state;
    ps_err err;
    ps_scenario *s0, *s1;
    /* (the baseline sets a base date: 1 January is the date-less meaning) */
    ps_run *r0 = run_with("2020-01-01", &s0, &err);
    if (!r0)
        fail_msg("%s", err.msg);
    ps_run *r1 = run_with("2020-11-01", &s1, &err);
    if (!r1)
        fail_msg("%s", err.msg);
    double fr = 61.0 / 366.0, b0, b1, c0, c1;
    assert_rel_close(ps_run_step_length(r1, 2020), fr, 1e-15);
    assert_rel_close(ps_run_step_length(r1, 2021), 1, 0);
    assert_rel_close(ps_run_step_length(r0, 2020), 1, 0);
    assert_true(ps_run_indicator(r0, "demography.births", 2020, &b0));
    assert_true(ps_run_indicator(r1, "demography.births", 2020, &b1));
    assert_rel_close(b1, fr * b0, 0.03);
    assert_true(ps_run_indicator(r0, "demography.cbr", 2020, &c0));
    assert_true(ps_run_indicator(r1, "demography.cbr", 2020, &c1));
    assert_rel_close(c1, c0, 0.03);
    static ps_pop expect;
    ps_pop_flows fl;
    ps_pop_step_frac(ps_run_pop(r1, 2020), ps_run_year_inputs(r1, 2020), fr, &expect, &fl);
    for (int x = 0; x < PS_NSEX; x++)
        for (int a = 0; a < PS_NAGE; a++)
            assert_rel_close(ps_run_pop(r1, 2021)->p[x][a], expect.p[x][a], 0);
    ps_run_free(r0);
    ps_run_free(r1);
    ps_scenario_free(s0);
    ps_scenario_free(s1);
    assert_null(run_with("2020-02-30", &s0, &err));
    assert_err(&err, PS_EINPUT, "population.base_date", "not a date");
    ps_scenario_free(s0);
    assert_null(run_with("2019-11-01", &s0, &err));
    assert_err(&err, PS_EINPUT, "population.base_date", "not in base_year 2020");
    ps_scenario_free(s0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quarter_by_hand),
        cmocka_unit_test(test_full_fraction_is_the_step),
        cmocka_unit_test(test_base_date_in_a_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
