/* test_assistance.c: 低保 groups, the standard's path, the phase-out (渐退)
 * rule by hand, the module in a run, bad files.  Run from the repository
 * root (make test-unit does).  GPL-3.0-or-later. */
#include "testutil.h"

#include <limits.h>

#include "assistance.h"
#include "run.h"
#include "scenario.h"

/* Exits spread evenly over the year, a transition of m months: the exit at
 * time s (in years) is covered on [s, s + m/12]; the part in the year is
 * integral_0^1 min(m/12, 1 - s) ds = n - n^2/2 with n = m/12, i.e.
 * (m - m^2/24)/12 years per exit, and the spill m^2/24/12 into next year.
 * m = 6: 4.5 months this year, 1.5 next.  100 exits kept this year and 80
 * last year: 100 x 4.5/12 + 80 x 1.5/12 = 37.5 + 10 = 47.5 person-years. */
static void test_phaseout_rule(void **state)
{
    (void)state;
    assert_rel_close(ps_assistance_phaseout_years(100, 0, 6), 37.5, TU_RTOL);
    assert_rel_close(ps_assistance_phaseout_years(0, 80, 6), 10.0, TU_RTOL);
    assert_rel_close(ps_assistance_phaseout_years(100, 80, 6), 47.5, TU_RTOL);
    /* m = 12: half a year this year (12 - 6), half next (144/24 = 6). */
    assert_rel_close(ps_assistance_phaseout_years(10, 0, 12), 5.0, TU_RTOL);
    assert_rel_close(ps_assistance_phaseout_years(0, 10, 12), 5.0, TU_RTOL);
    /* m = 3: 3 - 9/24 = 2.625 months this year, 0.375 next. */
    assert_rel_close(ps_assistance_phaseout_years(24, 0, 3), 24 * 2.625 / 12, TU_RTOL);
    /* No transition, nothing paid. */
    assert_rel_close(ps_assistance_phaseout_years(100, 100, 0), 0.0, TU_RTOL);
}

/* 798.1 in 2024 at 4% a year: 2026 798.1 x 1.0816 = 863.22496; 2022
 * 798.1 / 1.0816 = 737.88831...; a 2% year then a 6% year from 2024:
 * 798.1 x 1.02 x 1.06 = 862.90572. */
static void test_standard_path(void **state)
{
    (void)state;
    double g[7] = {0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04}; /* 2020..2026 */
    assert_rel_close(ps_assistance_standard(798.1, 2024, g, 2020, 7, 2024), 798.1, TU_RTOL);
    assert_rel_close(ps_assistance_standard(798.1, 2024, g, 2020, 7, 2026), 863.22496, 1e-12);
    assert_rel_close(ps_assistance_standard(798.1, 2024, g, 2020, 7, 2022), 737.8883136094674,
                     1e-12);
    double h[7] = {0, 0, 0, 0, 0.02, 0.06, 0};
    assert_rel_close(ps_assistance_standard(798.1, 2024, h, 2020, 7, 2026), 862.90572, 1e-12);
}

static const char *const GROUPS = "# national 2024 rates\n"
                                  "group,area,age_from,age_to,rate\n"
                                  "urban,urban,0,100,0.01\n"
                                  "rural_young,rural,0,59,0.05\n"
                                  "rural_old,rural,60,100,0.08\n";

/* 1,000 persons aged 30 and 500 aged 70, urban share 0.7: urban 1,500 x
 * 0.7 x 0.01 = 10.5; rural young 1,000 x 0.3 x 0.05 = 15; rural old 500 x
 * 0.3 x 0.08 = 12. */
static void test_groups(void **state)
{
    (void)state;
    ps_assist_groups g;
    ps_err err = {0};
    ps_pop p;
    char *path = tu_write_temp(GROUPS);
    assert_int_equal(ps_assistance_read_groups(path, &g, &err), PS_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.area[2], PS_AREA_RURAL);
    memset(&p, 0, sizeof p);
    p.p[PS_MALE][30] = 600;
    p.p[PS_FEMALE][30] = 400;
    p.p[PS_FEMALE][70] = 500;
    assert_rel_close(ps_assistance_group_recipients(&p, &g, 0, 0.7), 10.5, 1e-12);
    assert_rel_close(ps_assistance_group_recipients(&p, &g, 1, 0.7), 15.0, 1e-12);
    assert_rel_close(ps_assistance_group_recipients(&p, &g, 2, 0.7), 12.0, 1e-12);
    tu_temp_free(path);
}

static void groups_bad(const char *text, const char *n1, const char *n2)
{
    ps_assist_groups g;
    ps_err err = {0};
    char *p = tu_write_temp(text);
    assert_int_equal(ps_assistance_read_groups(p, &g, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, p, n1, n2);
    tu_temp_free(p);
}

static void test_bad_files(void **state)
{
    (void)state;
    groups_bad("group,area,age_from,age_to,rate\nu,urban,0,100\n", ":2:", "fields");
    groups_bad("group,area,age_from,age_to\nu,urban,0,100\n", "missing column 'rate'", "");
    groups_bad("group,area,age_from,age_to,rate\nu,town,0,100,0.1\n", ":2: column 'area'",
               "'town' is not an area");
    groups_bad("group,area,age_from,age_to,rate\nu,urban,0,100,1.5\n", ":2: column 'rate'",
               "outside [0, 1]");
    groups_bad("group,area,age_from,age_to,rate\nu,urban,0,100,-0.01\n", ":2: column 'rate'",
               "negative");
    groups_bad("group,area,age_from,age_to,rate\nu,urban,0,60,0.1\nv,urban,50,100,0.1\n",
               ":3: urban age 50", "two groups");
    groups_bad("group,area,age_from,age_to,rate\nu,urban,0,100,0.1\nu,rural,0,100,0.1\n",
               ":3: column 'group'", "twice");
    groups_bad("group,area,age_from,age_to,rate\n", "no groups", "");
}

/* ------------------------------------------------------------ the module in a run */

static void test_module_run(void **state)
{
    (void)state;
    char root[PATH_MAX];
    assert_non_null(getcwd(root, sizeof root));
    char *groups = tu_write_temp(GROUPS);
    tu_str b = {0};
    tu_str_add(&b,
               "return { name = 't', base_year = 2020, end_year = 2023,\n"
               "  population = { base = '%s/data/feidong/population_2020.csv',\n"
               "    mortality = '%s/data/feidong/mortality_2020.csv',\n"
               "    fertility = '%s/data/feidong/asfr.csv', tfr = 1.2 },\n"
               "  assistance = { groups = '%s', urban_share = 0.7,\n"
               "    standard_urban = 798.1, standard_rural = 593.9, standard_year = 2024,\n"
               "    standard_growth = 0.04, benefit_share = 0.5, exit_rate = 0.2,\n"
               "    phaseout_share = 0.5, phaseout_months = { [2020] = 6, [2021] = 12 },\n"
               "    phaseout_benefit = 0.5, temporary_rate = 4, temporary_amount = 1000 },\n"
               "}\n",
               root, root, root, groups);
    char *path = tu_write_temp(b.s);
    free(b.s);
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    ps_err err = {0};
    ps_scenario *sc = ps_scenario_load(path, &lim, NULL, &err);
    if (!sc)
        fail_msg("%s", err.msg);
    ps_run *run = ps_run_new(sc, &err);
    if (!run)
        fail_msg("%s", err.msg);
    assert_int_equal(ps_run_project(run, &err), PS_OK);
    double v, rec, kept20, kept21, pay, po;
    /* 2020 standards: 798.1 / 1.04^4 = 682.219224860824 and 593.9 / 1.04^4
     * = 507.66820905255406. */
    assert_true(ps_run_indicator(run, "assistance.standard_urban", 2020, &v));
    assert_rel_close(v, 682.219224860824, 1e-12);
    assert_true(ps_run_indicator(run, "assistance.standard_rural", 2020, &v));
    assert_rel_close(v, 507.66820905255406, 1e-12);
    /* Exits 20% of recipients, half of them phased out. */
    assert_true(ps_run_indicator(run, "assistance.recipients", 2020, &rec));
    assert_true(ps_run_indicator(run, "assistance.phaseout_exits", 2020, &kept20));
    assert_rel_close(kept20, rec * 0.2 * 0.5, 1e-12);
    /* 2020, 6 months: 4.5/12 of a year per exit kept, nothing from 2019. */
    assert_true(ps_run_indicator(run, "assistance.phaseout_recipients", 2020, &po));
    assert_rel_close(po, kept20 * 4.5 / 12, 1e-12);
    /* 2021, 12 months: 6/12 of this year's, and 2020's spill at 6 months,
     * 1.5/12. */
    assert_true(ps_run_indicator(run, "assistance.phaseout_exits", 2021, &kept21));
    assert_true(ps_run_indicator(run, "assistance.phaseout_recipients", 2021, &po));
    assert_rel_close(po, kept21 * 6.0 / 12 + kept20 * 1.5 / 12, 1e-12);
    /* Phase-out spending: person-years x 12 x average payment x 0.5. */
    assert_true(ps_run_indicator(run, "assistance.average_payment", 2021, &pay));
    assert_true(ps_run_indicator(run, "assistance.phaseout_spending", 2021, &v));
    assert_rel_close(v, po * 12 * pay * 0.5, 1e-12);
    /* Temporary assistance: 884,792 x 4 / 1,000 = 3,539.168 cases x 1,000. */
    assert_true(ps_run_indicator(run, "assistance.temporary_spending", 2020, &v));
    assert_rel_close(v, 3539168.0, 1e-12);
    /* Spending adds up. */
    double r, p2, t;
    assert_true(ps_run_indicator(run, "assistance.regular_spending", 2022, &r));
    assert_true(ps_run_indicator(run, "assistance.phaseout_spending", 2022, &p2));
    assert_true(ps_run_indicator(run, "assistance.temporary_spending", 2022, &t));
    assert_true(ps_run_indicator(run, "assistance.spending", 2022, &v));
    assert_rel_close(v, r + p2 + t, 1e-12);
    /* Per group column. */
    assert_true(ps_run_indicator(run, "assistance.group_rural_old_recipients", 2020, &v));
    assert_true(v > 0);
    assert_false(ps_run_indicator(run, "assistance.no_such_column", 2020, &v));
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(path);
    tu_temp_free(groups);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phaseout_rule),
        cmocka_unit_test(test_standard_path),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_module_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
