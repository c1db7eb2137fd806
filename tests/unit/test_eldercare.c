/* test_eldercare.c: disability and care-level readers, dependent elderly
 * and beds by hand, bad data files; home-based care of the empty-nest
 * elderly read from the households module in a small run (issue 16).
 * Run from the repository root (make test-unit does).  GPL-3.0-or-later. */
#include "testutil.h"

#include <limits.h>

#include "eldercare.h"
#include "run.h"
#include "scenario.h"

static const char *const DISABILITY = "# comment line\n"
                                      "age_from,age_to,rate\n"
                                      "60,69,0.108\n"
                                      "70,79,0.212\n"
                                      "80,100,0.47\n";

static const char *const LEVELS = "level,share,bed_rate,nursing\n"
                                  "mild,0.55,0.03,0\n"
                                  "moderate,0.25,0.10,1\n"
                                  "severe,0.20,0.30,1\n";

static void test_read_disability(void **state)
{
    (void)state;
    double rate[PS_NAGE];
    ps_err err = {0};
    char *p = tu_write_temp(DISABILITY);
    assert_int_equal(ps_eldercare_read_disability(p, rate, &err), PS_OK);
    assert_rel_close(rate[59], 0.0, TU_RTOL);
    assert_rel_close(rate[60], 0.108, TU_RTOL);
    assert_rel_close(rate[69], 0.108, TU_RTOL);
    assert_rel_close(rate[70], 0.212, TU_RTOL);
    assert_rel_close(rate[100], 0.47, TU_RTOL);
    tu_temp_free(p);
}

/* 1,000 persons at each of ages 65, 75 and 85, nobody else:
 * dependent = 1,000 x (0.108 + 0.212 + 0.47) = 790; with scale 0.5, 395;
 * with scale 3 the 80+ rate is capped at 1: 1,000 x (0.324 + 0.636 + 1) =
 * 1,960.
 * Beds for 790 dependent: mild 790 x 0.55 x 0.03 = 13.035, moderate
 * 790 x 0.25 x 0.10 = 19.75, severe 790 x 0.20 x 0.30 = 47.4; total
 * 80.185, nursing-type (moderate + severe) 67.15. */
static void test_dependent_and_beds(void **state)
{
    (void)state;
    double rate[PS_NAGE], beds[PS_ELDERCARE_MAX_LEVELS], nursing = -1;
    ps_care_levels lv;
    ps_pop p;
    ps_err err = {0};
    char *pd = tu_write_temp(DISABILITY), *pl = tu_write_temp(LEVELS);
    assert_int_equal(ps_eldercare_read_disability(pd, rate, &err), PS_OK);
    assert_int_equal(ps_eldercare_read_levels(pl, &lv, &err), PS_OK);
    assert_int_equal(lv.n, 3);
    assert_string_equal(lv.name[2], "severe");
    assert_int_equal(lv.nursing[0], 0);
    memset(&p, 0, sizeof p);
    p.p[PS_MALE][65] = 600;
    p.p[PS_FEMALE][65] = 400;
    p.p[PS_FEMALE][75] = 1000;
    p.p[PS_MALE][85] = 1000;
    p.p[PS_MALE][40] = 5000; /* under 60: never dependent here */
    double dep = ps_eldercare_dependent(&p, rate, 1.0);
    assert_rel_close(dep, 790.0, 1e-12);
    assert_rel_close(ps_eldercare_dependent(&p, rate, 0.5), 395.0, 1e-12);
    assert_rel_close(ps_eldercare_dependent(&p, rate, 3.0), 1960.0, 1e-12);
    assert_rel_close(ps_eldercare_beds(dep, &lv, beds, &nursing), 80.185, 1e-12);
    assert_rel_close(beds[0], 13.035, 1e-12);
    assert_rel_close(beds[1], 19.75, 1e-12);
    assert_rel_close(beds[2], 47.4, 1e-12);
    assert_rel_close(nursing, 67.15, 1e-12);
    tu_temp_free(pd);
    tu_temp_free(pl);
}

static void disability_bad(const char *text, const char *n1, const char *n2)
{
    double rate[PS_NAGE];
    ps_err err = {0};
    char *p = tu_write_temp(text);
    assert_int_equal(ps_eldercare_read_disability(p, rate, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, p, n1, n2);
    tu_temp_free(p);
}

static void levels_bad(const char *text, const char *n1, const char *n2)
{
    ps_care_levels lv;
    ps_err err = {0};
    char *p = tu_write_temp(text);
    assert_int_equal(ps_eldercare_read_levels(p, &lv, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, p, n1, n2);
    tu_temp_free(p);
}

static void test_bad_files(void **state)
{
    (void)state;
    /* Malformed: a row with an extra field (line 3). */
    disability_bad("age_from,age_to,rate\n60,69,0.1\n70,79,0.2,9\n80,100,0.4\n", ":3:",
                   "fields");
    /* A missing column. */
    disability_bad("age_from,age_to,share\n60,100,0.1\n", "missing column 'rate'", "");
    /* A rate above 1 and a negative one, with line and column. */
    disability_bad("age_from,age_to,rate\n60,79,0.1\n80,100,1.4\n", ":3: column 'rate'",
                   "1.4 is outside [0, 1]");
    disability_bad("age_from,age_to,rate\n60,79,-0.1\n80,100,0.4\n", ":2: column 'rate'",
                   "-0.1 is negative");
    disability_bad("age_from,age_to,rate\n60,79,x\n80,100,0.4\n", ":2: column 'rate'",
                   "'x' is not a number");
    /* Overlapping bands, reversed bands, an age not covered. */
    disability_bad("age_from,age_to,rate\n60,79,0.1\n75,100,0.4\n", ":3: age 75", "two bands");
    disability_bad("age_from,age_to,rate\n79,60,0.1\n80,100,0.4\n", ":2: column 'age_to'",
                   "below age_from");
    disability_bad("age_from,age_to,rate\n60,79,0.1\n81,100,0.4\n", "no rate for age 80", "");
    disability_bad("age_from,age_to,rate\n60,79,0.1\n80,101,0.4\n", ":3: column 'age_to'",
                   "101");
    /* Levels: shares not summing to 1, a bed rate above 1, a bad nursing
     * flag, a bad name, a repeated level, a missing column, no rows. */
    levels_bad("level,share,bed_rate,nursing\na,0.5,0.1,0\nb,0.4,0.2,1\n", "share",
               "sum to 0.9");
    levels_bad("level,share,bed_rate,nursing\na,0.5,1.1,0\nb,0.5,0.2,1\n",
               ":2: column 'bed_rate'", "outside");
    levels_bad("level,share,bed_rate,nursing\na,0.5,0.1,2\nb,0.5,0.2,1\n",
               ":2: column 'nursing'", "2");
    levels_bad("level,share,bed_rate,nursing\nvery mild,0.5,0.1,0\nb,0.5,0.2,1\n",
               ":2: column 'level'", "not a name");
    levels_bad("level,share,bed_rate,nursing\na,0.5,0.1,0\na,0.5,0.2,1\n", ":3:",
               "appears twice");
    levels_bad("level,share,nursing\na,1,0\n", "missing column 'bed_rate'", "");
    levels_bad("level,share,bed_rate,nursing\n", "no care levels", "");
}

static void test_missing_file(void **state)
{
    (void)state;
    double rate[PS_NAGE];
    ps_err err = {0};
    assert_int_not_equal(ps_eldercare_read_disability("/nonexistent/dis.csv", rate, &err), PS_OK);
    assert_non_null(strstr(err.msg, "/nonexistent/dis.csv"));
}

/* ------------------------------------------------------------ home-based care
 * A small run: 2,000 men aged 40, 1,000 men and 1,000 women aged 70, 500
 * women aged 85, nobody else.  Disability 60-79 0.2, 80+ 0.5.
 * Households rates (both sexes): 0-64 headship 0.4, nobody collective,
 * alone or in couples; 65-79 headship 0.6, collective 0.1, alone `alone`,
 * couple_only 0.5; 80+ headship 0.7, collective 0.2, alone 0.4, couple_only
 * 0.3. */

static char *home_files(double alone7079, char **pop, char **dis, char **lev, char **rates)
{
    char root[PATH_MAX];
    tu_str b = {0};
    assert_non_null(getcwd(root, sizeof root));
    tu_str_add(&b, "sex,age,population\n");
    for (int s = 0; s < 2; s++)
        for (int a = 0; a <= 100; a++) {
            double n = 0;
            if (s == 0 && a == 40)
                n = 2000;
            if (a == 70)
                n = 1000;
            if (s == 1 && a == 85)
                n = 500;
            tu_str_add(&b, "%s,%d,%g\n", s ? "female" : "male", a, n);
        }
    *pop = tu_write_temp(b.s);
    free(b.s);
    *dis = tu_write_temp("age_from,age_to,rate\n60,79,0.2\n80,100,0.5\n");
    *lev = tu_write_temp(LEVELS);
    b = (tu_str){0};
    tu_str_add(&b, "sex,age_from,age_to,headship,collective,alone,couple_only\n");
    for (int s = 0; s < 2; s++) {
        const char *sx = s ? "female" : "male";
        tu_str_add(&b, "%s,0,64,0.4,0,0,0\n%s,65,79,0.6,0.1,%g,0.5\n%s,80,100,0.7,0.2,0.4,0.3\n",
                   sx, sx, alone7079, sx);
    }
    *rates = tu_write_temp(b.s);
    free(b.s);
    tu_str sc = {0};
    tu_str_add(&sc,
               "return { name = 'home', base_year = 2020, end_year = 2021,\n"
               "  population = { base = '%s', mortality = '%s/data/feidong/mortality_2020.csv',\n"
               "    fertility = '%s/data/feidong/asfr.csv', tfr = 1.2 },\n"
               "  eldercare = { disability = '%s', care_levels = '%s', beds_supply = 100,\n"
               "    home_visit_rate = 0.8, home_visit_cost = 100, home_care_uptake = 0.5,\n"
               "    home_care_subsidy = 300, %%s },\n"
               "  %%s\n}\n",
               *pop, root, root, *dis, *lev);
    return sc.s; /* a format: the extra eldercare keys, then the households section */
}

static int home_run(const char *fmt, const char *extra, const char *rates, ps_scenario **sc,
                    ps_run **run, ps_err *err)
{
    ps_limits lim = {PS_DEFAULT_MAX_INSTRUCTIONS, PS_DEFAULT_MAX_MEMORY};
    tu_str hh = {0}, text = {0};
    if (rates)
        tu_str_add(&hh, "households = { rates = '%s', headship_trend = 0, alone_trend = 0 },",
                   rates);
    tu_str_add(&text, fmt, extra, hh.s ? hh.s : "");
    char *path = tu_write_temp(text.s);
    free(hh.s);
    free(text.s);
    *run = NULL;
    *sc = ps_scenario_load(path, &lim, NULL, err);
    tu_temp_free(path);
    if (!*sc)
        return err->code;
    *run = ps_run_new(*sc, err);
    if (!*run)
        return err->code;
    return ps_run_project(*run, err);
}

static double home_ind(ps_run *run, const char *name)
{
    double v = NAN;
    if (!ps_run_indicator(run, name, 2020, &v))
        fail_msg("no indicator %s in 2020", name);
    return v;
}

/* Family households at 70: 1,000 x 0.9 = 900 of each sex; alone 900 x 0.2
 * = 180 each; in couples 900 x min(0.5, 1 - 0.2) = 450 each (450 couple
 * households in all).  At 85: 500 x 0.8 = 400 women, alone 160, in
 * couples 400 x 0.3 = 120 (60 households).
 * Empty nest: alone 360 + 160 = 520, in couples 900 + 120 = 1,020; 1,540.
 * Dependent share of 65+: (2,000 x 0.2 + 500 x 0.5) / 2,500 = 0.26, so
 * 1,540 x 0.26 = 400.4 empty-nest dependent; visits 1,540 x 0.8 = 1,232
 * costing 123,200 yuan; users 400.4 x 0.5 = 200.2 at 300 a month:
 * 720,720 yuan; 843,920 yuan added to the cost.
 * With alone 0.3 at 65-79: alone 540 + 160 = 700, couples 900 + 120
 * (min(0.5, 0.7)), empty nest 1,720, dependent 447.2, users 223.6. */
static void test_home_care_from_households(void **state)
{
    (void)state;
    char *pop, *dis, *lev, *rates, *rates3, *pop3, *dis3, *lev3;
    char *fmt = home_files(0.2, &pop, &dis, &lev, &rates);
    char *fmt3 = home_files(0.3, &pop3, &dis3, &lev3, &rates3);
    ps_scenario *sc;
    ps_run *run;
    ps_err err = {0};

    assert_int_equal(home_run(fmt, "", rates, &sc, &run, &err), PS_OK);
    assert_rel_close(home_ind(run, "households.elderly_alone"), 520.0, 1e-12);
    assert_rel_close(home_ind(run, "households.elderly_couple_only"), 510.0, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.dependent_share_65_plus"), 0.26, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.empty_nest_alone"), 520.0, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.empty_nest_couple"), 1020.0, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.empty_nest_elderly"), 1540.0, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.empty_nest_dependent"), 400.4, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.home_visits"), 1232.0, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.home_care_users"), 200.2, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.home_visit_cost"), 123200.0, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.home_care_cost"), 720720.0, 1e-12);
    /* The series read through ps_run_column, as draws read them. */
    int stride;
    const double *col = ps_run_column(run, "eldercare.home_care_users", &stride);
    assert_non_null(col);
    assert_rel_close(col[0], 200.2, 1e-12);
    double cost_on = home_ind(run, "eldercare.cost");
    ps_run_free(run);
    ps_scenario_free(sc);

    /* The link off: no home-based columns, the cost without them. */
    assert_int_equal(home_run(fmt, "home_care_link = false", rates, &sc, &run, &err), PS_OK);
    double v;
    assert_false(ps_run_indicator(run, "eldercare.home_care_users", 2020, &v));
    assert_rel_close(cost_on - home_ind(run, "eldercare.cost"), 843920.0, 1e-9);
    ps_run_free(run);
    ps_scenario_free(sc);

    /* No households section: no link either, the same cost as off. */
    assert_int_equal(home_run(fmt, "", NULL, &sc, &run, &err), PS_OK);
    assert_false(ps_run_indicator(run, "eldercare.empty_nest_elderly", 2020, &v));
    assert_rel_close(cost_on - home_ind(run, "eldercare.cost"), 843920.0, 1e-9);
    ps_run_free(run);
    ps_scenario_free(sc);

    /* More people living alone: the demand moves by hand. */
    assert_int_equal(home_run(fmt3, "", rates3, &sc, &run, &err), PS_OK);
    assert_rel_close(home_ind(run, "eldercare.empty_nest_elderly"), 1720.0, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.empty_nest_dependent"), 447.2, 1e-12);
    assert_rel_close(home_ind(run, "eldercare.home_care_users"), 223.6, 1e-12);
    ps_run_free(run);
    ps_scenario_free(sc);

    /* Asked for explicitly without a households section: an input error
     * naming the key. */
    assert_int_equal(home_run(fmt, "home_care_link = true", NULL, &sc, &run, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "eldercare.home_care_link", "households section");
    ps_run_free(run);
    ps_scenario_free(sc);

    char *files[] = {pop, dis, lev, rates, pop3, dis3, lev3, rates3};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
        tu_temp_free(files[k]);
    free(fmt);
    free(fmt3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_disability),
        cmocka_unit_test(test_dependent_and_beds),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_home_care_from_households),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
