/* test_households.c: the household rates reader, households by hand from
 * headship rates, size classes, and the identity households x average
 * size = household population.  GPL-3.0-or-later. */
#include "testutil.h"

#include "households.h"

static const char *const RATES = "# comment\n"
                                 "sex,age_from,age_to,headship,collective,alone,couple_only\n"
                                 "male,0,64,0.5,0.1,0.2,0\n"
                                 "male,65,100,0.6,0,0.3,0.4\n"
                                 "female,0,64,0.2,0.1,0.1,0\n"
                                 "female,65,100,0.4,0,0.3,0.4\n";

static void read_ok(ps_hh_rates *r)
{
    ps_err err = {0};
    char *p = tu_write_temp(RATES);
    assert_int_equal(ps_households_read_rates(p, r, &err), PS_OK);
    tu_temp_free(p);
}

/* 1,000 men and 1,000 women aged 40, 100 men and 100 women aged 70.
 * Family households: 900 + 900 + 100 + 100 = 2,000 (10% of the under-65s
 * in collective quarters: 200); households 900 x 0.5 + 900 x 0.2 +
 * 100 x 0.6 + 100 x 0.4 = 730; average size 2,000 / 730; one-person
 * 900 x 0.2 + 900 x 0.1 + 100 x 0.3 + 100 x 0.3 = 330, of whom 60 aged
 * 65+; couple-only households (100 x 0.4 + 100 x 0.4) / 2 = 40; empty-nest
 * elderly 60 + 2 x 40 = 140.  With head_factor 1.2 and alone_factor 2:
 * households 900 x 0.6 + 900 x 0.24 + 100 x 0.72 + 100 x 0.48 = 876, alone
 * 900 x 0.4 + 900 x 0.2 + 100 x 0.6 + 100 x 0.48 = 648 (women 65+: 0.6
 * capped at their headship rate 0.48), of whom 60 + 48 = 108 aged 65+. */
static void test_households_by_hand(void **state)
{
    (void)state;
    ps_hh_rates r;
    ps_hh_year y;
    ps_pop p;
    ps_err err = {0};
    read_ok(&r);
    assert_rel_close(r.headship[PS_MALE][64], 0.5, TU_RTOL);
    assert_rel_close(r.couple_only[PS_FEMALE][100], 0.4, TU_RTOL);
    memset(&p, 0, sizeof p);
    p.p[PS_MALE][40] = 1000;
    p.p[PS_FEMALE][40] = 1000;
    p.p[PS_MALE][70] = 100;
    p.p[PS_FEMALE][70] = 100;
    assert_int_equal(ps_households_compute(&p, &r, 1.0, 1.0, &y, &err), PS_OK);
    assert_rel_close(y.population, 2200, 1e-12);
    assert_rel_close(y.collective, 200, 1e-12);
    assert_rel_close(y.household_population, 2000, 1e-12);
    assert_rel_close(y.households, 730, 1e-12);
    assert_rel_close(y.average_size, 2000.0 / 730.0, 1e-12);
    assert_rel_close(y.size[0], 330, 1e-12);
    assert_rel_close(y.elderly, 200, 1e-12);
    assert_rel_close(y.elderly_alone, 60, 1e-12);
    assert_rel_close(y.elderly_couple_only, 40, 1e-12);
    assert_rel_close(y.empty_nest_elderly, 140, 1e-12);
    /* Every household person is in a household of some size. */
    double hh = 0, persons = y.size[0] + y.persons_5plus;
    for (int k = 0; k < 5; k++)
        hh += y.size[k];
    for (int k = 1; k < 4; k++)
        persons += (k + 1) * y.size[k];
    assert_rel_close(hh, y.households, 1e-12);
    assert_rel_close(persons, y.household_population, 1e-12);
    assert_rel_close(y.households * y.average_size, y.household_population, 1e-12);
    assert_int_equal(ps_households_compute(&p, &r, 1.2, 2.0, &y, &err), PS_OK);
    assert_rel_close(y.households, 876, 1e-12);
    assert_rel_close(y.size[0], 648, 1e-12);
    assert_rel_close(y.elderly_alone, 108, 1e-12);
}

/* Caps: with head_factor 3 the headship rates 1.5, 0.6, 1.8, 1.2 are capped
 * at 1 where above; alone (0.2, 0.1, 0.3, 0.3) x 5 = 1, 0.5, 1.5, 1.5 is
 * capped at the (capped) headship rate: 1, 0.5, 1, 1.  Households
 * 900 + 540 + 100 + 100 = 1,640 > one-person 900 + 450 + 100 + 100 = 1,550,
 * leaving 90 households of two or more for 450 persons: allowed.  With
 * head_factor 2.5 and alone 1: households 900 + 450 + 100 + 100 = 1,550,
 * alone 330; 1,220 multi-person households for 1,670 persons average
 * under 2: an input error. */
static void test_caps_and_impossible(void **state)
{
    (void)state;
    ps_hh_rates r;
    ps_hh_year y;
    ps_pop p;
    ps_err err = {0};
    read_ok(&r);
    memset(&p, 0, sizeof p);
    p.p[PS_MALE][40] = 1000;
    p.p[PS_FEMALE][40] = 1000;
    p.p[PS_MALE][70] = 100;
    p.p[PS_FEMALE][70] = 100;
    assert_int_equal(ps_households_compute(&p, &r, 3.0, 5.0, &y, &err), PS_OK);
    assert_rel_close(y.households, 1640, 1e-12);
    assert_rel_close(y.size[0], 1550, 1e-12);
    assert_rel_close(y.elderly_couple_only, 0, 1e-12); /* 1 - alone = 0 left */
    assert_int_equal(ps_households_compute(&p, &r, 2.5, 1.0, &y, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, "fewer than 2 persons", "headship_trend");
}

/* 100 households of two or more with 300 persons: mean 3, so sizes are
 * 2 + Poisson(1): 2: 100 e^-1, 3: 100 e^-1, 4: 50 e^-1, 5+: the rest,
 * 100 (1 - 2.5 e^-1) = 8.0301...; persons in 5+ = 300 - 2 x 36.788 -
 * 3 x 36.788 - 4 x 18.394 = 300 - 11 x 50 e^-1 / ... computed below.
 * Mean 2 exactly: everything in the 2-person class. */
static void test_size_classes(void **state)
{
    (void)state;
    double o[4], p5;
    double e = exp(-1.0);
    assert_int_equal(ps_households_size_classes(100, 300, o, &p5), PS_OK);
    assert_rel_close(o[0], 100 * e, 1e-12);
    assert_rel_close(o[1], 100 * e, 1e-12);
    assert_rel_close(o[2], 50 * e, 1e-12);
    assert_rel_close(o[3], 100 * (1 - 2.5 * e), 1e-12);
    assert_rel_close(p5, 300 - 200 * e - 300 * e - 200 * e, 1e-12);
    assert_true(p5 >= 5 * o[3]); /* the 5+ class averages at least 5 */
    assert_int_equal(ps_households_size_classes(100, 200, o, &p5), PS_OK);
    assert_rel_close(o[0], 100, 1e-12);
    assert_rel_close(o[3], 0, 1e-12);
    assert_rel_close(p5, 0, 1e-12);
    assert_int_equal(ps_households_size_classes(100, 150, o, &p5), PS_EINPUT);
}

static void rates_bad(const char *text, const char *n1, const char *n2)
{
    ps_hh_rates r;
    ps_err err = {0};
    char *p = tu_write_temp(text);
    assert_int_equal(ps_households_read_rates(p, &r, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, p, n1, n2);
    tu_temp_free(p);
}

#define HDR "sex,age_from,age_to,headship,collective,alone,couple_only\n"
static void test_bad_rates(void **state)
{
    (void)state;
    rates_bad(HDR "male,0,100,1.5,0,0,0\nfemale,0,100,0.2,0,0,0\n", ":2: column 'headship'",
              "outside [0, 1]");
    rates_bad(HDR "male,0,100,0.5,-0.1,0,0\nfemale,0,100,0.2,0,0,0\n",
              ":2: column 'collective'", "negative");
    rates_bad(HDR "male,0,100,0.5,0,0,0\nfemale,0,100,0.2,0,0.3,0\n", ":3: column 'alone'",
              "above headship");
    rates_bad(HDR "male,0,100,0.5,0,0,0\nfemale,0,100,0.2,0,0,0.5\n",
              ":3: column 'couple_only'", "below age 65");
    rates_bad(HDR "male,0,100,0.5,0,0,0\nwoman,0,100,0.2,0,0,0\n", ":3: column 'sex'",
              "woman");
    rates_bad(HDR "male,0,100,0.5,0,0,0\nfemale,0,60,0.2,0,0,0\n", "no rates for female age 61",
              "");
    rates_bad(HDR "male,0,100,0.5,0,0,0\nfemale,0,60,0.2,0,0,0\nfemale,50,100,0.2,0,0,0\n",
              ":4:", "age 50 is in two bands");
    rates_bad(HDR "male,0,100,0.5,0,x,0\nfemale,0,100,0.2,0,0,0\n", ":2: column 'alone'",
              "not a number");
    rates_bad("sex,age_from,age_to,headship,alone,couple_only\nmale,0,100,0.5,0,0\n",
              "missing column 'collective'", "");
}

static void test_missing_file(void **state)
{
    (void)state;
    ps_hh_rates r;
    ps_err err = {0};
    assert_int_not_equal(ps_households_read_rates("/nonexistent/rates.csv", &r, &err), PS_OK);
    assert_non_null(strstr(err.msg, "/nonexistent/rates.csv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_households_by_hand),
        cmocka_unit_test(test_caps_and_impossible),
        cmocka_unit_test(test_size_classes),
        cmocka_unit_test(test_bad_rates),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
