/* test_housing.c: old-community renovation schedule and public rental
 * units (built, vacated, allocated) by hand.  GPL-3.0-or-later. */
#include "testutil.h"

#include "housing.h"

/* Old-community renovation: 9,000 units over 2020-2022, 3,000 a year and
 * none outside; a schedule ending before it starts renovates nothing.
 * Units: 1,000 occupied last year, 10% turnover, 1,200 units and demand
 * 1,500: 1,200 occupied, 100 vacated, 1,200 - (1,000 - 100) = 300 newly
 * allocated; with demand 800: 800 occupied, none allocated. */
static void test_housing_arithmetic(void **state)
{
    (void)state;
    assert_rel_close(ps_housing_renovated(9000, 2020, 2022, 2020), 3000, 1e-12);
    assert_rel_close(ps_housing_renovated(9000, 2020, 2022, 2022), 3000, 1e-12);
    assert_rel_close(ps_housing_renovated(9000, 2020, 2022, 2019), 0, 1e-12);
    assert_rel_close(ps_housing_renovated(9000, 2020, 2022, 2023), 0, 1e-12);
    assert_rel_close(ps_housing_renovated(9000, 2022, 2020, 2021), 0, 1e-12);
    double occ, vac, alloc;
    ps_housing_units(1000, 1200, 1500, 0.1, &occ, &vac, &alloc);
    assert_rel_close(occ, 1200, 1e-12);
    assert_rel_close(vac, 100, 1e-12);
    assert_rel_close(alloc, 300, 1e-12);
    ps_housing_units(1000, 1200, 800, 0.1, &occ, &vac, &alloc);
    assert_rel_close(occ, 800, 1e-12);
    assert_rel_close(alloc, 0, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_housing_arithmetic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
