/* test_inputs_by_year.c: inputs that change by year (issue 13): mortality
 * tables year,sex,age,qx|mx and fertility shapes year,age,asfr, linear
 * between the given years and flat outside; signed net migrants by age
 * year,sex,age,net; the layouts without a year column still read as one
 * year; bad tables name file, line and column.  GPL-3.0-or-later. */
#include "testutil.h"

#include "population_io.h"
#include "run.h"
#include "scenario.h"

/* Every cell of a year: q = base + 0.001 x age (male), + 0.002 x age (female). */
static char *mort_csv(const int *years, const double *base, int ny, const char *col)
{
    tu_str b = {0};
    tu_str_add(&b, "year,sex,age,%s\n", col);
    for (int k = 0; k < ny; k++)
        for (int x = 0; x < PS_NSEX; x++)
            for (int a = 0; a < PS_NAGE; a++)
                tu_str_add(&b, "%d,%s,%d,%.17g\n", years[k], x ? "female" : "male", a,
                           base[k] + (x ? 0.002 : 0.001) * a / 100.0);
    return b.s;
}

/* Two years 2020 and 2030 with base 0.1 and 0.3: 2025 is the mean (0.2 +
 * the age term), 2010 is 2020's, 2040 is 2030's. */
static void test_mortality_by_year(void **state)
{
    (void)state;
    ps_err err;
    ps_year_table t;
    double q[PS_NSEX][PS_NAGE];
    int years[2] = {2030, 2020}; /* in any order */
    double base[2] = {0.3, 0.1};
    char *text = mort_csv(years, base, 2, "qx");
    char *p = tu_write_temp(text);
    assert_int_equal(ps_read_mortality_table(p, 0, &t, &err), PS_OK);
    assert_int_equal(t.ny, 2);
    assert_int_equal(t.years[0], 2020);
    ps_year_table_at(&t, 2025, q);
    assert_rel_close(q[PS_MALE][50], 0.2 + 0.0005, 1e-14);
    assert_rel_close(q[PS_FEMALE][100], 0.2 + 0.002, 1e-14);
    ps_year_table_at(&t, 2010, q);
    assert_rel_close(q[PS_MALE][50], 0.1005, 1e-14);
    ps_year_table_at(&t, 2041, q);
    assert_rel_close(q[PS_MALE][50], 0.3005, 1e-14);
    ps_year_table_at(&t, 2022, q); /* 0.8 x 0.1 + 0.2 x 0.3 */
    assert_rel_close(q[PS_MALE][0], 0.14, 1e-14);
    ps_year_table_free(&t);
    tu_temp_free(p);
    free(text);
    /* mx: q = m / (1 + m/2) */
    text = mort_csv(years, base, 2, "mx");
    p = tu_write_temp(text);
    assert_int_equal(ps_read_mortality_table(p, 0, &t, &err), PS_OK);
    ps_year_table_at(&t, 2020, q);
    assert_rel_close(q[PS_MALE][0], 0.1 / 1.05, 1e-14);
    ps_year_table_free(&t);
    tu_temp_free(p);
    free(text);
    /* the old layout: one year, whatever year is asked */
    p = tu_write_temp("sex,age,qx\nmale,0,0.5\n");
    assert_int_equal(ps_read_mortality_table(p, 0, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "no row for male age 1");
    tu_temp_free(p);
    /* a year with a missing cell, a repeated cell, a rate above 1 */
    text = mort_csv(years, base, 2, "qx");
    text[strlen(text) - 30] = '\0';
    char *nl = strrchr(text, '\n');
    nl[1] = '\0';
    p = tu_write_temp(text);
    assert_int_equal(ps_read_mortality_table(p, 0, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "no row for year 2020 female age 100");
    tu_temp_free(p);
    free(text);
    p = tu_write_temp("year,sex,age,qx\n2020,male,3,0.1\n2020,male,3,0.2\n");
    assert_int_equal(ps_read_mortality_table(p, 0, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, ":3:", "year 2020 male age 3 appears twice");
    tu_temp_free(p);
    p = tu_write_temp("year,sex,age,qx\n2020,male,3,1.5\n");
    assert_int_equal(ps_read_mortality_table(p, 0, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, ":2:", "column 'qx'", "1.5");
    tu_temp_free(p);
}

/* Fertility shapes by year: an older shape in 2030; 2025 is the mean.  A
 * year whose rates sum to 0 is refused naming the year. */
static void test_fertility_by_year(void **state)
{
    (void)state;
    ps_err err;
    ps_year_table t;
    double f[PS_NSEX][PS_NAGE];
    char *p = tu_write_temp("year,age,asfr\n2020,25,0.1\n2020,30,0.05\n2030,30,0.1\n"
                            "2030,35,0.05\n");
    assert_int_equal(ps_read_fertility_table(p, &t, &err), PS_OK);
    ps_year_table_at(&t, 2025, f);
    assert_rel_close(f[0][25], 0.05, 1e-15);
    assert_rel_close(f[0][30], 0.075, 1e-15);
    assert_rel_close(f[0][35], 0.025, 1e-15);
    ps_year_table_free(&t);
    tu_temp_free(p);
    p = tu_write_temp("year,age,asfr\n2020,25,0.1\n2030,30,0\n");
    assert_int_equal(ps_read_fertility_table(p, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "sum to 0 in 2030");
    tu_temp_free(p);
    p = tu_write_temp("age,asfr\n25,0.1\n");
    assert_int_equal(ps_read_fertility_table(p, &t, &err), PS_OK);
    assert_int_equal(t.ny, 1);
    ps_year_table_free(&t);
    tu_temp_free(p);
}

/* Signed counts: outflows at some ages, inflows at others; a year column
 * is required; missing cells are 0. */
static void test_migration_counts(void **state)
{
    (void)state;
    ps_err err;
    ps_year_table t;
    double m[PS_NSEX][PS_NAGE];
    char *p = tu_write_temp("year,sex,age,net\n2020,male,20,-300\n2020,female,30,120\n"
                            "2030,male,20,100\n");
    assert_int_equal(ps_read_migration_counts(p, &t, &err), PS_OK);
    ps_year_table_at(&t, 2025, m);
    assert_rel_close(m[PS_MALE][20], -100, 1e-15);
    assert_rel_close(m[PS_FEMALE][30], 60, 1e-15);
    assert_rel_close(m[PS_MALE][21], 0, 0);
    ps_year_table_free(&t);
    tu_temp_free(p);
    p = tu_write_temp("sex,age,net\nmale,20,-300\n");
    assert_int_equal(ps_read_migration_counts(p, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "'year'");
    tu_temp_free(p);
}

/* In a run: the baseline (base date 1 November 2020, 7,000 migrants a year
 * by its distribution) with signed counts by age, +100 men at 30 and -60
 * women at 40 in 2020, +300 men at 30 in 2030 (women at 40 not given in
 * 2030: 0).  Net migration 2025 = 7,000 + 200 - 30 = 7,170; 2020's step is
 * 61/366 of a year: (7,000 + 40) x 61/366. */
static void test_counts_in_a_run(void **state)
{
    (void)state;
    ps_err err;
    char cwd[2048], path[4200];
    char *dir = tu_make_temp_dir();
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/m.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("year,sex,age,net\n2020,male,30,100\n2020,female,40,-60\n2030,male,30,300\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/s.lua", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "return { extends = '%s/scenarios/feidong_baseline.lua', name = 'mc',\n"
               "  end_year = 2026, population = { net_migration = { by_age = 'm.csv' } } }\n",
            cwd);
    fclose(f);
    ps_scenario *sc = ps_scenario_load(path, NULL, "scripts", &err);
    if (!sc)
        fail_msg("%s", err.msg);
    ps_run *run = ps_run_new(sc, &err);
    if (!run || ps_run_project(run, &err))
        fail_msg("%s", err.msg);
    double v;
    assert_true(ps_run_indicator(run, "demography.net_migration", 2025, &v));
    assert_rel_close(v, 7170, 1e-12);
    assert_true(ps_run_indicator(run, "demography.net_migration", 2020, &v));
    assert_rel_close(v, 7040 * 61.0 / 366.0, 1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mortality_by_year),
        cmocka_unit_test(test_fertility_by_year),
        cmocka_unit_test(test_migration_counts),
        cmocka_unit_test(test_counts_in_a_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
