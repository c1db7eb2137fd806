/* test_eldercare.c: disability and care-level readers, dependent elderly
 * and beds by hand, bad data files.  GPL-3.0-or-later. */
#include "testutil.h"

#include "eldercare.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_disability),
        cmocka_unit_test(test_dependent_and_beds),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
