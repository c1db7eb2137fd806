/* test_towns.c: the township layer: the share-trend method against both
 * censuses and by hand, raking, two-town runs computed by hand (share and
 * cohort methods), towns summing to the county, policies by town, supply
 * and nearest surplus, bad towns files.  GPL-3.0-or-later. */
#include "testutil.h"

#include <limits.h>

#include "run.h"
#include "scenario.h"
#include "towns.h"

/* ------------------------------------------------------------ pure pieces */

/* Shares 0.5/0.3/0.2 in 2010 and 0.6/0.3/0.1 in 2020: the method gives
 * back each census exactly, whatever the damping. */
static void test_share_trend_reproduces_both_censuses(void **state)
{
    (void)state;
    const double s1[3] = {0.5, 0.3, 0.2}, s2[3] = {0.6, 0.3, 0.1};
    double out[3];
    for (int k = 0; k < 3; k++) {
        double phi = k == 0 ? 1.0 : k == 1 ? 0.85 : 0.0;
        ps_towns_share_trend(3, s1, s2, 2010, 2020, 2010, phi, out);
        for (int i = 0; i < 3; i++)
            assert_rel_close(out[i], s1[i], 1e-14);
        ps_towns_share_trend(3, s1, s2, 2010, 2020, 2020, phi, out);
        for (int i = 0; i < 3; i++)
            assert_rel_close(out[i], s2[i], 1e-14);
    }
}

/* Undamped, 2030 is one more decade of the same ratios: 0.6 x 1.2 = 0.72,
 * 0.3 x 1 = 0.3, 0.1 x 0.5 = 0.05, sum 1.07: 0.72/1.07, 0.3/1.07,
 * 0.05/1.07.  Damped by 0.5 a year, 2022 has D = 0.5 + 0.25 = 0.75 years
 * of the trend: 0.6 x 1.2^0.075, 0.3, 0.1 x 0.5^0.075, normalised.  phi = 0
 * freezes the 2020 shares. */
static void test_share_trend_by_hand(void **state)
{
    (void)state;
    const double s1[3] = {0.5, 0.3, 0.2}, s2[3] = {0.6, 0.3, 0.1};
    double out[3];
    ps_towns_share_trend(3, s1, s2, 2010, 2020, 2030, 1.0, out);
    assert_rel_close(out[0], 0.72 / 1.07, 1e-13);
    assert_rel_close(out[1], 0.3 / 1.07, 1e-13);
    assert_rel_close(out[2], 0.05 / 1.07, 1e-13);
    ps_towns_share_trend(3, s1, s2, 2010, 2020, 2022, 0.5, out);
    double a = 0.6 * pow(1.2, 0.075), c = 0.1 * pow(0.5, 0.075), sum = a + 0.3 + c;
    assert_rel_close(out[0], a / sum, 1e-13);
    assert_rel_close(out[1], 0.3 / sum, 1e-13);
    assert_rel_close(out[2], c / sum, 1e-13);
    ps_towns_share_trend(3, s1, s2, 2010, 2020, 2050, 0.0, out);
    for (int i = 0; i < 3; i++)
        assert_rel_close(out[i], s2[i], 1e-14);
    /* A town empty at one census keeps its share's level (no trend). */
    const double z1[2] = {0.0, 1.0}, z2[2] = {0.2, 0.8};
    ps_towns_share_trend(2, z1, z2, 2010, 2020, 2030, 1.0, out);
    assert_rel_close(out[0], 0.2 / (0.2 + 0.8 * 0.8), 1e-13);
}

/* Two towns, cells (10, 30) against a county cell of 60: x1.5 each -> 15
 * and 45.  A county cell empty in both towns is split by their totals. */
static void test_rake_by_hand(void **state)
{
    (void)state;
    ps_pop tw[2], county;
    memset(tw, 0, sizeof tw);
    memset(&county, 0, sizeof county);
    tw[0].p[PS_MALE][30] = 10;
    tw[1].p[PS_MALE][30] = 30;
    county.p[PS_MALE][30] = 60;
    county.p[PS_FEMALE][100] = 8; /* towns: none; totals 10 and 30 */
    double worst = ps_towns_rake(2, tw, &county);
    assert_rel_close(tw[0].p[PS_MALE][30], 15.0, 1e-15);
    assert_rel_close(tw[1].p[PS_MALE][30], 45.0, 1e-15);
    assert_rel_close(tw[0].p[PS_FEMALE][100], 2.0, 1e-15);
    assert_rel_close(tw[1].p[PS_FEMALE][100], 6.0, 1e-15);
    assert_rel_close(worst, 1.0, 1e-15);
    assert_rel_close(ps_towns_rake(2, tw, &county), 0.0, 1e-15); /* raked already */
}

/* ------------------------------------------------------------ runs */

/* County base population (data/feidong/population_2020.csv): 884,792. */
#define COUNTY0 884792.0

static char *scenario(const char *towns_body, double migration, int end)
{
    char root[PATH_MAX];
    assert_non_null(getcwd(root, sizeof root));
    tu_str b = {0};
    tu_str_add(&b,
               "return { name = 't', base_year = 2020, end_year = %d,\n"
               "  population = { base = '%s/data/feidong/population_2020.csv',\n"
               "    mortality = '%s/data/feidong/mortality_2020.csv',\n"
               "    fertility = '%s/data/feidong/asfr.csv', tfr = 1.2,\n"
               "    net_migration = { total = %g,\n"
               "      distribution = '%s/data/feidong/migration_distribution.csv' } },\n"
               "  towns = {\n%s\n  },\n}\n",
               end, root, root, root, migration, root, towns_body);
    char *path = tu_write_temp(b.s);
    free(b.s);
    return path;
}

static int run_file(const char *path, ps_scenario **sc, ps_run **run, ps_err *err)
{
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    *run = NULL;
    ps_err_clear(err);
    *sc = ps_scenario_load(path, &lim, NULL, err);
    if (!*sc)
        return err->code;
    *run = ps_run_new(*sc, err);
    if (!*run)
        return err->code;
    return ps_run_project(*run, err);
}

static double county_pop(ps_run *run, int year)
{
    return ps_pop_sum(ps_run_pop(run, year), 0, PS_AGE_OPEN);
}

/* Every year, every town: the towns' populations sum to the county's
 * within 1e-9, and (cohort method) every sex-age cell too. */
static void assert_towns_sum(ps_run *run, int cells)
{
    int n = ps_towns_count(run);
    assert_true(n > 0);
    for (int y = ps_run_base_year(run); y <= ps_run_end_year(run); y++) {
        double s = 0.0;
        for (int i = 0; i < n; i++)
            s += ps_towns_share(run, i, y);
        assert_rel_close(s, 1.0, 1e-9);
        if (!cells)
            continue;
        const ps_pop *c = ps_run_pop(run, y);
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a += 7) {
                double cell = 0.0;
                for (int i = 0; i < n; i++)
                    cell += ps_towns_pop(run, i, y)->p[x][a];
                assert_rel_close(cell, c->p[x][a], 1e-9);
            }
    }
}

/* Two towns A and B: 2020 531,000 and 353,792 (county 884,792), 2010
 * 400,000 and 600,000, no damping.  Shares 2020 a2 = 531000/884792, b2;
 * 2010 0.4 and 0.6.  In 2030, by hand: A ~ a2 x (a2/0.4), B ~ b2 x (b2/0.6),
 * normalised, times the county's 2030 population; in 2025 half a decade:
 * the square roots of the ratios. */
static void test_two_towns_share_trend_by_hand(void **state)
{
    (void)state;
    char *tf = tu_write_temp("town,population,population_previous\n"
                             "A,531000,400000\n"
                             "B,353792,600000\n");
    tu_str b = {0};
    tu_str_add(&b, "file = '%s', previous_year = 2010, trend_damping = 1,", tf);
    char *sp = scenario(b.s, 0, 2030);
    ps_scenario *sc;
    ps_run *run;
    ps_err err;
    assert_int_equal(run_file(sp, &sc, &run, &err), PS_OK);
    assert_int_equal(ps_towns_count(run), 2);
    assert_string_equal(ps_towns_name(run, 1), "B");
    assert_int_equal(ps_towns_index(run, "B"), 1);
    assert_int_equal(ps_towns_index(run, "C"), -1);
    double a2 = 531000 / COUNTY0, b2 = 353792 / COUNTY0;
    double a = a2 * (a2 / 0.4), bb = b2 * (b2 / 0.6);
    assert_rel_close(ps_towns_share(run, 0, 2030), a / (a + bb), 1e-12);
    assert_rel_close(ps_towns_share(run, 1, 2030), bb / (a + bb), 1e-12);
    a = a2 * sqrt(a2 / 0.4);
    bb = b2 * sqrt(b2 / 0.6);
    double pa = ps_pop_sum(ps_towns_pop(run, 0, 2025), 0, PS_AGE_OPEN);
    assert_rel_close(pa, county_pop(run, 2025) * a / (a + bb), 1e-12);
    assert_rel_close(ps_towns_share(run, 0, 2020), a2, 1e-14);
    /* The town has the county's age structure under this method. */
    const ps_pop *p = ps_towns_pop(run, 0, 2030), *c = ps_run_pop(run, 2030);
    assert_rel_close(p->p[PS_FEMALE][30], c->p[PS_FEMALE][30] * ps_towns_share(run, 0, 2030),
                     1e-12);
    /* Without a vital file, deaths are split like the population. */
    assert_rel_close(ps_towns_deaths_share(run, 0, 2024), ps_towns_share(run, 0, 2024), 1e-12);
    assert_true(isnan(ps_towns_deaths_share(run, 0, 2030)));
    assert_towns_sum(run, 1);
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(sp);
    tu_temp_free(tf);
    free(b.s);
}

/* Ages file from the county's base cells: A holds 60% of every cell, B 40%;
 * 10% of A's residents move to B each year; no migration from outside,
 * no vital file.  Both towns keep the county's age structure (their rates
 * are the county's), so each year A keeps 90% of its share:
 * share_A(t) = 0.6 x 0.9^(t - 2020), by hand, and B the rest. */
static void test_two_towns_cohort_by_hand(void **state)
{
    (void)state;
    char root[PATH_MAX];
    assert_non_null(getcwd(root, sizeof root));
    char pf[PATH_MAX + 64];
    snprintf(pf, sizeof pf, "%s/data/feidong/population_2020.csv", root);
    FILE *in = fopen(pf, "r");
    assert_non_null(in);
    tu_str ages = {0};
    tu_str_add(&ages, "town,sex,age,population\n");
    char line[256], sex[16];
    int age;
    double v;
    while (fgets(line, sizeof line, in))
        if (sscanf(line, "%15[a-z],%d,%lf", sex, &age, &v) == 3) {
            tu_str_add(&ages, "A,%s,%d,%.17g\n", sex, age, v * 0.6);
            tu_str_add(&ages, "B,%s,%d,%.17g\n", sex, age, v * 0.4);
        }
    fclose(in);
    char *af = tu_write_temp(ages.s);
    char *tf = tu_write_temp("town,population\nA,530875.2\nB,353916.8\n");
    char *mf = tu_write_temp("from,to,rate\nA,B,0.1\n");
    tu_str b = {0};
    tu_str_add(&b, "file = '%s', ages = '%s', migration = '%s',", tf, af, mf);
    char *sp = scenario(b.s, 0, 2030);
    ps_scenario *sc;
    ps_run *run;
    ps_err err;
    assert_int_equal(run_file(sp, &sc, &run, &err), PS_OK);
    for (int y = 2020; y <= 2030; y++) {
        assert_rel_close(ps_towns_share(run, 0, y), 0.6 * pow(0.9, y - 2020), 1e-12);
        assert_rel_close(ps_towns_share(run, 1, y), 1 - 0.6 * pow(0.9, y - 2020), 1e-12);
    }
    assert_towns_sum(run, 1);
    ps_run_free(run);
    ps_scenario_free(sc);
    /* With migration from outside and fertility differing by town, the
     * towns still sum to the county in every cell (raking). */
    char *vf = tu_write_temp("town,births,deaths\nA,6000,5000\nB,2000,3000\n");
    free(b.s);
    b = (tu_str){0};
    tu_str_add(&b, "file = '%s', ages = '%s', migration = '%s', vital = '%s',", tf, af, mf, vf);
    tu_temp_free(sp);
    sp = scenario(b.s, 7000, 2035);
    assert_int_equal(run_file(sp, &sc, &run, &err), PS_OK);
    assert_towns_sum(run, 1);
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(sp);
    tu_temp_free(af);
    tu_temp_free(tf);
    tu_temp_free(mf);
    tu_temp_free(vf);
    free(b.s);
    free(ages.s);
}

/* A resettlement of 5,000 people from C into B in 2024 (share method,
 * shares frozen): from 2025 on B has 5,000 / P(2025) more of the county
 * and C as much less; A's rows are not touched. */
static void test_resettlement_moves_only_its_towns(void **state)
{
    (void)state;
    char *tf = tu_write_temp("town,population\nA,400000\nB,300000\nC,184792\n");
    tu_str b = {0}, b2 = {0};
    tu_str_add(&b, "file = '%s',", tf);
    tu_str_add(&b2, "file = '%s', policies = { { town = 'B', year = 2024, move_in = 5000, "
               "origin = 'C' } },", tf);
    char *s1 = scenario(b.s, 3000, 2030), *s2 = scenario(b2.s, 3000, 2030);
    ps_scenario *sc1, *sc2;
    ps_run *r1, *r2;
    ps_err err;
    assert_int_equal(run_file(s1, &sc1, &r1, &err), PS_OK);
    assert_int_equal(run_file(s2, &sc2, &r2, &err), PS_OK);
    for (int y = 2020; y <= 2030; y++) {
        double d = y >= 2025 ? 5000 / county_pop(r1, 2025) : 0.0;
        assert_rel_close(ps_towns_share(r2, 0, y), ps_towns_share(r1, 0, y), 1e-13);
        assert_rel_close(ps_towns_share(r2, 1, y), ps_towns_share(r1, 1, y) + d, 1e-12);
        assert_rel_close(ps_towns_share(r2, 2, y), ps_towns_share(r1, 2, y) - d, 1e-12);
    }
    assert_rel_close(ps_pop_sum(ps_towns_pop(r2, 1, 2025), 0, PS_AGE_OPEN) -
                         ps_pop_sum(ps_towns_pop(r1, 1, 2025), 0, PS_AGE_OPEN),
                     5000.0, 1e-9);
    assert_towns_sum(r2, 1);
    ps_run_free(r1);
    ps_run_free(r2);
    ps_scenario_free(sc1);
    ps_scenario_free(sc2);
    tu_temp_free(s1);
    tu_temp_free(s2);
    tu_temp_free(tf);
    free(b.s);
    free(b2.s);
}

/* ------------------------------------------------------------ bad input */

static void expect_error(const char *towns_csv, const char *extra_name, const char *extra_csv,
                         const char *needle1, const char *needle2)
{
    char *tf = tu_write_temp(towns_csv);
    char *xf = extra_csv ? tu_write_temp(extra_csv) : NULL;
    tu_str b = {0};
    tu_str_add(&b, "file = '%s',", tf);
    if (xf)
        tu_str_add(&b, " %s = '%s',", extra_name, xf);
    char *sp = scenario(b.s, 0, 2022);
    ps_scenario *sc;
    ps_run *run;
    ps_err err;
    assert_int_equal(run_file(sp, &sc, &run, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, xf ? xf : tf, needle1, needle2);
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(sp);
    tu_temp_free(tf);
    tu_temp_free(xf);
    free(b.s);
}

static void test_bad_files(void **state)
{
    (void)state;
    const char *ok = "town,population\nA,500000\nB,384792\n";
    /* Shares summing to more than the county: the line that passes it. */
    expect_error("town,population\nA,500000\nB,400000\n", NULL, NULL, ":3:",
                 "column 'population'");
    expect_error("town,population\nA,500000\nB,-5\n", NULL, NULL, ":3:", "is negative");
    expect_error("town,population\nA,500000\nA,384792\n", NULL, NULL, ":3:", "appears twice");
    expect_error("town,population\nA,500000\nB,100000\n", NULL, NULL, "cover the county",
                 "column 'population'");
    expect_error("town,people\nA,884792\n", NULL, NULL, "population", "town");
    /* Unknown town in supply; negative supply; unknown service. */
    expect_error(ok, "supply", "town,service,supply\nA,beds,10\nZ,beds,5\n", ":3:",
                 "column 'town': 'Z' is not a town");
    expect_error(ok, "supply", "town,service,supply\nA,beds,-10\n", ":2:",
                 "column 'supply': -10 is negative");
    expect_error(ok, "supply", "town,service,supply\nA,parking,10\n", ":2:",
                 "column 'service'");
    expect_error(ok, "distances", "from,to,km\nA,B,x\n", ":2:", "column 'km'");
    expect_error(ok, "vital", "town,births,deaths\nA,10,5\n", "town 'B'", "has no row");
}

/* A supply policy for a town that is not in the file names the key. */
static void test_bad_policy(void **state)
{
    (void)state;
    char *tf = tu_write_temp("town,population\nA,500000\nB,384792\n");
    tu_str b = {0};
    tu_str_add(&b, "file = '%s', policies = { { town = 'Q', year = 2021, move_in = 10 } },", tf);
    char *sp = scenario(b.s, 0, 2022);
    ps_scenario *sc;
    ps_run *run;
    ps_err err;
    assert_int_equal(run_file(sp, &sc, &run, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "towns.policies[1]", "'Q' is not a town");
    ps_run_free(run);
    ps_scenario_free(sc);
    tu_temp_free(sp);
    tu_temp_free(tf);
    free(b.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_share_trend_reproduces_both_censuses),
        cmocka_unit_test(test_share_trend_by_hand),
        cmocka_unit_test(test_rake_by_hand),
        cmocka_unit_test(test_two_towns_share_trend_by_hand),
        cmocka_unit_test(test_two_towns_cohort_by_hand),
        cmocka_unit_test(test_resettlement_moves_only_its_towns),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_bad_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
