/* test_funerals.c: deaths into cremations, burials and plots; the year a
 * cemetery fills; the township reader and its bad inputs.
 * GPL-3.0-or-later. */
#include "testutil.h"

#include "funerals.h"

/* 1,000 deaths, 90% cremated, 20% of cremations eco-buried, 0.5 plots per
 * burial: cremations 900, body burials 100, eco 180, in cemeteries
 * 1,000 - 180 = 820, plots 410.  Every death is counted once each way. */
static void test_split(void **state)
{
    (void)state;
    ps_funeral_split s;
    ps_funerals_split(1000, 0.9, 0.2, 0.5, &s);
    assert_rel_close(s.cremations, 900, 1e-12);
    assert_rel_close(s.body_burials, 100, 1e-12);
    assert_rel_close(s.eco_burials, 180, 1e-12);
    assert_rel_close(s.cemetery_burials, 820, 1e-12);
    assert_rel_close(s.plots, 410, 1e-12);
    assert_rel_close(s.cremations + s.body_burials, 1000, 1e-12);
    assert_rel_close(s.eco_burials + s.cemetery_burials, 1000, 1e-12);
}

/* A cemetery of n = 1,000 plots, empty, 300 plots a year from 2020: end of
 * 2020 300, 2021 600, 2022 900, 2023 1,200 >= 1,000: it fills in
 * 2020 + ceil(1000 / 300) - 1 = 2023.  Of 900 plots it fills in 2022
 * (exactly full counts); with 250 already used, 1,000 fills in 2022
 * (250 + 3 x 300 = 1,150); already full: the base year; 4 years of 200
 * plots never fill 1,000: 0. */
static void test_fill_year(void **state)
{
    (void)state;
    const double p300[] = {300, 300, 300, 300, 300, 300};
    const double p200[] = {200, 200, 200, 200};
    assert_int_equal(ps_funerals_fill_year(1000, 0, p300, 6, 2020), 2023);
    assert_int_equal(ps_funerals_fill_year(900, 0, p300, 6, 2020), 2022);
    assert_int_equal(ps_funerals_fill_year(1000, 250, p300, 6, 2020), 2022);
    assert_int_equal(ps_funerals_fill_year(1000, 1000, p300, 6, 2020), 2020);
    assert_int_equal(ps_funerals_fill_year(1000, 0, p200, 4, 2020), 0);
    double used = 950;
    assert_int_equal(ps_funerals_fill(1000, &used, 40), 0);
    assert_int_equal(ps_funerals_fill(1000, &used, 10), 1);
    assert_int_equal(ps_funerals_fill(1000, &used, 10), 0); /* full already: not again */
    assert_rel_close(used, 1010, 1e-12);
}

static const char *const TOWNS = "# comment\n"
                                 "id,name,population_2020,cemeteries,capacity,used\n"
                                 "a,甲镇,3000,1,,\n"
                                 "b,乙乡,1000,2,5000,100\n"
                                 "zone,开发区,500,0,,\n";

static void test_read_townships(void **state)
{
    (void)state;
    ps_townships t;
    ps_err err = {0};
    char *p = tu_write_temp(TOWNS);
    assert_int_equal(ps_funerals_read_townships(p, &t, &err), PS_OK);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.id[1], "b");
    assert_string_equal(t.name[0], "甲镇");
    assert_rel_close(t.population[0], 3000, TU_RTOL);
    assert_int_equal(t.cemeteries[1], 2);
    assert_true(isnan(t.capacity[0]) && isnan(t.used[0]));
    assert_rel_close(t.capacity[1], 5000, TU_RTOL);
    assert_rel_close(t.used[1], 100, TU_RTOL);
    tu_temp_free(p);
}

static void towns_bad(const char *text, const char *n1, const char *n2)
{
    ps_townships t;
    ps_err err = {0};
    char *p = tu_write_temp(text);
    assert_int_equal(ps_funerals_read_townships(p, &t, &err), PS_EINPUT);
    assert_err(&err, PS_EINPUT, p, n1, n2);
    tu_temp_free(p);
}

#define TH "id,name,population_2020,cemeteries,capacity,used\n"
static void test_bad_townships(void **state)
{
    (void)state;
    towns_bad(TH "a,x,-5,1,,\n", ":2: column 'population_2020'", "negative");
    towns_bad(TH "a,x,5,1,,\na,y,5,1,,\n", ":3: column 'id'", "appears twice");
    towns_bad(TH "a b,x,5,1,,\n", ":2: column 'id'", "not a name");
    towns_bad(TH "a,x,5,1,100,200\n", ":2: column 'used'", "above capacity");
    towns_bad(TH "a,x,5,1,-1,\n", ":2: column 'capacity'", "negative");
    towns_bad(TH "a,x,5,1.5,,\n", ":2: column 'cemeteries'", "");
    towns_bad(TH "a,x,0,1,,\n", "population_2020", "no population");
    towns_bad("id,name,cemeteries\na,x,1\n", "missing column 'population_2020'", "");
    towns_bad(TH, "no townships", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_fill_year),
        cmocka_unit_test(test_read_townships),
        cmocka_unit_test(test_bad_townships),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
